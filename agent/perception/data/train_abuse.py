"""Fit the abuse model (``models/abuse.npz``) on the train parts of Davidson and COLD.

    .venv/bin/python -m agent.perception.data.train_abuse [--root ../shared/data]

Parts as declared in ``splits.py``: fit on train; choose the regularisation C (from ``CS``) and the decision
threshold on the calibration slice (best F1 of the abusive class); the dev parts are never read here.
scikit-learn (installed with sentence-transformers) is used at fitting time only: TF-IDF (sublinear tf, l2)
over ``abuse.features`` n-grams seen in at least 2 train texts, capped at ``MAX_FEATURES`` per language, then
L2 logistic regression (liblinear). The script checks that the numpy scorer in ``abuse.py`` reproduces
scikit-learn's probabilities on the calibration slice before it writes the file.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from agent.perception.abuse import MODEL_PATH, AbuseModel, _Head, features
from agent.perception.data import splits

CS = (1.0, 3.0, 10.0, 30.0)
MAX_FEATURES = 150_000


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(((pred == 1) & (y == 1)).sum())
    fp = float(((pred == 1) & (y == 0)).sum())
    fn = float(((pred == 0) & (y == 1)).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def fit_language(rows: list[splits.Labelled], lang: str) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    dev_texts = {r.text for r in rows if r.part == "dev"}
    train = [r for r in rows if r.part == "train" and r.text not in dev_texts]
    calib = [r for r in rows if r.part == "calib"]
    vec = TfidfVectorizer(
        analyzer=lambda t: features(t, lang), min_df=2, sublinear_tf=True, max_features=MAX_FEATURES
    )
    xt = vec.fit_transform([r.text for r in train])
    yt = np.array([r.label for r in train])
    xc = vec.transform([r.text for r in calib])
    yc = np.array([r.label for r in calib])
    best: tuple[float, float, float, object] | None = None
    for c in CS:
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
        clf.fit(xt, yt)
        p = clf.predict_proba(xc)[:, 1]
        for th in np.arange(0.2, 0.81, 0.02):
            f = _f1(yc, (p >= th).astype(int))
            if best is None or f > best[0]:
                best = (f, c, float(th), clf)
    assert best is not None
    f, c, th, clf = best
    vocab = vec.get_feature_names_out()
    arrays = {
        f"{lang}_vocab": np.array([str(v) for v in vocab]),
        f"{lang}_idf": vec.idf_.astype(np.float32),
        f"{lang}_coef": clf.coef_[0].astype(np.float32),  # type: ignore[attr-defined]
        f"{lang}_bias": np.array(float(clf.intercept_[0]), dtype=np.float32),  # type: ignore[attr-defined]
        f"{lang}_threshold": np.array(th, dtype=np.float32),
        f"{lang}_prior": np.array(float(yt.mean()), dtype=np.float32),
    }
    head = _Head(
        {str(g): i for i, g in enumerate(vocab)},
        vec.idf_,
        arrays[f"{lang}_coef"].astype(np.float64),
        float(arrays[f"{lang}_bias"]),
        th,
    )
    ours = head.proba([r.text for r in calib], lang)
    theirs = clf.predict_proba(xc)[:, 1]  # type: ignore[attr-defined]
    gap = float(np.abs(ours - theirs).max())
    if gap > 1e-3:
        raise SystemExit(f"{lang}: numpy scorer differs from scikit-learn by {gap:.4f}")
    info = {
        "calib_f1": round(f, 4),
        "C": c,
        "threshold": round(th, 2),
        "train": len(train),
        "features": len(vocab),
        "scorer_gap": gap,
    }
    return arrays, info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=splits.SHARED_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    arrays: dict[str, np.ndarray] = {}
    for lang, rows in (("en", list(splits.davidson(args.root))), ("zh", list(splits.cold(args.root)))):
        t0 = time.perf_counter()
        a, info = fit_language(rows, lang)
        arrays.update(a)
        print(lang, info, f"{time.perf_counter() - t0:.0f} s")
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    AbuseModel.load(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
