"""`report.html`: one self-contained page a researcher can open, mail or archive.

Every number on the page is the result of a SQL query over the warehouse tables (the queries
are in this module, next to the section that shows them), and every chart is drawn from such a
result with altair and rendered by vl-convert to a PNG embedded as a data URI. The page loads
nothing: no script, font or stylesheet from the network, so it shows the same in ten years and
on a machine without internet.

Numbers are wrapped as ``<span class="metric" data-metric="NAME" data-value="RAW">``, so a
test (or a reader's script) can check each against the warehouse.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import duckdb
import vl_convert

from etl.publish.report_places import places_section

#: QuadClass names (GDELT Event Codebook V2.0), in class order, with fixed colours so the
#: same class has the same colour in every chart.
QUAD_NAMES = {
    1: "1 Verbal cooperation",
    2: "2 Material cooperation",
    3: "3 Verbal conflict",
    4: "4 Material conflict",
}
NA = "n/a"
QUAD_COLOURS = ["#4c9f70", "#1f6f8b", "#e0a030", "#c0392b"]
_QUAD_FIELDS = {
    1: "num_verbal_cooperation",
    2: "num_material_cooperation",
    3: "num_verbal_conflict",
    4: "num_material_conflict",
}
TOP_DYADS = 6
TOP_N = 10
CHART_SCALE = 2.0

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;
max-width:1100px;padding:0 1rem;color:#222;line-height:1.4}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .55rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #ddd;border-radius:6px;
padding:.5rem .8rem;min-width:9rem}.card .label{font-size:.8rem;color:#666}
.card .metric{font-size:1.35rem;font-weight:600}figure{margin:1rem 0}
figcaption{font-size:.85rem;color:#555}img.chart{max-width:100%;height:auto}
.note{color:#666;font-size:.85rem}td{white-space:nowrap}td.wrap{white-space:normal;min-width:18rem}
p.caption{font-size:.9rem;font-weight:600;margin:1rem 0 .2rem}
"""


@dataclass
class Report:
    """What was rendered: the file, and every metric shown on it (name -> raw value)."""

    path: Path
    metrics: dict[str, float | int | None] = field(default_factory=dict)
    charts: list[str] = field(default_factory=list)
    specs: dict[str, dict] = field(default_factory=dict)  # chart name -> Vega-Lite spec

    def markdown_summary(self) -> str:
        """The headline metrics as a markdown table (for the Dagster UI)."""
        lines = ["| metric | value |", "|---|---|"]
        lines += [f"| {name} | {_fmt(value)} |" for name, value in self.metrics.items()]
        return "\n".join(lines)


