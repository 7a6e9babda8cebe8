"""Tests of `etl.coding.actors.compose`: country + role codes from the words of one phrase, its
possessor or "of <country>", role-only actors, unknown names with a country, and the spans a
mention absorbs."""

from __future__ import annotations

import datetime as dt

from etl.coding.actors.compose import absorb_possessors, adjacent_name, compose, country_named
from etl.coding.actors.coreference import ArticleState
from etl.coding.actors.names import country_mention, person_mention
from tests.coding.actors.parses import (
    Tok,
    china_leader_xi,
    found,
    make_doc,
    sentence_of,
    sents_of,
    state_run_airline,
)


def test_compositional_minister_then_surname_fm_and_pronoun_corefer(vocab, resolver):
    s1 = make_doc(
        vocab,
        [
            Tok("Venezuelan", 2, "amod", "ADJ", "JJ"),
            Tok("Foreign", 2, "compound", "PROPN"),
            Tok("Minister", 4, "compound", "PROPN"),
            Tok("Jorge", 4, "compound", "PROPN"),
            Tok("Perez", 5, "nsubj", "PROPN", ent="PERSON"),
            Tok("spoke", 5, "ROOT", "VERB", "VBD"),
            Tok(".", 5, "punct", "PUNCT"),
        ],
    )
    s2 = make_doc(
        vocab,
        [
            Tok("Perez", 1, "nsubj", "PROPN"),
            Tok("thanked", 1, "ROOT", "VERB", "VBD"),
            Tok("Russia", 1, "dobj", "PROPN"),
            Tok(".", 1, "punct", "PUNCT"),
        ],
    )
    s3 = make_doc(
        vocab,
        [
            Tok("The", 1, "det", "DET", "DT"),
            Tok("FM", 2, "nsubj", "PROPN"),
            Tok("said", 2, "ROOT", "VERB", "VBD"),
            Tok("he", 4, "nsubj", "PRON", "PRP"),
            Tok("agreed", 2, "ccomp", "VERB", "VBD"),
            Tok(".", 2, "punct", "PUNCT"),
        ],
    )
    out = resolver.resolve_article(sents_of(s1, s2, s3), dt.date(2020, 6, 25))
    first = out[0][0]
    assert (s1[first.start : first.end].text, first.code) == (
        "Venezuelan Foreign Minister Jorge Perez",
        "VENGOV",
    )
    assert first.resolution == "compositional"
    assert first.head == 4 and first.name == "Jorge Perez"
    assert first.country == "VEN" and first.role == "GOV"
    assert "country:VEN:adjective" in first.entry_id and "role:foreign-minister" in first.entry_id
    assert found(out[1], s2) == [
        ("Perez", "VENGOV", "coreference"),
        ("Russia", "RUS", "dictionary"),
    ]
    assert found(out[2], s3) == [
        ("The FM", "VENGOV", "coreference"),
        ("he", "VENGOV", "coreference"),
    ]
    assert out[2][0].name == "Jorge Perez"


def test_state_run_airline_is_business_of_the_possessor_country_and_the_company_corefers(
    vocab, resolver
):
    s1 = state_run_airline(vocab)
    s2 = make_doc(
        vocab,
        [
            Tok("The", 1, "det", "DET", "DT"),
            Tok("company", 2, "nsubj", "NOUN"),
            Tok("denied", 2, "ROOT", "VERB", "VBD"),
            Tok("it", 2, "dobj", "PRON", "PRP"),
            Tok(".", 2, "punct", "PUNCT"),
        ],
    )
    out = resolver.resolve_article(sents_of(s1, s2), dt.date(2020, 2, 7))
    assert found(out[0], s1) == [
        ("The US", "USA", "dictionary"),
        ("Venezuela 's state - run airline Fooair", "VENBUS", "compositional"),
    ]
    assert out[0][1].name == "Fooair" and out[0][1].head == 9
    assert found(out[1], s2) == [("The company", "VENBUS", "coreference")]


