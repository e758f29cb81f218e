"""A scripted viewer session through the real agent turn, read back by measures that know none of its rules.

``evals/data/dialogue_session.jsonl`` is a chat of viewer lines (greetings, chit-chat, a gift, questions the
sample base answers and questions it cannot), written from the sample base's documents before the realizer
was changed; each known question carries gold answer strings. Every line is declared ``tune`` (looked at
while changing the dialogue code) or ``report`` (only its figures are read; no rule was changed after
reading its errors). ``report2`` (session 9): a new part written from the sample base's documents and
committed before any busy-chat rule was measured on it, because session 8 read the busy chat's ``report``
lines turn by turn; for the busy chat both older parts now count as tuning lines. The product runs as
``persona serve`` builds it (``assemble_agent`` with its defaults: full stages, the persona's own voice,
the tuned tree, the sample base), in real time: the runtime paces speech in real time and has no simulated
clock, so one line goes in every 6 s of wall time.

The readers:
- sentences: each reply's spoken text split at ``.!?`` (the reader's own split);
- repetition rate: share of sentences whose normalized text is said 3 or more times in the session;
- distinct-2: distinct word bigrams / all word bigrams over the session's sentences;
- answered right: a known question whose reply contains one of its gold strings (normalized);
- false fact: a question the base cannot answer whose reply carries a cited sentence;
- opening repeats (session 10): share of answers (cited replies to questions) whose first 3 words are
  another answer's first 3 words in the same session (``_unnamed``: with the asker's name left out of
  the words, so "Good one, lumi." and "Good one, kai." open alike); spoken seconds: the answers'
  ``utterance_started`` durations (median, total);
- reply length: words per reply; wait: from a question's submission to its reply's first
  ``utterance_started``, over the questions that were replied to. A question with no reply in the session
  counts as not answered right and lowers ``replied``; it has no wait (until session 9 it was timed to the
  session's end, so a busy chat's silently passed questions made its p95 the session's length).

A trivial baseline runs in the same call: the nearest passage's first sentence, cited, for every line
(what a retrieval-only host says).

The busy chat (``run_busy_session``, the product side of issue 18): the same questions, one every 3-6 s, in
real chat from the Twitch log in ../shared/data (5 lines a second, each its viewer's; without the log, the
session's own chit-chat lines under numbered names), through ``TriagedAgent`` in front of the assembled agent
(what ``persona serve`` runs). Read back: the share of the questions the base can answer that were answered
right (issue 18's target >= 0.8), segments started while a question waited (target 0), batch answers, wait.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SESSION = Path(__file__).parent / "data" / "dialogue_session.jsonl"
CHAT_LOG = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "chat" / "twitch_2019-04-30.csv"
BUSY_CHAT_PER_S = 5.0  # 300 lines a minute around the questions: above the shipped trees' batch rates
BUSY_GAPS_S = (3.0, 4.0, 5.0, 6.0)  # between two scripted questions, in turn
SPACING_S = 6.0
TAIL_S = 20.0  # after the last line: time for its reply to start
_SPLIT = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[a-z0-9']+")


def session_seconds(lines: list[dict[str, Any]]) -> float:
    """The seconds of play ``run_session`` takes for ``lines`` (a line every ``SPACING_S``, then ``TAIL_S``),
    the assembly and warm-up aside: what the eval's progress line expects."""
    return max(0, len(lines) - 1) * SPACING_S + TAIL_S


def busy_schedule(questions: int) -> tuple[list[float], float]:
    """When each of ``questions`` scripted questions is asked in the busy chat (seconds from its start, the
    gaps ``BUSY_GAPS_S`` in turn), and the span the chat around them lasts."""
    times: list[float] = []
    t = 2.0
    for i in range(questions):
        times.append(t)
        t += BUSY_GAPS_S[i % len(BUSY_GAPS_S)]
    return times, t


