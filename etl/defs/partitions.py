"""Incremental runs: every file or folder dropped into the input folder is one *batch*.

Batches are the keys of the dynamic partitions `batches`. The sensor `input_batches` lists the
top-level entries of the input folder on each tick, registers a partition for each new entry
and asks for a run of the batch job for each new or changed one; each batch is processed once,
and a re-run of a changed batch rewrites that batch only. A top-level *file* (`.jsonl`,
`.csv`, `.parquet`, `.txt`) is a batch, and so is a top-level *folder* with everything under
it (a day's folder of `.txt` articles). Hidden entries (`.name`) are not batches, as ingest
skips them.

A key is the entry's name when that is a safe partition key (letters, digits, ``._-``, at most
100 characters), else a readable slug plus a hash of the name, so `resolve_batch` can always
map a key back to its entry by listing the folder. What a batch contains is fingerprinted by
the size and modification time of every file under it: the sensor's cursor stores the
fingerprints, so a rewritten file is seen as changed, and an unchanged folder costs one
directory listing per tick.

The partitioned assets and the warehouse layout this feeds (``parquet/<table>/batch=<key>
.parquet``; DuckDB reading the glob) are described in the README's "Incremental runs".
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from etl.defs.resources import PathsResource

#: The dynamic partitions: one key per batch of input.
batches = dg.DynamicPartitionsDefinition(name="batches")

#: The job the sensor runs for each new or changed batch (the partitioned assets).
BATCH_JOB_NAME = "etl_batch_job"

#: File types a top-level file batch may have (folders may hold any the reader accepts).
BATCH_SUFFIXES = frozenset({".txt", ".jsonl", ".ndjson", ".csv", ".parquet"})

_SAFE_KEY = re.compile(r"[A-Za-z0-9._-]{1,100}")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Batch:
    """One top-level entry of the input folder."""

    key: str
    name: str  # entry name in the input folder
    fingerprint: str  # changes when any file under the entry is added, removed or rewritten
    files: int


def batch_key(name: str) -> str:
    """The partition key of a top-level entry: its name if safe, else slug + name hash."""
    if _SAFE_KEY.fullmatch(name) and "..." not in name:
        return name
    slug = _UNSAFE.sub("_", name).strip("_.")[:80] or "batch"
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{slug}-{digest}"


def _files_under(path: Path) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime_ns) of every non-hidden file under `path`, sorted."""
    if path.is_file():
        st = path.stat()
        return [("", st.st_size, st.st_mtime_ns)]
    out: list[tuple[str, int, int]] = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            full = Path(folder) / name
            try:
                st = full.stat()
            except OSError:
                continue  # vanished while listing: the next tick sees the new state
            out.append((full.relative_to(path).as_posix(), st.st_size, st.st_mtime_ns))
    return sorted(out)


def scan_batches(root: Path) -> list[Batch]:
    """The batches of an input folder, in name order (the order they are processed in)."""
    found: list[Batch] = []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix.lower() not in BATCH_SUFFIXES:
            continue
        files = _files_under(entry)
        if not files:
            continue
        digest = hashlib.sha256(json.dumps(files).encode("utf-8")).hexdigest()[:16]
        found.append(Batch(batch_key(entry.name), entry.name, digest, len(files)))
    return found


def resolve_batch(root: Path, key: str) -> Path:
    """The input entry of a partition key (raises KeyError when it is no longer there)."""
    for entry in root.iterdir():
        if not entry.name.startswith(".") and batch_key(entry.name) == key:
            return entry
    raise KeyError(f"no input entry for batch {key!r} under {root}")


def pending_batches(found: list[Batch], cursor: dict[str, str]) -> tuple[list[Batch], list[Batch]]:
    """(new, changed) batches relative to the fingerprints stored in the sensor cursor."""
    new = [b for b in found if b.key not in cursor]
    changed = [b for b in found if b.key in cursor and cursor[b.key] != b.fingerprint]
    return new, changed


@dg.sensor(
    name="input_batches",
    job_name=BATCH_JOB_NAME,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Registers each new file or folder of the input folder as a batch partition "
    "and runs the batch job for new and changed batches.",
)
def input_batches_sensor(
    context: dg.SensorEvaluationContext, paths: PathsResource
) -> dg.SensorResult | dg.SkipReason:
    root = paths.input_path
    if not root.is_dir():
        return dg.SkipReason(f"input {root} is not a folder: batches are its entries")
    cursor: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    found = scan_batches(root)
    new, changed = pending_batches(found, cursor)
    if not new and not changed:
        return dg.SkipReason(f"{len(found)} batches, none new or changed")
    runs = [
        dg.RunRequest(
            partition_key=b.key,
            run_key=f"{b.key}:{b.fingerprint}",
            tags={"etl/batch_entry": b.name, "etl/batch_files": str(b.files)},
        )
        for b in [*new, *changed]
    ]
    return dg.SensorResult(
        run_requests=runs,
        dynamic_partitions_requests=[batches.build_add_request([b.key for b in new])]
        if new
        else [],
        cursor=json.dumps({**cursor, **{b.key: b.fingerprint for b in found}}, sort_keys=True),
    )
