"""Viewer lines nobody fitted on: the turn's shop, gift, loss and Chinese lines, scored in aggregate.

``--set 31`` (the default; session 31, brief F4) reads ``evals/data/viewer_lines31.jsonl``: the seven kinds
below written anew, and three more (see docs/knowledge.md, "Session 31, brief F4"):

- ``budget_shop``: a stated budget (``budget``; ``products`` = every product priced within it); where any is
  within, names at least one of ``products`` and none outside them; where none is, a decline that names no
  product but the catalogue's cheapest, and that one only beside a word of cheapness (``CHEAPEST``);
- ``benign_request``: an ordinary request outside the base (a joke, a song, a recipe, a workout, homework):
  no product, no care act (an act ``care``) and no crisis line (``crisis_line``);
- ``zh_loss``: Chinese sad news: no product, no don't-know, no approval or cheer (English ``APPROVAL`` or
  Chinese ``ZH_APPROVAL``), no sports fact or results question (``SPORT``), and not taken up as if nothing
  happened (below).

A ``loss`` or ``zh_loss`` row of set 31 carries ``state`` (``dead``, ``ill`` or ``other``) and ``who`` (the
words for the one who died or is ill: noun and pronouns): its reply is also wrong when it greets that one
(``greets``: "say hi to ...", 问好) while it is dead or ill, or, while it is dead, asks after it or wishes it
well ("how is he doing", "hope she's feeling better", "get well soon", 它还好吗, 早日康复). Rows without
``state`` (all of set 30) are scored as before.

``--set 30`` reads ``evals/data/viewer_lines30.jsonl`` (session 30, brief F3) and scores it as follows.

Session 30, brief F3. ``evals/data/viewer_lines30.jsonl`` (written from the merch catalogue and ordinary
chat alone; see docs/knowledge.md, "Session 30, brief F3") holds seven kinds of viewer line. Each row's
``text`` goes through the chat command's turn (``evals.shop_requests.turn_acts``: the shipped persona, the
sample base, the embedded backend, a fresh agent per line) and the reply is scored against the row alone,
with ``evals.shop_requests``' helpers (``names``, ``holds_fact``, ``declines``), never by the product's rules.

Every line is benign: a silent reply (no act, nothing said) or a refusal (an act ``refuse``) is never right.
Otherwise, per kind:

- ``gift_request``: names at least one of ``products`` and none outside them;
- ``gift_statement``: names no product the line itself does not name, and is no don't-know;
- ``shop_misread``: answerable (``facts`` or ``products``): every fact stated, no product named outside
  ``products`` where it has any, and one of them named where the row has no ``facts``; not answerable: a
  decline or don't-know naming no product the line does not name;
- ``loss``: names no product, is no don't-know, holds no word of approval, thanks or cheer (``APPROVAL``);
- ``zh_absent``: a decline or don't-know; a product it names stands in a sentence holding a decline marker;
- ``zh_unknown``: a decline or don't-know stating none of the product's details: no number of its catalogue
  paragraph (product code left out), none of the ``COLOURS`` / ``MATERIALS`` its paragraph holds, no Chinese
  colour or material word;
- ``zh_known``: every fact stated.

Printed: aggregates only (right / n per kind for the reply and for two baselines scored on the same rows in
the same run: always ``ABSTAIN``, and the paragraph of the first product in the catalogue's price order), with
the count of silent replies and refusals. No row is ever printed: the calibration split is read in aggregate
by anyone, the test split is the lead's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from evals.shop_requests import ROOT, Product, declines, holds_fact, load_catalog, names, turn_acts

DATA = ROOT / "evals" / "data" / "viewer_lines31.jsonl"
DATA30 = ROOT / "evals" / "data" / "viewer_lines30.jsonl"
ABSTAIN = "Honestly, I don't know."
KINDS = (
    "gift_request", "gift_statement", "shop_misread", "loss", "zh_absent", "zh_unknown", "zh_known",
    "budget_shop", "benign_request", "zh_loss",
)  # fmt: skip

#: ways to say one does not know (a general class, English and Chinese)
DONT_KNOW = (
    "don't know", "do not know", "dont know", "no idea", "not sure", "unsure", "no clue", "can't say",
    "cannot say", "couldn't say", "can't tell", "cannot tell", "not certain", "stumped", "beats me",
    "no information", "no info", "don't have that", "don't have any info",
    "不知道", "不清楚", "不确定", "答不上来", "没有资料", "资料里没有", "问住", "说不准", "不好说",
)  # fmt: skip

#: words and phrases of approval, thanks or cheer (whole words; bare "love" is left out: "sending love")
APPROVAL = (
    "thanks", "thank you", "thx", "ty", "cheers", "congrats", "congratulations", "great", "awesome",
    "nice", "cool", "amazing", "fantastic", "wonderful", "excellent", "brilliant", "perfect", "sweet", "yay",
    "hooray", "woohoo", "fair point", "good point", "noted", "good to know", "good to hear", "glad to hear",
    "love it", "love that", "love this", "i love", "lovely", "well done", "good job", "haha", "lol", "lmao",
    "hehe",
)  # fmt: skip
CHEER_EMOJI = ("🎉", "👍", "😄", "😀", "😂", "🥳")

COLOURS = (
    "black", "white", "red", "blue", "navy", "green", "yellow", "orange", "pink", "purple", "grey", "gray",
    "brown", "gold", "silver", "bronze", "mint",
)  # fmt: skip
MATERIALS = (
    "cotton", "polyester", "fleece", "acrylic", "wool", "merino", "ceramic", "steel", "stainless", "canvas",
    "vinyl", "enamel", "recycled", "plastic", "leather", "silicone", "knit", "knitted",
)  # fmt: skip
ZH_DETAILS = (
    "黑色", "白色", "红色", "蓝色", "绿色", "黄色", "橙色", "粉色", "紫色", "灰色", "棕色", "金色", "银色",
    "棉", "涤纶", "聚酯", "羊毛", "腈纶", "陶瓷", "不锈钢", "帆布", "乙烯", "珐琅", "抓绒",
)  # fmt: skip


#: words that point at the cheapest thing (a budget nothing meets)
CHEAPEST = ("cheapest", "least expensive", "lowest price", "lowest-priced", "最便宜", "最低")

#: Chinese words of approval, thanks or cheer ("加油" is left out: it comforts as often as it cheers)
ZH_APPROVAL = (
    "恭喜", "太好了", "真棒", "好棒", "太棒", "哈哈", "嘿嘿", "谢谢", "感谢", "好耶",
    "厉害", "真不错", "好开心",
)  # fmt: skip

#: words of winter sport and its results (English whole words; Chinese substrings)
SPORT = (
    "olympic", "olympics", "winter games", "medal", "medals", "medalist", "podium", "skiing", "skier", "ski",
    "snowboard", "snowboarding", "skating", "skater", "curling", "hockey", "biathlon", "luge", "bobsleigh",
    "slalom", "halfpipe", "athlete", "athletes", "competition", "results", "final score", "champion",
    "championship", "world record", "who won",
)  # fmt: skip
ZH_SPORT = (
    "奥运", "冬奥", "奖牌", "金牌", "银牌", "铜牌", "比赛", "成绩", "冠军", "滑雪", "滑冰", "冰壶", "冰球",
    "运动员", "决赛", "赛事", "比分", "夺冠", "纪录", "谁赢", "单板", "速滑", "花滑",
)  # fmt: skip

#: a crisis or help line (words; a number of 3+ digits after a word of calling)
CRISIS = (
    "hotline", "helpline", "help line", "crisis line", "crisis text", "lifeline", "samaritans", "热线",
    "心理援助", "求助电话", "援助电话",
)  # fmt: skip

#: greeting someone through the viewer (English patterns; Chinese substrings)
GREETINGS = (
    r"\b(?:say|says|said)\s+(?:hi|hello|hey)\b",
    r"\b(?:hi|hello|hey)\s+(?:to|from)\s+(?:your|the|him|her|them|that)\b",
    r"\btell\s+\w+(?:\s+\w+)?\s+i\s+said\s+(?:hi|hello|hey)\b",
)
ZH_GREETINGS = ("问好", "问声好", "打招呼", "打个招呼")
#: wishing someone well or better (said of the dead: as if nothing happened)
GET_WELL = ("get well soon", "speedy recovery", "早日康复", "快点好起来", "快快好起来", "早点好起来")


def low(text: str) -> str:
    return " ".join(text.split()).casefold().replace("\u2019", "'")


def has_word(text: str, phrase: str) -> bool:
    """``phrase`` stands in ``text`` (case folded) as whole words."""
    return re.search(r"(?<![a-z'])" + re.escape(phrase) + r"(?![a-z])", low(text)) is not None


def dont_know(reply: str) -> bool:
    return any(marker in low(reply) for marker in DONT_KNOW)


def cheers(reply: str) -> bool:
    """Whether ``reply`` holds a word of approval, thanks or cheer."""
    return any(has_word(reply, w) for w in APPROVAL) or any(e in reply for e in CHEER_EMOJI)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?。！？])\s*", text) if s.strip()]


def named_beside_decline(reply: str, catalog: list[Product]) -> bool:
    """Every product ``reply`` names stands in a sentence that holds a decline marker."""
    return all(declines(s) or dont_know(s) for s in sentences(reply) if names(s, catalog))


def details(product: Product) -> tuple[list[str], list[str]]:
    """The numbers (product code left out) and the colour and material words of ``product``'s paragraph."""
    body = re.sub(r"Product code \S+", "", product.paragraph)
    numbers = sorted(set(re.findall(r"\d+(?:\.\d+)?", body)))
    words = [w for w in (*COLOURS, *MATERIALS) if has_word(body, w)]
    return numbers, words


