"""Reading gold files: the hand-coded sentences that the coder's output is scored against.

Two gold shapes are read, one record per line (`../shared/gold-dev/` has one of each):

* **events** (PETRARCH validation shape): `text`, `date`, `events` [{`source`, `target`,
  `code`}], `expect_no_event`, and `expected_error` for records that must be rejected (a discard
  phrase, say) rather than coded. `evaluate: false` marks records the gold's authors do not
  score; they are skipped and counted. `config` holds the PETRARCH coder options the record
  was coded with (`etl.coding.options`), `suite` and `category` what the exact-set figure is
  broken down by.
* **penta_class** (ConfliBERT shape): `text`, `penta_class` 0-4 (Phoenix classes), and
  optionally `spans` {`source`: [...], `target`: [...]} with the actors' text.

A user validating the coder on their own sample writes either shape (`id` and `date` are
optional). A malformed line raises `EtlError(E006)` with its line number rather than being
skipped: a silently shorter gold set would change every figure without saying so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.coding.options import NO_OPTIONS, CoderOptions, parse_options
from etl.errors import Errors, EtlError


@dataclass(frozen=True)
class GoldEvent:
    source: str
    target: str
    code: str


@dataclass(frozen=True)
class GoldItem:
    """One gold sentence in either shape; fields of the other shape are None."""

    id: str
    text: str
    date: dt.date | None
    events: list[GoldEvent] | None  # events shape; [] when no event is expected
    penta_class: int | None  # penta_class shape (Phoenix 0-4)
    spans: dict[str, list[str]] | None  # {'source': [...], 'target': [...]}
    expect_no_event: bool
    expected_error: str | None  # records that must be rejected, not coded
    scored: bool = True  # False for records marked `"evaluate": false` by the gold's authors
    dictionaries: tuple[str, ...] = ()  # dictionary files the record was coded with (relative)
    options: CoderOptions = NO_OPTIONS  # the PETRARCH coder options of its `config`
    suite: str = ""  # the validation suite it comes from (petrarch_dev: two suites)
    category: str = ""  # what it tests (DEMO, SYNSET, AGENT, ...)


def _gold_error(path: Path, line: int, problem: str) -> EtlError:
    return EtlError(Errors.E006.format(path=path, line=line, problem=problem))


def _gold_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"'date' must be a string, not {type(value).__name__}")
    text = value.strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'date' {value!r} is not YYYY-MM-DD or YYYYMMDD") from None


def _gold_events(value: Any) -> list[GoldEvent]:
    if not isinstance(value, list):
        raise ValueError("'events' must be a list of {source, target, code} objects")
    events = []
    for i, e in enumerate(value):
        if not isinstance(e, dict):
            raise ValueError(f"events[{i}] is not an object")
        parts = []
        for key in ("source", "target", "code"):
            v = e.get(key)
            if not isinstance(v, str) or not v.strip():
                raise ValueError(f"events[{i}].{key} must be a non-empty string")
            parts.append(v.strip())
        events.append(GoldEvent(*parts))
    return events


def _gold_spans(value: Any) -> dict[str, list[str]] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("'spans' must be an object with 'source' and/or 'target' lists")
    spans: dict[str, list[str]] = {}
    for key in ("source", "target"):
        v = value.get(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(s, str) for s in v):
            raise ValueError(f"spans.{key} must be a list of strings")
        spans[key] = [s for s in v if s.strip()]
    return spans


def _gold_item(record: Any, default_id: str) -> GoldItem:
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("'text' must be a non-empty string")
    raw_id = record.get("id", default_id)
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool):
        raise ValueError("'id' must be a string or an integer")
    events = _gold_events(record["events"]) if record.get("events") is not None else None
    penta = record.get("penta_class")
    if penta is not None and (isinstance(penta, bool) or penta not in (0, 1, 2, 3, 4)):
        raise ValueError(f"'penta_class' must be an integer 0-4, not {penta!r}")
    expected_error = record.get("expected_error")
    if expected_error is not None and not isinstance(expected_error, str):
        raise ValueError("'expected_error' must be a string")
    expect_no = record.get("expect_no_event")
    if expect_no is not None and not isinstance(expect_no, bool):
        raise ValueError("'expect_no_event' must be true or false")
    if expect_no is None:
        expect_no = events == [] or expected_error is not None
    if expect_no and events:
        raise ValueError("'expect_no_event' is true but 'events' is not empty")
    if events is None and (expect_no or expected_error is not None):
        events = []
    if events is None and penta is None:
        raise ValueError("a gold record needs 'events' (or 'expect_no_event') or 'penta_class'")
    scored = record.get("evaluate", True)
    if not isinstance(scored, bool):
        raise ValueError("'evaluate' must be true or false")
    dictionaries = record.get("dictionaries") or []
    if not isinstance(dictionaries, list) or not all(isinstance(d, str) for d in dictionaries):
        raise ValueError("'dictionaries' must be a list of file paths")
    return GoldItem(
        id=str(raw_id),
        text=text,
        date=_gold_date(record.get("date")),
        events=events,
        penta_class=penta,
        spans=_gold_spans(record.get("spans")),
        expect_no_event=expect_no,
        expected_error=expected_error,
        scored=scored,
        dictionaries=tuple(dictionaries),
        options=parse_options(record.get("config")),
        suite=str(record.get("suite") or ""),
        category=str(record.get("category") or ""),
    )


def load_gold(path: Path) -> list[GoldItem]:
    """Read a gold JSONL file of either shape; a malformed line raises `EtlError(E006)`."""
    path = Path(path)
    if not path.is_file():
        raise _gold_error(path, 0, "file not found")
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = _gold_item(json.loads(line), f"{path.stem}:{number}")
            except (ValueError, KeyError) as exc:  # JSONDecodeError is a ValueError
                raise _gold_error(path, number, str(exc)) from None
            if item.id in seen:
                raise _gold_error(path, number, f"id {item.id!r} repeats line {seen[item.id]}")
            seen[item.id] = number
            items.append(item)
    if not items:
        raise _gold_error(path, 0, "no gold records")
    return items


def gold_dictionary_paths(gold_path: Path, item: GoldItem) -> tuple[Path, ...]:
    """The dictionary files a record names, resolved against the gold file's folder."""
    base = Path(gold_path).parent
    return tuple(base / d for d in item.dictionaries)
