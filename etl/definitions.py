"""The one Dagster `Definitions` of the project: assets, checks, the job and resources.

`build_definitions(settings)` is what `etl run` materializes; module-level `defs` (default
settings: seeds/ into warehouse/) is what `dagster dev` loads.
"""

from __future__ import annotations

import dagster as dg

from etl.defs.checks import all_checks
from etl.defs.clean import clean, dedup
from etl.defs.coding import coding
from etl.defs.ingest import ingest
from etl.defs.nlp import sentences
from etl.defs.publish import PUBLISH_ASSETS, PUBLISH_CHECKS
from etl.defs.publish_db import warehouse_db
from etl.defs.resources import resources_from
from etl.settings import Settings

ASSETS: list = [ingest, clean, dedup, sentences, coding, warehouse_db]


all_assets_job = dg.define_asset_job(
    "etl_job",
    selection=dg.AssetSelection.all(),
    description=(
        "Everything: ingest, clean, dedup, sentences, coding, research tables, DuckDB and report."
    ),
)


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=[*ASSETS, *PUBLISH_ASSETS],
        asset_checks=[*all_checks(), *PUBLISH_CHECKS],
        jobs=[all_assets_job],
        resources=resources_from(settings),
    )


defs = build_definitions(Settings())