def busy_seconds(lines: list[dict[str, Any]]) -> float:
    """The seconds of play ``run_busy_session`` takes for ``lines`` (its span, then ``TAIL_S``)."""
    return busy_schedule(sum(ln["kind"] in ("known", "unknown") for ln in lines))[1] + TAIL_S


def load_lines(path: Path = SESSION) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace(",", "")))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SPLIT.split(text.strip()) if s.strip()]


@dataclass
class Reply:
    text: str = ""
    cited: bool = False
    first_audio: float | None = None  # perf_counter of its first utterance_started
    audio_s: float = 0.0  # its utterances' spoken seconds (``utterance_started.duration_ms``)
    acts: list[str] = field(default_factory=list)
    branch: str = ""


@dataclass
class Session:
    lines: list[dict[str, Any]]
    submitted: list[float]
    ended: float  # perf_counter when the session stopped listening
    replies: list[Reply | None]  # per line
    all_speech: list[str]  # every turn's text, replies and the persona's own (idle) lines, in order
    composer: dict[str, Any] = field(default_factory=dict)  # the LLM path's counters (fallbacks, stalls)


async def run_session(
    lines: list[dict[str, Any]],
    backend: str = "embedded",
    backend_config: dict[str, Any] | None = None,
    answer_gate: str = "knowledge",
) -> Session:
    """``answer_gate``: the product's (``knowledge``: the knowledge layer's own threshold) or ``policy``
    (the tree's simulator-tuned ``min_answer_confidence``, the gate before session 7)."""
    from agent.assemble import AgentOptions, assemble_agent
    from agent.events import Comment, Gift, User

    options = AgentOptions(backend=backend, backend_config=backend_config or {}, answer_gate=answer_gate)
    agent = assemble_agent(options)
    heard = _Listener()
    agent.bus.subscribe(heard)
    await agent.warm_up()
    ids: list[str] = []
    submitted: list[float] = []
    async with agent:
        t0 = time.perf_counter()
        for i, line in enumerate(lines):
            await asyncio.sleep(max(0.0, t0 + i * SPACING_S - time.perf_counter()))
            user = User(id=f"v-{line['viewer']}", name=line["viewer"])
            event: Any = (
                Gift(user=user, gift=line["gift"])
                if line["kind"] == "gift"
                else Comment(user=user, text=line["text"])
            )
            submitted.append(time.perf_counter())
            ids.append(event.id)
            if not agent.submit(event):
                submitted[-1] = float("nan")
        await asyncio.sleep(TAIL_S)
        ended = time.perf_counter()
    replies = heard.replies(ids)
    counters = {
        k: getattr(agent.composer, k)
        for k in (
            "llm_turns",
            "fallbacks",
            "rested",
            "leads",
            "cut",
            "stalls",
            "scaffold_dropped",
            "blocked",
            "deadline_s",
            "idle_s",
            "reply_s",
            "rest_s",
        )  # fmt: skip
        if hasattr(agent.composer, k)
    }
    counters["answer_threshold"] = getattr(agent.decider, "answer_threshold", None)
    return Session(lines, submitted, ended, replies, heard.said(), counters)


