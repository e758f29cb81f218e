"""Same-paragraph unanswerable questions made from SQuAD 1.1 train, for the neural reader's training.

SQuAD 1.1 has no unanswerable questions; SQuAD 2.0's are written against the same paragraph as its answerable
ones (a negation, an antonym, an entity swap, an impossible condition), so a reader must notice the one word
that makes the paragraph not answer. Each rule here rewrites one SQuAD 1.1 question of a paragraph so that
the paragraph no longer answers it; the new question is labelled no-answer on every window of its paragraph
(``is_impossible``, as in SQuAD 2.0). The rules, all deterministic for a seed:

- ``year`` / ``number``: a year (1000-2099) or another number the question shares with its paragraph is
  replaced by one of the same kind (a year; a number with as many digits) that another article's questions
  use and that the paragraph's article does not hold anywhere;
- ``name``: a Title-Case name (one to four words, not the question's first word) the question shares with its
  paragraph is replaced by a name of the same kind from another article's questions and answers, absent from
  the whole article. Kind: ``person`` if the name is the answer of some "who" question, ``place`` if of some
  "where" question, else ``name``; the new name has the same kind and as many words;
- ``antonym``: a word of :data:`ANTONYMS` (first / last, largest / smallest, before / after, ...) is replaced
  by its opposite where the opposite does not occur in the paragraph;
- ``negation``: "What / Who / Which is|was|are|were the ..." gets "not" after the verb.

For each source question the applicable rules are collected and one is drawn (seeded); ``generate`` then
draws ``n`` of them, up to a fifth of ``n`` of each rule first. The 8 eval articles are skipped by title
(never read). Pure functions over the parsed SQuAD JSON; no I/O.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

KINDS = ("year", "number", "name", "antonym", "negation")

ANTONYMS = {
    "first": "last",
    "last": "first",
    "largest": "smallest",
    "smallest": "largest",
    "biggest": "smallest",
    "highest": "lowest",
    "lowest": "highest",
    "most": "least",
    "least": "most",
    "before": "after",
    "after": "before",
    "earliest": "latest",
    "latest": "earliest",
    "oldest": "newest",
    "newest": "oldest",
    "longest": "shortest",
    "shortest": "longest",
    "maximum": "minimum",
    "minimum": "maximum",
    "north": "south",
    "south": "north",
    "east": "west",
    "west": "east",
    "increase": "decrease",
    "decrease": "increase",
    "increased": "decreased",
    "decreased": "increased",
    "won": "lost",
    "lost": "won",
    "more": "fewer",
    "fewer": "more",
    "larger": "smaller",
    "smaller": "larger",
    "higher": "lower",
    "lower": "higher",
    "early": "late",
    "late": "early",
    "start": "end",
    "began": "ended",
    "ended": "began",
}

_YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")
_NUMBER = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\w])")
_CAP = re.compile(r"[A-Z][\w'\-.]*")
_NEGATE = re.compile(r"^(What|Who|Which)\s+(is|was|are|were)\s+(the|a|an)\b")
#: capitalised words that are not names on their own (question words, articles, pronouns, months are kept)
_NOT_NAMES = {
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "the", "a", "an", "in", "on",
    "of", "at", "to", "for", "by", "from", "with", "and", "or", "is", "was", "are", "were", "did", "does",
    "do", "i", "it", "its", "he", "she", "they", "this", "that", "these", "those", "after", "before",
    "during", "according", "besides", "other", "than", "as", "if", "not", "name", "along",
}  # fmt: skip


@dataclass(frozen=True)
class Synth:
    """One generated unanswerable question: its article and paragraph, the question it was made from, the
    rule, and the words replaced (``old``) and put in (``new``)."""

    title: str
    paragraph: int
    question: str
    source: str
    kind: str
    old: str
    new: str


def _has(text: str, word: str) -> bool:
    """``word`` occurs in ``text`` as a whole word (case-insensitive)."""
    return re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", text, re.IGNORECASE) is not None


def names_in(question: str) -> list[str]:
    """Runs of one to four Title-Case words of ``question`` (an inner "of" allowed), not its first word."""
    words = question.rstrip("?").split()
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and run[-1] == "of":
            run.pop()
        if run and not (len(run) == 1 and run[0].lower() in _NOT_NAMES) and len(run) <= 4:
            out.append(" ".join(run).strip(",;:'\""))
        run.clear()

    for i, w in enumerate(words):
        w = w.strip(',;:"()')
        if i > 0 and _CAP.fullmatch(w) and not (not run and w.lower() in _NOT_NAMES):
            run.append(w)
        elif run and w == "of":
            run.append(w)
        else:
            close()
    close()
    return [n for n in out if n and not n.endswith("'s")]


def _pools(articles: list[dict[str, Any]]) -> tuple[dict[str, dict[str, set[str]]], dict[str, str]]:
    """Replacement pools by kind -> value -> the titles that use it, and each name's kind."""
    pools: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    kind_of: dict[str, str] = {}
    for art in articles:
        for para in art["paragraphs"]:
            for qa in para["qas"]:
                q = qa["question"]
                for ans in qa["answers"][:1]:
                    text = ans["text"].strip()
                    low = q.lower()
                    if names_in("X " + text) == [text]:
                        if low.startswith("who"):
                            kind_of.setdefault(text, "person")
                        elif low.startswith("where"):
                            kind_of.setdefault(text, "place")
                for y in _YEAR.findall(q):
                    pools["year"][y].add(art["title"])
                for num in _NUMBER.findall(q):
                    if not _YEAR.fullmatch(num):
                        pools["number"][num].add(art["title"])
                for name in names_in(q):
                    pools["name"][name].add(art["title"])
    return pools, kind_of


