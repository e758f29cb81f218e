"""`persona eval qa`: retrieval and answer quality on the sample knowledge base.

The dev set (``evals/data/qa_dev.jsonl``) has questions phrased as viewers and reporters ask them, each with
the answer strings a right answer must contain and the sources it may cite; unanswerable ones have none.
It is split in two halves by a hash of the question id: the *calibration* half fits the answer module's
confidence model and abstention threshold (``python -m evals.qa --calibrate``), the *test* half is held out.
The near-miss set (``evals/data/qa_hard.jsonl``, session 10) adds questions a passage on the same topic does
not answer (other year or Games, other event, other relation, the entity absent) and answerable ones of the
same shapes, each with its declared split. Figures are reported for the whole set and for the held-out half.

Also scored: image queries, every catalog photo altered (resized, cropped 10%, recompressed, re-lit), by top-1
accuracy of ``search_image``, and the same photos with a question ("how much is this?").
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

from evals import qa_squad
from evals.result import EvalOptions, EvalResult, Target
from knowledge import Answer, Citation, Hit, KnowledgeBase
from knowledge.answer import CALIBRATION_FILE, FEATURES, Calibration, typed_enough
from knowledge.kb import SAMPLE_DIR
from knowledge.nlp import fold

DEV_SET = Path(__file__).resolve().parent / "data" / "qa_dev.jsonl"
#: near-miss questions written in session 10 (issue 14 item 2): a passage on the same topic that answers a
#: different question (other year or Games, other event, other relation, the entity absent), beside
#: answerable questions of the same shapes; each line declares its split (calibration or test, alternating
#: within each kind in the order written), committed before any rule was measured on them
HARD_SET = DEV_SET.with_name("qa_hard.jsonl")
#: a fresh near-miss set written in session 11 (the same four kinds, no question repeated), committed before
#: any rule or gate was measured on it; declared split: a third calibration, two thirds test
FRESH_SET = DEV_SET.with_name("qa_fresh.jsonl")
#: a second fresh set written in session 12 (the four kinds plus off-topic questions, no question repeated),
#: committed before anything was measured on it; declared split: a third calibration, two thirds test
FRESH2_SET = DEV_SET.with_name("qa_fresh2.jsonl")
#: a third fresh set written in session 13 (150 questions: 60 answerable facts over every document, 20 shop
#: questions, 50 near misses - other year, event, relation, an absent entity, a product the shop lacks - and
#: 20 off-topic or about-the-host), committed before anything was measured on it; declared split, mechanical:
#: the file is written grouped by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1
#: (lines 1, 4, 7, ..., 148: 50 calibration, 100 test)
FRESH3_SET = DEV_SET.with_name("qa_fresh3.jsonl")
#: a fourth fresh set written in session 14 (the same shape as the third: 60 answerable facts over every
#: winter-sports document, the press kit and both media transcripts, 20 shop questions, 50 near misses and 20
#: off-topic or about-the-host questions; no question shares its content words with the other files), written
#: from the documents alone and committed (8a80047) before anything was measured on it, because every earlier
#: test part had been read; declared split, mechanical: the file is written grouped by (kind, answerable) and
#: its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50 calibration, 100 test)
FRESH4_SET = DEV_SET.with_name("qa_fresh4.jsonl")
#: a fifth fresh set written in session 15 (the fourth's shape: 60 answerable facts over the six winter-sports
#: documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host questions; no
#: question shares its content words with the other files), written from the documents alone and committed
#: (39c17a7) before anything was measured on it, because every earlier test part had been read; declared
#: split, mechanical: the file is written grouped by (kind, answerable) and its line n (1-based) is
#: calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50 calibration, 100 test)
FRESH5_SET = DEV_SET.with_name("qa_fresh5.jsonl")
#: a sixth fresh set written in session 16 (the fifth's shape: 60 answerable facts over the six winter-sports
#: documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host questions; no
#: question shares its content words with the other files), written from the documents alone and committed
#: (933c94c) before anything was measured on it, because every earlier test part had been read; declared
#: split, mechanical: the file is written grouped by (kind, answerable) and its line n (1-based) is
#: calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50 calibration, 100 test). Its calibration part was
#: session 16's check part; from session 17 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH6_SET = DEV_SET.with_name("qa_fresh6.jsonl")
#: a seventh fresh set written in session 17 (the sixth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; no question shares its content words with the other files), written from the documents alone
#: and committed (6178856) before anything was measured on it, because every earlier test part had been
#: read; declared split, mechanical: the file is written grouped by (kind, answerable) and its line n
#: (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50 calibration, 100 test). Its test
#: part was session 17's report part and its calibration part that session's check part; from session 18 on
#: both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH7_SET = DEV_SET.with_name("qa_fresh7.jsonl")
#: an eighth fresh set written in session 18 (the seventh's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; no question shares its content words with the other files), written from the documents alone
#: and committed (919f225) before anything was measured on it, because every earlier test part had been
#: read; declared split, mechanical: the file is written grouped by (kind, answerable) and its line n
#: (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50 calibration, 100 test). Its test
#: part was session 18's report part and its calibration part that session's check part; from session 19 on
#: both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH8_SET = DEV_SET.with_name("qa_fresh8.jsonl")
#: a ninth fresh set written in session 19 (the eighth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; no question shares its content words, nor its stems by a Jaccard index of 0.66 or more, with
#: the other files), written from the documents alone and committed (848eb60) before anything was measured on
#: it, because every earlier test part had been read; declared split, mechanical: the file is written grouped
#: by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50
#: calibration, 100 test). Its test part is session 19's report part (unseen: only the lead scores it, once);
#: its calibration part is the session's check part: aggregates only, never its rows, kept out of every fit
#: (``--leave-out fresh9``)
FRESH9_SET = DEV_SET.with_name("qa_fresh9.jsonl")
#: the session's check part (:data:`FRESH9_SET`'s calibration split): aggregates only, never its rows, kept
#: out of every fit; the one name every eval that leaves it out reads
CHECK_PART = "fresh9"
#: held-apart parts whose test split the lead has read and then declared fit data, so the headline (every
#: held-apart row) still counts them but :func:`part_figures`' ``unfitted_*`` leaves them out: fresh5's
#: test part was read at the end of session 15 and fitted on in session 16 (declared at its start); fresh6's
#: was read at the end of session 16 and declared fit data at 09:15 UTC of session 17, before anything of
#: that session was measured; fresh7's was read by the lead at the end of session 17 and declared fit data
#: at 12:25 UTC (Dec 6) of session 18, before anything of that session was measured; fresh8's was read by
#: the lead at the end of session 18 and declared fit data at 15:20 UTC (Dec 6) of session 19, before
#: anything of that session was measured (commit bf01f03)
FITTED_TEST_PARTS = ("fresh5", "fresh6", "fresh7", "fresh8")
TARGETS = [
    Target("answer_accuracy", ">=", 0.9),
    Target("abstention_precision", ">=", 0.9),
    Target("image_top1", ">=", 0.95),
    Target("image_unknown_abstention", ">=", 0.9),
]


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    answerable: bool
    answers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    evidence: str = ""
    #: the split the question file declares ("" = by a hash of the id, as in qa_dev.jsonl)
    declared: str = ""
    #: what kind of near miss a question of qa_hard.jsonl is (year, event, relation, entity)
    kind: str = ""
    #: the question file's part: "" (qa_dev.jsonl), "hard" (qa_hard.jsonl), "fresh" (qa_fresh.jsonl) or
    #: "fresh2" (qa_fresh2.jsonl), "fresh3" (qa_fresh3.jsonl), "fresh4" (qa_fresh4.jsonl), "fresh5"
    #: (qa_fresh5.jsonl), "fresh6" (qa_fresh6.jsonl), "fresh7" (qa_fresh7.jsonl), "fresh8"
    #: (qa_fresh8.jsonl) or "fresh9" (qa_fresh9.jsonl)
    part: str = ""

    @property
    def split(self) -> str:
        if self.declared:
            return self.declared
        return "calibration" if hashlib.sha1(self.id.encode()).digest()[0] % 2 == 0 else "test"


def load_dev(path: Path = DEV_SET, part: str = "") -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            split = d.get("split", "")
            if split not in ("", "calibration", "test"):
                raise ValueError(f"{path.name}: question {d['id']} declares an unknown split {split!r}")
            items.append(
                Item(
                    d["id"],
                    d["question"],
                    bool(d["answerable"]),
                    tuple(d.get("answers", ())),
                    tuple(d.get("sources", ())),
                    d.get("evidence", ""),
                    split,
                    d.get("kind", ""),
                    part,
                )
            )
    return items


def load_all() -> list[Item]:
    """The dev set, the near-miss set and the nine fresh sets together (what ``persona eval qa`` and
    ``--calibrate`` read)."""
    return (
        load_dev()
        + load_dev(HARD_SET, "hard")
        + load_dev(FRESH_SET, "fresh")
        + load_dev(FRESH2_SET, "fresh2")
        + load_dev(FRESH3_SET, "fresh3")
        + load_dev(FRESH4_SET, "fresh4")
        + load_dev(FRESH5_SET, "fresh5")
        + load_dev(FRESH6_SET, "fresh6")
        + load_dev(FRESH7_SET, "fresh7")
        + load_dev(FRESH8_SET, "fresh8")
        + load_dev(FRESH9_SET, "fresh9")
    )


def norm(text: str) -> str:
    text = fold(text).lower().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"[^a-z0-9$%:.,'\- ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def relevant(hit: Hit, item: Item) -> bool:
    """A retrieved chunk counts when it comes from a gold source and holds an answer string."""
    text = norm(hit.text + " " + str(hit.metadata.get("context", "")))
    return hit.source in item.sources and any(norm(a) in text for a in item.answers)


def correct(answer: Answer, item: Item) -> bool:
    if answer.abstained or not item.answerable:
        return False
    text = norm(answer.text)
    cited = norm(" ".join(c.span for c in answer.citations))
    return (
        any(norm(a) in text for a in item.answers)
        and (not item.evidence or norm(item.evidence) in f"{text} {cited}")
        and any(c.source in item.sources for c in answer.citations)
    )


def sentence_correct(sentence: str, source: str, span: str, item: Item) -> bool:
    """The same test as :func:`correct`, on an evidence sentence (for calibration labels)."""
    return correct(Answer(sentence, False, 1.0, [Citation(source, span, sentence)]), item)


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def score_questions(kb: KnowledgeBase, items: list[Item]) -> dict[str, Any]:
    """Run search and answer on every item; return per-item rows."""
    rows = []
    for item in items:
        t0 = time.perf_counter()
        answer = kb.answer(item.question)
        latency = (time.perf_counter() - t0) * 1000
        hits = kb.search(item.question, k=10)
        rank = (
            next((i + 1 for i, h in enumerate(hits) if relevant(h, item)), None) if item.answerable else None
        )
        rows.append(
            {"item": item, "answer": answer, "rank": rank, "ms": latency, "correct": correct(answer, item)}
        )
    return {"rows": rows}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of some rows; ``abstention_precision`` is None (undefined) when none was abstained on."""
    answerable = [r for r in rows if r["item"].answerable]
    unanswerable = [r for r in rows if not r["item"].answerable]
    abstained = [r for r in rows if r["answer"].abstained]
    right_abstain = [r for r in abstained if not r["item"].answerable]
    typed = [r for r in answerable if r["answer"].short and not r["answer"].abstained]
    span_ok = [
        r
        for r in typed
        if any(
            norm(a) in norm(r["answer"].short) or norm(r["answer"].short) in norm(a)
            for a in r["item"].answers
        )
    ]
    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "recall_at_5": sum(1 for r in answerable if r["rank"] and r["rank"] <= 5) / max(len(answerable), 1),
        "mrr_at_10": sum(1 / r["rank"] for r in answerable if r["rank"]) / max(len(answerable), 1),
        "answer_accuracy": sum(r["correct"] for r in answerable) / max(len(answerable), 1),
        "abstention_precision": len(right_abstain) / len(abstained) if abstained else None,
        "abstention_recall": len(right_abstain) / max(len(unanswerable), 1),
        "answered_wrong": sum(1 for r in answerable if not r["correct"] and not r["answer"].abstained)
        + sum(1 for r in unanswerable if not r["answer"].abstained),
        "short_span_accuracy": len(span_ok) / max(len(typed), 1),
    }


