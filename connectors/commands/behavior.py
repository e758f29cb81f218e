"""`persona train-behavior`: tune the behavior tree in the audience simulator and save a policy file."""

from __future__ import annotations

import argparse
from pathlib import Path


def register_train(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "train-behavior",
        help="tune the behavior tree by reinforcement learning in the audience simulator",
        description="Tune the behavior tree's engagement choice and thresholds in the audience simulator "
        "(comment arrivals replayed from the Twitch log in ../shared/data/chat when present, else the "
        "shipped sample; training uses the log's train stretches only). Methods: 'cem' (cross-entropy "
        "method over weights and thresholds), 'bandit' (LinUCB for the choice, then CEM for the thresholds), "
        "or 'both' (each gets the full budget; the one with the better validation return is saved). "
        "Writes a versioned JSON policy file with the learning curve in its metadata.",
    )
    p.add_argument("--steps", type=int, default=150_000, help="simulator steps per method (default 150000)")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the policy (default: the shipped behaviors/policies/tuned.json, or oracle.json)",
    )
    p.add_argument("--method", choices=["cem", "bandit", "both"], default="both", help="tuning method")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--oracle",
        action="store_true",
        help="tune the evaluation's ceiling instead: a policy that sees the hidden viewer segments (CEM)",
    )
    p.add_argument(
        "--sample", action="store_true", help="use the shipped sample log even if ../shared exists"
    )
    p.set_defaults(func=_handle)


def _handle(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from behaviors.policy import policy_path
    from behaviors.sim import load_chat_log
    from behaviors.tune import TrainConfig, train

    console = Console(stderr=True)
    log = load_chat_log(prefer_shared=not args.sample)
    name = "oracle" if args.oracle else "tuned"
    out = args.out or policy_path(name)
    methods = ["cem"] if args.oracle else (["cem", "bandit"] if args.method == "both" else [args.method])
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
                method=method, steps=args.steps, privileged=args.oracle, seed=args.seed, name=name
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
    policy.save(out)
    for m, v in comparison.items():
        console.print(f"{m}: validation return {v:.2f}" + ("  (chosen)" if m == best else ""))
    console.print(f"wrote {out}")
    return 0
