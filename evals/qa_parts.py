"""The question files of ``persona eval qa`` and their parts: where each file is, how its split is
declared, which parts are the session's check part and which test parts are fit data now, loading them, and
the calibration parts a fit reads. Moved out of ``evals/qa.py`` (session 19, brief R), unchanged;
``evals.qa`` re-exports every name."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

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
#: calibration, 100 test). Its test part was session 19's report part and its calibration part that
#: session's check part; from session 20 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH9_SET = DEV_SET.with_name("qa_fresh9.jsonl")
#: a tenth fresh set written in session 20 (the ninth's shape: 60 answerable facts over the six winter-sports
#: documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host questions; ids
#: x001..x150; no question shares its content words, nor its stems by a Jaccard index of 0.66 or more, with
#: the other files), written from the documents alone and committed (8c509b6) before anything was measured on
#: it, because every earlier test part had been read; declared split, mechanical: the file is written grouped
#: by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50
#: calibration, 100 test). Its test part was session 20's report part and its calibration part that
#: session's check part; from session 21 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH10_SET = DEV_SET.with_name("qa_fresh10.jsonl")
#: an eleventh fresh set written in session 21 (the tenth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids y001..y150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files), written from the documents alone and committed (34c83e9) before anything
#: was measured on it, because every earlier test part had been read; declared split, mechanical: the file is
#: written grouped by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4,
#: 7, ..., 148: 50 calibration, 100 test). Its test part was session 21's report part and its calibration part
#: that session's check part; from session 22 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH11_SET = DEV_SET.with_name("qa_fresh11.jsonl")
#: a twelfth fresh set written in session 22 (the eleventh's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids z001..z150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files), written from the documents alone and committed (6d1c655) before anything
#: was measured on it, because every earlier test part had been read; declared split, mechanical: the file is
#: written grouped by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4,
#: 7, ..., 148: 50 calibration, 100 test). Its test part was session 22's report part and its calibration part
#: that session's check part; from session 23 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH12_SET = DEV_SET.with_name("qa_fresh12.jsonl")
#: a thirteenth fresh set written in session 23 (the twelfth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids b001..b150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files), written from the documents alone and committed (53c5d64) before anything
#: was measured on it, because every earlier test part had been read; declared split, mechanical: the file is
#: written grouped by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4,
#: 7, ..., 148: 50 calibration, 100 test). Its test part was session 23's report part and its calibration part
#: that session's check part; from session 24 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH13_SET = DEV_SET.with_name("qa_fresh13.jsonl")
#: a fourteenth fresh set written in session 24 (the thirteenth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids c001..c150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files), written from the documents alone and committed (98c4e72) before anything
#: was measured on it, because every earlier test part had been read; declared split, mechanical: the file is
#: written grouped by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4,
#: 7, ..., 148: 50 calibration, 100 test). Its test part was session 24's report part and its calibration part
#: that session's check part; from session 25 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH14_SET = DEV_SET.with_name("qa_fresh14.jsonl")
#: a fifteenth fresh set written in session 25 (the fourteenth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids d001..d150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files), written from the documents alone and committed (634a18d) before anything
#: was measured on it, because every earlier test part had been read; declared split, mechanical: the file is
#: written grouped by (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4,
#: 7, ..., 148: 50 calibration, 100 test). Its test part was session 25's report part and its calibration part
#: that session's check part; from session 26 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH15_SET = DEV_SET.with_name("qa_fresh15.jsonl")
#: a sixteenth fresh set written in session 26 (the fifteenth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids e001..e150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files; at least 40 of its 80 answerable rows ask a fact no earlier row's gold
#: names), written from the documents alone and committed (543eb59) before anything was measured on it,
#: because every earlier test part had been read; declared split, mechanical: the file is written grouped by
#: (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50
#: calibration, 100 test). Its test part was session 26's report part and its calibration part that
#: session's check part; from session 27 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH16_SET = DEV_SET.with_name("qa_fresh16.jsonl")
#: a seventeenth fresh set written in session 27 (the sixteenth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids f001..f150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files; at least 40 of its 80 answerable rows ask a fact no earlier row's gold
#: names), written from the documents alone and committed (3778ef1) before anything was measured on it,
#: because every earlier test part had been read; declared split, mechanical: the file is written grouped by
#: (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50
#: calibration, 100 test). Its test part was session 27's report part and its calibration part that
#: session's check part; from session 28 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH17_SET = DEV_SET.with_name("qa_fresh17.jsonl")
#: an eighteenth fresh set written in session 28 (the seventeenth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids i001..i150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files; at least 40 of its 80 answerable rows ask a fact no earlier row's gold
#: names), written from the documents alone and committed (c9641d0) before anything was measured on it,
#: because every earlier test part had been read; declared split, mechanical: the file is written grouped by
#: (kind, answerable) and its line n (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50
#: calibration, 100 test). Its test part was session 28's report part and its calibration part that
#: session's check part; from session 29 on both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH18_SET = DEV_SET.with_name("qa_fresh18.jsonl")
#: a nineteenth fresh set written in session 29 (the eighteenth's shape: 60 answerable facts over the six
#: winter-sports documents, 10 each, 20 shop questions, 50 near misses and 20 off-topic or about-the-host
#: questions; ids j001..j150; no question shares its content words, nor its stems by a Jaccard index of 0.66
#: or more, with the other files; 27 of its 80 answerable rows ask a fact no earlier row's gold names, all
#: the documents gave), written from the documents alone and committed (5fcdaff; its shop rows' sources
#: narrowed to the catalogue in 481789a) before anything was measured on it, because every earlier test part
#: had been read; declared split, mechanical: the file is written grouped by (kind, answerable) and its line n
#: (1-based) is calibration when n % 3 == 1 (lines 1, 4, 7, ..., 148: 50 calibration, 100 test). Its test
#: part was session 29's report part and its calibration part that session's check part; from session 30 on
#: both its parts are fit data (see :data:`FITTED_TEST_PARTS`)
FRESH19_SET = DEV_SET.with_name("qa_fresh19.jsonl")
#: the session's check part (a part's calibration split: aggregates only, never its rows, kept out of every
#: fit; the one name every eval that leaves it out reads), or None: session 30 has none (docs/knowledge.md
#: "Session 30: a declared change of data use" - fresh19, session 29's check part, is fit data and no new
#: question part is written), so every calibration part is in the fit pool
CHECK_PART: str | None = None
#: held-apart parts whose test split the lead has read and then declared fit data, so the headline (every
#: held-apart row) still counts them but :func:`part_figures`' ``unfitted_*`` leaves them out: fresh5's
#: test part was read at the end of session 15 and fitted on in session 16 (declared at its start); fresh6's
#: was read at the end of session 16 and declared fit data at 09:15 UTC of session 17, before anything of
#: that session was measured; fresh7's was read by the lead at the end of session 17 and declared fit data
#: at 12:25 UTC (Dec 6) of session 18, before anything of that session was measured; fresh8's was read by
#: the lead at the end of session 18 and declared fit data at 15:20 UTC (Dec 6) of session 19, before
#: anything of that session was measured (commit bf01f03); fresh9's was read by the lead at the end of
#: session 19 and declared fit data at 17:58 UTC (Dec 6) of session 20, before anything of that session was
#: measured (commit 73645e9); fresh10's was read by the lead at the end of session 20 and declared fit data
#: at 20:50 UTC (Dec 6) of session 21, before anything of that session was measured (commit 24a2a1c);
#: fresh11's was read by the lead at the end of session 21 and declared fit data at 23:35 UTC (Dec 6) of
#: session 22, before anything of that session was measured (commits 357c8b2, 564fc9a); fresh12's was read
#: by the lead at the end of session 22 and declared fit data at 02:20 UTC (Dec 7) of session 23, before
#: anything of that session was measured (commit 0193254); fresh13's was read by the lead at the end of
#: session 23 and declared fit data at 05:05 UTC (Dec 7) of session 24, before anything of that session was
#: measured (commit bdfcfad); fresh14's was read by the lead at the end of session 24 and declared fit data
#: at 07:55 UTC (Dec 7) of session 25, before anything of that session was measured (commit eb4d8d4);
#: fresh15's was read by the lead at the end of session 25 and declared fit data at 10:55 UTC (Dec 7) of
#: session 26, before anything of that session was measured (commit 7653ad4); fresh16's was read by the
#: lead at the end of session 26 and declared fit data at 13:50 UTC (Dec 7) of session 27, before anything
#: of that session was measured (commit 5c43801); fresh17's was read by the lead at the end of session 27 and
#: declared fit data at 16:50 UTC (Dec 7) of session 28, before anything of that session was measured
#: (commit eab62f7); fresh18's was read by the lead at the end of session 28 and declared fit data at 19:39
#: UTC (Dec 7) of session 29, before anything of that session was measured (commit 36bf9a3); fresh19's was
#: read by the lead at the end of session 29 and declared fit data at 22:40 UTC (Dec 7) of session 30, before
#: anything of that session was measured (commit a106317)
FITTED_TEST_PARTS = (
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
)


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
    #: (qa_fresh8.jsonl), "fresh9" (qa_fresh9.jsonl), "fresh10" (qa_fresh10.jsonl), "fresh11"
    #: (qa_fresh11.jsonl), "fresh12" (qa_fresh12.jsonl), "fresh13" (qa_fresh13.jsonl), "fresh14"
    #: (qa_fresh14.jsonl), "fresh15" (qa_fresh15.jsonl), "fresh16" (qa_fresh16.jsonl), "fresh17"
    #: (qa_fresh17.jsonl), "fresh18" (qa_fresh18.jsonl) or "fresh19" (qa_fresh19.jsonl)
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
    """The dev set, the near-miss set and the nineteen fresh sets together (what ``persona eval qa`` and
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
        + load_dev(FRESH10_SET, "fresh10")
        + load_dev(FRESH11_SET, "fresh11")
        + load_dev(FRESH12_SET, "fresh12")
        + load_dev(FRESH13_SET, "fresh13")
        + load_dev(FRESH14_SET, "fresh14")
        + load_dev(FRESH15_SET, "fresh15")
        + load_dev(FRESH16_SET, "fresh16")
        + load_dev(FRESH17_SET, "fresh17")
        + load_dev(FRESH18_SET, "fresh18")
        + load_dev(FRESH19_SET, "fresh19")
    )


