import datetime as dt
import json
import os

import pytest
from typer.testing import CliRunner

from etl.cli import app

runner = CliRunner()


def test_code_jsonl_answers_one_line_per_input_with_cameo_strings():
    lines = "\n".join(
        json.dumps(x)
        for x in [
            {
                "id": "a",
                "text": "Russian Foreign Minister Sergei Lavrov met Venezuelan President "
                "Nicolas Maduro in Caracas on Friday.",
                "date": "2020-02-07",
            },
            {"id": "b", "text": "The weather was fine.", "date": "2020-02-07"},
            {"id": "c", "text": "not json"},
            {"id": 4, "text": "Russia beat Venezuela in the baseball final.", "date": "2020-02-07"},
            {"id": "e", "text": "Lavrov met Maduro.", "date": "121108"},
            {"id": "f", "text": None},
        ]
    )
    result = runner.invoke(app, ["code", "--jsonl"], input=lines + '\n{"id": "g", "text": "x\n')
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c", 4, "e", "f", "g"]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6, 7]
    first = out[0]["events"][0]
    assert isinstance(first["code"], str) and first["code"].startswith("04")
    assert {first["source"][:3], first["target"][:3]} == {"RUS", "VEN"}
    assert out[1]["events"] == [] and "error" not in out[1]  # fine text, no event
    assert [o.get("reason") for o in out[3:]] == [
        "discarded",
        "bad_date",
        "missing_text",
        "malformed",
    ]
    assert "sport.baseball" in out[3]["error"]
    assert all(o["events"] == [] for o in out[3:])


def test_code_with_a_petrarch_set_layered_cites_its_lines(tmp_path):
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "mine.actors.txt").write_text("ARNOR_ [ARN]\n", encoding="utf-8")
    (folder / "mine.verbs.txt").write_text("--- GLOWER [111] ---\nGLOWER\n", encoding="utf-8")
    line = json.dumps({"id": "x", "text": "Arnor glowered at Russia.", "date": "2020-02-07"})
    result = runner.invoke(
        app, ["code", "--jsonl", "--dictionaries", str(folder)], input=line + "\n"
    )
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.output)["events"]
    assert (event["source"], event["code"], event["target"]) == ("ARN", "111", "RUS")
    assert event["rule_at"] == f"{folder.resolve() / 'mine.verbs.txt'}:2"
    assert event["source_entry_at"] == f"{folder.resolve() / 'mine.actors.txt'}:1"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--dictionaries-only"], "needs --dictionaries"),
        (["--dictionaries", "no/such/folder"], "no such file or folder"),
        (["--dictionaries", ".", "--precedence", "mine"], "--precedence must be one of"),
    ],
)
def test_dictionary_options_are_checked_before_loading(args, words):
    result = runner.invoke(app, ["code", "text", *args])
    assert result.exit_code == 2
    assert words in result.output


def test_sql_reads_the_warehouse_read_only(seed_warehouse):
    result = runner.invoke(
        app, ["sql", "select count(*) as n from events", "--warehouse", str(seed_warehouse)]
    )
    assert result.exit_code == 0, result.output
    assert "n" in result.output
    refused = runner.invoke(
        app, ["sql", "create table x (a int)", "--warehouse", str(seed_warehouse)]
    )
    assert refused.exit_code == 2
    assert "read-only" in refused.output


