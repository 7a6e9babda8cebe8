"""Seeds through a run launched from the Dagster UI against `etl run`, in one process.

1. `etl run` on seeds/ into a fresh warehouse (`run_pipeline`, in-process executor): wall time
   of the whole call (the batch run and the publish run, each in its own process);
2. `etl dev` on a second fresh warehouse; the batch registered as the `input_batches` sensor
   registers it; then the batch job and the publish job launched over the UI's GraphQL API
   (`launchRun`, what the Launchpad's button sends), one after the other, each polled until it
   ends: wall time from the first launch to the end of the publish run, and each run's own
   start-to-end time from the run storage.

Prints both and their ratio (the issue's bar: the UI within ~1.5x of `etl run`), checks that
the two warehouses' `events` are the same bytes, and writes `bench/results/ui_launch.json`.

    python bench/bench_ui_launch.py [--repeat 1]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "ui_launch.json"
SEEDS = REPO / "seeds"

LAUNCH = """mutation($p: ExecutionParams!) { launchRun(executionParams: $p) {
  __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }"""
STATUS = (
    """query($id: ID!) { runOrError(runId: $id) { ... on Run { status startTime endTime } } }"""
)


def _gql(port: int, query: str, variables: dict | None = None) -> dict:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())


@contextlib.contextmanager
def _dev(warehouse: Path, port: int) -> Iterator[None]:
    etl = Path(sys.executable).with_name("etl")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [str(etl), "dev", "--warehouse", str(warehouse), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=lambda: [
            signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            time.sleep(1)
            with contextlib.suppress(OSError, KeyError, TypeError, ValueError):
                if _gql(port, "{ assetNodes { id } }")["data"]["assetNodes"]:
                    break
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _launch_and_wait(port: int, job: str, partition: str | None) -> dict:
    tags = [{"key": "dagster/partition", "value": partition}] if partition else []
    params = {
        "selector": {
            "repositoryLocationName": "etl.definitions",
            "repositoryName": "__repository__",
            "jobName": job,
        },
        "executionMetadata": {"tags": tags},
        "runConfigData": {},
    }
    answer = _gql(port, LAUNCH, {"p": params})["data"]["launchRun"]
    if answer["__typename"] != "LaunchRunSuccess":
        raise RuntimeError(f"launchRun {job}: {answer}")
    run_id = answer["run"]["runId"]
    while True:
        time.sleep(0.25)
        status = _gql(port, STATUS, {"id": run_id})["data"]["runOrError"]
        if status["status"] in ("SUCCESS", "FAILURE", "CANCELED"):
            return {**status, "run_id": run_id}


def _ui_run(warehouse: Path) -> dict:
    from etl.articles.batches import BATCHES_DIR, plan_batches
    from etl.defs.instance import persistent_instance

    plan = plan_batches(SEEDS, warehouse / BATCHES_DIR)  # what the input_batches sensor does
    with persistent_instance(warehouse) as instance:
        instance.add_dynamic_partitions("batches", plan.keys)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with _dev(warehouse, port):
        started = time.perf_counter()
        runs = [_launch_and_wait(port, "etl_batch_job", key) for key in plan.keys]
        runs.append(_launch_and_wait(port, "etl_publish_job", None))
        wall = time.perf_counter() - started
    assert all(r["status"] == "SUCCESS" for r in runs), runs
    return {
        "wall_s": round(wall, 2),
        "run_s": [round(r["endTime"] - r["startTime"], 2) for r in runs],
    }


def _cli_run(warehouse: Path) -> dict:
    from etl.runner import run_pipeline
    from etl.settings import Settings

    started = time.perf_counter()
    result = run_pipeline(Settings(input=SEEDS, warehouse=warehouse))
    wall = time.perf_counter() - started
    assert result.success, result.failures
    return {"wall_s": round(wall, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="etl-bench-ui-") as tmp:
        for i in range(args.repeat):
            cli_wh, ui_wh = Path(tmp) / f"cli{i}", Path(tmp) / f"ui{i}"
            cli = _cli_run(cli_wh)
            ui = _ui_run(ui_wh)
            events = "parquet/events/batch=b00001/data.parquet"
            same = (cli_wh / events).read_bytes() == (ui_wh / events).read_bytes()
            rows.append({"cli": cli, "ui": ui, "ratio": round(ui["wall_s"] / cli["wall_s"], 2),
                         "events_identical": same})  # fmt: skip
            print(json.dumps(rows[-1]))  # noqa: T201 (a benchmark's report)
    RESULTS.write_text(json.dumps({"seeds": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
