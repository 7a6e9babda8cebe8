"""The issue's bars on the seeds: where the seed stories' meetings happened, in every table."""

from __future__ import annotations

import contextlib

import pytest

from etl.warehouse import connect_read_only


def _rows(root, sql):
    with contextlib.closing(connect_read_only(root)) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("sentence", "code", "place", "country"),
    [
        ("%his meeting with Venezuelan President Nicolás Maduro in Car%", "040", "Caracas", "VEN"),
        ("%sidelines of the Antalya Diplomatic Forum%", "040", "Antalya", "TUR"),
        ("%welcomed President Nicolas Maduro in the Kremlin%", "043", "Moscow", "RUS"),
    ],
)  # fmt: skip
def test_seed_meetings_are_placed(seed_warehouse, sentence, code, place, country):
    rows = _rows(
        seed_warehouse,
        "SELECT geo_name, geo_country, geo_origin FROM events "
        f"WHERE sentence_text LIKE '{sentence}' AND cameo_code = '{code}'",
    )
    assert rows and all((r["geo_name"], r["geo_country"]) == (place, country) for r in rows), rows


@pytest.mark.issue(12)
def test_gdelt_events_has_action_geography(seed_warehouse):
    rows = _rows(
        seed_warehouse,
        "SELECT ActionGeo_Type, ActionGeo_FullName, ActionGeo_CountryCode, ActionGeo_Lat "
        "FROM gdelt_events WHERE ActionGeo_FullName = 'Caracas'",
    )
    assert rows and rows[0]["ActionGeo_Type"] == 4 and rows[0]["ActionGeo_CountryCode"] == "VE"


@pytest.mark.issue(12)
def test_every_place_comes_from_the_text(seed_warehouse):
    """Nothing placed from page debris: every placed event names its evidence and origin."""
    rows = _rows(
        seed_warehouse,
        "SELECT geo_origin, geo_evidence FROM events WHERE geo_type IS NOT NULL",
    )
    assert rows
    assert {r["geo_origin"] for r in rows} <= {"sentence", "target", "dateline", "article"}
    assert all(r["geo_evidence"] for r in rows)


@pytest.mark.issue(12)
def test_places_lists_each_toponym_with_its_runner_up(seed_warehouse):
    rows = _rows(
        seed_warehouse,
        "SELECT usage, name, country, runner_up_name, runner_up_country, reason FROM places "
        "WHERE place_id LIKE '%:dateline'",
    )
    moscow = [r for r in rows if r["name"] == "Moscow"]
    assert moscow and moscow[0]["country"] == "RUS" and moscow[0]["usage"] == "dateline"
    assert moscow[0]["runner_up_name"] == "Moscow" and moscow[0]["runner_up_country"] == "USA"
    assert "over" in moscow[0]["reason"]


@pytest.mark.issue(12)
def test_explain_shows_the_place_and_why(seed_warehouse):
    from typer.testing import CliRunner

    from etl.cli import app

    (row,) = _rows(
        seed_warehouse,
        "SELECT event_id FROM events WHERE geo_name = 'Antalya' AND cameo_code = '040'",
    )
    result = CliRunner().invoke(
        app,
        ["explain", row["event_id"], "--warehouse", str(seed_warehouse)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Antalya (city, TUR" in result.output and "Antalya Diplomatic Forum" in result.output


@pytest.mark.issue(12)
def test_report_maps_the_event_places(seed_warehouse):
    text = (seed_warehouse / "report.html").read_text("utf-8")
    assert 'data-chart="event_places_map"' in text
    assert "Top 15 event places" in text and "Caracas" in text
