"""Issue 7.5: arbitrary Unicode, control characters and huge tokens through cleaning, sentence
splitting, actor resolution and coding: no exception, bounded time, well-formed output.

Ingestion guarantees what reaches these stages is a `str` without lone surrogates (they are
replaced by U+FFFD), so the strategies draw any other code point, NUL and controls included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import time
import traceback
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl.articles.clean import clean_articles
from etl.articles.ingest import article_id_for
from etl.articles.language import detector
from etl.cameo import codebook
from etl.coding.nlp import split_sentences
from etl.coding.pool import build_coder
from etl.records import RawArticle

pytestmark = pytest.mark.issue(7)

#: Any code point but lone surrogates (which ingestion removes).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
#: Text that looks a bit like news, so the coder gets past its pre-filters now and then.
WORDS = st.sampled_from(
    [
        "Russia",
        "Venezuela",
        "Maduro",
        "Lavrov",
        "the",
        "United",
        "States",
        "signed",
        "an",
        "agreement",
        "with",
        "condemned",
        "met",
        "in",
        "Caracas",
        "on",
        "Monday",
        ".",
        ",",
        "\n",
        "\n\n",
        "President",
        "Minister",
        "said",
        "not",
        "would",
        "\u00a0",
        "\u200b",
        "U.S.",
        "(",
        ")",
        '"',
        "'",
        "-",
        "—",
        "…",
        "MOSCOW, September 23. /TASS/.",
        "Photo: AFP",
        "date 2020-01-01",
    ]
)
NEWSY = st.lists(WORDS | st.text(ANY_CHAR, max_size=12), max_size=80).map(" ".join)
HOSTILE = st.one_of(st.text(ANY_CHAR, max_size=400), NEWSY)

#: Pathological inputs every stage must survive, in time about linear in their size.
#: spaCy's tokenizer strips affixes one character at a time, so a long run of brackets,
#: punctuation or emoji without a space costs quadratic time unless a stage bounds it
#: (measured with spacy.blank("en"): 16,000 brackets 23 s, 30,000 emoji in sentence
#: splitting 227 s).
HUGE = [
    "x" * 200_000,
    "Russia " * 5_000,
    "Russia signed an agreement with Venezuela " * 300,  # one 1,800-word sentence
    "\n" * 50_000 + "Russia met Venezuela.",
    "e\u0301" * 20_000,
    "(" * 8_000 + "Russia" + ")" * 8_000,
    "U.S. " * 10_000,
    "\u202e\u2066" * 10_000 + " Russia condemned Venezuela.",
    "\x00\x01\x1b[31m" * 5_000 + " Maduro met Lavrov.",
    "\U0001f600" * 20_000,
    "Russia met Venezuela. " + "!?" * 8_000,
]
#: Generous: each case takes well under a second in a stage that is linear in its input.
HUGE_SECONDS = 15.0


def _bounded(check: Callable[[], None], seconds: float = HUGE_SECONDS) -> None:
    """Run `check` in a forked child and fail if it raises or is still running after `seconds`.

    A child, so that a quadratic stage costs the suite `seconds`, not minutes, and its
    failure says so; fork, so that the child shares the already loaded spaCy model.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            check()
        except BaseException:
            send.send(traceback.format_exc())
            raise
        send.send("")

    proc = context.Process(target=child, daemon=True)
    started = time.perf_counter()
    proc.start()
    proc.join(seconds)
    if proc.is_alive():
        proc.kill()
        proc.join()
        pytest.fail(f"still running after {seconds:.0f} s: time is not bounded by the input size")
    problem = receive.recv() if receive.poll(1) else f"child died with exit code {proc.exitcode}"
    assert problem == "", problem
    assert time.perf_counter() - started < seconds


def _raw(text: str, n: int = 0) -> RawArticle:
    return RawArticle(
        article_id=article_id_for(None, text) + f"-{n}",
        source="hypothesis.txt",
        position=n,
        encoding="utf-8",
        raw_text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _clean_and_split(texts: list[str]):
    raws = [_raw(t, i) for i, t in enumerate(texts)]
    out = clean_articles(raws)
    assert sorted(a.article_id for a in out.articles) == sorted(r.article_id for r in raws)
    by_id = {a.article_id: a for a in out.articles}
    for article in out.articles:
        assert isinstance(article.clean_text, str)
        article.clean_text.encode("utf-8")  # storable
    for para in out.paragraphs:
        text = by_id[para.article_id].clean_text
        assert 0 <= para.start <= para.end <= len(text)
        assert text[para.start : para.end] == para.text
    sentences = list(split_sentences(out.articles, out.paragraphs, set(by_id)))
    for sentence in sentences:
        text = by_id[sentence.article_id].clean_text
        assert text[sentence.start : sentence.end] == sentence.text
    assert len({s.sentence_id for s in sentences}) == len(sentences)
    return out, sentences


def _check_events(events) -> None:
    book = codebook()
    for event in events:
        assert book.is_valid_event(event.cameo_code)
        assert event.source_code and event.target_code
        assert -10 <= event.goldstein <= 10
        assert 0 <= event.source_start <= event.source_end <= len(event.sentence_text)
        assert 0 <= event.target_start <= event.target_end <= len(event.sentence_text)
        assert event.rule_id


@pytest.fixture(scope="module")
def coder(nlp):
    return build_coder(nlp)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE, min_size=1, max_size=4))
@example(["", " ", "\x00", "\ufeff", "\u2028\u2029", "\r\n\r\n", "date 2020-13-45"])
def test_cleaning_and_sentence_splitting_survive_any_text(texts):
    _clean_and_split(texts)


@pytest.fixture(scope="module")
def warm_language_models():
    """The bound is about growth with input size, not the one-off load of lingua's models."""
    detector(high_accuracy=False)
    detector(high_accuracy=True)


@pytest.mark.parametrize("text", HUGE, ids=[f"huge{i}" for i in range(len(HUGE))])
def test_cleaning_and_splitting_pathological_text_is_bounded(text, warm_language_models):
    _bounded(lambda: _clean_and_split([text]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE, st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))))
@example("Russia signed an agreement with Venezuela.", dt.date(2020, 6, 25))
@example("\x00Russia\x1b condemned \u202eVenezuela\u202c.", None)
def test_actor_resolution_and_coding_survive_any_text(coder, text, published):
    (events,) = coder.code_texts([("h", text, published)])
    _check_events(events)


@pytest.mark.parametrize("text", HUGE, ids=[f"huge{i}" for i in range(len(HUGE))])
def test_coding_pathological_text_is_bounded(coder, text):
    def check() -> None:
        (events,) = coder.code_texts([("h", text, None)])
        _check_events(events)

    _bounded(check)


def test_coding_still_finds_events_in_ordinary_text(coder):
    (events,) = coder.code_texts(
        [("ok", "Russia signed an energy agreement with Venezuela.", dt.date(2020, 6, 25))]
    )
    assert events, "the hostile-text checks would pass vacuously if nothing were ever coded"
