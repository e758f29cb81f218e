"""People's names by their form weigh nothing in the English abuse model (session 16, brief S, candidate P2).

A first name then a surname (US 1990 census files of the PyPI package ``names``) stays in the model's TF-IDF
vector but adds nothing to the logit: "who is jack white" was flagged ("hit" inside "white"), a person the
host's base does not hold. The lines here were written for this test (no train or report part).
"""

from __future__ import annotations

import numpy as np

from agent.perception.abuse import person_names, shared_abuse, split_person_names

INSULTS = (
    "jack white is a bitch",
    "mike whitehead you retard",
    "chris white is a stupid whore",
    "sam whitfield is a fucking loser",
)


def test_the_name_files_hold_first_names_and_surnames() -> None:
    first, last = person_names()
    assert len(first) == 5163 and len(last) == 5000
    assert {"jack", "mike", "chris"} <= first and {"white", "whitehead", "smith"} <= last


def test_a_first_name_then_a_surname_is_a_name() -> None:
    assert split_person_names("who is jack white") == ("who is", "jack white")
    assert split_person_names("is Jack  White here?") == ("is here?", "Jack  White")
    assert split_person_names("jack, white") == ("jack, white", "")  # not adjacent words
    assert split_person_names("the white house") == ("the white house", "")  # no first name
    assert split_person_names("is john coon here") == ("is john coon here", "")  # a slur is no name


def test_a_person_the_host_does_not_know_is_no_insult() -> None:
    model = shared_abuse()
    head = model.heads["en"]
    for line in ("who is jack white", "is jack white here", "jack white"):
        assert not model.is_abusive(line), line
    # the previous rule: the name's letters weighed ("hit" of "white")
    assert head.proba(["who is jack white"], "en")[0] >= head.operating_threshold


def test_insults_naming_a_person_are_still_abuse() -> None:
    model = shared_abuse()
    assert all(model.is_abusive(t) for t in INSULTS), [t for t in INSULTS if not model.is_abusive(t)]


def test_a_muted_name_keeps_the_vector_length() -> None:
    """Removing the name would make the rest weigh more; muting it does not (what P, removal, got wrong)."""
    head = shared_abuse().heads["en"]
    rest, name = split_person_names("jack white that looks disgusting")
    muted = head.proba([rest], "en", muted=[name])[0]
    removed = head.proba([rest], "en")[0]
    assert name == "jack white" and muted < removed
    plain = ["you are a bitch", "what a great run", "how old are you"]  # no name: unchanged
    assert np.array_equal(shared_abuse().proba(plain), head.proba(plain, "en"))
