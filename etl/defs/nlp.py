"""NLP stage: sentences of the canonical English paragraphs."""

import dagster as dg
import pyarrow as pa

from etl.contracts import from_table, to_table
from etl.defs.metadata import spec_metadata, table_metadata
from etl.defs.partitions import batches
from etl.records import Article, DuplicateMember, Paragraph, Sentence
from etl.stages.nlp import canonical_ids, split_sentences


@dg.asset(group_name="nlp", metadata=spec_metadata(Sentence), partitions_def=batches)
def sentences(
    context: dg.AssetExecutionContext,
    articles: pa.Table,
    paragraphs: pa.Table,
    duplicate_clusters: pa.Table,
) -> pa.Table:
    """One sentence of a canonical article; non-English ones are kept with coded=false."""
    canonical = canonical_ids(from_table(duplicate_clusters, DuplicateMember))
    rows = split_sentences(
        from_table(articles, Article), from_table(paragraphs, Paragraph), canonical
    )
    table = to_table(rows, Sentence)
    context.add_output_metadata(table_metadata(table))
    return table
