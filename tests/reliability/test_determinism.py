"""Issue 7.3: the same input and configuration give byte-identical tables, with 1 or 2 processes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.articles.ingest import article_id_for, read_inputs
from etl.warehouse import table_files
from tests.reliability.helpers import SEEDS, etl, query, table_counts

pytestmark = pytest.mark.issue(7)

#: Tables whose Parquet bytes must not depend on the run (the `runs` manifest may hold times).
STABLE_TABLES = (
    "raw_articles",
    "rejected_inputs",
    "articles",
    "duplicate_clusters",
    "sentences",
    "actor_mentions",
    "events",
    "events_daily",
)


def test_two_processes_give_the_same_bytes_as_one(seed_run: Path, tmp_path: Path):
    two = tmp_path / "two"
    done = etl("run", "--input", SEEDS, "--warehouse", two, "--n-process", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert table_counts(two) == table_counts(seed_run)
    for table in STABLE_TABLES:
        ours, theirs = table_files(two, table), table_files(seed_run, table)
        assert [p.relative_to(two) for p in ours] == [p.relative_to(seed_run) for p in theirs]
        assert ours and all(
            a.read_bytes() == b.read_bytes() for a, b in zip(ours, theirs, strict=True)
        ), table


def test_ids_in_the_warehouse_are_the_stable_hashes(seed_run: Path):
    expected = {article_id_for(a.input_id, a.raw_text) for a in read_inputs(SEEDS).articles}
    assert {r[0] for r in query(seed_run, "SELECT article_id FROM articles")} == expected
    event_ids = [r[0] for r in query(seed_run, "SELECT event_id FROM events")]
    assert event_ids and len(set(event_ids)) == len(event_ids)
    # event_id is a hash, not a row number or a uuid that would change between runs.
    assert all(re.fullmatch(r"[0-9A-Za-z_.:-]{8,}", e) for e in event_ids)
    assert not any(re.fullmatch(r"\d+", e) for e in event_ids)
