"""Country inference for bare roles, the null country, and when two sides are one actor."""

from __future__ import annotations

from dataclasses import replace

import pytest

from etl.coding.actors import Mention
from etl.coding.dyads import (
    CONTEXT_RESOLUTION,
    DyadRules,
    infer_countries,
    is_bare_role,
    share_coordinated_roles,
)
from etl.errors import EtlError


@pytest.fixture(scope="module")
def rules() -> DyadRules:
    return DyadRules.from_package()


def mention(code: str, country: str | None = None, role: str | None = None, i: int = 0) -> Mention:
    return Mention(
        start=i,
        end=i + 1,
        head=i,
        code=code,
        country=country,
        role=role,
        name=code,
        entry_id=f"test:{code}",
        resolution="dictionary",
        evidence="test",
    )


def test_bare_roles_are_role_codes_without_country_or_transnational_type(rules):
    assert is_bare_role(mention("GOV", role="GOV"), rules)
    assert is_bare_role(mention("GOVMIL", role="GOV"), rules)
    assert not is_bare_role(mention("VENGOV", "VEN", "GOV"), rules)
    assert not is_bare_role(mention("IGOUNO"), rules)  # complete without a country
    assert not is_bare_role(mention("NGO"), rules)


def test_a_role_takes_the_one_country_of_its_sentence(rules):
    # "Rwandan rebels demanded the removal of President X" (X not in the dictionaries)
    (sentence,) = infer_countries(
        [[mention("RWAREB", "RWA", "REB"), mention("GOV", role="GOV", i=5)]], rules
    )
    president = sentence[1]
    assert (president.code, president.country) == ("RWAGOV", "RWA")
    assert president.resolution == CONTEXT_RESOLUTION
    assert "from the sentence's other actors" in president.evidence


def test_two_countries_in_the_sentence_defer_to_the_article_focus(rules):
    article = [
        [mention("VEN", "VEN"), mention("VENGOV", "VEN", "GOV")],
        [mention("VEN", "VEN")],
        [mention("USA", "USA"), mention("VEN", "VEN", i=2), mention("MIL", role="MIL", i=4)],
    ]
    out = infer_countries(article, rules)
    military = out[2][2]
    assert military.code == "VENMIL"
    assert "article's focus (4 of 5 country mentions)" in military.evidence


def test_a_role_with_no_evidence_gets_the_null_country(rules):
    (sentence,) = infer_countries([[mention("GOV", role="GOV"), mention("IGOUNO")]], rules)
    assert sentence[0].code == "---GOV"
    assert sentence[0].country is None
    assert "null country" in sentence[0].evidence


def test_a_tie_between_countries_is_no_focus(rules):
    usa, rus = mention("USA", "USA"), mention("RUS", "RUS")
    article = [[usa, rus], [usa], [rus]]
    article.append([mention("COP", role="COP")])
    assert infer_countries(article, rules)[3][0].code == "---COP"


def test_a_state_acting_through_its_own_organ_is_one_actor(rules):
    assert rules.same_actor(mention("IRNGOV", "IRN", "GOV"), mention("IRN", "IRN"))
    assert rules.same_actor(mention("IRN", "IRN"), mention("IRNMIL", "IRN", "MIL"))


def test_rebels_and_their_own_state_are_a_domestic_dyad(rules):
    assert not rules.same_actor(mention("AFGREBTAL", "AFG", "REB"), mention("AFG", "AFG"))
    assert not rules.same_actor(mention("VENGOV", "VEN", "GOV"), mention("VENOPP", "VEN", "OPP"))


def test_two_people_are_two_actors_and_a_person_is_not_the_state(rules):
    # "Biden sent condolences to Trump": undated both are USAGOV; dated 2019 Biden is USA.
    trump = replace(mention("USAGOV", "USA", "GOV", i=4), person=True, entity_key="person:trump")
    biden = replace(mention("USAGOV", "USA", "GOV"), person=True, entity_key="person:biden")
    assert not rules.same_actor(biden, trump)
    assert not rules.same_actor(replace(biden, code="USA", role=None), trump)
    # ... but "Trump" and a later "he" resolved to him are one, and the state is the state.
    assert rules.same_actor(trump, replace(trump, start=9, end=10, head=9))
    assert rules.same_actor(trump, mention("USA", "USA", i=7))


