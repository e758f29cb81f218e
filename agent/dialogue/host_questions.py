"""Questions about the host itself: "are you a bot?", "what's your favourite winter sport?", "do you ski?".

Such a question is no knowledge question: the knowledge base is never asked it (``agent.grounding``) and
the persona card answers it (``agent.dialogue.host_answers``). ``host_question(text, host)`` is pure and
cheap (regular expressions), so grounding, the composer and the channels can all ask it.

Written in session 13 from the train part of a labelled sample (``evals/host_questions.py``: Topical-Chat
questions to the other person, Twitch chat, the project's host-question files, the knowledge evals'
questions); reported once on its report part. What counts: the line asks the one it is said to about
itself (what it is, its name, age, home, maker; its favourites and likes; its own doings, experience and
plans). What does not: a fact offered ("did you know ...?"), a knowledge question ("do you know who won
...?"), an opinion on something else ("what do you think of ...?"), a request ("can you ..."), a checking
question ("are you sure?"), the show's own business (its schedule, shop, corrections: the base holds those),
and a line @-addressed to someone else. After the report part was read once, two rules were changed for
what the perception set's train lines showed (``agent/perception/data/dataset.jsonl``): "can you <verb>"
is a request ("can you go over the schedule again") unless the verb is a sport (ski, snowboard, skate, swim),
and "do you use ..." is left to the base ("which wax do you use for cold snow?": the waxing tip).
Chinese (added after the measurement, unmeasured): only what it is, its name and its age ("你是机器人吗",
"你叫什么名字", "你多大了"), so that the disclosure is said in either language, and since session 22 the
languages it speaks ("你会说中文吗"); anything else in Chinese goes to the base as before (the card's values
are English).
Session 22 (brief H): the languages the host speaks are a topic ("can u speak chinese": the card's
``languages``), and the host named in the third person is asked ("does frosty speak chinese", "how old is the
host": ``_second_person``).
Session 23 (brief P, P10): "do you have X" is no question about the host where X is goods the host knows or a
shop attribute is asked of it ("do you have beanies?": ``goods``, ``agent.perception.goods.asks_for_goods``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from agent.perception.goods import asks_for_goods

Topic = Literal[
    "nature", "name", "age", "home", "maker", "languages", "favourite", "likes", "does", "state", "other",
    "joke", "live",
]  # fmt: skip


@dataclass(frozen=True)
class HostQuestion:
    """What a question about the host asks: its ``topic`` and, for a favourite, a like or a doing, the
    ``thing`` asked about ("winter sport", "football", "ski"; "" when none)."""

    topic: Topic
    thing: str = ""


_SLANG = {"u": "you", "ur": "your", "r": "are", "yo u": "you", "favorite": "favourite", "fav": "favourite"}
_SLANG_RE = re.compile(r"\b(?:yo u|u|ur|r|favorite|fav)\b")

#: asked to be told about the host itself, the host introduces itself (s24, brief P2, H3): not "tell me about
#: you and your stream", and not the line :data:`_NOT` takes ("can you tell me about ...").
_SELF_TELL = (
    r"tell\s+(?:me|us)\s+(?:a\s+(?:bit|little)\s+|more\s+|something\s+)?about\s+(?:yourself|urself|you|u)\W*$"
)
#: Not about the host, wherever the line matches (checked first).
_NOT = re.compile(
    r"\b(?:did|do|have|had)\s+you\s+(?:even\s+|ever\s+|already\s+|actually\s+|guys\s+)?"
    r"(?:know|knew|realize|realise|hear\s+(?:about|of|what|that|there|how)|heard\s+(?:about|of)|"
    r"think|mean|say|guys)\b"
    r"|\b(?:are|were)\s+you\s+(?:familiar|aware|sure|kidding|serious|talking|asking|surprised)\b"
    r"|\bwhat\s+(?:do|did|would)\s+you\s+(?:think|reckon|make\s+of|mean)\b"
    r"|\b(?:can|could|would|will)\s+you\s+(?:believe|imagine|tell(?!"
    + _SELF_TELL[4:]
    + ")|give|list|read|help|recommend|gift|"
    r"buy|show|explain|please|say)\b"
    r"|\byour\s+(?:thoughts?|take|view|opinion|pick|predictions?|rating|rate)\b"
    r"|\b(?:don'?t|wouldn'?t)\s+you\b|\byou\s+guys\b"
    r"|\b(?:do|does|did|can|will)\s+you\s+(?:sell|ship|stream|offer|accept|deliver|charge|need|handle|post|"
    r"film|record|take)\b"
    r"|\byour\s+(?:shop|store|show|schedule|logo|channel|streaming\s+hours|stream\s+times)\b"
)

_NATURE = re.compile(
    r"\b(?:are|r)\s+you\s+(?:a\s+|an\s+|even\s+|really\s+|actually\s+|just\s+|still\s+)*"
    r"(?:bot|robot|ai|a\.i\.?|human|human\s+being|real|person|real\s+person|machine|program|chatbot|"
    r"computer|virtual|npc|alive|sentient|conscious|really\s+there)\b"
    r"|\bis\s+(?:this|it|that)\s+(?:a\s+|an\s+)?(?:bot|robot|ai|real\s+person|human)\b"
    r"|\b(?:am\s+i|are\s+we)\s+(?:talking|speaking|chatting)\s+(?:to|with)\s+(?:a\s+|an\s+)?"
    r"(?:bot|robot|ai|human|real\s+person|person)\b"
    r"|\b(?:which|what)\s+(?:language\s+)?model\b.*\byou\b"
    r"|\bdo\s+you\s+have\s+(?:feelings|emotions|a\s+body|a\s+brain)\b"
    r"|\bwhere\s+do\s+your\s+(?:facts|answers|info|information)\s+come\s+from\b"
    r"|\bwhat\s+do\s+you\s+do\s+when\s+you\s+don'?t\s+know\b"
    r"|^\W*what\s+are\s+you\W*$"
)
_NAME = re.compile(
    r"\bwhat(?:'s|s|\s+is)\s+your\s+name\b|\byour\s+name\b|\bwho\s+are\s+you\b"
    r"|\bwhat\s+(?:should|do|can)\s+(?:we|i|people)\s+call\s+you\b|\bwhat\s+are\s+you\s+called\b"
    r"|\b" + _SELF_TELL + r"|\b(?:introduce|describe)\s+(?:yourself|urself)\b"  # s24, brief P2 (H3)
)
_AGE = re.compile(
    r"\bhow\s+old\s+are\s+you\b|\byour\s+age\b|\bwhen\s+were\s+you\s+(?:born|made|created)\b"
    r"|\bwhen(?:'s|s|\s+is)\s+your\s+birthday\b"
)
_HOME = re.compile(
    r"\bwhere\s+(?:are|were)\s+you\s+(?:from|based|born)\b|\bwhere\s+did\s+you\s+grow\s+up\b"
    r"|\byour\s+home\s*town\b|\bwhere\s+you\s+are\b|\bwhere\s+are\s+you\W*$"
)
_MAKER = re.compile(
    r"\bwho\s+(?:made|built|created|programmed|designed|owns|runs|coded|trained|wrote|controls)\s+you\b"
    r"|\bwho(?:'s|s|\s+is)\s+(?:behind|running)\s+you\b"
    r"|\bwho\s+is\s+your\s+(?:creator|maker|developer|owner|programmer)\b"
)
#: The languages a card may give (``Persona.languages``: the codes the card schema allows), by the names a
#: viewer asks them by; the first name is the one the persona says (session 22, brief H).
LANGUAGE_NAMES = {"en": ("english",), "zh": ("chinese", "mandarin", "putonghua")}
#: A language's name in English: one the card's codes carry, or by its form (a general class: the names of
#: languages are mostly made with these endings - English, Chinese, German, Arabic, French, Hindi).
_LANGUAGE_NAME = (
    "(?:"
    + "|".join(n for names in LANGUAGE_NAMES.values() for n in names)
    + r"|[a-z]{3,}(?:ish|ese|an|ic|ch|i))"
)
#: The languages the host speaks (session 22, brief H: "can u speak chinese" got a knowledge-base don't-know
#: though the card says ``languages: [en, zh]``). "speak X" counts where X is a language's name ("can you
#: speak up" stays a request); ``lang``: the language asked, absent when none is named.
_LANGUAGES = re.compile(
    r"\b(?:do|can|could)\s+you\s+(?:also\s+|even\s+|really\s+|actually\s+)?(?:speak|talk|understand)\s+"
    r"(?:in\s+)?(?:a\s+little\s+|a\s+bit\s+of\s+|any\s+|some\s+|fluent\s+)?(?P<lang>"
    + _LANGUAGE_NAME
    + r")\b"
    r"|\b(?:do|can|could)\s+you\s+(?:also\s+|even\s+|really\s+)?(?:speak|talk\s+in|understand)\s+(?:any\s+)?"
    r"(?:other\s+|foreign\s+|more\s+than\s+one\s+|multiple\s+|many\s+|two\s+|2\s+)?languages?\b"
    r"|\b(?:what|which|how\s+many)\s+(?:other\s+)?languages?\s+(?:do|can)\s+you\s+(?:speak|know|understand|talk)\b"
    r"|\b(?:are|r)\s+you\s+(?:bilingual|multilingual)\b"
    r"|\byour\s+(?:native|first|mother)\s+(?:language|tongue)\b"
)
_STOP = r"(?=\s+(?:to|in|of|on|at|for|from|during|right|this|these|ever|of\s+all)\b|\W*$|\s*[?,.!])"
#: A favourite asked with a superlative ("which sport do you like best", "what food do you love the most"):
#: the degree word is no thing; the thing is the noun the question asks about (session 20, brief A3).
_FAVOURITE = re.compile(
    r"\b(?:your|you\s+have\s+an?)\s+(?:least\s+)?favourite\s+(?P<thing>[\w' -]+?)"
    + _STOP
    + r"|\b(?:which|what)\s+(?:kind\s+of\s+|type\s+of\s+|sort\s+of\s+)?(?P<thing5>[\w' -]+?)\s+"
    r"(?:do|did|would)\s+you\s+(?:\w+\s+)?(?:like|love|enjoy|prefer)\s+(?:the\s+)?(?:best|most)\b"
)
#: Degree words a like's reading takes for its thing ("what do you like best"): a favourite asked, no thing.
_DEGREE = frozenset({"best", "most", "the most", "more", "better", "the best"})
_LIKES = re.compile(
    r"\b(?:do|did)\s+you\s+(?:also\s+|still\s+|ever\s+|even\s+)?(?:like|love|enjoy|prefer)\s+"
    r"(?:to\s+)?(?P<thing>[\w' -]+?)"
    + _STOP
    + r"|\b(?:are|were)\s+you\s+(?:a\s+|an\s+)?(?:big\s+|huge\s+)?(?:fan\s+of|into)\s+(?P<thing2>[\w' -]+?)"
    + _STOP
    + r"|\b(?:are|were)\s+you\s+(?:a\s+|an\s+)?(?P<thing3>[\w' -]+?)\s+(?:fan|person)\b"
    r"|\bdo\s+you\s+have\s+(?:any\s+)?interest\s+in\s+(?P<thing4>[\w' -]+?)" + _STOP
)
_DOES = re.compile(
    r"\b(?:do|did|have|can)\s+you\s+(?:also\s+|still\s+|ever\s+|even\s+|usually\s+)?"
    r"(?P<verb>ski|snowboard|skate|swim)\b"
    r"|\b(?:do|did|have)\s+you\s+(?:also\s+|still\s+|ever\s+|even\s+|usually\s+)?"
    r"(?P<verb1>play|watch|watched|listen|read|follow|own|have|see|seen|sleep|eat|dream|"
    r"get\s+(?:tired|cold|bored|sleepy)|go|been|try|tried|catch|remember|get|enjoy)\b"
    r"|\b(?:have|did)\s+you\s+(?:ever\s+)?(?:had\s+)?(?:the\s+)?chance\s+to\s+(?P<verb2>\w+)"
    r"|^(?:\W*\w+\W+){0,3}?you\s+ever\s+(?P<verb3>\w+)"
    r"|\b(?:are|were)\s+you\s+(?:gonna|going\s+to|watching|playing|current|into)\b"
    r"|\b(?:will|would)\s+you\s+(?:ever\s+)?(?:be\s+)?(?:play|watch|go|see|try|come)\w*\b"
    r"|\b(?:did|have)\s+you\s+(?:guess|choose|pull|pulled)\b|\byou\s+pulled\b"
)
_STATE = re.compile(
    r"\bhow\s+are\s+you\b|\bhow(?:'s|s|\s+is)\s+(?:it\s+going|your\s+(?:day|night|evening))\b"
)
_OTHER = re.compile(
    r"\bwhat\s+are\s+you\s+(?:doing|drinking|eating|wearing|up\s+to|listening)\b"
    r"|\bhow(?:'s|s|\s+is)\s+your\s+\w+"
    r"|\b(?:how|what)\s+about\s+you(?:rself)?\b|^(?:.*\W)?(?:and|are|do|did|were)\s+you\W*$"
    r"|\bwhat\s+(?:\w+\s+)?(?:do|did)\s+you\s+(?:listen|watch|play|read|do|get|remember)\b"
    r"|\byour\s+(?:hobbies|hobby|pets?|dog|cat|setup|mic|camera|typical\s+day|day|goals|plans|weekend|"
    r"dream|family|job|go-to|biggest\s+fear)\b"
    r"|\bwhy\s+are\s+you\s+(?:in|not)\b|\bwhy\s+do\s+you\s+keep\b"
)


_ZH = (
    (
        "nature",
        re.compile(
            r"你(?:是不是|是)(?:一个|个)?(?:机器人|真人|人工智能|程序|虚拟|ai|bot)"
            r"|你是真?人[吗嘛么]"
        ),
    ),
    ("name", re.compile(r"你叫什么|你的名字|你是谁")),
    ("age", re.compile(r"你(?:今年)?(?:几岁|多大|多少岁)")),
    (
        "languages",
        re.compile(r"你(?:会|能)(?:说|讲)?(?:中文|汉语|普通话|英文|英语|几种语言|哪些语言|什么语言)"),
    ),
)


#: A joke asked for (session 15, from the scripted chat's "tell me a joke"; written before the fit parts were
#: read): the whole line is the request, with only politeness, the host's name or a kind of joke around it, so
#: "tell me a racist joke" or "that joke was bad" is not one.
_JOKE = re.compile(
    r"^(?:(?:hey|yo|ok|okay|so|pls|please|come\s+on|frosty|host)\W+)*"
    r"(?:(?:can|could|will|would)\s+you\s+)?(?:please\s+)?(?:tell|give|hit)\s+(?:me|us)\s+(?:with\s+)?"
    r"(?:a|another|one\s+more|some|any|your\s+best)?\s*(?:(?:good|funny|quick|short|winter|ski|snow|bad|dad|"
    r"clean|little)\s+)*jokes?"
    r"|^(?:(?:hey|yo|so|frosty|host)\W+)*(?:do\s+you\s+)?(?:know|got|have)\s+any\s+(?:good\s+|funny\s+)?jokes"
    r"|^(?:(?:hey|yo|frosty|host)\W+)*(?:make\s+(?:me|us)\s+laugh|say\s+something\s+funny)"
)
_JOKE_END = re.compile(r"^(?:\s+(?:please|pls|plz|frosty|host|lol|haha|now|then))*\W*$")

#: Something live the host cannot see from the studio (session 15, from the scripted chat's "what's the
#: weather like in yanqing today"; written before the fit parts were read): the weather or the time now, a
#: score or a race as it stands, the news. Past results, schedules and venues are the base's, so a line
#: needs a word of the present ("now", "today", "currently", "is it", "who's winning") to count.
_LIVE = (
    (
        "weather",
        re.compile(
            # "what's the weather like (in yanqing)?": the line ends there, or says when (now, today);
            # "... in zhangjiakou in february", "the temperature inside the ice cube" are the base's
            r"\b(?:what(?:'s|s|\s+is)|how(?:'s|s|\s+is))\s+(?:the\s+)?(?:weather|forecast|temperature)"
            r"(?:\s+like)?(?:\s+(?:there|outside|out\s+there|in\s+\w+(?:\s+\w+)?))?"
            r"(?:\s+(?:today|tonight|now|right\s+now|at\s+the\s+moment|currently))?\W*$"
            r"|\b(?:weather|forecast|temperature)\b.*\b(?:today|tonight|right\s+now|at\s+the\s+moment|currently)\b"
            r"|\bweather\s+(?:like\s+)?(?:today|tonight|now|right\s+now|there|out\s+there)\b"
            r"|\bhow\s+cold\s+is\s+it\b|\bis\s+it\s+(?:snowing|raining|sunny|windy|cold|warm|freezing)"
            r"(?:\s+(?:there|now|right\s+now|today|outside|out\s+there|in\s+[\w ]+))?\W*$"
        ),
    ),
    (
        "time",
        re.compile(
            r"\bwhat\s+time\s+is\s+it\b|\bwhat(?:'s|s|\s+is)\s+the\s+time\b|\bwhat\s+day\s+is\s+(?:it|today)\b"
        ),
    ),
    (
        "score",
        re.compile(
            r"\bwho(?:'s|s|\s+is)\s+winning\b|\b(?:current|live)\s+(?:score|scores|standings|leaderboard)\b"
            r"|\b(?:score|scores|standings|leaderboard)\b.*\b(?:right\s+now|now|currently|so\s+far|at\s+the\s+moment)\b"
            r"|\bwho(?:'s|s|\s+is)\s+(?:leading|ahead|in\s+the\s+lead)\b.*\b(?:right\s+now|now|currently|at\s+the\s+moment)\b"
        ),
    ),
    (
        # a replay, a clip or the stream itself played back (session 16, from the scripted chat's "show the
        # replay please", which got "What brings you to the stream tonight?"; written before the fit parts
        # were read): the host cannot play video from the studio. The line asks for it to be shown or played
        # ("show/play/put on/run/pull up the replay", "can we see that jump again", "rewind the stream");
        # "did you see the replay?" or "when is the replay on?" is no such request
        "replay",
        re.compile(
            r"^(?:(?:hey|yo|ok|okay|so|pls|please|frosty|host|mods?)\W+)*"
            r"(?:(?:can|could|will|would)\s+(?:you|we|u)\s+(?:please\s+)?|please\s+|pls\s+|let'?s\s+)?"
            r"(?:show|play|put\s+on|pull\s+up|run|roll|rewatch|rewind|replay|watch)\s+"
            r"(?:(?:us|me|it|that|this|the|a|another|again|back)\s+)*"
            r"(?:replays?|clips?|highlights?|instant\s+replay|slow[\s-]?mo|(?:the\s+)?(?:stream|vod))\b"
            r"|^(?:(?:hey|yo|ok|okay|so|pls|please|frosty|host)\W+)*(?:rewind|replay|run\s+it\s+back)"
            r"(?:\s+(?:it|that|this|the\s+(?:stream|run|jump|race)))?(?:\s+(?:please|pls|again|back))*\W*$"
            r"|^(?:(?:hey|yo|ok|okay|so|pls|please|frosty|host)\W+)*(?:can|could)\s+(?:we|i|you)\s+"
            r"(?:see|watch)\s+(?:that|the|this)\s+(?:\w+\s+)?(?:again|one\s+more\s+time|in\s+slow[\s-]?mo)\b"
        ),
    ),
    (
        "news",
        re.compile(
            r"\b(?:latest|breaking|today'?s)\s+news\b|\bany\s+news\s+(?:today|tonight|right\s+now)\b"
            r"|\bwhat(?:'s|s|\s+is)\s+(?:happening|going\s+on)\s+(?:in\s+the\s+world|right\s+now|today)\b"
        ),
    ),
)


def _norm(text: str) -> str:
    low = " ".join(text.lower().replace("’", "'").split())
    return _SLANG_RE.sub(lambda m: _SLANG[m.group(0)], low)


#: How a viewer addresses the host by role rather than by name ("@主播 ...": "@host").
HOST_ROLES = frozenset({"host", "streamer", "主播"})
_AT = re.compile(r"^\s*@([^\s,:;!?，：；！？]+)")


def _handle(name: str) -> str:
    """A name as a handle: "Frosty Fox", "@frosty_fox", "@Frosty.Fox" and "FrostyFox" are the same."""
    return "".join(re.findall(r"[^\W_]+", name.lower()))


def addresses_host(handle: str, host: str) -> bool:
    """Whether an @-address's ``handle`` is the host's: its full name (spaces, "_", "." or "-" optional:
    "@FrostyFox", "@frosty_fox"), one word of it of 3 letters or more ("@Frosty": a viewer calls the host
    by its first name), or its role ("@host", "@streamer", "@主播"). The one rule for "is this line said to
    the host?" (perception's question form, ``host_question``, the realizer's take-up all ask it)."""
    said = _handle(handle)
    if not said:
        return False
    words = [_handle(w) for w in host.split()]
    return said in HOST_ROLES or said == "".join(words) or (len(said) >= 3 and said in words)