def test_court_needs_an_explicit_country_and_victory_day_is_no_actor(vocab, resolver):
    s1 = make_doc(
        vocab,
        [
            Tok("Russia", 4, "poss", "PROPN"),
            Tok("'s", 0, "case", "PART", "POS"),
            Tok("Victory", 3, "compound", "PROPN"),
            Tok("Day", 4, "compound", "PROPN", ent="EVENT"),
            Tok("parade", 5, "nsubj", "NOUN"),
            Tok("began", 5, "ROOT", "VERB", "VBD"),
            Tok(".", 5, "punct", "PUNCT"),
        ],
    )
    s2 = make_doc(
        vocab,
        [
            Tok("The", 2, "det", "DET", "DT"),
            Tok("Supreme", 2, "compound", "PROPN"),
            Tok("Court", 3, "nsubj", "PROPN"),
            Tok("ruled", 3, "ROOT", "VERB", "VBD"),
            Tok(".", 3, "punct", "PUNCT"),
        ],
    )
    s3 = make_doc(
        vocab,
        [
            Tok("The", 1, "det", "DET", "DT"),
            Tok("country", 4, "poss", "NOUN"),
            Tok("'s", 1, "case", "PART", "POS"),
            Tok("Supreme", 4, "compound", "PROPN"),
            Tok("Court", 5, "nsubj", "PROPN"),
            Tok("ruled", 5, "ROOT", "VERB", "VBD"),
            Tok(".", 5, "punct", "PUNCT"),
        ],
    )
    out = resolver.resolve_article(sents_of(s1, s2, s3), dt.date(2019, 1, 23))
    assert found(out[0], s1) == [("Russia", "RUS", "dictionary")]
    assert found(out[1], s2) == [("The Supreme Court", "JUD", "compositional")]
    assert found(out[2], s3) == [("The country 's Supreme Court", "RUSJUD", "compositional")]
    assert "rule:country-reference" in out[2][0].entry_id


def test_unknown_name_with_a_country_is_an_actor_without_ner(vocab, resolver):
    """No entity labels (the coder does not run NER): the proper noun itself is the evidence."""
    doc = make_doc(
        vocab,
        [
            Tok("France", 3, "poss", "PROPN"),
            Tok("'s", 0, "case", "PART", "POS"),
            Tok("Pernod", 3, "compound", "PROPN"),
            Tok("Ricard", 4, "nsubj", "PROPN"),
            Tok("bought", 4, "ROOT", "VERB", "VBD"),
            Tok("shares", 4, "dobj", "NOUN", "NNS"),
            Tok(".", 4, "punct", "PUNCT"),
        ],
    )
    [mentions] = resolver.resolve_article(sents_of(doc), dt.date(2020, 2, 7))
    assert [(doc[m.start : m.end].text, m.code, m.name) for m in mentions] == [
        ("France 's Pernod Ricard", "FRA", "Pernod Ricard")
    ]


def test_a_role_without_a_country_stands_alone_only_when_its_entry_allows(vocab, ctx, matcher):
    doc = make_doc(
        vocab,
        [
            Tok("Police", 1, "nsubj", "NOUN"),
            Tok("arrested", 1, "ROOT", "VERB", "VBD"),
            Tok("leaders", 1, "dobj", "NOUN", "NNS"),
        ],
    )
    s = sentence_of(matcher, doc)
    police = compose(ctx, s, s.nps[0], None, ArticleState())
    assert police is not None
    assert (police.code, police.country, police.role, police.entry_id) == (
        "COP",
        None,
        "COP",
        "role:police",
    )
    assert police.evidence.endswith("no country in the phrase: role only")
    assert compose(ctx, s, s.nps[2], None, ArticleState()) is None  # 'leader': definite only