def test_a_role_that_borrowed_the_other_sides_country_is_of_unknown_country(rules):
    # "Maduro's government expelled the envoy": VEN came only from the source.
    government = replace(mention("VENGOV", "VEN", "GOV"), start=0, end=3, head=2)
    bare = replace(mention("GOV", role="GOV", i=5), entry_id="role:ambassador")
    (sentence,) = infer_countries([[government, bare]], rules)
    envoy = sentence[1]
    assert envoy.code == "VENGOV" and envoy.lent_by == (2,)
    assert rules.same_actor(government, envoy)
    unlent = rules.unlent(envoy, [government], target=True)
    assert unlent is not None and (unlent.code, unlent.country) == ("---GOV", None)
    assert "other side of the event only" in unlent.evidence
    # A target "government" a leader speaks of stays the leader's; as a source it borrowed.
    (other,) = infer_countries([[government, replace(bare, entry_id="role:government")]], rules)
    assert rules.unlent(other[1], [government], target=True) is None
    assert rules.unlent(other[1], [government], target=False) is not None
    # A country other words also give, or one from the article's focus, stays.
    police = mention("VENCOP", "VEN", "COP", i=8)
    (both,) = infer_countries([[government, bare, police]], rules)
    assert rules.unlent(both[1], [government], target=True) is None
    assert rules.unlent(government, [envoy], target=False) is None


def test_a_people_named_by_its_demonym_lends_its_country_and_is_not_the_state(rules):
    # "Young Algerians blocked roads ... demands from President Bouteflika's government"
    algerians = replace(mention("DZA", "DZA"), entry_id="country:DZA:demonym", end=2, head=1)
    (sentence,) = infer_countries([[algerians, mention("GOV", role="GOV", i=24)]], rules)
    government = sentence[1]
    assert government.code == "DZAGOV"
    assert not rules.same_actor(algerians, government)
    assert rules.same_actor(mention("DZA", "DZA"), government)  # the state itself
    assert not rules.same_actor(algerians, mention("DZA", "DZA", i=7))


def test_place_target_codes_must_be_cameo_codes(rules):
    assert rules.restricts_place("1723") and rules.restricts_place("191")
    assert not rules.restricts_place("173")
    text = (
        "state_roles: [GOV]\nsent_roles: [MIL]\ntransnational_types: [IGO]\n"
        "null_country: '---'\narticle_min_mentions: 2\narticle_min_share: 0.5\n"
        "abroad_roles: [ambassador]\nplace_target_codes: ['999']\n"
    )
    with pytest.raises(EtlError, match="999"):
        DyadRules.from_text(text)


def test_abroad_roles_are_role_entries_of_the_actor_dictionary(rules):
    import csv
    from importlib import resources

    text = resources.files("etl.dictionaries").joinpath("actors/roles.csv").read_text("utf-8")
    ids = {row["id"] for row in csv.DictReader(text.splitlines())}
    assert rules.abroad_roles and rules.abroad_roles <= ids


def test_two_roles_of_unknown_country_are_not_one_actor(rules):
    assert not rules.same_actor(mention("---GOV"), mention("---GOV", i=3))
    leader = mention("GOV")
    assert rules.same_actor(leader, leader)


def test_unknown_role_codes_in_the_rules_are_an_error():
    text = "state_roles: [XYZ]\nsent_roles: [MIL]\ntransnational_types: [IGO]\n"
    text += "null_country: '---'\n"
    text += "article_min_mentions: 2\narticle_min_share: 0.5\nabroad_roles: [ambassador]\n"
    text += "place_target_codes: ['172']\n"
    with pytest.raises(EtlError, match="XYZ"):
        DyadRules.from_text(text)