def _options(
    q: str,
    ctx: str,
    article_text: str,
    title: str,
    pools: dict[str, dict[str, set[str]]],
    by_shape: dict[tuple[str, int], list[str]],
    kind_of: dict[str, str],
    rng: random.Random,
) -> list[tuple[str, str, str, str]]:
    """(kind, new question, old, new) for each rule that applies to ``q`` over its paragraph ``ctx``."""
    out: list[tuple[str, str, str, str]] = []

    def swap(kind: str, old: str, candidates: list[str]) -> None:
        for _ in range(8):  # a few draws: most candidates are absent from any one article
            new = rng.choice(candidates)
            if new != old and title not in pools[kind if kind in ("year", "number") else "name"][new]:
                if not _has(article_text, new) and not _has(q, new):
                    at = re.search(r"(?<![\w])" + re.escape(old) + r"(?![\w])", q)
                    if at is not None:
                        out.append((kind, q[: at.start()] + new + q[at.end() :], old, new))
                    return

    years = [y for y in _YEAR.findall(q) if _has(ctx, y)]
    if years:
        swap("year", years[0], by_shape[("year", 4)])
    nums = [n for n in _NUMBER.findall(q) if not _YEAR.fullmatch(n) and _has(ctx, n)]
    if nums:
        shape = ("number", len(re.sub(r"\D", "", nums[0])))
        if by_shape.get(shape):
            swap("number", nums[0], by_shape[shape])
    names = [n for n in names_in(q) if _has(ctx, n)]
    if names:
        old = names[0]
        kind = kind_of.get(old, "name")
        shape = (kind, len(old.split()))
        if by_shape.get(shape):
            swap("name", old, by_shape[shape])
    for m in re.finditer(r"\b[a-z]+\b", q):
        opposite = ANTONYMS.get(m.group(0))
        if opposite and not _has(ctx, opposite):
            out.append(("antonym", q[: m.start()] + opposite + q[m.end() :], m.group(0), opposite))
            break
    neg = _NEGATE.match(q)
    if neg:
        out.append(
            ("negation", q[: neg.end(2)] + " not" + q[neg.end(2) :], neg.group(2), neg.group(2) + " not")
        )
    return out


def candidates(data: dict[str, Any], seed: int, eval_titles: set[str]) -> list[Synth]:
    """At most one generated unanswerable question per SQuAD 1.1 question (the rule drawn among those that
    apply), in file order; the articles whose title is an eval article are skipped (never read)."""
    rng = random.Random(seed)
    articles = [a for a in data["data"] if a["title"].replace(" ", "_").lower() not in eval_titles]
    pools, kind_of = _pools(articles)
    by_shape: dict[tuple[str, int], list[str]] = defaultdict(list)
    for kind in ("year", "number"):
        for value in sorted(pools[kind]):
            by_shape[(kind, 4 if kind == "year" else len(re.sub(r"\D", "", value)))].append(value)
    for name in sorted(pools["name"]):
        by_shape[(kind_of.get(name, "name"), len(name.split()))].append(name)
    out: list[Synth] = []
    for art in articles:
        article_text = "\n".join(p["context"] for p in art["paragraphs"])
        for pi, para in enumerate(art["paragraphs"]):
            for qa in para["qas"]:
                if not qa["answers"]:
                    continue
                opts = _options(
                    qa["question"], para["context"], article_text, art["title"], pools, by_shape, kind_of, rng
                )
                if opts:
                    kind, new_q, old, new = rng.choice(opts)
                    out.append(Synth(art["title"], pi, new_q, qa["question"], kind, old, new))
    return out


def generate(data: dict[str, Any], n: int, seed: int, eval_titles: set[str]) -> list[Synth]:
    """``n`` generated unanswerable questions (all candidates if fewer), in file order: up to ``n // 5`` of
    each rule (names apply to most questions and would otherwise be most of the mix), the rest drawn from
    the candidates left, all with ``seed``."""
    cands = candidates(data, seed, eval_titles)
    if n >= len(cands):
        return cands
    rng = random.Random(seed + 1)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        by_kind[c.kind].append(i)
    keep: set[int] = set()
    for kind in KINDS:
        idx = by_kind[kind]
        keep |= set(rng.sample(idx, min(len(idx), n // len(KINDS))))
    rest = [i for i in range(len(cands)) if i not in keep]
    keep |= set(rng.sample(rest, n - len(keep)))
    return [c for i, c in enumerate(cands) if i in keep]


def add_to(data: dict[str, Any], synths: list[Synth]) -> int:
    """Append each generated question to its paragraph's questions as SQuAD 2.0 writes an unanswerable one
    (``answers`` empty, ``is_impossible``); returns how many were added."""
    by_title = {a["title"]: a for a in data["data"]}
    for i, s in enumerate(synths):
        para = by_title[s.title]["paragraphs"][s.paragraph]
        para["qas"].append(
            {"id": f"synth-{i}-{s.kind}", "question": s.question, "answers": [], "is_impossible": True}
        )
    return len(synths)
