"""Where events happened, and places as actors and targets, through the whole coder."""

from __future__ import annotations

import pytest

from etl.coding.pool import build_coder


@pytest.fixture(scope="module")
def code(nlp):
    coder = build_coder(nlp)

    def code(text: str):
        (events,) = coder.code_texts([("t", text, None)])
        return events

    return code


def test_the_events_locative_phrase_places_it(code):
    (event, *_) = code("Lavrov met Maduro in Caracas on Friday.")
    assert (event.geo_name, event.geo_country, event.geo_type, event.geo_origin) == (
        "Caracas", "VEN", "city", "sentence",
    )  # fmt: skip
    assert event.geo_geonameid == 3646738 and event.geo_fips == "VE"
    assert "in Caracas" in (event.geo_evidence or "")


def test_a_gatherings_name_places_the_meeting(code):
    events = code(
        "Lavrov said during a meeting with Venezuelan Foreign Minister Yvan Gil on the "
        "sidelines of the Antalya Diplomatic Forum."
    )
    meeting = next(e for e in events if e.cameo_code == "040")
    assert (meeting.geo_name, meeting.geo_country) == ("Antalya", "TUR")


def test_a_role_in_a_place_takes_its_country(code):
    (event,) = code("Police in Lyon arrested 12 students.")
    assert event.source_code == "FRACOP"
    assert event.geo_name == "Lyon"


def test_a_place_target_is_coded_as_its_country(code):
    (event,) = code("Rebels shelled the besieged town of Gorazde.")
    assert (event.target_code, event.target_entry) == ("BIH", "geonames:3200396")
    assert (event.geo_name, event.geo_origin) == ("Goražde", "target")


def test_no_place_gives_null_with_a_reason(code):
    (event, *_) = code("Russia criticized the United States.")
    assert event.geo_type is None and event.geo_name is None
    assert event.geo_evidence and "no place" in event.geo_evidence


def test_a_place_where_a_clause_acts_is_its_target(code):
    (event,) = code("Israeli tanks fired four shell bombs at targets in Jericho.")
    assert (event.source_code, event.target_code) == ("ISR", "PSE")
    assert event.geo_name == "Jericho"


def test_a_place_deep_in_a_phrase_is_no_target(code):
    events = code(
        "Nigerian authorities jailed 52 members of the banned movement on allegations of "
        "treason for playing in a youth football tournament in Lagos."
    )
    assert all(e.target_code != "NGA" for e in events)


def test_a_piece_of_a_hyphenated_word_is_no_place(code):
    events = code("The minister allowed the leader to bring out the Shan-e-Mustafa rally.")
    assert all(e.target_code != "MMR" and e.source_code != "MMR" for e in events)
    assert all(e.geo_country != "MMR" for e in events)


def test_a_raw_texts_dateline_is_a_place_not_an_actor(code):
    (event,) = code(
        "MOSCOW, September 23. /TASS/. Venezuelan President Nicolas Maduro has expressed "
        "gratitude to Russia for supporting the Latin American country's sovereignty."
    )
    assert (event.source_code, event.target_code) == ("VENGOV", "RUS")
    assert (event.geo_name, event.geo_origin) == ("Moscow", "dateline")


def test_jsonl_answers_carry_the_place(code):
    from etl.coding.jsonl import event_json

    (event, *_) = code("Lavrov met Maduro in Caracas on Friday.")
    geo = event_json(event)["geo"]
    assert geo == {
        "name": "Caracas", "country": "VEN", "adm1": "VE25", "lat": event.geo_lat,
        "lon": event.geo_lon, "geonameid": 3646738, "type": "city", "origin": "sentence",
    }  # fmt: skip
    (unplaced, *_) = code("Russia criticized the United States.")
    assert event_json(unplaced)["geo"] is None


def test_a_capital_attacked_is_where_the_attack_happened(code):
    (event,) = code("Rebels shelled Kabul overnight.")
    assert (event.target_code, event.geo_name, event.geo_origin) == ("AFG", "Kabul", "target")


def test_cooperation_with_a_capital_is_not_placed_there(code):
    (event,) = code("Moscow has expanded cooperation with Caracas.")
    assert event.target_code == "VEN" and event.geo_name != "Caracas"


def test_a_visit_and_its_host_are_placed_in_the_town_visited(code):
    events = {e.cameo_code: e for e in code("Putin visited Beijing in May.")}
    assert events["042"].geo_name == events["043"].geo_name == "Beijing"


def test_only_the_texts_own_word_overrides_the_actor_dictionary(code):
    # "Paris, Texas" names the town; "The White House" is the seat of power, though Casablanca
    # has it as an alternate name, and the UK on the other side makes no English Washington.
    (shelled,) = code("Rebels shelled Paris, Texas, on Monday.")
    assert shelled.target_code == "USA" and shelled.target_entry.startswith("geonames:")
    (backed, *_) = code("The White House said it stands in solidarity with the UK.")
    assert backed.source_code == "USAGOV"
    (cancel,) = code("The UK prime minister has cancelled a planned visit to Washington in March.")
    assert (cancel.source_code, cancel.target_code) == ("GBRGOV", "USA")
    assert cancel.geo_country != "GBR"


def test_the_place_an_act_restricts_is_its_target(code):
    # A curfew, a state of emergency, a siege falls on the place it is in (dyads.yaml:
    # place_target_codes); a state restricting its own town is a domestic event.
    (emergency,) = code("The government declared a state of emergency in Aleppo.")
    assert (emergency.source_code, emergency.cameo_code, emergency.target_code) == (
        "SYRGOV", "1724", "SYR",
    )  # fmt: skip
    assert "place-target" in emergency.rule_id and "self-target" not in emergency.rule_id
    (threat, *_) = code(
        "President Abdelaziz Bouteflicka threatened to institute a curfew in Algiers."
    )
    assert (threat.cameo_code, threat.target_code) == ("130", "DZA")
    (curfew,) = code("Troops imposed a curfew in the town of Soroti.")
    assert curfew.target_code == "UGA"
    # An act that restricts no place keeps its own target, or none.
    (arrest,) = code("Police in Lyon arrested 12 students.")
    assert arrest.target_code != "FRA"


def test_a_role_of_a_town_or_province_takes_its_country(code):
    (event, *_) = code("The governor of Kandahar condemned the attack.")
    assert event.source_code == "AFGGOV"
    events = code("The government of Sindh province has ordered patrols by police.")
    assert {e.source_code for e in events} == {"PAKGOV"}


def test_an_ethnic_group_takes_the_country_it_lives_in(code):
    (event,) = code("Ethnic Albanians in south Serbia are demanding a U.N. military presence.")
    assert (event.source_code, event.target_code) == ("SRB", "IGOUNO")
    (plain,) = code("Albanians in Serbia protested.")
    assert plain.source_code == "ALB"  # nationals abroad stay their country's
