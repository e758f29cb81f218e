"""The embedded grounded realizer: (speech act, answer, persona, controls) -> sentences. Deterministic.

Facts are data-to-text: an answer's text (or a show material's text) is placed into the reply verbatim,
only framed by a lead-in, so nothing the knowledge base said is changed; its citations are kept on the
sentences that carry it. Each act has several lines per register (casual / formal) and language; the same
act never gets the same line twice in a row. Emotion is voiced by an opener chosen for the emotion asked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.dialogue.style import StyleControls, restyle, split_sentences
from agent.events import Citation
from agent.persona import Persona

Lines = dict[str, dict[str, list[str]]]  # register -> lang -> templates

TEMPLATES: dict[str, Lines] = {
    "greet": {
        "casual": {
            "en": [
                "Hey {name}, welcome to the stream!",
                "Welcome in, {name}!",
                "Yo {name}, great to see you!",
                "{name} is here! Grab a seat by the fire.",
            ],
            "zh": ["欢迎{name}来到直播间！", "{name}你好呀，欢迎！", "嗨{name}，来得正好！"],
        },
        "formal": {
            "en": [
                "Good to have you here, {name}.",
                "Welcome, {name}.",
                "Hello {name}, thank you for joining.",
            ],
            "zh": ["{name}，您好，欢迎。", "欢迎您，{name}。", "{name}，感谢您的到来。"],
        },
    },
    "thank": {
        "casual": {
            "en": [
                "Thank you so much for the {gift}, {name}!",
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
                "This is what winter is all about!",
                "What a moment, {crew}!",
                "The energy in here is unreal!",
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
                "Quick shout-out: the {product} is {pdesc}, {price}!",
                "Have you seen the {product}? It's {pdesc}, {price}.",
                "Stay warm with the {product}: {pdesc}, {price}!",
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
                "Quick {topic} fact for you.",
                "Did you know this about {topic}?",
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
            "en": ["Great question, {name}!", "Got you, {name}.", "Here's what I've got, {name}."],
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
                "My bad, {name}, thanks for the heads-up.",
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
                "See you next time, {name}!",
                "Bye {name}, stay warm out there!",
                "Catch you later, {name}!",
            ],
            "zh": ["{name}拜拜，下次见！", "{name}再见，注意保暖！"],
        },
        "formal": {
            "en": ["Goodbye, {name}. Thank you for joining.", "Until next time, {name}."],
            "zh": ["{name}，再见，感谢参与。", "{name}，下次见。"],
        },
    },
}

OPENERS: dict[str, dict[str, dict[str, list[str]]]] = {
    "joy": {
        "casual": {"en": ["Haha, I love it!", "Yay, this is awesome!"], "zh": ["哈哈，太开心了！"]},
        "formal": {"en": ["I am happy to share this.", "This is great news."], "zh": ["很高兴告诉您。"]},
    },
    "excited": {
        "casual": {"en": ["Let's go, this is awesome!"], "zh": ["冲呀，太棒了！"]},
        "formal": {"en": ["This is exciting news."], "zh": ["令人振奋。"]},
    },
    "gratitude": {
        "casual": {"en": ["Aw, thank you, really appreciate it!"], "zh": ["谢谢，好感动！"]},
        "formal": {"en": ["I am grateful, thank you."], "zh": ["十分感谢。"]},
    },
    "surprise": {
        "casual": {"en": ["Wow, no way!", "Whoa, unbelievable!"], "zh": ["哇，天哪！"]},
        "formal": {"en": ["Wow, that is a remarkable surprise."], "zh": ["这出乎意料，令人惊讶。"]},
    },
    "sadness": {
        "casual": {
            "en": ["Aw, that's sad, sorry.", "Oh no, that's a sad one."],
            "zh": ["唉，好难过，好可惜。"],
        },
        "formal": {"en": ["I am sorry, that is sad news."], "zh": ["很遗憾，令人难过。"]},
    },
    "fear": {
        "casual": {
            "en": ["Oof, I'm nervous about this one.", "Yikes, I'm a bit scared."],
            "zh": ["有点紧张，好担心。"],
        },
        "formal": {"en": ["I am worried about this."], "zh": ["这令人担忧。"]},
    },
    "anger": {
        "casual": {"en": ["Hmm, that's not okay."], "zh": ["嗯，这样不好。"]},
        "formal": {"en": ["That is unacceptable."], "zh": ["这不可接受。"]},
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

    def add(self, text: str, citations: tuple[Citation, ...] = ()) -> None:
        if text.strip():
            self.sentences.append((text.strip(), citations))


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
        opener = OPENERS.get(emotion, {}).get(register, {}).get(lang)
        if opener and act not in ("refuse", "clarify"):
            out.add(restyle(self._pick(f"open:{emotion}", opener), p, controls, lang))
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
        if act == "answer" and answer is not None:
            cites = to_citations(answer.citations)
            for s in split_sentences(answer.text):
                out.add(s, cites)  # verbatim: facts are never restyled
        elif act == "inform" and fact is not None:
            for s in split_sentences(fact[0]):
                out.add(s, fact[1])
        if (
            act in ("cheer", "greet", "farewell")
            and p.style.catchphrases
            and controls.energy >= 0.75
            and controls.formality < 0.6
            and lang == "en"
        ):
            out.add(self._pick("catch", p.style.catchphrases))
        limit = max(1, max_sentences if controls.verbosity >= 0.3 else min(max_sentences, 2))
        # Over the limit: drop framing (opener first, then the closing, then the lead-in) before any fact
        # sentence; a fact is kept whole even past the limit (a half fact is a changed fact).
        while len(out.sentences) > limit:
            framing = [i for i, (_, c) in enumerate(out.sentences) if not c]
            if not framing:
                break
            drop = framing[0] if (opener and framing[0] == 0 and len(framing) > 1) else framing[-1]
            if any(c for _, c in out.sentences) and drop == framing[-1] and len(framing) > 1:
                drop = framing[0]
            del out.sentences[drop]
            opener = None
        return out