def _fmt(value: object) -> str:
    if value is None:
        return NA
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class _Page:
    """Collects HTML parts, metrics and charts for one report."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.parts: list[str] = []
        self.metrics: dict[str, float | int | None] = {}
        self.charts: list[str] = []
        self.specs: dict[str, dict] = {}
        rows = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
        self.relations = {r[0] for r in rows}

    def columns(self, table: str) -> set[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
        return {r[0] for r in rows}

    def has(self, *tables: str) -> bool:
        return all(t in self.relations for t in tables)

    def query(self, sql: str, params: list[object] | None = None) -> list[dict[str, object]]:
        # fetchall, not Arrow: Arrow turns DuckDB's HUGEINT sums into Decimal.
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str) -> object:
        row = self.con.execute(sql).fetchone()
        return row[0] if row else None

    def add(self, text: str) -> None:
        self.parts.append(text)

    def metric(self, name: str, value: float | int | None, *, share: bool = False) -> str:
        if isinstance(value, float):
            value = round(value, 6)
        self.metrics[name] = value
        shown = NA if value is None else (f"{value:.1%}" if share else _fmt(value))
        raw = "" if value is None else str(value)
        return (
            f'<span class="metric" data-metric="{html.escape(name)}" '
            f'data-value="{html.escape(raw)}">{html.escape(shown)}</span>'
        )

    def cards(self, items: Sequence[tuple[str, str]]) -> None:
        cells = "".join(
            f'<div class="card"><div class="label">{html.escape(label)}</div>{value}</div>'
            for label, value in items
        )
        self.add(f'<div class="cards">{cells}</div>')

    def table(self, rows: list[dict[str, object]], caption: str | None = None) -> None:
        cap = f'<p class="caption">{html.escape(caption)}</p>' if caption else ""
        if not rows:
            self.add(f'{cap}<p class="note">No rows.</p>')
            return
        names = list(rows[0])
        head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
        body = []
        for row in rows:
            cells = []
            for n in names:
                v = row[n]
                numeric = isinstance(v, int | float) and not isinstance(v, bool)
                text = _fmt(v)
                cls = ' class="num"' if numeric else (' class="wrap"' if len(text) > 40 else "")
                cells.append(f"<td{cls}>{html.escape(text)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        self.add(
            f"{cap}<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def chart(self, name: str, chart: alt.TopLevelMixin, caption: str) -> None:
        chart = (
            chart.configure_axis(labelFontSize=12, titleFontSize=12)
            .configure_legend(labelFontSize=12, titleFontSize=12)
            .configure_header(labelFontSize=12)
        )
        spec = chart.to_dict()
        self.specs[name] = spec
        png = vl_convert.vegalite_to_png(spec, scale=CHART_SCALE)
        data = base64.b64encode(png).decode("ascii")
        width = round(struct.unpack(">I", png[16:20])[0] / CHART_SCALE)  # PNG IHDR width
        self.charts.append(name)
        self.add(
            f'<figure><img class="chart" data-chart="{html.escape(name)}" width="{width}" '
            f'alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )

    def missing(self, *tables: str) -> None:
        self.add(f'<p class="note">Not in this warehouse: {html.escape(", ".join(tables))}.</p>')


def _share(part: object, whole: object) -> float | None:
    if not whole:
        return None
    return float(part or 0) / float(whole)  # type: ignore[arg-type]


# ---------------------------------------------------------------- sections


def _run_summary(page: _Page) -> None:
    page.add("<h2>Run summary</h2>")
    if page.has("runs"):
        runs = page.query(
            "SELECT run_id, started_at, finished_at, etl_version, coder_version, "
            "dictionary_version, spacy_model, fingerprint, len(input_paths) AS input_files "
            "FROM runs WHERE is_current ORDER BY started_at DESC LIMIT 1"
        )
        if runs:
            run = runs[0]
            page.table([{"field": k, "value": v} for k, v in run.items()], "Current run")
        recorded = page.metric("runs_recorded", int(page.scalar("SELECT count(*) FROM runs") or 0))
        page.add(
            f"<p>Builds recorded in the runs table (one per distinct input, dictionaries and "
            f"coder): {recorded}.</p>"
        )
    else:
        page.missing("runs")
    counts = [
        ("input records", "input_records", "SELECT coalesce(sum(n_records), 0) FROM input_sources",
         "input_sources"),
        ("articles", "articles", "SELECT count(*) FROM articles", "articles"),
        ("rejected inputs", "rejected_inputs", "SELECT count(*) FROM rejected_inputs",
         "rejected_inputs"),
        ("sentences", "sentences", "SELECT count(*) FROM sentences", "sentences"),
        ("actor mentions", "actor_mentions", "SELECT count(*) FROM actor_mentions",
         "actor_mentions"),
        ("coded events", "events", "SELECT count(*) FROM events", "events"),
        ("one-a-day events", "events_daily", "SELECT count(*) FROM events_daily", "events_daily"),
    ]  # fmt: skip
    cards = []
    for label, name, sql, table in counts:
        if page.has(table):
            cards.append((label, page.metric(name, int(page.scalar(sql) or 0))))
    page.cards(cards)
    if page.has("rejected_inputs"):
        rows = page.query(
            "SELECT reason, count(*) AS records FROM rejected_inputs "
            "GROUP BY reason ORDER BY 2 DESC, 1"
        )
        if rows:
            page.table(rows, "Rejected inputs by reason")


def _coverage(page: _Page) -> None:
    page.add("<h2>Coding coverage</h2>")
    if not page.has("sentences", "events", "actor_mentions"):
        page.missing("sentences", "events", "actor_mentions")
        return
    total = page.scalar("SELECT count(*) FROM sentences")
    coded = page.scalar("SELECT count(*) FROM sentences WHERE coded")
    with_events = page.scalar(
        "SELECT count(DISTINCT e.sentence_id) FROM events e "
        "JOIN sentences s USING (sentence_id) WHERE s.coded"
    )
    resolved = page.scalar("SELECT count(*) FROM actor_mentions")
    unresolved = (
        page.scalar("SELECT coalesce(sum(num_mentions), 0) FROM actor_candidates")
        if page.has("actor_candidates")
        else None
    )
    items = [
        ("sentences", page.metric("sentences_total", int(total or 0))),
        ("sentences coded", page.metric("sentences_coded", int(coded or 0))),
        ("…with an event", page.metric("sentences_with_events", int(with_events or 0))),
        ("share of all with an event",
         page.metric("share_all_sentences_with_events", _share(with_events, total), share=True)),
        ("share of coded with an event",
         page.metric("share_sentences_with_events", _share(with_events, coded), share=True)),
    ]  # fmt: skip
    if unresolved is not None:
        total = int(resolved or 0) + int(unresolved or 0)
        items += [
            ("unresolved names", page.metric("unresolved_names", int(unresolved or 0))),
            ("share of mentions resolved",
             page.metric("share_mentions_resolved", _share(resolved, total), share=True)),
        ]  # fmt: skip
    page.cards(items)
    page.add(
        '<p class="note">A sentence is coded (parsed and given to the coder) when its '
        "paragraph is English and the pre-filter finds a possible trigger and a possible actor "
        'in it. "Mentions resolved" = actor mentions with a code / (those + occurrences of '
        "names in actor_candidates: people and organisations in event sentences without a "
        "code).</p>"
    )
    page.table(
        page.query(
            "SELECT resolution, count(*) AS mentions FROM actor_mentions "
            "GROUP BY 1 ORDER BY 2 DESC, 1"
        ),
        "Actor mentions by how they were resolved",
    )


@dataclass(frozen=True)
class _Window:
    """The months the time charts span, and the dated events inside and outside them."""

    first: dt.date  # first day of the first month
    last: dt.date  # first day of the last month
    basis: str  # what the span is taken from, said under the charts
    inside: int
    outside: int
    undated: int  # events_daily rows without a date known to the month

    @property
    def end(self) -> dt.date:
        """First day of the month after the last: the right edge of a time axis."""
        return _add_months(self.last, 1)

    def label(self) -> str:
        return f"{self.first:%b %Y} to {self.last:%b %Y}"

    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1


def _add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


#: Date precisions from the most to the least exact (etl.records.DatePrecision).
PRECISION_ORDER = ["day", "month", "year", "month_day", "unknown"]
#: Event dates that place an event in a month: a year-only date is not in January, and a
#: yearless one (year 4, README "Dates with an unknown year") is in no year.
MONTH_KNOWN = "date_precision IN ('day', 'month')"


def _window(page: _Page) -> _Window | None:
    """The publication months of the articles, else the months of the events.

    Events dated long before the articles were published (a 1953 coup recalled in a 2019
    story) are real but would stretch a monthly axis over decades of empty months; they are
    counted, not drawn. Without any dated article, the events' own span is used.
    """
    if not page.has("events_daily"):
        return None
    published = (
        page.query(
            "SELECT min(date_trunc('month', published))::DATE AS first, "
            "max(date_trunc('month', published))::DATE AS last FROM articles "
            "WHERE published_precision IN ('day', 'month')"
        )[0]
        if page.has("articles")
        else {"first": None}
    )
    if published["first"] is not None:
        first, last = published["first"], published["last"]
        basis = "the months in which the articles were published"
    else:
        span = page.query(
            "SELECT min(date_trunc('month', event_date))::DATE AS first, "  # sql-ok: constant
            "max(date_trunc('month', event_date))::DATE AS last FROM events_daily "
            f"WHERE {MONTH_KNOWN}"
        )[0]
        if span["first"] is None:
            return None
        first, last = span["first"], span["last"]
        basis = "the months of the events (no article has a publication date)"
    counts = page.query(
        f"""
        -- sql-ok: constants only
        SELECT count(*) FILTER (WHERE {MONTH_KNOWN} AND event_date >= ?
                                AND event_date < ?) AS inside,
               count(*) FILTER (WHERE {MONTH_KNOWN} AND (event_date < ? OR event_date >= ?))
                   AS outside,
               count(*) FILTER (WHERE NOT {MONTH_KNOWN} OR event_date IS NULL) AS undated
        FROM events_daily
        """,
        [first, _add_months(last, 1), first, _add_months(last, 1)],
    )[0]
    return _Window(
        first=first,
        last=last,
        basis=basis,
        inside=int(counts["inside"] or 0),
        outside=int(counts["outside"] or 0),
        undated=int(counts["undated"] or 0),
    )


def _month_axis(window: _Window, title: str | None = "month") -> alt.X:
    """A continuous month axis over the whole window: empty months keep their place.

    Each label starts at its month's left edge, under that month's bar; beyond two years
    the ticks are years.
    """
    months = window.months()
    axis = alt.Axis(
        format="%b %Y" if months <= 24 else "%Y",
        labelAngle=0,
        labelAlign="left",
        labelOverlap="greedy",
        tickCount="month" if months <= 24 else "year",
        grid=True,
    )
    return alt.X(
        "month:T",
        timeUnit="utcyearmonth",
        title=title,
        scale=alt.Scale(domain=[window.first.isoformat(), window.end.isoformat()]),
        axis=axis,
    )


def _count_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, tickMinStep=1, format="d")


def _quad_colour() -> alt.Color:
    return alt.Color(
        "quad_class:N",
        title=None,
        scale=alt.Scale(domain=list(QUAD_NAMES.values()), range=QUAD_COLOURS),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )


def _quad_bars(
    rows: list[dict[str, object]], window: _Window, y_title: str, extra: Sequence[str] = ()
) -> alt.Chart:
    """Stacked bars of `n` per month and QuadClass (`rows` have month, quad and n)."""
    data = [{**r, "quad_class": QUAD_NAMES[int(r["quad"])]} for r in rows]
    return (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=_month_axis(window),
            y=alt.Y("n:Q", stack=True, axis=_count_axis(y_title)),
            color=_quad_colour(),
            tooltip=[*extra, "month:T", "quad_class:N", "n:Q"],
        )
    )


def _months_sql(window: _Window) -> tuple[str, list[object]]:
    """Every month of the window, as a relation `months(month)` (no month is skipped)."""
    return (
        "SELECT unnest(generate_series(?::DATE, ?::DATE, INTERVAL 1 MONTH))::DATE AS month",
        [window.first, window.last],
    )


def _over_time(page: _Page) -> None:
    page.add("<h2>Events over time, whole corpus</h2>")
    window = _window(page)
    if window is None:
        page.missing("events_daily") if not page.has("events_daily") else page.add(
            '<p class="note">No event is dated to the month: nothing to draw over time.</p>'
        )
        return
    n_months = page.metric("time_months", window.months())
    inside = page.metric("time_events_inside", window.inside)
    outside = page.metric("time_events_outside", window.outside)
    undated = page.metric("time_events_not_month", window.undated)
    page.add(
        f"<p>One-a-day events (events_daily) per month, {html.escape(window.label())} "
        f"({n_months} months): {html.escape(window.basis)}. {inside} events are drawn; "
        f"{outside} dated outside these months (mostly the past a story recalls) and "
        f"{undated} without a date known to the month (year only, no year, or none) are left "
        "out. Months without events are shown empty, not skipped.</p>"
    )
    months, params = _months_sql(window)
    rows = page.query(
        f"""
        -- sql-ok: constants only
        WITH months AS ({months}), quads AS (SELECT unnest([1, 2, 3, 4]) AS quad),
        counts AS (
            SELECT date_trunc('month', event_date)::DATE AS month, quad_class AS quad,
                   count(*) AS n, sum(goldstein) AS goldstein_sum
            FROM events_daily WHERE {MONTH_KNOWN} GROUP BY ALL
        )
        SELECT strftime(m.month, '%Y-%m-%d') AS month, q.quad, coalesce(c.n, 0) AS n,
               coalesce(c.goldstein_sum, 0) AS goldstein_sum
        FROM months m CROSS JOIN quads q LEFT JOIN counts c USING (month, quad)
        ORDER BY 1, 2
        """,
        params,
    )
    bars = _quad_bars(rows, window, "one-a-day events").properties(width=820, height=220)
    page.chart("events_quad_month", bars, "One-a-day events per month by QuadClass, all actors")
    months_rows: dict[str, dict[str, float]] = {}
    for r in rows:
        cell = months_rows.setdefault(str(r["month"]), {"n": 0, "sum": 0.0})
        cell["n"] += int(r["n"])
        cell["sum"] += float(r["goldstein_sum"])
    goldstein = [
        {
            "month": month,
            "events": int(cell["n"]),
            "goldstein_mean": round(cell["sum"] / cell["n"], 3) if cell["n"] else None,
        }
        for month, cell in months_rows.items()
    ]
    mean = (
        alt.Chart(alt.Data(values=goldstein))
        .mark_bar()
        .encode(
            x=_month_axis(window),
            y=alt.Y("goldstein_mean:Q", title="mean Goldstein"),
            color=alt.condition(
                "datum.goldstein_mean >= 0", alt.value(QUAD_COLOURS[1]), alt.value(QUAD_COLOURS[3])
            ),
            tooltip=["month:T", "goldstein_mean:Q", "events:Q"],
        )
        .properties(width=820, height=160)
    )
    page.chart(
        "goldstein_month",
        mean,
        "Mean Goldstein weight of the month's one-a-day events (-10 conflict to +10 cooperation); "
        "no bar: no event that month",
    )


def _sides(page: _Page) -> None:
    """Whether an event's sides have a country: what a dyadic analysis can use."""
    page.add("<h2>Who is on each side</h2>")
    if not page.has("events"):
        page.missing("events")
        return
    kind = (
        "CASE WHEN {s}_code = '---' THEN 'unresolved' WHEN {s}_country IS NULL "
        "THEN 'coded, no country' ELSE 'country' END"
    )
    source, target = kind.format(s="source"), kind.format(s="target")
    totals = page.query(
        """
        -- sql-ok: constants only
        SELECT count(*) AS events,
               count(*) FILTER (WHERE source_country IS NOT NULL
                                AND target_country IS NOT NULL) AS country_to_country,
               count(*) FILTER (WHERE source_code = '---' OR target_code = '---') AS unresolved,
               count(*) FILTER (WHERE (source_code <> '---' AND source_country IS NULL)
                                OR (target_code <> '---' AND target_country IS NULL))
                   AS no_country,
               count(*) FILTER (WHERE source_country = target_country) AS domestic,
               count(*) FILTER (WHERE source_country <> target_country) AS international
        FROM events
        """
    )[0]
    events = int(totals["events"] or 0)
    page.cards(
        [
            ("country to country",
             page.metric("share_events_country_to_country",
                         _share(totals["country_to_country"], events), share=True)),
            ("with an unresolved side (---)",
             page.metric("share_events_unresolved_side", _share(totals["unresolved"], events),
                         share=True)),
            ("with a side coded without a country",
             page.metric("share_events_no_country_side", _share(totals["no_country"], events),
                         share=True)),
            ("domestic (one country)",
             page.metric("events_domestic", int(totals["domestic"] or 0))),
            ("international (two countries)",
             page.metric("events_international", int(totals["international"] or 0))),
        ]
    )  # fmt: skip
    page.add(
        '<p class="note">Coded events (table events). A side is unresolved (---) when the '
        "dictionaries do not know the argument; coded without a country when its code has no "
        "country segment (a role alone such as GOV, or an organisation such as IGOEUREEC). "
        "Country panels (dyad_month level 'country') can only use country-to-country events; "
        "domestic and international count those.</p>"
    )
    grid = page.query(
        f"""
        -- sql-ok: constants only
        SELECT {source} AS source, {target} AS target, count(*) AS events,
               round(count(*) / sum(count(*)) OVER (), 3) AS share
        FROM events GROUP BY ALL ORDER BY events DESC, source, target
        """
    )
    page.table(grid, "Events by what each side is")
    page.table(
        page.query(
            f"""
            -- sql-ok: constants only
            SELECT code, count(*) AS sides FROM (
                SELECT source_code AS code FROM events
                WHERE source_country IS NULL AND source_code <> '---'
                UNION ALL
                SELECT target_code FROM events
                WHERE target_country IS NULL AND target_code <> '---')
            GROUP BY code ORDER BY sides DESC, code LIMIT {TOP_N}
            """
        ),
        f"Most frequent codes without a country (top {TOP_N})",
    )


