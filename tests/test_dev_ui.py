"""`make dev` serves the Dagster UI with the project's asset graph."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


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
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_dagster_ui_serves_the_asset_graph(tmp_path: Path):
    port = _free_port()
    etl = Path(sys.executable).with_name("etl")
    # Dagster maps SIGTERM to SIGINT's handler, and a background job of a non-interactive
    # shell ignores SIGINT: restore both so the server can be stopped by its PID.
    proc = subprocess.Popen(
        [str(etl), "dev", "--warehouse", str(tmp_path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=lambda: [
            signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)
        ],
        env={**os.environ},
    )
    try:
        deadline = time.monotonic() + 120
        keys: list[str] = []
        while time.monotonic() < deadline and not keys:
            time.sleep(1)
            try:
                data = _graphql(port, "{ assetNodes { assetKey { path } } }")
                keys = ["/".join(n["assetKey"]["path"]) for n in data["data"]["assetNodes"]]
            except (OSError, KeyError, TypeError, ValueError):
                continue
        assert {"events", "articles", "sentences", "warehouse_db"} <= set(keys)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
