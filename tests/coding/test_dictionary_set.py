"""A user's PETRARCH set layered on the project's dictionaries, in its place, and cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.coding import dictionary_set as ds
from etl.coding.dictionary_set import DictionarySpec, Precedence, resolve_dictionaries

ACTORS = """\
ARNOR_  [ARN]
+ARNORIAN_
VENEZUELA_  [COL]
RUSSIA_  [RUS]
ROMANIA_  [ROU]
"""
AGENTS = """\
STEWARD [~GOV]
GOVERNMENT [~GOV]
"""
VERBS = """\
--- CONDEMN  [112]  ---
CONDEMN
- * PROTESTERS [111]
--- GLOWER  [111]  ---
GLOWER
"""
DISCARDS = """\
QUIDDITCH_
YEARS AGO
"""


@pytest.fixture
def user_set(tmp_path: Path) -> Path:
    folder = tmp_path / "dicts"
    folder.mkdir()
    for name, text in (
        ("test.actors.txt", ACTORS),
        ("test.agents.txt", AGENTS),
        ("test.verbs.txt", VERBS),
        ("test.discards.txt", DISCARDS),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def resolve(folder: Path, tmp_path: Path, **kw) -> ds.CodingDictionaries:
    spec = DictionarySpec(paths=(str(folder),), cache_dir=str(tmp_path / "cache"), **kw)
    return resolve_dictionaries(spec)


def test_layered_names_add_to_the_project_and_take_precedence(
    user_set: Path, tmp_path: Path
) -> None:
    d = resolve(user_set, tmp_path)
    surfaces = d.actors.surfaces
    assert surfaces["arnor"].entry_id == "ARN"  # a user-only name is added
    assert surfaces["arnor"].at == f"{user_set / 'test.actors.txt'}:1"
    assert surfaces["arnorian"].at == f"{user_set / 'test.actors.txt'}:2"
    assert surfaces["venezuela"].entry_id == "COL"  # both know it: the user's entry wins
    assert surfaces["caracas"].entry_id == "VEN"  # the project's entries stay
    # both give Russia the same code: the project's entry keeps it, with its own line
    assert surfaces["russia"].at.startswith("etl/dictionaries/actors/countries.csv:")
    assert any("venezuela" in c.lower() for c in d.actors.conflicts)
    # ROU is ISO's spelling of the codebook's ROM: the same country, the codebook's code stays
    assert surfaces["romania"].entry_id == "ROM"


def test_own_precedence_keeps_the_projects_names(user_set: Path, tmp_path: Path) -> None:
    d = resolve(user_set, tmp_path, precedence=Precedence.OWN)
    assert d.actors.surfaces["venezuela"].entry_id == "VEN"
    assert d.actors.surfaces["arnor"].entry_id == "ARN"


@pytest.mark.parametrize(
    ("precedence", "winner"),
    [(Precedence.USER, "petr:test.verbs.txt:2"), (Precedence.NAMES, "criticize.criticize")],
)
def test_a_verb_form_both_know_keeps_one_layers_entry(
    user_set: Path, tmp_path: Path, precedence: Precedence, winner: str
) -> None:
    lex = resolve(user_set, tmp_path, precedence=precedence).lexicon
    ids = [e.id for e in lex.verbs["condemn"]]
    assert winner in ids
    assert ("petr:test.verbs.txt:2" in ids) != ("criticize.criticize" in ids)
    # a form only the user knows is added whatever the precedence, citing its line
    assert [e.id for e in lex.verbs["glower"]] == ["petr:test.verbs.txt:5"]
    assert lex.entry_at["petr:test.verbs.txt:5"] == f"{user_set / 'test.verbs.txt'}:5"
    assert lex.verbs["glower"][0].dyad  # PETRARCH codes dyads only (require_dyad)
    assert lex.entry_at["criticize.criticize"].startswith("etl/dictionaries/verbs.txt:")


def test_a_verb_the_project_knows_keeps_its_entries_when_the_project_wins(
    user_set: Path, tmp_path: Path
) -> None:
    """A PETRARCH pattern (`CONDEMN * PROTESTERS`) would win the token by specificity and shadow
    the project's entries for the verb; the project's layer keeps the verb whole."""
    names = resolve(user_set, tmp_path).lexicon.verbs["condemn"]
    assert not any(e.id.startswith("petr:") for e in names)
    user = resolve(user_set, tmp_path, precedence=Precedence.USER).lexicon.verbs["condemn"]
    assert {"petr:test.verbs.txt:2", "petr:test.verbs.txt:3"} <= {e.id for e in user}


def test_a_role_word_both_know_keeps_the_projects_entry(user_set: Path, tmp_path: Path) -> None:
    """Same role (GOV): the project's entry says whether it stands alone ("the government
    said"); the PETRARCH line cannot."""
    d = resolve(user_set, tmp_path)
    assert not d.actors.surfaces["government"].entry_id.startswith("role:petr-")
    assert d.actors.surfaces["steward"].entry_id.startswith("role:petr-")


