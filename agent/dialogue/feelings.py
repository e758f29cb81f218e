"""A viewer's own feeling or bad news ("i'm so nervous for my exam tomorrow", "my dog passed away last
month"), read from the words, and the short line that answers it instead of the host's small talk (session 25,
brief D, E2 and A2; docs/dialogue.md).

Pure: text in, a feeling group or a line out. Perception's emotion label does not carry these feelings (most
such lines read neutral), so the words decide. Two readings, each of a general linguistic class:
- a first-person subject, intensifiers only, then a feeling adjective ("i'm so nervous", "i felt terrible",
  "makes me so angry"), grouped by the answer each feeling wants;
- a first-person line that tells a loss or a mishap ("my cat passed away", "i got laid off", "i failed my
  test", "my team lost again"), answered as bad news.
A line with both a bad and a good feeling in it, a question, or a negated feeling gets nothing. Words of
illness or self-harm are in no group: those lines are the care path's (``safety.care``), which runs first.

A complaint about the viewer's own world ("i hate when it rains") is no fault of the show's: it is not
apologized for (A2); the show's own faults (the stream, the host, the chat, the shop) still are.
"""

from __future__ import annotations

import re

from agent.dialogue.takeup import complaint_lines


def _words(listed: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in listed.split(","))


#: the feeling-adjective class, grouped by the answer each feeling wants ("worry", "sad", "angry", "shame":
#: a bad feeling; "happy", "excited": a good one)
GROUPS: dict[str, tuple[str, ...]] = {
    "worry": _words(
        "nervous, anxious, worried, scared, afraid, frightened, terrified, stressed, stressed out,"
        " apprehensive, uneasy, tense, freaked out, panicked, petrified, concerned"
    ),
    "sad": _words(
        "sad, upset, down, heartbroken, devastated, crushed, lonely, alone, disappointed, bummed,"
        " bummed out, gutted, miserable, unhappy, hurt, let down, blue, sadder"
    ),
    "angry": _words(
        "angry, mad, furious, annoyed, irritated, frustrated, pissed, pissed off, livid, fed up,"
        " infuriated, outraged, disgusted, grossed out, jealous, envious, irked"
    ),
    "shame": _words("embarrassed, ashamed, guilty, humiliated, bad, terrible, awful, horrible"),
    "happy": _words(
        "happy, glad, grateful, thankful, proud, relieved, blessed, delighted, thrilled,"
        " overjoyed, joyful, ecstatic, content, lucky"
    ),
    "excited": _words("excited, pumped, hyped, stoked, psyched, eager"),
}
BAD = ("worry", "sad", "angry", "shame")
#: "bad", "terrible": a feeling only after "feel"/"felt" ("i feel terrible"; "i was terrible at it" is none)
_FEEL_ONLY = frozenset({"bad", "terrible", "awful", "horrible", "alone", "blue", "down", "lucky", "content"})

ZH_GROUPS: dict[str, tuple[str, ...]] = {
    "worry": ("紧张", "焦虑", "害怕", "担心", "压力大", "慌"),
    "sad": ("难过", "伤心", "失落", "郁闷", "孤独", "失望", "委屈"),
    "angry": ("生气", "气死", "烦", "恼火", "火大"),
    "shame": ("尴尬", "丢人", "内疚", "惭愧"),
    "happy": ("开心", "高兴", "快乐", "幸福", "骄傲"),
    "excited": ("激动", "兴奋"),
}

_WORD = {w: g for g, ws in GROUPS.items() for w in ws}
_ALTS = "|".join(sorted(map(re.escape, _WORD), key=len, reverse=True)).replace(r"\ ", r"\s+")
_SUBJECT = (
    r"(?:\bi\s*'?\s*m|\bi\s+am|\bam|\bi\s+was|\bi\s+feel|\bi\s+felt|\bi\s*'?\s*ve\s+been|\bi\s+been|\bi\s+get|"
    r"\bi\s+got|\bi\s+became|\bi\s+become|\bwe\s*'?\s*re|\bwe\s+are|\bwe\s+were|\bwe\s+feel|\bwe\s+felt|"
    r"\bmakes?\s+me(?:\s+feel)?|\bmade\s+me(?:\s+feel)?|\bleft\s+me(?:\s+feeling)?|\bfeels?|\bfelt|"
    r"\bfeeling|^\s*so|^\s*really)"
)
_INTENSIFIER = (
    r"(?:so+|really|very|super|kinda|kind\s+of|sorta|a\s+bit|a\s+little|little|pretty|quite|extremely|"
    r"totally|completely|absolutely|incredibly|truly|feeling|feelin|getting|gettin|been|just|rly|hella|"
    r"lowkey|honestly|too|also|still|now|all|even|more|and|a\s+lot|actually|definitely|beyond|utterly|"
    r"fairly|rather|somewhat|especially|always|sometimes|often|that|this|as|most|the)"
)
_EN = re.compile(rf"{_SUBJECT}\s+(?:{_INTENSIFIER}\s+){{0,3}}(?P<w>{_ALTS})\b", re.I)
#: "i'm afraid i can't": a hedge, not a fear; "i'm down for it": willing, not low
_HEDGE = re.compile(r"^\s*(?:that\s+)?(?:i|we|you|it|this|he|she|they|there)\b|^\s+(?:to|for|with)\b", re.I)