# --- image queries ----------------------------------------------------------------------------------------

ALTERATIONS: dict[str, Callable[[Image.Image, random.Random], Image.Image]] = {
    "resize_small": lambda im, r: im.resize(
        (im.width * 3 // 5, im.height * 3 // 5), Image.Resampling.BILINEAR
    ),
    "resize_large": lambda im, r: im.resize(
        (im.width * 3 // 2, im.height * 3 // 2), Image.Resampling.BICUBIC
    ),
    "crop_10": lambda im, r: _crop(im, r),
    "jpeg_q25": lambda im, r: _jpeg(im, 25),
    "brighter": lambda im, r: ImageEnhance.Brightness(im).enhance(1.3),
    "darker": lambda im, r: ImageEnhance.Brightness(im).enhance(0.7),
    "combined": lambda im, r: _jpeg(ImageEnhance.Brightness(_crop(im, r)).enhance(1.2), 40).resize(
        (im.width * 4 // 5, im.height * 4 // 5)
    ),
    "mirror": lambda im, r: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "crop_30": lambda im, r: _crop(im, r, 0.3),
    "rotate_10": lambda im, r: im.rotate(
        10, resample=Image.Resampling.BICUBIC, expand=False, fillcolor="white"
    ),
}


def negative_images(seed: int = 11, n: int = 10) -> list[tuple[str, Image.Image]]:
    """Images of nothing in the base: random noise, and generated 'photos' (gradients with shapes and a
    word no catalog item has), made here with a fixed seed."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        noise = rng.integers(0, 256, size=(240, 320, 3), dtype=np.uint8)
        out.append((f"noise-{i}", Image.fromarray(noise, "RGB")))
        h, w = 300, 400
        ramp = np.linspace(0, 1, w)[None, :, None] * rng.uniform(50, 255, size=(1, 1, 3))
        base = np.broadcast_to(ramp + rng.uniform(0, 80, size=(h, 1, 3)), (h, w, 3))
        img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
        draw = ImageDraw.Draw(img)
        for _ in range(4):
            x0, y0 = int(rng.integers(0, w - 80)), int(rng.integers(0, h - 80))
            box = (x0, y0, x0 + int(rng.integers(30, 80)), y0 + int(rng.integers(30, 80)))
            color = tuple(int(c) for c in rng.integers(0, 256, size=3))
            (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=color)
        draw.text((20, 20), ["TRACTOR", "SEASHELL", "VOLCANO", "LIBRARY", "CACTUS"][i % 5], fill=(0, 0, 0))
        out.append((f"photo-{i}", img))
    return out


def _crop(im: Image.Image, rng: random.Random, share: float = 0.1) -> Image.Image:
    """Remove ``share`` of the width and of the height, split at random between the two sides."""
    w, h = im.size
    dx, dy = round(share * w), round(share * h)
    left, top = rng.randint(0, dx), rng.randint(0, dy)
    return im.crop((left, top, left + w - dx, top + h - dy))


def _jpeg(im: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    im.convert("RGB").save(buf, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def catalog_images() -> list[tuple[str, Path, dict[str, Any]]]:
    """(source, path, sidecar) of every catalog photo in the sample."""
    out = []
    for path in sorted((SAMPLE_DIR / "merch" / "images").iterdir()):
        if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp"):
            meta = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
            out.append((f"sample/{path.relative_to(SAMPLE_DIR).as_posix()}", path, meta))
    return out


def score_images(kb: KnowledgeBase, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    top1, price_ok, n, latencies = 0, 0, 0, []
    per_alteration: dict[str, list[int]] = {name: [] for name in ALTERATIONS}
    misses = []
    for source, path, meta in catalog_images():
        with Image.open(path) as img:
            original = img.convert("RGB")
        for name, alter in ALTERATIONS.items():
            query = alter(original, rng)
            buf = io.BytesIO()
            query.save(buf, format="PNG")
            t0 = time.perf_counter()
            hits = kb.search_image(buf.getvalue(), k=1)
            latencies.append((time.perf_counter() - t0) * 1000)
            ok = bool(hits) and hits[0].source == source
            top1 += ok
            per_alteration[name].append(int(ok))
            if not ok:
                misses.append({"image": source, "alteration": name, "got": hits[0].source if hits else None})
            n += 1
            if name in ("crop_10", "combined"):
                answer = kb.answer("how much is this?", image=buf.getvalue())
                price_ok += (not answer.abstained) and meta["price"] in answer.text
    unknown, unknown_answered = 0, []
    for name, picture in negative_images():
        buf = io.BytesIO()
        picture.save(buf, format="PNG")
        answer = kb.answer("what is this?", image=buf.getvalue())
        unknown += answer.abstained
        if not answer.abstained:
            unknown_answered.append({"image": name, "got": answer.text})
    negatives = len(negative_images())
    return {
        "image_unknown_abstention": unknown / max(negatives, 1),
        "image_unknown_queries": negatives,
        "image_unknown_answered": unknown_answered,
        "image_top1": top1 / max(n, 1),
        "image_queries": n,
        "image_price_answer_accuracy": price_ok / max(2 * len(catalog_images()), 1),
        "image_p50_ms": _pct(latencies, 50),
        "by_alteration": {k: sum(v) / max(len(v), 1) for k, v in per_alteration.items()},
        "misses": misses,
    }


# --- the eval ---------------------------------------------------------------------------------------------


#: The figures repeated for the sample base embedded at int8 (``persona ingest --precision int8``).
INT8_FIGURES = ("recall_at_5", "mrr_at_10", "answer_accuracy", "abstention_precision", "abstention_recall")


def _r(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def _int8_figures(items: list[Item]) -> dict[str, Any]:
    """The same questions (held-out half) and image queries on the sample base built at int8."""
    kb = KnowledgeBase.open_sample(precision="int8")
    kb.warm()
    rows = score_questions(kb, items)["rows"]
    overall = summarize([r for r in rows if r["item"].split == "test"])
    latencies = [r["ms"] for r in rows]
    got: dict[str, Any] = {f"int8_{k}": _r(overall[k]) for k in INT8_FIGURES}
    got["int8_image_top1"] = round(score_images(kb)["image_top1"], 4)
    got["int8_answer_p50_ms"] = round(statistics.median(latencies), 2)
    return got


SQUAD_TARGETS = [
    Target("squad_report_f1", ">=", 0.70),
    Target("squad_report_answerable_f1", ">=", 0.65),
    Target("squad_report_abstention_precision", ">=", 0.85),
    Target("squad_report_abstention_recall", ">=", 0.6),
]


def squad_figures(metrics: dict[str, Any], targets: list[Target]) -> str:
    """The external track (evals/qa_squad.py), both halves, into ``metrics``; its note (or why it skipped)."""
    reason = qa_squad.available()
    if reason:
        return reason
    questions = qa_squad.load_questions()
    for reader, prefix in ((False, "squad"), (True, "squad_reader")):
        kb = qa_squad.open_base(reader=reader)
        kb.warm()
        got = qa_squad.run_track(kb, questions)
        for half in ("report", "fit"):
            metrics.update({f"{prefix}_{half}_{k}": _r(v) for k, v in got[half].items()})
        metrics[f"{prefix}_p95_ms"] = round(got["p95_ms"], 2)
        kb.close()
    targets += SQUAD_TARGETS
    return (
        "SQuAD 2.0 open book (8 articles in one base, official EM/F1): `squad_report_*` on the REPORT "
        f"articles ({', '.join(qa_squad.REPORT_ARTICLES)}), never fitted on; `squad_fit_*` on the FIT "
        f"articles the span reader was fitted on ({', '.join(qa_squad.FIT_ARTICLES)}); `squad_*` is the "
        "default answer path (sentence scorer), `squad_reader_*` the span reader (PERSONA_READER=1); "
        "`*_always_abstain_f1` is the score of always saying I don't know."
    )


PART_FIGURES = ("answer_accuracy", "abstention_precision", "abstention_recall", "answered_wrong")


def part_figures(test: list[dict[str, Any]]) -> dict[str, Any]:
    """The held-apart rows by question file: ``dev_*`` the 142 of qa_dev.jsonl (the headline of sessions
    5-9), ``hard_*`` the near-miss set's test part, ``fresh_*`` the fresh near-miss set's (session 11),
    ``fresh2_*`` the second fresh set's (session 12), ``fresh3_*`` the third's (session 13), ``fresh4_*`` the
    fourth's (session 14), ``fresh5_*`` the fifth's (session 15), ``fresh6_*`` the sixth's (session 16),
    ``fresh7_*`` the seventh's (session 17), ``fresh8_*`` the eighth's (session 18), ``fresh9_*`` the ninth's
    (session 19's report part), and their
    abstention recall by kind of near miss;
    ``unfitted_*`` every held-apart row but those of :data:`FITTED_TEST_PARTS` (test parts read and then
    declared fit data: the headline still counts them), with its count of answerable rows; beside each, what
    always saying "I don't know" scores (abstention precision = the share unanswerable)."""
    out: dict[str, Any] = {}
    parts = {
        "dev": [r for r in test if not r["item"].part],
        "hard": [r for r in test if r["item"].part == "hard"],
        "fresh": [r for r in test if r["item"].part == "fresh"],
        "fresh2": [r for r in test if r["item"].part == "fresh2"],
        "fresh3": [r for r in test if r["item"].part == "fresh3"],
        "fresh4": [r for r in test if r["item"].part == "fresh4"],
        "fresh5": [r for r in test if r["item"].part == "fresh5"],
        "fresh6": [r for r in test if r["item"].part == "fresh6"],
        "fresh7": [r for r in test if r["item"].part == "fresh7"],
        "fresh8": [r for r in test if r["item"].part == "fresh8"],
        "fresh9": [r for r in test if r["item"].part == "fresh9"],
        "unfitted": [r for r in test if r["item"].part not in FITTED_TEST_PARTS],
        "": test,
    }
    for name, part in parts.items():
        prefix = f"{name}_" if name else ""
        if name and part:
            got = summarize(part)
            out.update({f"{prefix}{k}": _r(got[k]) for k in PART_FIGURES})
            out[f"{prefix}questions"] = len(part)
            if name == "unfitted":
                out[f"{prefix}answerable"] = got["answerable"]
        if part:
            share = sum(not r["item"].answerable for r in part) / len(part)
            out[f"{prefix}always_abstain_abstention_precision"] = _r(share)
    for name in ("hard", "fresh", *(f"fresh{k}" for k in range(2, 10))):
        for kind in sorted({r["item"].kind for r in parts[name]}):
            unanswerable = [r for r in parts[name] if r["item"].kind == kind and not r["item"].answerable]
            if unanswerable:
                got = sum(r["answer"].abstained for r in unanswerable) / len(unanswerable)
                out[f"{name}_{kind}_abstention_recall"] = _r(got)
    return out


def run(options: EvalOptions) -> EvalResult:
    kb = KnowledgeBase.open_sample()
    items = load_all()
    kb.warm()
    rows = score_questions(kb, items)["rows"]
    overall = summarize(rows)
    test = [r for r in rows if r["item"].split == "test"]
    held_out = summarize(test)
    images = score_images(kb)
    latencies = [r["ms"] for r in rows]
    metrics: dict[str, Any] = {
        # the headline: the held-apart half, on which nothing (threshold, weights) was fitted
        **{k: _r(v) for k, v in held_out.items()},
        **{f"all_{k}": _r(v) for k, v in overall.items()},
        **part_figures(test),
        "image_top1": round(images["image_top1"], 4),
        "image_unknown_abstention": round(images["image_unknown_abstention"], 4),
        "image_price_answer_accuracy": round(images["image_price_answer_accuracy"], 4),
        "answer_p50_ms": round(statistics.median(latencies), 2),
        "answer_p95_ms": round(_pct(latencies, 95), 2),
    }
    targets = list(TARGETS)
    if not options.quick:  # the int8 base is another build of the sample; a quick run leaves it out
        metrics.update(_int8_figures(items))
        targets += [
            Target("int8_answer_accuracy", ">=", 0.9),
            Target("int8_abstention_precision", ">=", 0.9),
            Target("int8_image_top1", ">=", 0.95),
        ]
    squad_note = squad_figures(metrics, targets)
    failures = [
        {
            "id": r["item"].id,
            "question": r["item"].question,
            "expected": list(r["item"].answers),
            "got": r["answer"].text,
            "abstained": r["answer"].abstained,
            "confidence": round(r["answer"].confidence, 3),
        }
        for r in rows
        if (r["item"].answerable and not r["correct"])
        or (not r["item"].answerable and not r["answer"].abstained)
    ]
    notes = (
        f"Dev set and near-miss set: {len(items)} questions ({overall['answerable']} answerable, "
        f"{len(items) - overall['answerable']} unanswerable) over the sample base; the headline figures are "
        f"on the held-out half ({held_out['questions']} questions), not used to fit anything "
        f"({kb.calibration.note}); `dev_*`: the held-out half of qa_dev.jsonl alone (the headline of "
        "sessions 5-9); `hard_*`: the near-miss set's test part (other year, event, relation, entity "
        "absent; qa_hard.jsonl); `fresh_*`: the fresh near-miss set's test part (session 11, "
        "qa_fresh.jsonl, written and committed before anything was measured on it); `fresh2_*`: the "
        "second fresh set's test part (session 12, qa_fresh2.jsonl, the same kinds plus off-topic questions, "
        "committed before anything was measured on it); `fresh3_*`: the third fresh set's test part "
        "(session 13, qa_fresh3.jsonl: facts over every document, shop questions, near misses including "
        "products the shop lacks, off-topic and about-the-host questions; committed before anything was "
        "measured on it); `fresh4_*`: the fourth fresh set's test part (session 14, qa_fresh4.jsonl: the "
        "third's shape, written from the documents alone after every earlier test part had been read; "
        "committed before anything was measured on it); `fresh5_*`: the fifth fresh set's test part "
        "(session 15, qa_fresh5.jsonl: the same shape, written from the documents alone after every "
        "earlier test part had been read; committed before anything was measured on it); `fresh6_*`: the "
        "sixth fresh set's test part (session 16, qa_fresh6.jsonl: the same shape, written from the "
        "documents alone after every earlier test part had been read; committed before anything was "
        "measured on it; read at the end of session 16, fit data from session 17); `fresh7_*`: the seventh "
        "fresh set's test part (session 17, qa_fresh7.jsonl: the same shape, written from the documents "
        "alone after every earlier test part had been read; committed before anything was measured on it; "
        "read at the end of session 17, fit data from session 18); `fresh8_*`: the eighth fresh set's test "
        "part (session 18, qa_fresh8.jsonl: the same shape, written from the documents alone after every "
        "earlier test part had been read; committed before anything was measured on it; read at the end of "
        "session 18, fit data from session 19); `fresh9_*`: the ninth fresh set's test part (session 19, "
        "qa_fresh9.jsonl: the same shape, written from the documents alone after every earlier test part had "
        "been read; committed before anything was measured on it; session 19's report part); "
        "`unfitted_*`: every held-apart row but the test parts of "
        f"{', '.join(FITTED_TEST_PARTS)} (read, then declared fit data: the headline still counts them); "
        "`*always_abstain*`: "
        "what always abstaining scores; `all_*`: the whole set, calibration half included. "
        "Answer accuracy counts an answer right when it is not an abstention, contains a gold answer "
        "string and cites a gold source. "
        f"Image queries: {images['image_queries']} altered catalog photos ({', '.join(ALTERATIONS)}). "
        "`int8_*`: the same questions on the sample base embedded with int8 MiniLM (its own build, the "
        "same calibration). "
        f"{squad_note}"
    )
    return EvalResult(
        name="qa",
        metrics=metrics,
        targets=targets,
        details={"failures": failures, "heldout": held_out, "images": images},
        notes=notes,
    )


# --- calibration ------------------------------------------------------------------------------------------


def _features(kb: KnowledgeBase, items: list[Item]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features and labels of each item's best evidence, and whether the answer path abstains on it
    whatever the threshold (no evidence, or a when/price/count/measure question it holds no value for)."""
    xs, ys, forced = [], [], []
    for item in items:
        ev = kb.evidence(item.question)
        if ev is None:
            xs.append([0.0] * len(FEATURES))
            ys.append(0.0)
            forced.append(True)
            continue
        xs.append([ev.features.get(f, 0.0) for f in FEATURES])
        ys.append(float(item.answerable and sentence_correct(ev.sentence, ev.hit.source, ev.hit.span, item)))
        forced.append(not typed_enough(ev))
    return np.array(xs), np.array(ys), np.array(forced, dtype=bool)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float = 0.05, steps: int = 4000
) -> tuple[np.ndarray, float]:
    """Plain L2-regularized logistic regression by gradient descent (deterministic, no dependencies)."""
    w = np.zeros(x.shape[1])
    b = 0.0
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        grad_w = x.T @ (p - y) / len(y) + l2 * w
        grad_b = float(np.mean(p - y))
        w -= lr * grad_w
        b -= lr * grad_b
    return w, b


def choose_threshold(
    p: np.ndarray,
    right: np.ndarray,
    answerable: np.ndarray,
    min_precision: float = 0.9,
    forced: np.ndarray | None = None,
    rescued: np.ndarray | None = None,
) -> float:
    """The threshold with the best utility, keeping abstention precision at ``min_precision`` or above.

    Utility: +1 for a right answer and for a justified abstention, -1 for a wrong answer (a guess costs
    more than a needless "I don't know", which scores 0): the reporter assistant lives or dies by this.
    ``forced`` marks the questions the answer path abstains on at or above the threshold all the same (no
    evidence, no value of the asked type, a constraint rule, the reader's veto); ``rescued`` those it
    answers below it (the gate's rescue; None: none). ``right``: the answer it gives is right.

    Raises ValueError when no threshold keeps the floor (session 16: on the real path the questions it
    abstains on whatever the threshold can hold too many answerable ones), naming the best precision any
    threshold reaches, instead of returning an arbitrary threshold.
    """
    best_t, best_score, reachable = None, -1e9, 0.0
    forced = np.zeros(len(p), dtype=bool) if forced is None else forced
    rescued = np.zeros(len(p), dtype=bool) if rescued is None else rescued
    for t in np.unique(np.concatenate([p, [0.0, 1.0]])):
        abstain = np.where(p >= t, forced, ~rescued)
        n_abstain = int(abstain.sum())
        precision = float((abstain & ~answerable).sum()) / n_abstain if n_abstain else 1.0
        reachable = max(reachable, precision)
        score = float((~abstain & right).sum() + (abstain & ~answerable).sum() - (~abstain & ~right).sum())
        if precision >= min_precision and score > best_score:
            best_t, best_score = float(t), score
    if best_t is None:
        raise ValueError(
            f"no threshold keeps abstention precision at {min_precision} or above (the best reached is "
            f"{reachable:.4f}); give a lower --min-precision"
        )
    return best_t


def short_threshold(p: np.ndarray, t: float) -> float:
    """The shortest decimal (4 places or more) that splits ``p`` where ``t`` does: at most ``t`` and above
    every probability below it, so the written file's threshold answers exactly the questions ``t`` does
    (a plain ``round(t, 4)`` can land above ``t`` and turn down the question whose probability ``t`` is)."""
    below = p[p < t]
    lower = float(below.max()) if below.size else -math.inf
    for places in range(4, 17):
        cut = math.floor(t * 10**places) / 10**places
        if lower < cut <= t:
            return cut
    return t


@dataclass(frozen=True)
class PathDecisions:
    """What the answer path (``kb.answer``) does with each question, at any threshold.

    The path compares the calibration's probability with the threshold once; nothing it does before or
    after reads the threshold (no evidence, ``typed_enough`` and the constraint rules, the reader's veto
    where the probability clears it, the gate's rescue where it does not). So two passes of the path
    itself, one at a threshold every probability clears (0) and one at a threshold none clears, give its
    decision at every threshold ``t``: ``answered_above`` where ``p >= t``, ``answered_below`` where
    ``p < t``. No step of the path is copied here."""

    #: the probability the threshold is compared with (``Answer.confidence``; 0 without evidence)
    p: np.ndarray
    answered_above: np.ndarray
    answered_below: np.ndarray
    #: the answer the path gives is right (:func:`correct`; False where it answers neither way)
    right: np.ndarray

    def abstains(self, threshold: float) -> np.ndarray:
        """Where ``kb.answer()`` abstains with this calibration at ``threshold``."""
        return np.where(self.p >= threshold, ~self.answered_above, ~self.answered_below)


def path_decisions(kb: KnowledgeBase, items: list[Item], calibration: Calibration) -> PathDecisions:
    """:class:`PathDecisions` of ``items`` on ``kb``'s base (opened again read-only, twice) with
    ``calibration``'s weights (its threshold is not used)."""
    runs: list[list[Answer]] = []
    for threshold in (0.0, math.inf):
        cal = replace(calibration, threshold=threshold)
        with KnowledgeBase.open(kb.directory, read_only=True, create=False, calibration=cal) as base:
            runs.append([base.answer(item.question) for item in items])
    above, below = runs
    given = [b if a.abstained else a for a, b in zip(above, below, strict=True)]
    return PathDecisions(
        p=np.array([a.confidence for a in above]),
        answered_above=np.array([not a.abstained for a in above], dtype=bool),
        answered_below=np.array([not a.abstained for a in below], dtype=bool),
        right=np.array([correct(a, i) for a, i in zip(given, items, strict=True)], dtype=bool),
    )


#: the name ``--leave-out`` gives qa_dev.jsonl's part (its items' ``part`` is "")
DEV_PART = "dev"


def calibration_items(items: list[Item], leave_out: tuple[str, ...] = ()) -> list[Item]:
    """The calibration part of ``items``, less the question files named in ``leave_out`` (a part's name:
    "dev" for qa_dev.jsonl, else ``Item.part``), kept apart as a check on the fit as ``evals.gate_fit`` keeps
    fresh4's .. fresh8's out of the gate's (session 19's check part: :data:`CHECK_PART`, fresh9).
    A name no item has is an error, not a silent no-op."""
    parts = {i.part or DEV_PART for i in items}
    unknown = sorted(set(leave_out) - parts)
    if unknown:
        raise ValueError(f"--leave-out names no question file: {', '.join(unknown)} (parts: {sorted(parts)})")
    return [i for i in items if i.split == "calibration" and (i.part or DEV_PART) not in leave_out]


def calibrate(
    path: Path = CALIBRATION_FILE, leave_out: tuple[str, ...] = (), min_precision: float = 0.9
) -> Calibration:
    """Refit the confidence model and threshold on the calibration parts (less ``leave_out``'s) and write
    them to ``path`` (default: the shipped file; a scratch path leaves the shipped file as it is). The
    model learns whether the best evidence sentence is right; the threshold is then chosen on what the
    answer path itself does with the fitted model (:func:`path_decisions`: the gate, the constraint rules
    and the typed check included, the answer it gives scored): the utility-best one keeping abstention
    precision at ``min_precision`` or above."""
    kb = KnowledgeBase.open_sample()
    items = calibration_items(load_all(), leave_out)
    x, y, _ = _features(kb, items)
    # standardize for the fit, then fold the scaling back into the weights
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = fit_logistic((x - mu) / sd, y)
    weights = w / sd
    bias = b - float((w * mu / sd).sum())
    answerable = np.array([i.answerable for i in items])
    n_un = int((~answerable).sum())
    cal = Calibration(
        weights={f: round(float(v), 4) for f, v in zip(FEATURES, weights, strict=True)},
        bias=round(bias, 4),
        threshold=0.5,
        note=(
            "fitted on the calibration parts of the dev set and the near-miss sets"
            + (f" but {', '.join(leave_out)}" if leave_out else "")
            + f" ({len(items)} questions, {n_un} unanswerable); threshold on the answer path's own decisions"
            + (f"; abstention precision floor {min_precision}" if min_precision != 0.9 else "")
        ),
    )
    got = path_decisions(kb, items, cal)  # the written weights, as the answer path reads them
    threshold = choose_threshold(
        got.p,
        got.right,
        answerable,
        min_precision=min_precision,
        forced=~got.answered_above,
        rescued=got.answered_below,
    )
    cal = replace(cal, threshold=short_threshold(got.p, threshold))
    path.write_text(json.dumps(cal.to_json(), indent=2) + "\n", encoding="utf-8")
    return cal


def reliability(
    calibrations: dict[str, Calibration],
    split: str = "test",
    bins: int = 5,
    items: list[Item] | None = None,
) -> dict[str, dict[str, Any]]:
    """How well each calibration's probability matches how often the answer path's answer is right, on one
    split of the question files (default: the held-apart parts) or on ``items``: a binned table, the expected
    calibration error (ECE), the Brier score, and abstention precision / recall at the calibration's own
    threshold. Every figure is read off the answer path itself with that calibration (:func:`path_decisions`,
    as :func:`calibrate` chooses its threshold): the probability is ``Answer.confidence`` (0 without
    evidence), right is :func:`correct` of the answer it gives, and an abstention is ``kb.answer()``'s (no
    evidence, the typed check, the constraint rules, the reader's veto, the gate's rescue included), so the
    figures describe what the product does with each file, not a simulation of it (session 17: before, they
    came from ``_features``' best evidence sentence and ``(p < t) | forced``)."""
    kb = KnowledgeBase.open_sample()
    items = [i for i in load_all() if i.split == split] if items is None else items
    answerable = np.array([i.answerable for i in items], dtype=bool)
    out: dict[str, dict[str, Any]] = {}
    for name, cal in calibrations.items():
        got = path_decisions(kb, items, cal)
        p, y = got.p, got.right.astype(float)
        edges = np.linspace(0.0, 1.0, bins + 1)
        table, ece = [], 0.0
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            sel = (p >= lo) & ((p < hi) if hi < 1.0 else (p <= hi))
            if sel.any():
                mean_p, rate = float(p[sel].mean()), float(y[sel].mean())
                ece += sel.sum() / len(p) * abs(mean_p - rate)
                table.append(
                    {
                        "bin": f"{lo:.1f}-{hi:.1f}",
                        "n": int(sel.sum()),
                        "mean_p": round(mean_p, 3),
                        "right": round(rate, 3),
                    }
                )
        abstain = got.abstains(cal.threshold)
        right_abstain = int((abstain & ~answerable).sum())
        out[name] = {
            "questions": len(items),
            "ece": round(float(ece), 4),
            "brier": round(float(((p - y) ** 2).mean()), 4),
            "threshold": cal.threshold,
            "abstained": int(abstain.sum()),
            "abstention_precision": round(right_abstain / int(abstain.sum()), 4) if abstain.any() else None,
            "abstention_recall": round(right_abstain / max(int((~answerable).sum()), 1), 4),
            "bins": table,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="QA eval on the sample knowledge base")
    parser.add_argument("--calibrate", action="store_true", help="refit the confidence model and threshold")
    parser.add_argument(
        "--leave-out",
        metavar="PART",
        action="append",
        default=[],
        help="with --calibrate: a question file's calibration part kept out of the fit (dev, hard, fresh, "
        "fresh2 .. fresh9; the session's check part is fresh9); repeat for more",
    )
    parser.add_argument(
        "--out",
        metavar="JSON",
        type=Path,
        default=CALIBRATION_FILE,
        help="with --calibrate: where the fitted file is written (default: the shipped calibration.json)",
    )
    parser.add_argument(
        "--reliability",
        metavar="OLD_JSON",
        type=Path,
        help="reliability of the shipped calibration.json beside an older file, on the held-apart half",
    )
    parser.add_argument(
        "--min-precision",
        metavar="P",
        type=float,
        default=0.9,
        help="with --calibrate: the abstention precision the chosen threshold keeps (default 0.9)",
    )
    args = parser.parse_args()
    if (args.leave_out or args.out != CALIBRATION_FILE or args.min_precision != 0.9) and not args.calibrate:
        parser.error("--leave-out, --out and --min-precision go with --calibrate")
    if args.calibrate:
        try:
            cal = calibrate(args.out, tuple(args.leave_out), args.min_precision)
        except ValueError as e:
            parser.error(str(e))
        print(json.dumps(cal.to_json(), indent=2))
        return
    if args.reliability:
        got = reliability({"old": Calibration.load(args.reliability), "shipped": Calibration.load()})
        print(json.dumps(got, indent=2))
        return
    result = run(EvalOptions())
    print(json.dumps(result.to_json(), indent=2, default=str))


if __name__ == "__main__":
    main()
