"""`persona eval triage` on the Twitch log: picks judged by the committed blind labels."""

from __future__ import annotations

import json

import pytest

from agent.perception.data import splits
from evals import triage_quality
from evals.result import EvalOptions


def test_label_pool_is_blind_and_complete() -> None:
    pool = [json.loads(x) for x in triage_quality.POOL.read_text(encoding="utf-8").splitlines()]
    labels = [json.loads(x) for x in triage_quality.LABELS.read_text(encoding="utf-8").splitlines()]
    key = json.loads(triage_quality.KEY.read_text(encoding="utf-8"))
    assert len(pool) == len(labels) == len(key) == 400
    assert set(pool[0]) == {"id", "text"}  # the pool itself says nothing of where a line came from
    assert {lab["label"] for lab in labels} <= {"question", "greeting", "other"}
    assert sum(v[0] == "pick" for v in key.values()) == 200


@pytest.mark.skipif(not (splits.SHARED_DATA / "chat").is_dir(), reason="../shared/data/chat is absent")
def test_eval_triage_on_the_log() -> None:
    r = triage_quality.run(EvalOptions())
    m = r.metrics
    assert r.details["stats"]["accounted"]
    assert m["median_wait_s"] <= 15
    assert m["real_question_share"] > m["random_line_question_share"]
    assert m["greeting_items"] > 0 and m["expired"] > 0
