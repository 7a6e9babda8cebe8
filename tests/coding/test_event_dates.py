"""Event dates: resolving time expressions, attaching them to clauses, and the fallbacks."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from etl.coding.event_dates import (
    YEAR_UNKNOWN,
    ArticleDater,
    find_time_expressions,
    is_past,
    resolve_expression,
)
from etl.records import DatePrecision as P

VOCAB = spacy.blank("en").vocab
THURSDAY = dt.date(2020, 6, 25)  # seed 000's article date, a Thursday


def parse(rows: str) -> Doc:
    """Lines 'i word lemma POS TAG head dep [IOB-entity]'."""
    cols = [line.split() for line in rows.strip().splitlines()]
    return Doc(
        VOCAB,
        words=[c[1] for c in cols],
        lemmas=[c[2] for c in cols],
        pos=[c[3] for c in cols],
        tags=[c[4] for c in cols],
        heads=[int(c[5]) for c in cols],
        deps=[c[6] for c in cols],
        ents=[c[7] if len(c) > 7 else "O" for c in cols],
    )


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        # the article's own weekday is that day, not a week back (a dateparser trap)
        ("on Thursday", "past", (dt.date(2020, 6, 25), P.DAY)),
        ("Earlier on Friday", "past", (dt.date(2020, 6, 19), P.DAY)),
        ("last Thursday", "past", (dt.date(2020, 6, 18), P.DAY)),
        ("on Friday", "future", (dt.date(2020, 6, 26), P.DAY)),
        ("On June 24", "past", (dt.date(2020, 6, 24), P.DAY)),
        # a yearless date after the article date is last year's for a past-tense clause
        ("On September 25", "past", (dt.date(2019, 9, 25), P.DAY)),
        ("On September 25", "future", (dt.date(2020, 9, 25), P.DAY)),
        ("Nov. 2", "past", (dt.date(2019, 11, 2), P.DAY)),
        ("24 June 2020", "past", (dt.date(2020, 6, 24), P.DAY)),
        ("June 24, 2019", "past", (dt.date(2019, 6, 24), P.DAY)),
        ("2020-06-01", "past", (dt.date(2020, 6, 1), P.DAY)),
        # "In July" is a month, not the article's day of July (another dateparser trap)
        ("In July", "past", (dt.date(2019, 7, 1), P.MONTH)),
        ("early December", "past", (dt.date(2019, 12, 1), P.MONTH)),
        ("April 2013", "past", (dt.date(2013, 4, 1), P.MONTH)),
        ("last year", "past", (dt.date(2019, 1, 1), P.YEAR)),
        ("next month", "past", (dt.date(2020, 7, 1), P.MONTH)),
        ("in 2006", "past", (dt.date(2006, 1, 1), P.YEAR)),
        ("yesterday", "past", (dt.date(2020, 6, 24), P.DAY)),
        ("two days ago", "past", (dt.date(2020, 6, 23), P.DAY)),
        ("last week", "past", (dt.date(2020, 6, 1), P.MONTH)),
        # durations and times relative to another event cannot be placed
        ("the past five years", "past", None),
        ("two days earlier", "past", None),
        ("a second", "past", None),
    ],
)
def test_expressions_resolve_against_the_article_date(text, direction, expected):
    assert resolve_expression(text, THURSDAY, P.DAY, direction) == expected


def test_without_an_article_date_only_explicit_dates_resolve():
    assert resolve_expression("On April 12", None, P.UNKNOWN) == (
        dt.date(YEAR_UNKNOWN, 4, 12),
        P.MONTH_DAY,
    )
    assert resolve_expression("on 29 February", None, P.UNKNOWN) == (
        dt.date(YEAR_UNKNOWN, 2, 29),
        P.MONTH_DAY,
    )
    assert resolve_expression("June 24, 2020", None, P.UNKNOWN) == (dt.date(2020, 6, 24), P.DAY)
    assert resolve_expression("on Thursday", None, P.UNKNOWN) is None
    assert resolve_expression("last year", None, P.UNKNOWN) is None


def test_a_yearless_article_date_keeps_the_year_unknown():
    ref = dt.date(YEAR_UNKNOWN, 9, 23)
    assert resolve_expression("on Monday", ref, P.MONTH_DAY) is None
    assert resolve_expression("yesterday", ref, P.MONTH_DAY) == (
        dt.date(YEAR_UNKNOWN, 9, 22),
        P.MONTH_DAY,
    )
    assert resolve_expression("In July", ref, P.MONTH_DAY) is None


# ---- attachment to clauses and fallbacks -------------------------------------------------------

HELD = """
0 On on ADP IN 4 prep
1 June June PROPN NNP 0 pobj B-DATE
2 24 24 NUM CD 1 nummod I-DATE
3 they they PRON PRP 4 nsubj
4 held hold VERB VBD 4 ROOT
5 talks talk NOUN NNS 4 dobj
6 . . PUNCT . 4 punct
"""

RELATIVE = """
0 Brazil Brazil PROPN NNP 1 nsubj
1 vetoed veto VERB VBD 1 ROOT
2 the the DET DT 3 det
3 bid bid NOUN NN 1 dobj
4 , , PUNCT , 3 punct
5 which which PRON WDT 6 nsubj
6 came come VERB VBD 3 relcl
7 last last ADJ JJ 8 amod B-DATE
8 year year NOUN NN 6 npadvmod I-DATE
9 . . PUNCT . 1 punct
"""

PAST = """
0 Maduro Maduro PROPN NNP 1 nsubj
1 said say VERB VBD 1 ROOT
2 . . PUNCT . 1 punct
"""

PRESENT = """
0 Russia Russia PROPN NNP 1 nsubj
1 supports support VERB VBZ 1 ROOT
2 Venezuela Venezuela PROPN NNP 1 dobj
3 . . PUNCT . 1 punct
"""


def test_expression_attaches_to_its_clause_verb():
    doc = parse(HELD)
    (expr,) = find_time_expressions(doc[:])
    assert expr.text == "June 24"
    assert expr.path == (0, 4)
    assert expr.direction == "past"


def test_event_takes_the_expression_of_its_own_clause():
    dater = ArticleDater(THURSDAY, P.DAY)
    doc = parse(HELD)
    dater.begin(doc[:])
    date = dater.date_for(doc[4])
    assert (date.date, date.precision, date.origin, date.evidence) == (
        dt.date(2020, 6, 24),
        P.DAY,
        "sentence",
        "June 24",
    )


def test_expression_of_a_relative_clause_does_not_date_the_main_event():
    dater = ArticleDater(THURSDAY, P.DAY)
    doc = parse(RELATIVE)
    dater.begin(doc[:])
    date = dater.date_for(doc[1])
    assert (date.date, date.origin) == (THURSDAY, "article")


def test_past_tense_clause_inherits_the_narrative_time_present_tense_does_not():
    dater = ArticleDater(THURSDAY, P.DAY)
    first = parse(HELD)
    dater.begin(first[:])
    dater.end()
    past = parse(PAST)
    dater.begin(past[:])
    inherited = dater.date_for(past[1])
    dater.end()
    present = parse(PRESENT)
    dater.begin(present[:])
    now = dater.date_for(present[1])
    assert (inherited.date, inherited.origin) == (dt.date(2020, 6, 24), "context")
    assert (now.date, now.origin) == (THURSDAY, "article")
    assert is_past(past[1]) and not is_past(present[1])


def test_undated_article_is_dated_by_its_lead_and_never_by_the_run_date():
    dater = ArticleDater(None, P.UNKNOWN)
    none = parse(PRESENT)
    dater.begin(none[:])
    unknown = dater.date_for(none[1])
    assert (unknown.date, unknown.precision, unknown.origin) == (None, P.UNKNOWN, "unknown")

    dater = ArticleDater(None, P.UNKNOWN)
    lead = parse(HELD)
    dater.begin(lead[:])
    dater.end()
    later = parse(PRESENT)
    dater.begin(later[:])
    date = dater.date_for(later[1])
    assert (date.date, date.precision, date.origin) == (
        dt.date(YEAR_UNKNOWN, 6, 24),
        P.MONTH_DAY,
        "lead",
    )


def test_yearless_article_date_is_carried_with_month_day_precision():
    dater = ArticleDater(dt.date(2019, 9, 23), P.MONTH_DAY)
    doc = parse(PRESENT)
    dater.begin(doc[:])
    date = dater.date_for(doc[1])
    assert (date.date, date.precision, date.origin) == (
        dt.date(YEAR_UNKNOWN, 9, 23),
        P.MONTH_DAY,
        "article",
    )


def test_span_expressions_are_not_event_times():
    doc = parse(
        """
        0 Russia Russia PROPN NNP 1 nsubj
        1 lent lend VERB VBD 1 ROOT
        2 money money NOUN NN 1 dobj
        3 since since ADP IN 1 prep
        4 2006 2006 NUM CD 3 pobj B-DATE
        5 . . PUNCT . 1 punct
        """
    )
    assert find_time_expressions(doc[:]) == []


def test_narrative_time_expires_after_a_paragraph_without_restatement():
    dater = ArticleDater(THURSDAY, P.DAY)
    first = parse(HELD)
    dater.begin(first[:], paragraph=0)
    dater.end()
    next_paragraph = parse(PAST)
    dater.begin(next_paragraph[:], paragraph=1)
    assert dater.date_for(next_paragraph[1]).origin == "context"
    dater.end()
    later = parse(PAST)
    dater.begin(later[:], paragraph=2)
    assert dater.date_for(later[1]).origin == "article"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia and Iran held talks last Friday.", ["last Friday"]),
        ("The deal was signed by Brazil on 24 June 2020.", ["24 June 2020"]),
        ("Two days ago, the army killed 2000 people.", ["Two days ago"]),
        ("Earlier this month, China met Japan in 2019.", ["Earlier this month", "2019"]),
        ("Lavrov said yesterday morning that Russia would help.", ["yesterday morning"]),
        ("Theresa May met Merkel.", []),
    ],
)
def test_time_expressions_are_found_without_ner(nlp, text, expected):
    """The coder parses without NER (`CODING_DISABLED`): expressions are found by their shape."""
    from etl.coding.nlp import CODING_DISABLED

    doc = nlp(text, disable=list(CODING_DISABLED))
    assert [e.text for e in find_time_expressions(doc[:])] == expected
