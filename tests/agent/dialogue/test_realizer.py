"""The realizer's lines from the demo's reading: a cheer asked for is a cheer about what was asked, and a
greeting carries no catchphrase tail."""

from __future__ import annotations

import itertools
import re

from agent.dialogue import Realizer
from agent.dialogue.realizer import cheer_target
from agent.persona import Persona


def test_a_cheer_request_gets_a_cheer_for_whom_was_asked() -> None:
    asked = {
        "can you do a cheer for team Norway?": "team Norway",
        "give a shout out to the Canadian hockey team!": "the Canadian hockey team",
        "cheer for Chloe Kim please": "Chloe Kim",
        "I will cheer for you": None,  # not a request to cheer for someone
        "who do you root for?": None,
        "go to the store": None,
    }
    for text, want in asked.items():
        assert cheer_target(text) == want, text
    r = Realizer(Persona.load(None), seed=1)
    clock = itertools.count(step=6.0)
    for act in ("reply", "greet"):  # asked in a first message (greeted) or later (replied to)
        for team in ("team Norway", "team Canada", "the Swiss skiers"):
            out = r.realize(
                act, name="anna_b", viewer_text=f"can you do a cheer for {team}?", now=next(clock)
            )
            text = " ".join(s for s, _ in out.sentences)
            assert team.removeprefix("the ") in text and "anna_b" in text, text


def test_no_catchphrase_tail_on_a_greeting_or_a_cheer() -> None:
    persona = Persona.load(None)
    assert persona.style.catchphrases  # the default persona has them: they are not said as tails
    r = Realizer(persona, seed=0)
    clock = itertools.count(step=700.0)
    for act, name in itertools.product(("greet", "cheer", "farewell"), ("snowfox", "lu", "mara_k", "pim")):
        text = " ".join(s for s, _ in r.realize(act, name=name, now=next(clock)).sentences)
        assert not any(c.rstrip("!") in text for c in persona.style.catchphrases), text


def test_a_viewer_who_leaves_or_thanks_is_not_asked_what_they_are_here_for() -> None:
    """From the session-7 chat transcript: "thanks, bye!" got "Thanks for chatting, snowfox. Which event are
    you here for?"."""
    r = Realizer(Persona.load(None), seed=0)
    clock = itertools.count(step=6.0)
    for said in ("thanks, bye!", "gotta go, good night everyone", "ok see you later"):
        text = " ".join(
            s for s, _ in r.realize("reply", name="snowfox", viewer_text=said, now=next(clock)).sentences
        )
        assert "snowfox" in text and "?" not in text, text
        assert any(w in text.lower() for w in ("see you", "bye", "later")), text
    thanked = " ".join(
        s
        for s, _ in r.realize(
            "reply", name="lumi", viewer_text="thanks for answering!", now=next(clock)
        ).sentences
    )
    assert "lumi" in thanked and "?" not in thanked, thanked
    # "see you" that is no goodbye is not taken as one
    other = " ".join(
        s
        for s, _ in r.realize(
            "reply", name="kai", viewer_text="I want to see you do a backflip", now=next(clock)
        ).sentences
    )
    assert "bye" not in other.lower() and "see you next time" not in other.lower(), other


def test_a_batch_greeting_does_not_put_one_viewers_words_in_everyones_mouth() -> None:
    """From the session-7 demo: "Yo tomasz, kai and mei, great to see you! Glad it feels awesome, tomasz, kai
    and mei." (only tomasz had said the stream was awesome)."""
    r = Realizer(Persona.load(None), seed=0)
    group = r.realize("greet", name="tomasz, kai and mei", viewer_text="this stream is awesome", now=0.0)
    text = " ".join(s for s, _ in group.sentences)
    assert "tomasz, kai and mei" in text and "awesome" not in text, text
    alone = r.realize("greet", name="tomasz", viewer_text="this stream is awesome", now=6.0)
    assert "awesome" in " ".join(s for s, _ in alone.sentences)  # one viewer's words are taken up


