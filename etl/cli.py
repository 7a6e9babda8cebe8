"""The `etl` command line: run the pipeline, code text, query and inspect the warehouse."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from etl.errors import Errors, EtlError
from etl.settings import REPO_ROOT, Settings

app = typer.Typer(help="Open, auditable CAMEO event-data ETL.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

InputOpt = Annotated[Path, typer.Option("--input", help="Folder or .jsonl/.csv/.parquet file.")]
WarehouseOpt = Annotated[Path, typer.Option("--warehouse", help="Warehouse folder.")]
ModelOpt = Annotated[str, typer.Option("--spacy-model", help="spaCy pipeline; 'auto' picks one.")]
DictionariesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--dictionaries",
        help="PETRARCH/Phoenix dictionary folder or file (repeatable), layered on the project's.",
    ),
]
OnlyOpt = Annotated[
    bool,
    typer.Option(
        "--dictionaries-only", help="Code with --dictionaries in place of the project's own."
    ),
]
PrecedenceOpt = Annotated[
    str,
    typer.Option(
        "--precedence",
        help="Where both sets know an entry: user (names and verb forms), names (user names, "
        "own verb forms) or own.",
    ),
]

ActorsOpt = Annotated[
    Path | None,
    typer.Option(
        "--actors",
        help="Actor folder in place of etl/dictionaries/actors/ (etl actors add --into DIR).",
    ),
]


def _actors_folder(actors: Path | None) -> Path | None:
    if actors is not None and not actors.is_dir():
        _fail(EtlError(f"--actors: {actors} is not a folder of actor files"))
    return actors.resolve() if actors is not None else None


def _dictionary_spec(
    paths: list[Path] | None, only: bool, precedence: str, cache_dir: Path | None = None
):  # -> DictionarySpec, imported lazily so that the CLI starts fast
    """The dictionary set the options name, checked before anything is loaded."""
    from etl.coding.dictionary_set import DictionarySpec, Precedence

    paths = paths or []
    if only and not paths:
        _fail(EtlError("--dictionaries-only needs --dictionaries PATH"))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(EtlError(f"--dictionaries: no such file or folder: {', '.join(missing)}"))
    try:
        order = Precedence(precedence)
    except ValueError:
        _fail(EtlError(f"--precedence must be one of user, names, own, not {precedence!r}"))
    return DictionarySpec(
        paths=tuple(str(p.resolve()) for p in paths),
        only=only,
        precedence=order,
        cache_dir=str(cache_dir) if cache_dir is not None else None,
    )


def _check_run_paths(input: Path, warehouse: Path, rebuild: bool) -> None:
    """Misuse `etl run` can only report half-way through, reported before anything runs."""
    from etl.articles.batches import BATCHES_DIR, load_batches
    from etl.articles.files import list_inputs
    from etl.articles.ingest import FORMATS

    if warehouse.exists() and not warehouse.is_dir():
        raise EtlError(Errors.E007.format(path=warehouse))
    if input.is_dir() and warehouse.is_relative_to(input):
        raise EtlError(Errors.E008.format(warehouse=warehouse, input=input))
    if list_inputs(input):
        return
    registered = (
        not rebuild and (warehouse / BATCHES_DIR).is_dir() and load_batches(warehouse / BATCHES_DIR)
    )
    if not registered:
        raise EtlError(Errors.E009.format(path=input, formats=", ".join(FORMATS)))


def _fail(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(code=2)


@app.command()
def run(
    input: InputOpt = REPO_ROOT / "seeds",
    warehouse: WarehouseOpt = REPO_ROOT / "warehouse",
    spacy_model: ModelOpt = "auto",
    n_process: Annotated[int, typer.Option(min=1, help="spaCy worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Texts per nlp.pipe batch.")] = 64,
    executor: Annotated[
        str, typer.Option(help="Where steps run: in_process, multiprocess or dask.")
    ] = "in_process",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler tcp://HOST:PORT (dask; default: a local cluster)."),
    ] = None,
    batch_max_mb: Annotated[
        float,
        typer.Option(min=0.001, help="Cap of one batch of new input files (MB); bounds memory."),
    ] = 8.0,
    rebuild: Annotated[
        bool,
        typer.Option(
            help="Start over: delete tables, dedup index and batches (runs history kept)."
        ),
    ] = False,
    dictionaries: DictionariesOpt = None,
    dictionaries_only: OnlyOpt = False,
    precedence: PrecedenceOpt = "names",
    actors: ActorsOpt = None,
) -> None:
    """Process new input files (one batch per ~8 MB), rebuild the tables over all batches and
    print a summary. Files already processed are not read again; batches coded with other
    dictionaries (or another coder) are re-coded, saying which files changed."""
    from etl.runner import PREVIOUS_DIR, run_pipeline, summary_rows

    spec = _dictionary_spec(dictionaries, dictionaries_only, precedence)
    settings = Settings(
        dictionaries=tuple(Path(p) for p in spec.paths),
        dictionaries_only=spec.only,
        dictionary_precedence=str(spec.precedence),
        actors=_actors_folder(actors),
        input=input.resolve(),
        warehouse=warehouse.resolve(),
        spacy_model=spacy_model,
        n_process=n_process,
        batch_size=batch_size,
        batch_max_mb=batch_max_mb,
    )
    try:
        _check_run_paths(settings.input, settings.warehouse, rebuild)
    except EtlError as exc:
        _fail(exc)
    cores = os.cpu_count() or 1
    if n_process > cores:
        err.print(
            f"[yellow]note:[/yellow] --n-process {n_process} on {cores} core(s): each worker "
            "loads its own spaCy pipeline (~1.5 GB) and they share the cores; "
            f"--n-process {cores} is usually fastest."
        )
    started = time.perf_counter()
    try:
        with console.status("[bold]Running the pipeline…", spinner="dots"):
            result = run_pipeline(
                settings,
                executor=executor,
                scheduler=scheduler,
                rebuild=rebuild,
                note=lambda line: console.print(f"[bold]{line}[/bold]"),
            )
    except EtlError as exc:
        _fail(exc)
    elapsed = time.perf_counter() - started
    table = Table(title=f"etl run → {settings.warehouse}", show_header=False)
    table.add_row("batches processed", ", ".join(result.batches) or "none (no new input)")
    for key, changed in result.recoded.items():
        table.add_row(f"  {key} re-coded", f"{', '.join(changed)} changed")
    try:
        rows = summary_rows(settings.warehouse)
    except EtlError:
        rows = []  # the run failed before the first snapshot: the failure below says why
    for name, value in rows:
        table.add_row(name, str(value))
    for step, seconds in result.step_seconds.items():
        table.add_row(f"  time {step}", f"{seconds:.2f} s")
    table.add_row("time", f"{elapsed:.1f} s")
    console.print(table)
    if result.recoded and result.success:
        previous = settings.warehouse / PREVIOUS_DIR
        console.print(f"what the re-code changed: etl diff {previous} {settings.warehouse}")
    if not result.success:
        err.print("[red]run failed:[/red] " + "; ".join(result.failures))
        raise typer.Exit(code=1)


@app.command()
def code(
    text: Annotated[str | None, typer.Argument(help="Text to code (omit with --jsonl).")] = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Read JSONL {id,text,date} from stdin.")
    ] = False,
    date: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
    spacy_model: ModelOpt = "auto",
    dictionaries: DictionariesOpt = None,
    dictionaries_only: OnlyOpt = False,
    precedence: PrecedenceOpt = "names",
    actors: ActorsOpt = None,
) -> None:
    """Code text into CAMEO events: one JSON line per input line with --jsonl.

    Every answer echoes the line's id; a line that cannot be coded answers "events": [] with
    an "error" and a "reason" (see etl/coding/jsonl.py).
    """
    from etl.coding.jsonl import CodeRejection, answer_lines, code_request, parse_request

    spec = _dictionary_spec(dictionaries, dictionaries_only, precedence)
    folder = _actors_folder(actors)
    spec = dataclasses.replace(spec, actors=str(folder)) if folder else spec
    if not jsonl:
        if text is None:
            _fail(EtlError("give a text argument, or --jsonl with lines on stdin"))
        request = parse_request(1, json.dumps({"text": text, "date": date}))
        if isinstance(request, CodeRejection):
            _fail(EtlError(request.message.replace("'date'", "--date")))
    coder = _coder(spacy_model, spec)
    if not jsonl:
        answer = code_request(coder, request, spec.only)
        if "error" in answer:
            err.print(f"[yellow]not coded:[/yellow] {answer['error']}")
        console.print_json(json.dumps(answer["events"]))
        return
    for answer in answer_lines(coder, sys.stdin, spec.only):
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _coder(spacy_model: str, spec=None):  # -> Coder, imported lazily: the CLI starts fast
    from etl.coding.nlp import load_model
    from etl.coding.pool import build_coder

    try:
        return build_coder(load_model(Settings(spacy_model=spacy_model).resolved_model()), spec)
    except EtlError as exc:
        _fail(exc)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="A SELECT over the warehouse tables.")],
    warehouse: WarehouseOpt = REPO_ROOT / "warehouse",
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="table (for reading), csv, json (an array) or jsonl (one per line)."
        ),
    ] = "table",
    limit: Annotated[
        int | None,
        typer.Option(help="Rows written at most; 0 for all (default: 50 for a table, else all)."),
    ] = None,
) -> None:
    """Print a query result over the warehouse (opened read-only); says when rows were cut."""
    from etl.publish import query as q

    if fmt not in q.FORMATS:
        _fail(EtlError(f"--format must be one of {', '.join(q.FORMATS)}, not {fmt!r}."))
    try:
        result = q.run_query(warehouse, query, q.default_limit(fmt) if limit is None else limit)
    except EtlError as exc:
        _fail(exc)
    if fmt == "csv":
        q.write_csv(result, sys.stdout)
    elif fmt in ("json", "jsonl"):
        q.write_json(result, sys.stdout, lines=fmt == "jsonl")
    else:
        table = Table(*result.columns)
        for row in q.table_rows(result):
            table.add_row(*row, style=None)
        # Not a terminal (a pipe, a file): no width to fit, so the table keeps its natural
        # width rather than Rich's 80 columns, which squeezed columns to nothing.
        out = console if console.is_terminal else Console(width=1_000_000, soft_wrap=True)
        out.print(table)
    note = q.cut_note(result, fmt)
    if note:
        err.print(f"[yellow]note:[/yellow] {note}")


@app.command()
def schemas(
    out: Annotated[Path, typer.Option(help="Folder to write.")] = REPO_ROOT / "schemas",
) -> None:
    """Regenerate schemas/ (JSON Schema + DuckDB DDL) from the pydantic records."""
    from etl.contracts import table_models, write_schema_files

    for path in write_schema_files(table_models(), out):
        console.print(f"wrote {path}")


@app.command()
def explain(
    event_id: Annotated[str, typer.Argument(help="An event_id from the events table.")],
    warehouse: WarehouseOpt = REPO_ROOT / "warehouse",
) -> None:
    """Show why an event was coded: sentence, spans, rule, dictionary entries, date."""
    from etl.publish.explain import explain_event

    try:
        console.print(explain_event(warehouse, event_id))
    except EtlError as exc:
        _fail(exc)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (gold-dev shape).")],
    spacy_model: ModelOpt = "auto",
    dictionaries: DictionariesOpt = None,
    dictionaries_only: OnlyOpt = False,
    precedence: PrecedenceOpt = "names",
    rows_csv: Annotated[Path | None, typer.Option(help="Write per-item rows to this CSV.")] = None,
) -> None:
    """Score the coder against a gold file: P/R/F1 at three levels and a confusion table."""
    from etl.evaluation import run_evaluation

    spec = _dictionary_spec(dictionaries, dictionaries_only, precedence)
    try:
        console.print(run_evaluation(gold, spacy_model, spec, rows_csv))
    except EtlError as exc:
        _fail(exc)


@app.command()
def dev(
    warehouse: WarehouseOpt = REPO_ROOT / "warehouse",
    port: Annotated[int, typer.Option(help="Port of the UI.")] = 3000,
) -> None:
    """Start the Dagster UI (dagster dev) on the warehouse's instance: the runs, materializations
    and checks of every `etl run` on it, and runs launched from the UI use its settings."""
    from etl.defs.instance import instance_home, write_instance_config

    home = instance_home(warehouse)
    write_instance_config(home)
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    dagster = Path(sys.executable).with_name("dagster")
    args = [str(dagster), "dev", "-m", "etl.definitions", "-p", str(port), "-h", "127.0.0.1"]
    os.execve(args[0], args, env)


def _register_extensions() -> None:
    from etl.cli_publish import register

    register(app)


_register_extensions()
