"""Lexicons (English and Chinese) and cheap surface features used next to the MiniLM embeddings.

The lexicons are small and hand-written; they carry what an embedding of a short chat line blurs
(a URL, a repeated character run, a "system prompt" phrase). They are also what the final moderation
check reuses (``ABUSE``), so the input side and the output side agree on what is abusive.
"""

from __future__ import annotations

import functools
import re

import numpy as np

from agent.screening import normalize

INTENT_LEXICON: dict[str, tuple[str, ...]] = {
    "question": (
        "?",
        "？",
        "who ",
        "what",
        "when",
        "where",
        "why",
        "how ",
        "which",
        "is ",
        "does",
        "did ",
        "吗",
        "什么",
        "几",
        "哪",
        "谁",
        "怎么",
        "为什么",
        "多少",
    ),
    "greeting": (
        "hello",
        "hi ",
        "hey",
        "good morning",
        "good evening",
        "sup",
        "howdy",
        "greetings",
        "yo ",
        "你好",
        "大家好",
        "晚上好",
        "早上好",
        "哈喽",
        "来了",
        "报到",
        "嗨",
    ),
    "praise": (
        "awesome",
        "amazing",
        "best",
        "love",
        "great",
        "incredible",
        "legend",
        "crushed",
        "so good",
        "太棒",
        "厉害",
        "帅",
        "精彩",
        "最喜欢",
        "真好",
        "最好",
        "神",
    ),
    "thanks": (
        "thank",
        "thx",
        "ty ",
        "tysm",
        "appreciate",
        "grateful",
        "cheers for",
        "谢谢",
        "感谢",
        "多谢",
        "谢啦",
    ),
    "gift": (
        "gift",
        "sent",
        "donat",
        "tip",
        "sub",
        "rose",
        "rocket",
        "coins",
        "diamond",
        "super chat",
        "礼物",
        "送",
        "打赏",
        "刷",
        "火箭",
        "玫瑰",
        "会员",
    ),
    "request": (
        "can you",
        "could you",
        "please",
        "show",
        "tell us",
        "say hi",
        "play the",
        "能不能",
        "可以",
        "请",
        "帮我",
        "讲讲",
        "放一下",
        "看看",
    ),
    "complaint": (
        "lag",
        "no sound",
        "terrible",
        "bad",
        "blurry",
        "froze",
        "wrong",
        "broken",
        "never arrived",
        "too many",
        "ignoring",
        # session 8: the words of complaints about the show itself (the entries above name technical faults);
        # in no row of the labelled set, so no held-apart row gains from them
        "boring",
        "dull",
        "卡",
        "没有声音",
        "模糊",
        "太多",
        "说错",
        "没到",
        "不同步",
        "吵",
        "无聊",
    ),
    "chit-chat": ("i went", "my ", "here", "today", "lol", "haha", "我", "今天", "这里", "哈哈"),
    "spam": (
        "http",
        "www",
        ".com",
        ".biz",
        ".io",
        ".net",
        ".shop",
        "bit.ly",
        "free",
        "click",
        "follow me",
        "sub4sub",
        "giveaway",
        "promo",
        "casino",
        "earn $",
        "dm me",
        "加微信",
        "vx",
        "互粉",
        "免费",
        "点击",
        "刷粉",
        "私聊",
        "赌场",
        "主页",
        "加q",
        "代练",
    ),
    "abuse": (
        "idiot",
        "stupid",
        "trash",
        "loser",
        "moron",
        "pathetic",
        "garbage",
        "suck",
        "dumb",
        "shut up",
        "go die",
        "kill yourself",
        "hate you",
        "ugly",
        "f***",
        "fuck",
        "clown",
        "傻",
        "垃圾",
        "闭嘴",
        "废物",
        "滚",
        "蠢",
        "去死",
        "脑残",
        "丑",
        "恨你",
    ),
    "injection-attempt": (
        "ignore",
        "instruction",
        "system prompt",
        "prompt",
        "your rules",
        "pretend",
        "developer mode",
        "reveal",
        "disregard",
        "override",
        "password",
        "secret",
        "admin",
        "access granted",
        " dan ",
        "repeat after me",
        "指令",
        "提示词",
        "设定",
        "忽略",
        "无视",
        "密码",
        "秘密",
        "开发者模式",
        "管理员",
        "口令",
        "授权",
    ),
    "farewell": (
        "bye",
        "good night",
        "see you",
        "see ya",
        "gotta go",
        "later",
        "cya",
        "signing off",
        "heading out",
        "night night",
        "goodbye",
        "farewell",
        "拜",
        "再见",
        "晚安",
        "下次见",
        "先走",
        "溜了",
        "撤了",
    ),
}
INTENTS: tuple[str, ...] = tuple(INTENT_LEXICON)

