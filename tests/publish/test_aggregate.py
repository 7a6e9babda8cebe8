"""One-a-day events and the dyad-month panel (etl/publish/aggregate.py), and the runs table."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.publish.aggregate import (
    build_dyad_month,
    build_events_daily,
    publisher_key,
)
from etl.publish.runs import RunCounts, dictionary_version, make_run, merge_runs
from etl.records import DatePrecision, DuplicateMember
from tests.publish.publish_data import (
    ARTICLES,
    EVENTS,
    FEB7,
    INPUTS,
    MEMBERS,
    SEP23,
    article,
    event,
)


def _daily(events=EVENTS, articles=ARTICLES, members=MEMBERS):
    rows = build_events_daily(events, articles, members)
    return {(r.event_date, r.source_code, r.target_code, r.cameo_code): r for r in rows}


def test_story_told_twice_counts_once_with_both_articles():
    row = _daily()[(SEP23, "VENGOV", "RUS", "051")]
    assert row.num_stories == 1  # a1 and its translation a2 are one story
    assert row.num_articles == 2  # ... reported by two articles (cluster size)
    assert row.num_coded_articles == 1  # only the canonical one was read
    assert row.num_mentions == 2  # two sentences of a1 state it
    assert row.num_events == 2
    assert row.event_ids == ["e1", "e2"]
    assert row.cluster_ids == ["a1"]


def test_sources_first_last_article_and_url():
    row = _daily()[(SEP23, "VENGOV", "RUS", "051")]
    assert row.num_sources == 2  # TASS, and a2 whose publisher is unknown counts as its own
    assert (row.first_article_id, row.last_article_id) == ("a1", "a2")  # same day: by id
    assert row.source_url == "https://tass.com/politics/1"
    assert row.first_published == row.last_published == SEP23


def test_same_key_from_two_stories_counts_two_stories():
    copy = article("a5", "Reuters", "https://www.reuters.com/y", dt.date(2020, 2, 8))
    members = [
        *MEMBERS,
        DuplicateMember(
            article_id="a5",
            cluster_id="a5",
            is_canonical=True,
            tier="unique",
            score=1.0,
            cluster_size=1,
        ),
    ]
    extra = event("e11", "a3:0:0", "USA", "VENBUS", "163", FEB7).model_copy(
        update={"article_id": "a5", "cluster_id": "a5", "sentence_id": "a5:0:0"}
    )
    row = _daily([*EVENTS, extra], [*ARTICLES, copy], members)[(FEB7, "USA", "VENBUS", "163")]
    assert (row.num_stories, row.num_articles, row.num_sources) == (2, 2, 2)
    assert (row.first_article_id, row.last_article_id) == ("a3", "a5")


def test_precision_is_part_of_the_key_and_undated_events_are_kept():
    rows = build_events_daily(EVENTS, ARTICLES, MEMBERS)
    undated = [r for r in rows if r.event_date is None]
    assert len(undated) == 1 and undated[0].date_precision == DatePrecision.MONTH_DAY
    assert rows[-1] is undated[0]  # unknown dates sort last
    month = event("m", "a3:1:1", "RUS", "VEN", "040", dt.date(2019, 1, 1), DatePrecision.DAY)
    both = build_events_daily([*EVENTS, month], ARTICLES, MEMBERS)
    jan1 = [r for r in both if r.event_date == dt.date(2019, 1, 1)]
    assert sorted(r.date_precision for r in jan1) == ["day", "month"]


def test_ids_are_stable_and_gdelt_ids_positive():
    first = build_events_daily(EVENTS, ARTICLES, MEMBERS)
    again = build_events_daily(list(reversed(EVENTS)), ARTICLES, MEMBERS)
    assert [r.daily_id for r in first] == [r.daily_id for r in again]
    assert len({r.global_event_id for r in first}) == len(first)
    assert all(0 < r.global_event_id < 2**60 for r in first)


def test_publisher_key_falls_back_to_host_then_article():
    assert publisher_key(article("x", " TASS ", None, None)) == "publisher:tass"
    assert publisher_key(article("x", None, "https://www.bbc.com/a", None)) == "host:bbc.com"
    assert publisher_key(article("x", None, None, None)) == "article:x"


def _cells():
    return {
        (c.level, c.month, c.source, c.target): c
        for c in build_dyad_month(build_events_daily(EVENTS, ARTICLES, MEMBERS))
    }


def test_dyad_month_country_level_counts_one_a_day_per_country_dyad():
    cells = _cells()
    sep = cells[("country", dt.date(2019, 9, 1), "VEN", "RUS")]
    # VENGOV→RUS and VEN→RUS 051 on the same day are one country-level event
    assert (sep.num_events, sep.num_daily_rows, sep.num_stories) == (1, 2, 1)
    assert cells[("actor", dt.date(2019, 9, 1), "VENGOV", "RUS")].num_events == 1
    assert cells[("actor", dt.date(2019, 9, 1), "VEN", "RUS")].num_events == 1


def test_dyad_month_quad_classes_and_goldstein():
    feb = _cells()[("country", dt.date(2020, 2, 1), "RUS", "VEN")]
    # 0311 (Goldstein 5.2) from e4/e6 and 036 (4.0) from RUSGOV→VENGOV: both verbal cooperation
    assert feb.num_events == 2
    assert (feb.num_verbal_cooperation, feb.num_material_cooperation) == (2, 0)
    assert (feb.num_verbal_conflict, feb.num_material_conflict) == (0, 0)
    assert feb.goldstein_sum == pytest.approx(9.2)
    assert feb.goldstein_mean == pytest.approx(4.6)
    usa = _cells()[("country", dt.date(2020, 2, 1), "USA", "VEN")]
    assert (usa.num_material_conflict, usa.goldstein_sum) == (1, -8.0)


def test_dyad_month_invents_no_cells_and_skips_what_has_no_month():
    cells = _cells()
    assert all(c.num_events > 0 for c in cells.values())
    # month precision is placed in its month; the undated (yearless) event is not
    assert ("country", dt.date(2019, 1, 1), "RUS", "VEN") in cells
    assert not any(k[2:] == ("VENGOV", "RUS") and k[1].year != 2019 for k in cells)
    # an IGO has no country: actor level only
    assert ("actor", dt.date(2020, 2, 1), "IGOUNO", "VEN") in cells
    assert not any(k[0] == "country" and "IGO" in k[2] for k in cells)
    months = {(k[1].year, k[1].month) for k in cells}
    assert months == {(2019, 1), (2019, 9), (2020, 2)}


def test_runs_keep_one_row_per_fingerprint():
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

    def run(run_id: str, dictionaries: str, minutes: int):
        return make_run(
            run_id=run_id,
            started_at=start + dt.timedelta(minutes=minutes),
            finished_at=None,
            inputs=INPUTS,
            coder_versions=["c1", "c1"],
            dictionaries=dictionaries,
            spacy_model="m 1",
            config={"batch_size": 64},
            counts=RunCounts(events=3),
        )

    first = run("r1", "d1", 0)
    rerun = run("r2", "d1", 5)
    edited = run("r3", "d2", 10)
    assert first.fingerprint == rerun.fingerprint != edited.fingerprint
    assert first.input_paths == sorted(s.path for s in INPUTS)
    after_rerun = merge_runs(rerun, [first])
    assert [r.run_id for r in after_rerun] == ["r2"]
    after_edit = merge_runs(edited, after_rerun)
    assert [(r.run_id, r.is_current) for r in after_edit] == [("r2", False), ("r3", True)]


def test_dictionary_version_follows_file_content(tmp_path):
    base = dictionary_version()
    assert base == dictionary_version()
    extra = tmp_path / "actors"
    extra.mkdir()
    (extra / "people.csv").write_text("id\n", encoding="utf-8")
    with_extra = dictionary_version([extra])
    (extra / "people.csv").write_text("id\nperson:x\n", encoding="utf-8")
    assert len({base, with_extra, dictionary_version([extra])}) == 3


def test_dyad_month_leaves_out_events_with_an_unresolved_side():
    one_sided = event("u1", "a3:0:0", "USAGOV", "---", "172", FEB7, verb=(70, 75))
    cells = build_dyad_month(build_events_daily([*EVENTS, one_sided], ARTICLES, MEMBERS))
    assert not any("---" in (c.source, c.target) for c in cells)
    assert len(cells) == len(_cells())


def test_dyad_month_leaves_out_roles_of_the_null_country_at_actor_level_too():
    # "---GOV": a government of unknown country; two of them need not be one actor
    null_role = event("u2", "a3:0:0", "---GOV", "USA", "172", FEB7, verb=(70, 75))
    cells = build_dyad_month(build_events_daily([*EVENTS, null_role], ARTICLES, MEMBERS))
    assert not any(c.source.startswith("---") or c.target.startswith("---") for c in cells)
    assert len(cells) == len(_cells())
