"""The CAMEO codebook as data: event codes, Goldstein weights, quad classes, PLOVER types.

The CSVs under `etl/dictionaries/cameo/` are facts of the codebook (see their SOURCES.md);
this module only reads them, so a reviewer can trace every code, weight and class in the
warehouse to a row of a file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from etl.errors import Errors

#: Actor types of the codebook that name an organisation, not a role inside a country
#: (cameo/SOURCES.md: "a few named organisations (AMN IRC GRP UNO PKO) and organisation types
#: (UIS IGO IMG INT MNC NGM NGO ...)"). A code may begin with one of these, as with a
#: country ("IGOUNO", "NGOHRIAMN"); a role inside a country (GOV, LEG, BUS) may not.
ORGANISATION_TYPES = frozenset(
    {"AMN", "IRC", "GRP", "UNO", "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO"}
)


@dataclass(frozen=True)
class EventCode:
    """One CAMEO event code with everything the warehouse derives from it."""

    code: str
    name: str
    base: str
    root: str
    quad_class: int
    penta_class: int
    goldstein: float
    plover_event: str | None


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("etl.dictionaries").joinpath("cameo", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class Codebook:
    """Lookup of CAMEO event codes, country codes and actor role codes."""

    events: dict[str, EventCode]
    countries: dict[str, str]
    roles: dict[str, str]

    def event(self, code: str) -> EventCode:
        """Return the codebook entry for `code`, raising a coded error for unknown codes."""
        try:
            return self.events[code]
        except KeyError:
            raise ValueError(Errors.E010.format(code=code)) from None

    def is_valid_event(self, code: str) -> bool:
        return code in self.events


@cache
def codebook() -> Codebook:
    """Load the CAMEO tables once per process (they are small and immutable)."""
    names = {r["code"]: r["name"] for r in _rows("cameo_event_codes.csv")}
    goldstein = {r["code"]: float(r["goldstein"]) for r in _rows("goldstein.csv")}
    quads = {r["root"]: r for r in _rows("quad_classes.csv")}
    plover: dict[str, str] = {}
    for r in _rows("cameo_to_plover.csv"):
        if r["plover_event"]:
            plover[r["cameo_code"]] = r["plover_event"]
    events: dict[str, EventCode] = {}
    for code, name in names.items():
        root = code[:2]
        base = code[:3] if len(code) >= 3 else code
        q = quads[root]
        events[code] = EventCode(
            code=code,
            name=name,
            base=base,
            root=root,
            quad_class=int(q["quad_class"]),
            penta_class=int(q["phoenix_quad_class"]),
            goldstein=goldstein[code],
            plover_event=plover.get(code) or plover.get(base) or plover.get(root),
        )
    countries = {r["code"]: r["name"] for r in _rows("countries.csv")}
    roles = {r["code"]: r["name"] for r in _rows("actor_types.csv")}
    return Codebook(events=events, countries=countries, roles=roles)


@dataclass(frozen=True)
class ActorCodeParts:
    """The three-letter segments of a CAMEO actor code, sorted into GDELT's columns."""

    country: str | None
    known_group: str | None
    types: tuple[str, ...]


@cache
def _known_groups() -> frozenset[str]:
    return frozenset(row["code"] for row in _rows("known_groups.csv"))


def split_actor_code(code: str) -> ActorCodeParts:
    """Split a code like ``VENGOVOPP`` or ``IGOUNOKID`` into country, known group and types.

    The first segment is the country when the codebook lists it (cameo/countries.csv, which
    also holds regions); each later segment is a type when cameo/actor_types.csv lists it,
    else the known group when cameo/known_groups.csv does. Segments in neither (a region in
    second place, as in ``IGOEUREEC``) are left out: GDELT has no column for them.
    """
    book = codebook()
    segments = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    country = None
    if segments and segments[0] in book.countries:
        country = segments.pop(0)
    known_group = None
    types: list[str] = []
    for segment in segments:
        if segment in book.roles:
            types.append(segment)
        elif known_group is None and segment in _known_groups():
            known_group = segment
    return ActorCodeParts(country=country, known_group=known_group, types=tuple(types))
