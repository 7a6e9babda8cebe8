"""`etl code --jsonl`: one JSON answer per input line, each echoing the line's `id`.

An input line is ``{"id", "text", "date", "config"}`` (`date` and `config` optional; other
keys are ignored). Every answer carries the input `id` as given (a string or a number; null
only when the line has none) and its 1-based `line` number, so a caller can match answers
to inputs however the input was cut. A line that cannot be coded gets ``"events": []`` with
an `error` in words a user can act on and a `reason` code:

- the reasons of `rejected_inputs` (`etl.records.RejectReason`), checked by the same rules
  `etl run` applies to a record (`etl.articles.ingest.check_text`, `parse_published`):
  `malformed` (not JSON), `wrong_type` (not an object; `id` or `text` of the wrong type),
  `missing_text` (no `text`, or null), `empty`, `no_sentences`, `binary`, `too_large`,
  `bad_date`;
- `dateline_only`: the text is only a dateline ("CARACAS, Feb 7 (Reuters) -"), which the
  cleaner would cut, leaving nothing to code;
- `discarded`: every sentence holds a discard phrase (`etl/dictionaries/discards.txt`:
  sports results, games, or a user's PETRARCH discard list), as PETRARCH rejects a discarded
  sentence; the error names each phrase's `file:line`;
- `bad_config`: the optional `config` object (PETRARCH coder options, `etl.coding.options`)
  has an unknown key or a value that is not a boolean or a count.

A line may carry ``"config": {"require_dyad": true, "new_actor_length": 0, "comma_emax": 8}``:
the options PETRARCH validation records are coded with; `etl.coding.options` says what each
does here.

A text that is fine but reports no event answers ``"events": []`` without an error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from etl.articles.clean import dateline_only
from etl.articles.decoding import escape_excerpt
from etl.articles.ingest import (
    MAX_DATE,
    MAX_RECORD_CHARS,
    MIN_DATE,
    check_text,
    json_type,
    parse_published,
)
from etl.coding.options import BAD_CONFIG, NO_OPTIONS, CoderOptions, parse_options
from etl.coding.pool import UNRESOLVED_NAME_ENTRY, Coder
from etl.records import Event, RejectReason

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DATELINE_ONLY = "dateline_only"
DISCARDED = "discarded"
DISCARDS_FILE = "etl/dictionaries/discards.txt"

#: A top-level ``"id": <string or number>`` in a line that is not valid JSON, so that even
#: the answer to a cut or garbled line names the record it came from when it can.
_ID_IN_BROKEN_LINE = re.compile(
    r'(?:^\s*\{|,)\s*"id"\s*:\s*("(?:[^"\\\n]|\\.)*"|-?\d{1,30}(?![\d.eE]))'
)


@dataclass(frozen=True)
class CodeRequest:
    """A line that can be coded."""

    line: int
    id: Any  # the input id as given: str or int, or None when the line has none
    text: str
    published: dt.date | None
    options: CoderOptions = NO_OPTIONS


@dataclass(frozen=True)
class CodeRejection:
    """A line that cannot be coded, and why."""

    line: int
    id: Any
    reason: str
    message: str

    def answer(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "line": self.line,
            "events": [],
            "error": self.message,
            "reason": self.reason,
        }


def _broken_line_id(line: str) -> Any:
    match = _ID_IN_BROKEN_LINE.search(line)
    if match is None:
        return None
    try:
        return json.loads(match.group(1))
    except ValueError:
        return None


def _json_problem(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def _date_problem(value: object) -> str:
    """Why `parse_published` refused a date, in the terms of this input's documented layout."""
    if not isinstance(value, str):
        return f"'date' must be a string YYYY-MM-DD, got {json_type(value)}"
    text = value.strip()
    shown = escape_excerpt(text, 60)
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        if _ISO_DAY.match(text):
            return f"date {shown!r} is not a day of the calendar"
        return f"date {shown!r} is not YYYY-MM-DD"
    return f"date {shown!r} is outside {MIN_DATE.year}-{MAX_DATE.year}"


