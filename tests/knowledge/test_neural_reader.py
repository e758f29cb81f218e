"""The neural span reader (opt-in, ``PERSONA_READER=neural``): real weights, real base model, no download."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from knowledge import neural_reader
from knowledge.neural_reader import WEIGHTS_FILE, ReaderUnavailable

needs_weights = pytest.mark.skipif(not WEIGHTS_FILE.is_file(), reason=f"{WEIGHTS_FILE.name} is not built")


def test_base_model_must_be_the_pinned_one(monkeypatch: pytest.MonkeyPatch) -> None:
    neural_reader.base_model_dir.cache_clear()
    monkeypatch.setattr(neural_reader, "BASE_SHA256", "0" * 64)
    try:
        with pytest.raises(ReaderUnavailable, match="pinned"):
            neural_reader.base_model_dir()
    finally:
        neural_reader.base_model_dir.cache_clear()


def test_absent_weights_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderUnavailable, match="absent"):
        neural_reader.NeuralReader(tmp_path / "none.safetensors")


def _passage_bounds(enc: Any, window: int) -> tuple[int, int]:
    """The first and last character of the passage that ``window`` of an encoding covers."""
    offsets = enc["offset_mapping"][window].tolist()
    covered = [o for o, sid in zip(offsets, enc.sequence_ids(window), strict=True) if sid == 1]
    return min(o[0] for o in covered), max(o[1] for o in covered)


def test_a_long_passage_is_read_in_windows_to_its_end() -> None:
    """Windows of at most max_len tokens that overlap and reach the passage's last character; a question
    longer than the window is cut, not an error (the tokenizer panics when the overlap exceeds the room)."""
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(neural_reader.base_model_dir()))
    passage = "The stadium was renovated many times and hosted many events. " * 20 + "Beat Feuz won gold."
    for question, max_len in [
        ("Who won gold?", 128),
        ("Who " + "really " * 300 + "won gold?", 128),
        ("Who?", 64),
    ]:
        enc, owner = neural_reader.encode(tok, question, [passage, "A short one."], max_len)
        assert enc["input_ids"].shape[1] <= max_len
        assert owner.count(0) > 1 and owner.count(1) == 1 and owner == sorted(owner)
        bounds = [_passage_bounds(enc, w) for w, p in enumerate(owner) if p == 0]
        starts, ends = [b[0] for b in bounds], [b[1] for b in bounds]
        assert ends[-1] == len(passage)
        assert all(s < e for s, e in zip(starts[1:], ends[:-1], strict=True))  # consecutive windows overlap


def test_passages_read_a_chunk_with_its_neighbours_in_the_same_section(tmp_path: Path) -> None:
    """``expand``: the chunk before and after, same document and section, in document order; never a
    chunk of another section. The calibration's ``expand`` is read back (0 when a file predates it)."""
    import json

    from knowledge import KnowledgeBase

    docs = tmp_path / "docs"
    docs.mkdir()
    downhill = [
        "The Men's Downhill final was held on 7 February at the Yanqing National Alpine Skiing Centre.",
        "It was the first race of the alpine programme and was delayed by strong winds in the morning.",
        "The course, called the Rock, drops 894 metres over a length of 3,000 metres with jumps.",
        "The gold medal went to Beat Feuz of Switzerland, ahead of Johan Clarey of France.",
        "Matthias Mayer of Austria took the bronze medal, his fourth Olympic medal overall.",
    ]
    (docs / "results.md").write_text(
        "# Results\n\n## Men's Downhill\n\n" + " ".join(downhill) + "\n\n## Curling\n\n"
        "The curling venue, the Ice Cube, was the Water Cube of 2008; it seats 4,500 spectators.\n",
        encoding="utf-8",
    )
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.ingest([docs])
        answerer = kb._answerer
        [(hit, alone)] = answerer.passages("Which course drops 894 metres?", k=1)
        [(hit2, wide)] = answerer.passages("Which course drops 894 metres?", k=1, expand=1)
    assert hit2.chunk_id == hit.chunk_id and "894 metres" in alone
    assert alone.startswith("Men's Downhill. ") and wide.startswith("Men's Downhill. ")
    body = alone.removeprefix("Men's Downhill. ")
    assert len(wide) > len(alone) and body in wide and "Ice Cube" not in wide
    order = [wide.find(s[:30]) for s in downhill if s[:30] in wide]
    assert len(order) >= 2 and order == sorted(order)

    cal = tmp_path / "cal.json"
    cal.write_text(json.dumps({"scale": 1.0, "bias": 0.0, "threshold": 0.5, "passages": 2}), encoding="utf-8")
    assert neural_reader.ReaderCalibration.load(cal).expand == 0
    cal.write_text(
        json.dumps({"scale": 1.0, "bias": 0.0, "threshold": 0.5, "passages": 2, "expand": 1}),
        encoding="utf-8",
    )
    assert neural_reader.ReaderCalibration.load(cal).expand == 1