def addressed_elsewhere(text: str, host: str) -> bool:
    """The line opens with an @-address to someone other than ``host`` (``addresses_host``): chat between
    viewers ("@kai are you a bot?", "@Hannabis you are wrong"), whose "you" is that viewer, not the host.
    "@Frosty what's your name" is said to the host."""
    m = _AT.match(text or "")
    return m is not None and not addresses_host(m.group(1), host)


def _thing(m: re.Match[str]) -> str:
    for key in ("thing", "thing2", "thing3", "thing4", "thing5", "verb", "verb1", "verb2", "verb3", "lang"):
        got = m.groupdict().get(key)
        if got:
            return " ".join(got.split()[:5])
    return ""


def _less_vocative(thing: str, host: str) -> str:
    """``thing`` less the host's name words and role words a viewer ends with ("best frosty" -> "best")."""
    said = {_handle(w) for w in host.split()} | HOST_ROLES
    return " ".join(w for w in thing.split() if _handle(w) not in said)


def host_question(text: str, host: str = "", goods: Collection[str] = ()) -> HostQuestion | None:
    """The question about the host that ``text`` asks, or None (module docstring). ``host``: the persona's
    name, so that "@Frosty do you ski?" counts and "@kai do you ski?" does not. ``goods``: the kinds of the
    goods the host knows (``agent.perception.goods.goods_kinds``): "do you have X" asks the shop, not the
    host, where X is of them or a shop attribute is asked of it (session 23, brief P, P10)."""
    if not text or len(text) > 300:
        return None
    low = _norm(text)
    for topic, zh in _ZH:
        if zh.search(low):
            return HostQuestion(topic)  # type: ignore[arg-type]
    if addressed_elsewhere(low, host):
        return None
    low = _AT.sub("", low).lstrip(" ,:;")
    if _NOT.search(low):
        return None
    asked = _read(low, host, ())
    if asked is None:  # the host named in the third person ("does frosty speak chinese", session 22)
        said, ends = _second_person(low, host)
        if ends and not _NOT.search(said):
            asked = _read(said, host, ends)
    if asked is not None and asked.topic == "does" and asked.thing == "have" and asks_for_goods(low, goods):
        return None  # P10: "do you have beanies?" asks the shop
    return asked