def parse_request(line_no: int, line: str) -> CodeRequest | CodeRejection:
    """Validate one input line (see the module docstring for the rules and reasons)."""
    try:
        obj = json.loads(line)
    except RecursionError:
        return CodeRejection(
            line_no, None, RejectReason.MALFORMED.value, "line is JSON nested too deeply"
        )
    except json.JSONDecodeError as exc:
        return CodeRejection(
            line_no,
            _broken_line_id(line),
            RejectReason.MALFORMED.value,
            f"line is not valid JSON ({_json_problem(exc)})",
        )
    except ValueError as exc:  # integer digit limits
        return CodeRejection(
            line_no, None, RejectReason.MALFORMED.value, f"line is not valid JSON ({exc})"
        )
    if not isinstance(obj, dict):
        return CodeRejection(
            line_no,
            None,
            RejectReason.WRONG_TYPE.value,
            f'line is not a JSON object ({{"id", "text", "date"}}), it is {json_type(obj)}',
        )
    item_id = obj.get("id")
    if isinstance(item_id, bool) or not isinstance(item_id, str | int | None):
        return CodeRejection(
            line_no,
            item_id,
            RejectReason.WRONG_TYPE.value,
            f"'id' must be a string or an integer, got {json_type(item_id)}",
        )
    checked = check_text(obj.get("text"), MAX_RECORD_CHARS)
    if checked.reason is not None:
        return CodeRejection(line_no, item_id, checked.reason.value, checked.message)
    assert checked.text is not None
    rule = dateline_only(checked.text)
    if rule is not None:
        return CodeRejection(
            line_no,
            item_id,
            DATELINE_ONLY,
            f"'text' is only a dateline ({escape_excerpt(checked.text.strip(), 60)!r}, rule "
            f"{rule}): no sentence to code",
        )
    value = obj.get("date")
    published, problem = parse_published(value)
    if problem is not None:
        return CodeRejection(line_no, item_id, RejectReason.BAD_DATE.value, _date_problem(value))
    try:
        options = parse_options(obj.get("config"))
    except ValueError as exc:
        return CodeRejection(line_no, item_id, BAD_CONFIG, str(exc))
    return CodeRequest(line_no, item_id, checked.text, published, options)


def _named(entry: str) -> bool:
    return entry == UNRESOLVED_NAME_ENTRY


def kept_events(events: list[Event], options: CoderOptions) -> list[Event]:
    """The events the line's `config` keeps (`etl.coding.options`)."""
    return [
        e
        for e in events
        if options.keeps(
            (e.source_code, e.source_name, _named(e.source_entry)),
            (e.target_code, e.target_name, _named(e.target_entry)),
        )
    ]


def event_json(event: Event) -> dict[str, Any]:
    """One event of an answer: codes, classes, date and the text that gave it."""
    data = event.model_dump(mode="json")
    return {
        "source": data["source_code"],
        "target": data["target_code"],
        "code": data["cameo_code"],
        "root": data["cameo_root"],
        "quad_class": data["quad_class"],
        "penta_class": data["penta_class"],
        "goldstein": data["goldstein"],
        "date": data["event_date"],
        "date_precision": data["date_precision"],
        "source_name": data["source_name"],
        "target_name": data["target_name"],
        "source_text": data["sentence_text"][data["source_start"] : data["source_end"]],
        "target_text": data["sentence_text"][data["target_start"] : data["target_end"]],
        "trigger": data["trigger"],
        "rule_id": data["rule_id"],
        "rule_at": data["rule_at"],
        "source_entry_at": data["source_entry_at"],
        "target_entry_at": data["target_entry_at"],
        "sentence": data["sentence_text"],
        "geo": geo_json(event),
    }


def geo_json(event: Event) -> dict[str, Any] | None:
    """Where the event happened (`etl.coding.places`), or None when the text does not say."""
    if event.geo_type is None:
        return None
    return {
        "name": event.geo_name,
        "country": event.geo_country,
        "adm1": event.geo_adm1,
        "lat": event.geo_lat,
        "lon": event.geo_lon,
        "geonameid": event.geo_geonameid,
        "type": event.geo_type,
        "origin": event.geo_origin,
    }


def code_request(coder: Coder, request: CodeRequest, petrarch: bool = False) -> dict[str, Any]:
    """The answer to one valid line; `petrarch`: options not set take PETRARCH's defaults
    (replace mode, `--dictionaries-only`)."""
    options = request.options.petrarch_defaults() if petrarch else request.options
    key = str(request.id) if request.id is not None else f"line-{request.line}"
    (coded,) = coder.code_text_results([(key, request.text, request.published)])
    if not coded.events and coded.discards and all(coded.discards):
        where = getattr(coder.events.discards, "location", lambda _i: DISCARDS_FILE)
        phrases = ", ".join(f"{d} at {where(d)}" for d in dict.fromkeys(coded.discards) if d)
        return CodeRejection(
            request.line,
            request.id,
            DISCARDED,
            f"every sentence holds a discard phrase ({phrases}): not coded as political news",
        ).answer()
    return {
        "id": request.id,
        "line": request.line,
        "events": [event_json(e) for e in kept_events(coded.events, options)],
    }


def answer_lines(
    coder: Coder, lines: Iterable[str], petrarch: bool = False
) -> Iterator[dict[str, Any]]:
    """One answer per non-blank line, in order, as soon as that line is coded."""
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        request = parse_request(line_no, line.rstrip("\r\n"))
        if isinstance(request, CodeRejection):
            yield request.answer()
        else:
            yield code_request(coder, request, petrarch)