class _Listener:
    """The output bus read back: each turn's reply (text, citations, first audio, branch) by the input it
    answers."""

    def __init__(self) -> None:
        self.turns: dict[str, Reply] = {}
        self.order: list[str] = []
        self.reply_of: dict[str, str] = {}  # event id -> turn id
        self.branches: dict[str, str] = {}
        self.utt_turn: dict[str, str] = {}

    def __call__(self, ev: Any) -> None:
        from agent.events import Behavior, SpeechAct, UtteranceStarted

        now = time.perf_counter()
        if isinstance(ev, Behavior) and ev.turn_id:
            self.branches[ev.turn_id] = ev.branch
        if isinstance(ev, SpeechAct) and ev.turn_id:
            r = self.turns.get(ev.turn_id)
            if r is None:
                r = self.turns[ev.turn_id] = Reply(branch=self.branches.get(ev.turn_id, ""))
                self.order.append(ev.turn_id)
            r.text = (r.text + " " + ev.text).strip()
            r.cited = r.cited or bool(ev.citations)
            r.acts.append(ev.act)
            if ev.utterance_id:
                self.utt_turn[ev.utterance_id] = ev.turn_id
            if ev.in_reply_to:
                self.reply_of.setdefault(ev.in_reply_to, ev.turn_id)
        if isinstance(ev, UtteranceStarted):
            tid = self.utt_turn.get(ev.utterance_id)
            if tid is not None:
                self.turns[tid].audio_s += ev.duration_ms / 1000.0
                if self.turns[tid].first_audio is None:
                    self.turns[tid].first_audio = now

    def replies(self, ids: list[str]) -> list[Reply | None]:
        return [self.turns.get(self.reply_of.get(i, ""), None) for i in ids]

    def said(self) -> list[str]:
        return [self.turns[t].text for t in self.order]


@dataclass
class Busy:
    """A busy chat's questions and what the tree did meanwhile."""

    session: Session  # the scripted questions only (``submitted``: when each was asked)
    chat_lines: int = 0  # chat lines offered around them
    seconds: float = 0.0
    branches: dict[str, int] = field(default_factory=dict)  # decisions by tree branch
    segments_while_waiting: int = 0  # segments started while a question waited in a queue
    trace: list[dict[str, Any]] = field(default_factory=list)  # what happened, in order (``busy_trace``)


def chat_lines(n: int, path: Path = CHAT_LOG) -> list[tuple[str, str]]:
    """(viewer, text) of ``n`` real chat lines (the Twitch log), else the session's chit-chat, numbered."""
    if path.exists():
        with path.open(encoding="utf-8", errors="replace") as f:
            rows = [(r.get("viewer", ""), r.get("message", "")) for r in csv.DictReader(f)]
        rows = [(v, m) for v, m in rows if v and m.strip()]
        if rows:
            return [rows[i % len(rows)] for i in range(n)]
    own = [ln["text"] for ln in load_lines() if ln["kind"] == "chitchat"]
    return [(f"chat{i}", f"{own[i % len(own)]} {i}") for i in range(n)]


