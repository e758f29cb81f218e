"""Declared splits of the external data (``../shared/data``), fixed before any fitting.

Written down here, and committed, before a single model or threshold was fitted on these sets; every fitting
script and every evaluation reads the parts through these functions, so "fit on train, report on dev" holds by
construction.

- Davidson et al. tweets (``perception/davidson_train.csv``): a row is in the **dev** part when
  ``crc32(f"{DAVIDSON_SEED}:{row_id}") % 100 < 20`` (row_id: the file's first, unnamed column, the original
  row number), else in **train**. About 20% dev. Labels: class 0 (hate) and 1 (offensive) are abusive, 2 not.
- COLD (``perception/cold_train.csv`` / ``cold_dev.csv``): the files are the parts - all of ``cold_dev.csv``
  (6,431 rows; its own ``split`` column says "train" for half of them, ignored) is dev. Inside the train
  file a **calibration** slice (``crc32(f"{CALIB_SEED}:{row_id}") % 100 < 10``) holds apart what a
  threshold is chosen on, for both sets; the dev parts are read only to report. A fitting script drops train
  rows whose text also appears in a dev part (30 such in COLD).
- Tensor Trust extraction attacks (``safety/extraction_robustness.jsonl``): the **fit** part is
  ``crc32(f"{INJECTION_SEED}:{sample_id}") % 100 < 30``; the other ~70% is the **report** part.
- Twitch chat (``chat/twitch_2019-04-30.csv``), as ordinary lines for injection false flags: lines whose
  timestamp is before ``TWITCH_FIT_BEFORE`` (the stream's first hour) may be fitted on; the rest is the report
  part.
"""

from __future__ import annotations

import csv
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DAVIDSON_SEED = 20261205
CALIB_SEED = 1712
INJECTION_SEED = 4242
TWITCH_FIT_BEFORE = "2019-04-30 09:57:00"

Part = Literal["train", "dev", "calib"]

#: ``../shared/data`` seen from the repository root (a user's fresh clone has none).
SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def _bucket(seed: int, key: str) -> int:
    return zlib.crc32(f"{seed}:{key}".encode()) % 100


@dataclass(frozen=True)
class Labelled:
    text: str
    label: int  # 1 abusive / offensive, 0 not
    part: str  # "train", "calib" (a slice of train held apart for thresholds) or "dev"
    lang: str


def davidson_part(row_id: str) -> Literal["train", "calib", "dev"]:
    if _bucket(DAVIDSON_SEED, row_id) < 20:
        return "dev"
    return "calib" if _bucket(CALIB_SEED, row_id) < 10 else "train"


def cold_part(file_part: str, row_id: str) -> Literal["train", "calib", "dev"]:
    if file_part == "dev":
        return "dev"
    return "calib" if _bucket(CALIB_SEED, row_id) < 10 else "train"


def davidson(root: Path = SHARED_DATA) -> Iterator[Labelled]:
    with (root / "perception" / "davidson_train.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield Labelled(row["tweet"], int(row["class"] in ("0", "1")), davidson_part(row[""]), "en")


def cold(root: Path = SHARED_DATA) -> Iterator[Labelled]:
    for name, file_part in (("cold_train.csv", "train"), ("cold_dev.csv", "dev")):
        with (root / "perception" / name).open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                yield Labelled(row["TEXT"], int(row["label"]), cold_part(file_part, row[""]), "zh")


def tensor_trust_part(sample_id: str) -> Literal["fit", "report"]:
    return "fit" if _bucket(INJECTION_SEED, sample_id) < 30 else "report"


def tensor_trust(root: Path = SHARED_DATA) -> Iterator[tuple[dict[str, object], str]]:
    """(row, part) for every Tensor Trust extraction attack."""
    with (root / "safety" / "extraction_robustness.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                yield row, tensor_trust_part(str(row["sample_id"]))


def twitch_lines(root: Path = SHARED_DATA) -> Iterator[tuple[str, str, str, str]]:
    """(time, viewer, message, part) for every chat line; part "fit" before ``TWITCH_FIT_BEFORE``."""
    with (root / "chat" / "twitch_2019-04-30.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            part = "fit" if row["time"] < TWITCH_FIT_BEFORE else "report"
            yield row["time"], row["viewer"], row["message"], part
