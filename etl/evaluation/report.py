"""What `etl evaluate` shows: terminal tables, the headline figures as data, per-record rows.

Kept apart from `scoring` so that the figures are plain data (`EvaluationReport`) and a change
of presentation never touches how they are computed.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from etl.evaluation.scoring import EvaluationReport

#: Names of the Phoenix classes, for reports.
PENTA_NAMES = {
    "0": "neutral (01-02)",
    "1": "verbal cooperation (03-05)",
    "2": "material cooperation (06-08)",
    "3": "verbal conflict (09-13, 16)",
    "4": "material conflict (14-15, 17-20)",
    "none": "no event",
    "unknown": "not a CAMEO code",
}


def write_rows_csv(report: EvaluationReport, path: Path) -> None:
    """Dump the per-item gold vs predicted rows (one CSV line per scored record)."""
    path = Path(path)
    fields = list(report.rows[0]) if report.rows else ["id"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(report.rows)


def report_summary(report: EvaluationReport) -> dict[str, Any]:
    """The headline figures as plain data (for JSON output and the README)."""
    return {
        "n_items": report.n_items,
        "n_skipped": report.n_skipped,
        "coverage": report.coverage,
        "quad_accuracy": report.quad_accuracy,
        "quad_macro_f1": report.quad_macro_f1,
        "levels": {k: vars(v) for k, v in report.levels.items()},
        "per_class": {k: vars(v) for k, v in report.per_class.items()},
        "span_agreement": report.span_agreement,
        "expected_errors": report.expected_errors,
        "rejected": report.rejected,
        "exact": {k: {"exact": e, "records": n} for k, (e, n) in report.exact.items()},
        "notes": list(report.notes),
    }


def render_report(report: EvaluationReport) -> Any:
    """A rich renderable: headline, levels, per-class scores, confusion table, notes."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    def pct(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    head = Text()
    head.append(f"{report.n_items} records scored")
    if report.n_skipped:
        head.append(f" ({report.n_skipped} skipped)")
    head.append(f"; {report.coverage:.1%} got at least one event")
    head.append(f" ({1 - report.coverage:.1%} none).\n" if report.n_items else ".\n")
    head.append(
        f"Sentence-level class (Phoenix 0-4) over {report.n_sentence_level}: accuracy "
        f"{pct(report.quad_accuracy)}, macro-F1 {pct(report.quad_macro_f1)}"
    )
    if report.expected_errors:
        head.append(
            f"\nRecords that must be rejected: {report.rejected} of {report.expected_errors} "
            "produced no event."
        )
    parts: list[Any] = [head]

    levels = Table(title="Event matching", show_lines=False)
    for col in ("level", "precision", "recall", "F1", "gold"):
        levels.add_column(col, justify="left" if col == "level" else "right")
    for name, s in report.levels.items():
        levels.add_row(name, pct(s.precision), pct(s.recall), pct(s.f1), str(s.support))
    parts.append(levels)

    if report.exact:
        exact = Table(title="Exact set of (source, target, code) per record")
        for col in ("records", "exact", "share"):
            exact.add_column(col, justify="left" if col == "records" else "right")
        for key, (hits, n) in report.exact.items():
            exact.add_row(key, f"{hits}/{n}", f"{hits / n:.1%}" if n else "-")
        parts.append(exact)

    per_class = Table(title="Per class (sentence level, main event)")
    for col in ("class", "name", "precision", "recall", "F1", "gold"):
        per_class.add_column(col, justify="left" if col in ("class", "name") else "right")
    for label, s in report.per_class.items():
        per_class.add_row(
            label, PENTA_NAMES.get(label, ""), pct(s.precision), pct(s.recall), pct(s.f1),
            str(s.support),
        )  # fmt: skip
    parts.append(per_class)

    predicted = sorted({p for row in report.confusion.values() for p in row})
    confusion = Table(title="Confusion (rows gold, columns predicted)")
    confusion.add_column("gold \\ predicted")
    for p in predicted:
        confusion.add_column(p, justify="right")
    for g, row in report.confusion.items():
        confusion.add_row(g, *(str(row.get(p, 0)) for p in predicted))
    parts.append(confusion)

    if report.span_agreement:
        spans = Table(title="Actor spans vs gold (token-overlap F1, SQuAD-style)")
        for col in ("side", "F1 (all)", "exact (all)", "F1 (coded)", "coded", "gold"):
            spans.add_column(col, justify="left" if col == "side" else "right")
        sa = report.span_agreement
        for side in ("source", "target"):
            if f"{side}_n" in sa:
                spans.add_row(
                    side, pct(sa[f"{side}_token_f1"]), pct(sa[f"{side}_exact"]),
                    pct(sa[f"{side}_token_f1_coded"]), f"{sa[f'{side}_coded_share']:.1%}",
                    str(int(sa[f"{side}_n"])),
                )  # fmt: skip
        parts.append(spans)
    parts.extend(Text(note, style="dim") for note in report.notes)
    return Group(*parts)