#: a first-person loss or mishap (verbs of loss, harm and failure; a general class, not a line's words)
_BAD_NEWS = re.compile(
    r"\b(?:passed\s+away|died|has\s+died|put\s+(?:\w+\s+)?down\b(?=.*\b(?:dog|cat|pet|horse)\b)|"
    r"got\s+(?:fired|laid\s+off|dumped|robbed|mugged|arrested|hurt|injured|rejected|scammed|evicted)|"
    r"(?:was|were|been|am|are|is)\s+(?:fired|laid\s+off|dumped|robbed|mugged|injured|rejected|scammed|evicted)|"
    r"lost\s+(?:my|our)\s+(?:job|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|wife|husband|"
    r"son|daughter|brother|sister|friend|best\s+friend|dog|cat|pet|house|home|wallet|phone)|"
    r"broke\s+up|breakup|divorce|failed\s+(?:my|the|a|an|our)\b|"
    r"(?:in|into)\s+(?:a|an)\s+(?:\w+\s+)?(?:car\s+)?(?:accident|crash|wreck)|stole|stolen|broke\s+into|"
    r"broken\s+into|cheated\s+on|ran\s+over|run\s+over|cancell?ed\s+on|"
    r"(?:my|our)\s+(?:team|side|club)\s+(?:\w+\s+)?lost|\bwe\s+lost\b|unfortunately|sadly|(?:awful|bad|terrible|sad|horrible)\s+news|"
    r"(?:hit|ran\s+into|crashed\s+into|backed\s+into|keyed|scratched|dented)\s+my\s+(?:car|truck|bike)|"
    r"(?:was|got|been)\s+(?:attacked|bitten|stung|robbed|burgled|hacked)|i\s+broke\s+my|"
    r"i\s+lost\s+(?:my|\$|\d|all|a\s+lot))",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|my|me|we|our|us)\b", re.I)
_NEGATION = re.compile(r"\b(?:not|never|no|n't|dont|didnt|wasnt|isnt|aint|cant)\b|n't\b", re.I)
_GOOD_SOON = re.compile(r"\b(?:can\s*'?\s*no?t\s+wait|(?<!not\s)looking\s+forward)\b", re.I)
_DREAD = re.compile(r"\bnot\s+looking\s+forward\b", re.I)
#: a situation's own evaluative adjective said of it by the viewer ("it was so scary", "so gross")
_EVAL: dict[str, tuple[str, ...]] = {
    "worry": _words("scary, frightening, terrifying, stressful, nerve-wracking, nerve wracking, creepy"),
    "sad": _words("sad, depressing, heartbreaking, upsetting, devastating"),
    "angry": _words("annoying, frustrating, infuriating, irritating, disgusting, gross, maddening, unfair"),
    "shame": _words("embarrassing, humiliating, awkward"),
}
_EVAL_WORD = {w: g for g, ws in _EVAL.items() for w in ws}
_EVAL_ALTS = "|".join(sorted(map(re.escape, _EVAL_WORD), key=len, reverse=True))
_EVAL_RE = re.compile(
    r"(?:(?:^|[.!,;]\s*)(?:so|really|very|super|such\s+an?|too)|\b(?:it|that|this)\s*'?\s*(?:is|s|was))\s+"
    rf"(?:(?:so|really|very|super|a|an|pretty)\s+)?(?P<w>{_EVAL_ALTS})\b",
    re.I,
)
#: phrases of annoyance and hurt with the viewer as their object ("driving me crazy", "broke my heart")
_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "angry",
        re.compile(
            r"\b(?:driv(?:e|es|ing)\s+me\s+(?:crazy|insane|nuts|mad|up\s+the\s+wall)|gets?\s+on\s+my\s+nerves|"
            r"getting\s+on\s+my\s+nerves|i\s+(?:really\s+|just\s+)?hate\s+(?:it\s+)?(?:when|that|how)|"
            r"i\s+(?:can\s*'?\s*no?t|could\s*'?\s*no?t|couldn\s*'?\s*t|cant)\s+stand|i\s+(?:really\s+)?hated?|"
            r"^\s*(?:ugh+|argh+|smh)\b)\b",
            re.I,
        ),
    ),
    (
        "worry",
        re.compile(
            r"\b(?:creep(?:s|ed)?\s+me\s+out|scared\s+the\s+\w+\s+out\s+of\s+me|dread(?:ing|ed)?)\b", re.I
        ),
    ),
    (
        "shame",
        re.compile(
            r"\b(?:i\s+(?:accidentally|forgot|spilled|tripped|dropped\s+(?:my|the|a|an))|by\s+(?:accident|mistake))\b",
            re.I,
        ),
    ),
    ("sad", re.compile(r"(?::\s?\(|:'\()")),
    ("sad", re.compile(r"\b(?:breaks?|broke)\s+my\s+heart\b", re.I)),
)
#: a turn for the better after a bad feeling ("i was so nervous but it went fine"): no one line answers both
_RESOLVED = re.compile(
    r"\b(?:but|thankfully|luckily|fortunately|in\s+the\s+end|turned\s+out|worked\s+out)\b", re.I
)
#: "i felt bad for her": sympathy for someone else, not the viewer's own guilt
_FOR_OTHERS = re.compile(
    r"^\s+for\s+(?:him|her|them|those|these|his|their|everyone|people|others|the\s+(?:poor|family|kids?))\b",
    re.I,
)
_ASKS = re.compile(
    r"^\s*(?:who|what|when|where|why|how|which|is|are|do|does|did|can|could|would|will|should|have|has)\b",
    re.I,
)

