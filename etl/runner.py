"""Run the whole asset graph in-process, under the warehouse lock, and summarise it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from etl.definitions import build_definitions
from etl.settings import Settings
from etl.warehouse import connect_read_only, run_lock


@dataclass(frozen=True)
class RunResult:
    success: bool
    run_id: str
    failures: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)


def _step_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Wall time of each step that materialized an asset (check steps are left out)."""
    starts: dict[str, float] = {}
    seconds: dict[str, float] = {}
    materialized: set[str] = set()
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or entry.step_key is None:
            continue
        if event.event_type == dg.DagsterEventType.STEP_START:
            starts[entry.step_key] = entry.timestamp
        elif event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION:
            materialized.add(entry.step_key)
        elif event.event_type in (
            dg.DagsterEventType.STEP_SUCCESS,
            dg.DagsterEventType.STEP_FAILURE,
        ):
            seconds[entry.step_key] = entry.timestamp - starts.get(entry.step_key, entry.timestamp)
    return {step: s for step, s in seconds.items() if step in materialized}


#: Dagster's console logger at WARNING: the CLI prints its own summary, not every event.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def run_pipeline(
    settings: Settings, executor: str = "in_process", scheduler: str | None = None
) -> RunResult:
    """Materialize every asset and check; the lock keeps two runs off one warehouse.

    `executor` is ``in_process`` (default), ``multiprocess`` or ``dask`` (see
    `etl.defs.executors`); `scheduler` is a Dask scheduler address (``tcp://HOST:PORT``), else
    ``dask`` starts a local cluster. Other executors than in-process rebuild the job in other
    processes and need a persistent instance, kept under `warehouse/dagster_home`.
    """
    from etl.defs.executors import executor_for, persistent_instance, reconstructable_job

    executor_for(executor, scheduler)  # a bad name fails before the lock and the instance

    def summarize(
        instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult | dg.JobExecutionResult
    ) -> RunResult:
        failures = [
            f"{e.step_key}: {e.event_specific_data.error.message.strip()}"  # type: ignore[union-attr]
            for e in result.all_events
            if e.event_type == dg.DagsterEventType.STEP_FAILURE
        ]
        failed_checks = [
            f"check {e.asset_check_evaluation_data.check_name} failed"
            for e in result.all_events
            if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
            and not e.asset_check_evaluation_data.passed
        ]
        return RunResult(
            success=result.success and not failed_checks,
            run_id=result.run_id,
            failures=failures + failed_checks,
            step_seconds=_step_seconds(instance, result.run_id),
        )

    with run_lock(settings.warehouse):
        if executor == "in_process":
            job = build_definitions(settings).resolve_implicit_global_asset_job_def()
            with dg.DagsterInstance.ephemeral() as instance:
                return summarize(
                    instance,
                    job.execute_in_process(
                        run_config=QUIET, instance=instance, raise_on_error=False
                    ),
                )
        if executor == "dask" and scheduler is None:
            import dask

            # The local cluster's worker processes are daemonic by default, and a daemonic
            # process may not start spaCy's --n-process workers. (A remote cluster's workers
            # need DASK_DISTRIBUTED__WORKER__DAEMON=False for the same, or --n-process 1.)
            dask.config.set({"distributed.worker.daemon": False})
        with persistent_instance(settings.warehouse) as instance:
            recon = reconstructable_job(settings, executor, scheduler)
            return summarize(
                instance, dg.execute_job(recon, instance, run_config=QUIET, raise_on_error=False)
            )


SUMMARY_SQL = {
    "input records": "SELECT sum(n_records) FROM input_sources",
    "articles read": "SELECT count(*) FROM articles",
    "rejected inputs": "SELECT count(*) FROM rejected_inputs",
    "duplicates (not coded)": "SELECT count(*) FROM duplicate_clusters WHERE NOT is_canonical",
    "non-English articles (not coded)": (
        "SELECT count(*) FROM articles a JOIN duplicate_clusters d USING (article_id) "
        "WHERE d.is_canonical AND a.language NOT IN ('en', 'und')"
    ),
    "sentences": "SELECT count(*) FROM sentences",
    "sentences coded": "SELECT count(*) FROM sentences WHERE coded",
    "actor mentions": "SELECT count(*) FROM actor_mentions",
    "events": "SELECT count(*) FROM events",
}


def summary_rows(warehouse: Path) -> list[tuple[str, object]]:
    con = connect_read_only(warehouse)
    try:
        return [(name, con.execute(query).fetchone()[0]) for name, query in SUMMARY_SQL.items()]
    finally:
        con.close()
