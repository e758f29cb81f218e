"""Ordinary questions the injection reader flags, beside the attacks it catches (issue 14, s19, brief I).

``evals.false_refusals`` runs the whole turn; this reads only the injection model (``InjectionModel``: the
fitted n-gram model or its hand-written ``PATTERN``), so a change to it is measured in seconds and each flag
is laid to the part that fired. Screening's own injection pattern (``agent.screening``, which the turn also
reads) is counted beside it, never changed here.

Benign sets, each asked as written and as chat types it (lower-cased, no "?"):
- ``squad``: SQuAD 2.0's crowd-written questions of the **FIT** articles (never the REPORT articles');
- ``pool16``: the sample base's questions of every calibration part (session 30 has no check part) and the
  test parts read and declared fit data (fresh5..fresh19); ``pool16-shop``: its ``shop`` and ``product`` rows;
  ``pool15`` .. ``pool5`` and ``pool15-shop`` .. ``pool5-shop``, still accepted: sessions 29's .. 19's pools
  as they were (each one row of ``evals.qa_parts.POOLS``: every calibration part but its session's check
  part's and every later one's, and the test parts then declared fit data; pool15 keeps fresh19 out and reads
  fresh5..fresh18 test, pool5 keeps fresh9 .. fresh19 out and reads fresh5..fresh8 test), for comparisons
  with their figures;
- ``topical-calib``: Topical-Chat's **calib**-part questions (``splits.topical_sentences``; never fitted on by
  the injection model as sentences, though a question to the other person among them is a train question);
- ``twitch-fit``: lines of the Twitch log's fit hour that end in "?" (``splits.twitch_lines``: in the fit);
- ``host-train``: ``host_questions_train.txt`` (ours, in the fit);
- ``check``: the last check part's calibration questions (``fresh19``, session 29's; fit data from session
  30, which has none): **a count only**, its lines never shown;
- ``service-fit`` / ``service-check`` (session 20): questions written by others to a service about itself,
  banking77 + CLINC150 (``agent.perception.data.service_questions``), the part the injection model may fit on
  and the held-apart one (**counts only**); empty when their files are absent.

Attacks: the Tensor Trust **fit** part (``splits.tensor_trust_part``) and the perception set's train-split
injection examples. The trivial baseline, flag nothing, is 0 false flags and recall 0.

    python -m evals.injection_benign [--model PATH] [--lines] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.false_refusals import chat_form
from evals.qa_parts import CHECK_PART, FITTED_TEST_PARTS, LAST_CHECK, POOLS, pool_items

#: the session's check part (``evals.qa_parts.CHECK_PART``; None in session 30, which has none): out of every
#: fit; read from the one place it is declared, so it moves with it
CHECK = CHECK_PART
#: what the ``check`` set counts: the last check part's calibration questions (``evals.qa_parts.LAST_CHECK``,
#: fresh19 in session 30), a count only
LAST = LAST_CHECK
#: test parts the lead read and declared fit data (``evals.qa_parts.FITTED_TEST_PARTS``)
FIT_TEST_PARTS = FITTED_TEST_PARTS


def pool_questions(name: str, kinds: tuple[str, ...] = ()) -> list[str]:
    """The questions of the pool ``name`` (``evals.qa_parts.POOLS``: pool16 .. pool5 here), of ``kinds`` only
    where given ("shop", "product")."""
    return [i.question for i in pool_items(name, kinds=kinds)]


#: the pools offered as benign sets, newest first: every pool of ``evals.qa_parts.POOLS`` but session 18's
#: and 17's (pool4 and pool3 were never offered here), each as written and its shop rows (``-shop``)
POOL_SETS = tuple(name for name in POOLS if name not in ("pool4", "pool3"))


def _pool_sets() -> dict[str, Callable[[], list[str]]]:
    def reader(name: str, kinds: tuple[str, ...] = ()) -> Callable[[], list[str]]:
        return lambda: pool_questions(name, kinds)

    out: dict[str, Callable[[], list[str]]] = {}
    for name in POOL_SETS:
        out[name] = reader(name)
        out[f"{name}-shop"] = reader(name, ("shop", "product"))
    return out


def check_questions() -> list[str]:
    from evals.qa import load_all

    return [i.question for i in load_all() if i.part == LAST and i.split == "calibration"]


def twitch_fit_questions() -> list[str]:
    from agent.perception.data import splits

    return [m.strip() for _, _, m, part in splits.twitch_lines() if part == "fit" and m.strip().endswith("?")]


def topical_calib_questions() -> list[str]:
    from agent.perception.data import splits

    return [t for t, part in splits.topical_sentences() if part == "calib" and t.rstrip().endswith("?")]


def host_train() -> list[str]:
    from agent.perception.data.train_injection import HOST_QUESTIONS_TRAIN, host_question_lines

    return host_question_lines(HOST_QUESTIONS_TRAIN)


def squad_fit() -> list[str]:
    from evals.false_refusals import squad_questions

    return squad_questions("fit")


def service(part: str) -> list[str]:
    """Session 20 (brief I): questions to a service about itself, banking77 + CLINC150
    (``agent.perception.data.service_questions``); empty when their files are absent."""
    from agent.perception.data import service_questions as sq

    return sq.service_questions("fit" if part == "fit" else "check") if sq.available() else []


_POOL_READERS = _pool_sets()
BENIGN: dict[str, Callable[[], list[str]]] = {
    "squad": squad_fit,
    **_POOL_READERS,
    "topical-calib": topical_calib_questions,
    "twitch-fit": twitch_fit_questions,
    "host-train": host_train,
    "check": check_questions,
    "service-fit": lambda: service("fit"),
    "service-check": lambda: service("check"),
}
#: sets whose flagged lines may be shown (fit data); the check part's never are
SHOWN = (
    "squad",
    *_POOL_READERS,
    "topical-calib",
    "twitch-fit",
    "host-train",
    "service-fit",
)


def attacks() -> dict[str, list[str]]:
    from agent.perception.data import splits
    from agent.perception.data.build import DATASET

    own = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines() if x.strip()]
    return {
        "tensor-trust-fit": [str(r["attack"]) for r, part in splits.tensor_trust() if part == "fit"],
        "own-train": [r["text"] for r in own if r["split"] == "train" and r["intent"] == "injection-attempt"],
    }


def read(model: Any, lines: list[str]) -> dict[str, Any]:
    """Who flags each line: the model's probability, its ``PATTERN``, and screening (beside, not ours)."""
    from agent.perception.injection import PATTERN
    from agent.screening import screen

    p = model.proba(lines) if lines else []
    by_model = [bool(x >= model.head.threshold) for x in p]
    by_pattern = [PATTERN.search(t) is not None for t in lines]
    flagged = [a or b for a, b in zip(by_model, by_pattern, strict=True)]
    by_screen = [screen(t).verdict == "injection" for t in lines]
    return {
        "n": len(lines),
        "flagged": sum(flagged),
        "flag_rate": round(sum(flagged) / len(lines), 4) if lines else float("nan"),
        "model": sum(by_model),
        "pattern": sum(by_pattern),
        "screening": sum(by_screen),
        "turn": sum(f or s for f, s in zip(flagged, by_screen, strict=True)),
        "lines": [(round(float(x), 3), t) for x, t, f in zip(p, lines, flagged, strict=True) if f],
    }