def test_trainer_windows_long_questions_at_128_tokens() -> None:
    """``--max-len 128`` with a long question: the overlap stays below the passage room (it panicked at
    max_len // 2), and the window holding an answer near the paragraph's end is a positive."""
    from transformers import AutoTokenizer

    from evals import train_neural_reader as trainer

    tok = AutoTokenizer.from_pretrained(str(neural_reader.base_model_dir()))
    ctx = "The stadium was renovated many times and hosted many events. " * 15 + "Beat Feuz won gold."
    question = (
        "Which skier of Switzerland, " + "after a long and storied career, " * 4 + "won the gold medal?"
    )
    qa = {"question": question, "answers": [{"text": "Beat Feuz", "answer_start": ctx.index("Beat Feuz")}]}
    data = {"data": [{"title": "Tiny", "paragraphs": [{"context": ctx, "qas": [qa]}]}]}
    ex = trainer._examples(data, tok, 13, set(), max_len=128)
    positives = [e for e in ex if e[2] > 0]
    assert len(positives) == 1 and all(len(e[0]) <= 128 for e in ex)
    ids, _, s, e = positives[0]
    assert tok.decode(ids[s : e + 1]).lower() == "beat feuz"


def test_trainer_reads_squad2_unanswerable_questions_as_no_answer(tmp_path: Path) -> None:
    """SQuAD 2.0's unanswerable questions (``--extra``) give no-answer windows, every one of them, beside the
    answerable question's span; a file that is not a declared source is refused."""
    from transformers import AutoTokenizer

    from evals import train_neural_reader as trainer

    tok = AutoTokenizer.from_pretrained(str(neural_reader.base_model_dir()))
    ctx = "Beat Feuz of Switzerland won the men's downhill. " * 12
    right = {"question": "Who won?", "answers": [{"text": "Beat Feuz", "answer_start": 0}]}
    impossible = {"question": "Who won the women's slalom?", "answers": [], "is_impossible": True}
    data = {"data": [{"title": "Tiny", "paragraphs": [{"context": ctx, "qas": [right, impossible]}]}]}
    ex = trainer._examples(data, tok, 13, set(), max_len=64)
    question_ids = tok("Who won the women's slalom?")["input_ids"][1:-1]
    of_impossible = [e for e in ex if e[0][1 : 1 + len(question_ids)] == question_ids]
    assert len(of_impossible) > 1 and all(e[2] == e[3] == 0 for e in of_impossible)
    assert any(e[2] > 0 for e in ex)
    stray = tmp_path / "train-v2.0.json"
    stray.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SystemExit, match="not a declared"):
        trainer.extra_articles([stray], set())
    with pytest.raises(SystemExit):  # argparse's error: a repeat below 1 would drop the declared files
        trainer.main(["--data", str(stray), "--out", str(tmp_path), "--extra-repeat", "0"])


@needs_weights
def test_reads_the_answer_and_prefers_the_passage_that_holds_it() -> None:
    model = neural_reader.load()
    answering = (
        "The Men's Downhill final was held on 7 February at the Yanqing National Alpine Skiing Centre. "
        "The gold medal went to Beat Feuz of Switzerland, ahead of Johan Clarey of France."
    )
    other = "The curling venue, the Ice Cube, was the Water Cube of 2008; it seats 4,500 spectators."
    spans = model.spans("Who won the gold medal in the men's downhill?", [other, answering])
    by_passage = {s.passage: s for s in spans}
    assert "Feuz" in by_passage[1].text
    assert by_passage[1].margin > by_passage[0].margin
    best, p = model.best("Who won the gold medal in the men's downhill?", [other, answering])
    assert best is not None and best.passage == 1 and 0.0 <= p <= 1.0
    when, _ = model.best("When was the men's downhill final held?", [answering])
    assert when is not None and "7 February" in when.text


