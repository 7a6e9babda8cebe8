"""Actors: spans of parsed sentences resolved to CAMEO actor codes, with the entry that did it.

Public behaviour (the event coder and the `actor_mentions` asset rely on it):

* `ActorDictionary` holds the project's own actor data (`etl/dictionaries/actors/`, see its
  README): countries (names, aliases, adjectives and demonyms, capitals, regions), regions
  (named regions are actors, "Europe" EUR; region adjectives only constrain coreference, so
  "Latin American leaders" is no actor and "the Latin American country" is), international and
  non-governmental organisations, named non-state groups, seats of power and national
  institutions ("the Kremlin" RUSGOV, "Pentagon" USAMIL), role nouns and titles, people with
  date-bounded codes, and the resolution rules (`rules.yaml`). `from_package()` loads the
  shipped folder, `load(path)` a user's folder with the same files; every line is validated and
  a bad one raises `EtlError` with code E005, the file and the line number.
* `ActorResolver(dictionary).resolve_article(sents, article_date)` returns, for each sentence
  in order, its `Mention`s sorted by position. Sentences are spaCy `Span`s parsed by a full
  English pipeline (tagger, parser; NER is not read); each may be its own `Doc` or a slice of
  one article `Doc`. Token indices in a `Mention` are indices in that sentence's `Doc`.
* How a mention is resolved (`Mention.resolution`):
  - ``dictionary``: a country name, adjective or demonym ("Venezuela", "Venezuelan",
    "Russians"), a region name, an organisation ("UN" IGOUNO), a group, an institution, or a
    person whose dated entry is valid on the article date ("Trump" USAGOV on 2020-02-07, not
    on 2022-05-01).
  - ``metonym``: a capital or seat of power standing for a state ("Caracas' bid" VEN,
    "the Kremlin" RUSGOV, "Washington" USA). Capitals and seats that are objects of a locative
    preposition ("in the Kremlin") are still returned; their evidence ends with
    ``locative: object of 'in'`` so the coder can drop them as places.
  - ``compositional``: a noun phrase with a country (adjective, possessor, "of/in/from"
    country, capital, seat, or a known person's country) and a role word gets the two codes
    joined, without any entry for the person or firm: "Venezuelan Foreign Minister Jorge
    Arreaza" VENGOV, "Venezuela's state-run airline Conviasa" VENBUS, "the Maduro government"
    VENGOV, "Iraqi troops" IRQMIL. Role words that are group nouns outrank titles ("opposition
    leader" OPP, "army spokesman" MIL; `rules.yaml: role_priority`); "former" makes a title ELI.
    A group noun with no country at all gives a role-only code ("police" COP, "the court" JUD)
    when its entry allows it (`roles.csv: standalone`).
  - ``coreference``: later mentions take the code established earlier in the same article: a
    bare surname or "Mr X" of a person first named with a title ("Arreaza"), definite
    descriptions ("the FM" -> the person earlier called foreign minister; "the Venezuelan
    leader" -> the latest Venezuelan GOV person; "the company" -> the latest BUS organisation),
    "the country" / "his country" / "the South American nation" -> the latest country that fits,
    pronouns he/she/his/her/him only when one person is in view or one of them is the latest
    subject, and "I"/"my" inside a quote attributed in the same sentence ("'I thank Russia,'
    Maduro said").
* Coordinated actors give one mention each ("Russia, Belarus ... and Turkey"); the coder
  handles `conj`. Adjectives of non-actor nouns are mentions of their own ("Russian support"
  RUS, head = the adjective). A mention's `head` is the token the parse attaches it by; for a
  modifier mention it is the modifier itself (walk up `.head` for the argument noun).
* Named people outside every dated term take what the article already said about them, else
  the phrase's own role words ("former Venezuelan president Hugo Chávez" VENELI), else their
  country only (code = country, role None: Trump in 2022 is USA); when the article date is
  unknown the open-ended (else latest) term is used and the evidence says so.
* Matching is case-aware where case matters ("US" is not "us", "Turkey" not "turkey"), takes
  the longest match ("Latin American" over "American"), and accepts role words only as nouns
  ("military parade" is no MIL actor). Unknown proper names with a country and no role are
  actors ("France's Pernod Ricard") unless their head word names a date, event, law or place
  (`NON_ACTOR_NAME_HEADS`), which keeps "Russia's Victory Day" a RUS mention and no more.
  spaCy's NER is not used (its labels are unreliable on news text, NOTES.md, and it costs a
  third of a parse): a mention is a person when a title word (a `person` role) names it.
* `mention_records(mentions, sent, article_id, sentence_id)` turns one sentence's mentions
  into `actor_mentions` rows (character offsets relative to the sentence).
* `phrase_patterns()` lists every lower-cased surface that can start a mention (dictionary
  strings, pronouns, country reference nouns). Names introduced in the article are resolved
  through earlier mentions, so pass every sentence of an article to `resolve_article` even when
  a pre-filter skips some for event coding.

Speed: one `PhraseMatcher` per vocabulary, built once and run once per `Doc`; the rest is a few
passes over each sentence's tokens, so resolution costs a small fraction of the parse.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import spacy
import yaml
from spacy.attrs import DEP, HEAD, TAG
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from etl.cameo import ORGANISATION_TYPES, codebook
from etl.coding.event_dates import MONTHS, WEEKDAYS
from etl.errors import Errors, EtlError
from etl.records import ActorMention

__all__ = [
    "RESOLUTIONS",
    "ActorDictionary",
    "ActorResolver",
    "Mention",
    "mention_records",
]

RESOLUTIONS = ("dictionary", "compositional", "coreference", "metonym")

#: Head words of proper names that are no actor even with a country ("Russia's Victory Day",
#: "the US Constitution", "China's Yangtze River"): dates, events, laws and places, which NER
#: used to tell apart (DATE, EVENT, LAW, LOC) before the coder stopped running it.
NON_ACTOR_NAME_HEADS = frozenset(
    {*(set(MONTHS) - {"may"}), *WEEKDAYS, "day", "days", "week", "year", "games", "cup", "olympics",
     "championship", "championships", "war", "festival", "prize", "award", "awards", "medal",
     "constitution", "act", "river", "sea", "ocean", "island", "islands", "mountains", "street",
     "road", "route", "province", "state", "city", "county", "district", "monument"}
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """One resolved actor mention (token indices are indices in the sentence's Doc)."""

    start: int
    end: int
    head: int
    code: str
    country: str | None
    role: str | None
    name: str
    entry_id: str
    resolution: str
    evidence: str


# --------------------------------------------------------------------------------------------
# Dictionary entries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryEntry:
    """A country (or CAMEO territory) with every surface form that names it."""

    id: str
    code: str
    iso3: str | None
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    regions: tuple[str, ...]


@dataclass(frozen=True)
class RegionEntry:
    """A world region; only constrains coreference ("the Latin American country")."""

    id: str
    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]


@dataclass(frozen=True)
class OrgEntry:
    """An organisation, named group, seat of power or institution with a fixed code."""

    id: str
    code: str
    kind: str  # igo | ngo | group | seat | institution | region
    name: str
    surfaces: tuple[str, ...]


@dataclass(frozen=True)
class RoleEntry:
    """A role noun or title and the CAMEO role it gives."""

    id: str
    phrases: tuple[str, ...]
    role: str
    kind: str  # person | group | modifier
    standalone: str  # yes | definite | no
    title: str


@dataclass(frozen=True)
class PersonTerm:
    """One dated code of a person (a term of office)."""

    id: str
    code: str
    valid_from: dt.date
    valid_to: dt.date | None  # exclusive; None means still valid
    source: str


@dataclass(frozen=True)
class PersonEntry:
    """A named person and the codes they held over time."""

    key: str
    name: str
    aliases: tuple[str, ...]
    terms: tuple[PersonTerm, ...]


@dataclass(frozen=True)
class Rules:
    """Resolution rules from `rules.yaml`."""

    role_priority: dict[str, int]
    honorifics: frozenset[str]
    person_pronouns: frozenset[str]
    first_person_pronouns: frozenset[str]
    speech_verbs: frozenset[str]
    country_reference_nouns: frozenset[str]
    definite_determiners: frozenset[str]
    possessive_pronouns: frozenset[str]
    locative_prepositions: frozenset[str]
    postnominal_country_prepositions: frozenset[str]
    pronoun_window: int
    description_window: int
    name_entity_labels: frozenset[str]


@dataclass(frozen=True)
class Surface:
    """What a matched string stands for: an entry, and in which form it was written."""

    kind: str  # country | capital | region | org | person | role
    entry_id: str
    form: str  # name | alias | adjective | demonym | capital | phrase | ...
    text: str  # the surface as written in the dictionary (for the case rule)
    generated: bool = False  # plural or accent-folded variant


# Which kind wins when two entries share a surface (earlier wins).
_PRECEDENCE = ("person", "org", "country", "capital", "region", "role")

