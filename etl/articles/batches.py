"""Batches: the input files a warehouse has not read yet, grouped into partitions.

Articles arrive as new files in the input folder. A *batch* is a set of files first seen
together, in path order, cut when it would exceed `max_bytes` (a larger file is a batch of
its own, never split). Keys are ``b00001``, ``b00002``, ... in registration order, which is
the order batches are processed in: deduplication looks back at everything stored before, so
the first batch holding a story keeps the story's canonical copy. A run's memory is bounded
by the batch size, not by the size of the warehouse.

The registry is a folder of JSON manifests (`warehouse/batches/<key>.json`), one per batch,
listing its files with the size and modification time seen at registration; Dagster's dynamic
partitions mirror those keys. A manifest file of a batch whose files were all processed gets a
``<key>.done`` marker holding the fingerprint it was processed at, so a run killed half-way
leaves its batch pending; the marker also records what the batch was coded with (per-file
hashes of the dictionaries, the coder's source and the model: `etl.versions`), so a run can
tell a batch coded with other dictionaries and re-code it. A listed file whose size or
modification time changes makes its batch *changed*: it is read again and its partition
rewritten. A file removed from the input keeps its rows (run with ``--rebuild`` to start the
warehouse over).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from etl.articles.files import InputFile, list_inputs
from etl.errors import Errors, EtlError

#: Folder of the manifests, inside the warehouse.
BATCHES_DIR = "batches"
#: Default cap of a batch: about 2,500 news articles, a peak of about 1.3 GB while coding.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
#: Marker of the last successful rebuild of the tables over all batches.
PUBLISHED = "published"
_PREFIX = "b"
_DIGITS = 5


@dataclass(frozen=True)
class Batch:
    key: str
    files: tuple[InputFile, ...]

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files]

    @property
    def fingerprint(self) -> str:
        """Changes when a file of the batch is rewritten (size or modification time)."""
        listed = [[f.path, f.size, f.mtime_ns] for f in self.files]
        return hashlib.sha256(json.dumps(listed).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class BatchPlan:
    """Every batch of the warehouse after registration, and those that still need a run."""

    batches: list[Batch]
    new: list[Batch]
    changed: list[Batch]

    @property
    def keys(self) -> list[str]:
        return [b.key for b in self.batches]


def batch_key(number: int) -> str:
    return f"{_PREFIX}{number:0{_DIGITS}d}"


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def load_batches(folder: Path) -> list[Batch]:
    """The registered batches, in key (= processing) order."""
    if not folder.is_dir():
        return []
    return [registered_batch(folder, p.stem) for p in sorted(folder.glob(f"{_PREFIX}*.json"))]


def save_batch(folder: Path, batch: Batch) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    listed = [[f.path, f.size, f.mtime_ns] for f in batch.files]
    _write_atomic(folder / f"{batch.key}.json", json.dumps({"key": batch.key, "files": listed}))


def group_new(files: Sequence[InputFile], first_number: int, max_bytes: int) -> list[Batch]:
    """Consecutive files (path order) into batches of at most `max_bytes` (one file at least)."""
    out: list[Batch] = []
    current: list[InputFile] = []
    size = 0
    for f in files:
        if current and size + f.size > max_bytes:
            out.append(Batch(batch_key(first_number + len(out)), tuple(current)))
            current, size = [], 0
        current.append(f)
        size += f.size
    if current:
        out.append(Batch(batch_key(first_number + len(out)), tuple(current)))
    return out


def plan_batches(input_path: Path, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> BatchPlan:
    """Register the input's new files as new batches and refresh changed ones (writes manifests).

    Idempotent: a second call with no change to the input registers nothing.
    """
    registered = load_batches(folder)
    seen = {f.path: b.key for b in registered for f in b.files}
    current = {f.path: f for f in list_inputs(input_path)}
    changed: list[Batch] = []
    batches: list[Batch] = []
    for b in registered:
        now = tuple(current.get(f.path, f) for f in b.files)  # a removed file keeps its entry
        if now != b.files:
            b = Batch(b.key, now)
            save_batch(folder, b)
            changed.append(b)
        batches.append(b)
    fresh = [f for path, f in current.items() if path not in seen]
    numbers = [int(b.key[len(_PREFIX) :]) for b in registered]
    new = group_new(fresh, max(numbers, default=0) + 1, max_bytes)
    for b in new:
        save_batch(folder, b)
    return BatchPlan(batches=batches + new, new=new, changed=changed)


def _marker(folder: Path, batch: Batch) -> tuple[str, dict[str, str] | None] | None:
    """(fingerprint, versions) of the batch's done marker; versions None in a marker written
    before they were recorded (its one line is the fingerprint)."""
    marker = folder / f"{batch.key}.done"
    if not marker.exists():
        return None
    text = marker.read_text("utf-8").strip()
    if not text.startswith("{"):
        return text, None
    raw = json.loads(text)
    return raw["fingerprint"], raw.get("versions")


def is_done(folder: Path, batch: Batch) -> bool:
    """Whether the batch was processed at its current fingerprint (whatever it was coded with)."""
    marker = _marker(folder, batch)
    return marker is not None and marker[0] == batch.fingerprint


def done_versions(folder: Path, batch: Batch) -> dict[str, str] | None:
    """What a done batch was coded with (`etl.versions.coding_versions`); None if unknown."""
    marker = _marker(folder, batch)
    return marker[1] if marker is not None and marker[0] == batch.fingerprint else None


def mark_done(folder: Path, batch: Batch, versions: Mapping[str, str] | None = None) -> None:
    payload = {"fingerprint": batch.fingerprint, "versions": dict(versions or {})}
    _write_atomic(folder / f"{batch.key}.done", json.dumps(payload, sort_keys=True, indent=1))


def _state(batches: Sequence[Batch]) -> str:
    return hashlib.sha256(
        " ".join(f"{b.key}:{b.fingerprint}" for b in batches).encode()
    ).hexdigest()


def is_published(folder: Path, batches: Sequence[Batch]) -> bool:
    """Whether the tables over all batches were last rebuilt with exactly these batches."""
    marker = folder / PUBLISHED
    return marker.exists() and marker.read_text("utf-8").strip() == _state(batches)


def mark_published(folder: Path, batches: Sequence[Batch]) -> None:
    _write_atomic(folder / PUBLISHED, _state(batches))


def pending(folder: Path, batches: Sequence[Batch]) -> list[Batch]:
    """Batches not processed at their current fingerprint, in processing order."""
    return [b for b in batches if not is_done(folder, b)]


def registered_batch(folder: Path, key: str) -> Batch:
    """The manifest of batch `key`."""
    path = folder / f"{key}.json"
    if not path.exists():
        raise EtlError(Errors.E090.format(key=key, folder=folder))
    raw = json.loads(path.read_text("utf-8"))
    return Batch(raw["key"], tuple(InputFile(p, size, mtime) for p, size, mtime in raw["files"]))


def batch_files(folder: Path, key: str) -> list[str]:
    """The input paths of batch `key` (what its ingest step reads)."""
    return registered_batch(folder, key).paths
