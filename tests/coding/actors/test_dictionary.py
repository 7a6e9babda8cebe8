"""Tests of `etl.coding.actors.dictionary`: the shipped files load and validate, every code is a
valid CAMEO code, surfaces are indexed with their generated variants, and a bad line of a
user's folder raises E005 with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pycountry
import pytest

from etl.cameo import codebook
from etl.coding.actors import ActorDictionary
from etl.errors import EtlError
from etl.settings import REPO_ROOT

PACKAGE_DIR = REPO_ROOT / "etl" / "dictionaries" / "actors"


def test_package_dictionary_has_every_kind_of_entry(dictionary: ActorDictionary):
    assert len(dictionary.countries) > 200
    assert {"VEN", "RUS", "USA", "BRA", "SSD", "KSV"} <= set(dictionary.countries)
    assert dictionary.orgs["igo:un"].code == "IGOUNO"
    assert dictionary.orgs["seat:kremlin"].code == "RUSGOV"
    assert dictionary.roles["role:foreign-minister"].role == "GOV"
    assert {t.code for t in dictionary.people["trump"].terms} == {"USAGOV"}
    assert dictionary.version.startswith((PACKAGE_DIR / "VERSION").read_text().strip() + "+")


def test_every_code_is_valid_against_the_codebook(dictionary: ActorDictionary):
    book = codebook()
    for code, entry in dictionary.countries.items():
        assert code in book.countries or code in {"SSD", "KSV"}, entry.id
        assert set(entry.regions) <= set(book.countries), entry.id
    for role in dictionary.roles.values():
        assert role.role in book.roles, role.id
    for org in dictionary.orgs.values():
        assert dictionary.code_problem(org.code) is None, org.id
    for term in dictionary.person_terms.values():
        assert dictionary.code_problem(term.code) is None, term.id
        country, role = dictionary.split_code(term.code)
        assert country is not None or term.code.startswith("IGO"), term.id
        assert role is not None, term.id


def test_country_rows_agree_with_pycountry(dictionary: ActorDictionary):
    for entry in dictionary.countries.values():
        if entry.iso3 is None:
            continue
        assert pycountry.countries.get(alpha_3=entry.iso3) is not None, entry.id


def test_ids_are_unique_and_no_surface_is_claimed_twice(dictionary: ActorDictionary):
    ids = [
        *(c.id for c in dictionary.countries.values()),
        *dictionary.regions,
        *dictionary.orgs,
        *dictionary.roles,
        *dictionary.person_terms,
    ]
    assert len(ids) == len(set(ids))
    assert dictionary.conflicts == []


def test_person_terms_are_ordered_and_bounded(dictionary: ActorDictionary):
    for person in dictionary.people.values():
        assert person.terms, person.key
        starts = [t.valid_from for t in person.terms]
        assert starts == sorted(starts)
        for term in person.terms:
            assert term.valid_to is None or term.valid_to > term.valid_from
            assert term.source


def test_surfaces_include_generated_variants(dictionary: ActorDictionary):
    surfaces = dictionary.surfaces
    assert surfaces["guaido"].entry_id == "guaido"  # accent-free variant of Guaidó
    assert surfaces["venezuelans"].entry_id == "VEN"  # plural demonym
    assert surfaces["ministers"].entry_id == "role:minister"  # plural of a role
    assert surfaces["latin american"].kind == "region"  # wins over 'american' by length


def _copy_dictionary(tmp_path: Path) -> Path:
    target = tmp_path / "actors"
    shutil.copytree(PACKAGE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def test_user_folder_with_the_same_files_loads(tmp_path: Path):
    folder = _copy_dictionary(tmp_path)
    line = _append(
        folder / "people.csv",
        "person:perez:2020,perez,Jorge Perez,Perez,VENGOV,2020-01-01,,test entry",
    )
    assert line > 2
    loaded = ActorDictionary.load(folder)
    assert loaded.people["perez"].terms[0].code == "VENGOV"
    assert loaded.version != ActorDictionary.from_package().version


@pytest.mark.parametrize(
    ("file", "line", "problem"),
    [
        ("people.csv", "person:x:2020,x,X Y,X Y,VENGOV,2020-13-01,,src", "not a date"),
        ("people.csv", "person:x:2020,x,X Y,X Y,VENXXX,2020-01-01,,src", "segments"),
        ("people.csv", "person:x:2020,x,X Y,X Y,VENGOV,2020-01-01,2019-01-01,src", "not after"),
        ("people.csv", "person:maduro:2006,x,X Y,X Y,VENGOV,2020-01-01,,src", "used twice"),
        ("igos.csv", "igo:x,IGOZZZ,igo,X Org,XO,", "segments"),
        ("igos.csv", "igo:x,IGOUNO,club,X Org,XO,", "kind"),
        ("roles.csv", "role:x,frobnicator,XYZ,person,yes,x,", "not a CAMEO role"),
        ("roles.csv", "role:x,frobnicator,GOV,person,sometimes,x,", "standalone"),
        ("countries.csv", "country:ZZZ,ZZZ,,Zedland,,,,,", "not in the CAMEO codebook"),
        ("countries.csv", "country:VEN,VEN,VEN,Venezuela2,,,,,", "used twice"),
        ("metonyms.csv", "seat:x,Foo Palace,VENGOV,seat", "fields"),
        ("regions.csv", "country:LAM,LAM,Latin,,,", "must start with"),
        ("roles.csv", "role:president2,president,GOV,person,yes,x,", "names both"),
    ],
)
def test_bad_line_raises_e005_with_file_and_line(
    tmp_path: Path, file: str, line: str, problem: str
):
    folder = _copy_dictionary(tmp_path)
    number = _append(folder / file, line)
    with pytest.raises(EtlError) as err:
        ActorDictionary.load(folder)
    message = str(err.value)
    assert message.startswith("[E005]")
    assert file in message
    assert problem in message
    if problem != "names both":  # surface clashes are found after all lines are read
        assert f"line {number}:" in message


def test_bad_header_missing_file_and_bad_rules_raise_e005(tmp_path: Path):
    folder = _copy_dictionary(tmp_path)
    text = (folder / "igos.csv").read_text(encoding="utf-8")
    (folder / "igos.csv").write_text(text.replace("id,code,kind", "id,kode,kind", 1), "utf-8")
    with pytest.raises(EtlError, match=r"\[E005\].*igos.csv line 1: header"):
        ActorDictionary.load(folder)
    (folder / "igos.csv").write_text(text, "utf-8")
    rules = (folder / "rules.yaml").read_text(encoding="utf-8")
    (folder / "rules.yaml").write_text(rules.replace("pronoun_window: 2", "pronoun_window: two"))
    with pytest.raises(EtlError, match=r"rules.yaml line \d+: pronoun_window must be a int"):
        ActorDictionary.load(folder)
    (folder / "groups.csv").unlink()
    with pytest.raises(EtlError, match=r"groups.csv line 0: file is missing"):
        ActorDictionary.load(folder)
    with pytest.raises(EtlError, match="E005"):
        ActorDictionary.load(tmp_path / "nowhere")


def test_split_code_gives_the_country_and_the_role(dictionary: ActorDictionary):
    assert dictionary.split_code("VENGOV") == ("VEN", "GOV")
    assert dictionary.split_code("VEN") == ("VEN", None)
    assert dictionary.split_code("IGOUNO") == (None, "IGO")
    assert dictionary.split_code("COP") == (None, "COP")
    assert dictionary.code_problem("VENGOV") is None
    assert "not a sequence" in (dictionary.code_problem("VEN-GOV") or "")
    assert dictionary.country_regions("VEN") and dictionary.country_regions("ZZZ") == ()
