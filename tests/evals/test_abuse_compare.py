"""`evals.abuse_compare` on a few hand-made rows: the figures and baselines it reports are the right ones."""

from __future__ import annotations

import numpy as np

from agent.perception.abuse import shared_abuse
from evals.abuse_compare import _extra, baselines, model_figures, perception_figures


def _parts() -> dict[str, object]:
    texts = ["you are an idiot", "what a great run", "shut up, loser", "when does the final start?"]
    y = np.array([1, 0, 1, 0])
    ordinary = ["did you see the jump?", "I love this stream", "nice weather today"]
    return {
        "davidson_dev": (texts, y),
        "olid_test": (texts, y),
        "topical_questions": ordinary[:1],
        "topical_sentences": ordinary,
        "topical_statements": ordinary[1:],
        "twitch_report": ordinary + ["you idiot"],
    }


def test_figures_and_baselines_on_hand_made_rows() -> None:
    parts = _parts()
    extras = {k: _extra(v[0] if isinstance(v, tuple) else v) for k, v in parts.items()}  # type: ignore[index]
    base = baselines(parts)
    assert base["olid_test"]["all_abusive"]["f1"] == round(2 * 2 / (2 * 2 + 2), 4)
    assert base["olid_test"]["none_abusive"]["f1"] == 0.0
    fig = model_figures(shared_abuse(), parts, extras)
    assert fig["davidson_dev"]["product"]["f1"] == 1.0  # the two insults hold ABUSE words
    assert fig["twitch_report"]["flag_rate"] == 0.25 and fig["twitch_report"]["flagged"] == ["you idiot"]
    assert fig["topical_sentences"]["flag_rate"] == 0.0
    per = perception_figures(shared_abuse(), parts)
    assert per["topical_questions"] == {"n": 1, "question": 1.0, "abuse": 0.0}


def test_the_in_word_benign_set_is_the_declared_filter() -> None:
    from evals.abuse_compare import in_word_benign

    texts = ["hello there", "my class", "hell yes", "you bitch", "twitch is fun", "the hells", "nice run"]
    assert in_word_benign(texts) == ["hello there", "my class", "twitch is fun"]
