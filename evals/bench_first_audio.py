"""First audio with an LLM: this project's pipeline beside Open-LLM-VTuber's design, same server and voice.

All designs read the same OpenAI-compatible stream (SmolLM2-135M on a local llama.cpp server unless
``OPENAI_BASE_URL`` is set) for the same prompts, and voice with the same piper voice. The clock starts when
the turn starts with its prompt ready (after retrieval) and stops when the first audio chunk exists.

Each design is a session of the six questions (one composer, one OLV chat history a round) on a llama.cpp
server of its own, all started alike, so each server's prompt cache holds what that design's own last turn
left there; the designs take turns on each question (who goes first rotates), so a change in the machine's
load falls on all of them alike. Each design reads its whole reply off the clock, as it would while the
reply is spoken. (With ``OPENAI_BASE_URL`` all share that one server, and its cache.)

- ``ours``: ``DialogueComposer.compose`` (moderation, the stable-prefix prompt, the first clause out as soon
  as it ends, the scaffolding guard) -> ``Expresser.utterances(opening=True)`` (piper's short lead phrase) ->
  ``Expresser.plan`` of that part: what ``PersonaAgent`` does before its first ``voice`` event. On an answer
  the first sentence is the composer's lead ("snowfox, the ice dance:", ``Realizer.lead``: the asker's name
  and what was asked, not model output), so two figures: ``ours`` (first audio of any kind) and
  ``ours_model`` (the first audio of the model's own words: its first phrase, voiced). Each question waits
  while the previous reply is spoken, as in a busy chat: ``PersonaAgent.submit`` then has the composer read
  its prompt ahead (``DialogueComposer.prefetch``); the bench gives it the time the previous reply takes to
  say (its words at 2.5 words a second) and no more.
- ``ours_quiet``: the same, for a question that comes while the show is quiet (no read-ahead):
  ``ours_quiet_model``.
- ``olv``: Open-LLM-VTuber's design, read on GitHub (Open-LLM-VTuber/Open-LLM-VTuber,
  ``src/open_llm_vtuber/agent/agents/basic_memory_agent.py``: the system prompt and the chat history, the
  viewer's message last, the complete reply appended to the history; ``sentence_divider`` + ``tts_manager``):
  tokens are buffered until the first whole sentence (``olv_first_sentence``; the issue's reading of it), or
  until the first comma when its ``faster_first_response`` is on (``olv_first_comma``, its default), then the
  whole segment is synthesized to audio before anything is sent: the same ``Expresser.plan``, unsplit. It
  gets the same prompt ours sends, in its places: the standing instructions (the persona, the task and tone
  lines) in its system prompt, the turn's part (the viewer, the evidence, their words) as the user message.
"""

from __future__ import annotations

import asyncio
import contextlib
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


WORDS_PER_S = 2.5  # piper's joe voice speaks about 150 words a minute: how long a reply takes to say


