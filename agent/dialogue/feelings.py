"""A viewer's own stated feeling ("i'm so nervous for my exam tomorrow"), read from the words, and the short
line that answers it before the host's usual question (session 24, brief D2, E1; docs/dialogue.md).

Pure: text in, a feeling group or a line out. Perception's emotion label does not carry these feelings (a
tired line reads joy, an anxious one neutral), so the words decide: a first-person subject, intensifiers only,
then an adjective of the English feeling-adjective class grouped by feeling. Words of illness or self-harm are
in no group: those lines are the care path's (``safety.care``), which runs first.
"""

from __future__ import annotations

import re

#: the feeling-adjective class, grouped by the answer each feeling wants
GROUPS: dict[str, tuple[str, ...]] = {
    "nervous": (
        "nervous",
        "anxious",
        "scared",
        "worried",
        "stressed",
        "afraid",
        "jittery",
        "tense",
        "terrified",
    ),
    "tired": ("tired", "exhausted", "sleepy", "drained", "worn out", "knackered", "beat"),
    "sad": ("sad", "down", "upset", "bummed", "gutted", "disappointed", "heartbroken", "unhappy"),
    "excited": ("excited", "hyped", "pumped", "stoked", "thrilled", "psyched", "eager"),
    "happy": ("happy", "glad", "delighted", "cheerful", "joyful", "overjoyed"),
    "bored": ("bored",),
}
ZH_GROUPS: dict[str, tuple[str, ...]] = {
    "nervous": ("紧张", "焦虑", "害怕", "担心", "压力大"),
    "tired": ("累", "困", "疲惫", "疲倦"),
    "sad": ("难过", "伤心", "失落", "郁闷"),
    "excited": ("激动", "兴奋"),
    "happy": ("开心", "高兴", "快乐"),
    "bored": ("无聊",),
}

_WORD = {w: g for g, ws in GROUPS.items() for w in ws}
_SUBJECT = (
    r"(?:\bi\s*'?\s*m|\bi\s+am|\bi\s+feel|\bi\s+felt|\bi\s*'?\s*ve\s+been|\bi\s+been|\bi\s+was|"
    r"^\s*feeling|^\s*so|^\s*really)"
)
_ALTS = "|".join(sorted(map(re.escape, _WORD), key=len, reverse=True))
_INTENSIFIER = (
    r"(?:so+|really|very|super|kinda|kind\s+of|sorta|a\s+bit|a\s+little|pretty|quite|extremely|totally|"
    r"feeling|feelin|getting|gettin|been|just|soo+|rly|hella|lowkey|honestly|too|also|still|now)"
)
_EN = re.compile(
    rf"{_SUBJECT}\s+(?:{_INTENSIFIER}\s+)*(?P<w>{_ALTS})"
    r"\b(?!\s+of\b)",
    re.I,
)
_ZH_WORD = {w: g for g, ws in ZH_GROUPS.items() for w in ws}
_ZH = re.compile(
    rf"我(?:今天|现在|最近|真的|好|很|太|有点|有些|非常|超|特别|挺|都|也|还是?)*(?P<w>{'|'.join(_ZH_WORD)})"
)

#: (casual templates, formal template) per group and language; {n} is the viewer's name
LINES: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "en": {
        "nervous": (
            ("Good luck, {n}, you've got this!", "You'll do great, {n}, deep breaths!"),
            "I wish you the very best of luck, {n}.",
        ),
        "tired": (
            ("Take it easy, {n}, and get some rest!", "Rest up when you can, {n}!"),
            "I hope you get some rest soon, {n}.",
        ),
        "sad": (
            ("Sorry to hear that, {n}, hope things look up soon.", "Aw, {n}, sending you good vibes."),
            "I'm sorry to hear that, {n}. I hope things get better soon.",
        ),
        "excited": (("Love the energy, {n}!", "Same here, {n}, let's go!"), "That's wonderful to hear, {n}."),
        "happy": (("That's great to hear, {n}!", "Love that, {n}!"), "I'm very glad to hear that, {n}."),
        "bored": (
            ("Let's fix that, {n}!", "Stick around, {n}, it'll pick up!"),
            "Let us see if we can change that, {n}.",
        ),
    },
    "zh": {
        "nervous": (("加油，{n}，你一定可以的！",), "祝{n}一切顺利。"),
        "tired": (("{n}辛苦了，记得好好休息！",), "{n}辛苦了，请注意休息。"),
        "sad": (("抱抱{n}，希望接下来会好起来。",), "{n}，希望一切很快好起来。"),
        "excited": (("{n}好激动，我也很期待！",), "很高兴听到这个，{n}。"),
        "happy": (("真为{n}高兴！",), "真为{n}感到高兴。"),
        "bored": (("{n}无聊了？那我们来点有意思的！",), "{n}，我们来点有意思的吧。"),
    },
}


def stated_feeling(text: str, lang: str = "en") -> str | None:
    """The feeling group of the viewer's own stated feeling in ``text``, else None ("the skater looked
    nervous", "i'm not tired", "i'm tired of this" and questions: None)."""
    if "?" in text or "？" in text:
        return None
    if lang == "zh":
        m = _ZH.search(text)
        return _ZH_WORD[m.group("w")] if m else None
    m = _EN.search(text.replace("\u2019", "'"))
    if m is None:
        return None
    word = " ".join(m.group("w").lower().split())
    if word == "down" and re.match(r"\s+(?:to|for|with)\b", text[m.end() :], re.I):
        return None  # "i'm down for that": willing, not low
    return _WORD[word]


def feeling_line(group: str, lang: str, formal: bool, name: str | None, turn: int = 0) -> str:
    """The line answering a stated feeling (the ``turn``-th casual template, or the formal one)."""
    casual, formal_line = LINES["zh" if lang == "zh" else "en"][group]
    line = formal_line if formal else casual[turn % len(casual)]
    n = name or ("朋友" if lang == "zh" else "friend")
    return line.format(n=n)


#: acts that carry their own reply to the line (a fact, a don't-know, a refusal, an apology): no feeling line
_OWN_REPLY = ("refuse", "answer", "inform", "clarify", "apologize", "care")


def feeling_opening(
    act: str, intent: str, text: str, lang: str, formal: bool, name: str | None
) -> str | None:
    """The composer's hook: a chit-chat or praise line stating the viewer's own feeling opens with the line
    answering it, then the host's usual line; None for any other line or act."""
    if intent not in ("chit-chat", "praise") or act in _OWN_REPLY:
        return None
    group = stated_feeling(text, lang)
    return feeling_line(group, lang, formal, name, turn=len(text)) if group else None
