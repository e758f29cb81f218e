"""Bus URLs and key names (pure)."""

from __future__ import annotations

import pytest

from agent.events import Comment, Question, User
from connectors.bus.keys import BusURLError, Keys, channel_of, check_url, redact, slug


def test_redact_hides_only_the_password() -> None:
    assert redact("redis://:s3cret@10.0.0.5:6380/2") == "redis://:***@10.0.0.5:6380/2"
    assert redact("rediss://app:s3cret@cache.example:6379/0") == "rediss://app:***@cache.example:6379/0"
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize("url", ["http://h:1/0", "redis://", "localhost:6379", "redis://h:port/0"])
def test_check_url_refuses_what_is_not_redis(url: str) -> None:
    with pytest.raises(BusURLError, match="not a bus URL"):
        check_url(url)


def test_check_url_never_echoes_a_password() -> None:
    with pytest.raises(BusURLError) as info:
        check_url("http://u:pw123@h/0")
    assert "pw123" not in str(info.value)


def test_keys_share_one_cluster_slot_per_persona() -> None:
    keys = Keys("Frosty Fox")
    assert slug("Frosty Fox") == "frosty-fox"
    names = [keys.input("twitch"), keys.channels, keys.output, keys.control, keys.done("e1"), keys.shed]
    assert names[0] == "persona:{frosty-fox}:in:twitch"
    assert all(name.startswith("persona:{frosty-fox}:") for name in names)  # one hash tag: one slot


def test_inputs_are_partitioned_by_channel() -> None:
    user = User(id="u", name="u")
    assert channel_of(Comment(user=user, text="hi", channel="yt-main")) == "yt-main"
    assert channel_of(Question(user=user, text="who won?")) == "default"
