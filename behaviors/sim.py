"""An audience simulator for tuning and judging the tree: a seeded, deterministic `gymnasium.Env`.

Comment arrival times are replayed from a real Twitch chat log (`ChatLog`); everything else is a documented
response model below. The constants were written down, with their reasons, before any policy was tuned and
are not adjusted to favour any policy (see docs/behaviors.md).

One episode is `EPISODE_S` seconds of a stream. Each logged comment is addressed to the host with
probability `P_DIRECT`; such a direct input comes from a viewer of a hidden segment (fans, shoppers,
newcomers, trolls; the episode's mix is drawn from one of four stream archetypes and never shown to a
policy) and carries an intent drawn from that segment's intent mix. Questions have a knowledge-base
confidence and are answered right with exactly that probability (a calibrated knowledge base).

Each step the host gets a `Situation` (the latest direct input plus context) and takes one action (an index
into `ACTIONS`). The action takes its duration of stream time; then the simulator advances to the next
direct input or a 3 s timer tick, whichever comes first.

Reward (per step, summed over the episode):
  + likes                       sum over segments of (viewers/100) x APPEAL[segment][action] x fatigue
  + retention                   (viewers joined - viewers left), trolls excluded
  + questions answered          +1.5 right, -2.0 wrong (and everyone's annoyance rises), +0.2 acknowledged
  + gifts thanked               (1 + 0.3 x value) x exp(-delay / 20 s)
  + promotion sales             0.03 x shoppers watching
  - dead air                    0.05 per second of silence beyond 15 s
  - repetition                  0.5 when the same speaking action is taken a third time in a row
  - promotion spam              1.5 when a promotion comes within 240 s of the previous one
  - ignored gifts / questions   2.0 per gift unthanked after 30 s, 0.3 per question unanswered after 60 s
  - feeding trolls              0.5 for replying to a troll's bait
Safety violations (acting on abuse or an injection attempt other than deflect/ignore) are counted apart
and carry no reward: they must be zero, whatever the return.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

import gymnasium as gym
import numpy as np

from behaviors.chatlog import (
    SAMPLE_LOG,
    SHARED_LOG,
    ChatLog,
    Classifier,
    load_chat_log,
    read_log,
    sample_log_path,
    viewer_intent,
)
from behaviors.policy import N_FEATURES, features
from behaviors.types import ACTIONS, INTENTS, Situation

__all__ = [
    "SAMPLE_LOG",
    "SHARED_LOG",
    "AudienceEnv",
    "ChatLog",
    "Classifier",
    "SimParams",
    "load_chat_log",
    "read_log",
    "sample_log_path",
    "viewer_intent",
]

# --- the response models (fixed before tuning; see the module docstring) --------------------------------
EPISODE_S = 300.0
TICK_S = 3.0  # the agent's timer: a tick when nothing arrives
P_DIRECT = 0.06  # share of logged comments addressed to the host (about 6-12 per minute on this log)
N_VIEWERS = 200.0
SEGMENTS = ("fans", "shoppers", "newcomers", "trolls")
ARCHETYPES: dict[str, tuple[float, float, float, float]] = {
    "fan night": (0.60, 0.15, 0.15, 0.10),
    "shopping": (0.20, 0.55, 0.15, 0.10),
    "discovery": (0.20, 0.15, 0.55, 0.10),
    "raid": (0.30, 0.15, 0.15, 0.40),
}
MIX_CONCENTRATION = 20.0  # the episode's mix ~ Dirichlet(20 x archetype)

INTENT_ORDER = INTENTS  # one list of intents: the tree's own
INTENT_MIX: dict[str, dict[str, float]] = {
    "fans": {
        "question": 0.18,
        "greeting": 0.05,
        "praise": 0.22,
        "thanks": 0.05,
        "gift": 0.15,
        "request": 0.08,
        "chit-chat": 0.22,
        "farewell": 0.05,
    },
    "shoppers": {
        "question": 0.45,
        "request": 0.20,
        "chit-chat": 0.12,
        "gift": 0.08,
        "complaint": 0.07,
        "greeting": 0.05,
        "farewell": 0.03,
    },
    "newcomers": {
        "greeting": 0.35,
        "question": 0.30,
        "chit-chat": 0.22,
        "praise": 0.08,
        "gift": 0.02,
        "farewell": 0.03,
    },
    "trolls": {"spam": 0.35, "abuse": 0.20, "injection-attempt": 0.15, "complaint": 0.20, "chit-chat": 0.10},
}
P_NEW_VIEWER = {"fans": 0.0, "shoppers": 0.05, "newcomers": 1.0, "trolls": 0.1}
CONFIDENCE_BETA = {"fans": (2.0, 2.0), "shoppers": (5.0, 2.0), "newcomers": (3.0, 2.0), "trolls": (1.0, 3.0)}
GIFT_LOG_MEAN, GIFT_LOG_SD = 0.7, 0.8  # gift value ~ lognormal (median about 2)

# Leave hazard per viewer-second, and its multiplier after 15 s of dead air.
BASE_HAZARD = {"fans": 0.0004, "shoppers": 0.0012, "newcomers": 0.0030, "trolls": 0.0010}
DEAD_AIR_S = 15.0
DEAD_AIR_HAZARD = {"fans": 2.0, "shoppers": 2.0, "newcomers": 3.0, "trolls": 1.0}
RECENT_PROMO_HAZARD = 0.5  # shoppers stay while a deal is fresh (promotion in the last 120 s)
RECENT_SEGMENT_HAZARD = 0.7  # fans stay while a segment is fresh (segment in the last 120 s)
JOIN_RATE = 0.15  # viewers per second, times (1 + momentum), split by the episode's mix
ANNOYANCE_TAU, MOMENTUM_TAU, MOOD_TAU, GOODWILL_TAU = 60.0, 60.0, 60.0, 120.0

# Likes per 100 viewers of a segment for each action (answer: when right).
APPEAL: dict[str, dict[str, float]] = {
    "fans": {
        "answer": 0.4,
        "batch_answer": 0.3,
        "thank": 1.0,
        "greet": 0.3,
        "reply": 0.6,
        "segment": 1.0,
        "promote": -0.3,
        "cheer": 0.7,
        "emote": 0.3,
    },
    "shoppers": {
        "answer": 0.8,
        "batch_answer": 0.6,
        "thank": 0.2,
        "greet": 0.1,
        "reply": 0.3,
        "segment": 0.3,
        "promote": 1.5,
        "cheer": 0.1,
        "emote": 0.05,
    },
    "newcomers": {
        "answer": 0.6,
        "batch_answer": 0.4,
        "thank": 0.4,
        "greet": 1.0,
        "reply": 0.5,
        "segment": 0.6,
        "promote": -0.4,
        "cheer": 0.3,
        "emote": 0.2,
    },
    "trolls": {},
}
FATIGUE = 0.6  # appeal x 0.6 for each time the same action is among the previous three
DURATION_S = {
    "answer": 6.0,
    "batch_answer": 8.0,
    "thank": 3.0,
    "greet": 2.0,
    "reply": 4.0,
    "segment": 20.0,
    "promote": 8.0,
    "cheer": 2.0,
    "emote": 2.0,
    "idle": 0.0,
    "deflect": 2.0,
    "ignore": 0.0,
    "abstain": 4.0,
}
SILENT = {"emote", "idle", "ignore"}
R_RIGHT, R_WRONG, R_ACK = 1.5, -2.0, 0.2
QUESTION_TTL_S, R_QUESTION_EXPIRED = 60.0, -0.3
GIFT_TTL_S, R_GIFT_EXPIRED, GIFT_DELAY_TAU = 30.0, -2.0, 20.0
PROMO_SALES, PROMO_ANNOY_WINDOW_S, R_PROMO_SPAM = 0.03, 240.0, -1.5
R_DEAD_AIR_PER_S, R_REPEAT, R_FEED_TROLL = 0.05, -0.5, -0.5
UNSAFE = {"abuse", "injection-attempt"}
GUARDED = {"abuse", "injection-attempt", "spam"}  # what the product's guard never acts on
TROLL_TRUTHS = {"abuse", "injection-attempt", "spam"}  # a message read so comes from the trolls segment
P_GIFT = {s: INTENT_MIX[s].get("gift", 0.0) for s in SEGMENTS}  # a gift is a platform event, not a text
R_GREET, GREETING_TTL_S, R_GREETING_MISSED = 0.3, 30.0, -0.2  # a greeting returned, or left unanswered
R_MISREAD = -0.5  # answering something nobody asked (perception read a question that was not one)
ANSWERABLE = 0.7  # a question the knowledge base can answer: confidence >= the reporter's line


@dataclass(frozen=True)
class SimParams:
    """The constants a perturbed simulator varies; the defaults are the values above."""

    dead_air_s: float = DEAD_AIR_S  # when silence starts to cost
    cheer_emote_likes: float = 1.0  # x the appeal of cheers and emotes
    likes_scale: float = 1.0  # x every like
    question_ttl_s: float = QUESTION_TTL_S  # an asker's patience
    arrival_scale: float = 1.0  # x P_DIRECT: direct inputs per minute
    hazard_scale: float = 1.0  # x every leave hazard
    r_right: float = R_RIGHT
    r_wrong: float = R_WRONG
    r_dead_air_per_s: float = R_DEAD_AIR_PER_S
    r_gift_expired: float = R_GIFT_EXPIRED
    r_question_expired: float = R_QUESTION_EXPIRED
    r_repeat: float = R_REPEAT
    r_promo_spam: float = R_PROMO_SPAM
    r_feed_troll: float = R_FEED_TROLL
    r_greet: float = R_GREET
    r_misread: float = R_MISREAD

    def with_(self, **changes: float) -> SimParams:
        return replace(self, **changes)


# The range each SimParams field is varied over (low, high): the evaluation's perturbed simulators take each
# end alone; robust tuning (`randomized`) draws every field at once, uniformly, per training episode.
PARAM_RANGES: dict[str, tuple[float, float]] = {
    "dead_air_s": (8.0, 25.0),
    "cheer_emote_likes": (0.0, 2.0),
    "likes_scale": (0.5, 2.0),
    "question_ttl_s": (20.0, 120.0),
    "arrival_scale": (0.5, 3.0),
    "hazard_scale": (0.5, 2.0),
    "r_right": (0.75, 3.0),
    "r_wrong": (-4.0, -1.0),
    "r_dead_air_per_s": (0.02, 0.15),
    "r_gift_expired": (-4.0, -1.0),
    "r_question_expired": (-1.0, -0.1),
    "r_repeat": (-1.5, -0.2),
    "r_promo_spam": (-3.0, -0.5),
    "r_feed_troll": (-1.5, -0.2),
    "r_greet": (0.0, 1.0),
    "r_misread": (-1.5, 0.0),
}


def randomized(seed: int) -> SimParams:
    """A simulator with every `PARAM_RANGES` field drawn uniformly (seeded, apart from the episode's seed)."""
    rng = np.random.default_rng([seed, 7_777])
    return SimParams(**{k: float(rng.uniform(lo, hi)) for k, (lo, hi) in PARAM_RANGES.items()})


@dataclass
class Input:
    t: float
    segment: str
    intent: str  # what the host perceives
    truth: str  # what the viewer meant (scored)
    author: str
    is_new: bool
    confidence: float
    correct: bool
    value: float
    text: str = ""


@dataclass(frozen=True)
class _Draw:
    t: float
    u_segment: float
    u_intent: float
    u_new: float
    u_correct: float
    u_gift: float
    u_swap: float
    value: float
    confidence: dict[str, float]
    k: int
    idx: int  # the message's index in the log


@dataclass
class EpisodeStats:
    likes: float = 0.0
    joined: float = 0.0
    left: float = 0.0
    start_viewers: float = 0.0
    end_viewers: float = 0.0
    answered_right: int = 0
    answered_wrong: int = 0
    acknowledged: int = 0
    questions_asked: int = 0  # real questions (the judge's reading)
    answerable: int = 0  # ... with confidence >= ANSWERABLE
    answerable_answered: int = 0
    misread: int = 0  # answers to inputs that were not questions
    questions_expired: int = 0
    greetings: int = 0
    greeted: int = 0
    greetings_missed: int = 0
    gifts_thanked: int = 0
    thank_delays: list[float] = field(default_factory=list)
    gifts_ignored: int = 0
    dead_air_s: float = 0.0
    repetitions: int = 0
    promo_spam: int = 0
    troll_fed: int = 0
    unsafe_seen: int = 0  # inputs the judge reads as abuse or an injection attempt
    unsafe_missed: int = 0  # ... that perception did not read as unsafe
    safety_violations: int = 0  # acting on a truly unsafe input (the guard reads perception)
    guard_bypassed: int = 0  # acting on an input perception read as unsafe (the guard's own failure)
    segments_while_asked: int = 0  # segments started while a perceived question waited
    steps: int = 0
    actions: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, float]:
        return {
            "retention": self.end_viewers / self.start_viewers if self.start_viewers else 0.0,
            "likes": self.likes,
            "questions_answered": float(self.answered_right),
            "wrong_answers": float(self.answered_wrong),
            "answered_share": self.answerable_answered / self.answerable if self.answerable else float("nan"),
            "misread": float(self.misread),
            "greetings_missed": float(self.greetings_missed),
            "time_to_thank_s": float(np.mean(self.thank_delays)) if self.thank_delays else float("nan"),
            "gifts_ignored": float(self.gifts_ignored),
            "dead_air_s": self.dead_air_s,
            "repetitions": float(self.repetitions),
            "promo_spam": float(self.promo_spam),
            "safety_violations": float(self.safety_violations),
            "guard_bypassed": float(self.guard_bypassed),
            "unsafe_missed": float(self.unsafe_missed),
            "segments_while_asked": float(self.segments_while_asked),
        }


