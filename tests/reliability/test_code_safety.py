"""Issue 7.5: SQL takes values as parameters, and dictionaries and inputs are parsed as data.

These read the package's source: a reviewer's rule made executable. A line that must build
SQL from something other than a quoted identifier (a view body from the package's own .sql
files, say) carries a ``# sql-ok: <why>`` comment, so each exception is visible and argued.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from etl.settings import REPO_ROOT

pytestmark = pytest.mark.issue(7)

PACKAGE = REPO_ROOT / "etl"
SQL_WORDS = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|FROM|WHERE|COPY|ATTACH)\b"
)
#: Helpers that quote or validate an identifier or literal; a call to one may be interpolated.
QUOTING = re.compile(r"safe|quote|ident|literal", re.IGNORECASE)
#: Module constants (UPPER_CASE names) are code, not data, and may be interpolated too.
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _sources() -> list[tuple[Path, str, ast.Module]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        out.append((path, text, ast.parse(text, filename=str(path))))
    return out


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
    return ""


def _literal_text(node: ast.JoinedStr) -> str:
    return "".join(
        v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
    )


def test_package_sources_parse():
    assert len(_sources()) > 5


def test_sql_interpolates_only_quoted_identifiers():
    offending = []
    for path, text, tree in _sources():
        lines = text.splitlines()
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and SQL_WORDS.search(_literal_text(node)):
                values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
                unsafe = [
                    v
                    for v in values
                    if not QUOTING.search(_call_name(v))
                    and not (isinstance(v, ast.Name) and CONSTANT.match(v.id))
                ]
                span = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
                if unsafe and not any("sql-ok:" in line for line in span):
                    offending.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
                left = node.left
                if (
                    isinstance(left, ast.Constant)
                    and isinstance(left.value, str)
                    and SQL_WORDS.search(left.value)
                    and "sql-ok:" not in lines[node.lineno - 1]
                ):
                    offending.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
    assert offending == [], "SQL built from values; bind them with ? instead: " + ", ".join(
        offending
    )


def test_nothing_is_evaluated_as_code():
    offending = []
    for path, _, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            where = f"{path.relative_to(REPO_ROOT)}:{node.lineno}"
            if isinstance(func, ast.Name) and func.id in {"eval", "exec"}:
                offending.append(f"{where} {func.id}()")
            if isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else ""
                if owner == "yaml" and func.attr in {
                    "load",
                    "load_all",
                    "unsafe_load",
                    "full_load",
                }:
                    offending.append(f"{where} yaml.{func.attr}() (use yaml.safe_load)")
                if owner in {"pickle", "marshal", "dill"} and func.attr in {"load", "loads"}:
                    offending.append(f"{where} {owner}.{func.attr}()")
    assert offending == []