_FILES = {
    "countries.csv": (
        "id",
        "code",
        "iso3",
        "name",
        "aliases",
        "adjectives",
        "capitals",
        "regions",
        "note",
    ),
    "regions.csv": ("id", "code", "name", "aliases", "adjectives", "note"),
    "igos.csv": ("id", "code", "kind", "name", "aliases", "note"),
    "groups.csv": ("id", "code", "name", "aliases", "note"),
    "metonyms.csv": ("id", "phrases", "code", "kind", "note"),
    "roles.csv": ("id", "phrases", "role", "kind", "standalone", "title", "note"),
    "people.csv": ("id", "person", "name", "aliases", "code", "valid_from", "valid_to", "source"),
}
_ID_PREFIXES = {
    "countries.csv": ("country:",),
    "regions.csv": ("region:",),
    "igos.csv": ("igo:", "ngo:"),
    "groups.csv": ("group:",),
    "metonyms.csv": ("seat:", "inst:", "place:"),
    "roles.csv": ("role:",),
    "people.csv": ("person:",),
}
_RULE_KEYS = {
    "role_priority": dict,
    "honorifics": list,
    "person_pronouns": list,
    "first_person_pronouns": list,
    "speech_verbs": list,
    "country_reference_nouns": list,
    "definite_determiners": list,
    "possessive_pronouns": list,
    "locative_prepositions": list,
    "postnominal_country_prepositions": list,
    "pronoun_window": int,
    "description_window": int,
    "name_entity_labels": list,
}


def _error(path: str, line: int, problem: str) -> EtlError:
    return EtlError("[E005] " + Errors.E005.format(path=path, line=line, problem=problem))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split("|") if p.strip())


def _fold(text: str) -> str:
    """Strip accents so 'Guaido' matches an entry written 'Guaidó'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _plural(phrase: str) -> str:
    """Regular English plural of a phrase's last word (irregular ones are listed in roles.csv)."""
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if low.endswith("man"):
        last = last[:-3] + "men"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif low.endswith(("s", "x", "ch", "sh")):
        last = last + "es"
    else:
        last = last + "s"
    return f"{head} {last}" if head else last


def _case_strength(text: str) -> int:
    return sum({"A": 2, "C": 1, "": 0}[r] for r in _case_rule(text))


@functools.cache
def _case_rule(text: str) -> tuple[str, ...]:
    """Per-word case constraint of a surface: 'A' acronym, 'C' capitalised, '' any case.

    Why: matching is case-insensitive for speed, but 'US' must not match the pronoun 'us', 'WHO'
    not 'Who', and 'Turkey' not 'turkey'.
    """
    rule = []
    for word in text.split():
        uppers = sum(c.isupper() for c in word)
        rule.append("A" if uppers >= 2 else "C" if word[:1].isupper() else "")
    return tuple(rule)


