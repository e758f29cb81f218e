"""The decide stage: translate the agent's events into the behavior tree's `Situation`, and its `Decision`
back into a `Plan` (speech act, emotion, addressee).

``behaviors/`` knows nothing of events; this module is the only place that maps between the two worlds.
It keeps the small context the tree needs (chat rate, when the persona last spoke or promoted,
the recent mix of inputs and the persona's mood) and is pure apart from that bookkeeping: ``now`` is given.

One answer gate. The product answers a question exactly when the knowledge layer does not abstain: the
tree's ``min_answer_confidence`` is replaced by the knowledge layer's own threshold (``answer_threshold``,
fitted on the QA calibration half; grounding sets an abstention's confidence to 0). The policy's own value
was tuned on the behavior simulator's invented confidences; the simulator keeps it.

The questions waiting: ``waiting`` (set by the assembly) reports, at ``now``, how many questions wait
besides the current input and how long the oldest has waited (the agent's own queue and whatever holds
inputs in front of it, e.g. triage), so the tree's batch answers and its "no segment while a question
waits" guard see the real queue. A turn speaks about its own input, so a batch answer chosen for an input
that is not a question (a greeting batch, an idle tick) is chosen again with that input alone.

A busy chat (session 8, issue 18 item 5; rules written down before they were measured). When the whole chat
runs at ``BUSY_PER_MIN`` lines a minute or more (a line a second: triage's ``busy_rate_per_s``, reused, not
fitted) and another question waits besides this one, the persona does what a streamer does with a scrolling
chat: it answers with the fact alone (``Plan.brief``: no lead-in such as "Good one, lumi."), and it passes
over, silently, a question the knowledge layer cannot answer (``busy/pass``), so the turn goes to a question
it can answer. A question the shop's catalogue answers where the base does not (``Situation.shop_answers``,
session 15: "can i get the big air tee in xxl?") is an answered question here too: brief, never passed over.
In a quiet chat, or with no other question waiting, every question still gets its answer or its honest
don't-know. A question that may come from a viewer in danger is never passed over: ``needs_care``
(set by the assembly: the composer's own care check) is asked first, and without it nothing is passed over.
A question about the host itself (``Percept.about_host``, session 13: "are you a bot?") is never passed over
either: the persona card's answer is short, and a viewer who asks what the host is is owed it. A joke or a
live thing asked (``host_request``: grounding marks it ``about_host`` too since session 15, so the base is
not asked) is passed over as before: it was a question the base cannot answer, and it is no fact owed.

A line said to another viewer (session 15: "@mike did you see that jump") that the tree would take up
(``engage/reply``) is one the composer says nothing for (``agent.dialogue.addressing.said_to_others``): the
plan says so (``quiet/elsewhere``, no act), unless its viewer may need care, so the log tells what was heard.
Session 16: so is a don't-know to a question asked of another viewer ("@kai what's your name?": the composer
says nothing, ``unsaid_dont_know``, known once grounding has looked for the shop's offer) and a single
newcomer's line to someone else that is no greeting (``said_to_others``); a joke or a live thing the
composer answers from the persona card keeps the tree's branch and act, but its reason says so (``_card``).

Session 9 (written from session 8's busy-chat traces, tune lines, before it was measured on the new report
part): under the same condition a brief answer is also cut to the part of its evidence that holds the
answer (``agent.dialogue.brief``: the sentence holding ``Answer.short``, without a trailing clause such as
", who started as an inline skater..."), and a greeting (a newcomer, or a batch of them) is brief too: it
greets the crew instead of reading out up to five names (6.6-7.7 s a batch in session 8's traces).

Session 17 (brief M; rule declared before it was measured; off with ``busy_rules``, the eval's arm of
session 7's behaviour): *a late answer says what it answers* (``Plan.late``): an answer or a don't-know goes
out after its asker
  wrote something newer (``note_line``: the runtime reports every chat line and who wrote it), or ``LATE_S``
  (10 s) or more after the question arrived. Then it opens with the question's own words ("ren, on the most
  golds: Norway topped ...": ``agent.dialogue.recall``). Only the asker's own newer line counts, not anyone's:
  in the demo's chat (~0.7 lines a second) someone has written something newer before nearly every answer, so
  "anyone" would name the question on every answer and spend air time while questions wait; the
  addressee tells the others whom it is for, and it is the asker's own newer line under the same name that
  makes it read as the answer to something else. ``LATE_S``: past every prompt answer measured (session 9's
  busy chat: first audio a median 2.5-3.3 s, at most 8.2 s after the question), and about when a question
  has scrolled off a phone's chat view in the demo's chat (~7 lines). Second version (declared before it was
  measured, after the first was read on the dialogue eval's quiet session, where four answers a line every
  6 s got "mara_k, on the Olympic mascot: the Olympic mascot was ..."): an answer late by its age alone whose
  first sentence already says what was asked (``recall.said_back``) is not named again; a don't-know, and
  every answer after the asker's own newer line, still is.
A second rule of the same brief (with another question waiting, an answer drops its follow-up sentence) was
measured and not kept: the 60 s demo answered 7 questions with it and without it (docs/dialogue.md).

Session 21 (brief D): a newcomer's line that screening reads as no question (triage greets it, alone or in a
batch of newcomers) but perception reads as one ("hi, is the race on"), where the tree would abstain, is
decided again as a line that asks nothing: a don't-know is never said to a batch of newcomers' names.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from agent.dialogue.addressing import (
    act_for_input,
    card_request,
    host_action_asked,
    request_of,
    said_to_others,
    unsaid_dont_know,
)
from agent.dialogue.policy import plan_for
from agent.dialogue.recall import said_back
from agent.events import (
    Comment,
    Emotion,
    Entrance,
    Follow,
    Gift,
    InputEvent,
    Membership,
    Message,
    Question,
    Raid,
    SpeechActName,
    Subscription,
    Superchat,
)
from agent.grounding import shop_answers
from agent.paid import usd_value
from agent.stages import Percept, Plan
from behaviors import BehaviorTree, Decision, Policy, Situation, load_policy

_ACTS: dict[str, SpeechActName] = {
    "answer": "answer",
    "thank": "thank",
    "greet": "greet",
    "inform": "inform",
    "promote": "promote",
    "cheer": "cheer",
    "refuse": "refuse",
    "farewell": "farewell",
    "ask": "ask",
    "clarify": "clarify",
    "apologize": "apologize",
}
_KIND = {
    Comment: "comment",
    Gift: "gift",
    Question: "question",
    Message: "message",
    Superchat: "superchat",  # v1.1 livestream events reach the tree as their own kinds
    Membership: "membership",
    Subscription: "membership",
    Follow: "follow",
    Raid: "raid",
    Entrance: "entrance",
}
_TROLL = frozenset({"spam", "abuse", "injection-attempt"})
BUSY_PER_MIN = 60.0  # chat lines a minute at and above which the chat is busy (triage's 1 line a second)
LATE_S = 10.0  # an answer this long after its question names the question (module docstring; session 17)
_VIEWERS_MAX = 10_000  # viewers whose latest lines are kept (the oldest forgotten first)
_LINES_KEPT = 8  # lines kept per viewer
_TS_TRUSTED_S = 3600.0  # an event time further from ``now`` than this is another clock's: not read


class MoodLike(Protocol):
    def update(self, emotion: Emotion, now: float) -> Emotion: ...
    def current(self, now: float) -> Emotion: ...


@dataclass
class _Recent:
    t: float
    intent: str
    kind: str
    new_viewer: bool


class TreeDecider:
    """The RL-tuned behavior tree behind the agent's ``Decider`` seam."""

    def __init__(
        self,
        policy: str = "default",
        *,
        reporter_mode: bool = False,
        namespace: str | None = None,
        window_s: float = 60.0,
        mood: MoodLike | None = None,
        answer_threshold: float | None = None,
        waiting: Callable[[float], tuple[int, float]] | None = None,
        host: str = "",
    ) -> None:
        """``answer_threshold``: the knowledge layer's abstention threshold, the one answer gate (None: the
        policy's own ``min_answer_confidence``, as in the simulator). ``waiting``: ``now -> (questions
        waiting besides the current input, seconds the oldest has waited)``; None: ``pending_questions``.
        ``host``: the persona's name, to tell "@Frosty ..." (said to the host) from "@mike ..." (not)."""
        loaded = load_policy(policy)
        self.policy_answer_threshold = loaded.thresholds["min_answer_confidence"]
        if answer_threshold is not None:
            if not 0.0 <= answer_threshold <= 1.0:
                raise ValueError(f"answer_threshold {answer_threshold} outside [0, 1]")
            loaded = _gated(loaded, float(answer_threshold))
        self.answer_threshold = loaded.thresholds["min_answer_confidence"]
        self.waiting = waiting
        self.host = host
        self.busy_rules = True  # False: the busy-chat rules off (the behaviour before session 8, to compare)
        self.needs_care: Callable[[str], bool] | None = None  # the composer's care check (see the docstring)
        self.tree = BehaviorTree(loaded, namespace=namespace)
        self.reporter_mode = reporter_mode
        self.window_s = window_s
        self._recent: deque[_Recent] = deque(maxlen=2048)
        self._chat: deque[float] = deque(maxlen=100_000)
        self.last_speech: float | None = None
        self._born: float = 0.0  # the first decision's time: silence is counted from the start of the show
        self.last_promotion: float | None = None
        self.last_answer: float | None = None  # the tree's since_answer feature (behaviors.policy)
        self.pending_questions = 0
        self.pending_gifts = 0
        self.mood = Emotion()
        self._mood_state = mood
        self._lines: OrderedDict[str, deque[tuple[str, float]]] = OrderedDict()  # viewer -> (line id, when)

    # --------------------------------------------------------------- context the runtime reports

    def note_chat(self, now: float) -> None:
        """Count one chat message that arrived (answered or not): the chat rate is the whole chat's."""
        self._chat.append(now)

    def note_line(self, viewer_id: str, line_id: str, now: float) -> None:
        """One chat line of ``viewer_id`` arrived at ``now`` (answered or not): a later answer to an earlier
        line of theirs is late (``late``)."""
        lines = self._lines.pop(viewer_id, None) or deque(maxlen=_LINES_KEPT)
        lines.append((line_id, now))
        self._lines[viewer_id] = lines
        while len(self._lines) > _VIEWERS_MAX:
            self._lines.popitem(last=False)

    def late(self, event: InputEvent | None, now: float) -> str:
        """Whether an answer to ``event`` at ``now`` goes out late: "newer" when its viewer wrote a line after
        it (of the lines ``note_line`` heard), "waited" when it arrived ``LATE_S`` or more ago (when
        ``note_line`` heard it; else by the event's own time, when that is on this clock), else ""."""
        user = getattr(event, "user", None) if event is not None else None
        if event is None or user is None:
            return ""
        lines = list(self._lines.get(user.id, ()))
        at = next((i for i, (line_id, _) in enumerate(lines) if line_id == event.id), None)
        if at is not None:
            if at < len(lines) - 1:
                return "newer"
            return "waited" if now - lines[at][1] >= LATE_S else ""
        age = now - event.ts
        return "waited" if 0.0 <= age <= _TS_TRUSTED_S and age >= LATE_S else ""

    def spoke(self, now: float, act: str | None) -> None:
        self.last_speech = now
        if act == "promote":
            self.last_promotion = now
        elif act == "answer":
            self.last_answer = now

    # --------------------------------------------------------------- the seam

    def decide(self, event: InputEvent | None, percept: Percept | None, now: float) -> Plan:
        situation = self.situation(event, percept, now)
        decision = self.tree.tick(situation)  # every rule (gift thanks, abstain, ...) is a node of it
        if decision.action == "batch_answer" and not _asks(situation):
            # The turn speaks about its own input: a batch answer is realizable when that input is one of
            # the waiting questions. For anything else (a greeting batch, a comment, an idle tick) it would be
            # "I don't know" said to whoever sent it, so the tree chooses again as if this input were all.
            decision = self.tree.tick(dataclasses.replace(situation, pending_questions=1))
        if decision.action == "abstain" and _greeted_not_asked(situation, percept):
            # a newcomer's line screening reads as no question (triage greets it, alone or in a batch of
            # newcomers): a don't-know would be said to the whole batch, so the tree chooses as for a line
            # that asks nothing (session 21, brief D)
            decision = self.tree.tick(dataclasses.replace(situation, intent="chit-chat"))
        plan = self.plan(decision, event, percept)
        if self.busy_rules:
            plan = self._queue(self._busy(plan, situation, percept), situation, event, percept, now)
        return self._card(self._quiet(plan, event, percept), event, percept)

    def _queue(
        self, plan: Plan, s: Situation, event: InputEvent | None, percept: Percept | None, now: float
    ) -> Plan:
        """Session 17's rule (module docstring): a late answer or don't-know names its question
        (``Plan.late``)."""
        if plan.act not in ("answer", "clarify") or not _asks(s) or percept is None:
            return plan
        why = self.late(event, now)
        answer = percept.answer
        if why == "waited" and plan.act == "answer" and answer is not None and not answer.abstained:
            if said_back(percept.text, answer.text):  # the answer says what it answers; no newer line
                return plan
        return dataclasses.replace(plan, late=True) if why else plan

    def _card(self, plan: Plan, event: InputEvent | None, percept: Percept | None) -> Plan:
        """A joke or a live thing asked ("tell me a joke", "show the replay please") that the composer
        answers with the persona card's line for this act (``card_request``): the reason says so, not the
        tree's reading of the line ("praise comment worth a reply"; session 16). Branch and act stay the
        tree's, so the behaviour is the same; only the log tells what is said."""
        if plan.act is None or event is None or percept is None:
            return plan
        asked = card_request(plan.act, percept, event, self.host)
        if asked is None:
            action = host_action_asked(percept)  # a shout-out or a hello asked: taken up (``act_for_input``)
            if action is None or act_for_input(plan.act, percept, event) != "reply":
                return plan
            said = f"a {action[0]} asked" + (f" for {action[1]}" if action[1] else "")
            return dataclasses.replace(
                plan, reason=f"{said}: taken up with a line that does it (the tree: {plan.reason})"
            )
        said = (
            "a joke asked for: the persona card's joke is told"
            if asked.topic == "joke"
            else f"a live thing asked ({asked.thing}): the host says it cannot "
            + ("play it from the studio" if asked.thing == "replay" else "see it from the studio")
        )
        return dataclasses.replace(plan, reason=f"{said} (the tree: {plan.reason})")

    def _quiet(self, plan: Plan, event: InputEvent | None, percept: Percept | None) -> Plan:
        """A take-up of a line said to another viewer ("@mike did you see that jump": the tree's
        ``engage/reply``) is one the composer says nothing for (``said_to_others``): the plan says so
        (``quiet/elsewhere``, no act), so the ``behavior`` event and the silence clock tell what was heard.
        As with a busy pass, a line whose viewer may need care keeps its act (the care line is said) and
        without a care check nothing changes."""
        if plan.act is None or event is None or percept is None:
            return plan
        dont_know = unsaid_dont_know(plan.act, percept, event, self.host)
        if not dont_know and not said_to_others(plan.act, percept, event, self.host):
            return plan
        if self.needs_care is None or self.needs_care(percept.text):
            return plan
        handle = percept.text.split(maxsplit=1)[0] if percept.text.strip() else "@"
        what = "a don't-know asked of them is no reply" if dont_know else "not the host's to take up"
        return Plan(
            branch="quiet/elsewhere",
            reason=f"said to another viewer ({handle[:40]}), not to the host: {what} "
            f"(the tree chose {plan.branch})",
            act=None,
            emotion=plan.emotion,
            addressee=plan.addressee,
        )

    def _busy(self, plan: Plan, s: Situation, percept: Percept | None) -> Plan:
        """The busy-chat rules (module docstring): a brief answer or greeting, or a silent pass over a
        question the base cannot answer, while another question waits in a busy chat."""
        others = s.pending_questions - int(_asks(s) and s.intent == "question")
        if s.chat_rate < BUSY_PER_MIN or others < 1 or percept is None:
            return plan
        if plan.act == "greet":  # the newcomers greeted together, without reading their names out
            return dataclasses.replace(plan, brief=True)
        asked = request_of(percept, self.host) is not None
        if plan.act not in ("answer", "clarify") or (percept.about_host and not asked):  # the card's: owed
            return plan
        answer = percept.answer
        if s.shop_answers or (answer is not None and not answer.abstained and answer.text.strip()):
            # the base's answer, or the shop's catalogue line said in place of its don't-know (``rules/shop``)
            return dataclasses.replace(plan, brief=True) if plan.act == "answer" else plan
        if not _asks(s) or self.needs_care is None or self.needs_care(percept.text):
            return plan
        return Plan(
            branch="busy/pass",
            reason=f"busy chat ({s.chat_rate:.0f} lines/min), {others} other question(s) waiting: "
            + ("a joke or a live thing asked, not a fact" if asked else "the base cannot answer this one"),
            act=None,
            emotion=plan.emotion,
            addressee=plan.addressee,
        )

    def situation(self, event: InputEvent | None, percept: Percept | None, now: float) -> Situation:
        if not self._born:
            self._born = now
        kind = _KIND.get(type(event), "none") if event is not None else "none"
        user = event.user if event is not None else None
        # Who is new is screening's finding (triage's, or the agent's own), carried on the percept.
        screening = percept.screening if percept is not None else None
        new_viewer = bool(screening is not None and screening.newcomer and event is not None)
        intent = percept.intent if percept is not None else "chit-chat"
        if event is not None:
            self._recent.append(_Recent(now, intent, kind, new_viewer))
        while self._recent and now - self._recent[0].t > self.window_s:
            self._recent.popleft()
        while self._chat and now - self._chat[0] > self.window_s:
            self._chat.popleft()
        recent = list(self._recent)[-10:]  # the simulator's shares are over the last 10 direct inputs
        n = max(1, len(recent))
        if self._mood_state is not None:
            self.mood = (
                self._mood_state.update(percept.emotion, now)
                if percept is not None
                else self._mood_state.current(now)
            )
        elif percept is not None:
            self.mood = percept.emotion
        waiting, oldest_s = self.waiting(now) if self.waiting is not None else (self.pending_questions, 0.0)
        asked = intent == "question" and event is not None
        return Situation(
            now=now,
            reporter_mode=self.reporter_mode or isinstance(event, Question),
            kind=kind,  # type: ignore[arg-type]
            intent=intent if event is not None else "chit-chat",
            is_new_viewer=new_viewer,
            answer_confidence=percept.answer_confidence if percept is not None else None,
            gift_value=_worth(event),
            author=user.name if user is not None else None,
            chat_rate=len(self._chat) * 60.0 / self.window_s,
            seconds_since_last_speech=now
            - (self.last_speech if self.last_speech is not None else self._born),
            seconds_since_last_promotion=now - self.last_promotion
            if self.last_promotion is not None
            else 1e9,
            pending_questions=max(0, waiting) + asked,
            pending_gifts=self.pending_gifts + (kind == "gift"),
            valence=self.mood.valence,
            arousal=self.mood.arousal,
            recent_newcomer_share=sum(r.new_viewer for r in recent) / n,
            recent_question_share=sum(r.intent == "question" for r in recent) / n,
            recent_troll_share=sum(r.intent in _TROLL for r in recent) / n,
            recent_gift_share=sum(r.kind == "gift" for r in recent) / n,
            seconds_since_last_answer=now - self.last_answer if self.last_answer is not None else 1e9,
            oldest_question_age_s=max(0.0, oldest_s) if waiting > 0 else 0.0,
            shop_answers=shop_answers(percept) if event is not None else False,
            shop_offers=event is not None and percept is not None and percept.offer is not None,
        )

    def plan(self, decision: Decision, event: InputEvent | None, percept: Percept | None) -> Plan:
        act: SpeechActName | None = _ACTS.get(decision.speech_act or "") if decision.speech_act else None
        user = event.user if event is not None else None
        base = self.mood  # the persona's own mood (moved by the audience), or the input's emotion
        emotion = Emotion(
            label=decision.emotion if decision.emotion != "neutral" else base.label,
            intensity=max(0.0, min(1.0, decision.intensity)),
            valence=base.valence,
            arousal=base.arousal,
        )
        gesture = {"emote": "dance", "cheer": "cheer"}.get(decision.action)  # clips of the gesture catalog
        return Plan(
            branch=decision.branch,
            reason=decision.reason,
            act=act,
            emotion=emotion,
            addressee=decision.target or (user.name if user is not None else None),
            gesture_hint=gesture,
            max_sentences=4 if decision.action == "segment" else 3,
        )


