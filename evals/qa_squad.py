"""The external track of `persona eval qa`: SQuAD 2.0 articles nobody here wrote, open book.

All paragraphs of the 8 articles in ``../shared/data/qa/squad2_dev`` go into one base; every question is asked
against the whole base. Scoring is the official SQuAD 2.0 one (answer normalisation: lower case, no
punctuation, no articles, single spaces; EM and token F1 against the best gold answer; an unanswerable
question scores 1 when the reader abstains and 0 otherwise).

Split, declared before anything was fitted: thresholds, weights, rules and model selection are fitted on the
FIT articles only; the REPORT articles are the headline and nothing is fitted or tuned on them.
"""

from __future__ import annotations

from pathlib import Path

SQUAD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "qa" / "squad2_dev"

#: Articles every threshold, weight and rule of the reader may be fitted on (1,407 questions).
FIT_ARTICLES = ("Normans", "Huguenot", "French and Indian War", "Packet switching")
#: Articles the headline figures are reported on; never fitted on, never read for errors (1,421 questions).
REPORT_ARTICLES = ("1973 oil crisis", "Imperialism", "Scottish Parliament", "Yuan dynasty")
