"""Incremental runs: each batch of new input files is one partition of the per-batch assets.

`etl.articles.batches` decides what a batch is (new files, in path order, up to a size cap) and
keeps the registry (`warehouse/batches/*.json`). Here: the dynamic partitions that mirror it,
the two jobs (per-batch assets; then the tables built over all batches), and two sensors for
`dagster dev` — one registers new batches and runs the batch job for each pending one, the
other runs the publish job after each successful batch run. `etl run` does the same in-process
(`etl.runner`).
"""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from etl.articles.batches import is_done, plan_batches
from etl.defs.resources import DictionariesResource, NlpResource, PathsResource
from etl.versions import coding_versions, stale_batches

#: The dynamic partitions: one key per batch of input (b00001, b00002, ...).
batches = dg.DynamicPartitionsDefinition(name="batches")

BATCH_JOB_NAME = "etl_batch_job"
BATCH_RUN_TAG = "etl/batch_run"
PUBLISH_JOB_NAME = "etl_publish_job"

#: Per-batch assets: everything from reading files to coding events.
BATCH_GROUPS = ("ingest", "clean", "dedup", "nlp", "coding")
#: What re-coding a batch runs again after a dictionary or coder change: the assets of groups
#: nlp and coding (the pre-filter reads the dictionaries too); ingest, clean, dedup are reused.
RECODE_ASSETS = (
    "sentences", "actor_mentions", "events", "name_occurrences", "verb_occurrences", "places"
)  # fmt: skip

batch_job = dg.define_asset_job(
    BATCH_JOB_NAME,
    selection=dg.AssetSelection.groups(*BATCH_GROUPS),
    # One batch run at a time (the instance limits this tag to 1, see `etl.defs.instance`):
    # dedup reads and rewrites the index of everything stored before, in batch order.
    tags={BATCH_RUN_TAG: "1"},
    description="One batch of input: ingest, clean, dedup against the warehouse, sentences, "
    "coding.",
)

publish_job = dg.define_asset_job(
    PUBLISH_JOB_NAME,
    selection=dg.AssetSelection.groups("publish"),
    description="Tables over all batches: one-a-day events, dyad-month, curation lists, DuckDB "
    "and report.",
)


@dg.sensor(
    name="input_batches",
    job=batch_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Registers new input files as batch partitions and runs the batch job for each "
    "batch not processed at its current fingerprint, or coded with other dictionaries (re-coded: "
    "sentences and coding only, unless a cleaning file changed).",
)
def input_batches_sensor(
    context: dg.SensorEvaluationContext,
    paths: PathsResource,
    nlp: NlpResource,
    dictionaries: DictionariesResource,
) -> dg.SensorResult | dg.SkipReason:
    if not paths.input_path.exists():
        return dg.SkipReason(f"input {paths.input_path} does not exist")
    folder = paths.batches_path
    plan = plan_batches(paths.input_path, folder, paths.batch_max_bytes)
    known = set(context.instance.get_dynamic_partitions(batches.name))
    unknown = [k for k in plan.keys if k not in known]
    todo = [b for b in plan.batches if not is_done(folder, b)]
    versions = coding_versions(nlp.model_name(), dictionaries.spec())
    recode = stale_batches(folder, plan.batches, versions)
    if not todo and not recode and not unknown:
        return dg.SkipReason(f"{len(plan.batches)} batches, all processed")
    coded_with = hashlib.sha256(json.dumps(versions, sort_keys=True).encode()).hexdigest()[:12]
    requests = [
        dg.RunRequest(partition_key=b.key, run_key=f"{b.key}:{b.fingerprint}") for b in todo
    ] + [
        dg.RunRequest(
            partition_key=r.key,
            run_key=f"{r.key}:recode:{coded_with}",
            asset_selection=(
                [dg.AssetKey(a) for a in RECODE_ASSETS] if r.scope == "coding" else None
            ),
            tags={"etl/reason": r.reason},
        )
        for r in recode
    ]
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[batches.build_add_request(unknown)] if unknown else [],
    )


@dg.run_status_sensor(
    name="publish_after_batch",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[batch_job],
    request_job=publish_job,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Rebuilds the tables over all batches after a batch run succeeds.",
)
def publish_after_batch(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=f"publish-after-{context.dagster_run.run_id}")
