"""Paid messages: worth in US dollars, the read-out, the queue's order, bounds and moderation (pure), then
through the real gateway on 127.0.0.1 with a real websocket client: larger first, before comments, still
answered in a busy chat, and a large one barging in at the end of the sentence being spoken."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from agent.basic import FixedDecider, KeywordPerceiver, TemplateComposer
from agent.events import Comment, Control, Gift, Superchat, User
from agent.expression import Expresser, make_voice
from agent.paid import read_out, spoken_amount, usd_value
from agent.runtime import AgentConfig, PersonaAgent
from connectors.gateway import Gateway, GatewayConfig
from connectors.livestream.paid import PaidConfig, PaidQueue
from connectors.livestream.pump import TriagedAgent
from tests.wsclient import WsClient


def sc(name: str, amount: float, currency: str = "USD", text: str = "", uid: str | None = None) -> Superchat:
    return Superchat(
        user=User(id=uid or name.lower(), name=name), amount=amount, currency=currency, text=text
    )


# --------------------------------------------------------------------------- pure


def test_worth_is_currency_normalised() -> None:
    assert usd_value(20, "USD") == 20
    assert usd_value(500, "bits") == pytest.approx(5.0)  # 100 bits = 1 dollar
    assert usd_value(3000, "JPY") == pytest.approx(20.1)
    assert usd_value(100, "cny") == pytest.approx(14.0)
    assert usd_value(10, "XYZ") == 0.0  # not in the table: worth nothing for ranking
    assert usd_value(-5, "USD") == 0.0


def test_spoken_amount() -> None:
    assert spoken_amount(20, "USD") == "20 dollars"
    assert spoken_amount(1, "EUR") == "1 euro"
    assert spoken_amount(4.99, "USD") == "4.99 dollars"
    assert spoken_amount(1000, "bits") == "1,000 bits"
    assert spoken_amount(30, "CNY") == "30 yuan"
    assert spoken_amount(12, "XYZ") == "12 XYZ"


def test_read_out_says_who_sent_how_much_and_reads_the_text() -> None:
    line = read_out(sc("Mika", 20, text="Who carried the flag for Japan?"))
    assert line == "Mika sent 20 dollars: Who carried the flag for Japan?"
    assert read_out(sc("Mika", 5)) == "Mika sent 5 dollars, thank you!"
    assert read_out(sc("Mika", 5, text="love the show")) == "Mika sent 5 dollars: love the show."
    long = read_out(sc("Mika", 5, text="word " * 100))
    assert len(long) < 260 and long.endswith("...")


def test_a_chinese_message_gets_a_chinese_read_out() -> None:
    from agent.expression.voices import text_language

    assert read_out(sc("冰糖", 30, "CNY", "加油！")) == "冰糖送了30元的醒目留言：加油！"
    line = read_out(sc("bingtang", 30, "CNY", "主播今天滑哪条道"))
    assert line == "bingtang送了30元的醒目留言：主播今天滑哪条道。"
    assert read_out(sc("Mika", 5, "XYZ", "谢谢主播")) == "Mika送了5 XYZ的醒目留言：谢谢主播。"
    assert read_out(sc("f4ggot", 30, "CNY", "加油！")).startswith("一位观众送了30元")
    assert read_out(sc("Aki", 3000, "JPY", "你好")).startswith("Aki送了3000日元")
    line = read_out(sc("averyveryverylongname", 30, "CNY", "加油"))
    assert text_language(line) == "zh"  # the voice's own rule: Mandarin reads the whole line


def test_read_out_moderates_the_name_and_the_text() -> None:
    unsafe_name = read_out(sc("f4ggot", 50, text="great stream", uid="yt:9"))
    assert "f4ggot" not in unsafe_name and "yt:9" not in unsafe_name
    assert unsafe_name.startswith("A viewer sent 50 dollars")
    unsafe_text = read_out(sc("Mika", 50, text="you are a stupid idiot, kill yourself"))
    assert "idiot" not in unsafe_text and unsafe_text == "Mika sent 50 dollars, thank you!"


def test_queue_orders_by_worth_across_currencies_then_arrival() -> None:
    q = PaidQueue()
    offers = [
        sc("Ten", 10, "USD"),
        sc("Yen", 3000, "JPY"),  # ~20 dollars
        sc("Bits", 500, "bits"),  # 5 dollars
        sc("Ten2", 10, "USD"),  # same worth as Ten, later
        sc("Odd", 10_000, "XYZ"),  # unknown currency: last
    ]
    for i, event in enumerate(offers):
        assert q.offer(event, float(i)).outcome == "queued"
    order = []
    while (item := q.next_item(10.0)) is not None:
        order.append(item.source.user.name)
    assert order == ["Yen", "Ten", "Ten2", "Bits", "Odd"]
    st = q.stats()
    assert st.delivered == 5 and st.pending == 0 and st.accounted()


def test_queue_barge_in_threshold_bound_and_expiry() -> None:
    q = PaidQueue(PaidConfig(max_pending=2, max_wait_s=60.0, barge_in_usd=50.0))
    assert not q.offer(sc("A", 49.99), 0.0).barge_in
    assert q.offer(sc("B", 50), 0.0).barge_in
    assert q.offer(sc("C", 1), 0.0).outcome == "shed"  # full, and the smallest itself
    assert q.offer(sc("D", 100), 0.0).outcome == "queued"  # sheds A, the smallest waiting
    e = q.offer(sc("E", 7000, "JPY"), 0.0)  # ~47 dollars: under the threshold, and the smallest
    assert e.outcome == "shed" and not e.barge_in and e.usd == pytest.approx(46.9)
    st = q.stats()
    assert st.dropped["shed"] == 3 and st.pending == 2 and st.accounted()  # A, C, then E itself
    assert q.next_item(61.0) is None  # both waited past max_wait_s
    st = q.stats()
    assert st.dropped["expired"] == 2 and st.accounted()
    assert not PaidQueue(PaidConfig(barge_in_usd=None)).offer(sc("F", 1e6), 0.0).barge_in


def test_barge_in_threshold_from_the_environment(caplog: pytest.LogCaptureFixture) -> None:
    assert PaidConfig.from_env({}).barge_in_usd == 50.0
    assert PaidConfig.from_env({"PERSONA_BARGE_IN_USD": "20"}).barge_in_usd == 20.0
    assert PaidConfig.from_env({"PERSONA_BARGE_IN_USD": "off"}).barge_in_usd is None
    for bad in ("lots", "-5", "nan"):
        assert PaidConfig.from_env({"PERSONA_BARGE_IN_USD": bad}).barge_in_usd == 50.0
    assert "PERSONA_BARGE_IN_USD='lots'" in caplog.text


def test_queue_moderates_what_the_agent_gets() -> None:
    q = PaidQueue()
    q.offer(sc("f4ggot", 20, text="what is the mascot?", uid="yt:9"), 0.0)
    q.offer(sc("Mika", 10, text="free followers at www.spam.example.com"), 0.0)
    named = q.next_item(0.0)
    assert named is not None and isinstance(named.event, Superchat)
    assert named.event.user.name == "" and named.event.text == "what is the mascot?" and named.read_text
    assert named.screening is not None and named.screening.question
    spam = q.next_item(0.0)
    assert spam is not None and isinstance(spam.event, Gift) and not spam.read_text  # thanked, not read
    assert spam.event.amount == 10 and spam.event.user.name == "Mika"
    st = q.stats()
    assert (st.unsafe_names, st.unread_texts) == (1, 1)


def test_the_tree_sees_a_superchats_worth_in_dollars() -> None:
    from agent.decide import TreeDecider

    plan = TreeDecider().decide(sc("Kenta", 3000, "JPY", "hi"), None, now=100.0)
    assert plan.branch == "rules/superchat" and plan.act == "answer"
    assert "value 20.1)" in plan.reason  # 3,000 yen, not 3,000


async def test_a_platform_superchat_offered_joins_the_paid_queue_with_its_text() -> None:
    from connectors.livestream.audience import AudienceEvent
    from connectors.livestream.triage import Admitted

    async with running(realtime=False) as live:
        await live.front.stop()  # the pump holds still: the queue is looked at, not served
        ev = AudienceEvent(
            kind="superchat", user_id="b:1", user_name="bingtang", text="加油！", value=30, currency="CNY"
        )
        outcome = live.front.offer(ev)
        assert isinstance(outcome, Admitted) and outcome.kind == "superchat"
        item = live.front.paid.next_item(0.0)
    assert item is not None and isinstance(item.event, Superchat)
    assert (item.event.text, item.event.amount, item.event.currency) == ("加油！", 30, "CNY")
    assert item.usd == pytest.approx(4.2) and live.front.triage.stats().offered == 0


# --------------------------------------------------------------------------- through the real gateway


@dataclass
class Live:
    agent: PersonaAgent
    front: TriagedAgent
    gateway: Gateway


class TimedClient(WsClient):
    """The test client, noting when each message arrived (``_rx``, this process's wall clock): an event's own
    ``ts`` is when it was made, and a turn makes an utterance's events ahead of playback."""

    async def recv(self, within: float = 10.0) -> dict[str, Any]:
        message = await super().recv(within)
        message["_rx"] = time.time()
        return message

    async def close(self) -> None:
        """Drop the connection: the test has read what it needs, and a polite close would wait (up to 10 s)
        behind the voice frames still on their way to this client that nobody reads any more."""
        self.ws.transport.abort()


@contextlib.asynccontextmanager
async def running(realtime: bool, lead_words: int = 0) -> AsyncIterator[Live]:
    """The real agent (model-free stages, espeak voice), the pump in front of it, the real gateway.
    ``realtime=False``: the agent speaks unpaced, for tests of order alone. ``lead_words``: the voice says
    a reply's opening sentence as a lead phrase and the rest (as piper does), two utterances."""
    voice = make_voice("espeak")
    if lead_words:
        voice.lead_words = lead_words  # type: ignore[attr-defined]
    agent = PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=TemplateComposer(),
        expresser=Expresser(voice=voice),
        config=AgentConfig(realtime=realtime),
    )
    front = TriagedAgent(agent, paid=PaidConfig())  # the documented defaults, whatever the environment
    gateway = Gateway(front, GatewayConfig(port=0))
    front.start()
    await gateway.start()
    try:
        yield Live(agent, front, gateway)
    finally:
        await front.stop()
        await agent.stop()
        await gateway.close()


