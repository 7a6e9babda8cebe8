"""Batches: new input files grouped under a size cap, registered once, re-run when rewritten."""

from __future__ import annotations

import os

from etl.articles.batches import (
    batch_files,
    group_new,
    mark_done,
    pending,
    plan_batches,
)
from etl.articles.files import InputFile
from etl.articles.ingest import read_inputs


def _write(path, text="Russia met Venezuela on Monday.\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_group_new_cuts_at_the_cap_and_never_splits_a_file():
    files = [InputFile(f"f{i}", size, 0) for i, size in enumerate([4, 4, 4, 20, 1])]
    groups = group_new(files, first_number=3, max_bytes=10)
    assert [b.key for b in groups] == ["b00003", "b00004", "b00005", "b00006"]
    assert [b.paths for b in groups] == [["f0", "f1"], ["f2"], ["f3"], ["f4"]]


def test_plan_registers_new_files_once_in_path_order(tmp_path):
    inbox, registry = tmp_path / "in", tmp_path / "wh" / "batches"
    _write(inbox / "b.txt")
    _write(inbox / "day" / "a.txt")
    _write(inbox / ".partial.txt")  # hidden: being copied, not an input
    first = plan_batches(inbox, registry)
    assert [b.key for b in first.new] == ["b00001"]
    assert first.new[0].paths == ["b.txt", "day/a.txt"]
    again = plan_batches(inbox, registry)
    assert again.new == [] and again.changed == [] and again.keys == ["b00001"]
    _write(inbox / "c.txt")
    later = plan_batches(inbox, registry)
    assert [b.key for b in later.new] == ["b00002"] and later.new[0].paths == ["c.txt"]
    assert batch_files(registry, "b00002") == ["c.txt"]


def test_a_rewritten_file_makes_its_batch_pending_again(tmp_path):
    inbox, registry = tmp_path / "in", tmp_path / "batches"
    _write(inbox / "a.txt")
    plan = plan_batches(inbox, registry)
    mark_done(registry, plan.batches[0])
    assert pending(registry, plan_batches(inbox, registry).batches) == []
    _write(inbox / "a.txt", "Russia met Venezuela on Tuesday, and then again.\n")
    os.utime(inbox / "a.txt", ns=(1, 1))
    plan = plan_batches(inbox, registry)
    assert [b.key for b in plan.changed] == ["b00001"]
    assert [b.key for b in pending(registry, plan.batches)] == ["b00001"]


def test_reading_one_batch_gives_the_ids_of_reading_everything(tmp_path):
    inbox = tmp_path / "in"
    _write(inbox / "a.txt", "Russia met Venezuela.\n")
    _write(inbox / "b.txt", "China met Japan.\n")
    whole = {a.article_id for a in read_inputs(inbox).articles}
    parts = {
        a.article_id for f in ("a.txt", "b.txt") for a in read_inputs(inbox, only=[f]).articles
    }
    assert parts == whole and len(whole) == 2
