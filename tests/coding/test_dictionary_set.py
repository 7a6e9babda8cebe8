"""A user's PETRARCH set layered on the project's dictionaries, in its place, and cached."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest

from etl.coding import dictionary_set as ds
from etl.coding.dictionary_cache import FORMAT, CacheFileError, read_cache
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
    assert len(list((tmp_path / "cache").glob("*.json.gz"))) == 1
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


def _same(a: object, b: object, where: str = "set") -> None:
    """`a` and `b` hold the same values, field by field, in the same order (dict keys too)."""
    assert type(a) is type(b), where
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, re.Pattern):
        assert (a.pattern, a.flags) == (b.pattern, b.flags), where  # type: ignore[attr-defined]
    elif hasattr(a, "__dict__"):
        assert list(vars(a)) == list(vars(b)), where
        for k in vars(a):
            _same(vars(a)[k], vars(b)[k], f"{where}.{k}")
    else:
        assert a == b, where


def _read_back(user_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **kw):
    """The set loaded cold (converted, cache written), then as a new process reads it."""
    cold = resolve(user_set, tmp_path, **kw)
    ds._resolve_cached.cache_clear()
    with monkeypatch.context() as m:
        m.setattr(ds, "build_dictionaries", _no_build)
        cached = resolve(user_set, tmp_path, **kw)
    return cold, cached


def _no_build(*_a, **_k):
    raise AssertionError("read from the cache, not converted again")


@pytest.mark.parametrize("only", [False, True])
def test_the_cached_set_is_the_converted_set_entry_for_entry(
    user_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, only: bool
) -> None:
    cold, cached = _read_back(user_set, tmp_path, monkeypatch, only=only)
    assert cached is not cold
    _same(cold, cached)
    assert cached.actors.surfaces["arnor"].entry_id == "ARN"
    assert [e.id for e in cached.lexicon.verbs["glower"]] == ["petr:test.verbs.txt:5"]
    assert cached.discards.user is not None
    assert cached.discards.user.match_text("the Quidditch final") == "petr:test.discards.txt:1"
    # the regrouping `__post_init__` made is read back, not recomputed
    assert cached.discards.own.first_words == cold.discards.own.first_words
    # an object the set refers to twice is one object after reading, as before
    for entry_id, entry in cached.lexicon.entries.items():
        for lemma in entry.lemmas:
            for index in (cached.lexicon.verbs, cached.lexicon.wrappers):
                for e in index.get(lemma, ()):
                    if e.id == entry_id:
                        assert e is entry


def test_the_cache_file_is_plain_data(user_set: Path, tmp_path: Path) -> None:
    resolve(user_set, tmp_path)
    (path,) = (tmp_path / "cache").glob("*.json.gz")
    head, body = gzip.decompress(path.read_bytes()).split(b"\n", 1)
    assert json.loads(head) == {"format": FORMAT}
    assert json.loads(body)["o"] == "CodingDictionaries"


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an empty file (a crash while writing)
        b"not gzip at all",
        gzip.compress(b'{"format": "etl-dictionaries/0"}\n{}'),  # an older format
        gzip.compress(f'{{"format": "{FORMAT}"}}\n{{"o": "Cod'.encode()),  # cut short
        # a class that is not one of the set's: refused, never imported or called
        gzip.compress(f'{{"format": "{FORMAT}"}}\n{{"o": "os.system", "n": 0, "f": []}}'.encode()),
        # a field the class does not have
        gzip.compress(
            f'{{"format": "{FORMAT}"}}\n{{"o": "DictionaryFile", "n": 0, "f": ["x", 1]}}'.encode()
        ),
        gzip.compress(f'{{"format": "{FORMAT}"}}\n{{"ref": 7}}'.encode()),
        gzip.compress(f'{{"format": "{FORMAT}"}}\n{{"format": "{FORMAT}"}}'.encode()),
        gzip.compress(f'{{"format": "{FORMAT}"}}\n'.encode() + b"[" * 100_000),  # too deep
    ],
)
def test_a_damaged_cache_file_is_rebuilt(user_set: Path, tmp_path: Path, damage: bytes) -> None:
    first = resolve(user_set, tmp_path)
    (path,) = (tmp_path / "cache").glob("*.json.gz")
    path.write_bytes(damage)
    ds._resolve_cached.cache_clear()
    again = resolve(user_set, tmp_path)
    _same(first, again)
    assert read_cache(path).set_hash == first.set_hash  # and the file written anew
    with pytest.raises(CacheFileError):
        path.write_bytes(damage)
        read_cache(path)


def test_a_cache_folder_keeps_only_the_newest_files(user_set: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    old = []
    for i in range(ds.CACHE_KEEP + 2):
        p = folder / f"old{i}{ds.CACHE_SUFFIX}"
        p.write_bytes(b"x")
        os.utime(p, (1_000_000 + i, 1_000_000 + i))
        old.append(p)
    (folder / "former.pickle").write_bytes(b"x")  # the former format: never read again
    (folder / "notes.txt").write_text("not a cache file", encoding="utf-8")
    resolve(user_set, tmp_path)
    left = sorted(p.name for p in folder.iterdir())
    newest = sorted(p.name for p in old[-(ds.CACHE_KEEP - 1) :])
    assert len([n for n in left if n.endswith(ds.CACHE_SUFFIX)]) == ds.CACHE_KEEP
    assert set(newest) <= set(left)  # the newest old ones and the one just written
    assert "former.pickle" not in left
    assert "notes.txt" in left


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
