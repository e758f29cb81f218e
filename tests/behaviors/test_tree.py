"""The tree: the fixed guard, the reporter branch, thresholds and cooldowns in the tree's own namespace."""

from __future__ import annotations

import numpy as np
import py_trees
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from behaviors import ACTIONS, BehaviorTree, Policy, Situation, handwritten
from behaviors.policy import N_FEATURES
from behaviors.types import ENGAGE_ACTIONS, INTENTS, SPEECH_ACTS


@pytest.fixture
def tree():
    t = BehaviorTree(handwritten(), namespace="test-tree")
    yield t
    t.close()


def q(now: float, conf: float, **kw) -> Situation:
    return Situation(
        now=now, kind="question", intent="question", answer_confidence=conf, pending_questions=1, **kw
    )


def test_confident_question_is_answered_and_doubtful_one_is_not(tree):
    d = tree.tick(q(1.0, 0.9, author="ann", seconds_since_last_promotion=10))
    assert (d.action, d.branch, d.speech_act, d.target) == ("answer", "engage/answer", "answer", "ann")
    d = tree.tick(q(2.0, 0.3, seconds_since_last_promotion=10))
    # the hand-written scores would say something else in its place: the rule makes it an honest don't-know
    assert (d.action, d.branch, d.speech_act) == ("abstain", "rules/abstain", "clarify")


def test_gift_is_thanked_first(tree):
    s = Situation(now=5.0, kind="gift", intent="gift", gift_value=5.0, pending_gifts=1, pending_questions=2,
                  answer_confidence=0.95, author="bob")  # fmt: skip
    d = tree.tick(s)
    assert (d.action, d.speech_act, d.target) == ("thank", "thank", "bob")


def test_newcomer_question_is_answered_by_a_rule_and_a_doubtful_one_is_not(tree):
    d = tree.tick(q(1.0, 0.95, author="ann", is_new_viewer=True, seconds_since_last_promotion=10))
    assert (d.action, d.branch, d.speech_act, d.target) == ("answer", "rules/answer", "answer", "ann")
    d = tree.tick(q(2.0, 0.2, author="bo", is_new_viewer=True, seconds_since_last_promotion=10))
    # too doubtful to answer; a greeting in place of the question would leave it unanswered: don't-know
    assert (d.action, d.branch, d.target) == ("abstain", "rules/abstain", "bo")


@pytest.mark.parametrize("favoured", ["promote", "cheer", "greet", "reply"])  # segment: not valid at all
def test_a_question_is_never_met_with_something_else_said_whatever_the_learned_scores(favoured):
    """The rule sits in the tree after the learned choice: a policy whose scores favour saying something else
    still answers a confident question (and says don't-know to a doubtful one); emote/idle may stand."""
    weights = np.zeros((len(ENGAGE_ACTIONS), N_FEATURES))
    weights[ENGAGE_ACTIONS.index(favoured), 0] = 100.0
    t = BehaviorTree(Policy(name="biased", weights=weights, thresholds=handwritten().thresholds),
                     namespace=f"test-said-{favoured}")  # fmt: skip
    try:
        quiet = {"seconds_since_last_promotion": 9999.0, "seconds_since_last_speech": 99.0,
                 "is_new_viewer": favoured == "greet"}  # fmt: skip
        d = t.tick(q(1.0, 0.9, author="ann", **quiet))
        assert (d.action, d.branch, d.target) == ("answer", "rules/answer", "ann")
        d = t.tick(q(50.0, 0.1, author="bo", **quiet))
        assert (d.action, d.branch, d.target) == ("abstain", "rules/abstain", "bo")
    finally:
        t.close()


def test_reporter_abstain_is_spoken_as_clarify(tree):
    d = tree.tick(q(1.0, 0.1, reporter_mode=True))
    assert (d.action, d.speech_act) == ("abstain", "clarify")


