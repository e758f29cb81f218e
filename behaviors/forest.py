"""A tree-ensemble residual on the engagement choice (issue 18, session 11).

Session 10 found per-decision headroom that a linear residual over the context features could not reach (a
random forest, as a diagnosis, recovered about twice as much on held-out decisions). This is the nonlinear
class, kept to a form the product can evaluate with numpy alone: per engagement action, a sum of small
regression trees (gradient boosting, fitted offline by `evals.behavior_forest`) predicting that action's
rollout advantage over the state's mean from the non-privileged features. The choice
(`TreeResidual.choose`, the tree's ``chooser``): the baseline's own pick (argmax of its linear scores among
the valid actions) stands unless another valid action's predicted advantage exceeds the pick's by more than
``margin``. Thresholds, guards, the rules and the kept actions (`behaviors.policy.Policy.keep`) are the
baseline's, so only this learned part differs.

Every tree is stored as a complete binary tree of ``depth`` levels in heap order (node ``n``'s children are
``2n + 1`` and ``2n + 2``; a leaf of the fitted tree above the last level is padded with splits that always
go left, `PAD_THRESHOLD`), so one prediction is ``depth`` vectorised look-ups over all trees at once. The
comparison is the fitting library's (``x <= threshold`` goes left, with ``x`` rounded to float32 first), so
the evaluator reproduces the fitted model (`tests/behaviors/test_forest.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

PAD_THRESHOLD = 1e300  # a padding split: every feature value goes left
FOREST_FORMAT = "persona-tree-residual"


@dataclass
class TreeResidual:
    """``feature``/``threshold``: (actions, trees, 2**depth - 1); ``leaf``: (actions, trees, 2**depth), the
    learning rate folded in; ``init``: (actions,); ``has``: which actions have a model (the others are
    never switched to or from). ``n_features``: how many leading policy features the trees read."""

    depth: int
    feature: np.ndarray
    threshold: np.ndarray
    leaf: np.ndarray
    init: np.ndarray
    has: np.ndarray
    margin: float
    n_features: int
    feature_names: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.feature = np.asarray(self.feature, dtype=np.intp)
        self.threshold = np.asarray(self.threshold, dtype=np.float64)
        self.leaf = np.asarray(self.leaf, dtype=np.float64)
        self.init = np.asarray(self.init, dtype=np.float64)
        self.has = np.asarray(self.has, dtype=bool)
        n_act, n_trees = self.init.shape[0], self.feature.shape[1] if self.feature.ndim == 3 else -1
        inner, leaves = 2**self.depth - 1, 2**self.depth
        if self.depth < 1 or self.feature.shape != (n_act, n_trees, inner):
            raise ValueError(
                f"tree residual: feature array {self.feature.shape} is not (actions, trees, {inner})"
            )
        if self.threshold.shape != self.feature.shape or self.leaf.shape != (n_act, n_trees, leaves):
            raise ValueError("tree residual: threshold/leaf arrays do not match the feature array")
        if self.has.shape != (n_act,):
            raise ValueError("tree residual: 'has' must name every action")
        if self.feature.size and (self.feature.min() < 0 or self.feature.max() >= self.n_features):
            raise ValueError(f"tree residual: a split reads a feature outside 0..{self.n_features - 1}")
        if not np.isfinite(self.leaf).all() or not np.isfinite(self.init).all() or self.margin < 0:
            raise ValueError("tree residual: leaf values must be finite and the margin >= 0")
        self._a = np.arange(n_act)[:, None]
        self._t = np.arange(n_trees)[None, :]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Predicted advantage of each engagement action in a state with policy features ``x`` (nan for an
        action without a model)."""
        xs = np.asarray(x[: self.n_features], dtype=np.float32).astype(np.float64)
        idx = np.zeros(self.feature.shape[:2], dtype=np.intp)
        for _ in range(self.depth):
            right = xs[self.feature[self._a, self._t, idx]] > self.threshold[self._a, self._t, idx]
            idx = 2 * idx + 1 + right
        out = self.init + self.leaf[self._a, self._t, idx - (2**self.depth - 1)].sum(axis=1)
        return np.where(self.has, out, np.nan)

    def choose(self, x: np.ndarray, valid: list[int], scores: np.ndarray) -> int:
        """The chooser (`behaviors.nodes.Chooser`): ``scores`` are the base's scores of ``valid``."""
        pick = valid[int(np.argmax(scores))]
        if not self.has[pick]:
            return pick
        pred = self.predict(x)
        best = max((i for i in valid if self.has[i]), key=lambda i: pred[i])
        return best if pred[best] - pred[pick] > self.margin else pick

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FOREST_FORMAT,
            "depth": self.depth,
            "margin": self.margin,
            "n_features": self.n_features,
            "features": list(self.feature_names),
            "actions": list(self.actions),
            "has": [bool(h) for h in self.has],
            "init": [float(v) for v in self.init],
            "feature": self.feature.reshape(len(self.has), -1).tolist(),
            "threshold": self.threshold.reshape(len(self.has), -1).tolist(),
            "leaf": [[float(f"{v:.12g}") for v in row] for row in self.leaf.reshape(len(self.has), -1)],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TreeResidual:
        if data.get("format") != FOREST_FORMAT:
            raise ValueError("not a persona tree residual")
        depth = int(data["depth"])
        n_act = len(data["has"])
        feature = np.array(data["feature"], dtype=np.intp).reshape(n_act, -1, 2**depth - 1)
        return cls(
            depth=depth,
            feature=feature,
            threshold=np.array(data["threshold"], dtype=np.float64).reshape(feature.shape),
            leaf=np.array(data["leaf"], dtype=np.float64).reshape(n_act, feature.shape[1], 2**depth),
            init=np.array(data["init"], dtype=np.float64),
            has=np.array(data["has"], dtype=bool),
            margin=float(data["margin"]),
            n_features=int(data["n_features"]),
            feature_names=tuple(str(f) for f in data.get("features", ())),
            actions=tuple(str(a) for a in data.get("actions", ())),
        )


def complete_tree(
    left: np.ndarray,
    right: np.ndarray,
    feature: np.ndarray,
    threshold: np.ndarray,
    value: np.ndarray,
    depth: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One fitted tree (children arrays, -1 at a leaf; node values) as a complete heap of ``depth`` levels:
    (feature, threshold, leaf values). Raises if the tree is deeper than ``depth``."""
    f = np.zeros(2**depth - 1, dtype=np.intp)
    t = np.full(2**depth - 1, PAD_THRESHOLD)
    v = np.zeros(2**depth)

    def put(node: int, pos: int, level: int) -> None:
        if level == depth:
            if left[node] != -1:
                raise ValueError(f"a fitted tree is deeper than {depth}")
            v[pos - (2**depth - 1)] = value[node]
            return
        if left[node] == -1:  # a leaf above the last level: pad (always left; both children the same leaf)
            put(node, 2 * pos + 1, level + 1)
            put(node, 2 * pos + 2, level + 1)
            return
        f[pos], t[pos] = int(feature[node]), float(threshold[node])
        put(int(left[node]), 2 * pos + 1, level + 1)
        put(int(right[node]), 2 * pos + 2, level + 1)

    put(0, 0, 0)
    return f, t, v
