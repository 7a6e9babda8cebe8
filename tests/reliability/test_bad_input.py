"""Issue 7.1: every record of a hostile corpus is an article or a rejected input, never a crash."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from etl.articles.ingest import read_inputs
from tests.make_bad_corpus import BadCorpus
from tests.reliability.helpers import accounting, duplicate_keys, etl, files_under, query

pytestmark = pytest.mark.issue(7)


def _by_source(rows) -> dict[str, tuple[int, Counter]]:
    out: dict[str, list] = defaultdict(lambda: [0, Counter()])
    for source, reason in rows:
        if reason is None:
            out[source][0] += 1
        else:
            out[source][1][reason] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _expected(corpus: BadCorpus) -> dict[str, tuple[int, Counter]]:
    return {k: (e.articles, +e.rejected) for k, e in corpus.expected.items()}


def test_ingestion_puts_each_hostile_file_where_the_corpus_says(bad_corpus: BadCorpus):
    out = read_inputs(bad_corpus.root)
    got = _by_source(
        [(a.source, None) for a in out.articles]
        + [(r.source, r.reason.value) for r in out.rejected]
    )
    assert got == _expected(bad_corpus)
    assert out.n_records == bad_corpus.records == sum(s.n_records for s in out.sources)
    assert len(out.articles) == bad_corpus.articles
    assert out.skipped == bad_corpus.skipped
    notes = Counter(n.source for n in out.notes)
    assert notes == Counter({k: e.notes for k, e in bad_corpus.expected.items() if e.notes})
    for rejected in out.rejected:
        assert rejected.message and len(rejected.excerpt) <= 161


def test_ingestion_of_the_hostile_corpus_is_deterministic(bad_corpus: BadCorpus):
    assert read_inputs(bad_corpus.root) == read_inputs(bad_corpus.root)


def test_etl_run_accounts_for_every_hostile_record(bad_corpus: BadCorpus, tmp_path: Path):
    warehouse = tmp_path / "warehouse"
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    corpus_before = files_under(bad_corpus.root)

    done = etl("run", "--input", bad_corpus.root, "--warehouse", warehouse)

    assert done.returncode == 0, done.stdout + done.stderr
    records, articles, rejected = accounting(warehouse)
    assert records == articles + rejected == bad_corpus.records
    assert articles == bad_corpus.articles
    # The summary shows both sides of the identity.
    summary = done.stdout.lower()
    assert "rejected" in summary and "articles" in summary
    assert str(rejected) in done.stdout and str(articles) in done.stdout

    rows = query(warehouse, "SELECT source, NULL FROM articles") + query(
        warehouse, "SELECT source, reason FROM rejected_inputs"
    )
    assert _by_source(rows) == _expected(bad_corpus)
    bad_rows = query(
        warehouse,
        "SELECT source, position FROM rejected_inputs "
        "WHERE source IS NULL OR reason IS NULL OR excerpt IS NULL OR position < 0",
    )
    assert bad_rows == []
    assert query(warehouse, "SELECT count(*) FROM input_sources WHERE path LIKE '/%'") == [(0,)]
    assert all(n == 0 for n in duplicate_keys(warehouse).values()), duplicate_keys(warehouse)

    # Input ids and file names never became paths: nothing was written next to the
    # warehouse or into the corpus, and every file of the warehouse lies inside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*outside_before, "warehouse"])
    assert files_under(bad_corpus.root) == corpus_before
    root = warehouse.resolve()
    for rel in files_under(warehouse):
        assert (warehouse / rel).resolve().is_relative_to(root)
    for dirpath, dirnames, _ in os.walk(warehouse):
        for name in dirnames:
            assert not (Path(dirpath) / name).is_symlink()
