"""The edge-anchored English features (session 11 follow-up, docs/perception.md): no n-gram from inside a
word, the analyzer travels in the model file, and the numpy scorer reproduces scikit-learn's fit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from agent.errors import PerceptionError
from agent.perception.abuse import MODEL_PATH, AbuseModel, features
from agent.perception.data import splits


def test_edge_features_hold_words_prefixes_and_pairs_only() -> None:
    feats = features("hello from Twitch", "en", "edge")
    assert "w:twitch" in feats and " twitc" in feats and " tw" in feats
    assert "b:hello from" in feats and "b:from twitch" in feats
    assert not any("itch" in g and not g.startswith(("w:", "b:", " tw")) for g in feats)
    assert " twitch" not in feats  # the whole word is "w:twitch", not a prefix
    # the default set keeps the pieces inside words (session 11's shipped file was fitted on it)
    assert "itch" in features("twitch", "en") and "itch" not in features("twitch", "en", "edge")
    with pytest.raises(PerceptionError, match="unknown abuse analyzer"):
        features("hi", "en", "bogus")


_TRAIN = [
    ("you are a worthless bitch", 1),
    ("shut up you stupid clown", 1),
    ("what a bitchy thing to say, idiot", 1),
    ("you idiots ruin every stream", 1),
    ("hello from twitch, great run", 0),
    ("the glitch in the stream again", 0),
    ("thanks for the stream, see you", 0),
    ("what a great run today", 0),
    ("hello everyone, good luck", 0),
    ("you are a great streamer", 0),
] * 2
_SAMPLES = ["hello from twitch", "you worthless idiot", "what a glitch", "bitches be crazy", "great run"]


def _export(tmp_path: Path) -> tuple[Path, object, object]:
    from agent.perception.data.train_abuse import _arrays, _fit

    calib = [splits.Labelled(t, y, "calib", "en") for t, y in _TRAIN[:10]]
    c, vec, clf, _ = _fit(_TRAIN, calib, "en", "edge")[0]
    arrays = _arrays("en", vec, clf, 0.5, 0.4, 0.5, "edge")
    with np.load(MODEL_PATH, allow_pickle=False) as z:
        arrays.update({k: z[k] for k in z.files if k.startswith("zh_")})
    path = tmp_path / "abuse.npz"
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
    return path, vec, clf


def test_the_exported_edge_model_scores_as_the_fitted_one(tmp_path: Path) -> None:
    path, vec, clf = _export(tmp_path)
    model = AbuseModel.load(path)
    assert model.heads["en"].analyzer == "edge"
    theirs = clf.predict_proba(vec.transform(_SAMPLES))[:, 1]  # type: ignore[attr-defined]
    ours = model.proba(_SAMPLES)
    assert np.abs(ours - theirs).max() < 1e-4
    # the scorer reads the file's analyzer: the same arrays read as "chars" score differently
    as_chars = dataclasses.replace(model.heads["en"], analyzer="chars")
    assert np.abs(as_chars.proba(_SAMPLES, "en") - theirs).max() > 1e-3


def test_a_file_naming_an_unknown_analyzer_is_a_clear_error(tmp_path: Path) -> None:
    with np.load(MODEL_PATH, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["en_analyzer"] = np.array("subwords")
    bad = tmp_path / "abuse.npz"
    np.savez_compressed(bad, **arrays)  # type: ignore[arg-type]
    with pytest.raises(PerceptionError, match="unknown abuse analyzer"):
        AbuseModel.load(bad)
