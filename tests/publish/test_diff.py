"""`etl diff`: events added, removed and changed between two warehouses (etl/publish/diff.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import typer
from typer.testing import CliRunner

from etl.cli_publish import register
from etl.errors import EtlError
from etl.publish.diff import diff_warehouses
from tests.publish.publish_data import EVENTS, build_warehouse, event, run_row


def _edited_events():
    """What a dictionary edit might do: recode e1's source, redate e5, lose e3, find e12."""
    by_id = {e.event_id: e for e in EVENTS}
    recoded = event("e1b", "a1:0:0", "VEN", "RUS", "051", dt.date(2019, 9, 23))
    redated = by_id["e5"].model_copy(update={"event_date": dt.date(2020, 2, 6)})
    found = event(
        "e12", "a4:0:0", "VENGOV", "RUS", "043", None, by_id["e7"].date_precision, verb=(60, 65)
    )
    kept = [e for e in EVENTS if e.event_id not in {"e1", "e3", "e5"}]
    return [*kept, recoded, redated, found]


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    old = build_warehouse(tmp_path_factory.mktemp("old"))
    new = build_warehouse(
        tmp_path_factory.mktemp("new"),
        _edited_events(),
        run=run_row("run-2", dt.datetime(2024, 6, 1, tzinfo=dt.UTC)),
    )
    return old, new


@pytest.fixture(scope="module")
def result(warehouses):
    return diff_warehouses(*warehouses)


def test_added_removed_and_changed(result):
    assert (result.old_events, result.new_events) == (10, 10)
    assert [e["event_id"] for e in result.added] == ["e12"]
    assert [e["event_id"] for e in result.removed] == ["e3"]
    assert result.unchanged == 7
    changes = {c.old_event_id: c for c in result.changed}
    assert set(changes) == {"e1", "e5"}
    by_content = changes["e1"]
    assert (by_content.new_event_id, by_content.matched_by) == ("e1b", "content_key")
    assert by_content.changes["source_code"] == ("VENGOV", "VEN")
    by_id = changes["e5"]
    assert by_id.matched_by == "event_id"
    assert by_id.changes == {"event_date": (dt.date(2020, 2, 7), dt.date(2020, 2, 6))}
    assert not result.identical


def test_one_a_day_rows(result):
    removed = {(r["source_code"], r["target_code"], r["cameo_code"]) for r in result.daily_removed}
    added = {(r["source_code"], r["target_code"], r["cameo_code"]) for r in result.daily_added}
    assert ("USA", "VENBUS", "163") in removed
    assert ("VENGOV", "RUS", "043") in added
    recount = {(r["source_code"], r["cameo_code"]): r["changes"] for r in result.daily_changed}
    assert recount[("VENGOV", "051")]["num_events"] == (2, 1)
    assert recount[("VEN", "051")]["num_events"] == (1, 2)
    assert result.old_run["run_id"] == "run-1" and result.new_run["run_id"] == "run-2"


def test_same_warehouse_is_identical(warehouses):
    result = diff_warehouses(warehouses[0], warehouses[0])
    assert result.identical and result.unchanged == 10


def test_missing_warehouse_is_a_coded_error(tmp_path, warehouses):
    with pytest.raises(EtlError, match="No warehouse"):
        diff_warehouses(tmp_path, warehouses[0])


def test_cli_diff_exit_code_and_json(warehouses):
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    old, new = (str(p) for p in warehouses)
    shown = runner.invoke(app, ["diff", old, new])
    assert shown.exit_code == 1, shown.output
    assert "e12" in shown.output and "source_code: VENGOV → VEN" in shown.output
    as_json = runner.invoke(app, ["diff", old, new, "--json"])
    data = json.loads(as_json.stdout)
    assert [e["event_id"] for e in data["added"]] == ["e12"]
    assert runner.invoke(app, ["diff", old, old]).exit_code == 0
