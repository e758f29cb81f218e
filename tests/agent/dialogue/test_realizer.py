"""The realizer's lines from the demo's reading: a cheer asked for is a cheer about what was asked, and a
greeting carries no catchphrase tail."""

from __future__ import annotations

import itertools

from agent.dialogue import Realizer
from agent.dialogue.realizer import cheer_target
from agent.persona import Persona


def test_a_cheer_request_gets_a_cheer_for_whom_was_asked() -> None:
    asked = {
        "can you do a cheer for team Norway?": "team Norway",
        "give a shout out to the Canadian hockey team!": "the Canadian hockey team",
        "cheer for Chloe Kim please": "Chloe Kim",
        "I will cheer for you": None,  # not a request to cheer for someone
        "who do you root for?": None,
        "go to the store": None,
    }
    for text, want in asked.items():
        assert cheer_target(text) == want, text
    r = Realizer(Persona.load(None), seed=1)
    clock = itertools.count(step=6.0)
    for act in ("reply", "greet"):  # asked in a first message (greeted) or later (replied to)
        for team in ("team Norway", "team Canada", "the Swiss skiers"):
            out = r.realize(
                act, name="anna_b", viewer_text=f"can you do a cheer for {team}?", now=next(clock)
            )
            text = " ".join(s for s, _ in out.sentences)
            assert team.removeprefix("the ") in text and "anna_b" in text, text


def test_no_catchphrase_tail_on_a_greeting_or_a_cheer() -> None:
    persona = Persona.load(None)
    assert persona.style.catchphrases  # the default persona has them: they are not said as tails
    r = Realizer(persona, seed=0)
    clock = itertools.count(step=700.0)
    for act, name in itertools.product(("greet", "cheer", "farewell"), ("snowfox", "lu", "mara_k", "pim")):
        text = " ".join(s for s, _ in r.realize(act, name=name, now=next(clock)).sentences)
        assert not any(c.rstrip("!") in text for c in persona.style.catchphrases), text
