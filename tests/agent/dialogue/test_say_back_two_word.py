"""A country whose name is two words counts as one only whole (review V, session 20): "cheer for the south"
was said back ("Go, south, go, the chat is with you!"), as "great" and "new" were - ``say_back``'s team
country list held "great britain", "south korea" and "new zealand" split into single words. Written here,
from no eval set."""

from __future__ import annotations

import pytest

from agent.dialogue.say_back import safe_target
from agent.dialogue.takeup import acknowledgements


@pytest.mark.parametrize("target", ["the south", "south", "great", "the new team", "the great south"])
def test_the_first_word_of_a_two_word_country_is_no_country_alone(target: str) -> None:
    assert safe_target(target) is None
    said = " ".join(acknowledgements(f"can you do a cheer for {target}", "casual")).lower()
    assert f"go, {target.removeprefix('the ')}" not in said, said


@pytest.mark.parametrize(
    "target", ["team great britain", "south korea", "the South Korean team", "new zealand"]
)
def test_a_two_word_country_is_still_said(target: str) -> None:
    assert safe_target(target) == target
    said = " ".join(acknowledgements(f"can you do a cheer for {target}", "casual"))
    assert target.removeprefix("the ") in said, said
