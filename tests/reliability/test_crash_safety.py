"""Issue 7.2: a run killed at any point leaves the previous warehouse readable, and a rerun
completes it with no duplicate or missing row.

The killed runs read a different input (the seeds plus one more article) from the one the
warehouse was built from, so a half-published state would show up as changed counts. Kill
points are events on disk (a table's Parquet file replaced, the new DuckDB file appearing),
polled every 2 ms, plus one during start-up.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl.articles.ingest import article_id_for, split_date_header
from etl.warehouse import table_files
from tests.reliability.helpers import (
    SEEDS,
    accounting,
    duplicate_keys,
    etl,
    kill_group,
    locked,
    query,
    start_etl,
    table_counts,
    wait_for,
)

pytestmark = pytest.mark.issue(7)

EXTRA = (
    "date 2021-04-02 Russian Foreign Minister Sergey Lavrov met Venezuelan Foreign Minister "
    "Jorge Arreaza in Moscow on Friday. Russia signed a new energy agreement with Venezuela.\n"
)
EXTRA_ID = article_id_for(None, split_date_header(EXTRA)[1])

Arm = Callable[[], Callable[[], bool]]


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None


def _replaced(warehouse: Path, table: str) -> Arm:
    """Kill point: the running job wrote a Parquet file of the table (a new batch's, or a
    replaced one)."""

    def files() -> set[int | None]:
        paths = [warehouse / "parquet" / f"{table}.parquet"]
        paths += (warehouse / "parquet" / table).glob("batch=*/data.parquet")
        return {_inode(p) for p in paths} - {None}

    def arm() -> Callable[[], bool]:
        before = files()
        return lambda: bool(files() - before)

    return arm


def _rebuilding_db(warehouse: Path) -> Arm:
    """Kill point: a temporary DuckDB file is being built next to events.duckdb."""

    def arm() -> Callable[[], bool]:
        before = set(warehouse.glob(".events.duckdb*"))
        return lambda: bool(set(warehouse.glob(".events.duckdb*")) - before)

    return arm


def _after(seconds: float) -> Arm:
    def arm() -> Callable[[], bool]:
        start = time.monotonic()
        return lambda: time.monotonic() - start >= seconds

    return arm


def _bigger_input(tmp_path: Path) -> Path:
    folder = tmp_path / "input"
    shutil.copytree(SEEDS, folder)
    (folder / "zz_extra.txt").write_text(EXTRA, encoding="utf-8")
    return folder


def _assert_sound(warehouse: Path) -> None:
    records, articles, rejected = accounting(warehouse)
    assert records == articles + rejected
    assert all(n == 0 for n in duplicate_keys(warehouse).values()), duplicate_keys(warehouse)


def _kill_at(warehouse: Path, input_path: Path, points: dict[str, Arm]) -> None:
    """Start a run per kill point, SIGKILL it there, and check what it left behind."""
    previous = table_counts(warehouse)
    for name, arm in points.items():
        condition = arm()
        proc = start_etl("run", "--input", input_path, "--warehouse", warehouse)
        reached = wait_for(proc, condition)
        finished = proc.poll() is not None
        kill_group(proc)
        assert reached and not finished, f"the run ended before the kill point {name!r}"
        # The published snapshot is still the previous run's, whole.
        assert table_counts(warehouse) == previous, name
        _assert_sound(warehouse)
        # Every Parquet file is whole: old or new, never half-written.
        for path in (warehouse / "parquet").rglob("*.parquet"):
            pq.ParquetFile(path).metadata  # noqa: B018 - raises on a torn file
        # The kernel released the dead run's lock, and users can still query.
        assert not locked(warehouse)
        done = etl("sql", "SELECT count(*) AS n FROM events", "--warehouse", warehouse)
        assert done.returncode == 0, done.stdout + done.stderr


def _rerun_completes(warehouse: Path, input_path: Path, previous: dict[str, int]) -> None:
    ((runs_before,),) = query(warehouse, "SELECT count(*) FROM runs")
    done = etl("run", "--input", input_path, "--warehouse", warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_sound(warehouse)
    after = table_counts(warehouse)
    assert after["articles"] == previous["articles"] + 1
    assert after["events"] >= previous["events"]
    # The killed runs left no trace in the run history, and the new article is coded as
    # itself (not taken for a duplicate of its own half-recorded copy).
    assert query(warehouse, "SELECT count(*) FROM runs") == [(runs_before + 1,)]
    assert query(
        warehouse, "SELECT is_canonical FROM duplicate_clusters WHERE article_id = ?", [EXTRA_ID]
    ) == [(True,)]
    assert query(warehouse, "SELECT count(*) > 0 FROM sentences WHERE article_id = ?", [EXTRA_ID])[
        0
    ] == (True,)


def test_killed_runs_leave_the_previous_warehouse_and_a_rerun_completes_it(
    seed_run: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_run, warehouse)
    previous = table_counts(warehouse)
    bigger = _bigger_input(tmp_path)
    _kill_at(
        warehouse,
        bigger,
        {
            "after sentences was written": _replaced(warehouse, "sentences"),
            "while events.duckdb is rebuilt": _rebuilding_db(warehouse),
        },
    )
    _rerun_completes(warehouse, bigger, previous)


@pytest.mark.slow
def test_at_every_kill_point_and_the_rerun_equals_a_clean_run(seed_run: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_run, warehouse)
    previous = table_counts(warehouse)
    bigger = _bigger_input(tmp_path)
    _kill_at(
        warehouse,
        bigger,
        {
            "during start-up": _after(1.0),
            "after raw_articles was written": _replaced(warehouse, "raw_articles"),
            "after articles was written": _replaced(warehouse, "articles"),
            "after sentences was written": _replaced(warehouse, "sentences"),
            "after events was written": _replaced(warehouse, "events"),
            "while events.duckdb is rebuilt": _rebuilding_db(warehouse),
        },
    )
    _rerun_completes(warehouse, bigger, previous)

    # The rerun on top of the killed runs equals a clean run of the same input, byte for byte.
    fresh = tmp_path / "fresh"
    done = etl("run", "--input", bigger, "--warehouse", fresh)
    assert done.returncode == 0, done.stdout + done.stderr
    assert table_counts(fresh) == table_counts(warehouse)
    for table in ("events", "articles", "duplicate_clusters", "sentences", "rejected_inputs"):
        assert (warehouse / "parquet" / f"{table}.parquet").read_bytes() == (
            fresh / "parquet" / f"{table}.parquet"
        ).read_bytes(), table


def test_a_killed_first_run_leaves_no_warehouse_to_misread_and_a_rerun_completes(
    seed_run: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    proc = start_etl("run", "--input", SEEDS, "--warehouse", warehouse)
    reached = wait_for(proc, _replaced(warehouse, "sentences")())
    kill_group(proc)
    assert reached
    assert not (warehouse / "events.duckdb").exists()
    done = etl("sql", "SELECT 1", "--warehouse", warehouse)
    assert done.returncode != 0 and "etl run" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr

    done = etl("run", "--input", SEEDS, "--warehouse", warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    # Exactly what a run that was never interrupted gives.
    assert table_counts(warehouse) == table_counts(seed_run)
    for table in ("events", "articles", "duplicate_clusters", "sentences"):
        ours, theirs = table_files(warehouse, table), table_files(seed_run, table)
        assert [p.relative_to(warehouse) for p in ours] == [p.relative_to(seed_run) for p in theirs]
        assert [p.read_bytes() for p in ours] == [p.read_bytes() for p in theirs], table
