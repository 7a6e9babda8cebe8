"""Clean articles: repair text, remove page debris line by line, find title, dateline and date.

The raw text stays in `Article.raw_text` for provenance; `Article.clean_text` is what later
stages read. Every line the cleaner drops (or cuts a piece from) becomes a `RemovedLine` with
the id of the rule that fired, so a user can audit the cleaner with one query.

Steps for one article, each for a reason:

1. **Lines** are `raw_text.splitlines()`; `RemovedLine.line_no` indexes that list.
2. **Unicode repair** with ftfy (mojibake, HTML entities, curly quotes) line by line, skipped
   for printable ASCII lines without "&", where it can change nothing (a third of the cost of
   the stage otherwise). Then the character map and spelling rules of `clean_normalise.yaml`
   ("co-operation" -> "cooperation", because spaCy splits the former into three tokens) and
   whitespace collapsing.
3. **Debris rules** of `debris.yaml`, tried in file order on each line; the first that fires
   decides. Regex rules drop a whole line or cut a span (a tweet's link and signature), and
   structural rules compare lines (a detected title, a title or caption repeated as a line, a
   teaser that repeats a later paragraph).
4. **Dateline** ("MOSCOW, September 23. /TASS/.") cut from the first paragraphs into
   `Article.dateline`; its agency becomes the publisher when the input names none.
5. **Paragraphs**: each kept line is a paragraph, except that a line ending without
   punctuation and followed by a line starting in lower case is re-joined (hard-wrapped text).
   `clean_text` joins paragraphs with a blank line; `Paragraph` rows carry their offsets.
6. **Publication date** from input/header > dateline > a full date on a cued or removed line
   (a photo caption: removed lines still count as evidence; see `etl.articles.dates`).
7. **Language** per paragraph and per article (see `etl.articles.language`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import ftfy
import yaml

from etl.articles import dates
from etl.articles.language import detect_languages
from etl.errors import Errors, EtlError
from etl.records import Article, Paragraph, RawArticle, RemovedLine

DEBRIS_FILE = "debris.yaml"
DATES_FILE = "clean_dates.yaml"
NORMALISE_FILE = "clean_normalise.yaml"

_ACTIONS = ("drop", "strip", "structural")
#: Structural rules implemented below; the loader checks debris.yaml lists exactly these.
_STRUCTURAL = ("title_line", "title_repeat", "caption_repeat", "repeated_line")

_WORD = re.compile(r"\w+")
# A line that ends like a finished sentence or a quotation (not a hard-wrapped line).
_TERMINAL = re.compile(r"""[.!?:;"')\]]$""")
# A headline does not end with sentence punctuation (a quote or a question mark may end one).
_NOT_HEADLINE_END = re.compile(r"[.,;:]$")


# --------------------------------------------------------------------------- rule files


def _package_text(name: str) -> str:
    return resources.files("etl.dictionaries").joinpath(name).read_text("utf-8")


def _parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """Parse a dictionary file; the node tree gives line numbers for error messages."""
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        raise EtlError(Errors.E005.format(path=name, line="-", problem=str(exc))) from None