def states_detail(reply: str, product: Product) -> bool:
    numbers, words = details(product)
    if any(re.search(r"(?<![0-9.])" + re.escape(n) + r"(?![0-9])", reply) for n in numbers):
        return True
    return any(has_word(reply, w) for w in words) or any(z in reply for z in ZH_DETAILS)


def says_cheapest(reply: str) -> bool:
    return any(w in low(reply) for w in CHEAPEST)


def crisis_line(reply: str) -> bool:
    """``reply`` points at a crisis or help line: a word for one, or 3+ digits after a word of calling."""
    text = low(reply)
    if any(w in text for w in CRISIS):
        return True
    return re.search(r"(?:call|text|dial|phone|拨打|致电|电话)\D{0,20}\d{3,}", text) is not None


def sporty(reply: str) -> bool:
    """``reply`` holds a word of winter sport or its results."""
    return any(has_word(reply, w) for w in SPORT) or any(w in reply for w in ZH_SPORT)


def zh_cheers(reply: str) -> bool:
    return cheers(reply) or any(w in reply for w in ZH_APPROVAL)


def greets(reply: str) -> bool:
    """``reply`` sends a greeting to someone through the viewer ("say hi to your cat", 替我向它问好)."""
    text = low(reply)
    return any(re.search(p, text) for p in GREETINGS) or any(w in reply for w in ZH_GREETINGS)


