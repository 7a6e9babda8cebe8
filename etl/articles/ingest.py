"""Read input files into raw articles and rejected rows: every input record is accounted for.

`read_inputs` turns a folder (or a single file) into an `IngestOutput` in which every input
record ends as exactly one `RawArticle` or exactly one `Rejected` row, so the accounting
identity ``records = articles + rejected`` holds by construction. Bad input never raises.

What counts as a record, and where it is (`position`, always 1-based so that 0 can mean "the
file as a whole"):

* a `.txt` file is one record at position 0;
* a `.jsonl` / `.ndjson` line that is not blank is one record at its 1-based line number
  (blank lines are layout, not records);
* a `.csv` data row is one record at the 1-based line number where it starts (the header is
  line 1; blank lines are skipped);
* a `.parquet` row is one record at its 1-based row number;
* a file that yields no record at all (empty, binary, undecodable, unreadable, too large,
  header-only, unsupported extension, symbolic link) is one rejected record at position 0,
  so every file the run saw is visible in `rejected_inputs` or `articles`.

Decisions a reviewer should know about (each is tested in tests/articles/test_ingest.py; the
folder walk behind the first three is `etl.articles.files`, the decoding `etl.articles.decoding`):

* **Hidden entries** (name starting with ``.``: ``.DS_Store``, ``.git/``) are not records.
  They are not read or descended into, and are listed in `IngestOutput.skipped`.
* **Documentation in a folder** (``README.md``, ``BBC_DATASET_README.TXT``, ``LICENSE``) is
  rejected as `unsupported` whatever its extension, so a README.txt is never coded as news;
  a file passed by name is always read.
* **Symbolic links** inside a folder are never followed: a link may point outside the input
  (a hostile corpus could link to ``~/.ssh``) or loop. A link is rejected as `unsafe_path`
  (or `unreadable` when dangling); the input path itself may be a link.
* **Duplicate ids**: the first record (in sorted path order, then position) wins; a later
  record with the same `article_id` is rejected as `duplicate_id`, whether its text differs
  (a conflict) or not (a repeated delivery); the message says which and names the first.
  Records without an id get a hash of their text as id, so an identical text is a duplicate.
* **Dates that do not parse** do not lose the article: `published_input` is left empty and a
  `Note` says what was wrong. Optional metadata of the wrong type (a list as title) likewise
  becomes a `Note` and is dropped. `text` and `id` of the wrong type reject the record.
* **Texts**: blank -> `empty`; no letter in any script -> `no_sentences`; a NUL character
  -> `binary`; lone surrogates (JSON allows "\\ud800") -> U+FFFD and a `Note`, since
  Parquet stores UTF-8 only. A .txt file has no id, so its article_id is a text hash.
* **Encodings**: BOMs first (UTF-8/16/32), then strict UTF-8, then charset-normalizer among
  whose near-equal guesses the common Windows code pages win (see `decode_bytes`).
* **Bounds**: a file over `max_bytes` is rejected as `too_large` without being read into
  memory (it is hashed in chunks); a record over `max_record_chars` characters is rejected as
  `too_large` (the default is spaCy's own `max_length`).
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import hashlib
import io
import json
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from etl.articles.decoding import EXCERPT_CHARS, decode_bytes, escape_excerpt
from etl.articles.files import InputEntry, input_entries, read_bounded
from etl.records import RawArticle, Rejected, RejectReason

#: Default bound on the size of one input file: larger files are rejected unread.
MAX_BYTES = 64 * 1024 * 1024
#: Default bound on the characters of one record (spaCy's default `nlp.max_length`).
MAX_RECORD_CHARS = 1_000_000
#: Longest article_id; ids may become file names, and most file systems stop at 255 bytes.
MAX_ID_LEN = 128
#: Longest optional metadata value (title, url, publisher) kept; longer ones become a Note.
MAX_META_CHARS = 4096

#: File extension (lower-cased) -> format.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}

#: Input column -> RawArticle field. `source` in the input is the publisher, since
#: `RawArticle.source` is the file the record came from. `date` is accepted because the
#: corpora under ../shared/news use it.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "id": ("id",),
    "title": ("title",),
    "url": ("url",),
    "publisher": ("source", "publisher"),
    "published": ("published", "date"),
}


_DATE_HEADER = re.compile(
    r"\A[ \t]*date:?[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?:[ \t]*\r?\n|[ \t]+|[ \t]*\Z)", re.IGNORECASE
)
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._,+=@-]+")
_SURROGATES = re.compile("[\ud800-\udfff]")
_HEX_ID_LEN = 16
#: Plausible publication dates; anything else is a typo or a sentinel such as 0001-01-01.
MIN_DATE = dt.date(1800, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)
#: Non-ISO date layouts accepted for `published`, all unambiguous (no 01/02/2020).
_DATE_FORMATS = (
    "%d %B %Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%Y/%m/%d",
)


@dataclass(frozen=True)
class SourceFile:
    """One input file (or unlistable folder) and what it contributed."""

    path: str  # relative to the input root (POSIX), never absolute
    sha256: str  # of the file bytes ('' if not read)
    n_records: int  # records this source contributed (articles + rejected)


@dataclass(frozen=True)
class Note:
    """A problem that did not cost the record its article (e.g. a date that does not parse)."""

    source: str
    position: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.position}: {self.field}: {self.message}"


@dataclass(frozen=True)
class IngestOutput:
    """Everything read from one input: articles, rejected rows, and per-file provenance."""

    articles: list[RawArticle]
    rejected: list[Rejected]
    sources: list[SourceFile]
    notes: list[Note] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # hidden entries, not records

    def __post_init__(self) -> None:
        # A broken identity is a bug in this module, never bad input: fail loudly.
        total = sum(s.n_records for s in self.sources)
        if total != self.n_records:
            raise AssertionError(f"sources account for {total} records, rows are {self.n_records}")

    @property
    def n_records(self) -> int:
        return len(self.articles) + len(self.rejected)


# --------------------------------------------------------------------------- ids and text


def normalise_for_id(text: str) -> str:
    """NFKC and collapsed whitespace: reflowed or re-encoded copies of a text share an id."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _safe_id(raw: str) -> str:
    stripped = raw.strip()
    safe = (
        _UNSAFE_ID_CHARS.sub("_", unicodedata.normalize("NFKC", stripped)).lstrip(".-").rstrip(".")
    )
    if safe == stripped and len(safe) <= MAX_ID_LEN:
        return safe
    # Changed or shortened: add a hash of the original so distinct ids stay distinct.
    suffix = _sha256_text(stripped)[:12]
    return f"{safe[: MAX_ID_LEN - 13].rstrip('._-') or 'id'}_{suffix}"


