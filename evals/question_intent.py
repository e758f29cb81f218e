"""Are questions people typed without "?" heard as questions? (session 17, brief Q)

    .venv/bin/python -m evals.question_intent [--part fit|calib|report] [--json] [--rows]

The labelled intent set (``agent/perception/data/dataset.jsonl``) is the project's own writing; this eval
reads sentences other people wrote. Topical-Chat (crowd workers chatting; ``splits.topical_sentences``, parts
by conversation, declared in session 11: ``fit``, ``calib``, ``report``): a sentence its writer ended with
"?" is a **question**, one ended with "." or "!" a **statement** - the writer's punctuation is the label, not
ours. Each is shown as a viewer often types it: lower-cased, its final punctuation (and trailing spaces)
taken off (``shown``); a sentence that still holds a "?" after that, or whose shown text is both a question
and a statement somewhere, is left out. Each shown line is read by the real perception as the turn reads a
comment (``Perception(persona, kb_names=<the sample base's names>)``, ``perceive_texts(..., gifts=False)``).

Figures: question recall (questions read as the question intent), the false-question rate (statements read
as the question intent), and per class the intents it got instead. Baselines beside, on the same lines:
``wh_first`` (a line whose first word is a question word is a question) and ``always`` (every line a question:
recall 1, false rate 1). The code before is measured by running this module on a copy of the earlier tree.

``--spelling chat`` (beside, not deciding) shows each line with common chat spellings (``CHAT_SPELLING``:
"wat", "hw", "r", "u", ...), as the brief's viewers type them.

``--spelling typo`` (session 18, brief Q; declared before measuring): the line's question word misspelt as
people really misspell it. The line's first word of ``TYPO_WORDS`` (a wh-word or an auxiliary: who what
when where which why how is are do does did can) is replaced by one of its misspellings in codespell's
dictionary (``evals.qa_viewer.misspellings``: the installed package's lines with one lower-case correction,
brief K's keep-rule), drawn by a generator seeded with ``TYPO_SEED`` and the line. A line whose first such
word has no misspelling there, or that has none of the words, is left out; the same lines as written are
scored beside (``as_written_same_lines``). Questions give the typo'd recall, statements rewritten the same
way the typo'd false-question rate (a statement's "what" misspelt must not make it a question). Codespell
holds typing slips ("wich", "waht", "whn", "woh", "cna", "doens") and none for "why", "how" and "do", nor
chat spellings ("wat", "wut", "hw"): the eval adds none of its own (it must not copy the product's rules).

The report part is the lead's: it is printed only when asked for by name (``--part report``); the per-line
dump (``--rows``) refuses it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: What the baseline calls a question word (the first word of the shown line).
WH_WORDS = frozenset(
    "what whats what's when where wheres where's who whos who's whom whose why how hows how's which".split()
)
_END = re.compile(r"[\s.!?]+$")
#: Chat spellings (beside, not deciding: ``--spelling chat``): each whole word as viewers often type it.
#: Topical-Chat's workers spell in full; this shows whether a reading leans on the full spelling.
CHAT_SPELLING = {
    "what": "wat",
    "how": "hw",
    "where": "wher",
    "are": "r",
    "you": "u",
    "your": "ur",
    "you're": "ur",
    "please": "pls",
    "because": "cuz",
    "though": "tho",
}
_WORD = re.compile(r"[a-z']+")
_CHUNK = 2000
#: The words ``--spelling typo`` misspells: a line's first one of these is its question word or auxiliary.
TYPO_WORDS = frozenset("who what when where which why how is are do does did can".split())
#: declared before the first measurement (session 18, brief Q); the draw is seeded by the line too
TYPO_SEED = 18
_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Lines:
    """One part's shown questions and statements (distinct shown texts, sorted)."""

    part: str
    questions: tuple[str, ...]
    statements: tuple[str, ...]


def shown(sentence: str) -> str | None:
    """The sentence as a viewer might type it: lower-cased, without its final punctuation; None when a "?"
    remains inside or no letter is left."""
    text = _END.sub("", sentence.strip()).lower()
    if "?" in text or "？" in text or not any(ch.isalpha() for ch in text):
        return None
    return text


def chat_spelled(text: str) -> str:
    """``text`` with every word of ``CHAT_SPELLING`` typed the chat way ("what are you" -> "wat r u")."""
    return _WORD.sub(lambda m: CHAT_SPELLING.get(m.group(0), m.group(0)), text)


