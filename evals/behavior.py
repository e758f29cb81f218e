"""`persona eval behavior`: the tuned tree vs. the hand-written one vs. random, with an oracle as the ceiling.

Every policy plays the same held-out seeds on the held-apart stretch of the chat log (the last 68 minutes of
the 3-hour Twitch log when ../shared is present, else the last 8 minutes of the shipped sample). Seeds fix
the episode's start, its hidden segment mix and every input's randomness, so the policies meet the same
audience (common random numbers) and the return difference is paired per seed. The interval is a paired
bootstrap (10,000 resamples of the seed-wise differences).

- tuned: the shipped `behaviors/policies/tuned.json`
- hand-written: `behaviors.policy.handwritten()` (fixed before tuning)
- random: uniform over the valid engagement actions (same guard, reporter branch and thresholds)
- oracle: `behaviors/policies/oracle.json`, tuned the same way but given the hidden segment mix
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from behaviors.policy import handwritten, load_policy, policy_path
from behaviors.rollout import Episode, evaluate, random_chooser
from behaviors.sim import SHARED_LOG, load_chat_log
from evals.result import EvalOptions, EvalResult, Target

TEST_SEED0 = 1_000_000  # held-out seeds (training uses 0.., 2,000,000.. and validation 500,000..)
COMPONENTS = (
    "retention",
    "likes",
    "questions_answered",
    "wrong_answers",
    "time_to_thank_s",
    "gifts_ignored",
    "dead_air_s",
    "repetitions",
    "promo_spam",
    "safety_violations",
)


def paired_bootstrap(diff: np.ndarray, n_boot: int = 10_000, seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of the mean of paired differences."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(diff), size=(n_boot, len(diff)))
    means = diff[idx].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def _components(episodes: list[Episode]) -> dict[str, float]:
    out = {}
    for key in COMPONENTS:
        vals = [e.stats.summary()[key] for e in episodes]
        vals = [v for v in vals if not math.isnan(v)]
        out[key] = float(np.mean(vals)) if vals else float("nan")
    return out


def compare(n_seeds: int, prefer_shared: bool = True, baselines: bool = True) -> dict[str, Any]:
    """Run every policy on the same held-out seeds; return returns, components and the paired interval.
    ``baselines=False`` runs only tuned and hand-written (the fast test)."""
    log = load_chat_log(prefer_shared=prefer_shared)
    seeds = list(range(TEST_SEED0, TEST_SEED0 + n_seeds))
    runs: dict[str, list[Episode]] = {
        "tuned": evaluate(load_policy("tuned"), seeds, log, "test", namespace="eval-tuned"),
        "handwritten": evaluate(handwritten(), seeds, log, "test", namespace="eval-handwritten"),
    }
    if baselines:
        runs["random"] = evaluate(
            handwritten(), seeds, log, "test", chooser=random_chooser(7), namespace="eval-random"
        )
    if baselines and policy_path("oracle").exists():
        runs["oracle"] = evaluate(load_policy("oracle"), seeds, log, "test", namespace="eval-oracle")
    returns = {k: np.array([e.ret for e in v]) for k, v in runs.items()}
    diff = returns["tuned"] - returns["handwritten"]
    lo, hi = paired_bootstrap(diff)
    return {
        "log": log.name,
        "test_stretch_s": list(log.stretch("test")),
        "seeds": n_seeds,
        "returns": returns,
        "diff_mean": float(diff.mean()),
        "diff_ci": (lo, hi),
        "components": {k: _components(v) for k, v in runs.items()},
        "by_archetype": {
            k: {
                a: float(np.mean([e.ret for e in v if e.archetype == a]))
                for a in sorted({e.archetype for e in v})
            }
            for k, v in runs.items()
        },
    }


def run(options: EvalOptions) -> EvalResult:
    n = options.seeds or (40 if options.quick else 200)
    res = compare(n)
    returns: dict[str, np.ndarray] = res["returns"]
    hand, tuned = float(returns["handwritten"].mean()), float(returns["tuned"].mean())
    metrics: dict[str, Any] = {
        "seeds": n,
        "return_tuned": tuned,
        "return_handwritten": hand,
        "return_random": float(returns["random"].mean()),
    }
    if "oracle" in returns:
        metrics["return_oracle"] = float(returns["oracle"].mean())
    metrics["return_gain_pct"] = 100.0 * (tuned - hand) / abs(hand) if hand else float("nan")
    metrics["diff_mean"] = res["diff_mean"]
    metrics["diff_ci_low"], metrics["diff_ci_high"] = res["diff_ci"]
    metrics["safety_violations"] = int(sum(c["safety_violations"] * n for c in res["components"].values()))
    for key in ("retention", "likes", "questions_answered", "time_to_thank_s", "dead_air_s", "repetitions"):
        for pol in ("tuned", "handwritten"):
            metrics[f"{key}_{pol}"] = res["components"][pol][key]
    plots: list[Path] = []
    if options.report_dir is not None:
        plots = _plots(res, options.report_dir)
    held = (
        "the last 68 min of the 3-hour log" if SHARED_LOG.exists() else "the last 8 min of the shipped sample"
    )
    notes = (
        f"Held-out seeds {TEST_SEED0}..{TEST_SEED0 + n - 1} on {held} ({res['log']}), never seen in tuning. "
        "Paired bootstrap 95% interval of the per-seed return difference (tuned - hand-written). "
        "The oracle is tuned like the shipped policy but sees the hidden segment mix: a ceiling for what "
        "the features could reach, not a proof of optimality. Mean return by stream archetype: "
        + "; ".join(
            f"{k}: " + ", ".join(f"{a} {v:.1f}" for a, v in d.items()) for k, d in res["by_archetype"].items()
        )
    )
    return EvalResult(
        name="behavior",
        metrics=metrics,
        targets=[
            Target("return_gain_pct", ">=", 20),
            Target("diff_ci_low", ">", 0),
            Target("safety_violations", "==", 0),
        ],
        details={
            "components": res["components"],
            "by_archetype": res["by_archetype"],
            "log": res["log"],
            "test_stretch_s": res["test_stretch_s"],
        },
        plots=plots,
        notes=notes,
    )


def _plots(res: dict[str, Any], out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    # learning curve(s), from the shipped policy's own metadata
    meta = load_policy("tuned").metadata
    curves = meta.get("method_comparison", {}).get("curves") or {
        meta.get("config", {}).get("method", "tuned"): meta.get("learning_curve", [])
    }
    fig, ax = plt.subplots(figsize=(7, 4))
    for method, curve in curves.items():
        if curve:
            ax.plot(
                [c["steps"] for c in curve], [c["validation_return"] for c in curve], marker=".", label=method
            )
    ax.axhline(
        curve[0]["validation_return"] if curve else 0,
        color="grey",
        ls="--",
        lw=1,
        label="hand-written (start)",
    )
    ax.set_xlabel("simulator steps")
    ax.set_ylabel("mean return, validation seeds")
    ax.set_title("Tuning the behavior tree: learning curve")
    ax.legend()
    fig.tight_layout()
    p = out / "behavior-learning-curve.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    # comparison chart
    names = list(res["returns"])
    comps = res["components"]
    panels = [
        ("return", None),
        ("retention", "retention"),
        ("questions answered", "questions_answered"),
        ("time to thank (s)", "time_to_thank_s"),
        ("dead air (s)", "dead_air_s"),
        ("repetitions", "repetitions"),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(11, 6))
    colors = {"tuned": "tab:green", "handwritten": "tab:blue", "random": "tab:grey", "oracle": "tab:purple"}
    for ax, (title, key) in zip(axes.ravel(), panels, strict=True):
        if key is None:
            vals = [float(res["returns"][n].mean()) for n in names]
            errs = [
                1.96 * float(res["returns"][n].std(ddof=1)) / math.sqrt(len(res["returns"][n])) for n in names
            ]
            ax.bar(names, vals, yerr=errs, color=[colors.get(n, "k") for n in names], capsize=4)
        else:
            ax.bar(names, [comps[n][key] for n in names], color=[colors.get(n, "k") for n in names])
        ax.set_title(title)
        ax.tick_params(axis="x", labelsize=8)
    lo, hi = res["diff_ci"]
    fig.suptitle(
        f"{res['seeds']} held-out seeds; tuned - hand-written = {res['diff_mean']:.1f} [{lo:.1f}, {hi:.1f}]"
    )
    fig.tight_layout()
    p = out / "behavior-comparison.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    return paths


BRANCH_NOTES = {
    "safety": "\n[abuse, spam -> ignore; injection -> deflect]",
    "reporter": "\n[reporter mode: answer if conf >= 0.7, else abstain]",
    "engage": "\n[argmax of learned scores over valid actions]",
    "fallback": "\n[idle]",
}


def draw_tree(path: Path) -> Path:
    """Render the persona's tree (the real py_trees structure, plus the engagement actions the choice
    node scores) as a PNG with matplotlib; docs/img/behavior-tree.png is made with this."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import py_trees

    from behaviors import BehaviorTree
    from behaviors.types import ENGAGE_ACTIONS

    guards = {
        "answer": "conf >= min_answer_confidence",
        "batch_answer": "chat >= batch_chat_rate, 2+ questions",
        "thank": "gift waiting",
        "greet": "new viewer, greet cooldown",
        "reply": "comment, chat < batch rate",
        "segment": "silence >= segment_quiet_s",
        "promote": "since promo >= spacing",
        "cheer": "cheer cooldown",
        "emote": "always",
        "idle": "always",
    }
    tree = BehaviorTree(handwritten(), namespace="draw")
    try:
        nodes: list[tuple[str, str, int, str | None]] = []  # (id, label, depth, parent)

        def walk(node: py_trees.behaviour.Behaviour, depth: int, parent: str | None) -> None:
            kind = type(node).__name__
            label = (
                {"Selector": "? ", "Sequence": "-> "}.get(kind, "")
                + node.name
                + BRANCH_NOTES.get(node.name, "")
            )
            nid = str(node.id)
            nodes.append((nid, label, depth, parent))
            for child in node.children:
                walk(child, depth + 1, nid)
            if node.name == "engage":
                for a in ENGAGE_ACTIONS:
                    nodes.append((f"{nid}/{a}", f"{a}\n[{guards[a]}]", depth + 1, nid))

        walk(tree.root, 0, None)
    finally:
        tree.close()
    # lay out leaves left to right, parents centred over their children
    children: dict[str | None, list[str]] = {}
    for nid, _, _, parent in nodes:
        children.setdefault(parent, []).append(nid)
    xs: dict[str, float] = {}
    counter = [0.0]

    def place(nid: str) -> float:
        kids = children.get(nid, [])
        if not kids:
            width = 1.0 if "/" in nid else 2.6  # a branch's note is wider than an action's
            xs[nid] = counter[0] + (width - 1.0) / 2
            counter[0] += width
        else:
            xs[nid] = float(np.mean([place(k) for k in kids]))
        return xs[nid]

    place(nodes[0][0])
    fig, ax = plt.subplots(figsize=(max(14, counter[0] * 1.15), 5))
    info = {nid: (label, depth, parent) for nid, label, depth, parent in nodes}
    leaves = [nid for nid in info if "/" in nid]

    def y_of(nid: str) -> float:  # stagger the action leaves so their labels do not overlap
        stagger = 0.5 if nid in leaves and leaves.index(nid) % 2 else 0.0
        return -info[nid][1] * 1.4 - stagger

    for nid, (label, _, parent) in info.items():
        if parent is not None:
            ax.plot([xs[parent], xs[nid]], [y_of(parent), y_of(nid)], color="grey", lw=0.8, zorder=1)
        color = "#d9ead3" if nid in leaves else "#cfe2f3" if label[:2] in ("? ", "->") else "#fff2cc"
        if label.startswith("safety"):
            color = "#f4cccc"
        ax.text(xs[nid], y_of(nid), label, ha="center", va="center", fontsize=8, zorder=2,
                bbox={"boxstyle": "round,pad=0.35", "fc": color, "ec": "grey"})  # fmt: skip
    ax.set_xlim(-0.8, counter[0] - 0.2)
    ax.set_ylim(-2 * 1.4 - 0.9, 0.5)
    ax.axis("off")
    ax.set_title(
        "persona behavior tree: a selector, the first branch that decides wins "
        "(red: fixed safety guard; green: the learned choice's actions and their guards)"
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
