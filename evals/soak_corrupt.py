"""The corruption part of `persona bench soak`: damage copies of a knowledge base on disk in many ways and
classify what `persona ask --batch` does with each (see :func:`corruptions`)."""

from __future__ import annotations

import contextlib
import io
import json
import random
import shutil
from pathlib import Path
from typing import Any

QUESTIONS = [
    "how much is the snowflake mug?",
    "when are returns accepted?",
    "when did the Beijing 2022 Games open?",
    "who won the women's big air?",
]
KINDS = [
    "truncate kb.sqlite",
    "truncate vectors",
    "truncate aux",
    "flip kb.sqlite",
    "flip vectors",
    "flip aux",
    "flip chunk text",
    "edit chunk text",
    "delete kb.sqlite",
    "delete vectors",
    "delete aux",
    "foreign kb.sqlite",
]


def _file(base: Path, kind: str) -> Path:
    if "kb.sqlite" in kind or "chunk" in kind:
        return base / "kb.sqlite"
    (found,) = base.glob("vectors-*.faiss" if "vectors" in kind else "aux-*.npz")
    return found


def _damage(base: Path, kind: str, rng: random.Random, foreign: Path) -> Path:
    """Apply one corruption of ``kind`` to the base in ``base``; returns the file it hit."""
    path = _file(base, kind)
    data = bytearray(path.read_bytes())
    if kind.startswith("truncate"):
        path.write_bytes(bytes(data[: rng.randrange(0, len(data))]))
    elif kind.startswith("flip") and "chunk" not in kind:
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    elif kind == "flip chunk text":
        at = data.find(b"costs $16") + rng.randrange(9)
        data[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    elif kind == "edit chunk text":
        path.write_bytes(bytes(data).replace(b"costs $16", b"costs $61"))
    elif kind.startswith("delete"):
        path.unlink()
    elif kind == "foreign kb.sqlite":
        shutil.copyfile(foreign / "kb.sqlite", path)
    return path


def _ask(base: Path, questions: Path) -> tuple[str, list[dict[str, Any]], str]:
    """(outcome, answers, stderr) of `persona ask --batch --json` in this process; outcome is the exit
    status or ``traceback: <exception>`` when one escaped."""
    from connectors.cli import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["ask", "--batch", str(questions), "--kb", str(base), "--json"])
    except BaseException as exc:  # noqa: BLE001 - what escapes is exactly what we count
        return f"traceback: {type(exc).__name__}: {exc}", [], err.getvalue()
    answers = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
    return str(code), answers, err.getvalue()


def corruptions(n: int, workdir: Path, seed: int = 15) -> dict[str, Any]:
    """``n`` corrupted copies of one base (the kinds in turn, offsets drawn at random), each asked the same
    questions. Each copy is classified: ``error_right_file`` (a clear error naming the damaged file),
    ``error_wrong_file``, ``traceback``, ``same_answers`` (the damage missed everything the questions read),
    ``silent_abstention`` or ``silent_wrong_answer`` (a different answer given with exit status 0)."""
    from evals.soak_attack import _docs
    from knowledge import KnowledgeBase

    rng = random.Random(seed)
    docs = _docs(workdir / "corrupt-docs", 30)
    pristine = workdir / "corrupt-kb"
    with KnowledgeBase.open(pristine) as kb:
        kb.ingest([docs])
    foreign = workdir / "corrupt-foreign"
    other = workdir / "corrupt-other-docs"
    other.mkdir()
    (other / "kettle.md").write_text("# Kettles\n\nThe blue kettle costs $30.\n")
    with KnowledgeBase.open(foreign) as kb:
        kb.ingest([other])
    questions = workdir / "corrupt-questions.txt"
    questions.write_text("\n".join(QUESTIONS) + "\n")
    code, expected, _ = _ask(pristine, questions)
    if code != "0" or len(expected) != len(QUESTIONS):
        raise RuntimeError(f"the pristine base did not answer: {code} {expected}")
    counts: dict[str, int] = {}
    rows = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        trial = workdir / f"corrupt-{i}"
        shutil.copytree(pristine, trial)
        hit = _damage(trial, kind, rng, foreign)
        code, answers, err = _ask(trial, questions)
        messages = err + " ".join(str(a.get("error", "")) for a in answers)
        if code.startswith("traceback"):
            verdict = "traceback"
        elif code != "0" or any("error" in a for a in answers):
            verdict = "error_right_file" if hit.name in messages else "error_wrong_file"
        elif [a.get("text") for a in answers] == [a.get("text") for a in expected]:
            verdict = "same_answers"
        elif all(
            a.get("abstained") or a.get("text") == e.get("text")
            for a, e in zip(answers, expected, strict=True)
        ):
            verdict = "silent_abstention"
        else:
            verdict = "silent_wrong_answer"
        counts[verdict] = counts.get(verdict, 0) + 1
        rows.append(
            {"kind": kind, "file": hit.name, "exit": code, "verdict": verdict, "stderr": err.strip()[-200:]}
        )
        shutil.rmtree(trial, ignore_errors=True)
    return {"trials": n, "counts": counts, "rows": rows}
