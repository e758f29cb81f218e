"""Lines a streamer would not keep on air (session 11's transcript reading): "viewer:" and "viewer's here!"
said to a chat that gave no name, an apology for "@Hannabis you are wrong about that" (words to another
viewer), "Sorry about that, we're on it!" to "you are wrong", and a survey question ("What's your favourite
winter sport?") in reply to "the audio is broken"."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from agent.dialogue import DialogueComposer, Realizer
from agent.dialogue.realizer import TEMPLATES
from agent.dialogue.takeup import addressed_elsewhere, complaint_lines
from agent.events import Comment, Emotion, User
from agent.persona import Persona
from agent.stages import Percept, Plan

BROKEN = re.compile(r",\s*[,.!?]|\s[,.!?]|^[a-z]|\{|\b[Vv]iewer\b|[Ss]now crew")


def _plan(act: str) -> Plan:
    return Plan(branch="t", reason="t", act=act, emotion=Emotion(label="joy", intensity=0.5))  # type: ignore[arg-type]


@pytest.mark.parametrize("persona_name", ["default", "reporter"])
def test_one_person_with_no_name_is_addressed_without_one_in_every_line(persona_name: str) -> None:
    r = Realizer(Persona.load(persona_name), seed=0)
    none = SimpleNamespace(text="I don't know.", abstained=True, citations=[])
    said = []
    for i, act in enumerate([a for a in TEMPLATES if a != "answer"] * 4):
        out = r.realize(act, name="", answer=none, gift="rocket", viewer_text="hi", now=1.0 * i)
        said += [t for t, _ in out.sentences]
    fact = SimpleNamespace(
        text="Su Yiming is a snowboarder from Jilin, China.", abstained=False, citations=[]
    )
    said += [
        t for t, _ in r.realize("answer", name="", answer=fact, viewer_text="who is Su Yiming?").sentences
    ]
    assert said[-1] == "Su Yiming is a snowboarder from Jilin, China."  # no "viewer:" lead: the fact alone
    assert len(said) > 30
    bad = [t for t in said if BROKEN.search(t)]
    assert not bad, bad
    crowd = r.realize("clarify", name=None, now=1e4).sentences[0][0]  # None is still the crew
    assert Persona.load(persona_name).style.address_viewers_as in crowd


async def test_a_chat_that_gave_no_name_is_not_called_viewer_or_the_crew() -> None:
    class KB:
        def answer(self, question: str) -> SimpleNamespace:
            return SimpleNamespace(text="I don't know.", abstained=True, citations=[], confidence=0.0)

    c = DialogueComposer(Persona.load(None), KB())
    for act, text in (("answer", "what is a double cork?"), ("greet", "hi! first time watching")):
        event = Comment(user=User(id="cli:viewer", name=""), text=text)
        intent = "question" if act == "answer" else "greeting"
        out = [s.text async for s in c.compose(_plan(act), Percept(text=text, intent=intent), event)]
        assert out and not any(BROKEN.search(t) for t in out), out


def test_words_to_another_viewer_are_not_the_hosts_to_apologize_for() -> None:
    r = Realizer(Persona.load(None), seed=0)
    assert addressed_elsewhere("@Hannabis you are wrong about that", "Frosty Fox")
    assert not addressed_elsewhere("@frosty_fox you are wrong about that", "Frosty Fox")
    assert not addressed_elsewhere("@Frosty you are wrong about that", "Frosty Fox")  # the first name too
    assert not addressed_elsewhere("you are wrong @Hannabis", "Frosty Fox")
    out = r.realize("apologize", name="juno", viewer_text="@Hannabis you are wrong about that", now=0.0)
    assert out.sentences == []
    to_us = r.realize("apologize", name="juno", viewer_text="@FrostyFox you are wrong about that", now=1.0)
    assert re.search(r"wrong|off", to_us.sentences[0][0]) and "sorry" not in to_us.sentences[0][0].lower()
    first = r.realize("apologize", name="juno", viewer_text="@Frosty you are wrong about that", now=1.5)
    assert re.search(r"wrong|off", first.sentences[0][0]), first.sentences
    reply = r.realize("reply", name="juno", viewer_text="@kai hello from Oslo", now=2.0)
    assert "Oslo" not in reply.sentences[0][0]  # kai's greeting is not taken up as said to the host


@pytest.mark.parametrize("act", ["apologize", "reply"])  # the chat profile apologizes; the tree replies
def test_a_complaint_is_taken_up_by_what_it_is_about(act: str) -> None:
    r = Realizer(Persona.load(None), seed=0)
    wrong = r.realize(act, name="juno", viewer_text="you are wrong about that", now=0.0).sentences[0][0]
    assert "wrong" in wrong.lower() or "off" in wrong, wrong
    assert "on it" not in wrong and "fix" not in wrong and "!" not in wrong  # asked what, calmly
    dull = r.realize(act, name="juno", viewer_text="you are boring", now=1.0).sentences[0][0]
    assert "?" in dull and "sorry" not in dull.lower() and "on us" not in dull
    if act == "reply":  # the chat profile's apology to a fault stands ("Sorry about that, we're on it!")
        fault = r.realize(act, name="juno", viewer_text="the audio is broken", now=2.0).sentences[0][0]
        assert "audio" in fault and "favourite" not in fault
    assert complaint_lines("the stream keeps buffering lol", "casual")[0] == "fault"
    assert complaint_lines("what a great run", "casual") == ("", [])


def test_a_batch_greeting_in_chinese_joins_the_names_in_chinese() -> None:
    r = Realizer(Persona.load(None), seed=0)
    for label, joined in (("mei and zz", "mei和zz"), ("Ana, Ben and 4 others", "Ana、Ben等4人")):
        (line, _), *_ = r.realize("greet", name=label, lang="zh", now=0.0).sentences
        assert joined in line and " and " not in line, line
    assert "林" in r.realize("greet", name="林", lang="zh", now=1.0).sentences[0][0]
