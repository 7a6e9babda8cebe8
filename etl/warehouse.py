"""The warehouse on disk: Parquet tables, one DuckDB snapshot, a run lock.

Crash safety comes from two atomic renames. Each Parquet table is written to a temporary name
and renamed over the old file, so a table is either the old or the new one, never half. The
DuckDB file is rebuilt from the Parquet tables into a temporary database and renamed over
`events.duckdb` at the end of a run, so readers (who open it read-only) always see the last
complete run, and a killed run leaves the previous database untouched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl.errors import Errors, EtlError

LOCK_NAME = ".lock"
DB_NAME = "events.duckdb"
PARQUET_DIR = "parquet"
PUBLISH_MEMORY_LIMIT = "512MB"


def _safe_name(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"Table name {name!r} is not a plain identifier")
    return name


def parquet_path(root: Path, table: str) -> Path:
    """The file of an unpartitioned table."""
    return root / PARQUET_DIR / f"{_safe_name(table)}.parquet"


def partition_path(root: Path, table: str, key: str) -> Path:
    """The file of one batch of a per-batch table (Hive layout: ``<table>/batch=<key>/``)."""
    if not key.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"Partition key {key!r} is not a plain identifier")
    return root / PARQUET_DIR / _safe_name(table) / f"batch={key}" / "data.parquet"


def table_files(root: Path, table: str) -> list[Path]:
    """Every file of a table: its batches in key order, or the one file of a whole table."""
    if (root / PARQUET_DIR / _safe_name(table)).is_dir():
        return list(partition_files(root, table).values())
    single = parquet_path(root, table)
    return [single] if single.exists() else []


def partition_files(root: Path, table: str) -> dict[str, Path]:
    """Batch key -> file of a per-batch table (empty for a table with no batches yet)."""
    folder = root / PARQUET_DIR / _safe_name(table)
    return {
        p.parent.name.removeprefix("batch="): p for p in sorted(folder.glob("batch=*/data.parquet"))
    }


def table_exists(root: Path, table: str) -> bool:
    return bool(table_files(root, table))


def table_source(root: Path, table: str) -> str:
    """What DuckDB reads for a table: a glob over its batches, or its one file."""
    folder = root / PARQUET_DIR / _safe_name(table)
    if folder.is_dir():
        return str(folder / "batch=*" / "data.parquet")
    return str(parquet_path(root, table))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_parquet(root: Path, table: str, data: pa.Table, partition: str | None = None) -> Path:
    """Write a table (or one batch of it) atomically: temp file in its folder, fsync, rename."""
    final = (
        parquet_path(root, table) if partition is None else partition_path(root, table, partition)
    )
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    # Deterministic bytes: no creation timestamps, fixed row-group layout.
    pq.write_table(data, tmp, compression="zstd", write_statistics=True, store_schema=True)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    _fsync_dir(final.parent)
    return final


def read_parquet(
    root: Path, table: str, partition: str | None = None, columns: Sequence[str] | None = None
) -> pa.Table:
    """A table (all its batches, or just `partition`), optionally only some columns."""
    if partition is not None:
        return pq.read_table(partition_path(root, table, partition), columns=columns)
    files = table_files(root, table)
    if not files:
        raise FileNotFoundError(parquet_path(root, table))
    parts = [pq.read_table(f, columns=columns) for f in files]
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


def iter_batches(
    root: Path, table: str, columns: Sequence[str] | None = None, batch_size: int = 10_000
) -> Iterator[pa.RecordBatch]:
    """Stream a table's rows in record batches: memory bounded whatever the table's size."""
    for path in table_files(root, table):
        yield from pq.ParquetFile(path).iter_batches(batch_size=batch_size, columns=columns)


def lookup(root: Path, table: str, key: str, value: str, wanted: set[str]) -> dict[str, object]:
    """`value` of the rows whose `key` is in `wanted`, scanning two columns batch by batch."""
    found: dict[str, object] = {}
    keys = pa.array(sorted(wanted), type=pa.string())
    for batch in iter_batches(root, table, columns=[key, value]):
        hit = batch.filter(pc.is_in(batch.column(key), value_set=keys))
        found.update(zip(hit.column(key).to_pylist(), hit.column(value).to_pylist(), strict=True))
    return found


def publish_duckdb(root: Path, tables: Sequence[str], views: dict[str, str]) -> Path:
    """Rebuild events.duckdb from the Parquet tables and swap it in atomically.

    `views` maps view names to their SELECT (project SQL files, no user input).
    """
    final = root / DB_NAME
    tmp = root / f".{DB_NAME}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    # A fixed memory cap: the copy streams from Parquet, so it needs no more as the warehouse
    # grows, and DuckDB's default (80% of RAM) would make the run's peak depend on the machine.
    config = {"memory_limit": PUBLISH_MEMORY_LIMIT}
    with contextlib.closing(duckdb.connect(str(tmp), config=config)) as con:
        con.execute("BEGIN TRANSACTION")
        for table in tables:
            if not table_exists(root, table):
                continue
            con.execute(
                f"CREATE TABLE {_safe_name(table)} AS SELECT * FROM read_parquet(?, "
                "hive_partitioning = false)",
                [table_source(root, table)],
            )
        for name, select in views.items():
            view = f"CREATE VIEW {_safe_name(name)} AS {select}"  # sql-ok: etl/sql/*.sql
            con.execute(view)
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    os.replace(tmp, final)
    _fsync_dir(root)
    return final


def connect_read_only(root: Path, *, sandboxed: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the last published snapshot for reading; never takes the writer's lock.

    `sandboxed` also shuts DuckDB's access to files and network (no COPY TO, no
    read_csv of arbitrary paths): what a query typed by a user gets through `etl sql`.
    """
    path = root / DB_NAME
    if not path.exists():
        raise EtlError(Errors.E004.format(path=root))
    config = {"enable_external_access": False} if sandboxed else {}
    return duckdb.connect(str(path), read_only=True, config=config)


def _remove_stale_temp_files(root: Path) -> None:
    """Temp files of killed runs; safe to delete once we hold the lock (no writer is alive)."""
    for folder in (root, root / PARQUET_DIR):
        if folder.is_dir():
            for tmp in folder.glob(".*.tmp"):
                tmp.unlink(missing_ok=True)
    for tmp in (root / PARQUET_DIR).glob("*/batch=*/.*.tmp"):
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def run_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the warehouse for a whole run.

    flock is released by the kernel when the process dies, so a killed run never leaves a
    stale lock behind.
    """
    root.mkdir(parents=True, exist_ok=True)
    lock_path = root / LOCK_NAME
    fh = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            pid = fh.read().strip() or "unknown"
            raise EtlError(Errors.E003.format(path=root, pid=pid, lock=lock_path)) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        _remove_stale_temp_files(root)
        yield
    finally:
        fh.close()
