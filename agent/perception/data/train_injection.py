"""Fit the injection model (``models/injection.npz``).

    .venv/bin/python -m agent.perception.data.train_injection [--out PATH]

Attacks: the Tensor Trust **fit** part (``splits.tensor_trust_part``) and the perception set's train-split
injection examples. Ordinary: Twitch lines of the **fit** hour, the Davidson **train** part, the perception
set's other train-split examples, and (session 9) questions to the other person: Topical-Chat's **train**
part (``splits.questions_to_other``, needs the files at ``splits.TOPICAL_CHAT_DIR``) and
``host_questions_train.txt``, and (session 15) Topical-Chat's **fit**-part sentences (``--no-conversation``
leaves them out). The Tensor Trust report part, the Twitch lines after the first hour,
Topical-Chat's report part and ``host_questions_report.txt`` are never read here. TF-IDF over
``abuse.features`` (min_df 2), L2 logistic regression with balanced class weights.

The threshold (rule declared in session 9 before the refit): the lowest one on the grid 0.05, 0.06, ... 0.98
whose 5-fold cross-validated false-flag rate (model or ``PATTERN``) is <= ``FALSE_FLAG_BUDGET`` on the Twitch
fit lines, <= twice that on all ordinary lines, and <= twice that on the questions to the other person alone
(Topical-Chat train + ``host_questions_train.txt``). The third bound is new: session 8's refit put its 40
questions among ~25k ordinary lines, where the budget cannot see them, and the rule lowered the threshold
until the questions' gain was given back. A group of its own holds them to the same bound as all ordinary
lines (2 x 0.005 = 1%), half the 2% aim on unseen questions. No threshold on the grid: 0.99.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from agent.perception.abuse import _Head, features
from agent.perception.data import splits
from agent.perception.data.build import DATASET
from agent.perception.injection import FALSE_FLAG_BUDGET, MODEL_PATH, PATTERN, InjectionModel

HOST_QUESTIONS_TRAIN = Path(__file__).parent / "host_questions_train.txt"
SQUAD_QUESTIONS = splits.SHARED_DATA / "qa" / "squad2_dev" / "questions.jsonl"
#: SQuAD 2.0's FIT articles (``evals.qa_squad.FIT_ARTICLES``; a test holds the two equal): their questions are
#: fit data, the REPORT articles' are never read here
SQUAD_FIT_ARTICLES = ("Normans", "Huguenot", "French and Indian War", "Packet switching")


def host_question_lines(path: Path) -> list[str]:
    """The lines of a questions-to-the-host file, comments and blanks left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#")]


def squad_fit_questions(path: Path = SQUAD_QUESTIONS) -> list[str]:
    """Session 18 (brief C2): SQuAD 2.0's crowd-written questions of the FIT articles, as written and as chat
    types them (lower-cased, no "?"), as not-injection: ordinary factual questions nobody here wrote, of which
    the model flagged 24 of 1407 ("What religion were the Normans", questions with "include", "system",
    "code"). Empty when the file is absent."""
    if not path.exists():
        return []
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    qs = [str(r["question"]).strip() for r in rows if r["article"] in SQUAD_FIT_ARTICLES]
    chat = [" ".join(q.replace("?", " ").lower().split()) for q in qs]
    return list(dict.fromkeys(q for q in qs + chat if q))


