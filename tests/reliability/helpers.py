"""Run the `etl` command in subprocesses and look at the warehouse it leaves behind."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from etl.settings import REPO_ROOT

#: The CLI as a user runs it, independent of where the console script was installed.
ETL = (sys.executable, "-c", "from etl.cli import app; app()")
SEEDS = REPO_ROOT / "seeds"

#: Keys that must be unique in the published tables (table -> key columns).
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "rejected_inputs": ("source", "position"),
    "duplicate_clusters": ("article_id",),
    "sentences": ("sentence_id",),
    "actor_mentions": ("mention_id",),
    "events": ("event_id",),
    "input_sources": ("path",),
}


def etl_env() -> dict[str, str]:
    env = dict(os.environ)
    # Wide, plain output so that summaries are not wrapped or coloured.
    env.update({"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", "PYTHONUNBUFFERED": "1"})
    return env


def etl(*args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `etl ARGS` to completion from the repository root."""
    return subprocess.run(
        [*ETL, *map(str, args)],
        cwd=REPO_ROOT,
        env=etl_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_etl(*args: str | Path) -> subprocess.Popen[str]:
    """Start `etl ARGS` in its own process group (so a kill reaches any worker it spawned)."""
    return subprocess.Popen(
        [*ETL, *map(str, args)],
        cwd=REPO_ROOT,
        env=etl_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill_group(proc: subprocess.Popen[str]) -> None:
    """SIGKILL the process group of a process this test started, and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate(timeout=60)


def wait_for(
    proc: subprocess.Popen[str], condition: Callable[[], bool], timeout: float = 300
) -> bool:
    """Poll `condition` every few ms while `proc` runs; True if it held before `proc` ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return condition()
        time.sleep(0.002)
    return False


def query(warehouse: Path, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    """Run one read-only query on the published snapshot."""
    con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


#: Tables that keep history across runs (one row per distinct run), left out of comparisons
#: between warehouses; a rerun with the same input and configuration replaces its row.
HISTORY_TABLES = frozenset({"runs"})


def table_counts(warehouse: Path) -> dict[str, int]:
    """Row count of every base table in events.duckdb but the history tables."""
    con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
            if r[0] not in HISTORY_TABLES
        ]
        # Table names come from the catalogue, not from input; quoted as identifiers.
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def duplicate_keys(warehouse: Path) -> dict[str, int]:
    """Number of duplicated keys per table (only tables that exist); all zero when sound."""
    con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    try:
        present = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        out = {}
        for table, key in KEYS.items():
            if table in present:
                cols = ", ".join(f'"{c}"' for c in key)
                out[table] = con.execute(
                    f'SELECT count(*) FROM (SELECT {cols} FROM "{table}" GROUP BY {cols} '
                    "HAVING count(*) > 1)"
                ).fetchone()[0]
        return out
    finally:
        con.close()


def accounting(warehouse: Path) -> tuple[int, int, int]:
    """(input records, articles, rejected inputs) from the published snapshot."""
    ((records,),) = query(warehouse, "SELECT coalesce(sum(n_records), 0) FROM input_sources")
    ((articles,),) = query(warehouse, "SELECT count(*) FROM articles")
    ((rejected,),) = query(warehouse, "SELECT count(*) FROM rejected_inputs")
    return int(records), int(articles), int(rejected)


def locked(warehouse: Path) -> bool:
    """True while another process holds the warehouse's run lock (an flock on `.lock`)."""
    lock = warehouse / ".lock"
    if not lock.exists():
        return False
    with open(lock, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return False


def files_under(folder: Path) -> dict[str, int]:
    """Relative path -> size of every regular file under `folder` (no links followed)."""
    out = {}
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                out[str(path.relative_to(folder))] = path.stat().st_size
    return out
