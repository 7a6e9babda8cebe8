"""The whole graph on seeds/ into a temporary warehouse (materialized once per session)."""

import shutil

import duckdb

from etl.runner import _rebuild, run_pipeline
from etl.settings import Settings
from etl.warehouse import table_files
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
        # The seeds are one batch: the per-batch tables have one partition.
        assert table_files(seed_warehouse, name) == [
            seed_warehouse / "parquet" / name / "batch=b00001" / "data.parquet"
        ]
    for name in ("events_daily", "dyad_month", "runs"):
        assert table_files(seed_warehouse, name) == [seed_warehouse / "parquet" / f"{name}.parquet"]


def test_rerun_reads_nothing_again_and_rebuild_gives_identical_tables(seed_warehouse, tmp_path):
    events = seed_warehouse / "parquet" / "events" / "batch=b00001" / "data.parquet"
    before = events.read_bytes()
    result = run_pipeline(Settings(input=SEEDS, warehouse=seed_warehouse))
    assert result.success and result.batches == [] and result.run_ids == []
    assert events.read_bytes() == before
    fresh = tmp_path / "fresh"
    assert run_pipeline(Settings(input=SEEDS, warehouse=fresh)).success
    history = (fresh / "parquet" / "runs.parquet").read_bytes()
    _rebuild(fresh)  # what --rebuild does first: everything goes but the runs history
    left = [p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()]
    left = [p for p in left if not p.startswith("dagster_home/")]  # the Dagster run history
    assert sorted(left) == [".lock", "parquet/runs.parquet"]
    assert (fresh / "parquet" / "runs.parquet").read_bytes() == history
    again = run_pipeline(Settings(input=SEEDS, warehouse=fresh), rebuild=True)
    assert again.success and again.batches == ["b00001"]
    assert (fresh / "parquet" / "events" / "batch=b00001" / "data.parquet").read_bytes() == before


def test_a_new_file_is_one_more_batch_and_joins_the_stories_stored_before(tmp_path):
    inbox, warehouse = tmp_path / "in", tmp_path / "wh"
    inbox.mkdir()
    shutil.copy(next(SEEDS.glob("001_*.txt")), inbox)
    first = run_pipeline(Settings(input=inbox, warehouse=warehouse))
    assert first.success and first.batches == ["b00001"]
    shutil.copy(next(SEEDS.glob("002_*.txt")), inbox)  # the same story, another translation
    shutil.copy(next(SEEDS.glob("003_*.txt")), inbox)
    second = run_pipeline(Settings(input=inbox, warehouse=warehouse))
    assert second.success, second.failures
    assert second.batches == ["b00002"]
    con = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    try:
        clusters = con.execute(
            "SELECT count(DISTINCT cluster_id), count(*), sum(is_canonical::int) "
            "FROM duplicate_clusters"
        ).fetchone()
        coded = con.execute(
            "SELECT count(DISTINCT article_id), count(DISTINCT cluster_id) FROM events"
        ).fetchone()
    finally:
        con.close()
    # 002 joined 001's cluster from the first batch; a translation is coded too (it may state
    # what 001 does not), its events in the story's cluster: three articles, two stories.
    assert clusters == (2, 3, 2)
    assert coded == (3, 2)


def test_a_file_copied_in_again_is_rejected_not_stored_twice(tmp_path):
    inbox, warehouse = tmp_path / "in", tmp_path / "wh"
    inbox.mkdir()
    seed = next(SEEDS.glob("003_*.txt"))
    shutil.copy(seed, inbox / "a.txt")
    assert run_pipeline(Settings(input=inbox, warehouse=warehouse)).success
    shutil.copy(seed, inbox / "b.txt")  # the same article under another name, a later batch
    second = run_pipeline(Settings(input=inbox, warehouse=warehouse))
    assert second.success, second.failures  # keys_unique_across_batches included
    assert _count(warehouse, "SELECT count(*) FROM articles") == 1
    rejected = duckdb.connect(str(warehouse / "events.duckdb"), read_only=True)
    try:
        rows = rejected.execute("SELECT source, reason, message FROM rejected_inputs").fetchall()
    finally:
        rejected.close()
    assert [(r[0], r[1]) for r in rows] == [("b.txt", "duplicate_id")]
    assert "batch b00001" in rows[0][2] and "repeated record" in rows[0][2]
    assert _count(warehouse, "SELECT sum(n_records) FROM input_sources") == 2
