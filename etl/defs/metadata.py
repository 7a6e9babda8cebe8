"""Dagster metadata derived from the record contracts (column schemas, previews)."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from etl.contracts import columns
from etl.records import Record


def table_schema(model: type[Record]) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=name,
                type=(scalar.__name__ + ("[]" if is_list else "")),
                description=description,
                constraints=dg.TableColumnConstraints(nullable=nullable),
            )
            for name, scalar, nullable, is_list, description in columns(model)
        ]
    )


def asset_out(model: type[Record], **kwargs: object) -> dg.AssetOut:
    """An AssetOut named and documented by its record model."""
    return dg.AssetOut(
        description=model.description,
        metadata={"dagster/column_schema": table_schema(model)},
        **kwargs,  # type: ignore[arg-type]
    )


def spec_metadata(model: type[Record]) -> dict[str, object]:
    return {"dagster/column_schema": table_schema(model)}


def preview(table: pa.Table, limit: int = 5, width: int = 60) -> dg.MetadataValue:
    """A markdown preview of the first rows, long texts shortened for the UI."""
    rows = table.slice(0, limit).to_pylist()
    names = table.schema.names
    if not rows:
        return dg.MetadataValue.md("*(empty)*")

    def cell(value: object) -> str:
        text = str(value).replace("|", "\\|").replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(cell(r[n]) for n in names) + " |" for r in rows]
    return dg.MetadataValue.md("\n".join(lines))


def table_metadata(table: pa.Table) -> dict[str, object]:
    return {"dagster/row_count": table.num_rows, "preview": preview(table)}
