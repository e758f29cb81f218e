"""How the embedded realizer voices an emotion: openers and closers by emotion, register, language.

An opener leads the reply ("Oh no, that's so sad."); a closer may follow the act's own line when that line
carries an emotion of its own (a greeting sounds happy, a thank-you grateful), so the feeling asked for is
still what a listener takes away. Casual lines talk like chat (contractions, interjections); formal lines
use neither. ``strong`` lines are for an intensity of 0.6 and more, ``mild`` ones below it.
"""

from __future__ import annotations

Tiered = dict[str, list[str]]  # "strong" | "mild" -> lines

OPENERS: dict[str, dict[str, dict[str, Tiered]]] = {
    "joy": {
        "casual": {
            "en": {
                "strong": [
                    "Haha, I love this, it's awesome and so much fun!",
                    "Yay, I'm so happy, I love it!",
                    "I'm so happy, I love it, this is awesome!",
                    "Haha, this is the best, I'm loving it!",
                ],
                "mild": ["That's nice, I'm happy about it.", "Haha, that's fun, I like it."],
            },
            "zh": {
                "strong": ["哈哈，太开心了，太棒了！", "好开心呀，我太喜欢了！", "哈哈，开心死了，真精彩！"],
                "mild": ["挺开心的。", "哈哈，不错哦，喜欢。"],
            },
        },
        "formal": {
            "en": {
                "strong": [
                    "What a joy; I am delighted and very happy.",
                    "I am so happy about this; it is wonderful and I love it.",
                    "This is a beautiful moment, and I am very happy.",
                ],
                "mild": ["I am glad and happy about this.", "This is pleasant, and I am happy with it."],
            },
            "zh": {
                "strong": [
                    "我非常开心，太精彩了。",
                    "这让我由衷地高兴，非常喜欢。",
                    "很开心与您分享这份喜悦。",
                ],
                "mild": ["我很高兴。", "这是个好消息，很开心。"],
            },
        },
    },
    "excited": {
        "casual": {
            "en": {
                "strong": [
                    "Let's go, I'm so hyped, this is awesome!",
                    "Oh wow, I'm buzzing, this is amazing!",
                ],
                "mild": ["Ooh, I'm getting excited."],
            },
            "zh": {"strong": ["冲呀，太燃了！", "好激动啊，太棒了！"], "mild": ["有点激动。"]},
        },
        "formal": {
            "en": {
                "strong": ["This is truly exciting and amazing.", "I am very excited about this."],
                "mild": ["This is exciting."],
            },
            "zh": {"strong": ["令人振奋。", "我非常激动。"], "mild": ["值得期待。"]},
        },
    },
    "gratitude": {
        "casual": {
            "en": {
                "strong": [
                    "Aw, thank you so much, I really appreciate it!",
                    "Thanks a ton, that means so much to me!",
                    "I'm so grateful, thank you, thank you!",
                ],
                "mild": ["Thanks, I appreciate that.", "That's kind, thank you."],
            },
            "zh": {
                "strong": ["谢谢谢谢，好感动！", "太感谢了，真的很感激！", "感谢大家，心里暖暖的！"],
                "mild": ["谢谢。", "感谢支持。"],
            },
        },
        "formal": {
            "en": {
                "strong": [
                    "I am truly grateful; thank you sincerely.",
                    "Thank you; I deeply appreciate it.",
                    "I am very grateful for this, thank you.",
                ],
                "mild": ["Thank you; it is appreciated.", "I appreciate it."],
            },
            "zh": {
                "strong": ["十分感谢。", "由衷感谢您的支持。", "非常感激。"],
                "mild": ["谢谢您。", "感谢。"],
            },
        },
    },
    "surprise": {
        "casual": {
            "en": {
                "strong": [
                    "Wow, no way, that's incredible!",
                    "Whoa, seriously? That's unbelievable, wow!",
                    "Omg, wow, I can't believe it, that's insane!",
                    "Wait, what? Wow, that's incredible!",
                ],
                "mild": ["Oh, wow, I didn't expect that.", "Ooh, wow, that's a surprise."],
            },
            "zh": {
                "strong": ["哇，天哪，真没想到！", "哇，居然是这样！太意外了！", "天哪，哇，难以置信！"],
                "mild": ["咦，有点意外。", "哇，没想到。"],
            },
        },
        "formal": {
            "en": {
                "strong": [
                    "Wow, that is incredible and truly unexpected.",
                    "I am astonished; that is unbelievable.",
                    "That is a remarkable surprise, and an incredible one.",
                ],
                "mild": ["That is somewhat unexpected.", "I did not expect that; it is a surprise."],
            },
            "zh": {
                "strong": ["这真是出乎意料，令人惊讶。", "没想到，实在令人惊讶。", "令人难以置信。"],
                "mild": ["这有些出乎意料。", "有点意外。"],
            },
        },
    },
    "sadness": {
        "casual": {
            "en": {
                "strong": [
                    "Aw, that's so sad, I'm sorry.",
                    "Oh no, that's heartbreaking, I'm so sad.",
                    "Sigh, that's a sad one, I'm sorry, I miss the good days.",
                ],
                "mild": ["Aw, that's a bit sad.", "Oh, that's a shame, sorry."],
            },
            "zh": {
                "strong": ["唉，好难过，太可惜了。", "呜呜，心里好难受，想哭。", "唉，真让人伤心，好可惜。"],
                "mild": ["有点可惜。", "唉，有点难过。"],
            },
        },
        "formal": {
            "en": {
                "strong": [
                    "I am sorry; that is very sad news.",
                    "It is sad, and I am sorry to hear it.",
                    "That is heartbreaking and sad, and I am sorry.",
                ],
                "mild": ["That is a little sad.", "I am sorry to hear that."],
            },
            "zh": {
                "strong": ["很遗憾，令人难过。", "这令人伤心，我很难过。", "非常遗憾，心情沉重，很难过。"],
                "mild": ["有些遗憾。", "令人惋惜。"],
            },
        },
    },
    "fear": {
        "casual": {
            "en": {
                "strong": [
                    "Yikes, I'm scared and nervous about this one.",
                    "Oof, I'm so nervous, this is scary.",
                    "Eek, I'm really worried and a bit scared.",
                ],
                "mild": ["Hmm, I'm a little nervous.", "I'm a bit worried, honestly."],
            },
            "zh": {
                "strong": ["好害怕，太紧张了。", "天，我好担心，好害怕。", "心都提起来了，好紧张。"],
                "mild": ["有点紧张。", "有点担心。"],
            },
        },
        "formal": {
            "en": {
                "strong": [
                    "I am worried and nervous about this.",
                    "I must admit I am afraid; this is worrying.",
                    "This is scary, and I am anxious and worried about it.",
                ],
                "mild": ["I am slightly worried.", "This makes me a little nervous."],
            },
            "zh": {
                "strong": ["这令人担忧，我很紧张。", "我非常担心。", "令人紧张不安，有些害怕。"],
                "mild": ["有些担心。", "略感紧张。"],
            },
        },
    },
    "anger": {
        "casual": {
            "en": {"strong": ["Hmm, that's not okay."], "mild": ["Hmm, not great."]},
            "zh": {"strong": ["嗯，这样不好。"], "mild": ["嗯。"]},
        },
        "formal": {
            "en": {"strong": ["That is unacceptable."], "mild": ["That is not appropriate."]},
            "zh": {"strong": ["这不可接受。"], "mild": ["这不太合适。"]},
        },
    },
}

