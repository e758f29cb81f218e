"""Two English abuse models side by side on the report parts (issue 18, session 11).

    .venv/bin/python -m evals.abuse_compare --old OLD.npz [--new NEW.npz] [--variant VAR.npz] [--json]

Parts as declared in ``agent/perception/data/splits.py`` and docs/perception.md (session 11), none of them
fitted on: Davidson dev (3,953), OLID's official test set (860), Topical-Chat's report conversations
(questions to the other person, 3,934, and every report sentence: ordinary talk, taken as not abusive), the
Twitch log after its first hour (16,765, unlabelled: an upper bound on false flags). ``product`` is
``AbuseModel.is_abusive`` (the model at its operating point, or a slur, or an ``ABUSE`` word); ``model`` the
model alone at its train-prior threshold. Baselines in the same run: every text not abusive (F1 0), every text
abusive, the ``ABUSE`` word list alone. Perception (static head, the default persona) with each model reads
the Topical-Chat report questions and the report sentences without "?": the share read as a question and as
abuse (abuse wins over question, so an abuse flag on a question is a question the host will not answer).
Latency: ``is_abusive`` and ``Perception.perceive_texts`` one line at a time on Twitch lines, the two models
alternated in one process (median of rounds, and the new / old ratio). ``--new`` defaults to the shipped file.

``--variant`` (session 11 follow-up, declared in docs/perception.md): a third model in the same run, with its
latency ratio to ``--new``; every model is also read on the in-word benign set (``in_word_benign``: ordinary
report sentences whose words hold a fragment of an insult, "twitch", "hello", "class") and on ``HAND_MADE``
(lines engineer E wrote after E's fit: reported, not a test set).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from evals.perception import _prf

#: Fragments of insults that ordinary words hold (declared in docs/perception.md before the variant was fit).
FRAGMENTS = ("itch", "ass", "hell", "cum", "dick", "cock", "tit", "hoe", "nig", "fag", "tard", "crap")
#: Lines engineer E wrote after E's fit (brief E2): reported for every model, never fitted or tuned to.
HAND_MADE = (
    "twitch",
    "hello from twitch",
    "what a crash",
    "the glitch in the stream again",
    "kill",
    "this boss fight is killing me lol",
    "the ref robbed us, that should be illegal",
)
_WORD = re.compile(r"[a-z]+")


def in_word_benign(sentences: list[str]) -> list[str]:
    """The sentences holding a word that contains a ``FRAGMENTS`` entry without being it (or it + "s"),
    less those with a slur or an ``ABUSE`` word (where the product flags whatever the model says)."""
    extra = _extra(sentences)
    out = []
    for text, ex in zip(sentences, extra, strict=True):
        if ex:
            continue
        words = _WORD.findall(text.lower())
        if any(f in w and w not in (f, f + "s") for w in words for f in FRAGMENTS):
            out.append(text)
    return out


def _parts() -> dict[str, Any]:
    from agent.perception.data import splits

    dav = [r for r in splits.davidson() if r.part == "dev"]
    olid = [r for r in splits.olid() if r.part == "dev"]
    questions = [t for t, part in splits.questions_to_other() if part == "report"]
    sentences = [t for t, part in splits.topical_sentences() if part == "report"]
    twitch = [m for _, _, m, part in splits.twitch_lines() if part == "report"]
    return {
        "davidson_dev": ([r.text for r in dav], np.array([r.label for r in dav])),
        "olid_test": ([r.text for r in olid], np.array([r.label for r in olid])),
        "topical_questions": questions,
        "topical_sentences": sentences,
        "topical_statements": [t for t in sentences if "?" not in t],
        "twitch_report": twitch,
        "in_word_benign": in_word_benign(sentences),
    }


def _extra(texts: list[str]) -> np.ndarray:
    """What the product adds to any model: a slur or an ``ABUSE`` word."""
    from agent.perception.abuse import find_slur, normalize
    from agent.perception.lexicon import has_abuse

    return np.array([find_slur(t) is not None or has_abuse(normalize(t)) for t in texts])


def model_figures(model: Any, parts: dict[str, Any], extras: dict[str, np.ndarray]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("davidson_dev", "olid_test"):
        texts, y = parts[name]
        product = (np.array(model.flags(texts)) | extras[name]).astype(int)
        alone = np.array(model.flags(texts, prior=None)).astype(int)
        out[name] = {"product": _prf(y, product), "model": _prf(y, alone)}
    for name in ("topical_questions", "topical_sentences", "twitch_report", "in_word_benign"):
        if name not in parts:
            continue
        texts = parts[name]
        flagged = np.array(model.flags(texts)) | extras[name]
        out[name] = {
            "n": len(texts),
            "flag_rate": round(float(flagged.mean()), 4),
            "flagged": [t for t, f in zip(texts, flagged, strict=True) if f][:15],
        }
    return out


def baselines(parts: dict[str, Any]) -> dict[str, Any]:
    from agent.perception.lexicon import has_abuse

    out: dict[str, Any] = {}
    for name in ("davidson_dev", "olid_test"):
        texts, y = parts[name]
        out[name] = {
            "n": len(texts),
            "abusive_share": round(float(y.mean()), 4),
            "none_abusive": _prf(y, np.zeros_like(y)),
            "all_abusive": _prf(y, np.ones_like(y)),
            "lexicon": _prf(y, np.array([int(has_abuse(t)) for t in texts])),
        }
    return out


def perception_figures(model: Any, parts: dict[str, Any]) -> dict[str, Any]:
    from agent.perception import Perception
    from agent.persona import Persona

    perception = Perception(Persona.load(), abuse=model)
    out: dict[str, Any] = {}
    for name in ("topical_questions", "topical_statements"):
        intents = [p.intent for p in perception.perceive_texts(parts[name])]
        out[name] = {
            "n": len(intents),
            "question": round(sum(i == "question" for i in intents) / len(intents), 4),
            "abuse": round(sum(i == "abuse" for i in intents) / len(intents), 4),
        }
    return out


def latency(models: dict[str, Any], lines: list[str], rounds: int = 5) -> dict[str, Any]:
    """ms per line, one line at a time, the models alternated in each round; medians, new / old and (with a
    "variant") variant / new."""
    from agent.perception import Perception
    from agent.persona import Persona

    persona = Persona.load()
    perceptions = {k: Perception(persona, abuse=m) for k, m in models.items()}
    abuse: dict[str, list[float]] = {k: [] for k in models}
    perceive: dict[str, list[float]] = {k: [] for k in models}
    for _ in range(rounds):
        for k, m in models.items():
            t0 = time.perf_counter()
            for t in lines:
                m.is_abusive(t)
            abuse[k].append((time.perf_counter() - t0) * 1000 / len(lines))
            t0 = time.perf_counter()
            for t in lines:
                perceptions[k].perceive_texts([t])
            perceive[k].append((time.perf_counter() - t0) * 1000 / len(lines))
    med = {k: {"is_abusive_ms": statistics.median(abuse[k]), "perceive_ms": statistics.median(perceive[k])}
           for k in models}  # fmt: skip
    return {
        "lines": len(lines),
        "rounds": rounds,
        **{k: {n: round(v, 4) for n, v in d.items()} for k, d in med.items()},
        "ratio_is_abusive": round(med["new"]["is_abusive_ms"] / med["old"]["is_abusive_ms"], 3),
        "ratio_perceive": round(med["new"]["perceive_ms"] / med["old"]["perceive_ms"], 3),
        **(
            {
                "ratio_variant_is_abusive": round(
                    med["variant"]["is_abusive_ms"] / med["new"]["is_abusive_ms"], 3
                ),
                "ratio_variant_perceive": round(med["variant"]["perceive_ms"] / med["new"]["perceive_ms"], 3),
            }
            if "variant" in med
            else {}
        ),
    }


def run(
    old: Path, new: Path | None, latency_lines: int = 2000, variant: Path | None = None
) -> dict[str, Any]:
    from agent.perception.abuse import MODEL_PATH, AbuseModel

    parts = _parts()
    names = (
        "davidson_dev",
        "olid_test",
        "topical_questions",
        "topical_sentences",
        "twitch_report",
        "in_word_benign",
    )
    extras = {n: _extra(parts[n][0] if isinstance(parts[n], tuple) else parts[n]) for n in names}
    models = {"old": AbuseModel.load(old), "new": AbuseModel.load(new or MODEL_PATH)}
    if variant is not None:
        models["variant"] = AbuseModel.load(variant)
    out: dict[str, Any] = {"baselines": baselines(parts)}
    for k, m in models.items():
        out[k] = model_figures(m, parts, extras)
        out[k]["perception"] = perception_figures(m, parts)
        out[k]["product_threshold_en"] = round(m.heads["en"].operating_threshold, 4)
        out[k]["analyzer_en"] = m.heads["en"].analyzer
        probs = m.proba(list(HAND_MADE))
        out[k]["hand_made"] = {
            t: {"p": round(float(pr), 3), "abusive": m.is_abusive(t)}
            for t, pr in zip(HAND_MADE, probs, strict=True)
        }
    out["latency"] = latency(models, parts["twitch_report"][:latency_lines])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", type=Path, required=True)
    ap.add_argument("--new", type=Path, default=None)
    ap.add_argument("--variant", type=Path, default=None, help="a third model (docs/perception.md)")
    ap.add_argument("--latency-lines", type=int, default=2000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = run(args.old, args.new, args.latency_lines, args.variant)
    if args.json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return
    for k in ("old", "new", "variant"):
        if k not in out:
            continue
        o = out[k]
        print(
            k,
            f"th {o['product_threshold_en']}",
            "dav F1 {f1} P {precision} R {recall}".format(**o["davidson_dev"]["product"]),
            "| olid F1 {f1} P {precision} R {recall}".format(**o["olid_test"]["product"]),
            f"| topical q {o['topical_questions']['flag_rate']} s {o['topical_sentences']['flag_rate']}",
            f"| twitch {o['twitch_report']['flag_rate']}",
            f"| in-word benign {o['in_word_benign']['flag_rate']} of {o['in_word_benign']['n']}",
            f"| perception {o['perception']}",
        )
    print("baselines", json.dumps(out["baselines"]))
    print("latency", json.dumps(out["latency"]))


if __name__ == "__main__":
    main()
