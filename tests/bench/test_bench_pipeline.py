"""The pipeline benchmark: its corpus copies stay distinct, and a small run reports its figures."""

from __future__ import annotations

import json
import random
import re

import pytest

from bench.bench_pipeline import edit_text, edited_copy, main, write_corpus

TEXT = (
    "Russian Foreign Minister Sergei Lavrov met his Venezuelan counterpart in Moscow on "
    "Monday. The two ministers signed 3 agreements worth 450 million dollars and discussed "
    "oil exports.\nMaduro said the visit showed that Caracas has friends."
)


def _shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = text.lower().split()
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def _line_words(text: str) -> list[list[str]]:
    return [sorted(_DIGITS.sub("#", line).split()) for line in text.split("\n")]


_DIGITS = re.compile(r"\d")


def test_edited_copy_is_reproducible_and_keeps_each_sentences_words():
    one = edit_text(TEXT, random.Random(7), 0.2)
    assert one == edit_text(TEXT, random.Random(7), 0.2)
    assert one != TEXT
    # Words only move inside their sentence (so inside their line): actors and triggers stay.
    assert _line_words(one) == _line_words(TEXT)


def test_edited_copies_share_few_word_shingles_with_the_original():
    rng = random.Random(3)
    article = {"id": "x", "title": "Lavrov meets Arreaza", "text": TEXT, "date": "2019-09-23"}
    copy = edited_copy(article, 2, rng, 0.2)
    assert copy["id"] == "x~2"
    assert copy["date"] != article["date"]
    a, b = _shingles(TEXT), _shingles(copy["text"])
    assert len(a & b) / len(a | b) < 0.3


def test_corpus_is_written_one_file_per_copy(tmp_path):
    rows = [{"id": f"a{i}", "text": f"{TEXT} Number {i}.", "date": None} for i in range(3)]
    info = write_corpus(rows, 4, tmp_path, seed=1, rate=0.2)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["copy-000.jsonl", "copy-001.jsonl", "copy-002.jsonl", "copy-003.jsonl"]
    ids = [json.loads(line)["id"] for f in files for line in (tmp_path / f).open()]
    assert len(ids) == len(set(ids)) == info["articles"] == 12
    assert info["words"] == 4 * sum(len(r["text"].split()) for r in rows)


@pytest.mark.bench
def test_small_benchmark_run_reports_every_figure(shared_dir, tmp_path):
    out = tmp_path / "pipeline.json"
    code = main(
        ["--shared", str(shared_dir), "--sizes", "1,2", "--limit", "15", "--out", str(out),
         "--workdir", str(tmp_path / "work")]
    )  # fmt: skip
    assert code == 0
    results = json.loads(out.read_text())
    base = results["baseline"]
    assert base["texts"] == 30 and base["words_per_s"] > 0 and base["peak_rss_mb"] > 0
    one, two = results["runs"]
    for run in (one, two):
        assert run["success"], run["failures"]
        assert run["words_per_s"] > 0 and run["sentences_per_s"] > 0
        assert run["peak_tree_rss_mb"] >= run["peak_tree_pss_mb"] > 0 and run["peak_rss_mb"] > 0
        assert "dedup" in " ".join(run["step_seconds"])
        assert run["ratio_to_baseline"] > 0
        # A 1% file added afterwards is one more batch: a run of that batch and the publish job.
        inc = run["increment"]
        assert inc["success"] and inc["input_articles"] >= 1 and inc["ratio_to_full_run"] > 0
    assert two["input_articles"] == 2 * one["input_articles"]
    # The edited copies are new stories to dedup: twice the canonical articles and sentences.
    assert two["counts"]["canonical_articles"] == 2 * one["counts"]["canonical_articles"]
    # (A moved sentence-final word can split a copy's sentence in two.)
    assert (
        2 * one["counts"]["sentences"]
        <= two["counts"]["sentences"]
        <= 2.1 * one["counts"]["sentences"]
    )
