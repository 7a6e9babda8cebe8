"""Scoring event places against gold `event_loc` annotations (PLOVER's `{"name", "country"}`).

Why a scorer of its own: the event scorer (`scoring.py`) compares codes; a place is right when it
names the gold place under any of its names ("Khatmandu" is GeoNames' Kathmandu) and in the right
country. Only gold records with an `event_loc` are scored, against the main (root) event.

* name: right when the predicted place is one of the gazetteer's readings of the gold name, or
  the folded names contain each other as words ("town of Rafah" and Rafah);
* country: the gold ISO-2 `country` when given, else the one country every gazetteer reading of
  the gold name lies in (a gold name with readings in several countries, or none, is not scored
  for country).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from etl.coding.places.gazetteer import Gazetteer, fold
from etl.records import Event

#: Words a gold name may carry around the place's own name ("town of Rafah", "Jaffna peninsula").
GENERIC_WORDS = frozenset({"town", "city", "village", "of", "the", "peninsula", "region", "area"})


@dataclass(frozen=True)
class PlaceRow:
    """One gold record with an `event_loc` and what the coder said."""

    id: str
    gold_name: str
    gold_country: str | None  # ISO-2
    predicted: str | None
    predicted_country: str | None  # ISO-2
    origin: str | None
    name_ok: bool
    country_ok: bool | None  # None: no gold country to compare with


@dataclass(frozen=True)
class PlaceScore:
    rows: list[PlaceRow]

    @property
    def names(self) -> tuple[int, int]:
        return sum(r.name_ok for r in self.rows), len(self.rows)

    @property
    def countries(self) -> tuple[int, int]:
        scored = [r for r in self.rows if r.country_ok is not None]
        return sum(bool(r.country_ok) for r in scored), len(scored)


def _readings(name: str, gaz: Gazetteer):
    words = fold(name).split()
    tries = [" ".join(words), " ".join(w for w in words if w not in GENERIC_WORDS)]
    for attempt in tries:
        found = gaz.lookup(attempt) if attempt else ()
        if found:
            return found
    return ()


def score_row(item_id: str, loc: dict, event: Event | None, gaz: Gazetteer) -> PlaceRow:
    """Score the main event's place against one gold `event_loc`."""
    gold = str(loc.get("name") or "")
    readings = _readings(gold, gaz)
    gold_country = loc.get("country")
    if not gold_country:
        countries = {p.iso2 for p in readings}
        gold_country = next(iter(countries)) if len(countries) == 1 else None
    predicted = event.geo_name if event is not None else None
    iso2 = None
    name_ok = False
    if event is not None and event.geo_type is not None:
        ids = {p.geonameid for p in readings if p.geonameid is not None}
        ours, theirs = set(fold(predicted or "").split()), set(fold(gold).split())
        name_ok = event.geo_geonameid in ids or (bool(ours) and (ours <= theirs or theirs <= ours))
        place = next((p for p in readings if p.geonameid == event.geo_geonameid), None)
        country = gaz.countries.get(event.geo_country or "")
        iso2 = place.iso2 if place is not None else (country.iso2 if country else None)
    return PlaceRow(
        id=item_id,
        gold_name=gold,
        gold_country=gold_country,
        predicted=predicted,
        predicted_country=iso2,
        origin=event.geo_origin if event is not None else None,
        name_ok=name_ok,
        country_ok=None if gold_country is None else iso2 == gold_country,
    )


def score_places(path: Path, coder, gaz: Gazetteer | None = None) -> PlaceScore:
    """Place accuracy of `coder` (an `etl.coding.pool.Coder`) on the gold file at `path`."""
    gaz = gaz if gaz is not None else Gazetteer.get()
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    located = [r for r in records if r.get("event_loc")]
    items = [(str(r.get("id", i)), r["text"], None) for i, r in enumerate(located)]
    rows: list[PlaceRow] = []
    for record, (item_id, _text, _date), events in zip(
        located, items, coder.code_texts(items), strict=True
    ):
        root = next((e for e in events if e.is_root_event), events[0] if events else None)
        rows.append(score_row(item_id, record["event_loc"], root, gaz))
    return PlaceScore(rows)
