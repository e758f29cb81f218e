"""A viewer's news is not spam (issue 14, session 29, brief W2, S1; docs/perception.md).

At fa43fe5 the intent classifier's spam cues were found inside any word ("promo" in "promoted", "click" in
"clicking", "free" in "freestyle"), so a viewer's news was read as spam and the host stayed quiet. Real turns
(``turns.say_fresh``: perception, the conversation decider, the composer, the realizer); the lines are written
for this test (no evaluation set's)."""

from __future__ import annotations

import pytest

from agent.perception.lexicon import INTENT_LEXICON, lexicon_counts
from tests.agent.dialogue.turns import say_fresh


@pytest.mark.parametrize(
    "text",
    [
        "my sister got promoted to head chef",
        "the clicking of the blades on the ice is so satisfying",
        "freestyle skiing looks like so much fun",
    ],
)
async def test_a_cue_inside_a_word_is_no_spam(text: str) -> None:
    reply = await say_fresh(text)
    assert reply.percept.intent != "spam", reply.percept
    assert reply.text.strip(), "silent"


async def test_a_spam_line_is_still_spam() -> None:
    reply = await say_fresh("free giveaway!! click the link in my bio and follow me")
    assert reply.percept.intent == "spam", reply.percept
    assert not reply.text.strip(), reply.text


def test_spam_cues_count_as_words_and_links_inside_words() -> None:
    spam = list(INTENT_LEXICON).index("spam")
    assert lexicon_counts("promo codes and giveaways", INTENT_LEXICON)[spam] == 2  # a plural "s" may follow
    assert lexicon_counts("promoted, clicking, freezing", INTENT_LEXICON)[spam] == 0
    assert lexicon_counts("see https://x.example", INTENT_LEXICON)[spam] == 1  # "http" inside "https"
    assert lexicon_counts("加微信 免费", INTENT_LEXICON)[spam] == 2  # Chinese cues: no word boundaries
