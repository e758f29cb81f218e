"""The embedded grounded realizer: (speech act, answer, persona, controls) -> sentences. Deterministic.

Say something or say nothing: every sentence answers, acknowledges something specific (the viewer by name,
their gift, what they said), asks a follow-up, or moves the show on. There are no stock exclamations:
emotion is carried by the voice, face and gestures the expresser derives from the plan's emotion, and by
the register of the lines. Facts are data-to-text: an answer's text (or a show material's text) is placed
into the reply verbatim, so nothing the knowledge base said is changed; its citations are kept on the
sentences that carry it. A question the base cannot answer gets an honest "I don't know that one" with the
asker's name, never an unrelated fact.

No framing line is said twice within ``REPEAT_S`` (10 minutes): when every line of an act was said in that
window, the framing is left out (a reply may then be the fact alone, or nothing), except for the ``OWED``
acts (a don't-know, a refusal, thanks, an apology), which repeat the line said longest ago. ``now`` is
passed in; a call without it counts as ``STEP_S`` after the previous one.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.dialogue.catch_up import catch_up_line
from agent.dialogue.firm import calm_refusal
from agent.dialogue.offer import SHOP_LINES, OfferLike, offer_slots, offer_table
from agent.dialogue.quiet import CALM, quiet_lines
from agent.dialogue.recall import joined, opened, own_words, question_subject, recall_line, unlead
from agent.dialogue.reuse import reusable
from agent.dialogue.say_back import flagged
from agent.dialogue.style import StyleControls, restyle, split_sentences
from agent.dialogue.takeup import (
    LEAVING,
    SEVERAL,
    acknowledgements,
    addressed_elsewhere,
    complaint_lines,
    host_action,
)
from agent.dialogue.takeup import cheer_target as cheer_target  # re-exported: where it was
from agent.dialogue.templates import TEMPLATES as TEMPLATES  # re-exported: where it was
from agent.events import Citation
from agent.persona import Persona

REPEAT_S = 600.0  # no framing line twice within this many seconds of one session
#: acts whose line a viewer is owed (a don't-know, a refusal, thanks for a gift, an apology; a shout-out or a
#: hello asked for, ``takeup.host_action``): when every line was said in the window, the one said longest ago
#: is said again rather than nothing
OWED = frozenset({"clarify", "refuse", "thank", "apologize", "asked", "frame"})
STEP_S = 6.0  # the clock step of a call that passes no ``now``


class AnswerLike(Protocol):
    text: str
    abstained: bool
    citations: Any


@dataclass
class Realized:
    """Sentences with the citations each one carries."""

    sentences: list[tuple[str, tuple[Citation, ...]]] = field(default_factory=list)
    #: what each sentence is (opener, line, fact, closer, catch): what to drop first over a length limit
    roles: list[str] = field(default_factory=list)
    #: the act the sentences say where ``realize`` read the act asked another way (session 29): a planned
    #: ``answer`` whose answer abstained is said as the don't-know (``clarify``), a ``reply`` to a viewer who
    #: is leaving as ``farewell``, a ``promote`` with no merchandise as ``ask``; None: the act asked
    act: str | None = None

    def add(self, text: str, citations: tuple[Citation, ...] = (), role: str = "line") -> None:
        """``text`` as the next sentence. A citation an earlier sentence carries is not carried again, nor
        twice by one (session 17: two sentences of one quote showed a renderer two identical source cards);
        order kept, so the act's first sentence that needs a source carries it, as on the LLM path."""
        if text.strip():
            carried = [c for _, cs in self.sentences for c in cs]
            own: list[Citation] = []
            for c in citations:
                if c not in carried and c not in own:
                    own.append(c)
            self.sentences.append((text.strip(), tuple(own)))
            self.roles.append(role)


def to_citations(raw: Any) -> tuple[Citation, ...]:
    out = []
    for c in raw or ():
        if isinstance(c, Citation):
            out.append(c)
        else:  # 3 probes: a knowledge Citation, or a backend's own object with some of these fields
            out.append(
                Citation(
                    source=str(getattr(c, "source", "")),
                    span=str(getattr(c, "span", "") or ""),
                    quote=str(getattr(c, "quote", "") or ""),
                )
            )
    return tuple(out)


