"""The persona's behavior tree: a fixed safety guard, a reporter branch, and the learned engagement choice.

```
persona (selector: the first branch that decides wins)
|-- safety      unsafe input? -> deflect / ignore                     fixed, never learned
|-- reporter    reporter mode? -> answer / abstain / greet / reply    fixed
|-- rules       a gift -> thank; a newcomer's answerable question -> answer   fixed
|-- engage      policy scores over the valid actions (thresholds and cooldowns gate them)   learned
`-- fallback    idle
```
Thresholds, cooldown clocks, the situation and the decision live under the tree's own blackboard namespace
(``/persona-<id>/...``), so two trees never share state; `close()` removes the keys.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import py_trees
from py_trees.common import Access

from behaviors.nodes import (
    ChooseEngagement,
    Chooser,
    Decide,
    Rules,
    is_unsafe,
    make_decision,
    reporter_decision,
    safety_decision,
)
from behaviors.policy import Policy, features
from behaviors.types import Decision, Situation

_ids = itertools.count(1)
COOLDOWN_ACTIONS = ("greet", "cheer", "segment", "promote")


class BehaviorTree:
    """``tree.tick(situation) -> Decision``: synchronous, pure apart from the tree's own cooldown clocks."""

    def __init__(self, policy: Policy, namespace: str | None = None, chooser: Chooser | None = None) -> None:
        self.policy = policy
        self.namespace = "/" + (namespace or f"persona-tree-{next(_ids)}").strip("/")
        ns = self.namespace
        privileged = policy.privileged

        def feats(s: Situation) -> np.ndarray:
            return features(s, privileged)

        self.root = py_trees.composites.Selector(
            "persona",
            memory=False,
            children=[
                Decide("safety", ns, safety_decision, when=is_unsafe),
                Decide("reporter", ns, reporter_decision, when=lambda s: s.reporter_mode),
                Rules(ns),
                ChooseEngagement(
                    ns,
                    policy.scores,
                    feats,
                    chooser if chooser is not None else (policy.pick if policy.trees is not None else None),
                    reference=None
                    if policy.reference is None
                    else (policy.reference.scores, dict(policy.reference.thresholds), policy.keep),
                ),
                Decide(
                    "fallback", ns, lambda s: make_decision("idle", "fallback/idle", "nothing else applies")
                ),
            ],
        )
        self._bb = py_trees.blackboard.Client(name="tree", namespace=ns)
        for key in ("situation", "decision", "thresholds", "last_at"):
            self._bb.register_key(key=key, access=Access.WRITE)
        self._bb.thresholds = dict(policy.thresholds)
        self._bb.last_at = {}
        self.root.setup_with_descendants()

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self._bb.thresholds)

    def tick(self, situation: Situation) -> Decision:
        bb = self._bb
        bb.situation = situation
        bb.decision = None
        self.root.tick_once()
        decision: Decision | None = bb.decision
        if decision is None:  # cannot happen with the fallback, but never return nothing
            decision = make_decision("idle", "fallback/idle", "no branch decided")
        if decision.action in COOLDOWN_ACTIONS:
            bb.last_at[decision.action] = situation.now
        return decision

    def reset(self) -> None:
        """Forget the cooldown clocks (a new show)."""
        self._bb.last_at = {}

    def close(self) -> None:
        """Remove this tree's keys from py_trees' blackboard."""
        for node in self.root.iterate():
            client = getattr(node, "bb", None)
            if client is not None:
                client.unregister(clear=True)
        self._bb.unregister(clear=True)

    def __enter__(self) -> BehaviorTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def with_segment_mix(s: Situation, mix: tuple[float, float, float, float]) -> Situation:
    return replace(s, segment_mix=mix)
