"""Coding stage: actor mentions and CAMEO events from the sentences."""

from collections.abc import Iterator

import dagster as dg
import pyarrow as pa

from etl.contracts import from_table, to_table
from etl.defs.metadata import asset_out, table_metadata
from etl.defs.partitions import batches
from etl.defs.resources import NlpResource, PathsResource
from etl.records import ActorMention, Article, DuplicateMember, Event, Sentence
from etl.stages.batches import mark_done, registered_batch
from etl.stages.coding import articles_to_code, build_coder


@dg.multi_asset(
    outs={"actor_mentions": asset_out(ActorMention), "events": asset_out(Event)},
    group_name="coding",
    partitions_def=batches,
)
def coding(
    context: dg.AssetExecutionContext,
    paths: PathsResource,
    nlp: NlpResource,
    articles: pa.Table,
    duplicate_clusters: pa.Table,
    sentences: pa.Table,
) -> Iterator[dg.Output]:
    """Resolve actors and code CAMEO events, sentence by sentence, article by article."""
    coder = build_coder(nlp.load())
    todo = articles_to_code(
        from_table(articles, Article),
        from_table(duplicate_clusters, DuplicateMember),
        from_table(sentences, Sentence),
    )
    mentions: list[ActorMention] = []
    events: list[Event] = []
    for out in coder.code_articles(todo, batch_size=nlp.batch_size, n_process=nlp.n_process):
        mentions.extend(out.mentions)
        events.extend(out.events)
    mention_table = to_table(mentions, ActorMention)
    event_table = to_table(events, Event)
    yield dg.Output(
        mention_table, output_name="actor_mentions", metadata=table_metadata(mention_table)
    )
    yield dg.Output(event_table, output_name="events", metadata=table_metadata(event_table))
    # The last per-batch step: from now on `etl run` and the sensor treat the batch as done.
    mark_done(paths.batches_path, registered_batch(paths.batches_path, context.partition_key))