def test_a_greeting_and_its_acknowledgement_say_the_name_once() -> None:
    """From the session-7 eval transcript: "Welcome in, pim, you're right on time! Say hi to your cat for me,
    pim."."""
    r = Realizer(Persona.load(None), seed=0)
    clock = itertools.count(step=6.0)
    for name, said in (
        ("pim", "my cat just walked across my keyboard lol"),
        ("snowfox", "watching from Brazil, it's 35 degrees here haha"),
        ("dmitri", "I tried skiing once and fell like ten times"),
    ):
        out = r.realize("greet", name=name, viewer_text=said, now=next(clock))
        text = " ".join(s for s, _ in out.sentences)
        assert len(out.sentences) == 2 and text.count(name) == 1, text


def test_a_long_batch_of_names_is_cut_between_names() -> None:
    """From the session-7 busy chat: "Welcome in, vba0ce9bb79, v3152be1f3a, vd7fb6, you're right on time!"."""
    from agent.dialogue.addressing import viewer_name
    from agent.events import Comment, User
    from agent.stages import Percept

    def said(name: str) -> str | None:
        return viewer_name(
            Comment(user=User(id="u", name=name), text="hi"), Percept(text="hi", intent="greeting")
        )

    assert said("vba0ce9bb79, v3152be1f3a, vd7fb6ed9c3 and 2 others") == "vba0ce9bb79, v3152be1f3a and others"
    assert said("Ana, Ben and Cy") == "Ana, Ben and Cy"  # short enough: as it is
    assert said("x" * 40) == "x" * 32  # one long name: cut, as before


def test_an_answer_opens_with_the_asker_and_what_was_asked_never_a_judgement_of_the_question() -> None:
    from types import SimpleNamespace

    r = Realizer(Persona.load(None), seed=1)
    clock = itertools.count(step=5.0)
    fact = SimpleNamespace(text="The Slope Scarf costs $28.", abstained=False, citations=[])
    asked = [
        ("juno", "how much is the team scarf?", "juno, the team scarf:"),
        ("lumi", "how fast do bobsleds go?", None),  # no subject to read off: the fact alone, never "lumi:"
        ("kai", "how much is the team scarf?", "kai, the team scarf:"),
        ("juno", "how much is the team scarf?", None),  # the same words within 10 minutes: the fact alone
    ]
    for name, text, opening in asked:
        out = r.realize("answer", name=name, answer=fact, viewer_text=text, now=next(clock))
        assert [s for s, _ in out.sentences] == [x for x in (opening, fact.text) if x]
        assert out.roles == ["line", "fact"] if opening else ["fact"]
    # the lead already said (an LLM's; a busy chat's fact alone), or a fact of two sentences: no opening
    said = r.realize("answer", name="kai", answer=fact, viewer_text="how much?", lead_said=True, now=100.0)
    assert [s for s, _ in said.sentences] == [fact.text]
    two = SimpleNamespace(text="Chloe Kim won. She led both runs.", abstained=False, citations=[])
    assert len(r.realize("answer", name="kai", answer=two, viewer_text="who won?", now=105.0).sentences) == 2
    zh = r.realize("answer", lang="zh", name="美美", answer=fact, viewer_text="围巾多少钱？", now=110.0)
    # no subject read off Chinese, never "美美：" alone; the fact in the zh answer frame (s29, brief Z)
    frame, said_fact = (s for s, _ in zh.sentences)
    assert frame.startswith("美美，资料") or frame.startswith("美美，根据资料"), frame
    assert said_fact == fact.text and zh.roles == ["line", "fact"]
    # what was asked is said back only when the answer does not say it
    dance = SimpleNamespace(text="Papadakis and Cizeron won the ice dance.", abstained=False, citations=[])
    out = r.realize("answer", name="mo", answer=dance, viewer_text="who won the ice dance?", now=115.0)
    assert [s for s, _ in out.sentences] == [dance.text]


def _only_a_name(line: str, name: str) -> bool:
    """A line that says nothing but the viewer's name (and punctuation): "anna_b:", "美美：", ""."""
    rest = line.replace(name, "") if name else line
    return not re.search(r"[^\W_]", rest)


