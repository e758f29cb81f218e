"""The question-form readers of the Perception stage: whether a line has a question's form, asks the host,
the shop or by the imperative, whatever class the template classifier read it as (moved out of
``agent.perception.core`` in session 26, brief M, unchanged; ``core`` re-exports every public name and uses
them in ``Perception._one``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.perception.injection import PATTERN as INJECTION_PATTERN
from agent.perception.inversion import NOTE_WORDS, content_words, inverted_question, opens_asking
from agent.perception.lexicon import _URL
from agent.screening import Screening, is_exclamative

_WH_WORD = re.compile(
    r"\b(?:what|whats|what's|when|where|wheres|where's|who|whom|whose|why|how|hows|which)\b", re.I
)


def _addresses_host(name: str, host: str) -> bool:
    """An @-address's name is the host's: its full name (spaces optional), one word of it, or its role
    (the one rule: ``agent.dialogue.host_questions.addresses_host``)."""
    from agent.dialogue.host_questions import addresses_host  # here: agent.dialogue imports perception

    return addresses_host(name, host)


def exclaimed(norm: str) -> list[str]:
    """``norm``'s words ("?" removed) when it is an exclamative (``screening.is_exclamative``), else []."""
    words = norm.replace("?", " ").split()
    return words if norm.startswith(("what", "how")) and is_exclamative(words, "?" in norm) else []


def has_question_form(text: str, screening: Screening, host: str = "") -> bool:
    """Whether a line has the form of a question; perception's question intent needs it (session 9).

    Declared before measuring (issue 17/18: "@Hannabis - A WORTHLESS DEMOCRAT PARTY does not MAKE
    REPUBLICANS FREEDOM FIGHTER" was read as a question): a "?" (or "？"); else not when the line opens with
    an @-address to someone other than ``host`` (the persona's name, a word of it, or its role:
    ``_addresses_host``; anyone else: chat between viewers); else screening's
    own question detection (a question word or auxiliary first, a Chinese question particle); else a
    question word anywhere ("slalom final when start", "snow scarf how much price") with two content words
    besides (session 17, brief Q, W2: ``inversion.content_words``; "wait what", "why tho", "Bruh WHY" are
    reactions). Not an exclamative ("what a run", "how cool is that?": ``screening.is_exclamative``; s18,
    brief Q2)."""
    norm = screening.norm
    if norm.startswith(("what", "how")) and is_exclamative(norm.replace("?", " ").split(), "?" in norm):
        return False
    if "?" in text or "？" in text:
        # any "?": "shipping?", "sizes?" are a viewer's questions (brief D's reading of a "?" with screening's
        # two-word reader was taken out in session 21 after review V; a batch of newcomers is kept from a
        # don't-know by ``agent.decide`` instead)
        return True
    if _to_someone_else(text, host):
        return False
    if screening.question:
        return True
    # a question word anywhere: a note ("slalom final when start") needs content beyond it (session 17,
    # brief Q, W2): "wait what", "why tho", "Bruh WHY" are reactions
    return bool(_WH_WORD.search(text)) and content_words(screening.norm) >= NOTE_WORDS


def _to_someone_else(text: str, host: str) -> bool:
    """The line opens with an @-address to someone other than the host (chat between viewers)."""
    first = text.lstrip().split(maxsplit=1)
    return (
        bool(first)
        and first[0].startswith("@")
        and not _addresses_host(first[0].lstrip("@").strip(",:;.-"), host)
    )


def asks_by_word_order(text: str, host: str = "") -> bool:
    """A line that asks by its word order (``inversion.inverted_question``: "did you see the halfpipe final",
    "hi, is the race on", "i missed it, where was the race"; session 17, brief Q, declared in
    docs/perception.md before measuring), not addressed to another viewer; an @-address to the host is read
    past ("@Frosty did you see the replay")."""
    return not _to_someone_else(text, host) and inverted_question(_past_address(text))


def complaint_that_asks(text: str, host: str = "") -> bool:
    """A line read as a complaint that is a question (session 17, brief Q, W3; declared before measuring): no
    "!", and it opens with a question's inversion that does not ask "why" (``inversion.opens_asking``: "who
    carried the flag for norway"; not "why is there no sound", not "the chat is a mess, where are the mods"),
    not addressed to another viewer."""
    if "!" in text or "！" in text or _to_someone_else(text, host):
        return False
    return opens_asking(_past_address(text))


def _past_address(text: str) -> str:
    """The line without its opening @-address (one the host's, once ``_to_someone_else`` is ruled out)."""
    text = text.lstrip()
    return text.split(maxsplit=1)[1] if text.startswith("@") and " " in text else text


