"""Tests of `etl.coding.actors.coreference`: what an article remembers (`register`) and how a
bare name, a description, "the country" or a pronoun finds its antecedent, on hand-built
parses and hand-built article state."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from etl.coding.actors import Mention
from etl.coding.actors.coreference import (
    ArticleState,
    Entity,
    PersonMention,
    description_antecedent,
    name_coreference,
    pronoun_antecedent,
    register,
)
from tests.coding.actors.parses import Tok, found, make_doc, sentence_of, sents_of


def test_latin_american_country_corefers_but_region_adjectives_are_not_actors(vocab, resolver):
    s1 = make_doc(
        vocab,
        [
            Tok("Maduro", 1, "nsubj", "PROPN"),
            Tok("thanked", 1, "ROOT", "VERB", "VBD"),
            Tok("Russia", 1, "dobj", "PROPN"),
            Tok("for", 1, "prep", "ADP", "IN"),
            Tok("supporting", 3, "pcomp", "VERB", "VBG"),
            Tok("the", 8, "det", "DET", "DT"),
            Tok("Latin", 7, "compound", "PROPN"),
            Tok("American", 8, "amod", "ADJ", "JJ"),
            Tok("country", 10, "poss", "NOUN"),
            Tok("'s", 8, "case", "PART", "POS"),
            Tok("sovereignty", 4, "dobj", "NOUN"),
            Tok(".", 1, "punct", "PUNCT"),
        ],
    )
    s2 = make_doc(
        vocab,
        [
            Tok("Latin", 1, "compound", "PROPN"),
            Tok("American", 2, "amod", "ADJ", "JJ"),
            Tok("leaders", 3, "nsubj", "NOUN", "NNS"),
            Tok("met", 3, "ROOT", "VERB", "VBD"),
            Tok(".", 3, "punct", "PUNCT"),
        ],
    )
    out = resolver.resolve_article(sents_of(s1, s2), dt.date(2019, 9, 23))
    assert found(out[0], s1) == [
        ("Maduro", "VENGOV", "dictionary"),
        ("Russia", "RUS", "dictionary"),
        ("the Latin American country", "VEN", "coreference"),
    ]
    assert out[1] == []


def test_pronoun_is_left_alone_when_two_people_are_in_view_and_none_is_subject(vocab, resolver):
    s1 = make_doc(
        vocab,
        [
            Tok("Talks", 3, "nsubj", "NOUN", "NNS"),
            Tok("with", 0, "prep", "ADP", "IN"),
            Tok("Putin", 1, "pobj", "PROPN"),
            Tok("ended", 3, "ROOT", "VERB", "VBD"),
            Tok("with", 3, "prep", "ADP", "IN"),
            Tok("Lavrov", 4, "pobj", "PROPN"),
        ],
    )
    s2 = make_doc(
        vocab,
        [
            Tok("He", 1, "nsubj", "PRON", "PRP"),
            Tok("left", 1, "ROOT", "VERB", "VBD"),
        ],
    )
    s3 = make_doc(
        vocab,
        [
            Tok("Putin", 1, "nsubj", "PROPN"),
            Tok("met", 1, "ROOT", "VERB", "VBD"),
            Tok("Maduro", 1, "dobj", "PROPN"),
        ],
    )
    s4 = make_doc(
        vocab,
        [
            Tok("He", 1, "nsubj", "PRON", "PRP"),
            Tok("smiled", 1, "ROOT", "VERB", "VBD"),
        ],
    )
    out = resolver.resolve_article(sents_of(s1, s2, s3, s4), dt.date(2020, 2, 7))
    assert out[1] == []
    assert found(out[3], s4) == [("He", "RUSGOV", "coreference")]
    assert out[3][0].name == "Vladimir Putin"
    assert "latest person subject" in out[3][0].evidence


def test_quote_is_attributed_to_the_speaker(vocab, resolver):
    doc = make_doc(
        vocab,
        [
            Tok("I", 1, "nsubj", "PRON", "PRP"),
            Tok("thank", 5, "ccomp", "VERB", "VBP"),
            Tok("Russia", 1, "dobj", "PROPN"),
            Tok(",", 5, "punct", "PUNCT"),
            Tok("Maduro", 5, "nsubj", "PROPN"),
            Tok("said", 5, "ROOT", "VERB", "VBD"),
        ],
    )
    doc[5].lemma_ = "say"
    [mentions] = resolver.resolve_article(sents_of(doc), dt.date(2019, 9, 23))
    assert found(mentions, doc) == [
        ("I", "VENGOV", "coreference"),
        ("Russia", "RUS", "dictionary"),
        ("Maduro", "VENGOV", "dictionary"),
    ]
    assert mentions[0].entry_id.startswith("rule:quote-speaker")


def _entity(key: str, code: str, person: bool = True, titles=()) -> Entity:
    country, role = code[:3], code[3:] or None
    return Entity(key, code, country, role, key, f"{key}:1", person, set(titles))


def _he_said(vocab):
    return make_doc(
        vocab,
        [Tok("He", 1, "nsubj", "PRON", "PRP"), Tok("said", 1, "ROOT", "VERB", "VBD")],
    )


def test_a_pronoun_takes_the_only_person_in_view_else_the_latest_subject_else_nothing(
    vocab, ctx, matcher
):
    putin, maduro = _entity("person:putin", "RUSGOV"), _entity("person:maduro", "VENGOV")
    s = sentence_of(matcher, _he_said(vocab), index=3)
    he = s.doc[0]
    state = ArticleState(persons=[PersonMention(2, 0, putin, False)])
    assert pronoun_antecedent(ctx, s, he, state) == (
        putin,
        "'He' -> person:putin, the only person in view",
    )
    state.persons.append(PersonMention(2, 4, maduro, False))
    assert pronoun_antecedent(ctx, s, he, state) == (None, "ambiguous")
    state.persons.append(PersonMention(2, 6, putin, True))
    entity, why = pronoun_antecedent(ctx, s, he, state)
    assert entity is putin and why.endswith("the latest person subject")
    far = sentence_of(matcher, _he_said(vocab), index=2 + ctx.rules.pronoun_window + 1)
    assert pronoun_antecedent(ctx, far, he, state) == (None, "no antecedent")


def test_a_description_refers_to_the_latest_person_with_that_title_or_country_and_role(
    vocab, ctx, matcher
):
    fm = _entity("person:perez", "VENGOV", titles={"foreign-minister"})
    general = _entity("person:gomez", "VENMIL", titles={"commander"})
    state = ArticleState(
        persons=[PersonMention(0, 0, fm, True), PersonMention(1, 0, general, True)]
    )
    s = sentence_of(matcher, _he_said(vocab), index=2)
    assert description_antecedent(ctx, s, None, "GOV", ("foreign-minister",), True, state) is fm
    assert description_antecedent(ctx, s, "VEN", "GOV", ("leader",), True, state) is fm
    assert description_antecedent(ctx, s, "VEN", "MIL", (), True, state) is general
    assert description_antecedent(ctx, s, "RUS", "GOV", ("leader",), True, state) is None
    late = sentence_of(matcher, _he_said(vocab), index=1 + ctx.rules.description_window + 1)
    assert description_antecedent(ctx, late, "VEN", "MIL", (), True, state) is None
    firm = _entity("name:conviasa", "VENBUS", person=False)
    state.orgs.append((1, firm))
    assert description_antecedent(ctx, s, None, "BUS", (), False, state) is firm


def _mention(code: str, resolution: str, **extra) -> Mention:
    return Mention(
        0, 1, 0, code, code[:3], code[3:] or None, "Jorge Perez", "e", resolution, "", **extra
    )


def test_register_remembers_entities_names_and_places_and_coreference_keeps_the_code(
    vocab, ctx, matcher
):
    s = sentence_of(matcher, _he_said(vocab))
    state = ArticleState()
    first = _mention(
        "VENGOV",
        "compositional",
        person=True,
        titles=("foreign-minister",),
        entity_key="name:jorge perez",
        name_keys=("jorge perez", "perez"),
    )
    register(ctx, s, first, state)
    entity = state.entities["name:jorge perez"]
    assert (entity.code, entity.person, entity.titles) == ("VENGOV", True, {"foreign-minister"})
    assert state.names["perez"] is entity and state.names["jorge perez"] is entity
    assert state.countries == [(0, 0, "VEN")]
    assert [(pm.sent, pm.token, pm.subject) for pm in state.persons] == [(0, 0, True)]
    register(ctx, s, _mention("VENOPP", "coreference", entity_key="name:jorge perez"), state)
    assert entity.code == "VENGOV"  # a coreference mention only repeats the code
    register(ctx, s, _mention("VENELI", "dictionary", entity_key="name:jorge perez"), state)
    assert entity.code == "VENELI"  # a resolved mention updates it


def test_a_bare_name_takes_the_entity_introduced_under_it(vocab, ctx, matcher):
    doc = make_doc(
        vocab,
        [
            Tok("Mr", 1, "compound", "PROPN"),
            Tok("Perez", 2, "nsubj", "PROPN"),
            Tok("left", 2, "ROOT", "VERB", "VBD"),
        ],
    )
    s = sentence_of(matcher, doc)
    perez = _entity("name:jorge perez", "VENGOV")
    mention = name_coreference(ctx, s, s.nps[1], ArticleState(names={"perez": perez}))
    assert mention is not None
    assert (mention.start, mention.end, mention.code, mention.resolution) == (
        0,
        2,
        "VENGOV",
        "coreference",
    )
    assert (mention.entry_id, mention.person) == ("coref(name:jorge perez:1)", True)
    assert name_coreference(ctx, s, s.nps[1], ArticleState()) is None


def test_a_pronoun_skips_a_person_of_the_other_gender_and_tells_an_unknown_ones(
    vocab, ctx, matcher
):
    trump, pelosi = _entity("person:trump", "USAGOV"), _entity("person:pelosi", "USALEG")
    pelosi.gender = "f"
    s = sentence_of(matcher, _he_said(vocab), index=3)
    he = s.doc[0]
    # Pelosi is the latest subject, but "he" is not her
    state = ArticleState(
        persons=[PersonMention(2, 0, trump, False), PersonMention(2, 4, pelosi, True)]
    )
    entity, why = pronoun_antecedent(ctx, s, he, state)
    assert entity is trump and "only person in view" in why
    assert trump.gender == "m"  # learnt from the one person "he" could be


def test_a_pronoun_inside_a_quote_is_not_its_speaker(vocab, ctx, matcher):
    putin, maduro = _entity("person:putin", "RUSGOV"), _entity("person:maduro", "VENGOV")
    s = sentence_of(matcher, _he_said(vocab), index=3)
    state = ArticleState(
        persons=[PersonMention(2, 0, maduro, False), PersonMention(2, 4, putin, True)]
    )
    entity, _ = pronoun_antecedent(ctx, s, s.doc[0], state, speaker="person:putin")
    assert entity is maduro


def test_a_persons_own_words_tell_the_gender(vocab, ctx, matcher):
    doc = make_doc(
        vocab,
        [
            Tok("Mrs", 1, "compound", "PROPN", "NNP"),
            Tok("Pelosi", 2, "nsubj", "PROPN", "NNP"),
            Tok("spoke", 2, "ROOT", "VERB", "VBD"),
        ],
    )
    s = sentence_of(matcher, doc, index=0)
    state = ArticleState()
    b = _mention("USALEG", "dictionary", person=True, entity_key="person:pelosi")
    b = replace(b, start=1, end=2, head=1)
    register(ctx, s, b, state)
    assert state.entities["person:pelosi"].gender == "f"


def test_he_inside_a_quote_is_the_other_person_not_the_speaker(vocab, resolver):
    s1 = make_doc(
        vocab,
        [
            Tok("Putin", 1, "nsubj", "PROPN"),
            Tok("met", 1, "ROOT", "VERB", "VBD"),
            Tok("Maduro", 1, "dobj", "PROPN"),
        ],
    )
    s2 = make_doc(
        vocab,
        [
            Tok('"', 2, "punct", "PUNCT", "``"),
            Tok("He", 2, "nsubj", "PRON", "PRP"),
            Tok("lies", 6, "ccomp", "VERB", "VBZ"),
            Tok(",", 6, "punct", "PUNCT", ","),
            Tok('"', 6, "punct", "PUNCT", "''"),
            Tok("Putin", 6, "nsubj", "PROPN"),
            Tok("said", 6, "ROOT", "VERB", "VBD"),
        ],
    )
    s2[6].lemma_ = "say"
    out = resolver.resolve_article(sents_of(s1, s2), dt.date(2020, 2, 7))
    he = [m for m in out[1] if m.start == 1]
    assert [(m.code, m.name) for m in he] == [("VENGOV", "Nicolás Maduro")]
