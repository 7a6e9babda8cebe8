import os
import subprocess
import sys

import pyarrow as pa
import pytest

from etl.errors import EtlError
from etl.warehouse import (
    connect_read_only,
    publish_duckdb,
    read_parquet,
    run_lock,
    write_parquet,
)


def test_parquet_write_replaces_atomically_and_leaves_no_temp(tmp_path):
    write_parquet(tmp_path, "t", pa.table({"a": [1, 2]}))
    write_parquet(tmp_path, "t", pa.table({"a": [3]}))
    assert read_parquet(tmp_path, "t").column("a").to_pylist() == [3]
    assert sorted(p.name for p in (tmp_path / "parquet").iterdir()) == ["t.parquet"]


def test_same_table_gives_identical_bytes(tmp_path):
    table = pa.table({"a": [1, 2], "b": ["x", "y"]})
    first = write_parquet(tmp_path / "one", "t", table).read_bytes()
    second = write_parquet(tmp_path / "two", "t", table).read_bytes()
    assert first == second


def test_published_snapshot_is_read_only_and_has_views(tmp_path):
    write_parquet(tmp_path, "t", pa.table({"a": [1, 2]}))
    publish_duckdb(tmp_path, ["t", "missing"], {"v": "SELECT sum(a) AS s FROM t"})
    con = connect_read_only(tmp_path)
    assert con.execute("SELECT s FROM v").fetchone() == (3,)
    with pytest.raises(Exception, match="read-only"):
        con.execute("CREATE TABLE x (a INT)")
    con.close()


def test_table_names_must_be_identifiers(tmp_path):
    with pytest.raises(ValueError):
        write_parquet(tmp_path, "../escape", pa.table({"a": [1]}))


def test_second_run_on_a_locked_warehouse_gets_a_clear_error(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from etl.warehouse import run_lock\n"
            "with run_lock(Path(sys.argv[1])):\n print('locked', flush=True); time.sleep(30)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(EtlError, match="locked by another run"), run_lock(tmp_path):
            pass
    finally:
        holder.kill()
        holder.wait()
    with run_lock(tmp_path):  # released by the kernel when the holder died
        assert (tmp_path / ".lock").read_text() == str(os.getpid())


def test_taking_the_lock_removes_temp_files_of_killed_runs(tmp_path):
    write_parquet(tmp_path, "t", pa.table({"a": [1]}))
    stale = [tmp_path / ".events.duckdb.999.tmp", tmp_path / "parquet" / ".t.parquet.999.tmp"]
    for path in stale:
        path.write_bytes(b"half")
    with run_lock(tmp_path):
        assert not any(path.exists() for path in stale)
    assert (tmp_path / "parquet" / "t.parquet").exists()
