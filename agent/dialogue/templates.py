"""The realizer's line templates per speech act, register and language (``{name}`` and the act's other
slots filled by ``agent.dialogue.realizer``). Data only: moved out of ``realizer.py`` unchanged in session 24
(brief D), so the realizer module stays under the project's size; ``realizer.TEMPLATES`` re-exports it."""

from __future__ import annotations

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
    "welcome": {  # a newcomer's answered question opens with one (``Realizer.welcome``): short, no question
        # of its own, so the answer follows at once; never the bare name (session 15)
        "casual": {
            "en": [  # short (session 16: the demo's air time; "Good to see you, {name}, welcome!" took 1.8 s)
                "Welcome in, {name}!",
                "Hi {name}, welcome!",
                "Welcome, {name}!",
                "{name}, welcome in!",
            ],
            "zh": ["欢迎{name}！", "{name}，欢迎来到直播间！"],
        },
        "formal": {
            "en": ["Welcome, {name}.", "Good to have you here, {name}."],
            "zh": ["欢迎您，{name}。", "{name}，感谢您的到来。"],
        },
    },
    "answer": {  # the reporter's register attributes the answer; a casual answer opens with ``address``
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
    "clarify": {  # an honest "I don't know": the base has nothing on it (or too little to say it); said to
        # on-topic questions too ("when does the ski jumping start?"): no line may call the question off-topic
        "casual": {
            "en": [
                "I don't know that one, {name}, and I'd rather not guess.",
                "You've stumped me, {name}. That's not in my notes.",
                "No idea on that one, {name}, sorry.",
                "Honestly, {name}, I don't know, and I won't make it up.",
                "That one's beyond me, {name}, at least for now.",
                "I can't answer that, {name}, I don't have it.",
            ],
            "zh": [
                "{name}，这个我不知道，不乱猜啦。",
                "被你问住了，{name}，我的资料里没有。",
                "{name}，这个我答不上来。",
            ],
        },
        "formal": {
            "en": [
                "I do not know that, {name}; my sources do not cover it.",
                "I have no source for that, {name}, so I will not guess.",
                "That is outside my sources, {name}.",
                "I cannot answer that reliably, {name}.",
            ],
            "zh": ["{name}，这个问题我的资料里没有。", "{name}，我没有可靠来源，不便猜测。"],
        },
    },
    "reply": {  # a comment with nothing specific to take up: the name and a real follow-up question
        "casual": {
            "en": [
                "{name}, what brings you to the stream tonight?",
                "Thanks for chatting, {name}. Which event are you here for?",
                "Noted, {name}. Are you watching any of the races today?",
                "{name}, do you ski or board yourself?",
                "Ha, {name}. What's your favourite winter sport?",
                # s27, brief C (R1): more take-ups, so a long chat neither goes silent nor hears one line
                # again within ``reuse.REUSE_TURNS`` turns; each a follow-up about the show, no opener shared
                "{name}, who are you cheering for at these Games?",
                "Got it, {name}. Anything you'd like me to look up?",
                "{name}, which athlete should we keep an eye on?",
                "{name}, have you ever tried curling?",
                "{name}, what's been your favourite moment of the Games so far?",
                "Fair enough, {name}. Are you more into the speed events or the tricks?",
                "{name}, where are you watching from?",
                "{name}, have you ever seen a winter sports event in person?",
                "{name}, got a question about the Games for me?",
                "{name}, what would you like to see more of on the stream?",
                "{name}, is anyone watching along with you?",
            ],
            "zh": [
                "{name}，今晚想看哪个项目？",
                "谢谢{name}的留言，你自己滑雪吗？",
                "{name}，你最喜欢哪个冬季项目？",
                "{name}，这届冬奥会你支持谁？",
                "{name}，你在哪里看直播呀？",
                "{name}，有想让我查的成绩吗？",
                "{name}，你现场看过冬季项目的比赛吗？",
                "{name}，哪位运动员你最想关注？",
                "{name}，你喜欢看速度类项目还是技巧类项目？",
                "{name}，这届冬奥会你最难忘的瞬间是什么？",
                "{name}，你身边有人一起看吗？",
            ],
        },
        "formal": {
            "en": [
                "Thank you, {name}. Which event interests you most?",
                "Noted, {name}. Is there a result you would like me to check?",
                "{name}, which sport are you following?",
                "Understood, {name}. Which athlete are you following at these Games?",
                "{name}, is there a schedule you would like me to look up?",
                "{name}, have you followed the Winter Games before?",
                "{name}, which venue would you like to hear more about?",
                "Appreciated, {name}. Which topic should we cover next?",
                "{name}, would a medal count be useful?",
                "Thank you for writing, {name}. Is there an athlete you would like a profile of?",
                "{name}, which country's team are you following?",
            ],
            "zh": [
                "谢谢{name}，您最关注哪个项目？",
                "{name}，需要我查哪项成绩吗？",
                "{name}，您想了解哪个场馆？",
                "{name}，您关注哪位运动员？",
                "{name}，需要我查比赛日程吗？",
                "{name}，您关注哪个国家的代表队？",
                "{name}，需要我介绍一下某位运动员吗？",
                "谢谢{name}，您以前关注过冬奥会吗？",
                "{name}，接下来想了解哪个项目？",
                "{name}，需要我查一下奖牌榜吗？",
                "{name}，您对哪个项目的规则感兴趣？",
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

__all__ = ["TEMPLATES", "Lines"]
