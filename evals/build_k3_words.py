"""``python -m evals.build_k3_words OEWN_YAML_DIR``: write the word lists of session 27's brief K (issue 14;
declared in docs/perception.md before anything was measured), all from Open English WordNet (github
globalwordnet/english-wordnet ``src/yaml/``, commit d94538a, CC BY 4.0; the copy sessions 23-26 used):

- ``agent/dialogue/data/strike_verbs.txt`` (K3h): single-word verbs with a sense below 01402698-v "hit" (deal
  a blow to: punch, smack, whack).
- ``agent/dialogue/data/weapons.txt`` (K3h): single-word nouns with a sense below weapon 04572661-n or
  implement 03569147-n (bat, crowbar, knife, pan).
- ``agent/dialogue/data/person_senses.txt`` (K3h): single-word nouns with any sense in noun.person ("fan").
- ``agent/perception/data/common_identity_nouns.txt`` (K3g): the single-word members of the synsets that
  name people by sex (female / male person, woman, man, girl, boy), sexuality (homosexual, lesbian, bisexual,
  transsexual) or being from elsewhere (immigrant, migrant, refugee, foreigner).
- ``agent/perception/data/animal_nouns.txt`` (K3g): single-word nouns whose first sense is animal
  00015568-n or in noun.animal, or with a sense below vermin 01318471-n or parasite 01387328-n; marked ``*``
  where the word also has an adjective sense (read only in the plural then: "young" is no predicate noun).

Whole classes; no word chosen by hand, none from a failing line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from evals.oewn import NOTICE, WordNet

ROOT = Path(__file__).resolve().parents[1]
DIALOGUE = ROOT / "agent" / "dialogue" / "data"
PERCEPTION = ROOT / "agent" / "perception" / "data"
HIT_ROOT = "01402698-v"
WEAPON_ROOTS = ("04572661-n", "03569147-n")
IDENTITY_SYNSETS = (
    "09642198-n",  # female, female person
    "09647338-n",  # male, male person
    "10807146-n",  # woman, adult female
    "10306910-n",  # man, adult male
    "10104064-n",  # female child, girl
    "10305010-n",  # male child, boy
    "10202544-n",  # homosexual, homophile, homo, gay
    "10274662-n",  # lesbian, gay woman
    "09876413-n",  # bisexual
    "10745529-n",  # transsexual, transgendered
    "10745370-n",  # transsexual
    "10219108-n",  # immigrant
    "10334610-n",  # migrant
    "10535609-n",  # refugee
    "10123254-n",  # foreigner, alien, noncitizen, outlander
)
ANIMAL_ROOT = "00015568-n"
PEST_ROOTS = ("01318471-n", "01387328-n")  # vermin, parasite
_WORD = re.compile(r"[a-z]+")


def _single(words: set[str]) -> list[str]:
    return sorted(w for w in words if _WORD.fullmatch(w))


def strike_verbs(wn: WordNet) -> list[str]:
    return _single(wn.lemmas(wn.below(HIT_ROOT)))


def weapons(wn: WordNet) -> list[str]:
    return _single(wn.lemmas(wn.below(WEAPON_ROOTS)))


def person_senses(wn: WordNet) -> list[str]:
    return _single(wn.lemmas({s for s, f in wn.lexfile.items() if f == "noun.person"}))


def _first_sense(wn: WordNet, group: set[str]) -> set[str]:
    return {lemma for (lemma, p), senses in wn.senses.items() if p == "n" and senses and senses[0] in group}


def common_identity_nouns(wn: WordNet) -> list[str]:
    """The members of ``IDENTITY_SYNSETS`` themselves: below male person stands every male trade
    ("cameraman", "statesman"), no identity."""
    return _single({m.lower() for s in IDENTITY_SYNSETS for m in wn.members[s]})


def animal_nouns(wn: WordNet) -> list[str]:
    animals = wn.below(ANIMAL_ROOT) | {s for s, f in wn.lexfile.items() if f == "noun.animal"}
    words = _first_sense(wn, animals) | wn.lemmas(wn.below(PEST_ROOTS))
    return [f"{w}*" if wn.senses.get((w, "a")) else w for w in _single(words)]


def _write(path: Path, header: str, words: list[str]) -> None:
    path.write_text(header + "".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"{path.name}: {len(words)}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    wn = WordNet(Path(args[0]))
    built = "# built by python -m evals.build_k3_words (session 27, brief K; docs/perception.md).\n" + NOTICE
    hit = f"# Verbs with a sense below {HIT_ROOT} hit (deal a blow to);\n"
    _write(DIALOGUE / "strike_verbs.txt", hit + built, strike_verbs(wn))
    _write(DIALOGUE / "weapons.txt", "# Nouns with a sense below weapon or implement;\n" + built, weapons(wn))
    _write(
        DIALOGUE / "person_senses.txt", "# Nouns with any sense in noun.person;\n" + built, person_senses(wn)
    )
    _write(PERCEPTION / "common_identity_nouns.txt",
           "# Nouns whose first sense names people by sex, sexuality or being from elsewhere;\n" + built,
           common_identity_nouns(wn))  # fmt: skip
    animal = "# Nouns first of an animal, or of vermin or a parasite (* also an adjective: plural only);\n"
    _write(PERCEPTION / "animal_nouns.txt", animal + built, animal_nouns(wn))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