#: Words that make an output unsafe to speak (final moderation) and an input abusive. Lowercase.
ABUSE: tuple[str, ...] = (
    "idiot",
    "stupid",
    "moron",
    "loser",
    "pathetic",
    "garbage",
    "trash",
    "dumb",
    "clown",
    "shut up",
    "go die",
    "kill yourself",
    "kys",
    "hate you",
    "ugly",
    "fuck",
    "f***",
    "shit",
    "bitch",
    "bastard",
    "retard",
    "slut",
    "傻逼",
    "傻子",
    "垃圾",
    "闭嘴",
    "废物",
    "去死",
    "脑残",
    "蠢",
    "滚出去",
    "贱",
    "丑死",
    "婊",
    "操你",
)

EMOTION_LEXICON: dict[str, tuple[str, ...]] = {
    "joy": (
        "love",
        "awesome",
        "amazing",
        "great",
        "yay",
        "haha",
        "best",
        "fun",
        "happy",
        "beautiful",
        "perfect",
        "开心",
        "太棒",
        "哈哈",
        "喜欢",
        "好美",
        "精彩",
    ),
    "gratitude": ("thank", "thx", "appreciate", "grateful", "谢谢", "感谢", "多谢"),
    "anger": (
        "hate",
        "terrible",
        "worst",
        "trash",
        "idiot",
        "stupid",
        "angry",
        "annoying",
        "again",
        "垃圾",
        "烂",
        "恨",
        "气死",
        "滚",
        "又",
    ),
    "sadness": (
        "sad",
        "miss",
        "fell",
        "lost",
        "sorry",
        "ignored",
        "ignoring",
        "cry",
        "难过",
        "摔",
        "哭",
        "可惜",
    ),
    "surprise": (
        "wow",
        "whoa",
        "omg",
        "insane",
        "incredible",
        "unbelievable",
        "!!",
        "哇",
        "天哪",
        "居然",
        "太帅",
    ),
    "fear": ("scared", "nervous", "afraid", "worried", "scary", "担心", "害怕", "紧张"),
}

