"""`make dev` serves the Dagster UI on the warehouse's instance: what `etl run` did shows."""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


@contextlib.contextmanager
def _dev_server(warehouse: Path) -> Iterator[int]:
    """`etl dev --warehouse WAREHOUSE` on a free port, stopped (process group) on exit."""
    port = _free_port()
    etl = Path(sys.executable).with_name("etl")
    # Dagster maps SIGTERM to SIGINT's handler, and a background job of a non-interactive
    # shell ignores SIGINT: restore both so the server can be stopped by its PID.
    proc = subprocess.Popen(
        [str(etl), "dev", "--warehouse", str(warehouse), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=lambda: [
            signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)
        ],
        env={**os.environ},
    )
    try:
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _asset_keys(port: int, timeout: float = 120) -> list[str]:
    """The asset keys the UI serves, once the code location has loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(1)
        try:
            data = _graphql(port, "{ assetNodes { assetKey { path } } }")
            return ["/".join(n["assetKey"]["path"]) for n in data["data"]["assetNodes"]]
        except (OSError, KeyError, TypeError, ValueError):
            continue
    return []


def test_dagster_ui_serves_the_asset_graph(tmp_path: Path):
    with _dev_server(tmp_path) as port:
        keys = _asset_keys(port)
    assert {"events", "articles", "sentences", "warehouse_db"} <= set(keys)
    config = (tmp_path / "dagster_home" / "dagster.yaml").read_text("utf-8")
    assert "telemetry:\n  enabled: false" in config
    assert "nux:\n  enabled: false" in config  # no "Join the community" dialog over the page


EVENTS_QUERY = """{
  assetNodes(assetKeys: [{path: ["events"]}]) {
    partitionStats { numMaterialized numPartitions numFailed }
    assetMaterializations(limit: 1) {
      partition runId tags { key value }
      metadataEntries { label ... on IntMetadataEntry { intValue } }
    }
    assetChecksOrError {
      ... on AssetChecks { checks { name executionForLatestMaterialization { status } } }
    }
  }
}"""

RUNS_QUERY = """{
  runsOrError { ... on Runs { results { jobName status tags { key value } } } }
}"""


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    chromium = shutil.which("chromium")
    assert chromium
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000",
        "--virtual-time-budget=30000",
    ]  # fmt: skip
    return subprocess.run(
        [chromium, *flags, *args], capture_output=True, text=True, timeout=120, check=False
    )


def _without_code(html: str) -> str:
    return re.sub(r"(?s)<(style|script)[^>]*>.*?</\1>", " ", html)


def test_the_ui_shows_what_etl_run_materialized_and_checked(seed_warehouse, tmp_path: Path):
    if shutil.which("chromium") is None:
        pytest.skip("Debian `chromium` is not installed (apt-get install -y chromium)")
    # A copy: the UI's daemon writes to the instance, and other tests read the seed warehouse.
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_warehouse, warehouse, ignore=shutil.ignore_patterns(".lock"))
    with _dev_server(warehouse) as port:
        assert "events" in _asset_keys(port)
        (node,) = _graphql(port, EVENTS_QUERY)["data"]["assetNodes"]
        runs = _graphql(port, RUNS_QUERY)["data"]["runsOrError"]["results"]
        catalog = _chromium(tmp_path, "--dump-dom", f"http://127.0.0.1:{port}/assets")
        shot = tmp_path / "events.png"
        page = f"http://127.0.0.1:{port}/assets/events?view=partitions&partition=b00001"
        _chromium(tmp_path, f"--screenshot={shot}", page)
    # The seeds are one batch: its partition of `events` is materialized, by `etl run`.
    assert node["partitionStats"] == {"numMaterialized": 1, "numPartitions": 1, "numFailed": 0}
    (materialization,) = node["assetMaterializations"]
    assert materialization["partition"] == "b00001"
    rows = {e["label"]: e.get("intValue") for e in materialization["metadataEntries"]}
    assert rows["dagster/row_count"] > 0
    checks = node["assetChecksOrError"]["checks"]
    assert {"unique_events", "cameo_codes_valid", "events_have_provenance"} <= {
        c["name"] for c in checks
    }
    assert all(c["executionForLatestMaterialization"]["status"] == "SUCCEEDED" for c in checks)
    # The run history: the batch run and the publish run, with the CLI's tags.
    tags = {r["jobName"]: {t["key"]: t["value"] for t in r["tags"]} for r in runs}
    assert tags["etl_batch_job"]["etl/launched_by"] == "etl run"
    assert tags["etl_batch_job"]["etl/reason"] == "new input"
    assert tags["etl_publish_job"]["etl/executor"] == "in_process"
    assert {r["status"] for r in runs} == {"SUCCESS"}
    # The asset catalog as the browser draws it: the assets with their state, no dialog over it.
    text = " ".join(re.sub(r"<[^>]+>", " ", _without_code(catalog.stdout)).split())
    assert "events One CAMEO dyadic event" in text, text[:2000]
    assert "events_daily" in text and "Materialized" in text and "1 partition" in text
    assert "Join the Dagster community" not in text
    assert shot.stat().st_size > 10_000, "no screenshot of the events asset page"
