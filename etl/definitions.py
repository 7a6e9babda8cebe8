"""The one Dagster `Definitions` of the project: assets, checks, the job and resources.

`build_definitions(settings)` is what `etl run` materializes — the batch job once per new batch
of input, then the publish job — and module-level `defs` is what `dagster dev` loads, with the
sensors that do the same on their own: the settings of the warehouse `etl dev` serves (the last
`etl run`'s, see `etl.defs.instance`), else the defaults (seeds/ into warehouse/).
"""

from __future__ import annotations

import dagster as dg

from etl.defs.assets.clean import clean, dedup
from etl.defs.assets.coding import coding
from etl.defs.assets.ingest import ingest
from etl.defs.assets.nlp import sentences
from etl.defs.assets.publish import PUBLISH_ASSETS, PUBLISH_CHECKS
from etl.defs.assets.publish_db import keys_unique_across_batches, warehouse_db
from etl.defs.checks import all_checks
from etl.defs.instance import served_settings
from etl.defs.partitions import batch_job, input_batches_sensor, publish_after_batch, publish_job
from etl.defs.resources import resources_from
from etl.settings import Settings

ASSETS: list = [ingest, clean, dedup, sentences, coding, warehouse_db]


def build_definitions(
    settings: Settings, executor: dg.ExecutorDefinition = dg.in_process_executor
) -> dg.Definitions:
    """The definitions with resources from `settings`, run by `executor`.

    In-process is the default, also for runs launched from the UI or a sensor: Dagster's own
    default (one process per step) loads the code location and the spaCy pipeline again in each
    of the ~19 steps, 13x slower on seeds, while each run is still a process of its own (memory
    stays that of one batch) and each step still shows in the UI.
    """
    return dg.Definitions(
        assets=[*ASSETS, *PUBLISH_ASSETS],
        asset_checks=[*all_checks(), *PUBLISH_CHECKS, keys_unique_across_batches],
        jobs=[batch_job, publish_job],
        sensors=[input_batches_sensor, publish_after_batch],
        resources=resources_from(settings),
        executor=executor,
    )


#: What `etl dev` (`dagster dev`) serves: the warehouse of the instance it runs on.
defs = build_definitions(served_settings())
