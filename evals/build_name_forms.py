"""``python -m evals.build_name_forms BUILD countries.json [OUT]``: write ``knowledge/name_forms.txt`` (the
nationality words ``nlp.stem`` reads as their country; ``knowledge.name_forms``) from the public data set
mledoze/countries' ``countries.json`` (or ``OUT``, to compare a new build with the shipped table).

The builder's own entry (session 20, brief C): run as ``python -m knowledge.name_forms`` it was a module the
``knowledge`` package had imported already (``nlp`` reads it), which runpy warns about. A change to the table
changes ``nlp.tokens_version()``, so saved bases are re-tokenised when next opened (``knowledge.store``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from knowledge import name_forms


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3) or argv[0] != "BUILD":
        print("usage: python -m evals.build_name_forms BUILD path/to/countries.json [OUT]", file=sys.stderr)
        return 2
    table = name_forms.forms(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
    out = Path(argv[2]) if len(argv) == 3 else name_forms.DATA
    out.write_text("".join(f"{d}\t{c}\n" for d, c in table.items()), encoding="utf-8")
    print(f"{len(table)} nationality words -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
