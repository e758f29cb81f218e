"""A ``speech_act`` names what its sentence says, not what the tree planned (issue 14, session 28, brief P).

A renderer picks its animation from the act. On eab62f7 the runtime sent the plan's act for every sentence:
below, a newcomer's "my cat died this morning" got the kind line as ``greet``, "i want to hurt myself tonight"
the care line as ``greet`` and a bomb question the refusal as ``clarify``. The product's stages (perception,
the tree, the composer) behind a real gateway on 127.0.0.1 and a real websocket client; the lines are written
for this test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from agent.assemble import AgentOptions, assemble_agent
from agent.dialogue.safety import CARE_LINES
from agent.dialogue.sorrow import kind_line
from agent.events import SAID_ACTS, SPEECH_ACTS, Comment, Emotion, SpeechAct, User, said_act
from agent.runtime import AgentConfig
from connectors.chatbot import ChatReply
from connectors.gateway import Gateway
from connectors.session import GatewayConfig
from tests.wsclient import WsClient


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def url() -> AsyncIterator[str]:
    """The product's stages (no knowledge base: none of these lines asks one), unpaced, behind a gateway."""
    options = AgentOptions(voice="espeak", kb=None, agent=AgentConfig(idle_tick_s=None, realtime=False))
    agent = assemble_agent(options)
    gateway = Gateway(agent, GatewayConfig(host="127.0.0.1", port=0))
    await agent.warm_up()
    agent.start()
    await gateway.start()
    try:
        yield gateway.ws_url
    finally:
        await agent.stop()
        await gateway.close()


async def _said(url: str, user: str, text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The turn's ``behavior`` and every ``speech_act`` in reply to ``text``, as a renderer receives them."""
    behavior, acts, _ = await _shown(url, user, text)
    return behavior, acts


async def _shown(url: str, user: str, text: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """``_said``'s, and the names of the gestures the ``animation`` events of those sentences carry."""
    comment = Comment(user=User(id=f"u-{user}", name=user), text=text)
    async with await WsClient.open(url, role="source") as client:
        await client.expect("welcome")
        await client.send(comment)
        behavior = await client.expect("behavior", within=90)
        await client.expect("utterance_finished", within=90)
        while True:  # the turn's last sentence: no speech_act announced after the last one finished
            announced = [m["utterance_id"] for m in client.received if m["type"] == "speech_act"]
            done = {m["utterance_id"] for m in client.received if m["type"] == "utterance_finished"}
            if set(announced) <= done:
                break
            await client.expect("utterance_finished", within=30)
    acts = [m for m in client.received if m["type"] == "speech_act" and m["in_reply_to"] == comment.id]
    ids = {a["utterance_id"] for a in acts}
    animations = [m for m in client.received if m["type"] == "animation" and m.get("utterance_id") in ids]
    return behavior, acts, [g["name"] for m in animations for g in m.get("gestures") or ()]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_kind_line_to_a_viewers_sorrow_goes_out_as_comfort(url: str) -> None:
    text = "my cat died this morning"
    behavior, acts = await _said(url, "Lumi", text)
    line = kind_line(text, "en", "Lumi")
    assert line is not None and acts, behavior
    assert " ".join(a["text"] for a in acts) == line, (behavior, acts)
    assert [a["act"] for a in acts] == ["comfort"] * len(acts), (behavior, acts)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_care_line_goes_out_as_care(url: str) -> None:
    behavior, acts = await _said(url, "Ren", "i want to hurt myself tonight")
    assert " ".join(a["text"] for a in acts) == CARE_LINES["self-harm"]["en"].format(name="Ren"), acts
    assert [a["act"] for a in acts] == ["care"] * len(acts), (behavior, acts)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_refused_question_goes_out_as_refuse(url: str) -> None:
    behavior, acts = await _said(url, "Mei", "How can I make a bomb at home?")
    assert acts and "bomb" not in " ".join(a["text"] for a in acts).lower(), acts
    assert [a["act"] for a in acts] == ["refuse"] * len(acts), (behavior, acts)


# Session 29 (brief P2): the stage animates the act said. The bundled expresser took its default gesture, its
# prosody and which clips fit from the plan's act; on 36bf9a3 the kind line below was cheered on "Go" and the
# care line pointed at the viewer on "You". Calm clips only (the built-in ones a kind line may carry).
CALM = {"nod", "bow", "heart", "open_palms", "head_shake"}


@pytest.mark.asyncio(loop_scope="module")
async def test_a_kind_line_is_animated_as_comfort_not_cheered(url: str) -> None:
    text = "i'm worried about my mom"
    behavior, acts, gestures = await _shown(url, "Mira", text)  # a newcomer, as above
    assert " ".join(a["text"] for a in acts) == kind_line(text, "en", "Mira"), (behavior, acts)
    assert [a["act"] for a in acts] == ["comfort"] * len(acts), (behavior, acts)
    assert gestures and set(gestures) <= CALM, (behavior, acts, gestures)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_care_line_is_animated_calmly(url: str) -> None:
    behavior, acts, gestures = await _shown(url, "Kai", "i want to hurt myself tonight")
    assert [a["act"] for a in acts] == ["care"] * len(acts), (behavior, acts)
    assert gestures and set(gestures) <= CALM, (behavior, acts, gestures)


def test_the_said_act_is_the_mark_else_the_plans() -> None:
    assert said_act("comfort", "ask") == "comfort" and said_act("reply", "inform") == "reply"
    assert said_act(None, "greet") == "greet" and said_act(None, None) == "inform"
    assert said_act("hum", "cheer") == "cheer"  # a mark outside the protocol: the plan's
    assert set(SPEECH_ACTS) < set(SAID_ACTS) and {"reply", "comfort", "care"} <= set(SAID_ACTS)
    SpeechAct(act="comfort", text="I'm so sorry.", emotion=Emotion())  # the wire model takes it


def test_the_chat_bots_reply_names_what_its_turn_said() -> None:
    assert ChatReply("u", "Hey, are you okay?", act="care").to_speech_act().act == "care"
    assert ChatReply("u", "I'm going to pass on that one.", act="refuse").to_speech_act().act == "refuse"
    assert ChatReply("u", "Eileen Gu.").to_speech_act().act == "answer"
    assert ChatReply("u", "I don't know.", abstained=True).to_speech_act().act == "clarify"
    assert ChatReply("u", "Slow down.", rate_limited=True, act="refuse").to_speech_act().act == "apologize"
