"""IO manager: every table asset is an Arrow table stored as one atomic Parquet file."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pyarrow as pa

from etl.warehouse import read_parquet, write_parquet


class WarehouseIOManager(dg.ConfigurableIOManager):
    """Writes `parquet/<asset>.parquet` (temp file + rename); reads it back for downstream."""

    root: str

    def _name(self, context: dg.OutputContext | dg.InputContext) -> str:
        return context.asset_key.path[-1]

    def handle_output(self, context: dg.OutputContext, obj: pa.Table | None) -> None:
        if obj is None:
            return
        path = write_parquet(Path(self.root), self._name(context), obj)
        context.add_output_metadata(
            {"dagster/row_count": obj.num_rows, "path": dg.MetadataValue.path(str(path))}
        )

    def load_input(self, context: dg.InputContext) -> pa.Table:
        return read_parquet(Path(self.root), self._name(context))
