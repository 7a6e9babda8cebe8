"""Gold files: both shapes, malformed lines named by their line number, the shared dev files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from etl.errors import EtlError
from etl.evaluation.gold import GoldEvent, load_gold


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_both_shapes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        json.dumps({"id": "p1", "text": "Arnor met Gondor.", "date": "19950101",
                    "events": [{"source": "ARN", "target": "GON", "code": "040"}]}),
        "",
        json.dumps({"text": "Troops attacked.", "penta_class": 4,
                    "spans": {"source": ["Troops"]}}),
        json.dumps({"id": 7, "text": "Baseball.", "events": [], "expected_error": "discard",
                    "evaluate": False}),
    )  # fmt: skip
    a, b, c = load_gold(path)
    assert a.date == dt.date(1995, 1, 1) and a.events == [GoldEvent("ARN", "GON", "040")]
    assert a.penta_class is None and not a.expect_no_event
    assert b.id == "gold:3" and b.events is None and b.penta_class == 4
    assert b.spans == {"source": ["Troops"], "target": []}
    assert c.id == "7" and c.expect_no_event and c.expected_error == "discard" and not c.scored


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("{not json", "line 2"),
        (json.dumps({"penta_class": 1}), "'text'"),
        (json.dumps({"text": "x", "penta_class": 7}), "0-4"),
        (json.dumps({"text": "x"}), "needs 'events'"),
        (json.dumps({"text": "x", "events": [{"source": "A", "code": "040"}]}), "target"),
        (json.dumps({"text": "x", "events": [{"source": "A", "target": "B", "code": "040"}],
                     "expect_no_event": True}), "not empty"),
        (json.dumps({"text": "x", "penta_class": 1, "date": "June"}), "date"),
        (json.dumps({"id": "ok", "text": "x", "penta_class": 1}), "repeats line 1"),
    ],
)  # fmt: skip
def test_load_gold_rejects_malformed_lines_with_line_number(
    tmp_path: Path, bad: str, problem: str
) -> None:
    path = _write(tmp_path, json.dumps({"id": "ok", "text": "fine", "penta_class": 2}), bad)
    with pytest.raises(EtlError, match="Gold file") as exc:
        load_gold(path)
    assert "line 2" in str(exc.value)
    assert problem in str(exc.value)


def test_load_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EtlError, match="not found"):
        load_gold(tmp_path / "nope.jsonl")


def test_load_gold_reads_the_shared_dev_files(shared_dir: Path) -> None:
    conflibert = load_gold(shared_dir / "gold-dev" / "conflibert_train.jsonl")
    assert len(conflibert) == 1349
    assert all(i.penta_class is not None and i.events is None for i in conflibert)
    assert sum(1 for i in conflibert if i.spans) == 934
    petrarch = load_gold(shared_dir / "gold-dev" / "petrarch_dev.jsonl")
    assert len(petrarch) == 230
    assert sum(i.scored for i in petrarch) == 225
    assert sum(i.expected_error is not None for i in petrarch) == 6
    assert all(i.dictionaries for i in petrarch)