def test_quiet_chat_starts_a_segment(tree):
    d = tree.tick(Situation(now=60.0, seconds_since_last_speech=45.0, seconds_since_last_promotion=60.0))
    assert d.action == "segment" and d.speech_act == "inform" and "silence" in d.reason


def test_busy_chat_batches_questions(tree):
    s = Situation(now=3.0, kind="question", intent="question", answer_confidence=0.8, pending_questions=4,
                  chat_rate=300.0, seconds_since_last_promotion=10.0)  # fmt: skip
    assert tree.tick(s).action == "batch_answer"
    assert tree.tick(Situation(**{**s.__dict__, "chat_rate": 30.0})).action == "answer"


def test_greet_cooldown_lives_in_the_tree(tree):
    new = Situation(
        now=10.0, kind="comment", intent="greeting", is_new_viewer=True, seconds_since_last_promotion=5
    )
    assert tree.tick(new).action == "greet"
    assert tree.tick(Situation(**{**new.__dict__, "now": 15.0})).action != "greet"  # within 20 s
    assert tree.tick(Situation(**{**new.__dict__, "now": 31.0})).action == "greet"
    tree.reset()
    assert tree.tick(Situation(**{**new.__dict__, "now": 32.0})).action == "greet"


def test_reporter_branch_abstains_below_its_confidence(tree):
    d = tree.tick(q(1.0, 0.5, reporter_mode=True))
    assert (d.branch, d.action) == ("reporter/abstain", "abstain")
    assert tree.tick(q(2.0, 0.9, reporter_mode=True)).branch == "reporter/answer"
    assert tree.tick(Situation(now=3.0, reporter_mode=True)).branch == "reporter/idle"


def test_namespaces_do_not_leak():
    a = BehaviorTree(handwritten(), namespace="persona-a")
    p = handwritten()
    p.thresholds["min_answer_confidence"] = 0.95
    b = BehaviorTree(p, namespace="persona-b")
    s = q(1.0, 0.8, seconds_since_last_promotion=10)
    assert a.tick(s).action == "answer"
    assert b.tick(s).action != "answer"
    assert a.thresholds["min_answer_confidence"] == 0.6
    keys = py_trees.blackboard.Blackboard.keys()
    assert "/persona-a/thresholds" in keys and "/persona-b/thresholds" in keys
    a.close()
    b.close()
    keys = py_trees.blackboard.Blackboard.keys()
    assert not any(k.startswith(("/persona-a/", "/persona-b/")) for k in keys)


situations = st.builds(
    Situation,
    now=st.floats(0, 1e5),
    reporter_mode=st.booleans(),
    kind=st.sampled_from(["comment", "gift", "question", "message", "none"]),
    intent=st.sampled_from(INTENTS),
    is_new_viewer=st.booleans(),
    answer_confidence=st.one_of(st.none(), st.floats(0, 1)),
    chat_rate=st.floats(0, 1000),
    seconds_since_last_speech=st.floats(0, 1000),
    seconds_since_last_promotion=st.floats(0, 1e9),
    pending_questions=st.integers(0, 20),
    pending_gifts=st.integers(0, 5),
    valence=st.floats(-1, 1),
    arousal=st.floats(-1, 1),
)


@settings(max_examples=300, deadline=None)
@given(s=situations, seed=st.integers(0, 2**32 - 1))
def test_guard_wins_for_any_parameters(s, seed):
    """Whatever the learned weights and thresholds, abuse and injections are never acted on."""
    rng = np.random.default_rng(seed)
    p = Policy("fuzz", rng.normal(0, 5, (len(ENGAGE_ACTIONS), N_FEATURES)), dict(handwritten().thresholds))
    with BehaviorTree(p, namespace="fuzz") as t:
        d = t.tick(s)
    assert d.action in ACTIONS and d.speech_act == SPEECH_ACTS[d.action]
    if s.kind != "none" and s.intent in ("abuse", "injection-attempt", "spam"):
        assert d.branch.startswith("safety/") and d.action in ("deflect", "ignore")
    elif s.reporter_mode:
        assert d.branch.startswith("reporter/")
    elif s.kind == "gift":  # a rule before the learned choice: the policy's weights cannot skip a gift
        assert (d.action, d.branch, d.target) == ("thank", "rules/thank", s.author)
    else:
        assert d.branch.startswith(("rules/", "engage/"))


