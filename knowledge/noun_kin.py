"""The words a noun is also said with, read from Open English WordNet (session 23, brief A, candidate A1;
docs/knowledge.md "Session 23, brief A").

Rule 19 (:func:`knowledge.constraint_scope.scope_miss`) reads a phrase's head that the base never writes as a
thing the base lacks ("the snowline backpack"). A sentence may say that head another way: "the host city
election" against "Beijing was elected", "the quad axel try" against "attempted", "the official games motto"
against "The official slogan". :func:`said` tells whether the evidence writes a kin of the head: a member of
its first noun sense's synset or a lemma that sense's derivation links name (``noun_kin.txt``, built by
``python -m evals.build_noun_kin``). Without the file nothing is kin (rule 19 reads as before).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge import nlp

KIN_FILE = Path(__file__).with_name("noun_kin.txt")


@lru_cache(maxsize=1)
def kin_table(path: Path = KIN_FILE) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each noun's stem -> its kin, each a tuple of word stems ("hand over" -> ("hand", "over")); lemmas of
    one stem ("guy", "guys") pool their kin. Empty where the file is missing."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    table: dict[str, dict[tuple[str, ...], None]] = {}
    for line in lines:
        if not line or line.startswith("#"):
            continue
        lemma, *kin = line.split("\t")
        into = table.setdefault(nlp.stem(lemma), {})
        for phrase in kin:
            words = tuple(nlp.stem(w) for w in phrase.replace("-", " ").split())
            if words:
                into[words] = None
    return {stem: tuple(kin) for stem, kin in table.items()}


def said(head: str, evidence: str, table: dict[str, tuple[tuple[str, ...], ...]] | None = None) -> bool:
    """Whether ``evidence`` writes a kin of the noun whose stem is ``head``: each word of a kin phrase,
    stemmed, in order and side by side among the evidence's words (split at anything not a letter, stopwords
    kept: "handed over", "take-off")."""
    kin = (kin_table() if table is None else table).get(head, ())
    if not kin:
        return False
    words = tuple(nlp.tokenize(evidence.replace("-", " "), keep_stopwords=True))
    for phrase in kin:
        n = len(phrase)
        if any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
            return True
    return False
