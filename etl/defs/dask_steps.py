"""`dagster-dask`'s executor, with run records shipped to the workers unopened.

dagster-dask 0.29 submits each step as ``client.submit(query_on_dask_worker, deps, recon_job,
dagster_run, ...)``. dask >= 2024.12 walks tuple arguments of a task to find futures inside
them, and Dagster's records are tuples that refuse iteration: a partitioned run (its
`DagsterRun.partitions_subset` is such a record) fails before any step starts. Here the step
arguments travel in one opaque box that dask leaves alone; everything else — one Dask task per
step, dependencies as futures, the events sent back — is dagster-dask's own code path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import dagster as dg
import dask.distributed
from dagster._core.errors import raise_execution_interrupts
from dagster._core.events import DagsterEvent
from dagster._core.execution.context.system import PlanOrchestrationContext
from dagster._core.execution.plan.plan import ExecutionPlan
from dagster._utils import iterate_with_context
from dagster_dask.executor import (
    DaskExecutor,
    get_dask_resource_requirements,
    query_on_dask_worker,
)


@dataclass(frozen=True)
class _Box:
    """Not a tuple: dask passes it to the worker as it is."""

    args: tuple[Any, ...]


def _run_step(dependencies: list[Any], box: _Box) -> list[DagsterEvent]:
    """On the worker. `dependencies` are the upstream steps' results: awaited, not used."""
    return list(query_on_dask_worker(dependencies, *box.args))


class BoxedDaskExecutor(DaskExecutor):
    """DaskExecutor for the ``local`` and ``existing`` cluster types, partitioned runs included."""

    def execute(
        self, plan_context: PlanOrchestrationContext, execution_plan: ExecutionPlan
    ) -> Iterator[DagsterEvent]:
        if not plan_context.instance.is_persistent:
            raise dg.DagsterInvariantViolationError("Dask execution needs a persistent instance")
        job_name = plan_context.job_name
        if self.cluster_type == "existing":
            cluster: Any = self.cluster_configuration["address"]
        else:
            cluster = dask.distributed.LocalCluster(**self.build_dict(job_name))
        instance_ref = plan_context.instance.get_ref()
        with dask.distributed.Client(cluster) as client:
            futures: dict[str, Any] = {}
            for level in execution_plan.get_steps_to_execute_by_level():
                for step in level:
                    dependencies = [
                        futures[key]
                        for step_input in step.step_inputs
                        for key in step_input.dependency_keys
                    ]
                    box = _Box(
                        (
                            plan_context.reconstructable_job,
                            plan_context.dagster_run,
                            plan_context.run_config,
                            [step.key],
                            instance_ref,
                            execution_plan.known_state,
                        )
                    )
                    futures[step.key] = client.submit(
                        _run_step,
                        dependencies,
                        box,
                        key=f"{job_name}.{step.key}",
                        resources=get_dask_resource_requirements(step.tags),
                    )
            done = dask.distributed.as_completed(list(futures.values()), with_results=True)
            for _future, events in iterate_with_context(raise_execution_interrupts, done):
                yield from events


def dask_steps_executor(cluster: Mapping[str, Any]) -> dg.ExecutorDefinition:
    """The executor for ``{"local": {...}}`` or ``{"existing": {"address": ...}}``."""
    ((cluster_type, configuration),) = cluster.items()

    @dg.executor(name="dask", requirements=dg.multiple_process_executor_requirements())
    def _dask(_init_context: dg.InitExecutorContext) -> BoxedDaskExecutor:
        return BoxedDaskExecutor(cluster_type, dict(configuration))

    return _dask