_TOPICS = (
    ("nature", _NATURE), ("name", _NAME), ("age", _AGE), ("home", _HOME), ("maker", _MAKER),
    ("languages", _LANGUAGES), ("favourite", _FAVOURITE), ("likes", _LIKES), ("does", _DOES),
    ("state", _STATE), ("other", _OTHER),
)  # fmt: skip


def _read(low: str, host: str, ends: tuple[int, ...]) -> HostQuestion | None:
    """The topic ``low`` asks. ``ends``: where a word put in for the host ends (``_second_person``); then a
    topic counts only where its match takes that word and goes past it, or the line ends there ("how old are
    you" from "how old is the host", not "how old are you city" from "how old is the host city")."""
    for topic, pattern in _TOPICS:
        m = pattern.search(low)
        if m is not None:
            if ends and not any(
                m.start() < e <= m.end() and (m.end() > e or not re.search(r"\w", low[e:])) for e in ends
            ):
                continue
            if topic == "likes" and _less_vocative(_thing(m), host) in _DEGREE:  # "what do you like best"
                return HostQuestion("favourite")
            return HostQuestion(topic, _thing(m))  # type: ignore[arg-type]
    return None


#: An auxiliary before the host named in the third person, as said before "you".
_TO_YOU = {"does": "do", "is": "are", "was": "were", "has": "have"}
_TO_YOU |= {aux: aux for aux in ("did", "can", "could", "will", "would")}


