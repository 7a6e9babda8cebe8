"""Tests of `etl.coding.actors.matching`: which surfaces match (case, POS, longest match) and how
a sentence's tokens group into noun phrases, on hand-built parses."""

from __future__ import annotations

import pytest

from etl.coding.actors import Surface, case_ok
from etl.coding.actors.entries import case_rule
from etl.coding.actors.matching import is_definite, name_keys, trim
from tests.coding.actors.parses import (
    Tok,
    found,
    make_doc,
    sentence_of,
    sents_of,
    state_run_airline,
)


def test_case_rule_keeps_pronoun_us_and_lowercase_words_out(vocab, resolver):
    doc = make_doc(
        vocab,
        [
            Tok("The", 1, "det", "DET", "DT"),
            Tok("US", 2, "nsubj", "PROPN"),
            Tok("told", 2, "ROOT", "VERB", "VBD"),
            Tok("us", 2, "dobj", "PRON", "PRP"),
            Tok("about", 2, "prep", "ADP", "IN"),
            Tok("turkey", 4, "pobj", "NOUN"),
            Tok(".", 2, "punct", "PUNCT"),
        ],
    )
    [mentions] = resolver.resolve_article(sents_of(doc), None)
    assert found(mentions, doc) == [("The US", "USA", "dictionary")]


def _leaders_doc(vocab):
    return make_doc(
        vocab,
        [
            Tok("Latin", 1, "compound", "PROPN"),
            Tok("American", 2, "amod", "ADJ", "JJ"),
            Tok("leaders", 3, "nsubj", "NOUN", "NNS"),
            Tok("met", 3, "ROOT", "VERB", "VBD"),
            Tok("US", 5, "compound", "PROPN"),
            Tok("officials", 3, "dobj", "NOUN", "NNS"),
            Tok("in", 3, "prep", "ADP", "IN"),
            Tok("turkey", 6, "pobj", "NOUN"),
            Tok("and", 3, "cc", "CCONJ"),
            Tok("military", 10, "amod", "ADJ", "JJ"),
            Tok("parades", 3, "conj", "NOUN", "NNS"),
        ],
    )


def test_matcher_takes_the_longest_match_in_the_right_case_and_role_words_as_nouns(vocab, matcher):
    doc = _leaders_doc(vocab)
    matches = [(doc[m.start : m.end].text, m.surface.kind, m.root) for m in matcher.match(doc)]
    assert matches == [
        ("Latin American", "region", 1),  # not 'American' (USA): the longer match wins
        ("leaders", "role", 2),  # a generated plural
        ("US", "country", 4),
        ("officials", "role", 5),
    ]  # no 'turkey' (lower case) and no 'military' (an adjective here)


def test_role_words_in_an_untagged_doc_are_trusted(vocab, matcher):
    doc = make_doc(vocab, [Tok("military", 1, "amod", ""), Tok("parades", 1, "ROOT", "")])
    assert [m.surface.entry_id for m in matcher.match(doc)] == ["role:military"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("US", ("A",)),
        ("Turkey", ("C",)),
        ("foreign minister", ("", "")),
        ("Lima Group", ("C", "C")),
    ],
)
def test_case_rule_of_a_surface_is_per_word(text, rule):
    assert case_rule(text) == rule


def test_case_ok_checks_each_token_and_only_the_first_of_a_split_word(vocab):
    doc = make_doc(vocab, [Tok("us", 0, "ROOT", "PRON"), Tok("US", 0, "dobj", "PROPN")])
    us = Surface("country", "USA", "alias", "US")
    assert not case_ok(doc, 0, 1, us)
    assert case_ok(doc, 1, 2, us)
    doc = make_doc(vocab, [Tok("Law", 0, "ROOT", "NOUN"), Tok("-", 0, "punct", "PUNCT")])
    assert case_ok(doc, 0, 2, Surface("role", "role:lawmaker", "phrase", "Law-maker"))


def test_noun_phrases_keep_a_possessor_apart_and_join_a_hyphenated_modifier(vocab, matcher):
    doc = state_run_airline(vocab)
    s = sentence_of(matcher, doc)
    phrases = {h: (np.tokens, np.possessors) for h, np in s.nps.items()}
    assert phrases[1] == ([0, 1], [])
    assert phrases[3] == ([3, 4], [])  # "Venezuela 's": a phrase of its own ...
    assert phrases[9] == ([5, 6, 7, 8, 9], [3])  # ... that the owner may absorb
    assert [doc[m.start : m.end].text for m in s.nps[9].matches] == ["airline"]
    assert s.in_match[3].surface.entry_id == "VEN"
    assert trim(doc, 3, 5) == (3, 4)  # no "'s" at the end
    assert trim(doc, 9, 11) == (9, 10)  # no full stop
    rules = matcher.dictionary.rules
    assert is_definite(doc, s.nps[1], rules)  # "The US"
    assert is_definite(doc, s.nps[9], rules)  # a possessor picks out the referent
    assert not is_definite(doc, s.nps[3], rules)


def test_name_keys_are_the_full_name_and_the_surname():
    assert name_keys("Jorge Perez") == ("jorge perez", "perez")
    assert name_keys("Conviasa") == ("conviasa",)
    assert name_keys("") == ()
