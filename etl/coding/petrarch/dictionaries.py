"""A set of PETRARCH dictionaries as users keep them: the kind of each file, one set at a time.

PETRARCH's `PETR_config.ini` names one verb, agent and discard file and any number of actor
files, and users keep them in folders whose file names tell the kind (`*.verbs.txt`,
`CAMEO.*`). `load_petrarch` follows that convention and refuses a folder that holds two sets:
silently picking one would code with dictionaries the user did not mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from etl.coding.petrarch.actors import (
    ActorDictionary,
    ActorEntry,
    AgentDictionary,
    DiscardList,
    read_actors,
    read_agents,
    read_discards,
)
from etl.coding.petrarch.lines import DictionaryProblem, dictionary_error
from etl.coding.petrarch.verbs import VerbDictionary, read_verbs


class DictionaryKind(StrEnum):
    VERBS = "verbs"
    ACTORS = "actors"
    AGENTS = "agents"
    DISCARDS = "discards"
    OTHER = "other"  # issues, licences, documentation: not read


def dictionary_kind(path: Path) -> DictionaryKind:
    """Guess a file's kind from its name, as PETRARCH users name them (`*.verbs.txt`, ...)."""
    name = Path(path).name.lower()
    if not name.endswith(".txt") or "license" in name or "readme" in name:
        return DictionaryKind.OTHER
    if "verb" in name or name.startswith("cameo"):
        return DictionaryKind.VERBS
    if "actor" in name:
        return DictionaryKind.ACTORS
    if "agent" in name:
        return DictionaryKind.AGENTS
    if "discard" in name:
        return DictionaryKind.DISCARDS
    return DictionaryKind.OTHER


@dataclass(frozen=True)
class PetrarchDictionaries:
    """One coherent set: a verb file, actor files, an agent file and a discard list."""

    verbs: VerbDictionary | None
    actors: tuple[ActorDictionary, ...]
    agents: AgentDictionary | None
    discards: DiscardList | None
    ignored: tuple[str, ...]  # files in the given folders that are not one of the four kinds

    @property
    def problems(self) -> tuple[DictionaryProblem, ...]:
        out: list[DictionaryProblem] = []
        for d in (self.verbs, *self.actors, self.agents, self.discards):
            if d is not None:
                out.extend(d.problems)
        return tuple(out)

    @property
    def actor_entries(self) -> tuple[ActorEntry, ...]:
        return tuple(e for a in self.actors for e in a.entries)

    @property
    def files(self) -> tuple[str, ...]:
        paths = [d.path for d in (self.verbs, *self.actors, self.agents, self.discards) if d]
        return tuple(paths)


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    ignored: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if child.is_file() and dictionary_kind(child) is not DictionaryKind.OTHER:
                    files.append(child)
                elif child.is_file():
                    ignored.append(str(child))
        elif p.is_file():
            files.append(p)
        else:
            raise dictionary_error(p, 0, "no such file or folder")
    return files, ignored


def load_petrarch(paths: Sequence[Path] | Path) -> PetrarchDictionaries:
    """Load a PETRARCH dictionary set from files and/or folders (kinds are told by file name).

    A set has at most one verb, agent and discard file and any number of actor files, as in
    PETRARCH's `PETR_config.ini`. A folder holding two sets (e.g. two verb files) is ambiguous:
    pass the files explicitly instead.
    """
    if isinstance(paths, str | Path):
        paths = [Path(paths)]
    files, ignored = _expand(paths)
    by_kind: dict[DictionaryKind, list[Path]] = {k: [] for k in DictionaryKind}
    for f in files:
        kind = dictionary_kind(f)
        if kind is DictionaryKind.OTHER:
            raise dictionary_error(
                f,
                0,
                "cannot tell the dictionary kind from the name; name it *verbs*, *actors*, "
                "*agents* or *discards*",
            )
        by_kind[kind].append(f)
    for kind in (DictionaryKind.VERBS, DictionaryKind.AGENTS, DictionaryKind.DISCARDS):
        if len(by_kind[kind]) > 1:
            names = ", ".join(p.name for p in by_kind[kind])
            raise dictionary_error(
                by_kind[kind][1], 0, f"more than one {kind} file ({names}); pass one set's files"
            )
    verbs = by_kind[DictionaryKind.VERBS]
    agents = by_kind[DictionaryKind.AGENTS]
    discards = by_kind[DictionaryKind.DISCARDS]
    return PetrarchDictionaries(
        verbs=read_verbs(verbs[0]) if verbs else None,
        actors=tuple(read_actors(p) for p in by_kind[DictionaryKind.ACTORS]),
        agents=read_agents(agents[0]) if agents else None,
        discards=read_discards(discards[0]) if discards else None,
        ignored=tuple(ignored),
    )