#: the name ``--leave-out`` gives qa_dev.jsonl's part (its items' ``part`` is "")
DEV_PART = "dev"


def calibration_items(items: list[Item], leave_out: tuple[str, ...] = ()) -> list[Item]:
    """The calibration part of ``items``, less the question files named in ``leave_out`` (a part's name:
    "dev" for qa_dev.jsonl, else ``Item.part``), kept apart as a check on the fit as ``evals.gate_fit`` keeps
    fresh4's .. fresh19's out of the gate's (the session's check part, if any: :data:`CHECK_PART`).
    A name no item has is an error, not a silent no-op."""
    parts = {i.part or DEV_PART for i in items}
    unknown = sorted(set(leave_out) - parts)
    if unknown:
        raise ValueError(f"--leave-out names no question file: {', '.join(unknown)} (parts: {sorted(parts)})")
    return [i for i in items if i.split == "calibration" and (i.part or DEV_PART) not in leave_out]


def fit_pool(
    items: list[Item],
    check: str | None = CHECK_PART,
    fit_test: tuple[str, ...] = FITTED_TEST_PARTS,
    leave_out: tuple[str, ...] = (),
) -> list[Item]:
    """The fit pool (session 30: pool16 where ``check`` is None - no check part - and ``fit_test`` fresh5 ..
    fresh19; session 29's pool15 had ``check`` fresh19 and ``fit_test`` fresh5 .. fresh18): every calibration
    question but the check part's and ``leave_out``'s, plus the test questions of the parts whose test split
    is declared fit data (never another test split). Refuses a ``fit_test`` that names the check part: its
    rows are read as aggregates only and never fitted on. The one definition of the pool:
    ``evals.qa_viewer.pool`` (its ``--part pool16`` .. ``pool3``) and the refits (``qa_calibration``,
    ``gate_fit``, ``calibration_cv``) read it."""
    if check is not None and check in fit_test:
        raise ValueError(f"the check part {check} is never fit data")
    out = {check, *leave_out}
    return [
        i
        for i in items
        if (i.part or DEV_PART) not in out
        and (i.split == "calibration" or (i.split == "test" and i.part in fit_test))
    ]


