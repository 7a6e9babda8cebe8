"""Publication dates: evidence ranking, yearless datelines, dates in removed lines (dates.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.articles import dates
from etl.articles.clean import date_rules
from etl.records import DatePrecision

CUES = date_rules().cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Photo: 7 February 2020Image copyright", dt.date(2020, 2, 7)),  # glued caption
        ("on June 24, 2020 in Moscow", dt.date(2020, 6, 24)),
        ("Sept. 3rd, 2021", dt.date(2021, 9, 3)),
        ("3 Sept 2021", dt.date(2021, 9, 3)),
        ("the 1st of March", None),  # no year
        ("published 2019-09-23T10:00", dt.date(2019, 9, 23)),
        ("31 February 2020", None),  # not a date
        ("29 February 2021", None),  # not a leap year
        ("29 February 2020", dt.date(2020, 2, 29)),
        ("in May 2018", None),  # month and year only
        ("5 March 1850", None),  # outside the accepted years
        ("in 2019 and 2020", None),
    ],
)
def test_find_full_dates(text, expected):
    found = dates.find_full_dates([text], CUES)
    assert [f.date for f in found] == ([expected] if expected else [])


def test_cues_and_removed_lines_mark_dates():
    lines = ["Talks were held on 5 March 2020.", "Photo: 7 March 2020", "x 8 March 2020 y"]
    found = dates.find_full_dates(lines, CUES, frozenset({2}))
    assert [f.cued for f in found] == [False, True, True]
    # Prose that mentions photos or updates is not a cue: labels need a colon or the line start.
    assert not dates.find_full_dates(["The photos were updated on 5 March 2020."], CUES)[0].cued


def test_evidence_context_is_cut_at_word_boundaries():
    line = "Russian Foreign Minister Sergei Lavrov (left) and Venezuelan President Nicolás Maduro in Caracas. Photo: 7 February 2020Image copyright"  # noqa: E501
    (found,) = dates.find_full_dates([line], CUES)
    assert found.context.startswith("Nicolás Maduro") or found.context.split()[0][0].isupper()
    assert "Photo: 7 February 2020" in found.context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOSCOW, September 23. /TASS/.", (9, 23, None)),
        ("Sept. 23, 2019", (9, 23, 2019)),
        ("23 September", (9, 23, None)),
        ("February 30", None),
        ("CARACAS --", None),
        (None, None),
    ],
)
def test_parse_month_day(text, expected):
    md = dates.parse_month_day(text)
    assert (md and (md.month, md.day, md.year)) == expected or (md is None and expected is None)


@pytest.mark.parametrize(
    ("month", "day", "reference", "expected"),
    [
        (1, 2, dt.date(2019, 12, 30), dt.date(2020, 1, 2)),
        (12, 30, dt.date(2020, 1, 2), dt.date(2019, 12, 30)),
        (9, 23, dt.date(2019, 9, 23), dt.date(2019, 9, 23)),
        (2, 29, dt.date(2021, 3, 1), dt.date(2020, 2, 29)),
    ],
)
def test_closest_date_crosses_new_year(month, day, reference, expected):
    assert dates.closest_date(month, day, reference) == expected


@given(st.dates(dt.date(1950, 1, 1), dt.date(2090, 12, 31)), st.dates())
def test_closest_date_keeps_month_and_day_and_stays_within_half_a_year(reference, target):
    if (target.month, target.day) == (2, 29):
        return
    placed = dates.closest_date(target.month, target.day, reference)
    assert placed is not None
    assert (placed.month, placed.day) == (target.month, target.day)
    assert abs((placed - reference).days) <= 184


TEXT_DATE = dates.FoundDate(dt.date(2020, 2, 7), "7 February 2020", "Photo: 7 February 2020", True)
BODY_DATE = dates.FoundDate(dt.date(1920, 4, 5), "5 April 1920", "born on 5 April 1920", False)
SEPT_23 = dates.MonthDay(9, 23, None, "September 23")


def test_input_wins_over_everything():
    pub = dates.resolve_publication_date(
        input_date=dt.date(2020, 1, 1), input_origin="header", dateline=SEPT_23,
        text_dates=[TEXT_DATE],
    )  # fmt: skip
    assert (pub.published, pub.origin, pub.precision) == (dt.date(2020, 1, 1), "header", "day")


def test_dateline_with_year_wins_over_text():
    pub = dates.resolve_publication_date(
        input_date=None,
        input_origin="input",
        dateline=dates.MonthDay(9, 23, 2019, "Sept 23, 2019"),
        text_dates=[TEXT_DATE],
    )
    assert (pub.published, pub.origin) == (dt.date(2019, 9, 23), "dateline")


def test_yearless_dateline_takes_year_from_text_date():
    pub = dates.resolve_publication_date(
        input_date=None, input_origin="input", dateline=dates.MonthDay(2, 8, None, "February 8"),
        text_dates=[TEXT_DATE],
    )  # fmt: skip
    assert (pub.published, pub.origin, pub.precision) == (dt.date(2020, 2, 8), "dateline", "day")
    assert "year from text" in pub.evidence and "7 February 2020" in pub.evidence


def test_yearless_dateline_without_evidence_never_takes_today():
    pub = dates.resolve_publication_date(
        input_date=None, input_origin="input", dateline=SEPT_23, text_dates=[]
    )
    assert pub.published is None
    assert pub.precision == DatePrecision.MONTH_DAY
    assert (pub.origin, pub.evidence) == ("dateline", "September 23")


def test_running_text_dates_are_not_publication_dates():
    pub = dates.resolve_publication_date(
        input_date=None, input_origin="input", dateline=None, text_dates=[BODY_DATE]
    )
    assert (pub.published, pub.origin, pub.precision) == (None, "unknown", "unknown")
    pub = dates.resolve_publication_date(
        input_date=None, input_origin="input", dateline=None, text_dates=[BODY_DATE, TEXT_DATE]
    )
    assert (pub.published, pub.origin) == (dt.date(2020, 2, 7), "text")


def test_cued_date_beats_a_later_running_text_date():
    later = dates.FoundDate(dt.date(2021, 1, 1), "1 January 2021", "due on 1 January 2021", False)
    chosen = dates.choose_text_date([later, TEXT_DATE], cued_only=False)
    assert chosen is TEXT_DATE


def test_date_from_duplicate_keeps_the_dateline_day():
    lent = dates.date_from_duplicate(
        own_dateline=SEPT_23, donor_date=dt.date(2019, 9, 24), donor_id="002", donor_origin="header"
    )
    assert (lent.published, lent.origin) == (dt.date(2019, 9, 23), "duplicate")
    assert lent.precision == "day"
    assert re.search(r"year from duplicate 002 \(header 2019-09-24\)", lent.evidence)
    lent = dates.date_from_duplicate(
        own_dateline=None, donor_date=dt.date(2019, 9, 24), donor_id="002", donor_origin="input"
    )
    assert lent.published == dt.date(2019, 9, 24) and lent.evidence.startswith("date of duplicate")
