"""Event places through the research tables: events_daily, dyad_month and country_month."""

from __future__ import annotations

from etl.publish.aggregate import build_country_month, build_dyad_month, build_events_daily
from tests.publish.publish_data import ARTICLES, FEB7, MEMBERS, SEP23, event

CARACAS = {
    "geo_type": "city", "geo_name": "Caracas", "geo_country": "VEN", "geo_iso3": "VEN",
    "geo_fips": "VE", "geo_adm1": "VE25", "geo_lat": 10.488, "geo_lon": -66.879,
    "geo_geonameid": 3646738, "geo_origin": "sentence", "geo_evidence": "'in Caracas'",
}  # fmt: skip
MOSCOW = {**CARACAS, "geo_name": "Moscow", "geo_country": "RUS", "geo_iso3": "RUS",
          "geo_fips": "RS", "geo_adm1": "RS48", "geo_geonameid": 524901}  # fmt: skip


def _placed(eid, sid, source, target, code, date, place):
    return event(eid, sid, source, target, code, date).model_copy(update=place)


EVENTS = [
    _placed("e1", "a1:0:0", "RUSGOV", "VENGOV", "040", FEB7, CARACAS),
    _placed("e2", "a1:0:1", "RUSGOV", "VENGOV", "040", FEB7, CARACAS),
    _placed("e3", "a3:1:1", "RUSGOV", "VENGOV", "040", FEB7, MOSCOW),
    _placed("e4", "a4:0:0", "VENGOV", "RUSGOV", "042", SEP23, MOSCOW),
    event("e5", "a3:0:0", "USA", "VEN", "163", FEB7),
]


def test_events_daily_takes_the_place_most_members_give():
    daily = {r.cameo_code: r for r in build_events_daily(EVENTS, ARTICLES, MEMBERS)}
    assert (daily["040"].geo_name, daily["040"].geo_adm1) == ("Caracas", "VE25")
    assert daily["163"].geo_type is None


def test_dyad_month_says_on_whose_soil_the_dyads_events_happened():
    daily = build_events_daily(EVENTS, ARTICLES, MEMBERS)
    cells = {(c.level, c.source, c.target): c for c in build_dyad_month(daily)}
    rus_ven = cells[("country", "RUS", "VEN")]
    assert (rus_ven.num_in_target_country, rus_ven.num_in_source_country) == (1, 0)
    ven_rus = cells[("country", "VEN", "RUS")]
    assert ven_rus.num_in_target_country == 1
    assert cells[("country", "USA", "VEN")].num_unplaced == 1


def test_country_month_counts_placed_events_by_their_country():
    daily = build_events_daily(EVENTS, ARTICLES, MEMBERS)
    cells = {(c.month, c.country): c for c in build_country_month(daily)}
    assert set(cells) == {(FEB7.replace(day=1), "VEN"), (SEP23.replace(day=1), "RUS")}
    ven = cells[(FEB7.replace(day=1), "VEN")]
    assert (ven.num_events, ven.num_verbal_cooperation, ven.num_local_places) == (1, 1, 1)
    assert ven.num_domestic == 0
