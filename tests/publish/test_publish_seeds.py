"""Issue 5's "done when", on the seeds: the research tables of a real run of the whole graph.

Uses the session fixture `seed_warehouse` (tests/conftest.py): the graph materialized once on
seeds/ into a temporary warehouse.
"""

from __future__ import annotations

import contextlib
import re

import pytest

from etl.publish.export import GDELT_EVENT_COLUMNS
from etl.warehouse import connect_read_only


def _rows(root, sql, params=()):
    with contextlib.closing(connect_read_only(root)) as con:
        cursor = con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture(scope="module")
def translation_cluster(seed_warehouse):
    """The story cluster holding seeds 001 and 002 (one story in two translations)."""
    rows = _rows(
        seed_warehouse,
        "SELECT a.source, d.cluster_id, d.cluster_size FROM articles a "
        "JOIN duplicate_clusters d USING (article_id) "
        "WHERE a.source LIKE '001_%' OR a.source LIKE '002_%'",
    )
    assert len(rows) == 2 and rows[0]["cluster_id"] == rows[1]["cluster_id"], rows
    return rows[0]["cluster_id"]


def test_the_translated_story_counts_once_with_two_articles(seed_warehouse, translation_cluster):
    rows = _rows(
        seed_warehouse,
        "SELECT * FROM events_daily WHERE list_contains(cluster_ids, ?)",
        [translation_cluster],
    )
    assert rows, "no one-a-day event from the 001/002 story"
    for row in rows:
        assert row["num_articles"] >= 2
        assert row["num_stories"] == len(row["cluster_ids"])
    only_this_story = [r for r in rows if r["cluster_ids"] == [translation_cluster]]
    assert only_this_story and all(
        (r["num_stories"], r["num_articles"]) == (1, 2) for r in only_this_story
    )


def test_dyad_month_has_russia_venezuela_rows(seed_warehouse):
    rows = _rows(
        seed_warehouse,
        "SELECT source, target, sum(num_events) AS n FROM dyad_month WHERE level = 'country' "
        "AND ((source = 'RUS' AND target = 'VEN') OR (source = 'VEN' AND target = 'RUS')) "
        "GROUP BY ALL",
    )
    assert rows and all(r["n"] > 0 for r in rows)


def test_select_star_from_gdelt_events(seed_warehouse):
    with contextlib.closing(connect_read_only(seed_warehouse)) as con:
        cursor = con.execute("SELECT * FROM gdelt_events")
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    assert names == [name for name, _ in GDELT_EVENT_COLUMNS]
    assert rows


def test_report_is_written_with_charts(seed_warehouse):
    path = seed_warehouse / "report.html"
    assert path.is_file()
    html = path.read_text("utf-8")
    assert len(re.findall(r'<img class="chart"', html)) >= 3
    assert "<script" not in html
