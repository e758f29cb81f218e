"""`persona train-behavior`: tune the behavior tree in the audience simulator and save a policy file."""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from behaviors.chatlog import SHARED_LOG, ChatLog, Classifier, read_log, sample_log_path
from behaviors.types import ENGAGE_ACTIONS

PERCEPTION_DIR = Path(__file__).resolve().parents[2] / "agent" / "perception"


def _perception_fingerprint() -> str:
    """Changes whenever perception's code or models change (then every cached reading is redone)."""
    h = hashlib.sha256()
    files = sorted(PERCEPTION_DIR.glob("*.py")) + sorted((PERCEPTION_DIR / "models").glob("*.npz"))
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def perception_classifier(cache: bool = True) -> Classifier:
    """The product's own perception (default persona, static head) as a texts -> intents callable. Readings of
    a whole log are cached under the persona cache (``PERSONA_CACHE_DIR``) keyed by the texts and by
    perception's code and models, so tuning and evaluation classify each log once."""
    from agent.perception import Perception
    from agent.persona import Persona
    from knowledge.cache import cache_root

    fingerprint = _perception_fingerprint()
    perception: list[Perception] = []  # built on the first cache miss only

    def classify(texts: Sequence[str]) -> list[str]:
        texts = list(texts)
        key = hashlib.sha256(("\x00".join(texts) + fingerprint).encode()).hexdigest()[:20]
        path = cache_root() / "behavior-perceived" / f"{key}.json"
        if cache and path.exists():
            labels = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(labels, list) and len(labels) == len(texts):
                return [str(x) for x in labels]
        if not perception:
            perception.append(Perception(Persona.load()))
        labels = [p.intent for p in perception[0].perceive_texts(texts)]
        if cache:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(labels), encoding="utf-8")
            tmp.replace(path)
        return labels

    return classify


def perceived_log(
    prefer_shared: bool = True, path: Path | None = None, train_fraction: float | None = None
) -> ChatLog:
    """A chat log whose messages the product perceives: ``path``, else the 3-hour Twitch log in ../shared
    (train: first 2 h), else the shipped sample (arrival times only: the simulator's drawn intents)."""
    if path is None and prefer_shared and SHARED_LOG.exists():
        path, train_fraction = SHARED_LOG, 7200.0 / 11300.0
    if path is None:
        return read_log(sample_log_path(), train_fraction=0.6)
    return read_log(path, train_fraction if train_fraction is not None else 0.0, perception_classifier())


def register_train(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "train-behavior",
        help="tune the behavior tree by reinforcement learning in the audience simulator",
        description="Tune the behavior tree's engagement choice and thresholds in the audience simulator "
        "(the Twitch log in ../shared/data/chat when present: each direct input is a logged message read by "
        "the product's perception and scored by the simulator's judge; else the shipped sample's arrival "
        "times; training uses the log's train stretches only). Methods: 'cem' (cross-entropy method over "
        "weights and thresholds), 'bandit' (LinUCB for the choice, then CEM for the thresholds), 'both' "
        "(each gets the full budget; the better validation return is saved), 'residual' (a class that "
        "contains the baseline: its search first, then a residual on the scores), or 'thresholds' (the "
        "evaluation's baseline: hand-written scores, thresholds tuned). Writes a versioned JSON policy file "
        "with the learning curve and the command in its metadata.",
    )
    p.add_argument("--steps", type=int, default=150_000, help="simulator steps per method (default 150000)")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the policy (default: the shipped behaviors/policies/tuned.json, or oracle.json)",
    )
    p.add_argument(
        "--method",
        choices=["cem", "bandit", "both", "thresholds", "residual", "robust"],
        default="both",
        help="tuning method; 'thresholds' tunes the baseline (hand-written scores, thresholds tuned; "
        "written to behaviors/policies/baseline.json); 'residual' runs the baseline's search for half the "
        "budget, then tunes the thresholds and a residual on every score from there; 'robust' does the same "
        "but keeps a residual only where it beats the first stage at both ends of every stated range",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--oracle",
        action="store_true",
        help="tune the evaluation's ceiling instead: a policy that sees the hidden viewer segments (CEM)",
    )
    p.add_argument(
        "--sample", action="store_true", help="use the shipped sample log even if ../shared exists"
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="fix a simulator parameter for tuning (behaviors.sim.SimParams field), e.g. cheer_emote_likes=0",
    )
    p.add_argument(
        "--robust",
        action="store_true",
        help="tune on randomized simulators: every training and validation episode draws each reward "
        "constant "
        "and response model from its stated range (behaviors.sim.PARAM_RANGES)",
    )
    p.add_argument(
        "--freeze",
        action="append",
        default=[],
        metavar="ACTION",
        choices=list(ENGAGE_ACTIONS),
        help="residual: keep this action's hand-written score (no residual), e.g. cheer",
    )
    p.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="ACTION",
        choices=list(ENGAGE_ACTIONS),
        help="residual: only the first stage chooses this action: the policy takes it exactly where the "
        "first stage would in the same state and chooses among the other actions elsewhere, e.g. cheer",
    )
    p.add_argument(
        "--start",
        default=None,
        metavar="FILE",
        help="residual: start from this saved first stage (a thresholds-only policy; its steps are counted)",
    )
    p.set_defaults(func=_handle)


