"""py-trees behaviours of the persona's tree.

Every node reads the current `Situation` and the tree's parameters from the tree's own blackboard namespace
(never py_trees' global keys) and finishes within the tick: deciding is pure computation, the work a
decision starts (speaking, animating) belongs to the agent. So `initialise` only resets per-run state,
`update` never waits on anything, and `terminate` (called when a higher-priority branch pre-empts a node)
drops what the node had written, so a pre-empted choice never leaks into the next tick.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import py_trees
from py_trees.common import Access, Status

from behaviors.types import EMOTIONS, ENGAGE_ACTIONS, SPEECH_ACTS, Decision, Situation

UNSAFE_INTENTS = {"abuse": "ignore", "injection-attempt": "deflect", "spam": "ignore"}
REPORTER_MIN_CONFIDENCE = 0.7  # fixed, not learned: a reporter gets "I don't know" rather than a guess

# (features, indices of valid actions, their scores) -> the chosen index into ENGAGE_ACTIONS.
Chooser = Callable[[np.ndarray, list[int], np.ndarray], int]
# A policy's reference (`behaviors.policy.Policy.keep`): (scorer, thresholds, the actions only it picks).
Reference = tuple[Callable[[np.ndarray], np.ndarray], dict[str, float], tuple[str, ...]]


def _client(node: py_trees.behaviour.Behaviour, namespace: str, keys: dict[str, Access]) -> None:
    bb = py_trees.blackboard.Client(name=node.name, namespace=namespace)
    for key, access in keys.items():
        bb.register_key(key=key, access=access)
    node.bb = bb  # type: ignore[attr-defined]


def make_decision(
    action: str, branch: str, reason: str, target: str | None = None, **extra: object
) -> Decision:
    emotion, intensity = EMOTIONS[action]
    return Decision(
        action=action,
        branch=branch,
        reason=reason,
        speech_act=SPEECH_ACTS[action],
        emotion=emotion,
        intensity=intensity,
        target=target,
        **extra,  # type: ignore[arg-type]
    )


class Decide(py_trees.behaviour.Behaviour):
    """A guarded branch: FAILURE when its condition does not hold (or `decide` declines), else it writes the
    decision and returns SUCCESS. One node per branch keeps the tick cheap (p99 well under a millisecond)."""

    def __init__(
        self,
        name: str,
        namespace: str,
        decide: Callable[[Situation], Decision | None],
        when: Callable[[Situation], bool] | None = None,
    ) -> None:
        super().__init__(name=name)
        self.decide = decide
        self.when = when
        _client(self, namespace, {"situation": Access.READ, "decision": Access.WRITE})

    def update(self) -> Status:
        s: Situation = self.bb.situation  # type: ignore[attr-defined]
        if self.when is not None and not self.when(s):
            return Status.FAILURE
        decision = self.decide(s)
        if decision is None:
            return Status.FAILURE
        self.bb.decision = decision  # type: ignore[attr-defined]
        return Status.SUCCESS


# --- the safety guard (fixed, never learned) ---------------------------------------------------------------
def is_unsafe(s: Situation) -> bool:
    return s.kind != "none" and s.intent in UNSAFE_INTENTS


def safety_decision(s: Situation) -> Decision:
    action = UNSAFE_INTENTS[s.intent]
    reason = {
        "abuse": "abusive input: do not feed it",
        "injection-attempt": "instruction-injection attempt: refuse politely",
        "spam": "spam: skip it",
    }[s.intent]
    return make_decision(action, f"safety/{action}", reason, target=s.author)


# --- the reporter branch (fixed) ---------------------------------------------------------------------
def reporter_decision(s: Situation) -> Decision:
    if s.kind != "none" and (s.kind == "question" or s.intent == "question"):
        conf = s.answer_confidence if s.answer_confidence is not None else 0.0
        if conf >= REPORTER_MIN_CONFIDENCE:
            return make_decision(
                "answer", "reporter/answer", f"cited answer (confidence {conf:.2f})", target=s.author
            )
        if s.shop_answers:
            return shop_decision(s, "reporter/shop", f"{conf:.2f} < {REPORTER_MIN_CONFIDENCE}")
        if s.shop_offers:
            return offer_decision(s, "reporter/offer", f"{conf:.2f} < {REPORTER_MIN_CONFIDENCE}")
        return make_decision(
            "abstain",
            "reporter/abstain",
            f"confidence {conf:.2f} < {REPORTER_MIN_CONFIDENCE}: say what is known, not a guess",
            target=s.author,
        )
    if s.kind != "none" and s.intent == "greeting":
        return make_decision("greet", "reporter/greet", "a reporter said hello", target=s.author)
    if s.kind != "none":
        return make_decision("reply", "reporter/reply", f"{s.intent} from a reporter", target=s.author)
    return make_decision("idle", "reporter/idle", "no request waiting")


# --- the rules (fixed, before the learned choice) ---------------------------------------------------------
def rule_decision(s: Situation, th: dict[str, float]) -> Decision | None:
    """The overrides that hold whatever the tuned scores say; None when no rule applies.

    - A platform gift is thanked on the spot: the linear policy weighs a high mood towards a segment, which a
      viewer who just paid reads as being ignored.
    - A newcomer's answerable question is answered (the answer opens with a welcome naming them:
      `agent.dialogue.realizer.Realizer.welcome`)
      rather than only greeted, since one input is one turn.
    """
    if s.kind == "gift":
        return make_decision(
            "thank", "rules/thank", f"a gift (value {s.gift_value:g}) is always thanked", target=s.author
        )
    live = live_decision(s)
    if live is not None:
        return live
    busy = s.chat_rate >= th["batch_chat_rate"]
    if (
        s.kind != "none"
        and s.is_new_viewer
        and (s.kind == "question" or s.intent == "question")
        and s.answer_confidence is not None
        and s.answer_confidence >= th["min_answer_confidence"]
        and not (busy and s.pending_questions >= 2)
    ):
        return make_decision(
            "answer",
            "rules/answer",
            f"a newcomer's question (confidence {s.answer_confidence:.2f}): answered with the greeting",
            target=s.author,
        )
    return None


def live_decision(s: Situation) -> Decision | None:
    """Protocol v1.1's livestream events, each by its own kind: a superchat's text is read and answered
    (its amount buys the answer), a membership or follow is thanked, a raid welcomed, an entrance greeted."""
    if s.kind == "superchat":
        return make_decision(
            "answer",
            "rules/superchat",
            f"a paid message (value {s.gift_value:g}) is read and answered",
            target=s.author,
        )
    if s.kind in ("membership", "follow"):
        return make_decision("thank", f"rules/{s.kind}", f"a {s.kind} is always thanked", target=s.author)
    if s.kind == "raid":
        return make_decision("greet", "rules/raid", "a raid is welcomed", target=s.author)
    if s.kind == "entrance":
        return make_decision("greet", "rules/entrance", "a viewer entered the room", target=s.author)
    return None


class Rules(py_trees.behaviour.Behaviour):
    """The fixed rules (`rule_decision`): FAILURE when none applies, so the learned choice runs next."""

    def __init__(self, namespace: str) -> None:
        super().__init__(name="rules")
        _client(
            self,
            namespace,
            {"situation": Access.READ, "thresholds": Access.READ, "decision": Access.WRITE},
        )

    def update(self) -> Status:
        bb = self.bb  # type: ignore[attr-defined]
        decision = rule_decision(bb.situation, bb.thresholds)
        if decision is None:
            return Status.FAILURE
        bb.decision = decision
        return Status.SUCCESS


# --- the engagement choice (learned) ----------------------------------------------------------------------
def question_waiting(s: Situation) -> bool:
    return s.pending_questions > 0 or (s.kind != "none" and (s.kind == "question" or s.intent == "question"))


def valid_engagements(s: Situation, th: dict[str, float], last_at: dict[str, float]) -> list[int]:
    """Indices (into ENGAGE_ACTIONS) whose guards pass: the thresholds and cooldowns live here."""
    busy = s.chat_rate >= th["batch_chat_rate"]
    has_input = s.kind != "none"
    ok = {
        "answer": question_waiting(s)
        and s.answer_confidence is not None
        and s.answer_confidence >= th["min_answer_confidence"]
        and not (busy and s.pending_questions >= 2),
        "batch_answer": busy and s.pending_questions >= 2,
        "thank": s.pending_gifts > 0 or s.kind == "gift",
        "greet": has_input
        and s.is_new_viewer
        and s.now - last_at.get("greet", -1e9) >= th["greet_cooldown_s"],
        "reply": has_input and s.kind != "gift" and not busy,
        # a segment never talks over a waiting question (it would leave the asker waiting 20 s or more)
        "segment": s.seconds_since_last_speech >= th["segment_quiet_s"] and not question_waiting(s),
        "promote": s.seconds_since_last_promotion >= th["promotion_spacing_s"],
        "cheer": s.now - last_at.get("cheer", -1e9) >= th["cheer_cooldown_s"],
        "emote": True,
        "idle": True,
    }
    return [i for i, a in enumerate(ENGAGE_ACTIONS) if ok[a]]


_REASONS: dict[str, Callable[[Situation, dict[str, float]], str]] = {
    "answer": lambda s, th: (
        f"question, confidence {s.answer_confidence or 0.0:.2f} >= {th['min_answer_confidence']:.2f}"
    ),
    "batch_answer": lambda s, th: (
        f"{s.pending_questions} questions at {s.chat_rate:.0f}/min: answer the best, acknowledge the rest"
    ),
    "thank": lambda s, th: f"{max(s.pending_gifts, 1)} gift(s) waiting for thanks",
    "greet": lambda s, th: "a first-time viewer",
    "reply": lambda s, th: f"{s.intent} comment worth a reply",
    "segment": lambda s, th: f"{s.seconds_since_last_speech:.0f} s of silence: start a segment",
    "promote": lambda s, th: f"{min(s.seconds_since_last_promotion, 9999):.0f} s since the last promotion",
    "cheer": lambda s, th: f"keep the energy up (arousal {s.arousal:+.2f})",
    "emote": lambda s, th: "react without words",
    "idle": lambda s, th: "let chat breathe",
}


def engagement_reason(action: str, s: Situation, th: dict[str, float]) -> str:
    """A short human reason for the chosen engagement action (only the chosen one is formatted)."""
    return _REASONS[action](s, th)


def shop_decision(s: Situation, branch: str, below: str) -> Decision:
    """A question the base cannot answer (its confidence ``below`` the bar) and the shop's catalogue entry
    does: answered with the entry's line (the agent's composer says it), not a don't-know."""
    return make_decision(
        "answer", branch, f"the shop's catalogue answers a question the base cannot (confidence {below})",
        target=s.author,
    )  # fmt: skip