def _top_dyads(page: _Page) -> list[dict[str, object]]:
    return page.query(
        f"""
        -- sql-ok: constants only
        SELECT source, target, source || ' → ' || target AS dyad, sum(num_events) AS events,
               round(sum(goldstein_sum), 2) AS goldstein_sum,
               round(sum(goldstein_sum) / sum(num_events), 2) AS goldstein_mean
        FROM dyad_month WHERE level = 'country'
        GROUP BY source, target ORDER BY events DESC, dyad LIMIT {TOP_DYADS}
        """
    )


def _dyads(page: _Page) -> None:
    page.add("<h2>Events per month by quad class, top dyads</h2>")
    if not page.has("dyad_month"):
        page.missing("dyad_month")
        return
    top = _top_dyads(page)
    page.add(
        '<p class="note">Country dyads (source → target), events counted one a day per country '
        "dyad and CAMEO code (table dyad_month, level 'country').</p>"
    )
    page.table(
        [{k: v for k, v in r.items() if k not in ("source", "target")} for r in top],
        f"Top {TOP_DYADS} country dyads",
    )
    if not top:
        return
    dyads = [r["dyad"] for r in top]
    shown = page.metric("dyad_month_events_top_dyads", sum(int(r["events"]) for r in top))
    page.add(f"<p>Country-level events of these dyads: {shown}.</p>")
    window = _window(page)
    if window is not None:
        quads = " UNION ALL ".join(
            f"SELECT source || ' → ' || target AS dyad, strftime(month, '%Y-%m-%d') AS month, "
            f"{q} AS quad, {column} AS n FROM dyad_month WHERE level = 'country'"  # sql-ok: const
            for q, column in _QUAD_FIELDS.items()
        )
        union = f"SELECT * FROM ({quads}) WHERE n > 0"  # sql-ok: quads is built from constants
        rows = page.query(
            union + " AND list_contains(?, dyad) AND month::DATE >= ? AND month::DATE < ? "
            "ORDER BY 1, 2, 3",
            [dyads, window.first, window.end],
        )
        chart = (
            _quad_bars(rows, window, "events", ["dyad:N"])
            .properties(width=740, height=80)
            .facet(
                row=alt.Row(
                    "dyad:N",
                    title=None,
                    sort=dyads,
                    header=alt.Header(labelAngle=0, labelAlign="left"),
                )
            )
        )
        page.chart(
            "dyad_month_quad",
            chart,
            f"Events per month by QuadClass, top country dyads, {window.label()} "
            "(each row on the same month axis; empty months shown)",
        )
    _audit_events(page, top)


