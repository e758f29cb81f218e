"""A realized act carries each citation once, on its first sentence (session 17, brief F3): when moderation
blocks that sentence, the next sentence said carries its sources (patch composer_owed_citations.patch)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from agent.dialogue import DialogueComposer, Moderator
from agent.events import Comment, Emotion, User
from agent.persona import Persona
from agent.stages import Percept, Plan

ANSWER = SimpleNamespace(
    text="Mikaela Shiffrin won the slalom in 1:45.32. She led both runs.",
    abstained=False,
    citations=[SimpleNamespace(source="results.csv", span="row 3", quote="Shiffrin 1:45.32")],
)


class _BlocksShiffrin(Moderator):
    def clean(self, text: str, echo_of: str | None = None, viewer: str | None = None) -> str | None:
        return None if "Shiffrin" in text else super().clean(text, echo_of, viewer)


async def test_a_blocked_first_sentence_hands_its_citation_to_the_next() -> None:
    class KB:
        def answer(self, question: str) -> Any:
            return ANSWER

    persona = Persona.load(None)
    c = DialogueComposer(persona, KB())
    c.moderator = _BlocksShiffrin(persona)
    q = Comment(user=User(id="u", name="Lena"), text="who won the slalom?")
    plan = Plan(branch="t", reason="t", act="answer", emotion=Emotion(label="joy", intensity=0.5))
    out = [s async for s in c.compose(plan, Percept(text=q.text, intent="question"), q)]
    said = [s.text for s in out]
    assert "She led both runs." in said and not any("Shiffrin" in s for s in said), said
    assert [x.source for s in out for x in s.citations] == ["results.csv"], out