def test_a_non_state_role_does_not_take_the_country_of_its_victims(rules):
    # "Rebels kidnapped 16 Russian advisers": no Russian rebels.
    (sentence,) = infer_countries([[mention("REB", role="REB"), mention("RUS", "RUS", i=3)]], rules)
    assert sentence[0].code == "---REB"


def test_a_state_named_as_an_actor_lends_no_country_to_the_sentence(rules):
    # "The aides of the president told Russia to leave": no Russian president.
    (sentence,) = infer_countries([[mention("GOV", role="GOV"), mention("RUS", "RUS", i=6)]], rules)
    assert sentence[0].code == "---GOV"


def test_agents_of_the_source_or_of_no_country_are_sent_other_actors_take_part(rules):
    own = {"JPN"}
    assert not rules.participant(mention("MIL", role="MIL"), own)  # "sent troops"
    assert not rules.participant(mention("---PKO", role="PKO"), own)
    assert not rules.participant(mention("JPNGOV", "JPN", "GOV"), own)  # its own envoy
    assert rules.participant(mention("VENGOV", "VEN", "GOV"), own)  # "invited Maduro to"
    assert rules.participant(mention("CVL", role="CVL"), own)  # "deported migrants to"


def test_a_role_with_an_inferred_country_or_the_sources_own_possession_is_a_load(rules):
    inferred = replace(mention("AFGMIL", "AFG", "MIL"), resolution=CONTEXT_RESOLUTION)
    assert not rules.participant(inferred, {"COL"})  # "contribute troops to ... Afghanistan"
    assert not rules.participant(mention("RUS", "RUS"), {"RUS"})  # "its troops"


def _parsed(rows: str):
    import spacy
    from spacy.tokens import Doc

    cols = [line.split() for line in rows.strip().splitlines()]
    return Doc(
        spacy.blank("en").vocab,
        words=[c[1] for c in cols],
        pos=[c[2] for c in cols],
        heads=[int(c[3]) for c in cols],
        deps=[c[4] for c in cols],
    )


US_AND_BRITISH = """
0 US PROPN 3 nmod
1 and CCONJ 0 cc
2 British ADJ 0 conj
3 activists NOUN 4 nsubj
4 protested VERB 4 ROOT
"""


def test_coordinated_country_modifiers_share_the_role(rules):
    doc = _parsed(US_AND_BRITISH)
    mentions = [
        mention("USA", "USA", i=0),
        mention("GBR", "GBR", i=2),
        mention("OPP", role="OPP", i=3),
    ]
    shared = share_coordinated_roles(doc[:], mentions, rules)
    assert [(m.code, m.head, m.role) for m in shared] == [
        ("USAOPP", 0, "OPP"),
        ("GBROPP", 2, "OPP"),
    ]
    assert all("coordinated countries share" in m.evidence for m in shared)


def test_a_coordinated_modifier_that_is_no_country_leaves_the_role_alone(rules):
    doc = _parsed(US_AND_BRITISH.replace("British", "Muslim"))
    mentions = [mention("USA", "USA", i=0), mention("OPP", role="OPP", i=3)]
    assert share_coordinated_roles(doc[:], mentions, rules) == mentions


def test_a_country_coordinated_inside_a_composed_phrase_shares_its_role(rules):
    doc = _parsed(
        """
0 ministers NOUN 5 nsubj
1 of ADP 0 prep
2 Russia PROPN 1 pobj
3 and CCONJ 2 cc
4 Venezuela PROPN 2 conj
5 met VERB 5 ROOT
"""
    )
    # "the ministers of Russia" composed as RUSGOV; "Venezuela" a bare country
    composed = replace(mention("RUSGOV", "RUS", "GOV"), start=0, end=3, head=0)
    shared = share_coordinated_roles(doc[:], [composed, mention("VEN", "VEN", i=4)], rules)
    assert [m.code for m in shared] == ["RUSGOV", "VENGOV"]
