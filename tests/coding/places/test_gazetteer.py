"""The gazetteer's index: which names are places, with which codes."""

from __future__ import annotations

import pytest

from etl.coding.places.gazetteer import ADM1, CITY, COUNTRY, Gazetteer, PlaceRules, fold
from etl.errors import EtlError


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.get()


def test_republic_of_congo_is_cog_not_the_drc(gaz: Gazetteer):
    (place,) = gaz.lookup("Republic of Congo")
    assert (place.kind, place.cameo, place.iso3, place.fips) == (COUNTRY, "COG", "COG", "CF")
    assert gaz.lookup("Democratic Republic of the Congo")[0].cameo == "COD"


def test_airport_codes_are_no_names(gaz: Gazetteer):
    assert gaz.lookup("BGW") == ()  # Baghdad International, among GeoNames' alternate names
    assert gaz.lookup("Baghdad")[0].cameo == "IRQ"


def test_continents_and_regions_are_no_places(gaz: Gazetteer):
    assert gaz.lookup("Africa") == ()
    assert gaz.is_region("Africa") and gaz.is_region("Latin America")


def test_cities_carry_gdelt_codes_and_coordinates(gaz: Gazetteer):
    caracas = next(p for p in gaz.lookup("Caracas") if p.kind == CITY)
    assert (caracas.cameo, caracas.fips, caracas.adm1, caracas.geonameid) == (
        "VEN", "VE", "VE25", 3646738,
    )  # fmt: skip
    assert caracas.lat == pytest.approx(10.488, abs=0.01)
    assert caracas.capital


def test_names_fold_accents_and_case(gaz: Gazetteer):
    assert fold("Goražde") == fold("GORAZDE") == "gorazde"
    assert gaz.lookup("Gorazde")[0].cameo == "BIH"


def test_ambiguous_names_keep_every_reading(gaz: Gazetteer):
    kinds = {(p.kind, p.cameo) for p in gaz.lookup("Georgia")}
    assert {(COUNTRY, "GEO"), (ADM1, "USA")} <= kinds
    assert {p.cameo for p in gaz.lookup("Paris")} >= {"FRA", "USA"}


def test_territories_use_cameo_codes(gaz: Gazetteer):
    (strip,) = gaz.lookup("Gaza Strip")
    assert (strip.cameo, strip.fips) == ("GZS", "GZ")
    assert gaz.lookup("Kosovo")[0].cameo == "KSV"


def test_non_place_words_need_a_source():
    text = PlaceRules.from_package()
    assert "police" in text.non_place_words
    from importlib import resources

    raw = resources.files("etl.dictionaries").joinpath("places/rules.yaml").read_text("utf-8")
    broken = raw.replace('source: "GeoNames city Police (PL)', 'note: "x')
    with pytest.raises(EtlError, match="needs a word and a source"):
        PlaceRules.from_text(broken)
