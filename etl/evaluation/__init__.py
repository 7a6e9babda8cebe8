"""Scoring the coder against hand-coded gold sentences (`etl evaluate GOLD.jsonl`).

One module per step, so that "what does a gold record look like", "what codes the sentences",
"what is measured" and "what is printed" each have one place: `gold` reads the gold file,
`coders` builds the function that codes its sentences (the project's coder, or that coder on a
user's PETRARCH dictionaries), `scoring` compares the predictions with the gold (its docstring
says what each figure measures, and why) and `report` renders the figures. `run_evaluation`
is these steps in order, as the CLI runs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from etl.coding.dictionary_set import DictionarySpec
from etl.evaluation.coders import CodeFn, PredictedEvent, gold_code_fn, make_code_fn
from etl.evaluation.gold import GoldEvent, GoldItem, load_gold
from etl.evaluation.report import render_report, report_summary, write_rows_csv
from etl.evaluation.scoring import EvaluationReport, Score, evaluate

__all__ = [
    "CodeFn",
    "EvaluationReport",
    "GoldEvent",
    "GoldItem",
    "PredictedEvent",
    "Score",
    "evaluate",
    "gold_code_fn",
    "load_gold",
    "make_code_fn",
    "render_report",
    "report_summary",
    "run_evaluation",
    "write_rows_csv",
]


def run_evaluation(
    gold: Path,
    spacy_model: str = "auto",
    dictionaries: DictionarySpec | None = None,
    rows_csv: Path | None = None,
) -> Any:
    """Everything `etl evaluate` does: load, code, score, optionally dump rows; a renderable."""
    from etl.coding.nlp import load_model
    from etl.settings import Settings

    items = load_gold(gold)
    nlp = load_model(Settings(spacy_model=spacy_model).resolved_model())
    report = evaluate(items, gold_code_fn(items, nlp, dictionaries))
    if rows_csv is not None:
        write_rows_csv(report, rows_csv)
    return render_report(report)
