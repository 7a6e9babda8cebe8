"""NLP stage: sentences of the canonical English paragraphs, pre-filtered for the coder."""

import dagster as dg
import pyarrow as pa

from etl.coding.nlp import coded_ids, split_sentences
from etl.coding.pool import build_coder
from etl.coding.prefilter import SentenceFilter, prefilter_sentences
from etl.contracts import from_table, to_table
from etl.defs.metadata import spec_metadata, table_metadata
from etl.defs.partitions import batches
from etl.defs.resources import DictionariesResource, NlpResource
from etl.records import Article, DuplicateMember, Paragraph, Sentence


@dg.asset(group_name="nlp", metadata=spec_metadata(Sentence), partitions_def=batches)
def sentences(
    context: dg.AssetExecutionContext,
    nlp: NlpResource,
    dictionaries: DictionariesResource,
    articles: pa.Table,
    paragraphs: pa.Table,
    duplicate_clusters: pa.Table,
) -> pa.Table:
    """One sentence of an article the coder reads (a story's canonical article, near copies and
    translations; not exact copies). Non-English ones, and those the pre-filter finds cannot
    yield an event (from their tokens alone), are kept with coded=false: not parsed. The
    filter reads the names and triggers of the dictionaries the coding step codes with."""
    coded = coded_ids(from_table(duplicate_clusters, DuplicateMember))
    rows = list(
        split_sentences(from_table(articles, Article), from_table(paragraphs, Paragraph), coded)
    )
    # The coder's own dictionaries (a user's layered set included): the pre-filter keeps a
    # sentence whose only actor is a name only the user's entries know.
    coder = build_coder(nlp.load(), dictionaries.spec())
    keep = SentenceFilter.for_coder(coder.nlp, coder.resolver, coder.lexicon)
    rows = prefilter_sentences(rows, keep)
    table = to_table(rows, Sentence)
    stats = keep.stats
    context.add_output_metadata(
        {
            **table_metadata(table),
            "prefilter_seen": stats.seen,
            "prefilter_kept": stats.kept,
            "prefilter_no_trigger": stats.no_trigger,
            "prefilter_no_actor": stats.no_actor,
        }
    )
    return table
