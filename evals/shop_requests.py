"""Shop requests nobody fitted on: Chinese shop lines and English gift requests, through the chat turn.

Session 29, brief F2. ``evals/data/shop_requests.jsonl`` (written from the merch catalogue alone; see
docs/knowledge.md, "Session 29, brief F2") holds five kinds of viewer line. Each row's ``text`` goes through
the turn ``persona chat --batch`` runs (``connectors.commands.dialogue._chat_async``: the shipped persona, the
sample base, the embedded backend), one call per row so that no row hears another's history, and the reply
**text** is scored against the row alone, never by the product's rules (the product names come from the
catalogue's ``## `` headings, read here):

- ``zh_product`` / ``zh_policy``: right when the reply holds every ``facts`` string (case and spaces folded; a
  number in a fact is never matched inside a longer number: "$6" is not found in "$60"), and for
  ``zh_product`` also names the product (``names``);
- ``zh_absent``: right when the reply names no product of the row (its ``products`` are empty) and says it
  does not know or the shop does not carry it (a ``DECLINE`` marker, English or Chinese);
- ``gift``: right when it names at least one product of ``products`` and none outside them;
- ``gift_absent``: right when it names no product as fitting: it names none, or only the catalogue's cheapest
  item (a pointer: "the cheapest thing is ..."), or what it names stands beside a ``DECLINE`` marker ("sorry,
  nothing that cheap; the ... is $6").

A product is named when the reply holds its heading, its last word as a whole word ("Hoodie", "Mug"; the last
two words where the last is a general noun such as "Set" or "Case"), or, for a heading of four or more words,
all but its last word ("Pip the Penguin"). A turn that says nothing is "no reply" (not right).

The baselines beside it, computed in the same run, are trivial replies: the catalogue's first product
paragraph (it names the first product and states its facts) for every line, and always-abstain (``ABSTAIN``,
which the ``*_absent`` kinds count right). ``--rows`` prints per-row outcomes for the
calibration split only; the test split is the lead's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "evals" / "data" / "shop_requests.jsonl"
CATALOG = ROOT / "knowledge" / "sample" / "merch" / "catalog.md"
ABSTAIN = "I don't know."
KINDS = ("zh_product", "zh_absent", "zh_policy", "gift", "gift_absent")

#: last words too general to name a product alone ("in that case", "a set of"): the last two words name it
GENERAL_NOUNS = frozenset({"set", "pack", "bag", "case"})

#: a don't-know, a "we don't carry" or a limit, as a reply says it in English or Chinese
DECLINE = (
    "don't", "do not", "doesn't", "does not", "not ", "n't ", "sorry", "unfortunately", "cheapest", "lowest",
    "over your", "above your", "beyond", "cannot", "only comes", "only in", "no ",
    "没有", "不知道", "不清楚", "没得", "不卖", "暂无", "抱歉", "不好意思", "只有", "不支持", "不提供",
)  # fmt: skip


@dataclass(frozen=True)
class Product:
    heading: str
    price: float
    paragraph: str

    def aliases(self) -> list[str]:
        words = self.heading.split()
        tail = words[-2:] if words[-1].lower() in GENERAL_NOUNS else words[-1:]
        out = [self.heading, " ".join(tail)]
        if len(words) >= 4:
            out.append(" ".join(words[:-1]))
        return out


def load_catalog(path: Path = CATALOG) -> list[Product]:
    """The catalogue's products in order: each ``## `` section that states a price and a product code."""
    products = []
    for section in path.read_text(encoding="utf-8").split("\n## ")[1:]:
        heading, _, body = section.partition("\n")
        body = " ".join(body.split())
        price = re.search(r"\$(\d+(?:\.\d+)?)", body)
        if price and "Product code" in body:
            products.append(Product(heading.strip(), float(price.group(1)), body))
    return products


def fold(text: str) -> str:
    """Case and spaces folded (spaces dropped, so "350ml" holds "350 ml")."""
    return re.sub(r"\s+", "", text).casefold()


def holds_fact(reply: str, fact: str) -> bool:
    """``fact`` stands in ``reply`` (folded), and a number at either end of it is not part of a longer one."""
    r, f = fold(reply), fold(fact)
    pattern = ("(?<![0-9.])" if f[:1].isdigit() else "") + re.escape(f)
    pattern += "(?![0-9])" if f[-1:].isdigit() else ""
    return re.search(pattern, r) is not None


def names(reply: str, catalog: list[Product]) -> set[str]:
    """The product headings ``reply`` names (heading, distinctive last word(s), or a long heading's front)."""
    low = " ".join(reply.split()).casefold()
    found = set()
    for p in catalog:
        for alias in p.aliases():
            if re.search(r"(?<![a-z])" + re.escape(alias.casefold()) + r"(?![a-z])", low):
                found.add(p.heading)
                break
    return found