async def _ours(
    composer: Any, expresser: Any, plan: Any, percept: Any, event: Any, stages: dict[str, float] | None = None
) -> tuple[float, str, float | None, str, str]:
    """(first audio of any kind, its text, first audio of the model's own words, their text, the whole
    reply). The first may be the composer's lead (the asker's name and what was asked, said while the model
    reads its prompt); the model's words are then the next sentence (None: the realizer spoke for the
    model). The rest of the reply is read off the clock, as the product does while the first part plays.
    ``stages`` gets the turn's breakdown (seconds from its start): the composer's ``timing`` (request sent,
    first token, opening phrase out, its tokens), ``lead_voiced``, ``model_out`` (the model's words
    handed to the voice) and ``model_voiced``."""
    t = time.perf_counter()
    stages = {} if stages is None else stages
    leads, fallbacks = composer.leads, composer.fallbacks
    agen = composer.compose(plan, percept, event)
    said: list[str] = []
    try:
        first = await agen.__anext__()
        said.append(first.text)
        lead = expresser.utterances(first.text, opening=True)[0]
        await asyncio.to_thread(expresser.plan, lead, plan.emotion, "answer")
        t_any = time.perf_counter() - t
        stages["lead_voiced"] = t_any
        t_model: float | None = t_any
        model_text = lead
        if composer.leads != leads:  # the first words were the lead: the model's are the next sentence
            model = await anext(agen, None)
            if model is None or composer.fallbacks > fallbacks:
                t_model, model_text = None, ""
            else:
                said.append(model.text)
                stages["model_out"] = time.perf_counter() - t
                await asyncio.to_thread(expresser.plan, model.text, plan.emotion, "answer")  # whole
                t_model, model_text = time.perf_counter() - t, model.text
                stages["model_voiced"] = t_model
        async for rest in agen:  # off the clock: the reply's later sentences
            said.append(rest.text)
        stages.update(getattr(composer, "timing", {}))
        return t_any, lead, t_model, model_text, " ".join(said)
    finally:
        await agen.aclose()


async def _olv(
    backend: Any,
    history: list[dict[str, str]],
    user: str,
    expresser: Any,
    emotion: Any,
    comma: bool,
    stages: dict[str, float] | None = None,
) -> tuple[float, str]:
    """One Open-LLM-VTuber turn: the history and the new message; the first segment voiced whole; the
    stream read to its end (off the clock) and the complete reply appended to the history. ``stages``:
    ``first_token``, ``segment_out`` (its first segment complete), ``phrase_tokens`` (chunks until then)."""
    t = time.perf_counter()
    stages = {} if stages is None else stages
    buf = ""
    segment: str | None = None
    dt = 0.0
    stream = backend.stream([*history, {"role": "user", "content": user}], max_tokens=80)
    try:
        async for chunk in stream:
            buf += chunk
            if segment is not None:
                continue
            stages.setdefault("first_token", time.perf_counter() - t)
            stages["phrase_tokens"] = stages.get("phrase_tokens", 0) + 1
            cut = _SENTENCE.search(buf)
            if comma:
                c = _COMMA.search(buf)
                if c and c.start() > 3 and (cut is None or c.start() < cut.start()):
                    cut = c
            if cut:
                segment = buf[: cut.end()].strip()
                stages["segment_out"] = time.perf_counter() - t
                await asyncio.to_thread(expresser.plan, segment, emotion, "answer")  # the whole segment
                dt = time.perf_counter() - t
    finally:
        await stream.aclose()
    if segment is None:
        segment = buf.strip()
        await asyncio.to_thread(expresser.plan, segment, emotion, "answer")
        dt = time.perf_counter() - t
    history += [{"role": "user", "content": user}, {"role": "assistant", "content": buf}]
    return dt, segment


DESIGNS = ("ours", "ours_quiet", "olv_first_sentence", "olv_first_comma")


