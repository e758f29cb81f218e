"""Quality and performance harnesses (floor 4: may import everything).

Every evaluation and benchmark is a function ``run(options: EvalOptions) -> EvalResult`` registered in the
``persona.evals`` or ``persona.benches`` entry-point group. ``persona eval NAME`` and ``persona bench NAME``
run them, print their figures (or JSON), and with ``--report DIR`` write markdown with PNG plots.
"""

from evals.result import EvalOptions, EvalResult, Target

__all__ = ["EvalOptions", "EvalResult", "Target"]