def _parse_date(value: str, path: str, line: int, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _error(path, line, f"{column} {value!r} is not a date YYYY-MM-DD") from None


class _CodeChecker:
    """Checks CAMEO actor codes: 3-letter segments from the codebook and the country file."""

    def __init__(self, extra_countries: Iterable[str]) -> None:
        book = codebook()
        self.countries = set(book.countries) | set(extra_countries)
        self.roles = set(book.roles)
        self.groups = _known_groups()

    def problem(self, code: str) -> str | None:
        if not code or len(code) % 3 or not code.isalpha() or not code.isupper():
            return f"code {code!r} is not a sequence of 3-letter upper-case CAMEO segments"
        segments = [code[i : i + 3] for i in range(0, len(code), 3)]
        repeated = sorted({s for s in segments if segments.count(s) > 1})
        if repeated:
            return (
                f"code {code!r} repeats segment {', '.join(repeated)}: each segment says one thing"
            )
        known = self.countries | self.roles | self.groups
        unknown = [s for s in segments if s not in known]
        if unknown:
            return (
                f"code {code!r} has segments {unknown} that are neither CAMEO countries, roles "
                "nor known groups (etl/dictionaries/cameo)"
            )
        return None

    def lead_problem(self, code: str) -> str | None:
        """Why `code` does not say who before what (a country, organisation or known group
        first, as every entry of the project's dictionaries does), or None."""
        first = code[:3]
        if first in self.countries or first in ORGANISATION_TYPES or first in self.groups:
            return None
        return (
            f"code {code!r} begins with the role {first}, not with a country, organisation or "
            "known group: whose role is it?"
        )

    def split(self, code: str) -> tuple[str | None, str | None]:
        """(country, role) of a code: 'VENGOV' -> ('VEN','GOV'); 'IGOUNO' -> (None,'IGO')."""
        first = code[:3]
        if first in self.countries and first not in self.roles:
            second = code[3:6]
            return first, second if second in self.roles else None
        return None, first if first in self.roles else None


def _known_groups() -> set[str]:
    text = resources.files("etl.dictionaries").joinpath("cameo", "known_groups.csv")
    return {r["code"] for r in csv.DictReader(text.read_text("utf-8").splitlines())}


# --------------------------------------------------------------------------------------------
# ActorDictionary
# --------------------------------------------------------------------------------------------


@dataclass
class ActorDictionary:
    """The loaded, validated actor data; immutable after loading.

    Attributes:
        version: '<VERSION file>+<hash of the data files>', stamped into coded output so a
            changed user dictionary is visible in every row.
        conflicts: surfaces claimed by two entries of different kinds, with the winner (the
            precedence is person > organisation > country > capital > region > role).
    """

    countries: dict[str, CountryEntry]
    regions: dict[str, RegionEntry]
    orgs: dict[str, OrgEntry]
    roles: dict[str, RoleEntry]
    people: dict[str, PersonEntry]
    person_terms: dict[str, PersonTerm]
    rules: Rules
    surfaces: dict[str, Surface]  # lower-cased surface -> what it stands for
    version: str
    conflicts: list[str] = field(default_factory=list)
    _checker: _CodeChecker | None = None

    @classmethod
    def from_package(cls) -> ActorDictionary:
        """Load the dictionaries shipped in `etl/dictionaries/actors/`."""
        return cls._load(
            resources.files("etl.dictionaries").joinpath("actors"), "etl/dictionaries/actors"
        )

    @classmethod
    def load(cls, path: Path) -> ActorDictionary:
        """Load a user's folder holding the same files as `etl/dictionaries/actors/`."""
        path = Path(path)
        if not path.is_dir():
            raise _error(str(path), 0, "not a folder with the actor dictionary files")
        return cls._load(path, str(path))

    # ---- loading ----------------------------------------------------------------------------

    @classmethod
    def _load(cls, folder: Traversable | Path, label: str) -> ActorDictionary:
        texts: dict[str, str] = {}
        for name in (*_FILES, "rules.yaml", "VERSION"):
            item = folder.joinpath(name)
            if not item.is_file():
                raise _error(f"{label}/{name}", 0, "file is missing")
            texts[name] = item.read_text("utf-8")
        digest = hashlib.sha256()
        for name in sorted(texts):
            digest.update(name.encode() + b"\0" + texts[name].encode("utf-8") + b"\0")
        version = f"{texts['VERSION'].strip()}+{digest.hexdigest()[:8]}"

        rows = {name: cls._rows(texts[name], f"{label}/{name}", name) for name in _FILES}
        ids: dict[str, str] = {}
        for name, file_rows in rows.items():
            for line, row in file_rows:
                where = f"{label}/{name}"
                if not row["id"].startswith(_ID_PREFIXES[name]):
                    raise _error(
                        where, line, f"id {row['id']!r} must start with {_ID_PREFIXES[name]}"
                    )
                if row["id"] in ids:
                    raise _error(
                        where, line, f"id {row['id']!r} is used twice (also in {ids[row['id']]})"
                    )
                ids[row["id"]] = name

        countries = cls._countries(rows["countries.csv"], f"{label}/countries.csv")
        checker = _CodeChecker(countries)
        regions = cls._regions(rows["regions.csv"], f"{label}/regions.csv", checker)
        orgs: dict[str, OrgEntry] = {}
        for name in ("igos.csv", "groups.csv", "metonyms.csv"):
            orgs.update(cls._orgs(rows[name], f"{label}/{name}", name, checker))
        roles = cls._roles(rows["roles.csv"], f"{label}/roles.csv", checker)
        people, terms = cls._people(rows["people.csv"], f"{label}/people.csv", checker)
        rules = cls._rules(texts["rules.yaml"], f"{label}/rules.yaml", checker)

        dictionary = cls(
            countries=countries,
            regions=regions,
            orgs=orgs,
            roles=roles,
            people=people,
            person_terms=terms,
            rules=rules,
            surfaces={},
            version=version,
            _checker=checker,
        )
        dictionary._index_surfaces(label)
        return dictionary

    @staticmethod
    def _rows(text: str, where: str, name: str) -> list[tuple[int, dict[str, str]]]:
        lines = text.splitlines()
        reader = csv.reader(lines)
        try:
            header = next(reader)
        except StopIteration:
            raise _error(where, 1, "file is empty (a header line is required)") from None
        expected = _FILES[name]
        if tuple(header) != expected:
            raise _error(where, 1, f"header is {header}, expected {list(expected)}")
        out = []
        for values in reader:
            line = reader.line_num
            if not values or not any(v.strip() for v in values):
                continue
            if values[0].lstrip().startswith("#"):
                continue
            if len(values) != len(expected):
                raise _error(where, line, f"has {len(values)} fields, expected {len(expected)}")
            row = {k: v.strip() for k, v in zip(expected, values, strict=True)}
            if not row["id"]:
                raise _error(where, line, "id is empty")
            out.append((line, row))
        return out

    @staticmethod
    def _countries(rows: list[tuple[int, dict[str, str]]], where: str) -> dict[str, CountryEntry]:
        book = codebook()
        out: dict[str, CountryEntry] = {}
        for line, r in rows:
            code = r["code"]
            if len(code) != 3 or not code.isalpha() or not code.isupper():
                raise _error(where, line, f"code {code!r} is not a 3-letter upper-case code")
            if r["id"] != f"country:{code}":
                raise _error(where, line, f"id {r['id']!r} must be 'country:{code}'")
            if code not in book.countries and not r["note"]:
                raise _error(
                    where,
                    line,
                    f"code {code} is not in the CAMEO codebook; say why it is used in 'note'",
                )
            if code in out:
                raise _error(where, line, f"country code {code} is listed twice")
            if r["iso3"] and (len(r["iso3"]) != 3 or not r["iso3"].isupper()):
                raise _error(where, line, f"iso3 {r['iso3']!r} is not a 3-letter code")
            if not r["name"]:
                raise _error(where, line, "name is empty")
            regions = _split(r["regions"])
            bad = [g for g in regions if g not in book.countries]
            if bad:
                raise _error(where, line, f"regions {bad} are not CAMEO region codes")
            out[code] = CountryEntry(
                id=r["id"],
                code=code,
                iso3=r["iso3"] or None,
                name=r["name"],
                aliases=_split(r["aliases"]),
                adjectives=_split(r["adjectives"]),
                capitals=_split(r["capitals"]),
                regions=regions,
            )
        return out

    @staticmethod
    def _regions(rows, where: str, checker: _CodeChecker) -> dict[str, RegionEntry]:
        out: dict[str, RegionEntry] = {}
        for line, r in rows:
            if r["code"] not in checker.countries:
                raise _error(where, line, f"code {r['code']!r} is not a CAMEO region code")
            if not r["name"]:
                raise _error(where, line, "name is empty")
            out[r["id"]] = RegionEntry(
                id=r["id"],
                code=r["code"],
                name=r["name"],
                aliases=_split(r["aliases"]),
                adjectives=_split(r["adjectives"]),
            )
        return out

    @staticmethod
    def _orgs(rows, where: str, name: str, checker: _CodeChecker) -> dict[str, OrgEntry]:
        out: dict[str, OrgEntry] = {}
        kinds = {
            "igos.csv": {"igo", "ngo"},
            "metonyms.csv": {"seat", "institution", "region"},
            "groups.csv": {"group"},
        }[name]
        for line, r in rows:
            problem = checker.problem(r["code"])
            if problem:
                raise _error(where, line, problem)
            kind = r.get("kind", "group")
            if kind not in kinds:
                raise _error(where, line, f"kind {kind!r} is not one of {sorted(kinds)}")
            if name == "metonyms.csv":
                surfaces = _split(r["phrases"])
                label = surfaces[0] if surfaces else ""
            else:
                label = r["name"]
                surfaces = (r["name"], *_split(r["aliases"]))
            if not surfaces or not label:
                raise _error(where, line, "no name or phrase")
            out[r["id"]] = OrgEntry(
                id=r["id"], code=r["code"], kind=kind, name=label, surfaces=surfaces
            )
        return out

    @staticmethod
    def _roles(rows, where: str, checker: _CodeChecker) -> dict[str, RoleEntry]:
        out: dict[str, RoleEntry] = {}
        for line, r in rows:
            if r["role"] not in checker.roles:
                raise _error(where, line, f"role {r['role']!r} is not a CAMEO role code")
            if r["kind"] not in ("person", "group", "modifier"):
                raise _error(where, line, f"kind {r['kind']!r} is not person, group or modifier")
            if r["standalone"] not in ("yes", "definite", "no"):
                raise _error(
                    where, line, f"standalone {r['standalone']!r} is not yes, definite or no"
                )
            phrases = _split(r["phrases"])
            if not phrases:
                raise _error(where, line, "phrases is empty")
            out[r["id"]] = RoleEntry(
                id=r["id"],
                phrases=phrases,
                role=r["role"],
                kind=r["kind"],
                standalone=r["standalone"],
                title=r["title"] or r["id"].removeprefix("role:"),
            )
        return out

    @staticmethod
    def _people(rows, where: str, checker: _CodeChecker):
        grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
        terms: dict[str, PersonTerm] = {}
        for line, r in rows:
            if not r["person"]:
                raise _error(where, line, "person key is empty")
            if not r["name"]:
                raise _error(where, line, "name is empty")
            problem = checker.problem(r["code"])
            if problem:
                raise _error(where, line, problem)
            start = _parse_date(r["valid_from"], where, line, "valid_from")
            end = _parse_date(r["valid_to"], where, line, "valid_to")
            if start is None:
                raise _error(where, line, "valid_from is required")
            if end is not None and end <= start:
                raise _error(where, line, f"valid_to {end} is not after valid_from {start}")
            if not r["source"]:
                raise _error(where, line, "source is empty: say where the dates come from")
            terms[r["id"]] = PersonTerm(r["id"], r["code"], start, end, r["source"])
            grouped.setdefault(r["person"], []).append((line, r))
        people: dict[str, PersonEntry] = {}
        for key, group in grouped.items():
            name = group[0][1]["name"]
            aliases: list[str] = []
            for line, r in group:
                if r["name"] != name:
                    raise _error(where, line, f"person {key!r} is named {name!r} on another line")
                aliases.extend(a for a in _split(r["aliases"]) if a not in aliases)
            person_terms = tuple(
                sorted((terms[r["id"]] for _, r in group), key=lambda t: t.valid_from)
            )
            for a, b in itertools.pairwise(person_terms):
                if a.code == b.code and (a.valid_to is None or a.valid_to > b.valid_from):
                    line = next(ln for ln, r in group if r["id"] == b.id)
                    raise _error(where, line, f"term {b.id} overlaps {a.id} with the same code")
            people[key] = PersonEntry(
                key=key, name=name, aliases=tuple(aliases), terms=person_terms
            )
        return people, terms

    @staticmethod
    def _rules(text: str, where: str, checker: _CodeChecker) -> Rules:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
            raise _error(where, line, f"is not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(data, dict):
            raise _error(where, 1, "must be a mapping of rule names to values")
        for key, kind in _RULE_KEYS.items():
            if not isinstance(data.get(key), kind):
                raise _error(where, _yaml_line(text, key), f"{key} must be a {kind.__name__}")
        for role, value in data["role_priority"].items():
            if role not in checker.roles or not isinstance(value, int):
                raise _error(
                    where,
                    _yaml_line(text, str(role)),
                    f"role_priority {role}: {value!r} is invalid",
                )

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data[key])

        return Rules(
            role_priority=dict(data["role_priority"]),
            honorifics=words("honorifics"),
            person_pronouns=words("person_pronouns"),
            first_person_pronouns=words("first_person_pronouns"),
            speech_verbs=words("speech_verbs"),
            country_reference_nouns=words("country_reference_nouns"),
            definite_determiners=words("definite_determiners"),
            possessive_pronouns=words("possessive_pronouns"),
            locative_prepositions=words("locative_prepositions"),
            postnominal_country_prepositions=words("postnominal_country_prepositions"),
            pronoun_window=data["pronoun_window"],
            description_window=data["description_window"],
            name_entity_labels=frozenset(str(w) for w in data["name_entity_labels"]),
        )

    def _index_surfaces(self, label: str) -> None:
        """Map every lower-cased surface (and its plural / accent-free variants) to one entry."""
        candidates: list[Surface] = []
        for p in self.people.values():
            candidates.extend(Surface("person", p.key, "name", t) for t in (p.name, *p.aliases))
        for o in self.orgs.values():
            candidates.extend(Surface("org", o.id, o.kind, t) for t in o.surfaces)
        for c in self.countries.values():
            candidates.extend(Surface("country", c.code, "name", t) for t in (c.name, *c.aliases))
            for text in c.adjectives:
                candidates.append(Surface("country", c.code, "adjective", text))
                if text.endswith(("an", "i")) and text.lower() != text:
                    candidates.append(Surface("country", c.code, "demonym", text + "s", True))
            candidates.extend(Surface("capital", c.code, "capital", t) for t in c.capitals)
        for g in self.regions.values():
            candidates.extend(Surface("region", g.id, "name", t) for t in (g.name, *g.aliases))
            candidates.extend(Surface("region", g.id, "adjective", t) for t in g.adjectives)
        for r in self.roles.values():
            for text in r.phrases:
                candidates.append(Surface("role", r.id, "phrase", text))
                if r.kind != "modifier":
                    candidates.append(Surface("role", r.id, "plural", _plural(text), True))
        with_folded: list[Surface] = []
        for s in candidates:
            with_folded.append(s)
            folded = _fold(s.text).replace("\u2019", "'")
            if folded != s.text:
                with_folded.append(Surface(s.kind, s.entry_id, s.form, folded, True))
            if "'" in s.text:
                with_folded.append(
                    Surface(s.kind, s.entry_id, s.form, s.text.replace("'", "\u2019"), True)
                )
        rank = {k: i for i, k in enumerate(_PRECEDENCE)}
        # Explicit surfaces before generated ones, then by kind precedence.
        with_folded.sort(key=lambda s: (s.generated, rank[s.kind]))
        for s in with_folded:
            key = s.text.lower()
            held = self.surfaces.get(key)
            if held is None:
                self.surfaces[key] = s
            elif (held.kind, held.entry_id) == (s.kind, s.entry_id):
                # Same entry written twice ("FARC", "Farc"): keep the laxer case rule.
                if _case_strength(s.text) < _case_strength(held.text):
                    self.surfaces[key] = s
            elif (held.kind, held.entry_id) != (s.kind, s.entry_id) and not s.generated:
                if held.kind == s.kind and not held.generated:
                    raise _error(
                        f"{label}/{_file_of(s.kind, s.entry_id)}",
                        0,
                        f"{s.text!r} names both {held.entry_id} and {s.entry_id}",
                    )
                self.conflicts.append(f"{s.text!r}: {held.entry_id} wins over {s.entry_id}")

    # ---- helpers used by the resolver ----------------------------------------------------------

    def split_code(self, code: str) -> tuple[str | None, str | None]:
        """(country, role) of a CAMEO actor code."""
        assert self._checker is not None
        return self._checker.split(code)

    def code_problem(self, code: str) -> str | None:
        """Why `code` is not a valid actor code under the codebook, or None."""
        assert self._checker is not None
        return self._checker.problem(code)

    def entry_code_problem(self, code: str) -> str | None:
        """Why `code` cannot be the code of a new person or group entry, or None.

        Stricter than `code_problem`: the entry must also say who before what (a role alone,
        such as a "the Speaker" mention's LEG, is whose?).
        """
        assert self._checker is not None
        return self._checker.problem(code) or self._checker.lead_problem(code)

    def country_regions(self, code: str) -> tuple[str, ...]:
        entry = self.countries.get(code)
        return entry.regions if entry else ()


def _yaml_line(text: str, key: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(f"{key}:"):
            return i
    return 0


def _file_of(kind: str, entry_id: str) -> str:
    if kind == "person":
        return "people.csv"
    if kind in ("country", "capital"):
        return "countries.csv"
    if kind == "region":
        return "regions.csv"
    if kind == "role":
        return "roles.csv"
    prefix = entry_id.split(":", 1)[0]
    return {"igo": "igos.csv", "ngo": "igos.csv", "group": "groups.csv"}.get(prefix, "metonyms.csv")


# --------------------------------------------------------------------------------------------
# Resolver
# --------------------------------------------------------------------------------------------

# Dependencies that keep a token inside the noun phrase of the word it modifies. `poss` is left
# out on purpose: a possessor is its own phrase ("Venezuela's airline Conviasa"), which the
# owner absorbs when the owner is an actor.
#: Hash of the tag of a hyphen, which joins the words around it into one phrase ("state-run").
_HYPH = spacy.strings.get_string_id("HYPH")
_NP_DEPS = frozenset(
    {"compound", "amod", "det", "nummod", "nmod", "npadvmod", "quantmod", "flat", "predet", "case"}
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN"})
_NAMED_KINDS = ("person", "org")


@dataclass
class _Match:
    start: int
    end: int
    surface: Surface
    root: int = -1


@dataclass
class _Entity:
    """Something the article has introduced, for coreference."""

    key: str
    code: str
    country: str | None
    role: str | None
    name: str
    entry_id: str
    person: bool
    titles: set[str] = field(default_factory=set)


@dataclass
class _PersonMention:
    sent: int
    token: int
    entity: _Entity
    subject: bool


@dataclass
class _State:
    """Within-article coreference state carried across sentences."""

    entities: dict[str, _Entity] = field(default_factory=dict)
    names: dict[str, _Entity] = field(default_factory=dict)
    persons: list[_PersonMention] = field(default_factory=list)
    countries: list[tuple[int, int, str]] = field(default_factory=list)  # (sentence, token, code)
    orgs: list[tuple[int, _Entity]] = field(default_factory=list)  # (sentence, entity)


@dataclass
class _NP:
    """A noun phrase: its head, the tokens attached to it, the matches rooted in it."""

    head: int
    tokens: list[int]
    matches: list[_Match]
    possessors: list[int] = field(default_factory=list)  # head indices of possessor phrases

    @property
    def start(self) -> int:
        return min([*self.tokens, *(m.start for m in self.matches)])

    @property
    def end(self) -> int:
        return max([*(t + 1 for t in self.tokens), *(m.end for m in self.matches)])


@dataclass
class _Built:
    """A mention under construction, with what coreference needs to remember about it."""

    start: int
    end: int
    head: int
    code: str
    country: str | None
    role: str | None
    name: str
    entry_id: str
    resolution: str
    evidence: str
    person: bool = False
    titles: tuple[str, ...] = ()
    entity_key: str | None = None
    name_keys: tuple[str, ...] = ()
    np_head: int = -1
    consumes: tuple[int, ...] = ()  # phrases (by head) this mention absorbed


@dataclass
class _Sentence:
    """Per-sentence working data shared by the resolution steps."""

    sent: Span
    index: int
    date: dt.date | None
    in_match: dict[int, _Match]
    nps: dict[int, _NP]
    resolved: dict[int, _Built | None] = field(default_factory=dict)

    @property
    def doc(self) -> Doc:
        return self.sent.doc


class ActorResolver:
    """Resolves actor mentions sentence by sentence, carrying coreference within an article."""

    def __init__(self, dictionary: ActorDictionary):
        self.dictionary = dictionary
        self.rules = dictionary.rules
        self._matchers: dict[int, tuple[Vocab, PhraseMatcher, list[Surface]]] = {}

    # ---- public -------------------------------------------------------------------------------

    def phrase_patterns(self) -> list[str]:
        """Every lower-cased surface that can start a mention, sorted.

        Dictionary strings, person pronouns and country reference nouns; names introduced in an
        article (a bare "Arreaza" after "Foreign Minister Jorge Arreaza") cannot be listed.
        """
        extra = (
            self.rules.person_pronouns
            | self.rules.first_person_pronouns
            | self.rules.country_reference_nouns
        )
        return sorted(set(self.dictionary.surfaces) | set(extra))

    def resolve_article(
        self, sents: Sequence[Span], article_date: dt.date | None
    ) -> list[list[Mention]]:
        """Mentions per sentence, in order.

        Carries within-article coreference state across sentences.
        """
        state = _State()
        doc_matches: dict[int, list[_Match]] = {}
        out: list[list[Mention]] = []
        for index, sent in enumerate(sents):
            doc = sent.doc
            if id(doc) not in doc_matches:
                doc_matches[id(doc)] = self._match(doc)
            matches = [
                m for m in doc_matches[id(doc)] if m.start >= sent.start and m.end <= sent.end
            ]
            out.append(self._resolve_sentence(sent, index, matches, article_date, state))
        return out

    # ---- matching -----------------------------------------------------------------------------

    def _matcher(self, vocab: Vocab) -> tuple[PhraseMatcher, list[Surface]]:
        cached = self._matchers.get(id(vocab))
        if cached is not None and cached[0] is vocab:
            return cached[1], cached[2]
        # Patterns are tokenised by the same English tokenizer rules as the pipeline's, sharing
        # its vocabulary, so "Venezuela's" and "state-run" split the same way in both.
        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        labels: list[Surface] = []
        for surface in self.dictionary.surfaces.values():
            pattern = tokenizer(surface.text)
            if not len(pattern):
                continue
            labels.append(surface)
            matcher.add(str(len(labels) - 1), [pattern])
        self._matchers[id(vocab)] = (vocab, matcher, labels)
        return matcher, labels

    def _match(self, doc: Doc) -> list[_Match]:
        """Longest non-overlapping dictionary matches of a Doc that pass the case and POS rules."""
        matcher, labels = self._matcher(doc.vocab)
        strings = doc.vocab.strings
        found: list[_Match] = []
        for match_id, start, end in matcher(doc):
            surface = labels[int(strings[match_id])]
            if _case_ok(doc, start, end, surface):
                found.append(_Match(start, end, surface))
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken = bytearray(len(doc))
        chosen: list[_Match] = []
        for m in found:
            if any(taken[m.start : m.end]):
                continue
            m.root = _span_root(doc, m.start, m.end)
            # Role words are nouns: 'military parade', 'official result' and 'head' as a verb are
            # not roles. Hand-built docs without POS are trusted.
            pos = doc[m.root].pos_
            if (
                m.surface.kind == "role"
                and pos
                and pos not in _NOMINAL_POS
                and not (self.dictionary.roles[m.surface.entry_id].kind == "modifier")
            ):
                continue
            taken[m.start : m.end] = b"\1" * (m.end - m.start)
            chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        return chosen

    # ---- sentence -----------------------------------------------------------------------------

    def _resolve_sentence(
        self, sent: Span, index: int, matches: list[_Match], date: dt.date | None, state: _State
    ) -> list[Mention]:
        in_match: dict[int, _Match] = {}
        for m in matches:
            for i in range(m.start, m.end):
                in_match[i] = m
        s = _Sentence(sent, index, date, in_match, self._noun_phrases(sent, in_match))
        heads = sorted(s.nps)
        consumed: set[int] = set()
        built: list[_Built] = []
        for pos, h in enumerate(heads):
            if h in consumed:
                continue
            np = s.nps[h]
            follower = self._adjacent_name(s, np, heads[pos + 1 :])
            result = self._resolve_np(s, np, follower, state)
            if result is not None:
                result = self._absorb_possessors(s, np, result)
                result.np_head = h
                consumed.update(result.consumes)
                self._register(s, result, state)
                built.append(result)
            s.resolved[h] = result
            for extra in self._modifier_mentions(s, np, result, state):
                extra.np_head = h
                self._register(s, extra, state)
                built.append(extra)
        built = [b for b in built if b.np_head not in consumed]
        built.extend(self._pronouns(s, built, state))
        built.sort(key=lambda b: (b.start, b.end))
        return [
            Mention(
                b.start,
                b.end,
                b.head,
                b.code,
                b.country,
                b.role,
                b.name,
                b.entry_id,
                b.resolution,
                b.evidence,
            )
            for b in built
        ]

    def _noun_phrases(self, sent: Span, in_match: dict[int, _Match]) -> dict[int, _NP]:
        """Group the sentence's tokens into noun phrases (a head and its left modifiers)."""
        lo, hi = sent.start, sent.end
        heads: dict[int, int] = {}
        deps: dict[int, str] = {}
        attaches: dict[int, bool] = {}
        # Read from the Doc's arrays, not token by token: a Token object per word and per
        # head was a fifth of the resolver's time; the rest works on plain values.
        doc = sent.doc
        strings = doc.vocab.strings
        offsets = doc.to_array(HEAD)[lo:hi].astype("int64").tolist()
        labels = doc.to_array([DEP, TAG])[lo:hi].tolist()
        for i, offset, (dep_id, tag_id) in zip(range(lo, hi), offsets, labels, strict=True):
            dep = strings[dep_id] if dep_id else ""
            heads[i], deps[i] = i + offset, dep
            attaches[i] = dep in _NP_DEPS or (dep == "punct" and tag_id == _HYPH)
        head_of: dict[int, int] = {}

        def climb(i: int) -> int:
            for _ in range(64):  # parse trees are finite, but never loop on a malformed one
                if i in head_of:
                    return head_of[i]
                m = in_match.get(i)
                if m is not None and i != m.root:
                    i = m.root
                    continue
                h = heads[i]
                if not (
                    lo <= h < hi
                    and h != i
                    and attaches[i]
                    and (h > i or deps[i] in ("case", "flat"))
                ):
                    return i
                i = h
            return i

        for i in range(lo, hi):
            head_of[i] = climb(i)
        # A phrase is the contiguous run of its tokens around the head: members cut off by
        # tokens of other phrases ("many in the country as well as US and EU leaders") become
        # phrases of their own, so spans never straddle another phrase.
        members: dict[int, set[int]] = {}
        for i, h in head_of.items():
            members.setdefault(h, set()).add(i)
        for h, group in members.items():
            if len(group) == 1:
                continue
            first = last = h
            while first - 1 in group:
                first -= 1
            while last + 1 in group:
                last += 1
            for i in group:
                if not first <= i <= last:
                    m = in_match.get(i)
                    head_of[i] = i if m is None or not first <= m.root <= last else h
        matches = {id(m): m for m in in_match.values()}.values()
        for m in matches:
            for i in range(m.start, m.end):
                head_of[i] = head_of[m.root]
        nps: dict[int, _NP] = {}
        for i in range(lo, hi):
            h = head_of[i]
            np = nps.get(h)
            if np is None:
                np = nps[h] = _NP(head=h, tokens=[], matches=[])
            np.tokens.append(i)
        for m in sorted(matches, key=lambda m: m.start):
            nps[head_of[m.root]].matches.append(m)
        for i in range(lo, hi):
            # A possessor phrase belongs to the phrase of the word it modifies.
            if deps[i] == "poss" and lo <= heads[i] < hi and head_of[i] == i:
                owner = nps[head_of[heads[i]]]
                if owner.head != i:
                    owner.possessors.append(i)
        return nps

    def _adjacent_name(self, s: _Sentence, np: _NP, later: list[int]) -> _NP | None:
        """A name right after a role phrase ("his Russian counterpart Sergey Lavrov", "its
        energy firm Rosneft"): parses often attach the two apart, but they are one actor."""
        hm = _head_match(np, s.in_match)
        if hm is None or hm.surface.kind != "role":
            return None
        doc = s.doc
        end = np.end
        for h in later:
            other = s.nps[h]
            if other.start != end:
                continue
            om = _head_match(other, s.in_match)
            if om is not None and om.surface.kind in _NAMED_KINDS:
                return other
            if om is None and doc[other.head].pos_ == "PROPN" and not other.matches:
                return other
            return None
        return None

    # ---- one noun phrase ----------------------------------------------------------------------

    def _resolve_np(
        self, s: _Sentence, np: _NP, follower: _NP | None, state: _State
    ) -> _Built | None:
        doc = s.doc
        head = doc[np.head]
        hm = _head_match(np, s.in_match)
        kind = hm.surface.kind if hm is not None else None
        if kind == "region":
            return self._region(s, np, hm)
        if kind == "person":
            return self._person(s, np, hm, state)
        if kind == "org":
            return self._org(s, np, hm)
        if kind in ("country", "capital"):
            return self._country(s, np, hm)
        if (
            kind is None
            and head.lower_ in self.rules.country_reference_nouns
            and (head.pos_ == "NOUN" or (not head.pos_ and head.is_lower))
        ):
            return self._country_reference(s, np, state)
        if kind == "role":
            return self._compose(s, np, follower, state)
        if kind is None and _is_name(head):
            if any(m.surface.kind == "role" for m in np.matches) or follower is not None:
                return self._compose(s, np, follower, state)
            named = self._country_named(s, np)
            if named is not None:
                return named
            return self._name_coreference(s, np, state)
        return None

    def _person(self, s: _Sentence, np: _NP, m: _Match, state: _State) -> _Built:
        """A dictionary person: the term valid on the date, else an earlier mention, else a
        fallback from the phrase's own words or the country of the nearest term."""
        doc = s.doc
        person = self.dictionary.people[m.surface.entry_id]
        roles = [x for x in np.matches if x.surface.kind == "role"]
        role_code, role_ids, titles, former = self._roles_of(roles)
        start, end = _trim(doc, np.start, np.end)
        surface = doc[m.start : m.end].text
        keys = _name_keys(surface)
        term, why = _term_for(person, s.date)
        entity = state.entities.get(f"person:{person.key}")
        if (
            s.date is None
            and entity is not None
            and term is not None
            and entity.entry_id != term.id
        ):
            term = None  # unknown date: what this article already said about the person wins
        if term is not None and not (former and s.date is None):
            country, role = self.dictionary.split_code(term.code)
            return _Built(
                start,
                end,
                np.head,
                term.code,
                country,
                role,
                person.name,
                term.id,
                "dictionary",
                f"{surface!r} is {person.name}: {term.code} {why}",
                person=True,
                titles=titles,
                entity_key=f"person:{person.key}",
                name_keys=keys,
            )
        if entity is not None and not role_ids:
            return _Built(
                start,
                end,
                np.head,
                entity.code,
                entity.country,
                entity.role,
                entity.name,
                f"coref({entity.entry_id})",
                "coreference",
                f"{surface!r}: {person.name} has no term valid on "
                f"{s.date or 'an unknown date'}; same person as earlier in the "
                f"article ({entity.code})",
                person=True,
                titles=titles,
                entity_key=entity.key,
                name_keys=keys,
            )
        nearest = _nearest_term(person, s.date)
        context = self._np_country(s, np)
        term_country, term_role = self.dictionary.split_code(nearest.code)
        country = context[0] if context else term_country
        if country is None:  # an IGO official out of office keeps the organisation's code
            code, role = nearest.code, term_role
        elif role_code is not None:
            code, role = country + role_code, role_code
        else:
            code, role = country, None
        basis = (
            f"the phrase's role words ({'+'.join(role_ids)})"
            if role_ids
            else ("the country of the nearest term")
        )
        entry = f"{nearest.id}(out of term)+fallback:" + ("+".join(role_ids) or "country")
        return _Built(
            start,
            end,
            np.head,
            code,
            country,
            role,
            person.name,
            entry,
            "compositional",
            f"{surface!r} is {person.name}, with no term valid on "
            f"{s.date or 'an unknown date'}; coded {code} from {basis}",
            person=True,
            titles=titles,
            entity_key=f"person:{person.key}",
            name_keys=keys,
        )

    def _org(self, s: _Sentence, np: _NP, m: _Match) -> _Built:
        doc = s.doc
        org = self.dictionary.orgs[m.surface.entry_id]
        country, role = self.dictionary.split_code(org.code)
        start, end = _trim(doc, np.start, np.end)
        surface = doc[m.start : m.end].text
        resolution = "metonym" if org.kind in ("seat", "region") else "dictionary"
        evidence = f"{surface!r} is {org.name} ({org.kind}) {org.code}"
        if org.kind == "seat":
            evidence += self._locative(doc, m.root)
        return _Built(
            start,
            end,
            np.head,
            org.code,
            country,
            role,
            org.name,
            org.id,
            resolution,
            evidence,
            entity_key=f"org:{org.id}",
        )

    def _region(self, s: _Sentence, np: _NP, m: _Match) -> _Built | None:
        """A region named as a noun ("Europe", "the Middle East"); its adjectives are not actors."""
        if m.surface.form != "name":
            return None
        doc = s.doc
        region = self.dictionary.regions[m.surface.entry_id]
        start, end = _trim(doc, np.start, np.end)
        return _Built(
            start,
            end,
            np.head,
            region.code,
            region.code,
            None,
            region.name,
            region.id,
            "dictionary",
            f"{doc[m.start : m.end].text!r} is the region {region.name}",
        )

    def _country(self, s: _Sentence, np: _NP, m: _Match) -> _Built:
        doc = s.doc
        entry = self.dictionary.countries[m.surface.entry_id]
        start, end = _trim(doc, np.start, np.end)
        surface = doc[m.start : m.end].text
        if m.surface.kind == "capital":
            return _Built(
                start,
                end,
                np.head,
                entry.code,
                entry.code,
                None,
                entry.name,
                f"{entry.id}:capital",
                "metonym",
                f"{surface!r} is the capital of {entry.name}" + self._locative(doc, m.root),
            )
        return _Built(
            start,
            end,
            np.head,
            entry.code,
            entry.code,
            None,
            entry.name,
            f"{entry.id}:{m.surface.form}",
            "dictionary",
            f"{surface!r} ({m.surface.form}) is {entry.name}",
        )

    def _locative(self, doc: Doc, root: int) -> str:
        token = doc[root]
        if token.dep_ == "pobj" and token.head.lower_ in self.rules.locative_prepositions:
            return f"; locative: object of {token.head.lower_!r}"
        return ""

    def _country_reference(self, s: _Sentence, np: _NP, state: _State) -> _Built | None:
        """'the country', 'his country', 'the South American nation' -> an earlier country."""
        doc = s.doc
        if doc[np.head].tag_ in ("NNS", "NNPS"):
            return None
        regions = {
            self.dictionary.regions[m.surface.entry_id].code
            for m in np.matches
            if m.surface.kind == "region"
        }
        start, end = _trim(doc, np.start, np.end)
        for p in np.possessors:
            token = doc[p]
            if token.lower_ not in self.rules.person_pronouns:
                continue
            entity, why = self._pronoun_antecedent(s, token, state)
            if entity is None or entity.country is None:
                return None
            code = entity.country
            start = min(start, p)
            return _Built(
                start,
                end,
                np.head,
                code,
                code,
                None,
                self._country_name(code),
                f"rule:country-reference+coref({entity.entry_id})",
                "coreference",
                f"{doc[start:end].text!r}: the country of {entity.name} ({why})",
                consumes=(p,),
            )
        if not _is_definite(doc, np, self.rules, numbers=False):  # not "one country"
            return None
        for s_idx, t_idx, code in reversed(state.countries):
            if s_idx == s.index and t_idx >= np.start:
                continue
            if s.index - s_idx > self.rules.description_window:
                break
            if regions and not regions & set(self.dictionary.country_regions(code)):
                continue
            where = f" in region {'/'.join(sorted(regions))}" if regions else ""
            return _Built(
                start,
                end,
                np.head,
                code,
                code,
                None,
                self._country_name(code),
                "rule:country-reference",
                "coreference",
                f"{doc[start:end].text!r} refers to the latest country{where}: {code}",
            )
        return None

    def _country_named(self, s: _Sentence, np: _NP) -> _Built | None:
        """An unknown proper name with a country modifier and no role ("Tajikistan's Emomali
        Rahmon"): the country only, and only when its head is a proper noun that names no date,
        event, law or place (`NON_ACTOR_NAME_HEADS`). Not a person: no title says so."""
        doc = s.doc
        head = doc[np.head]
        if not _is_name(head) or head.lower_.rstrip(".") in NON_ACTOR_NAME_HEADS:
            return None
        found = self._np_country(s, np)
        consumes: tuple[int, ...] = ()
        start = np.start
        if found is None:
            for p in np.possessors:
                owner = s.resolved.get(p)
                if owner is not None and owner.country and owner.role is None:
                    found = (
                        owner.country,
                        owner.entry_id,
                        f"{owner.name} ({owner.country})",
                        "compositional",
                    )
                    consumes = (p,)
                    start = min(start, s.nps[p].start)
                    break
        if found is None:
            return None
        country, cid, text, resolution = found
        name = _name_text(doc, np, s.in_match, self.rules)
        st, en = _trim(doc, start, np.end)
        return _Built(
            st,
            en,
            np.head,
            country,
            country,
            None,
            name or doc[st:en].text,
            cid,
            resolution,
            f"{text} + name {name!r}",
            consumes=consumes,
            entity_key=f"name:{name.lower()}" if name else None,
            name_keys=_name_keys(name),
        )

    def _roles_of(self, roles: list[_Match]) -> tuple[str | None, list[str], tuple[str, ...], bool]:
        """Role by priority (ties: nearest the head), role entry ids, person titles, 'former'."""
        best: tuple[int, int] | None = None
        role: str | None = None
        ids: list[str] = []
        titles: list[str] = []
        former = False
        for order, m in enumerate(roles):
            entry = self.dictionary.roles[m.surface.entry_id]
            ids.append(entry.id)
            if entry.kind == "modifier":
                former = True
                continue
            if entry.kind == "person":
                titles.append(entry.title)
            rank = (self.rules.role_priority.get(entry.role, 0), order)
            if best is None or rank > best:
                best, role = rank, entry.role
        if former and titles:
            role = "ELI"
        return role, ids, tuple(titles), former

    def _np_country(self, s: _Sentence, np: _NP) -> tuple[str, str, str, str] | None:
        """(country, entry id, evidence, resolution) from country words inside the phrase."""
        doc = s.doc
        for m in reversed(np.matches):  # the one nearest the head
            if m.surface.kind in ("country", "capital"):
                entry = self.dictionary.countries[m.surface.entry_id]
                form = "capital" if m.surface.kind == "capital" else m.surface.form
                resolution = "metonym" if form == "capital" else "compositional"
                return (
                    entry.code,
                    f"{entry.id}:{form}",
                    f"{doc[m.start : m.end].text} ({entry.code})",
                    resolution,
                )
        return None

    def _compose(self, s: _Sentence, np: _NP, follower: _NP | None, state: _State) -> _Built | None:
        """Country + role (+ name) from the words of one phrase, its possessor, 'of <country>'."""
        doc = s.doc
        head = doc[np.head]
        start, end, mention_head = np.start, np.end, np.head
        consumes: list[int] = []
        follower_match = None
        if follower is not None:
            follower_match = _head_match(follower, s.in_match)
            end = max(end, follower.end)
            consumes.append(follower.head)
            if head.dep_ == "appos" and doc[follower.head].dep_ != "appos":
                mention_head = follower.head
        roles = [m for m in np.matches if m.surface.kind == "role"]
        role, role_ids, titles, _ = self._roles_of(roles)
        role_text = " ".join(doc[m.start : m.end].text for m in roles)
        name = _name_text(doc, np, s.in_match, self.rules, follower)

        # A person or organisation named in the phrase (or right after it) decides the code.
        named = [m for m in np.matches if m.surface.kind in _NAMED_KINDS]
        if follower_match is not None and follower_match.surface.kind in _NAMED_KINDS:
            named.insert(0, follower_match)
        for m in named:
            whole = m is follower_match
            if m.surface.kind == "person":
                sub = _NP(head=m.root, tokens=list(range(m.start, m.end)), matches=[m, *roles])
                b = self._person(s, sub, m, state)
                if whole:
                    b.start, b.end = _trim(doc, start, end)
                    b.head, b.consumes = mention_head, tuple(consumes)
                    b.titles = tuple(dict.fromkeys([*b.titles, *titles]))
                    if role_ids:
                        b.evidence += f"; the phrase says {role_text!r}"
                    return b
                if b.country is None or role is None:
                    return None  # a person modifying a non-role name: left to modifier mentions
                parts = [f"{doc[m.start : m.end].text} ({b.country})"]
                return self._finish(
                    s,
                    np,
                    start,
                    end,
                    mention_head,
                    b.country,
                    role,
                    [b.entry_id, *role_ids],
                    parts,
                    role_text,
                    name,
                    titles,
                    "compositional",
                    consumes,
                    state,
                )
            org = self.dictionary.orgs[m.surface.entry_id]
            o_country, o_role = self.dictionary.split_code(org.code)
            if whole or org.kind in ("igo", "ngo", "group"):
                evidence = f"{doc[m.start : m.end].text!r} is {org.name} {org.code}"
                if role_ids:
                    evidence += f" (role words {role_text!r} keep the organisation's code)"
                st, en = _trim(doc, start, end)
                return _Built(
                    st,
                    en,
                    mention_head,
                    org.code,
                    o_country,
                    o_role,
                    org.name,
                    "+".join([org.id, *role_ids]),
                    "dictionary",
                    evidence,
                    entity_key=f"org:{org.id}",
                    titles=titles,
                    consumes=tuple(consumes),
                )
            # A seat or institution as a modifier ("Kremlin spokesman"): its country and role.
            if o_role is not None and (role is None or self._rank(o_role) > self._rank(role)):
                role = o_role
            return self._finish(
                s,
                np,
                start,
                end,
                mention_head,
                o_country,
                role,
                [org.id, *role_ids],
                [f"{doc[m.start : m.end].text} ({org.code})"],
                role_text,
                name,
                titles,
                "metonym",
                consumes,
                state,
            )

        ids: list[str] = []
        parts: list[str] = []
        resolution = "compositional"
        country: str | None = None
        found = self._np_country(s, np)
        if found is not None:
            country, cid, text, resolution = found
            ids.append(cid)
            parts.append(text)
        for p in np.possessors:
            owner = s.resolved.get(p)
            if owner is None:
                owner = self._possessive_pronoun(s, doc[p], state)
            if owner is None:
                continue
            if country is None and owner.country is not None:
                country = owner.country
                if owner.resolution == "metonym":
                    resolution = "metonym"
            elif country is None and owner.code.startswith(("IGO", "NGO")):
                st, en = _trim(doc, min(start, s.nps[p].start), end)
                return _Built(
                    st,
                    en,
                    mention_head,
                    owner.code,
                    None,
                    owner.role,
                    owner.name,
                    "+".join([owner.entry_id, *role_ids]),
                    "compositional",
                    f"{owner.name} ({owner.code}) + {role_text!r}",
                    titles=titles,
                    consumes=(*consumes, p),
                )
            else:
                continue
            ids.append(owner.entry_id)
            parts.append(f"{doc[owner.start : owner.end].text} ({owner.country})")
            start = min(start, s.nps[p].start, owner.start)
            consumes.append(p)
        if country is None:
            post = self._postnominal_country(s, np)
            if post is not None:
                country, obj_np, cid, text = post
                ids.append(cid)
                parts.append(text)
                end = max(end, obj_np.end)
                consumes.append(obj_np.head)
        if not role_ids:
            # A proper name with only a country: an actor unless it names a date, event or place.
            return self._country_named(s, np) if country else self._name_coreference(s, np, state)
        return self._finish(
            s,
            np,
            start,
            end,
            mention_head,
            country,
            role,
            ids + role_ids,
            parts,
            role_text,
            name,
            titles,
            resolution,
            consumes,
            state,
        )

    def _rank(self, role: str) -> int:
        return self.rules.role_priority.get(role, 0)

    def _finish(
        self,
        s: _Sentence,
        np: _NP,
        start: int,
        end: int,
        head: int,
        country: str | None,
        role: str | None,
        ids: list[str],
        parts: list[str],
        role_text: str,
        name: str,
        titles: tuple[str, ...],
        resolution: str,
        consumes: list[int],
        state: _State,
    ) -> _Built | None:
        doc = s.doc
        st, en = _trim(doc, start, end)
        if role_text:
            parts = [*parts, f"{role_text!r} ({role})"]
        if name:
            parts = [*parts, f"name {name!r}"]
        evidence = " + ".join(parts)
        entry_id = "+".join(ids)
        role_entries = [self.dictionary.roles[i] for i in ids if i in self.dictionary.roles]
        # A title says "person"; NER's PERSON label did too, but is wrong on news text as often
        # as right ("Bertelsmann", "Aston Martin") and is no longer computed.
        person = bool(titles)
        if not name and role is not None:
            definite = _is_definite(doc, np, self.rules)
            plural = doc[np.head].tag_ in ("NNS", "NNPS")
            antecedent = None
            if definite and not plural:
                antecedent = self._description_antecedent(s, country, role, titles, person, state)
            if antecedent is not None:
                return _Built(
                    st,
                    en,
                    head,
                    antecedent.code,
                    antecedent.country,
                    antecedent.role,
                    antecedent.name,
                    f"coref({antecedent.entry_id})+{entry_id}",
                    "coreference",
                    f"{doc[st:en].text!r} ({evidence}) refers to {antecedent.name} "
                    f"({antecedent.code}) earlier in the article",
                    person=antecedent.person,
                    titles=titles,
                    entity_key=antecedent.key,
                    consumes=tuple(consumes),
                )
            if country is None:
                standalone = {r.standalone for r in role_entries if r.kind != "modifier"}
                # 'the minister' may act alone; 'their leaders' and 'a regime' do not.
                definite_ok = definite and not (plural and person)
                if not ("yes" in standalone or ("definite" in standalone and definite_ok)):
                    return None
                return _Built(
                    st,
                    en,
                    head,
                    role,
                    None,
                    role,
                    doc[st:en].text,
                    entry_id,
                    "compositional",
                    f"{evidence}; no country in the phrase: role only",
                    consumes=tuple(consumes),
                )
        if country is None and role is None:
            return None
        code = (country or "") + (role or "")
        if name:
            label = name
        elif country and not role:
            label = self._country_name(country)
        else:
            label = doc[st:en].text
        return _Built(
            st,
            en,
            head,
            code,
            country,
            role,
            label,
            entry_id,
            resolution,
            evidence,
            person=person,
            titles=titles,
            name_keys=_name_keys(name),
            entity_key=f"name:{name.lower()}" if name else None,
            consumes=tuple(consumes),
        )

    def _postnominal_country(self, s: _Sentence, np: _NP) -> tuple[str, _NP, str, str] | None:
        """'the government of Venezuela', 'protesters in Venezuela'."""
        doc = s.doc
        for prep in doc[np.head].children:
            if (
                prep.dep_ != "prep"
                or prep.lower_ not in self.rules.postnominal_country_prepositions
            ):
                continue
            for obj in prep.children:
                obj_np = s.nps.get(obj.i) if obj.dep_ == "pobj" else None
                m = _head_match(obj_np, s.in_match) if obj_np is not None else None
                if m is not None and obj_np is not None and m.surface.kind == "country":
                    entry = self.dictionary.countries[m.surface.entry_id]
                    text = f"{prep.text} {doc[m.start : m.end].text} ({entry.code})"
                    return entry.code, obj_np, f"{entry.id}:{m.surface.form}", text
        return None

    def _possessive_pronoun(self, s: _Sentence, token: Token, state: _State) -> _Built | None:
        """The owner behind 'his'/'her' (a person) or 'its' (the latest country in the sentence)."""
        if token.lower_ in self.rules.person_pronouns:
            entity, why = self._pronoun_antecedent(s, token, state)
            if entity is None:
                return None
            return _Built(
                token.i,
                token.i + 1,
                token.i,
                entity.code,
                entity.country,
                entity.role,
                entity.name,
                f"coref({entity.entry_id})",
                "coreference",
                why,
            )
        if token.lower_ == "its":
            for s_idx, t_idx, code in reversed(state.countries):
                if s_idx == s.index and t_idx < token.i:
                    return _Built(
                        token.i,
                        token.i + 1,
                        token.i,
                        code,
                        code,
                        None,
                        self._country_name(code),
                        "rule:its",
                        "coreference",
                        f"'its' -> the latest country in the sentence ({code})",
                    )
        return None

    def _absorb_possessors(self, s: _Sentence, np: _NP, b: _Built) -> _Built:
        """A person or organisation with a country possessor spans it ("China's leader Xi")."""
        if b.consumes or (b.resolution == "coreference" and not b.person):
            return b
        if not (b.person or (b.entity_key and b.entity_key.startswith("org:"))):
            return b
        taken = []
        start = b.start
        for p in np.possessors:
            owner = s.resolved.get(p)
            if (
                owner is not None
                and owner.role is None
                and owner.country is not None
                and (b.country in (None, owner.country))
            ):
                taken.append(p)
                start = min(start, s.nps[p].start, owner.start)
        if taken:
            b.start = start
            b.consumes = tuple(taken)
        return b

    def _description_antecedent(
        self,
        s: _Sentence,
        country: str | None,
        role: str,
        titles: tuple[str, ...],
        person: bool,
        state: _State,
    ) -> _Entity | None:
        """The entity a definite description ('the FM', 'the Venezuelan leader') refers to."""
        window = self.rules.description_window
        if person:
            for pm in reversed(state.persons):
                if s.index - pm.sent > window:
                    break
                ent = pm.entity
                if country is not None:
                    if ent.country == country and ent.role == role:
                        return ent
                elif set(titles) & ent.titles:
                    return ent
            return None
        if country is None:
            for s_idx, ent in reversed(state.orgs):
                if s.index - s_idx > window:
                    break
                if ent.role == role and ent.key.startswith("name:"):
                    return ent
        return None

    def _name_coreference(self, s: _Sentence, np: _NP, state: _State) -> _Built | None:
        """A bare name ('Arreaza', 'Mr Gil') introduced earlier in the article with a code."""
        doc = s.doc
        words = [
            i
            for i in sorted(np.tokens)
            if _is_name(doc[i]) and doc[i].lower_ not in self.rules.honorifics
        ]
        if not words:
            return None
        full = " ".join(doc[i].lower_ for i in words)
        entity = state.names.get(full) or state.names.get(doc[words[-1]].lower_)
        if entity is None:
            return None
        st, en = _trim(doc, np.start, np.end)
        return _Built(
            st,
            en,
            np.head,
            entity.code,
            entity.country,
            entity.role,
            entity.name,
            f"coref({entity.entry_id})",
            "coreference",
            f"{doc[st:en].text!r} names {entity.name} ({entity.code}) introduced earlier",
            person=entity.person,
            entity_key=entity.key,
        )

    def _modifier_mentions(
        self, s: _Sentence, np: _NP, result: _Built | None, state: _State
    ) -> list[_Built]:
        """Countries, organisations and people inside a phrase that did not use them: each is a
        mention of its own ("Russian support", "U.S. sanctions", "the Lima Group members")."""
        doc = s.doc
        out: list[_Built] = []
        for m in np.matches:
            kind = m.surface.kind
            if kind not in ("country", "capital", "person", "org"):
                continue
            if result is not None:
                same_country = (
                    kind in ("country", "capital") and m.surface.entry_id == result.country
                )
                if kind not in ("country", "capital") or same_country or result.country is None:
                    continue
                if (
                    self._np_country(s, np) is not None
                    and self._np_country(s, np)[0] == m.surface.entry_id
                ):
                    continue
            sub = _NP(head=m.root, tokens=list(range(m.start, m.end)), matches=[m])
            if kind == "person":
                b = self._person(s, sub, m, state)
            elif kind == "org":
                b = self._org(s, sub, m)
            else:
                b = self._country(s, sub, m)
            b.start, b.end = _trim(doc, m.start, m.end)
            b.head = m.root
            out.append(b)
        return out

    # ---- pronouns -----------------------------------------------------------------------------

    def _pronoun_antecedent(
        self, s: _Sentence, token: Token, state: _State
    ) -> tuple[_Entity | None, str]:
        """The person a third-person pronoun stands for, when that is unambiguous.

        Looks at persons earlier in the same sentence, then back up to `pronoun_window`
        sentences; in the nearest sentence with candidates, one entity wins outright, else the
        latest one that was a subject, else nothing.
        """
        oldest = s.index - self.rules.pronoun_window
        recent: list[_PersonMention] = []
        for pm in reversed(state.persons):
            if pm.sent < oldest:
                break
            recent.append(pm)
        recent.reverse()
        for back in range(self.rules.pronoun_window + 1):
            s_idx = s.index - back
            if s_idx < 0:
                break
            cands = [pm for pm in recent if pm.sent == s_idx and (back > 0 or pm.token < token.i)]
            if not cands:
                continue
            if len({pm.entity.key for pm in cands}) == 1:
                ent = cands[-1].entity
                return ent, f"{token.text!r} -> {ent.name}, the only person in view"
            subjects = [pm for pm in cands if pm.subject]
            if subjects:
                ent = subjects[-1].entity
                return ent, f"{token.text!r} -> {ent.name}, the latest person subject"
            return None, "ambiguous"
        return None, "no antecedent"

    def _pronouns(self, s: _Sentence, built: list[_Built], state: _State) -> list[_Built]:
        rules = self.rules
        covered: set[int] = set()
        for b in built:
            covered.update(range(b.start, b.end))
        speaker: tuple[int, _Entity] | None = None
        tokens = list(s.sent)  # walked twice: one Token object per word, not two
        first_person = any(t.lower_ in rules.first_person_pronouns for t in tokens)
        if first_person:
            speaker = self._quote_speaker(s, built, state)
        out: list[_Built] = []
        for token in tokens:
            if token.i in covered or token.pos_ not in ("PRON", "DET", ""):
                continue
            low = token.lower_
            if low in rules.person_pronouns:
                entity, why = self._pronoun_antecedent(s, token, state)
                if entity is None:
                    continue
                out.append(
                    _Built(
                        token.i,
                        token.i + 1,
                        token.i,
                        entity.code,
                        entity.country,
                        entity.role,
                        entity.name,
                        f"rule:pronoun+coref({entity.entry_id})",
                        "coreference",
                        why,
                        person=True,
                        entity_key=entity.key,
                    )
                )
                state.persons.append(
                    _PersonMention(s.index, token.i, entity, token.dep_ in _SUBJECT_DEPS)
                )
            elif low in rules.first_person_pronouns and speaker is not None:
                verb, entity = speaker
                out.append(
                    _Built(
                        token.i,
                        token.i + 1,
                        token.i,
                        entity.code,
                        entity.country,
                        entity.role,
                        entity.name,
                        f"rule:quote-speaker+coref({entity.entry_id})",
                        "coreference",
                        f"{token.text!r} in words attributed to {entity.name} "
                        f"({s.doc[verb].text!r})",
                        person=True,
                        entity_key=entity.key,
                    )
                )
        return out

    def _quote_speaker(
        self, s: _Sentence, built: list[_Built], state: _State
    ) -> tuple[int, _Entity] | None:
        """The person subject of a reporting verb in the sentence ('..., Maduro said')."""
        persons = {b.head: b for b in built if b.person and b.entity_key}
        for token in s.sent:
            lemma = (token.lemma_ or token.lower_).lower()
            if lemma not in self.rules.speech_verbs:
                continue
            for child in token.children:
                b = persons.get(child.i)
                if child.dep_ in _SUBJECT_DEPS and b is not None and b.entity_key in state.entities:
                    return token.i, state.entities[b.entity_key]
        return None

    # ---- state --------------------------------------------------------------------------------

    def _register(self, s: _Sentence, b: _Built, state: _State) -> None:
        if b.country is not None and b.country in self.dictionary.countries:
            state.countries.append((s.index, b.head, b.country))
        if b.entity_key is None:
            return
        entity = state.entities.get(b.entity_key)
        if entity is None:
            entity = _Entity(b.entity_key, b.code, b.country, b.role, b.name, b.entry_id, b.person)
            state.entities[b.entity_key] = entity
        elif b.resolution != "coreference":
            entity.code, entity.country, entity.role = b.code, b.country, b.role
            entity.entry_id = b.entry_id
        entity.titles.update(b.titles)
        for key in b.name_keys:
            state.names.setdefault(key, entity)
        if entity.person or b.person:
            entity.person = True
            subject = s.doc[b.head].dep_ in _SUBJECT_DEPS
            state.persons.append(_PersonMention(s.index, b.head, entity, subject))
        else:
            state.orgs.append((s.index, entity))

    def _country_name(self, code: str) -> str:
        entry = self.dictionary.countries.get(code)
        return entry.name if entry else code


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _case_ok(doc: Doc, start: int, end: int, surface: Surface) -> bool:
    rule = _case_rule(surface.text)
    if len(rule) != end - start:
        rule = rule[:1]  # the pipeline split a word ("law-maker"): check the first token only
    for token, need in zip(doc[start:end], rule, strict=False):
        text = token.text
        if need == "A" and sum(c.isupper() for c in text) < 2:
            return False
        if need == "C" and not text[:1].isupper():
            return False
    return True


def _span_root(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the last one if several)."""
    root = end - 1
    for i in range(start, end):
        h = doc[i].head.i
        if h == i or not start <= h < end:
            root = i
    return root


def _head_match(np: _NP, in_match: dict[int, _Match]) -> _Match | None:
    m = in_match.get(np.head)
    return m if m is not None and m.root == np.head else None


def _is_name(token: Token) -> bool:
    """A proper-noun word (by POS, or by capitalisation in an untagged doc)."""
    if token.pos_:
        return token.pos_ == "PROPN" and (token.is_alpha or "-" in token.text)
    return token.is_title and token.is_alpha


def _name_text(
    doc: Doc, np: _NP, in_match: dict[int, _Match], rules: Rules, follower: _NP | None = None
) -> str:
    """Proper-noun words of a phrase not covered by the dictionary ('Jorge Arreaza', 'Conviasa')."""
    tokens = sorted({*np.tokens, *(follower.tokens if follower is not None else ())})
    words = [
        doc[i].text
        for i in tokens
        if i not in in_match and _is_name(doc[i]) and doc[i].lower_ not in rules.honorifics
    ]
    return " ".join(words)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation and a possessive marker at the edges of a span."""
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (
        doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].dep_ == "case"
    ):
        end -= 1
    return start, end


def _is_definite(doc: Doc, np: _NP, rules: Rules, numbers: bool = True) -> bool:
    """'the'/'this'/a possessive, or (when `numbers`) a count ("18 people"): a phrase that picks
    out its referent rather than describing a kind."""
    if np.possessors:
        return True
    return any(
        doc[i].lower_ in rules.definite_determiners
        or doc[i].lower_ in rules.possessive_pronouns
        or (numbers and doc[i].dep_ == "nummod")
        for i in range(np.start, np.head)
    )


def _name_keys(name: str) -> tuple[str, ...]:
    words = name.lower().split()
    if not words:
        return ()
    return (" ".join(words), words[-1]) if len(words) > 1 else (words[0],)


def _term_for(person: PersonEntry, date: dt.date | None) -> tuple[PersonTerm | None, str]:
    """The person's term valid on `date` (the latest open one when the date is unknown)."""
    if date is None:
        open_terms = [t for t in person.terms if t.valid_to is None]
        term = open_terms[-1] if open_terms else person.terms[-1]
        return term, f"(article date unknown: latest term, from {term.valid_from})"
    valid = [
        t
        for t in person.terms
        if t.valid_from <= date and (t.valid_to is None or date < t.valid_to)
    ]
    if not valid:
        return None, ""
    term = valid[-1]
    until = f"to {term.valid_to}" if term.valid_to else "open-ended"
    return term, f"(term from {term.valid_from}, {until})"


def _nearest_term(person: PersonEntry, date: dt.date | None) -> PersonTerm:
    if date is None:
        return person.terms[-1]

    def distance(t: PersonTerm) -> int:
        if date < t.valid_from:
            return (t.valid_from - date).days
        return (date - (t.valid_to or date)).days

    return min(person.terms, key=distance)


def mention_records(
    mentions: Sequence[Mention], sent: Span, article_id: str, sentence_id: str
) -> list[ActorMention]:
    """`actor_mentions` rows for one sentence's mentions (char offsets relative to the sentence)."""
    doc = sent.doc
    base = sent.start_char
    out = []
    for m in mentions:
        span = doc[m.start : m.end]
        start, end = span.start_char - base, span.end_char - base
        out.append(
            ActorMention(
                mention_id=f"{sentence_id}:{start}-{end}",
                article_id=article_id,
                sentence_id=sentence_id,
                start=start,
                end=end,
                text=span.text,
                code=m.code,
                country=m.country,
                role=m.role,
                name=m.name,
                entry_id=m.entry_id,
                resolution=m.resolution,
                evidence=m.evidence,
            )
        )
    return out
