"""Coding stage: actor mentions, CAMEO events and the curation occurrences of one batch."""

from collections.abc import Iterator

import dagster as dg
import pyarrow as pa

from etl.articles.batches import mark_done, registered_batch
from etl.coding.pool import articles_to_code, code_batch
from etl.contracts import from_table, to_table
from etl.defs.metadata import asset_out, table_metadata
from etl.defs.partitions import batches
from etl.defs.resources import DictionariesResource, NlpResource, PathsResource
from etl.records import (
    ActorMention,
    Article,
    DuplicateMember,
    Event,
    NameOccurrence,
    PlaceMention,
    Sentence,
    VerbOccurrence,
)
from etl.versions import coding_versions


@dg.multi_asset(
    outs={
        "actor_mentions": asset_out(ActorMention),
        "events": asset_out(Event),
        "name_occurrences": asset_out(NameOccurrence),
        "verb_occurrences": asset_out(VerbOccurrence),
        "places": asset_out(PlaceMention),
    },
    group_name="coding",
    partitions_def=batches,
)
def coding(
    context: dg.AssetExecutionContext,
    paths: PathsResource,
    nlp: NlpResource,
    dictionaries: DictionariesResource,
    articles: pa.Table,
    duplicate_clusters: pa.Table,
    sentences: pa.Table,
) -> Iterator[dg.Output]:
    """Parse the kept sentences, resolve actors and code CAMEO events, article by article (in
    `n_process` worker processes); note the names and verbs the dictionaries missed."""
    todo = articles_to_code(
        from_table(articles, Article),
        from_table(duplicate_clusters, DuplicateMember),
        from_table(sentences, Sentence),
    )
    rows: dict[str, list] = {
        "actor_mentions": [], "events": [], "names": [], "verbs": [], "places": []
    }  # fmt: skip
    for out in code_batch(
        todo, nlp.model_name(), nlp.batch_size, nlp.n_process, dictionaries=dictionaries.spec()
    ):
        rows["actor_mentions"] += out.mentions
        rows["events"] += out.events
        rows["names"] += out.names
        rows["verbs"] += out.verbs
        rows["places"] += out.places
    for name, values, model in (
        ("actor_mentions", rows["actor_mentions"], ActorMention),
        ("events", rows["events"], Event),
        ("name_occurrences", rows["names"], NameOccurrence),
        ("verb_occurrences", rows["verbs"], VerbOccurrence),
        ("places", rows["places"], PlaceMention),
    ):
        table = to_table(values, model)
        yield dg.Output(table, output_name=name, metadata=table_metadata(table))
    # The last per-batch step: from now on `etl run` and the sensor treat the batch as done,
    # coded with these dictionaries (a later change to one makes `etl run` re-code it).
    versions = coding_versions(nlp.model_name(), dictionaries.spec())
    batch = registered_batch(paths.batches_path, context.partition_key)
    mark_done(paths.batches_path, batch, versions)