def typo_spelled(text: str, table: dict[str, tuple[str, ...]], seed: int = TYPO_SEED) -> str | None:
    """``text`` with its first word of ``TYPO_WORDS`` replaced by one of that word's misspellings in ``table``
    (word -> misspellings), drawn by a generator seeded with ``seed`` and ``text``; None when ``text`` has no
    such word or its first one has no misspelling in ``table``. Whole words only ("somewhat" is no "what")."""
    m = next((m for m in _LETTERS.finditer(text) if m.group() in TYPO_WORDS), None)
    if m is None or not table.get(m.group()):
        return None
    rng = random.Random(f"{seed}|{text}")
    return text[: m.start()] + rng.choice(table[m.group()]) + text[m.end() :]


@dataclass(frozen=True)
class Typoed:
    """One part's lines with their question word misspelt (``typo``), and the same lines as written."""

    typo: Lines
    as_written: Lines
    words: dict[str, int]


def typo_lines(lines: Lines, table: dict[str, tuple[str, ...]], seed: int = TYPO_SEED) -> Typoed:
    """``lines`` rewritten by :func:`typo_spelled`; a line left out when it has no misspelling, or when its
    rewrite is also a rewrite of the other class. ``words``: how many kept lines each word was misspelt in."""
    pairs = {
        kind: {t: r for t in texts if (r := typo_spelled(t, table, seed)) is not None}
        for kind, texts in (("q", lines.questions), ("s", lines.statements))
    }
    both = set(pairs["q"].values()) & set(pairs["s"].values())
    kept = {k: {t: r for t, r in v.items() if r not in both} for k, v in pairs.items()}
    words: Counter[str] = Counter()
    for v in kept.values():
        for t in v:
            words[next(w for w in _LETTERS.findall(t) if w in TYPO_WORDS)] += 1
    return Typoed(
        Lines(lines.part, tuple(kept["q"].values()), tuple(kept["s"].values())),
        Lines(lines.part, tuple(kept["q"]), tuple(kept["s"])),
        dict(words.most_common()),
    )


def codespell_table() -> dict[str, tuple[str, ...]]:
    """Codespell's real misspellings (``evals.qa_viewer.misspellings``; ``FileNotFoundError`` when codespell
    is not installed)."""
    from evals.qa_viewer import misspellings

    return misspellings()


def label(sentence: str) -> str | None:
    """The label: "question" (ends with "?"), "statement" (ends with "." or "!") or None (anything else)."""
    s = sentence.rstrip()
    if s.endswith("?"):
        return "question"
    if s.endswith((".", "!")):
        return "statement"
    return None


def split_lines(sentences: Sequence[tuple[str, str]], part: str) -> Lines:
    """``sentences``: (text, part) pairs (``splits.topical_sentences``); the part's shown lines by label. A
    shown text that occurs with both labels is left out of both."""
    by: dict[str, set[str]] = {}
    for text, p in sentences:
        if p != part:
            continue
        kind = label(text)
        view = shown(text) if kind else None
        if kind and view:
            by.setdefault(view, set()).add(kind)
    q = sorted(t for t, k in by.items() if k == {"question"})
    s = sorted(t for t, k in by.items() if k == {"statement"})
    return Lines(part, tuple(q), tuple(s))


def topical_lines(part: str, spelling: str = "as-written") -> Lines:
    """The part's lines from Topical-Chat's files (``FileNotFoundError`` when they are absent); ``spelling``
    "chat": each shown line ``chat_spelled``."""
    from agent.perception.data import splits

    lines = split_lines(splits.topical_sentences(), part)
    if spelling == "chat":
        q = dict.fromkeys(chat_spelled(t) for t in lines.questions)
        s = dict.fromkeys(chat_spelled(t) for t in lines.statements)
        return Lines(part, tuple(t for t in q if t not in s), tuple(t for t in s if t not in q))
    return lines