def article_id_for(input_id: str | None, text: str) -> str:
    """Return a stable article id that is safe as a file name.

    The given id is kept when it consists of ``A-Za-z0-9._,+=@-`` (no path separators, no
    ``:`` which separates the parts of `sentence_id`), does not start with ``.`` (hidden
    files, ``..``) or ``-`` (read as an option), does not end with ``.`` and has at most
    `MAX_ID_LEN` characters; otherwise the unsafe characters are replaced by ``_`` and a hash
    of the original id is appended, so two different ids never collide.
    Without an id (None or blank), the id is ``sha256-`` plus the first 16 hex digits of the
    SHA-256 of `normalise_for_id(text)`.
    """
    if input_id is not None and input_id.strip():
        return _safe_id(input_id)
    return "sha256-" + _sha256_text(normalise_for_id(text))[:_HEX_ID_LEN]


def _scrub(value: str) -> tuple[str, int]:
    """Replace lone surrogates (JSON allows "\\ud800") with U+FFFD: Parquet needs UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.subn("\ufffd", value)
    return value, 0


def _bytes_excerpt(data: bytes) -> str:
    # latin-1 maps every byte to one character, so escape_excerpt shows the bytes as \xNN.
    return escape_excerpt(data[: EXCERPT_CHARS + 1].decode("latin-1"))


# --------------------------------------------------------------------------- dates


def parse_published(value: object) -> tuple[dt.date | None, str | None]:
    """Parse a publication date; return (date, None), (None, problem) or (None, None) if absent.

    Accepted: `date`/`datetime` values (Parquet), ISO 8601 dates and date-times (the date as
    written, not converted to UTC), RFC 2822 ("Thu, 25 Jun 2020 10:00:00 GMT") and a few
    unambiguous English layouts ("25 June 2020", "June 25, 2020", "2020/06/25"). Numeric
    day/month layouts such as 01/02/2020 are ambiguous and not guessed.
    """
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        parsed: dt.date | None = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None, None
        parsed = _parse_date_text(text)
        if parsed is None:
            return None, f"could not parse {escape_excerpt(text, 60)!r} as a date"
    else:
        return None, f"expected a date string, got {json_type(value)}"
    if not MIN_DATE <= parsed <= MAX_DATE:
        return None, f"{parsed.isoformat()} is outside {MIN_DATE.year}-{MAX_DATE.year}"
    return parsed, None


def _parse_date_text(text: str) -> dt.date | None:
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
        try:
            return parse(text)
        except ValueError:
            pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for layout in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            pass
    return None


def split_date_header(text: str) -> tuple[str | None, str]:
    """Split a leading ``date YYYY-MM-DD`` header (own line or inline) from a .txt text.

    Returns the date string (unparsed) or None, and the text without the header.
    """
    match = _DATE_HEADER.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end() :]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class StoredArticle:
    """An article an earlier batch already stored: a record with its id is a duplicate."""

    source: str
    position: int
    content_hash: str
    batch: str


#: Columns of `raw_articles` that `stored_articles` reads.
STORED_COLUMNS = ["article_id", "source", "position", "content_hash"]


def stored_articles(batches: Mapping[str, pa.Table]) -> dict[str, StoredArticle]:
    """Article id -> where it was stored, from the `STORED_COLUMNS` of earlier batches."""
    out: dict[str, StoredArticle] = {}
    for batch, table in sorted(batches.items()):
        rows = zip(*(table.column(c).to_pylist() for c in STORED_COLUMNS), strict=True)
        for article_id, source, position, content_hash in rows:
            out.setdefault(article_id, StoredArticle(source, position, content_hash, batch))
    return out


@dataclass(frozen=True)
class TextCheck:
    """The outcome of `check_text`: the usable text, or why the value cannot be coded."""

    text: str | None
    reason: RejectReason | None = None
    message: str = ""
    replaced: int = 0  # lone surrogates replaced with U+FFFD


def check_text(value: object, max_chars: int = MAX_RECORD_CHARS) -> TextCheck:
    """Whether a record's `text` value can be coded, with a message a user can act on.

    One rule for every reader: `etl run` turns a failure into a `rejected_inputs` row, and
    `etl code --jsonl` into an error answer with the same reason code.
    """
    if isinstance(value, bytes | bytearray):
        decoded = decode_bytes(bytes(value))
        if decoded.text is None:
            assert decoded.reason is not None
            return TextCheck(None, decoded.reason, f"text: {decoded.message}")
        value = decoded.text
    if value is None:
        return TextCheck(
            None,
            RejectReason.MISSING_TEXT,
            "'text' is missing or null; every record needs its article text in 'text'",
        )
    if not isinstance(value, str):
        return TextCheck(
            None,
            RejectReason.WRONG_TYPE,
            f"'text' must be a string, got {json_type(value)}",
        )
    # Size first: the checks below copy the text.
    if len(value) > max_chars:
        return TextCheck(
            None,
            RejectReason.TOO_LARGE,
            f"'text' has {len(value)} characters, over the {max_chars} limit for one article; "
            "split it",
        )
    text, n_bad = _scrub(value)
    if "\x00" in text:
        return TextCheck(None, RejectReason.BINARY, "'text' contains NUL characters (binary data?)")
    if not text.strip():
        return TextCheck(None, RejectReason.EMPTY, "'text' is empty or only whitespace")
    if not any(ch.isalpha() for ch in text):
        return TextCheck(
            None, RejectReason.NO_SENTENCES, "'text' has no letters, so no sentence to code"
        )
    return TextCheck(text, replaced=n_bad)


def json_type(value: object) -> str:
    """A value's type as a JSON user knows it ("a list", not "list")."""
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        tuple: "a list",
        dict: "an object",
        str: "a string",
    }
    return names.get(type(value), type(value).__name__)


