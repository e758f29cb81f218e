"""Rebuild the labeled set and the shipped classifiers.

    .venv/bin/python -m agent.perception.data.build [--static]

1. Expand ``templates.py`` (EN + ZH) into ``dataset.jsonl``: each template twice, with fresh slot fills and a
   chat-like surface variant; a seeded quarter of the templates of each (intent, language) is held apart as
   the test split, so test phrasings are never seen in training. Templates added later (``EN_S7``,
   ``ZH_S7``) go to train only, drawn from their own random stream, so the older rows and split stay put.
2. With ``--static``: distill the static MiniLM token table (``static.py``; ~2-3 minutes on one core) from
   the installed all-MiniLM-L6-v2 and write ``models/minilm_static64.npz``.
3. Train multinomial logistic regression (scikit-learn, development time only) for intent and emotion, heads
   ``static`` (static MiniLM token vectors), ``contextual`` (MiniLM sentence embeddings) and ``fast`` (no
   embedding), and write the weights as NPZ under ``models/``.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np

from agent.perception.data.templates import DEFAULT_EMOTION, EN, EN_S7, SLOTS_EN, SLOTS_ZH, ZH, ZH_S7

HERE = Path(__file__).parent
DATASET = HERE / "dataset.jsonl"
_SLOT = re.compile(r"\{([aepn])\}")


def _fill(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    return _SLOT.sub(lambda m: rng.choice(slots[m.group(1)]), template)


def _variant(text: str, lang: str, rng: random.Random) -> str:
    r = rng.random()
    if lang == "zh":
        return (
            rng.choice(["", "@主播 ", "哈哈 "]) + text
            if r < 0.5
            else text.rstrip("！？。!?") + rng.choice(["", "~", "!!"])
        )
    if r < 0.25:
        return text.lower().rstrip("!?.")
    if r < 0.5:
        return "@Frosty " + text
    if r < 0.75:
        return text.capitalize() + rng.choice(["", "!", " :)"])
    return text.upper() if len(text) < 30 else text


def build_rows(seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for lang, table, slots in (("en", EN, SLOTS_EN), ("zh", ZH, SLOTS_ZH)):
        for intent, templates in table.items():
            order = list(range(len(templates)))
            rng.shuffle(order)
            test_ids = set(order[: max(2, len(templates) // 4)])
            for i, entry in enumerate(templates):
                template, _, emo = entry.partition("|")
                emotion = emo or DEFAULT_EMOTION[intent]
                split = "test" if i in test_ids else "train"
                first = _fill(template, slots, rng)
                second = _variant(_fill(template, slots, rng), lang, rng)
                for text in dict.fromkeys([first, second]):
                    rows.append(
                        {
                            "text": text,
                            "intent": intent,
                            "emotion": emotion,
                            "lang": lang,
                            "split": split,
                            "template": f"{lang}:{intent}:{i}",
                        }
                    )
    # Templates added in session 7 (``EN_S7``, ``ZH_S7``): train only, with their own random stream, so the
    # rows above and their held-apart split are unchanged.
    rng7 = random.Random(seed + 7)
    for lang, table, slots in (("en", EN_S7, SLOTS_EN), ("zh", ZH_S7, SLOTS_ZH)):
        for intent, templates in table.items():
            for i, template in enumerate(templates):
                first = _fill(template, slots, rng7)
                second = _variant(_fill(template, slots, rng7), lang, rng7)
                for text in dict.fromkeys([first, second]):
                    rows.append(
                        {
                            "text": text,
                            "intent": intent,
                            "emotion": DEFAULT_EMOTION[intent],
                            "lang": lang,
                            "split": "train",
                            "template": f"{lang}:{intent}:s7:{i}",
                        }
                    )
    return rows


def main(argv: list[str] | None = None) -> None:
    import sys

    import torch
    from sklearn.linear_model import LogisticRegression

    from agent.perception import static
    from agent.perception.classify import MODEL_DIR, LinearModel, featurize
    from agent.perception.embed import embed, get_embedder

    torch.set_num_threads(1)
    if "--static" in (sys.argv[1:] if argv is None else argv):
        model_dir = static._model_dir()
        vectors = static.distill(get_embedder())
        static.save_table(static.TABLE, vectors, static.vocab_fingerprint(model_dir))
        print(f"wrote {static.TABLE} ({static.TABLE.stat().st_size / 1e6:.1f} MB)")
    embedders = {"static": static.StaticEmbedder().embed, "contextual": embed, "fast": None}
    rows = build_rows()
    with DATASET.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    print(f"{len(rows)} examples: {len(train)} train, {len(test)} test")
    texts = [r["text"] for r in train]
    test_texts = [r["text"] for r in test]
    MODEL_DIR.mkdir(exist_ok=True)
    for head, fn in embedders.items():
        x = featurize(texts, fn(texts) if fn else None)
        tx = featurize(test_texts, fn(test_texts) if fn else None)
        for task in ("intent", "emotion"):
            y = [r[task] for r in train]
            clf = LogisticRegression(C=20.0, max_iter=3000, class_weight="balanced")
            clf.fit(x, y)
            model = LinearModel(
                tuple(clf.classes_), clf.coef_.T.astype(np.float32), clf.intercept_.astype(np.float32)
            )
            model.save(MODEL_DIR / f"{task}_{head}.npz")
            pred = [model.classes[i] for i in model.proba(tx).argmax(1)]
            acc = np.mean([p == r[task] for p, r in zip(pred, test, strict=True)])
            print(f"{task}/{head}: test accuracy {acc:.3f}")


if __name__ == "__main__":
    main()
