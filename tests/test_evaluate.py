"""Scoring tests: hand-built gold items, a deterministic fake coder, hand-computed figures."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from rich.console import Console

from etl.errors import EtlError
from etl.evaluate import (
    GoldEvent,
    GoldItem,
    PredictedEvent,
    dispatch_code_fn,
    evaluate,
    event_class,
    load_gold,
    make_code_fn,
    predicted_event,
    render_report,
    report_summary,
    token_f1,
    with_discards,
    write_rows_csv,
)
from etl.records import DatePrecision, Event


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


@pytest.fixture(scope="module")
def event_report():
    seen: list[str] = []
    report = evaluate(EVENT_ITEMS, fake_coder(EVENT_ANSWERS, seen))
    return report, seen


def test_unscored_records_are_not_sent_to_the_coder(event_report) -> None:
    report, seen = event_report
    assert seen == ["A", "B", "C", "D", "E"]
    assert report.n_items == 5
    assert report.n_skipped == 1


def test_event_levels_match_multisets(event_report) -> None:
    report, _ = event_report
    # gold events 4 (A1 B2 D1), predicted 3 (A B C); quad and root+country hit A and B's
    # first event, full only A.
    quad = report.levels["quad"]
    assert (quad.precision, quad.recall, quad.support) == pytest.approx((2 / 3, 0.5, 4))
    assert quad.f1 == pytest.approx(4 / 7)
    assert report.levels["root_country"].f1 == pytest.approx(4 / 7)
    full = report.levels["full"]
    assert (full.precision, full.recall, full.f1) == pytest.approx((1 / 3, 1 / 4, 2 / 7))


def test_sentence_level_class_uses_main_event_and_none(event_report) -> None:
    report, _ = event_report
    # D's gold class is unknown (904 is not CAMEO): left out; A, B, E right, C wrong.
    assert report.n_sentence_level == 4
    assert report.quad_accuracy == pytest.approx(3 / 4)
    assert report.confusion == {"2": {"2": 1}, "3": {"3": 1}, "none": {"4": 1, "none": 1}}
    none = report.per_class["none"]
    assert (none.precision, none.recall, none.f1, none.support) == pytest.approx((1, 0.5, 2 / 3, 2))
    assert report.per_class["4"].support == 0
    # macro over the gold classes 2, 3 and none: (1 + 1 + 2/3) / 3
    assert report.quad_macro_f1 == pytest.approx(8 / 9)


def test_coverage_rejections_and_non_cameo_gold_are_reported(event_report) -> None:
    report, _ = event_report
    assert report.coverage == pytest.approx(3 / 5)
    assert (report.expected_errors, report.rejected) == (1, 1)
    assert report.gold_not_cameo == 1
    assert any("outside the CAMEO codebook" in n for n in report.notes)
    assert report.span_agreement is None


def test_rows_hold_gold_and_prediction_per_item(event_report, tmp_path: Path) -> None:
    report, _ = event_report
    row = {r["id"]: r for r in report.rows}["B"]
    assert row["gold_events"] == "GON 111 ARN; GON 111 ERI"
    assert row["predicted_events"] == "GONGOV 112 ARN"
    assert row["class_correct"] is True
    out = tmp_path / "rows.csv"
    write_rows_csv(report, out)
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["A", "B", "C", "D", "E"]


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


@pytest.fixture(scope="module")
def penta_report():
    return evaluate(PENTA_ITEMS, fake_coder(PENTA_ANSWERS))


def test_penta_gold_scores_sentences(penta_report) -> None:
    r = penta_report
    assert r.quad_accuracy == pytest.approx(2 / 3)
    assert r.per_class["0"].recall == 0.0 and r.per_class["0"].support == 1
    assert r.per_class["none"].precision == 0.0
    assert r.quad_macro_f1 == pytest.approx(2 / 3)  # classes 0, 3, 4: (0 + 1 + 1) / 3
    # Without gold events only the sentence-level 'quad' row exists.
    assert set(r.levels) == {"quad"}
    q = r.levels["quad"]
    assert (q.precision, q.recall, q.f1, q.support) == pytest.approx((1.0, 2 / 3, 0.8, 3))
    assert r.coverage == pytest.approx(2 / 3)


def test_span_agreement_is_token_f1_with_uncoded_as_zero(penta_report) -> None:
    sa = penta_report.span_agreement
    assert sa is not None
    assert sa["source_n"] == 2 and sa["target_n"] == 1
    assert sa["source_token_f1"] == pytest.approx(0.5)  # P1 exact, P2 not coded
    assert sa["source_exact"] == pytest.approx(0.5)
    assert sa["source_token_f1_coded"] == pytest.approx(1.0)
    assert sa["source_coded_share"] == pytest.approx(0.5)
    # "ISIS bastion" vs "the last ISIS bastion": P = 1, R = 2/3 (article dropped)
    assert sa["target_token_f1"] == pytest.approx(0.8)
    assert sa["target_exact"] == 0.0


@pytest.mark.parametrize(
    ("predicted", "gold_text", "expected"),
    [
        ("Iraqi troops", "iraqi troops.", 1.0),
        ("the army", "army", 1.0),
        ("Russia", "Venezuela", 0.0),
        ("Russian Foreign Minister Sergei Lavrov", "Sergei Lavrov", 2 * (2 / 5) / (2 / 5 + 1)),
        ("", "", 1.0),
    ],
)
def test_token_f1(predicted: str, gold_text: str, expected: float) -> None:
    assert token_f1(predicted, gold_text) == pytest.approx(expected)


def test_event_class_follows_phoenix_scheme() -> None:
    assert [event_class(c) for c in ("010", "036", "064", "090", "1411", "163", "190")] == [
        "0", "1", "2", "3", "4", "3", "4",
    ]  # fmt: skip
    assert event_class("904") == "unknown"


def test_coder_emitting_a_non_cameo_code_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a CAMEO event code"):
        evaluate([gold("X", penta=1)], fake_coder({"X": [pe("A", "999", "B")]}))


def test_coder_returning_wrong_number_of_results_is_an_error() -> None:
    with pytest.raises(ValueError, match="one list"):
        evaluate([gold("X", penta=1)], lambda batch: [])


def test_render_report_shows_tables(event_report, penta_report) -> None:
    for report in (event_report[0], penta_report):
        console = Console(record=True, width=120)
        console.print(render_report(report))
        text = console.export_text()
        assert "Per class" in text and "Confusion" in text and "accuracy" in text
    assert "Actor spans" in text
    assert json.dumps(report_summary(penta_report))  # plain data


# --- make_code_fn ----------------------------------------------------------------------------


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
    from etl.coding.petrarch import read_discards

    path = tmp_path / "x.discards.txt"
    path.write_text("BASEBALL\n+TYPHOON\n", encoding="utf-8")
    seen: list[str] = []
    code = with_discards(fake_coder({"2": [pe("A", "040", "B")]}, seen), read_discards(path))
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


# --- load_gold -------------------------------------------------------------------------------


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_both_shapes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        json.dumps({"id": "p1", "text": "Arnor met Gondor.", "date": "19950101",
                    "events": [{"source": "ARN", "target": "GON", "code": "040"}]}),
        "",
        json.dumps({"text": "Troops attacked.", "penta_class": 4,
                    "spans": {"source": ["Troops"]}}),
        json.dumps({"id": 7, "text": "Baseball.", "events": [], "expected_error": "discard",
                    "evaluate": False}),
    )  # fmt: skip
    a, b, c = load_gold(path)
    assert a.date == dt.date(1995, 1, 1) and a.events == [GoldEvent("ARN", "GON", "040")]
    assert a.penta_class is None and not a.expect_no_event
    assert b.id == "gold:3" and b.events is None and b.penta_class == 4
    assert b.spans == {"source": ["Troops"], "target": []}
    assert c.id == "7" and c.expect_no_event and c.expected_error == "discard" and not c.scored


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("{not json", "line 2"),
        (json.dumps({"penta_class": 1}), "'text'"),
        (json.dumps({"text": "x", "penta_class": 7}), "0-4"),
        (json.dumps({"text": "x"}), "needs 'events'"),
        (json.dumps({"text": "x", "events": [{"source": "A", "code": "040"}]}), "target"),
        (json.dumps({"text": "x", "events": [{"source": "A", "target": "B", "code": "040"}],
                     "expect_no_event": True}), "not empty"),
        (json.dumps({"text": "x", "penta_class": 1, "date": "June"}), "date"),
        (json.dumps({"id": "ok", "text": "x", "penta_class": 1}), "repeats line 1"),
    ],
)  # fmt: skip
def test_load_gold_rejects_malformed_lines_with_line_number(
    tmp_path: Path, bad: str, problem: str
) -> None:
    path = _write(tmp_path, json.dumps({"id": "ok", "text": "fine", "penta_class": 2}), bad)
    with pytest.raises(EtlError, match="Gold file") as exc:
        load_gold(path)
    assert "line 2" in str(exc.value)
    assert problem in str(exc.value)


def test_load_gold_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EtlError, match="not found"):
        load_gold(tmp_path / "nope.jsonl")


def test_load_gold_reads_the_shared_dev_files(shared_dir: Path) -> None:
    conflibert = load_gold(shared_dir / "gold-dev" / "conflibert_train.jsonl")
    assert len(conflibert) == 1349
    assert all(i.penta_class is not None and i.events is None for i in conflibert)
    assert sum(1 for i in conflibert if i.spans) == 934
    petrarch = load_gold(shared_dir / "gold-dev" / "petrarch_dev.jsonl")
    assert len(petrarch) == 230
    assert sum(i.scored for i in petrarch) == 225
    assert sum(i.expected_error is not None for i in petrarch) == 6
    assert all(i.dictionaries for i in petrarch)