def offer_decision(s: Situation, branch: str, below: str) -> Decision:
    """A question neither the base (its confidence ``below`` the bar) nor a catalogue entry answers, where
    the shop has something of the kind asked (``Situation.shop_offers``): the don't-know is said as what the
    shop has instead ("No team scarf in the shop, but the Slope Scarf is $28."). The act is the don't-know's
    (``abstain``); the branch and reason say what the viewer hears (session 16)."""
    return make_decision(
        "abstain", branch,
        f"a question the base cannot answer (confidence {below}): the shop has no such thing, so what it has "
        "of that kind is offered instead",
        target=s.author,
    )  # fmt: skip


def question_said(s: Situation, th: dict[str, float], action: str) -> Decision | None:
    """A direct question is never met with something else said in its place (a segment, a cheer, a
    promotion, a greeting, a chat reply): it gets `answer` when the base is confident enough or the shop's
    catalogue entry answers it (``Situation.shop_answers``: "not in XXL: the tee comes in S to XL"), else
    an honest don't-know (`abstain`). The learned choice keeps what is not said (emote, idle), thanks and
    batch answers. None when ``action`` may stand."""
    if s.kind == "none" or not (s.kind == "question" or s.intent == "question"):
        return None
    if action not in ("segment", "promote", "cheer", "greet", "reply"):
        return None
    conf = s.answer_confidence if s.answer_confidence is not None else 0.0
    if conf >= th["min_answer_confidence"]:
        return make_decision(
            "answer", "rules/answer", f"a question (confidence {conf:.2f}) is answered", target=s.author
        )
    if s.shop_answers:
        return shop_decision(s, "rules/shop", f"{conf:.2f} < {th['min_answer_confidence']:.2f}")
    if s.shop_offers:
        return offer_decision(s, "rules/offer", f"{conf:.2f} < {th['min_answer_confidence']:.2f}")
    return make_decision(
        "abstain",
        "rules/abstain",
        f"a question (confidence {conf:.2f} < {th['min_answer_confidence']:.2f}): an honest don't-know",
        target=s.author,
    )