#: Events listed per top dyad for a reader to check by hand (`etl explain EVENT_ID`).
AUDIT_EVENTS = 3


def _audit_events(page: _Page, top: list[dict[str, object]]) -> None:
    if not page.has("events"):
        return
    rows = page.query(
        f"""
        -- sql-ok: constants only
        WITH top AS (SELECT unnest(?) AS source, unnest(?) AS target),
        ranked AS (
            SELECT e.source_country || ' → ' || e.target_country AS dyad, e.event_id,
                   strftime(e.event_date, '%Y-%m-%d') AS date, e.source_code, e.cameo_code,
                   e.target_code,
                   CASE WHEN length(e.sentence_text) > 160
                        THEN left(e.sentence_text, 159) || '…' ELSE e.sentence_text END
                       AS sentence,
                   row_number() OVER (PARTITION BY e.source_country, e.target_country
                                      ORDER BY e.event_date, e.event_id) AS k
            FROM events e JOIN top t
              ON e.source_country = t.source AND e.target_country = t.target
            WHERE e.{MONTH_KNOWN}
        )
        SELECT dyad, event_id, date, source_code AS source, cameo_code AS code,
               target_code AS target, sentence
        FROM ranked WHERE k <= {AUDIT_EVENTS}
        ORDER BY list_position(?, dyad), date, event_id
        """,
        [
            [r["source"] for r in top],
            [r["target"] for r in top],
            [r["dyad"] for r in top],
        ],
    )
    page.table(
        rows,
        f"The first {AUDIT_EVENTS} events of each top dyad, to audit: "
        "`etl explain EVENT_ID` shows the rule, the dictionary entries and the date evidence",
    )


