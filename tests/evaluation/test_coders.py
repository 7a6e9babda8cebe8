"""Code functions: the real coder wrapped in one batch, discards before coding, routing by id."""

from __future__ import annotations

from pathlib import Path

from etl.evaluation.coders import (
    PredictedEvent,
    dispatch_code_fn,
    make_code_fn,
    predicted_event,
    with_discards,
)
from etl.records import DatePrecision, Event
from tests.evaluation.helpers import fake_coder, pe


def _event(code: str, sentence: str, src: tuple[int, int], tgt: tuple[int, int]) -> Event:
    return Event(
        event_id="e1", article_id="a", sentence_id="a:0:0", cluster_id="a", is_root_event=True,
        dyad_complete=True,
        event_date=None, date_precision=DatePrecision.UNKNOWN, date_origin="article",
        source_code="USA", source_name="United States", target_code="VEN",
        target_name="Venezuela", cameo_code=code, cameo_base=code[:3], cameo_root=code[:2],
        event_name="x", quad_class=4, penta_class=3, goldstein=-6.5, sentence_text=sentence,
        source_start=src[0], source_end=src[1], verb_start=0, verb_end=0,
        target_start=tgt[0], target_end=tgt[1], trigger="sanctioned", rule_id="r",
        source_entry="s", target_entry="t", coder_version="test",
    )  # fmt: skip


class _FakeCoder:
    def __init__(self) -> None:
        self.calls = 0

    def code_texts(self, items):
        self.calls += 1
        for _id, text, _date in items:
            yield [_event("163", text, (4, 6), (18, 27))] if "sanction" in text else []


def test_make_code_fn_converts_events_in_one_batch() -> None:
    coder = _FakeCoder()
    code = make_code_fn(coder)
    out = code([("1", "The US sanctioned Venezuela.", None), ("2", "Nothing here.", None)])
    assert coder.calls == 1
    assert out == [[PredictedEvent("USA", "VEN", "163", "US", "Venezuela")], []]
    ev = _event("163", "The US sanctioned Venezuela.", (0, 6), (18, 27))
    assert predicted_event(ev).source_text == "The US"


def test_discards_reject_before_coding(tmp_path: Path) -> None:
    from etl.coding.dictionary_set import PetrarchDiscards
    from etl.coding.petrarch import read_discards

    path = tmp_path / "x.discards.txt"
    path.write_text("BASEBALL\n+TYPHOON\n", encoding="utf-8")
    seen: list[str] = []
    code = with_discards(
        fake_coder({"2": [pe("A", "040", "B")]}, seen), PetrarchDiscards.of(read_discards(path))
    )
    batch = [
        ("1", "Arnor restored baseball competition with Gondor.", None),
        ("2", "Arnor met Gondor.", None),
        ("3", "A typhoon hit.", None),
    ]
    assert code(batch) == [[], [pe("A", "040", "B")], []]
    assert seen == ["2"]  # discarded texts never reach the coder


def test_dispatch_sends_each_item_to_its_coder() -> None:
    a = fake_coder({"1": [pe("A", "040", "B")], "3": [pe("C", "190", "D")]})
    b = fake_coder({"2": [pe("E", "111", "F")]})
    code = dispatch_code_fn({"1": "a", "2": "b", "3": "a"}, {"a": a, "b": b})
    out = code([("1", "x", None), ("2", "y", None), ("3", "z", None)])
    assert out == [[pe("A", "040", "B")], [pe("E", "111", "F")], [pe("C", "190", "D")]]