_URL = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|io|biz|shop|cn|ly)\b)", re.I)
_RUN = re.compile(r"(.)\1{4,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

N_HASH = 4096


_PUNCT = re.compile(r"([!?.,;:~()])")


#: A spam cue written as words (Latin letters, digits, spaces, "$"): counted only as whole words (session 29,
#: brief W2, S1): "promo" is no cue inside "promoted", nor "click" inside "clicking", nor "free" inside
#: "freestyle"; a plural or third-person "s" may follow ("clicks", "giveaways"). The link cues ("http",
#: "www", ".com", "bit.ly": a link's prefixes and suffixes) and the Chinese cues (no spaces) match inside
#: words as before.
_SPAM_WORD_CUE = re.compile(r"[a-z0-9 $]+")


@functools.lru_cache(maxsize=1)
def _spam_word_cues() -> dict[str, re.Pattern[str]]:
    return {
        cue: re.compile(rf"(?<![a-z0-9]){re.escape(cue)}s?(?![a-z0-9])")
        for cue in INTENT_LEXICON["spam"]
        if _SPAM_WORD_CUE.fullmatch(cue) and cue not in ("http", "www")
    }


def _found(cue: str, low: str, words: dict[str, re.Pattern[str]]) -> bool:
    """Whether ``cue`` is in ``low``: as whole words when ``words`` holds it, else anywhere."""
    if cue not in low:
        return False
    word = words.get(cue)
    return word is None or word.search(low) is not None


def lexicon_counts(text: str, lexicon: dict[str, tuple[str, ...]]) -> np.ndarray:
    """Entries found in the lower-cased text. Punctuation is spaced apart first, so a word entry written with
    its bounding space ("hi ") matches before punctuation too ("hi! first time watching"). The intent
    lexicon's spam cues that are words count only as whole words (``_spam_word_cues``)."""
    low = " " + _PUNCT.sub(r" \1 ", text.lower()) + " "
    spam = lexicon.get("spam") if lexicon is INTENT_LEXICON else None
    words = _spam_word_cues()
    return np.array(
        [
            sum(1 for w in entries if (_found(w, low, words) if entries is spam else w in low))
            for entries in lexicon.values()
        ],
        dtype=np.float32,
    )


def surface(text: str) -> np.ndarray:
    """Length, shouting, repetition, links, punctuation: what spam and abuse look like on the surface."""
    n = max(len(text), 1)
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper()) / max(len(letters), 1)
    words = text.lower().split()
    rep_words = 1.0 - len(set(words)) / len(words) if len(words) > 2 else 0.0
    return np.array(
        [
            min(n / 80.0, 2.0),
            upper,
            rep_words,
            1.0 if _RUN.search(text) else 0.0,
            1.0 if _URL.search(text) else 0.0,
            text.count("!") / n * 5,
            1.0 if text.rstrip().endswith(("?", "？")) else 0.0,
            sum(c.isdigit() for c in text) / n,
        ],
        dtype=np.float32,
    )