def conversation_lines(questions: set[str]) -> list[str]:
    """Topical-Chat's fit-part sentences (``splits.topical_sentences``) less the questions already fitted on:
    ordinary statements and requests of conversation, as not-injection (session 15: the model flagged
    "conversation", "system", "access" and "show the replay please" in ordinary lines)."""
    return [t for t, part in splits.topical_sentences() if part == "fit" and t not in questions]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m agent.perception.data.train_injection")
    ap.add_argument("--out", type=Path, default=MODEL_PATH, help="the model file to write")
    ap.add_argument(
        "--squad",
        action="store_true",
        help="add SQuAD's FIT questions (session 18 candidate Q, measured and not kept: docs/safety.md)",
    )
    ap.add_argument(
        "--squad-written", action="store_true", help="candidate Q2: SQuAD's FIT questions as written"
    )
    ap.add_argument(
        "--no-conversation",
        action="store_true",
        help="leave Topical-Chat's fit sentences out (the data before session 15, for before/after figures)",
    )
    args = ap.parse_args(argv)
    out_path = args.out
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    own = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines() if x.strip()]
    own = [r for r in own if r["split"] == "train"]
    attacks = [str(r["attack"]) for r, part in splits.tensor_trust() if part == "fit"]
    attacks += [r["text"] for r in own if r["intent"] == "injection-attempt"]
    twitch = [m for _, _, m, part in splits.twitch_lines() if part == "fit"]
    other = [r.text for r in splits.davidson() if r.part == "train"]
    other += [r["text"] for r in own if r["intent"] != "injection-attempt"]
    questions = [t for t, part in splits.questions_to_other() if part == "train"]
    questions += host_question_lines(HOST_QUESTIONS_TRAIN)
    if args.squad or args.squad_written:  # session 18 candidates Q, Q2: crowd-written factual questions
        seen = set(questions)
        squad = squad_fit_questions()
        if args.squad_written:  # Q2: as written only (SQuAD's questions end with "?" or a capital opens them)
            squad = [q for q in squad if q != q.lower()]
        questions += [q for q in squad if q not in seen]
    if not args.no_conversation:  # session 15: ordinary statements and requests of conversation
        other += conversation_lines(set(questions))
    texts = attacks + twitch + other + questions
    y = np.array([1] * len(attacks) + [0] * (len(twitch) + len(other) + len(questions)))
    is_twitch = np.array(
        [0] * len(attacks) + [1] * len(twitch) + [0] * (len(other) + len(questions)), dtype=bool
    )
    is_question = np.array([0] * (len(texts) - len(questions)) + [1] * len(questions), dtype=bool)

    def make() -> tuple[TfidfVectorizer, LogisticRegression]:
        vec = TfidfVectorizer(analyzer=lambda t: features(t[:4000], "en"), min_df=2, sublinear_tf=True)
        return vec, LogisticRegression(C=10.0, solver="liblinear", class_weight="balanced", max_iter=1000)

    cv = np.zeros(len(texts))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(texts, y):
        vec, clf = make()
        clf.fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
        cv[te] = clf.predict_proba(vec.transform([texts[i] for i in te]))[:, 1]
    regex = np.array([bool(PATTERN.search(t)) for t in texts])
    th = 0.99
    for cand in np.arange(0.05, 0.99, 0.01):
        flag = (cv >= cand) | regex
        if (
            flag[is_twitch].mean() <= FALSE_FLAG_BUDGET
            and flag[y == 0].mean() <= 2 * FALSE_FLAG_BUDGET
            and flag[is_question].mean() <= 2 * FALSE_FLAG_BUDGET
        ):
            th = float(round(cand, 2))
            break
    flag = (cv >= th) | regex
    print(
        f"threshold {th:.2f}: cv recall {flag[y == 1].mean():.3f}, twitch false flags "
        f"{flag[is_twitch].mean():.4f}, all ordinary {flag[y == 0].mean():.4f}, questions to the other "
        f"{flag[is_question].mean():.4f} ({len(attacks)} attacks, {len(questions)} questions)"
    )
    vec, clf = make()
    clf.fit(vec.fit_transform(texts), y)
    vocab = [str(v) for v in vec.get_feature_names_out()]
    coef = clf.coef_[0].astype(np.float32)
    arrays = {
        "inj_vocab": np.array(vocab),
        "inj_idf": vec.idf_.astype(np.float32),
        "inj_coef": coef,
        "inj_bias": np.array(float(clf.intercept_[0]), dtype=np.float32),
        "inj_threshold": np.array(th, dtype=np.float32),
    }
    head = _Head(
        {g: i for i, g in enumerate(vocab)}, vec.idf_, coef.astype(np.float64), float(arrays["inj_bias"]), th
    )
    sample = texts[:300] + twitch[:300]
    gap = float(
        np.abs(
            head.proba([t[:4000] for t in sample], "en") - clf.predict_proba(vec.transform(sample))[:, 1]
        ).max()
    )
    if gap > 1e-3:
        raise SystemExit(f"numpy scorer differs from scikit-learn by {gap:.4f}")
    np.savez_compressed(out_path, **arrays)  # type: ignore[arg-type]
    InjectionModel.load(out_path)
    print(f"wrote {out_path} ({out_path.stat().st_size / 1e6:.1f} MB, {len(vocab)} features)")


if __name__ == "__main__":
    main()