#: phrases that hold a marker and decline nothing
NOT_DECLINES = ("no problem", "no worries", "没问题")


def declines(reply: str) -> bool:
    low = " ".join(reply.split()).casefold().replace("\u2019", "'")
    for phrase in NOT_DECLINES:
        low = low.replace(phrase, " ")
    return any(marker in low for marker in DECLINE)


def right(row: dict[str, Any], reply: str, catalog: list[Product]) -> bool:
    """Whether ``reply`` (non-empty) is right for ``row``, by the row alone (module docstring)."""
    kind, products = row["kind"], set(row["products"])
    named = names(reply, catalog)
    facts_ok = all(holds_fact(reply, f) for f in row["facts"])
    if kind == "zh_product":
        return facts_ok and bool(named & products)
    if kind == "zh_policy":
        return facts_ok
    if kind == "zh_absent":
        return not (named & products) and declines(reply)
    if kind == "gift":
        return bool(named & products) and named <= products
    if kind == "gift_absent":
        cheapest = min(catalog, key=lambda p: p.price).heading
        return not named or named <= {cheapest} or declines(reply)
    raise ValueError(f"unknown kind {kind!r}")


def outcome(row: dict[str, Any], reply: str | None, catalog: list[Product]) -> str:
    if reply is None or not reply.strip():
        return "no_reply"
    return "right" if right(row, reply, catalog) else "wrong"


def load_rows(split: str, kinds: tuple[str, ...] = KINDS, path: Path = DATA) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["split"] == split and r["kind"] in kinds]


def turn_reply(text: str) -> str | None:
    """What the chat command says to ``text`` as a batch of one line (None: it stays quiet)."""
    return " ".join(a["text"] for a in turn_acts(text)) or None


def turn_acts(text: str) -> list[dict[str, Any]]:
    """The acts of the chat command's reply to ``text`` as a batch of one line ([] if it stays quiet)."""
    from connectors.commands.dialogue import _chat_async

    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "line.txt"
        batch.write_text(text + "\n", encoding="utf-8")
        args = argparse.Namespace(
            persona=None, backend="embedded", base_url=None, model=None, kb="sample",
            batch=batch, json=True, name="", memory=None,
        )  # fmt: skip
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            asyncio.run(_chat_async(args))
    lines = [json.loads(line) for line in out.getvalue().splitlines() if line.startswith("{")]
    return list(lines[-1]["acts"]) if lines else []


COUNTS = ("rows", "right", "wrong", "no_reply", "baseline_right", "abstain_right")


def score(rows: list[dict[str, Any]], replies: list[str | None], catalog: list[Product]) -> dict[str, Any]:
    baseline = catalog[0].paragraph
    per_kind: dict[str, dict[str, int]] = {}
    out_rows = []
    for row, reply in zip(rows, replies, strict=True):
        got = outcome(row, reply, catalog)
        k = per_kind.setdefault(row["kind"], dict.fromkeys(COUNTS, 0))
        k["rows"] += 1
        k[got] += 1
        k["baseline_right"] += outcome(row, baseline, catalog) == "right"
        k["abstain_right"] += outcome(row, ABSTAIN, catalog) == "right"
        out_rows.append({"id": row["id"], "kind": row["kind"], "outcome": got, "reply": reply})
    total = {key: sum(k[key] for k in per_kind.values()) for key in COUNTS}
    return {"kinds": per_kind, "all": total, "rows": out_rows}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("calibration", "test"), required=True)
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds (default: all)")
    parser.add_argument("--rows", action="store_true", help="per-row outcomes (calibration split only)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    if unknown := set(kinds) - set(KINDS):
        print(f"shop_requests: unknown kind(s) {sorted(unknown)}", file=sys.stderr)
        return 2
    if args.rows and args.split != "calibration":
        print("shop_requests: --rows is for the calibration split only", file=sys.stderr)
        return 2
    catalog = load_catalog()
    rows = load_rows(args.split, kinds)
    result = score(rows, [turn_reply(r["text"]) for r in rows], catalog)
    if args.rows:
        for r in result["rows"]:
            print(json.dumps(r, ensure_ascii=False))
    if args.json:
        print(json.dumps({"split": args.split, "kinds": result["kinds"], "all": result["all"]}))
        return 0
    print(
        f"split {args.split}: right / wrong / no reply of rows; baselines right: the first product's "
        "paragraph for every line, always-abstain"
    )
    for kind, k in [*result["kinds"].items(), ("all", result["all"])]:
        print(
            f"{kind:<12} {k['right']:>3} / {k['wrong']:>3} / {k['no_reply']:>3} of {k['rows']:>3}"
            f"   first product {k['baseline_right']:>3}   abstain {k['abstain_right']:>3}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
