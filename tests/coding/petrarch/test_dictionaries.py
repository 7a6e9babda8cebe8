"""Dictionary sets: kinds told by file name, ambiguous folders, and the real files by path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.coding.petrarch.actors import read_actors, read_agents, read_discards
from etl.coding.petrarch.dictionaries import DictionaryKind, dictionary_kind, load_petrarch
from etl.coding.petrarch.verbs import read_verbs
from etl.errors import EtlError
from tests.coding.petrarch.samples import VERBS, write


def test_dictionary_kind_from_file_name() -> None:
    kinds = [
        dictionary_kind(Path(n))
        for n in ("CAMEO.2.0.txt", "Phoenix.agents.txt", "PETR_Validate_actors_2_02.txt",
                  "Phoenix.discards.txt", "Phoenix.IssueCoding.txt", "LICENSE", "README.md")
    ]  # fmt: skip
    assert kinds == [
        DictionaryKind.VERBS, DictionaryKind.AGENTS, DictionaryKind.ACTORS,
        DictionaryKind.DISCARDS, DictionaryKind.OTHER, DictionaryKind.OTHER, DictionaryKind.OTHER,
    ]  # fmt: skip


def test_folder_with_two_sets_is_ambiguous(tmp_path: Path) -> None:
    write(tmp_path, "a.verbs.txt", VERBS)
    write(tmp_path, "b.verbs.txt", VERBS)
    with pytest.raises(EtlError, match="more than one verbs file"):
        load_petrarch(tmp_path)


# Entry counts of the shared copies (files read by path, never copied into the repository).
REAL_FILES = {
    "gold-dev/petrarch-dicts/PETR.Validate.actors.txt": 128,
    "gold-dev/petrarch-dicts/PETR_Validate_actors_2_02.txt": 133,
    "gold-dev/petrarch-dicts/PETR.Validate.agents.txt": 88,
    "gold-dev/petrarch-dicts/PETR_Validate_agents_2_02.txt": 88,
    "gold-dev/petrarch-dicts/PETR.Validate.discards.txt": 9,
    "gold-dev/petrarch-dicts/PETR_Validate_discards_2_02.txt": 9,
    "gold-dev/petrarch-dicts/PETR.Validate.verbs.txt": 474,  # patterns
    "gold-dev/petrarch-dicts/PETR_Validate_verbs_2_02.txt": 354,
    "phoenix-dicts/CAMEO.2.0.txt": 4664,
    "phoenix-dicts/Phoenix.Countries.actors.txt": 18390,
    "phoenix-dicts/Phoenix.International.actors.txt": 7841,
    "phoenix-dicts/Phoenix.MilNonState.actors.txt": 1021,
    "phoenix-dicts/Phoenix.agents.txt": 2244,
    "phoenix-dicts/Phoenix.discards.txt": 506,
}


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_dictionaries_load(shared_dir: Path, name: str) -> None:
    path = shared_dir / name
    kind = dictionary_kind(path)
    if kind is DictionaryKind.VERBS:
        d = read_verbs(path)
        count = len(d.patterns)
        assert len(d.verbs) > 100 and len(d.synsets) >= 17
    elif kind is DictionaryKind.ACTORS:
        d = read_actors(path)
        count = len(d.entries)
    elif kind is DictionaryKind.AGENTS:
        d = read_agents(path)
        count = len(d.entries)
    else:
        d = read_discards(path)
        count = len(d.entries)
    assert count == REAL_FILES[name]
    # Irregular lines are few and each names its line.
    assert len(d.problems) <= 50
    assert all(p.line > 0 for p in d.problems)


def test_phoenix_folder_loads_as_one_set(shared_dir: Path) -> None:
    d = load_petrarch(shared_dir / "phoenix-dicts")
    assert d.verbs is not None and len(d.verbs.blocks) == 397
    assert len(d.verbs.transformations) == 8
    assert len(d.actors) == 3 and len(d.actor_entries) == 18390 + 7841 + 1021
    assert any(p.endswith("Phoenix.IssueCoding.txt") for p in d.ignored)
    names = {p.text: e for e in d.actor_entries for p in e.phrases}
    assert names["AMERICA"].code_on(dt.date(2020, 1, 1)) == "USA"
    assert names["AMERICA"].name == "UNITED STATES OF AMERICA"


def test_gold_record_dictionary_set_codes_fictional_actors(shared_dir: Path) -> None:
    base = shared_dir / "gold-dev" / "petrarch-dicts"
    d = load_petrarch(
        [base / f"PETR_Validate_{k}_2_02.txt" for k in ("verbs", "actors", "agents", "discards")]
    )
    names = {p.text: e for e in d.actor_entries for p in e.phrases}
    assert names["MINAS TIRITH"].code_on(dt.date(1995, 1, 1)) == "GON"
    assert names["SMEAGOL"].code_on(dt.date(1997, 1, 1)) == "HOBGOV"
    assert d.discards is not None
    assert d.discards.first_match("restore baseball competition with Gondor") is not None
