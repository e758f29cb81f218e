"""``nlp.TOKENS_VERSION`` must change when the code of ``nlp.stem`` / ``nlp.tokenize`` changes a token
(session 20, brief C): bases store tokens, and a base saved under another version is re-tokenised at open
(``knowledge.store``). This pins the tokens of a probe text to the version: a code change that moves a
token fails here until ``TOKENS_VERSION`` is bumped and a new line added to ``PINNED`` (never an old line
edited)."""

import hashlib
import json

from knowledge import nlp

#: words through every branch of stem and tokenize (suffixes, short words, digits, thousands, accents,
#: possessives, stopwords); none of them is in a table tokens_version() hashes by itself
PROBE = (
    "The runners' studies: boxes, glasses, campus, stopped, hopping, played, jumped, dries, bus, ski's "
    "Wüst O'Brien's 1000ft 10,000 metres 3.5 dogs cats it's won't Ærø Łódź straße running sitting status "
    "address addresses quickly happiness trees agreed needed"
)
#: TOKENS_VERSION -> sha256 of the probe's tokens (with and without stopwords) under that version's code
PINNED = {1: "680a343b007d66d3dfe03ad7ec9d750b7880e6f1af41ab7e4e8aa0456a7b1435"}


def _probe_digest() -> str:
    tokens = [nlp.tokenize(PROBE), nlp.tokenize(PROBE, keep_stopwords=True)]
    return hashlib.sha256(json.dumps(tokens).encode()).hexdigest()


def test_the_probe_tokens_are_pinned_to_the_version() -> None:
    assert nlp.TOKENS_VERSION in PINNED, "a new TOKENS_VERSION needs its line in PINNED"
    assert _probe_digest() == PINNED[nlp.TOKENS_VERSION], (
        "nlp.tokenize's tokens changed: bump nlp.TOKENS_VERSION (saved bases are then re-tokenised at open) "
        "and add a line for it to PINNED"
    )
    assert len(set(PINNED.values())) == len(PINNED)  # every version's tokens differ from the others'


def test_the_version_names_the_code_version_and_the_tables() -> None:
    version = nlp.tokens_version()
    assert version.startswith(f"{nlp.TOKENS_VERSION}-") and version == nlp.tokens_version()
    words = nlp._TOKEN.findall(nlp.fold(PROBE).lower())
    assert not any(w in nlp._IRREGULAR or w.removesuffix("'s") in nlp._IRREGULAR for w in words)
