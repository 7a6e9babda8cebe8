"""The actor dictionary: load the files of `etl/dictionaries/actors/`, validate every line, index
every surface.

Why it exists: the resolver must trust its data, so every check happens here, once, at load
time: ids and their prefixes, CAMEO codes against the codebook (`_CodeChecker`), dated terms that
neither overlap nor run backwards, the rules in `rules.yaml`. A bad line raises `EtlError` E005
with the file and the line number, never a silent skip. What it decides: which entry a written
surface stands for (`ActorDictionary.surfaces`, with generated plural, accent-free and
curly-apostrophe variants; explicit surfaces before generated ones, then person > organisation >
country > capital > region > role) and the dictionary's version, a hash of every file, so a
changed user dictionary shows in every coded row.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import itertools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from etl.cameo import ORGANISATION_TYPES, codebook
from etl.coding.actors.entries import (
    CountryEntry,
    OrgEntry,
    PersonEntry,
    PersonTerm,
    RegionEntry,
    RoleEntry,
    Rules,
    Surface,
    case_rule,
)
from etl.errors import Errors, EtlError

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
    return sum({"A": 2, "C": 1, "": 0}[r] for r in case_rule(text))


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
    #: entry id (or person key, or country code) -> `file:line` of its line
    entry_at: dict[str, str] = field(default_factory=dict)
    #: (entry id, lower-cased surface) -> `file:line` of the line that wrote that surface,
    #: where it differs from the entry's first line (a PETRARCH synonym on its own line)
    surface_at: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def from_package(cls) -> ActorDictionary:
        """Load the dictionaries shipped in `etl/dictionaries/actors/`."""
        return cls._load(
            resources.files("etl.dictionaries").joinpath("actors"), "etl/dictionaries/actors"
        )

    @classmethod
    def load(
        cls,
        path: Path,
        entry_at: dict[str, str] | None = None,
        surface_at: dict[tuple[str, str], str] | None = None,
    ) -> ActorDictionary:
        """Load a user's folder holding the same files as `etl/dictionaries/actors/`.

        `entry_at` / `surface_at` replace the folder's own `file:line` locations: a folder
        converted from PETRARCH files (`etl.coding.petrarch.write_actor_folder`) cites the
        PETRARCH lines, not the temporary CSV it was written to.
        """
        path = Path(path)
        if not path.is_dir():
            raise _error(str(path), 0, "not a folder with the actor dictionary files")
        return cls._load(path, str(path), entry_at, surface_at)

    # ---- loading ----------------------------------------------------------------------------

    @classmethod
    def _load(
        cls,
        folder: Traversable | Path,
        label: str,
        entry_at: dict[str, str] | None = None,
        surface_at: dict[tuple[str, str], str] | None = None,
    ) -> ActorDictionary:
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
        own_at: dict[str, str] = {}
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
                at = f"{where}:{line}"
                own_at.setdefault(row["id"], at)
                if name == "countries.csv":
                    own_at.setdefault(row["code"], at)
                elif name == "people.csv":
                    own_at.setdefault(row["person"], at)

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
            entry_at=entry_at if entry_at is not None else own_at,
            surface_at=surface_at or {},
        )
        dictionary._index_surfaces(label)
        return dictionary

    @classmethod
    def layered(
        cls, own: ActorDictionary, user: ActorDictionary, user_first: bool
    ) -> ActorDictionary:
        """The project's entries and a user's in one dictionary.

        Every entry of both is kept (ids do not collide: converted PETRARCH entries carry
        `petr-` ids; a country code both know keeps the project's entry, with its adjectives
        and capitals). Where both name a surface, the `user_first` layer's entry takes it,
        unless both give it the same fixed code ("Venezuela" is VEN in both, "government"
        adds GOV in both): then the project's entry keeps it, with what it knows that a
        PETRARCH line cannot say (adjective or capital; whether a role word stands alone as an
        actor, "the government said", or needs one). A country name the user's set codes with
        a code outside the CAMEO codebook (ROU for ROM) keeps the project's codebook code too.
        The rules are the project's.
        """
        countries = {**user.countries, **own.countries}
        checker = _CodeChecker(countries)
        merged = cls(
            countries=countries,
            regions={**user.regions, **own.regions},
            orgs={**user.orgs, **own.orgs},
            roles={**user.roles, **own.roles},
            people={**user.people, **own.people},
            person_terms={**user.person_terms, **own.person_terms},
            rules=own.rules,
            surfaces={},
            version=f"{own.version}/{'user' if user_first else 'own'}-first/{user.version}",
            _checker=checker,
            entry_at={**user.entry_at, **own.entry_at},
            surface_at={**user.surface_at, **own.surface_at},
        )
        own_fixed = {k: own._fixed_code(s) for k, s in own.surfaces.items()}
        book = codebook()
        candidates = own._candidates()
        for s in user._candidates():
            fixed = user._fixed_code(s)
            held = own_fixed.get(s.text.lower())
            if fixed is not None and held == fixed:
                continue  # both say the same: the project's entry, with its form, keeps it
            if s.kind in ("country", "capital") and s.entry_id not in book.countries and held:
                # "Romania" is ROU (ISO) in Phoenix, ROM in the CAMEO codebook: the two name
                # the same country and differ in spelling; the codebook's code keeps the
                # warehouse's tables (events_daily, dyad_month, gdelt_events) comparable.
                continue
            candidates.append(dataclasses.replace(s, layer=1))
        first = 1 if user_first else 0
        merged._index(candidates, "layered dictionaries", first)
        return merged

    def _fixed_code(self, s: Surface) -> str | None:
        """The code a surface always gives (a country, capital or organisation, or the role a
        role word adds), else None (a person's code depends on the date)."""
        if s.kind in ("country", "capital"):
            return s.entry_id
        if s.kind == "org":
            return self.orgs[s.entry_id].code
        if s.kind == "role":
            return "~" + self.roles[s.entry_id].role
        return None

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

        def genders(key: str) -> dict[str, str]:
            # Optional (a user's older rules.yaml has none): {masculine: [...], feminine: [...]}.
            value = data.get(key) or {}
            if not isinstance(value, dict) or set(value) - {"masculine", "feminine"}:
                raise _error(
                    where, _yaml_line(text, key), f"{key} maps masculine/feminine to words"
                )
            return {str(w).lower(): gender[0] for gender, ws in value.items() for w in ws or ()}

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
            pronoun_gender=genders("pronoun_gender"),
            gender_words=genders("gender_words"),
        )

    def _index_surfaces(self, label: str) -> None:
        """Map every lower-cased surface (and its plural / accent-free variants) to one entry."""
        self._index(self._candidates(), label, 0)

    def _candidates(self) -> list[Surface]:
        """Every surface the entries write, with generated variants, each citing its line."""
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
            at = self.surface_at.get((s.entry_id, s.text.lower())) or self.entry_at.get(
                s.entry_id, ""
            )
            s = dataclasses.replace(s, at=at)
            with_folded.append(s)
            folded = _fold(s.text).replace("\u2019", "'")
            if folded != s.text:
                with_folded.append(dataclasses.replace(s, text=folded, generated=True))
            if "'" in s.text:
                with_folded.append(
                    dataclasses.replace(s, text=s.text.replace("'", "\u2019"), generated=True)
                )
        return with_folded

    def _index(self, candidates: list[Surface], label: str, first_layer: int) -> None:
        """Index surfaces: explicit before generated, then the `first_layer`, then by kind.

        Two explicit entries of one kind and one layer naming the same surface are an error in
        the file; across layers the first layer wins and the loser is noted in `conflicts`.
        """
        rank = {k: i for i, k in enumerate(_PRECEDENCE)}
        with_folded = sorted(
            candidates, key=lambda s: (s.generated, s.layer != first_layer, rank[s.kind])
        )
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
                if held.kind == s.kind and not held.generated and held.layer == s.layer:
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