def _asks(s: Situation) -> bool:
    return s.kind != "none" and (s.kind == "question" or s.intent == "question")


def _greeted_not_asked(s: Situation, percept: Percept | None) -> bool:
    """A newcomer's chat line that screening (triage's one question reader, ``Screening.question``) reads
    as no question, which perception reads as one, and the base cannot answer (not the shop's offer)."""
    screening = percept.screening if percept is not None else None
    return (
        s.is_new_viewer
        and s.kind == "comment"
        and s.intent == "question"
        and not s.shop_offers
        and screening is not None
        and not screening.question
    )


def _gated(policy: Policy, threshold: float) -> Policy:
    """``policy`` answering at ``threshold`` (its reference policy too, when it has one)."""
    reference = getattr(policy, "reference", None)
    changes: dict[str, Any] = {
        "thresholds": {**policy.thresholds, "min_answer_confidence": threshold},
    }
    if reference is not None:
        changes["reference"] = _gated(reference, threshold)
    return dataclasses.replace(policy, **changes)


def _worth(event: InputEvent | None) -> float:
    """A gift's amount as the platform counts it; a superchat's worth in US dollars (``agent.paid``)."""
    if isinstance(event, Superchat):
        return usd_value(event.amount, event.currency)
    return float(event.amount) if isinstance(event, Gift) else 0.0


