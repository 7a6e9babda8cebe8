"""Issue 7.4: readers see the last complete state while a run writes; two runs cannot collide."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.reliability.helpers import (
    SEEDS,
    accounting,
    etl,
    locked,
    start_etl,
    table_counts,
    wait_for,
)

pytestmark = pytest.mark.issue(7)


def test_a_second_run_fails_with_a_lock_message_while_readers_see_the_last_state(
    seed_run: Path, tmp_path: Path
):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_run, warehouse)
    previous = table_counts(warehouse)
    first = start_etl("run", "--input", SEEDS, "--warehouse", warehouse)
    try:
        assert wait_for(first, lambda: locked(warehouse)), "the first run never took the lock"

        second = etl("run", "--input", SEEDS, "--warehouse", warehouse, timeout=120)
        assert second.returncode != 0
        message = second.stdout + second.stderr
        assert "locked by another run" in message and str(first.pid) in message
        assert "Traceback" not in message

        # Readers open the published snapshot read-only while the run writes.
        done = etl("sql", "SELECT count(*) AS n FROM events", "--warehouse", warehouse)
        assert done.returncode == 0, done.stdout + done.stderr
        assert str(previous["events"]) in done.stdout
        con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
        try:
            assert (
                con.execute("SELECT count(*) FROM articles").fetchone()[0] == previous["articles"]
            )
        finally:
            con.close()
        assert first.poll() is None, "the first run ended too early to test concurrency"
    finally:
        if first.poll() is None:
            out, err = first.communicate(timeout=600)
        else:
            out, err = first.communicate()
    assert first.returncode == 0, out + err
    assert table_counts(warehouse) == previous
    records, articles, rejected = accounting(warehouse)
    assert records == articles + rejected


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
