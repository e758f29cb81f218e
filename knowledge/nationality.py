"""Nationality words and the countries they name (session 18, brief R2; issue 14).

Viewers ask with the adjective ("which japanese skater got bronze", "the norwegian guy", "which swiss skier")
where the base writes the country ("Kaori Sakamoto of Japan bronze"), and the other way round ("a Norwegian
biathlete" asked as "the athlete from Norway"). :func:`as_base` writes such a word of the question the way
the base writes it, where the base holds only the other form: a word of the question meets the evidence
through one table, before the question is read.

Source of the table: no installed package holds a demonym <-> country table (looked for in
``.venv/lib/python3.11/site-packages`` at session 18: no babel, pycountry, faker or langcodes; only lists of
language names, in charset_normalizer and whisper's tokenizer, which are languages, not countries). So it is
written here by hand, from the nations the sample base names (results, overview, athletes) and the nations
most often named in SQuAD's articles, with the usual English adjective and plural noun ("Swiss", "Dutch",
"Kiwi" left out: slang; Chile, England, Poland and Turkey left out: "chile", "english", "polish", "pole"
and "turkey" are ordinary words a viewer asks with). Pure functions; the base's vocabulary is passed in
(``in_base``)."""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge import nlp

#: country as a base writes it -> the nationality words that name it (adjective, person noun, plural)
COUNTRIES: dict[str, tuple[str, ...]] = {
    "Afghanistan": ("afghan", "afghans"),
    "Argentina": ("argentine", "argentinian", "argentinians", "argentines"),
    "Australia": ("australian", "australians"),
    "Austria": ("austrian", "austrians"),
    "Belarus": ("belarusian", "belarusians"),
    "Belgium": ("belgian", "belgians"),
    "Brazil": ("brazilian", "brazilians"),
    "Bulgaria": ("bulgarian", "bulgarians"),
    "Canada": ("canadian", "canadians"),
    "China": ("chinese",),
    "Croatia": ("croatian", "croatians", "croat", "croats"),
    "Cuba": ("cuban", "cubans"),
    "Czech Republic": ("czech", "czechs"),
    "Denmark": ("danish", "dane", "danes"),
    "Egypt": ("egyptian", "egyptians"),
    "Estonia": ("estonian", "estonians"),
    "Finland": ("finnish", "finn", "finns"),
    "France": ("french",),
    "Germany": ("german", "germans"),
    "Great Britain": ("british", "briton", "britons"),
    "Greece": ("greek", "greeks"),
    "Hungary": ("hungarian", "hungarians"),
    "Iceland": ("icelandic", "icelander", "icelanders"),
    "India": ("indian", "indians"),
    "Indonesia": ("indonesian", "indonesians"),
    "Iran": ("iranian", "iranians"),
    "Iraq": ("iraqi", "iraqis"),
    "Ireland": ("irish",),
    "Israel": ("israeli", "israelis"),
    "Italy": ("italian", "italians"),
    "Jamaica": ("jamaican", "jamaicans"),
    "Japan": ("japanese",),
    "Kazakhstan": ("kazakh", "kazakhs", "kazakhstani"),
    "Kenya": ("kenyan", "kenyans"),
    "Latvia": ("latvian", "latvians"),
    "Liechtenstein": ("liechtensteiner", "liechtensteiners"),
    "Lithuania": ("lithuanian", "lithuanians"),
    "Mexico": ("mexican", "mexicans"),
    "Mongolia": ("mongolian", "mongolians"),
    "Netherlands": ("dutch",),
    "New Zealand": ("new zealander", "new zealanders"),
    "Nigeria": ("nigerian", "nigerians"),
    "North Korea": ("north korean", "north koreans"),
    "Norway": ("norwegian", "norwegians"),
    "Pakistan": ("pakistani", "pakistanis"),
    "Portugal": ("portuguese",),
    "Romania": ("romanian", "romanians"),
    "Russia": ("russian", "russians"),
    "Scotland": ("scottish", "scot", "scots"),
    "Serbia": ("serbian", "serbians", "serb", "serbs"),
    "Slovakia": ("slovak", "slovaks", "slovakian"),
    "Slovenia": ("slovenian", "slovenians", "slovene", "slovenes"),
    "South Africa": ("south african", "south africans"),
    "South Korea": ("south korean", "south koreans", "korean", "koreans"),
    "Spain": ("spanish", "spaniard", "spaniards"),
    "Sweden": ("swedish", "swede", "swedes"),
    "Switzerland": ("swiss",),
    "Taiwan": ("taiwanese",),
    "Thailand": ("thai", "thais"),
    "Ukraine": ("ukrainian", "ukrainians"),
    "United States": ("american", "americans"),
    "Vietnam": ("vietnamese",),
    "Wales": ("welsh",),
}

#: nationality word (lower case, one or two words) -> the country it names
DEMONYMS: dict[str, str] = {d: country for country, names in COUNTRIES.items() for d in names}

_LONGEST_FIRST = sorted(
    {*DEMONYMS, *(c.lower() for c in COUNTRIES)}, key=lambda w: (-len(w.split()), -len(w))
)
_WORDS = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _LONGEST_FIRST) + r")\b", re.IGNORECASE)
_COUNTRY_BY_LOWER = {c.lower(): c for c in COUNTRIES}


def _held(phrase: str, in_base: Callable[[str], bool]) -> bool:
    """Whether the base holds every word of ``phrase`` (by stem, as ``LexicalIndex.vocab``)."""
    words = [w for w in nlp.tokenize(phrase) if w]
    return bool(words) and all(in_base(w) for w in words)


def counterpart(phrase: str, in_base: Callable[[str], bool]) -> str | None:
    """The other form of a nationality word or country name the base holds where it does not hold
    ``phrase`` itself: "japanese" -> "Japan" for a base that writes only "Japan"; "Norway" -> "norwegian"
    for one that writes only "Norwegian"; None where the base holds the phrase, holds neither, or the
    phrase is neither."""
    low = phrase.lower()
    if _held(low, in_base):
        return None
    if low in DEMONYMS:
        return DEMONYMS[low] if _held(DEMONYMS[low], in_base) else None
    named = _COUNTRY_BY_LOWER.get(low)
    if named is None:
        return None
    return next((d for d in COUNTRIES[named] if _held(d, in_base)), None)


def as_base(question: str, in_base: Callable[[str], bool]) -> str:
    """The question with each nationality word (or country name) the base does not hold written in the
    form the base holds (:func:`counterpart`): "which japanese skater got bronze" -> "which Japan skater got
    bronze" asked of the sample base. Everything else is kept as written."""

    def swap(m: re.Match[str]) -> str:
        other = counterpart(m.group(), in_base)
        return m.group() if other is None else other

    return _WORDS.sub(swap, question)
