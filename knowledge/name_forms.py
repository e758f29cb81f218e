"""The same place named two ways: a nationality word and its country (session 19, brief I2; issue 14).

Viewers ask "which japanese skater got bronze" where the base writes "Kaori Sakamoto of Japan", and "why were
russian athletes banned" where it writes "Athletes from Russia". Session 18's table (brief R2, not kept)
*replaced* the viewer's word by the country before the question was read, so a question whose word the base
also held ("norwegian": "a Norwegian biathlete") was never changed, and a sentence naming the other form was
never met. Here **either form matches**: :data:`STEM_FORMS` gives a nationality word the stem of its
country's name, and ``nlp.stem`` reads it on both sides of the match (the question's words and the base's),
as it reads "meter" and "metre" as one. The viewer's word is kept as written; "Norwegian" in a sentence
still matches "norwegian" in a question, and now "Norway" does too.

Source of the table: not our eval, nor a hand list: ``name_forms.txt`` beside this module, built by
``python -m evals.build_name_forms BUILD countries.json`` from the public data set mledoze/countries
(``countries.json``, the English demonyms ``demonyms.eng.m/f`` and ``name.common``; Open Database License,
ODbL 1.0; commit 5e9f370). Kept: a one-word country name and a one-word demonym that names no other
independent country (:func:`forms`; "Norwegian" is Norway's, not Svalbard's). Left out by rule, not by
question: :data:`ORDINARY_WORDS`, demonyms that are everyday English words ("polish"). Pure; the file is read
once at import."""

from __future__ import annotations

import re
from pathlib import Path

#: the table built from the public data set (nationality word <TAB> country name, one pair a line)
DATA = Path(__file__).resolve().parent / "name_forms.txt"
#: demonyms that are everyday English words: folding them would join unrelated questions to a country
ORDINARY_WORDS = frozenset(("polish",))
_ONE_WORD = re.compile(r"[A-Za-z]+")


def country_stem(name: str) -> str:
    """The stem a country's one-word name has under ``nlp.stem`` ("Netherlands" -> "netherland"), written
    here without importing nlp (nlp reads this module): lower case, a plural "s" dropped."""
    low = name.lower()
    return low[:-1] if low.endswith("s") and not low.endswith(("ss", "us")) else low


def forms(countries: list[dict]) -> dict[str, str]:
    """Nationality word (lower case) -> its country's name, from mledoze/countries records: one-word names
    and demonyms only, of independent countries (a territory shares its state's demonym: "Norwegian" for
    Svalbard), each demonym naming exactly one country, none of :data:`ORDINARY_WORDS`, and none
    equal to a country name itself."""
    named: dict[str, set[str]] = {}
    sovereign = [c for c in countries if c.get("independent")]
    for c in sovereign or countries:
        name = c["name"]["common"]
        eng = (c.get("demonyms") or {}).get("eng") or {}
        for demonym in {eng.get("m", ""), eng.get("f", "")}:
            if demonym:
                named.setdefault(demonym.lower(), set()).add(name)
    names = {c["name"]["common"].lower() for c in countries}  # "Chad", "Guinea": a demonym as a name
    return {
        d: next(iter(cs))
        for d, cs in sorted(named.items())
        if len(cs) == 1
        and _ONE_WORD.fullmatch(d)
        and _ONE_WORD.fullmatch(next(iter(cs)))
        and d not in ORDINARY_WORDS
        and d not in names
    }


def load(path: Path = DATA) -> dict[str, str]:
    """The table file read: nationality word -> country name."""
    pairs = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {d: c for d, c in pairs}


def stem_forms(table: dict[str, str]) -> dict[str, str]:
    """Each nationality word, and its plural, -> the stem of its country's name: what ``nlp.stem`` reads them
    as, so either form matches ("japanese" and "Japan" -> "japan"; "norwegians" -> "norway")."""
    out: dict[str, str] = {}
    for demonym, country in table.items():
        out[demonym] = country_stem(country)
        if not demonym.endswith(("s", "sh", "ch", "ese")):
            out[demonym + "s"] = country_stem(country)
    return out


#: nationality word (and plural) -> its country's stem, read by ``nlp.stem``
STEM_FORMS: dict[str, str] = stem_forms(load()) if DATA.exists() else {}