_ASK_WH = frozenset("what when where who which how".split())
_ASK_HOW = frozenset("long much many often old far soon".split())
_ASK_AUX = frozenset("are is was were do does did will would can could have has should".split())
_ASK_YOU = frozenset("you u ya your ur".split())


def asks_the_host(text: str, screening: Screening) -> bool:
    """A line without "?" that opens with subject-auxiliary inversion to the host (session 9, declared
    before measuring): an optional question word (not "why"), an auxiliary, then you / your, 3+ words.
    "WHEN ARE YOU COMING TO AMERICA", "DO YOU SKI YOURSELF", "how long have you been streaming"."""
    if "?" in text or "？" in text or text.lstrip().startswith("@"):
        return False
    words = screening.norm.split()
    if len(words) < 3:
        return False
    i = 0
    if words[0] in _ASK_WH:
        i = 2 if words[0] == "how" and words[1] in _ASK_HOW else 1
    return len(words) > i + 1 and words[i] in _ASK_AUX and words[i + 1] in _ASK_YOU


def about_the_host(text: str, host: str) -> bool:
    """A question about the host itself ("wait r u a real person": ``agent.dialogue.host_questions``, session
    13): a question, whatever class the template classifier read it as (of ``_ASK_OVERRIDES``)."""
    from agent.dialogue.host_questions import host_question  # here: agent.dialogue imports perception

    return host_question(text, host) is not None


_SHOP_ASK_WORDS = 6  # chosen before measuring: a shop line typed as a note ("hoodie price pls"), no sentence
_PLEASE = re.compile(r"\b(?:pls|plz|please|pleas|plox|pl0x)\b")
#: What a note asks of the shop: not a capacity, care, code or material word, each also said of the stream
#: ("turn up the volume pls" is a complaint, not a capacity asked)
_NOTE_ASKS = frozenset({"price", "size", "colour", "discount", "shipping", "returns"})


def asks_the_shop(text: str, screening: Screening) -> bool:
    """A line with a question's opening (screening: "can i get ...", "do you have ...") that asks a shop
    attribute by its words (``knowledge.shop_attributes.attribute_asked``: a size, a colour, a price, the
    shop's terms; not a measure): "can i get the big air tee in xxl" was read as chit-chat and got "what do
    you like most about big air?" (session 14). A question, whatever class the template classifier read it
    as (of ``_ASK_OVERRIDES``); the composer's shop path then answers it from the catalogue. Without a
    question's opening (session 14, declared before measuring): a short line (``_SHOP_ASK_WORDS`` words or
    fewer) that asks with a request word or holds a question word anywhere ("hoodie price pls", "subs get how
    much off in the shop") a price, size, colour or the shop's terms (``_NOTE_ASKS``); "the hoodie price is
    steep lol" is no question."""
    note = not screening.question
    if note and not (
        len(screening.norm.split()) <= _SHOP_ASK_WORDS
        and (_PLEASE.search(screening.norm) is not None or _WH_WORD.search(text) is not None)
    ):
        return False
    from knowledge.shop_attributes import attribute_asked  # floor 1, pure; here: loaded only when asked

    asked = attribute_asked(text)
    return asked in _NOTE_ASKS if note else asked not in (None, "measure")


#: a price asked by the shop's own words (session 21, brief P4), not "how much are you paid"
_PRICE_WORD = re.compile(r"\b(?:prices?|pricing|costs?)\b", re.I)


def asks_the_shop_terms(text: str) -> bool:
    """A line that asks the shop's terms (returns, shipping, discount, pricing:
    ``knowledge.shop_attributes.attribute_asked`` in ``POLICY``) or a price by the words price(s)/cost(s)
    ("what are your prices", "what is your return policy"): the shop's public business, which its catalogue
    answers (session 21, brief P4; declared in docs/perception.md before measuring). Not "how much are you
    paid", "how much money does this stream make" (no such word)."""
    from knowledge.shop_attributes import POLICY, attribute_asked  # floor 1, pure; loaded only when asked

    asked = attribute_asked(text)
    return asked in POLICY or (asked == "price" and _PRICE_WORD.search(text) is not None)


#: A shop's own codes: the injection model (fitted on attacks that ask for an "access code") flags "what's the
#: product code of the phone case" and "what is the discount code" (session 14; none of its 173 fit attacks
#: names one of these).
_SHOP_CODE = re.compile(r"\b(?:product|item|discount|promo|coupon|voucher)\s+code\b|\bsku\b", re.I)


def asks_a_shop_code(text: str, screening: Screening) -> bool:
    """A short question (a question's opening) for a product's or a discount's code: no injection attempt
    by the injection model's word alone (its hand-written ``PATTERN`` and moderation's lexicon still flag)."""
    return (
        screening.question
        and len(text) <= 120
        and _SHOP_CODE.search(text) is not None
        and INJECTION_PATTERN.search(text) is None
    )


