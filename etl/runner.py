"""Run the pipeline over the input's new batches, under the warehouse lock, and summarise it."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from etl.articles.batches import (
    BATCHES_DIR,
    is_published,
    mark_published,
    pending,
    plan_batches,
)
from etl.definitions import build_definitions
from etl.defs.partitions import BATCH_JOB_NAME, PUBLISH_JOB_NAME, RECODE_ASSETS, batches
from etl.defs.resources import resources_from
from etl.settings import Settings
from etl.versions import Recode, coding_versions, recode_note, stale_batches
from etl.warehouse import DB_NAME, connect_read_only, run_lock


@dataclass(frozen=True)
class RunResult:
    success: bool
    run_id: str  # the last Dagster run (the publish run when there was one)
    failures: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # summed over batches
    batches: list[str] = field(default_factory=list)  # batch keys processed by this call
    run_ids: list[str] = field(default_factory=list)
    #: batch key -> what changed, for the batches re-coded (dictionaries or coder changed)
    recoded: dict[str, list[str]] = field(default_factory=dict)


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

#: What `--rebuild` deletes: every table but `runs` (the history is kept), the dedup index,
#: the batch registry, the database and the report.
REBUILT = ("parquet", "cache", "batches", "events.duckdb", "report.html")
KEPT_ON_REBUILD = frozenset({"runs.parquet"})


def _summarize(
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
        run_ids=[result.run_id],
    )


def _combine(
    results: list[RunResult], batches: list[str], recode: Sequence[Recode] = ()
) -> RunResult:
    seconds: dict[str, float] = {}
    for r in results:
        for step, s in r.step_seconds.items():
            seconds[step] = seconds.get(step, 0.0) + s
    return RunResult(
        success=all(r.success for r in results),
        run_id=results[-1].run_id if results else "",
        failures=[f for r in results for f in r.failures],
        step_seconds=seconds,
        batches=batches,
        run_ids=[i for r in results for i in r.run_ids],
        recoded={r.key: r.changed for r in recode},
    )


def _rebuild(warehouse: Path) -> None:
    for name in REBUILT:
        path = warehouse / name
        if not path.is_dir():
            path.unlink(missing_ok=True)
            continue
        for child in path.iterdir():
            if child.name in KEPT_ON_REBUILD:
                continue
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()


def run_pipeline(
    settings: Settings,
    executor: str = "in_process",
    scheduler: str | None = None,
    rebuild: bool = False,
    note: Callable[[str], None] | None = None,
) -> RunResult:
    """Process the input's new batches, then rebuild the tables over all batches.

    New files in the input become batches (`etl.articles.batches`); each batch not processed yet
    (or whose files changed) is one Dagster run of the batch job, in key order, then one run of
    the publish job. With nothing new and a published warehouse, nothing runs. The lock keeps
    two runs off one warehouse.

    A batch done with other dictionaries or another coder than this run's (`etl.versions`) is
    re-coded: its sentences and coding steps run again on its stored cleaned articles (every
    step, when a cleaning or dedup file changed); `note` gets a line saying which files changed,
    and the snapshot before is kept under `previous/` for `etl diff`.

    `executor` is ``in_process`` (default), ``multiprocess`` or ``dask`` (see
    `etl.defs.executors`); `scheduler` is a Dask scheduler address (``tcp://HOST:PORT``), else
    ``dask`` starts a local cluster. Every run is recorded in the warehouse's persistent Dagster
    instance (`etl.defs.instance`), so the UI shows it, tagged with `RUN_TAGS`.
    """
    from etl.defs.executors import executor_for
    from etl.defs.instance import save_location_settings

    executor_for(executor, scheduler)  # a bad name fails before the lock and the instance
    folder = settings.warehouse / BATCHES_DIR
    with run_lock(settings.warehouse):
        if rebuild:
            _rebuild(settings.warehouse)
        plan = plan_batches(settings.input, folder, int(settings.batch_max_mb * 1024 * 1024))
        todo = pending(folder, plan.batches)
        recode = stale_batches(folder, plan.batches, run_versions(settings))
        if not todo and not recode and is_published(folder, plan.batches):
            return RunResult(success=True, run_id="")
        if recode:
            (note or (lambda _message: None))(recode_note(recode))
            keep_previous_snapshot(settings.warehouse)
        save_location_settings(settings)
        changed = {b.key for b in plan.changed}
        launches = [
            Launch(
                BATCH_JOB_NAME, b.key, "input files changed" if b.key in changed else "new input"
            )
            for b in todo
        ] + [_recode_launch(r) for r in recode]
        launches.sort(key=lambda run: run.partition or "")  # batches run in key order
        keys = [run.partition for run in launches if run.partition]
        results: list[RunResult] = []
        with _launcher(settings, executor, scheduler, plan.keys) as launch:
            for run in launches:
                results.append(launch(run))
                if not results[-1].success:
                    return _combine(results, keys, recode)
            results.append(launch(Launch(PUBLISH_JOB_NAME, None, "tables over all batches")))
        if results[-1].success:
            mark_published(folder, plan.batches)
        return _combine(results, keys, recode)


def _recode_launch(recode: Recode) -> Launch:
    assets = RECODE_ASSETS if recode.scope == "coding" else None
    return Launch(BATCH_JOB_NAME, recode.key, recode.reason, assets)


def run_versions(settings: Settings) -> dict[str, str]:
    """`etl.versions.coding_versions` of a run with these settings (what the coding step of
    each batch records in its marker, from the same resources)."""
    resources = resources_from(settings)
    return coding_versions(resources["nlp"].model_name(), resources["dictionaries"].spec())


#: Where a run that re-codes batches keeps the snapshot it started from, for `etl diff`.
PREVIOUS_DIR = "previous"


def keep_previous_snapshot(warehouse: Path) -> Path | None:
    """Keep `events.duckdb` as `previous/events.duckdb` before a re-code replaces it.

    A hard link (no copy): the publish step writes a new file and renames it over the old
    name, so the link keeps the old snapshot whole. `etl diff WAREHOUSE/previous WAREHOUSE`
    then lists the events the re-code added, removed and changed.
    """
    db = warehouse / DB_NAME
    if not db.exists():
        return None
    folder = warehouse / PREVIOUS_DIR
    folder.mkdir(exist_ok=True)
    kept = folder / DB_NAME
    kept.unlink(missing_ok=True)
    try:
        os.link(db, kept)
    except OSError:  # a file system without hard links
        shutil.copy2(db, kept)
    return kept


#: Tags of the runs `etl run` starts, as the UI's run list shows them: who started the run,
#: with which executor, and why (new input, changed files, the tables over all batches).
LAUNCHED_BY_TAG = "etl/launched_by"
EXECUTOR_TAG = "etl/executor"
REASON_TAG = "etl/reason"


@dataclass(frozen=True)
class Launch:
    """One run to start: a job, its batch partition (None for the publish job), why, and the
    assets to run when not all of the job's (a re-code reuses the cleaned batch)."""

    job_name: str
    partition: str | None
    reason: str
    assets: tuple[str, ...] | None = None

    @property
    def asset_selection(self) -> list[dg.AssetKey] | None:
        return [dg.AssetKey(a) for a in self.assets] if self.assets else None

    def tags(self, executor: str) -> dict[str, str]:
        tags = {LAUNCHED_BY_TAG: "etl run", EXECUTOR_TAG: executor, REASON_TAG: self.reason}
        if self.partition:
            tags["dagster/partition"] = self.partition
        return tags


@contextlib.contextmanager
def _launcher(
    settings: Settings, executor: str, scheduler: str | None, keys: list[str]
) -> Iterator[Callable[[Launch], RunResult]]:
    """A function that runs one job (for one batch, or the publish job) and summarises it.

    In-process runs each execute in a fresh child process, as Dagster's own run launcher does:
    memory a run leaves behind (spaCy's growing vocabulary, the allocator's arenas, Dagster's
    in-memory event log) goes with its process, so the peak stays that of one batch however
    many batches a call processes. Other executors already run steps in other processes. All
    report to the warehouse's persistent instance, where the batch partitions are registered.
    """
    from etl.defs.instance import persistent_instance

    with persistent_instance(settings.warehouse) as instance:
        close_interrupted_runs(instance)
        known = set(instance.get_dynamic_partitions(batches.name))
        instance.add_dynamic_partitions(batches.name, [k for k in keys if k not in known])
        if executor != "in_process":
            yield lambda run: _execute(settings, executor, scheduler, instance, run)
            return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, max_tasks_per_child=1) as pool:
        yield lambda run: pool.submit(_run_in_process, settings.model_dump_json(), run).result()