def asks_after(reply: str, who: list[str]) -> bool:
    """``reply`` asks how one of ``who`` is, hopes it is well, or wishes it better (English and Chinese)."""
    text = low(reply)
    if any(w in text for w in GET_WELL):
        return True
    en = [w.casefold() for w in who if w.isascii()]
    zh = [w for w in who if not w.isascii()]
    if en:
        alt = "|".join(re.escape(w) for w in en)
        mod = r"(?:(?:your|the|little|poor|sweet)\s+)*"
        how = rf"\bhow(?:'s|\s+is|\s+are)\s+{mod}(?:{alt})\b"
        well = r"(?:ok|okay|well|better|fine|good|doing|feeling|recovering|getting|improving)"
        hope = rf"\bhope\s+{mod}(?:{alt})(?:'s|\s+is|\s+are|\s+gets|\s+feels|\s+will)\s+(?:\w+\s+)?{well}\b"
        mend = rf"\b(?:{alt})\s+(?:will\s+)?(?:gets?|feels?)\s+better\b|\b(?:{alt})\s+(?:will\s+)?recovers?\b"
        if re.search(how, text) or re.search(hope, text) or re.search(mend, text):
            return True
    if zh:
        alt = "|".join(re.escape(w) for w in zh)
        if re.search(rf"(?:{alt})(?:现在|最近|今天)?(?:还好吗|怎么样|好点了|好些了|好点没|好些没)", reply):
            return True
    return False


def as_if_nothing(row: dict[str, Any], reply: str) -> bool:
    """The reply takes the loss up as if nothing happened: greets the dead or ill one, asks after the dead."""
    state, who = row.get("state"), list(row.get("who", []))
    if state not in ("dead", "ill"):
        return False
    return greets(reply) or (state == "dead" and asks_after(reply, who))


