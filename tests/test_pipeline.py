"""The whole graph on seeds/ into a temporary warehouse (materialized once per session)."""

import duckdb
import pyarrow.parquet as pq

from etl.runner import run_pipeline
from etl.settings import Settings
from tests.conftest import SEEDS


def _count(warehouse, sql):
    con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_every_input_record_is_an_article_or_rejected(seed_warehouse):
    records = _count(seed_warehouse, "SELECT sum(n_records) FROM input_sources")
    articles = _count(seed_warehouse, "SELECT count(*) FROM articles")
    rejected = _count(seed_warehouse, "SELECT count(*) FROM rejected_inputs")
    assert articles == 5  # the five seed articles
    assert rejected == 1  # seeds/README.md: not an article format, rejected with a reason
    assert articles + rejected == records
    reason = _count(seed_warehouse, "SELECT reason FROM rejected_inputs")
    assert reason == "unsupported"


def test_seeds_give_events_with_provenance(seed_warehouse):
    assert _count(seed_warehouse, "SELECT count(*) FROM events") > 0
    orphans = _count(
        seed_warehouse,
        "SELECT count(*) FROM events e LEFT JOIN sentences s USING (sentence_id) "
        "WHERE s.sentence_id IS NULL OR s.text <> e.sentence_text OR e.rule_id = ''",
    )
    assert orphans == 0


def test_warehouse_has_the_contract_tables(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse / "events.duckdb"), read_only=True)
    try:
        names = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    finally:
        con.close()
    assert {
        "articles",
        "rejected_inputs",
        "duplicate_clusters",
        "sentences",
        "actor_mentions",
        "events",
        "events_daily",
    } <= names
    for name in ("articles", "events", "sentences"):
        assert (seed_warehouse / "parquet" / f"{name}.parquet").exists()


def test_rerun_gives_identical_event_tables(seed_warehouse, tmp_path):
    before = pq.read_table(seed_warehouse / "parquet" / "events.parquet")
    result = run_pipeline(Settings(input=SEEDS, warehouse=seed_warehouse))
    assert result.success, result.failures
    after = pq.read_table(seed_warehouse / "parquet" / "events.parquet")
    assert after.equals(before)
    fresh = tmp_path / "fresh"
    assert run_pipeline(Settings(input=SEEDS, warehouse=fresh)).success
    assert (fresh / "parquet" / "events.parquet").read_bytes() == (
        seed_warehouse / "parquet" / "events.parquet"
    ).read_bytes()