class FixedActDecider:
    """A channel that has already decided what to do (the chat bot: answer with a citation, or say it
    does not know) and asks the turn only to understand and phrase it."""

    def __init__(self, act: SpeechActName, branch: str = "chat/rules") -> None:
        self.act: SpeechActName = act
        self.branch = branch

    def decide(self, event: InputEvent | None, percept: Percept | None, now: float) -> Plan:
        user = event.user if event is not None else None
        return Plan(
            branch=f"{self.branch}/{self.act}",
            reason="the channel's own rule chose the act",
            act=self.act,
            addressee=user.name if user is not None and user.name else None,
        )

    def note_chat(self, now: float) -> None:
        """No chat rate."""

    def spoke(self, now: float, act: str | None) -> None:
        """No clocks."""


class ConversationDecider:
    """The chat profile's decider: a one-to-one conversation answers every message with the speech act its
    intent calls for (``agent.dialogue.policy.plan_for``; abuse and spam get none), in the persona's mood.
    The livestream's tree weighs a whole audience; a chat has one person, who always gets a reply."""

    def __init__(self, mood: MoodLike | None = None) -> None:
        self._mood = mood

    def decide(self, event: InputEvent | None, percept: Percept | None, now: float) -> Plan:
        if event is None or percept is None:
            return Plan(branch="chat/idle", reason="a conversation waits for its next message", act=None)
        feel = self._mood.update(percept.emotion, now) if self._mood is not None else None
        return plan_for(percept, event, feel)

    def note_chat(self, now: float) -> None:
        """A conversation has no chat rate."""

    def spoke(self, now: float, act: str | None) -> None:
        """A conversation keeps no silence clock."""


__all__ = ["ConversationDecider", "FixedActDecider", "TreeDecider"]
