"""`persona eval behavior`: the tuned tree against a baseline tuned the same way, on real chat, perturbed.

Every policy plays the same held-out seeds (common random numbers; the return difference is paired per seed,
95% paired-bootstrap interval over 10,000 resamples). The simulator draws each direct input's text from the
real log; the product's perception reads it (what the tree sees) and the simulator's judge
(`behaviors.chatlog.viewer_intent`) scores it. Policies:

- tuned: `behaviors/policies/tuned.json` (learned thresholds and a residual on the scores); the product loads
  it only if it beat the baseline on the selection seeds and lost on no single-extreme simulator
  (`evals.select_policy`, `behaviors.policy.default_policy_name`), else the baseline;
- baseline: `behaviors/policies/baseline.json`, the hand-written scores with their thresholds tuned by the
  same search with the same budget (only the learned scores differ) - the comparison the targets are on;
- hand-written: `behaviors.policy.handwritten()` (fixed before any tuning);
- rules: what a streamer would write (answer first, thank gifts, segment after 10 s of quiet);
- random: uniform over the valid engagement actions; oracle: tuned with the hidden segment mix (a ceiling).

Checks: the default simulator on the held-apart stretch (last 68 min of the 3-hour Twitch log; the shipped
sample's last 8 min without ../shared), each perturbed simulator (`evals.behavior_checks.PERTURBATIONS`), a
second real log the tuning never saw (YouTube live chat, `$PERSONA_CHAT_LOG2`; skipped when absent), and a
scripted busy chat ticked the way the agent meets real users.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from behaviors.chatlog import ChatLog
from behaviors.policy import (
    Policy,
    default_policy_name,
    handwritten,
    load_policy,
    policy_path,
    streamer_rules,
)
from behaviors.rollout import Episode, evaluate, random_chooser
from behaviors.sim import SimParams
from connectors.commands.behavior import perceived_log, perception_classifier
from evals.behavior_checks import (
    PERTURBATIONS,
    SECOND_LOG_ENV,
    SECOND_LOG_SOURCE,
    busy_chat,
    perturbed,
    second_log_path,
)
from evals.result import EvalOptions, EvalResult, Target

# Report seeds (session 11 follow-up; the split is declared in `evals.select_policy`): never used for tuning
# or for choosing what ships. Retired because they were read: the session-5 ones (1,000,000..,
# 1,100,000..), the session-6 ones (9,000,000.., 9,100,000..), the session-7/9 ones (9,200,000..,
# 9,300,000..), the session-10 ones (9,400,000.., 9,500,000..) and the session-11 ones (9,600,000..,
# 9,700,000..).
TEST_SEED0 = 9_800_000  # the default simulator, the held-apart test stretch
PERTURB_SEED0 = 9_900_000  # the perturbed simulators and the second log
BUSY_REPORT_SEED = 3  # the busy scripted chat's script (seed 1 was read in session 11)
COMPONENTS = (
    "retention",
    "likes",
    "questions_answered",
    "wrong_answers",
    "answered_share",
    "misread",
    "greetings_missed",
    "time_to_thank_s",
    "gifts_ignored",
    "dead_air_s",
    "repetitions",
    "promo_spam",
    "safety_violations",
    "guard_bypassed",
    "violations_perception_miss",
    "unsafe_missed",
    "segments_while_asked",
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


def policies(baselines: bool = True) -> dict[str, Policy]:
    out = {"tuned": load_policy("tuned"), "baseline": load_policy("baseline")}
    if baselines:
        out["handwritten"] = handwritten()
        out["rules"] = streamer_rules()
        out["random"] = handwritten()
        if policy_path("oracle").exists():
            out["oracle"] = load_policy("oracle")
    return out


def play(
    pols: dict[str, Policy], seeds: list[int], log: ChatLog, split: str, params: SimParams | None = None
) -> dict[str, Any]:
    """Every policy on the same seeds; returns, components and tuned - baseline with its interval."""
    runs = {
        name: evaluate(
            pol,
            seeds,
            log,
            split,
            chooser=random_chooser(7) if name == "random" else None,
            namespace=f"eval-{name}",
            params=params,
        )
        for name, pol in pols.items()
    }
    returns = {k: np.array([e.ret for e in v]) for k, v in runs.items()}
    diff = returns["tuned"] - returns["baseline"]
    lo, hi = paired_bootstrap(diff)
    return {
        "returns": returns,
        "violations": {k: [t for e in v for t in e.stats.violation_texts] for k, v in runs.items()},
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


def compare(n_seeds: int, prefer_shared: bool = True, baselines: bool = True) -> dict[str, Any]:
    """The default simulator on the held-apart stretch. ``baselines=False`` plays only tuned and baseline."""
    log = perceived_log(prefer_shared=prefer_shared)
    res = play(policies(baselines), list(range(TEST_SEED0, TEST_SEED0 + n_seeds)), log, "test")
    res.update(
        {
            "log": log.name,
            "perceived": log.labelled,
            "test_stretch_s": list(log.stretch("test")),
            "seeds": n_seeds,
        }
    )
    return res


def perturbations(n_seeds: int, log: ChatLog) -> list[dict[str, Any]]:
    """tuned - baseline on each perturbed simulator (held-out seeds, the held-apart stretch)."""
    pols = policies(baselines=False)
    seeds = list(range(PERTURB_SEED0, PERTURB_SEED0 + n_seeds))
    out = []
    for title, field, low, high in PERTURBATIONS:
        for value in (low, high):
            r = play(pols, seeds, log, "test", perturbed(field, value))
            out.append(
                {
                    "title": title,
                    "field": field,
                    "value": value,
                    "default": getattr(SimParams(), field),
                    "diff_mean": r["diff_mean"],
                    "diff_ci": r["diff_ci"],
                    "return_tuned": float(r["returns"]["tuned"].mean()),
                    "return_baseline": float(r["returns"]["baseline"].mean()),
                    "safety_violations_tuned": r["components"]["tuned"]["safety_violations"] * n_seeds,
                }
            )
    return out


def run(options: EvalOptions) -> EvalResult:
    n = options.seeds or (40 if options.quick else 200)
    n_pert = max(4, n // 2) if options.quick else max(20, n // 3)
    shared = not options.extra.get("sample", False)  # tests: the shipped sample, no 26k-message reading
    res = compare(n, prefer_shared=shared)
    returns: dict[str, np.ndarray] = res["returns"]
    comps = res["components"]
    metrics: dict[str, Any] = {
        "seeds": n,
        "perturbed_seeds": n_pert,
        "perceived": res["perceived"],
        "shipped": default_policy_name(),
    }
    for name, r in returns.items():
        metrics[f"return_{name}"] = float(r.mean())
    base, tuned = metrics["return_baseline"], metrics["return_tuned"]
    metrics["gain_vs_baseline_pct"] = 100.0 * (tuned - base) / abs(base) if base else float("nan")
    metrics["diff_mean"] = res["diff_mean"]
    metrics["diff_ci_low"], metrics["diff_ci_high"] = res["diff_ci"]
    for pol in ("tuned", "baseline"):
        for key in ("safety_violations", "guard_bypassed", "violations_perception_miss", "unsafe_missed"):
            metrics[f"{key}_{pol}"] = int(round(comps[pol][key] * n))
    for key in ("retention", "likes", "questions_answered", "answered_share", "misread", "dead_air_s"):
        for pol in ("tuned", "baseline"):
            metrics[f"{key}_{pol}"] = comps[pol][key]
    metrics["action_share_cheer_emote_tuned"] = float("nan")  # filled below from the episodes' action counts
    # perturbed simulators
    log = perceived_log(prefer_shared=shared)
    pert = perturbations(n_pert, log)
    worst = min(pert, key=lambda p: p["diff_ci"][0])
    metrics["perturbed_min_ci_low"] = worst["diff_ci"][0]
    metrics["perturbed_worst"] = f"{worst['field']}={worst['value']:g}"
    metrics["perturbed_lost"] = sum(p["diff_ci"][1] < 0 for p in pert)
    metrics["perturbed_not_won"] = sum(p["diff_ci"][0] <= 0 for p in pert)
    # the second real log
    second: dict[str, Any] | None = None
    path2 = second_log_path()
    if path2 is not None:
        log2 = perceived_log(path=path2, train_fraction=0.0)
        seeds2 = list(range(PERTURB_SEED0, PERTURB_SEED0 + n))
        second = play(policies(baselines=True), seeds2, log2, "test")
        second["log"] = log2.name
        metrics["log2_diff_mean"] = second["diff_mean"]
        metrics["log2_diff_ci_low"], metrics["log2_diff_ci_high"] = second["diff_ci"]
        for name, r in second["returns"].items():
            metrics[f"log2_return_{name}"] = float(r.mean())
        for pol in ("tuned", "baseline"):
            for key in ("safety_violations", "violations_perception_miss", "unsafe_missed"):
                metrics[f"log2_{key}_{pol}"] = int(round(second["components"][pol][key] * n))
    # the busy scripted chat
    classify = perception_classifier()
    busy = {
        name: busy_chat(pol, classify, seed=BUSY_REPORT_SEED)
        for name, pol in policies(baselines=True).items()
        if name != "random"
    }
    metrics["busy_answered_share"] = busy["tuned"].answered_share
    metrics["busy_segments_while_waiting"] = busy["tuned"].segments_while_waiting
    metrics["busy_answered_share_baseline"] = busy["baseline"].answered_share
    metrics["busy_perceived_questions"] = busy["tuned"].perceived_questions
    metrics["safety_violations"] = metrics["safety_violations_tuned"] + metrics.get(
        "log2_safety_violations_tuned", 0
    )
    metrics["violations_perception_miss"] = metrics["violations_perception_miss_tuned"] + metrics.get(
        "log2_violations_perception_miss_tuned", 0
    )
    metrics.pop("action_share_cheer_emote_tuned")
    plots: list[Path] = []
    if options.report_dir is not None:
        plots = _plots(res, pert, second, options.report_dir)
    targets = [
        Target("diff_ci_low", ">", 0),
        Target("perturbed_min_ci_low", ">", 0),
        Target("safety_violations", "==", 0),
        Target("guard_bypassed_tuned", "==", 0),
        Target("busy_answered_share", ">=", 0.8),
        Target("busy_segments_while_waiting", "==", 0),
    ]
    if second is not None:
        targets.append(Target("log2_diff_ci_low", ">", 0))
    held = (
        "the last 68 min of the 3-hour Twitch log"
        if res["perceived"]
        else "the last 8 min of the shipped sample"
    )
    lost = [
        f"{p['field']}={p['value']:g} ({p['diff_mean']:+.1f} [{p['diff_ci'][0]:.1f}, {p['diff_ci'][1]:.1f}])"
        for p in pert
        if p["diff_ci"][0] <= 0
    ]
    notes = (
        f"Held-out seeds {TEST_SEED0}..{TEST_SEED0 + n - 1} on {held} ({res['log']}), never seen in tuning; "
        + (
            "each direct input is a logged message read by the product's perception and scored by the "
            "simulator's judge. "
            if res["perceived"]
            else "no message texts (shipped sample): intents drawn. "
        )
        + "Paired bootstrap 95% interval of the per-seed difference tuned - baseline (baseline: the "
        "hand-written scores with thresholds tuned by the same search and budget). "
        + (
            f"Perturbed simulators ({n_pert} seeds each) where the tuned policy does not win: "
            f"{', '.join(lost)}. "
            if lost
            else f"The tuned policy wins on all {len(pert)} perturbed simulators ({n_pert} seeds each). "
        )
        + (
            f"Second log: {SECOND_LOG_SOURCE}, {n} seeds over the whole log. "
            if second is not None
            else f"Second log absent (set ${SECOND_LOG_ENV}; source: {SECOND_LOG_SOURCE}): not evaluated. "
        )
        + "Busy scripted chat (a question every 3-6 s, 80 questions, chat at 140/min), answered share of "
        "answerable questions (confidence >= 0.7): "
        + ", ".join(
            f"{k} {v.answered_share:.2f} (segments while waiting {v.segments_while_waiting})"
            for k, v in busy.items()
        )
        + ". Safety (tuned): "
        + f"{metrics['safety_violations']} violations, of which "
        + f"{metrics['violations_perception_miss']}"
        + " on inputs perception did not read as unsafe (the guard reads perception; guard bypassed "
        + f"{metrics['guard_bypassed_tuned']})."
    )
    return EvalResult(
        name="behavior",
        metrics=metrics,
        targets=targets,
        details={
            "components": comps,
            "by_archetype": res["by_archetype"],
            "log": res["log"],
            "test_stretch_s": res["test_stretch_s"],
            "perturbations": [{**p, "diff_ci": list(p["diff_ci"])} for p in pert],
            "second_log": None
            if second is None
            else {
                "log": second["log"],
                "returns": {k: float(v.mean()) for k, v in second["returns"].items()},
                "components": second["components"],
                "diff_ci": list(second["diff_ci"]),
            },
            "busy": {k: {**v.__dict__, "answered_share": v.answered_share} for k, v in busy.items()},
            "violations": {
                "default": res["violations"],
                "second_log": None if second is None else second["violations"],
            },
            "tuning_command": load_policy("tuned").metadata.get("command"),
            "baseline_command": load_policy("baseline").metadata.get("command"),
        },
        plots=plots,
        notes=notes,
    )


COLORS = {
    "tuned": "tab:green",
    "baseline": "tab:orange",
    "handwritten": "tab:blue",
    "rules": "tab:brown",
    "random": "tab:grey",
    "oracle": "tab:purple",
}


def _plots(
    res: dict[str, Any], pert: list[dict[str, Any]], second: dict[str, Any] | None, out: Path
) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    # learning curve(s), from the shipped policies' own metadata
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, name in (("tuned", "tuned"), ("baseline (thresholds)", "baseline")):
        meta = load_policy(name).metadata
        curves = meta.get("method_comparison", {}).get("curves") or {}
        for method, curve in curves.items():
            if curve:
                ax.plot(
                    [c["steps"] for c in curve],
                    [c["validation_return"] for c in curve],
                    marker=".",
                    label=f"{label}: {method}",
                )
    ax.set_xlabel("simulator steps")
    ax.set_ylabel("mean return, validation seeds")
    ax.set_title("Tuning the behavior tree: learning curves (same budget)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    p = out / "behavior-learning-curve.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    # comparison chart
    panels = [
        ("return, default simulator", None, res),
        ("return, second log", None, second),
        ("retention", "retention", res),
        ("answered share (real questions)", "answered_share", res),
        ("dead air (s)", "dead_air_s", res),
        ("misread answers", "misread", res),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(12, 6.5))
    for ax, (title, key, r) in zip(axes.ravel(), panels, strict=True):
        ax.set_title(title)
        if r is None:
            ax.text(0.5, 0.5, "log absent", ha="center", va="center")
            ax.axis("off")
            continue
        names = list(r["returns"])
        if key is None:
            vals = [float(r["returns"][n].mean()) for n in names]
            errs = [
                1.96 * float(r["returns"][n].std(ddof=1)) / math.sqrt(len(r["returns"][n])) for n in names
            ]
            ax.bar(names, vals, yerr=errs, color=[COLORS.get(n, "k") for n in names], capsize=4)
        else:
            ax.bar(names, [r["components"][n][key] for n in names], color=[COLORS.get(n, "k") for n in names])
        ax.tick_params(axis="x", labelsize=7, rotation=30)
    lo, hi = res["diff_ci"]
    fig.suptitle(
        f"{res['seeds']} held-out seeds; tuned - baseline = {res['diff_mean']:.1f} [{lo:.1f}, {hi:.1f}]"
    )
    fig.tight_layout()
    p = out / "behavior-comparison.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    # one panel per perturbation: tuned - baseline (95% CI) at low, default, high
    titles = list(dict.fromkeys(q["title"] for q in pert))
    cols = 4
    rows = math.ceil(len(titles) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False)
    lo0, hi0 = res["diff_ci"]
    for ax, title in zip(axes.ravel(), titles, strict=False):
        pts = [q for q in pert if q["title"] == title]
        xs = [pts[0]["value"], pts[0]["default"], pts[1]["value"]]
        means = [pts[0]["diff_mean"], res["diff_mean"], pts[1]["diff_mean"]]
        los = [pts[0]["diff_ci"][0], lo0, pts[1]["diff_ci"][0]]
        his = [pts[0]["diff_ci"][1], hi0, pts[1]["diff_ci"][1]]
        labels = [f"{x:g}" for x in xs]
        pos = np.arange(3)
        ax.errorbar(pos, means, yerr=[np.subtract(means, los), np.subtract(his, means)], fmt="o", capsize=4,
                    color="tab:green")  # fmt: skip
        ax.axhline(0, color="grey", lw=0.8)
        ax.set_xticks(pos, [f"{labels[0]}\nlow", f"{labels[1]}\ndefault", f"{labels[2]}\nhigh"], fontsize=7)
        ax.set_title(title, fontsize=9)
    for ax in axes.ravel()[len(titles) :]:
        ax.axis("off")
    fig.suptitle("tuned - baseline (95% paired-bootstrap CI) on perturbed simulators, held-out seeds")
    fig.tight_layout()
    p = out / "behavior-perturbations.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    return paths


BRANCH_NOTES = {
    "safety": "\n[abuse, spam -> ignore; injection -> deflect]",
    "reporter": "\n[reporter mode: answer if conf >= 0.7, else abstain]",
    "rules": "\n[gift -> thank;\nnewcomer's question -> answer]",
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
        "segment": "quiet >= segment_quiet_s,\nno question waiting",
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
