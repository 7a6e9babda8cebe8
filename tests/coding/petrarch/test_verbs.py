"""The verb dictionary: synsets, blocks and forms, patterns and their elements, transformations."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.coding.petrarch.verbs import ElementKind, VerbCode, read_verbs, regular_verb_forms
from etl.errors import EtlError
from tests.coding.petrarch.samples import write


def test_synsets_plurals_and_nesting(verbs) -> None:
    assert set(verbs.synsets) == {"&TIETYPES", "&AUXVERB3", "&ACCORDSYN"}
    assert verbs.expand_synset("&TIETYPES") == (("MILITARY",), ("MILITARIES",), ("ECONOMIC",))
    assert verbs.expand_synset("&AUXVERB3") == (("HAVE",), ("HAS",))  # '_' label: no plurals
    assert ("MILITARIES",) in verbs.expand_synset("&ACCORDSYN")
    assert ("CLOSERS",) in verbs.expand_synset("&ACCORDSYN")


def test_verb_blocks_forms_and_codes(verbs) -> None:
    restore, ask = verbs.blocks
    assert (restore.name, restore.code.forward, restore.line) == ("RESTORE", "050", 15)
    by_lemma = {v.lemma.text: v for v in restore.verbs}
    assert [f.text for f in by_lemma["RESTORE"].forms] == [
        "RESTORE", "RESTORES", "RESTORED", "RESTORING",
    ]  # fmt: skip
    cordon = by_lemma["CORDON OFF"]
    assert cordon.lemma.verb == "CORDON" and [f.text for f in cordon.forms] == [
        "CORDON OFF", "CORDONED OFF", "CORDONS OFF",
    ]  # fmt: skip
    tap = by_lemma["WIRE TAP"]
    assert tap.lemma.head == 1 and "WIRE TAPPED" not in [f.text for f in tap.forms]
    assert "WIRE TAPED" in [f.text for f in tap.forms]  # regular rules never double consonants
    hold = by_lemma["HOLD"]
    assert hold.code.is_null and hold.own_code
    assert by_lemma["RESTORE"].code.forward == "050" and not by_lemma["RESTORE"].own_code
    assert {v.lemma.text: v.code.raw for v in ask.verbs} == {"ASK": "020", "QUERY": "---"}


def test_patterns_are_parsed_into_elements(verbs) -> None:
    restore = verbs.blocks[0]
    ties, with_target, xxx, reverse = restore.patterns
    assert ties.text == "* {FULL DIPLOMATIC} TIES"
    assert [e.kind for e in ties.after] == [ElementKind.PHRASE, ElementKind.WORD]
    assert ties.code == VerbCode("064", "064", None) and ties.note == "RESTORE"
    assert ties.entry_id == "test.verbs.txt:20"
    assert with_target.before[0].kind is ElementKind.SYNSET
    prep = with_target.after[0]
    assert prep.kind is ElementKind.PREP and prep.words == ("WITH",)
    assert prep.objects[0].kind is ElementKind.TARGET
    assert (with_target.code.forward, with_target.code.reverse) == ("042", "043")
    assert xxx.code.raw == "###"  # '#' inside [...] is not a comment
    assert reverse.before[0].kind is ElementKind.SOURCE
    assert (reverse.code.forward, reverse.code.reverse) == (None, "173")
    ask_pattern = verbs.blocks[1].patterns[0]
    assert ask_pattern.text == "* (TO QUESTION)" and ask_pattern.code.forward == "110"


def test_bad_patterns_are_skipped_with_their_line(verbs) -> None:
    problems = {p.line: p.message for p in verbs.problems}
    assert "undefined synset &UNDEFINED" in problems[24]
    assert "unbalanced" in problems[25]
    assert "exactly one '*'" in problems[26]
    assert "leading '-'" in problems[31]
    assert len(verbs.patterns) == 5


def test_transformations(verbs) -> None:
    (t,) = verbs.transformations
    assert (t.outer_source, t.inner_source, t.inner_target, t.inner_verb, t.outer_verb) == (
        "A", "A", "B", "ATTACK", "SAY",
    )  # fmt: skip
    assert (t.result_source, t.result_target, t.result_code) == ("A", "B", "015")


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("ACCUSE", ("ACCUSES", "ACCUSED", "ACCUSING")),
        ("CARRY", ("CARRIES", "CARRIED", "CARRYING")),
        ("PLAY", ("PLAYS", "PLAYED", "PLAYING")),
        ("PUSH", ("PUSHES", "PUSHED", "PUSHING")),
        ("AGREE", ("AGREES", "AGREED", "AGREEING")),
    ],
)
def test_regular_verb_forms(verb: str, forms: tuple[str, str, str]) -> None:
    assert regular_verb_forms(verb) == forms


def test_verb_line_before_any_block_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(EtlError, match=r"line 1:.*before any"):
        read_verbs(write(tmp_path, "bad.verbs.txt", "RESTORE\n--- X [010] ---\n"))
