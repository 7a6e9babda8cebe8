"""Issue 7.2: a run killed at any point leaves the previous warehouse readable, and a rerun
completes it with no duplicate or missing row.

The killed runs read a different input (the seeds plus one more article) from the one the
warehouse was built from, so a half-published state would show up as changed counts.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.reliability.helpers import (
    SEEDS,
    accounting,
    duplicate_keys,
    etl,
    kill_group,
    start_etl,
    table_counts,
    wait_for,
)

pytestmark = pytest.mark.issue(7)

EXTRA = (
    "date 2021-04-02 Russian Foreign Minister Sergey Lavrov met Venezuelan Foreign Minister "
    "Jorge Arreaza in Moscow on Friday. Russia signed a new energy agreement with Venezuela.\n"
)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _replaced(warehouse: Path, table: str) -> Callable[[], Callable[[], bool]]:
    """Kill point: the table's Parquet file was replaced by the running job."""

    def arm() -> Callable[[], bool]:
        path = warehouse / "parquet" / f"{table}.parquet"
        before = _inode(path)
        return lambda: _inode(path) not in (None, before)

    return arm


def _rebuilding_db(warehouse: Path) -> Callable[[], Callable[[], bool]]:
    """Kill point: a temporary DuckDB file is being built next to events.duckdb."""

    def arm() -> Callable[[], bool]:
        before = set(warehouse.glob(".events.duckdb*.tmp*"))
        return lambda: bool(set(warehouse.glob(".events.duckdb*.tmp*")) - before)

    return arm


def _after(seconds: float) -> Callable[[], Callable[[], bool]]:
    def arm() -> Callable[[], bool]:
        start = time.monotonic()
        return lambda: time.monotonic() - start >= seconds

    return arm


def _parquet_rows(warehouse: Path) -> dict[str, int]:
    return {
        p.name: pq.ParquetFile(p).metadata.num_rows
        for p in sorted((warehouse / "parquet").glob("*.parquet"))
    }


def _assert_sound(warehouse: Path) -> None:
    records, articles, rejected = accounting(warehouse)
    assert records == articles + rejected
    assert all(n == 0 for n in duplicate_keys(warehouse).values()), duplicate_keys(warehouse)


def test_killed_runs_leave_the_previous_warehouse_and_a_rerun_completes_it(
    seed_run: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_run, warehouse)
    previous = table_counts(warehouse)
    bigger = tmp_path / "input"
    shutil.copytree(SEEDS, bigger)
    (bigger / "zz_extra.txt").write_text(EXTRA, encoding="utf-8")

    kill_points = {
        "during start-up": _after(1.0),
        "after raw_articles was written": _replaced(warehouse, "raw_articles"),
        "after sentences was written": _replaced(warehouse, "sentences"),
        "after events was written": _replaced(warehouse, "events"),
        "while events.duckdb is rebuilt": _rebuilding_db(warehouse),
    }
    for name, arm in kill_points.items():
        condition = arm()
        proc = start_etl("run", "--input", bigger, "--warehouse", warehouse)
        reached = wait_for(proc, condition)
        finished = proc.poll() is not None
        kill_group(proc)
        assert reached and not finished, f"the run ended before the kill point {name!r}"
        # The published snapshot is still the previous run's, whole.
        assert table_counts(warehouse) == previous, name
        _assert_sound(warehouse)
        # Every Parquet file is whole (old or new, never half-written).
        assert _parquet_rows(warehouse)
        # And users can still query it.
        done = etl("sql", "SELECT count(*) AS n FROM events", "--warehouse", warehouse)
        assert done.returncode == 0, done.stdout + done.stderr

    done = etl("run", "--input", bigger, "--warehouse", warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    after = table_counts(warehouse)
    _assert_sound(warehouse)
    assert after["articles"] == previous["articles"] + 1
    assert after["events"] >= previous["events"]

    # The rerun on top of the killed runs equals a clean run of the same input, byte for byte.
    fresh = tmp_path / "fresh"
    done = etl("run", "--input", bigger, "--warehouse", fresh)
    assert done.returncode == 0, done.stdout + done.stderr
    assert table_counts(fresh) == after
    for table in ("events", "articles", "sentences", "rejected_inputs"):
        assert (warehouse / "parquet" / f"{table}.parquet").read_bytes() == (
            fresh / "parquet" / f"{table}.parquet"
        ).read_bytes(), table


def test_a_killed_first_run_leaves_no_warehouse_to_misread_and_a_rerun_completes(
    seed_run: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    proc = start_etl("run", "--input", SEEDS, "--warehouse", warehouse)
    arm = _replaced(warehouse, "sentences")()
    reached = wait_for(proc, arm)
    kill_group(proc)
    assert reached
    assert not (warehouse / "events.duckdb").exists()
    done = etl("sql", "SELECT 1", "--warehouse", warehouse)
    assert done.returncode != 0 and "etl run" in (done.stdout + done.stderr)
    assert not os.path.exists(warehouse / "events.duckdb")

    done = etl("run", "--input", SEEDS, "--warehouse", warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    assert table_counts(warehouse) == table_counts(seed_run)
    assert (warehouse / "parquet" / "events.parquet").read_bytes() == (
        seed_run / "parquet" / "events.parquet"
    ).read_bytes()
