"""Scoring each sentence of a retrieved chunk as the answer to a question (:func:`score_sentences`): how much
of the question it covers (IDF-weighted, the chunk's heading at a lesser weight), the chunk's cosine, whether
it holds a span of the expected type, and the features the calibration reads (``Evidence.features``)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from knowledge import nlp, spans
from knowledge.constraint_scope import SCOPE_WORDS
from knowledge.evidence import ANAPHORA_TIE, Evidence
from knowledge.gate import heading_leaf
from knowledge.lexical import LexicalIndex
from knowledge.question_words import question_terms
from knowledge.types import Hit

_NOT_PROSE = re.compile(r"^(Tags|Text in the image|Text on screen):")
_WHY_CUE = re.compile(
    r"\b(because|since|so that|so the|due to|for the|in order to|after|to make|to keep|as a)\b", re.I
)
_DEFINITION = re.compile(r"^\s*(what|who)('s| is| are| was| were)\b", re.I)
_PRONOUN_START = re.compile(r"^(He|She|It|They|Her|His|Its|Their|This|These|Both)\b")
_FRAGMENT_START = re.compile(
    r"^(He|She|It|They|Her|His|Its|Their|This|These|Both|Hosted|Built|Nicknamed|On)\b"
)
# the relation a superlative asks for ("the MOST golds", "the FIRST to"): a stopword to the index, not here
_SUPERLATIVE = ("most", "least", "fewest", "first", "last", "best", "biggest", "largest", "highest", "top")


# a question about one of these is not answered by a sentence about its counterpart alone
_CONTRAST = {
    a: set(nlp.tokenize(b))
    for a, b in {
        "men": "women",
        "women": "men",
        "gold": "silver bronze",
        "silver": "gold bronze won",
        "bronze": "gold silver won",
        "summer": "winter",
        "winter": "summer",
        "olympic": "paralympic",
        "paralympic": "olympic",
        "normal": "large",
        "large": "normal",
        "classic": "freestyle",
        "snowboard": "freestyle ski",
        "freestyle": "snowboard classic",
    }.items()
}


#: one side of a contrast written two ways: the viewer's "para" is the base's "Paralympic", the family the
#: constraints' rule 6 reads as one (``constraint_scope.SCOPE_WORDS``; R40, s20; kept as R42, session 21)
_ONE_WORD = (SCOPE_WORDS["para"],)


def _same_words(tokens: set[str]) -> set[str]:
    """``tokens`` with every form of a word it holds in one of its forms (:data:`_ONE_WORD`)."""
    for forms in _ONE_WORD:
        if forms & tokens:
            tokens = tokens | forms
    return tokens


def _contradicts(weights: dict[str, float], tokens: set[str]) -> float:
    """1 when the evidence speaks of the counterpart of something the question asks about and not of it
    (women's for men's, silver for gold), or lacks a number the question names (a year, a distance)."""
    contrast = any(t not in tokens and _CONTRAST[t] & tokens for t in weights if t in _CONTRAST)
    number = any(t.isdigit() and t not in tokens for t in weights)
    return float(contrast or number)


def _marked(
    terms: dict[str, float], tokens: set[str], context: set[str], idf: Callable[[str], float]
) -> float:
    """1 when the evidence is about the marked side of a contrast the question does not name: "the
    Paralympic mascot" for "the mascot of Beijing 2022". The nearer scope that names either side decides
    (the sentence, else its headings); the marked side is the one the base names at most half as often
    (a larger idf by log 2), so the base, not a list, says which is the default. A sentence that names both
    sides under a heading that names one leaves it to the heading (session 13: "The Paralympic mascot was
    Shuey Rhon Rhon, ... the same venues as the Olympics" under "Beijing 2022 Paralympic Winter Games")."""
    for term, others in _CONTRAST.items():
        if term in terms or others & terms.keys():
            continue
        scope = tokens if (term in tokens or others & tokens) else context
        if term in scope and others & scope and (term in context or others & context):
            scope = context  # the sentence names both sides: its heading decides (session 13)
        if term in scope and not others & scope:
            if all(idf(term) > idf(o) + math.log(2) for o in others):
                return 1.0
    return 0.0


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


def score_sentences(
    question: str,
    kind: str,
    weights: dict[str, float],
    hit: Hit,
    rank: int,
    hint_tokens: set[str],
    lexical: LexicalIndex,
) -> list[Evidence]:
    """Score each sentence of one chunk, with its features (``lexical``: the base's index, for idf)."""
    total = sum(weights.values()) or 1.0
    context_text = str(hit.metadata.get("context", ""))
    leaf = heading_leaf(context_text)
    # a number in words and in digits is one token to coverage ("five medals", "5 medals"; session 14)
    context = _same_words(nlp.with_number_forms(set(nlp.tokenize(context_text))))
    chunk_tokens = nlp.with_number_forms(set(nlp.tokenize(hit.text))) | context
    top_idf = lexical.idf("\x00") or 1.0  # the idf of a term no document has: the largest possible
    unknown = sum(w for t, w in weights.items() if t not in lexical.vocab) / total
    chunk_cov = sum(w for t, w in weights.items() if t in chunk_tokens) / total
    q_bigrams = _bigrams(question_terms(question))
    q_words = set(re.findall(r"[a-z]+", nlp.fold(question).lower()))
    superlatives = [w for w in _SUPERLATIVE if w in q_words]
    typed = kind in spans.TYPED
    asked = dict.fromkeys(_same_words(set(weights)), 0.0) | weights  # the sides the question names, each form
    definition = bool(_DEFINITION.match(question))
    # a stretch's end or start asked (R45b, session 22): a sentence stating a range of days covers the words
    # that ask it ("last day of the paralympics?" against "held from 4 to 13 March 2022")
    side = spans.range_end_asked(question) if kind == "when" else ""
    penalty = 0.0
    if hit.modality == "image":
        penalty = 0.15  # captions restate a product's name; the catalog text says more
    elif hit.metadata.get("kind") == "keyframe":
        penalty = 0.3  # the words on a video frame, without their sentence
    sentences = nlp.split_sentences(hit.text)
    out: list[Evidence] = []
    prev_tokens: set[str] = set()
    for i, sentence in enumerate(sentences):
        token_list = nlp.tokenize(sentence)
        tokens = _same_words(nlp.with_number_forms(set(token_list)))
        if sentence.endswith("?") or not tokens or _NOT_PROSE.match(sentence):
            prev_tokens = tokens
            continue  # a question ("Today: why do curlers sweep?") or a tag list answers nothing
        anaphoric = bool(_PRONOUN_START.match(sentence)) and i > 0
        text = sentence
        if anaphoric:
            text = f"{sentences[i - 1]} {sentence}"  # "She also won ...": the answer says who "she" is
            tokens = tokens | prev_tokens
        elif _FRAGMENT_START.match(sentence) and i == 0 and leaf and leaf.lower() not in sentence.lower():
            text = f"{leaf}: {sentence}"  # "Both arenas hosted ice hockey." under the arenas' heading
        cov, missing = 0.0, 0.0
        covered = tokens | spans.SIDE_WORDS if side and spans.range_side(text, side) else tokens
        for t, w in weights.items():
            if t in covered:
                cov += w
            elif t in context:
                cov += 0.85 * w  # the heading says what the paragraph is about
            elif t in prev_tokens:
                cov += 0.6 * w  # the paragraph goes on about what the last sentence named
            else:
                missing = max(missing, w)
        cov /= total
        clash = _contradicts(asked, tokens | context)
        marked = _marked(asked, tokens, context, lexical.idf)
        words = set(re.findall(r"[a-z]+", nlp.fold(sentence).lower()))
        relation = float(bool(superlatives) and all(w in words for w in superlatives))
        short = spans.answer_span(kind, text, question, known=context_text.split(" > ")[0])
        found = spans.strength(kind, short, text, question) if typed else 0.0
        text_tokens = nlp.tokenize(text)
        bigrams = _bigrams(text_tokens) | _bigrams(nlp.tokenize(context_text))
        bigram = len(q_bigrams & bigrams) / len(q_bigrams) if q_bigrams else 0.0
        subject = float(bool(text_tokens) and text_tokens[0] in weights) * (1.0 if definition else 0.5)
        novelty = len(set(text_tokens) - set(weights)) / len(set(text_tokens))
        why = 0.15 * bool(kind == "why" and _WHY_CUE.search(sentence))
        score = (
            cov
            + 0.3 * hit.dense
            + 0.6 * found
            + 0.2 * bigram
            + 0.1 * subject
            + why
            + 0.1 * min(novelty, 0.5)
            - 0.3 * clash
            - 0.25 * marked
            + 0.25 * relation
            - penalty
            - 0.02 * rank
            + ANAPHORA_TIE * anaphoric
        )
        if hint_tokens and not hint_tokens & (tokens | context):
            score -= 0.3  # a question about a pictured product: prefer evidence that names it
        out.append(
            Evidence(
                sentence=text,
                hit=hit,
                short=short,
                kind=kind,
                score=score,
                before=sentences[i - 1] if i > 0 else "",
                features={
                    "coverage": cov,
                    "chunk_coverage": chunk_cov,
                    "dense": hit.dense,
                    "type_found": found,
                    "type_expected": float(typed),
                    "unknown_terms": unknown,
                    "missing_top": missing / top_idf,
                    "bigram": bigram,
                    "clash": clash,
                    "marked": marked,
                },
            )
        )
        prev_tokens = tokens
    return out
