"""What a batch's rows were made with, file by file: so `etl run` sees what changed since.

A batch is processed once per input fingerprint (`etl.articles.batches`); its done marker also
records `coding_versions`: a hash of each dictionary file the run codes with (every data file
under `etl/dictionaries`, the actor folder given in place of `etl/dictionaries/actors`, each
file of a user's PETRARCH set and how it is layered), of the coder's source (`etl/coding`), the
etl version and the spaCy pipeline. When `etl run` finds a done batch whose recorded versions
differ from the current ones, it re-codes that batch and says which files changed
(`changed_names`); `rerun_scope` tells whether cleaning and dedup must run again too, or only
the sentences and coding steps (their input, the cleaned and deduplicated articles, is reused).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from etl import __version__
from etl.articles.batches import Batch, done_versions, is_done
from etl.coding.dictionary_set import DictionarySpec, dictionary_files

#: Data files read before the sentences step (cleaning, language detection, dedup): a change
#: to one re-runs the whole batch; any other change re-runs sentences and coding only.
CLEANING_FILES = frozenset(
    {
        "etl/dictionaries/debris.yaml",
        "etl/dictionaries/clean_dates.yaml",
        "etl/dictionaries/clean_normalise.yaml",
        "etl/dictionaries/clean_languages.yaml",
        "etl/dictionaries/dedup_params.yaml",
    }
)
#: Keys of `coding_versions` that are not files.
ETL_KEY = "etl version"
CODER_KEY = "coder source (etl/coding)"
MODEL_KEY = "spaCy pipeline"
#: What `changed_names` says of a batch whose marker has no versions (an earlier etl wrote it).
UNRECORDED = "the dictionaries it was coded with (not recorded by the etl that coded it)"
OPTIONS_KEY = "dictionary options"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _files(folder: Traversable | Path, prefix: str, suffixes: tuple[str, ...]) -> Iterable:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files(entry, name, suffixes)
        elif entry.name.endswith(suffixes) if suffixes else not entry.name.endswith(".py"):
            yield name, entry.read_bytes()


def coding_versions(spacy_model: str, spec: DictionarySpec) -> dict[str, str]:
    """File (or component) -> hash of everything besides the input that a batch's rows depend
    on; one function for `etl run`'s check and the coding step's marker, so the two agree.

    Args:
        spacy_model: the resolved pipeline name (its installed version is part of the value).
        spec: the dictionaries the run codes with (`etl.coding.dictionary_set`).
    """
    from spacy.util import get_package_version

    own = resources.files("etl.dictionaries")
    out: dict[str, str] = {}
    for name, data in _files(own, "etl/dictionaries", ()):
        if spec.actors and name.startswith("etl/dictionaries/actors/"):
            continue  # replaced by the user's actor folder below
        out[name] = _sha(data)
    if spec.actors:
        for name, data in _files(Path(spec.actors), str(Path(spec.actors).resolve()), ()):
            out[name] = _sha(data)
    for f in dictionary_files(spec.paths):
        out[f.path] = f.sha256[:16]
    if spec.paths:
        out[OPTIONS_KEY] = f"{spec.mode}/{spec.precedence}"
    coder = hashlib.sha256()
    for name, data in _files(resources.files("etl.coding"), "etl/coding", (".py",)):
        coder.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    out[CODER_KEY] = coder.hexdigest()[:16]
    out[ETL_KEY] = __version__
    out[MODEL_KEY] = f"{spacy_model} {get_package_version(spacy_model) or 'unknown'}"
    return out


def changed_names(before: Mapping[str, str] | None, now: Mapping[str, str]) -> list[str]:
    """What differs between two `coding_versions`, as a reader names it: a dictionary file by
    its file name (`people.csv`), others by their key; `before` None means not recorded."""
    if before is None:
        return [UNRECORDED]
    keys = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    names = []
    for key in keys:
        name = Path(key).name if "/" in key and not key.startswith(CODER_KEY) else key
        if key not in now:
            name += " removed"
        elif key not in before:
            name += " added"
        names.append(name)
    return list(dict.fromkeys(names))


def rerun_scope(before: Mapping[str, str] | None, now: Mapping[str, str]) -> str:
    """'batch' when what changed is read before the sentences step, else 'coding'."""
    if before is None:
        return "batch"
    keys = {k for k in set(before) | set(now) if before.get(k) != now.get(k)}
    return "batch" if keys & CLEANING_FILES else "coding"


@dataclass(frozen=True)
class Recode:
    """A batch done at its input fingerprint but coded with other dictionaries or coder."""

    key: str
    changed: list[str]  # what changed, as `changed_names` names it
    scope: str  # 'coding' (sentences and coding again) or 'batch' (every step)

    @property
    def reason(self) -> str:
        """The run's `etl/reason` tag: 're-code: people.csv'."""
        return f"re-code: {', '.join(self.changed)}"


def stale_batches(
    folder: Path, batches: Sequence[Batch], versions: Mapping[str, str]
) -> list[Recode]:
    """The done batches whose recorded versions differ from `versions`, in key order."""
    out = []
    for batch in batches:
        if not is_done(folder, batch):
            continue  # pending anyway
        before = done_versions(folder, batch)
        if before != versions:
            out.append(
                Recode(batch.key, changed_names(before, versions), rerun_scope(before, versions))
            )
    return out


def recode_note(recode: Sequence[Recode]) -> str:
    """'re-coding 1 batch: people.csv changed' (what `etl run` prints before it starts)."""
    changed = list(dict.fromkeys(name for r in recode for name in r.changed if name != UNRECORDED))
    if not changed:
        changed = [UNRECORDED]
    shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    batches = "batch" if len(recode) == 1 else "batches"
    scope = (
        "sentences and coding again, cleaning and dedup reused"
        if all(r.scope == "coding" for r in recode)
        else "every step again"
    )
    return f"re-coding {len(recode)} {batches}: {shown} changed ({scope})"
