"""Publish stage: research tables (one-a-day events, dyad-month panel), curation lists, the run
record and the HTML report. Each asset unpacks its inputs and calls one function of
`etl.publish`; the counting rules live there.
"""

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterator

import dagster as dg
import pyarrow as pa
from spacy.util import get_package_version

from etl.coding.dictionary_set import dictionary_files
from etl.contracts import from_table, records_of, to_table
from etl.defs.metadata import asset_out, spec_metadata, table_metadata
from etl.defs.resources import DictionariesResource, NlpResource, PathsResource
from etl.publish.aggregate import (
    GEO_COLUMNS,
    MONTHLY_PRECISIONS,
    build_country_month,
    build_dyad_month,
    build_events_daily,
    unresolved_code,
)
from etl.publish.discovery import rank_candidates
from etl.publish.report import render_report
from etl.publish.runs import dictionary_version, make_run, merge_runs, table_counts
from etl.records import (
    ActorCandidate,
    Article,
    CountryMonth,
    DuplicateMember,
    DyadMonth,
    Event,
    EventDaily,
    InputSource,
    NameOccurrence,
    Run,
    VerbCandidate,
    VerbOccurrence,
)
from etl.warehouse import connect_read_only, iter_batches, lookup, read_parquet, table_exists

GROUP = "publish"
REPORT_NAME = "report.html"


#: Columns the one-a-day merge reads (not the sentence texts and provenance spans).
DAILY_EVENT_COLUMNS = [
    "event_id", "article_id", "sentence_id", "cluster_id", "is_root_event", "event_date",
    "date_precision", "source_code", "source_name", "source_country", "source_role",
    "target_code", "target_name", "target_country", "target_role", "cameo_code", "cameo_base",
    "cameo_root", "event_name", "quad_class", "penta_class", "goldstein", "plover_event",
    *GEO_COLUMNS,
]  # fmt: skip
DAILY_ARTICLE_COLUMNS = ["article_id", "publisher", "url", "source", "published"]


@dg.asset(
    group_name=GROUP,
    description=EventDaily.description,
    metadata=spec_metadata(EventDaily),
    deps=["events", "articles", "duplicate_clusters"],
)
def events_daily(context: dg.AssetExecutionContext, paths: PathsResource) -> pa.Table:
    """One event a day over all batches: events sharing date, dyad and CAMEO code, stories
    counted once."""
    root = paths.warehouse_path
    rows = build_events_daily(
        from_table(read_parquet(root, "events", columns=DAILY_EVENT_COLUMNS), Event),
        from_table(read_parquet(root, "articles", columns=DAILY_ARTICLE_COLUMNS), Article),
        from_table(read_parquet(root, "duplicate_clusters"), DuplicateMember),
    )
    table = to_table(rows, EventDaily)
    context.add_output_metadata(table_metadata(table))
    return table


@dg.asset(
    group_name=GROUP, description=CountryMonth.description, metadata=spec_metadata(CountryMonth)
)
def country_month(context: dg.AssetExecutionContext, events_daily: pa.Table) -> pa.Table:
    """Month x country-of-the-event cells over the one-a-day events placed in a country."""
    table = to_table(build_country_month(from_table(events_daily, EventDaily)), CountryMonth)
    context.add_output_metadata(table_metadata(table))
    return table


@dg.asset(group_name=GROUP, description=DyadMonth.description, metadata=spec_metadata(DyadMonth))
def dyad_month(context: dg.AssetExecutionContext, events_daily: pa.Table) -> pa.Table:
    """Monthly panel per directed dyad at country and actor level; no empty cells."""
    table = to_table(build_dyad_month(from_table(events_daily, EventDaily)), DyadMonth)
    context.add_output_metadata(table_metadata(table))
    return table


@dg.multi_asset(
    outs={
        "actor_candidates": asset_out(ActorCandidate),
        "verb_candidates": asset_out(VerbCandidate),
    },
    group_name=GROUP,
    deps=["name_occurrences", "verb_occurrences", "sentences", "articles"],
)
def discovery(paths: PathsResource) -> Iterator[dg.Output]:
    """Names and verb phrases the dictionaries missed, over all batches, ranked for curation.

    The coder noted each occurrence while it had the parse; this only counts them, streaming.
    """
    root = paths.warehouse_path
    dates = read_parquet(root, "articles", columns=["article_id", "published"])
    found = rank_candidates(
        records_of(iter_batches(root, "name_occurrences"), NameOccurrence),
        records_of(iter_batches(root, "verb_occurrences"), VerbOccurrence),
        texts=lambda wanted: lookup(root, "sentences", "sentence_id", "text", wanted),
        article_dates=dict(
            zip(dates["article_id"].to_pylist(), dates["published"].to_pylist(), strict=True)
        ),
    )
    for name, table in (
        ("actor_candidates", to_table(found.actors, ActorCandidate)),
        ("verb_candidates", to_table(found.verbs, VerbCandidate)),
    ):
        yield dg.Output(table, output_name=name, metadata=table_metadata(table))


