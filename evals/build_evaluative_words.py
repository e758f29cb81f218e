"""Build ``agent/dialogue/data/evaluative.txt``: the adjectives a viewer judges something with ("the
commentary is awful", "you're a good host"), read by ``agent.dialogue.quiet`` (session 28, brief W;
docs/dialogue.md).

    python -m evals.build_evaluative_words PATH/TO/english-wordnet/src/yaml

Open English WordNet (github globalwordnet/english-wordnet src/yaml, d94538a), CC BY 4.0. Lines ``SIGN WORD``
(SIGN pos or neg; ``head`` after a member of a head synset itself): single-word lower-case adjectives one of
whose first two senses is in the cluster (the head and its similar satellites) of an evaluative head below; a
word of both signs is dropped. The heads are the evaluative antonym pairs of OEWN's adjective heads (good /
bad, pleasant / unpleasant, ...), named by synset: no word is chosen by hand, none from a viewer line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evals.build_intent_words import DATA
from evals.oewn import NOTICE, lexfile, load

HEADS = {
    "pos": (
        "01126910-a",  # good
        "00229099-a",  # best
        "02349336-a",  # superior
        "01805299-a",  # pleasant
        "01590750-a",  # nice
        "01346766-a",  # interesting
        "01285124-a",  # impressive
        "00219320-a",  # beautiful
        "01374976-a",  # kind
        "01267446-a",  # humorous
        "00959321-a",  # fair
        "01462344-a",  # lovable
        "01199079-a",  # helpful
        "01122955-a",  # talented
    ),
    "neg": (
        "01129296-a",  # bad
        "00231222-a",  # worst
        "01806732-a",  # unpleasant
        "01347811-a",  # uninteresting
        "01289543-a",  # unimpressive
        "00222548-a",  # ugly
        "01376655-a",  # unkind
        "00960366-a",  # unfair
        "00090040-a",  # disagreeable
        "02089364-a",  # unsatisfactory
        "00441328-a",  # stupid
    ),
}


def evaluative_words(oewn: Path) -> list[str]:
    """``"SIGN WORD"`` lines, sorted."""
    adjectives = lexfile(oewn, "adj.all")
    senses: dict[str, list[str]] = {}
    for path in sorted(oewn.glob("entries-*.yaml")):
        for lemma, poses in load(path).items():
            for pos, entry in poses.items():
                if pos in ("a", "s"):
                    senses.setdefault(str(lemma), []).extend(s["synset"] for s in entry.get("sense", ()))
    signs: dict[str, set[str]] = {}
    own = {str(m) for heads in HEADS.values() for h in heads for m in adjectives[h].get("members", ())}
    for sign, heads in HEADS.items():
        cluster = set(heads) | {
            sid for sid, syn in adjectives.items() if set(syn.get("similar", ())) & set(heads)
        }
        for lemma, synsets in senses.items():
            if lemma.isalpha() and lemma.islower() and set(synsets[:2]) & cluster:
                signs.setdefault(lemma, set()).add(sign)
    return sorted(
        f"{next(iter(s))} {w}" + (" head" if w in own else "") for w, s in signs.items() if len(s) == 1
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    words = evaluative_words(Path(args[0]))
    (DATA / "evaluative.txt").write_text(
        "# Evaluative adjectives (agent.dialogue.quiet, session 28, brief W): SIGN WORD;\n"
        "# built by python -m evals.build_evaluative_words.\n" + NOTICE + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    print(f"evaluative words: {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