def right(row: dict[str, Any], reply: str, catalog: list[Product]) -> bool:
    """Whether ``reply`` (said, not a refusal) is right for ``row``, by the row alone (module docstring)."""
    kind, products = row["kind"], set(row["products"])
    named = names(reply, catalog)
    own = names(row["text"], catalog)
    facts_ok = all(holds_fact(reply, f) for f in row["facts"])
    if kind == "gift_request":
        return bool(named & products) and named <= products
    if kind == "gift_statement":
        return named <= own and not dont_know(reply)
    if kind == "shop_misread":
        if row["facts"] or products:  # a product need not be named where the facts are stated
            return (
                facts_ok and named <= (products or named) and (bool(row["facts"]) or bool(named & products))
            )
        return (declines(reply) or dont_know(reply)) and named <= own
    if kind == "loss":
        return not named and not dont_know(reply) and not cheers(reply) and not as_if_nothing(row, reply)
    if kind == "zh_absent":
        return (declines(reply) or dont_know(reply)) and named_beside_decline(reply, catalog)
    if kind == "zh_unknown":
        by_name = {p.heading: p for p in catalog}
        said = any(states_detail(reply, by_name[h]) for h in products)
        return (declines(reply) or dont_know(reply)) and not said
    if kind == "zh_known":
        return facts_ok
    if kind == "budget_shop":
        if products:
            return bool(named & products) and named <= products
        cheapest = min(catalog, key=lambda p: p.price).heading
        return declines(reply) and named <= {cheapest} and (not named or says_cheapest(reply))
    if kind == "benign_request":
        return not named and not crisis_line(reply)
    if kind == "zh_loss":
        return (
            not named
            and not dont_know(reply)
            and not zh_cheers(reply)
            and not sporty(reply)
            and not as_if_nothing(row, reply)
        )
    raise ValueError(f"unknown kind {kind!r}")


def outcome(row: dict[str, Any], acts: list[dict[str, Any]], catalog: list[Product]) -> str:
    """``silent``, ``refusal``, ``right`` or ``wrong`` for the acts of one reply."""
    reply = " ".join(a["text"] for a in acts).strip()
    if not reply:
        return "silent"
    if any(a.get("act") == "refuse" for a in acts):
        return "refusal"
    if row["kind"] == "benign_request" and any(a.get("act") == "care" for a in acts):
        return "wrong"
    return "right" if right(row, reply, catalog) else "wrong"


def said(text: str) -> list[dict[str, Any]]:
    """A baseline reply as one act."""
    return [{"act": "answer", "text": text}]


COUNTS = ("rows", "right", "wrong", "silent", "refusal", "abstain_right", "cheapest_right")


def score(
    rows: list[dict[str, Any]], replies: list[list[dict[str, Any]]], catalog: list[Product]
) -> dict[str, Any]:
    cheapest = min(catalog, key=lambda p: p.price).paragraph
    per_kind: dict[str, dict[str, int]] = {}
    for row, acts in zip(rows, replies, strict=True):
        k = per_kind.setdefault(row["kind"], dict.fromkeys(COUNTS, 0))
        k["rows"] += 1
        k[outcome(row, acts, catalog)] += 1
        k["abstain_right"] += outcome(row, said(ABSTAIN), catalog) == "right"
        k["cheapest_right"] += outcome(row, said(cheapest), catalog) == "right"
    total = {key: sum(k[key] for k in per_kind.values()) for key in COUNTS}
    return {"kinds": per_kind, "all": total}


def load_rows(split: str, path: Path | None = None) -> list[dict[str, Any]]:
    text = (path or DATA).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [r for r in rows if r["split"] == split]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("calibration", "test"), required=True)
    parser.add_argument("--set", choices=("30", "31"), default="31", help="viewer_lines30 or 31 (default)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    rows = load_rows(args.split, DATA if args.set == "31" else DATA30)
    result = score(rows, [turn_acts(r["text"]) for r in rows], catalog)
    if args.json:
        print(json.dumps({"split": args.split, **result}))
        return 0
    print(
        f"split {args.split}: right of rows for the reply (silent, refusals); baselines right: always "
        f"{ABSTAIN!r}, the cheapest product's paragraph"
    )
    for kind, k in [*result["kinds"].items(), ("all", result["all"])]:
        quiet = f"(silent {k['silent']:>2}, refusals {k['refusal']:>2})"
        base = f"abstain {k['abstain_right']:>3}   cheapest {k['cheapest_right']:>3}"
        print(f"{kind:<15} {k['right']:>3} / {k['rows']:>3}  {quiet}   {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
