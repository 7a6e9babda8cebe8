"""The warehouse's Dagster instance: the settings the UI serves, runs a killed `etl run` left."""

import dagster as dg
from dagster._core.storage.dagster_run import DagsterRun

from etl.defs.instance import (
    DAGSTER_HOME,
    instance_home,
    location_settings,
    persistent_instance,
    save_location_settings,
)
from etl.runner import LAUNCHED_BY_TAG, close_interrupted_runs
from etl.settings import Settings


def test_the_ui_serves_the_last_runs_settings_for_the_warehouse_it_sits_in(tmp_path):
    warehouse = tmp_path / "wh"
    save_location_settings(Settings(input=tmp_path / "news", warehouse=warehouse, n_process=2))
    served = location_settings(instance_home(warehouse))
    assert (served.input, served.warehouse, served.n_process) == (tmp_path / "news", warehouse, 2)
    moved = tmp_path / "moved"
    (warehouse).rename(moved)  # a warehouse moved or copied is where its instance is
    assert location_settings(moved / DAGSTER_HOME).warehouse == moved
    assert location_settings(None) == Settings()


def test_runs_a_killed_etl_run_left_started_are_closed_as_failed(tmp_path):
    with persistent_instance(tmp_path) as instance:
        for run_id, tags in (("cli", {LAUNCHED_BY_TAG: "etl run"}), ("ui", {})):
            run = DagsterRun(job_name="etl_batch_job", run_id=run_id, tags=tags)
            instance.add_run(run.with_status(dg.DagsterRunStatus.STARTED))
        assert close_interrupted_runs(instance) == ["cli"]
        assert instance.get_run_by_id("cli").status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id("ui").status == dg.DagsterRunStatus.STARTED
