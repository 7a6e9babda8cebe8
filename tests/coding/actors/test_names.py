"""Tests of `etl.coding.actors.names`: dictionary people by their dated terms, organisations,
countries, capitals and seats (metonyms), regions, and the mentions inside other phrases."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from spacy.tokens import Doc

from etl.coding.actors import Mention
from etl.coding.actors.coreference import ArticleState
from etl.coding.actors.entries import PersonEntry, PersonTerm
from etl.coding.actors.names import (
    country_mention,
    modifier_mentions,
    nearest_term,
    np_country,
    on_event_date,
    roles_of,
    term_for,
)
from tests.coding.actors.parses import Tok, found, make_doc, sentence_of, sents_of


def _trump_doc(vocab) -> Doc:
    return make_doc(
        vocab,
        [
            Tok("Trump", 1, "nsubj", "PROPN"),
            Tok("spoke", 1, "ROOT", "VERB", "VBD"),
            Tok(".", 1, "punct", "PUNCT"),
        ],
    )


@pytest.mark.parametrize(
    ("date", "code", "resolution"),
    [
        (dt.date(2018, 5, 1), "USAGOV", "dictionary"),
        (dt.date(2021, 1, 19), "USAGOV", "dictionary"),
        (dt.date(2021, 1, 20), "USA", "compositional"),  # Biden sworn in: term ended
        (dt.date(2022, 5, 1), "USA", "compositional"),
        (dt.date(2025, 1, 20), "USAGOV", "dictionary"),
        (None, "USAGOV", "dictionary"),  # unknown date: the open-ended term
    ],
)
def test_person_codes_follow_their_dated_terms(vocab, resolver, date, code, resolution):
    doc = _trump_doc(vocab)
    [[mention]] = resolver.resolve_article(sents_of(doc), date)
    assert (mention.code, mention.resolution) == (code, resolution)
    assert mention.name == "Donald Trump"
    assert mention.entry_id.startswith("person:trump:")


def test_coordinated_countries_are_one_mention_each(vocab, resolver):
    doc = make_doc(
        vocab,
        [
            Tok("Russia", 6, "nsubj", "PROPN"),
            Tok(",", 0, "punct", "PUNCT"),
            Tok("Belarus", 0, "conj", "PROPN"),
            Tok("and", 2, "cc", "CCONJ"),
            Tok("El", 5, "compound", "PROPN"),
            Tok("Salvador", 2, "conj", "PROPN"),
            Tok("voiced", 6, "ROOT", "VERB", "VBD"),
            Tok("support", 6, "dobj", "NOUN"),
            Tok("for", 7, "prep", "ADP", "IN"),
            Tok("Maduro", 8, "pobj", "PROPN"),
            Tok(".", 6, "punct", "PUNCT"),
        ],
    )
    [mentions] = resolver.resolve_article(sents_of(doc), dt.date(2019, 1, 30))
    assert found(mentions, doc) == [
        ("Russia", "RUS", "dictionary"),
        ("Belarus", "BLR", "dictionary"),
        ("El Salvador", "SLV", "dictionary"),
        ("Maduro", "VENGOV", "dictionary"),
    ]
    assert [m.head for m in mentions] == [0, 2, 5, 9]


def test_adjective_of_a_non_actor_noun_is_its_own_mention_and_adjective_roles_are_not(
    vocab, resolver
):
    doc = make_doc(
        vocab,
        [
            Tok("Russian", 1, "amod", "ADJ", "JJ"),
            Tok("support", 4, "nsubj", "NOUN"),
            Tok("and", 1, "cc", "CCONJ"),
            Tok("military", 4, "amod", "ADJ", "JJ"),  # 'military' is an adjective here
            Tok("parades", 5, "conj", "NOUN", "NNS"),
            Tok("continued", 5, "ROOT", "VERB", "VBD"),
        ],
    )
    doc[4].head = doc[1]
    doc[3].head = doc[4]
    [mentions] = resolver.resolve_article(sents_of(doc), None)
    assert found(mentions, doc) == [("Russian", "RUS", "dictionary")]
    assert mentions[0].head == 0


def test_seat_metonym_and_locative_evidence(vocab, resolver):
    s1 = make_doc(
        vocab,
        [
            Tok("The", 1, "det", "DET", "DT"),
            Tok("Kremlin", 2, "nsubj", "PROPN"),
            Tok("welcomed", 2, "ROOT", "VERB", "VBD"),
            Tok("Maduro", 2, "dobj", "PROPN"),
            Tok("in", 2, "prep", "ADP", "IN"),
            Tok("Moscow", 4, "pobj", "PROPN"),
            Tok(".", 2, "punct", "PUNCT"),
        ],
    )
    [mentions] = resolver.resolve_article(sents_of(s1), dt.date(2019, 9, 25))
    assert found(mentions, s1) == [
        ("The Kremlin", "RUSGOV", "metonym"),
        ("Maduro", "VENGOV", "dictionary"),
        ("Moscow", "RUS", "metonym"),
    ]
    assert "locative" not in mentions[0].evidence
    assert mentions[2].evidence.endswith("locative: object of 'in'")


def test_region_names_are_actors_but_one_country_is_not_a_reference(vocab, resolver):
    s1 = make_doc(
        vocab,
        [
            Tok("Europe", 1, "nsubj", "PROPN"),
            Tok("warned", 1, "ROOT", "VERB", "VBD"),
            Tok("Iran", 1, "dobj", "PROPN"),
        ],
    )
    s2 = make_doc(
        vocab,
        [
            Tok("One", 1, "nummod", "NUM", "CD"),
            Tok("country", 2, "nsubj", "NOUN"),
            Tok("objected", 2, "ROOT", "VERB", "VBD"),
        ],
    )
    out = resolver.resolve_article(sents_of(s1, s2), None)
    assert found(out[0], s1) == [("Europe", "EUR", "dictionary"), ("Iran", "IRN", "dictionary")]
    assert out[1] == []


def _two_terms() -> PersonEntry:
    first = PersonTerm("person:x:2010", "VENGOV", dt.date(2010, 1, 1), dt.date(2012, 1, 1), "s")
    second = PersonTerm("person:x:2015", "VENGOV", dt.date(2015, 1, 1), None, "s")
    return PersonEntry("x", "X Y", (), (first, second))


@pytest.mark.parametrize(
    ("date", "term", "nearest"),
    [
        (dt.date(2011, 6, 1), "person:x:2010", "person:x:2010"),
        (dt.date(2012, 1, 1), None, "person:x:2010"),  # valid_to is exclusive
        (dt.date(2014, 6, 1), None, "person:x:2015"),  # nearer the next term's start
        (dt.date(2020, 1, 1), "person:x:2015", "person:x:2015"),
        (None, "person:x:2015", "person:x:2015"),  # unknown date: the open-ended term
    ],
)
def test_term_for_and_nearest_term_follow_the_dates(date, term, nearest):
    person = _two_terms()
    found_term, why = term_for(person, date)
    assert (found_term.id if found_term else None) == term
    assert ("article date unknown" in why) == (date is None)
    assert nearest_term(person, date).id == nearest


def _former_opposition_leader(vocab):
    return make_doc(
        vocab,
        [
            Tok("former", 4, "amod", "ADJ", "JJ"),
            Tok("Venezuelan", 4, "amod", "ADJ", "JJ"),
            Tok("opposition", 3, "compound", "NOUN"),
            Tok("leader", 4, "compound", "NOUN"),
            Tok("Smith", 5, "nsubj", "PROPN"),
            Tok("spoke", 5, "ROOT", "VERB", "VBD"),
        ],
    )


def test_roles_of_ranks_group_nouns_over_titles_and_former_makes_a_title_eli(vocab, ctx, matcher):
    s = sentence_of(matcher, _former_opposition_leader(vocab))
    roles = [m for m in s.nps[4].matches if m.surface.kind == "role"]
    assert roles_of(ctx, roles[1:]) == (
        "OPP",  # role_priority: OPP 5 over GOV
        ["role:opposition", "role:leader"],
        ("leader",),
        False,
    )
    role, ids, titles, former = roles_of(ctx, roles)
    assert (role, ids[0], titles, former) == ("ELI", "role:former", ("leader",), True)
    assert np_country(ctx, s, s.nps[4]) == (
        "VEN",
        "country:VEN:adjective",
        "Venezuelan (VEN)",
        "compositional",
    )


def test_a_capital_inside_a_phrase_is_a_metonym_and_a_located_one_says_so(vocab, ctx, matcher):
    doc = make_doc(
        vocab,
        [
            Tok("talks", 0, "ROOT", "NOUN", "NNS"),
            Tok("in", 0, "prep", "ADP", "IN"),
            Tok("Caracas", 1, "pobj", "PROPN"),
        ],
    )
    s = sentence_of(matcher, doc)
    mention = country_mention(ctx, s, s.nps[2], s.in_match[2])
    assert (mention.code, mention.resolution, mention.entry_id) == (
        "VEN",
        "metonym",
        "country:VEN:capital",
    )
    assert mention.evidence.endswith("locative: object of 'in'")


def test_modifier_mentions_are_the_names_a_phrase_did_not_use(vocab, ctx, matcher):
    doc = make_doc(
        vocab,
        [
            Tok("Russian", 1, "amod", "ADJ", "JJ"),
            Tok("support", 2, "nsubj", "NOUN"),
            Tok("grew", 2, "ROOT", "VERB", "VBD"),
        ],
    )
    s = sentence_of(matcher, doc)
    [mention] = modifier_mentions(ctx, s, s.nps[1], None, ArticleState())
    assert (mention.start, mention.end, mention.head, mention.code) == (0, 1, 0, "RUS")
    assert mention.entry_id == "country:RUS:adjective"


def test_a_person_is_recoded_for_the_date_of_the_event_they_take_part_in(dictionary):
    # Chávez was president until 2013-03-05: an article of 2014 finds him out of office, but
    # an event it dates to 2010 is a president's act.
    out_of_term = Mention(
        0, 1, 0, "VEN", "VEN", None, "Hugo Chávez", "fallback", "dictionary", "nearest term",
        person=True, entity_key="person:chavez",
    )  # fmt: skip
    recoded = on_event_date(dictionary, out_of_term, dt.date(2010, 1, 1))
    assert (recoded.code, recoded.entry_id) == ("VENGOV", "person:chavez:1999")
    assert "on the event date 2010-01-01" in recoded.evidence
    assert on_event_date(dictionary, out_of_term, dt.date(2014, 1, 1)) is out_of_term
    not_a_person = replace(out_of_term, person=False, entity_key=None)
    assert on_event_date(dictionary, not_a_person, dt.date(2010, 1, 1)) is not_a_person
