"""First audio with an LLM: this project's pipeline beside Open-LLM-VTuber's design, same server and voice.

Both read the same OpenAI-compatible stream (SmolLM2-135M on a local llama.cpp server unless
``OPENAI_BASE_URL`` is set) for the same prompts, and voice with the same piper voice. The clock starts when
the turn's prompt is ready (after retrieval) and stops when the first audio chunk exists:

- ``ours``: ``DialogueComposer.compose`` (moderation, the stable-prefix prompt, the first clause out as soon
  as it ends, the scaffolding guard) -> ``Expresser.utterances(opening=True)`` (piper's short lead phrase) ->
  ``Expresser.plan`` of that part: what ``PersonaAgent`` does before its first ``voice`` event.
- ``olv``: Open-LLM-VTuber's design (``sentence_divider`` + ``tts_manager``, read on GitHub): tokens are
  buffered until the first whole sentence (``olv_first_sentence``; the brief's reading of it), or until the
  first comma when its ``faster_first_response`` is on (``olv_first_comma``, its default), then the whole
  segment is synthesized to audio before anything is sent: the same ``Expresser.plan``, unsplit.

The three run in turn on each prompt (rotating who goes first), after one warm-up call, so the server's
prompt cache helps all three alike (the system message is the same for all).
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import time
from types import SimpleNamespace
from typing import Any

from evals.result import EvalOptions, EvalResult, Target

QUESTIONS = [
    (
        "who won the women's halfpipe in snowboard?",
        "Chloe Kim of the United States won the women's halfpipe.",
    ),
    ("who directed the opening ceremony?", "The opening ceremony was directed by film director Zhang Yimou."),
    ("where is Erin Jackson from?", "Erin Jackson is an American speed skater from Ocala, Florida."),
    ("what was the Olympic mascot called?", "The Olympic mascot was Bing Dwen Dwen, a giant panda."),
    ("who won the men's giant slalom?", "Marco Odermatt of Switzerland won the men's giant slalom."),
    ("what was the official slogan?", 'The official slogan of the Games was "Together for a Shared Future".'),
]
_SENTENCE = re.compile(r"[.!?。！？]")
_COMMA = re.compile(r"[,;，、]")


class _Fixed:
    """The retrieval step's answer, ready (retrieval is not in this clock)."""

    def __init__(self, fact: str) -> None:
        self.fact = fact

    def answer(self, question: str) -> Any:
        return SimpleNamespace(text=self.fact, abstained=False, citations=[SimpleNamespace(source="sample")])


async def _ours(composer: Any, expresser: Any, plan: Any, percept: Any, event: Any) -> tuple[float, str]:
    t = time.perf_counter()
    agen = composer.compose(plan, percept, event)
    first = await agen.__anext__()
    await agen.aclose()
    lead = expresser.utterances(first.text, opening=True)[0]
    await asyncio.to_thread(expresser.plan, lead, plan.emotion, "answer")
    return time.perf_counter() - t, lead


async def _olv(
    backend: Any, messages: list[dict[str, str]], expresser: Any, emotion: Any, comma: bool
) -> tuple[float, str]:
    t = time.perf_counter()
    buf = ""
    segment = ""
    stream = backend.stream(messages, max_tokens=80)
    async for chunk in stream:
        buf += chunk
        cut = _SENTENCE.search(buf)
        if comma:
            c = _COMMA.search(buf)
            if c and c.start() > 3 and (cut is None or c.start() < cut.start()):
                cut = c
        if cut:
            segment = buf[: cut.end()].strip()
            break
    await stream.aclose()
    segment = segment or buf.strip()
    await asyncio.to_thread(expresser.plan, segment, emotion, "answer")  # the whole segment, then send
    return time.perf_counter() - t, segment


