"""Asset checks: one property per check, offending ids listed in the check's metadata."""

from collections import Counter

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from etl.cameo import codebook
from etl.contracts import columns
from etl.defs.resources import PathsResource
from etl.records import (
    ActorCandidate,
    ActorMention,
    Article,
    CountryMonth,
    DuplicateMember,
    DyadMonth,
    Event,
    EventDaily,
    InputSource,
    NameOccurrence,
    PlaceMention,
    Record,
    Rejected,
    Run,
    Sentence,
    VerbCandidate,
    VerbOccurrence,
)
from etl.warehouse import read_parquet

_EXAMPLES = 20


def _result(bad: list[str], what: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not bad,
        description=f"{len(bad)} {what}" if bad else f"no {what}",
        metadata={"failures": len(bad), "examples": dg.MetadataValue.json(bad[:_EXAMPLES])},
    )


def _sentence_texts(sentences: pa.Table) -> dict[str, str]:
    ids = sentences.column("sentence_id").to_pylist()
    return dict(zip(ids, sentences.column("text").to_pylist(), strict=True))


def key_and_null_checks(model: type[Record]) -> list[dg.AssetChecksDefinition]:
    """unique_<table> and not_null_<table> checks generated from the record contract."""
    required = [name for name, _, nullable, _, _ in columns(model) if not nullable]

    @dg.asset_check(
        asset=model.table, name=f"unique_{model.table}", description=f"{model.key} is unique"
    )
    def unique(table: pa.Table) -> dg.AssetCheckResult:
        keys = zip(*(table.column(k).to_pylist() for k in model.key), strict=True)
        counts = Counter(keys)
        return _result([str(k) for k, n in counts.items() if n > 1], "duplicate keys")

    @dg.asset_check(
        asset=model.table, name=f"not_null_{model.table}", description="required columns not null"
    )
    def not_null(table: pa.Table) -> dg.AssetCheckResult:
        bad = [f"{c}: {table.column(c).null_count}" for c in required if table.column(c).null_count]
        return _result(bad, "required columns with nulls")

    return [unique, not_null]


@dg.asset_check(
    asset="input_sources",
    blocking=True,
    additional_ins={"raw_articles": dg.AssetIn(), "rejected_inputs": dg.AssetIn()},
    description="Each input record is an article or a rejected row: records = articles + rejected.",
)
def inputs_accounted(
    input_sources: pa.Table, raw_articles: pa.Table, rejected_inputs: pa.Table
) -> dg.AssetCheckResult:
    records = pc.sum(input_sources.column("n_records")).as_py() or 0
    accounted = raw_articles.num_rows + rejected_inputs.num_rows
    return dg.AssetCheckResult(
        passed=records == accounted,
        metadata={
            "records": records,
            "articles": raw_articles.num_rows,
            "rejected": rejected_inputs.num_rows,
        },
    )


@dg.asset_check(
    asset="articles",
    additional_ins={"raw_articles": dg.AssetIn()},
    description="Cleaning and dedup keep every article (duplicates are marked, not dropped).",
)
def articles_kept(articles: pa.Table, raw_articles: pa.Table) -> dg.AssetCheckResult:
    missing = set(raw_articles.column("article_id").to_pylist()) - set(
        articles.column("article_id").to_pylist()
    )
    return _result(sorted(missing), "raw articles missing from articles")


@dg.asset_check(
    asset="duplicate_clusters",
    description="Each cluster has exactly one canonical article, over all batches (a story's "
    "later copies join the cluster of an earlier batch).",
)
def one_canonical_per_cluster(paths: PathsResource) -> dg.AssetCheckResult:
    members = read_parquet(
        paths.warehouse_path, "duplicate_clusters", columns=["cluster_id", "is_canonical"]
    )
    canon = Counter(
        c
        for c, is_c in zip(
            members.column("cluster_id").to_pylist(),
            members.column("is_canonical").to_pylist(),
            strict=True,
        )
        if is_c
    )
    clusters = set(members.column("cluster_id").to_pylist())
    return _result(
        sorted(c for c in clusters if canon.get(c, 0) != 1), "clusters without one canonical"
    )


@dg.asset_check(
    asset="events", description="CAMEO codes exist in the codebook and agree with root/base/class."
)
def cameo_codes_valid(events: pa.Table) -> dg.AssetCheckResult:
    book = codebook()
    bad = []
    for row in events.select(
        [
            "event_id",
            "cameo_code",
            "cameo_root",
            "cameo_base",
            "quad_class",
            "penta_class",
            "goldstein",
        ]
    ).to_pylist():
        code = row["cameo_code"]
        entry = book.events.get(code)
        if entry is None or (
            entry.root,
            entry.base,
            entry.quad_class,
            entry.penta_class,
            entry.goldstein,
        ) != (
            row["cameo_root"],
            row["cameo_base"],
            row["quad_class"],
            row["penta_class"],
            row["goldstein"],
        ):
            bad.append(row["event_id"])
    return _result(bad, "events with invalid or inconsistent codes")


@dg.asset_check(asset="events", description="Goldstein weights lie within -10..10.")
def goldstein_in_range(events: pa.Table) -> dg.AssetCheckResult:
    bad = [
        r["event_id"]
        for r in events.select(["event_id", "goldstein"]).to_pylist()
        if not -10.0 <= r["goldstein"] <= 10.0
    ]
    return _result(bad, "events with Goldstein outside -10..10")


@dg.asset_check(
    asset="events",
    additional_ins={"sentences": dg.AssetIn()},
    description="Every event traces to a sentence of the warehouse, with its rule and text.",
)
def events_have_provenance(events: pa.Table, sentences: pa.Table) -> dg.AssetCheckResult:
    text = _sentence_texts(sentences)
    bad = [
        r["event_id"]
        for r in events.select(["event_id", "sentence_id", "sentence_text", "rule_id"]).to_pylist()
        if text.get(r["sentence_id"]) != r["sentence_text"] or not r["rule_id"]
    ]
    return _result(bad, "events without a matching sentence or rule")


@dg.asset_check(
    asset="actor_mentions",
    additional_ins={"sentences": dg.AssetIn()},
    description="Every mention's span lies inside its sentence and matches its text.",
)
def mentions_match_sentences(actor_mentions: pa.Table, sentences: pa.Table) -> dg.AssetCheckResult:
    text = _sentence_texts(sentences)
    bad = [
        r["mention_id"]
        for r in actor_mentions.select(
            ["mention_id", "sentence_id", "start", "end", "text"]
        ).to_pylist()
        if text.get(r["sentence_id"], "")[r["start"] : r["end"]] != r["text"]
    ]
    return _result(bad, "mentions whose span does not match the sentence")


CHECKED_MODELS: tuple[type[Record], ...] = (
    InputSource,
    Rejected,
    Article,
    DuplicateMember,
    Sentence,
    ActorMention,
    PlaceMention,
    Event,
    NameOccurrence,
    VerbOccurrence,
    EventDaily,
    DyadMonth,
    CountryMonth,
    ActorCandidate,
    VerbCandidate,
    Run,
)


def all_checks() -> list[dg.AssetChecksDefinition]:
    generated = [c for model in CHECKED_MODELS for c in key_and_null_checks(model)]
    return [
        *generated,
        inputs_accounted,
        articles_kept,
        one_canonical_per_cluster,
        cameo_codes_valid,
        goldstein_in_range,
        events_have_provenance,
        mentions_match_sentences,
    ]