def _overrides(items: list[str]) -> dict[str, float]:
    from dataclasses import fields

    from behaviors.sim import SimParams

    known = {f.name for f in fields(SimParams)}
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in known:
            raise SystemExit(f"--set {item!r}: expected FIELD=VALUE, FIELD one of {', '.join(sorted(known))}")
        try:
            out[key] = float(value)
        except ValueError:
            raise SystemExit(f"--set {item!r}: {value!r} is not a number") from None
    return out


def _handle(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from behaviors.policy import policy_path
    from behaviors.tune import TrainConfig, train

    console = Console(stderr=True)
    log = perceived_log(prefer_shared=not args.sample)
    name = "oracle" if args.oracle else "baseline" if args.method == "thresholds" else "tuned"
    out = args.out or policy_path(name)
    methods = ["cem"] if args.oracle else (["cem", "bandit"] if args.method == "both" else [args.method])
    command = "persona train-behavior " + " ".join(
        x
        for x in (
            f"--steps {args.steps}",
            f"--method {args.method}",
            f"--seed {args.seed}",
            "--oracle" if args.oracle else "",
            "--sample" if args.sample else "",
            "--robust" if args.robust else "",
            *(f"--set {x}" for x in args.set),
            *(f"--freeze {x}" for x in args.freeze),
            *(f"--keep {x}" for x in args.keep),
            f"--start {args.start}" if args.start else "",
        )
        if x
    )
    results = {}
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} steps"),
        TextColumn("{task.fields[msg]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        for method in methods:
            task = bar.add_task(method, total=args.steps, msg="")
            cfg = TrainConfig(
                method=method,
                steps=args.steps,
                privileged=args.oracle,
                seed=args.seed,
                name=name,
                robust=args.robust,
                overrides=_overrides(args.set),
                frozen_actions=tuple(args.freeze),
                keep_actions=tuple(args.keep),
                start=args.start,
            )

            def report(used: int, msg: str, t: TaskID = task) -> None:
                bar.update(t, completed=min(used, args.steps), msg=msg)

            results[method] = train(cfg, log, progress=report)
            bar.update(task, completed=args.steps)
    comparison = {m: float(p.metadata.get("validation_return", float("nan"))) for m, p in results.items()}
    best = max(results, key=lambda m: comparison[m])
    policy = results[best]
    policy.metadata["method_comparison"] = {
        "validation_return": comparison,
        "chosen": best,
        "curves": {m: p.metadata["learning_curve"] for m, p in results.items()},
    }
    policy.metadata["command"] = command
    policy.metadata["perceived"] = log.labelled
    policy.save(out)
    for m, v in comparison.items():
        console.print(f"{m}: validation return {v:.2f}" + ("  (chosen)" if m == best else ""))
    console.print(f"wrote {out}")
    return 0
