"""Event dates: the sentence's own time expression, resolved against the article date.

Rules, in order (the first that gives a date wins; `date_origin` names it):

1. ``sentence``: a time expression attached to the event's clause or to a clause above it
   ("On June 24, A and B held a meeting"; "Lavrov said on Friday that Russia will ...").
   Expressions in other clauses of the sentence (a relative clause about something else) do not
   count.
2. ``context``: a past-tense clause without its own expression takes the time last set by an
   explicit expression in the main clause of an earlier sentence of the same or the previous
   paragraph (news narrative: "The crisis exacerbated on January 23 ..." then, next paragraph,
   "Maduro, in turn, said he was severing ties"). A present-tense or future clause does not: it
   is about the time of writing. A narrative time not restated for a whole paragraph expires.
3. ``article``: the publication date.
4. ``lead``: when the article has no date, the first date of its lead sentence stands in for it
   (a story that opens "…, Lavrov announced on April 12" is dated by that expression).
5. ``unknown``: no date at all. The run date is never used.

Expressions are resolved here, not with dateparser (NOTES.md lists its traps): "on Thursday" in
an article dated that Thursday is that day; "In July" is the most recent July, at month
precision; "On September 25" in an article of June 2020 is 25 September 2019 for a past-tense
clause and 2020 for a future one; "last year" is the year before, at year precision.

A date whose year is unknown (an undated article saying "On April 12") is stored with
``YEAR_UNKNOWN`` as its year and ``date_precision = month_day``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from etl.records import DatePrecision

#: Year written into dates whose year is unknown (precision `month_day`): year 4 is the first
#: leap year of the calendar, so 29 February fits, and no news is dated then.
YEAR_UNKNOWN = 4

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None,
}  # fmt: skip
#: Prepositions that make an expression a span or a deadline, not the time of the event.
SPAN_PREPS = frozenset({"since", "until", "till", "through", "by", "for", "over", "within"})

_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d\d)"
_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


@dataclass(frozen=True)
class EventDate:
    """When an event happened, how precisely, and why the coder thinks so."""

    date: dt.date | None
    precision: DatePrecision
    origin: str
    evidence: str | None


UNKNOWN_DATE = EventDate(None, DatePrecision.UNKNOWN, "unknown", None)


@dataclass(frozen=True)
class TimeExpression:
    """A time expression found in a sentence and the tokens it attaches to."""

    start: int  # token indices in the Doc
    end: int
    text: str
    path: tuple[int, ...]  # from the expression's head up to (and including) its clause's verb
    direction: str  # "past", "future" or "nearest": which occurrence a yearless date means


# ---- resolution of one expression ------------------------------------------------------------


def resolve_expression(
    text: str,
    reference: dt.date | None,
    reference_precision: DatePrecision = DatePrecision.DAY,
    direction: str = "past",
) -> tuple[dt.date, DatePrecision] | None:
    """Resolve one time expression against a reference (publication) date.

    Args:
        text: the expression, e.g. "on Thursday", "June 24", "in July", "last year".
        reference: the publication date, or None when unknown.
        reference_precision: how much of `reference` is known.
        direction: for expressions without a year, "past" takes the latest occurrence on or
            before the reference, "future" the first on or after it, "nearest" the closest.

    Returns:
        The date and its precision, or None when the expression cannot be placed (a duration,
        "two days earlier", a weekday in an article of unknown date).
    """
    t = " " + re.sub(r"\s+", " ", text.lower().replace(",", " ")).strip() + " "
    known_year = reference is not None and reference_precision in (
        DatePrecision.DAY,
        DatePrecision.MONTH,
        DatePrecision.YEAR,
    )
    day_known = reference is not None and reference_precision == DatePrecision.DAY
    month_day_known = reference is not None and reference_precision in (
        DatePrecision.DAY,
        DatePrecision.MONTH_DAY,
    )

    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]), DatePrecision.DAY)
    m = re.search(rf"\b{_MONTH} {_DAY} {_YEAR}\b", t) or re.search(
        rf"\b{_DAY} {_MONTH} {_YEAR}\b", t
    )
    if m:
        if m[1].isdigit():
            return _safe(int(m[3]), MONTHS[m[2]], int(m[1]), DatePrecision.DAY)
        return _safe(int(m[3]), MONTHS[m[1]], int(m[2]), DatePrecision.DAY)
    m = re.search(rf"\b{_MONTH} (?:of )?{_YEAR}\b", t)
    if m:
        return dt.date(int(m[2]), MONTHS[m[1]], 1), DatePrecision.MONTH
    m = re.search(rf"\b{_MONTH} {_DAY}\b", t) or re.search(rf"\b{_DAY} {_MONTH}(?! \d)", t)
    if m:
        if m[1].isdigit():
            month, day = MONTHS[m[2]], int(m[1])
        else:
            month, day = MONTHS[m[1]], int(m[2])
        if not 1 <= day <= 31:
            return None
        if known_year and reference is not None:
            return _yearless(reference, month, day, direction)
        return _safe(YEAR_UNKNOWN, month, day, DatePrecision.MONTH_DAY)
    # Callers pass NER DATE spans or capitalised month names, so "may" here is the month.
    m = re.search(rf"\b(?:early |mid |mid-|late |the end of |the beginning of )?{_MONTH}(?= )", t)
    if m:
        if known_year and reference is not None:
            return _month_only(reference, MONTHS[m[1]], direction)
        return None
    m = re.search(rf"\b(?:in |of )?{_YEAR}\b", t)
    if m and not re.search(r"\b(years?|decades?)\b", t):
        return dt.date(int(m[1]), 1, 1), DatePrecision.YEAR
    if reference is None:
        return None
    m = re.search(rf"\b(last|next|this|past)? ?{_WEEKDAY}\b", t)
    if m:
        if not day_known:
            return None
        wd = WEEKDAYS[m[2]]
        rel = m[1]
        back = (reference.weekday() - wd) % 7
        ahead = (wd - reference.weekday()) % 7
        if rel in ("last", "past"):
            days = -(back or 7)
        elif rel == "next":
            days = ahead or 7
        elif direction == "future":
            days = ahead
        elif direction == "nearest":
            days = -back if back <= ahead else ahead
        else:
            days = -back
        return reference + dt.timedelta(days=days), DatePrecision.DAY
    if re.search(r"\byesterday\b", t) and month_day_known:
        return _shift(reference, -1, reference_precision)
    if re.search(r"\b(today|tonight|this (morning|afternoon|evening))\b", t) and month_day_known:
        return _shift(reference, 0, reference_precision)
    if re.search(r"\btomorrow\b", t) and month_day_known:
        return _shift(reference, 1, reference_precision)
    m = re.search(
        r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
        r" (day|week|month|year)s? ago\b",
        t,
    )
    if m:
        n = int(m[1]) if m[1].isdigit() else NUMBER_WORDS.get(m[1])
        if n is None:
            return None
        return _ago(reference, n, m[2], reference_precision, day_known, known_year)
    m = re.search(r"\b(last|this|next|earlier this|later this|past) (week|month|year)\b", t)
    if m and known_year:
        rel, unit = m[1], m[2]
        step = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
        if unit == "year":
            return dt.date(reference.year + step, 1, 1), DatePrecision.YEAR
        if unit == "month" and reference_precision != DatePrecision.YEAR:
            month = reference.month + step
            year = reference.year + (month - 1) // 12
            return dt.date(year, (month - 1) % 12 + 1, 1), DatePrecision.MONTH
        if unit == "week" and day_known:
            # No week precision in the warehouse: the month of that week is what is known.
            day = reference + dt.timedelta(days=7 * step)
            return dt.date(day.year, day.month, 1), DatePrecision.MONTH
    return None


def _safe(year: int, month: int, day: int, precision: DatePrecision):  # type: ignore[no-untyped-def]
    try:
        return dt.date(year, month, day), precision
    except ValueError:
        return None


def _yearless(
    reference: dt.date, month: int, day: int, direction: str
) -> tuple[dt.date, DatePrecision] | None:
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if direction == "future":
        later = [c for c in candidates if c >= reference]
        return (min(later) if later else max(candidates)), DatePrecision.DAY
    if direction == "nearest":
        return min(
            candidates, key=lambda c: (abs((c - reference).days), c > reference)
        ), DatePrecision.DAY
    earlier = [c for c in candidates if c <= reference]
    return (max(earlier) if earlier else min(candidates)), DatePrecision.DAY


def _month_only(reference: dt.date, month: int, direction: str) -> tuple[dt.date, DatePrecision]:
    here = (reference.year, reference.month)
    options = [(y, month) for y in (reference.year - 1, reference.year, reference.year + 1)]
    if direction == "future":
        chosen = min(o for o in options if o >= here)
    elif direction == "nearest":
        chosen = min(options, key=lambda o: (abs((o[0] - here[0]) * 12 + o[1] - here[1]), o > here))
    else:
        chosen = max(o for o in options if o <= here)
    return dt.date(chosen[0], chosen[1], 1), DatePrecision.MONTH


def _shift(reference: dt.date, days: int, precision: DatePrecision):  # type: ignore[no-untyped-def]
    if precision == DatePrecision.MONTH_DAY:
        # Shift inside a leap year standing for the unknown one, then write it back.
        moved = dt.date(2000, reference.month, reference.day) + dt.timedelta(days=days)
        return _safe(YEAR_UNKNOWN, moved.month, moved.day, DatePrecision.MONTH_DAY)
    return reference + dt.timedelta(days=days), DatePrecision.DAY


def _ago(reference, n, unit, precision, day_known, known_year):  # type: ignore[no-untyped-def]
    if unit in ("day", "week"):
        if not day_known:
            return None
        return reference - dt.timedelta(days=n * (7 if unit == "week" else 1)), DatePrecision.DAY
    if not known_year:
        return None
    if unit == "month":
        month = reference.month - n
        year = reference.year + (month - 1) // 12
        return dt.date(year, (month - 1) % 12 + 1, 1), DatePrecision.MONTH
    return dt.date(reference.year - n, 1, 1), DatePrecision.YEAR


# ---- finding expressions in a parse ----------------------------------------------------------


def find_time_expressions(sent: Span) -> list[TimeExpression]:
    """The time expressions of the sentence, found from its tokens and tags.

    The pipeline's NER is not run for coding (`etl.coding.nlp.CODING_DISABLED`), so the spans
    NER called DATE or TIME are found here by shape: what `resolve_expression` can place (dates,
    months, years, weekdays, "yesterday", "this morning", "two days ago", "last week") and, as
    unplaceable expressions that still end a narrative time (`ArticleDater.end`), durations
    and vague times ("three days", "the 1990s", "recent years").
    """
    spans: list[tuple[int, int]] = []
    doc = sent.doc
    resume = sent.start  # expressions do not overlap: the next one starts after the last
    for token in sent:
        i = token.i
        if i < resume or not _may_start_time(token):
            continue
        found = _time_span(doc, i, sent.start, sent.end)
        if found is not None:
            spans.append(found)
            resume = found[1]
    out: list[TimeExpression] = []
    for start, end in sorted(set(spans)):
        span = doc[start:end]
        root = span.root
        if _governing_prep(root) in SPAN_PREPS:
            continue
        path = _attachment_path(root, start, end)
        verb = doc[path[-1]]
        out.append(
            TimeExpression(
                start=start, end=end, text=span.text, path=path, direction=_direction(verb)
            )
        )
    return out


#: Nouns of a length of time: with a number or a relative word they make a time expression.
TIME_UNITS = frozenset(
    {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades",
     "century", "centuries", "weekend", "weekends"}
)  # fmt: skip
#: Words that make a time unit an expression ("last week", "the past decade", "recent years").
RELATIVE_TIME = frozenset(
    {"last", "this", "next", "past", "previous", "coming", "following", "same", "recent"}
)  # fmt: skip
DAY_WORDS = frozenset({"yesterday", "today", "tonight", "tomorrow"})
PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d(?:s)?$")
_DAY_WORD = re.compile(r"\d{1,2}(?:st|nd|rd|th)?$")


def _is_month(token: Token) -> bool:
    """A capitalised month name tagged as a proper noun ("June", "Nov."), not "may" or "march"."""
    return token.lower_.rstrip(".") in MONTHS and token.text[:1].isupper() and token.tag_ == "NNP"


#: Words that can start a time expression (below); any other word starts none unless it is a
#: number. Checked first because almost no token starts one.
_TIME_STARTS = frozenset(
    {*MONTHS, *WEEKDAYS, *RELATIVE_TIME, *DAY_WORDS, *NUMBER_WORDS, "earlier", "later"}
)


def _may_start_time(token: Token) -> bool:
    """Whether `_time_span` can find an expression starting at `token` (a cheap first test)."""
    return token.lower_.rstrip(".") in _TIME_STARTS or token.text[:1].isdigit() or token.like_num


def _time_span(doc: Doc, i: int, lo: int, hi: int) -> tuple[int, int] | None:
    """The time expression starting at token `i` of the sentence [lo, hi), or None."""
    token = doc[i]
    low = token.lower_.rstrip(".")
    nxt = doc[i + 1].lower_ if i + 1 < hi else ""
    if _ISO_DATE.match(token.text):
        return i, i + 1
    if _DAY_WORD.match(token.text) and i + 1 < hi and _is_month(doc[i + 1]):
        return i, _month_end(doc, i + 1, hi)  # "24 June 2020"
    if _is_month(token):
        end = _month_end(doc, i, hi)
        if end > i + 1 or low != "may":  # "May" alone is a verb or a name more often
            return i, end
        return None
    if low in WEEKDAYS:
        return i, i + 1
    if low in ("last", "next", "this", "past") and nxt in WEEKDAYS:
        return i, i + 2
    if _YEAR_WORD.match(token.text) and not (
        (i > lo and doc[i - 1].is_currency)
        or (token.dep_ == "nummod" and token.head.tag_ in ("NNS", "NNPS"))  # "2000 people"
    ):
        return i, i + 1
    if low in DAY_WORDS and token.pos_ != "PROPN":  # not "USA Today"
        return i, i + 2 if nxt in PARTS_OF_DAY else i + 1
    if low == "this" and nxt in PARTS_OF_DAY:
        return i, i + 2
    if low in ("earlier", "later") and nxt == "this" and i + 2 < hi:
        if doc[i + 2].lower_ in TIME_UNITS:
            return i, i + 3
    counted = token.like_num or low in NUMBER_WORDS
    if (low in RELATIVE_TIME or counted) and i + 1 < hi:
        end = i + 1
        if low in RELATIVE_TIME and doc[end].like_num and end + 1 < hi:
            end += 1  # "the past two years"
        if doc[end].lower_ in TIME_UNITS:
            end += 1
            if end < hi and doc[end].lower_ == "ago":
                end += 1
            return i, end
    return None


def _month_end(doc: Doc, month: int, hi: int) -> int:
    """End of a date starting with a month: "June", "June 24", "June 24, 2019"."""
    end = month + 1
    while end < hi and end - month < 4 and (doc[end].like_num or doc[end].text == ","):
        end += 1
    while end > month + 1 and doc[end - 1].text == ",":
        end -= 1
    return end


def _governing_prep(token: Token) -> str | None:
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        return token.head.lower_
    return None


def _attachment_path(root: Token, start: int, end: int) -> tuple[int, ...]:
    """Tokens from the expression up to the verb of the clause it modifies."""
    path: list[int] = []
    node = root
    while node.head.i != node.i:
        node = node.head
        if start <= node.i < end:
            continue
        path.append(node.i)
        if node.pos_ in ("VERB", "AUX"):
            break
    return tuple(path) or (root.i,)


def _direction(verb: Token) -> str:
    if _is_future(verb):
        return "future"
    if verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children
    ):
        return "nearest"  # "is hosting a summit on Tuesday"
    return "past"


def _is_future(verb: Token) -> bool:
    node = verb
    for _ in range(3):
        if any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "shall", "'ll", "wo")
            for c in node.children
        ):
            return True
        if node.dep_ == "xcomp" and node.head.lemma_ in (
            "go",
            "plan",
            "schedule",
            "set",
            "due",
            "expect",
        ):
            return True
        if node.dep_ not in ("xcomp", "conj") or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in node.children
        ):
            break  # a conjoined clause with its own subject has its own tense
        node = node.head
    return False


def clause_verb(token: Token) -> Token:
    """The verb of the clause a token belongs to (the token itself if it is a verb)."""
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def is_past(token: Token) -> bool:
    """Whether the clause of `token` is in a past tense (past, past perfect, past passive)."""
    verb = clause_verb(token)
    if _is_future(verb):
        return False
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _chain(token: Token) -> list[int]:
    chain = [token.i]
    node = token
    while node.head.i != node.i:
        node = node.head
        chain.append(node.i)
    return chain


# ---- dating the events of an article ---------------------------------------------------------


class ArticleDater:
    """Dates events sentence by sentence, in reading order, for one article."""

    def __init__(self, published: dt.date | None, precision: DatePrecision):
        if published is None or precision == DatePrecision.UNKNOWN:
            self.reference: dt.date | None = None
            self.precision = DatePrecision.UNKNOWN
        elif precision == DatePrecision.MONTH_DAY:
            self.reference = dt.date(YEAR_UNKNOWN, published.month, published.day)
            self.precision = precision
        else:
            self.reference = published
            self.precision = precision
        self.lead: EventDate | None = None
        self.running: EventDate | None = None
        self._running_paragraph: int | None = None
        self._paragraph: int | None = None
        self._seen_sentence = False
        self._sentence: Span | None = None
        self._resolved: list[tuple[TimeExpression, EventDate]] = []
        self._expressions: list[TimeExpression] = []  # of the current sentence, for `end`

    def begin(self, sent: Span, paragraph: int | None = None) -> None:
        """Read the time expressions of the next sentence (call before `date_for`).

        Args:
            sent: the sentence.
            paragraph: its paragraph number; the narrative time of an earlier sentence lasts to
                the end of the next paragraph (None: no paragraphs, it lasts).
        """
        self._sentence = sent
        self._paragraph = paragraph
        if (
            paragraph is not None
            and self._running_paragraph is not None
            and paragraph > self._running_paragraph + 1
        ):
            self.running = None
        self._resolved = []
        self._expressions = find_time_expressions(sent)
        for expr in self._expressions:
            ref, precision = self._reference()
            found = resolve_expression(expr.text, ref, precision, expr.direction)
            if found is not None:
                self._resolved.append((expr, EventDate(found[0], found[1], "sentence", expr.text)))
        if not self._seen_sentence and self.reference is None:
            # The news time of an undated story: its lead's date in a past-tense clause
            # ("..., Lavrov announced on April 12"), not a date announced for the future.
            past = [d for e, d in self._resolved if is_past(sent.doc[e.path[-1]])]
            main = past[0] if past else self._main_clause_date(sent)
            if main is not None:
                self.lead = replace(main, origin="lead")
        self._seen_sentence = True

    def date_for(self, anchor: Token) -> EventDate:
        """The date of an event whose trigger (or wrapper) is `anchor`."""
        chain = _chain(anchor)
        best: tuple[int, EventDate] | None = None
        for expr, date in self._resolved:
            hits = [chain.index(i) for i in expr.path if i in chain]
            if hits:
                rank = min(hits)
                if best is None or rank < best[0]:
                    best = (rank, date)
        if best is not None:
            return best[1]
        if self.running is not None and is_past(anchor):
            return replace(self.running, origin="context")
        ref, precision = self.reference, self.precision
        if ref is not None:
            return EventDate(ref, precision, "article", None)
        if self.lead is not None:
            return self.lead
        return UNKNOWN_DATE

    def end(self) -> None:
        """Update the narrative time from the main clause of the sentence just dated."""
        sent = self._sentence
        if sent is None:
            return
        main = self._main_clause_date(sent)
        if main is not None:
            self.running = main
            self._running_paragraph = self._paragraph
        elif any(sent.root.i in expr.path for expr in self._expressions):
            self.running = None  # an expression we could not place resets the narrative time

    def _main_clause_date(self, sent: Span) -> EventDate | None:
        root = sent.root.i
        for expr, date in self._resolved:
            if root in expr.path and date.precision != DatePrecision.YEAR:
                return date
        return None

    def _reference(self) -> tuple[dt.date | None, DatePrecision]:
        if self.reference is not None:
            return self.reference, self.precision
        if self.lead is not None and self.lead.date is not None:
            return self.lead.date, self.lead.precision
        return None, DatePrecision.UNKNOWN