__all__ = [
    "CHECK_PART",
    "CHECKS_IN_ORDER",
    "CURRENT_POOL",
    "DEV_PART",
    "DEV_SET",
    "FITTED_TEST_PARTS",
    "FRESH10_SET",
    "FRESH11_SET",
    "FRESH12_SET",
    "FRESH13_SET",
    "FRESH14_SET",
    "FRESH15_SET",
    "FRESH16_SET",
    "FRESH17_SET",
    "FRESH18_SET",
    "FRESH19_SET",
    "FRESH2_SET",
    "FRESH3_SET",
    "FRESH4_SET",
    "FRESH5_SET",
    "FRESH6_SET",
    "FRESH7_SET",
    "FRESH8_SET",
    "FRESH9_SET",
    "FRESH_SET",
    "HARD_SET",
    "LAST_CHECK",
    "POOLS",
    "Item",
    "Pool",
    "calibration_items",
    "fit_pool",
    "later_checks",
    "load_all",
    "load_dev",
    "pool_items",
]


def _fresh(first: int, last: int) -> tuple[str, ...]:
    """fresh<first> .. fresh<last>, in order."""
    return tuple(f"fresh{k}" for k in range(first, last + 1))


@dataclass(frozen=True)
class Pool:
    """A session's fit pool: every calibration part but its check part's (and every later session's check
    part's: parts written after it), plus the test splits of ``fit_test`` (never another test split)."""

    #: the session that fitted on it
    session: int
    #: its check part (a calibration split read as aggregates only), None where the session had none
    check: str | None
    #: the test parts read and declared fit data by then
    fit_test: tuple[str, ...]


