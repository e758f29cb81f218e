"""behaviors: floor 1 of persona (imports nothing else of ours).

```python
from behaviors import Situation, BehaviorTree, load_policy
tree = BehaviorTree(load_policy("default"), namespace="persona-1")
decision = tree.tick(Situation(now=12.0, kind="question", intent="question", answer_confidence=0.9))
```
"""

from behaviors.policy import FEATURES, Policy, handwritten, load_policy
from behaviors.tree import BehaviorTree
from behaviors.types import ACTIONS, ENGAGE_ACTIONS, Decision, Situation

__all__ = [
    "ACTIONS",
    "ENGAGE_ACTIONS",
    "FEATURES",
    "BehaviorTree",
    "Decision",
    "Policy",
    "Situation",
    "handwritten",
    "load_policy",
]
