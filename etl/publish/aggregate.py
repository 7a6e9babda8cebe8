"""Research datasets: the one-a-day event table and the dyad-month panel.

**Counting stories, not copies.** The dedup stage puts every article in exactly one story
cluster; the coder reads each cluster's canonical article and its near copies and translations
(what only one copy states is not lost), never its exact copies. So the coded events of one
(day, source, target, CAMEO code) are merged per story, and:

* ``num_stories`` is the number of distinct ``cluster_id`` of the member events: a story
  syndicated ten times counts once, however many of its copies stated the event;
* ``num_articles`` adds back the copies: it is the sum, over those distinct clusters, of
  ``duplicate_clusters.cluster_size`` (which also counts members stored by earlier runs). This
  rests on one premise, stated here because every GDELT-style count depends on it: an exact
  copy reports the same events as the story's coded articles;
* ``num_coded_articles`` counts the articles that were read (canonical, near copies, translations);
* ``num_mentions`` counts distinct coded sentences stating the event, over every coded member of
  the story (GDELT counts mentions in every document; exact copies are not parsed);
* ``num_sources`` counts distinct publishers over every article of those clusters (copies
  included: syndication by two outlets is two sources). The publisher is the article's
  ``publisher``, else its URL's host, else unknown; each article of unknown publisher counts as
  a source of its own, so the figure is an upper bound when publishers are missing.

``first_article_id``/``last_article_id`` are the earliest and latest published articles over
all articles of those stories (copies included), ties broken by article id; the GDELT view
takes ``SOURCEURL`` from the first.

The date precision is part of the one-a-day key: an event known only to have happened in
January 2019 is not the same claim as one dated 1 January 2019.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from etl.cameo import split_actor_code
from etl.records import (
    Article,
    CountryMonth,
    DatePrecision,
    DuplicateMember,
    DyadMonth,
    Event,
    EventDaily,
)

#: Precisions precise enough to place an event in a month of the panel.
MONTHLY_PRECISIONS = frozenset({DatePrecision.DAY, DatePrecision.MONTH})

#: What the coder writes for an actor it could not resolve (etl.coding.events.UNRESOLVED).
UNRESOLVED_CODES = frozenset({"---", ""})


@functools.cache
def _null_country() -> str:
    from etl.coding.dyads import DyadRules

    return DyadRules.from_package().null_country


def unresolved_code(code: str) -> bool:
    """Whether an actor code names no actor a panel can follow: ``---`` (unresolved) or a
    role of PETRARCH's null country (``---GOV``, a government nobody could tell the country of:
    governments of different countries would share its cells)."""
    return code in UNRESOLVED_CODES or code.startswith(_null_country())


LEVEL_COUNTRY = "country"
LEVEL_ACTOR = "actor"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def daily_key(event: Event) -> tuple[str, str, str, str, str]:
    """The one-a-day key: date (or ''), precision, source code, target code, CAMEO code."""
    date = event.event_date.isoformat() if event.event_date else ""
    precision = getattr(event.date_precision, "value", event.date_precision)
    return (date, str(precision), event.source_code, event.target_code, event.cameo_code)


def publisher_key(article: Article) -> str:
    """Who published an article: publisher name, else URL host, else the article itself."""
    if article.publisher and article.publisher.strip():
        return "publisher:" + article.publisher.strip().casefold()
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            return "host:" + host.removeprefix("www.")
    return "article:" + article.article_id


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)


def build_events_daily(
    events: Sequence[Event],
    articles: Sequence[Article],
    members: Sequence[DuplicateMember],
) -> list[EventDaily]:
    """Merge coded events into one row per (date, precision, source, target, CAMEO code).

    Args:
        events: coded events (canonical articles, near copies and translations).
        articles: every article, copies included (for publishers, dates and URLs).
        members: the dedup clusters (every article in exactly one).

    Returns:
        Rows sorted by date (unknown last), source, target and code. See the module docstring
        for what each count means.
    """
    by_article = {a.article_id: a for a in articles}
    cluster_articles: dict[str, list[str]] = defaultdict(list)
    cluster_size: dict[str, int] = {}
    for m in members:
        cluster_articles[m.cluster_id].append(m.article_id)
        cluster_size[m.cluster_id] = max(cluster_size.get(m.cluster_id, 0), m.cluster_size)

    groups: dict[tuple[str, ...], list[Event]] = defaultdict(list)
    for event in events:
        groups[daily_key(event)].append(event)

    rows: list[EventDaily] = []
    for key, group in groups.items():
        rows.append(_daily_row(key, group, by_article, cluster_articles, cluster_size))
    rows.sort(
        key=lambda r: (
            r.event_date is None,
            r.event_date or dt.date.min,
            r.source_code,
            r.target_code,
            r.cameo_code,
            r.date_precision,
        )
    )
    return rows


def _daily_row(
    key: tuple[str, ...],
    group: list[Event],
    by_article: dict[str, Article],
    cluster_articles: dict[str, list[str]],
    cluster_size: dict[str, int],
) -> EventDaily:
    first = group[0]
    digest = _digest(*key)
    coded_by_cluster: dict[str, set[str]] = defaultdict(set)
    for e in group:
        coded_by_cluster[e.cluster_id].add(e.article_id)
    clusters = sorted(coded_by_cluster)
    story_articles: list[str] = []
    for cluster in clusters:
        # A cluster missing from duplicate_clusters still has its coded article.
        story_articles.extend(cluster_articles.get(cluster) or sorted(coded_by_cluster[cluster]))
    known = [by_article[a] for a in story_articles if a in by_article]
    earliest = min(known, key=lambda a: (a.published or dt.date.max, a.article_id), default=None)
    latest = max(known, key=lambda a: (a.published or dt.date.min, a.article_id), default=None)
    publishers = {publisher_key(a) for a in known} | {
        "article:" + a for a in story_articles if a not in by_article
    }
    source_parts = split_actor_code(first.source_code)
    target_parts = split_actor_code(first.target_code)
    first_id = earliest.article_id if earliest else min(story_articles)
    return EventDaily(
        daily_id=digest[:24],
        global_event_id=int(digest[:15], 16),
        event_date=first.event_date,
        date_precision=first.date_precision,
        source_code=first.source_code,
        source_name=_most_common(e.source_name for e in group) or first.source_name,
        source_country=_most_common(e.source_country for e in group),
        source_role=_most_common(e.source_role for e in group),
        source_known_group=source_parts.known_group,
        source_types=list(source_parts.types) or [r for r in [first.source_role] if r],
        target_code=first.target_code,
        target_name=_most_common(e.target_name for e in group) or first.target_name,
        target_country=_most_common(e.target_country for e in group),
        target_role=_most_common(e.target_role for e in group),
        target_known_group=target_parts.known_group,
        target_types=list(target_parts.types) or [r for r in [first.target_role] if r],
        cameo_code=first.cameo_code,
        cameo_base=first.cameo_base,
        cameo_root=first.cameo_root,
        event_name=first.event_name,
        quad_class=first.quad_class,
        penta_class=first.penta_class,
        goldstein=first.goldstein,
        plover_event=first.plover_event,
        is_root_event=any(e.is_root_event for e in group),
        num_events=len({e.event_id for e in group}),
        num_mentions=len({e.sentence_id for e in group}),
        num_coded_articles=len({e.article_id for e in group}),
        num_articles=sum(
            max(cluster_size.get(c, 0), len(cluster_articles.get(c, ())), 1) for c in clusters
        ),
        num_stories=len(clusters),
        num_sources=len(publishers),
        first_article_id=first_id,
        last_article_id=latest.article_id if latest else max(story_articles),
        first_published=earliest.published if earliest else None,
        last_published=latest.published if latest else None,
        source_url=(earliest.url or earliest.source) if earliest else first_id,
        event_ids=sorted({e.event_id for e in group}),
        cluster_ids=clusters,
        **_daily_place(group),
    )


#: The place columns events_daily takes from its member events (`etl.coding.places`).
GEO_COLUMNS = (
    "geo_type", "geo_name", "geo_country", "geo_iso3", "geo_fips", "geo_adm1", "geo_lat",
    "geo_lon", "geo_geonameid", "geo_origin",
)  # fmt: skip


def _daily_place(group: Sequence[Event]) -> dict[str, object]:
    """The place most member events give (ties: the lowest event id's); none without one."""
    placed = sorted((e for e in group if e.geo_type is not None), key=lambda e: e.event_id)
    if not placed:
        return {}
    counts = Counter((e.geo_type, e.geo_name, e.geo_country) for e in placed)
    best = max(counts.values())
    chosen = next(e for e in placed if counts[(e.geo_type, e.geo_name, e.geo_country)] == best)
    return {name: getattr(chosen, name) for name in GEO_COLUMNS}


_QUAD_FIELDS = {
    1: "num_verbal_cooperation",
    2: "num_material_cooperation",
    3: "num_verbal_conflict",
    4: "num_material_conflict",
}


def build_dyad_month(daily: Sequence[EventDaily]) -> list[DyadMonth]:
    """Monthly panel cells per directed dyad, at country and at full actor-code level.

    Events are counted one a day *at the level's granularity*: ``VENGOV→RUSGOV 042`` and
    ``VEN→RUS 042`` on the same day are two actor-level events but one country-level event.
    Rows whose date is unknown, or only known to the year (or without year), are left out:
    they cannot be placed in a month. Country-level cells need both countries, so events of
    actors without one (``IGOUNO``) appear only at actor level. Events with an unresolved side
    (code ``---``) or a role of the null country (``---GOV``) have no dyad and are left out at
    both levels. Cells without events are not
    created.
    """
    cells: dict[tuple[str, dt.date, str, str], dict] = {}
    for row in daily:
        if row.event_date is None or row.date_precision not in MONTHLY_PRECISIONS:
            continue
        if unresolved_code(row.source_code) or unresolved_code(row.target_code):
            continue
        month = row.event_date.replace(day=1)
        dyads = [(LEVEL_ACTOR, row.source_code, row.target_code)]
        if row.source_country and row.target_country:
            dyads.append((LEVEL_COUNTRY, row.source_country, row.target_country))
        for level, source, target in dyads:
            cell = cells.setdefault(
                (level, month, source, target),
                {"events": {}, "clusters": set(), "rows": 0, "where": Counter()},
            )
            event_key = (row.event_date, str(row.date_precision), row.cameo_code)
            cell["events"][event_key] = (row.quad_class, row.goldstein)
            cell["clusters"].update(row.cluster_ids)
            cell["rows"] += 1
            cell["where"][_where(row)] += 1

    out: list[DyadMonth] = []
    for (level, month, source, target), cell in sorted(cells.items()):
        quads = Counter(q for q, _ in cell["events"].values())
        total = sum(g for _, g in cell["events"].values())
        n = len(cell["events"])
        out.append(
            DyadMonth(
                level=level,
                month=month,
                source=source,
                target=target,
                num_events=n,
                **{name: quads.get(q, 0) for q, name in _QUAD_FIELDS.items()},
                goldstein_sum=round(total, 6),
                goldstein_mean=round(total / n, 6),
                num_stories=len(cell["clusters"]),
                num_daily_rows=cell["rows"],
                num_in_source_country=cell["where"]["source"],
                num_in_target_country=cell["where"]["target"],
                num_elsewhere=cell["where"]["elsewhere"],
                num_unplaced=cell["where"]["unplaced"],
            )
        )
    return out


def _where(row: EventDaily) -> str:
    """Whose soil a dyad's event happened on: the source's, the target's, a third or unknown."""
    if row.geo_country is None:
        return "unplaced"
    if row.geo_country == row.source_country:
        return "source"
    if row.geo_country == row.target_country:
        return "target"
    return "elsewhere"


def build_country_month(daily: Sequence[EventDaily]) -> list[CountryMonth]:
    """Monthly cells per country the events happened in (the event-location panel).

    Counts one-a-day rows placed in a country (`events_daily.geo_country`, any `geo_origin`),
    dated to the day or the month, whatever their actors: an unresolved side still happened
    somewhere. Unplaced rows are left out; cells without events are not created.
    """
    cells: dict[tuple[dt.date, str], list[EventDaily]] = defaultdict(list)
    for row in daily:
        if row.event_date is None or row.date_precision not in MONTHLY_PRECISIONS:
            continue
        if row.geo_country is None:
            continue
        cells[(row.event_date.replace(day=1), row.geo_country)].append(row)
    out: list[CountryMonth] = []
    for (month, country), rows in sorted(cells.items()):
        quads = Counter(r.quad_class for r in rows)
        total = sum(r.goldstein for r in rows)
        out.append(
            CountryMonth(
                month=month,
                country=country,
                num_events=len(rows),
                **{name: quads.get(q, 0) for q, name in _QUAD_FIELDS.items()},
                goldstein_sum=round(total, 6),
                goldstein_mean=round(total / len(rows), 6),
                num_domestic=sum(r.source_country == r.target_country == country for r in rows),
                num_local_places=sum(r.geo_type not in (None, "country") for r in rows),
                num_stories=len({c for r in rows for c in r.cluster_ids}),
            )
        )
    return out