def _bar_chart(rows: list[dict[str, object]], label: str, value: str, title: str) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1f6f8b")
        .encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            tooltip=[f"{label}:N", f"{value}:Q"],
        )
        .properties(width=640, height=max(60, 24 * len(rows)))
    )


def _top_actors_and_codes(page: _Page) -> None:
    page.add("<h2>Top actors and event codes</h2>")
    if not page.has("events_daily"):
        page.missing("events_daily")
        return
    actors = page.query(
        f"""
        -- sql-ok: constants only
        SELECT code AS actor, mode(name) AS most_frequent_name, count(*) AS events,
               sum(CASE WHEN role = 'source' THEN 1 ELSE 0 END) AS as_source,
               sum(CASE WHEN role = 'target' THEN 1 ELSE 0 END) AS as_target
        FROM (SELECT source_code AS code, source_name AS name, 'source' AS role FROM events_daily
              UNION ALL
              SELECT target_code, target_name, 'target' FROM events_daily)
        WHERE code <> '---'
        GROUP BY code ORDER BY events DESC, actor LIMIT {TOP_N}
        """
    )
    page.table(actors, f"Top {TOP_N} actors (one-a-day events they take part in)")
    if actors:
        page.chart(
            "top_actors",
            _bar_chart(actors, "actor", "events", "one-a-day events"),
            "Top actors by events they take part in (source or target)",
        )
    codes = page.query(
        f"""
        -- sql-ok: constants only
        SELECT cameo_code AS code, any_value(event_name) AS name, any_value(quad_class) AS quad,
               count(*) AS events, sum(num_articles) AS articles
        FROM events_daily GROUP BY cameo_code ORDER BY events DESC, code LIMIT {TOP_N}
        """
    )
    page.table(codes, f"Top {TOP_N} CAMEO codes")
    if codes:
        page.chart(
            "top_codes",
            _bar_chart(
                [{**c, "label": f"{c['code']} {c['name']}"[:48]} for c in codes],
                "label",
                "events",
                "one-a-day events",
            ),
            "Top CAMEO event codes",
        )
    roots = page.query(
        "SELECT cameo_root AS root, count(*) AS events FROM events_daily GROUP BY 1 ORDER BY 1"
    )
    # one row of roots: twenty short columns read better side by side than stacked
    page.table(
        [{"root": "events", **{str(r["root"]): r["events"] for r in roots}}] if roots else [],
        "One-a-day events by CAMEO root",
    )


