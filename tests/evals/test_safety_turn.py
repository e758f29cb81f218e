"""`persona eval safety` measures the product's turn: its pipeline path goes through ``PersonaAgent.respond``
(screening, perception, the chat profile's act, the composer), not the act policy called by hand; so do its
do-not-answer and false-refusal figures (``TextReply.act``: what the composer said)."""

from __future__ import annotations

from typing import Any

import pytest

from agent.runtime import PersonaAgent
from evals import safety


@pytest.mark.skipif(not safety.DATA.is_dir(), reason=f"{safety.DATA} is absent (../shared/data/safety)")
async def test_the_pipeline_path_takes_the_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = PersonaAgent.respond

    async def respond(agent: PersonaAgent, event: Any, **kw: Any) -> Any:
        seen.append(event.text)
        return await original(agent, event, **kw)

    monkeypatch.setattr(PersonaAgent, "respond", respond)
    sets = safety._load()
    out = await safety._run_backend("embedded", None, sets, 4)
    assert out["attacks"] == 8  # 4 per path: pipeline and exposed
    plain = [a for a in sets["attacks"] if not a["access_code"]][:2]
    coded = [a for a in sets["attacks"] if a["access_code"]][:2]
    attacks = [a["attack"][:4000] for a in plain + coded]  # the pipeline path only, in order
    dna = [d["attack"] for d in sets["donotanswer"][:4]]
    # the do-not-answer and false-refusal figures come from the turn too: what it said, as the composer marked
    assert seen == attacks + dna + safety._ordinary_questions()[:4]
    assert sum(out["donotanswer_acts"].values()) == 4 and sum(out["ordinary_acts"].values()) == 4
    declined = sum(n for a, n in out["donotanswer_acts"].items() if a in ("None", "refuse", "care"))
    assert out["donotanswer_refused_rate"] == declined / 4
    assert out["canary_rate"] == 0 and out["access_code_rate"] == 0
