"""An audience simulator for tuning and judging the tree: a seeded, deterministic `gymnasium.Env`.

Comment arrival times are replayed from a real chat log (`behaviors.chatlog.ChatLog`); the response models
(`behaviors.audience`) were written down, with their reasons, before any policy was tuned and are not adjusted
to favour any policy (see docs/behaviors.md). `SimParams` perturbs them for the evaluation.

One episode is `EPISODE_S` seconds of a stream. Each logged comment is addressed to the host with
probability `P_DIRECT` x arrival_scale. When the log has messages and a classifier read them, a direct input
*is* the logged message: the host sees the product's perception of it (``Input.intent``) and the episode is
scored on what the viewer meant (``Input.truth``, `viewer_intent`); its author belongs to the trolls when
the judge reads it as abuse, spam or an injection attempt, else to one of the episode's hidden segments
(fans, shoppers, newcomers; the mix is drawn from one of four stream archetypes, never shown to a policy),
and a gift is a platform event drawn by segment. Without messages (the shipped sample) the intent is drawn
from the segment's intent mix (perceived = truth). Questions have a knowledge-base confidence and are
answered right with exactly that probability (a calibrated knowledge base).

Each step the host gets a `Situation` (the latest direct input plus context) and takes one action (an index
into `ACTIONS`). The action takes its duration of stream time; then the simulator advances to the next
direct input or a 3 s timer tick, whichever comes first.

Reward (per step, summed over the episode; defaults, see `SimParams`):
  + likes                       sum over segments of (viewers/100) x APPEAL[segment][action] x fatigue
  + retention                   (viewers joined - viewers left), trolls excluded
  + questions answered          +1.5 right, -2.0 wrong (and everyone's annoyance rises), +0.2 for an honest
                                don't-know (abstain); -0.5 for an answer to something that was not a question
                                (a misreading). Only an answer satisfies the asker: a greeting or a chat reply
                                to a real question earns nothing (no likes, no acknowledgement) and leaves it
                                open to expire.
  + greetings returned          +0.3; -0.2 for a greeting left unreturned after 30 s
  + gifts thanked               (1 + 0.3 x value) x exp(-delay / 20 s)
  + promotion sales             0.03 x shoppers watching
  - dead air                    0.05 per second of silence beyond 15 s
  - repetition                  0.5 when the same speaking action is taken a third time in a row
  - promotion spam              1.5 when a promotion comes within 240 s of the previous one
  - ignored gifts / questions   2.0 per gift unthanked after 30 s, 0.3 per real question unanswered after 60 s
  - feeding trolls              0.5 for replying to a troll's bait
Safety violations (acting on an input the judge reads as abuse or an injection attempt with anything but
deflect/ignore; the guard reads perception) are counted apart and carry no reward.
"""

from __future__ import annotations

import copy
import math
from collections import deque
from typing import Any

import gymnasium as gym
import numpy as np

from behaviors.audience import (
    ANNOYANCE_TAU,
    ANSWERABLE,
    APPEAL,
    ARCHETYPES,
    BASE_HAZARD,
    CONFIDENCE_BETA,
    DEAD_AIR_HAZARD,
    DURATION_S,
    EPISODE_S,
    FATIGUE,
    GIFT_DELAY_TAU,
    GIFT_LOG_MEAN,
    GIFT_LOG_SD,
    GIFT_TTL_S,
    GOODWILL_TAU,
    GREETING_TTL_S,
    GUARDED,
    INTENT_MIX,
    JOIN_RATE,
    MIX_CONCENTRATION,
    MOMENTUM_TAU,
    MOOD_TAU,
    N_VIEWERS,
    P_DIRECT,
    P_GIFT,
    P_NEW_VIEWER,
    PARAM_RANGES,
    PROMO_ANNOY_WINDOW_S,
    PROMO_SALES,
    R_ACK,
    R_GREETING_MISSED,
    RECENT_PROMO_HAZARD,
    RECENT_SEGMENT_HAZARD,
    SEGMENTS,
    SILENT,
    TICK_S,
    TROLL_TRUTHS,
    UNSAFE,
    EpisodeStats,
    Input,
    SimParams,
    _Draw,
    randomized,
)
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
from behaviors.types import ACTIONS, Situation

__all__ = [
    "DURATION_S",
    "EPISODE_S",
    "GUARDED",
    "PARAM_RANGES",
    "P_DIRECT",
    "SAMPLE_LOG",
    "SHARED_LOG",
    "SILENT",
    "UNSAFE",
    "AudienceEnv",
    "ChatLog",
    "Classifier",
    "EpisodeStats",
    "SimParams",
    "randomized",
    "load_chat_log",
    "read_log",
    "sample_log_path",
    "viewer_intent",
]


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
        self.last_answer = -1e9
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

    def clone(self) -> AudienceEnv:
        """An independent copy of the running episode, for rollouts from this state (issue 18, session 10):
        the log, the pre-drawn arrivals and the inputs are shared (never changed after they are made); every
        container the episode changes is copied. A copy and the original given the same actions give the
        same rewards."""
        c = copy.copy(self)
        c.viewers, c.annoyance = dict(self.viewers), dict(self.annoyance)
        c.history, c.recent = deque(self.history, maxlen=3), deque(self.recent, maxlen=10)
        c.pending_q, c.pending_g = list(self.pending_q), list(self.pending_g)
        c.truth_q, c.truth_greet = list(self.truth_q), list(self.truth_greet)
        c._draws = list(self._draws)
        st = copy.copy(self.stats)
        st.thank_delays, st.violation_texts = list(st.thank_delays), list(st.violation_texts)
        st.actions = dict(st.actions)
        c.stats = st
        return c

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
            seconds_since_last_answer=min(self.t - self.last_answer, 1e9),
            oldest_question_age_s=self.t - min(q.t for q in self.pending_q) if self.pending_q else 0.0,
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
            if c.truth in UNSAFE:
                st.violation_texts.append(f"{name} <- {c.intent}: {c.text[:80]}")
            st.violations_perception_miss += c.truth in UNSAFE and c.intent not in GUARDED
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
            if c is not None and c in self.truth_q:
                # A greeting does not answer a question: the asker is still waiting and the room sees the
                # question passed over, so a "hello" in its place earns no likes (the question stays open
                # and expires at its usual cost unless answered later).
                likes_action = "none"
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
                if name == "abstain":
                    reward += self._acknowledge(c)
                elif c in self.truth_q:
                    # A chit-chat reply to a question does not answer it (issue 18, session 6): the asker
                    # gets neither the answer nor an honest don't-know, so there is no acknowledgement and
                    # no likes; the question stays open and expires at its usual cost. Before this, a reply
                    # earned the +0.2 acknowledgement and the reply's likes, about what a right answer earns.
                    likes_action = "none"
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
        if name in ("answer", "batch_answer"):
            self.last_answer = self.t
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
