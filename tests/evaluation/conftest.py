"""The two reports the scoring and report tests read: events-shaped and penta_class-shaped gold."""

from __future__ import annotations

import pytest

from etl.evaluation.scoring import evaluate
from tests.evaluation.helpers import (
    EVENT_ANSWERS,
    EVENT_ITEMS,
    PENTA_ANSWERS,
    PENTA_ITEMS,
    fake_coder,
)


@pytest.fixture(scope="module")
def event_report():
    seen: list[str] = []
    report = evaluate(EVENT_ITEMS, fake_coder(EVENT_ANSWERS, seen))
    return report, seen


@pytest.fixture(scope="module")
def penta_report():
    return evaluate(PENTA_ITEMS, fake_coder(PENTA_ANSWERS))
