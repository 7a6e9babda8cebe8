"""Ingestion: every input format, every kind of bad input, ids, dates (articles/ingest.py).

The folder walk (articles/files.py) is tested here too, through `read_inputs`: what it skips or
refuses must still be accounted for as records. `decode_bytes` and the escapes have their own
tests in test_decoding.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.articles.ingest import (
    MAX_ID_LEN,
    IngestOutput,
    article_id_for,
    normalise_for_id,
    parse_published,
    read_inputs,
    split_date_header,
)
from etl.errors import EtlError
from etl.records import RejectReason
from tests.conftest import SEEDS
from tests.make_bad_corpus import PERMISSIONS_IGNORED

SAFE_ID = re.compile(r"^[A-Za-z0-9_,+=@]([A-Za-z0-9._,+=@-]*[A-Za-z0-9_,+=@-])?$")
TEXT = "Russia and Venezuela signed an energy agreement in Caracas on Monday."


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _only(out: IngestOutput):
    assert out.n_records == 1, (out.articles, out.rejected)
    return out.articles[0] if out.articles else out.rejected[0]


def _reasons(out: IngestOutput) -> Counter[str]:
    return Counter(r.reason.value for r in out.rejected)


def _assert_identity(out: IngestOutput) -> None:
    assert out.n_records == len(out.articles) + len(out.rejected)
    assert sum(s.n_records for s in out.sources) == out.n_records
    keys = [(a.source, a.position) for a in out.articles] + [
        (r.source, r.position) for r in out.rejected
    ]
    assert len(keys) == len(set(keys)), "a record was counted twice"
    ids = [a.article_id for a in out.articles]
    assert len(ids) == len(set(ids)), "two articles share an article_id"
    for source in out.sources:
        assert not source.path.startswith("/") and ".." not in source.path.split("/")


# --------------------------------------------------------------------------- formats


def test_seeds_are_five_articles_with_their_inline_date_headers_and_a_readme():
    out = read_inputs(SEEDS)
    _assert_identity(out)
    assert len(out.articles) == 5
    # seeds/README.md documents the seeds: not an input format, so a visible rejection.
    assert [(r.source, r.reason.value) for r in out.rejected] == [("README.md", "unsupported")]
    by_file = {a.source: a for a in out.articles}
    first = by_file["000_51de67126a84a41e.txt"]
    assert first.published_input == dt.date(2020, 6, 25)
    assert first.raw_text.startswith("Russia and Venezuela relations")
    assert "date 2020" not in first.raw_text
    assert by_file["002_6376d1ff4a956437.txt"].published_input == dt.date(2019, 9, 23)
    assert by_file["001_6fbc38b29dad98da.txt"].published_input is None
    assert all(a.encoding == "utf-8" and a.position == 0 for a in out.articles)
    assert [s.path for s in out.sources] == sorted([*by_file, "README.md"])


@pytest.mark.parametrize(
    ("raw", "date", "rest"),
    [
        (" date 2020-06-25 Russia and Venezuela", "2020-06-25", "Russia and Venezuela"),
        ("date 2021-03-01\n\nText here.", "2021-03-01", "\nText here."),
        ("date 2021-03-01\r\nText here.", "2021-03-01", "Text here."),
        ("Date: 2021-03-01 Text", "2021-03-01", "Text"),
        ("date 2021-03-01", "2021-03-01", ""),
        ("Update 2021-03-01 Text", None, "Update 2021-03-01 Text"),
        ("The date 2021-03-01 was set.", None, "The date 2021-03-01 was set."),
        ("date yesterday Text", None, "date yesterday Text"),
    ],
)
def test_date_header_is_split_only_at_the_start(raw, date, rest):
    assert split_date_header(raw) == (date, rest)


def test_txt_with_an_impossible_header_date_keeps_the_article_and_notes_it(tmp_path):
    _write(tmp_path, "a.txt", f"date 2021-13-45 {TEXT}")
    out = read_inputs(tmp_path)
    article = _only(out)
    assert article.raw_text == TEXT and article.published_input is None
    assert [n.field for n in out.notes] == ["published"]
    assert "2021-13-45" in out.notes[0].message


def test_jsonl_fields_aliases_and_positions(tmp_path):
    lines = [
        {
            "id": "a1",
            "text": TEXT,
            "title": "T",
            "url": "https://x.org/1",
            "source": "TASS",
            "published": "2020-06-25T23:30:00-05:00",
        },
        {},  # placeholder replaced by a blank line below
        {
            "ID": "a2",
            "Text": "Brazil criticised Venezuela.",
            "Date": "25 June 2020",
            "publisher": "Reuters",
        },
    ]
    body = json.dumps(lines[0]) + "\n\n   \n" + json.dumps(lines[2]) + "\r\n"
    _write(tmp_path, "in.jsonl", body)
    out = read_inputs(tmp_path / "in.jsonl")
    _assert_identity(out)
    a1, a2 = out.articles
    assert (a1.article_id, a1.input_id, a1.source, a1.position) == ("a1", "a1", "in.jsonl", 1)
    assert (a1.title, a1.url, a1.publisher) == ("T", "https://x.org/1", "TASS")
    assert a1.published_input == dt.date(2020, 6, 25)  # the date as written, not UTC
    assert (a2.article_id, a2.position, a2.publisher) == ("a2", 4, "Reuters")
    assert a2.published_input == dt.date(2020, 6, 25)
    assert [s.path for s in out.sources] == ["in.jsonl"]


def test_jsonl_splits_lines_on_newline_only(tmp_path):
    text = "First paragraph.\u2028Second paragraph.\u0085Third."
    _write(tmp_path, "in.jsonl", json.dumps({"text": text}, ensure_ascii=False) + "\n")
    assert _only(read_inputs(tmp_path)).raw_text == text


def test_csv_quoted_multiline_fields_and_line_positions(tmp_path):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "title", "text", "published", "source", "url"])
    writer.writerow(["c1", "Title, with comma", f'{TEXT}\n\nShe said "yes".', "2020-06-25", "", ""])
    writer.writerow(["c2", "", "Brazil criticised Venezuela.", "", "AP", "https://x.org"])
    _write(tmp_path, "in.csv", "\ufeff" + buf.getvalue())
    out = read_inputs(tmp_path)
    _assert_identity(out)
    c1, c2 = out.articles
    assert c1.raw_text == f'{TEXT}\n\nShe said "yes".'
    assert (c1.position, c1.title, c1.publisher, c1.url) == (2, "Title, with comma", None, None)
    assert c1.encoding == "utf-8-sig"
    assert (c2.position, c2.title, c2.publisher, c2.published_input) == (5, None, "AP", None)


def test_parquet_types_are_read_natively(tmp_path):
    table = pa.table(
        {
            "id": pa.array([7, 8, 9], pa.int64()),
            "text": pa.array([TEXT, "Brazil criticised Venezuela.", "Cuba thanked Russia."]),
            "published": pa.array(
                [dt.datetime(2020, 6, 25, 23, 0), None, dt.datetime(2019, 1, 2)], pa.timestamp("s")
            ),
            "extra": pa.array([{"a": 1}, {"a": 2}, {"a": 3}]),
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    binary = pa.table({"text": pa.array(["Café in Caracas.".encode("cp1252")], pa.binary())})
    pq.write_table(binary, tmp_path / "bytes.parquet")
    out = read_inputs(tmp_path)
    _assert_identity(out)
    by_id = {a.article_id: a for a in out.articles}
    assert set(by_id) == {"7", "8", "9", article_id_for(None, "Café in Caracas.")}
    assert by_id["7"].published_input == dt.date(2020, 6, 25) and by_id["7"].position == 1
    assert by_id["9"].position == 3


def test_a_single_file_input_is_named_by_its_file_name(tmp_path):
    path = _write(tmp_path / "deep" / "er", "one.txt", TEXT)
    out = read_inputs(path)
    assert _only(out).source == "one.txt"
    assert out.sources[0].sha256 and out.sources[0].n_records == 1


def test_missing_input_is_a_coded_error(tmp_path):
    with pytest.raises(EtlError, match="does not exist"):
        read_inputs(tmp_path / "nope")


def test_folder_order_is_sorted_and_runs_are_identical(tmp_path):
    for name in ["b.txt", "a/z.txt", "a.txt", "A.txt", "c/d/e.txt"]:
        _write(tmp_path, name, f"{TEXT} ({name})")
    first = read_inputs(tmp_path)
    second = read_inputs(tmp_path)
    assert [a.source for a in first.articles] == ["A.txt", "a.txt", "a/z.txt", "b.txt", "c/d/e.txt"]
    assert first == second


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\r\n", "empty"),
        ("bom_only.txt", b"\xef\xbb\xbf", "empty"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("pdf.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        ("nul.txt", b"Some text\x00with a NUL byte", "binary"),
        ("controls.txt", bytes(range(1, 9)) * 20, "binary"),
        ("broken_utf16.txt", b"\xff\xfea\x00b", "undecodable"),
        ("symbols.txt", "--- 123 !!! → ← 2020-01-01 ***".encode(), "no_sentences"),
        ("emoji.txt", "\U0001f600\U0001f680 42".encode(), "no_sentences"),
        ("doc.md", b"# a markdown file", "unsupported"),
        ("data.json", b'{"text": "json, not jsonl"}', "unsupported"),
        ("gz.jsonl.gz", b"\x1f\x8b\x08", "unsupported"),
        ("blank.jsonl", b"\n \n\n", "empty"),
        ("header.csv", b"id,text\n\n", "empty"),
        ("fake.parquet", b"PAR1 not really", "malformed"),
        ("zip.jsonl", b"PK\x03\x04\x14\x00", "binary"),
    ],
)
def test_a_bad_file_is_one_rejected_record_at_position_zero(tmp_path, name, data, reason):
    _write(tmp_path, name, data)
    out = read_inputs(tmp_path)
    _assert_identity(out)
    rejected = _only(out)
    assert (rejected.source, rejected.position, rejected.reason.value) == (name, 0, reason)
    assert rejected.message
    assert rejected.excerpt.isprintable() or rejected.excerpt == ""


def test_files_over_max_bytes_are_rejected_unread_but_hashed(tmp_path):
    _write(tmp_path, "big.txt", TEXT * 100)
    _write(tmp_path, "small.txt", TEXT)
    out = read_inputs(tmp_path, max_bytes=1000)
    _assert_identity(out)
    assert [a.source for a in out.articles] == ["small.txt"]
    (big,) = out.rejected
    assert big.reason == RejectReason.TOO_LARGE and "1000-byte limit" in big.message
    assert out.sources[0].sha256 and len(out.sources[0].sha256) == 64


def test_records_over_max_record_chars_are_too_large(tmp_path):
    _write(tmp_path, "in.jsonl", "\n".join(json.dumps({"text": TEXT * n}) for n in (1, 50)))
    out = read_inputs(tmp_path, max_record_chars=1000)
    assert len(out.articles) == 1 and _reasons(out) == {"too_large": 1}
    assert out.rejected[0].position == 2


def test_very_long_lines_and_huge_tokens_are_articles(tmp_path):
    text = "The weather was calm. " * 5000 + "x" * 100_000
    _write(tmp_path, "long.txt", text)
    _write(tmp_path, "long.jsonl", json.dumps({"text": text + " jsonl"}))
    out = read_inputs(tmp_path)
    assert [len(a.raw_text) for a in out.articles] == [len(text) + 6, len(text)]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "unterminated', "malformed"),
        ('{"text": "a"} trailing', "malformed"),
        ("[" * 50_000 + "]" * 50_000, "malformed"),
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "malformed"),
        ("[1, 2]", "wrong_type"),
        ('"just a string"', "wrong_type"),
        ("null", "wrong_type"),
        ('{"id": "x"}', "missing_text"),
        ('{"text": null}', "missing_text"),
        ('{"text": 42}', "wrong_type"),
        ('{"text": ["para 1", "para 2"]}', "wrong_type"),
        ('{"text": {"body": "x"}}', "wrong_type"),
        ('{"text": "ok text", "id": ["x"]}', "wrong_type"),
        ('{"text": "ok text", "id": true}', "wrong_type"),
        ('{"text": "ok text", "id": 1.5}', "wrong_type"),
        ('{"text": ""}', "empty"),
        ('{"text": " \\n\\t "}', "empty"),
        ('{"text": "nul \\u0000 inside"}', "binary"),
        ('{"text": "12 34 !!"}', "no_sentences"),
    ],
)
def test_a_bad_jsonl_line_is_rejected_and_the_next_line_still_read(tmp_path, line, reason):
    good = json.dumps({"text": TEXT})
    _write(tmp_path, "in.jsonl", f"{good}\n{line}\n{good.replace('Monday', 'Friday')}\n")
    out = read_inputs(tmp_path)
    _assert_identity(out)
    assert [a.position for a in out.articles] == [1, 3]
    (rejected,) = out.rejected
    assert (rejected.position, rejected.reason.value) == (2, reason)
    assert len(rejected.excerpt) <= 161


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("r2,too,many,fields", "malformed"),
        ("r2", "malformed"),
        ('r2,"bad"quote', "malformed"),
        ("r2,", "empty"),
        ('r2,"   "', "empty"),
        ("r2,\x00nul text", "binary"),
    ],
)
def test_a_bad_csv_row_is_rejected_and_the_next_row_still_read(tmp_path, row, reason):
    _write(tmp_path, "in.csv", f'id,text\nr1,"{TEXT}"\n{row}\nr3,Cuba thanked Russia.\n')
    out = read_inputs(tmp_path)
    _assert_identity(out)
    assert [a.article_id for a in out.articles] == ["r1", "r3"]
    assert [(r.position, r.reason.value) for r in out.rejected] == [(3, reason)]


def test_an_unterminated_csv_quote_is_one_malformed_record(tmp_path):
    _write(tmp_path, "in.csv", f'id,text\nr1,"{TEXT}"\nr2,"never closed\nr3,more\nr4,rows\n')
    out = read_inputs(tmp_path)
    _assert_identity(out)
    assert [a.article_id for a in out.articles] == ["r1"]
    (bad,) = out.rejected
    assert bad.reason == RejectReason.MALFORMED and "lines 3-" in bad.message


def test_a_csv_without_text_column_rejects_every_row(tmp_path):
    _write(tmp_path, "in.csv", "id,body\n1,a text\n2,another\n")
    out = read_inputs(tmp_path)
    assert [(r.position, r.reason.value) for r in out.rejected] == [
        (2, "missing_text"),
        (3, "missing_text"),
    ]


def test_parquet_rows_with_null_or_wrong_typed_text_are_rejected_one_by_one(tmp_path):
    pq.write_table(pa.table({"text": pa.array([TEXT, None, "  "])}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"text": pa.array([1, 2], pa.int32())}), tmp_path / "b.parquet")
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), tmp_path / "c.parquet")
    out = read_inputs(tmp_path)
    _assert_identity(out)
    assert len(out.articles) == 1
    assert [(r.source, r.position, r.reason.value) for r in out.rejected] == [
        ("a.parquet", 2, "missing_text"),
        ("a.parquet", 3, "empty"),
        ("b.parquet", 1, "wrong_type"),
        ("b.parquet", 2, "wrong_type"),
        ("c.parquet", 0, "empty"),
    ]


def test_dates_that_do_not_parse_keep_the_article_with_a_note(tmp_path):
    dates = ["2020-02-30", "yesterday", "01/02/2020", 20200625, "0001-01-01", ["2020"]]
    body = "\n".join(
        json.dumps({"id": f"d{i}", "text": f"{TEXT} {i}", "published": d})
        for i, d in enumerate(dates)
    )
    _write(tmp_path, "in.jsonl", body)
    out = read_inputs(tmp_path)
    assert len(out.articles) == len(dates) and not out.rejected
    assert all(a.published_input is None for a in out.articles)
    assert [n.position for n in out.notes] == list(range(1, len(dates) + 1))
    assert all(n.field == "published" for n in out.notes)


def test_wrong_typed_metadata_is_dropped_with_a_note(tmp_path):
    line = {"text": TEXT, "title": ["a"], "url": {"u": 1}, "source": 42, "published": None}
    _write(tmp_path, "in.jsonl", json.dumps(line))
    out = read_inputs(tmp_path)
    article = _only(out)
    assert (article.title, article.url, article.publisher) == (None, None, "42")
    assert sorted(n.field for n in out.notes) == ["title", "url"]


def test_lone_surrogates_are_replaced_so_parquet_can_store_the_text(tmp_path):
    _write(tmp_path, "in.jsonl", '{"text": "A \\ud800 lone surrogate.", "title": "\\udfff"}')
    out = read_inputs(tmp_path)
    article = _only(out)
    assert article.raw_text == "A \ufffd lone surrogate." and article.title == "\ufffd"
    pa.array([article.raw_text, article.title])  # would raise on a surrogate


def test_duplicate_ids_first_wins_and_the_message_says_whether_texts_differ(tmp_path):
    lines = [
        {"id": "x", "text": TEXT},
        {"id": "x", "text": "A different text about Cuba."},
        {"id": "x", "text": "  " + TEXT.replace(" ", "\n")},
    ]
    _write(tmp_path, "a.jsonl", "\n".join(json.dumps(x) for x in lines))
    out = read_inputs(tmp_path)
    _assert_identity(out)
    assert [a.position for a in out.articles] == [1]
    different, same = out.rejected
    assert different.reason == same.reason == RejectReason.DUPLICATE_ID
    assert "different text" in different.message and "a.jsonl position 1" in different.message
    assert "same text" in same.message


def test_identical_texts_without_ids_are_one_article(tmp_path):
    _write(tmp_path, "a.txt", TEXT)
    _write(tmp_path, "b/copy.txt", TEXT + "\n")
    _write(tmp_path, "c.jsonl", json.dumps({"text": TEXT}))
    out = read_inputs(tmp_path)
    _assert_identity(out)
    assert [a.source for a in out.articles] == ["a.txt"]
    assert [(r.source, r.reason.value) for r in out.rejected] == [
        ("b/copy.txt", "duplicate_id"),
        ("c.jsonl", "duplicate_id"),
    ]


def test_hidden_entries_are_skipped_and_listed(tmp_path):
    _write(tmp_path, ".DS_Store", b"\x00\x00Bud1")
    _write(tmp_path, ".git/objects/x.txt", TEXT)
    _write(tmp_path, "a.txt", TEXT)
    out = read_inputs(tmp_path)
    assert len(out.articles) == 1 and not out.rejected
    assert out.skipped == [".DS_Store", ".git"]


@pytest.mark.parametrize(
    "name",
    ["README", "README.txt", "readme.md", "BBC_DATASET_README.TXT", "LICENSE.txt", "sub/COPYING"],
)
def test_documentation_in_a_folder_is_not_read_as_an_article(tmp_path, name):
    _write(tmp_path, name, "This data set holds news articles about Russia and Venezuela.")
    out = read_inputs(tmp_path)
    rejected = _only(out)
    assert (rejected.source, rejected.reason.value) == (name, "unsupported")
    assert "documentation" in rejected.message
    # Passed by name, the file is read by its extension like any other.
    single = _only(read_inputs(tmp_path / name))
    if name.lower().endswith(".txt"):
        assert single.raw_text.startswith("This data set")
    else:
        assert single.reason == RejectReason.UNSUPPORTED and "documentation" not in single.message


@pytest.mark.parametrize("name", ["readme_of_the_week_x.txt", "licensed.txt", "copying-files.txt"])
def test_names_merely_containing_readme_are_articles(tmp_path, name):
    _write(tmp_path, name, TEXT)
    assert _only(read_inputs(tmp_path)).source == name


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_symbolic_links_are_never_followed(tmp_path):
    root = tmp_path / "in"
    _write(root, "real.txt", TEXT)
    secret = _write(tmp_path, "secret.txt", "A secret outside the input folder.")
    os.symlink(secret, root / "outside.txt")
    os.symlink("real.txt", root / "inside.txt")
    os.symlink("loop.txt", root / "loop.txt")
    os.symlink("gone.txt", root / "dangling.txt")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")
    out = read_inputs(root)
    _assert_identity(out)
    assert [a.source for a in out.articles] == ["real.txt"]
    assert all("secret" not in r.excerpt for r in out.rejected)
    assert {r.source: r.reason.value for r in out.rejected} == {
        "dangling.txt": "unreadable",
        "inside.txt": "unsafe_path",
        "loop.txt": "unsafe_path",
        "outside.txt": "unsafe_path",
        "sub/up": "unsafe_path",
    }


def test_an_input_path_that_is_a_link_is_followed(tmp_path):
    _write(tmp_path / "real", "a.txt", TEXT)
    os.symlink(tmp_path / "real", tmp_path / "link")
    assert _only(read_inputs(tmp_path / "link")).source == "a.txt"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_rejected_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    rejected = _only(read_inputs(tmp_path))
    assert rejected.reason == RejectReason.UNSUPPORTED and "regular file" in rejected.message


def test_unreadable_files_and_folders(tmp_path):
    locked = _write(tmp_path, "locked.txt", TEXT)
    _write(tmp_path, "closed/inside.txt", "Cuba thanked Russia.")
    locked.chmod(0)
    (tmp_path / "closed").chmod(0)
    try:
        out = read_inputs(tmp_path)
    finally:
        locked.chmod(0o600)
        (tmp_path / "closed").chmod(0o700)
    _assert_identity(out)
    if PERMISSIONS_IGNORED:
        # Root reads through chmod 000 (CI runs as root): the files are simply articles.
        assert sorted(a.source for a in out.articles) == ["closed/inside.txt", "locked.txt"]
    else:
        assert {r.source: r.reason.value for r in out.rejected} == {
            "closed": "unreadable",
            "locked.txt": "unreadable",
        }
        assert {s.path: s.sha256 for s in out.sources}["locked.txt"] == ""


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("ünïcödé — “quotes” & spaces.txt".encode(), "ünïcödé — “quotes” & spaces.txt"),
        (b"new\nline.txt", "new\\x0aline.txt"),
        (b"back\\slash.txt", "back\\\\slash.txt"),
        (b"latin1-\xe9.txt", "latin1-\\xe9.txt"),
        (b"-dash.txt", "-dash.txt"),
        (b"tab\there.txt", "tab\\x09here.txt"),
    ],
)
def test_odd_file_names_are_shown_escaped_and_relative(tmp_path, raw, shown):
    path = os.path.join(os.fsencode(tmp_path), raw)
    with open(path, "wb") as fh:
        fh.write(TEXT.encode())
    out = read_inputs(tmp_path)
    article = _only(out)
    assert article.source == shown == out.sources[0].path
    shown.encode("utf-8")  # valid UTF-8 for Parquet


# --------------------------------------------------------------------------- decoding


def test_a_latin1_txt_records_its_encoding(tmp_path):
    _write(tmp_path, "a.txt", "Caf\u00e9 in Caracas: the minister\u2019s visit.".encode("cp1252"))
    article = _only(read_inputs(tmp_path))
    assert article.raw_text == "Caf\u00e9 in Caracas: the minister\u2019s visit."
    assert article.encoding == "cp1252"


# --------------------------------------------------------------------------- ids


def test_given_ids_are_kept_when_safe():
    assert article_id_for("wikinews-Caracas_talks,_2020", TEXT) == "wikinews-Caracas_talks,_2020"
    assert article_id_for(" a1 ", TEXT) == "a1"
    assert article_id_for("123", TEXT) == "123"


@pytest.mark.parametrize(
    "raw",
    [
        "../../etc/passwd",
        "/abs/path",
        "a/b",
        "a\\b",
        "a:b",
        ".hidden",
        "..",
        "-rf",
        "a b",
        "ünï",
        "x" * 500,
        "a\x00b",
        "CON:",
    ],
)
def test_unsafe_ids_become_safe_and_keep_their_distinctness(raw, tmp_path):
    safe = article_id_for(raw, TEXT)
    assert SAFE_ID.match(safe) and len(safe) <= MAX_ID_LEN
    assert safe != article_id_for(raw + "!", TEXT)
    assert (tmp_path / safe).resolve().parent == tmp_path.resolve()


def test_ids_without_input_id_hash_the_normalised_text():
    aid = article_id_for(None, TEXT)
    assert re.fullmatch(r"sha256-[0-9a-f]{16}", aid)
    assert article_id_for("", TEXT) == article_id_for("   ", TEXT) == aid
    assert article_id_for(None, "  " + TEXT.replace(" ", " \n\t ") + "\r\n") == aid
    assert article_id_for(None, "Cafe\u0301") == article_id_for(None, "Caf\u00e9")  # NFC/NFKC
    assert article_id_for(None, TEXT + " More.") != aid
    assert normalise_for_id(" a \n b ") == "a b"


@given(st.one_of(st.none(), st.text()), st.text())
def test_article_ids_are_always_safe_file_names(input_id, text):
    aid = article_id_for(input_id, text)
    assert SAFE_ID.match(aid), aid
    assert len(aid) <= MAX_ID_LEN
    assert aid == article_id_for(input_id, text)
    assert os.path.basename(aid) == aid and aid not in {".", ".."}


@given(st.text(min_size=1), st.text(min_size=1))
def test_distinct_given_ids_stay_distinct(a, b):
    if a.strip() != b.strip() and a.strip() and b.strip():
        assert article_id_for(a, "") != article_id_for(b, "")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-25", dt.date(2020, 6, 25)),
        ("2020-06-25T10:00:00Z", dt.date(2020, 6, 25)),
        ("2020-06-25 10:00", dt.date(2020, 6, 25)),
        ("Thu, 25 Jun 2020 10:00:00 GMT", dt.date(2020, 6, 25)),
        ("25 June 2020", dt.date(2020, 6, 25)),
        ("June 25, 2020", dt.date(2020, 6, 25)),
        ("Jun 25 2020", dt.date(2020, 6, 25)),
        ("2020/06/25", dt.date(2020, 6, 25)),
        (dt.date(2020, 6, 25), dt.date(2020, 6, 25)),
        (dt.datetime(2020, 6, 25, 23, 59), dt.date(2020, 6, 25)),
        ("", None),
        (None, None),
    ],
)
def test_published_formats(value, expected):
    assert parse_published(value) == (expected, None)


@pytest.mark.parametrize(
    "value", ["01/02/2020", "2020-02-30", "soon", "0001-01-01", 2020, 1.5, [1]]
)
def test_unparseable_published_values_give_a_problem_not_an_exception(value):
    date, problem = parse_published(value)
    assert date is None and problem


@given(st.one_of(st.text(max_size=80), st.integers(), st.floats(), st.dates(), st.none()))
def test_parse_published_never_raises(value):
    date, problem = parse_published(value)
    assert date is None or problem is None


# --------------------------------------------------------------------------- whole files


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_records = st.dictionaries(
    st.sampled_from(["id", "text", "title", "url", "source", "published", "date", "x"]),
    _json_values | st.text(max_size=60),
    max_size=6,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_records, st.text(max_size=40)), max_size=12))
def test_any_jsonl_content_is_fully_accounted_for(items):
    lines = [json.dumps(i) if isinstance(i, dict) else i.replace("\n", " ") for i in items]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        out = read_inputs(path)
    _assert_identity(out)
    assert out.n_records == max(1, sum(1 for line in lines if line.strip()))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=4), max_size=8))
def test_any_csv_content_is_fully_accounted_for(rows):
    buf = io.StringIO()
    csv.writer(buf).writerows([["id", "text"], *rows])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.csv"
        path.write_text(buf.getvalue(), encoding="utf-8", errors="surrogatepass")
        out = read_inputs(path)
    _assert_identity(out)
