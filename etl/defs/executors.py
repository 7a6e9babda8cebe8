"""Where the steps of a run execute: in this process, in child processes, or on a Dask cluster.

`etl run --executor in_process|multiprocess|dask [--scheduler tcp://HOST:PORT]` picks one.
The assets are the same in all three; only Dagster's executor changes. Two things make the
non-in-process executors work:

* every step runs in another process (a child, or a Dask worker, possibly on another machine),
  which rebuilds the job from a *reconstructable* recipe: the module-level function `job_for`
  called with the run's settings as JSON, so the worker gets the same paths and knobs;
* those processes report to the warehouse's persistent `DagsterInstance` (`etl.defs.instance`,
  which in-process runs use too), and tables travel between steps as the IO manager's Parquet
  files, not in memory. On a cluster, the warehouse folder must therefore be on storage every
  worker can reach.
"""

from __future__ import annotations

import dagster as dg

from etl.defs.dask_steps import dask_steps_executor
from etl.errors import Errors, EtlError
from etl.settings import Settings

#: Executor names accepted by `etl run --executor`.
EXECUTORS = ("in_process", "multiprocess", "dask")

#: What the multiprocess executor's forkserver imports once for every step (see the module).
PRELOAD_MODULE = "etl.defs.preload"

#: Workers of the LocalCluster started when `--executor dask` has no `--scheduler`.
LOCAL_DASK_WORKERS = 2


def executor_for(name: str, scheduler: str | None = None) -> dg.ExecutorDefinition:
    """The Dagster executor named `name`.

    Args:
        name: ``in_process`` (one process; the default and the fastest on one machine for a
            small graph), ``multiprocess`` (one child process per step, up to the core count
            at once) or ``dask`` (each step is a task on a Dask cluster).
        scheduler: address of a running Dask scheduler (``tcp://HOST:PORT``); without one,
            ``dask`` starts a `LocalCluster` of `LOCAL_DASK_WORKERS` single-threaded workers
            for the run. Only meaningful with ``dask``.

    Raises:
        EtlError: E060 for an unknown name, E061 for a scheduler given to another executor.
    """
    if name not in EXECUTORS:
        raise EtlError(Errors.E060.format(name=name, known=", ".join(EXECUTORS)))
    if scheduler and name != "dask":
        raise EtlError(Errors.E061.format(name=name))
    if name == "in_process":
        return dg.in_process_executor
    if name == "multiprocess":
        # Steps forked from a server that preloaded the code location and the model.
        return dg.multiprocess_executor.configured(
            {"start_method": {"forkserver": {"preload_modules": [PRELOAD_MODULE]}}}
        )
    # Dagster is not thread-safe: one thread per worker (dagster-dask sets it for local clusters).
    cluster = (
        {"existing": {"address": scheduler}}
        if scheduler
        else {"local": {"n_workers": LOCAL_DASK_WORKERS, "threads_per_worker": 1}}
    )
    return dask_steps_executor(cluster)


def job_for(
    settings_json: str, job_name: str, executor: str = "in_process", scheduler: str | None = None
):
    """The named job of `build_definitions(settings)` run by the named executor.

    Module-level on purpose: it is the recipe worker processes call to rebuild the job.
    """
    from etl.definitions import build_definitions

    settings = Settings.model_validate_json(settings_json)
    defs = build_definitions(settings, executor=executor_for(executor, scheduler))
    return defs.resolve_job_def(job_name)


def reconstructable_job(
    settings: Settings, job_name: str, executor: str, scheduler: str | None = None
) -> dg.ReconstructableJob:
    """A job other processes can rebuild: `job_for` with these arguments, by module path."""
    return dg.build_reconstructable_job(
        "etl.defs.executors",
        "job_for",
        reconstructable_kwargs={
            "settings_json": settings.model_dump_json(),
            "job_name": job_name,
            "executor": executor,
            "scheduler": scheduler,
        },
    )
