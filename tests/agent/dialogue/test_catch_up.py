"""The catch-up (session 23, brief P2; docs/dialogue.md): what a cited answer covered, the record per
conversation, the line said, and that with an LLM backend the line is the realizer's, never the model's.
Made-up answers and headings."""

from __future__ import annotations

from typing import Any

from agent.dialogue.catch_up import Covered, catch_up_line, conversation_key, covered_topic, recap
from agent.events import Citation, Comment, Message, User


def _cite(span: str) -> list[Citation]:
    return [Citation(source="notes.md", span=span, quote="")]


def test_the_thing_asked_when_the_answer_says_it() -> None:
    said = 'Since 1990 the "Ribbon Hall" has hosted the relay.'
    assert covered_topic("what is the ribbon hall?", said, _cite("Venues > Ribbon Hall")) == "the Ribbon Hall"


def test_else_the_heading_leaf_as_the_answer_writes_it() -> None:
    said = "In sled racing, pilots steer with their shoulders."
    assert covered_topic("is it fast?", said, _cite("Guide > Sled racing")) == "sled racing"
    assert covered_topic("who is she?", "Ana Ruiz won twice.", _cite("People > Ana Ruiz")) == "Ana Ruiz"


def test_a_common_noun_leaf_takes_its_article_and_a_label_is_no_topic() -> None:
    # the reviewer's V9: "So far we talked about medal table and At a glance."
    said = "Norway topped the medal table with 16 gold medals."
    assert covered_topic("who topped it?", said, _cite("Games > Medal table")) == "the medal table"
    assert covered_topic("when was it?", "It ran for 16 days.", _cite("Games > At a glance")) is None


def test_no_citation_or_no_heading_nothing_recorded() -> None:
    assert covered_topic("what is the ribbon hall?", "It is a hall.", []) is None
    assert covered_topic("is it fast?", "Yes.", _cite("lines 3-9")) is None
    assert covered_topic("is it fast?", "Yes.", _cite("page 2")) is None


def test_recap_newest_first_two_at_most_no_repeat() -> None:
    assert recap(["a", "b", "c"]) == ("c", "b")
    assert recap(["the Hall", "b", "the hall"]) == ("the hall", "b")
    assert recap([]) == ()


def test_the_line() -> None:
    assert catch_up_line("sam", ("x", "y")) == "Welcome in, sam! So far we talked about x and y."
    assert catch_up_line("", ("x",)) == "Welcome in! So far we talked about x."
    assert "just in time" in catch_up_line("sam", ())
    assert catch_up_line("sam", (), formal=True) == "Welcome, sam. We are just getting started."


def test_the_record_is_kept_per_conversation() -> None:
    covered = Covered(keep=2, keys=2)
    live = conversation_key(Comment(user=User(id="u1", name="a"), text="hi"))
    dm = conversation_key(Message(user=User(id="u1", name="a"), text="hi"))
    assert live != dm and conversation_key(Message(user=User(id="u2", name="b"), text="hi")) != dm
    for t in ("a", "b", "c"):
        covered.add(live, t)
    assert covered.topics(live) == ("b", "c") and covered.topics(dm) == ()
    covered.add(dm, "z")
    covered.add("other", "y")  # a third conversation: the least recently used is forgotten
    assert covered.topics(live) == ()


class _Model:
    """A scripted model that says a made-up fact: a catch-up must never be its words."""

    name = "scripted"

    def __init__(self) -> None:
        self.calls = 0

    async def stream(self, messages: Any, *, max_tokens: int = 120, temperature: float = 0.7) -> Any:
        self.calls += 1
        yield "Welcome! We covered the moon landing."


async def test_the_catch_up_is_the_realizers_never_the_models() -> None:
    from agent.dialogue import DialogueComposer
    from agent.persona import Persona
    from agent.stages import Percept, Plan

    model = _Model()
    composer = DialogueComposer(Persona.load(None), backend=model)  # type: ignore[arg-type]
    event = Comment(user=User(id="u9", name="sam"), text="what did i miss?")
    composer.covered.add(conversation_key(event), "the Ribbon Hall")
    plan = Plan(branch="t", reason="t", act="greet")
    said = [s.text async for s in composer.compose(plan, Percept(text=event.text, intent="greeting"), event)]
    assert said == ["Welcome in, sam! So far we talked about the Ribbon Hall."], said
    assert model.calls == 0