def test_only_mode_replaces_the_projects_dictionaries(user_set: Path, tmp_path: Path) -> None:
    d = resolve(user_set, tmp_path, only=True)
    assert "caracas" not in d.actors.surfaces
    assert "criticize" not in d.lexicon.verbs  # the project's triggers are replaced
    assert d.mode == "only"
    assert "say" in d.lexicon.wrappers  # its grammar of reported speech stays
    assert "FUTURE" not in d.lexicon.compose_table  # a future verb is coded as written


def test_only_mode_lets_the_users_verb_win_a_form_of_the_kept_grammar(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "v.verbs.txt").write_text("--- AGREE [030] ---\nAGREE\n", encoding="utf-8")
    (folder / "a.actors.txt").write_text("ARNOR_ [ARN]\n", encoding="utf-8")
    d = resolve(folder, tmp_path, only=True)
    assert [e.id for e in d.lexicon.verbs["agree"]] == ["petr:v.verbs.txt:2"]
    assert "agree" not in d.lexicon.wrappers or not d.lexicon.wrappers["agree"]


def test_discards_of_both_sets_stop_a_sentence(user_set: Path, tmp_path: Path, nlp) -> None:
    d = resolve(user_set, tmp_path)
    sent = next(nlp("Arnor won the quidditch final against Gondor.").sents)
    hit = d.discards.match(sent)
    assert hit == "petr:test.discards.txt:1"
    assert d.discards.location(hit) == f"{user_set / 'test.discards.txt'}:1"
    # a time-only phrase is not a discard here: the coder dates the event instead
    old = next(nlp("Arnor invaded Gondor two years ago.").sents)
    assert d.discards.match(old) is None
    only = resolve(user_set, tmp_path, only=True)  # replace mode keeps PETRARCH's list
    assert only.discards.match(old) == "petr:test.discards.txt:2"


def test_the_converted_set_is_cached_by_file_hashes(
    user_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = resolve(user_set, tmp_path)
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    ds._resolve_cached.cache_clear()

    def no_build(*_a, **_k):
        raise AssertionError("read from the cache, not converted again")

    monkeypatch.setattr(ds, "build_dictionaries", no_build)
    again = resolve(user_set, tmp_path)
    assert again.set_hash == first.set_hash
    assert again.actors.surfaces["arnor"].at == first.actors.surfaces["arnor"].at
    # an edited file is a new key: converted again, not a stale set
    monkeypatch.undo()
    (user_set / "test.actors.txt").write_text(ACTORS + "GONDOR_ [GON]\n", encoding="utf-8")
    edited = resolve(user_set, tmp_path)
    assert edited.set_hash != first.set_hash
    assert "gondor" in edited.actors.surfaces


def test_missing_path_is_a_dictionary_error(tmp_path: Path) -> None:
    from etl.errors import EtlError

    with pytest.raises(EtlError, match="no such dictionary file"):
        resolve(tmp_path / "nope", tmp_path)


def test_events_and_mentions_cite_file_and_line(user_set: Path, tmp_path: Path, nlp) -> None:
    from etl.coding.pool import build_coder

    spec = DictionarySpec(paths=(str(user_set),), cache_dir=str(tmp_path / "cache"))
    coder = build_coder(nlp, spec)
    (events,) = coder.code_texts([("1", "Arnor glowered at Russia.", None)])
    (event,) = events
    assert (event.source_code, event.cameo_code, event.target_code) == ("ARN", "111", "RUS")
    assert event.rule_at == f"{user_set / 'test.verbs.txt'}:5"
    assert event.source_entry_at == f"{user_set / 'test.actors.txt'}:1"
    assert event.target_entry_at.startswith("etl/dictionaries/actors/countries.csv:")
    assert event.coder_version.endswith(f"/dicts-{resolve_dictionaries(spec).set_hash}")
    own = build_coder(nlp)
    assert "/dicts-" not in own.coder_version
