from __future__ import annotations

from pathlib import Path

import pytest

from agent.errors import ProfileError
from agent.persona import SHIPPED, Persona


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_personas_are_complete(name: str) -> None:
    p = Persona.load(name)
    assert p.name and p.identity and p.backstory
    assert p.style.catchphrases and p.style.never_say
    assert p.taboo_topics and p.private_instructions and p.show_materials
    assert p.private_instructions not in p.summary()


def test_none_is_the_default_host() -> None:
    p = Persona.load(None)
    assert p.role == "host" and p.style.energy > 0.7
    assert Persona.load("reporter").style.formality > 0.7


def test_error_names_field_and_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("name: X\nidentity: a host\nstyle:\n  formality: 0.3\n  energy: 7\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        Persona.load(f)
    err = info.value
    assert err.field == "style.energy" and err.line == 5
    assert "bad.yaml:5" in str(err) and "style.energy" in str(err)


def test_unknown_field_and_missing_field(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        Persona.from_yaml("name: X\nidentity: y\ncolour: red\n")
    assert info.value.field == "colour" and info.value.line == 3
    with pytest.raises(ProfileError) as info:
        Persona.from_yaml("name: X\n")
    assert info.value.field == "identity"


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        Persona.from_yaml("name: [unclosed\nidentity: y\n")
    assert info.value.line is not None
    with pytest.raises(ProfileError):
        Persona.load(tmp_path / "nope.yaml")


def test_list_item_error_line() -> None:
    text = "name: X\nidentity: y\nmerchandise:\n  - name: hat\n    description: warm\n  - name: scarf\n"
    with pytest.raises(ProfileError) as info:
        Persona.from_yaml(text)
    assert info.value.field == "merchandise.1.description" and info.value.line == 6