def _dedup(page: _Page) -> None:
    page.add("<h2>Deduplication</h2>")
    if not page.has("duplicate_clusters"):
        page.missing("duplicate_clusters")
        return
    stats = page.query(
        """
        SELECT count(*) AS articles, count(DISTINCT cluster_id) AS stories,
               sum(CASE WHEN is_canonical THEN 0 ELSE 1 END) AS duplicates,
               max(cluster_size) AS largest
        FROM duplicate_clusters
        """
    )[0]
    page.cards(
        [
            ("articles", page.metric("dedup_articles", int(stats["articles"] or 0))),
            ("stories", page.metric("dedup_stories", int(stats["stories"] or 0))),
            ("duplicates (not coded)",
             page.metric("dedup_duplicates", int(stats["duplicates"] or 0))),
            ("share duplicates",
             page.metric("share_duplicates", _share(stats["duplicates"], stats["articles"]),
                         share=True)),
            ("largest story", page.metric("largest_cluster", int(stats["largest"] or 0))),
        ]
    )  # fmt: skip
    page.table(
        page.query(
            "SELECT tier, count(*) AS articles, round(avg(score), 3) AS mean_score "
            "FROM duplicate_clusters WHERE NOT is_canonical GROUP BY tier ORDER BY 2 DESC, 1"
        ),
        "How duplicates joined their story",
    )
    sizes = page.query(
        "SELECT cluster_size AS story_size, count(DISTINCT cluster_id) AS stories "
        "FROM duplicate_clusters GROUP BY 1 ORDER BY 1"
    )
    page.table(sizes, "Stories by number of articles")
    if page.has("events", "events_daily"):
        coded = page.scalar("SELECT count(*) FROM events")
        daily = page.scalar("SELECT count(*) FROM events_daily")
        articles = page.scalar("SELECT coalesce(sum(num_articles), 0) FROM events_daily")
        page.add(
            "<p>The coder read one article per story: "
            f"{page.metric('dedup_coded_events', int(coded or 0))} coded events merge into "
            f"{page.metric('dedup_daily_events', int(daily or 0))} one-a-day events, reported by "
            f"{page.metric('dedup_daily_articles', int(articles or 0))} articles in all "
            "(copies included).</p>"
        )


