import json

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
