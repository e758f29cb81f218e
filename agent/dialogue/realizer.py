"""The embedded grounded realizer: (speech act, answer, persona, controls) -> sentences. Deterministic.

Facts are data-to-text: an answer's text (or a show material's text) is placed into the reply verbatim,
only framed by a lead-in, so nothing the knowledge base said is changed; its citations are kept on the
sentences that carry it. Each act has several lines per register (casual / formal) and language; the same
act never gets the same line twice in a row. Emotion is voiced by an opener chosen for the emotion and
intensity asked (``emotion_lines.py``), and by a closer when the act's own line carries another feeling.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.dialogue.emotion_lines import closer_lines, opener_lines
from agent.dialogue.style import StyleControls, restyle, split_sentences
from agent.events import Citation
from agent.persona import Persona

Lines = dict[str, dict[str, list[str]]]  # register -> lang -> templates

TEMPLATES: dict[str, Lines] = {
    "greet": {
        "casual": {
            "en": [
                "Hey {name}, welcome to the stream, glad you're here!",
                "Welcome in, {name}, you're right on time!",
                "Yo {name}, great to see you!",
                "{name}'s here! Grab a seat by the fire.",
            ],
            "zh": ["欢迎{name}来到直播间！", "{name}你好呀，欢迎！", "嗨{name}，来得正好！"],
        },
        "formal": {
            "en": [
                "Good to have you here, {name}.",
                "Welcome, {name}.",
                "Hello {name}, welcome to the broadcast.",
            ],
            "zh": ["{name}，您好，欢迎。", "欢迎您，{name}。", "{name}，感谢您的到来。"],
        },
    },
    "thank": {
        "casual": {
            "en": [
                "Thanks so much for the {gift}, {name}, you're the best!",
                "{name}, you legend, thanks for the {gift}!",
                "Huge thanks, {name}, the {gift} made my day!",
            ],
            "zh": ["谢谢{name}送的{gift}！", "感谢{name}的{gift}，太暖了！", "{name}，谢谢你的{gift}！"],
        },
        "formal": {
            "en": [
                "Thank you very much, {name}.",
                "Much appreciated, {name}.",
                "Thank you for the {gift}, {name}.",
            ],
            "zh": ["非常感谢，{name}。", "谢谢您，{name}。", "感谢您的{gift}，{name}。"],
        },
    },
    "cheer": {
        "casual": {
            "en": [
                "Come on, let's hear it for the athletes!",
                "That's what winter is all about!",
                "What a moment, {crew}, I'm loving it!",
                "The energy in here? It's unreal!",
            ],
            "zh": ["加油加油！", "这就是冬天的魅力！", "太精彩了，大家一起加油！"],
        },
        "formal": {
            "en": [
                "It has been a remarkable competition.",
                "The athletes deserve credit for that effort.",
                "That was a fine performance.",
            ],
            "zh": ["这是一场精彩的比赛。", "运动员们表现出色。", "这一轮发挥得很好。"],
        },
    },
    "promote": {
        "casual": {
            "en": [
                "Quick shout-out: the {product}'s {pdesc}, {price}!",
                "Have you seen the {product}? It's {pdesc}, {price}.",
                "Stay warm with the {product}, it's {pdesc}, {price}!",
            ],
            "zh": ["顺便推荐一下{product}：{pdesc}，{price}！", "{product}上新啦，{pdesc}，{price}。"],
        },
        "formal": {
            "en": ["For those interested, the {product} is available: {pdesc}, {price}."],
            "zh": ["如有兴趣，可以了解一下{product}：{pdesc}，{price}。"],
        },
    },
    "inform": {
        "casual": {
            "en": [
                "Here's a fun one about {topic}.",
                "Here's a quick {topic} fact for you.",
                "Did you know this? It's about {topic}.",
            ],
            "zh": ["说个{topic}的小知识。", "关于{topic}，有个有趣的事。"],
        },
        "formal": {
            "en": ["A note on {topic}.", "Some background on {topic}.", "For context on {topic}:"],
            "zh": ["关于{topic}，说明如下。", "{topic}的背景如下。"],
        },
    },
    "answer": {
        "casual": {
            "en": [
                "Great question, {name}, here's the scoop!",
                "Got you, {name}, here's what I found.",
                "Here's what I've got, {name}.",
            ],
            "zh": ["好问题，{name}！", "{name}，我查到了。"],
        },
        "formal": {
            "en": [
                "According to the sources, {name}:",
                "Here is what the sources say, {name}.",
                "To be precise, {name}:",
            ],
            "zh": ["{name}，根据资料：", "{name}，资料显示如下。"],
        },
    },
    "ask": {
        "casual": {
            "en": [
                "Who's your pick for the {topic}, {crew}?",
                "Where's everyone watching from tonight?",
                "Drop your favorite {topic} moment in chat!",
                "Skiers or snowboarders, who's in chat?",
            ],
            "zh": [
                "大家觉得{topic}谁会赢？",
                "大家都在哪里看直播呀？",
                "在评论区说说你最喜欢的{topic}瞬间！",
            ],
        },
        "formal": {
            "en": [
                "Which part of {topic} should we cover next?",
                "Is there a result you would like checked?",
            ],
            "zh": ["接下来想了解{topic}的哪一方面？", "有需要核实的成绩吗？"],
        },
    },
    "clarify": {
        "casual": {
            "en": [
                "I don't have a source on that yet, {name}. Can you tell me a bit more?",
                "Hmm, I can't confirm that one, {name}. Which event do you mean?",
                "I'm not sure I caught that, {name}. What's your question?",
            ],
            "zh": ["{name}，这个我还没有可靠来源，能再说具体一点吗？", "{name}，你是指哪个项目呢？"],
        },
        "formal": {
            "en": [
                "I do not have a source for that, {name}. Could you specify the event or date?",
                "I cannot confirm that yet, {name}. Which competition do you mean?",
            ],
            "zh": [
                "{name}，目前没有可靠来源，请说明具体赛事或日期。",
                "{name}，我暂时无法确认，请问是哪项比赛？",
            ],
        },
    },
    "apologize": {
        "casual": {
            "en": [
                "Sorry about that, {name}, we're on it!",
                "My bad, {name}, that's on us.",
                "Oops, sorry {name}! Let me fix that.",
            ],
            "zh": ["抱歉{name}，我们马上处理！", "不好意思{name}，谢谢提醒。"],
        },
        "formal": {
            "en": ["My apologies, {name}. We are looking into it.", "I am sorry for the trouble, {name}."],
            "zh": ["{name}，非常抱歉，我们正在处理。", "抱歉给您带来不便，{name}。"],
        },
    },
    "refuse": {
        "casual": {
            "en": [
                "That's one I'll skip, {name}. Ask me anything about winter sports though!",
                "I'm going to pass on that one, {name}. Let's keep it about the snow!",
                "Not something I get into on stream, {name}, but the racing is all yours.",
            ],
            "zh": [
                "{name}，这个话题我就不聊啦，问我冬季运动吧！",
                "{name}，这个我不方便回答，我们聊比赛吧！",
            ],
        },
        "formal": {
            "en": [
                "I am not able to help with that, {name}. I can assist with results, schedules and athletes.",
                "That is outside what I can discuss, {name}. Please ask about the competitions.",
            ],
            "zh": ["{name}，这超出了我能讨论的范围，欢迎询问赛事信息。", "抱歉{name}，这个问题我无法回答。"],
        },
    },
    "farewell": {
        "casual": {
            "en": [
                "See you next time, {name}, don't be a stranger!",
                "Bye {name}, stay warm, it's cold out there!",
                "Catch you later, {name}, it's been fun!",
            ],
            "zh": ["{name}拜拜，下次见！", "{name}再见，注意保暖！"],
        },
        "formal": {
            "en": ["Goodbye, {name}. It was a pleasure.", "Until next time, {name}."],
            "zh": ["{name}，再见，感谢参与。", "{name}，下次见。"],
        },
    },
}


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

    def add(self, text: str, citations: tuple[Citation, ...] = (), role: str = "line") -> None:
        if text.strip():
            self.sentences.append((text.strip(), citations))
            self.roles.append(role)


def to_citations(raw: Any) -> tuple[Citation, ...]:
    out = []
    for c in raw or ():
        if isinstance(c, Citation):
            out.append(c)
        else:
            out.append(
                Citation(
                    source=str(getattr(c, "source", "")),
                    span=str(getattr(c, "span", "") or ""),
                    quote=str(getattr(c, "quote", "") or ""),
                )
            )
    return tuple(out)


class Realizer:
    """Pure and deterministic for a given seed; keeps the last line per act to vary the next one."""

    def __init__(self, persona: Persona, seed: int = 0) -> None:
        self.persona = persona
        self.rng = random.Random(seed)
        self._last: dict[str, str] = {}
        self._promo = 0
        self._material = 0

    def _pick(self, key: str, options: list[str]) -> str:
        choices = [o for o in options if o != self._last.get(key)] or options
        line = self.rng.choice(choices)
        self._last[key] = line
        return line

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
    ) -> Realized:
        p = self.persona
        controls = controls or StyleControls.of(p)
        register = "formal" if controls.formality >= 0.6 else "casual"
        lang = lang if lang in ("en", "zh") else "en"
        crew = p.style.address_viewers_as if lang == "en" else "大家"
        slots = {
            "name": name or (crew if lang == "en" else "朋友"),
            "crew": crew,
            "gift": gift or "gift",
            "topic": topic or ("winter sports" if lang == "en" else "冬季运动"),
        }
        if lang == "zh" and gift is None:
            slots["gift"] = "礼物"
        out = Realized()
        if act == "answer" and (answer is None or answer.abstained or not answer.text.strip()):
            act = "clarify"
        voiced = act not in ("refuse", "clarify")  # a refusal or a question back stays even-toned
        opener = opener_lines(emotion, register, lang, intensity) if voiced else []
        if opener:
            out.add(restyle(self._pick(f"open:{emotion}:{lang}", opener), p, controls, lang), role="opener")
        if act == "promote":
            if not p.merchandise:
                act = "ask"
            else:
                m = p.merchandise[self._promo % len(p.merchandise)]
                self._promo += 1
                slots.update(product=m.name, pdesc=m.description, price=m.price or "ask in chat")
        if act == "inform" and fact is None and p.show_materials:
            mat = p.show_materials[self._material % len(p.show_materials)]
            self._material += 1
            slots["topic"] = mat.topic or mat.title
            fact = (mat.text, (Citation(source=f"persona:{p.name}", span=mat.title),))
        table = TEMPLATES.get(act, TEMPLATES["clarify"])
        line = self._pick(f"{act}:{lang}:{register}", table[register].get(lang) or table[register]["en"])
        framed = restyle(line.format(**slots), p, controls, lang)
        out.add(framed[:1].upper() + framed[1:])
        facts: list[str] = []
        if act == "answer" and answer is not None:
            cites = to_citations(answer.citations)
            facts = split_sentences(answer.text)
            for s in facts:
                out.add(s, cites, role="fact")  # verbatim: facts are never restyled
        elif act == "inform" and fact is not None:
            facts = split_sentences(fact[0])
            for s in facts:
                out.add(s, fact[1], role="fact")
        closer = closer_lines(act, emotion, register, lang) if voiced and intensity >= 0.35 else []
        if closer:
            out.add(restyle(self._pick(f"close:{emotion}:{lang}", closer), p, controls, lang), role="closer")
        if (
            act in ("cheer", "greet", "farewell")
            and p.style.catchphrases
            and controls.energy >= 0.75
            and controls.formality < 0.6
            and lang == "en"
        ):
            out.add(self._pick("catch", p.style.catchphrases), role="catch")
        limit = max(1, max_sentences if controls.verbosity >= 0.3 else min(max_sentences, 2))
        # Over the limit: drop framing before any fact sentence - the catchphrase, then a fact's lead-in, then
        # the closer, then the opener; the act's own line last. A fact is kept whole even past the limit (a
        # half fact is a changed fact).
        order = ["catch", "line" if facts else "", "closer", "opener", "line"]
        while len(out.sentences) > limit:
            drop = next((i for role in order if role for i, r in enumerate(out.roles) if r == role), None)
            if drop is None:
                break
            del out.sentences[drop]
            del out.roles[drop]
        return out