def test_the_country_may_follow_the_role_noun(vocab, ctx, matcher):
    doc = make_doc(
        vocab,
        [
            Tok("the", 1, "det", "DET", "DT"),
            Tok("government", 4, "nsubj", "NOUN"),
            Tok("of", 1, "prep", "ADP", "IN"),
            Tok("Venezuela", 2, "pobj", "PROPN"),
            Tok("said", 4, "ROOT", "VERB", "VBD"),
        ],
    )
    s = sentence_of(matcher, doc)
    mention = compose(ctx, s, s.nps[1], None, ArticleState())
    assert mention is not None
    assert (mention.start, mention.end, mention.code) == (0, 4, "VENGOV")
    assert mention.entry_id == "country:VEN:name+role:government"
    assert mention.consumes == (3,)  # 'Venezuela' is part of this mention, not one of its own


def _possessed(vocab, name: str):
    return make_doc(
        vocab,
        [
            Tok("Russia", 3, "poss", "PROPN"),
            Tok("'s", 0, "case", "PART", "POS"),
            Tok(name, 3, "compound", "PROPN"),
            Tok("Day", 4, "nsubj", "PROPN"),
            Tok("began", 4, "ROOT", "VERB", "VBD"),
        ],
    )


def test_an_unknown_name_with_a_country_possessor_is_that_country_unless_it_names_a_date(
    vocab, ctx, matcher
):
    s = sentence_of(matcher, _possessed(vocab, "Victory"))
    s.resolved[0] = country_mention(ctx, s, s.nps[0], s.in_match[0])
    assert country_named(ctx, s, s.nps[3]) is None  # 'Day' is in NON_ACTOR_NAME_HEADS
    doc = make_doc(
        vocab,
        [
            Tok("Russia", 2, "poss", "PROPN"),
            Tok("'s", 0, "case", "PART", "POS"),
            Tok("Foocorp", 3, "nsubj", "PROPN"),
            Tok("won", 3, "ROOT", "VERB", "VBD"),
        ],
    )
    s = sentence_of(matcher, doc)
    s.resolved[0] = country_mention(ctx, s, s.nps[0], s.in_match[0])
    mention = country_named(ctx, s, s.nps[2])
    assert mention is not None
    assert (mention.start, mention.end, mention.code, mention.name) == (0, 3, "RUS", "Foocorp")
    assert (mention.consumes, mention.entity_key) == ((0,), "name:foocorp")


def test_a_person_spans_a_country_possessor(vocab, ctx, matcher):
    doc = china_leader_xi(vocab)
    s = sentence_of(matcher, doc, date=dt.date(2020, 1, 1))
    s.resolved[0] = country_mention(ctx, s, s.nps[0], s.in_match[0])
    xi = person_mention(ctx, s, s.nps[4], s.in_match[4], ArticleState())
    assert (xi.start, xi.code, xi.consumes) == (2, "CHNGOV", ())
    wide = absorb_possessors(s, s.nps[4], xi)
    assert (wide.start, wide.end, wide.consumes) == (0, 5, (0,))
    assert xi.start == 2  # mentions are frozen: absorbing builds a new one


def test_a_name_after_a_role_phrase_is_the_same_actor_when_the_parse_attaches_it_apart(
    vocab, ctx, matcher
):
    doc = make_doc(
        vocab,
        [
            Tok("his", 2, "poss", "PRON", "PRP$"),
            Tok("Russian", 2, "amod", "ADJ", "JJ"),
            Tok("counterpart", 5, "dobj", "NOUN"),
            Tok("Sergey", 4, "compound", "PROPN"),
            Tok("Lavrov", 2, "appos", "PROPN"),
            Tok("met", 5, "ROOT", "VERB", "VBD"),
        ],
    )
    s = sentence_of(matcher, doc)
    follower = adjacent_name(s, s.nps[2], [4, 5])
    assert follower is s.nps[4]
    mention = compose(ctx, s, s.nps[2], follower, ArticleState())
    assert mention is not None
    assert (mention.start, mention.end, mention.head, mention.code) == (1, 5, 2, "RUSGOV")
    assert mention.consumes == (4,)
    assert mention.evidence.endswith("the phrase says 'counterpart'")
