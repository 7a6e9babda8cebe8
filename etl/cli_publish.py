"""CLI commands for the research outputs: `etl export`, `etl diff`, `etl report`, `etl actors`.

`etl.cli` calls `register(app)`; each command is a thin shell over a stage function.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from etl.errors import EtlError
from etl.settings import REPO_ROOT

console = Console()
err = Console(stderr=True)

WarehouseOpt = Annotated[Path, typer.Option("--warehouse", help="Warehouse folder.")]
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse"


def _fail(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(code=2)


def export(
    fmt: Annotated[str, typer.Option("--format", help="gdelt (GDELT 2.0 TSV), csv or parquet.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    table: Annotated[
        str, typer.Option(help="Table or view to write (gdelt format: gdelt_events only).")
    ] = "gdelt_events",
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
) -> None:
    """Write the GDELT-shaped events (or any table) as GDELT TSV, CSV or Parquet."""
    from etl.publish.export import export as run_export

    try:
        result = run_export(warehouse, fmt, out, table)
    except EtlError as exc:
        _fail(exc)
    console.print(f"wrote {result.rows} rows of {result.table} as {result.fmt} to {result.path}")


def _jsonable(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def diff(
    old: Annotated[Path, typer.Argument(help="The earlier warehouse folder.")],
    new: Annotated[Path, typer.Argument(help="The later warehouse folder.")],
    limit: Annotated[int, typer.Option(help="Rows shown per list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full diff as JSON.")] = False,
) -> None:
    """List events added, removed and changed between two warehouses (exit 1 if any)."""
    from dataclasses import asdict

    from etl.publish.diff import diff_warehouses

    try:
        result = diff_warehouses(old, new)
    except EtlError as exc:
        _fail(exc)
    if as_json:
        data = asdict(result)
        typer.echo(json.dumps(data, default=_jsonable, indent=2, ensure_ascii=False))
        raise typer.Exit(code=0 if result.identical else 1)
    summary = Table(title=f"etl diff {old} → {new}", show_header=False)
    for label, value in (
        ("events in old / new", f"{result.old_events} / {result.new_events}"),
        ("unchanged", result.unchanged),
        ("added", len(result.added)),
        ("removed", len(result.removed)),
        ("changed", len(result.changed)),
        ("one-a-day rows added / removed / recounted",
         f"{len(result.daily_added)} / {len(result.daily_removed)} / {len(result.daily_changed)}"),
    ):  # fmt: skip
        summary.add_row(label, str(value))
    for side, run in (("old", result.old_run), ("new", result.new_run)):
        if run:
            files = run.get("dictionary_files") or []
            extra = f" + {', '.join(Path(str(f)).name for f in files)}" if files else ""
            summary.add_row(
                f"{side} run", f"{run['run_id']} dictionaries {run['dictionary_version']}{extra}"
            )
    console.print(summary)
    for title, rows in (("Added", result.added), ("Removed", result.removed)):
        if rows:
            table = Table(title=f"{title} events ({len(rows)})")
            for name in rows[0]:
                table.add_column(name)
            for row in rows[:limit]:
                table.add_row(*(str(_jsonable(v)) for v in row.values()))
            console.print(table)
    if result.changed:
        table = Table(title=f"Changed events ({len(result.changed)})")
        for name in ("old event_id", "new event_id", "matched by", "changes"):
            table.add_column(name)
        for change in result.changed[:limit]:
            moves = "; ".join(f"{k}: {a} → {b}" for k, (a, b) in change.changes.items())
            table.add_row(change.old_event_id, change.new_event_id, change.matched_by, moves)
        console.print(table)
    raise typer.Exit(code=0 if result.identical else 1)


def report(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    out: Annotated[
        Path | None, typer.Option(help="HTML file (default: WAREHOUSE/report.html).")
    ] = None,
) -> None:
    """Render report.html from an existing warehouse (the `report` asset does it in a run)."""
    from etl.publish.report import render_report
    from etl.warehouse import connect_read_only

    try:
        con = connect_read_only(warehouse)
    except EtlError as exc:
        _fail(exc)
    with contextlib.closing(con):
        result = render_report(con, out or warehouse / "report.html")
    console.print(f"wrote {result.path} ({len(result.charts)} charts)")


actors_app = typer.Typer(help="Curate the actor dictionary from what the coder missed.")


@actors_app.command("suggest")
def actors_suggest(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    out: Annotated[
        Path | None, typer.Option(help="Patch file (default: WAREHOUSE/actors.patch).")
    ] = None,
    min_mentions: Annotated[int, typer.Option(help="Leave out rarer names.")] = 1,
    dictionary: Annotated[
        Path | None,
        typer.Option(help="Actor dictionary folder to check against (default: package)."),
    ] = None,
) -> None:
    """Write actor_candidates as a dictionary patch to review, then apply with `etl actors add`."""
    from etl.contracts import from_table
    from etl.publish.actor_patch import build_actor_patch, render_actor_patch
    from etl.records import ActorCandidate
    from etl.warehouse import connect_read_only

    try:
        con = connect_read_only(warehouse)
    except EtlError as exc:
        _fail(exc)
    with contextlib.closing(con):
        names = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if "actor_candidates" not in names:
            _fail(EtlError(f"{warehouse} has no actor_candidates table: run `etl run` first."))
        candidates = from_table(
            con.sql("SELECT * FROM actor_candidates ORDER BY rank").to_arrow_table(), ActorCandidate
        )
    try:
        patch = build_actor_patch(candidates, folder=dictionary, min_mentions=min_mentions)
    except EtlError as exc:
        _fail(exc)
    path = out or warehouse / "actors.patch"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_actor_patch(patch, str(warehouse)), encoding="utf-8")
    rows = ", ".join(f"{name} {len(lines) - 1} rows" for name, lines in patch.sections.items())
    console.print(
        f"wrote {path}: {rows}; commented out: {patch.to_complete} to complete (code or date), "
        f"{patch.flagged} flagged as no actor. Review it, then: etl actors add {path}"
    )


@actors_app.command("add")
def actors_add(
    patch: Annotated[Path, typer.Argument(help="A reviewed patch from `etl actors suggest`.")],
    into: Annotated[
        Path | None,
        typer.Option(
            help="Dictionary folder to extend (default: the package's etl/dictionaries/actors)."
        ),
    ] = None,
) -> None:
    """Append a reviewed patch to the actor dictionary, after validating the result."""
    from etl.publish.actor_patch import apply_actor_patch

    try:
        result = apply_actor_patch(patch, into)
    except EtlError as exc:
        _fail(exc)
    added = ", ".join(f"{n} rows to {name}" for name, n in result.added.items() if n) or "nothing"
    console.print(f"added {added} in {result.folder} (dictionary version {result.version})")


dictionaries_app = typer.Typer(help="Check the dictionary files a run codes with.")


@dictionaries_app.command("check")
def dictionaries_check(
    actors: Annotated[
        Path | None,
        typer.Option(help="Actor folder in place of etl/dictionaries/actors/ (as etl run)."),
    ] = None,
    dictionaries: Annotated[
        list[Path] | None,
        typer.Option(help="PETRARCH/Phoenix dictionary folder or file (repeatable, as etl run)."),
    ] = None,
    dictionaries_only: Annotated[
        bool, typer.Option(help="The PETRARCH set in place of the project's own.")
    ] = False,
) -> None:
    """Load every dictionary file with its loader and report each file group (exit 1 on an
    error): the check to run after an edit, in about two seconds."""
    from etl.coding.dictionary_set import DictionarySpec
    from etl.dictionary_check import check_dictionaries

    missing = [str(p) for p in [*(dictionaries or []), *([actors] if actors else [])]]
    missing = [p for p in missing if not Path(p).exists()]
    if missing:
        _fail(EtlError(f"no such file or folder: {', '.join(missing)}"))
    spec = DictionarySpec(
        paths=tuple(str(p.resolve()) for p in dictionaries or []),
        only=dictionaries_only,
        actors=str(actors.resolve()) if actors else None,
    )
    results = check_dictionaries(spec)
    table = Table("files", "entries", "result", "time", title="etl dictionaries check")
    for r in results:
        verdict = "[green]ok[/green]" if r.ok else "[red]error[/red] (below)"
        if r.ok and r.notes:
            verdict += f" ({len(r.notes)} notes)"
        entries = "" if r.entries is None else str(r.entries)
        table.add_row(r.name, entries, verdict, f"{r.seconds:.2f} s")
    console.print(table)
    for r in results:  # in full below the table, which shortens nothing but wraps it
        what = r.name.split(" (")[0]
        if not r.ok:
            err.print(f"[red]error[/red] in {what}: {r.error}", soft_wrap=True)
        for line in r.notes[:10]:
            console.print(f"note ({what}): {line}", soft_wrap=True)
    if not all(r.ok for r in results):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main `etl` app."""
    app.command("export")(export)
    app.command("diff")(diff)
    app.command("report")(report)
    app.add_typer(actors_app, name="actors")
    app.add_typer(dictionaries_app, name="dictionaries")
