"""The warehouse's persistent Dagster instance: where every run is recorded, what `etl dev` shows.

Every `etl run` (whatever the executor) and every run launched from the UI or a sensor records
its runs, materializations, asset-check evaluations and batch partitions in one SQLite-backed
instance under `<warehouse>/dagster_home`, so `make dev` after `make run` shows what ran. The
project writes that folder's `dagster.yaml` (`INSTANCE_YAML`) and, next to it, the settings of
the last `etl run` on the warehouse (`SETTINGS_FILE`): the code location `etl dev` serves builds
its resources from them, so runs started from the UI read the same input and write the same
warehouse as the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from etl.settings import Settings

#: The instance folder, inside the warehouse.
DAGSTER_HOME = "dagster_home"

#: The settings of the last `etl run` on the warehouse, read by the code location `etl dev` loads.
SETTINGS_FILE = "etl_settings.json"

#: No telemetry; no "Join the Dagster community" dialog over the first page (`nux`); batch runs
#: queued one at a time (the sensor may request several; each batch's dedup must see the
#: batches before it), taken off the queue within a second (Dagster's default waits up to 5 s);
#: steps' stdout and stderr not captured to files (the steps print nothing, their logs are in the
#: event log; capturing cost ~0.1 s per step, 2 s per seeds batch of ~40 steps).
INSTANCE_YAML = """\
telemetry:
  enabled: false
nux:
  enabled: false
run_queue:
  dequeue_interval_seconds: 1
compute_logs:
  module: dagster._core.storage.noop_compute_log_manager
  class: NoOpComputeLogManager
concurrency:
  runs:
    tag_concurrency_limits:
      - key: etl/batch_run
        limit: 1
"""


def instance_home(warehouse: Path) -> Path:
    return (warehouse / DAGSTER_HOME).resolve()


def write_instance_config(home: Path) -> None:
    """`home/dagster.yaml` with `INSTANCE_YAML` (the UI and the runs share it)."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or config.read_text("utf-8") != INSTANCE_YAML:
        config.write_text(INSTANCE_YAML, encoding="utf-8")


def persistent_instance(warehouse: Path) -> dg.DagsterInstance:
    """The SQLite-backed instance under `warehouse/dagster_home` (see the module docstring)."""
    home = instance_home(warehouse)
    write_instance_config(home)
    return dg.DagsterInstance.from_config(str(home))


def save_location_settings(settings: Settings) -> None:
    """Record `settings` as what the UI's code location runs with (written by `etl run`)."""
    home = instance_home(settings.warehouse)
    write_instance_config(home)
    path = home / SETTINGS_FILE
    text = settings.model_dump_json(indent=2)
    if not path.exists() or path.read_text("utf-8") != text:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


def served_settings() -> Settings:
    """The settings of the code location the UI loads (`etl.definitions.defs`).

    Read from the instance folder Dagster runs on: `DAGSTER_HOME` is how Dagster itself finds
    its instance (`etl dev` sets it to `<warehouse>/dagster_home`), and the one place the
    project reads it, so that the UI, its sensors and the runs they launch all use the
    warehouse that instance belongs to.
    """
    home = os.environ.get("DAGSTER_HOME")
    return location_settings(Path(home) if home else None)


def location_settings(home: Path | None) -> Settings:
    """The settings of the warehouse whose instance folder is `home`.

    `home` is the instance folder Dagster was started on (`DAGSTER_HOME`, set by `etl dev`):
    the last `etl run`'s settings saved there (else the defaults), with the warehouse the
    folder belongs to; without a folder, the defaults (seeds/ into warehouse/).
    """
    if home is None:
        return Settings()
    path = home / SETTINGS_FILE
    settings = (
        Settings.model_validate_json(path.read_text("utf-8")) if path.exists() else Settings()
    )
    if home.name == DAGSTER_HOME:  # a warehouse moved or copied is where its instance is
        settings = settings.model_copy(update={"warehouse": home.parent})
    return settings
