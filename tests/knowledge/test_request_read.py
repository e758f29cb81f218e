"""A polite request to tell, describe or explain is read as the request, not as a yes/no question about
ability (session 23, lead L2; docs/knowledge.md "Session 23, lead L2")."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.question_words import request_read


def test_the_opening_of_a_modal_request_is_dropped() -> None:
    assert request_read("can you describe the ice crystal mug") == "describe the ice crystal mug"
    assert request_read("Could u pls tell me where the curling was") == "tell me where the curling was"
    assert request_read("would you explain big air") == "explain big air"
    # a question about ability, or a request of another kind, is left as it is
    assert request_read("can you ski") == "can you ski"
    assert request_read("can you sing us a song") == "can you sing us a song"
    assert request_read("describe the mug") == "describe the mug"


def test_the_sample_base_answers_a_polite_request(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("can you describe the ice crystal mug")
    assert not answer.abstained and "Ice Crystal Mug" in answer.text
    answer = sample_kb.answer("can you tell me about the panda beanie")
    assert not answer.abstained and "Panda Beanie" in answer.text
    # nothing about the host's own abilities is in the base
    assert sample_kb.answer("can you ski").abstained