async def run_busy_session(
    lines: list[dict[str, Any]], real_queue: bool = True, triage_config: Any = None, busy_rules: bool = True
) -> Busy:
    """The session's questions, one every 3-6 s, in a chat of ``BUSY_CHAT_PER_S`` lines a second, through
    triage and the assembled agent in real time. ``real_queue=False``: the tree is not told what waits (as
    before session 7: it saw the current input only), for comparison. ``triage_config``: a ``TriageConfig``
    (None: the default; ``greet_gap_busy_s=0`` gives the greeting batches' old precedence, for comparison).
    ``busy_rules=False``: the decide stage's busy-chat rules off (``agent.decide``: brief answers, a silent
    pass over what the base cannot answer while another question waits), the behaviour before session 8."""
    from agent.assemble import AgentOptions, assemble_agent
    from agent.events import Behavior, Comment, SpeechAct, User, UtteranceFinished, UtteranceStarted
    from connectors.livestream.pump import TriagedAgent

    questions = [ln for ln in lines if ln["kind"] in ("known", "unknown")]
    times, span = busy_schedule(len(questions))
    chat = chat_lines(int(span * BUSY_CHAT_PER_S))
    agent = assemble_agent(AgentOptions())
    if not real_queue:
        agent.decider.waiting = None  # type: ignore[attr-defined]
    agent.decider.busy_rules = busy_rules  # type: ignore[attr-defined]
    heard = _Listener()
    busy = Busy(Session(questions, [], 0.0, [], []))

    qids: dict[str, int] = {}  # a scripted question's event id -> its index

    def note(what: str, **kw: Any) -> None:
        busy.trace.append({"t": time.perf_counter(), "what": what, **kw})

    def on(ev: Any) -> None:
        if isinstance(ev, Behavior):
            busy.branches[ev.branch] = busy.branches.get(ev.branch, 0) + 1
            waiting = agent.questions_waiting(time.time())[0]
            if ev.branch == "engage/segment" and waiting > 0:
                busy.segments_while_waiting += 1
            note("decided", turn=ev.turn_id, branch=ev.branch, waiting=waiting)
        elif isinstance(ev, SpeechAct) and ev.turn_id:
            note("said", turn=ev.turn_id, text=ev.text, q=qids.get(ev.in_reply_to or ""))
        elif isinstance(ev, UtteranceStarted):
            note("audio", turn=ev.turn_id, ms=ev.duration_ms)
        elif isinstance(ev, UtteranceFinished):
            note("audio_end", turn=ev.turn_id)

    def picked(item: Any) -> None:
        asked = [qids[e.id] for e in item.events if e.id in qids]
        note("picked", kind=item.kind, names=len(item.names), waited=round(item.waited_s, 2), q=asked)

    front = TriagedAgent(agent, triage_config, on_item=picked)
    agent.bus.subscribe(heard)
    agent.bus.subscribe(on)
    await agent.warm_up()
    script = sorted(
        [(ts, "q", i) for i, ts in enumerate(times)]
        + [(k / BUSY_CHAT_PER_S, "c", k) for k in range(len(chat))]
    )
    ids: list[str] = []
    front.start()
    try:
        t0 = time.perf_counter()
        for at, what, k in script:
            await asyncio.sleep(max(0.0, t0 + at - time.perf_counter()))
            if what == "q":
                line = questions[k]
                event = Comment(user=User(id=f"v-{line['viewer']}", name=line["viewer"]), text=line["text"])
                busy.session.submitted.append(time.perf_counter())
                ids.append(event.id)
                qids[event.id] = k
            else:
                viewer, text = chat[k]
                event = Comment(user=User(id=f"chat-{viewer}", name=viewer[:32]), text=text[:500])
                busy.chat_lines += 1
            front.submit(event)
            if what == "q":
                out = front.last_outcome
                note("asked", q=k, outcome=getattr(out, "kind", None) or getattr(out, "reason", ""))
        await asyncio.sleep(TAIL_S)
        busy.session.ended = time.perf_counter()
        busy.seconds = busy.session.ended - t0
        busy.trace.insert(0, {"t": t0, "what": "start", "dropped": {}})
        busy.trace.append(
            {"t": busy.session.ended, "what": "end", "dropped": dict(front.triage.stats().dropped)}
        )
    finally:
        await front.stop()
        await agent.stop()
    busy.session.replies = heard.replies(ids)
    busy.session.all_speech = heard.said()
    return busy


def measure_busy(busy: Busy, split: str | None = None, whole: bool = False) -> dict[str, Any]:
    """The busy chat's figures: the session readers on its questions of ``split`` and, with ``whole``, what
    the tree did around all of them (chat rate, segments, segments while a question waited, turns)."""
    m = measure(busy.session, split)
    keep: tuple[str, ...] = ("answered_right", "false_fact_rate", "replied", "wait_p95_s", "answer_spoken_s")
    keep += ("opening_repeat_rate", "opening_repeat_rate_unnamed", "answer_spoken_s_median")
    out = {k: m[k] for k in keep}
    if whole:
        out.update(
            chat_per_min=round(busy.chat_lines * 60.0 / max(busy.seconds, 1e-9), 1),
            segments=busy.branches.get("engage/segment", 0),
            segments_while_waiting=busy.segments_while_waiting,
            batch_answers=busy.branches.get("engage/batch_answer", 0),
            turns=sum(busy.branches.values()),
        )
    return out


