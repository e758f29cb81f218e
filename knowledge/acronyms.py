"""Acronyms the base spells out (R44, session 22 brief A; docs/knowledge.md "Session 22, brief A").

A viewer writes "how many nocs came to beijing" or "which roc guy won 3 golds"; the base writes "National
Olympic Committees" and "Russian Olympic Committee". No table: the base's own text says what an acronym
stands for, where (i) a run of capitalised words is followed by its initials in brackets ("Court of
Arbitration for Sport (CAS)"), or (ii) a run of two or more capitalised words has the token's letters as its
initials. Exactly one phrase of the base must have them (two different phrases: no reading). The question the
answer path reads then writes the phrase in the token's place (:func:`spell_out`), so it counts as the
phrase's words for the lexical search, coverage and the constraints.

The phrases are counted per document at ingest (:func:`counted` of its chunks' heading paths and texts) and
stored with the base (``knowledge/store/phrases.py``, session 22 brief A2), so a question reads the counts of
the initials it asks, not the base (:func:`base_acronyms`). A base saved before that is walked once: a
writable open saves what the walk counts; a read-only one reads every chunk once per store generation, at the
first question holding a token that could be an acronym, like rule 24's names
(``knowledge/constraint_base.py``).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from knowledge import nlp

if TYPE_CHECKING:
    from knowledge.store import Store

_CAP = re.compile(r"[A-Z][A-Za-z'\u2019-]*")
_JOINERS = ("of", "for", "and", "the", "de")
#: (i) the bracketed initials ("(NOCs)", "(CAS)"); the phrase is read back from the words before them
_BRACKET = re.compile(r" \(([A-Z][A-Za-z]{1,6})\)")
#: (ii) two or more capitalised words one space apart
_RUN = re.compile(r"\b[A-Z][A-Za-z'\u2019-]*(?: [A-Z][A-Za-z'\u2019-]*)+")
_LEADING = ("The", "A", "An")
#: a token read as an acronym: its letters (a plural "s" dropped) are 2 to 6
_TOKEN = re.compile(r"\b[A-Za-z]{2,7}\b")
#: the reading :func:`phrases_in` does; a base records it beside its stored counts (meta
#: ``acronyms_version``), and counts stored under another are counted again. Change it whenever
#: :func:`phrases_in` reads otherwise.
PHRASES_VERSION = "1"


def _letters(token: str) -> str:
    """The initials a bracketed acronym stands for: its letters, lower case, a plural "s" written in lower
    case after capitals dropped ("NOCs": noc; "CAS": cas)."""
    plural = len(token) > 2 and token.endswith("s") and token[:-1].isupper()
    return (token[:-1] if plural else token).lower()


def _readings(token: str) -> list[str]:
    """The initials a question's token may stand for: its letters, then without a final "s" (a plural: "nocs",
    "NOCs")."""
    low = token.lower()
    return [low, low[:-1]] if len(low) > 2 and low.endswith("s") else [low]


def _key(phrase: str) -> str:
    """One phrase however written: case folded, a final plural "s" dropped."""
    low = nlp.fold(phrase).lower()
    return low[:-1] if low.endswith("s") else low


def _initials(words: Iterable[str]) -> str:
    return "".join(w[0].lower() for w in words if w not in _JOINERS)


def _before(text: str, end: int) -> list[str]:
    """The words of a bracketed acronym's phrase: the capitalised words and joiners right before ``end`` on
    its line ("The Court of Arbitration for Sport" before " (CAS)")."""
    line = text[text.rfind("\n", 0, end) + 1 : end]
    words: list[str] = []
    for word in reversed(line.split(" ")[-12:]):
        if not (_CAP.fullmatch(word) or (words and word in _JOINERS)):
            break
        words.insert(0, word)
    while words and words[0] in _JOINERS:
        words.pop(0)
    return words


def phrases_in(text: str, folded: bool = False) -> list[tuple[str, str]]:
    """Each (initials, phrase) ``text`` spells out: a bracketed acronym after its phrase, and every run of two
    or more capitalised words (a leading "The" left out). Runs never cross a line: a base's texts are read
    joined by line breaks, each folded alone (``folded``) and the whole scanned once (:class:`Acronyms`)."""
    text = text if folded else nlp.fold(text)
    out: list[tuple[str, str]] = []
    for m in _BRACKET.finditer(text):
        words, letters = _before(text, m.start()), _letters(m.group(1))
        capitals = [i for i, w in enumerate(words) if w not in _JOINERS]
        if len(capitals) >= len(letters) >= 2:
            first = capitals[-len(letters)]
            if _initials(words[first:]) == letters:
                out.append((letters, " ".join(words[first:])))
    for m in _RUN.finditer(text):
        words = m.group().split()
        while words and words[0] in _LEADING:
            words = words[1:]
        if 2 <= len(words) <= 6:
            out.append((_initials(words), " ".join(words)))
    return out


def counted(texts: Iterable[str]) -> Counter[tuple[str, str]]:
    """How often ``texts`` (a document's chunks, each its heading path and text) spell out each (initials,
    phrase). One scan of the texts joined by line breaks (a call a text costs more than the scan itself),
    each folded alone: most are plain ASCII, which folding leaves at once. Runs never cross a line, so the
    counts of several texts are the sum of each one's."""
    return Counter(phrases_in("\n".join(map(nlp.fold, texts)), folded=True))


