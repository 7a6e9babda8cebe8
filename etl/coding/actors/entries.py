"""What one row of each actor dictionary file becomes, and the case rule of a written surface.

A module of its own because three readers share these shapes and none of them should need the
loader to name them: the loader (`dictionary`) builds them, the resolution steps read them, and
the pre-filter (`etl.coding.prefilter`) applies a `Surface`'s case rule to its own matches. Every
entry is frozen: a loaded dictionary never changes while an article is resolved.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field


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
    #: pronoun -> "m"/"f", and words that tell a person's gender -> "m"/"f" (both optional)
    pronoun_gender: dict[str, str] = field(default_factory=dict)
    gender_words: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Surface:
    """What a matched string stands for: an entry, and in which form it was written."""

    kind: str  # country | capital | region | org | person | role
    entry_id: str
    form: str  # name | alias | adjective | demonym | capital | phrase | ...
    text: str  # the surface as written in the dictionary (for the case rule)
    generated: bool = False  # plural or accent-folded variant
    at: str = ""  # `file:line` of the dictionary line that names it (events cite it)
    layer: int = 0  # 0 the project's own dictionaries, 1 a user's set layered on them


@functools.cache
def case_rule(text: str) -> tuple[str, ...]:
    """Per-word case constraint of a surface: 'A' acronym, 'C' capitalised, '' any case.

    Why: matching is case-insensitive for speed, but 'US' must not match the pronoun 'us', 'WHO'
    not 'Who', and 'Turkey' not 'turkey'.
    """
    rule = []
    for word in text.split():
        uppers = sum(c.isupper() for c in word)
        rule.append("A" if uppers >= 2 else "C" if word[:1].isupper() else "")
    return tuple(rule)
