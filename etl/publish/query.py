"""`etl sql`: run a user's query on the read-only snapshot and write the rows as a table,
CSV or JSON.

A table is for reading in a terminal, so it shows `limit` rows and says how many were left
out; CSV and JSON are for pipes and files, so they write every row unless a limit is given.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import decimal
import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb

from etl.errors import Errors, EtlError
from etl.warehouse import connect_read_only

FORMATS = ("table", "csv", "json", "jsonl")
#: Rows a table shows when no --limit is given.
TABLE_ROWS = 50


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    #: rows the query returned in all (None: more than shown, count unknown); == len(rows)
    #: when nothing was cut
    total: int | None

    @property
    def cut(self) -> bool:
        return self.total is None or self.total > len(self.rows)


def default_limit(fmt: str) -> int | None:
    """Rows written when the user gives no --limit: a screenful for a table, all otherwise."""
    return TABLE_ROWS if fmt == "table" else None


def run_query(warehouse: Path, query: str, limit: int | None) -> QueryResult:
    """Run `query` on the snapshot (sandboxed: no file or network access).

    Args:
        limit: rows to fetch at most; None or 0 fetches all. When rows are cut, the total is
            counted by DuckDB (`count(*)` over the query), not by fetching the rest.
    """
    if limit is not None and limit < 0:
        raise EtlError(Errors.E013.format(limit=limit))
    limit = limit or None
    con = connect_read_only(warehouse, sandboxed=True)
    # Closed on every path: DuckDB refuses a second connection to the same file with another
    # configuration while this one is open in the process.
    try:
        try:
            rel = con.execute(query)
            columns = [d[0] for d in rel.description or []]
            rows = rel.fetchall() if limit is None else rel.fetchmany(limit + 1)
        except duckdb.Error as exc:
            raise EtlError(_query_problem(exc)) from None
        if limit is None or len(rows) <= limit:
            return QueryResult(columns, rows, len(rows))
        return QueryResult(columns, rows[:limit], _count(con, query))
    finally:
        con.close()


def _query_problem(exc: duckdb.Error) -> str:
    problem = str(exc).strip()
    if isinstance(exc, duckdb.PermissionException) or "read-only" in problem:
        return Errors.E012.format(problem=problem)
    return Errors.E014.format(problem=problem)


def _count(con: duckdb.DuckDBPyConnection, query: str) -> int | None:
    """Rows of `query` in all, or None when it cannot be wrapped (PRAGMA, SHOW, …)."""
    inner = query.strip().rstrip(";")
    try:
        found = con.execute(f"SELECT count(*) FROM ({inner})").fetchone()  # sql-ok: user query
    except duckdb.Error:
        return None
    return int(found[0]) if found else None


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN or infinity
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def cell_text(value: Any) -> str:
    """A value as a table or CSV cell: NULL for a null, lists and structs as JSON."""
    if value is None:
        return "NULL"
    if isinstance(value, list | tuple | dict):
        return json.dumps(_json_value(value), ensure_ascii=False)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def write_csv(result: QueryResult, out: IO[str]) -> None:
    """RFC 4180 CSV with a header; a null is an empty cell."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow("" if v is None else cell_text(v) for v in row)


def write_json(result: QueryResult, out: IO[str], lines: bool) -> None:
    """A JSON array of row objects, or (`lines`) one object per line."""
    objects = (
        {name: _json_value(v) for name, v in zip(result.columns, row, strict=True)}
        for row in result.rows
    )
    if lines:
        for obj in objects:
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        return
    out.write("[")
    for i, obj in enumerate(objects):
        out.write(("," if i else "") + "\n" + json.dumps(obj, ensure_ascii=False))
    out.write("\n]\n" if result.rows else "]\n")


def cut_note(result: QueryResult, fmt: str) -> str | None:
    """What a reader must know when rows were left out, else None."""
    if not result.cut:
        return None
    shown = f"{len(result.rows):,}"
    what = (
        f"showing the first {shown} of {result.total:,} rows"
        if result.total is not None
        else f"showing the first {shown} rows; there are more"
    )
    more = "--limit N shows more, --limit 0 all"
    if fmt == "table":
        more += "; --format csv|json writes every row"
    return f"{what} ({more})"


def table_rows(result: QueryResult) -> Sequence[Sequence[str]]:
    return [[cell_text(v) for v in row] for row in result.rows]