@dg.asset(
    group_name=GROUP,
    description=Run.description,
    metadata=spec_metadata(Run),
    deps=["input_sources", "raw_articles", "rejected_inputs", "articles", "duplicate_clusters",
          "sentences", "actor_mentions", "events", "events_daily", "dyad_month",
          "actor_candidates", "verb_candidates"],
)  # fmt: skip
def runs(
    context: dg.AssetExecutionContext,
    paths: PathsResource,
    nlp: NlpResource,
    dictionaries: DictionariesResource,
) -> pa.Table:
    """This run (inputs, versions, configuration, counts) and earlier builds of the warehouse."""
    root, model = paths.warehouse_path, nlp.model_name()
    files = dictionary_files(tuple(dictionaries.paths))
    stats = context.instance.get_run_stats(context.run.run_id)
    started = dt.datetime.fromtimestamp(stats.start_time or stats.launch_time or 0, dt.UTC)
    current = make_run(
        run_id=context.run.run_id,
        started_at=started,
        finished_at=dt.datetime.now(dt.UTC),
        inputs=from_table(read_parquet(root, "input_sources"), InputSource),
        coder_versions=read_parquet(root, "events", columns=["coder_version"])
        .column("coder_version")
        .unique()
        .to_pylist(),
        dictionaries=dictionary_version(files=[(f.path, f.sha256) for f in files]),
        spacy_model=f"{model} {get_package_version(model) or 'unknown'}",
        config={
            "input": paths.input,
            "warehouse": paths.warehouse,
            **nlp.model_dump(),
            "dictionaries": dictionaries.model_dump(exclude={"cache_dir"}),
        },
        counts=table_counts(root),
        dictionary_files=[(f.path, f.sha256) for f in files],
    )
    previous = from_table(read_parquet(root, "runs"), Run) if table_exists(root, "runs") else []
    table = to_table(merge_runs(current, previous), Run)
    context.add_output_metadata(table_metadata(table))
    return table


@dg.asset(group_name=GROUP, deps=["warehouse_db"], kinds={"html"})
def report(paths: PathsResource) -> dg.MaterializeResult:
    """report.html: run summary, coverage, dyad charts, top actors and codes, dedup, dates."""
    out = paths.warehouse_path / REPORT_NAME
    with contextlib.closing(connect_read_only(paths.warehouse_path)) as con:
        result = render_report(con, out)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(out)),
            "url": dg.MetadataValue.url(out.resolve().as_uri()),
            "charts": len(result.charts),
            "summary": dg.MetadataValue.md(result.markdown_summary()),
        }
    )


#: What `etl.definitions` adds to the graph (table assets write Parquet via the IO manager).
PUBLISH_ASSETS = [events_daily, dyad_month, country_month, discovery, runs, report]


@dg.asset_check(
    asset="events_daily",
    description="Every coded event is in exactly one events_daily row, and counts add up.",
)
def events_daily_accounts_for_events(
    paths: PathsResource, events_daily: pa.Table
) -> dg.AssetCheckResult:
    rows = events_daily.select(["daily_id", "num_events", "event_ids"]).to_pylist()
    members = [e for r in rows for e in r["event_ids"]]
    coded = read_parquet(paths.warehouse_path, "events", columns=["event_id"])
    bad = sorted(set(coded["event_id"].to_pylist()) ^ set(members))
    bad += [f"{e} (in two rows)" for e, n in Counter(members).items() if n > 1]
    bad += [r["daily_id"] for r in rows if r["num_events"] != len(r["event_ids"])]
    return dg.AssetCheckResult(
        passed=not bad, metadata={"failures": len(bad), "examples": dg.MetadataValue.json(bad[:20])}
    )


@dg.asset_check(
    asset="dyad_month",
    additional_ins={"events_daily": dg.AssetIn()},
    description="Actor-level cells hold every dated dyadic one-a-day event once; no empty cells.",
)
def dyad_month_matches_events_daily(
    dyad_month: pa.Table, events_daily: pa.Table
) -> dg.AssetCheckResult:
    cells = dyad_month.to_pylist()
    placed = sum(c["num_daily_rows"] for c in cells if c["level"] == "actor")
    columns = ["event_date", "date_precision", "source_code", "target_code"]
    dated = sum(
        1
        for r in events_daily.select(columns).to_pylist()
        if r["event_date"] is not None
        and r["date_precision"] in MONTHLY_PRECISIONS
        and not (unresolved_code(r["source_code"]) or unresolved_code(r["target_code"]))
    )
    empty = [
        f"{c['level']} {c['month']} {c['source']} {c['target']}"
        for c in cells
        if c["num_events"] < 1
    ]
    return dg.AssetCheckResult(
        passed=placed == dated and not empty,
        metadata={"actor_level_rows": placed, "dated_daily_rows": dated, "empty_cells": len(empty)},
    )


#: Checks of the publish stage, for `Definitions(asset_checks=...)`.
PUBLISH_CHECKS = [events_daily_accounts_for_events, dyad_month_matches_events_daily]