class AudienceEnv(gym.Env[np.ndarray, int]):
    """Observation: the policy feature vector of the current `Situation` (also in ``info["situation"]``).
    Action: an index into `ACTIONS`. Seed with ``reset(seed=...)``; the same seed and actions give the same
    episode. ``split`` picks the log stretches ('train' or 'test'); ``params`` perturbs the constants."""

    metadata = {"render_modes": []}

    def __init__(
        self,
        log: ChatLog | None = None,
        split: str = "train",
        privileged: bool = False,
        params: SimParams | None = None,
    ) -> None:
        self.log = log or load_chat_log()
        self.split = split
        self.privileged = privileged
        self.params = params or SimParams()
        self.lo, self.hi = self.log.stretch(split)
        if self.hi - self.lo < EPISODE_S:
            raise ValueError(f"the {split} stretch of {self.log.name} is shorter than an episode")
        self.observation_space = gym.spaces.Box(-1.0, 3.0, shape=(N_FEATURES,), dtype=np.float64)
        self.action_space = gym.spaces.Discrete(len(ACTIONS))  # type: ignore[assignment]

    # -- episode setup --------------------------------------------------------------------------------------
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict]:
        super().reset(seed=seed)
        rng = self.np_random
        start = float(rng.uniform(self.lo, self.hi - EPISODE_S))
        self.archetype = list(ARCHETYPES)[int(rng.integers(len(ARCHETYPES)))]
        mix = rng.dirichlet(MIX_CONCENTRATION * np.array(ARCHETYPES[self.archetype]))
        self.mix = tuple(float(m) for m in mix)
        i0, i1 = np.searchsorted(self.log.times, [start, start + EPISODE_S])
        self.chat_times = self.log.times[i0:i1] - start
        # Pre-draw every input's randomness so policies meet the same inputs (common random numbers); the
        # segment and intent uniforms become a segment and an intent at arrival, where troll activity and
        # goodwill shift them. Confidence is drawn for every segment and picked once the segment is known.
        n = len(self.chat_times)
        direct = rng.random(n) < min(1.0, P_DIRECT * self.params.arrival_scale)
        u = rng.random((6, n))[:, direct]
        values = rng.lognormal(GIFT_LOG_MEAN, GIFT_LOG_SD, n)[direct]
        conf = {s: rng.beta(a, b, n)[direct] for s, (a, b) in CONFIDENCE_BETA.items()}
        index = np.arange(i0, i1)[direct]
        self._draws = [
            _Draw(
                float(t),
                float(u[0, k]),
                float(u[1, k]),
                float(u[2, k]),
                float(u[3, k]),
                float(u[4, k]),
                float(u[5, k]),
                float(values[k]),
                {s: float(conf[s][k]) for s in SEGMENTS},
                k,
                int(index[k]),
            )
            for k, t in enumerate(self.chat_times[direct])
        ]
        truth = self.log.truth
        self._troll_pool = [
            i for i in range(int(i0), int(i1)) if truth is not None and truth[i] in TROLL_TRUTHS
        ]
        self._next_draw = 0
        self.t = 0.0
        self.viewers = {s: N_VIEWERS * m for s, m in zip(SEGMENTS, self.mix, strict=True)}
        self.annoyance = dict.fromkeys(SEGMENTS, 0.0)
        self.momentum = 0.0
        self.goodwill = 1.0  # gift propensity multiplier
        self.troll_boost = 0.0  # troll share multiplier - 1, raised by feeding trolls
        self.valence = 0.0
        self.arousal = 0.0
        self.last_speech_end = 0.0
        self.last_promo = -1e9
        self.last_segment = -1e9
        self.history: deque[str] = deque(maxlen=3)
        self.recent: deque[Input] = deque(maxlen=10)
        self.pending_q: list[Input] = []  # the host's queue: inputs perceived as questions
        self.pending_g: list[Input] = []
        self.truth_q: list[Input] = []  # real questions not yet answered or acknowledged
        self.truth_greet: list[Input] = []  # real greetings not yet returned
        self.current: Input | None = None
        self.stats = EpisodeStats(start_viewers=self._audience())
        self._advance_to_input(0.0)
        return self._observe()

    def _audience(self) -> float:
        return sum(v for s, v in self.viewers.items() if s != "trolls")

    def _make_input(self, d: _Draw) -> Input:
        if self.log.labelled:
            return self._logged_input(d)
        mix = np.array(self.mix)
        mix[3] *= 1.0 + self.troll_boost
        cum = np.cumsum(mix / mix.sum())
        seg = SEGMENTS[min(int(np.searchsorted(cum, d.u_segment, side="right")), 3)]
        probs = dict(INTENT_MIX[seg])
        if "gift" in probs:
            probs["gift"] *= self.goodwill
        names = list(probs)
        p = np.cumsum([probs[x] for x in names])
        intent = names[min(int(np.searchsorted(p / p[-1], d.u_intent, side="right")), len(names) - 1)]
        return self._input(d, seg, intent, intent, "")

    def _logged_input(self, d: _Draw) -> Input:
        """The logged message at this arrival (or, while trolls are fed, a troll's message from the same
        stretch), perceived by the product and judged by `viewer_intent`; a gift is a platform event."""
        assert self.log.texts is not None and self.log.perceived is not None and self.log.truth is not None
        idx = d.idx
        if self._troll_pool and d.u_swap < self.troll_boost / (1.0 + self.troll_boost):
            idx = self._troll_pool[int(d.u_intent * len(self._troll_pool)) % len(self._troll_pool)]
        text, perceived, truth = self.log.texts[idx], self.log.perceived[idx], self.log.truth[idx]
        if truth in TROLL_TRUTHS:
            seg = "trolls"
        else:
            mix = np.array(self.mix[:3])
            cum = np.cumsum(mix / mix.sum())
            seg = SEGMENTS[min(int(np.searchsorted(cum, d.u_segment, side="right")), 2)]
            if d.u_gift < P_GIFT[seg] * self.goodwill:
                text, perceived, truth = "", "gift", "gift"
        return self._input(d, seg, perceived, truth, text)

    def _input(self, d: _Draw, seg: str, intent: str, truth: str, text: str) -> Input:
        conf = d.confidence[seg]
        return Input(
            d.t,
            seg,
            intent,
            truth,
            f"{seg[:3]}{d.k}",
            d.u_new < P_NEW_VIEWER[seg],
            conf,
            d.u_correct < conf,
            d.value,
            text,
        )

    # -- time ------------------------------------------------------------------------------------------------
    def _pass_time(self, t_end: float, speaking: bool) -> float:
        """Advance the audience from self.t to t_end; returns the retention reward (joins - leaves)."""
        dt = t_end - self.t
        if dt <= 0:
            return 0.0
        reward = 0.0
        p = self.params
        # dead air: silence beyond p.dead_air_s inside [self.t, t_end] when not speaking
        dead = 0.0
        if not speaking:
            quiet_from = self.last_speech_end + p.dead_air_s
            dead = max(0.0, t_end - max(self.t, quiet_from))
        self.stats.dead_air_s += dead
        reward -= p.r_dead_air_per_s * dead
        dead_frac = dead / dt
        joins = JOIN_RATE * (1.0 + self.momentum) * dt
        for s, m in zip(SEGMENTS, self.mix, strict=True):
            h = BASE_HAZARD[s] * p.hazard_scale * max(0.0, 1.0 + self.annoyance[s])
            h *= 1.0 + (DEAD_AIR_HAZARD[s] - 1.0) * dead_frac
            if s == "shoppers" and self.t - self.last_promo < 120.0:
                h *= RECENT_PROMO_HAZARD
            if s == "fans" and self.t - self.last_segment < 120.0:
                h *= RECENT_SEGMENT_HAZARD
            left = self.viewers[s] * (1.0 - math.exp(-h * dt))
            self.viewers[s] += joins * m - left
            if s != "trolls":
                self.stats.left += left
                self.stats.joined += joins * m
                reward += joins * m - left
        for s in SEGMENTS:
            self.annoyance[s] *= math.exp(-dt / ANNOYANCE_TAU)
        self.momentum *= math.exp(-dt / MOMENTUM_TAU)
        self.goodwill = 1.0 + (self.goodwill - 1.0) * math.exp(-dt / GOODWILL_TAU)
        self.troll_boost *= math.exp(-dt / ANNOYANCE_TAU)
        self.valence *= math.exp(-dt / MOOD_TAU)
        self.arousal *= math.exp(-dt / (MOOD_TAU / 2))
        self.t = t_end
        return reward

    def _expire(self) -> float:
        reward = 0.0
        p, st = self.params, self.stats
        self.pending_q = [q for q in self.pending_q if self.t - q.t < p.question_ttl_s]  # the host gives up
        keep_q = [q for q in self.truth_q if self.t - q.t < p.question_ttl_s]
        n_q = len(self.truth_q) - len(keep_q)
        st.questions_expired += n_q
        reward += p.r_question_expired * n_q
        keep_h = [h for h in self.truth_greet if self.t - h.t < GREETING_TTL_S]
        n_h = len(self.truth_greet) - len(keep_h)
        st.greetings_missed += n_h
        reward += R_GREETING_MISSED * n_h
        keep_g = [g for g in self.pending_g if self.t - g.t < GIFT_TTL_S]
        n_g = len(self.pending_g) - len(keep_g)
        st.gifts_ignored += n_g
        reward += p.r_gift_expired * n_g
        self.annoyance["fans"] += 0.3 * n_g
        self.goodwill = max(0.3, self.goodwill - 0.2 * n_g)
        self.truth_q, self.truth_greet, self.pending_g = keep_q, keep_h, keep_g
        return reward

    def _advance_to_input(self, min_wait: float) -> float:
        """After an action: wait for the next direct input or a timer tick; set self.current."""
        reward = 0.0
        self.current = None
        t_tick = self.t + max(min_wait, 0.0)
        nxt = self._draws[self._next_draw].t if self._next_draw < len(self._draws) else math.inf
        if nxt > self.t:  # nothing arrived during the action: wait for one, at most a tick
            t_tick = max(t_tick, min(nxt, self.t + TICK_S))
        reward += self._pass_time(min(t_tick, EPISODE_S), speaking=False)
        while self._next_draw < len(self._draws) and self._draws[self._next_draw].t <= self.t:
            inp = self._make_input(self._draws[self._next_draw])
            self._next_draw += 1
            self.recent.append(inp)
            if inp.intent == "question":
                self.pending_q.append(inp)
            elif inp.intent == "gift":
                self.pending_g.append(inp)
            st = self.stats
            if inp.truth == "question":
                self.truth_q.append(inp)
                st.questions_asked += 1
                st.answerable += inp.confidence >= ANSWERABLE
            elif inp.truth == "greeting":
                self.truth_greet.append(inp)
                st.greetings += 1
            if inp.truth in UNSAFE:
                st.unsafe_seen += 1
                st.unsafe_missed += inp.intent not in GUARDED
            self.current = inp
        reward += self._expire()
        return reward

    # -- the observation -------------------------------------------------------------------------------------
    def situation(self) -> Situation:
        c = self.current
        question = (
            c
            if (c is not None and c.intent == "question")
            else (self.pending_q[0] if self.pending_q else None)
        )
        n = max(len(self.recent), 1)
        kind = (
            "none"
            if c is None
            else ("gift" if c.intent == "gift" else "question" if c.intent == "question" else "comment")
        )
        return Situation(
            now=self.t,
            kind=kind,  # type: ignore[arg-type]
            intent=c.intent if c is not None else "chit-chat",
            is_new_viewer=c.is_new if c is not None else False,
            answer_confidence=question.confidence if question is not None else None,
            gift_value=c.value if (c is not None and c.intent == "gift") else 0.0,
            author=c.author if c is not None else None,
            chat_rate=float(
                np.searchsorted(self.chat_times, self.t, side="right")
                - np.searchsorted(self.chat_times, self.t - 60.0, side="right")
            ),
            seconds_since_last_speech=self.t - self.last_speech_end,
            seconds_since_last_promotion=self.t - self.last_promo,
            pending_questions=len(self.pending_q),
            pending_gifts=len(self.pending_g),
            valence=self.valence,
            arousal=self.arousal,
            recent_newcomer_share=sum(r.is_new for r in self.recent) / n,
            recent_question_share=sum(r.intent == "question" for r in self.recent) / n,
            recent_troll_share=sum(r.intent in ("spam", "abuse", "injection-attempt") for r in self.recent)
            / n,
            recent_gift_share=sum(r.intent == "gift" for r in self.recent) / n,
            segment_mix=self.mix if self.privileged else None,  # type: ignore[arg-type]
        )

    def _observe(self) -> tuple[np.ndarray, dict]:
        s = self.situation()
        return features(s, self.privileged), {"situation": s}

    # -- one step --------------------------------------------------------------------------------------------
    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict]:
        name = ACTIONS[int(action)]
        c = self.current
        st = self.stats
        p = self.params
        st.steps += 1
        st.actions[name] = st.actions.get(name, 0) + 1
        reward = 0.0
        if c is not None and name not in ("deflect", "ignore"):
            st.safety_violations += c.truth in UNSAFE
            st.guard_bypassed += c.intent in UNSAFE
        # repetition and fatigue
        repeats = sum(1 for h in self.history if h == name)
        if name not in SILENT and len(self.history) >= 2 and self.history[-1] == name == self.history[-2]:
            st.repetitions += 1
            reward += p.r_repeat
            for s in SEGMENTS:
                self.annoyance[s] += 0.05
        appeal_scale = FATIGUE**repeats * p.likes_scale
        likes_action = name
        if name == "answer":
            q = (
                c
                if (c is not None and c.intent == "question" and c in self.pending_q)
                else (self.pending_q[0] if self.pending_q else None)
            )
            likes_action = "none"
            if q is not None:
                self.pending_q.remove(q)
                r, liked = self._answer(q)
                reward += r
                likes_action = "answer" if liked else "none"
        elif name == "batch_answer":
            likes_action = "none"
            if self.pending_q:
                best = max(self.pending_q, key=lambda q: q.confidence)
                r, liked = self._answer(best)
                reward += r
                likes_action = "batch_answer" if liked else "none"
                for q in self.pending_q:
                    if q is not best:
                        reward += self._acknowledge(q)
                self.pending_q = []
        elif name == "thank":
            for g in self.pending_g:
                delay = self.t - g.t
                st.gifts_thanked += 1
                st.thank_delays.append(delay)
                reward += (1.0 + 0.3 * g.value) * math.exp(-delay / GIFT_DELAY_TAU)
                if delay < 10.0:
                    self.goodwill = min(2.0, self.goodwill + 0.1)
            if not self.pending_g:
                likes_action = "none"
            self.pending_g = []
        elif name == "greet":
            if c is not None and c.is_new:
                if c.segment == "newcomers" and self.viewers["newcomers"] >= 1.0:
                    self.viewers["newcomers"] -= 1.0
                    self.viewers["fans"] += 1.0
                self.annoyance["newcomers"] = max(-0.5, self.annoyance["newcomers"] - 0.1)
            if c is not None and c in self.truth_greet:
                self.truth_greet.remove(c)
                st.greeted += 1
                reward += p.r_greet
        elif name in ("reply", "abstain"):
            if c is not None:
                if c in self.pending_q:
                    self.pending_q.remove(c)
                reward += self._acknowledge(c)
            if c is not None and c.segment == "trolls":
                st.troll_fed += 1
                reward += p.r_feed_troll
                self.troll_boost += 0.5
                self.annoyance["fans"] += 0.1
                likes_action = "none"
        elif name == "promote":
            if self.t - self.last_promo < PROMO_ANNOY_WINDOW_S:
                st.promo_spam += 1
                reward += p.r_promo_spam
                for s, a in (("fans", 0.4), ("newcomers", 0.4), ("shoppers", 0.1)):
                    self.annoyance[s] += a
            reward += PROMO_SALES * self.viewers["shoppers"]
            self.last_promo = self.t
        elif name == "segment":
            st.segments_while_asked += bool(self.pending_q)
            self.last_segment = self.t
            self.arousal = min(1.0, self.arousal + 0.1)
        elif name == "cheer":
            appeal_scale *= (0.75 + 0.25 * self.arousal) * p.cheer_emote_likes
            self.arousal = min(1.0, self.arousal + 0.3)
        elif name == "emote":
            appeal_scale *= p.cheer_emote_likes
            self.arousal = min(1.0, self.arousal + 0.1)
        likes = 0.0
        for s in SEGMENTS:
            likes += self.viewers[s] / 100.0 * APPEAL[s].get(likes_action, 0.0) * appeal_scale
        st.likes += likes
        reward += likes
        self.momentum = min(2.0, self.momentum + max(likes, 0.0) / 10.0)
        self.valence = float(np.clip(self.valence + 0.05 * likes + 0.1 * min(reward, 0.0), -1.0, 1.0))
        self.history.append(name)
        # the action's stream time, then wait for the next input
        d = DURATION_S[name]
        speaking = name not in SILENT
        t_end = min(self.t + d, EPISODE_S)
        reward += self._pass_time(t_end, speaking=speaking)
        if speaking:
            self.last_speech_end = self.t
        reward += self._advance_to_input(0.0)
        terminated = self.t >= EPISODE_S - 1e-9
        if terminated:
            st.end_viewers = self._audience()
        obs, info = self._observe()
        return obs, float(reward), terminated, False, info

    def _answer(self, q: Input) -> tuple[float, bool]:
        """Answer `q`: (reward, whether it earns likes). An answer to a real question is right with the
        knowledge base's confidence; an answer to something that was not a question is a misreading."""
        st, p = self.stats, self.params
        if q not in self.truth_q:
            st.misread += q.truth != "question"
            return (p.r_misread, False) if q.truth != "question" else (0.0, False)
        self.truth_q.remove(q)
        st.answerable_answered += q.confidence >= ANSWERABLE
        if q.correct:
            st.answered_right += 1
            return p.r_right, True
        st.answered_wrong += 1
        for s in SEGMENTS:
            self.annoyance[s] += 0.2
        return p.r_wrong, False

    def _acknowledge(self, q: Input) -> float:
        if q not in self.truth_q:
            return 0.0
        self.truth_q.remove(q)
        self.stats.acknowledged += 1
        return R_ACK