def test_no_line_is_only_a_name_for_any_template_with_and_without_a_known_name() -> None:
    """Every template of every act, register and language (the welcome and answer leads among them), filled
    with a known name and with none: none of them says only the name (session 15: "anna_b:")."""
    from agent.dialogue.realizer import TEMPLATES, _nameless

    slots = {"crew": "everyone", "gift": "snowflake", "topic": "curling", "product": "beanie"}
    slots |= {"pdesc": "warm", "price": "$25"}
    for act, registers in TEMPLATES.items():
        for register, langs in registers.items():
            for lang, options in langs.items():
                for template in options:
                    for name in ("anna_b", "美美", ""):
                        t = _nameless(template) if name == "" else template
                        if name == "" and "{name}" in t:
                            continue  # not sayable to an unknown name: ``_pick`` leaves it out
                        line = t.format(name=name, **slots)
                        assert not _only_a_name(line, name), (act, register, lang, template, name)


def test_an_answer_never_opens_with_the_name_alone_and_a_newcomer_is_welcomed() -> None:
    """The demo's "answer -> @anna_b: anna_b:" (session 15): a newcomer's answered question opens with a
    welcome; a known viewer's with the name and what was asked, or the fact alone - in both registers, both
    languages, on the realizer's path and as the LLM path's lead, with and without a name."""
    from types import SimpleNamespace

    from agent.dialogue.style import StyleControls

    persona = Persona.load(None)
    fact = SimpleNamespace(text="The Olympic mascot was Bing Dwen Dwen.", abstained=False, citations=[])
    two = SimpleNamespace(text="It hosted curling. Its pool was covered.", abstained=False, citations=[])
    questions = ("what is the mascot of Beijing 2022?", "how fast do bobsleds go?", "吉祥物是什么？")
    r = Realizer(persona, seed=3)
    clock = itertools.count(step=7.0)
    seen_welcome = 0
    for formality in (0.2, 0.9):
        controls = StyleControls.of(persona, formality=formality)
        for lang in ("en", "zh"):
            for name in ("anna_b", ""):
                for newcomer in (True, False):
                    for text in questions:
                        for answer in (fact, two):
                            out = r.realize(
                                "answer", lang=lang, name=name, answer=answer, viewer_text=text,
                                controls=controls, newcomer=newcomer, now=next(clock),
                            )  # fmt: skip
                            for line, _ in out.sentences:
                                assert not _only_a_name(line, name), (line, name, newcomer, formality)
                            lead = r.lead(
                                "answer", name=name, lang=lang, controls=controls, viewer_text=text,
                                newcomer=newcomer, now=next(clock),
                            )  # fmt: skip
                            assert lead is None or not _only_a_name(lead, name), (lead, name, newcomer)
                            first = out.sentences[0][0]
                            if newcomer and name and ("elcome" in first or "欢迎" in first):
                                # the welcome opens the first fact's sentence (session 16), never alone
                                seen_welcome += 1
                                facts = answer.text.split(". ")
                                head = facts[0].rstrip(".")
                                # verbatim, but a closed-class first word after the dash (session 17)
                                tail = first[-len(head) - 1 :]
                                assert tail[1:].startswith(head[1:]) and tail[:1].lower() == head[:1].lower()
                                assert len(out.sentences) == len(facts) and set(out.roles) == {"fact"}
    assert seen_welcome > 0
    # the demo's line: a newcomer's question answered with the greeting, as one sentence with the fact
    out = Realizer(persona, seed=0).realize(
        "answer", name="anna_b", answer=fact, viewer_text="what is the mascot of Beijing 2022?", newcomer=True
    )
    # one sentence, joined by a dash (no sentence-end pause: session 16), the fact verbatim but for its
    # first word's capital: "The" is no name, so no capital mid-sentence (session 17)
    said = out.sentences[0][0]
    assert fact.text.startswith("The ")
    assert len(out.sentences) == 1 and said.endswith(" - t" + fact.text[1:]), out.sentences
    welcome = said[: -len(fact.text) - 3]
    assert "anna_b" in welcome and "elcome" in welcome and not _only_a_name(welcome, "anna_b")
    assert out.roles == ["fact"]
    lead = Realizer(persona).lead("answer", name="anna_b", viewer_text="how fast?", newcomer=True, now=0.0)
    assert lead is not None and "anna_b" in lead and "elcome" in lead
