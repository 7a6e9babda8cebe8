"""The input sensor registers batches as dynamic partitions and asks for a run per pending one."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import dagster as dg

from etl.articles.batches import mark_done, registered_batch
from etl.defs.partitions import RECODE_ASSETS, batches, input_batches_sensor
from etl.defs.resources import DictionariesResource, NlpResource, PathsResource
from etl.versions import coding_versions


def _tick(instance, inbox, warehouse, actors=None):
    context = dg.build_sensor_context(instance=instance)
    paths = PathsResource(input=str(inbox), warehouse=str(warehouse))
    dictionaries = DictionariesResource(actors=str(actors) if actors else None)
    return input_batches_sensor(context, paths=paths, nlp=NlpResource(), dictionaries=dictionaries)


def _done(warehouse, key, actors=None):
    """What the coding step writes at the end of a batch: done, with these dictionaries."""
    spec = DictionariesResource(actors=str(actors) if actors else None).spec()
    versions = coding_versions(NlpResource().model_name(), spec)
    mark_done(warehouse / "batches", registered_batch(warehouse / "batches", key), versions)


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
        _done(warehouse, "b00001")
        assert isinstance(_tick(instance, inbox, warehouse), dg.SkipReason)
        (inbox / "b.jsonl").write_text('{"text": "China met Japan."}\n', encoding="utf-8")
        later = _tick(instance, inbox, warehouse)
        assert [r.partition_key for r in later.run_requests] == ["b00002"]


def test_sensor_skips_a_missing_input_folder(tmp_path):
    with dg.instance_for_test() as instance:
        assert isinstance(_tick(instance, tmp_path / "nope", tmp_path / "wh"), dg.SkipReason)


def test_sensor_recodes_a_batch_coded_with_other_dictionaries(tmp_path):
    inbox, warehouse, actors = tmp_path / "in", tmp_path / "wh", tmp_path / "actors"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Russia met Venezuela.", encoding="utf-8")
    shutil.copytree(Path(str(resources.files("etl.dictionaries").joinpath("actors"))), actors)
    with dg.instance_for_test() as instance:
        _tick(instance, inbox, warehouse, actors)
        instance.add_dynamic_partitions(batches.name, ["b00001"])
        _done(warehouse, "b00001", actors)
        assert isinstance(_tick(instance, inbox, warehouse, actors), dg.SkipReason)
        with (actors / "people.csv").open("a", encoding="utf-8") as fh:
            fh.write("person:x:2024,x,Alexander Stubb,,FINGOV,2024-03-01,,president of Finland\n")
        (request,) = _tick(instance, inbox, warehouse, actors).run_requests
        assert request.partition_key == "b00001"
        assert request.tags["etl/reason"] == "re-code: people.csv"
        assert request.asset_selection == [dg.AssetKey(a) for a in RECODE_ASSETS]
