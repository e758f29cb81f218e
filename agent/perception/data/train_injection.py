"""Fit the injection model (``models/injection.npz``).

    .venv/bin/python -m agent.perception.data.train_injection

Attacks: the Tensor Trust **fit** part (``splits.tensor_trust_part``) and the perception set's train-split
injection examples. Ordinary: Twitch lines of the **fit** hour, the Davidson **train** part, the perception
set's other train-split examples. The Tensor Trust report part and the Twitch lines after the first hour are
never read here. TF-IDF over ``abuse.features`` (min_df 2), L2 logistic regression with balanced class
weights; the threshold is the lowest one whose 5-fold cross-validated false-flag rate on the Twitch fit lines
is <= ``FALSE_FLAG_BUDGET`` and on all ordinary lines <= twice that.
"""

from __future__ import annotations

import json

import numpy as np

from agent.perception.abuse import _Head, features
from agent.perception.data import splits
from agent.perception.data.build import DATASET
from agent.perception.injection import FALSE_FLAG_BUDGET, MODEL_PATH, PATTERN, InjectionModel


def main() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    own = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines() if x.strip()]
    own = [r for r in own if r["split"] == "train"]
    attacks = [str(r["attack"]) for r, part in splits.tensor_trust() if part == "fit"]
    attacks += [r["text"] for r in own if r["intent"] == "injection-attempt"]
    twitch = [m for _, _, m, part in splits.twitch_lines() if part == "fit"]
    other = [r.text for r in splits.davidson() if r.part == "train"]
    other += [r["text"] for r in own if r["intent"] != "injection-attempt"]
    texts = attacks + twitch + other
    y = np.array([1] * len(attacks) + [0] * (len(twitch) + len(other)))
    is_twitch = np.array([0] * len(attacks) + [1] * len(twitch) + [0] * len(other), dtype=bool)

    def make() -> tuple[TfidfVectorizer, LogisticRegression]:
        vec = TfidfVectorizer(analyzer=lambda t: features(t[:4000], "en"), min_df=2, sublinear_tf=True)
        return vec, LogisticRegression(C=10.0, solver="liblinear", class_weight="balanced", max_iter=1000)

    cv = np.zeros(len(texts))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, y):
        vec, clf = make()
        clf.fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
        cv[te] = clf.predict_proba(vec.transform([texts[i] for i in te]))[:, 1]
    regex = np.array([bool(PATTERN.search(t)) for t in texts])
    th = 0.99
    for cand in np.arange(0.05, 0.99, 0.01):
        flag = (cv >= cand) | regex
        if flag[is_twitch].mean() <= FALSE_FLAG_BUDGET and flag[y == 0].mean() <= 2 * FALSE_FLAG_BUDGET:
            th = float(cand)
            break
    flag = (cv >= th) | regex
    print(
        f"threshold {th:.2f}: cv recall {flag[y == 1].mean():.3f}, twitch false flags "
        f"{flag[is_twitch].mean():.4f}, all ordinary {flag[y == 0].mean():.4f} ({len(attacks)} attacks)"
    )
    vec, clf = make()
    clf.fit(vec.fit_transform(texts), y)
    vocab = [str(v) for v in vec.get_feature_names_out()]
    coef = clf.coef_[0].astype(np.float32)
    arrays = {
        "inj_vocab": np.array(vocab),
        "inj_idf": vec.idf_.astype(np.float32),
        "inj_coef": coef,
        "inj_bias": np.array(float(clf.intercept_[0]), dtype=np.float32),
        "inj_threshold": np.array(th, dtype=np.float32),
    }
    head = _Head(
        {g: i for i, g in enumerate(vocab)}, vec.idf_, coef.astype(np.float64), float(arrays["inj_bias"]), th
    )
    sample = texts[:300] + twitch[:300]
    gap = float(
        np.abs(
            head.proba([t[:4000] for t in sample], "en") - clf.predict_proba(vec.transform(sample))[:, 1]
        ).max()
    )
    if gap > 1e-3:
        raise SystemExit(f"numpy scorer differs from scikit-learn by {gap:.4f}")
    np.savez_compressed(MODEL_PATH, **arrays)  # type: ignore[arg-type]
    InjectionModel.load(MODEL_PATH)
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB, {len(vocab)} features)")


if __name__ == "__main__":
    main()