async def _measure(base_url: str, rounds: int) -> dict[str, Any]:
    from agent.dialogue import DialogueComposer, make_backend
    from agent.dialogue.prompt import build_messages
    from agent.dialogue.style import StyleControls
    from agent.events import Comment, Emotion, User
    from agent.expression import Expresser, make_voice
    from agent.persona import Persona
    from agent.stages import Percept, Plan

    persona = Persona.load(None)
    backend = make_backend(
        "openai", {"base_url": base_url, "model": os.environ.get("OPENAI_MODEL", "smollm2")}
    )
    expresser = Expresser(voice=make_voice("piper"))
    emotion = Emotion(label="joy", intensity=0.6)
    plan = Plan(branch="bench", reason="first audio", act="answer", emotion=emotion, max_sentences=2)
    times: dict[str, list[float]] = {"ours": [], "olv_first_sentence": [], "olv_first_comma": []}
    firsts: dict[str, list[str]] = {k: [] for k in times}
    fallbacks = 0
    for r in range(rounds):
        for qi, (question, fact) in enumerate(QUESTIONS):
            composer = DialogueComposer(persona, _Fixed(fact), backend=backend, deadline_s=30.0)
            if r == 0 and qi == 0:
                composer.warm()
                await _ours(composer, expresser, plan, Percept(text="hi", intent="question"),
                            Comment(user=User(id="w", name="warm"), text="hi"))  # fmt: skip
            event = Comment(user=User(id="u", name="snowfox"), text=question)
            percept = Percept(text=question, intent="question")
            messages = build_messages(persona, "answer", viewer_text=question, viewer_name="snowfox",
                                      emotion="joy", controls=StyleControls.of(persona), max_sentences=2,
                                      lang="en", evidence=fact)  # fmt: skip
            order = ["ours", "olv_first_sentence", "olv_first_comma"]
            k = (r * len(QUESTIONS) + qi) % 3
            for name in order[k:] + order[:k]:
                if name == "ours":
                    dt, first = await _ours(composer, expresser, plan, percept, event)
                    fallbacks += composer.fallbacks
                else:
                    dt, first = await _olv(backend, messages, expresser, emotion, name == "olv_first_comma")
                times[name].append(dt)
                firsts[name].append(first)
    out: dict[str, Any] = {
        f"first_audio_{k}_median_s": round(statistics.median(v), 3) for k, v in times.items()
    }
    out["first_audio_ratio_vs_olv_sentence"] = round(
        out["first_audio_ours_median_s"] / out["first_audio_olv_first_sentence_median_s"], 3
    )
    out["first_audio_ratio_vs_olv_comma"] = round(
        out["first_audio_ours_median_s"] / out["first_audio_olv_first_comma_median_s"], 3
    )
    out["ours_fallbacks"] = fallbacks
    out["_firsts"] = {k: v[:6] for k, v in firsts.items()}
    out["_n"] = len(times["ours"])
    return out


def run(options: EvalOptions) -> EvalResult:
    rounds = 1 if options.quick else (options.seeds or 3)
    base = os.environ.get("OPENAI_BASE_URL")
    if base:
        m = asyncio.run(_measure(base, rounds))
    else:
        from agent.dialogue.local_server import local_llama_server

        with local_llama_server() as url:
            m = asyncio.run(_measure(url, rounds))
    details = {
        "first_segments": m.pop("_firsts"),
        "turns_each": m.pop("_n"),
        "server": base or "local SmolLM2",
    }
    return EvalResult(
        name="first_audio",
        metrics=m,
        targets=[Target("first_audio_ratio_vs_olv_sentence", "<=", 0.5)],
        details=details,
        notes="From a ready prompt to the first audio chunk, same server, same piper voice, same prompts; "
        "`olv_first_sentence` waits for the first whole sentence (the issue's reading of Open-LLM-VTuber), "
        "`olv_first_comma` is its `faster_first_response` default (first comma). Medians over "
        f"{details['turns_each']} turns each.",
    )


if __name__ == "__main__":  # python -m evals.bench_first_audio [--quick] [--json]
    import sys

    from evals.report import print_json, print_result

    result = run(EvalOptions(quick="--quick" in sys.argv))
    print_json([result]) if "--json" in sys.argv else print_result(result)
