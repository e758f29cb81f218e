"""`persona perceive`: what the persona understands of each line (intent, emotion, language, entities, abuse,
injection), one JSON object per input line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register_perceive(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "perceive",
        help="perceive viewer lines (--batch FILE --json: one perception per line)",
        description="Perceive each line: intent, emotion, language, entities, and the abuse and injection "
        "models' verdicts (a slur in any spelling counts as abuse). A line that is a JSON object "
        'reads its "text" (and "user", a username moderated the same way).',
    )
    p.add_argument("--batch", type=Path, metavar="FILE", help="one line per input (default: stdin)")
    p.add_argument("--json", action="store_true", help="one JSON object per line (default: a short table)")
    p.add_argument("--persona", metavar="FILE", help="persona YAML (default: the shipped host)")
    p.set_defaults(func=_perceive)


def _read(raw: str) -> tuple[str, str | None]:
    s = raw.strip()
    if s.startswith("{"):
        try:
            obj = json.loads(s)
        except json.JSONDecodeError:
            return s, None
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            user = obj.get("user")
            return obj["text"], user if isinstance(user, str) else None
    return s, None


def perceive_lines(lines: list[str], persona_path: str | None = None) -> list[dict[str, Any]]:
    from agent.perception import Perception
    from agent.perception.abuse import find_slur, shared_abuse
    from agent.perception.injection import shared_injection
    from agent.persona import Persona

    perception = Perception(Persona.load(persona_path), head="fast")
    items = [_read(x) for x in lines if x.strip()]
    texts = [t for t, _ in items]
    percepts = perception.perceive_texts(texts)
    abuse = shared_abuse()
    p_abuse = abuse.proba(texts)  # at the train part's prior; the model flags at its language's threshold
    th_abuse = abuse.operating_thresholds(texts)
    inj = shared_injection().flags(texts)
    out: list[dict[str, Any]] = []
    for i, ((text, user), pc) in enumerate(zip(items, percepts, strict=True)):
        slur = find_slur(text)
        abusive = abuse.is_abusive(text)
        intent = "injection-attempt" if inj[i] else "abuse" if abusive else pc.intent
        row: dict[str, Any] = {
            "text": text,
            "intent": intent,
            "confidence": pc.confidence,
            "emotion": {
                "label": pc.emotion.label,
                "valence": pc.emotion.valence,
                "arousal": pc.emotion.arousal,
                "intensity": pc.emotion.intensity,
            },
            "language": pc.language,
            "entities": list(pc.entities),
            "abusive": abusive,
            "abuse_p": round(float(p_abuse[i]), 4),
            "abuse_threshold": round(th_abuse[i], 4),
            "slur": slur is not None,
            "injection": inj[i],
        }
        if user is not None:
            row["user"] = user
            row["user_ok"] = not abuse.is_abusive(user)
        out.append(row)
    return out


def _perceive(args: argparse.Namespace) -> int:
    from agent.errors import PersonaError

    try:
        lines = args.batch.read_text(encoding="utf-8").splitlines() if args.batch else sys.stdin.readlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"persona perceive: cannot read {args.batch}: {exc}", file=sys.stderr)
        return 2
    try:
        rows = perceive_lines(lines, args.persona)
    except PersonaError as exc:
        print(f"persona perceive: {exc}", file=sys.stderr)
        return 2
    for r in rows:
        if args.json:
            print(json.dumps(r, ensure_ascii=False))
        else:
            flags = ",".join(k for k in ("abusive", "injection") if r[k]) or "-"
            print(
                f"{r['intent']:<18} {r['emotion']['label']:<9} {r['language']} {flags:<10} {r['text'][:60]}"
            )
    return 0
