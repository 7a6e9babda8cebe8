"""Publish stage: the DuckDB snapshot users query, swapped in atomically at the end of a run."""

import contextlib
from importlib import resources

import dagster as dg

from etl.contracts import table_models
from etl.defs.resources import PathsResource
from etl.warehouse import connect_read_only, publish_duckdb

#: Tables copied into events.duckdb, in dependency order; intermediates stay Parquet only.
PUBLISHED_TABLES = (
    "input_sources",
    "rejected_inputs",
    "articles",
    "removed_lines",
    "paragraphs",
    "duplicate_clusters",
    "sentences",
    "actor_mentions",
    "places",
    "events",
    "events_daily",
    "dyad_month",
    "country_month",
    "actor_candidates",
    "verb_candidates",
    "runs",
)


def project_views() -> dict[str, str]:
    """View name -> SELECT, one `etl/sql/<view>.sql` file each."""
    folder = resources.files("etl").joinpath("sql")
    return {
        entry.name.removesuffix(".sql"): entry.read_text("utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".sql")
    }


@dg.asset(
    group_name="publish",
    deps=[dg.AssetKey(name) for name in PUBLISHED_TABLES],
)
def warehouse_db(context: dg.AssetExecutionContext, paths: PathsResource) -> dg.MaterializeResult:
    """The DuckDB database `events.duckdb`: every published table plus the SQL views."""
    views = project_views()
    path = publish_duckdb(paths.warehouse_path, PUBLISHED_TABLES, views)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "tables": dg.MetadataValue.json(list(PUBLISHED_TABLES)),
            "views": dg.MetadataValue.json(sorted(views)),
        }
    )


@dg.asset_check(
    asset=warehouse_db,
    description="Table keys are unique across all batches (per-batch checks see one batch).",
)
def keys_unique_across_batches(paths: PathsResource) -> dg.AssetCheckResult:
    bad: dict[str, int] = {}
    with contextlib.closing(connect_read_only(paths.warehouse_path)) as con:
        present = {
            row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        for model in table_models():
            if model.table not in present or not model.key:
                continue
            keys = ", ".join(model.key)  # identifiers from the record classes
            query = (
                f"SELECT count(*) FROM (SELECT {keys} FROM {model.table} "  # sql-ok: class names
                "GROUP BY ALL HAVING count(*) > 1)"
            )
            repeated = con.execute(query).fetchone()[0]
            if repeated:
                bad[model.table] = repeated
    return dg.AssetCheckResult(
        passed=not bad,
        description=", ".join(f"{t}: {n} repeated keys" for t, n in bad.items()) or "all unique",
        metadata={"repeated_keys": dg.MetadataValue.json(bad)},
    )