def _dates(page: _Page) -> None:
    page.add("<h2>Date precision</h2>")
    if not page.has("events"):
        page.missing("events")
        return
    total = page.scalar("SELECT count(*) FROM events")
    day = page.scalar("SELECT count(*) FROM events WHERE date_precision = 'day'")
    undated = page.scalar("SELECT count(*) FROM events WHERE event_date IS NULL")
    page.cards(
        [
            ("events dated to the day", page.metric("share_events_day_precision",
                                                    _share(day, total), share=True)),
            ("events without a date", page.metric("events_undated", int(undated or 0))),
        ]
    )  # fmt: skip
    rows = page.query(
        "SELECT date_precision, date_origin, count(*) AS events FROM events "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
    )
    page.table(rows, "Events by date precision and where the date came from")
    if rows:
        chart = (
            alt.Chart(alt.Data(values=rows))
            .mark_bar()
            .encode(
                x=alt.X("events:Q", title="events"),
                y=alt.Y("date_precision:N", title="precision", sort=PRECISION_ORDER),
                color=alt.Color("date_origin:N", title="date from"),
                tooltip=["date_precision:N", "date_origin:N", "events:Q"],
            )
            .properties(width=640, height=150)
        )
        page.chart("date_precision", chart, "Events by date precision and origin")
    if page.has("articles"):
        page.table(
            page.query(
                "SELECT published_precision, published_origin, count(*) AS articles FROM articles "
                "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
            ),
            "Articles by publication-date precision and origin",
        )


