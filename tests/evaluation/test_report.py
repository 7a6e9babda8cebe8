"""The report: per-record rows and their CSV, the rendered tables, the summary as plain data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from rich.console import Console

from etl.evaluation.report import render_report, report_summary, write_rows_csv


def test_rows_hold_gold_and_prediction_per_item(event_report, tmp_path: Path) -> None:
    report, _ = event_report
    row = {r["id"]: r for r in report.rows}["B"]
    assert row["gold_events"] == "GON 111 ARN; GON 111 ERI"
    assert row["predicted_events"] == "GONGOV 112 ARN"
    assert row["class_correct"] is True
    out = tmp_path / "rows.csv"
    write_rows_csv(report, out)
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["A", "B", "C", "D", "E"]


def test_render_report_shows_tables(event_report, penta_report) -> None:
    for report in (event_report[0], penta_report):
        console = Console(record=True, width=120)
        console.print(render_report(report))
        text = console.export_text()
        assert "Per class" in text and "Confusion" in text and "accuracy" in text
    assert "Actor spans" in text
    assert json.dumps(report_summary(penta_report))  # plain data