class Realizer:
    """Pure and deterministic for a given seed and clock; remembers when each framing line was said."""

    def __init__(self, persona: Persona, seed: int = 0) -> None:
        self.persona = persona
        self.rng = random.Random(seed)
        self._last: dict[str, str] = {}
        self._said: dict[str, float] = {}  # normalized framing line -> when it was last said
        self._clock = 0.0
        self._turn = 0  # realize() calls, and the turn each template was last said in (``reuse``, s27 C)
        self._said_turn: dict[str, int] = {}
        self._promo = 0
        self._material = 0
        #: names the host knows beyond the gazetteer (the knowledge base's heading names, set at assembly): a
        #: cheer or a shout-out asked for one says it back (``say_back.safe_target``, session 20)
        self.known_names: tuple[str, ...] = ()

    def forget(self) -> None:
        """Start a new session: every line may be said again."""
        self._said.clear()
        self._last.clear()
        self._said_turn.clear()

    def _template_fresh(self, template: str, now: float) -> bool:
        said = self._said.get(_key(_TEMPLATE + template))
        return said is None or now - said >= REPEAT_S

    def _fresh(self, line: str, now: float) -> bool:
        """No sentence of ``line`` was said in the window ("{name}'s here! Grab a seat." names vary)."""
        for part in split_sentences(line) or [line]:
            said = self._said.get(_key(part))
            if said is not None and now - said < REPEAT_S:
                return False
        return True

    def _pick(
        self, key: str, options: list[str], now: float, slots: dict[str, str] | None = None
    ) -> str | None:
        """A line not said in the last ``REPEAT_S`` (None when every option was), not the act's last one."""
        if slots is not None and slots.get("name") == "":  # one person whose name we do not know
            options = [o for o in map(_nameless, options) if "{name}" not in o and "{crew}" not in o]
        filled = [o.format(**slots) if slots else o for o in options]
        by_line = dict(zip(filled, options, strict=True))
        # fresh: neither the line nor its template (the same words for another viewer) said in the window
        fresh = [f for f in filled if self._fresh(f, now) and self._template_fresh(by_line[f], now)]
        if not fresh and key.split(":")[0] in OWED and filled:  # a reply the viewer is owed: the oldest line
            fresh = [
                min(
                    filled,
                    key=lambda f: max(self._said.get(_key(p), -1e18) for p in [f, *split_sentences(f)]),
                )
            ]
        # s27, brief C: a take-up's oldest line rather than nothing, and none said in the last N turns
        said_at = lambda t: self._said.get(_key(_TEMPLATE + t), -1e18)  # noqa: E731
        fresh = reusable(key, filled, fresh, by_line, self._said_turn, said_at, self._turn)
        if not fresh:
            return None
        choices = [f for f in fresh if f != self._last.get(key)] or fresh
        line = self.rng.choice(choices)
        self._last[key] = line
        self._said[_key(_TEMPLATE + by_line[line])] = now
        self._said_turn[by_line[line]] = self._turn
        return line

    def _mark(self, out: Realized, now: float) -> None:
        for (text, _), role in zip(out.sentences, out.roles, strict=True):
            if role != "fact":
                for part in split_sentences(text) or [text]:
                    self._said[_key(part)] = now
        if len(self._said) > 4096:  # forget lines older than the window
            self._said = {k: t for k, t in self._said.items() if now - t < REPEAT_S}

    def lead(
        self,
        act: str,
        *,
        name: str | None,
        lang: str = "en",
        controls: StyleControls | None = None,
        viewer_text: str = "",
        now: float,
        newcomer: bool = False,
    ) -> str | None:
        """An answer's opening words, sayable before the answer itself exists (while an LLM reads its
        prompt): for a ``newcomer``, a welcome ("Welcome in, anna_b!"); else the asker's name and what was
        asked ("snowfox, the ice dance:"; the model's words to come may not say it), else, in the formal
        register, a line attributing the answer ("According to the sources, Ana:"); never one said in the
        last ``REPEAT_S``, and never the name alone (a speech act "snowfox:" reads as a cut line). None for
        another act, when there is no name to say, or nothing else fits: then the answer starts with its own
        words."""
        if act != "answer" or not name:
            return None
        controls = controls or StyleControls.of(self.persona)
        if newcomer:
            welcome = self.welcome(name, lang, controls, now)
            if welcome is not None:
                return welcome
        if controls.formality < 0.6:
            return self.address(name, lang, viewer_text, now)
        return self._asked(name, lang, viewer_text, now) or self._formal_lead(name, lang, controls, now)

    def welcome(self, name: str, lang: str, controls: StyleControls, now: float) -> str | None:
        """A newcomer's welcome before the answer to their first question ("Welcome in, anna_b!"; the tree's
        "answered with the greeting"); None when every welcome was said in the last ``REPEAT_S``. ``name``
        "": one viewer whose name is unknown ("Welcome to the stream!")."""
        register = "formal" if controls.formality >= 0.6 else "casual"
        lang = lang if lang in ("en", "zh") else "en"
        table = TEMPLATES["welcome"][register]
        picked = self._pick(f"welcome:{lang}:{register}", table.get(lang) or table["en"], now, {"name": name})
        if picked is None:
            return None
        for part in split_sentences(picked) or [picked]:
            self._said[_key(part)] = now
        said = restyle(picked, self.persona, controls, lang, keep=(name,) if name else ())
        return said if name and said.startswith(name) else said[:1].upper() + said[1:]

    def _formal_lead(self, name: str, lang: str, controls: StyleControls, now: float) -> str | None:
        table = TEMPLATES["answer"]["formal"]
        options = table.get(lang) or table["en"]
        picked = self._pick(f"answer:{lang}:formal", options, now, {"name": name})
        if picked is None:
            return None
        for part in split_sentences(picked) or [picked]:
            self._said[_key(part)] = now
        framed = restyle(picked, self.persona, controls, lang, keep=(name,))
        return framed if framed.startswith(name) else framed[:1].upper() + framed[1:]

    def address(self, name: str, lang: str, viewer_text: str, now: float, fact: str = "") -> str | None:
        """How a casual answer opens: the asker's name and what was asked, when the answer itself does not
        say it ("juno, the team scarf:" before "The Slope Scarf costs $28."), never the same words twice in
        ``REPEAT_S``; else None: the fact alone. Never the name alone (session 15: "anna_b:" was a speech
        act of its own, a line a streamer would cut) and never a judgement of the question ("Good one",
        "Easy one": a stock line, said to every asker, that can sound condescending); the name first, so
        the first utterance is short and voiced soonest."""
        return self._asked(name, lang, viewer_text, now, fact)

    def _asked(self, name: str, lang: str, viewer_text: str, now: float, fact: str = "") -> str | None:
        """The name and what was asked ("snowfox, the ice dance:"); None when no subject can be read off the
        question, ``say_back.flagged`` flags it (session 20, brief S2), ``fact`` holds every word of it, or
        those words were said in the last ``REPEAT_S``."""
        subject = question_subject(viewer_text) if lang == "en" else None
        if not subject or flagged(subject):
            return None  # a viewer's words no reader passes are not said back (session 20, brief S2)
        if fact and set(_key(subject).split()) - {"the"} <= set(_key(fact).split()):
            return None  # "snowfox, the ice dance: ... won the ice dance.": the answer says it already
        line = f"{name}, {subject}:"  # the name first: a one-word first utterance is voiced soonest
        if not self._fresh(line, now):
            return None
        self._said[_key(line)] = now
        return line

    def _offer(self, offer: OfferLike, register: str, slots: dict[str, str], now: float) -> str | None:
        """The don't-know that names what the shop has of the kind asked (``agent.dialogue.offer``)."""
        fill = offer_slots(offer, slots)
        if fill is None:
            return None
        key, tables = offer_table(offer)  # a shop attribute's reply has lines of its own (session 13)
        # the key's act is "clarify": a don't-know is owed, so when every line was said the oldest is said
        line = self._pick(f"clarify:offer:{register}:{key}", tables[register]["en"], now, fill)
        return None if line is None else line[:1].upper() + line[1:]

    def _zh_frame(self, name: str, controls: StyleControls, now: float) -> str:
        """The Chinese frame of an English fact said to a Chinese line (session 29, brief Z): the zh answer
        lines ("{name}，根据资料："), owed like a don't-know (the oldest again when all were said in
        ``REPEAT_S``): a Chinese viewer is never handed a bare English sentence."""
        picked = self._pick("frame:zh", TEMPLATES["answer"]["formal"]["zh"], now, {"name": name}) or ""
        framed = restyle(picked, self.persona, controls, "zh", keep=(name,))
        return framed if framed.startswith(name) else framed[:1].upper() + framed[1:]

    def _zh_offer(
        self, offer: OfferLike, register: str, controls: StyleControls, slots: dict[str, str], now: float
    ) -> list[tuple[str, str]]:
        """A Chinese line's shop reply (session 29, brief Z): the entry's English fact (verdict says or yes)
        after the zh answer frame ("朋友，根据资料："), or its no in a zh line with the English fact
        (``SHOP_LINES["no"]``); [] for any other offer (the line is realized as before)."""
        verdict = getattr(offer, "verdict", None)
        if verdict in ("says", "yes"):
            statement = " ".join(offer.said().split()).rstrip(". ")
            if not statement:
                return []
            fact = f"{statement[:1].upper()}{statement[1:]}."
            return [(self._zh_frame(slots["name"], controls, now), "line"), (fact, "fact")]
        fill = offer_slots(offer, slots) if verdict == "no" else None
        if fill is None:
            return []
        line = self._pick(f"clarify:zh:no:{register}", SHOP_LINES["no"][register]["zh"], now, fill)
        return [(line, "fact")] if line else []

    def realize(
        self,
        act: str,
        *,
        lang: str = "en",
        name: str | None = None,
        emotion: str = "neutral",
        intensity: float = 0.7,
        controls: StyleControls | None = None,
        answer: AnswerLike | None = None,
        gift: str | None = None,
        topic: str | None = None,
        fact: tuple[str, tuple[Citation, ...]] | None = None,
        max_sentences: int = 3,
        viewer_text: str | None = None,
        now: float | None = None,
        lead_said: bool = False,
        offer: OfferLike | None = None,
        newcomer: bool = False,
        late: bool = False,
        catch_up: tuple[str, ...] | None = None,
        quiet: str | None = None,
    ) -> Realized:
        """Sentences for ``act``. ``act="reply"`` takes up ``viewer_text`` (a comment that is no question).

        ``emotion`` and ``intensity`` are not spoken as words: the expresser voices them (prosody, face,
        gestures). Livestream replies are short: an answer is its lead-in and a one-sentence fact, or the
        fact alone; ``max_sentences`` caps the rest. ``lead_said``: the answer's lead-in was already spoken
        (``lead``), so an answer is its facts alone. ``offer``: for a don't-know, what the shop has of the
        kind asked (English): said instead of the plain don't-know, with its citations. ``newcomer``: the
        asker's first line; an answer opens with a welcome (``welcome``) rather than the name and subject.
        ``late``: the answer goes out late (``agent.decide``): an answer or a plain don't-know opens with what
        it answers, in the question's words ("ren, on the most golds: Norway topped ..."; ``recall``), in the
        same speech act as its first sentence (English only). ``catch_up``: a greeting to a viewer who asked
        what they missed, with what the host's cited answers covered (``catch_up.recap``; English): said
        instead of the greeting, whatever the repeat window (it is owed). ``quiet``: a take-up's kind of quiet
        line (``quiet.quiet_kind``), said before a stock question of the ``reply`` table (s28, brief W).
        """
        self._clock = self._clock + STEP_S if now is None else now
        now = self._clock
        self._turn += 1
        p = self.persona
        controls = controls or StyleControls.of(p)
        register = "formal" if controls.formality >= 0.6 else "casual"
        lang = lang if lang in ("en", "zh") else "en"
        crew = p.style.address_viewers_as if lang == "en" else "大家"
        slots = {
            # None: the crew (a line to everyone); "": one person whose name is unknown (lines without one)
            "name": name
            if name is not None and (name or lang == "en")
            else (crew if lang == "en" else "朋友"),
            "crew": crew,
            "gift": gift or "gift",
            "topic": topic or ("winter sports" if lang == "en" else "冬季运动"),
        }
        if lang == "zh" and gift is None:
            slots["gift"] = "礼物"
        if lang == "zh" and name:  # a batch's label read in Chinese: "mei和zz你好呀", not "mei and zz你好呀"
            slots["name"] = _zh_label(name)
        out = Realized()
        if act == "greet" and catch_up is not None and lang == "en":  # s23, brief P2: the catch-up
            caught = catch_up_line(slots["name"], catch_up, register == "formal")
            out.add(restyle(caught, p, controls, lang, keep=(slots["name"], *catch_up)))
            self._mark(out, now)
            return out
        asked = act
        if act == "answer" and (answer is None or answer.abstained or not answer.text.strip()):
            act = "clarify"
        if act == "reply" and lang == "en" and LEAVING.search(viewer_text or ""):
            act = "farewell"  # a viewer who is leaving is seen off, not asked what they are here for
        if act == "promote":
            if not p.merchandise:
                act = "ask"
            else:
                m = p.merchandise[self._promo % len(p.merchandise)]
                self._promo += 1
                slots.update(product=m.name, pdesc=m.description, price=m.price or "ask in chat")
        if act == "inform" and fact is None and p.show_materials:
            n = len(p.show_materials)
            for i in range(n):  # the next material not told in the window; none: say nothing new
                mat = p.show_materials[(self._material + i) % n]
                if self._fresh(mat.text, now):
                    self._material += i + 1
                    slots["topic"] = mat.topic or mat.title
                    fact = (mat.text, (Citation(source=f"persona:{p.name}", span=mat.title),))
                    break
            if fact is None:
                return out
        if act in ("clarify", "answer") and offer is not None and lang == "en":  # said instead (composer)
            said = self._offer(offer, register, slots, now)
            if said is not None:
                out.add(said, to_citations(offer.citations()), role="fact")
                self._mark(out, now)
                return out
        if act in ("clarify", "answer") and offer is not None and lang == "zh":  # s29, brief Z
            zh_said = self._zh_offer(offer, register, controls, slots, now)
            if zh_said:
                for text, role in zh_said:
                    out.add(text, to_citations(offer.citations()) if role == "fact" else (), role=role)
                self._mark(out, now)
                return out
        # what the sentences below say, for the composer to mark them with (s29, brief P2); the shop's line
        # said in place of a don't-know (above) keeps the act asked
        out.act = act if act != asked else None
        facts: list[str] = []
        if act == "answer" and answer is not None:
            facts = split_sentences(answer.text)
        elif act == "inform" and fact is not None:
            facts = split_sentences(fact[0])
        line: str | None = None
        calm = calm_refusal(act, viewer_text, register, lang)  # a stated harm to others: calm lines (s24, S2)
        hushed = False
        recall = None  # a late answer's opening: what it answers (session 17)
        if late and lang == "en" and act in ("answer", "clarify") and (facts or act == "clarify"):
            recall = recall_line(name or None, viewer_text or "")
        elsewhere = addressed_elsewhere(viewer_text or "", p.name)  # "@kai you're wrong": not to the host
        if act == "apologize" and elsewhere:
            return out  # a complaint to another viewer is not the host's to apologize for
        if act == "reply" and not elsewhere:
            specific = acknowledgements(viewer_text or "", register, self.known_names) if lang == "en" else []
            owed = "asked" if lang == "en" and host_action(viewer_text or "", None) else "ack"
            line = self._pick(f"{owed}:{lang}", specific, now, slots) if specific else None
            if line is None and quiet is not None and lang == "en":  # s28, W: a quiet line, not a survey
                line = self._pick(f"reply:quiet:{quiet}:{register}", quiet_lines(quiet, register), now, slots)
                hushed = line is not None and quiet in CALM  # said calmly, never "Sorry to hear that!"
        about, specific = complaint_lines(viewer_text or "", register) if lang == "en" else ("", [])
        if act == "apologize" and about in ("wrong", "dull"):  # "you are wrong": what did I get wrong, not
            line = self._pick(f"ack:{lang}", specific, now, slots)  # "sorry, we're on it"
        welcome = None
        if act == "answer" and newcomer and not lead_said and name is not None:  # "with the greeting"
            welcome = self.welcome(name, lang, controls, now)
        if welcome is not None:
            # else said with the first fact, as one sentence (below); with no name to say, a whole sentence
            # of its own: "Welcome in!", never "Welcome in - Eileen Gu, ..." (session 17, brief F3)
            if not facts or not name:
                out.add(welcome)
                welcome = None
        elif act == "answer" and recall is not None:
            pass  # the recall opens the first fact (below): no other address
        elif act == "answer" and lang == "zh" and facts and not lead_said and not _HAN.search(facts[0]):
            # s29, brief Z: a Chinese line's answer from the English base, said in a Chinese frame
            out.add(self._zh_frame(slots["name"], controls, now))
        elif act == "answer" and register == "casual":  # the asker's address, never a stock line; a longer
            if len(facts) == 1 and not lead_said and name:  # fact, or one whose lead was said: the facts
                out.add(self.address(name, lang, viewer_text or "", now, facts[0]) or "")
        elif line is None and not (act == "answer" and (len(facts) > 1 or lead_said)):  # no lead-in needed
            table = TEMPLATES.get(act, TEMPLATES["clarify"])
            options = table[register].get(lang) or table[register]["en"]
            # a late don't-know: the recall names the asker, so the line is said without the name
            picked = {**slots, "name": ""} if recall is not None else slots
            key = f"{act}:{lang}:{register}" if calm is None else f"{act}:calm:{lang}:{register}"
            line = self._pick(key, calm or options, now, picked)
        if line is not None:
            framed = restyle(line, p, controls, lang, keep=(slots["name"],))
            if act == "clarify" or about == "wrong" or calm or hushed:  # a don't-know, "what's wrong?", quiet
                framed = framed.replace("!", ".").replace("！", "。")
            named = slots["name"] and framed.startswith(slots["name"])
            framed = framed if named else framed[:1].upper() + framed[1:]
            if recall is not None and act == "clarify":  # "ren, on the ski jumping: honestly, I don't ..."
                framed = f"{recall} {unlead(framed)}"
            out.add(framed)
        # A newcomer who said something: take it up. Not for a batch greeting ("tomasz, kai and mei"): the
        # words are one viewer's, and "Glad it feels awesome, tomasz, kai and mei" puts them in three mouths.
        if (
            act == "greet"
            and viewer_text
            and lang == "en"
            and not SEVERAL.search(slots["name"])
            and not elsewhere
        ):
            specific = acknowledgements(viewer_text, register, self.known_names)
            ack = self._pick(f"ack:{lang}", specific, now, slots) if specific else None
            if ack is not None:
                said = restyle(ack, p, controls, lang, keep=(slots["name"],))
                if out.sentences and slots["name"] and slots["name"] in out.sentences[0][0]:
                    said = _unnamed(said, slots["name"])  # "Welcome in, pim! Say hi to your cat for me."
                out.add(said, role="ack")
        if act == "answer" and answer is not None:
            cites = to_citations(answer.citations)
            for i, s in enumerate(facts):
                if i == 0 and recall is not None:  # "ren, on the most golds: Norway topped ..."
                    opening = recall if welcome is None else recall_line(None, viewer_text or "")
                    s = opened(opening, s, None if welcome else name, own_words(answer), viewer_text or "")
                if i == 0 and welcome is not None:
                    s = _welcomed(welcome, s, lang, own_words(answer))  # one speech act, kept with the fact
                out.add(s, cites, role="fact")  # verbatim but a closed-class first word after an opening
        elif act == "inform" and fact is not None:
            for s in facts:
                out.add(s, fact[1], role="fact")
        # No catchphrase tail ("Fresh powder, fresh vibes!"): it says nothing about this viewer or moment.
        limit = max(1, max_sentences if controls.verbosity >= 0.3 else min(max_sentences, 2))
        # Over the limit: drop framing before any fact sentence - the catchphrase, then a fact's lead-in; the
        # act's own line last. A fact is kept whole even past the limit (a half fact is a changed fact).
        order = ["catch", "line" if facts else "", "line"]
        while len(out.sentences) > limit:
            drop = next((i for role in order if role for i, r in enumerate(out.roles) if r == role), None)
            if drop is None:
                break
            del out.sentences[drop]
            del out.roles[drop]
        self._mark(out, now)
        if act == "inform" and fact is not None and facts:
            for part in facts:  # a show material is not retold within the window either
                self._said[_key(part)] = now
        return out