class _Collector:
    """Turns candidate records into articles or rejections and keeps the per-source counts."""

    def __init__(
        self, max_record_chars: int, stored: Mapping[str, StoredArticle] | None = None
    ) -> None:
        self.max_record_chars = max_record_chars
        self.stored = stored or {}
        self.articles: list[RawArticle] = []
        self.rejected: list[Rejected] = []
        self.notes: list[Note] = []
        self.counts: dict[str, int] = {}
        # article_id -> (source, position, hash of the normalised text) of its first record
        self.seen: dict[str, tuple[str, int, str]] = {}

    def reject(
        self, source: str, position: int, reason: RejectReason, message: str, excerpt: str
    ) -> None:
        self.counts[source] = self.counts.get(source, 0) + 1
        self.rejected.append(
            Rejected(
                source=source,
                position=position,
                reason=reason,
                message=message,
                excerpt=_scrub(excerpt)[0],
            )
        )

    def note(self, source: str, position: int, name: str, message: str) -> None:
        self.notes.append(Note(source, position, name, message))

    def _text(self, source: str, position: int, value: object, excerpt: str) -> str | None:
        """Validate the `text` value; reject and return None when it cannot be an article."""
        checked = check_text(value, self.max_record_chars)
        if checked.reason is not None:
            self.reject(source, position, checked.reason, checked.message, excerpt)
            return None
        if checked.replaced:
            self.note(
                source,
                position,
                "text",
                f"{checked.replaced} lone surrogate(s) replaced with U+FFFD",
            )
        return checked.text

    def _input_id(
        self, source: str, position: int, value: object, excerpt: str
    ) -> tuple[bool, str | None]:
        if value is None:
            return True, None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.reject(
                source,
                position,
                RejectReason.WRONG_TYPE,
                f"'id' must be a string or an integer, got {json_type(value)}",
                excerpt,
            )
            return False, None
        raw = _scrub(str(value))[0].strip()
        return True, raw or None

    def _meta(self, source: str, position: int, name: str, value: object) -> str | None:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.note(
                source, position, name, f"expected a string, got {type(value).__name__}; dropped"
            )
            return None
        text = _scrub(str(value))[0].strip()
        if len(text) > MAX_META_CHARS:
            self.note(
                source, position, name, f"{len(text)} characters, over {MAX_META_CHARS}; dropped"
            )
            return None
        return text or None

    def record(
        self,
        source: str,
        position: int,
        fields: Mapping[str, object],
        *,
        encoding: str,
        excerpt: str,
        published: object = None,
    ) -> None:
        """One candidate record: `fields` has canonical names (see FIELD_ALIASES)."""
        text = self._text(source, position, fields.get("text"), excerpt)
        if text is None:
            return
        ok, input_id = self._input_id(source, position, fields.get("id"), excerpt)
        if not ok:
            return
        article_id = article_id_for(input_id, text)
        if input_id is not None and article_id != input_id:
            self.note(
                source,
                position,
                "id",
                f"{escape_excerpt(input_id, 60)!r} is not safe as a file name; "
                f"article_id is {article_id!r}",
            )
        content_hash = _sha256_text(text)
        text_key = _sha256_text(normalise_for_id(text))
        earlier = self.stored.get(article_id)
        if earlier is not None:
            same = (
                "the same text: a repeated record"
                if earlier.content_hash == content_hash
                else "a different text: conflicting records"
            )
            self.reject(
                source,
                position,
                RejectReason.DUPLICATE_ID,
                f"article_id {article_id!r} is already stored from {earlier.source} position "
                f"{earlier.position} (batch {earlier.batch}) with {same}; the stored record wins",
                excerpt,
            )
            return
        first = self.seen.get(article_id)
        if first is not None:
            same = (
                "the same text (up to whitespace and Unicode form): a repeated record"
                if first[2] == text_key
                else "a different text: conflicting records"
            )
            self.reject(
                source,
                position,
                RejectReason.DUPLICATE_ID,
                f"article_id {article_id!r} was already read from {first[0]} position "
                f"{first[1]} with {same}; the first record wins",
                excerpt,
            )
            return
        date_value = fields.get("published") if published is None else published
        published_input, problem = parse_published(date_value)
        if problem:
            self.note(source, position, "published", problem + "; published_input left empty")
        self.seen[article_id] = (source, position, text_key)
        self.counts[source] = self.counts.get(source, 0) + 1
        self.articles.append(
            RawArticle(
                article_id=article_id,
                source=source,
                position=position,
                input_id=input_id,
                title=self._meta(source, position, "title", fields.get("title")),
                url=self._meta(source, position, "url", fields.get("url")),
                publisher=self._meta(source, position, "publisher", fields.get("publisher")),
                published_input=published_input,
                encoding=encoding,
                raw_text=text,
                content_hash=content_hash,
            )
        )


