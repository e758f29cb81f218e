"""`persona eval dialogue`: perception F1 on the held-apart split, controllability, persona consistency.

- Perception: per-class F1 of intent and emotion on the test split of the labeled set (templates never
  seen in training), for the ``static`` head (the default: static MiniLM token vectors + lexicons +
  n-grams), the ``contextual`` head (MiniLM sentence embeddings + lexicons + n-grams) and the ``fast`` head
  (lexicons + n-grams). The unsuffixed metrics are the default head's.
- Controllability: the embedded composer realizes a grid of (speech act x emotion x formality x energy)
  requests; readers independent of the realizer's code read the output back: the emotion with the
  perception emotion classifier, formality (no contractions and no slang vs. contractions), energy ("!"
  vs. none). Score = share of requests where the reader returns what was asked, averaged over the three.
- Persona consistency: both shipped personas answer the held-apart inputs; the share of replies that
  use none of the persona's never-say words and whose register (formality reader) matches the persona's.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from typing import Any

from evals.result import EvalOptions, EvalResult, Target

EMOTIONS = ("joy", "surprise", "sadness", "gratitude", "fear", "neutral")
ACTS = ("greet", "thank", "cheer", "answer", "farewell", "promote", "apologize")
_CONTRACTION = re.compile(r"\b\w+'(s|re|m|ll|ve|t|d)\b", re.I)
_SLANG = re.compile(r"\b(yo|lol|gonna|wanna|yeah|legend|oops|oof|aw|whoa)\b", re.I)


def read_formal(text: str) -> bool:
    return not _CONTRACTION.search(text) and not _SLANG.search(text)


def read_energetic(text: str) -> bool:
    return "!" in text or "！" in text


def f1_per_class(gold: list[str], pred: list[str]) -> dict[str, float]:
    out = {}
    for c in sorted(set(gold)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        out[c] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    return out


def _perception(persona: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from agent.perception import Perception
    from agent.perception.core import HEADS
    from agent.perception.data.build import DATASET

    rows = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines()]
    test = [r for r in rows if r["split"] == "test"]
    metrics: dict[str, Any] = {}
    details: dict[str, Any] = {"test_examples": len(test), "train_examples": len(rows) - len(test)}
    for head in HEADS:
        out = Perception(persona, head=head).perceive_texts([r["text"] for r in test])
        for task, pred in (("intent", [p.intent for p in out]), ("emotion", [p.emotion.label for p in out])):
            f1 = f1_per_class([r[task] for r in test], pred)
            details[f"{task}_f1_{head}"] = f1
            metrics[f"{task}_macro_f1{'' if head == 'static' else '_' + head}"] = round(
                sum(f1.values()) / len(f1), 4
            )
    return metrics, details


async def _compose(composer: Any, plan: Any, percept: Any, event: Any) -> str:
    return " ".join([s.text async for s in composer.compose(plan, percept, event)])


def _controllability(persona: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from types import SimpleNamespace

    from agent.dialogue import DialogueComposer
    from agent.events import Comment, Emotion, User
    from agent.perception import Perception
    from agent.stages import Percept, Plan

    class KB:
        def answer(self, question: str) -> Any:
            text = "Marco Odermatt won the giant slalom by 0.19 seconds."
            return SimpleNamespace(
                text=text, abstained=False, citations=[SimpleNamespace(source="results.md")]
            )

    composer = DialogueComposer(persona, KB())
    event = Comment(user=User(id="u", name="Lena"), text="who won the giant slalom?")
    rows: list[dict[str, Any]] = []
    for act, emo, formality, energy in itertools.product(ACTS, EMOTIONS, (0.15, 0.9), (0.15, 0.9)):
        plan = Plan(branch="eval", reason="grid", act=act, emotion=Emotion(label=emo, intensity=0.7),  # type: ignore[arg-type]
                    formality=formality, energy=energy, max_sentences=3)  # fmt: skip
        percept = Percept(text=event.text, intent="question")
        text = asyncio.run(_compose(composer, plan, percept, event))
        rows.append({"act": act, "emotion": emo, "formality": formality, "energy": energy, "text": text})
    reader = Perception(persona)  # the default head's emotion classifier, trained on viewer comments
    read = reader.perceive_texts([r["text"] for r in rows])
    ok_e = ok_f = ok_n = 0
    for r, p in zip(rows, read, strict=True):
        r["read_emotion"] = p.emotion.label
        r["read_formal"] = read_formal(r["text"])
        r["read_energetic"] = read_energetic(r["text"])
        ok_e += p.emotion.label == r["emotion"]
        ok_f += r["read_formal"] == (r["formality"] > 0.5)
        ok_n += r["read_energetic"] == (r["energy"] > 0.5)
    n = len(rows)
    m = {"controllability_emotion": round(ok_e / n, 4), "controllability_formality": round(ok_f / n, 4),
         "controllability_energy": round(ok_n / n, 4)}  # fmt: skip
    m["controllability"] = round((ok_e + ok_f + ok_n) / (3 * n), 4)
    return m, rows


def _consistency() -> tuple[dict[str, Any], dict[str, Any]]:
    from agent.dialogue import DialogueComposer
    from agent.dialogue.policy import plan_for
    from agent.events import Comment, User
    from agent.perception import Perception
    from agent.perception.data.build import DATASET
    from agent.persona import Persona

    rows = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines()]
    texts = [r["text"] for r in rows if r["split"] == "test"]
    details: dict[str, Any] = {}
    scores = []
    for name in ("default", "reporter"):
        persona = Persona.load(name)
        perception = Perception(persona, head="fast")
        composer = DialogueComposer(persona, None)
        ok = total = 0
        bad: list[str] = []
        for text in texts:
            event = Comment(user=User(id="u", name="Kai"), text=text)
            percept = perception.perceive(event, 0.0)
            plan = plan_for(percept, event)
            if plan.act is None:
                continue
            out = asyncio.run(_compose(composer, plan, percept, event))
            clean = persona.never_said(out)
            register_ok = percept.language == "zh" or read_formal(out) == (persona.style.formality >= 0.6)
            total += 1
            ok += clean and register_ok
            if not (clean and register_ok) and len(bad) < 5:
                bad.append(out)
        scores.append(ok / max(total, 1))
        details[name] = {"replies": total, "consistent": ok, "examples_off": bad}
    return {"persona_consistency": round(sum(scores) / len(scores), 4)}, details


def run(options: EvalOptions) -> EvalResult:
    import torch

    from agent.persona import Persona

    torch.set_num_threads(1)
    persona = Persona.load(None)
    metrics, details = _perception(persona)
    cm, rows = _controllability(persona)
    metrics.update(cm)
    pm, pd = _consistency()
    metrics.update(pm)
    details["controllability_misses"] = [r for r in rows if r["read_emotion"] != r["emotion"]][:12]
    details["consistency"] = pd
    return EvalResult(
        name="dialogue",
        metrics=metrics,
        targets=[Target("intent_macro_f1", ">=", 0.85), Target("controllability", ">=", 0.9)],
        details=details,
        notes="Perception on the held-apart split (templates unseen in training); controllability over "
        f"{len(rows)} requests (acts x emotions x formality x energy) with the embedded realizer, read back "
        "by the perception emotion classifier and rule readers for formality and energy.",
    )
