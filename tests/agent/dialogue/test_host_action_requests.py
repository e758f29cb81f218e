"""A request for a host action, taken up (session 19, brief F2): "can i get a shoutout" got "Honestly, I
don't know, and I won't make it up." (the line opens like a question, so the base was asked). A shout-out, a
hello or the viewer's name asked for, for the viewer or someone they name, is said - in the chat profile
and the livestream tree, on the real turn (perception, grounding, the decider, the composer, the sample
base); a line that only mentions a shout-out stays a question."""

from __future__ import annotations

import re
from typing import Any

import pytest

from agent.decide import ConversationDecider
from agent.dialogue import Realizer
from agent.dialogue.takeup import host_action
from agent.events import Comment, User
from agent.persona import Persona

BROKEN = re.compile(r",\s*[,.!?:]|\s[,.!?:]|^[a-z]|\{|\b[Vv]iewer\b")


async def _say(agent: Any, text: str, *, chat: bool, user: str = "mika_k") -> Any:
    event = Comment(user=User(id=f"u-{user}", name=user), text=text)
    return await agent.respond(event, decider=ConversationDecider() if chat else None)


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
async def test_a_shout_out_asked_for_is_given_by_name_never_a_dont_know(agent: Any, chat: bool) -> None:
    # a viewer of their own per profile: the realizer does not say the same line twice in ten minutes
    viewer = "mika_k" if chat else "juno"
    for text in ("can i get a shoutout", "shout me out pls"):  # read as a question; as a farewell
        reply = await _say(agent, text, chat=chat, user=viewer)
        said = reply.text
        assert "shout-out" in said.lower() and viewer in said, (text, said)
        assert "know" not in said and "bye" not in said.lower(), (text, said)
        assert not [c for s in reply.sentences for c in s.citations]
        assert reply.percept.answer is None  # the knowledge base was not asked (grounding)


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
async def test_a_hello_asked_for_someone_named_greets_them(agent: Any, chat: bool) -> None:
    viewer = "lumi" if chat else "ren"
    mom = await _say(agent, "say hi to my mom", chat=chat, user=viewer)
    assert "your mom" in mom.text and viewer in mom.text, mom.text
    brother = await _say(agent, "can you say hello to my brother", chat=chat, user=viewer)
    assert "your brother" in brother.text and viewer in brother.text, brother.text


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
async def test_a_line_that_only_mentions_a_shout_out_is_no_request(agent: Any, chat: bool) -> None:
    for text in ("what is a shoutout", "did you shout out kai?"):
        reply = await _say(agent, text, chat=chat, user="otto")
        assert "shout-out to" not in reply.text.lower(), (text, reply.text)
    elsewhere = await _say(agent, "@kai can i get a shoutout", chat=chat, user="otto")
    assert not elsewhere.text.strip(), elsewhere.text  # said to another viewer: not the host's to take up


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("can i get a shoutout", ("shoutout", "")),
        ("Can I get a shout-out?", ("shoutout", "")),
        ("hey can u shout me out pls", ("shoutout", "")),
        ("shoutout to me?", ("shoutout", "")),
        ("shoutout pls", ("shoutout", "")),
        ("i want a shoutout", ("shoutout", "")),
        ("shout out to my mom!", ("shoutout", "your mom")),
        ("say hi to me", ("greet", "")),
        ("say hi to my little brother pls", ("greet", "your little brother")),
        ("Say hi to Kai!", None),  # a typed name is never said back (review S2: "say hi to hitler")
        ("say hi to hitler", None),
        ("can you say hello to isis", None),
        ("shout out osama bin", None),
        ("wave to my son", ("greet", "your son")),
        ("can you say my name", ("name", "")),
        ("can you do a cheer for team Norway?", ("cheer", "team Norway")),
        ("@FrostyFox can i get a shoutout", ("shoutout", "")),
        # mentions, not requests: a question, a past event, a statement, words said to another viewer
        ("what is a shoutout", None),
        ("did you shout out kai?", None),
        ("how do i get a shoutout", None),
        ("i got a shoutout yesterday", None),
        ("shoutout was great", None),
        ("say alchemist one more time", None),  # Twitch fit hour
        ("yo if you say alchemist", None),  # Twitch fit hour
        ("@kai can i get a shoutout", None),
        ("say hi for me", None),
        ("did you root for norway?", None),  # a question about a cheer, not one asked
        ("which hockey team do u root for pls", None),  # pool5 (fit), "please" rewrite: "pls" is no team
        ("I root for Florida State.", None),  # a statement (Topical-Chat fit): no cheer asked
        ("cheer for canada pls", ("cheer", "canada")),
    ],
)
def test_what_a_line_asks_of_the_host(text: str, read: tuple[str, str] | None) -> None:
    assert host_action(text, "FrostyFox") == read


@pytest.mark.parametrize("persona_name", ["default", "reporter"])
def test_the_lines_read_whole_with_a_name_and_without_one(persona_name: str) -> None:
    r = Realizer(Persona.load(persona_name), seed=0)
    asks = [
        "can i get a shoutout",
        "say hi to my mom",
        "can you say my name",
        "say hi to me",
        "cheer for canada pls",
    ]
    for i, text in enumerate(asks * 3):
        for name in ("", "pim"):
            out = r.realize("reply", name=name, viewer_text=text, now=1000.0 * i + (name == "pim"))
            said = " ".join(t for t, _ in out.sentences)
            assert said and not BROKEN.search(said), (text, name, said)
            # "the chat is with you and so is!" (the cheer's line with the name taken out, session 19)
            assert not re.search(r"\b(?:is|from|and|to)[!.?]", said), (text, name, said)
            assert ("pim" in said) == (name == "pim"), (text, name, said)