#: The emotion an act's own line already carries (a welcome sounds happy, a thank-you grateful); any other
#: emotion asked for gets a closer too, so the reply ends on the feeling asked for.
ACT_EMOTION: dict[str, str] = {"greet": "joy", "thank": "gratitude", "cheer": "joy"}

CLOSERS: dict[str, dict[str, dict[str, list[str]]]] = {
    "joy": {
        "casual": {
            "en": [
                "Haha, best day, love it!",
                "Yay, I'm so happy, best day ever!",
                "I love it, this is so fun!",
            ],
            "zh": ["好开心！", "哈哈，太棒了！"],
        },
        "formal": {
            "en": ["What a beautiful, happy day; I love it.", "I am so happy; this is wonderful and great."],
            "zh": ["我很开心。", "今天真是美好的一天。"],
        },
    },
    "surprise": {
        "casual": {
            "en": ["Omg, wow, unbelievable!", "Wow, I still can't believe it, incredible!"],
            "zh": ["真没想到！", "哇，太意外了！"],
        },
        "formal": {
            "en": ["Wow, truly unbelievable.", "Truly incredible; I did not expect it."],
            "zh": ["实在出乎意料。"],
        },
    },
    "sadness": {
        "casual": {
            "en": ["I'm sad, sorry, I'll miss this.", "Sigh, it's a sad day, I'm sorry."],
            "zh": ["今天心情有点难过。", "唉，有点伤心。"],
        },
        "formal": {
            "en": ["I am sad and sorry to say it.", "It is a sad day, and I am sorry."],
            "zh": ["今天心情有些沉重。"],
        },
    },
    "fear": {
        "casual": {
            "en": ["Eek, I'm so worried, it's scary!", "I'm honestly nervous and scared."],
            "zh": ["我还是有点害怕。", "好紧张。"],
        },
        "formal": {
            "en": ["I am afraid and anxious.", "I remain nervous and worried about it."],
            "zh": ["我仍然有些担心。"],
        },
    },
    "gratitude": {
        "casual": {
            "en": ["Thanks so much, really!", "I'm really grateful, thanks!"],
            "zh": ["真的很感谢！"],
        },
        "formal": {"en": ["I am grateful, thank you.", "Thank you; I appreciate it."], "zh": ["非常感谢。"]},
    },
}


def opener_lines(emotion: str, register: str, lang: str, intensity: float) -> list[str]:
    table = OPENERS.get(emotion, {}).get(register, {}).get(lang, {})
    return table.get("strong" if intensity >= 0.6 else "mild", [])


def closer_lines(act: str, emotion: str, register: str, lang: str) -> list[str]:
    if ACT_EMOTION.get(act) == emotion:
        return []
    return CLOSERS.get(emotion, {}).get(register, {}).get(lang, [])
