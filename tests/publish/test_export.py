"""The gdelt_events view (etl/sql/gdelt_events.sql) and `etl export` (etl/publish/export.py)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt

import pyarrow.parquet as pq
import pytest

from etl.errors import EtlError
from etl.publish.export import GDELT_EVENT_COLUMNS, export
from etl.records import DatePrecision
from etl.warehouse import connect_read_only
from tests.publish.publish_data import EVENTS, FEB7, build_warehouse, event


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("wh"))


def _query(root, sql):
    with contextlib.closing(connect_read_only(root)) as con:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_gdelt_view_has_gdelt_columns_in_order_with_their_types(warehouse):
    described = _query(warehouse, "DESCRIBE gdelt_events")
    assert [(r["column_name"], r["column_type"]) for r in described] == list(GDELT_EVENT_COLUMNS)
    assert len(GDELT_EVENT_COLUMNS) == 61


def test_gdelt_row_values(warehouse):
    (row,) = _query(
        warehouse,
        "SELECT * FROM gdelt_events WHERE Actor1Code = 'VENGOV' AND EventCode = '051'",
    )
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (20190923, 201909, 2019)
    assert row["FractionDate"] == pytest.approx(2019.7205)  # 2019 + (8 * 30 + 23) / 365
    assert (row["Actor1CountryCode"], row["Actor1Type1Code"], row["Actor1Type2Code"]) == (
        "VEN",
        "GOV",
        None,
    )
    assert (row["Actor2Code"], row["Actor2CountryCode"]) == ("RUS", "RUS")
    assert (row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("051", "05", 1)
    assert row["GoldsteinScale"] == pytest.approx(3.4)
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (2, 2, 2)
    assert row["IsRootEvent"] == 1
    assert row["SOURCEURL"] == "https://tass.com/politics/1"
    assert row["DATEADDED"] == 20240501123005  # run start, UTC
    assert row["Actor1Name"] == "NAME OF VENGOV"
    assert row["AvgTone"] is None and row["ActionGeo_CountryCode"] is None


def test_gdelt_view_leaves_out_undated_events_only(warehouse):
    (counts,) = _query(
        warehouse,
        "SELECT (SELECT count(*) FROM gdelt_events) AS gdelt, "
        "(SELECT count(*) FROM events_daily WHERE event_date IS NOT NULL) AS dated, "
        "(SELECT count(DISTINCT GLOBALEVENTID) FROM gdelt_events) AS ids",
    )
    assert counts["gdelt"] == counts["dated"] == counts["ids"] == 7


def test_code_written_for_gdelt_runs(warehouse):
    rows = _query(
        warehouse,
        "SELECT Actor1CountryCode, Actor2CountryCode, SUM(NumArticles) AS articles, "
        "AVG(GoldsteinScale) AS gs FROM gdelt_events WHERE QuadClass IN (1, 2) "
        "AND Actor1CountryCode = 'RUS' AND MonthYear = 202002 GROUP BY 1, 2",
    )
    assert rows == [
        {
            "Actor1CountryCode": "RUS",
            "Actor2CountryCode": "VEN",
            "articles": 2,
            "gs": pytest.approx(4.6),
        }
    ]


def test_export_gdelt_is_headerless_tsv(warehouse, tmp_path):
    result = export(warehouse, "gdelt", tmp_path / "events.export.CSV")
    lines = result.path.read_text("utf-8").splitlines()
    assert result.rows == len(lines) == 7
    fields = [line.split("\t") for line in lines]
    assert {len(f) for f in fields} == {61}
    assert all(f[0].isdigit() and len(f[1]) == 8 for f in fields)  # no header row
    assert any(f[26] == "051" for f in fields)  # EventCode keeps its leading zero
    assert not list(tmp_path.glob(".*tmp"))


def test_export_csv_and_parquet(warehouse, tmp_path):
    csv_out = export(warehouse, "csv", tmp_path / "g.csv")
    with open(csv_out.path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [name for name, _ in GDELT_EVENT_COLUMNS]
    assert len(rows) == 7
    pq_out = export(warehouse, "parquet", tmp_path / "daily.parquet", table="events_daily")
    table = pq.read_table(pq_out.path)
    assert table.num_rows == pq_out.rows == 8
    assert table.schema.field("event_ids").type.value_type.equals(
        table.schema.field("daily_id").type
    )


@pytest.mark.parametrize(
    ("fmt", "table", "code"),
    [("xlsx", "gdelt_events", "E050"), ("gdelt", "events", "E051"), ("csv", "nope", "E011")],
)
def test_export_rejects_bad_requests(warehouse, tmp_path, fmt, table, code):
    from etl.errors import Errors

    with pytest.raises(EtlError) as info:
        export(warehouse, fmt, tmp_path / "x", table=table)
    assert getattr(Errors, code).split("{")[0] in str(info.value)
    assert not (tmp_path / "x").exists()


def test_unresolved_actors_are_null_and_vague_dates_left_out(tmp_path):

    extra = [
        event("u1", "a3:0:0", "USAGOV", "---", "172", FEB7, verb=(70, 75)),
        event("y1", "a3:0:0", "RUS", "VEN", "070", dt.date(2019, 1, 1), DatePrecision.YEAR),
        event("md", "a4:0:0", "RUS", "VEN", "040", dt.date(4, 4, 12), DatePrecision.MONTH_DAY),
    ]
    root = build_warehouse(tmp_path, [*EVENTS, *extra])
    rows = _query(root, "SELECT * FROM gdelt_events WHERE EventCode IN ('172', '070', '040')")
    by_code = {r["EventCode"]: r for r in rows}
    assert set(by_code) == {"172", "040"}  # year-only and year-unknown dates are not days
    assert by_code["040"]["SQLDATE"] == 20190101  # the month-precision e10
    one_actor = by_code["172"]
    assert (one_actor["Actor1Code"], one_actor["Actor2Code"], one_actor["Actor2Name"]) == (
        "USAGOV",
        None,
        None,
    )
