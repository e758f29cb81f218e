"""The behavior evaluation's checks beyond the default simulator: perturbed simulators, a second real chat
log, and a scripted busy chat played tick by tick the way the agent meets real users.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from behaviors import BehaviorTree, Situation
from behaviors.chatlog import Classifier
from behaviors.policy import Policy
from behaviors.sim import DURATION_S, PARAM_RANGES, SILENT, SimParams

# (panel title, SimParams field, low, high): each constant of the reward and each response model varied
# alone to each end of its stated range (behaviors.sim.PARAM_RANGES); the default sits between them.
TITLES = {
    "dead_air_s": "dead-air onset (s)",
    "cheer_emote_likes": "cheer/emote likes (x)",
    "likes_scale": "all likes (x)",
    "question_ttl_s": "asker patience (s)",
    "arrival_scale": "arrival rate (x)",
    "hazard_scale": "leave hazard (x)",
    "r_right": "right answer",
    "r_wrong": "wrong answer",
    "r_dead_air_per_s": "dead air per s",
    "r_gift_expired": "unthanked gift",
    "r_question_expired": "expired question",
    "r_repeat": "repetition",
    "r_promo_spam": "promotion spam",
    "r_feed_troll": "feeding a troll",
    "r_greet": "greeting returned",
    "r_misread": "misreading",
}
PERTURBATIONS: tuple[tuple[str, str, float, float], ...] = tuple(
    (TITLES.get(k, k), k, lo, hi) for k, (lo, hi) in PARAM_RANGES.items()
)


def perturbed(field: str, value: float) -> SimParams:
    return SimParams().with_(**{field: value})


# --- the second real chat log --------------------------------------------------------------------------
SECOND_LOG_ENV = "PERSONA_CHAT_LOG2"
SECOND_LOG_DEFAULT = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "chat" / "youtube_livenow_2025-03-18.csv"
)
SECOND_LOG_SOURCE = (
    "github andrewsuadnya/YouTube-Live-Chat-Dataset, 'LiveNow From Fox (White House press briefing)/"
    "producer2.csv' (6,685 YouTube live-chat messages over 2.6 h, 2025-03-18)"
)


def second_log_path() -> Path | None:
    """``$PERSONA_CHAT_LOG2``, else ../shared/data/chat/youtube_livenow_2025-03-18.csv; None when absent."""
    env = os.environ.get(SECOND_LOG_ENV)
    path = Path(env).expanduser() if env else SECOND_LOG_DEFAULT
    return path if path.exists() else None


# --- the scripted busy chat ------------------------------------------------------------------------------
# Plain questions a viewer asks a host, written for this check; and chatter between them. The product's
# perception reads every one (a question it misreads is a question the tree cannot answer).
BUSY_QUESTIONS = (
    "what time does the stream end tonight?",
    "how long have you been streaming?",
    "where did you get that jacket?",
    "can you explain the rules of this event?",
    "who is leading right now?",
    "what camera do you use?",
    "is there a replay of the last race?",
    "how many people are watching?",
    "when is the next giveaway?",
    "which team are you supporting?",
    "do you ship to canada?",
    "what was the final score yesterday?",
    "how do I join the discord?",
    "why did the judges give that score?",
    "is the discount code still working?",
    "what song is playing right now?",
    "how old were you when you started skiing?",
    "where is the next competition?",
    "can you say hi to my sister?",
    "what is your favourite event to watch?",
)
BUSY_CHATTER = ("lol", "this is so good", "nice one", "hype", "great stream today", "wow", "gg")
BUSY_CHAT_RATE = 140.0  # comments per minute in the whole chat: the Twitch log's mean
ANSWERABLE = 0.7  # the knowledge base can answer a question with this confidence or more
TICK_S = 3.0


@dataclass
class BusyResult:
    questions: int
    answerable: int
    answered: int  # answerable questions answered (answer, or the best of a batch)
    perceived_questions: int
    segments_while_waiting: int  # segments started while a question waited
    decisions: dict[str, int]

    @property
    def answered_share(self) -> float:
        return self.answered / self.answerable if self.answerable else float("nan")


def busy_chat(policy: Policy, classify: Classifier, n_questions: int = 80, seed: int = 0) -> BusyResult:
    """A question every 3-6 s (uniform), one chatter comment between questions, timer ticks every 3 s when
    nothing arrives; the tree is ticked on each, as the agent does. Each question's knowledge-base confidence
    is uniform in [0.2, 1.0]. Pending questions are those perceived as questions and not yet answered in the
    last 60 s; a segment started while one waits is counted."""
    rng = np.random.default_rng(seed)
    events: list[tuple[float, str, float, bool]] = []  # (time, text, confidence, is a scripted question)
    t = 0.0
    for k in range(n_questions):
        gap = float(rng.uniform(3.0, 6.0))
        events.append((t + gap / 2, BUSY_CHATTER[k % len(BUSY_CHATTER)], 0.0, False))
        t += gap
        events.append((t, BUSY_QUESTIONS[k % len(BUSY_QUESTIONS)], float(rng.uniform(0.2, 1.0)), True))
    perceived = classify([text for _, text, _, _ in events])
    tree = BehaviorTree(policy, namespace=f"busy-{policy.name}-{seed}")
    pending: list[tuple[float, float]] = []  # (arrival, confidence) of perceived questions
    waiting: list[float] = []  # arrivals of scripted questions not yet answered
    last_end = -1e9
    last_promo = -1e9
    res = BusyResult(n_questions, 0, 0, 0, 0, {})
    timeline: list[tuple[float, int | None]] = []
    for k, (te, _, _, _) in enumerate(events):
        prev = timeline[-1][0] if timeline else 0.0
        tick = prev + TICK_S
        while tick < te:
            timeline.append((tick, None))
            tick += TICK_S
        timeline.append((te, k))
    try:
        for now, i in timeline:
            pending = [p for p in pending if now - p[0] < 60.0]
            current = None
            if i is not None:
                _, text, conf, is_q = events[i]
                res.answerable += is_q and conf >= ANSWERABLE
                if perceived[i] == "question":
                    res.perceived_questions += is_q
                    current = (now, conf, is_q)
                    pending.append((now, conf))
                if is_q:
                    waiting.append(now)
            waiting = [w for w in waiting if now - w < 60.0]
            kind = "none" if i is None else ("question" if perceived[i] == "question" else "comment")
            conf_next = current[1] if current else (pending[0][1] if pending else None)
            s = Situation(
                now=now,
                kind=kind,  # type: ignore[arg-type]
                intent=perceived[i] if i is not None else "chit-chat",
                answer_confidence=conf_next,
                author=f"viewer{i}" if i is not None else None,
                chat_rate=BUSY_CHAT_RATE,
                seconds_since_last_speech=max(0.0, now - last_end),
                pending_questions=len(pending),
                seconds_since_last_promotion=now - last_promo,
            )
            d = tree.tick(s)
            res.decisions[d.action] = res.decisions.get(d.action, 0) + 1
            if d.action == "segment" and waiting:
                res.segments_while_waiting += 1
            if d.action in ("answer", "batch_answer") and pending:
                if d.action == "answer":
                    q = next((p for p in pending if current and p[0] == current[0]), pending[0])
                else:
                    q = max(pending, key=lambda p: p[1])
                res.answered += q[1] >= ANSWERABLE and any(w == q[0] for w in waiting)
                waiting = [w for w in waiting if w != q[0]]
                pending = [] if d.action == "batch_answer" else [p for p in pending if p is not q]
            if d.action == "promote":
                last_promo = now
            if d.action not in SILENT:
                last_end = max(last_end, now) + DURATION_S[d.action]
    finally:
        tree.close()
    return res
