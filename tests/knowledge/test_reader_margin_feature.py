"""The reader's margin as a feature of the confidence model (session 21, brief A2b): the clipped value, a
model without its weight reading exactly the twelve features as before, and the answer path reading the margin
before the probability where the model weighs it."""

from dataclasses import replace

import numpy as np

from evals.qa_calibration import _features, feature_names, fit_weights
from evals.qa_parts import Item
from knowledge import KnowledgeBase, gate
from knowledge.answer import (
    FEATURES,
    MARGIN_HIGH,
    MARGIN_LOW,
    READER_MARGIN,
    Calibration,
    reader_margin,
)


def test_the_margin_is_clipped_and_zero_without_a_read() -> None:
    assert reader_margin(None) == 0.0
    assert reader_margin(gate.CitedRead("", {"none_in": 1.0})) == 0.0  # the signal not read
    assert reader_margin(gate.CitedRead("", {"none_in": 1.0, "margin_in": -20.0})) == MARGIN_LOW
    assert reader_margin(gate.CitedRead("x", {"margin_in": 3.25})) == 3.25
    assert reader_margin(gate.CitedRead("x", {"margin_in": 40.0})) == MARGIN_HIGH


def test_a_model_without_the_weight_reads_the_twelve_features() -> None:
    shipped = Calibration.load()
    assert shipped.names == (FEATURES if not shipped.weighs_margin else (*FEATURES, READER_MARGIN))
    assert shipped.to_json()["features"] == list(shipped.names)
    plain = replace(shipped, weights={k: v for k, v in shipped.weights.items() if k != READER_MARGIN})
    features = dict.fromkeys(FEATURES, 0.5)
    # the margin is not read by a model that does not weigh it, whatever the features hold
    assert plain.probability(features) == plain.probability({**features, READER_MARGIN: 9.0})
    weighs = replace(plain, weights={**plain.weights, READER_MARGIN: 0.4})
    assert weighs.weighs_margin and weighs.names == (*FEATURES, READER_MARGIN)
    assert weighs.probability({**features, READER_MARGIN: 5.0}) > weighs.probability(features)


def test_fit_weights_names_the_margin_column() -> None:
    rng = np.random.default_rng(0)
    names = feature_names(margin=True)
    x = rng.normal(size=(200, len(names)))
    y = (x[:, -1] > 0).astype(float)  # only the margin tells them apart
    weights, _ = fit_weights(x, y, names)
    assert list(weights) == list(names)
    assert weights[READER_MARGIN] > 0 and abs(weights[READER_MARGIN]) > max(abs(weights[f]) for f in FEATURES)


def test_the_path_reads_the_margin_before_the_probability(sample_kb: KnowledgeBase) -> None:
    answerer = sample_kb._answerer
    before = answerer.calibration
    weighs = replace(before, weights={**before.weights, READER_MARGIN: 0.3})
    question = "when were the beijing winter olympics held?"
    answerer.calibration = weighs
    try:
        got = sample_kb.answer(question)
        ev = answerer.evidence(question)
        assert ev is not None
        read = answerer.cited_read(question, ev)
        assert read is not None
        margin = reader_margin(read)
        assert margin != 0.0
        expected = weighs.probability({**ev.features, READER_MARGIN: margin})
        assert abs(got.confidence - expected) < 1e-9
        assert abs(got.confidence - before.probability(ev.features)) > 1e-6  # the margin moved it
        # the fit's rows carry the same value as the path's last column
        item = Item(id="z", question=question, answerable=True)
        x, _, _ = _features(sample_kb, [item], margin=True)
        assert x.shape[1] == len(FEATURES) + 1 and abs(x[0, -1] - margin) < 1e-9
    finally:
        answerer.calibration = before