async def _measure(base_urls: dict[str, str], rounds: int) -> dict[str, Any]:
    """``base_urls``: each design's server (identical ones: each design's prompt cache is its own)."""
    from agent.dialogue import DialogueComposer, make_backend
    from agent.dialogue.prompt import build_messages, system_prompt
    from agent.dialogue.style import StyleControls
    from agent.events import Comment, Emotion, User
    from agent.expression import Expresser, make_voice
    from agent.persona import Persona
    from agent.stages import Percept, Plan

    persona = Persona.load(None)
    model = os.environ.get("OPENAI_MODEL", "smollm2")
    backends = {d: make_backend("openai", {"base_url": base_urls[d], "model": model}) for d in DESIGNS}
    expresser = Expresser(voice=make_voice("piper"))
    emotion = Emotion(label="joy", intensity=0.6)
    plan = Plan(branch="bench", reason="first audio", act="answer", emotion=emotion, max_sentences=2)
    keys = ("ours", "ours_model", "ours_quiet", "ours_quiet_model", "olv_first_sentence", "olv_first_comma")
    times: dict[str, list[float]] = {k: [] for k in keys}
    firsts: dict[str, list[str]] = {k: [] for k in keys}
    counts = {"fallbacks": 0, "leads": 0, "prefetched": 0, "prefetch_late": 0}
    stages: dict[str, dict[str, list[float]]] = {d: {} for d in DESIGNS}  # the turns' breakdowns
    loads: list[float] = []
    for design in DESIGNS:  # one throwaway turn on each server; the detector's examples embedded once
        warm = DialogueComposer(persona, _Fixed(QUESTIONS[0][1]), backend=backends[design], deadline_s=30.0)
        warm.warm()
        await _ours(warm, expresser, plan, Percept(text="hi", intent="question"),
                    Comment(user=User(id="w", name="warm"), text="hi"))  # fmt: skip
    for r in range(rounds):
        # a session a round for each design: one composer (a lead is not said twice within 10 minutes),
        # one OLV chat history (its system prompt first)
        composers = {
            d: DialogueComposer(persona, None, backend=backends[d], deadline_s=30.0) for d in DESIGNS[:2]
        }
        histories: dict[str, list[dict[str, str]]] = {d: [] for d in DESIGNS[2:]}
        previous = ""  # ours' last reply: said while the next question waits
        for qi, (question, fact) in enumerate(QUESTIONS):
            event = Comment(user=User(id="u", name="snowfox"), text=question)
            lines = build_messages(persona, "answer", viewer_text=question, viewer_name="snowfox",
                                   emotion="joy", controls=StyleControls.of(persona), max_sentences=2,
                                   lang="en", evidence=fact)[1]["content"].split("\n")  # fmt: skip
            k = (r * len(QUESTIONS) + qi) % len(DESIGNS)
            for design in DESIGNS[k:] + DESIGNS[:k]:  # who goes first rotates
                loads.append(os.getloadavg()[0])
                if design.startswith("olv"):
                    # the same prompt, in OLV's places: the standing instructions (the task and tone lines,
                    # the same on every turn here) in its system prompt, the turn's part as the user message
                    history = histories[design]
                    if not history:
                        system = "\n".join([system_prompt(persona), *lines[:2]])
                        history.append({"role": "system", "content": system})
                    seen: dict[str, float] = {}
                    dt, first = await _olv(backends[design], history, "\n".join(lines[2:]), expresser,
                                           emotion, design.endswith("comma"), seen)  # fmt: skip
                    _gather(stages[design], seen)
                    times[design].append(dt)
                    firsts[design].append(first)
                    continue
                composer = composers[design]
                composer.kb = _Fixed(fact)
                if design == "ours":  # the question waited while the previous reply was said
                    task = composer.prefetch(event)
                    if task is not None:
                        spoken_s = max(2.0, len(previous.split()) / WORDS_PER_S)
                        done, _ = await asyncio.wait({task}, timeout=spoken_s)
                        counts["prefetched"] += bool(done and task.result())
                        counts["prefetch_late"] += not done  # still reading when the turn starts
                before = (composer.fallbacks, composer.leads)
                percept = Percept(text=question, intent="question")
                seen = {}
                dt, first, dt_model, said, reply = await _ours(
                    composer, expresser, plan, percept, event, seen
                )
                _gather(stages[design], seen)
                if design == "ours":
                    previous = reply
                counts["fallbacks"] += composer.fallbacks - before[0]
                counts["leads"] += composer.leads - before[1]
                times[design].append(dt)
                firsts[design].append(first)
                if dt_model is not None:
                    times[f"{design}_model"].append(dt_model)
                    firsts[f"{design}_model"].append(said)
    out: dict[str, Any] = {
        f"first_audio_{k}_median_s": round(statistics.median(v), 3) for k, v in times.items() if v
    }
    for ours in ("ours", "ours_model", "ours_quiet_model"):
        for olv in ("sentence", "comma"):
            key = f"first_audio_{ours}_median_s"
            if key in out:
                ratio = out[key] / out[f"first_audio_olv_first_{olv}_median_s"]
                tag = {"ours": "", "ours_model": "_model", "ours_quiet_model": "_model_quiet"}[ours]
                out[f"first_audio_ratio{tag}_vs_olv_{olv}"] = round(ratio, 3)
    out.update({f"ours_{k}": v for k, v in counts.items()})
    out["load_min"], out["load_max"] = round(min(loads), 2), round(max(loads), 2)
    out["_firsts"] = {k: v[:6] for k, v in firsts.items()}
    out["_n"] = len(times["ours"])
    out["_n_model"] = {k: len(times[k]) for k in ("ours_model", "ours_quiet_model")}
    out["_stages"] = {
        d: {k: round(statistics.median(v), 3) for k, v in by.items()} for d, by in stages.items()
    }
    return out