def wh_first(text: str) -> bool:
    """The baseline: the first word is a question word."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0] in WH_WORDS


def product_perception() -> Any:
    """Perception as the turn builds it over the sample base (its names kept out of the abuse model; since
    session 22 the base itself too: its headings name what a note may ask of, ``notes.asks_by_note``)."""
    from agent.assemble import kb_names
    from agent.perception import Perception
    from agent.persona import Persona
    from knowledge import KnowledgeBase

    kb: Any = KnowledgeBase.open_sample()
    return Perception(Persona.load(None), kb=kb, kb_names=kb_names(kb))


def intents(perception: Any, texts: Sequence[str]) -> list[str]:
    """The intent each text gets, read as a comment (no platform gift)."""
    out: list[str] = []
    for i in range(0, len(texts), _CHUNK):
        chunk = list(texts[i : i + _CHUNK])
        out += [p.intent for p in perception.perceive_texts(chunk, gifts=[False] * len(chunk))]
    return out


def _rate(k: int, n: int) -> float:
    return round(k / n, 4) if n else float("nan")


def score(lines: Lines, q_intents: Sequence[str], s_intents: Sequence[str]) -> dict[str, Any]:
    """The figures for one part, given the intent each question and statement got."""
    nq, ns = len(lines.questions), len(lines.statements)
    q_hit = sum(i == "question" for i in q_intents)
    s_hit = sum(i == "question" for i in s_intents)
    wq = sum(wh_first(t) for t in lines.questions)
    ws = sum(wh_first(t) for t in lines.statements)
    return {
        "part": lines.part,
        "questions": nq,
        "statements": ns,
        "question_recall": _rate(q_hit, nq),
        "questions_heard": q_hit,
        "false_question_rate": _rate(s_hit, ns),
        "statements_heard_as_question": s_hit,
        "questions_instead": dict(Counter(i for i in q_intents if i != "question").most_common()),
        "statements_as": dict(Counter(s_intents).most_common()),
        "baseline_wh_first": {"question_recall": _rate(wq, nq), "false_question_rate": _rate(ws, ns)},
        "baseline_always": {"question_recall": 1.0, "false_question_rate": 1.0},
    }


def run(part: str, perception: Any | None = None, spelling: str = "as-written") -> dict[str, Any]:
    perception = product_perception() if perception is None else perception
    if spelling == "typo":
        return run_typo(part, perception)
    lines = topical_lines(part, spelling)
    return score(lines, intents(perception, lines.questions), intents(perception, lines.statements))


def run_typo(part: str, perception: Any, table: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """``--spelling typo``: the figures on the typo'd lines, and on the same lines as written beside."""
    table = codespell_table() if table is None else table
    return score_typo(typo_lines(topical_lines(part), table), perception, table)


def score_typo(t: Typoed, perception: Any, table: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    out = score(t.typo, intents(perception, t.typo.questions), intents(perception, t.typo.statements))
    w = t.as_written
    out["as_written_same_lines"] = score(
        w, intents(perception, w.questions), intents(perception, w.statements)
    )
    out["misspelt_words"] = t.words
    out["codespell_holds"] = {word: len(table.get(word, ())) for word in sorted(TYPO_WORDS)}
    return out


def _print(r: dict[str, Any]) -> None:
    print(f"Topical-Chat {r['part']}: {r['questions']} questions, {r['statements']} statements (lower-cased)")
    wh = r["baseline_wh_first"]
    print(
        f"  question recall      {r['question_recall']:.4f}  (wh_first {wh['question_recall']:.4f}, always 1)"
    )
    print(
        f"  false-question rate  {r['false_question_rate']:.4f}  "
        f"(wh_first {wh['false_question_rate']:.4f}, always 1)"
    )
    print(f"  questions heard as   {r['questions_instead']}")
    print(f"  statements heard as  {r['statements_as']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.question_intent")
    ap.add_argument("--part", choices=("fit", "calib", "report"), default="fit")
    ap.add_argument("--spelling", choices=("as-written", "chat", "typo"), default="as-written")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rows", action="store_true", help="each line, its class and intent (not report)")
    args = ap.parse_args(argv)
    if args.rows and args.part == "report":
        print("--rows reads a part's lines one by one: not for the report part", file=sys.stderr)
        return 2
    typoed: Typoed | None = None
    try:
        if args.spelling == "typo":
            table = codespell_table()
            typoed = typo_lines(topical_lines(args.part), table)
            lines = typoed.typo
        else:
            lines = topical_lines(args.part, args.spelling)
    except FileNotFoundError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 0
    perception = product_perception()
    if typoed is not None and not args.rows:
        result = score_typo(typoed, perception, table)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            _print(result)
            print("  as written, same lines:")
            _print(result["as_written_same_lines"])
            print(f"  misspelt words       {typoed.words}")
        return 0
    qi, si = intents(perception, lines.questions), intents(perception, lines.statements)
    if args.rows:
        for kind, texts, got in (("question", lines.questions, qi), ("statement", lines.statements, si)):
            for t, i in zip(texts, got, strict=True):
                print(json.dumps({"class": kind, "intent": i, "text": t}, ensure_ascii=False))
        return 0
    result = score(lines, qi, si)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
