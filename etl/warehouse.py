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
import pyarrow.parquet as pq

from etl.errors import Errors, EtlError

LOCK_NAME = ".lock"
DB_NAME = "events.duckdb"
PARQUET_DIR = "parquet"


def _safe_name(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"Table name {name!r} is not a plain identifier")
    return name


def parquet_path(root: Path, table: str) -> Path:
    return root / PARQUET_DIR / f"{_safe_name(table)}.parquet"


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_parquet(root: Path, table: str, data: pa.Table) -> Path:
    """Write one table atomically: temp file in the same folder, fsync, rename."""
    final = parquet_path(root, table)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    # Deterministic bytes: no creation timestamps, fixed row-group layout.
    pq.write_table(data, tmp, compression="zstd", write_statistics=True, store_schema=True)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    _fsync_dir(final.parent)
    return final


def read_parquet(root: Path, table: str) -> pa.Table:
    return pq.read_table(parquet_path(root, table))


def publish_duckdb(root: Path, tables: Sequence[str], views: dict[str, str]) -> Path:
    """Rebuild events.duckdb from the Parquet tables and swap it in atomically.

    `views` maps view names to their SELECT (project SQL files, no user input).
    """
    final = root / DB_NAME
    tmp = root / f".{DB_NAME}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    with contextlib.closing(duckdb.connect(str(tmp))) as con:
        con.execute("BEGIN TRANSACTION")
        for table in tables:
            path = parquet_path(root, table)
            if not path.exists():
                continue
            con.execute(
                f"CREATE TABLE {_safe_name(table)} AS SELECT * FROM read_parquet(?)", [str(path)]
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
