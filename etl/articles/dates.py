"""Publication dates of articles: which evidence wins, and the year of a yearless dateline.

An article's date moves every event it carries, so the date is chosen from ranked evidence and
its origin, precision and evidence text are recorded (`Article.published_*`):

1. ``input`` / ``header``: the date given with the record (a field, or the ``date YYYY-MM-DD``
   header of a .txt file).
2. ``dateline``: the date in the dateline (``MOSCOW, September 23. /TASS/.``). A dateline
   without a year takes its year from the strongest other evidence: a full date in the text,
   else (later, in `etl.articles.dedup`) the date of a duplicate. Never from today: an article
   without such evidence keeps precision ``month_day`` and no `published` value.
3. ``text``: a full date (day, month and year) on a line that marks it as the page's own date:
   a line with a publication cue ("Photo:", "Published", "Updated") or a line the cleaner
   removed (captions, credits and bylines carry the page's date; seed 003's only full date is
   in its photo caption, "Photo: 7 February 2020"). A full date in running text is not taken:
   it is nearly always the date of an event the story mentions ("born on 5 April 1920"), and on
   the BBC corpus 46 of 2,225 articles would be dated that way, some by a century. Such dates
   still give a yearless dateline its year (nearest date wins; cued dates first).
4. ``unknown``.

Full dates are found with one regular expression over English month names and validated with
`datetime.date` (no dateparser here: these are fixed layouts, and a regex is auditable and
about a hundred times faster than `dateparser.search`, which also invents dates from words
like "We" — see /work/shared/NOTES.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from etl.records import DatePrecision

#: Origins written to `Article.published_origin`.
ORIGIN_INPUT = "input"
ORIGIN_HEADER = "header"
ORIGIN_DATELINE = "dateline"
ORIGIN_TEXT = "text"
ORIGIN_DUPLICATE = "duplicate"
ORIGIN_UNKNOWN = "unknown"

#: English month names and the abbreviations news wires use ("Sept.", "Feb").
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

_FULL_MONTH_NAMES = frozenset(
    "january february march april may june july august september october november december".split()
)
#: Regex alternation of month names, longest first so "Sept" is not read as "Sep" + "t";
#: abbreviations may end in a full stop ("Feb.").
MONTH_PATTERN = (
    "(?:"
    + "|".join(
        name.capitalize() + ("" if name in _FULL_MONTH_NAMES else r"\.?")
        for name in sorted(MONTHS, key=len, reverse=True)
    )
    + ")"
)

_YEARISH = re.compile(r"\d{4}")
#: Characters a full date can take before its year ("23rd September, ") and after ("-09-23").
_BEFORE_YEAR, _AFTER_YEAR = 24, 6
#: Characters of context kept around a date used as evidence.
_CONTEXT = 40
#: Years accepted in text dates: older or later numbers are more likely counts or ids.
MIN_YEAR, MAX_YEAR = 1900, 2100

_M = MONTH_PATTERN
# "7 February 2020", "7th Feb. 2020", "February 7, 2020", "Feb 7th 2020", "2020-02-07".
# `(?!\d)` instead of `\b` after the year: captions glue words to it ("2020Image copyright").
_FULL_DATE = re.compile(
    rf"(?<![\w-])(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_M}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_M})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))(?!\d)",
    re.IGNORECASE,
)
# "September 23", "Sept. 23, 2019", "23 September" (datelines).
_MONTH_DAY = re.compile(
    rf"(?:(?P<m1>{_M})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_M})(?:,?\s+(?P<y2>\d{{4}}))?)(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    """A full date found in an article's text."""

    date: dt.date
    text: str  # the matched words, e.g. "7 February 2020"
    context: str  # the match with some words around it (evidence shown to a user)
    cued: bool  # on a line with a publication cue ("Photo:") or on a line the cleaner removed


@dataclass(frozen=True)
class MonthDay:
    """A month and day, with the year when the text gives one (a dateline's date)."""

    month: int
    day: int
    year: int | None
    text: str


@dataclass(frozen=True)
class PublicationDate:
    """The chosen publication date with where it came from; maps onto `Article.published_*`."""

    published: dt.date | None
    precision: DatePrecision
    origin: str
    evidence: str | None


def month_number(name: str) -> int:
    """Number of an English month name or abbreviation ("Sept." -> 9)."""
    return MONTHS[name.rstrip(".").lower()]


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31 February, 29 February of a common year
        return None


