"""The diagnosis of where the learned policy and its baseline differ counts every decision once."""

from __future__ import annotations


def test_the_diagnosis_counts_every_decision_and_each_difference_once() -> None:
    from connectors.commands.behavior import perceived_log
    from evals.behavior_why import diagnose

    out = diagnose(2, log=perceived_log(prefer_shared=False))  # the shipped sample log: arrival times only
    assert out["decisions"] > 0 and sum(out["by_branch"].values()) == out["decisions"]
    differ = sum(out["differ_by_branch"].values())
    assert differ == sum(out["baseline_to_tuned"].values()) or len(out["baseline_to_tuned"]) == 12
    assert out["differ_share"] == round(differ / out["decisions"], 4)
    assert 0.0 <= out["share_with_a_question_waiting"] <= 1.0
    state = {"pending_questions", "chat_rate", "silence_s", "oldest_question_age_s"}
    assert set(out["where_they_differ_median"]) == (state if differ else set())
