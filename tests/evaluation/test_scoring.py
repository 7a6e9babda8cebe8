"""Scoring: event levels, sentence classes, coverage and spans, against hand-computed figures.

The gold items and canned predictions the comments count (A-F, P1-P3) are in `helpers.py`.
"""

from __future__ import annotations

import pytest

from etl.evaluation.scoring import evaluate, event_class, token_f1
from tests.evaluation.helpers import fake_coder, gold, pe

# --- events-shaped gold ----------------------------------------------------------------------


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


# --- penta_class-shaped gold ----------------------------------------------------------------


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


def test_exact_set_counts_records_per_suite_and_category() -> None:
    from dataclasses import replace

    items = [
        replace(gold("a", [("ARN", "GON", "064")]), suite="s1", category="DEMO"),
        replace(gold("b", [("ARN", "GON", "042"), ("GON", "ARN", "043")]), suite="s1",
                category="DEMO"),
        replace(gold("c", []), suite="s2", category="DISCARD"),
        replace(gold("d", [], expected_error="sentencediscard"), suite="s2", category="DISCARD"),
    ]  # fmt: skip
    answers = {
        "a": [pe("ARN", "064", "GON"), pe("ARN", "064", "GON")],  # the same set, twice
        "b": [pe("ARN", "042", "GON")],  # one of two
        "c": [],
        "d": [pe("ARN", "010", "GON")],  # must be rejected
    }
    report = evaluate(items, fake_coder(answers))
    assert report.exact == {
        "all": (2, 4),
        "suite s1": (1, 2),
        "suite s2": (1, 2),
        "category DEMO": (1, 2),
        "category DISCARD": (1, 2),
    }
    assert [r["exact"] for r in report.rows] == [True, False, True, False]