@pytest_asyncio.fixture
async def live() -> AsyncIterator[Live]:
    async with running(realtime=True) as live:
        yield live


@pytest_asyncio.fixture
async def unpaced() -> AsyncIterator[Live]:
    async with running(realtime=False) as live:
        yield live


async def test_a_stop_is_not_lost_when_the_loop_is_woken_in_the_same_step() -> None:
    # Python 3.11's asyncio.wait_for returns the inner result when a cancel arrives as the awaited event is
    # set, so a polling loop went on after stop() cancelled it (a CI teardown hung 300 s): the wake and the
    # cancel come in the same step here, and both loops must end
    async with running(realtime=False) as live:
        await asyncio.sleep(0.1)  # both loops wait on their wake events
        tasks = [live.front._task, live.agent._loop_task]
        assert all(t is not None and not t.done() for t in tasks)
        live.front._wake.set()
        live.agent._wake.set()
        for task in tasks:
            assert task is not None
            task.cancel()
        done, _ = await asyncio.wait({t for t in tasks if t is not None}, timeout=3)
        assert len(done) == 2, "a loop swallowed its cancel"


def first_replies(received: list[dict[str, Any]]) -> list[str]:
    """The inputs replied to, in the order their first speech_act went out."""
    order: list[str] = []
    for m in received:
        if m["type"] == "speech_act" and m["in_reply_to"] not in order:
            order.append(m["in_reply_to"])
    return order


