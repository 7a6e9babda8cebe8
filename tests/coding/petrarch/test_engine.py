"""PETRARCH-2 semantics on hand-made dependency parses: one test per pattern kind.

The parses are built by hand (`spacy.tokens.Doc` with heads, labels and tags), so each test
pins the engine's reading of the dictionary format, not a parser's mood.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from etl.coding.petrarch import load_petrarch
from etl.coding.petrarch.engine import PetrarchEngine
from tests.coding.petrarch.samples import write

ACTORS = """\
ARNOR [ARN]
GONDOR [GON]
OSGILIATH [OSG]
BREE [BRE]
ROMENDACIL [BREGOV 19950101-19991231] [BRE]
"""

AGENTS = """\
GOVERNMENT [~GOV]
SOLDIER [~MIL]
MSF {} [NGO~]
"""

VERBS = """\
&TIETYPES
+MILITARY
+ECONOMIC
--- RESTORE [064] ---
RESTORE
- * &TIETYPES TIES [904]
--- ACCUSE [112] ---
ACCUSE
- * + OF_TREASON [1121]
--- AGREE [081] ---
AGREE
- % * [030:030]
--- MEET [031:031] ---
MEET {MEETS MET MEETING}
--- ATTACK [190] ---
ATTACK
- * (WITH ARTILLERY) [195]
--- SAY [---] ---
SAY
--- ABANDON [345] ---
ABANDON
- * {IMPROVED &TIETYPES RELATIONS} [1952]
--- WARN [130] ---
WARN
- * ^ (ABOUT +) [131]
--- ALLOW [080] ---
ALLOW
--- ALLOW [081] ---
ALLOW
- RECENTLY_* [025]
--- PRAISE [051] ---
PRAISE
- RECENTLY_* [052]
"""


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


@pytest.fixture
def engine(tmp_path: Path) -> PetrarchEngine:
    paths = [
        write(tmp_path, "t.actors.txt", ACTORS),
        write(tmp_path, "t.agents.txt", AGENTS),
        write(tmp_path, "t.verbs.txt", VERBS),
    ]
    return PetrarchEngine(load_petrarch(paths))


def parse(vocab, rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """rows: (word, head index, dependency, coarse tag, lemma)."""
    words = [r[0] for r in rows]
    doc = Doc(
        vocab,
        words=words,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    return doc


def code(engine: PetrarchEngine, doc: Doc, day: dt.date | None = None) -> set[tuple[str, ...]]:
    return {(e.source, e.target, e.code) for s in doc.sents for e in engine.code_sentence(s, day)}


def test_verb_code_subject_and_first_actor_of_the_verb_phrase(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("restored", 1, "ROOT", "VERB", "restore"),
            ("ties", 1, "dobj", "NOUN", "tie"),
            ("with", 2, "prep", "ADP", "with"),
            ("Gondor", 3, "pobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "064")}


def test_synset_pattern_takes_the_users_code_as_written(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("restored", 1, "ROOT", "VERB", "restore"),
            ("military", 3, "amod", "ADJ", "military"),
            ("ties", 1, "dobj", "NOUN", "tie"),
            ("with", 3, "prep", "ADP", "with"),
            ("Gondor", 4, "pobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "904")}  # WEIS-style, outside CAMEO


def test_target_marker_with_a_consecutive_run_after_it(engine, vocab):
    rows = [
        ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
        ("accused", 1, "ROOT", "VERB", "accuse"),
        ("Gondor", 1, "dobj", "PROPN", "Gondor"),
        ("of", 1, "prep", "ADP", "of"),
        ("treason", 3, "pobj", "NOUN", "treason"),
    ]
    assert code(engine, parse(vocab, rows)) == {("ARN", "GON", "1121")}
    rows[4] = ("spying", 3, "pobj", "NOUN", "spying")
    assert code(engine, parse(vocab, rows)) == {("ARN", "GON", "112")}  # the run fails


def test_compound_marker_codes_each_member_on_the_other(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 3, "nsubj", "PROPN", "Arnor"),
            ("and", 0, "cc", "CCONJ", "and"),
            ("Gondor", 0, "conj", "PROPN", "Gondor"),
            ("agree", 3, "ROOT", "VERB", "agree"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "030"), ("GON", "ARN", "030")}


def test_paired_code_codes_the_reverse_event(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("met", 1, "ROOT", "VERB", "meet"),
            ("Gondor", 1, "dobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "031"), ("GON", "ARN", "031")}


def test_prepositional_phrase_element(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("attacked", 1, "ROOT", "VERB", "attack"),
            ("Gondor", 1, "dobj", "PROPN", "Gondor"),
            ("with", 1, "prep", "ADP", "with"),
            ("artillery", 3, "pobj", "NOUN", "artillery"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "195")}


def test_agents_compose_with_the_actor_of_their_phrase(engine, vocab):
    doc = parse(
        vocab,
        [
            ("MSF", 2, "compound", "PROPN", "MSF"),
            ("Arnor", 2, "compound", "PROPN", "Arnor"),
            ("soldiers", 3, "nsubj", "NOUN", "soldier"),
            ("attacked", 3, "ROOT", "VERB", "attack"),
            ("the", 6, "det", "DET", "the"),
            ("Gondor", 6, "compound", "PROPN", "Gondor"),
            ("government", 3, "dobj", "NOUN", "government"),
        ],
    )
    assert code(engine, doc) == {("NGOARNMIL", "GONGOV", "190")}


def test_an_agent_without_an_actor_and_an_actor_in_a_modifier(engine, vocab):
    doc = parse(
        vocab,
        [
            ("The", 1, "det", "DET", "the"),
            ("government", 2, "nsubj", "NOUN", "government"),
            ("attacked", 2, "ROOT", "VERB", "attack"),
            ("soldiers", 2, "dobj", "NOUN", "soldier"),
            ("of", 3, "prep", "ADP", "of"),
            ("Gondor", 4, "pobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("---GOV", "GONMIL", "190")}


def test_date_restricted_actor_code(engine, vocab):
    rows = [
        ("Romendacil", 1, "nsubj", "PROPN", "Romendacil"),
        ("met", 1, "ROOT", "VERB", "meet"),
        ("Gondor", 1, "dobj", "PROPN", "Gondor"),
    ]
    assert ("BREGOV", "GON", "031") in code(engine, parse(vocab, rows), dt.date(1996, 5, 1))
    assert ("BRE", "GON", "031") in code(engine, parse(vocab, rows), dt.date(2003, 5, 1))


def test_null_verb_code_codes_nothing(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("said", 1, "ROOT", "VERB", "say"),
            ("Gondor", 1, "dobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == set()


def test_coordinated_targets_inside_a_modifier_each_get_the_event(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("restored", 1, "ROOT", "VERB", "restore"),
            ("ties", 1, "dobj", "NOUN", "tie"),
            ("with", 2, "prep", "ADP", "with"),
            ("Gondor", 3, "pobj", "PROPN", "Gondor"),
            ("and", 4, "cc", "CCONJ", "and"),
            ("Bree", 4, "conj", "PROPN", "Bree"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "064"), ("ARN", "BRE", "064")}


def test_an_agent_of_coordinated_actors_composes_on_each(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Soldiers", 5, "nsubj", "NOUN", "soldier"),
            ("of", 0, "prep", "ADP", "of"),
            ("Arnor", 1, "pobj", "PROPN", "Arnor"),
            ("and", 2, "cc", "CCONJ", "and"),
            ("Gondor", 2, "conj", "PROPN", "Gondor"),
            ("attacked", 5, "ROOT", "VERB", "attack"),
            ("Bree", 5, "dobj", "PROPN", "Bree"),
        ],
    )
    assert code(engine, doc) == {("ARNMIL", "BRE", "190"), ("GONMIL", "BRE", "190")}


def test_a_clause_without_an_event_is_part_of_the_verb_phrase(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("accused", 1, "ROOT", "VERB", "accuse"),
            ("that", 4, "mark", "SCONJ", "that"),
            ("Gondor", 4, "nsubj", "PROPN", "Gondor"),
            ("is", 1, "ccomp", "AUX", "be"),
            ("weak", 4, "acomp", "ADJ", "weak"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "112")}


def test_an_uncoded_pronoun_subject_takes_the_source_of_the_clause_above(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("said", 1, "ROOT", "VERB", "say"),
            ("it", 3, "nsubj", "PRON", "it"),
            ("restored", 1, "ccomp", "VERB", "restore"),
            ("ties", 3, "dobj", "NOUN", "tie"),
            ("with", 4, "prep", "ADP", "with"),
            ("Gondor", 5, "pobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "064")}


def test_a_modifier_is_never_a_phrase_of_its_own(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("attacked", 1, "ROOT", "VERB", "attack"),
            ("Gondor", 4, "poss", "PROPN", "Gondor"),
            ("'s", 2, "case", "PART", "'s"),
            ("government", 1, "dobj", "NOUN", "government"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GONGOV", "190")}


def test_coordinated_actors_modifying_one_noun_each_get_the_event(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Bree", 1, "nsubj", "PROPN", "Bree"),
            ("attacked", 1, "ROOT", "VERB", "attack"),
            ("Arnor", 5, "compound", "PROPN", "Arnor"),
            ("and", 2, "cc", "CCONJ", "and"),
            ("Gondor", 2, "conj", "PROPN", "Gondor"),
            ("soldiers", 1, "dobj", "NOUN", "soldier"),
        ],
    )
    assert code(engine, doc) == {("BRE", "ARNMIL", "190"), ("BRE", "GONMIL", "190")}


def test_noun_phrase_element_allows_other_modifiers_between(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("abandoned", 1, "ROOT", "VERB", "abandon"),
            ("improved", 5, "amod", "ADJ", "improve"),
            ("global", 5, "amod", "ADJ", "global"),
            ("military", 5, "amod", "ADJ", "military"),
            ("relations", 1, "dobj", "NOUN", "relation"),
            ("with", 5, "prep", "ADP", "with"),
            ("Gondor", 6, "pobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "1952")}


def test_a_target_marker_inside_a_prepositional_phrase(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("warned", 1, "ROOT", "VERB", "warn"),
            ("Bree", 1, "dobj", "PROPN", "Bree"),
            ("about", 2, "prep", "ADP", "about"),
            ("Gondor", 3, "pobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "131")}


def test_an_underscore_before_the_verb_means_right_before_it(engine, vocab):
    rows = [
        ("Arnor", 2, "nsubj", "PROPN", "Arnor"),
        ("recently", 2, "advmod", "ADV", "recently"),
        ("praised", 2, "ROOT", "VERB", "praise"),
        ("Gondor", 2, "dobj", "PROPN", "Gondor"),
    ]
    assert code(engine, parse(vocab, rows)) == {("ARN", "GON", "052")}
    rows = [
        ("Arnor", 3, "nsubj", "PROPN", "Arnor"),
        ("recently", 3, "advmod", "ADV", "recently"),
        ("did", 3, "aux", "AUX", "do"),
        ("praise", 3, "ROOT", "VERB", "praise"),
        ("Gondor", 3, "dobj", "PROPN", "Gondor"),
    ]
    assert code(engine, parse(vocab, rows)) == {("ARN", "GON", "051")}


def test_a_verb_takes_the_patterns_of_its_own_block_not_of_a_namesake(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 2, "nsubj", "PROPN", "Arnor"),
            ("recently", 2, "advmod", "ADV", "recently"),
            ("allowed", 2, "ROOT", "VERB", "allow"),
            ("Gondor", 2, "dobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == {("ARN", "GON", "080")}  # the first ALLOW block


def test_a_verb_is_matched_by_its_written_forms_not_by_a_lemma(engine, vocab):
    doc = parse(
        vocab,
        [
            ("Arnor", 1, "nsubj", "PROPN", "Arnor"),
            ("attackes", 1, "ROOT", "VERB", "attack"),  # misspelt: no form of ATTACK
            ("Gondor", 1, "dobj", "PROPN", "Gondor"),
        ],
    )
    assert code(engine, doc) == set()
