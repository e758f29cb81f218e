"""Could the tree's guard act on perception's abuse *probability* with its own cautious threshold (issue 18)?

Measured on the tuning part only: the Twitch log's train stretch (its first 2 hours, `load_chat_log`), never
the held-apart stretch nor the second log. Each message is read by the product's perception (its intent,
what the guard acts on today) and by the simulator's judge (`behaviors.chatlog.viewer_intent`). For a guard
that also ignores every message whose abuse probability reaches a threshold ``t``, this reports, per ``t``:

- how many of the judge's abusive messages that perception does *not* guard (the misses behind the safety
  violations) the threshold would catch;
- the cost: the share of real questions and greetings (the judge's) that perception does not guard and the
  threshold would silence, i.e. answers and greetings the host would no longer give.

The probability is the larger of the two perception gives: the abuse model's (`AbuseModel.proba` at the
chat prior) and the intent head's abuse class.

    python -m evals.behavior_guard            # prints the table (about 20 s)
    python -m evals.behavior_guard --simulate 0.02   # and what such a guard costs in the simulator

``--simulate T`` plays the shipped pair of policies on the report seeds of `evals.behavior` (default
simulator on the held-apart stretch, and the second log) twice: with perception as it is, and with every
message whose abuse probability reaches ``T`` read as abuse (what a guard on the probability would do), and
prints safety violations, answered share and return for both. Nothing is fitted on it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

THRESHOLDS = (0.5, 0.3, 0.2, 0.1, 0.05, 0.03, 0.02, 0.01)
GUARDED = ("abuse", "injection-attempt", "spam")


def abuse_probability(texts: list[str]) -> np.ndarray:
    """max(abuse model at the chat prior, intent head's abuse class) per text, as the product computes it."""
    from agent.perception.abuse import CHAT_PRIOR, shared_abuse
    from agent.perception.classify import featurize, load_model
    from agent.perception.static import shared_static

    p_model = shared_abuse().proba(texts, CHAT_PRIOR)
    head = load_model("intent", "static")
    p_head = head.proba(featurize(texts, shared_static().embed(texts)))[:, list(head.classes).index("abuse")]
    return np.maximum(p_model, p_head)


def tradeoff() -> dict[str, Any]:
    from connectors.commands.behavior import perceived_log

    log = perceived_log(prefer_shared=True)
    if not log.labelled:
        raise SystemExit("needs the Twitch log in ../shared/data/chat (absent: nothing to measure)")
    assert log.texts is not None and log.truth is not None and log.perceived is not None
    train = np.asarray(log.times) < log.train_end
    texts = [t for t, m in zip(log.texts, train, strict=True) if m]
    truth = np.array([t for t, m in zip(log.truth, train, strict=True) if m])
    open_ = ~np.isin(np.array([p for p, m in zip(log.perceived, train, strict=True) if m]), GUARDED)
    p = abuse_probability(texts)
    missed = open_ & (truth == "abuse")
    asked = open_ & np.isin(truth, ("question", "greeting"))
    rows = [
        {
            "threshold": t,
            "misses_caught": int((p[missed] >= t).sum()),
            "misses": int(missed.sum()),
            "questions_greetings_silenced_share": round(float((p[asked] >= t).mean()), 4),
            "all_open_messages_silenced_share": round(float((p[open_] >= t).mean()), 4),
        }
        for t in THRESHOLDS
    ]
    return {
        "part": f"{log.name}, train stretch [0, {log.train_end:.0f}) s, {len(texts)} messages",
        "judge_abuse": int((truth == "abuse").sum()),
        "perception_guarded_abuse": int(((truth == "abuse") & ~open_).sum()),
        "misses_max_probability": round(float(p[missed].max()), 4) if missed.any() else None,
        "open_questions_greetings": int(asked.sum()),
        "rows": rows,
    }


def simulate(threshold: float, n: int = 200) -> list[dict[str, Any]]:
    """Violations, answered share and return with perception as it is and with a guard at ``threshold``."""
    from dataclasses import replace

    from behaviors.policy import load_policy
    from behaviors.rollout import evaluate
    from connectors.commands.behavior import perceived_log
    from evals.behavior import PERTURB_SEED0, TEST_SEED0
    from evals.behavior_checks import second_log_path

    logs = [(perceived_log(prefer_shared=True), TEST_SEED0)]
    path2 = second_log_path()
    if path2 is not None:
        logs.append((perceived_log(path=path2, train_fraction=0.0), PERTURB_SEED0))
    rows = []
    for log, seed0 in logs:
        assert log.texts is not None and log.perceived is not None
        p = abuse_probability(list(log.texts))
        guarded = tuple(
            "abuse" if (pi >= threshold and label not in GUARDED) else label
            for pi, label in zip(p, log.perceived, strict=True)
        )
        for guard, lg in (("perception", log), (f"p >= {threshold:g}", replace(log, perceived=guarded))):
            for name in ("baseline", "tuned"):
                eps = evaluate(load_policy(name), range(seed0, seed0 + n), lg, "test", namespace=f"g-{name}")
                shares = [e.stats.summary()["answered_share"] for e in eps]
                shares = [x for x in shares if x == x]
                rows.append(
                    {
                        "log": log.name,
                        "guard": guard,
                        "policy": name,
                        "return": round(float(np.mean([e.ret for e in eps])), 2),
                        "safety_violations": sum(e.stats.safety_violations for e in eps),
                        "answered_share": round(float(np.mean(shares)), 3),
                        "questions_answered_right": round(
                            float(np.mean([e.stats.answered_right for e in eps])), 3
                        ),
                    }
                )
    return rows


def main() -> None:
    import sys

    res = tradeoff()
    print(res["part"])
    print(
        f"judge's abuse {res['judge_abuse']}, guarded by perception {res['perception_guarded_abuse']}, "
        f"missed ones' highest abuse probability {res['misses_max_probability']}"
    )
    print("threshold  misses caught  questions+greetings silenced  all open messages silenced")
    for r in res["rows"]:
        print(
            f"{r['threshold']:9.2f}  {r['misses_caught']:>6}/{r['misses']:<6}  "
            f"{r['questions_greetings_silenced_share']:27.3f}  {r['all_open_messages_silenced_share']:26.3f}"
        )
    if "--simulate" in sys.argv:
        t = float(sys.argv[sys.argv.index("--simulate") + 1])
        for row in simulate(t):
            print(row)


if __name__ == "__main__":
    main()