def _second_person(low: str, host: str) -> tuple[str, tuple[int, ...]]:
    """``low`` with the host named in the third person said as "you" (session 22, brief H2): "the host", "the
    streamer", "our host", the host's full name or its first name word of 3 letters or more, right after an
    auxiliary ("does frosty speak chinese" -> "do you speak chinese", "is the host a bot" -> "are you a bot")
    or as a possessive ("the host's name" -> "your name"); and where each word put in ends. Anyone else named
    is not rewritten ("does eileen gu speak chinese")."""
    words = [w for w in re.findall(r"[^\W_]+", host.lower())]
    names = [r"\s+".join(words)] if words else []
    if words and len(words[0]) >= 3:
        names.append(words[0])
    ref = r"(?:(?:the|our|this)\s+(?:host|streamer)" + "".join("|" + n for n in names) + ")"
    said: list[str] = []
    ends: list[int] = []
    at = 0
    size = 0
    # not where the name goes on to a possessive ("is frosty fox's ...": the possessive's)
    pattern = rf"\b(?P<aux>{'|'.join(_TO_YOU)})\s+{ref}\b(?!'s|\s+\w+'s)|\b{ref}'s\b"
    for m in re.finditer(pattern, low):
        said.append(low[at : m.start()])
        size += m.start() - at
        put = f"{_TO_YOU[m.group('aux')]} you" if m.group("aux") else "your"
        said.append(put)
        size += len(put)
        ends.append(size)
        at = m.end()
    said.append(low[at:])
    return "".join(said), tuple(ends)


def host_request(text: str, host: str = "") -> HostQuestion | None:
    """A joke asked for (``HostQuestion("joke")``) or something live the host cannot see from the studio
    (``HostQuestion("live", kind)``: weather, time, score, replay (a replay or clip to be played), news), said
    to the host, in English; None
    otherwise. Neither is a question about the host itself (``host_question`` is unchanged): the persona card
    answers both (``host_answers``), the knowledge base never does (a joke is no fact; a live thing is not in
    it), and a chit-chat line gets it too ("tell me a joke" was read as praise)."""
    if not text or len(text) > 200:
        return None
    low = _norm(text)
    if addressed_elsewhere(low, host):
        return None
    low = _AT.sub("", low).lstrip(" ,:;")
    m = _JOKE.search(low)
    if m is not None and _JOKE_END.match(low[m.end() :]):
        return HostQuestion("joke")
    for kind, pattern in _LIVE:
        if pattern.search(low):
            return HostQuestion("live", kind)
    return None


__all__ = [
    "HOST_ROLES",
    "LANGUAGE_NAMES",
    "HostQuestion",
    "Topic",
    "addressed_elsewhere",
    "addresses_host",
    "host_question",
    "host_request",
]
