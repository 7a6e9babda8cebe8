"""Batches for incremental runs: keys, fingerprints and the input-folder sensor."""

from __future__ import annotations

import os

import dagster as dg
import pytest

from etl.defs.partitions import (
    batch_key,
    input_batches_sensor,
    resolve_batch,
    scan_batches,
)
from etl.defs.resources import PathsResource


def _inbox(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "2024-05-01").mkdir(parents=True)
    (inbox / "2024-05-01" / "a.txt").write_text("Russia met Venezuela.", encoding="utf-8")
    (inbox / "2024-05-01" / ".hidden.txt").write_text("no", encoding="utf-8")
    (inbox / "wire feed #2.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    (inbox / "notes.docx").write_bytes(b"PK")  # not an input format: not a batch
    (inbox / ".partial.jsonl").write_text("", encoding="utf-8")  # hidden: being copied
    return inbox


def _tick(inbox, cursor=None):
    context = dg.build_sensor_context(cursor=cursor)
    return input_batches_sensor(context, paths=PathsResource(input=str(inbox), warehouse="wh"))


def test_batch_keys_are_names_when_safe_and_unique_otherwise():
    assert batch_key("2024-05-01") == "2024-05-01"
    assert batch_key("feed.jsonl") == "feed.jsonl"
    unsafe = batch_key("wire feed #2.jsonl")
    assert unsafe.startswith("wire_feed_2.jsonl-") and unsafe != batch_key("wire feed #3.jsonl")
    assert batch_key("a...b") != "a...b"  # '...' is not allowed in a partition key


def test_scan_lists_top_level_files_and_folders(tmp_path):
    inbox = _inbox(tmp_path)
    found = scan_batches(inbox)
    assert [(b.name, b.files) for b in found] == [("2024-05-01", 1), ("wire feed #2.jsonl", 1)]
    assert resolve_batch(inbox, found[1].key) == inbox / "wire feed #2.jsonl"
    with pytest.raises(KeyError):
        resolve_batch(inbox, "gone")


def test_sensor_registers_new_batches_once_and_reruns_changed_ones(tmp_path):
    inbox = _inbox(tmp_path)
    first = _tick(inbox)
    keys = [r.partition_key for r in first.run_requests]
    assert keys == [batch_key("2024-05-01"), batch_key("wire feed #2.jsonl")]
    (add,) = first.dynamic_partitions_requests
    assert add.partitions_def_name == "batches" and list(add.partition_keys) == keys

    assert isinstance(_tick(inbox, first.cursor), dg.SkipReason)  # nothing new

    article = inbox / "2024-05-01" / "b.txt"
    article.write_text("Venezuela thanked Russia.", encoding="utf-8")
    os.utime(article, ns=(1, 1))
    (inbox / "2024-05-02.jsonl").write_text('{"text": "y"}\n', encoding="utf-8")
    second = _tick(inbox, first.cursor)
    assert [r.partition_key for r in second.run_requests] == ["2024-05-02.jsonl", "2024-05-01"]
    (add,) = second.dynamic_partitions_requests
    assert list(add.partition_keys) == ["2024-05-02.jsonl"]  # the changed one exists already
    assert second.run_requests[1].run_key != first.run_requests[0].run_key
