"""knowledge/name_forms.py: a nationality word and its country match either way (session 19, brief I2)."""

from knowledge import name_forms, nlp


def test_table_built_from_the_public_data_set_has_the_usual_pairs() -> None:
    table = name_forms.load()
    assert table["japanese"] == "Japan"
    assert table["norwegian"] == "Norway"  # Norway's, not Svalbard's: a territory shares its state's word
    assert table["dutch"] == "Netherlands"
    assert "polish" not in table  # an everyday English word
    assert len(table) > 100


def test_forms_keeps_one_word_demonyms_of_one_sovereign_country() -> None:
    records = [
        {
            "name": {"common": "Norway"},
            "independent": True,
            "demonyms": {"eng": {"m": "Norwegian", "f": "Norwegian"}},
        },
        {"name": {"common": "Svalbard"}, "independent": False, "demonyms": {"eng": {"m": "Norwegian"}}},
        {"name": {"common": "United States"}, "independent": True, "demonyms": {"eng": {"m": "American"}}},
        {"name": {"common": "Poland"}, "independent": True, "demonyms": {"eng": {"m": "Polish"}}},
        {"name": {"common": "Dominica"}, "independent": True, "demonyms": {"eng": {"m": "Dominican"}}},
        {
            "name": {"common": "Dominican Republic"},
            "independent": True,
            "demonyms": {"eng": {"m": "Dominican"}},
        },
    ]
    assert name_forms.forms(records) == {"norwegian": "Norway"}


def test_either_form_stems_alike_and_the_viewers_word_is_kept() -> None:
    assert nlp.stem("japanese") == nlp.stem("japan")
    assert nlp.stem("norwegians") == nlp.stem("norway")
    assert nlp.stem("dutch") == nlp.stem("netherlands")
    assert nlp.tokenize("Kaori Sakamoto of Japan") == ["kaori", "sakamoto", "japan"]
    assert "japan" in nlp.tokenize("which japanese skater got bronze")
    assert nlp.stem("metres") == "metre"  # the hand list is unchanged


def test_a_nationality_word_asked_meets_the_country_the_base_writes() -> None:
    from knowledge import KnowledgeBase

    kb = KnowledgeBase.open_sample()
    answer = kb.answer("which japanese skater got bronze in the womens singles")
    assert not answer.abstained
    assert answer.short == "Kaori Sakamoto"
