"""`etl export`: write the GDELT-shaped event table (or any warehouse table) out for other tools.

Three formats:

* ``gdelt``: GDELT 2.0's own export layout, tab-separated, no header, the 61 columns in
  GDELT's order, NULL as an empty field, so a reader written for GDELT's ``*.export.CSV``
  files reads it unchanged (only the ``gdelt_events`` view can be written this way);
* ``csv``: comma-separated with a header row (list columns written as DuckDB prints them);
* ``parquet``: Parquet with the table's own types.

The output is written to a temporary file next to it and renamed, so a killed export never
leaves half a file under the requested name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import duckdb

from etl.errors import Errors, EtlError
from etl.warehouse import connect_read_only

ExportFormat = Literal["gdelt", "parquet", "csv"]
FORMATS: tuple[str, ...] = ("gdelt", "parquet", "csv")
GDELT_VIEW = "gdelt_events"

#: The GDELT 2.0 event table: column names, in order, with their DuckDB types (GDELT's
#: INTEGER/FLOAT/STRING; the id and DATEADDED need 64 bits).
GDELT_EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GLOBALEVENTID", "BIGINT"),
    ("SQLDATE", "INTEGER"),
    ("MonthYear", "INTEGER"),
    ("Year", "INTEGER"),
    ("FractionDate", "DOUBLE"),
    *(
        (f"Actor{n}{suffix}", "VARCHAR")
        for n in (1, 2)
        for suffix in (
            "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
            "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
        )
    ),
    ("IsRootEvent", "INTEGER"),
    ("EventCode", "VARCHAR"),
    ("EventBaseCode", "VARCHAR"),
    ("EventRootCode", "VARCHAR"),
    ("QuadClass", "INTEGER"),
    ("GoldsteinScale", "DOUBLE"),
    ("NumMentions", "INTEGER"),
    ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"),
    ("AvgTone", "DOUBLE"),
    *(
        (f"{geo}_{suffix}", typ)
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo")
        for suffix, typ in (
            ("Type", "INTEGER"), ("FullName", "VARCHAR"), ("CountryCode", "VARCHAR"),
            ("ADM1Code", "VARCHAR"), ("ADM2Code", "VARCHAR"), ("Lat", "DOUBLE"),
            ("Long", "DOUBLE"), ("FeatureID", "VARCHAR"),
        )
    ),
    ("DATEADDED", "BIGINT"),
    ("SOURCEURL", "VARCHAR"),
)  # fmt: skip


@dataclass(frozen=True)
class ExportResult:
    path: Path
    table: str
    fmt: str
    rows: int


def gdelt_view_sql() -> str:
    """The SELECT of the gdelt_events view (package data `etl/sql/gdelt_events.sql`)."""
    return resources.files("etl").joinpath("sql", f"{GDELT_VIEW}.sql").read_text("utf-8")


def relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of a warehouse, sorted."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def _literal(path: Path) -> str:
    # COPY takes no bound parameter for its target; the path is quoted, not interpolated raw.
    return "'" + str(path).replace("'", "''") + "'"


def export(root: Path, fmt: ExportFormat | str, out: Path, table: str = GDELT_VIEW) -> ExportResult:
    """Write one table or view of the warehouse at `root` to `out` in format `fmt`.

    Raises:
        EtlError: unknown format or table (E050, E051, E011), or no warehouse (E004).
    """
    if fmt not in FORMATS:
        raise EtlError(Errors.E050.format(fmt=fmt, formats=", ".join(FORMATS)))
    if fmt == "gdelt" and table != GDELT_VIEW:
        raise EtlError(Errors.E051.format(table=table))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    con = connect_read_only(root)
    try:
        known = relations(con)
        if table not in known:
            raise EtlError(Errors.E011.format(table=table, known=", ".join(known)))
        options = {
            "gdelt": "FORMAT csv, DELIMITER '\t', HEADER false, NULLSTR ''",
            "csv": "FORMAT csv, HEADER true",
            "parquet": "FORMAT parquet, COMPRESSION zstd",
        }[fmt]
        # `table` is one of the warehouse's own relation names (checked above).
        copy = f'COPY (SELECT * FROM "{table}") TO {_literal(tmp)} ({options})'  # sql-ok: checked
        con.execute(copy).fetchall()
        count = f'SELECT count(*) FROM "{table}"'  # sql-ok: checked relation name
        rows = con.execute(count).fetchone()[0]  # type: ignore[index]
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(tmp, out)
    return ExportResult(path=out, table=table, fmt=fmt, rows=int(rows))
