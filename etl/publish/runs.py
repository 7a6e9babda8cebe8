"""The `runs` table: what went into the warehouse, with which versions, and what came out.

A run's *fingerprint* hashes everything that determines the tables: the bytes of every input
file, the etl version, the coder versions written into the events, a hash of every dictionary
file and the spaCy pipeline (name and version). Batch size, worker count and paths are kept
in `config_json` but left out of the fingerprint, since they do not change a single row.

The table keeps one row per fingerprint: rerunning the same input with the same dictionaries
replaces its older twin (so a rerun changes no row count), while a dictionary edit adds a row
and marks it current. Researchers can thus see which earlier builds this warehouse went
through, and `etl diff` shows what each change did to the events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl import __version__
from etl.records import InputSource, Run
from etl.warehouse import table_files


@dataclass(frozen=True)
class RunCounts:
    """Row counts of one run's tables (0 for a table the run did not write)."""

    input_records: int = 0
    articles: int = 0
    rejected: int = 0
    duplicates: int = 0
    sentences: int = 0
    mentions: int = 0
    events: int = 0
    events_daily: int = 0


def _walk(folder: Traversable, prefix: str = "") -> Iterable[tuple[str, bytes]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry, name + "/")
        elif not entry.name.endswith((".pyc", ".py")):
            yield name, entry.read_bytes()


def dictionary_version(extra: Sequence[Path] = (), files: Sequence[tuple[str, str]] = ()) -> str:
    """Hash of every data file under `etl/dictionaries` (and of extra user folders, and of a
    user's dictionary `files` given as (path, sha256)).

    Any edit to a dictionary, lexicon or CAMEO table changes it, whatever version line the
    file itself declares; Python loaders are code and are covered by the etl version.
    """
    digest = hashlib.sha256()
    for path, sha in files:
        digest.update(f"user/{Path(path).name}\0{sha}\0".encode())
    folders: list[tuple[str, Traversable]] = [("etl", resources.files("etl.dictionaries"))]
    folders += [(str(p), p) for p in extra if p.exists()]
    for label, folder in folders:
        for name, data in _walk(folder):
            digest.update(f"{label}/{name}\0".encode())
            digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


def fingerprint(
    inputs: Sequence[InputSource],
    coder_version: str,
    dictionaries: str,
    spacy_model: str,
    etl_version: str = __version__,
) -> str:
    """SHA-256 over what determines the tables (see the module docstring)."""
    payload = {
        "inputs": sorted((s.path, s.sha256) for s in inputs),
        "etl": etl_version,
        "coder": coder_version,
        "dictionaries": dictionaries,
        "spacy_model": spacy_model,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def table_counts(root: Path) -> RunCounts:
    """Row counts read from the Parquet footers (no table is loaded, except one column)."""

    def rows(table: str) -> int:
        return sum(pq.read_metadata(path).num_rows for path in table_files(root, table))

    duplicates = 0
    for path in table_files(root, "duplicate_clusters"):
        canonical = pq.read_table(path, columns=["is_canonical"]).column("is_canonical")
        duplicates += int(pc.sum(pc.invert(canonical)).as_py() or 0)
    return RunCounts(
        input_records=rows("raw_articles") + rows("rejected_inputs"),
        articles=rows("articles"),
        rejected=rows("rejected_inputs"),
        duplicates=duplicates,
        sentences=rows("sentences"),
        mentions=rows("actor_mentions"),
        events=rows("events"),
        events_daily=rows("events_daily"),
    )


def make_run(
    *,
    run_id: str,
    started_at: dt.datetime,
    finished_at: dt.datetime | None,
    inputs: Sequence[InputSource],
    coder_versions: Iterable[str],
    dictionaries: str,
    spacy_model: str,
    config: Mapping[str, object],
    counts: RunCounts,
    dictionary_files: Sequence[tuple[str, str]] = (),
) -> Run:
    """The current run's row."""
    coder_version = " | ".join(sorted(set(coder_versions))) or f"etl {__version__} (no events)"
    ordered = sorted(inputs, key=lambda s: s.path)
    return Run(
        run_id=run_id,
        fingerprint=fingerprint(inputs, coder_version, dictionaries, spacy_model),
        is_current=True,
        started_at=started_at.astimezone(dt.UTC),
        finished_at=finished_at.astimezone(dt.UTC) if finished_at else None,
        input_paths=[s.path for s in ordered],
        input_hashes=[s.sha256 for s in ordered],
        etl_version=__version__,
        coder_version=coder_version,
        dictionary_version=dictionaries,
        dictionary_files=[p for p, _h in dictionary_files],
        dictionary_hashes=[h for _p, h in dictionary_files],
        spacy_model=spacy_model,
        config_json=json.dumps(config, sort_keys=True, default=str),
        num_input_records=counts.input_records,
        num_articles=counts.articles,
        num_rejected=counts.rejected,
        num_duplicates=counts.duplicates,
        num_sentences=counts.sentences,
        num_mentions=counts.mentions,
        num_events=counts.events,
        num_events_daily=counts.events_daily,
    )


def merge_runs(current: Run, previous: Sequence[Run]) -> list[Run]:
    """Earlier runs (no longer current) plus this one; a same-fingerprint twin is replaced."""
    kept = [
        r.model_copy(update={"is_current": False})
        for r in previous
        if r.fingerprint != current.fingerprint and r.run_id != current.run_id
    ]
    return sorted([*kept, current], key=lambda r: (r.started_at, r.run_id))
