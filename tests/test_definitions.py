import dagster as dg

from etl.definitions import defs


def test_definitions_load_with_the_pipeline_stages():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {
        "raw_articles",
        "rejected_inputs",
        "input_sources",
        "cleaned_articles",
        "removed_lines",
        "paragraphs",
        "articles",
        "duplicate_clusters",
        "sentences",
        "actor_mentions",
        "events",
        "events_daily",
        "dyad_month",
        "warehouse_db",
    } <= keys


def test_every_asset_has_a_description_and_group():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        if node.is_external:
            continue
        assert node.description, key
        assert node.group_name != "default", key


def test_accounting_check_is_blocking():
    checks = {c.name: c for c in defs.resolve_asset_graph().asset_check_keys}
    assert "inputs_accounted" in checks
    spec = next(
        s for cd in defs.asset_checks or [] for s in cd.check_specs if s.name == "inputs_accounted"
    )
    assert spec.blocking
    for job in ("etl_batch_job", "etl_publish_job"):
        assert isinstance(defs.resolve_job_def(job), dg.JobDefinition)


def test_a_recode_runs_again_exactly_the_nlp_and_coding_assets():
    from etl.defs.partitions import RECODE_ASSETS

    graph = defs.resolve_asset_graph()
    selected = dg.AssetSelection.groups("nlp", "coding").resolve(graph)
    assert {k.to_user_string() for k in selected} == set(RECODE_ASSETS)


def test_runs_from_the_ui_use_the_in_process_executor():
    assert defs.resolve_job_def("etl_batch_job").executor_def is dg.in_process_executor


def test_multiprocess_steps_fork_from_a_server_that_preloaded_the_model():
    from etl.defs.executors import PRELOAD_MODULE, executor_for

    config = executor_for("multiprocess").apply_config_mapping({}).value["config"]
    assert config["start_method"] == {"forkserver": {"preload_modules": [PRELOAD_MODULE]}}


def test_dictionary_settings_reach_the_coding_resource(tmp_path):
    """`etl run --dictionaries` and the UI configure the same `dictionaries` resource."""
    from etl.coding.dictionary_set import DictionarySpec, Precedence
    from etl.defs.resources import resources_from
    from etl.settings import Settings

    settings = Settings(
        warehouse=tmp_path / "wh",
        dictionaries=(tmp_path / "phoenix",),
        dictionary_precedence="own",
    )
    spec = resources_from(settings)["dictionaries"].spec()
    assert spec == DictionarySpec(
        paths=(str(tmp_path / "phoenix"),),
        only=False,
        precedence=Precedence.OWN,
        cache_dir=str(tmp_path / "wh" / "cache" / "dictionaries"),
    )
    assert resources_from(Settings(warehouse=tmp_path))["dictionaries"].spec().mode == "own"
