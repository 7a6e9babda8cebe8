"""`etl code --jsonl` input lines: every kind of bad line answers its id and a readable error."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from etl.coding.jsonl import CodeRejection, CodeRequest, parse_request

TEXT = "Lavrov met Maduro in Caracas."

BAD_LINES = [
    # (line, echoed id, reason, words the error must contain)
    ("not json at all", None, "malformed", "line is not valid JSON"),
    ('{"id": "cut", "text": "Lavrov met', "cut", "malformed", "Unterminated string"),
    ('{"id": 7, "text": "Lavrov met Maduro."', 7, "malformed", "line is not valid JSON"),
    ('["a", "list"]', None, "wrong_type", "line is not a JSON object"),
    ('"just a string"', None, "wrong_type", "line is not a JSON object"),
    ('{"id": ["x"], "text": "Lavrov met Maduro."}', ["x"], "wrong_type", "'id' must be"),
    ('{"id": true, "text": "Lavrov met Maduro."}', True, "wrong_type", "'id' must be"),
    ('{"id": "no-text"}', "no-text", "missing_text", "'text' is missing or null"),
    ('{"id": 17, "text": null}', 17, "missing_text", "'text' is missing or null"),
    ('{"id": "n", "text": 42}', "n", "wrong_type", "'text' must be a string, got a number"),
    ('{"id": "l", "text": ["a"]}', "l", "wrong_type", "'text' must be a string, got a list"),
    ('{"id": "blank", "text": "  \\n "}', "blank", "empty", "'text' is empty"),
    ('{"id": "digits", "text": "123 456"}', "digits", "no_sentences", "no letters"),
    ('{"id": "nul", "text": "Lavrov\\u0000met"}', "nul", "binary", "NUL"),
    ('{"id": "d", "text": "CARACAS, Feb 7 (Reuters) -"}', "d", "dateline_only", "only a dateline"),
    ('{"id": "b", "text": "Lavrov met Maduro.", "date": "121108"}', "b", "bad_date",
     "date '121108' is not YYYY-MM-DD"),
    ('{"id": "c", "text": "Lavrov met Maduro.", "date": "2020-02-30"}', "c", "bad_date",
     "not a day of the calendar"),
    ('{"id": "o", "text": "Lavrov met Maduro.", "date": "1700-01-01"}', "o", "bad_date",
     "outside 1800-2199"),
    ('{"id": "i", "text": "Lavrov met Maduro.", "date": 19950101}', "i", "bad_date",
     "'date' must be a string YYYY-MM-DD, got a number"),
    ('{"id": "k", "text": "Lavrov met Maduro.", "config": {"require_dyads": true}}', "k",
     "bad_config", "'require_dyads' unknown"),
    ('{"id": "v", "text": "Lavrov met Maduro.", "config": {"new_actor_length": "x"}}', "v",
     "bad_config", "whole number"),
    ('{"id": "w", "text": "Lavrov met Maduro.", "config": "require_dyad"}', "w",
     "bad_config", "must be an object"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "item_id", "reason", "words"), BAD_LINES)
def test_bad_line_answers_its_id_and_a_readable_error(line, item_id, reason, words):
    answer = parse_request(3, line)
    assert isinstance(answer, CodeRejection)
    out = answer.answer()
    assert out["id"] == item_id
    assert out["line"] == 3
    assert out["events"] == []
    assert out["reason"] == reason
    assert words in out["error"]
    # words a user can act on, never a Python exception name
    assert not any(name in out["error"] for name in ("Error:", "KeyError", "AttributeError"))
    json.dumps(out)


def test_text_too_large_is_an_error(monkeypatch):
    monkeypatch.setattr("etl.coding.jsonl.MAX_RECORD_CHARS", 10)
    answer = parse_request(1, json.dumps({"id": "big", "text": "x" * 11}))
    assert isinstance(answer, CodeRejection)
    assert (answer.id, answer.reason) == ("big", "too_large")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("2020-02-07", dt.date(2020, 2, 7)), ("19950101", dt.date(1995, 1, 1)), (None, None)],
)
def test_good_line_keeps_id_as_given_and_parses_the_date(given, expected):
    line = json.dumps({"id": 5, "text": TEXT, "date": given, "extra": {"x": 1}})
    request = parse_request(2, line)
    assert request == CodeRequest(line=2, id=5, text=TEXT, published=expected)


def test_line_without_id_answers_null_id_and_its_line():
    request = parse_request(9, json.dumps({"text": TEXT}))
    assert isinstance(request, CodeRequest)
    assert (request.id, request.line) == (None, 9)


def test_config_options_reach_the_request() -> None:
    line = json.dumps({"id": "p", "text": TEXT, "config": {"require_dyad": "True"}})
    request = parse_request(1, line)
    assert isinstance(request, CodeRequest)
    assert request.options.require_dyad is True