#: every fit pool by the name ``--part`` / ``--benign`` give it, newest first: the current session's (its
#: check part and fit test parts are :data:`CHECK_PART` and :data:`FITTED_TEST_PARTS`), then each earlier
#: session's as it was, kept for comparisons with its figures. A new session adds one row here (and writes
#: its predecessor's row out as it was), nothing else.
POOLS: dict[str, Pool] = {
    "pool16": Pool(30, CHECK_PART, FITTED_TEST_PARTS),
    "pool15": Pool(29, "fresh19", _fresh(5, 18)),
    "pool14": Pool(28, "fresh18", _fresh(5, 17)),
    "pool13": Pool(27, "fresh17", _fresh(5, 16)),
    "pool12": Pool(26, "fresh16", _fresh(5, 15)),
    "pool11": Pool(25, "fresh15", _fresh(5, 14)),
    "pool10": Pool(24, "fresh14", _fresh(5, 13)),
    "pool9": Pool(23, "fresh13", _fresh(5, 12)),
    "pool8": Pool(22, "fresh12", _fresh(5, 11)),
    "pool7": Pool(21, "fresh11", _fresh(5, 10)),
    "pool6": Pool(20, "fresh10", _fresh(5, 9)),
    "pool5": Pool(19, "fresh9", _fresh(5, 8)),
    "pool4": Pool(18, "fresh8", _fresh(5, 7)),
    "pool3": Pool(17, "fresh7", _fresh(5, 6)),
}
#: the current session's pool (the default of ``evals.qa_viewer --part`` and the benign sets)
CURRENT_POOL = next(iter(POOLS))

#: the check parts in the order the sessions used them: an older pool keeps every later check part out
CHECKS_IN_ORDER = tuple(p.check for p in reversed(POOLS.values()) if p.check is not None)
#: the last check part used (the session's, else the latest session's: fresh19 in session 30, fit data now):
#: what ``--part check`` and ``--part report`` of ``evals.qa_viewer`` read
LAST_CHECK = CHECKS_IN_ORDER[-1]


def later_checks(check: str) -> tuple[str, ...]:
    """The check parts used after ``check`` (:data:`CHECKS_IN_ORDER`): what a pool of ``check``'s session
    keeps out beside it."""
    return CHECKS_IN_ORDER[CHECKS_IN_ORDER.index(check) + 1 :]


def pool_items(name: str, items: list[Item] | None = None, kinds: tuple[str, ...] = ()) -> list[Item]:
    """The rows of the fit pool ``name`` (a key of :data:`POOLS`) among ``items`` (default: every question
    file, :func:`load_all`), in their order, through :func:`fit_pool`: every calibration row but those of the
    pool's check part and of the check parts of later sessions, plus the test rows of its fit test parts;
    with ``kinds``, only rows of those kinds ("shop", "product")."""
    if name not in POOLS:
        raise ValueError(f"no pool named {name!r} (pools: {', '.join(POOLS)})")
    pool = POOLS[name]
    later = tuple(p.check for p in POOLS.values() if p.session > pool.session and p.check is not None)
    got = fit_pool(load_all() if items is None else items, pool.check, pool.fit_test, later)
    return [i for i in got if not kinds or i.kind in kinds]