def close_interrupted_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs of an earlier `etl run` that died before it ended (killed, out of
    memory): the UI would show them as running forever. Safe under the warehouse lock: no
    other `etl run` on this warehouse is alive. Runs started from the UI are left to it."""
    filters = dg.RunsFilter(
        statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
        tags={LAUNCHED_BY_TAG: "etl run"},
    )
    closed = []
    for run in instance.get_runs(filters=filters):
        instance.report_run_failed(
            run, "the etl run that started this run ended before it finished (killed?)"
        )
        closed.append(run.run_id)
    return closed


def _run_in_process(settings_json: str, run: Launch) -> RunResult:
    """One run by the in-process executor (module-level: the child process imports it)."""
    from etl.defs.instance import persistent_instance

    settings = Settings.model_validate_json(settings_json)
    with persistent_instance(settings.warehouse) as instance:
        job = build_definitions(settings).resolve_job_def(run.job_name)
        result = job.execute_in_process(
            run_config=QUIET,
            instance=instance,
            partition_key=run.partition,
            asset_selection=run.asset_selection,
            tags=run.tags("in_process"),
            raise_on_error=False,
        )
        return _summarize(instance, result)


def _execute(
    settings: Settings,
    executor: str,
    scheduler: str | None,
    instance: dg.DagsterInstance,
    run: Launch,
) -> RunResult:
    """One run of `run.job_name` by a multiprocess or Dask executor."""
    from etl.defs.executors import reconstructable_job

    if executor == "dask" and scheduler is None:
        import dask

        # The local cluster's worker processes are daemonic by default, and a daemonic
        # process may not start spaCy's --n-process workers. (A remote cluster's workers
        # need DASK_DISTRIBUTED__WORKER__DAEMON=False for the same, or --n-process 1.)
        dask.config.set({"distributed.worker.daemon": False})
    recon = reconstructable_job(settings, run.job_name, executor, scheduler)
    result = dg.execute_job(
        recon,
        instance,
        run_config=QUIET,
        tags=run.tags(executor),
        asset_selection=run.asset_selection,
        raise_on_error=False,
    )
    return _summarize(instance, result)


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
