"""Build ``agent/dialogue/data/sorrow.txt``: the words a viewer states their own sorrow, fear or a death with
(agent.dialogue.sorrow; session 27, brief H, S1; docs/safety.md).

    python -m evals.build_sorrow_words PATH/TO/english-wordnet/src/yaml

Open English WordNet (github globalwordnet/english-wordnet src/yaml, d94538a), CC BY 4.0. Lines ``KIND POS
WORD`` (KIND sad, fear or death; POS a, n or v):

- adjectives with one of their first two senses in the cluster (the head and its similar satellites) of
  sad 01364779-a, sorrowful 01366924-a, unhappy 01152997-a or dejected 00706554-a (``sad``), afraid
  00078253-a or troubled 02464331-a (``fear``);
- nouns whose first noun sense is a feeling below sadness, unhappiness 07547828-n (less sorrow, regret
  07551058-n: sadness for a wrong done, not a loss) or despair 07557311-n (``sad``), below fear 07534492-n or
  anxiety 07539144-n (``fear``);
- verbs whose first verb sense is in verb.emotion, is derived from such a noun (worry -> worry, grieve ->
  grief) and takes no person as its object in any frame (the one who feels is the subject: "i worry", not
  "it scares me");
- ``death``: one- and two-word verbs whose first verb sense is die 00359085-v ("pass from physical life");
  nouns whose first noun sense is death 07370091-n ("the event of dying") or funeral 07466063-n.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from evals.build_intent_words import DATA
from evals.oewn import NOTICE, WordNet, entries, lexfile

ADJ_HEADS = {
    "sad": ("01364779-a", "01366924-a", "01152997-a", "00706554-a"),
    "fear": ("00078253-a", "02464331-a"),
}
NOUN_ROOTS = {"sad": ("07547828-n", "07557311-n"), "fear": ("07534492-n", "07539144-n")}
NOT_SAD = "07551058-n"
DIE = "00359085-v"
DEATH_NOUNS = ("07370091-n", "07466063-n")


def sorrow_words(wn: WordNet, oewn: Path) -> list[str]:
    """``"KIND POS WORD"`` lines (a word of two kinds keeps the first of death, sad, fear)."""
    adjectives = lexfile(oewn, "adj.all")
    sense_synset: dict[str, str] = {}
    derived: dict[str, set[str]] = defaultdict(set)
    frames: dict[str, set[str]] = defaultdict(set)
    for lemmas in entries(oewn):
        for poses in lemmas.values():
            for entry in poses.values():
                for sense in entry.get("sense", ()):
                    sense_synset[sense["id"]] = sense["synset"]
                    derived[sense["synset"]] |= set(sense.get("derivation", ()))
                    frames[sense["synset"]] |= set(sense.get("subcat", ()))
    out: dict[tuple[str, str], str] = {}
    for (lemma, pos), senses in sorted(wn.senses.items()):
        if pos == "v" and senses and senses[0] == DIE and all(p.isalpha() for p in lemma.split(" ")):
            out[(lemma, "v")] = "death"
        if pos == "n" and senses and senses[0] in DEATH_NOUNS and lemma.isalpha():
            out[(lemma, "n")] = "death"
    for kind in ("sad", "fear"):
        nouns = wn.below(NOUN_ROOTS[kind]) - wn.below(NOT_SAD)
        heads = set(ADJ_HEADS[kind])
        cluster = heads | {sid for sid, syn in adjectives.items() if set(syn.get("similar", ())) & heads}
        for (lemma, pos), senses in sorted(wn.senses.items()):
            if not senses or not lemma.isalpha() or (lemma, pos) in out:
                continue
            first = senses[0]
            if pos == "a" and set(senses[:2]) & cluster:
                out[(lemma, "a")] = kind
            elif pos == "n" and first in nouns:
                out[(lemma, "n")] = kind
            elif (
                pos == "v"
                and wn.lexfile.get(first) == "verb.emotion"
                and {sense_synset.get(k) for k in derived[first]} & nouns
                and not any(f.startswith("vt") and f.endswith("a") for f in frames[first])
            ):
                out[(lemma, "v")] = kind
    return sorted(f"{kind} {pos} {lemma}" for (lemma, pos), kind in out.items())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    oewn = Path(args[0])
    words = sorrow_words(WordNet(oewn), oewn)
    (DATA / "sorrow.txt").write_text(
        "# A viewer's own sorrow, fear or a death (agent.dialogue.sorrow, session 27, brief H, S1):\n"
        "# KIND POS WORD; built by python -m evals.build_sorrow_words.\n"
        + NOTICE
        + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    print(f"sorrow words: {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
