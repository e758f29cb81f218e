"""First audio with an LLM: this project's pipeline beside Open-LLM-VTuber's design, same server and voice.

Both read the same OpenAI-compatible stream (SmolLM2-135M on a local llama.cpp server unless
``OPENAI_BASE_URL`` is set) for the same prompts, and voice with the same piper voice. The clock starts when
the turn's prompt is ready (after retrieval) and stops when the first audio chunk exists:

- ``ours``: ``DialogueComposer.compose`` (moderation, the stable-prefix prompt, the first clause out as soon
  as it ends, the scaffolding guard) -> ``Expresser.utterances(opening=True)`` (piper's short lead phrase) ->
  ``Expresser.plan`` of that part: what ``PersonaAgent`` does before its first ``voice`` event. On an answer
  the first sentence is the composer's lead ("snowfox, the ice dance:", ``Realizer.lead``: the question's
  subject said back by name, or a lead-in line, never one said in the last 10 minutes), which needs no
  model; so two figures: ``ours`` (first audio of any kind) and ``ours_model`` (the first audio of the
  model's own words: its first phrase, voiced). One composer per round of the six questions, as in a
  session (a lead already said in the last 10 minutes is not said again).
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


async def _ours(
    composer: Any, expresser: Any, plan: Any, percept: Any, event: Any
) -> tuple[float, str, float | None, str]:
    """(first audio of any kind, its text, first audio of the model's own words, their text). The first
    may be the composer's lead (what was asked, said back by name, spoken while the model reads its
    prompt); the model's words are then the next sentence (None: the realizer spoke for the model)."""
    t = time.perf_counter()
    leads, fallbacks = composer.leads, composer.fallbacks
    agen = composer.compose(plan, percept, event)
    try:
        first = await agen.__anext__()
        lead = expresser.utterances(first.text, opening=True)[0]
        await asyncio.to_thread(expresser.plan, lead, plan.emotion, "answer")
        t_any = time.perf_counter() - t
        if composer.leads == leads:  # no lead: the first words were the model's
            return t_any, lead, t_any, lead
        model = await anext(agen, None)
        if model is None or composer.fallbacks > fallbacks:
            return t_any, lead, None, ""
        await asyncio.to_thread(expresser.plan, model.text, plan.emotion, "answer")  # opening=False: whole
        return t_any, lead, time.perf_counter() - t, model.text
    finally:
        await agen.aclose()


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
    times: dict[str, list[float]] = {
        "ours": [],
        "ours_model": [],
        "olv_first_sentence": [],
        "olv_first_comma": [],
    }
    firsts: dict[str, list[str]] = {k: [] for k in times}
    fallbacks = 0
    leads = 0
    for r in range(rounds):
        # one composer a round, as in a session: a lead is not said twice within 10 minutes
        composer = DialogueComposer(persona, None, backend=backend, deadline_s=30.0)
        for qi, (question, fact) in enumerate(QUESTIONS):
            composer.kb = _Fixed(fact)
            if r == 0 and qi == 0:
                composer.warm()
                await _ours(DialogueComposer(persona, _Fixed(fact), backend=backend, deadline_s=30.0),
                            expresser, plan, Percept(text="hi", intent="question"),
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
                    before = (composer.fallbacks, composer.leads)
                    dt, first, dt_model, model = await _ours(composer, expresser, plan, percept, event)
                    fallbacks += composer.fallbacks - before[0]
                    leads += composer.leads - before[1]
                    if dt_model is not None:
                        times["ours_model"].append(dt_model)
                        firsts["ours_model"].append(model)
                else:
                    dt, first = await _olv(backend, messages, expresser, emotion, name == "olv_first_comma")
                times[name].append(dt)
                firsts[name].append(first)
    out: dict[str, Any] = {
        f"first_audio_{k}_median_s": round(statistics.median(v), 3) for k, v in times.items() if v
    }
    for ours in ("ours", "ours_model"):
        for olv in ("sentence", "comma"):
            key = f"first_audio_{ours}_median_s"
            if key in out:
                ratio = out[key] / out[f"first_audio_olv_first_{olv}_median_s"]
                out[f"first_audio_ratio{'_model' if ours == 'ours_model' else ''}_vs_olv_{olv}"] = round(
                    ratio, 3
                )
    out["ours_fallbacks"] = fallbacks
    out["ours_leads"] = leads
    out["_firsts"] = {k: v[:6] for k, v in firsts.items()}
    out["_n"] = len(times["ours"])
    out["_n_model"] = len(times["ours_model"])
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
        "turns_with_model_words": m.pop("_n_model"),
        "server": base or "local SmolLM2",
    }
    return EvalResult(
        name="first_audio",
        metrics=m,
        targets=[
            Target("first_audio_ratio_vs_olv_sentence", "<=", 0.5),
            Target("first_audio_ratio_model_vs_olv_sentence", "<=", 0.5),
        ],
        details=details,
        notes="From a ready prompt to the first audio chunk, same server, same piper voice, same prompts; "
        "`olv_first_sentence` waits for the first whole sentence (the issue's reading of Open-LLM-VTuber), "
        "`olv_first_comma` is its `faster_first_response` default (first comma). `ours` is the first audio "
        "of any kind: on an answer it is the composer's lead (what was asked, said back to the asker by "
        f"name, not model output; {m['ours_leads']} of {details['turns_each']} turns), spoken while the "
        "model reads its prompt; `ours_model` is the first audio of the model's own words. Medians over "
        f"{details['turns_each']} turns each.",
    )


if __name__ == "__main__":  # python -m evals.bench_first_audio [--quick] [--json]
    import sys

    from evals.report import print_json, print_result

    result = run(EvalOptions(quick="--quick" in sys.argv))
    print_json([result]) if "--json" in sys.argv else print_result(result)
