"""Clean stage: debris removal, dating, language; then story clusters."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pyarrow as pa

from etl.articles.clean import clean_articles
from etl.articles.dedup import DedupIndex, cluster_articles
from etl.contracts import from_table, to_table
from etl.defs.metadata import asset_out, table_metadata
from etl.defs.partitions import batches
from etl.defs.resources import PathsResource
from etl.records import Article, DuplicateMember, Paragraph, RawArticle, RemovedLine

DEDUP_INDEX = Path("cache") / "dedup_index"


@dg.multi_asset(
    outs={
        "cleaned_articles": asset_out(Article),
        "removed_lines": asset_out(RemovedLine),
        "paragraphs": asset_out(Paragraph),
    },
    group_name="clean",
    partitions_def=batches,
)
def clean(raw_articles: pa.Table) -> Iterator[dg.Output]:
    """Clean text, title, dateline, publication date and language of every raw article."""
    out = clean_articles(from_table(raw_articles, RawArticle))
    for name, table in (
        ("cleaned_articles", to_table(out.articles, Article)),
        ("removed_lines", to_table(out.removed_lines, RemovedLine)),
        ("paragraphs", to_table(out.paragraphs, Paragraph)),
    ):
        yield dg.Output(table, output_name=name, metadata=table_metadata(table))


@dg.multi_asset(
    outs={"articles": asset_out(Article), "duplicate_clusters": asset_out(DuplicateMember)},
    group_name="dedup",
    partitions_def=batches,
)
def dedup(paths: PathsResource, cleaned_articles: pa.Table) -> Iterator[dg.Output]:
    """Cluster copies, near-copies and rewrites of one story against everything stored so far."""
    index_path = paths.warehouse_path / DEDUP_INDEX
    out = cluster_articles(from_table(cleaned_articles, Article), DedupIndex.load(index_path))
    articles = to_table(out.articles, Article)
    members = to_table(out.members, DuplicateMember)
    yield dg.Output(articles, output_name="articles", metadata=table_metadata(articles))
    yield dg.Output(members, output_name="duplicate_clusters", metadata=table_metadata(members))
    out.index.save(index_path)
