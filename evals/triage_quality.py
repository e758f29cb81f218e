"""`persona eval triage`: what triage picks on real chat, judged by hand labels it never saw.

The Twitch log (``../shared/data/chat/twitch_2019-04-30.csv``) is replayed at its real rate through the real
triage (``connectors.livestream.triage``); a stand-in persona takes one item whenever it is free and speaks
for ``REPLY_S`` log seconds. The first hour is the **fit** part (triage's settings may be tuned on it); every
figure here is on the rest of the log (``agent.perception.data.splits.TWITCH_FIT_BEFORE``).

Labels (``evals/data/triage_labels.jsonl``), declared before tuning (``LABEL_RULE``): a pool of 400 lines
(``evals/data/triage_pool.jsonl``) - 200 answered picks (question or chatter items, a seeded sample) mixed
with 200 random report-part lines, shuffled, with which is which kept in ``triage_pool_key.json`` -
labelled by reading the texts alone, without the key, by the rule below; never by triage's own rules.

Figures: ``real_question_share`` - of the answered picks (question and chatter items; gifts are thanked and
greetings greet, they are not answers) in the labelled sample, the share labelled a real question; beside it
``random_line_question_share`` (the same labels on random lines: what picking blindly would give);
``question_or_greeting_share`` - of all picks of the report part that are answers or greetings, the share that
are greetings or labelled real questions (picks outside the labelled sample are left out); median wait from a
question's first ask to the moment it is taken; stale questions dropped (expired) and counted.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from pathlib import Path
from typing import Any

from evals.result import EvalOptions, EvalResult, Target

DATA = Path(__file__).parent / "data"
POOL = DATA / "triage_pool.jsonl"
KEY = DATA / "triage_pool_key.json"
LABELS = DATA / "triage_labels.jsonl"
REPLY_S = 4.0
SEED = 1717
LABEL_RULE = (
    "question: the line asks the streamer or chat something that can be answered (information, an opinion, "
    "a yes/no), in any case, with or without a question mark. greeting: the line says hello to the streamer "
    "or chat (hi, hello, good evening, first time here...). other: everything else - commands and "
    "imperatives ('DON'T EAT DOG'), exclamations, rhetorical or mocking questions ('are you serious LUL'), "
    "emote-only lines, copypasta, statements, insults."
)


def _events() -> tuple[list[Any], float]:
    from agent.perception.data import splits
    from connectors.livestream.sources import read_log

    path = splits.SHARED_DATA / "chat" / "twitch_2019-04-30.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is absent: the triage eval needs ../shared/data/chat")
    events = read_log(path, platform="twitch")
    # the fit hour ends TWITCH_FIT_BEFORE; the log starts 2019-04-30 08:56:59, one hour in log seconds
    return events, events[0].ts + 3601.0


def simulate(events: list[Any], report_from: float, config: Any = None) -> dict[str, Any]:
    """Replay at the log's real rate (log time, no sleeping): picks, waits and drops of the report part."""
    from connectors.livestream.triage import Triage

    triage = Triage(config)
    picks: list[dict[str, Any]] = []
    free_at = events[0].ts

    def take(now: float) -> bool:
        item = triage.next_item(now)
        if item is None:
            return False
        if item.first_seen >= report_from:
            picks.append(
                {
                    "kind": item.kind,
                    "text": item.text,
                    "waited_s": round(item.waited_s, 2),
                    "names": len(item.names),
                }
            )
        return True

    for ev in events:
        while free_at <= ev.ts:
            if not take(free_at):
                free_at = ev.ts
                break
            free_at += REPLY_S
        triage.offer(ev, ev.ts)
    end = events[-1].ts + 120
    while free_at <= end and take(free_at):
        free_at += REPLY_S
    return {"picks": picks, "stats": triage.stats().as_dict()}


def _answers(picks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in picks if p["kind"] in ("question", "comment")]


