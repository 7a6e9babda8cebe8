"""The dictionary loop: edit a dictionary, check it in seconds, `etl run` re-codes what it
coded before with the old entries and says why, `etl diff` shows what changed."""

import json
import shutil
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.versions import CODER_KEY, UNRECORDED, changed_names, rerun_scope

runner = CliRunner()

#: Alexander Stubb is not in the project's people.csv: the text's events have him unresolved.
TEXT = """date 2024-06-10
Alexander Stubb criticized Russia on Monday over its attacks on Ukrainian cities.
"""
STUBB = (
    "person:stubb:2024,stubb,Alexander Stubb,Stubb,FINGOV,2024-03-01,,"
    "president of Finland since 2024-03-01 (Office of the President of the Republic of Finland)\n"
)


def _actor_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "actors"
    shutil.copytree(Path(str(resources.files("etl.dictionaries").joinpath("actors"))), folder)
    return folder


def _sources(warehouse: Path) -> list[tuple[str, str, str]]:
    con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT source_code, source_name, cameo_code FROM events ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def test_a_person_added_to_the_actor_folder_recodes_the_batch_and_says_why(tmp_path):
    inbox, warehouse, actors = tmp_path / "in", tmp_path / "wh", _actor_folder(tmp_path)
    inbox.mkdir()
    (inbox / "stubb.txt").write_text(TEXT, encoding="utf-8")
    args = ["run", "--input", str(inbox), "--warehouse", str(warehouse), "--actors", str(actors)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert ("---", "Alexander Stubb", "111") in _sources(warehouse)
    events_file = warehouse / "parquet" / "events" / "batch=b00001" / "data.parquet"
    sentences_file = warehouse / "parquet" / "sentences" / "batch=b00001" / "data.parquet"
    articles_before = (warehouse / "parquet" / "articles" / "batch=b00001" / "data.parquet").stat()

    with (actors / "people.csv").open("a", encoding="utf-8") as fh:
        fh.write(STUBB)
    check = runner.invoke(app, ["dictionaries", "check", "--actors", str(actors)])
    assert check.exit_code == 0, check.output
    sentence = TEXT.splitlines()[1]
    coded = runner.invoke(app, ["code", sentence, "--date", "2024-06-10", "--actors", str(actors)])
    assert coded.exit_code == 0 and '"source": "FINGOV"' in coded.output, coded.output

    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "re-coding 1 batch: people.csv changed" in second.output
    assert "b00001 re-coded" in second.output
    assert ("FINGOV", "Alexander Stubb", "111") in _sources(warehouse)
    assert ("---", "Alexander Stubb", "111") not in _sources(warehouse)
    # Reused, not redone: the cleaned articles of the batch were not written again.
    articles = warehouse / "parquet" / "articles" / "batch=b00001" / "data.parquet"
    assert articles.stat().st_mtime_ns == articles_before.st_mtime_ns
    assert events_file.exists() and sentences_file.exists()

    diff = runner.invoke(app, ["diff", str(warehouse / "previous"), str(warehouse), "--json"])
    assert diff.exit_code == 1, diff.output  # exit 1: the warehouses differ
    changes = [c["changes"] for c in json.loads(diff.output)["changed"]]
    assert {"source_code": ["---", "FINGOV"]}.items() <= changes[0].items(), changes

    third = runner.invoke(app, args)  # nothing changed since: nothing runs
    assert third.exit_code == 0 and "re-coding" not in third.output
    assert "none (no new input)" in third.output


def test_dictionaries_check_names_the_bad_file_and_line(tmp_path):
    actors = _actor_folder(tmp_path)
    with (actors / "people.csv").open("a", encoding="utf-8") as fh:
        fh.write(STUBB.replace("FINGOV", "FINLEGLEG"))
    result = runner.invoke(app, ["dictionaries", "check", "--actors", str(actors)])
    assert result.exit_code == 1, result.output
    assert "people.csv" in result.output and "error" in result.output
    assert "verbs.txt" in result.output  # the other groups are still checked and listed


def test_the_shipped_dictionaries_pass_the_check():
    result = runner.invoke(app, ["dictionaries", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.count(" ok ") >= 6


@pytest.mark.parametrize(
    ("before", "now", "names", "scope"),
    [
        ({"etl/dictionaries/actors/people.csv": "a"}, {"etl/dictionaries/actors/people.csv": "b"},
         ["people.csv"], "coding"),
        ({"etl/dictionaries/debris.yaml": "a"}, {"etl/dictionaries/debris.yaml": "b"},
         ["debris.yaml"], "batch"),
        ({CODER_KEY: "a"}, {CODER_KEY: "b"}, [CODER_KEY], "coding"),
        ({}, {"/home/me/verbs.txt": "a"}, ["verbs.txt added"], "coding"),
        (None, {"x": "a"}, [UNRECORDED], "batch"),
    ],
)  # fmt: skip
def test_what_changed_is_named_and_decides_what_runs_again(before, now, names, scope):
    assert changed_names(before, now) == names
    assert rerun_scope(before, now) == scope