_TEMPLATE = "template "  # marks a template's own entry in the said-lines memory
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _welcomed(welcome: str, fact: str, lang: str, own: bool = False) -> str:
    """A newcomer's welcome and the first fact as one sentence, one speech act (session 16): "Welcome in,
    lumi - Eileen Gu, competing for China, won gold ...". Joined by a dash, not a sentence end: espeak pauses
    about 0.3 s at a sentence end inside an utterance, and none between two utterances, so "Welcome in,
    lumi! Eileen Gu ..." took longer to say than the welcome and the fact said apart (measured on the demo's
    three newcomer answers: 0.29 s more each; a colon 0.15 s). Session 17: no capital after the dash
    mid-sentence ("Welcome, anna_b - The Olympic mascot ..." read oddly in captions): the fact's first word
    is lower-cased when it is a closed-class word that is never a name ("the Olympic mascot"), and a name
    keeps its capital ("Eileen Gu"); the fact's words are otherwise verbatim (``recall.joined``). Chinese:
    the welcome as written, then the fact."""
    if lang == "zh":
        return f"{welcome}{fact}"
    return joined(welcome, fact, own=own)  # ``own``: a card line, no fact (recall.joined; s24, W2)


def _unnamed(line: str, name: str) -> str:
    """``line`` without the viewer's name as an address at its start or before a sentence end ("Hello to
    Brazil, snowfox!" -> "Hello to Brazil!"), for a line that follows one already saying the name."""
    n = re.escape(name)
    out = re.sub(rf",\s*{n}(?=\s*[.?!;:])", "", re.sub(rf"^{n},\s*", "", line))
    return out[:1].upper() + out[1:] if out.strip() else line