def write_pool() -> None:
    """Write the blind pool and its key (run once, after tuning on the fit hour, before labelling)."""
    events, report_from = _events()
    sim = simulate(events, report_from)
    rng = random.Random(SEED)
    answers = _answers(sim["picks"])
    picked = rng.sample(answers, min(200, len(answers)))
    texts = {p["text"] for p in picked}
    lines = [e.text for e in events if e.ts >= report_from and e.kind == "comment" and e.text not in texts]
    randoms = rng.sample(lines, 200)
    pool = [(p["text"], "pick", p["kind"]) for p in picked] + [(t, "random", "") for t in randoms]
    rng.shuffle(pool)
    with POOL.open("w", encoding="utf-8") as f:
        for i, (text, _src, _kind) in enumerate(pool):
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    KEY.write_text(
        json.dumps({str(i): [src, kind] for i, (_t, src, kind) in enumerate(pool)}), encoding="utf-8"
    )
    print(f"wrote {POOL} and {KEY}: {len(pool)} lines ({len(picked)} picks)")


def _labels() -> dict[str, str]:
    pool = {r["id"]: r["text"] for r in map(json.loads, POOL.read_text(encoding="utf-8").splitlines())}
    out: dict[str, str] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out[pool[r["id"]]] = r["label"]
    return out


def run(options: EvalOptions) -> EvalResult:
    events, report_from = _events()
    sim = simulate(events, report_from)
    picks = sim["picks"]
    answers = _answers(picks)
    labels = _labels() if LABELS.exists() else {}
    key = json.loads(KEY.read_text(encoding="utf-8")) if KEY.exists() else {}
    pool = [json.loads(x) for x in POOL.read_text(encoding="utf-8").splitlines()] if POOL.exists() else []
    random_texts = [r["text"] for r in pool if key.get(str(r["id"]), [""])[0] == "random"]
    labelled = [p for p in answers if p["text"] in labels]
    real_q = sum(labels[p["text"]] == "question" for p in labelled)
    rand_q = sum(labels.get(t) == "question" for t in random_texts)
    spoken = [p for p in picks if p["kind"] in ("question", "comment", "greeting")]
    judged = [p for p in spoken if p["kind"] == "greeting" or p["text"] in labels]
    good = sum(p["kind"] == "greeting" or labels[p["text"]] in ("question", "greeting") for p in judged)
    waits = [p["waited_s"] for p in picks if p["kind"] == "question"]
    span_min = (events[-1].ts - report_from) / 60
    drops = sim["stats"].get("dropped", {})
    metrics: dict[str, Any] = {
        "picks": len(picks),
        "answered_picks": len(answers),
        "labelled_answered_picks": len(labelled),
        "real_question_share": round(real_q / len(labelled), 4) if labelled else None,
        "random_line_question_share": round(rand_q / len(random_texts), 4) if random_texts else None,
        "question_or_greeting_share": round(good / len(judged), 4) if judged else None,
        "greeting_items": sum(p["kind"] == "greeting" for p in picks),
        "greeting_items_per_10_min": round(sum(p["kind"] == "greeting" for p in picks) / span_min * 10, 2),
        "newcomers_greeted": sum(p["names"] for p in picks if p["kind"] == "greeting"),
        "median_wait_s": round(statistics.median(waits), 2) if waits else None,
        "p90_wait_s": round(sorted(waits)[int(0.9 * (len(waits) - 1))], 2) if waits else None,
        "expired": drops.get("expired", 0) if isinstance(drops, dict) else None,
    }
    return EvalResult(
        name="triage",
        metrics=metrics,
        targets=[Target("question_or_greeting_share", ">=", 0.9), Target("median_wait_s", "<=", 15)],
        details={"stats": sim["stats"], "label_rule": LABEL_RULE, "picks_sample": picks[:30]},
        notes=(__doc__ or "").split("\n", 2)[-1],
    )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="write the blind labelling pool")
    ap.add_argument("--pool", action="store_true")
    if ap.parse_args().pool:
        write_pool()