def right(s: Session, i: int) -> bool:
    """Line ``i`` is a known question whose reply holds one of its gold strings (normalized)."""
    r = s.replies[i]
    return (
        s.lines[i]["kind"] == "known"
        and r is not None
        and any(norm(g) in norm(r.text) for g in s.lines[i]["gold"])
    )


def answered_right_among(s: Session, texts: set[str], split: str) -> tuple[int, int]:
    """(answered right, asked) over the known questions of ``split`` whose text is in ``texts``: the busy
    chat counted over the questions a quiet session answered right (issue 18: "of those the base can
    answer")."""
    picked = [i for i, ln in enumerate(s.lines) if ln["split"] == split and ln["kind"] == "known"]
    picked = [i for i in picked if s.lines[i]["text"] in texts]
    return sum(right(s, i) for i in picked), len(picked)


def answered_right_texts(s: Session) -> set[str]:
    """The texts of the known questions ``s`` answered right."""
    return {ln["text"] for i, ln in enumerate(s.lines) if right(s, i)}


def baseline_session(lines: list[dict[str, Any]], kb: Any) -> Session:
    """The trivial host: the nearest passage's first sentence, cited, for every viewer line."""
    replies: list[Reply | None] = []
    for line in lines:
        hits = kb.search(line.get("text") or line.get("gift", ""), 1)
        text = sentences(str(hits[0].text))[0] if hits else ""
        replies.append(Reply(text=text, cited=bool(hits), first_audio=0.0))
    return Session(lines, [0.0] * len(lines), 0.0, replies, [r.text for r in replies if r is not None])


def _p95(xs: list[float]) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))], 2)


def measure(s: Session, split: str | None = None) -> dict[str, Any]:
    """The figures for the lines of ``split`` (None: all); repetition and distinct-2 are the session's."""
    said = [x for t in s.all_speech for x in sentences(t)]
    counts: dict[str, int] = {}
    for x in said:
        counts[norm(x)] = counts.get(norm(x), 0) + 1
    bigrams = [tuple(w[i : i + 2]) for x in said for w in [norm(x).split()] for i in range(len(w) - 1)]
    picked = [i for i, ln in enumerate(s.lines) if split is None or ln["split"] == split]
    known = [i for i in picked if s.lines[i]["kind"] == "known"]
    unknown = [i for i in picked if s.lines[i]["kind"] == "unknown"]

    # the wait of a question that was replied to; a question with no reply (the tree passed it over, triage
    # let it expire, or the session ended first) is a non-reply, counted by ``replied`` and
    # ``answered_right``: timing it to the session's end made a busy chat's p95 the session's length
    # (163-187 s in session 9)
    waits = [
        r.first_audio - s.submitted[i]
        for i in known + unknown
        if (r := s.replies[i]) is not None and r.first_audio is not None
    ]
    lengths = [len(norm(r.text).split()) for i in picked if (r := s.replies[i]) is not None]
    # answers: cited replies to questions; an opening is a reply's first 3 words, and an answer repeats one
    # when another answer of the whole session opens with the same 3 words ("good one lumi" / "good one kai"
    # differ); ``_unnamed``: the same with the asker's name left out of the words ("good one" twice)
    asked = [i for i, ln in enumerate(s.lines) if ln["kind"] in ("known", "unknown")]
    answers = {i: r for i in asked if (r := s.replies[i]) is not None and r.cited}
    mine = [i for i in known + unknown if i in answers]
    repeats: dict[str, int] = {}
    for key, named in (("opening_repeat_rate", True), ("opening_repeat_rate_unnamed", False)):
        openings = {i: _opening(r.text, None if named else s.lines[i]["viewer"]) for i, r in answers.items()}
        repeats[key] = sum(any(openings[j] == openings[i] for j in openings if j != i) for i in mine)
    spoken = [answers[i].audio_s for i in mine]
    return {
        "sentences": len(said),
        "repetition_rate": round(sum(counts[norm(x)] >= 3 for x in said) / max(1, len(said)), 4),
        "distinct_2": round(len(set(bigrams)) / max(1, len(bigrams)), 4),
        "answered_right": round(sum(right(s, i) for i in known) / max(1, len(known)), 4),
        "false_fact_rate": round(
            sum(bool((r := s.replies[i]) and r.cited) for i in unknown) / max(1, len(unknown)), 4
        ),
        "replied": round(sum(s.replies[i] is not None for i in picked) / max(1, len(picked)), 4),
        "reply_words_median": statistics.median(lengths) if lengths else 0,
        "wait_p95_s": _p95(waits),
        "answers": len(mine),
        **{k: round(n / len(mine), 4) if mine else None for k, n in repeats.items()},
        "answer_spoken_s_median": round(statistics.median(spoken), 2) if spoken else None,
        "answer_spoken_s": round(sum(spoken), 2),
    }


