"""report.html (etl/publish/report.py): numbers equal SQL over the tables, charts drawn."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from etl.contracts import to_table
from etl.publish.report import render_report
from etl.records import Article
from etl.warehouse import connect_read_only, publish_duckdb, write_parquet
from tests.publish.publish_data import ARTICLES, build_warehouse

#: Every metric of the report, recomputed here by an independent query over the tables.
EXPECTED_SQL = {
    "runs_recorded": "SELECT count(*) FROM runs",
    "input_records": "SELECT sum(n_records) FROM input_sources",
    "articles": "SELECT count(*) FROM articles",
    "rejected_inputs": "SELECT count(*) FROM rejected_inputs",
    "sentences": "SELECT count(*) FROM sentences",
    "actor_mentions": "SELECT count(*) FROM actor_mentions",
    "events": "SELECT count(*) FROM events",
    "events_daily": "SELECT count(*) FROM events_daily",
    "sentences_total": "SELECT count(*) FROM sentences",
    "share_all_sentences_with_events": (
        "SELECT count(DISTINCT sentence_id) / (SELECT count(*) FROM sentences) FROM events"
    ),
    "sentences_coded": "SELECT count(*) FROM sentences WHERE coded",
    "sentences_with_events": (
        "SELECT count(*) FROM sentences s WHERE coded "
        "AND EXISTS (SELECT 1 FROM events e WHERE e.sentence_id = s.sentence_id)"
    ),
    "share_sentences_with_events": (
        "SELECT avg(CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.sentence_id = s.sentence_id)"
        " THEN 1.0 ELSE 0.0 END) FROM sentences s WHERE coded"
    ),
    "unresolved_names": "SELECT sum(num_mentions) FROM actor_candidates",
    "share_mentions_resolved": (
        "SELECT (SELECT count(*) FROM actor_mentions) / ((SELECT count(*) FROM actor_mentions) "
        "+ (SELECT sum(num_mentions) FROM actor_candidates))"
    ),
    "share_events_country_to_country": (
        "SELECT avg(CASE WHEN source_country IS NOT NULL AND target_country IS NOT NULL "
        "THEN 1.0 ELSE 0.0 END) FROM events"
    ),
    "share_events_unresolved_side": (
        "SELECT avg(CASE WHEN '---' IN (source_code, target_code) THEN 1.0 ELSE 0.0 END) "
        "FROM events"
    ),
    "share_events_no_country_side": (
        "SELECT avg(CASE WHEN (source_country IS NULL AND source_code <> '---') "
        "OR (target_country IS NULL AND target_code <> '---') THEN 1.0 ELSE 0.0 END) FROM events"
    ),
    "events_domestic": "SELECT count(*) FROM events WHERE source_country = target_country",
    "events_international": "SELECT count(*) FROM events WHERE source_country <> target_country",
    # the time charts span the articles' publication months (day or month precision)
    "time_months": (
        "SELECT datediff('month', min(published), max(published)) + 1 FROM articles "
        "WHERE published_precision IN ('day', 'month')"
    ),
    "time_events_inside": (
        "SELECT count(*) FROM events_daily, (SELECT min(published) AS lo, max(published) AS hi "
        "FROM articles WHERE published_precision IN ('day', 'month')) "
        "WHERE date_precision IN ('day', 'month') "
        "AND date_trunc('month', event_date) BETWEEN date_trunc('month', lo) "
        "AND date_trunc('month', hi)"
    ),
    "time_events_outside": (
        "SELECT count(*) FROM events_daily, (SELECT min(published) AS lo, max(published) AS hi "
        "FROM articles WHERE published_precision IN ('day', 'month')) "
        "WHERE date_precision IN ('day', 'month') "
        "AND date_trunc('month', event_date) NOT BETWEEN date_trunc('month', lo) "
        "AND date_trunc('month', hi)"
    ),
    "time_events_not_month": (
        "SELECT count(*) FROM events_daily WHERE date_precision NOT IN ('day', 'month') "
        "OR event_date IS NULL"
    ),
    "dyad_month_events_top_dyads": (
        "SELECT sum(n) FROM (SELECT sum(num_events) AS n FROM dyad_month WHERE level = 'country' "
        "GROUP BY source, target ORDER BY n DESC LIMIT 6)"
    ),
    "events_placed": "SELECT count(*) FROM events_daily WHERE geo_type IS NOT NULL",
    "share_events_placed": (
        "SELECT avg(CASE WHEN geo_type IS NOT NULL THEN 1.0 ELSE 0.0 END) FROM events_daily"
    ),
    "dedup_articles": "SELECT count(*) FROM duplicate_clusters",
    "dedup_stories": "SELECT count(*) FROM duplicate_clusters WHERE is_canonical",
    "dedup_duplicates": "SELECT count(*) FROM duplicate_clusters WHERE NOT is_canonical",
    "share_duplicates": (
        "SELECT avg(CASE WHEN is_canonical THEN 0.0 ELSE 1.0 END) FROM duplicate_clusters"
    ),
    "largest_cluster": (
        "SELECT max(n) FROM (SELECT count(*) AS n FROM duplicate_clusters GROUP BY cluster_id)"
    ),
    "dedup_coded_events": "SELECT count(*) FROM events",
    "dedup_daily_events": "SELECT count(*) FROM events_daily",
    "dedup_daily_articles": "SELECT sum(num_articles) FROM events_daily",
    "share_events_day_precision": (
        "SELECT avg(CASE WHEN date_precision = 'day' THEN 1.0 ELSE 0.0 END) FROM events"
    ),
    "events_undated": "SELECT count(*) FROM events WHERE event_date IS NULL",
}


class _Metrics(HTMLParser):
    def __init__(self):
        super().__init__()
        self.metrics: dict[str, str] = {}
        self.images: list[dict[str, str | None]] = []
        self.tags: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.add(tag)
        if "data-metric" in attributes:
            self.metrics[attributes["data-metric"]] = attributes.get("data-value") or ""
        if tag == "img":
            self.images.append(attributes)
        self.links += [v for k, v in attrs if k in {"src", "href"} and v]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = build_warehouse(tmp_path_factory.mktemp("wh"))
    with contextlib.closing(connect_read_only(root)) as con:
        report = render_report(con, root / "report.html")
    parser = _Metrics()
    parser.feed(report.path.read_text("utf-8"))
    return root, report, parser


def test_every_number_equals_sql_over_the_tables(rendered):
    root, report, parser = rendered
    assert set(parser.metrics) == set(EXPECTED_SQL) == set(report.metrics)
    with contextlib.closing(connect_read_only(root)) as con:
        for name, sql in EXPECTED_SQL.items():
            expected = con.execute(sql).fetchone()[0]
            shown = float(parser.metrics[name])
            assert shown == pytest.approx(float(expected), abs=1e-6), name


def test_known_values_of_the_hand_made_warehouse(rendered):
    _, report, _ = rendered
    m = report.metrics
    assert (m["articles"], m["events"], m["events_daily"]) == (4, 10, 8)
    assert (m["dedup_stories"], m["dedup_duplicates"], m["largest_cluster"]) == (3, 1, 2)
    assert m["share_mentions_resolved"] == pytest.approx(10 / 14)
    assert m["events_undated"] == 1


def test_page_is_self_contained(rendered):
    _, report, parser = rendered
    assert not parser.tags & {"script", "link", "iframe", "object"}
    assert all(link.startswith("data:image/png;base64,") for link in parser.links)
    assert len(parser.images) == len(report.charts) >= 4
    assert report.charts == [
        "events_quad_month",
        "goldstein_month",
        "dyad_month_quad",
        "top_actors",
        "top_codes",
        "date_precision",
    ]


def test_time_charts_show_every_month_of_the_window_on_a_time_axis(rendered):
    _, report, _ = rendered
    # articles were published in Sep 2019 and Feb 2020; events fell in those two months only
    spec = report.specs["events_quad_month"]
    months = sorted({row["month"] for row in spec["data"]["values"]})
    assert months == [
        "2019-09-01", "2019-10-01", "2019-11-01", "2019-12-01", "2020-01-01", "2020-02-01"
    ]  # fmt: skip
    empty = {r["month"] for r in spec["data"]["values"] if r["n"]} ^ set(months)
    assert empty == {"2019-10-01", "2019-11-01", "2019-12-01", "2020-01-01"}
    for name in ("events_quad_month", "goldstein_month", "dyad_month_quad"):
        chart = report.specs[name]
        x = (chart.get("spec") or chart)["encoding"]["x"]
        assert x["type"] == "temporal" and x["timeUnit"] == "utcyearmonth", name
        assert x["scale"]["domain"] == ["2019-09-01", "2020-03-01"], name
        assert x["axis"]["format"] == "%b %Y", name
    goldstein = {
        r["month"]: r["goldstein_mean"] for r in report.specs["goldstein_month"]["data"]["values"]
    }
    assert goldstein["2019-10-01"] is None  # no event: no bar, not a zero


def test_audit_table_lists_event_ids_of_the_top_dyads(rendered):
    root, report, _ = rendered
    text = report.path.read_text("utf-8")
    with contextlib.closing(connect_read_only(root)) as con:
        ids = [
            r[0]
            for r in con.execute(
                "SELECT event_id FROM events WHERE source_country = 'RUS' "
                "AND target_country = 'VEN' AND date_precision IN ('day', 'month')"
            ).fetchall()
        ]
    assert ids and all(event_id in text for event_id in ids[:3])
    assert "etl explain EVENT_ID" in text


def test_partial_warehouse_renders_with_notes(tmp_path):
    write_parquet(tmp_path, "articles", to_table(ARTICLES, Article))
    publish_duckdb(tmp_path, ["articles"], {})
    with contextlib.closing(connect_read_only(tmp_path)) as con:
        report = render_report(con, tmp_path / "report.html")
    text = report.path.read_text("utf-8")
    assert "Not in this warehouse: events_daily." in text
    assert report.metrics == {"articles": 4}
    assert report.charts == []


#: Run by Chromium after the page loads: each chart image drawn onto a canvas, with its share of
#: non-white pixels ("ink"), written into the DOM that --dump-dom prints.
_PROBE = """
<script>
window.addEventListener("load", () => {
  const out = [...document.images].map((img) => {
    const c = document.createElement("canvas");
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    let ink = 0;
    const d = c.width ? ctx.getImageData(0, 0, c.width, c.height).data : [];
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) ink++;
    }
    return {chart: img.dataset.chart, complete: img.complete, width: img.naturalWidth,
            height: img.naturalHeight, ink: d.length ? ink / (d.length / 4) : 0};
  });
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def test_charts_are_drawn_in_headless_chromium(rendered, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian `chromium` is not installed (apt-get install -y chromium)")
    _, report, _ = rendered
    page = tmp_path / "probe.html"
    page.write_text(
        report.path.read_text("utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8"
    )
    args = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,3000",
        "--virtual-time-budget=10000", "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    match = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert match, done.stderr[-2000:]
    charts = json.loads(match.group(1).replace("&quot;", '"'))
    assert [c["chart"] for c in charts] == report.charts
    for chart in charts:
        assert chart["complete"] and chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["ink"] > 0.02, chart  # something is drawn, not a blank image
