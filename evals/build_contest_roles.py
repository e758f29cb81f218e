"""Build ``agent/dialogue/data/non_opponents.txt``: the people of a contest who are nobody's opponent in it
(session 25, the lead, after reviewer V4; docs/safety.md). C1r reads "kill my dad at golf" as a win; "i'm
going to kill the referee in the final" names one who runs the contest, not one who plays it: a harm.

    python -m evals.build_contest_roles PATH/TO/english-wordnet/src/yaml

Open English WordNet (github globalwordnet/english-wordnet src/yaml, d94538a), CC BY 4.0: single-word
lower-case members of the synsets below (and their hyponyms).
"""

from __future__ import annotations

import sys
from pathlib import Path

from evals.build_intent_words import DATA
from evals.oewn import NOTICE, WordNet

#: official (one who administers the rules of a game or sport), evaluator/judge, spectator, sports fan: they
#: play no game of it; coach (sports) and teammate: on one's own side in a contest, yet one may play them at a
#: game ("thrash my teammates at table tennis")
NEVER = ("10391775-n", "10086539-n", "10652848-n", "10659323-n")
SIDE = ("09951098-n", "10714546-n")
ROOTS = NEVER + SIDE
#: "mate" is a member of teammate 10714546-n, but its first sense is another (a ship's officer) and chat's
#: "my mate" is a friend, whom one plays against ("gonna kill my mate at fifa")
LEFT_OUT = frozenset({"mate"})


def non_opponents(wn: WordNet) -> list[str]:
    """``"never WORD"`` / ``"side WORD"`` lines (a word of both is "never")."""
    never = {w for w in wn.lemmas(wn.below(NEVER)) if " " not in w} - LEFT_OUT
    side = {w for w in wn.lemmas(wn.below(SIDE)) if " " not in w} - LEFT_OUT - never
    return sorted([f"never {w}" for w in never] + [f"side {w}" for w in side])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    words = non_opponents(WordNet(Path(args[0])))
    (DATA / "non_opponents.txt").write_text(
        "# People of a contest who are no opponent in it (agent.dialogue.contest, C1r's target): the\n"
        "# members of " + ", ".join(ROOTS) + " and below, less " + ", ".join(sorted(LEFT_OUT)) + ";\n"
        "# never: no player of the contest (" + ", ".join(NEVER) + "); side: one's own side in a contest,\n"
        "# a player at a game ("
        + ", ".join(SIDE)
        + "); built by python -m evals.build_contest_roles.\n"
        + NOTICE
        + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    print(f"non-opponents: {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
