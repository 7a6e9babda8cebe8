"""Actor, agent and discard files: each construct of the format, irregular lines, broken files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.coding.petrarch.actors import (
    DiscardScope,
    parse_dictionary_date,
    read_actors,
    read_agents,
    read_discards,
)
from etl.errors import EtlError
from tests.coding.petrarch.samples import AGENTS, write

# --- actors -----------------------------------------------------------------------------------


def test_actor_entries_keep_phrases_and_line_numbers(actors) -> None:
    names = {e.name: e for e in actors.entries}
    assert list(names) == [
        "ARNOR", "GOLLUM", "SAM GAMGEE", "KOFI ANNAN", "BOROMIR", "U.N.", "DAVID CAMERON",
    ]  # fmt: skip
    arnor = names["ARNOR"]
    assert arnor.entry_id == "test.actors.txt:5"
    assert [p.text for p in arnor.phrases] == ["ARNOR", "ARNORIAN"]
    assert [p.line for p in arnor.phrases] == [5, 6]
    assert arnor.code_on(None) == "ARN"


@pytest.mark.parametrize(
    ("name", "day", "code"),
    [
        ("GOLLUM", dt.date(1995, 1, 1), "HOB"),
        ("GOLLUM", dt.date(1995, 6, 1), "HOB"),  # limits are inclusive; the first match wins
        ("GOLLUM", dt.date(1997, 3, 1), "HOBGOV"),
        ("GOLLUM", dt.date(2001, 1, 1), "HOBREB"),
        ("GOLLUM", None, None),  # no default code and no date to check
        ("SAM GAMGEE", dt.date(2010, 1, 10), "ORCHOB"),
        ("SAM GAMGEE", dt.date(2011, 1, 10), "HOBMIL"),
        ("SAM GAMGEE", dt.date(2020, 1, 1), "HOB"),  # default from the primary line
        ("KOFI ANNAN", dt.date(2000, 1, 1), "IGOUNO"),
        ("KOFI ANNAN", dt.date(2010, 1, 1), "ELI"),  # both codes of one line are read
        ("BOROMIR", dt.date(2000, 1, 1), "---"),
        ("DAVID CAMERON", dt.date(2015, 1, 1), "GBRGOV"),
    ],
)
def test_date_restrictions_pick_the_code_in_force(actors, name, day, code) -> None:
    entry = next(e for e in actors.entries if e.name == name)
    assert entry.code_on(day) == code


def test_irregular_actor_lines_are_reported_not_fatal(actors) -> None:
    messages = {(p.line, p.message) for p in actors.problems}
    assert (17, "actor 'U.N.' has no code") in messages
    # PETRARCH reads the first 8 digits of a long date: reported so the file can be fixed
    assert any(line == 19 and "2010-05-01" in m for line, m in messages)
    # a 7-digit date follows PETRARCH's YYMMDD rule on its first six digits
    assert any(line == 20 and "2020-04-01" in m for line, m in messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("950601", dt.date(1995, 6, 1)),
        ("300101", dt.date(2030, 1, 1)),  # 00-30 -> 20YY, as in KEDS/TABARI
        ("310101", dt.date(1931, 1, 1)),
        ("19950601", dt.date(1995, 6, 1)),
        ("20100230", None),
        ("9506", None),
    ],
)
def test_dictionary_dates(text: str, expected: dt.date | None) -> None:
    assert parse_dictionary_date(text) == expected


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("+SYNONYM_FIRST\nARNOR [ARN]\n", 1, "'+' synonym comes before"),
        ("\t[ARN]\nARNOR\n", 1, "code block comes before"),
        ("ARNOR [ARN]\n<!-- never closed\nGONDOR [GON]\n", 2, "never closed"),
        ("# only comments\n", 0, "no actor entries"),
    ],
)
def test_broken_actor_files_raise_e005_with_line(tmp_path, text, line, problem) -> None:
    with pytest.raises(EtlError, match="Dictionary file") as exc:
        read_actors(write(tmp_path, "bad.actors.txt", text))
    assert f"line {line}:" in str(exc.value)
    assert problem in str(exc.value)


# --- agents ----------------------------------------------------------------------------------


def test_agents_plurals_markers_and_prefix_codes(tmp_path: Path) -> None:
    agents = read_agents(write(tmp_path, "test.agents.txt", AGENTS))
    forms = {e.phrases[0]: e for e in agents.entries}
    assert forms[("PARLIAMENTARY", "OPPOSITION")].phrases == (("PARLIAMENTARY", "OPPOSITION"),)
    assert forms[("PRESIDENT",)].phrases[1] == ("PRESIDENTS",)
    assert forms[("ATTORNEY", "GENERAL")].phrases[1] == ("ATTORNEYS", "GENERAL")
    assert forms[("CONGRESS",)].phrases[1] == ("CONGRESSES",)
    assert forms[("AUTHORITY",)].phrases[1] == ("AUTHORITIES",)
    congressman = forms[("CONGRESSMAN",)]
    assert len(congressman.phrases) == 5 and ("CONGRESSWOMEN",) in congressman.phrases
    ngo = forms[("HUMAN", "RIGHTS", "BODY")]
    assert ngo.prefix and ngo.apply("ARN") == "NGOARN"
    assert forms[("POLICE",)].apply("ARN") == "ARNCOP"
    assert forms[("DEPARMENT", "OF", "ENVIRONMENT")].code == "ENV"
    assert {p.line for p in agents.problems} == {10, 11}  # '}' closer; no code (skipped)
    assert len(agents.entries) == 9


# --- discards --------------------------------------------------------------------------------


def test_discards_scope_and_matching(tmp_path: Path) -> None:
    discards = read_discards(
        write(tmp_path, "test.discards.txt", "+World Golf Championships # pas\nBASEBALL\nGOLF_\n")
    )
    golf, baseball, word = discards.entries
    assert golf.scope is DiscardScope.STORY and golf.words == ("WORLD", "GOLF", "CHAMPIONSHIPS")
    assert baseball.scope is DiscardScope.SENTENCE and not baseball.whole_word
    assert baseball.matches("restore baseballs competition")  # a stem
    assert not baseball.matches("prebaseball")  # but it starts a word
    assert word.whole_word and word.matches("golf.") and not word.matches("golfer")
    assert discards.first_match("the World  golf championships and baseball") is golf
    assert discards.first_match("full diplomatic ties") is None
