"""Hand-built gold items and a deterministic fake coder, whose figures the tests compute by hand."""

from __future__ import annotations

import datetime as dt

from etl.evaluation.coders import PredictedEvent
from etl.evaluation.gold import GoldEvent, GoldItem


def gold(
    id: str,
    events: list[tuple[str, str, str]] | None = None,
    *,
    penta: int | None = None,
    spans: dict[str, list[str]] | None = None,
    expected_error: str | None = None,
    scored: bool = True,
) -> GoldItem:
    evs = None if events is None else [GoldEvent(*e) for e in events]
    return GoldItem(
        id=id,
        text=f"text of {id}",
        date=dt.date(1995, 1, 1),
        events=evs,
        penta_class=penta,
        spans=spans,
        expect_no_event=evs == [],
        expected_error=expected_error,
        scored=scored,
    )


def pe(source: str, code: str, target: str, s_text: str = "", t_text: str = "") -> PredictedEvent:
    return PredictedEvent(source, target, code, s_text, t_text)


def fake_coder(answers: dict[str, list[PredictedEvent]], seen: list[str] | None = None):
    """A CodeFn that looks up canned predictions by item id (records what it was asked)."""

    def code(batch: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        if seen is not None:
            seen.extend(i for i, _, _ in batch)
        return [answers.get(i, []) for i, _, _ in batch]

    return code


# --- events-shaped gold ----------------------------------------------------------------------

EVENT_ITEMS = [
    gold("A", [("ARN", "GON", "064")]),
    gold("B", [("GON", "ARN", "111"), ("GON", "ERI", "111")]),
    gold("C", []),
    gold("D", [("ARN", "GON", "904")]),  # a WEIS code, not CAMEO
    gold("E", [], expected_error="sentencediscard"),
    gold("F", [("ARN", "GON", "064")], scored=False),
]
EVENT_ANSWERS = {
    "A": [pe("ARN", "064", "GON")],
    "B": [pe("GONGOV", "112", "ARN")],
    "C": [pe("ARN", "190", "GON")],
    "F": [pe("ARN", "064", "GON")],
}


# --- penta_class-shaped gold ----------------------------------------------------------------

PENTA_ITEMS = [
    gold("P1", penta=4, spans={"source": ["Iraqi troops"], "target": ["the last ISIS bastion"]}),
    gold("P2", penta=0, spans={"source": ["Lavrov"], "target": []}),
    gold("P3", penta=3),
]
PENTA_ANSWERS = {
    "P1": [pe("IRQMIL", "190", "IMGREB", "Iraqi troops", "ISIS bastion")],
    "P3": [pe("USA", "163", "VEN", "The US", "Venezuela")],  # root 16 is class 3 (Phoenix)
}
