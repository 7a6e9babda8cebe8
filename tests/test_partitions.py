"""The input sensor registers batches as dynamic partitions and asks for a run per pending one."""

from __future__ import annotations

import dagster as dg

from etl.articles.batches import mark_done, registered_batch
from etl.defs.partitions import batches, input_batches_sensor
from etl.defs.resources import PathsResource


def _tick(instance, inbox, warehouse):
    context = dg.build_sensor_context(instance=instance)
    paths = PathsResource(input=str(inbox), warehouse=str(warehouse))
    return input_batches_sensor(context, paths=paths)


def test_sensor_registers_new_batches_and_requests_each_pending_one_once(tmp_path):
    inbox, warehouse = tmp_path / "in", tmp_path / "wh"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Russia met Venezuela.", encoding="utf-8")
    with dg.instance_for_test() as instance:
        first = _tick(instance, inbox, warehouse)
        assert [r.partition_key for r in first.run_requests] == ["b00001"]
        assert first.dynamic_partitions_requests[0].partition_keys == ["b00001"]
        instance.add_dynamic_partitions(batches.name, ["b00001"])
        # Still pending (no run finished): the same run key, which Dagster runs only once.
        again = _tick(instance, inbox, warehouse)
        assert [r.run_key for r in again.run_requests] == [first.run_requests[0].run_key]
        mark_done(warehouse / "batches", registered_batch(warehouse / "batches", "b00001"))
        assert isinstance(_tick(instance, inbox, warehouse), dg.SkipReason)
        (inbox / "b.jsonl").write_text('{"text": "China met Japan."}\n', encoding="utf-8")
        later = _tick(instance, inbox, warehouse)
        assert [r.partition_key for r in later.run_requests] == ["b00002"]


def test_sensor_skips_a_missing_input_folder(tmp_path):
    with dg.instance_for_test() as instance:
        assert isinstance(_tick(instance, tmp_path / "nope", tmp_path / "wh"), dg.SkipReason)
