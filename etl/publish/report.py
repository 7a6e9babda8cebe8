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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import duckdb
import vl_convert

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
.note{color:#666;font-size:.85rem}
"""


@dataclass
class Report:
    """What was rendered: the file, and every metric shown on it (name -> raw value)."""

    path: Path
    metrics: dict[str, float | int | None] = field(default_factory=dict)
    charts: list[str] = field(default_factory=list)

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
        rows = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
        self.relations = {r[0] for r in rows}

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
        if not rows:
            self.add('<p class="note">No rows.</p>')
            return
        names = list(rows[0])
        head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
        body = []
        for row in rows:
            cells = []
            for n in names:
                v = row[n]
                numeric = isinstance(v, int | float) and not isinstance(v, bool)
                cls = ' class="num"' if numeric else ""
                cells.append(f"<td{cls}>{html.escape(_fmt(v))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
        self.add(
            f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def chart(self, name: str, chart: alt.TopLevelMixin, caption: str) -> None:
        png = vl_convert.vegalite_to_png(chart.to_dict(), scale=CHART_SCALE)
        data = base64.b64encode(png).decode("ascii")
        self.charts.append(name)
        self.add(
            f'<figure><img class="chart" data-chart="{html.escape(name)}" '
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
    with_mentions = page.scalar(
        "SELECT count(DISTINCT m.sentence_id) FROM actor_mentions m "
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
        ("share with an actor",
         page.metric("share_sentences_with_mentions", _share(with_mentions, coded), share=True)),
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


def _dyads(page: _Page) -> None:
    page.add("<h2>Events per month by quad class, top dyads</h2>")
    if not page.has("dyad_month"):
        page.missing("dyad_month")
        return
    top = page.query(
        f"""
        -- sql-ok: constants only
        SELECT source || ' → ' || target AS dyad, sum(num_events) AS events,
               round(sum(goldstein_sum), 2) AS goldstein_sum
        FROM dyad_month WHERE level = 'country'
        GROUP BY source, target ORDER BY events DESC, dyad LIMIT {TOP_DYADS}
        """
    )
    page.add(
        '<p class="note">Country dyads (source → target), events counted one a day per country '
        "dyad and CAMEO code (table dyad_month, level 'country').</p>"
    )
    page.table(top, f"Top {TOP_DYADS} country dyads")
    if not top:
        return
    dyads = [r["dyad"] for r in top]
    quads = " UNION ALL ".join(
        f"SELECT source || ' → ' || target AS dyad, strftime(month, '%Y-%m') AS month, "
        f"{q} AS quad, {column} AS n FROM dyad_month WHERE level = 'country'"  # sql-ok: const
        for q, column in _QUAD_FIELDS.items()
    )
    union = f"SELECT * FROM ({quads}) WHERE n > 0"  # sql-ok: quads is built from constants
    rows = page.query(union + " AND list_contains(?, dyad) ORDER BY 1, 2, 3", [dyads])
    shown = page.metric("dyad_month_events_top_dyads", sum(int(r["events"]) for r in top))
    page.add(f"<p>Country-level events of these dyads: {shown}.</p>")
    data = [{**r, "quad_class": QUAD_NAMES[int(r["quad"])]} for r in rows]
    chart = (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="month"),
            y=alt.Y("n:Q", title="events", stack=True),
            color=alt.Color(
                "quad_class:N",
                title="QuadClass",
                scale=alt.Scale(domain=list(QUAD_NAMES.values()), range=QUAD_COLOURS),
            ),
            tooltip=["dyad:N", "month:O", "quad_class:N", "n:Q"],
        )
        .properties(width=420, height=110)
        .facet(row=alt.Row("dyad:N", title=None, sort=dyads))
    )
    page.chart("dyad_month_quad", chart, "Events per month by QuadClass, top country dyads")


def _bar_chart(rows: list[dict[str, object]], label: str, value: str, title: str) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1f6f8b")
        .encode(
            x=alt.X(f"{value}:Q", title=title),
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            tooltip=[f"{label}:N", f"{value}:Q"],
        )
        .properties(width=420, height=max(60, 22 * len(rows)))
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
    page.table(roots, "One-a-day events by CAMEO root")


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
                y=alt.Y("date_precision:N", title="precision"),
                color=alt.Color("date_origin:N", title="date from"),
                tooltip=["date_precision:N", "date_origin:N", "events:Q"],
            )
            .properties(width=420, height=120)
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
        page.table(
            page.query(
                f"SELECT rank, name, label, num_mentions AS mentions, num_articles AS articles, "
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


SECTIONS = (_run_summary, _coverage, _dyads, _top_actors_and_codes, _dedup, _dates, _discovery)


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
    return Report(path=out, metrics=page.metrics, charts=page.charts)