def test_sql_without_warehouse_explains_what_to_do(tmp_path):
    result = runner.invoke(app, ["sql", "select 1", "--warehouse", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "etl run" in " ".join(result.output.split())  # rich wraps long paths


def test_explain_prints_the_rule_and_sentence(seed_warehouse):
    import duckdb

    con = duckdb.connect(str(seed_warehouse / "events.duckdb"), read_only=True)
    event_id, rule_id = con.execute("SELECT event_id, rule_id FROM events LIMIT 1").fetchone()
    con.close()
    result = runner.invoke(app, ["explain", event_id, "--warehouse", str(seed_warehouse)])
    assert result.exit_code == 0, result.output
    assert rule_id in result.output


def _said(result) -> str:
    return " ".join(result.output.split())  # rich wraps long lines


def test_run_on_an_empty_folder_says_there_is_nothing_to_read(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".hidden.txt").write_text("Lavrov met Maduro.")
    result = runner.invoke(
        app, ["run", "--input", str(tmp_path / "in"), "--warehouse", str(tmp_path / "wh")]
    )
    assert result.exit_code == 2
    assert "holds no file to read" in _said(result)
    assert "Traceback" not in result.output
    assert not (tmp_path / "wh").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--input", "{tmp}/none"], "does not exist"),
        (["--warehouse", "{tmp}/file"], "is a file, not a folder"),
        (["--input", "{tmp}", "--warehouse", "{tmp}/wh"], "inside the input folder"),
        (["--n-process", "0"], "Invalid value for '--n-process'"),
        (["--n-process", "two"], "Invalid value for '--n-process'"),
        (["--executor", "threads"], "Unknown executor 'threads'"),
    ],
)
def test_run_misuse_is_a_message_not_a_traceback(tmp_path, args, words):
    (tmp_path / "file").write_text("not a folder")
    (tmp_path / "a.txt").write_text("Lavrov met Maduro.")
    args = [a.format(tmp=tmp_path) for a in args]
    defaults = {"--input": str(tmp_path / "a.txt"), "--warehouse": str(tmp_path / "w")}
    for name, value in defaults.items():
        if name not in args:
            args += [name, value]
    result = runner.invoke(app, ["run", *args])
    assert result.exit_code == 2, result.output
    assert words in _said(result)
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_run_on_a_locked_warehouse_names_the_holder(tmp_path):
    from etl.warehouse import run_lock

    (tmp_path / "a.txt").write_text("Lavrov met Maduro.")
    with run_lock(tmp_path / "wh"):
        result = runner.invoke(
            app, ["run", "--input", str(tmp_path / "a.txt"), "--warehouse", str(tmp_path / "wh")]
        )
    assert result.exit_code == 2
    said = _said(result)
    assert f"locked by another run (pid {os.getpid()})" in said
    assert "Wait for it to finish" in said


def test_sql_says_when_rows_were_cut_and_writes_all_rows_as_csv(seed_warehouse):
    query = "select sentence_id, text from sentences order by sentence_id"
    wh = ["--warehouse", str(seed_warehouse)]
    table = runner.invoke(app, ["sql", query, *wh, "--limit", "3"])
    assert table.exit_code == 0, table.output
    total = len(runner.invoke(app, ["sql", query, *wh, "--format", "jsonl"]).stdout.splitlines())
    assert total > 3
    assert f"showing the first 3 of {total} rows" in _said(table)
    # not a terminal: the table keeps its natural width, cells are not squeezed to nothing
    widest = max(len(line) for line in table.stdout.splitlines())
    assert widest > 120
    as_csv = runner.invoke(app, ["sql", query, *wh, "--format", "csv"])
    assert as_csv.exit_code == 0 and "showing" not in as_csv.output
    import csv
    import io

    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["sentence_id", "text"] and len(rows) == total + 1
    as_json = runner.invoke(app, ["sql", query, *wh, "--format", "json", "--limit", "2"])
    assert [sorted(r) for r in json.loads(as_json.stdout)] == [["sentence_id", "text"]] * 2
    assert "showing the first 2" in as_json.stderr


def test_sql_json_writes_dates_and_lists_as_json(seed_warehouse):
    query = "select event_date, date_precision, [1, 2] as xs from events order by event_id limit 1"
    result = runner.invoke(
        app, ["sql", query, "--warehouse", str(seed_warehouse), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["xs"] == [1, 2]
    assert row["event_date"] is None or dt.date.fromisoformat(row["event_date"])
    assert "showing" not in result.output
