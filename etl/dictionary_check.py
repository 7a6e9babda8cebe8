"""`etl dictionaries check`: every dictionary file through its own loader, in seconds.

The loaders are where the rules live (a CAMEO code the codebook does not know, an actor code
with a repeated segment, a person without a dated term, a debris rule that does not compile,
…): each raises an error naming the file and line. This runs each loader once, on the files a
run would use (the package's, the actor folder given in place of `etl/dictionaries/actors/`, a
user's PETRARCH set), and reports every file group, not only the first failure, so an edit is
checked without a pipeline run or the test suite.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from etl.coding.dictionary_set import DictionarySpec
from etl.errors import EtlError


@dataclass(frozen=True)
class CheckResult:
    """One file group through its loader."""

    name: str  # the files, as a reader names them
    entries: int | None  # entries loaded (None when it failed)
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # not errors: e.g. surfaces two entries claim
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def _actors(spec: DictionarySpec) -> tuple[int, list[str]]:
    from etl.coding.dictionary_set import own_actors

    dictionary = own_actors(spec.actors)
    parts = (dictionary.countries, dictionary.regions, dictionary.orgs, dictionary.roles)
    return sum(map(len, parts)) + len(dictionary.people), list(dictionary.conflicts)


def _lexicon(_spec: DictionarySpec) -> tuple[int, list[str]]:
    from etl.coding.lexicon import EventLexicon

    return len(EventLexicon.from_package().entry_at), []


def _discards(_spec: DictionarySpec) -> tuple[int, list[str]]:
    from etl.coding.events import DiscardList

    return len(DiscardList.from_package().sentence), []


def _dyads(_spec: DictionarySpec) -> tuple[int, list[str]]:
    from etl.coding.dyads import DyadRules

    DyadRules.from_package()
    return 1, []


def _codebook(_spec: DictionarySpec) -> tuple[int, list[str]]:
    from etl.cameo import codebook

    return len(codebook().events), []


def _cleaning(_spec: DictionarySpec) -> tuple[int, list[str]]:
    from etl.articles import clean, dedup, language

    rules = clean.debris_rules()
    clean.date_rules()
    clean.normaliser()
    language.language_config()
    dedup.dedup_params()
    return len(rules), []


def _user_set(spec: DictionarySpec) -> tuple[int, list[str]]:
    from etl.coding.dictionary_set import resolve_dictionaries

    resolved = resolve_dictionaries(spec)
    notes = [f"{resolved.not_carried} entries not carried over"] if resolved.not_carried else []
    return len(resolved.files), notes


#: What a loader raises on a bad file: coded errors naming file and line, and the parsers' own.
LOADER_ERRORS = (EtlError, ValueError, KeyError, OSError, yaml.YAMLError)

Loader = Callable[[DictionarySpec], tuple[int, list[str]]]

#: (what, loader) in the order a reader goes through the folder.
CHECKS: tuple[tuple[str, Loader], ...] = (
    ("actors/ (countries, igos, groups, people, roles, regions, metonyms, rules)", _actors),
    ("verbs.txt (event lexicon, codes against the CAMEO codebook)", _lexicon),
    ("discards.txt", _discards),
    ("dyads.yaml", _dyads),
    ("cameo/ (codebook, Goldstein, quad classes)", _codebook),
    ("debris.yaml, clean_*.yaml, dedup_params.yaml", _cleaning),
)


def check_dictionaries(spec: DictionarySpec) -> list[CheckResult]:
    """Each file group of `spec`'s dictionaries through its loader (module docstring)."""
    checks = list(CHECKS)
    if spec.actors:
        checks[0] = (f"{spec.actors} (actor folder in place of etl/dictionaries/actors)", _actors)
    if spec.paths:
        checks.append((f"{', '.join(spec.paths)} ({spec.mode}, PETRARCH format)", _user_set))
    out = []
    for name, loader in checks:
        started = time.perf_counter()
        try:
            entries, notes = loader(spec)
        except LOADER_ERRORS as exc:  # each group's error is reported, not the first one only
            seconds = time.perf_counter() - started
            out.append(CheckResult(name, None, str(exc) or type(exc).__name__, seconds=seconds))
            continue
        out.append(CheckResult(name, entries, None, notes, time.perf_counter() - started))
    return out
