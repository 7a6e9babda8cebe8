"""The same assets on a Dask cluster give exactly the in-process run's events (issue 6)."""

from __future__ import annotations

import pytest

from etl.defs.executors import EXECUTORS, executor_for
from etl.errors import EtlError
from etl.runner import run_pipeline
from etl.settings import Settings
from etl.warehouse import read_parquet
from tests.conftest import SEEDS


def test_executor_names_and_scheduler_are_checked():
    assert [executor_for(name).name for name in EXECUTORS] == [
        "in_process",
        "multiprocess",
        "dask",
    ]
    with pytest.raises(EtlError, match="Unknown executor"):
        executor_for("threads")
    with pytest.raises(EtlError, match="only used by the dask executor"):
        executor_for("multiprocess", "tcp://127.0.0.1:8786")


def test_dask_run_gives_the_in_process_events(seed_warehouse, tmp_path):
    distributed = pytest.importorskip("distributed")
    # Worker processes, as on a real cluster: each task rebuilds the job from its
    # reconstructable recipe and reports to the persistent instance. (Thread workers,
    # processes=False, deadlock: Dagster reconfigures `logging` in one step while another
    # thread logs an event.)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        warehouse = tmp_path / "dask"
        result = run_pipeline(
            Settings(input=SEEDS, warehouse=warehouse),
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
    assert result.success, result.failures
    assert result.step_seconds  # the steps reported to the persistent instance
    for table in ("events", "actor_mentions", "sentences"):
        dask_rows = read_parquet(warehouse, table)
        in_process = read_parquet(seed_warehouse, table)
        assert dask_rows.num_rows == in_process.num_rows
        assert dask_rows.equals(in_process), table
    assert (warehouse / "events.duckdb").exists()