def _canonical(row: Mapping[object, object]) -> dict[str, object]:
    """Map input column names (case-insensitive, with aliases) to canonical field names."""
    lowered: dict[str, object] = {}
    for key, value in row.items():
        name = str(key).strip().lstrip("\ufeff").lower()
        lowered.setdefault(name, value)
    out: dict[str, object] = {}
    for canonical, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                out[canonical] = lowered[alias]
                break
    return out


# --------------------------------------------------------------------------- formats


def _read_txt(c: _Collector, source: str, data: bytes) -> None:
    decoded = decode_bytes(data)
    if decoded.text is None:
        assert decoded.reason is not None
        c.reject(source, 0, decoded.reason, decoded.message, _bytes_excerpt(data))
        return
    header, text = split_date_header(decoded.text)
    c.record(
        source,
        0,
        {"text": text},
        encoding=decoded.encoding,
        excerpt=escape_excerpt(decoded.text),
        published=header,
    )


def _read_jsonl(c: _Collector, source: str, text: str, encoding: str) -> None:
    # Split on "\n" only: str.splitlines() would also split on U+2028 and friends, which
    # are legal inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        excerpt = escape_excerpt(line)
        try:
            obj = json.loads(line)
        except RecursionError:
            c.reject(source, number, RejectReason.MALFORMED, "JSON nested too deeply", excerpt)
            continue
        except ValueError as exc:  # JSONDecodeError, and int digit limits
            c.reject(source, number, RejectReason.MALFORMED, f"not valid JSON: {exc}", excerpt)
            continue
        if not isinstance(obj, dict):
            c.reject(
                source,
                number,
                RejectReason.WRONG_TYPE,
                f"each line must be a JSON object, got {json_type(obj)}",
                excerpt,
            )
            continue
        fields = _canonical(obj)
        c.record(source, number, fields, encoding=encoding, excerpt=excerpt)


