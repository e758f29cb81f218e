"""Session 18 (issue 14, brief F2): a word spelt the other side of the Atlantic read as the base spells it
(docs/knowledge.md "Session 18, brief F2"). The module is not hooked into the answer path: its hook failed
the declared rule (a probe question answered wrong); docs give the hook and its tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from knowledge import nlp, spelling_variants


def _held(*words: str):  # type: ignore[no-untyped-def]
    """``in_base`` of a base that holds these words (by stem, as the lexical index does)."""
    return {nlp.stem(w) for w in words}.__contains__


def test_the_table_is_codespells_verbatim() -> None:
    spec = importlib.util.find_spec("codespell_lib")
    if spec is None or spec.origin is None:
        pytest.skip("codespell (a dev dependency) is not installed")
    installed = Path(spec.origin).with_name("data") / "dictionary_en-GB_to_en-US.txt"
    shipped = spelling_variants.TABLE_FILE.read_text(encoding="utf-8").splitlines()
    assert [line for line in shipped if not line.startswith("#")] == installed.read_text(
        encoding="utf-8"
    ).splitlines()


def test_the_table_reads_both_directions() -> None:
    table = spelling_variants.variants()
    assert table["centre"] == ("center",) and table["center"] == ("centre",)
    assert table["honour"] == ("honor",) and "honour" in table["honor"]
    assert len(table) > 1000  # 535 pairs, both ways


def test_a_word_the_base_lacks_is_read_as_the_spelling_it_holds() -> None:
    british, american = _held("centre", "honour", "organisers"), _held("center", "honor", "organizers")
    assert spelling_variants.base_spelling("center", british) == "centre"
    assert spelling_variants.base_spelling("centre", american) == "center"
    assert spelling_variants.base_spelling("organizers", british) == "organisers"
    assert spelling_variants.base_spelling("centre", british) is None  # the base's own word
    assert spelling_variants.base_spelling("color", british) is None  # neither spelling held
    assert spelling_variants.base_spelling("slalom", british) is None  # no other spelling
    both = _held("centre", "center")
    assert spelling_variants.base_spelling("centre", both) is None


def test_two_held_spellings_give_up() -> None:
    table = {"x": ("y", "z")}
    assert spelling_variants.base_spelling("x", _held("y", "z"), table) is None
    assert spelling_variants.base_spelling("x", _held("y"), table) == "y"