_ZH_WORD = {w: g for g, ws in ZH_GROUPS.items() for w in ws}
_ZH = re.compile(
    rf"我(?:今天|现在|最近|真的|好|很|太|有点|有些|非常|超|特别|挺|都|也|还是?|觉得|感觉|心里)*"
    rf"(?P<w>{'|'.join(sorted(_ZH_WORD, key=len, reverse=True))})"
)

#: (casual templates, formal template) per group and language; {n} is the viewer's name, said once
LINES: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "en": {
        "worry": (
            ("That sounds stressful, {n}.", "Oof, that sounds scary, {n}."),
            "That sounds very stressful, {n}.",
        ),
        "sad": (
            ("Sorry to hear that, {n}.", "Aw, that's rough, {n}. Sending good vibes."),
            "I'm sorry to hear that, {n}.",
        ),
        "angry": (
            ("Ugh, that sounds frustrating, {n}.", "That would get to me too, {n}."),
            "That sounds very frustrating, {n}.",
        ),
        "shame": (
            ("Happens to the best of us, {n}. Don't be too hard on yourself.",),
            "Please don't be too hard on yourself, {n}.",
        ),
        "news": (
            ("Oh no, sorry to hear that, {n}.", "That's rough, {n}, I'm sorry."),
            "I'm sorry to hear that, {n}.",
        ),
        "happy": (("That's great to hear, {n}!", "Love that, {n}!"), "I'm very glad to hear that, {n}."),
        "excited": (("Love the energy, {n}!", "Exciting stuff, {n}!"), "That sounds wonderful, {n}."),
        "heard": (("I hear you, {n}.", "Fair enough, {n}."), "I understand, {n}."),
    },
    "zh": {
        "worry": (("{n}，听起来压力好大。",), "{n}，听起来压力很大。"),
        "sad": (("抱抱{n}，听到这个真难过。",), "{n}，听到这个我很遗憾。"),
        "angry": (("{n}，这也太让人上火了。",), "{n}，这确实让人生气。"),
        "shame": (("{n}，谁都有这种时候，别太自责。",), "{n}，请别太自责。"),
        "news": (("{n}，听到这个真遗憾。",), "{n}，听到这个我很遗憾。"),
        "happy": (("真为{n}高兴！",), "真为{n}感到高兴。"),
        "excited": (("{n}好激动，我也很期待！",), "很高兴听到这个，{n}。"),
        "heard": (("{n}，我懂你。",), "{n}，我理解。"),
    },
}


