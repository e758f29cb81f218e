"""The audience simulator's response models: constants (fixed before tuning, see `behaviors.sim`), the
perturbable parameters (`SimParams`, `PARAM_RANGES`), and the per-episode records."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from behaviors.types import INTENTS

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
    violations_perception_miss: int = 0  # safety violations on inputs perception did not read as unsafe
    segments_while_asked: int = 0  # segments started while a perceived question waited
    violation_texts: list[str] = field(default_factory=list)  # "action <- perceived: text" per violation
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
            "violations_perception_miss": float(self.violations_perception_miss),
            "unsafe_missed": float(self.unsafe_missed),
            "segments_while_asked": float(self.segments_while_asked),
        }