def _read_csv(c: _Collector, source: str, text: str, encoding: str) -> None:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    consumed = 0
    lines: list[str] | None = None  # split only if a row is malformed
    while True:
        start = consumed + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            consumed = reader.line_num
            span = f"line {start}" if consumed <= start else f"lines {start}-{consumed}"
            lines = text.split("\n") if lines is None else lines
            c.reject(
                source,
                start,
                RejectReason.MALFORMED,
                f"CSV error on {span}: {exc}",
                escape_excerpt(lines[start - 1] if start <= len(lines) else ""),
            )
            continue
        consumed = reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        excerpt = escape_excerpt(",".join(row))
        if header is None:
            header = row
            continue
        if len(row) != len(header):
            c.reject(
                source,
                start,
                RejectReason.MALFORMED,
                f"expected {len(header)} fields as in the header, found {len(row)}",
                excerpt,
            )
            continue
        fields = _canonical({h: (v if v != "" else None) for h, v in zip(header, row, strict=True)})
        if "text" in fields and fields["text"] is None:
            fields["text"] = ""  # an empty cell is an empty text, not a missing column
        c.record(source, start, fields, encoding=encoding, excerpt=excerpt)


def _read_parquet(c: _Collector, source: str, data: bytes) -> int:
    """Read rows batch by batch; return the number of rows accounted for."""
    row_number = 0
    try:
        parquet = pq.ParquetFile(pa.BufferReader(data))
        for batch in parquet.iter_batches(batch_size=256):
            try:
                rows: Iterable[dict] = batch.to_pylist()
            except (pa.ArrowException, ValueError):
                rows = _rows_one_by_one(batch)
            for row in rows:
                row_number += 1
                if row is None:
                    c.reject(
                        source,
                        row_number,
                        RejectReason.UNDECODABLE,
                        "row could not be converted (invalid UTF-8 in a string column?)",
                        "",
                    )
                    continue
                fields = _canonical(row)
                value = fields.get("text")
                excerpt = (
                    escape_excerpt(value) if isinstance(value, str) else escape_excerpt(repr(row))
                )
                c.record(source, row_number, fields, encoding="utf-8", excerpt=excerpt)
    except (pa.ArrowException, OSError, ValueError) as exc:
        c.reject(
            source,
            0,
            RejectReason.MALFORMED,
            f"Parquet read failed after {row_number} rows: {exc}",
            _bytes_excerpt(data[:64]),
        )
    return row_number