def stated_feeling(text: str, lang: str = "en") -> str | None:
    """The group of the viewer's own feeling or bad news in ``text`` ("worry", "sad", "angry", "shame",
    "news"; "happy", "excited"), else None: a question, a negated feeling ("i'm not sad"), someone else's
    feeling ("the skater looked nervous") and a line with both a bad and a good feeling get None."""
    if "?" in text or "？" in text:
        return None
    if lang == "zh":
        m = _ZH.search(text)
        return _ZH_WORD[m.group("w")] if m else None
    text = text.replace("\u2019", "'")
    if _ASKS.match(text):
        return None
    found: list[str] = []
    for m in _EN.finditer(text):
        word = " ".join(m.group("w").lower().split())
        before = text[max(0, m.start() - 14) : m.start("w")]
        if _NEGATION.search(before):
            continue
        subject = m.group(0)[: m.start("w") - m.start()].lower()
        if word in _FEEL_ONLY and not re.search(r"\bfe(?:el|lt|eling|els)\b", subject):
            continue
        after = text[m.end() :]
        if word in ("afraid", "down") and _HEDGE.match(after):
            continue
        group = _WORD[word]
        if group in BAD and (_RESOLVED.search(after) or _FOR_OTHERS.match(after)):
            continue
        found.append(group)
    if _FIRST_PERSON.search(text):
        for m in _EVAL_RE.finditer(text):
            if not _NEGATION.search(text[max(0, m.start() - 14) : m.start("w")]) and not _RESOLVED.search(
                text[m.end() :]
            ):
                found.append(_EVAL_WORD[m.group("w").lower()])
        found += [g for g, pattern in _PHRASES if pattern.search(text)]
    if _DREAD.search(text):
        found.append("worry")
    if _GOOD_SOON.search(text):
        found.append("excited")
    bad = [g for g in found if g in BAD]
    good = [g for g in found if g not in BAD]
    if bad and good:
        return None  # "i went from scared to grateful": no one line answers both
    if bad or good:
        return (bad or good)[0]
    news = _BAD_NEWS.search(text) if _FIRST_PERSON.search(text) else None
    if news is not None and not _NEGATION.search(text[max(0, news.start() - 14) : news.start()]):
        return "news"
    return None


def feeling_line(group: str, lang: str, formal: bool, name: str | None, turn: int = 0) -> str:
    """The line answering ``group`` (the ``turn``-th casual template, or the formal one)."""
    casual, formal_line = LINES["zh" if lang == "zh" else "en"][group]
    line = formal_line if formal else casual[turn % len(casual)]
    n = name or ("朋友" if lang == "zh" else "friend")
    return line.format(n=n)


#: the show's own business: a complaint naming one of these is the show's to apologize for (A2)
_THE_SHOW = re.compile(
    r"\b(?:you|your|ur|u|you're|youre|stream|streams|streamer|streaming|broadcast|chat|mods?|moderators?|"
    r"video|audio|sound|mic|camera|cam|volume|lag|lagging|laggy|buffer(?:ing)?|commentary|commentators?|host|"
    r"overlay|subtitles?|captions?|shop|merch|orders?|delivery|shipping|refund|ads|sponsors?)\b",
    re.I,
)


_TO_THE_HOST = re.compile(r"\b(?:you|your|ur|u|you're|youre|ya|yours)\b|你|您", re.I)


def about_the_show(text: str, host: str = "") -> bool:
    """Whether a complaint is about the show itself (the stream, the host, the chat, the shop), which the
    host apologizes for; a complaint about anything else (the weather, the viewer's day) is not the show's."""
    if _THE_SHOW.search(text) or complaint_lines(text, "casual")[0]:
        return True  # the host wrong, the picture broken, the stream dull: the show's own

    return bool(host) and host.lower() in text.lower()


#: the acts whose line a stated feeling's reply takes the place of: the small-talk take-up, an apology for a
#: complaint, a don't-know to a line that asks nothing, and a newcomer's welcome to a line that is no greeting
#: ("my dog passed away" from a first-time viewer: "Welcome in, you're right on time!" is no answer to it)
_TAKES_PLACE = ("reply", "apologize", "answer", "clarify", "greet")


def feeling_reply(
    act: str, intent: str, text: str, lang: str, formal: bool, name: str | None, *, host: str = "",
    asks: bool = False, turn: int = 0,
) -> str | None:  # fmt: skip
    """The composer's hook: the line said instead of the host's usual one to a viewer's own feeling or bad
    news (E2), or to a complaint that is not about the show (A2: "I hear you", never an apology); None for
    any other line or act (a greeting, a question, a request, a refusal, a complaint about the show)."""
    if act not in _TAKES_PLACE or asks or intent in ("abuse", "spam", "injection-attempt", "greeting"):
        return None
    if act == "greet" and not name:
        return None  # a busy chat's greeting to the crew (no name): a batch, not this viewer's alone
    if intent == "complaint" and about_the_show(text, host):
        return None  # the show's own fault: the apology stands
    # a feeling said to the host ("ur just bad :(", "you made me so happy") is the show's, not their news
    group = None if _TO_THE_HOST.search(text) else stated_feeling(text, lang)
    if group is None and act == "apologize":
        group = "heard"  # A2: a complaint about the viewer's world is heard, not apologized for
    return feeling_line(group, lang, formal, name, turn or len(text)) if group else None
