"""A small hand-made warehouse for the publish-stage tests (aggregate, report, diff, export).

Four articles: a1 (TASS) and a2 (no publisher) are one story told twice (a2 is a translation,
never coded); a3 (BBC) and a4 (undated, yearless) stand alone. The events exercise the
one-a-day key, country-level merging, month precision, an undated event and an IGO actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from etl.cameo import codebook
from etl.contracts import to_table
from etl.publish.aggregate import build_dyad_month, build_events_daily
from etl.publish.export import GDELT_VIEW, gdelt_view_sql
from etl.records import (
    ActorCandidate,
    ActorMention,
    Article,
    DatePrecision,
    DuplicateMember,
    Event,
    InputSource,
    Record,
    Rejected,
    RejectReason,
    Run,
    Sentence,
    VerbCandidate,
)
from etl.warehouse import publish_duckdb, write_parquet

D = DatePrecision


def article(aid: str, publisher: str | None, url: str | None, published: dt.date | None) -> Article:
    return Article(
        article_id=aid,
        source=f"{aid}.txt",
        position=0,
        url=url,
        publisher=publisher,
        published=published,
        published_precision=D.DAY if published else D.UNKNOWN,
        published_origin="header" if published else "unknown",
        language="en",
        encoding="utf-8",
        raw_text=f"text of {aid}",
        clean_text=f"text of {aid}",
        removed_lines=0,
    )


ARTICLES = [
    article("a1", "TASS", "https://tass.com/politics/1", dt.date(2019, 9, 23)),
    article("a2", None, None, dt.date(2019, 9, 23)),
    article("a3", "BBC", "https://www.bbc.com/news/x", dt.date(2020, 2, 7)),
    article("a4", None, None, None),
]

MEMBERS = [
    DuplicateMember(
        article_id="a1",
        cluster_id="a1",
        is_canonical=True,
        tier="unique",
        score=1.0,
        cluster_size=2,
    ),
    DuplicateMember(
        article_id="a2",
        cluster_id="a1",
        is_canonical=False,
        tier="story",
        score=0.41,
        cluster_size=2,
    ),
    DuplicateMember(
        article_id="a3",
        cluster_id="a3",
        is_canonical=True,
        tier="unique",
        score=1.0,
        cluster_size=1,
    ),
    DuplicateMember(
        article_id="a4",
        cluster_id="a4",
        is_canonical=True,
        tier="unique",
        score=1.0,
        cluster_size=1,
    ),
]

SENTENCE_TEXT = {
    "a1:0:0": "Venezuelan President Nicolas Maduro thanked Russia.",
    "a1:0:1": "Maduro praised Russia for its support.",
    "a3:0:0": "The US sanctioned Conviasa and Russia pledged economic cooperation with Venezuela.",
    "a3:1:1": "Russian officials said they would meet Venezuelan ministers.",
    "a3:2:2": "Hola a todos.",
    "a4:0:0": "Maduro will travel to Moscow on May 9.",
}


def sentences() -> list[Sentence]:
    out = []
    for sid, text in SENTENCE_TEXT.items():
        aid, para, index = sid.split(":")
        out.append(
            Sentence(
                sentence_id=sid,
                article_id=aid,
                paragraph_index=int(para),
                sentence_index=int(index),
                start=0,
                end=len(text),
                language="es" if sid == "a3:2:2" else "en",
                coded=sid != "a3:2:2",
                text=text,
            )
        )
    return out


def mention(
    sid: str, start: int, end: int, code: str, resolution: str = "dictionary"
) -> ActorMention:
    text = SENTENCE_TEXT[sid]
    return ActorMention(
        mention_id=f"{sid}:{start}",
        article_id=sid.split(":")[0],
        sentence_id=sid,
        start=start,
        end=end,
        text=text[start:end],
        code=code,
        country=code[:3],
        role=code[3:6] or None,
        name=text[start:end],
        entry_id=f"test:{code}",
        resolution=resolution,
        evidence="test",
    )


MENTIONS = [
    mention("a1:0:0", 0, 37, "VENGOV", "compositional"),
    mention("a1:0:0", 46, 52, "RUS"),
    mention("a1:0:1", 0, 6, "VENGOV", "coreference"),
    mention("a1:0:1", 15, 21, "RUS"),
    mention("a3:0:0", 4, 6, "USA"),
    mention("a3:0:0", 18, 26, "VENBUS"),
    mention("a3:0:0", 31, 37, "RUS"),
    mention("a3:0:0", 75, 84, "VEN"),
    mention("a4:0:0", 0, 6, "VENGOV", "dictionary"),
    mention("a4:0:0", 20, 26, "RUS", "metonym"),
]


def event(
    eid: str,
    sid: str,
    source: str,
    target: str,
    code: str,
    date: dt.date | None,
    precision: DatePrecision = D.DAY,
    *,
    root: bool = True,
    verb: tuple[int, int] = (10, 15),
    rule: str = "V:test",
) -> Event:
    entry = codebook().event(code)
    aid = sid.split(":")[0]
    cluster = {"a2": "a1"}.get(aid, aid)

    def country(c: str) -> str | None:
        return c[:3] if c[:3] in codebook().countries else None

    return Event(
        event_id=eid,
        article_id=aid,
        sentence_id=sid,
        cluster_id=cluster,
        is_root_event=root,
        dyad_complete="---" not in (source, target),
        event_date=date,
        date_precision=precision,
        date_origin="article",
        source_code=source,
        source_name=f"name of {source}",
        source_country=country(source),
        source_role=source[3:6] or None,
        target_code=target,
        target_name=f"name of {target}",
        target_country=country(target),
        target_role=target[3:6] or None,
        cameo_code=code,
        cameo_base=entry.base,
        cameo_root=entry.root,
        event_name=entry.name,
        quad_class=entry.quad_class,
        penta_class=entry.penta_class,
        goldstein=entry.goldstein,
        plover_event=entry.plover_event,
        sentence_text=SENTENCE_TEXT[sid],
        source_start=0,
        source_end=5,
        verb_start=verb[0],
        verb_end=verb[1],
        target_start=20,
        target_end=25,
        trigger="trigger",
        rule_id=rule,
        source_entry="test",
        target_entry="test",
        coder_version="test-coder 1",
    )


SEP23 = dt.date(2019, 9, 23)
FEB7 = dt.date(2020, 2, 7)

EVENTS = [
    event("e1", "a1:0:0", "VENGOV", "RUS", "051", SEP23),
    event("e2", "a1:0:1", "VENGOV", "RUS", "051", SEP23),
    event("e8", "a1:0:1", "VEN", "RUS", "051", SEP23, root=False, verb=(20, 25)),
    event("e3", "a3:0:0", "USA", "VENBUS", "163", FEB7),
    event("e4", "a3:0:0", "RUS", "VEN", "0311", FEB7, root=False, verb=(40, 47)),
    event("e5", "a3:1:1", "RUSGOV", "VENGOV", "036", FEB7),
    event("e6", "a3:1:1", "RUS", "VEN", "0311", FEB7, root=False, verb=(30, 35)),
    event("e9", "a3:1:1", "IGOUNO", "VEN", "010", FEB7, root=False, verb=(40, 45)),
    event(
        "e10",
        "a3:1:1",
        "RUS",
        "VEN",
        "040",
        dt.date(2019, 1, 1),
        D.MONTH,
        root=False,
        verb=(50, 55),
    ),
    event("e7", "a4:0:0", "VENGOV", "RUS", "042", None, D.MONTH_DAY),
]

INPUTS = [
    InputSource(path=f"{a.article_id}.txt", sha256=f"{i:064x}", n_records=1)
    for i, a in enumerate(ARTICLES)
] + [InputSource(path="bad.bin", sha256="f" * 64, n_records=1)]

REJECTED = [
    Rejected(
        source="bad.bin", position=0, reason=RejectReason.BINARY, message="binary", excerpt="\\x00"
    ),
]

ACTOR_CANDIDATES = [
    ActorCandidate(
        candidate_id="c1",
        rank=1,
        name="Conviasa",
        normalized="conviasa",
        label="ORG",
        variants=["Conviasa"],
        num_mentions=3,
        num_sentences=3,
        num_articles=2,
        num_event_sentences=2,
        suggested_code="VENBUS",
        suggested_country="VEN",
        suggested_role="BUS",
        suggestion_support=2,
        suggestion_evidence="Venezuelan (VEN) + airline (BUS)",
        suggested_kind="group",
        first_seen=FEB7,
        last_seen=FEB7,
        example_sentence_ids=["a3:0:0"],
        examples=[SENTENCE_TEXT["a3:0:0"]],
    ),
    ActorCandidate(
        candidate_id="c2",
        rank=2,
        name="Russia-24",
        normalized="russia-24",
        label="ORG",
        variants=["Russia-24"],
        num_mentions=1,
        num_sentences=1,
        num_articles=1,
        num_event_sentences=0,
        suggestion_support=0,
        suggested_kind="group",
        example_sentence_ids=["a1:0:1"],
        examples=[SENTENCE_TEXT["a1:0:1"]],
    ),
]

VERB_CANDIDATES = [
    VerbCandidate(
        candidate_id="v1",
        rank=1,
        phrase="travel to",
        verb_lemma="travel",
        preposition="to",
        num_sentences=1,
        num_articles=1,
        actor_pairs=["VENGOV RUS"],
        example_sentence_ids=["a4:0:0"],
        examples=[SENTENCE_TEXT["a4:0:0"]],
    ),
]


def run_row(run_id: str = "run-1", started: dt.datetime | None = None) -> Run:
    started = started or dt.datetime(2024, 5, 1, 12, 30, 5, tzinfo=dt.UTC)
    return Run(
        run_id=run_id,
        fingerprint="f" * 64,
        is_current=True,
        started_at=started,
        finished_at=started + dt.timedelta(seconds=30),
        input_paths=[s.path for s in INPUTS],
        input_hashes=[s.sha256 for s in INPUTS],
        etl_version="0.1.0",
        coder_version="test-coder 1",
        dictionary_version="d" * 16,
        spacy_model="test 1.0",
        config_json="{}",
        num_input_records=5,
        num_articles=4,
        num_rejected=1,
        num_duplicates=1,
        num_sentences=len(SENTENCE_TEXT),
        num_mentions=len(MENTIONS),
        num_events=len(EVENTS),
        num_events_daily=len(build_events_daily(EVENTS, ARTICLES, MEMBERS)),
    )


def build_warehouse(
    root: Path,
    events: Sequence[Event] = EVENTS,
    *,
    run: Run | None = None,
    extra: dict[str, tuple[Sequence[Record], type[Record]]] | None = None,
) -> Path:
    """Write every table as Parquet and publish events.duckdb with the gdelt_events view."""
    daily = build_events_daily(events, ARTICLES, MEMBERS)
    tables: dict[str, tuple[Sequence[Record], type[Record]]] = {
        "input_sources": (INPUTS, InputSource),
        "rejected_inputs": (REJECTED, Rejected),
        "articles": (ARTICLES, Article),
        "duplicate_clusters": (MEMBERS, DuplicateMember),
        "sentences": (sentences(), Sentence),
        "actor_mentions": (MENTIONS, ActorMention),
        "events": (list(events), Event),
        "events_daily": (daily, type(daily[0]) if daily else _daily_model()),
        "dyad_month": (build_dyad_month(daily), _dyad_model()),
        "actor_candidates": (ACTOR_CANDIDATES, ActorCandidate),
        "verb_candidates": (VERB_CANDIDATES, VerbCandidate),
        "runs": ([run or run_row()], Run),
        **(extra or {}),
    }
    for name, (rows, model) in tables.items():
        write_parquet(root, name, to_table(rows, model))
    publish_duckdb(root, list(tables), {GDELT_VIEW: gdelt_view_sql()})
    return root


def _daily_model() -> type[Record]:
    from etl.records import EventDaily

    return EventDaily


def _dyad_model() -> type[Record]:
    from etl.records import DyadMonth

    return DyadMonth