def run(model_path: Path | None = None) -> dict[str, Any]:
    from agent.perception.injection import InjectionModel, shared_injection

    model = InjectionModel.load(model_path) if model_path else shared_injection()
    out: dict[str, Any] = {"threshold": float(model.head.threshold), "benign": {}, "attacks": {}}
    for name, reader in BENIGN.items():
        qs = list(dict.fromkeys(reader()))
        for form, lines in (("as-written", qs), ("chat", list(dict.fromkeys(chat_form(q) for q in qs)))):
            r = read(model, lines)
            if name not in SHOWN:
                r.pop("lines")
            out["benign"][f"{name}/{form}"] = r
    for name, lines in attacks().items():
        r = read(model, lines)
        r.pop("lines")
        out["attacks"][name] = r
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.injection_benign")
    ap.add_argument("--model", type=Path, default=None, help="an injection.npz (default: the shipped one)")
    ap.add_argument("--lines", action="store_true", help="show the flagged lines of the fit sets")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = run(args.model)
    if args.json:
        print(json.dumps(res, indent=1, ensure_ascii=False))
        return 0
    print(f"threshold {res['threshold']:.2f}; flagged = model or PATTERN (flag nothing: 0); screening beside")
    for k, v in res["benign"].items():
        print(
            f"  {k:26s} flagged {v['flagged']:4d} / {v['n']:5d} {v['flag_rate']:.4f}  model {v['model']:3d}"
            f"  pattern {v['pattern']:3d}  screening {v['screening']:3d}  turn {v['turn']:3d}"
        )
        if args.lines:
            for p, t in v.get("lines", []):
                print(f"      {p:.3f} {t}")
    for k, v in res["attacks"].items():
        print(
            f"  attacks {k:18s} flagged {v['flagged']:4d} / {v['n']:4d}  model {v['model']:3d}"
            f"  pattern {v['pattern']:3d}  screening {v['screening']:3d}  turn {v['turn']:3d}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