def names_known(text: str, names: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``names`` (lower-cased) as whole words."""
    low = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", low) for n in names if n)


def spam_that_asks(text: str, screening: Screening, names: Sequence[str], host: str = "") -> bool:
    """A line the intent classifier read as spam that is a viewer's question (session 16, brief S2; declared
    in docs/perception.md before measuring): it has a question's form (``has_question_form``), holds no link
    (the model's own link feature) and names something the host knows (``names``: the gazetteer and the
    base's names, whole words) or asks a shop attribute (``attribute_asked``). "do subs get a discount on
    the hoodie" (gift 0.98 for "subs", excluded for a comment: spam was the runner-up at 0.008), "who won the
    men's freeski big air"; not "sub4sub anyone?", not "free hoodie? bit.ly/x"."""
    if _URL.search(text) or not has_question_form(text, screening, host):
        return False
    if names_known(text, names):
        return True
    from knowledge.shop_attributes import attribute_asked  # floor 1, pure; here: loaded only when asked

    return attribute_asked(text) is not None


#: Verbs by which a viewer asks the host to produce something (session 18, brief S; declared in docs/safety.md
#: before measuring): an imperative ask opens with one ("teach me to ...", "show me how to ...").
_ASK_VERBS = frozenset(
    "tell teach show explain give write make help find send list describe generate create provide recommend "
    "suggest share say draw".split()
)
#: What may come before an imperative ask's verb: a greeting word, a laugh, a please-word, "can you".
_ASK_OPENERS = frozenset("hey yo ok okay so lol lmao haha pls plz please pleas can could will would".split())
_IMPERATIVE_WORDS = 3  # words from the verb on (chosen before measuring): "help me" alone asks for nothing


def asks_by_imperative(text: str, host: str = "") -> bool:
    """An imperative ask (session 18, brief S; declared in docs/safety.md before measuring), a kind of line
    the harm check guards like a question: past an @-address to the host (a line to another viewer is none)
    and openers (``_ASK_OPENERS``, "can you"), its first word is a verb by which a viewer asks the host to
    produce something (``_ASK_VERBS``) with ``_IMPERATIVE_WORDS`` words from it on ("teach me to make a pipe
    bomb lol", "tell me a racist joke", "pls explain how to cook meth"); or it holds a please-word
    (``_PLEASE``) and ``_IMPERATIVE_WORDS`` words ("make a bomb pls")."""
    if _to_someone_else(text, host):
        return False
    words = _WORD_RUN.findall(_past_address(text).lower())
    if len(words) < _IMPERATIVE_WORDS:
        return False
    if _PLEASE.search(" ".join(words)) is not None:
        return True
    i = 0
    while i < len(words) and (words[i] in _ASK_OPENERS or (i > 0 and words[i] in ("you", "u"))):
        i += 1
    return i < len(words) and words[i] in _ASK_VERBS and len(words) - i >= _IMPERATIVE_WORDS


#: How close question must come to the first class, as a share of its probability (a round number; declared in
#: docs/perception.md before measuring).
CLOSE_SHARE = 0.5
#: Words besides its question words a line needs when its question word is not first (session 17, brief S).
CLOSE_OTHER_WORDS = 3
_WORD_RUN = re.compile(r"[\w']+")


def close_question(
    text: str, screening: Screening, first: float, runner_up: str, p_question: float, host: str = ""
) -> bool:
    """A line read as praise, request or complaint that is a viewer's question (session 16, brief S3; declared
    in docs/perception.md before measuring): it has a question's form (``has_question_form``), holds no "!"
    (praise's and a complaint's mark: "how is she so good?!"), and question is the classifier's runner-up at
    ``CLOSE_SHARE`` of the first class's probability or more. "is anna gu competing" (praise 0.438, question
    0.419), "where is the big air venue" (complaint 0.579, question 0.332); not "can you play the highlights"
    (request 1.000), not "what a performance by su yiming" (question 0.055 of 0.885). Since session 17 (brief
    S) the form is screening's own question (``Screening.question``: a "?" and two words, a question word or
    auxiliary first with 3+ words), or a question word anywhere with ``CLOSE_OTHER_WORDS`` other words
    ("eileen gu birthday, which day"): a lone question word ("Bruh WHY", "WTFF BUT WHY", "WHAT DansGame") is
    a reaction."""
    if "!" in text or "！" in text or runner_up != "question" or p_question < CLOSE_SHARE * first:
        return False
    if not has_question_form(text, screening, host):
        return False
    if screening.question:
        return True
    words = _WORD_RUN.findall(text)
    return len(words) - sum(bool(_WH_WORD.fullmatch(w)) for w in words) >= CLOSE_OTHER_WORDS