def _opening(text: str, name: str | None) -> tuple[str, ...]:
    """A reply's first 3 normalized words; without the words of ``name`` (the asker's) when it is given."""
    left = set(norm(name or "").split())
    return tuple([w for w in norm(text).split() if w not in left][:3])


def transcript(s: Session) -> list[dict[str, Any]]:
    out = []
    for line, r in zip(s.lines, s.replies, strict=True):
        out.append(
            {
                "split": line["split"],
                "viewer": line["viewer"],
                "said": line.get("text") or f"(gift: {line.get('gift')})",
                "reply": r.text if r is not None else None,
                "branch": r.branch if r is not None else None,
                "cited": r.cited if r is not None else None,
            }
        )
    return out


def busy_trace(busy: Busy) -> dict[str, list[dict[str, Any]]]:
    """The busy chat turn by turn and question by question, from ``busy.trace`` (times in seconds from the
    start): each turn's pick (what triage handed over, how long it had waited), decision, words, speaking
    time; each question's arrival, how triage took it (``question``, or a newcomer's ``greeting``, or a drop
    reason), when it was picked (never: it expired in the queue or is still there), and its reply."""
    t0 = next((e["t"] for e in busy.trace if e["what"] == "start"), 0.0)
    turns: dict[str, dict[str, Any]] = {}
    pick: dict[str, Any] | None = None
    for e in busy.trace:
        at = round(e["t"] - t0, 2)
        if e["what"] == "picked":
            pick = {"picked_at": at, **{k: e[k] for k in ("kind", "names", "waited", "q")}}
        elif e["what"] == "decided":
            turns[e["turn"]] = {
                "decided_at": at, "branch": e["branch"], "waiting": e["waiting"], **(pick or {}),
                "text": "", "audio_s": 0.0, "first_audio": None, "end": None,
            }  # fmt: skip
            pick = None
        elif e.get("turn") in turns:
            turn = turns[e["turn"]]
            if e["what"] == "said":
                turn["text"] = (turn["text"] + " " + e["text"]).strip()
            elif e["what"] == "audio":
                turn["audio_s"] = round(turn["audio_s"] + e["ms"] / 1000, 2)
                turn["first_audio"] = turn["first_audio"] if turn["first_audio"] is not None else at
            elif e["what"] == "audio_end":
                turn["end"] = at
    questions: list[dict[str, Any]] = []
    for e in busy.trace:
        if e["what"] == "asked":
            q = e["q"]
            line = busy.session.lines[q]
            answered = next((t for t in turns.values() if q in t.get("q", [])), None)
            questions.append(
                {
                    "q": q, "split": line["split"], "kind": line["kind"], "text": line["text"],
                    "asked_at": round(e["t"] - t0, 2), "triage": e["outcome"],
                    "picked_at": answered["picked_at"] if answered else None,
                    "branch": answered["branch"] if answered else None,
                    "first_audio": answered["first_audio"] if answered else None,
                    "reply": answered["text"] if answered else None,
                }
            )  # fmt: skip
    return {"turns": list(turns.values()), "questions": questions}