def hashed_ngrams(text: str, dims: int = N_HASH) -> np.ndarray:
    """L2-normalised counts of character 1-3 grams (space padded), hashed into ``dims`` buckets.

    Vectorised over the code points (a polynomial hash per n-gram, then ``bincount``): deterministic across
    processes, unlike ``hash()``, and fast enough for firehose triage.
    """
    c = np.frombuffer(f" {text.lower()} ".encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    grams = [c * 1_000_003 + 1]
    if len(c) > 1:
        grams.append((c[:-1] * 1_000_003 + c[1:]) * 7919 + 2)
    if len(c) > 2:
        grams.append(((c[:-2] * 1_000_003 + c[1:-1]) * 7919 + c[2:]) * 104_729 + 3)
    h = np.concatenate(grams) % 2_147_483_647 % dims
    v = np.bincount(h, minlength=dims).astype(np.float32)
    norm = float(np.sqrt(v @ v))
    return v / norm if norm else v


def hashed_ngrams_batch(texts: list[str], dims: int = N_HASH) -> np.ndarray:
    """``hashed_ngrams`` of many texts at once, shape (len(texts), dims): the same values, one numpy pass.

    The texts are joined into one code-point array; an n-gram counts only when all its code points come
    from the same text, then one ``bincount`` over (row, bucket) keys fills the matrix.
    """
    n = len(texts)
    if not n:
        return np.zeros((0, dims), dtype=np.float32)
    padded = [f" {t.lower()} " for t in texts]
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=n)
    c = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    row = np.repeat(np.arange(n, dtype=np.int64), lengths)
    same2 = row[:-1] == row[1:]
    same3 = same2[:-1] & same2[1:]
    # the same arithmetic as hashed_ngrams (int64 wrap-around included), so both give identical buckets
    h1 = (c * 1_000_003 + 1) % 2_147_483_647 % dims
    h2 = ((c[:-1] * 1_000_003 + c[1:]) * 7919 + 2)[same2] % 2_147_483_647 % dims
    h3 = (((c[:-2] * 1_000_003 + c[1:-1]) * 7919 + c[2:]) * 104_729 + 3)[same3] % 2_147_483_647 % dims
    keys = np.concatenate([row * dims + h1, row[:-1][same2] * dims + h2, row[:-2][same3] * dims + h3])
    v = np.bincount(keys, minlength=n * dims).reshape(n, dims).astype(np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", v, v))[:, None]
    norms[norms == 0] = 1.0
    return v / norms  # type: ignore[no-any-return]


def has_abuse(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in ABUSE)


def cjk_ratio(text: str) -> tuple[int, int]:
    return len(_CJK.findall(text)), len(_LATIN.findall(text))


#: A farewell's form (session 21, brief P2; declared in docs/perception.md before measuring): the words and
#: phrases people take leave with. A closed list of English and Chinese leave-takings, not fitted; a line the
#: classifier reads as farewell without one is no farewell ("tell me a secret", "OMEGALUL").
LEAVE_TAKING = re.compile(
    r"\b(?:bye+|bye[- ]?bye|bb|goodbye|good[- ]?bye|good ?night|g'?night|gn|nite|nighty|night night"
    r"|see (?:you|ya|u|yall|y'all)|cya|cu|catch (?:you|ya|u)|later|laters|gotta (?:go|run|bounce)"
    r"|got to go|have to go|gtg|g2g|heading out|head out|signing off|sign off|logging off|log off"
    r"|(?:i'?m|i am) out|peace|take care|farewell|ttyl|adios|ciao|time for bed|off to bed"
    r"|going to (?:bed|sleep)|(?:have|got|need) to leave|gotta leave|(?:i'?m|i am) leaving|leaving now"
    r"|signing out|sign out|heading off|(?:i'?m|i am) off|l8r)\b"
    r"|拜|再见|晚安|下次见|明天见|回见|先走|走了|溜了|撤了|下线|睡了|告辞|886",
    re.IGNORECASE,
)


#: "later" as a parting stands alone in its clause, beside at most a vocative, an interjection or a parting's
#: own words ("gotta go, later!", "later guys", "talk to you later"); beside a verb's other words it is a time
#: adverb ("i'll watch it later"). Session 24, brief P2 (L3; docs/perception.md).
_LATER = re.compile(r"(?:later|laters|l8r)", re.IGNORECASE)
_BESIDE_LATER = frozenset(
    "ok okay k kk alright aight well then so guys all everyone everybody yall y'all chat folks peeps fam "
    "people friends bro bros dude dudes man mate boys gang lol haha xd and thanks thx ty much see you ya u "
    "catch talk to speak be back i i'll ill will".split()
)
_CLAUSE_ENDS = ",.!?;:\n"


def _later_alone(text: str, start: int, end: int) -> bool:
    """Whether the "later" at ``text[start:end]`` stands alone in its clause (:data:`_BESIDE_LATER`); emotes,
    emoji and numbers (``screening.normalize``) are no words of it."""
    a = max(text.rfind(c, 0, start) for c in _CLAUSE_ENDS) + 1
    ends = [i for i in (text.find(c, end) for c in _CLAUSE_ENDS) if i >= 0]
    words = re.findall(r"[\w']+", normalize(text[a : min(ends, default=len(text))]))
    return all(w in _BESIDE_LATER or w.isdigit() or _LATER.fullmatch(w) for w in words)


def takes_leave(text: str) -> bool:
    """Whether ``text`` holds a leave-taking (:data:`LEAVE_TAKING`): a farewell's form. "later" counts only
    standing alone in its clause (``_later_alone``)."""
    return any(
        not _LATER.fullmatch(m.group()) or _later_alone(text, m.start(), m.end())
        for m in LEAVE_TAKING.finditer(text)
    )