def _gather(into: dict[str, list[float]], seen: dict[str, float]) -> None:
    for k, v in seen.items():
        into.setdefault(k, []).append(v)


def run(options: EvalOptions) -> EvalResult:
    rounds = 1 if options.quick else (options.seeds or 3)
    base = os.environ.get("OPENAI_BASE_URL")
    if base:  # one server for all: each design's turn then finds the others' prompt in its cache
        m = asyncio.run(_measure(dict.fromkeys(DESIGNS, base), rounds))
    else:
        from agent.dialogue.local_server import local_llama_server

        with contextlib.ExitStack() as stack:  # one identical server per design, each its own prompt cache
            urls = {d: stack.enter_context(local_llama_server()) for d in DESIGNS}
            m = asyncio.run(_measure(urls, rounds))
    details = {
        "first_segments": m.pop("_firsts"),
        "turns_each": m.pop("_n"),
        "turns_with_model_words": m.pop("_n_model"),
        # medians, seconds from the turn's start (phrase_tokens: chunks streamed until the first words left
        # for the voice); ours: request sent, first token, opening phrase out, lead voiced, model's words
        # out of the composer and voiced; olv: first token, first segment complete
        "stages_median": m.pop("_stages"),
        "server": base or f"local SmolLM2, one identical server per design ({len(DESIGNS)})",
    }
    return EvalResult(
        name="first_audio",
        metrics=m,
        targets=[
            Target("first_audio_ratio_vs_olv_sentence", "<=", 0.5),
            Target("first_audio_ratio_model_vs_olv_sentence", "<=", 0.5),
            Target("first_audio_ratio_model_quiet_vs_olv_sentence", "<=", 0.5),
        ],
        details=details,
        notes="From the turn's start (its prompt ready) to the first audio chunk; same server, same voice, "
        "same prompts; each design a session of its own (its own prompt cache). `olv_first_sentence` waits "
        "for the first whole sentence (the issue's reading of Open-LLM-VTuber), `olv_first_comma` is its "
        "`faster_first_response` default (first comma); both keep the chat history as OLV does. `ours` is "
        "the first audio of any kind: on an answer it is the composer's lead (the asker's name, not model "
        f"output; {m['ours_leads']} turns); `ours_model` is the first audio of the model's own words for a "
        "question that waited while the previous reply was said (its prompt read ahead: "
        f"{m['ours_prefetched']} read in time, {m['ours_prefetch_late']} not yet done); `ours_quiet_model` "
        f"for one that came in a quiet moment (no read-ahead). Medians over {details['turns_each']} turns "
        f"each; load average {m['load_min']}-{m['load_max']}.",
    )


if __name__ == "__main__":  # python -m evals.bench_first_audio [--quick] [--json]
    import sys

    from evals.report import print_json, print_result

    result = run(EvalOptions(quick="--quick" in sys.argv))
    print_json([result]) if "--json" in sys.argv else print_result(result)
