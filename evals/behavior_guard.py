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


def main() -> None:
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


if __name__ == "__main__":
    main()
