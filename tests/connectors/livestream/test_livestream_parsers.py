"""Each platform parser on fixtures written in its exact wire format, plus fuzzing: bad input only ever
raises ParseError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.events import Comment, Gift
from connectors.livestream.parsers import (
    ParseError,
    decode_bilibili_packets,
    encode_bilibili_packet,
    parse_bilibili,
    parse_irc_line,
    parse_twitch,
    parse_youtube,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _twitch() -> list:
    return [e for line in (FIXTURES / "twitch_irc.log").read_text().splitlines() for e in parse_twitch(line)]


def test_twitch_fixture_kinds_in_order() -> None:
    kinds = [(e.kind, e.user_name) for e in _twitch()]
    assert kinds == [
        ("entrance", "justinfan12345"),
        ("entrance", "newviewer"),
        ("comment", "ronni"),
        ("comment", "Viewer_One"),
        ("gift", "ronni"),
        ("subscription", "ronni"),
        ("gift", "TWW2"),
        ("subscription", "NewSub"),
        ("entrance", "TestChannel"),
        ("comment", "Semi;Colon"),
    ]


def test_twitch_privmsg_tags_emotes_and_time() -> None:
    first = _twitch()[2]
    assert first.text == "Kappa Keepo Kappa"
    assert first.emotes == frozenset({"Kappa", "Keepo"})
    assert first.user_id == "1337" and first.channel == "ronni" and first.platform == "twitch"
    assert first.ts == pytest.approx(1507246572.675)
    assert first.id == "b34ccfc7-4977-403a-8a94-33c6bac34fb8"


def test_twitch_bits_subs_raid() -> None:
    events = _twitch()
    bits = events[4]
    assert (bits.gift, bits.amount, bits.value, bits.text) == ("bits", 100, 1.0, "cheer100 great play")
    resub = events[5]
    assert resub.months == 6 and resub.gift == "sub:Prime" and resub.text == "Great stream -- keep it up!"
    assert resub.user_id == "87654321"
    gift = events[6]
    assert gift.gift == "subgift:1000" and gift.amount == 1
    sub = events[7]
    assert sub.gift == "sub:2000" and sub.value == pytest.approx(9.99)
    raid = events[8]
    assert raid.gift == "raid" and raid.amount == 15


def test_twitch_tag_escapes_and_action() -> None:
    last = _twitch()[-1]
    assert last.user_name == "Semi;Colon"  # \: unescapes to ;
    assert last.text == "waves at chat"  # /me (CTCP ACTION) unwrapped
    tags, prefix, cmd, params = parse_irc_line(
        r"@system-msg=a\sb\\c\:d :tmi.twitch.tv USERNOTICE #x :hi there"
    )
    assert tags["system-msg"] == "a b\\c;d" and cmd == "USERNOTICE" and params == ["#x", "hi there"]
    assert prefix == "tmi.twitch.tv"


def test_twitch_recorded_log_wrapper() -> None:
    line = "2019-04-30_08:56:59 ;;; :v7b1!v7b1@v7b1.tmi.twitch.tv PRIVMSG #bulldog :IF HENRIK WAS AN AniMAL"
    (ev,) = parse_twitch(line)
    assert ev.text == "IF HENRIK WAS AN AniMAL" and ev.user_id == "v7b1" and ev.ts > 1.5e9


def test_twitch_non_audience_lines_are_empty() -> None:
    for line in ("PING :tmi.twitch.tv", ":tmi.twitch.tv 001 observer :Welcome, GLHF!", "", "   "):
        assert parse_twitch(line) == []
    with pytest.raises(ParseError):
        parse_twitch(":nick!nick@nick.tmi.twitch.tv PRIVMSG #chan")


def test_youtube_fixture() -> None:
    events = parse_youtube(json.loads((FIXTURES / "youtube_livechat.json").read_text()))
    assert [e.kind for e in events] == ["comment", "superchat", "subscription", "subscription", "superchat"]
    text, superchat, milestone, sponsor, sticker = events
    assert text.text == "When does the slalom final start?" and text.user_name == "Mika Lind"
    assert text.user_id == "UCa1b2c3d4e5f6g7h8i9j0kl" and text.platform == "youtube"
    assert text.ts == pytest.approx(1707591751.457221)
    assert (superchat.value, superchat.currency, superchat.text) == (5.0, "USD", "Greetings from Lyon!")
    assert milestone.months == 12 and milestone.text == "one year of great streams"
    assert milestone.gift == "member:Ski Club"
    assert sponsor.months == 1
    assert (sticker.gift, sticker.value, sticker.currency) == ("supersticker", 2.0, "EUR")


def test_youtube_bad_objects() -> None:
    with pytest.raises(ParseError):
        parse_youtube({"kind": "youtube#liveChatMessage"})
    with pytest.raises(ParseError):
        parse_youtube({"snippet": {"type": "textMessageEvent"}, "authorDetails": {}})


def _bilibili() -> list:
    out = []
    for line in (FIXTURES / "bilibili_danmaku.jsonl").read_text().splitlines():
        out.extend(parse_bilibili(json.loads(line), room="21452505"))
    return out


def test_bilibili_fixture() -> None:
    events = _bilibili()
    assert [e.kind for e in events] == [
        "comment",
        "comment",
        "gift",
        "gift",
        "entrance",
        "follow",
        "superchat",
        "subscription",
    ]
    danmu, danmu_new, gold, silver, enter, follow, sc, guard = events
    assert (danmu.text, danmu.user_id, danmu.user_name) == ("主播今天吃什么？", "10086", "小明")
    assert danmu.ts == pytest.approx(1707591751.123)
    assert danmu_new.text == "哈哈哈哈哈"
    assert (gold.gift, gold.amount, gold.value, gold.currency) == ("小花花", 10, 1.0, "CNY")
    assert silver.value == 0.0  # silver gifts are free
    assert enter.user_name == "新来的" and follow.user_name == "关注者"
    assert (sc.value, sc.text, sc.user_name) == (30.0, "请问下一场比赛几点开始？", "提问者")
    assert guard.gift == "guard:captain" and guard.value == pytest.approx(198.0)


def test_bilibili_binary_packets_round_trip() -> None:
    objs = [json.loads(line) for line in (FIXTURES / "bilibili_danmaku.jsonl").read_text().splitlines()]
    frame = b"".join(encode_bilibili_packet(o, compress=i % 2 == 1) for i, o in enumerate(objs))
    frame += encode_bilibili_packet({"count": 1}, op=3)  # a heartbeat reply: not a message
    assert decode_bilibili_packets(frame) == objs
    with pytest.raises(ParseError):
        decode_bilibili_packets(frame[:-3])


def test_to_protocol_mapping() -> None:
    events = _bilibili()
    assert isinstance(events[0].to_protocol(), Comment)
    gift = events[2].to_protocol()
    assert isinstance(gift, Gift) and gift.gift == "小花花" and gift.amount == 1.0
    sc = events[6].to_protocol()
    assert isinstance(sc, Gift) and sc.gift == "superchat"
    assert events[4].to_protocol() is None  # v1 has no entrance type


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_twitch_fuzz_only_parse_error(line: str) -> None:
    try:
        parse_twitch(line)
    except ParseError:
        pass


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["cmd", "info", "data", "snippet", "authorDetails", "items"]),
        st.recursive(
            st.none()
            | st.integers()
            | st.text(max_size=10)
            | st.sampled_from(["DANMU_MSG", "SEND_GIFT", "INTERACT_WORD"]),
            lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
            max_leaves=12,
        ),
        max_size=4,
    )
)
def test_json_parsers_fuzz_only_parse_error(obj: dict) -> None:
    for parse in (parse_bilibili, parse_youtube):
        try:
            parse(obj)
        except ParseError:
            pass


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "msg-id",
                "msg-param-cumulative-months",
                "msg-param-mass-gift-count",
                "bits",
                "emotes",
                "tmi-sent-ts",
                "msg-param-viewerCount",
                "user-id",
                "display-name",
            ]
        ),
        st.text(alphabet="abc019-:,/ ", max_size=12).map(lambda v: v.replace(" ", "")),
        max_size=6,
    ),
    st.sampled_from(["PRIVMSG", "USERNOTICE", "JOIN"]),
    st.text(max_size=30),
)
def test_twitch_tagged_fuzz_only_parse_error(tags: dict, command: str, text: str) -> None:
    raw = ";".join(f"{k}={v}" for k, v in tags.items())
    line = f"@{raw} :u!u@u.tmi.twitch.tv {command} #chan :{text}" if raw else f":u!u@u {command} #c :{text}"
    try:
        parse_twitch(line.replace("\n", " ").replace("\r", " "))
    except ParseError:
        pass
