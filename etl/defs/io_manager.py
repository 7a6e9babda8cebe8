"""IO manager: every table asset is an Arrow table stored as atomic Parquet files."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pyarrow as pa

from etl.warehouse import read_parquet, write_parquet


class WarehouseIOManager(dg.ConfigurableIOManager):
    """Writes `parquet/<asset>.parquet`, or `parquet/<asset>/batch=<key>/data.parquet` for a
    per-batch asset (temp file + rename), and reads them back for downstream steps.

    A step of a batch run reads the run's own batch, also where Dagster offers every batch:
    that is what an asset check of a per-batch table gets, so checks validate the batch just
    written in bounded memory (keys unique *across* batches are checked in DuckDB by the
    `warehouse_db` checks). Assets that need every batch read the files themselves, streamed.
    """

    root: str

    def _name(self, context: dg.OutputContext | dg.InputContext) -> str:
        return context.asset_key.path[-1]

    def handle_output(self, context: dg.OutputContext, obj: pa.Table | None) -> None:
        if obj is None:
            return
        key = context.partition_key if context.has_asset_partitions else None
        path = write_parquet(Path(self.root), self._name(context), obj, partition=key)
        context.add_output_metadata(
            {"dagster/row_count": obj.num_rows, "path": dg.MetadataValue.path(str(path))}
        )

    def load_input(self, context: dg.InputContext) -> pa.Table:
        root, name = Path(self.root), self._name(context)
        if not context.has_asset_partitions:
            return read_parquet(root, name)
        if context.has_partition_key:
            return read_parquet(root, name, partition=context.partition_key)
        keys = context.asset_partition_keys
        return pa.concat_tables([read_parquet(root, name, partition=k) for k in keys])