class ChooseEngagement(py_trees.behaviour.Behaviour):
    """Scores the valid engagement actions with the policy and writes the best one as the decision."""

    def __init__(
        self,
        namespace: str,
        scorer: Callable[[np.ndarray], np.ndarray],
        features: Callable[[Situation], np.ndarray],
        chooser: Chooser | None = None,
        reference: Reference | None = None,
    ) -> None:
        super().__init__(name="engage")
        self.scorer = scorer
        self.features = features
        self.chooser = chooser
        self.reference = reference
        _client(
            self,
            namespace,
            {
                "situation": Access.READ,
                "thresholds": Access.READ,
                "last_at": Access.READ,
                "decision": Access.WRITE,
            },
        )

    def update(self) -> Status:
        bb = self.bb  # type: ignore[attr-defined]
        s: Situation = bb.situation
        th: dict[str, float] = bb.thresholds
        valid = valid_engagements(s, th, bb.last_at)
        x = self.features(s)
        scores = self.scorer(x)
        pick: int | None = None
        if self.reference is not None:  # the reference's choice stands when it is a kept action
            ref_scorer, ref_th, keep = self.reference
            ref_valid = valid_engagements(s, ref_th, bb.last_at)
            ref_scores = ref_scorer(x)
            ref_pick = ref_valid[int(np.argmax(ref_scores[ref_valid]))]
            if ENGAGE_ACTIONS[ref_pick] in keep:
                pick, valid, scores = ref_pick, ref_valid, ref_scores
            else:
                valid = [i for i in valid if ENGAGE_ACTIONS[i] not in keep]
        if pick is None:
            if self.chooser is not None:
                pick = self.chooser(x, valid, scores[valid])
            else:
                pick = valid[int(np.argmax(scores[valid]))]
        action = ENGAGE_ACTIONS[pick]
        said = question_said(s, th, action)
        if said is not None:
            bb.decision = said
            return Status.SUCCESS
        target = (
            s.author
            if action in ("answer", "greet", "reply") or (action == "thank" and s.kind == "gift")
            else None
        )
        bb.decision = make_decision(
            action,
            f"engage/{action}",
            engagement_reason(action, s, th),
            target=target,
            scores=tuple(
                zip([ENGAGE_ACTIONS[i] for i in valid], np.round(scores[valid], 3).tolist(), strict=True)
            ),
        )
        return Status.SUCCESS