def _rows_one_by_one(batch: pa.RecordBatch) -> list[dict | None]:
    rows: list[dict | None] = []
    for i in range(batch.num_rows):
        try:
            rows.append(batch.slice(i, 1).to_pylist()[0])
        except (pa.ArrowException, ValueError):
            rows.append(None)
    return rows


def _read_entry(c: _Collector, entry: InputEntry, max_bytes: int) -> str:
    """Read one entry into the collector; return the file's sha256 ('' if not read)."""
    source = entry.rel
    if entry.problem is not None:
        c.reject(source, 0, entry.problem[0], entry.problem[1], "")
        return ""
    assert entry.path is not None
    fmt = FORMATS.get(Path(entry.path.name).suffix.lower())
    if fmt is None:
        c.reject(
            source,
            0,
            RejectReason.UNSUPPORTED,
            f"unsupported file type; inputs are {', '.join(sorted(FORMATS))}",
            "",
        )
        return ""
    data, sha, problem = read_bounded(entry.path, max_bytes)
    if problem is not None or data is None:
        assert problem is not None
        c.reject(source, 0, problem[0], problem[1], "")
        return sha
    before = c.counts.get(source, 0)
    if not data.strip():
        c.reject(source, 0, RejectReason.EMPTY, "empty file", _bytes_excerpt(data))
        return sha
    if fmt == "txt":
        _read_txt(c, source, data)
    elif fmt == "parquet":
        _read_parquet(c, source, data)
    else:
        decoded = decode_bytes(data, allow_controls=True)
        if decoded.text is None:
            assert decoded.reason is not None
            c.reject(source, 0, decoded.reason, decoded.message, _bytes_excerpt(data))
            return sha
        (_read_jsonl if fmt == "jsonl" else _read_csv)(c, source, decoded.text, decoded.encoding)
    if c.counts.get(source, 0) == before:
        what = "a header but no rows" if fmt == "csv" else "no records"
        c.reject(source, 0, RejectReason.EMPTY, f"file has {what}", _bytes_excerpt(data))
    return sha


def read_inputs(
    path: Path,
    *,
    only: Collection[str] | None = None,
    stored: Mapping[str, StoredArticle] | None = None,
    max_bytes: int = MAX_BYTES,
    max_record_chars: int = MAX_RECORD_CHARS,
) -> IngestOutput:
    """Read a folder (recursively, in sorted path order) or one file of articles.

    Args:
        path: a folder of .txt/.jsonl/.ndjson/.csv/.parquet files, or one such file.
        only: read just these entries (`InputFile.path` values: one batch); ids and paths
            are the same as when the whole folder is read.
        stored: articles earlier batches stored, by id: a record with one of these ids is
            rejected as `duplicate_id` (a file copied in again under another name).
        max_bytes: files larger than this are rejected as too_large without being loaded.
        max_record_chars: records with a longer text are rejected as too_large.

    Returns:
        Articles, rejected rows, per-file provenance, notes and skipped hidden entries;
        `n_records == len(articles) + len(rejected)` and every file's count adds up to it.

    Raises:
        EtlError: E001 when `path` does not exist (misuse, not bad input).
    """
    entries, skipped = input_entries(path)
    if only is not None:
        wanted = set(only)
        entries = [e for e in entries if e.rel in wanted]
    collector = _Collector(max_record_chars, stored)
    # csv refuses fields over 128 KiB by default; the file bound is the real limit here.
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(max_bytes, old_limit))
    try:
        sources = []
        for entry in entries:
            sha = _read_entry(collector, entry, max_bytes)
            sources.append(SourceFile(entry.rel, sha, collector.counts.get(entry.rel, 0)))
    finally:
        csv.field_size_limit(old_limit)
    return IngestOutput(
        articles=collector.articles,
        rejected=collector.rejected,
        sources=sources,
        notes=collector.notes,
        skipped=skipped,
    )
