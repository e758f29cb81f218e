"""``python -m evals.build_k6_words OEWN_YAML_DIR``: write ``agent/dialogue/data/harm_asks.txt``, the word
classes of session 28's brief K, K6 (issue 14; declared in docs/safety.md before anything was measured), all
from Open English WordNet (github globalwordnet/english-wordnet ``src/yaml/``, commit d94538a, CC BY 4.0; the
copy sessions 23-27 used). One line per form: ``KIND WORDS``.

- ``abuse`` (R1): verb lemmas of one to three words whose **first** verb sense is one of insult / diss
  00850100-v, ridicule 00853615-v, curse / cuss 00867051-v, defame / slander 00848188-v, harass 01793315-v or
  bully 01785339-v (abusing people in words: "insult", "make fun of", "swear", "slander", "harass"); the
  first-sense rule keeps "roast" (first: cook) and "rib" out. The synsets' own members, not their hyponyms
  (amended before measuring: below harass and ridicule stand "tease", "bug", "debunk", "unmask", "purge").
  Each with its first word's -s / -ed / -ing forms.
- ``speak`` (R3): verb lemmas whose first sense is talk / speak 00944022-v or 00964479-v, with their forms.
- ``horror`` (R4): adjectives whose first sense is 00197276-s, "shockingly repellent; inspiring horror"
  (grisly, gruesome, macabre; the first-sense rule keeps "sick" and "grim" out).

Whole classes; no word chosen by hand, none from a do-not-answer line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from agent.dialogue.intent import verb_forms
from evals.oewn import NOTICE, WordNet

OUT = Path(__file__).resolve().parents[1] / "agent" / "dialogue" / "data" / "harm_asks.txt"
ABUSE_ROOTS = ("00850100-v", "00853615-v", "00867051-v", "00848188-v", "01793315-v", "01785339-v")
SPEAK_SYNSETS = frozenset({"00944022-v", "00964479-v"})
HORROR_SYNSET = "00197276-s"
_LEMMA = re.compile(r"[a-z]+(?: [a-z]+){0,2}")


def forms(verb: str) -> set[str]:
    """A verb's -s / -ed / -ing forms, as ``agent.dialogue.intent`` inflects its verbs (the first word of a
    lemma of several: "making fun of")."""
    head, _, rest = verb.partition(" ")
    return {f"{f} {rest}".strip() for f in verb_forms(head)}


def first_sense(wn: WordNet, pos: str, synsets: set[str] | frozenset[str]) -> list[str]:
    return sorted(
        lemma for (lemma, p), senses in wn.senses.items()
        if p == pos and senses and senses[0] in synsets and _LEMMA.fullmatch(lemma)
    )  # fmt: skip


def build(wn: WordNet) -> list[tuple[str, str]]:
    rows: set[tuple[str, str]] = set()
    for lemma in first_sense(wn, "v", frozenset(ABUSE_ROOTS)):
        rows |= {("abuse", f) for f in forms(lemma)}
    for lemma in first_sense(wn, "v", SPEAK_SYNSETS):
        rows |= {("speak", f) for f in forms(lemma)}
    rows |= {("horror", w) for w in first_sense(wn, "a", {HORROR_SYNSET})}
    return sorted(rows)


def main(argv: list[str]) -> None:
    wn = WordNet(Path(argv[0]))
    rows = build(wn)
    OUT.write_text(
        "# Session 28, brief K, K6 (agent.dialogue.harm_request): KIND WORDS; built by python -m "
        "evals.build_k6_words.\n" + NOTICE + "".join(f"{k} {w}\n" for k, w in rows),
        encoding="utf-8",
    )
    print(OUT, len(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
