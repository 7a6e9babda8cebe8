"""Language of paragraphs and articles (etl/articles/language.py)."""

from __future__ import annotations

import pytest

from etl.articles.language import (
    UNDETERMINED,
    detect_languages,
    language_config,
    parse_language_config,
)
from etl.errors import EtlError

ENGLISH = [
    "Russia and Venezuela relations are in good shape, the Venezuelan foreign minister said on "
    "Thursday after talks with his Russian counterpart in Moscow.",
    "The alliance involves political, economic, trade and energy cooperation, according to a "
    "statement published by the ministry after the meeting.",
]
SPANISH = (
    "Minutos después del imponente desfile por la victoria soviética en la Gran Guerra Patria, "
    "fui recibido por el Canciller Serguéi Lavrov. Revisamos nuestra alianza integral."
)


def test_a_spanish_paragraph_in_an_english_article_is_marked():
    result = detect_languages([ENGLISH[0], SPANISH, ENGLISH[1]])
    assert result.article == "en"
    assert result.paragraphs == ("en", "es", "en")


def test_a_wholly_spanish_article_keeps_its_language():
    other = "El Gobierno de Venezuela anunció este lunes nuevas medidas económicas para el país."
    result = detect_languages([SPANISH, other])
    assert result == type(result)(article="es", paragraphs=("es", "es"))


def test_short_paragraphs_take_the_article_language():
    result = detect_languages([ENGLISH[0], "What did Mr Lavrov say?", ENGLISH[1]])
    assert result.paragraphs == ("en", "en", "en")


@pytest.mark.parametrize(
    "misread",
    [
        # The fast (low-accuracy) pass calls these German, Spanish and Dutch; the
        # high-accuracy second opinion keeps them English, so they are coded.
        "Software giant Microsoft is taking the plunge into the world of blogging.",
        "Film director Quentin Tarantino is to direct an episode of US television series CSI: "
        "Crime Scene Investigation.",
        "ABN Amro, the Netherlands' largest bank, is to cut 2,850 jobs as a result of falling "
        "profits.",
    ],
)
def test_english_sentences_misread_by_the_fast_pass_stay_english(misread):
    assert detect_languages([*ENGLISH, misread]).paragraphs[-1] == "en"


def test_a_list_of_fixtures_does_not_outvote_the_prose():
    fixtures = [
        "Republic of Ireland v Cyprus; France v Israel; Switzerland v Faroe Islands.",
        "Switzerland v Republic of Ireland; Israel v Cyprus; Faroe Islands v France.",
        "France v Republic of Ireland; Israel v Switzerland; Cyprus v Faroe Islands.",
        "Republic of Ireland v France; Cyprus v Switzerland; Faroe Islands v Israel.",
    ]
    assert detect_languages([*ENGLISH, *fixtures]).article == "en"


def test_nothing_to_identify_is_undetermined():
    assert detect_languages([]) == type(detect_languages([]))(UNDETERMINED, ())
    assert detect_languages(["12 - 3", "OK"]).paragraphs == (UNDETERMINED, UNDETERMINED)


def test_language_settings():
    config = language_config()
    assert "en" in config.languages and "es" in config.languages
    assert 0 < config.min_confidence <= config.switch_confidence <= 1
    with pytest.raises(EtlError, match="'en' must be listed"):
        parse_language_config(
            "languages: [es]\nmin_letters: 1\nsample_chars: 1\nmin_confidence: 0.5\n"
            "switch_confidence: 0.5\n"
        )
    with pytest.raises(EtlError, match="not an ISO 639-1 code"):
        parse_language_config(
            "languages: [en, xx]\nmin_letters: 1\nsample_chars: 1\nmin_confidence: 0.5\n"
            "switch_confidence: 0.5\n"
        )
