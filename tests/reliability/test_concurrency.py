"""Issue 7.4: readers see the last complete state while a run writes; two runs cannot collide."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from tests.reliability.helpers import (
    SEEDS,
    accounting,
    duplicate_keys,
    etl,
    start_etl,
    table_counts,
)

pytestmark = pytest.mark.issue(7)


def test_a_run_refuses_a_locked_warehouse_while_readers_still_read(seed_run: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_run, warehouse)
    previous = table_counts(warehouse)
    # Hold the run lock as a running `etl run` does (flock on .lock, pid inside).
    with open(warehouse / ".lock", "a+") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()

        done = etl("run", "--input", SEEDS, "--warehouse", warehouse, timeout=120)
        message = done.stdout + done.stderr
        assert done.returncode != 0
        assert "locked by another run" in message and str(os.getpid()) in message
        assert "Traceback" not in message

        done = etl("sql", "SELECT count(*) AS n FROM events", "--warehouse", warehouse)
        assert done.returncode == 0, done.stdout + done.stderr
        assert str(previous["events"]) in done.stdout
    assert table_counts(warehouse) == previous


def _snapshot(warehouse: Path) -> tuple[int, int, int] | None:
    """(articles, rejected, events) read in one read-only connection."""
    try:
        con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    except duckdb.Error as exc:  # never expected: the file is swapped in by a rename
        raise AssertionError(f"a reader could not open the warehouse: {exc}") from exc
    try:
        return (
            con.execute("SELECT count(*) FROM articles").fetchone()[0],
            con.execute("SELECT count(*) FROM rejected_inputs").fetchone()[0],
            con.execute("SELECT count(*) FROM events").fetchone()[0],
        )
    finally:
        con.close()


def test_two_runs_started_at_once_one_wins_and_readers_see_whole_states(
    seed_run: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_run, warehouse)
    before = _snapshot(warehouse)
    bigger = tmp_path / "input"
    shutil.copytree(SEEDS, bigger)
    (bigger / "zz_extra.txt").write_text(
        "Russia signed a new energy agreement with Venezuela in Caracas.\n", encoding="utf-8"
    )

    runs = [start_etl("run", "--input", bigger, "--warehouse", warehouse) for _ in range(2)]
    seen = set()
    try:
        while any(p.poll() is None for p in runs):
            seen.add(_snapshot(warehouse))
            time.sleep(0.05)
    finally:
        outputs = [p.communicate(timeout=600) for p in runs]

    codes = sorted(p.returncode for p in runs)
    assert codes[0] == 0 and codes[1] != 0, outputs
    loser = next(o for p, o in zip(runs, outputs, strict=True) if p.returncode != 0)
    winner = next(p for p in runs if p.returncode == 0)
    assert "locked by another run" in loser[0] + loser[1]
    assert str(winner.pid) in loser[0] + loser[1]

    after = _snapshot(warehouse)
    assert after is not None and after[0] == before[0] + 1
    # Readers only ever saw the last complete state: the previous run's, then the new one.
    assert seen <= {before, after}, seen
    records, articles, rejected = accounting(warehouse)
    assert records == articles + rejected
    assert all(n == 0 for n in duplicate_keys(warehouse).values())


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM events",
        "DROP TABLE articles",
        "CREATE TABLE x AS SELECT 1",
        "INSERT INTO rejected_inputs SELECT * FROM rejected_inputs",
        # A read-only DuckDB connection still writes files with COPY ... TO.
        "COPY articles TO '{out}'",
        "ATTACH '{out}' AS other",
    ],
)
def test_etl_sql_cannot_change_the_warehouse_or_write_files(
    seed_run: Path, tmp_path: Path, statement: str
):
    out = tmp_path / "written_by_etl_sql"
    before = table_counts(seed_run)
    done = etl("sql", statement.format(out=out), "--warehouse", seed_run)
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert table_counts(seed_run) == before
    assert not out.exists()