@needs_weights
def test_answer_path_cites_the_sentence_that_holds_the_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from knowledge import KnowledgeBase
    from knowledge.answer import READER_ENV

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "results.md").write_text(
        "# Results\n\n## Men's Downhill\n\nThe final was held on 7 February at Yanqing. "
        "The gold medal went to Beat Feuz of Switzerland.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(READER_ENV, "neural")
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.ingest([docs])
        kb.warm()  # runs the reader once
        got = kb.answer("who won the men's downhill?")
    if not got.abstained:
        assert "Feuz" in got.short and got.citations and "Feuz" in got.citations[0].span
    assert 0.0 <= got.confidence <= 1.0


def test_pack_trains_a_cheaper_reader_that_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The GPU recipe's path end to end on a tiny SQuAD-format file: pack (int8 word embeddings, fp16 rest,
    gzipped data), train from the pack with 2 layers and 64-token windows, and load the weights at run time
    with the layer count and window the file records."""
    import gzip
    import hashlib
    import json

    from evals import train_neural_reader as trainer

    ctx = "The gold medal went to Beat Feuz of Switzerland. The final was held on 7 February at Yanqing."
    qas = [
        {"question": "Who won the gold medal?", "answers": [{"text": "Beat Feuz", "answer_start": 23}]},
        {"question": "When was the final held?", "answers": [{"text": "7 February", "answer_start": 71}]},
    ]
    data = {
        "data": [
            {"title": "Tiny", "paragraphs": [{"context": ctx, "qas": qas}, {"context": ctx, "qas": qas}]}
        ]
    }
    raw = json.dumps(data).encode()
    src = tmp_path / "train.json"
    src.write_bytes(raw)
    monkeypatch.setattr(trainer, "TRAIN_SHA256", hashlib.sha256(raw).hexdigest())
    pack = tmp_path / "pack"
    assert trainer.main(["--pack", str(pack), "--data", str(src)]) == 0
    assert gzip.decompress((pack / "train-v1.1.json.gz").read_bytes()) == raw
    assert (pack / "base" / "packed.safetensors").stat().st_size < 40e6  # travels: under half of 91 MB
    out = tmp_path / "run"
    args = ["--data", str(pack / "train-v1.1.json.gz"), "--from-pack", str(pack), "--out", str(out)]
    assert trainer.main([*args, "--steps", "2", "--batch", "2", "--layers", "2", "--max-len", "64"]) == 0
    # the tiny reader runs without the working tree's calibration and head (fitted for the real reader)
    monkeypatch.setattr(neural_reader, "HEAD_FILE", tmp_path / "no-head.json")
    monkeypatch.setattr(neural_reader, "CALIBRATION_FILE", tmp_path / "no-calibration.json")
    model = neural_reader.NeuralReader(out / "reader.safetensors", int8=False)
    assert model.max_len == 64 and len(model.model.bert.encoder.layer) == 2
    assert len(model.spans("Who won the gold medal?", [ctx])) == 1

    # the no-answer head: with one, a span's score is the head's logit over the window's features; a
    # calibration fitted on a head refuses to run without one; a head of another width is refused
    import numpy as np

    width = model.model.config.hidden_size + len(neural_reader.SCALARS)
    head = neural_reader.NoAnswerHead(np.zeros(width), 2.5, np.zeros(width), np.ones(width))
    weights = out / "reader.safetensors"
    [span] = neural_reader.NeuralReader(weights, int8=False, head=head).spans("Who won?", [ctx])
    assert (
        span.score == 2.5
        and len(span.features) == width
        and span.features[-len(neural_reader.SCALARS)] == span.margin
    )
    [plain] = model.spans("Who won?", [ctx])
    assert plain.score == plain.margin
    on_head = neural_reader.ReaderCalibration(1.0, 0.0, 0.5, 2, score="head")
    with pytest.raises(ReaderUnavailable, match="absent"):
        neural_reader.NeuralReader(weights, calibration=on_head, int8=False)
    _, p = neural_reader.NeuralReader(weights, calibration=on_head, int8=False, head=head).best("Who?", [ctx])
    assert p == pytest.approx(1 / (1 + np.exp(-2.5)))  # ranked and calibrated on the head's logit
    narrow = neural_reader.NoAnswerHead(np.zeros(10), 0.0, np.zeros(10), np.ones(10))
    with pytest.raises(ReaderUnavailable, match="does not fit"):
        neural_reader.NeuralReader(weights, int8=False, head=narrow)

    # carry on from that reader (--init, --skip): another layer count is refused with a clear error; the
    # saved tensors load back as they are; the new file records the examples seen in all and its origin
    with pytest.raises(SystemExit, match="2 layers, not --layers 3"):
        trainer.main(
            [
                *args,
                "--steps",
                "1",
                "--batch",
                "2",
                "--layers",
                "3",
                "--init",
                str(out / "reader.safetensors"),
            ]
        )
    from safetensors import safe_open
    from safetensors.torch import load_file
    from transformers import AutoModelForQuestionAnswering

    fresh = AutoModelForQuestionAnswering.from_pretrained(str(out / "base"))
    fresh.bert.encoder.layer = fresh.bert.encoder.layer[:2]
    trainer._load_init(fresh, out / "reader.safetensors", 2)
    saved, now = load_file(str(out / "reader.safetensors")), fresh.state_dict()
    assert saved and all(bool((now[k] == v.float()).all()) for k, v in saved.items())
    more = tmp_path / "more"
    cont = ["--init", str(out / "reader.safetensors"), "--skip", "4", "--out", str(more)]
    assert (
        trainer.main([*args, "--steps", "1", "--batch", "2", "--layers", "2", "--max-len", "64", *cont]) == 0
    )
    with safe_open(str(more / "reader.safetensors"), framework="pt") as f:
        meta = f.metadata()
    assert meta["examples"] == "6" and meta["init"].startswith("reader.safetensors sha256 ")
