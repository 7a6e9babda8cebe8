"""Ingest stage: input files to raw articles and rejected inputs."""

from collections.abc import Iterator

import dagster as dg
import pyarrow.parquet as pq

from etl.articles.batches import batch_files
from etl.articles.ingest import STORED_COLUMNS, read_inputs, stored_articles
from etl.contracts import to_table
from etl.defs.metadata import asset_out, table_metadata
from etl.defs.partitions import batches
from etl.defs.resources import PathsResource
from etl.records import InputSource, RawArticle, Rejected
from etl.warehouse import partition_files


@dg.multi_asset(
    outs={
        "raw_articles": asset_out(RawArticle),
        "rejected_inputs": asset_out(Rejected),
        "input_sources": asset_out(InputSource),
    },
    group_name="ingest",
    partitions_def=batches,
)
def ingest(context: dg.AssetExecutionContext, paths: PathsResource) -> Iterator[dg.Output]:
    """Read every input record of the batch: each becomes one raw article or one rejected row
    (an id another batch already stored is rejected as `duplicate_id`)."""
    key, root = context.partition_key, paths.warehouse_path
    earlier = {
        batch: pq.read_table(path, columns=STORED_COLUMNS)
        for batch, path in partition_files(root, "raw_articles").items()
        if batch != key
    }
    result = read_inputs(
        paths.input_path,
        only=batch_files(paths.batches_path, key),
        stored=stored_articles(earlier),
    )
    sources = [
        InputSource(path=s.path, sha256=s.sha256, n_records=s.n_records) for s in result.sources
    ]
    notes = dg.MetadataValue.json([str(n) for n in result.notes[:50]])
    for name, table in (
        ("raw_articles", to_table(result.articles, RawArticle)),
        ("rejected_inputs", to_table(result.rejected, Rejected)),
        ("input_sources", to_table(sources, InputSource)),
    ):
        extra = (
            {"notes": len(result.notes), "note_examples": notes} if name == "raw_articles" else {}
        )
        yield dg.Output(table, output_name=name, metadata={**table_metadata(table), **extra})
