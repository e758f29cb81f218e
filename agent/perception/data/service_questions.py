"""Questions and requests written by others to a service about itself (session 20, brief I; declared in
docs/perception.md before any fit or model run on them).

The injection model's ordinary side held conversation, chat and tweets but almost nothing put to a service
about itself ("what are your fees", "what is your refund policy", "tell me a fun fact", "what's your name"),
so any "your X" leaned to attack. Two public sets hold such lines:

- **banking77** (Casanueva et al., 2020; github PolyAI-LDN/task-specific-datasets at 57ec275,
  ``banking_data/train.csv`` and ``test.csv``, CC BY 4.0): customer questions to a bank. ``train`` is **fit**,
  ``test`` is **check** (held apart: aggregates only, never fitted on).
- **CLINC150** (Larson et al., 2019; github clinc/oos-eval at 828f809, ``data/data_full.json``, CC BY 3.0):
  queries to a voice assistant, 150 intents and out-of-scope ones. ``train`` + ``oos_train`` are **fit**,
  ``val`` + ``oos_val`` **check**, ``test`` + ``oos_test`` **report** (never read here).

Kept outside the repository, as Topical-Chat is: ``$PERSONA_BANKING77_DIR`` (default ``../e-data/banking77``,
the two CSV files) and ``$PERSONA_CLINC150_DIR`` (default ``../e-data/clinc150``, ``data_full.json``).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Literal

from agent.perception.data.splits import SHARED_DATA

Part = Literal["fit", "check"]

BANKING77_DIR = Path(os.environ.get("PERSONA_BANKING77_DIR", SHARED_DATA.parents[1] / "e-data" / "banking77"))
CLINC150_DIR = Path(os.environ.get("PERSONA_CLINC150_DIR", SHARED_DATA.parents[1] / "e-data" / "clinc150"))
_BANKING77_FILES: dict[str, str] = {"fit": "train.csv", "check": "test.csv"}
_CLINC150_KEYS: dict[str, tuple[str, ...]] = {"fit": ("train", "oos_train"), "check": ("val", "oos_val")}


def banking77(part: Part, root: Path | None = None) -> list[str]:
    """banking77's questions of ``part`` (fit: train.csv, check: test.csv); ``FileNotFoundError`` when
    absent."""
    path = (BANKING77_DIR if root is None else root) / _BANKING77_FILES[part]
    with path.open(encoding="utf-8", newline="") as f:
        return [row["text"].strip() for row in csv.DictReader(f) if row["text"].strip()]


def clinc150(part: Part, root: Path | None = None) -> list[str]:
    """CLINC150's queries of ``part`` (fit: train + oos_train, check: val + oos_val; test never read);
    ``FileNotFoundError`` when absent."""
    data = json.loads(
        ((CLINC150_DIR if root is None else root) / "data_full.json").read_text(encoding="utf-8")
    )
    return [str(q).strip() for key in _CLINC150_KEYS[part] for q, _ in data[key] if str(q).strip()]


def service_questions(part: Part) -> list[str]:
    """Both sets' lines of ``part``, distinct (first seen kept), in a fixed order; the check part less any
    line (lower-cased) the fit part also holds, so it holds only lines the fit never saw."""
    lines = list(dict.fromkeys(banking77(part) + clinc150(part)))
    if part == "check":
        seen = {t.lower() for t in service_questions("fit")}
        lines = [t for t in lines if t.lower() not in seen]
    return lines


def available() -> bool:
    """Both sets' files are where the readers look."""
    return (
        all((BANKING77_DIR / f).is_file() for f in _BANKING77_FILES.values())
        and (CLINC150_DIR / "data_full.json").is_file()
    )