KEPT = ("cheer", "emote")


@settings(max_examples=200, deadline=None)
@given(s=situations, seed=st.integers(0, 2**32 - 1), cooldown=st.floats(0, 300))
def test_a_kept_action_is_chosen_exactly_where_the_reference_would_choose_it(s, seed, cooldown):
    """``Policy.keep`` (issue 18, session 7): whatever its own scores (here random, cheer and emote scored
    high), the policy cheers or emotes in a state exactly when its reference would, and then the same one."""
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 3, (len(ENGAGE_ACTIONS), N_FEATURES))
    w[[ENGAGE_ACTIONS.index(a) for a in KEPT], 0] += 20.0  # its own scores would cheer/emote everywhere
    ref = Policy("ref", handwritten().weights, {**handwritten().thresholds, "cheer_cooldown_s": cooldown})
    own = Policy("own", w, dict(handwritten().thresholds), keep=KEPT, reference=ref)
    with BehaviorTree(ref, namespace="kept-ref") as r, BehaviorTree(own, namespace="kept-own") as t:
        dr, d = r.tick(s), t.tick(s)
    if dr.action in KEPT and dr.branch.startswith("engage/"):
        assert d.action == dr.action
    else:
        assert d.action not in KEPT


def test_a_kept_policy_round_trips_with_its_reference(tmp_path):
    ref = handwritten()
    p = Policy(
        "k", np.ones((len(ENGAGE_ACTIONS), N_FEATURES)), dict(ref.thresholds), keep=KEPT, reference=ref
    )
    q = Policy.from_json(p.to_json())
    assert q.keep == KEPT and q.reference is not None
    np.testing.assert_allclose(q.reference.weights, ref.weights)
    assert q.reference.thresholds == ref.thresholds
    with pytest.raises(ValueError, match="no reference"):
        Policy("k", p.weights, dict(ref.thresholds), keep=KEPT)
    with pytest.raises(ValueError, match="unknown"):
        Policy("k", p.weights, dict(ref.thresholds), keep=("dance",), reference=ref)
    with pytest.raises(ValueError, match="idle"):
        Policy("k", p.weights, dict(ref.thresholds), keep=("idle",), reference=ref)


def test_a_question_the_shop_answers_is_an_answer_not_a_dont_know(tree):
    """Session 15: the base cannot answer "can i get the big air tee in xxl?" but the shop's catalogue entry
    does ("Not in XXL: ..."): the tree's decision (and its ``behavior`` event) says an answer, not a
    don't-know; without the entry's answer it is the don't-know as before."""
    d = tree.tick(q(2.0, 0.0, author="ann", seconds_since_last_promotion=10, shop_answers=True))
    assert (d.action, d.branch, d.speech_act, d.target) == ("answer", "rules/shop", "answer", "ann")
    assert "shop's catalogue" in d.reason and "abstain" not in d.branch
    d = tree.tick(q(3.0, 0.0, author="ann", seconds_since_last_promotion=10))
    assert (d.action, d.branch, d.speech_act) == ("abstain", "rules/abstain", "clarify")
    d = tree.tick(q(4.0, 0.9, author="ann", seconds_since_last_promotion=10, shop_answers=True))
    assert (d.action, d.branch) == ("answer", "engage/answer")  # the base answers: nothing changes
    reporter = q(5.0, 0.0, author="rae", reporter_mode=True, shop_answers=True)
    assert tree.tick(reporter).branch == "reporter/shop"
