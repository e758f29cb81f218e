"""The default path's gate hears the reader (session 12, ``knowledge/gate.py``): the calibration's answer is
vetoed where the neural reader reads no answer inside the cited sentence. Real base model, real committed
reader weights, a real base in a temporary folder; the calibration is fixed to answer, so the veto decides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from evals import gate_fit
from knowledge import KnowledgeBase, gate
from knowledge.answer import GATE_ENV, Answerer, Calibration
from knowledge.neural_reader import WEIGHTS_FILE

needs_weights = pytest.mark.skipif(not WEIGHTS_FILE.is_file(), reason=f"{WEIGHTS_FILE.name} is not built")

SHOW = """# About the show

## The stream

The show went live for the first time on 1 December 2021, ahead of the Beijing 2022 Winter Games. It streams \
every weekday at 18:00 from a small studio in Oslo.

## The shop

Order mugs and scarves from the Snowline Shop link in the stream description. Parcels ship within three days.
"""
ANSWERABLE = {
    "When did the show first go live?": "1 December 2021",
    "How fast do parcels ship?": "three days",
}
#: the base has a sentence on the same topic, and no answer
#: (session 14: "the host's real name" is now turned down by rule 19 before the gate - "name" is no word
#: of this base - so the question asks for the same thing another way; session 15: "PayPal" beside
#: "Snowline" is now turned down by rule 21 - no word of English the base never uses - so "by card")
UNANSWERABLE = ("What is the name of the host?", "Can I pay by card in the Snowline Shop?")


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("gate")
    (root / "docs").mkdir()
    (root / "docs" / "show.md").write_text(SHOW, encoding="utf-8")
    with KnowledgeBase.open(root / "kb") as kb:
        kb.ingest([root / "docs"])
    kb = KnowledgeBase.open(root / "kb", read_only=True)
    yield kb
    kb.close()


def _answerer(kb: KnowledgeBase, veto: gate.Gate | None) -> Answerer:
    answerer = Answerer(kb._retriever, Calibration({}, bias=5.0, threshold=0.5))  # p = 0.993: always answers
    answerer.gate = veto
    return answerer


@needs_weights
def test_the_reader_vetoes_an_answer_it_cannot_read(show: KnowledgeBase) -> None:
    without, with_gate = _answerer(show, None), _answerer(show, gate.Gate("margin_in", -2.5))
    for question in UNANSWERABLE:
        assert not without.answer(question).abstained  # the calibration alone answers: the gate's job
        got = with_gate.answer(question)
        assert got.abstained and not got.citations and not got.short
        read = with_gate.cited_read(question, with_gate.evidence(question))
        assert read is not None and read.signals["margin_in"] < -2.5
    for question, short in ANSWERABLE.items():
        old, new = without.answer(question), with_gate.answer(question)
        assert not new.abstained and new.short == old.short == short  # one read serves gate and short
        assert new.text == old.text and new.confidence == old.confidence


def test_without_the_reader_the_calibration_decides_alone(show: KnowledgeBase) -> None:
    answerer = _answerer(show, gate.Gate("margin_in", 1e9))  # a veto that would refuse everything
    answerer._short_loaded, answerer._short_reader = True, None  # as when the weights are absent
    question = UNANSWERABLE[0]
    assert answerer.cited_read(question, answerer.evidence(question)) is None
    got = answerer.answer(question)
    assert not got.abstained and got.citations  # the calibration's answer, as before session 12


@needs_weights
def test_read_cited_reads_the_sentence_and_the_chunk(show: KnowledgeBase) -> None:
    answerer = _answerer(show, gate.Gate("in_sentence", 0.5))
    question = "When did the show first go live?"
    ev = answerer.evidence(question)
    read = answerer.cited_read(question, ev)
    assert read is not None and "1 December 2021" in read.text and read.text in ev.sentence
    assert read.signals["in_sentence"] == 1.0 and read.signals["none_in"] == 0.0
    assert read.signals["margin_best"] >= read.signals["margin_in"] - 1e-6
    model = answerer.short_reader()
    assert model is not None
    assert gate.read_cited(model, question, "A sentence the chunk does not hold.", "", ev.hit.text) is None


def test_gate_file(tmp_path: Path) -> None:
    path = tmp_path / "gate.json"
    assert gate.load_gate(path) is None  # absent: the calibration decides alone
    path.write_text(json.dumps({"signal": "margin_in", "tau": -2.5}), encoding="utf-8")
    g = gate.load_gate(path)
    assert g is not None and not g.whole
    assert g.allows({"margin_in": -2.5}) and not g.allows({"margin_in": -2.6}) and g.allows({})
    bad_files = ({"signal": "p_logit", "tau": 0}, {"signal": "margin_in"}, {"signal": "x", "tau": 1})
    for bad in (*bad_files, {"signal": "margin_in", "tau": "nan"}, {"signal": "margin_in", "tau": [1]}):
        path.write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(ValueError):
            gate.Gate.load(path)
    if gate.GATE_FILE.is_file():  # the shipped file is one the code reads
        assert gate.Gate.load().signal in (*gate.SIGNALS, gate.LINEAR)


def test_gate_env(monkeypatch: pytest.MonkeyPatch, sample_kb: KnowledgeBase) -> None:
    retriever = sample_kb._retriever
    monkeypatch.setenv(GATE_ENV, "calibration")
    assert Answerer(retriever).gate is None
    monkeypatch.setenv(GATE_ENV, "reader")
    assert (Answerer(retriever).gate is not None) == gate.GATE_FILE.is_file()
    monkeypatch.setenv(GATE_ENV, "sometimes")
    with pytest.raises(ValueError, match=GATE_ENV):
        Answerer(retriever)


def _row(data: str, answerable: bool, right: bool, margin: float, p: float = 0.9) -> dict[str, Any]:
    return {
        "data": data, "answerable": answerable, "right": float(right), "f1": float(right), "p": p,
        "evidence": True, "forced": False, "signals": {"margin_in": margin}, "group": data,
    }  # fmt: skip


def test_fit_veto_follows_the_declared_rule() -> None:
    # SQuAD: unanswerable questions the calibration answers, at low margins; right answers at high margins
    squad = [_row("squad", False, False, -5.0 - k) for k in range(6)] + [
        _row("squad", True, True, 3.0 + k) for k in range(4)
    ]
    sample = [_row("sample", True, True, 4.0) for _ in range(19)] + [_row("sample", False, False, -6.0)]
    tau = gate_fit.fit_veto(squad + sample, threshold=0.5)
    assert tau is not None and -5.0 < tau <= 3.0  # every low-margin answer vetoed, no right one
    after = gate_fit.figures(squad + sample, gate_fit.vetoed(squad + sample, 0.5, "margin_in", tau))
    assert after["squad_f1"] == 1.0 and after["sample_accuracy"] == 1.0
    # a veto that would take sample accuracy under 0.9 is refused, however much SQuAD gains
    costly = [_row("sample", True, True, -9.0) for _ in range(3)] + [_row("sample", True, True, 4.0)] * 7
    tau = gate_fit.fit_veto(squad + costly, threshold=0.5)
    assert tau is not None and tau <= -9.0  # only the SQuAD answer below every sample one is vetoed
    assert gate_fit.fit_veto(squad[6:] + costly, threshold=0.5) is None  # nothing to gain: no veto


def test_auc() -> None:
    score = np.array([0.9, 0.8, 0.3, 0.1, 0.5, 0.5])
    positive = np.array([True, True, False, False, True, False])
    assert gate_fit.auc(score, positive) == pytest.approx(8.5 / 9)
    assert gate_fit.auc(score[:2], positive[:2]) != gate_fit.auc(score[:2], positive[:2])  # nan: one class


def test_lexical_signals_find_the_word_the_chunk_lacks() -> None:
    idf = {"norman": 0.3, "conquer": 0.5, "germany": 1.0, "england": 0.6, "1066": 0.9}.get
    chunk = "In 1066 the Normans conquered England. Their duke became its king."
    heads = "Normans > Conquest"

    def signals(question: str, span: str = "") -> dict[str, float]:
        from knowledge.answer import question_terms

        terms = question_terms(question)
        return gate.lexical_signals(
            question, terms, chunk.split(". ")[0], chunk, heads, lambda t: idf(t, 0.4), span
        )

    held = signals("When did the Normans conquer England?", span="1066")
    assert held["cover_chunk"] == 1.0 and held["missing_chunk"] == 0.0 and held["rarest_in"] == 1.0
    assert held["numbers_in"] == 1.0 and held["span_overlap"] == 0.0 and held["unknown"] == 0.0
    # one name swapped ("Germany" for "England"): the rarest word is absent, and unknown to the base
    swapped = signals("When did the Normans conquer Germany?", span="the Normans conquered")
    assert swapped["rarest_in"] == 0.0 and swapped["missing_chunk"] == 1.0
    assert 0.0 < swapped["cover_chunk"] < 1.0 and swapped["unknown"] == pytest.approx(1.0 / 1.8)
    assert swapped["span_overlap"] == 1.0  # the span only repeats the question's words
    year = signals("What did the Normans conquer in 1067?")
    assert year["numbers_in"] == 0.0 and signals("What did the Normans conquer in 1066?")["numbers_in"] == 1.0
    assert gate.lexical_signals("Why?", [], "", chunk, heads, lambda t: 1.0)["cover_chunk"] == 1.0
    assert held["negated_asked"] == 0.0 and held["negated_told"] == 0.0
    # asked in the negative of a sentence that states only what is: another question
    assert signals("What didn't the Normans conquer?")["negated_asked"] == 1.0
    told = gate.lexical_signals("What did they win?", [], "They won no medal.", chunk, heads, lambda t: 1.0)
    assert told["negated_told"] == 1.0 and told["negated_asked"] == 0.0
    other = "They conquered every land except Wales."
    assert (
        gate.lexical_signals("What didn't they conquer?", [], other, other, "", idf)["negated_asked"] == 0.0
    )


def test_a_linear_gate_weighs_several_signals(tmp_path: Path) -> None:
    g = gate.Gate(gate.LINEAR, 0.0, weights={"margin_in": 0.5, "cover_chunk": 4.0}, bias=-3.0)
    assert g.value({"margin_in": 2.0, "cover_chunk": 0.5}) == pytest.approx(0.0)
    assert g.allows({"margin_in": 2.0, "cover_chunk": 0.5})
    assert not g.allows({"margin_in": 2.0, "cover_chunk": 0.25})
    assert g.allows({"margin_in": -9.0})  # a signal not read: no veto
    assert not g.whole and g.names == ("margin_in", "cover_chunk")
    path = tmp_path / "gate.json"
    path.write_text(json.dumps(g.to_json()), encoding="utf-8")
    assert gate.Gate.load(path) == g
    for bad in (
        {"signal": "linear", "tau": 0},
        {"signal": "linear", "tau": 0, "weights": {"p_logit": 1.0}},
        {"signal": "linear", "tau": 0, "weights": {"margin_in": "x"}},
        {"signal": "linear", "tau": 0, "weights": {"margin_in": 1.0}, "bias": "nan"},
    ):
        path.write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(ValueError):
            gate.Gate.load(path)


@needs_weights
def test_the_answer_path_reads_the_lexical_signals_its_gate_weighs(show: KnowledgeBase) -> None:
    weighs = gate.Gate(gate.LINEAR, 0.0, weights={"margin_in": 1.0, "rarest_in": 1.0, "unknown": 1.0})
    answerer = _answerer(show, weighs)
    question = "Can I pay with PayPal in the Snowline Shop?"
    read = answerer.cited_read(question, answerer.evidence(question))
    assert read is not None and read.signals.keys() & set(gate.LEXICAL) == {"rarest_in", "unknown"}
    assert read.signals["rarest_in"] == 0.0 and read.signals["unknown"] > 0  # "PayPal": no chunk has it
    # a gate on the reader's margin alone: no lexical signal is computed on the answer path
    answerer = _answerer(show, gate.Gate("margin_in", -2.5))
    read = answerer.cited_read(question, answerer.evidence(question))
    assert read is not None and not read.signals.keys() & set(gate.LEXICAL)


def test_lexical_signals_named_are_those_of_all() -> None:
    """Computing only the signals a gate names gives each the value it has among all of them (brief M,
    session 15), on questions that set each group: coverage, numbers, the span, negation."""
    idf = {"norman": 0.3, "conquer": 0.5, "germany": 1.0, "england": 0.6, "1066": 0.9}.get
    chunk = "In 1066 the Normans conquered England. Their duke did not become its king."
    cases = [
        ("When did the Normans conquer England?", chunk.split(". ")[0], "1066"),
        ("What didn't the Normans conquer in 1067?", chunk.split(". ")[0], "the Normans conquered"),
        ("Who did the Normans' duke become?", chunk.split(". ")[1], ""),
        ("Why?", "", ""),
    ]
    from knowledge.answer import question_terms

    for question, sentence, span in cases:
        terms = question_terms(question)
        args = (question, terms, sentence, chunk, "Normans > Conquest", lambda t: idf(t, 0.4), span)
        every = gate.lexical_signals(*args)
        assert list(every) == list(gate.LEXICAL)
        for names in (("margin_in", "negated_asked", "negated_told"), ("numbers_in",), ("span_overlap",)):
            assert gate.lexical_signals(*args, names) == {n: every[n] for n in names if n in every}
        for name in gate.LEXICAL:
            assert gate.lexical_signals(*args, (name,)) == {name: every[name]}
        assert gate.lexical_signals(*args, ("margin_in",)) == {}
        assert gate.lexical_signals(*args, gate.LEXICAL) == every
