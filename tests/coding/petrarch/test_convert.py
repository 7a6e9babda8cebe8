"""Conversion of PETRARCH dictionaries to the project's event lexicon and actor folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.coding.petrarch.actors import read_agents
from etl.coding.petrarch.convert import (
    build_event_lexicon,
    verb_lexicon_lines,
    write_actor_folder,
)
from etl.coding.petrarch.dictionaries import PetrarchDictionaries, load_petrarch
from etl.coding.petrarch.verbs import read_verbs
from tests.coding.petrarch.samples import AGENTS, VERBS, write


def test_verbs_become_lexicon_lines_with_their_file_line(verbs) -> None:
    conversion = verb_lexicon_lines(verbs)
    assert conversion.lines == (
        "petr:test.verbs.txt:16 050 V restore",
        "petr:test.verbs.txt:17 050 V cordon ~off",
        # a block's pattern applies to all its verbs (HOLD has a null code of its own)
        "petr:test.verbs.txt:20 064 V restore|hold =full_diplomatic_ties",
        "petr:test.verbs.txt:20:off 064 V cordon ~off =full_diplomatic_ties",
        "petr:test.verbs.txt:29 020 V ask",
        "petr:test.verbs.txt:31 110 V ask|query +to =question",
    )
    why = {p.line: p.message for p in conversion.skipped}
    assert "words before the verb" in why[18]  # WIRE_+TAP
    assert "words before the verb" in why[21]
    assert "not in the CAMEO codebook" in why[22]  # [###]


def test_synsets_in_phrases_expand_to_alternatives(tmp_path: Path) -> None:
    text = VERBS.replace("- * DIPLXMATIC [###]", "- * {&TIETYPES AID} [070]")
    conversion = verb_lexicon_lines(read_verbs(write(tmp_path, "x.verbs.txt", text)))
    assert "petr:x.verbs.txt:22 070 V restore|hold =military_aid|militaries_aid|economic_aid" in (
        conversion.lines
    )


def test_a_compound_subject_marker_becomes_a_symmetric_entry(tmp_path: Path) -> None:
    """`- % * TALKS`: PETRARCH's compound actor, whose members act on each other."""
    text = "--- HOLD [---] ---\nHOLD\n- % * TALKS [031]\n- % * [030]\n- % HAVE * [032]\n"
    conversion = verb_lexicon_lines(read_verbs(write(tmp_path, "c.verbs.txt", text)))
    assert conversion.lines == (
        "petr:c.verbs.txt:3 031 V hold !sym =talks",
        "petr:c.verbs.txt:4 030 V hold !sym",
    )
    assert "words before the verb" in {p.line: p.message for p in conversion.skipped}[5]
    # with the block's own code, a bare `% *` makes the verb's own line symmetric
    text = "--- AGREE [050] ---\nAGREE\n- % * [050]\n"
    conversion = verb_lexicon_lines(read_verbs(write(tmp_path, "d.verbs.txt", text)))
    assert conversion.lines == ("petr:d.verbs.txt:2 050 V agree !sym",)


def test_build_event_lexicon_keeps_the_project_wrappers(verbs) -> None:
    lexicon, conversion = build_event_lexicon(verbs)
    ids = set(lexicon.entries)
    assert {line.split()[0] for line in conversion.lines} <= ids
    kinds = {e.kind for e in lexicon.entries.values()}
    assert kinds == {"V", "W", "L"}  # the project's own V/N/A triggers are replaced
    assert lexicon.entries["petr:test.verbs.txt:31"].preps == ("to",)


@pytest.fixture
def actor_folder(tmp_path: Path, actors):
    agents = read_agents(write(tmp_path, "test.agents.txt", AGENTS))
    pd = PetrarchDictionaries(None, (actors,), agents, None, ())
    return write_actor_folder(pd, tmp_path / "actors"), actors


def test_actor_folder_loads_in_the_project_dictionary(actor_folder) -> None:
    from etl.coding.actors import ActorDictionary

    conversion, _ = actor_folder
    why = {(Path(p.path).name, p.line): p.message for p in conversion.skipped}
    assert why[("test.actors.txt", 16)] == "null code: not an actor"  # BOROMIR [---]
    assert why[("test.agents.txt", 8)] == "prefix agent NGO~"
    d = ActorDictionary.load(Path(conversion.folder))
    assert d.countries["ARN"].aliases == ("arnorian",)
    assert "PETRARCH test.actors.txt:5" in (Path(conversion.folder) / "countries.csv").read_text()
    assert {r.role for r in d.roles.values()} >= {"GOV", "LEG", "OPP", "COP"}
    assert len(d.people) == conversion.people == 4  # GOLLUM, SAM, KOFI ANNAN, DAVID CAMERON


def test_person_terms_reproduce_petrarch_date_rules(actor_folder) -> None:
    import csv

    conversion, actors = actor_folder
    with (Path(conversion.folder) / "people.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for entry in actors.entries:
        if all(r.is_default for r in entry.restrictions):
            continue
        key = f"petr-test-actors-{entry.phrases[0].line}"
        terms = [r for r in rows if r["person"] == key]
        days = {dt.date(1990, 1, 1) + dt.timedelta(days=n) for n in range(0, 12000, 7)}
        for r in entry.restrictions:
            for d in (r.start, r.end):
                if d is not None:
                    days |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
        for day in sorted(days):
            held = [
                t["code"] for t in terms
                if dt.date.fromisoformat(t["valid_from"]) <= day
                and (not t["valid_to"] or day < dt.date.fromisoformat(t["valid_to"]))
            ]  # fmt: skip
            expected = entry.code_on(day)
            assert held == ([] if expected in (None, "---") else [expected]), (entry.name, day)


@pytest.mark.slow  # converts ~27,000 Phoenix actor entries (about 10 s)
def test_phoenix_dictionaries_convert_and_load(shared_dir: Path, tmp_path: Path) -> None:
    from etl.coding.actors import ActorDictionary

    d = load_petrarch(shared_dir / "phoenix-dicts")
    conversion = write_actor_folder(d, tmp_path)
    loaded = ActorDictionary.load(tmp_path)
    assert len(loaded.people) == conversion.people > 10_000
    assert loaded.countries["VEN"].name == "venezuela"
    lexicon, lines = build_event_lexicon(d.verbs)
    assert len(lines.lines) > 5_000 and len(lexicon.entries) > 5_000