def _nameless(template: str) -> str:
    """``template`` said to one person whose name is unknown: the ``{name}`` address (and the crew's: there
    is one person) taken out ("Honestly, {name}, I don't know" -> "Honestly, I don't know"; "{name}, do you
    ski?" -> "Do you ski?"; "Hey {name}, welcome" -> "Hey, welcome"; "The catalog says X, {name} - it doesn't
    say Y" -> "The catalog says X - it doesn't say Y"); a template that still holds one
    ("{name}'s here!") is not sayable."""
    out = re.sub(r",\s*\{(?:name|crew)\}(?=\s*[,.!?;:]|\s+[-\u2013\u2014]\s)", "", template)
    out = re.sub(r"\s+\{(?:name|crew)\}(?=\s*[,.!?;:]|\s+[-\u2013\u2014]\s)", "", out)
    lead = re.match(r"^\{(?:name|crew)\}\s*[,:]\s*", out)
    if lead:
        out = out[lead.end() :]
        out = out[:1].upper() + out[1:]
    return out


def _zh_label(name: str) -> str:
    """A label naming several viewers, joined the Chinese way ("Ana, Ben and 4 others" -> "Ana、Ben等4人";
    "mei and zz" -> "mei和zz"); one name is itself."""
    out = re.sub(r" and (\d+) others?$", r"等\1人", name)
    out = re.sub(r" and others$", "等人", out)
    return out.replace(", ", "、").replace(" and ", "和")


def _key(line: str) -> str:
    return " ".join(re.findall(r"\w+", line.lower()))