def _item_lines(root: yaml.Node | None, key: str) -> list[int]:
    """1-based line of each item of the top-level sequence `key` (for error messages)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for k, v in root.value:
        if k.value == key and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []


def _expand(pattern: str, agencies: Iterable[str] = ()) -> str:
    agency = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True))
    return pattern.replace("%MONTH%", dates.MONTH_PATTERN).replace("%AGENCY%", agency or "(?!)")


@dataclass(frozen=True)
class DebrisRule:
    """One rule of `debris.yaml` (see the file header for the meaning of each field)."""

    id: str
    comment: str
    action: str
    pattern: re.Pattern[str] | None = None
    max_words: int | None = None
    after: frozenset[str] = frozenset()
    params: Mapping[str, Any] = field(default_factory=dict)
    trigger: str | None = None


@cache
def debris_rules() -> tuple[DebrisRule, ...]:
    """The rules of `etl/dictionaries/debris.yaml`, read once per process."""
    return parse_debris_rules(_package_text(DEBRIS_FILE))


def parse_debris_rules(text: str) -> tuple[DebrisRule, ...]:
    """Parse and check the text of a debris rule file (raises E005 naming the bad line)."""
    data, root = _parse_yaml(text, DEBRIS_FILE)
    items = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise EtlError(Errors.E005.format(path=DEBRIS_FILE, line=1, problem="no `rules` list"))
    lines = _item_lines(root, "rules")
    rules: list[DebrisRule] = []
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else "-"

        def fail(problem: str, line: object = line) -> EtlError:
            return EtlError(Errors.E005.format(path=DEBRIS_FILE, line=line, problem=problem))

        if not isinstance(item, dict) or not item.get("id") or not item.get("comment"):
            raise fail("every rule needs an `id` and a `comment`")
        rule_id, action = str(item["id"]), item.get("action")
        if action not in _ACTIONS:
            raise fail(f"rule {rule_id!r}: action must be one of {', '.join(_ACTIONS)}")
        if any(r.id == rule_id for r in rules):
            raise fail(f"rule id {rule_id!r} is used twice")
        pattern = None
        if action == "structural":
            if rule_id not in _STRUCTURAL:
                raise fail(f"structural rule {rule_id!r} has no implementation in clean.py")
        else:
            if not isinstance(item.get("pattern"), str):
                raise fail(f"rule {rule_id!r} needs a `pattern`")
            try:
                pattern = re.compile(_expand(item["pattern"]), re.IGNORECASE)
            except re.error as exc:
                raise fail(f"rule {rule_id!r}: bad pattern ({exc})") from None
        after = frozenset(str(a) for a in item.get("after") or ())
        unknown = after - {r.id for r in rules}
        if unknown:
            raise fail(f"rule {rule_id!r}: `after` names no earlier rule {sorted(unknown)}")
        rules.append(
            DebrisRule(
                id=rule_id,
                comment=str(item["comment"]),
                action=action,
                pattern=pattern,
                max_words=int(item["max_words"]) if item.get("max_words") else None,
                after=after,
                params=dict(item.get("params") or {}),
                trigger=str(item["trigger"]).lower() if item.get("trigger") else None,
            )
        )
    missing = set(_STRUCTURAL) - {r.id for r in rules}
    if missing:
        raise EtlError(
            Errors.E005.format(
                path=DEBRIS_FILE, line="-", problem=f"structural rules missing: {sorted(missing)}"
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class DatelineRule:
    """One dateline pattern of `clean_dates.yaml`."""

    id: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class DateRules:
    """Dateline patterns, agency names and publication cues of `clean_dates.yaml`."""

    datelines: tuple[DatelineRule, ...]
    agencies: Mapping[str, str]
    cues: re.Pattern[str] | None


@cache
def date_rules() -> DateRules:
    """The rules of `etl/dictionaries/clean_dates.yaml`, read once per process."""
    return parse_date_rules(_package_text(DATES_FILE))


def parse_date_rules(text: str) -> DateRules:
    """Parse and check the text of a dateline/cue file (raises E005 naming the bad line)."""
    data, root = _parse_yaml(text, DATES_FILE)
    if not isinstance(data, dict):
        raise EtlError(Errors.E005.format(path=DATES_FILE, line=1, problem="expected a mapping"))
    agencies = {str(k): str(v) for k, v in (data.get("agencies") or {}).items()}
    lines = _item_lines(root, "datelines")
    datelines: list[DatelineRule] = []
    for n, item in enumerate(data.get("datelines") or []):
        line = lines[n] if n < len(lines) else "-"
        try:
            rule = DatelineRule(
                id=str(item["id"]), pattern=re.compile(_expand(item["pattern"], agencies))
            )
        except (KeyError, TypeError, re.error) as exc:
            raise EtlError(
                Errors.E005.format(path=DATES_FILE, line=line, problem=f"bad dateline: {exc}")
            ) from None
        if "place" not in rule.pattern.groupindex:
            raise EtlError(
                Errors.E005.format(path=DATES_FILE, line=line, problem="no (?P<place>...) group")
            )
        datelines.append(rule)
    cue_list = [str(c) for c in data.get("publication_cues") or ()]
    try:
        cues = re.compile("|".join(f"(?:{c})" for c in cue_list), re.I) if cue_list else None
    except re.error as exc:
        raise EtlError(
            Errors.E005.format(path=DATES_FILE, line="-", problem=f"bad publication cue: {exc}")
        ) from None
    return DateRules(datelines=tuple(datelines), agencies=agencies, cues=cues)


@dataclass(frozen=True)
class Spelling:
    """A spelling normalisation of `clean_normalise.yaml`."""

    id: str
    pattern: re.Pattern[str]
    replace: str
    trigger: str  # a literal every match contains: lines without it skip the regex


@dataclass(frozen=True)
class Normaliser:
    """Character map and spelling rules of `clean_normalise.yaml`."""

    table: Mapping[str, str]
    spellings: tuple[Spelling, ...]
    special: re.Pattern[str]  # any character of `table`

    def __call__(self, line: str) -> str:
        """Repair and normalise one line (no line breaks inside)."""
        if not line.isascii():
            line = ftfy.fix_text(line)
            # A regex finds the few mapped characters faster than str.translate walks the line.
            line = self.special.sub(lambda m: self.table[m.group()], line)
        elif "&" in line or not line.isprintable():
            line = ftfy.fix_text(line)
        for sp in self.spellings:
            if sp.trigger in line:
                line = sp.pattern.sub(sp.replace, line)
        return " ".join(line.split())


@cache
def normaliser() -> Normaliser:
    """The normaliser of `etl/dictionaries/clean_normalise.yaml`, read once per process."""
    return parse_normaliser(_package_text(NORMALISE_FILE))


def parse_normaliser(text: str) -> Normaliser:
    """Parse and check the text of a normalisation file (raises E005 naming the bad line)."""
    data, root = _parse_yaml(text, NORMALISE_FILE)
    if not isinstance(data, dict):
        raise EtlError(Errors.E005.format(path=NORMALISE_FILE, line=1, problem="no mapping"))
    chars = data.get("characters") or {}
    if any(len(k) != 1 or k.isascii() for k in chars):
        raise EtlError(
            Errors.E005.format(
                path=NORMALISE_FILE,
                line="-",
                problem="`characters` keys must be single non-ASCII characters",
            )
        )
    lines = _item_lines(root, "spellings")
    spellings = []
    for n, item in enumerate(data.get("spellings") or []):
        try:
            spellings.append(
                Spelling(
                    id=str(item["id"]),
                    pattern=re.compile(item["pattern"]),
                    replace=str(item["replace"]),
                    trigger=str(item.get("trigger") or ""),
                )
            )
        except (KeyError, TypeError, re.error) as exc:
            line = lines[n] if n < len(lines) else "-"
            raise EtlError(
                Errors.E005.format(path=NORMALISE_FILE, line=line, problem=f"bad spelling: {exc}")
            ) from None
    special = re.compile("[" + "".join(re.escape(c) for c in chars) + "]" if chars else "(?!)")
    return Normaliser(table=dict(chars), spellings=tuple(spellings), special=special)


# --------------------------------------------------------------------------- one article


def line_key(text: str) -> str:
    """Words of a line, lower-cased: the form in which lines are compared with each other."""
    return " ".join(_WORD.findall(text.casefold()))


@dataclass
class _Lines:
    """Working state of one article: normalised lines and what happened to each."""

    text: list[str]  # normalised line (kept part for a cut line)
    full: list[str]  # normalised line before any cut (date evidence)
    removed: dict[int, tuple[str, str]]  # line_no -> (rule_id, removed text)
    dropped: set[int]  # line_nos removed whole

    def kept(self) -> list[int]:
        return [i for i, t in enumerate(self.text) if t and i not in self.dropped]

    def drop(self, i: int, rule_id: str) -> None:
        self.removed[i] = (rule_id, self.full[i])
        self.dropped.add(i)


def _apply_regex_rules(lines: _Lines, rules: tuple[DebrisRule, ...]) -> None:
    previous: str | None = None  # rule that dropped the previous non-blank line
    for i, text in enumerate(lines.full):
        if not text:
            continue
        n_words = text.count(" ") + 1
        fired: str | None = None
        for rule in rules:
            if rule.pattern is None or (rule.max_words is not None and n_words > rule.max_words):
                continue
            if rule.after and previous not in rule.after:
                continue
            if rule.trigger is not None and rule.trigger not in text.lower():
                continue
            if rule.action == "drop":
                if rule.pattern.fullmatch(text):
                    lines.drop(i, rule.id)
                    fired = rule.id
                    break
            else:  # strip
                m = rule.pattern.search(text)
                if m and m.group(0).strip():
                    rest = " ".join((text[: m.start()] + " " + text[m.end() :]).split())
                    if rest:
                        lines.text[i] = rest
                        lines.removed[i] = (rule.id, m.group(0).strip())
                    else:
                        lines.drop(i, rule.id)
                        fired = rule.id
                    break
        previous = fired


def _caption_repeats(lines: _Lines, rule: DebrisRule) -> None:
    window = int(rule.params.get("window", 3))
    near = set(rule.params.get("near_rules", ()))
    for i in lines.kept():
        if i in lines.removed or lines.text[i].count(" ") >= 20:
            continue
        key = line_key(lines.text[i])
        if len(key) < 8:
            continue
        for j in range(max(0, i - window), min(len(lines.text), i + window + 1)):
            if j in lines.dropped and lines.removed[j][0] in near:
                if key in line_key(lines.full[j]):
                    lines.drop(i, rule.id)
                    break


def _detect_title(lines: _Lines, rule: DebrisRule) -> str | None:
    kept = lines.kept()
    if len(kept) < 2:
        return None  # a one-line article has no title line, only text
    i = kept[0]
    text = lines.text[i]
    n_words = text.count(" ") + 1
    followed_by_blank = i + 1 < len(lines.full) and not lines.full[i + 1]
    if (
        i not in lines.removed
        and 2 <= n_words <= int(rule.params.get("max_words", 18))
        and len(text) <= int(rule.params.get("max_chars", 160))
        and followed_by_blank
        and not _NOT_HEADLINE_END.search(text)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"'")
    ):
        lines.drop(i, rule.id)
        return text
    return None


def _title_repeats(lines: _Lines, rule: DebrisRule, title: str | None) -> None:
    key = line_key(title or "")
    if not key:
        return
    for i in lines.kept():
        text = lines.text[i]
        if len(text) > 2 * len(title or "") + 10:  # a paragraph, not a repeated title
            continue
        if i not in lines.removed and line_key(text) == key:
            lines.drop(i, rule.id)


def _repeated_lines(lines: _Lines, rule: DebrisRule) -> None:
    min_words = int(rule.params.get("min_words", 6))
    kept = [i for i in lines.kept() if i not in lines.removed]
    # Only lines that start with the same three words can repeat one another: group on the
    # start first and compute whole-line keys only inside groups (most articles have none).
    by_start: dict[str, list[int]] = {}
    for i in kept:
        start = line_key(lines.text[i][:40]).split(" ", 3)[:3]
        by_start.setdefault(" ".join(start), []).append(i)
    for group in by_start.values():
        if len(group) < 2:
            continue
        keys = {i: line_key(lines.text[i]) for i in group}
        for i in group:
            if keys[i].count(" ") + 1 < min_words:
                continue
            for j in group:
                if j == i or j in lines.dropped:
                    continue
                longer = keys[j].startswith(keys[i] + " ")
                if longer or (keys[j] == keys[i] and j < i):
                    lines.drop(i, rule.id)
                    break


@dataclass(frozen=True)
class _Dateline:
    text: str
    agency: str | None
    date: dates.MonthDay | None


def _cut_dateline(lines: _Lines, article_rules: DateRules) -> _Dateline | None:
    for i in lines.kept()[:2]:
        if i in lines.removed:
            continue
        text = lines.text[i]
        for rule in article_rules.datelines:
            m = rule.pattern.match(text)
            if m is None:
                continue
            agency = m.groupdict().get("agency")
            dateline = _Dateline(
                text=m.group(0).strip(),
                agency=article_rules.agencies.get(agency, agency) if agency else None,
                date=dates.parse_month_day(m.groupdict().get("date")),
            )
            rest = text[m.end() :].strip()
            if rest:
                lines.text[i] = rest
                lines.removed[i] = (rule.id, dateline.text)
            else:
                lines.drop(i, rule.id)
            return dateline
    return None


def dateline_only(text: str) -> str | None:
    """The id of the dateline rule that matches the whole of `text`, else None.

    Such a text ("CARACAS, Feb 7 (Reuters) -") is metadata only: the cleaner would cut it and
    leave nothing to code.
    """
    stripped = text.strip()
    if "\n" in stripped:
        return None
    for rule in date_rules().datelines:
        m = rule.pattern.match(stripped)
        if m is not None and not stripped[m.end() :].strip():
            return rule.id
    return None


def _paragraphs(lines: _Lines) -> list[str]:
    paragraphs: list[str] = []
    previous = -2
    for i in lines.kept():
        text = lines.text[i]
        if (
            paragraphs
            and previous == i - 1
            and not _TERMINAL.search(paragraphs[-1])
            and text[0].islower()
        ):
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        previous = i
    return paragraphs


def _input_origin(raw: RawArticle) -> str:
    # A .txt file can only carry its date in the `date YYYY-MM-DD` header; other formats in a field.
    return dates.ORIGIN_HEADER if raw.source.lower().endswith(".txt") else dates.ORIGIN_INPUT


def clean_article(raw: RawArticle) -> tuple[Article, list[RemovedLine], list[Paragraph]]:
    """Clean one raw article; see the module docstring for the steps."""
    rules = debris_rules()
    by_id = {r.id: r for r in rules}
    normalise = normaliser()
    full = [normalise(line) for line in raw.raw_text.splitlines()]
    lines = _Lines(text=list(full), full=full, removed={}, dropped=set())

    _apply_regex_rules(lines, rules)
    _caption_repeats(lines, by_id["caption_repeat"])
    title = normalise(raw.title) if raw.title else None
    if title is None:
        title = _detect_title(lines, by_id["title_line"])
    _title_repeats(lines, by_id["title_repeat"], title)
    _repeated_lines(lines, by_id["repeated_line"])
    rules_for_dates = date_rules()
    dateline = _cut_dateline(lines, rules_for_dates)

    paragraphs = _paragraphs(lines)
    clean_text = "\n\n".join(paragraphs)
    published = dates.resolve_publication_date(
        input_date=raw.published_input,
        input_origin=_input_origin(raw),
        dateline=dateline.date if dateline else None,
        text_dates=dates.find_full_dates(full, rules_for_dates.cues, frozenset(lines.dropped)),
    )
    languages = detect_languages(paragraphs)

    removed = [
        RemovedLine(article_id=raw.article_id, line_no=i, rule_id=rule_id, text=text)
        for i, (rule_id, text) in sorted(lines.removed.items())
    ]
    paragraph_rows = []
    start = 0
    for n, (text, language) in enumerate(zip(paragraphs, languages.paragraphs, strict=True)):
        paragraph_rows.append(
            Paragraph(
                article_id=raw.article_id,
                paragraph_index=n,
                start=start,
                end=start + len(text),
                language=language,
                text=text,
            )
        )
        start += len(text) + 2
    article = Article(
        article_id=raw.article_id,
        source=raw.source,
        position=raw.position,
        title=title,
        url=raw.url,
        publisher=raw.publisher or (dateline.agency if dateline else None),
        dateline=dateline.text if dateline else None,
        published=published.published,
        published_precision=published.precision,
        published_origin=published.origin,
        published_evidence=published.evidence,
        language=languages.article,
        encoding=raw.encoding,
        raw_text=raw.raw_text,
        clean_text=clean_text,
        removed_lines=len(removed),
    )
    return article, removed, paragraph_rows


@dataclass(frozen=True)
class CleanOutput:
    """Result of cleaning a batch: one article per raw article, in input order."""

    articles: list[Article]
    removed_lines: list[RemovedLine]
    paragraphs: list[Paragraph]


def clean_articles(raws: Iterable[RawArticle]) -> CleanOutput:
    """Clean every raw article (see `clean_article`); the order of the input is kept."""
    articles: list[Article] = []
    removed: list[RemovedLine] = []
    paragraphs: list[Paragraph] = []
    for raw in raws:
        article, article_removed, article_paragraphs = clean_article(raw)
        articles.append(article)
        removed.extend(article_removed)
        paragraphs.extend(article_paragraphs)
    return CleanOutput(articles=articles, removed_lines=removed, paragraphs=paragraphs)
