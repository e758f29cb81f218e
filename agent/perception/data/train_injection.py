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

Session 19 (brief I, declared before measuring, docs/perception.md): a fourth bound, <= 1% on questions
*asked of* a host - SQuAD 2.0's crowd-written FIT-article questions, as written and in chat form - which stay
out of the fit and are scored out-of-fold (the k-th fold's model scores every fifth of them). The ordinary
lines held no such questions, so the rule could not see that it flagged 1.7% of them ("What was the Bell
System?", "What types of access did Telstra provide?"); the bound raised the threshold 0.09 -> 0.15, the
weights are unchanged (``--asked none --service none --threshold-floor 0`` builds the model before it,
``--asked fit`` the candidate not kept).

Session 20 (brief I3, declared before measuring, docs/perception.md): questions and requests written by others
to a service about itself - banking77's train part and CLINC150's train + oos_train
(``service_questions``, fit part) - join the ordinary side as a group of their own, held to the same 1% CV
bound (``groups["service"]``): the ordinary lines held almost nothing put to a service about itself ("what are
your fees", "tell me a fun fact"), so "your", "prices", "secret" leaned to attack. ``--service none`` builds
the model before it (the files absent: the script stops with ``FileNotFoundError``). I3 alone lowered the
threshold 0.15 -> 0.10 and refused "do prices include tax?" again (not kept); I4, shipped, keeps I3's weights
and the threshold at least the model before's (``--threshold-floor 0.15``): the false-flag room the new lines
free is not spent on recall. ``--service none --threshold-floor 0`` builds a124852's model.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from agent.perception.abuse import _Head, features
from agent.perception.data import splits
from agent.perception.data.build import DATASET
from agent.perception.data.service_questions import service_questions
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


def threshold_by_rule(
    cv: np.ndarray,
    regex: np.ndarray,
    groups: dict[str, np.ndarray],
    asked_cv: np.ndarray | None = None,
    asked_regex: np.ndarray | None = None,
) -> float:
    """The lowest threshold on the grid 0.05, 0.06, ... 0.98 whose cross-validated false-flag rate (``cv`` at
    or above it, or ``regex``) is <= ``FALSE_FLAG_BUDGET`` on ``groups["twitch"]`` and <= twice that on
    ``groups["ordinary"]`` and ``groups["questions"]`` (masks over the training lines) and, when given and not
    empty, ``groups["service"]`` (session 20), and (session 19) on
    the questions asked of a host, scored out-of-fold (``asked_cv``, ``asked_regex``; None or empty: no such
    bound). No threshold on the grid: 0.99. Pure: arrays in, a threshold out."""
    for cand in np.arange(0.05, 0.99, 0.01):
        flag = (cv >= cand) | regex
        if (
            flag[groups["twitch"]].mean() <= FALSE_FLAG_BUDGET
            and flag[groups["ordinary"]].mean() <= 2 * FALSE_FLAG_BUDGET
            and flag[groups["questions"]].mean() <= 2 * FALSE_FLAG_BUDGET
            and (
                not groups.get("service", np.zeros(1, bool)).any()
                or flag[groups["service"]].mean() <= 2 * FALSE_FLAG_BUDGET
            )
            and (
                asked_cv is None
                or asked_regex is None
                or not len(asked_cv)
                or ((asked_cv >= cand) | asked_regex).mean() <= 2 * FALSE_FLAG_BUDGET
            )
        ):
            return float(round(cand, 2))
    return 0.99


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
        "--asked",
        choices=("bound", "fit", "none"),
        default="bound",
        help="session 19: SQuAD's FIT questions held to a 1%% CV bound, scored out-of-fold (bound, I2: the "
        "shipped model), or joining the fit as a group held to that bound (fit, I1, not kept), or no such "
        "bound (none: the model before session 19)",
    )
    ap.add_argument(
        "--service",
        choices=("fit", "none"),
        default="fit",
        help="session 20 (I3): banking77 + CLINC150 fit-part questions to a service about itself join the "
        "ordinary side as a group held to the 1%% CV bound (fit), or not (none)",
    )
    ap.add_argument(
        "--threshold-floor",
        type=float,
        default=0.15,
        help="session 20 (I4): the threshold is at least this (default 0.15, the model before's): the "
        "false-flag room new ordinary lines free is not spent on recall",
    )
    ap.add_argument("--report", type=Path, default=None, help="write the CV figures as JSON here")
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
    # session 20 (brief I, I3): questions and requests to a service about itself, a group of their own
    service: list[str] = []
    if args.service == "fit":
        seen_lines = {t.lower() for t in twitch + other + questions}
        service = [t for t in service_questions("fit") if t.lower() not in seen_lines]
    # session 19 (brief I): questions asked of a host (facts), written by others, as a group of their own
    fitted_questions = set(questions)  # built once, not once a SQuAD question
    asked = [q for q in squad_fit_questions() if q not in fitted_questions] if args.asked != "none" else []
    fitted_asked = asked if args.asked == "fit" else []
    texts = attacks + twitch + other + questions + fitted_asked + service
    y = np.array([1] * len(attacks) + [0] * (len(texts) - len(attacks)))
    is_twitch = np.array(
        [0] * len(attacks) + [1] * len(twitch) + [0] * (len(texts) - len(attacks) - len(twitch)), dtype=bool
    )
    n_before = len(attacks) + len(twitch) + len(other)
    is_question = np.array(
        [0] * n_before + [1] * len(questions) + [0] * (len(fitted_asked) + len(service)), dtype=bool
    )
    n_asked = n_before + len(questions)
    is_asked = np.array([0] * n_asked + [1] * len(fitted_asked) + [0] * len(service), dtype=bool)
    is_service = np.array([0] * (len(texts) - len(service)) + [1] * len(service), dtype=bool)

    def make() -> tuple[TfidfVectorizer, LogisticRegression]:
        vec = TfidfVectorizer(analyzer=lambda t: features(t[:4000], "en"), min_df=2, sublinear_tf=True)
        return vec, LogisticRegression(C=10.0, solver="liblinear", class_weight="balanced", max_iter=1000)

    cv = np.zeros(len(texts))
    # I2: the asked questions stay out of the fit; the k-th fold's model scores every fifth of them
    held = asked if args.asked == "bound" else []
    held_cv = np.zeros(len(held))
    for k, (tr, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(texts, y)):
        vec, clf = make()
        clf.fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
        cv[te] = clf.predict_proba(vec.transform([texts[i] for i in te]))[:, 1]
        if held:
            held_cv[k::5] = clf.predict_proba(vec.transform(held[k::5]))[:, 1]
    regex = np.array([bool(PATTERN.search(t)) for t in texts])
    asked_cv = cv[is_asked] if fitted_asked else held_cv
    asked_regex = np.array([bool(PATTERN.search(t)) for t in asked], dtype=bool)
    groups = {"twitch": is_twitch, "ordinary": y == 0, "questions": is_question, "service": is_service}
    th = max(threshold_by_rule(cv, regex, groups, asked_cv, asked_regex), args.threshold_floor)
    flag = (cv >= th) | regex
    asked_flag = (asked_cv >= th) | asked_regex
    figures = {
        "threshold": th,
        "attacks": len(attacks),
        "cv_recall": round(float(flag[y == 1].mean()), 4),
        "cv_caught": int(flag[y == 1].sum()),
        "twitch_false_flags": round(float(flag[is_twitch].mean()), 4),
        "ordinary_false_flags": round(float(flag[y == 0].mean()), 4),
        "questions_to_other_false_flags": round(float(flag[is_question].mean()), 4),
        "asked": len(asked),
        "asked_flagged": int(asked_flag.sum()),
        "service": len(service),
        "service_false_flags": round(float(flag[is_service].mean()), 4) if service else None,
    }
    print(
        f"threshold {th:.2f}: cv recall {flag[y == 1].mean():.3f}, twitch false flags "
        f"{flag[is_twitch].mean():.4f}, all ordinary {flag[y == 0].mean():.4f}, questions to the other "
        f"{flag[is_question].mean():.4f} ({len(attacks)} attacks, {len(questions)} questions); asked "
        f"{int(asked_flag.sum())} / {len(asked)} flagged out-of-fold"
    )
    if args.report:
        args.report.write_text(json.dumps(figures, indent=1), encoding="utf-8")
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
