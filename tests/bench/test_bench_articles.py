"""The article-stage benchmark (bench/bench_articles.py) meets the issue's quality bars.

Times are printed by the benchmark, never asserted: the machine is shared.
"""

from __future__ import annotations

import pytest

from bench.bench_articles import run_benchmark


@pytest.fixture(scope="module")
def result(shared_dir):
    if not (shared_dir / "news" / "bbc_news_2225.jsonl").is_file():
        pytest.skip("the BBC corpus is not in the shared folder")
    return run_benchmark(shared_dir)


@pytest.mark.bench
def test_every_known_exact_copy_is_found(result):
    assert result["exact_copies"] == {"known": 136, "found": 136}


@pytest.mark.bench
def test_no_false_merge_among_distinct_articles(result):
    merges = result["merges_among_distinct"]
    assert merges["false_merges"] == 0, merges["false"]


@pytest.mark.bench
def test_synthetic_near_duplicates_precision_and_recall(result):
    s = result["synthetic"]
    assert s["pair_precision"] >= 0.99, s["wrong_pairs"]
    assert s["recall_up_to_30pct_changed"] >= 0.95
    assert s["pairs_up_to_30pct"] >= 500  # enough pairs for the rate to mean something


@pytest.mark.bench
def test_incremental_batches_match_one_run(result):
    assert result["incremental"]["same_clusters_as_one_batch"]
    assert result["incremental"]["rerun_unchanged"]


@pytest.mark.bench
def test_throughput_is_reported(result):
    t = result["throughput"]
    assert t["articles_per_s_wall"] > 0 and t["articles_per_s_cpu"] > 0 and t["peak_rss_mb"] > 0