async def until(cond: Any, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not cond():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


async def test_larger_superchat_first_then_comments(unpaced: Live) -> None:
    async with await TimedClient.open(unpaced.gateway.ws_url, role="operator") as client:
        await client.expect("welcome")
        await client.send(Control(action="pause"))
        question = Comment(user=User(id="ana", name="Ana"), text="what time is the slalom final?")
        small = sc("Pip", 5, "USD", "Do you like curling?")
        big = sc("Kenta", 3000, "JPY", "Who won the big air?")  # ~20 dollars: more, though sent last
        for event in (question, small, big):
            await client.send(event)
        await until(lambda: unpaced.front.paid.pending() == 2 and unpaced.front.triage.pending() == 1)
        await client.send(Control(action="resume"))
        await client.expect("speech_act", within=20, in_reply_to=question.id)
    assert first_replies(client.received) == [big.id, small.id, question.id]
    said = [m for m in client.received if m["type"] == "speech_act" and m["in_reply_to"] == big.id]
    assert said[0]["text"] == "Kenta sent 3,000 yen: Who won the big air?"  # read aloud, then answered
    assert said[1]["act"] == "answer" and "Kenta" in said[1]["text"]
    assert unpaced.front.paid.stats().delivered == 2


async def test_small_superchat_answered_in_a_busy_chat(unpaced: Live) -> None:
    lines = [
        "love this run", "the snow looks great", "go go go", "what a jump", "so cold there", "nice camera",
        "first time here", "this music slaps", "big fan of skiing", "wow the crowd", "haha", "that was close",
        "my cat is watching", "greetings from Oslo", "chat is fast today", "the wind is crazy",
    ]  # fmt: skip
    # 48 lines at once (a busy chat at any threshold up to 1.6 lines/s), over two connections: each stays
    # under the gateway's per-connection burst (40), so none is refused as rate_limited
    async with await TimedClient.open(unpaced.gateway.ws_url, role="source") as crowd:
        await crowd.expect("welcome")
        for i, text in enumerate(lines * 2):  # everyone's first words greeted, then more chat
            await crowd.send(Comment(user=User(id=f"v{i % 16}", name=f"V{i % 16}"), text=text))
        await until(lambda: unpaced.front.triage.stats().offered >= 32)
    async with await TimedClient.open(unpaced.gateway.ws_url, role="source") as client:
        await client.expect("welcome")
        for i, text in enumerate(lines):
            await client.send(Comment(user=User(id=f"w{i}", name=f"W{i}"), text=text + " again"))
        chatter = Comment(user=User(id="v1", name="V1"), text="lol the commentator")
        await client.send(chatter)
        small = sc("Pip", 2, "USD", "Is the halfpipe next?")
        await client.send(small)
        await client.expect("speech_act", within=20, in_reply_to=small.id)
    stats = unpaced.front.triage.stats()
    assert unpaced.front.triage.busy and stats.dropped["chatter"] >= 1  # the busy rules drop plain chatter...
    assert chatter.id not in first_replies(client.received)
    assert unpaced.front.paid.stats().dropped.total() == 0  # ...not a small paid message


async def test_a_paid_slur_is_not_read_aloud(unpaced: Live) -> None:
    async with await TimedClient.open(unpaced.gateway.ws_url, role="source") as client:
        await client.expect("welcome")
        bad_name = sc("f4ggot", 20, "USD", "Is the halfpipe next?", uid="yt:66")
        bad_text = sc("Mika", 20, "USD", "you are a stupid idiot, kill yourself")
        for event in (bad_name, bad_text):
            await client.send(event)
        await client.expect("speech_act", within=20, in_reply_to=bad_text.id)
        await until(lambda: unpaced.front.paid.stats().delivered == 2)
    said = [m for m in client.received if m["type"] == "speech_act"]
    spoken = " ".join(m["text"] + " " + str(m["addressee"]) for m in said)
    assert "f4ggot" not in spoken and "yt:66" not in spoken and "idiot" not in spoken
    first = {m["in_reply_to"]: m for m in reversed(said)}
    assert first[bad_name.id]["text"] == "A viewer sent 20 dollars: Is the halfpipe next?"  # read, unnamed
    assert first[bad_text.id]["act"] == "thank" and "Mika" in first[bad_text.id]["text"]  # thanked, not read


async def _say_with_superchat(live: Live, amount: float, sentences: int) -> dict[str, Any]:
    """An operator `say` of several sentences; a superchat of ``amount`` sent as its 2nd sentence starts
    (one of $50 and more right after a $1 one). Returns what was seen on the wire."""
    text = " ".join(f"Sentence {n} is here." for n in range(1, sentences + 1))
    async with await TimedClient.open(live.gateway.ws_url, role="operator") as client:
        await client.expect("welcome")
        say = Control(action="say", text=text)
        await client.send(say)
        utterances: list[str] = []  # the say's utterances, in the order they started
        while len(utterances) < 2:
            m = await client.expect("utterance_started", within=20)
            utterances.append(m["utterance_id"])
        paid = sc("Whale", amount, "USD", "Hi!")
        small = sc("Pip", 1, "USD", "Hello!")  # waiting already when the large one comes: answered after it
        if amount >= 50:
            await client.send(small)
            await asyncio.sleep(0.2)  # time enough for the pump to hand it over, were it to while a turn runs
        sent_at = time.time()
        await client.send(paid)
        reply = await client.expect("speech_act", within=30, in_reply_to=paid.id)
        await client.expect("utterance_finished", within=30, utterance_id=reply["utterance_id"])
        if amount >= 50:
            await client.expect("speech_act", within=30, in_reply_to=small.id)
    return {
        "say": say, "paid": paid, "small": small, "sent_at": sent_at, "second": utterances[1],
        "got": client.received,
    }  # fmt: skip


async def test_large_superchat_barges_in_at_the_end_of_the_sentence(live: Live) -> None:
    seen = await _say_with_superchat(live, 100, sentences=4)
    got, second, paid = seen["got"], seen["second"], seen["paid"]
    ev = {(m["type"], m.get("utterance_id")): m for m in got}
    started, finished = ev[("utterance_started", second)], ev.get(("utterance_finished", second))
    assert finished is not None, "the sentence being spoken is heard to its end, not cut"
    assert ("utterance_cancelled", second) not in ev
    heard_s = finished["_rx"] - started["_rx"]
    assert heard_s >= 0.9 * started["duration_ms"] / 1000  # heard whole: not cut at the superchat
    say_utts = [
        m["utterance_id"] for m in got if m["type"] == "speech_act" and m["in_reply_to"] == say_id(seen)
    ]
    later = say_utts[say_utts.index(second) + 1 :]
    assert later, "the next sentence was composed ahead"
    for u in later:  # the rest of the reply is dropped: never started, reported cancelled with nothing said
        assert ("utterance_started", u) not in ev
        assert ev[("utterance_cancelled", u)]["spoken_text"] == ""
    # on the wire: the superchat's answer is the very next utterance to start, right after the sentence ends
    starts = [m for m in got if m["type"] == "utterance_started"]
    after = starts[[m["utterance_id"] for m in starts].index(second) + 1]
    first_paid = next(m for m in got if m["type"] == "speech_act" and m["in_reply_to"] == paid.id)
    assert after["utterance_id"] == first_paid["utterance_id"]
    assert first_paid["text"] == "Whale sent 100 dollars: Hi!"
    assert started["_rx"] <= seen["sent_at"] < finished["_rx"]  # it arrived mid-sentence
    assert after["_rx"] - finished["_rx"] < 1.0  # and is answered as that sentence ends
    assert live.front.barge_ins == 1
    assert first_replies(got)[-2:] == [paid.id, seen["small"].id]  # the larger first, though sent last


async def test_small_superchat_waits_for_the_whole_reply(live: Live) -> None:
    seen = await _say_with_superchat(live, 5, sentences=3)
    got, paid = seen["got"], seen["paid"]
    say_utts = [
        m["utterance_id"] for m in got if m["type"] == "speech_act" and m["in_reply_to"] == say_id(seen)
    ]
    finished = {m["utterance_id"]: m for m in got if m["type"] == "utterance_finished"}
    assert len(say_utts) == 3 and all(u in finished for u in say_utts)  # the reply is heard whole
    first_paid = next(m for m in got if m["type"] == "speech_act" and m["in_reply_to"] == paid.id)
    start = next(
        m for m in got if m["type"] == "utterance_started" and m["utterance_id"] == first_paid["utterance_id"]
    )
    assert start["_rx"] >= finished[say_utts[-1]]["_rx"]
    assert live.front.barge_ins == 0


def say_id(seen: dict[str, Any]) -> str:
    said: Control = seen["say"]
    return said.id


async def test_barge_in_waits_for_the_sentence_not_its_lead_phrase() -> None:
    async with running(realtime=True, lead_words=3) as live:
        async with await TimedClient.open(live.gateway.ws_url, role="operator") as client:
            await client.expect("welcome")
            text = "Sentence one is spoken in two parts here. Sentence two is here."
            say = Control(action="say", text=text)
            await client.send(say)
            lead = await client.expect("utterance_started", within=20)
            assert lead["text"] == "Sentence one is spoken"
            paid = sc("Whale", 100, "USD", "Hi!")
            await client.send(paid)
            await client.expect("speech_act", within=30, in_reply_to=paid.id)
            await client.expect("utterance_started", within=30)  # the paid read-out starts
    got = client.received
    starts = [m["text"] for m in got if m["type"] == "utterance_started"]
    assert starts == ["Sentence one is spoken", "in two parts here.", "Whale sent 100 dollars: Hi!"]
    finished = {m["utterance_id"] for m in got if m["type"] == "utterance_finished"}
    say_acts = [m for m in got if m["type"] == "speech_act" and m["in_reply_to"] == say.id]
    assert [m["utterance_id"] in finished for m in say_acts[:2]] == [True, True]  # the whole 1st sentence
    assert "Sentence two is here." not in starts


async def test_no_barge_in_over_another_paid_answer(live: Live) -> None:
    async with await TimedClient.open(live.gateway.ws_url, role="source") as client:
        await client.expect("welcome")
        first = sc("Whale", 100, "USD", "Hi!")
        await client.send(first)
        await client.expect("utterance_started", within=20)  # its read-out is being spoken
        bigger = sc("Orca", 500, "USD", "Hello!")
        await client.send(bigger)
        await client.expect("speech_act", within=30, in_reply_to=bigger.id)
    got = client.received
    acts = [m for m in got if m["type"] == "speech_act" and m["in_reply_to"] == first.id]
    finished = {m["utterance_id"] for m in got if m["type"] == "utterance_finished"}
    assert len(acts) == 2 and all(m["utterance_id"] in finished for m in acts)  # read-out and answer, whole
    assert not any(m["type"] == "utterance_cancelled" for m in got)
    assert live.front.barge_ins == 0
