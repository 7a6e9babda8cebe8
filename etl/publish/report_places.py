"""The report's "Where events happened" section: a static map and the top places.

Kept apart from `report.py` because it reads the place columns only (`etl.coding.places`). The
map is drawn from the data alone: a graticule and the events' coordinates on an equal-earth
projection, no country outlines (no PyPI package this project depends on ships them, and the
report downloads nothing). Each dot is a place, its area the one-a-day events placed there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

if TYPE_CHECKING:
    from etl.publish.report import _Page

#: Places listed in the top-places table.
TOP_PLACES = 15
#: Places named on the map.
MAP_LABELS = 8


def places_section(page: _Page) -> None:
    """Share of events placed, by origin; the map; the top places."""
    page.add("<h2>Where events happened</h2>")
    if not page.has("events_daily") or "geo_type" not in page.columns("events_daily"):
        page.missing("events_daily (with places)")
        return
    total = page.scalar("SELECT count(*) FROM events_daily") or 0
    placed = page.scalar("SELECT count(*) FROM events_daily WHERE geo_type IS NOT NULL") or 0
    page.cards(
        [
            ("one-a-day events placed", page.metric("events_placed", int(placed))),
            (
                "share placed",
                page.metric("share_events_placed", placed / total if total else None, share=True),
            ),
        ]
    )
    origins = page.query(
        "SELECT coalesce(geo_origin, 'none') AS origin, count(*) AS events FROM events_daily "
        "GROUP BY 1 ORDER BY events DESC, origin"
    )
    page.table(
        origins,
        "Where the place came from: the event's own phrase or the one town its sentence names "
        "(sentence), its target, the article's dateline, the one country of the article's places "
        "(article), or none",
    )
    points = page.query(
        """
        SELECT geo_name AS place, geo_type AS type, geo_country AS country,
               geo_lat AS lat, geo_lon AS lon, count(*) AS events
        FROM events_daily WHERE geo_lat IS NOT NULL
        GROUP BY ALL ORDER BY events DESC, place
        """
    )
    if points:
        sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#eef3f6", stroke="#9aa")
        grid = alt.Chart(alt.graticule(step=[30, 30])).mark_geoshape(stroke="#ccd", strokeWidth=0.5)
        dots = (
            alt.Chart(alt.Data(values=points))
            .mark_circle(color="#c0392b", opacity=0.7, stroke="white", strokeWidth=0.5)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                size=alt.Size(
                    "events:Q", title="one-a-day events", scale=alt.Scale(range=[30, 900])
                ),
                tooltip=["place:N", "type:N", "country:N", "events:Q"],
            )
        )
        # Without outlines the dots need names: the busiest places are labelled.
        labels = (
            alt.Chart(alt.Data(values=points[:MAP_LABELS]))
            .mark_text(align="left", dx=8, dy=-6, fontSize=11, color="#333")
            .encode(longitude="lon:Q", latitude="lat:Q", text="place:N")
        )
        page.chart(
            "event_places_map",
            (sphere + grid + dots + labels).project("equalEarth").properties(width=720, height=380),
            "Event places (dot area: one-a-day events placed there; a country's dot is the "
            "population-weighted centroid of its GeoNames cities)",
        )
    top = page.query(
        f"""
        -- sql-ok: constants only
        SELECT geo_name AS place, geo_type AS type, geo_country AS country,
               count(*) AS events,
               sum(CASE WHEN geo_origin = 'sentence' THEN 1 ELSE 0 END) AS from_sentence,
               sum(CASE WHEN geo_origin = 'target' THEN 1 ELSE 0 END) AS from_target,
               sum(CASE WHEN geo_origin = 'dateline' THEN 1 ELSE 0 END) AS from_dateline,
               sum(CASE WHEN geo_origin = 'article' THEN 1 ELSE 0 END) AS from_article
        FROM events_daily WHERE geo_type IS NOT NULL
        GROUP BY ALL ORDER BY events DESC, place LIMIT {TOP_PLACES}
        """
    )
    page.table(top, f"Top {TOP_PLACES} event places (one-a-day events)")
