"""The reading all four PETRARCH file kinds share: logical lines, bracketed codes, problems.

Verb, actor, agent and discard files are all line-oriented text with the same comments
(`<!-- ... -->`, `#`) and the same `[...]` code blocks, so they share one reader of lines. It
keeps each line's number, because every record the package builds points back to `file:line`,
and it collects irregularities as `DictionaryProblem`s rather than failing, so that one odd line
does not cost the user the whole file. `#` starts a comment only outside `[...]`, so the codes
`[###]` survive (a deliberate difference from PETRARCH-2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from etl.errors import Errors, EtlError

#: Codes that PETRARCH dictionaries use for "known, but do not code this".
NULL_CODES = frozenset({"---", ""})


@dataclass(frozen=True)
class DictionaryProblem:
    """An irregular line that was skipped or read with an assumption; the file still loaded."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LogicalLine:
    """One logical line of a dictionary after comments were removed."""

    number: int
    text: str  # comment-free, right-stripped; leading whitespace kept (actor files use tabs)
    comment: str  # text of a trailing `#` comment, if any (verb patterns name their verb there)


def dictionary_error(path: Path, line: int, problem: str) -> EtlError:
    """E005: damage that makes the rest of a dictionary file unreadable."""
    return EtlError(Errors.E005.format(path=path, line=line, problem=problem))


def _read_text(path: Path, problems: list[DictionaryProblem]) -> str:
    if not path.is_file():
        raise dictionary_error(
            path, 0, "file not found; pass the path of a PETRARCH dictionary file"
        )
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            DictionaryProblem(str(path), line, "not UTF-8; the file was read as Latin-1")
        )
        return data.decode("latin-1")


def _strip_hash_comment(text: str) -> tuple[str, str]:
    """Cut a `#` comment that is not inside `[...]` (codes such as `[###]` are data)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch in "]}" and depth:
            depth -= 1
        elif ch == "#" and depth == 0:
            return text[:i], text[i + 1 :].strip()
    return text, ""


def logical_lines(path: Path, problems: list[DictionaryProblem]) -> Iterator[LogicalLine]:
    """Yield non-blank lines without `<!-- ... -->` and `#` comments, with 1-based numbers."""
    raw_lines = _read_text(path, problems).splitlines()
    in_comment_since = 0
    for number, raw in enumerate(raw_lines, start=1):
        text = raw
        if in_comment_since:
            end = text.find("-->")
            if end < 0:
                continue
            text = text[end + 3 :]
            in_comment_since = 0
        # XML-style comments: `<!-- ... -->` anywhere, and any line that starts with `<!`.
        while True:
            stripped = text.lstrip()
            start = text.find("<!--")
            if stripped.startswith("<!"):
                start = len(text) - len(stripped)
            if start < 0:
                break
            end = text.find("-->", start)
            if end < 0:
                in_comment_since = number
                text = text[:start]
                break
            text = text[:start] + text[end + 3 :]
        text, comment = _strip_hash_comment(text)
        text = text.rstrip()
        if text.strip():
            yield LogicalLine(number, text, comment)
    if in_comment_since:
        raise dictionary_error(path, in_comment_since, "'<!--' comment is never closed with '-->'")


_BRACKET = re.compile(r"\[([^\[\]{}]*)([\]}])")


def brackets(line: LogicalLine, path: Path, problems: list[DictionaryProblem]) -> list[str]:
    """Return the contents of every `[...]` on the line (tolerating a `}` as the closer)."""
    found = []
    for m in _BRACKET.finditer(line.text):
        if m.group(2) == "}":
            problems.append(DictionaryProblem(str(path), line.number, "'[' closed by '}'"))
        found.append(m.group(1).strip())
    return found


def before_bracket(text: str) -> str:
    """The text of a line up to its first `[` (the phrase, without its codes)."""
    cut = text.find("[")
    return text if cut < 0 else text[:cut]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """Split a dictionary phrase on blanks and underscores, upper-cased (matching is caseless)."""
    return tuple(w for w in re.split(r"[\s_]+", phrase.strip().upper()) if w)
