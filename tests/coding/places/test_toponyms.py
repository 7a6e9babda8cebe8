"""Toponyms in parsed sentences, and the article context that decides between readings."""

from __future__ import annotations

import pytest

from etl.coding.actors import ActorDictionary, ActorResolver
from etl.coding.places.gazetteer import ADM1, CITY, COUNTRY, Gazetteer
from etl.coding.places.toponyms import ACTOR, LOCATIVE, NAME, ToponymFinder, dateline_place


@pytest.fixture(scope="module")
def read(nlp):
    resolver = ActorResolver(ActorDictionary.from_package())
    finder = ToponymFinder(Gazetteer.get())

    def read(*texts: str, dateline: str | None = None):
        sents = [nlp(t)[:] for t in texts]
        mentions = resolver.resolve_article(sents, None)
        return finder.resolve_article(sents, mentions, dateline)

    return read


def _places(per_sentence):
    return {t.text: t for ts in per_sentence for t in ts}


def test_paris_is_the_french_capital_unless_qualified(read):
    plain, _ = read("The talks were held in Paris.")
    assert _places(plain)["Paris"].place.cameo == "FRA"
    texas, _ = read("He was born in Paris, Texas, in 1950.")
    paris = _places(texas)["Paris"]
    assert (paris.place.cameo, paris.place.adm1) == ("USA", "USTX")
    assert paris.runner_up is not None and paris.runner_up.cameo == "FRA"
    assert "Texas" not in _places(texas)  # the qualifier is part of the name, no place of its own


def test_georgia_is_decided_by_the_article(read):
    us, _ = read("Police in Atlanta arrested two men.", "Protests spread across Georgia.")
    assert _places(us)["Georgia"].place.kind == ADM1
    caucasus, _ = read("Troops were seen near Tbilisi.", "Protests spread across Georgia.")
    assert _places(caucasus)["Georgia"].place.kind == COUNTRY


def test_africa_is_a_continent_never_a_city(read):
    found, _ = read("Leaders from across Africa met in Addis Ababa.")
    assert set(_places(found)) == {"Addis Ababa"}


def test_turkey_the_bird_is_no_place(read):
    bird, _ = read("The family served turkey for dinner.")
    assert _places(bird) == {}
    state, _ = read("The minister arrived in Turkey on Monday.")
    assert _places(state)["Turkey"].place.cameo == "TUR"


def test_a_name_that_acts_is_an_actor(read):
    found, _ = read("Washington said it would respond.")
    assert _places(found)["Washington"].usage == ACTOR


def test_a_seat_of_power_is_in_the_capital(read):
    found, _ = read("Putin welcomed Maduro in the Kremlin.")
    (kremlin,) = found[0]
    assert (kremlin.usage, kremlin.place.name, kremlin.place.cameo) == (LOCATIVE, "Moscow", "RUS")


def test_kind_and_direction_cues(read):
    found, _ = read("Fighting broke out in the town of Soroti and in southern Lebanon.")
    places = _places(found)
    assert places["Soroti"].place.kind == CITY and places["Soroti"].cue == "in the town of"
    assert places["Lebanon"].place.kind == COUNTRY and "southern" in places["Lebanon"].cue


def test_a_persons_name_is_no_place(read):
    found, _ = read("Venezuelan Foreign Minister Yvan Gil met the press.", "Gil said no.")
    assert "Gil" not in _places(found)


def test_dateline_place():
    assert dateline_place("MOSCOW, September 23. /TASS/.") == "MOSCOW"
    assert dateline_place("CARACAS, Feb 7 (Reuters) -") == "CARACAS"


def test_the_dateline_city_uses_the_article_context(read):
    _, dateline = read("Maduro met Putin.", dateline="MOSCOW, September 23. /TASS/.")
    assert dateline is not None and dateline.place.cameo == "RUS"
    assert dateline.runner_up is not None  # Moscow, Idaho


def test_a_county_with_context_beats_a_town_abroad(read):
    found, _ = read("Police in London arrested him.", "A clash broke out in Kent.")
    assert _places(found)["Kent"].place.cameo == "GBR"


def test_a_place_inside_another_name_is_part_of_it(read):
    found, _ = read("Steve Peers of the University of Essex said no.")
    assert _places(found)["Essex"].usage == NAME


def test_a_bare_direction_is_no_place(read):
    found, _ = read("The zone was set up East of the Euphrates.")
    assert "East" not in _places(found)


def test_a_month_is_a_date_not_a_town(read):
    # GeoNames holds March (GB); "in March 2001" and "the March 17 explosion" are dates.
    found, _ = read(
        "The ceasefire agreement was signed in March 2001.",
        "The March 17 explosion leveled the building in the district of Mosul.",
    )
    assert "March" not in _places(found)
    assert _places(found)["Mosul"].place.cameo == "IRQ"