def _context(line: str, start: int, end: int) -> str:
    """The match with up to `_CONTEXT` characters before it, cut at word boundaries."""
    left = max(0, start - _CONTEXT)
    if left > 0:
        space = line.find(" ", left, start)
        left = space + 1 if space != -1 else start
    right = min(len(line), end + _CONTEXT // 2)
    if right < len(line):
        space = line.rfind(" ", end, right)
        right = space if space != -1 else end
    return line[left:right].strip()


def find_full_dates(
    lines: list[str], cues: re.Pattern[str] | None = None, removed: frozenset[int] = frozenset()
) -> list[FoundDate]:
    """Every valid full date (day, month, year) in `lines`, in reading order.

    Args:
        lines: Lines of the article, kept and removed alike.
        cues: Pattern that marks a line's date as the page's own date ("Photo:").
        removed: Indexes of the lines the cleaner removed (their dates count as cued).
    """
    found: list[FoundDate] = []
    for n, line in enumerate(lines):
        cued: bool | None = None
        seen_end = -1
        # Every full date contains a four-digit year: find years (a fast scan), then read only
        # a small window around each with the full pattern, instead of running the big
        # case-insensitive alternation at every position of every line.
        for year in _YEARISH.finditer(line):
            start = max(0, year.start() - _BEFORE_YEAR)
            for m in _FULL_DATE.finditer(line, start, year.end() + _AFTER_YEAR):
                if m.end() <= seen_end or not m.start() <= year.start() < m.end():
                    continue
                seen_end = m.end()
                if m.group("y1"):
                    date = _make_date(int(m["y1"]), month_number(m["m1"]), int(m["d1"]))
                elif m.group("y2"):
                    date = _make_date(int(m["y2"]), month_number(m["m2"]), int(m["d2"]))
                else:
                    date = _make_date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
                if date is None:
                    continue
                if cued is None:
                    cued = n in removed or (cues is not None and cues.search(line) is not None)
                context = _context(line, m.start(), m.end())
                found.append(FoundDate(date=date, text=m.group(0), context=context, cued=cued))
    return found


def parse_month_day(text: str | None) -> MonthDay | None:
    """Month and day (and year, if given) of a dateline's date, or None if it has none."""
    if not text:
        return None
    m = _MONTH_DAY.search(text)
    if m is None:
        return None
    month_name, day, year = (
        (m["m1"], m["d1"], m["y1"]) if m.group("m1") else (m["m2"], m["d2"], m["y2"])
    )
    month = month_number(month_name)
    if _make_date(2000, month, int(day)) is None:  # 2000 is a leap year: 29 Feb is valid
        return None
    return MonthDay(month=month, day=int(day), year=int(year) if year else None, text=m.group(0))


def closest_date(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The date with this month and day nearest to `reference` (the year before, of, or after).

    Why nearest: a dateline of January 2 in a text that mentions 30 December 2019 is
    2020-01-02, and one of December 30 next to a 2 January 2020 date is 2019-12-30.
    """
    candidates = [
        d
        for year in (reference.year - 1, reference.year, reference.year + 1)
        if (d := _make_date(year, month, day)) is not None
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - reference).days), d))


def choose_text_date(found: list[FoundDate], *, cued_only: bool) -> FoundDate | None:
    """The text date most likely to be the page's date: cued first, then the latest.

    Args:
        found: Dates found in the text.
        cued_only: Ignore dates in running text (for the publication date itself; they may
            still give a yearless dateline its year).
    """
    candidates = [f for f in found if f.cued] if cued_only else found
    if not candidates:
        return None
    return max(candidates, key=lambda f: (f.cued, f.date))


def resolve_publication_date(
    *,
    input_date: dt.date | None,
    input_origin: str,
    dateline: MonthDay | None,
    text_dates: list[FoundDate],
) -> PublicationDate:
    """Apply the evidence ranking of the module docstring.

    Args:
        input_date: Date given with the record, if any.
        input_origin: `ORIGIN_INPUT` or `ORIGIN_HEADER`, whichever gave `input_date`.
        dateline: The dateline's month/day/year, if the article has a dated dateline.
        text_dates: Full dates found in the text (see `find_full_dates`).
    """
    if input_date is not None:
        return PublicationDate(input_date, DatePrecision.DAY, input_origin, input_date.isoformat())
    text_date = choose_text_date(text_dates, cued_only=True)
    if dateline is not None:
        if dateline.year is not None:
            date = _make_date(dateline.year, dateline.month, dateline.day)
            if date is not None:
                return PublicationDate(date, DatePrecision.DAY, ORIGIN_DATELINE, dateline.text)
        else:
            year_date = choose_text_date(text_dates, cued_only=False)
            date = closest_date(dateline.month, dateline.day, year_date.date) if year_date else None
            if year_date is not None and date is not None:
                evidence = f"{dateline.text}; year from text: {year_date.context}"
                return PublicationDate(date, DatePrecision.DAY, ORIGIN_DATELINE, evidence)
            return PublicationDate(None, DatePrecision.MONTH_DAY, ORIGIN_DATELINE, dateline.text)
    if text_date is not None:
        return PublicationDate(text_date.date, DatePrecision.DAY, ORIGIN_TEXT, text_date.context)
    return PublicationDate(None, DatePrecision.UNKNOWN, ORIGIN_UNKNOWN, None)


def date_from_duplicate(
    *,
    own_dateline: MonthDay | None,
    donor_date: dt.date,
    donor_id: str,
    donor_origin: str,
) -> PublicationDate:
    """Date lent by a duplicate to an article without a full date of its own.

    A yearless dateline keeps its month and day and takes the year that puts it nearest to the
    duplicate's date; an article with no date evidence at all takes the duplicate's date.
    """
    source = f"duplicate {donor_id} ({donor_origin} {donor_date.isoformat()})"
    if own_dateline is not None:
        date = closest_date(own_dateline.month, own_dateline.day, donor_date)
        if date is not None:
            evidence = f"{own_dateline.text}; year from {source}"
            return PublicationDate(date, DatePrecision.DAY, ORIGIN_DUPLICATE, evidence)
    return PublicationDate(donor_date, DatePrecision.DAY, ORIGIN_DUPLICATE, f"date of {source}")
