"""Session 14 (brief H2): words said to another viewer are not the host's to take up. "@kai what's your name"
and "@mike did you see that jump" got a chat question from the host ("Noted, mika_k. Are you watching any of
the races today?"): the composer said the tree's act taken up as a reply without asking whom the line was to.
Now it says nothing to such a line (a care line still); a line to the host, or to nobody, is taken up as
before, and a greeting is still said."""

from __future__ import annotations

import pytest

from agent.dialogue import DialogueComposer
from agent.events import Comment, Emotion, User
from agent.persona import Persona
from agent.stages import Percept, Plan


def _plan(act: str) -> Plan:
    return Plan(branch="t", reason="t", act=act, emotion=Emotion(label="joy", intensity=0.5))  # type: ignore[arg-type]


async def _said(act: str, text: str, intent: str) -> list[str]:
    c = DialogueComposer(Persona.load(None), None)
    event = Comment(user=User(id="v-mika", name="mika_k"), text=text)
    return [s.text async for s in c.compose(_plan(act), Percept(text=text, intent=intent), event)]


@pytest.mark.parametrize(
    ("act", "text", "intent"),
    [
        ("ask", "@kai what's your name", "praise"),
        ("ask", "@mike did you see that jump", "praise"),
        ("cheer", "@kai thanks man", "thanks"),
        ("inform", "@kai lol same", "chit-chat"),
        ("apologize", "@kai you are wrong about that", "complaint"),
    ],
)
async def test_a_line_to_another_viewer_gets_nothing(act: str, text: str, intent: str) -> None:
    assert await _said(act, text, intent) == []


@pytest.mark.parametrize(
    ("act", "text", "intent"),
    [
        ("ask", "did you see that jump", "praise"),  # to nobody: taken up as before
        ("ask", "@Frosty did you see that jump", "praise"),  # to the host by a word of its name
        ("ask", "@host nice run", "praise"),
        ("greet", "@kai hi", "greeting"),  # a greeting is still returned
        ("farewell", "@kai gotta go bye", "farewell"),
    ],
)
async def test_a_line_to_the_host_or_to_nobody_is_still_taken_up(act: str, text: str, intent: str) -> None:
    assert await _said(act, text, intent)


async def test_a_viewer_in_danger_gets_the_care_line_whoever_the_line_is_to() -> None:
    said = await _said("ask", "@kai i want to kill myself", "chit-chat")
    assert said and any("988" in s or "helpline" in s for s in said), said


class _NoAnswer:
    """A base that knows nothing (its answers abstain) and has no search (so no shop offer)."""

    def answer(self, text: str) -> object:
        from types import SimpleNamespace

        return SimpleNamespace(text="", abstained=True, citations=[], confidence=0.0)


async def test_a_dont_know_to_a_question_asked_of_another_viewer_is_not_said() -> None:
    """ "@kai what's your name?" got "Honestly, mika_k, I don't know, and I won't make it up." (round 2)."""
    c = DialogueComposer(Persona.load(None), _NoAnswer())

    async def said(text: str) -> list[str]:
        event = Comment(user=User(id="v-mika", name="mika_k"), text=text)
        return [
            s.text async for s in c.compose(_plan("answer"), Percept(text=text, intent="question"), event)
        ]

    assert await said("@kai what's your name?") == []
    assert await said("@kai where is the next race?") == []
    assert await said("where is the next race?")  # asked of nobody: the honest don't-know, as before
    assert await said("@Frosty where is the next race?")  # asked of the host