def _discovery(page: _Page) -> None:
    page.add("<h2>For dictionary curation</h2>")
    if page.has("actor_candidates"):
        # how the text uses each name (etl actors suggest flags those that modify more than
        # act); absent from a warehouse last published by an older version
        shown = "num_acting_mentions AS acts, num_modifier_mentions AS modifies_a_noun, "
        usage = shown if "num_acting_mentions" in page.columns("actor_candidates") else ""
        page.table(
            page.query(
                f"SELECT rank, name, suggested_kind AS kind, num_mentions AS mentions, "
                f"num_articles AS articles, {usage}"
                f"suggested_code, suggestion_evidence FROM actor_candidates "  # sql-ok: const
                f"ORDER BY rank LIMIT {TOP_N}"
            ),
            "Names without an actor code (etl actors suggest turns these into a patch)",
        )
    else:
        page.missing("actor_candidates")
    if page.has("verb_candidates"):
        page.table(
            page.query(
                f"SELECT rank, phrase, num_sentences AS sentences, actor_pairs[1] AS example_dyad "
                f"FROM verb_candidates ORDER BY rank LIMIT {TOP_N}"  # sql-ok: const
            ),
            "Verb phrases between two actors that coded no event",
        )
    else:
        page.missing("verb_candidates")


SECTIONS = (
    _run_summary,
    _coverage,
    _sides,
    _over_time,
    _dyads,
    _top_actors_and_codes,
    places_section,
    _dedup,
    _dates,
    _discovery,
)


def render_report(
    con: duckdb.DuckDBPyConnection, out: Path, title: str = "Event data report"
) -> Report:
    """Render the warehouse behind `con` into one self-contained HTML file at `out`.

    Sections whose tables are missing say so instead of failing, so the report also works on a
    partial warehouse. The file is written to a temporary name and renamed.
    """
    page = _Page(con)
    for section in SECTIONS:
        section(page)
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    document = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{html.escape(title)}</h1><p class="note">Generated {generated} from the '
        "warehouse tables; every number is a SQL query over them (etl/publish/report.py).</p>"
        + "\n".join(page.parts)
        + "</body></html>\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(document, encoding="utf-8")
    os.replace(tmp, out)
    return Report(path=out, metrics=page.metrics, charts=page.charts, specs=page.specs)
