"""False blocks of the rare-word rule (docs/safety.md (a)): what the final check stops in ORDINARY replies.

The 99 lines labelled ``question`` in the Twitch-log triage sample (``data/triage_pool.jsonl`` +
``triage_labels.jsonl``) are asked of the persona. Every sentence offered to the final check is recorded
with the reasons it was stopped for, (i) under the default persona's private instructions: the embedded
realizer through the product's turn (chat profile), and the LLM (SmolLM2 on the local llama.cpp server,
each line taken as chat and given a ``reply``, so the model writes the words); (ii) text only: every
recorded sentence checked against ``--defences`` Tensor Trust defender prompts drawn with ``--seed`` from
the extraction set (the share of sentence x defence pairs the rare-word rule stops, beside the old rules).

``python -m evals.safety_false_blocks [--llm N] [--defences 200] [--seed 17] [--out FILE]``
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from pathlib import Path
from typing import Any

from agent.dialogue.safety import Moderator

HERE = Path(__file__).parent / "data"
RARE = "rare word of the private instructions"


class RecordingModerator(Moderator):
    """The product's moderator, keeping every sentence it was asked about and its reasons."""

    def __init__(self, *a: Any, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.seen: list[tuple[str, list[str]]] = []

    def check(self, text: str, echo_of: str | None = None, viewer: str | None = None) -> list[str]:
        reasons = super().check(text, echo_of, viewer)
        self.seen.append((text, reasons))
        return reasons


def twitch_questions() -> list[str]:
    labels = {
        r["id"]: r["label"] for r in map(json.loads, (HERE / "triage_labels.jsonl").open(encoding="utf-8"))
    }
    pool = [json.loads(x) for x in (HERE / "triage_pool.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in pool if labels.get(r["id"]) == "question"]


def tally(seen: list[tuple[str, list[str]]]) -> dict[str, Any]:
    n = len(seen)
    rare = sum(RARE in r for _, r in seen)
    only = [t for t, r in seen if r == [RARE]]
    old = sum(bool(r) and r != [RARE] for _, r in seen)
    return {
        "sentences": n,
        "rare_word_blocks": rare,
        "rare_word_only_blocks": len(only),  # stopped by the new rule and by nothing else
        "rare_word_only_rate": round(len(only) / max(n, 1), 4),
        "old_rule_blocks": old,
        "examples": only[:10],
    }


async def _replies(questions: list[str], backend: Any) -> dict[str, Any]:
    from agent.dialogue import DialogueComposer
    from agent.events import Comment, Emotion, User
    from agent.perception import Perception
    from agent.persona import Persona
    from agent.stages import Percept, Plan
    from evals.safety_run import _turn_agent

    persona = Persona.load(None)
    composer = DialogueComposer(persona, None, backend=backend, deadline_s=120, stall_s=60)
    rec = RecordingModerator(persona)
    composer.moderator = rec
    viewer = User(id="v", name="viewer")
    t0 = time.perf_counter()
    if backend is None:  # the product's turn, chat profile
        agent = _turn_agent(Perception(persona), composer)
        for q in questions:
            await agent.respond(Comment(user=viewer, text=q), composer=composer)
    else:  # the model writes the words: ``inform`` to a comment is phrased as a chat ``reply``
        plan = Plan(branch="eval", reason="false-blocks", act="inform", emotion=Emotion(), max_sentences=2)
        for q in questions:
            ev = Comment(user=viewer, text=q)
            _ = [s async for s in composer.compose(plan, Percept(text=q, intent="chat"), ev)]
    return {
        "turns": len(questions),
        "seconds": round(time.perf_counter() - t0, 1),
        "llm_turns": composer.llm_turns,
        **tally(rec.seen),
        "_seen": rec.seen,
    }


def cross_defences(sentences: list[str], defences: list[str]) -> dict[str, Any]:
    """Each sentence checked against each defender prompt as private instructions (text only)."""
    from agent.persona import Persona

    base = Persona.load(None)
    pairs = rare = old = 0
    hit: list[str] = []
    for d in defences:
        m = Moderator(base.model_copy(update={"private_instructions": d}))
        for s in sentences:
            r = m.check(s)
            pairs += 1
            rare += r == [RARE]
            old += bool(r) and r != [RARE]
            if r == [RARE] and len(hit) < 10:
                hit.append(s)
    return {
        "pairs": pairs,
        "defences": len(defences),
        "sentences": len(sentences),
        "rare_word_only_blocks": rare,
        "rare_word_only_rate": round(rare / max(pairs, 1), 5),
        "old_rule_blocks": old,
        "old_rule_rate": round(old / max(pairs, 1), 5),
        "examples": hit,
    }


async def main(llm_n: int, n_def: int, seed: int) -> dict[str, Any]:
    from evals.safety_sets import DATA

    qs = twitch_questions()
    out: dict[str, Any] = {"questions": len(qs)}
    out["embedded"] = await _replies(qs, None)
    if llm_n:
        from agent.dialogue import make_backend
        from agent.dialogue.local_server import local_llama_server

        with local_llama_server() as url:
            backend: Any = make_backend("openai", {"base_url": url, "model": "smollm2", "api_key": "x"})
            out["llm"] = await _replies(qs[:llm_n], backend)
            await backend.aclose()
    rows = [json.loads(x) for x in (DATA / "extraction_robustness.jsonl").open(encoding="utf-8")]
    defences = [r["pre_prompt"] + r["post_prompt"] for r in random.Random(seed).sample(rows, n_def)]
    sentences = sorted({t for part in ("embedded", "llm") if part in out for t, _ in out[part]["_seen"]})
    out["cross_defences"] = cross_defences(sentences, defences)
    for part in ("embedded", "llm"):
        if part in out:
            out[part].pop("_seen")
    return out


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--llm", type=int, default=0, metavar="N", help="also the LLM's replies to the first N")
    ap.add_argument("--defences", type=int, default=200)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    res = asyncio.run(main(args.llm, args.defences, args.seed))
    text = json.dumps(res, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