def chosen(forms: Iterable[tuple[str, int]]) -> str | None:
    """The phrase some initials stand for, from each written form's count: its most frequent form where all
    are one phrase however written (:func:`_key`), None where none or several different phrases have them."""
    keys: dict[str, dict[str, int]] = {}
    for phrase, n in forms:
        written = keys.setdefault(_key(phrase), {})
        written[phrase] = written.get(phrase, 0) + n
    if len(keys) != 1:
        return None
    (written,) = keys.values()
    return max(written, key=lambda f: (written[f], f))


class Acronyms:
    """The phrases a base spells out, by initials: ``spelled(letters)`` is the one phrase with those
    initials (its most frequent written form), or None where none or several different phrases have them.
    Read from the texts themselves, or (``counts``) from (initials, phrase) counts made before."""

    def __init__(
        self, texts: Iterable[str] = (), counts: Mapping[tuple[str, str], int] | None = None
    ) -> None:
        found: dict[str, list[tuple[str, int]]] = {}
        for (letters, written), n in (counted(texts) if counts is None else counts).items():
            found.setdefault(letters, []).append((written, n))
        self._phrases: Mapping[str, str] = {
            letters: phrase for letters, forms in found.items() if (phrase := chosen(forms)) is not None
        }

    def spelled(self, letters: str) -> str | None:
        return self._phrases.get(letters)


class StoredAcronyms:
    """:class:`Acronyms` read from a base's stored counts (``forms_of(letters)``: each written form with those
    initials and its count in the base), the initials asked only, each once."""

    def __init__(self, forms_of: Callable[[str], list[tuple[str, int]]]) -> None:
        self._forms_of = forms_of
        self._read: dict[str, str | None] = {}

    def spelled(self, letters: str) -> str | None:
        if letters not in self._read:
            self._read[letters] = chosen(self._forms_of(letters))
        return self._read[letters]


def candidate(token: str, in_base: Callable[[str], bool], common: Callable[[str], bool] | None) -> bool:
    """Whether a token of the question may be an acronym: 2 to 6 letters (a plural "s" dropped), no stopword,
    a word the base never writes (``in_base``, by stem), and no common English word (``common``) unless
    written in capitals; without the word lists (``common`` None), only a token in capitals."""
    low = token.lower()
    letters = _readings(token)[-1]
    if not 2 <= len(letters) <= 6 or low in nlp.STOPWORDS or in_base(nlp.stem(low)):
        return False
    if token[: len(letters)].isupper():
        return True
    return common is not None and not common(low) and not common(letters)


def spell_out(
    question: str,
    acronyms: Callable[[], Acronyms | StoredAcronyms],
    in_base: Callable[[str], bool],
    common: Callable[[str], bool] | None,
) -> str:
    """``question`` with each acronym the base spells out written as its phrase ("how many nocs came" ->
    "how many National Olympic Committees came"); ``acronyms`` is called only when a token may be one."""
    table: Acronyms | StoredAcronyms | None = None

    def spell(m: re.Match[str]) -> str:
        nonlocal table
        token = m.group()
        if not candidate(token, in_base, common):
            return token
        table = table or acronyms()
        return next(filter(None, map(table.spelled, _readings(token))), token)

    return _TOKEN.sub(spell, question)


#: per store, the generation and size its phrases were read at
_READ: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], Acronyms | StoredAcronyms]] = (
    weakref.WeakKeyDictionary()
)


def base_acronyms(store: Store) -> Acronyms | StoredAcronyms:
    """The phrases the base in ``store`` spells out: read from its stored counts where it holds them
    (:meth:`Store.acronym_forms`, the initials asked only), else read from every chunk's heading path and text
    once per store generation (a base saved before the counts were stored, opened read-only). The caller holds
    the base's lock."""
    version = (store.generation, store.ntotal)
    held = _READ.get(store)
    if held is None or held[0] != version:
        if store.acronyms_stored():
            table: Acronyms | StoredAcronyms = StoredAcronyms(store.acronym_forms)
        else:
            counts: Counter[tuple[str, str]] = Counter()
            for of_document in store.acronym_counts().values():
                counts.update(of_document)
            table = Acronyms(counts=counts)
        held = _READ[store] = (version, table)
    return held[1]


def spelled_in_base(store: Store, question: str, common: frozenset[str] | None) -> str:
    """:func:`spell_out` against the base in ``store`` (its lexical vocabulary, its phrases read once per
    generation) and the common words of English (``word_lists.common_words``, None without the lists)."""
    words = None if common is None else common.__contains__
    return spell_out(question, lambda: base_acronyms(store), store.lexical.vocab.__contains__, words)
