"""Cleaning: debris rules, title, dateline, normalisation, paragraphs (etl/articles/clean.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from etl.articles.clean import (
    clean_article,
    clean_articles,
    date_rules,
    debris_rules,
    normaliser,
    parse_debris_rules,
    parse_normaliser,
)
from etl.errors import EtlError
from etl.records import RawArticle
from tests.conftest import SEEDS

_HEADER = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})\s+")


def seed_raw(path: Path) -> RawArticle:
    """A seed file as a raw article: an inline ` date YYYY-MM-DD ` header is metadata."""
    text = path.read_text("utf-8")
    published = None
    if m := _HEADER.match(text):
        published, text = dt.date.fromisoformat(m[1]), text[m.end() :]
    return RawArticle(
        article_id=path.stem[:3],
        source=path.name,
        position=0,
        published_input=published,
        encoding="utf-8",
        raw_text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def raw(text: str, article_id: str = "a1", **fields: object) -> RawArticle:
    return RawArticle(
        article_id=article_id,
        source=str(fields.pop("source", "batch.jsonl")),
        position=1,
        encoding="utf-8",
        raw_text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        **fields,
    )


@pytest.fixture(scope="module")
def seeds():
    raws = [seed_raw(p) for p in sorted(SEEDS.glob("*.txt"))]
    out = clean_articles(raws)
    return raws, out


def _article(seeds, article_id: str):
    return next(a for a in seeds[1].articles if a.article_id == article_id)


# Every debris line the issue lists, with the rule that must remove it.
SEED_DEBRIS = [
    ("001", "All news", "navigation"),
    ("001", "Venezuelan President Nicolas Maduro, right Miraflores Palace/Handout via REUTERS",
     "agency_photo_credit"),
    ("001", "Venezuelan President Nicolas Maduro, right", "caption_repeat"),
    ("001", "© Miraflores Palace/Handout via REUTERS", "copyright_credit"),
    ("001", "Earlier, Kremlin Spokesman Dmitry Peskov said the Venezuelan leader was expected to "
     "pay a visit to Russia in the near future", "repeated_line"),
    ("003", "Photo: 7 February 2020Image copyright", "image_copyright"),
    ("003", "AFP/Getty Images", "credit_after_copyright"),
    ("003", "Image caption", "image_caption_label"),
    ("003", "Mr Lavrov (left) was speaking after talks with President Maduro (right) in Caracas",
     "caption_after_label"),
    ("003", "Media playback is unsupported on your device", "media_notice"),
    ("003", "Media captionPresident Trump welcomed his surprise guest", "media_caption"),
    ("003", "Source link", "source_link"),
    ("003", "Facebook Comments Box", "comment_widget"),
    ("003", "Please enter your comment!", "comment_prompt"),
    ("003", "Please enter your name here", "comment_prompt"),
    ("000", "pic.twitter.com/rsDED5Rarz", "tweet_embed"),
]  # fmt: skip


@pytest.mark.parametrize(("article_id", "fragment", "rule_id"), SEED_DEBRIS)
def test_seed_debris_is_gone_and_recorded_with_its_rule(seeds, article_id, fragment, rule_id):
    article = _article(seeds, article_id)
    removed = [r for r in seeds[1].removed_lines if r.article_id == article_id]
    assert any(fragment in r.text and r.rule_id == rule_id for r in removed), removed
    if rule_id == "repeated_line":  # the longer copy of the teaser stays, once
        assert article.clean_text.count(fragment) == 1
    else:
        assert fragment not in article.clean_text


def test_removed_lines_point_at_raw_lines(seeds):
    raws = {r.article_id: r for r in seeds[0]}
    rows = seeds[1].removed_lines
    assert rows
    for row in rows:
        raw_line = raws[row.article_id].raw_text.splitlines()[row.line_no]
        words = re.findall(r"\w+", row.text)
        assert words[:3] == re.findall(r"\w+", normaliser()(raw_line))[: len(words[:3])] or (
            row.text in normaliser()(raw_line)
        )
    keys = [(r.article_id, r.line_no) for r in rows]
    assert len(keys) == len(set(keys)), "one removed_lines row per line"
    for article in seeds[1].articles:
        assert article.removed_lines == sum(r.article_id == article.article_id for r in rows)


def test_titles_datelines_and_publishers_of_the_seeds(seeds):
    s001, s003 = _article(seeds, "001"), _article(seeds, "003")
    assert s001.title == "Maduro thanks Russia for supporting Venezuela's sovereignty"
    assert s001.dateline == "MOSCOW, September 23. /TASS/."
    assert s001.publisher == "TASS"
    assert s001.clean_text.startswith("Venezuelan President Nicolas Maduro has expressed")
    assert s003.title == "Russia to boost Venezuela ties amid US pressure"
    assert s003.clean_text.startswith("Russia has pledged to boost military")
    for article_id in ("000", "002", "004"):  # first lines end like sentences: no title
        assert _article(seeds, article_id).title is None


def test_seed_dates_origin_and_precision(seeds):
    by_id = {a.article_id: a for a in seeds[1].articles}
    s000 = by_id["000"]
    assert (s000.published, s000.published_origin) == (dt.date(2020, 6, 25), "header")
    # Seed 001's dateline has no year and its text no full date: the year stays unknown here
    # (dedup lends it from seed 002), never today's.
    assert by_id["001"].published is None
    assert by_id["001"].published_precision == "month_day"
    assert by_id["001"].published_evidence == "September 23"
    # Seed 003's only full date is in the photo caption the cleaner removed.
    assert by_id["003"].published == dt.date(2020, 2, 7)
    assert by_id["003"].published_origin == "text"
    assert "Photo: 7 February 2020" in by_id["003"].published_evidence
    assert (by_id["004"].published, by_id["004"].published_origin) == (None, "unknown")


def test_spanish_tweet_is_kept_but_marked(seeds):
    paragraphs = [p for p in seeds[1].paragraphs if p.article_id == "000"]
    spanish = [p for p in paragraphs if p.language == "es"]
    assert len(spanish) == 1 and spanish[0].text.startswith("Minutos después")
    assert "pic.twitter.com" not in spanish[0].text
    assert all(p.language == "en" for p in paragraphs if p is not spanish[0])
    assert _article(seeds, "000").language == "en"


def test_paragraph_offsets_slice_the_clean_text(seeds):
    for article in seeds[1].articles:
        paragraphs = [p for p in seeds[1].paragraphs if p.article_id == article.article_id]
        assert [p.paragraph_index for p in paragraphs] == list(range(len(paragraphs)))
        for p in paragraphs:
            assert article.clean_text[p.start : p.end] == p.text
        assert "\n\n".join(p.text for p in paragraphs) == article.clean_text


def test_raw_text_is_kept_and_order_follows_input(seeds):
    raws, out = seeds
    assert [a.article_id for a in out.articles] == [r.article_id for r in raws]
    assert [a.raw_text for a in out.articles] == [r.raw_text for r in raws]


def test_normalisation_of_quotes_spelling_and_whitespace(seeds):
    s003 = _article(seeds, "003")
    assert "co-operation" not in s003.clean_text and "economic cooperation" in s003.clean_text
    assert "\u2019" not in s003.clean_text and "Lavrov's comments" in s003.clean_text
    assert "Nicolás Maduro" in s003.clean_text  # accents are text, not debris


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Venezuelaâ€™s sovereignty", "Venezuela's sovereignty"),  # mojibake repaired (ftfy)
        ("AT&amp;T and Cisco", "AT&T and Cisco"),  # HTML entity
        ("«Peace»  and\u00a0 „order“", '"Peace" and "order"'),
        ("Co-ordinated co-operation", "Coordinated cooperation"),
        ("zero\u200bwidth\u00adsoft", "zerowidthsoft"),
        ("  tabs\tand   runs  ", "tabs and runs"),
        ("Wait…", "Wait..."),
    ],
)
def test_normaliser(line, expected):
    assert normaliser()(line) == expected


# One example per debris rule: a line it must remove (or the part it must cut).
RULE_EXAMPLES = {
    "comment_prompt": ["Leave a reply", "Enter your email address here:"],
    "comment_widget": ["12 Comments", "Facebook Comments Plugin"],
    "share_widget": ["Share", "Facebook Twitter WhatsApp Email", "Share this article"],
    "tweet_embed": ["Vamos. pic.twitter.com/abc123 — Foo Bar (@foobar) March 2, 2021"],
    "tweet_signature": ["— Foo Bar (@foobar) March 2, 2021"],
    "media_notice": ["Your browser does not support the video tag."],
    "media_caption": ["Video captionProtesters marched in Caracas"],
    "image_caption": ["Image captionProtesters in Caracas on Saturday"],
    "image_copyright": ["Image copyright Reuters"],
    "copyright_credit": ["(c) 2020 AFP"],
    "agency_photo_credit": ["Protesters in Caracas. Photo: Reuters"],
    "image_credit_caption": ["Trafalgar Square. Image: Mirrys."],
    "photo_credit_label": ["Credit: Government handout"],
    "source_link": ["Read more: Venezuela crisis explained"],
    "navigation": ["Top stories", "Related articles"],
    "advertisement": ["Advertisement", "Story continues below advertisement"],
    "newsletter_prompt": ["Sign up for our daily newsletter", "Follow us on Telegram"],
    "wire_credit": [
        "Reporting by Vivian Sequera; Editing by Sandra Maler",
        "Editing by Sandra Maler",
        "Our Standards: The Thomson Reuters Trust Principles.",
    ],
}
# Rules that fire only in context; their examples are two lines.
CONTEXT_EXAMPLES = {
    "image_caption_label": ("Image caption", "Mr Lavrov arrived in Caracas on Friday"),
    "caption_after_label": ("Image caption", "Mr Lavrov arrived in Caracas on Friday"),
    "credit_after_copyright": ("Image copyright", "EPA/Miguel Gutierrez"),
}
STRUCTURAL = {"title_line", "title_repeat", "caption_repeat", "repeated_line"}


def test_every_rule_has_an_example():
    ids = {r.id for r in debris_rules()}
    assert ids == set(RULE_EXAMPLES) | set(CONTEXT_EXAMPLES) | STRUCTURAL
    assert all(r.comment for r in debris_rules())


BODY = "Russian officials met their Venezuelan counterparts in Caracas on Monday to discuss oil."
BODY2 = "The talks ended without a statement, according to diplomats in the Venezuelan capital."


@pytest.mark.parametrize(
    ("rule_id", "line"), [(k, v) for k, vs in RULE_EXAMPLES.items() for v in vs]
)
def test_rule_removes_its_example(rule_id, line):
    article, removed, _ = clean_article(raw(f"{BODY}\n\n{line}\n\n{BODY2}", title="T"))
    assert [r.rule_id for r in removed] == [rule_id]
    if rule_id == "tweet_embed":
        assert "Vamos." in article.clean_text and "pic.twitter" not in article.clean_text
    else:
        assert line not in article.clean_text


@pytest.mark.parametrize(("rule_id", "lines"), list(CONTEXT_EXAMPLES.items()))
def test_context_rule_fires_only_after_its_label(rule_id, lines):
    label, line = lines
    _, removed, _ = clean_article(raw(f"{BODY}\n\n{label}\n\n{line}\n\n{BODY2}", title="T"))
    assert rule_id in [r.rule_id for r in removed]
    assert len(removed) == 2  # the label and the line under it; the body stays
    article, removed, _ = clean_article(raw(f"{BODY}\n\n{line}\n\n{BODY2}", title="T"))
    assert removed == [] and line in article.clean_text


@pytest.mark.parametrize(
    "line",
    [
        "Share prices in Caracas rose 5% on Monday after the announcement.",
        "The image copyright dispute went to court in London last year, lawyers said.",
        "Comments by the minister angered the opposition, which called for protests.",
        "Source: officials speaking on condition of anonymity told reporters in Moscow.",
        "Facebook said it had removed hundreds of accounts linked to the campaign.",
        "Home Secretary Charles Clarke vowed the nine men would remain in prison.",
        "Writing by hand is becoming rare among students, teachers in Caracas said.",
        "Reporting by state media could not be verified independently.",
        'Mr Lavrov said: "We have firmly expressed our support to Venezuela\'s sovereignty."',
    ],
)
def test_prose_is_never_removed(line):
    article, removed, _ = clean_article(raw(f"{BODY}\n\n{line}", title="T"))
    assert removed == [] and line in article.clean_text


def test_input_title_repeated_in_text_is_removed():
    article, removed, _ = clean_article(raw(f"Oil deal signed\n\n{BODY}", title="Oil deal signed"))
    assert article.title == "Oil deal signed"
    assert [r.rule_id for r in removed] == ["title_repeat"]
    assert article.clean_text == BODY


def test_title_needs_a_blank_line_and_no_final_full_stop():
    article, removed, _ = clean_article(raw(f"Oil deal signed\n{BODY}"))
    assert article.title is None and removed == []
    article, removed, _ = clean_article(raw(f"Oil deal signed.\n\n{BODY}"))
    assert article.title is None and removed == []


@pytest.mark.parametrize(
    ("line", "dateline", "publisher", "rest"),
    [
        ("CARACAS, Feb 7 (Reuters) - Venezuela said on Friday it would respond.",
         "CARACAS, Feb 7 (Reuters) -", "Reuters", "Venezuela said"),
        ("WASHINGTON (AP) — The United States imposed new sanctions on Friday.",
         "WASHINGTON (AP) —", "Associated Press", "The United States"),
        ("BEIJING, Feb. 7, 2020 (Xinhua) -- China urged restraint on Friday.",
         "BEIJING, Feb. 7, 2020 (Xinhua) --", "Xinhua", "China urged"),
        ("LONDON, March 3, 2021 - Britain expelled two diplomats on Wednesday.",
         "LONDON, March 3, 2021 -", None, "Britain expelled"),
    ],
)  # fmt: skip
def test_datelines(line, dateline, publisher, rest):
    article, removed, _ = clean_article(raw(f"{line}\n\n{BODY}"))
    assert article.dateline == dateline
    assert article.publisher == publisher
    assert article.clean_text.startswith(rest)
    assert removed[0].text == dateline and removed[0].rule_id.startswith("dateline_")


def test_dated_dateline_gives_the_date_and_input_date_wins_over_it():
    article, _, _ = clean_article(raw(f"BEIJING, Feb. 7, 2020 (Xinhua) -- {BODY}"))
    assert (article.published, article.published_origin) == (dt.date(2020, 2, 7), "dateline")
    article, _, _ = clean_article(
        raw(f"BEIJING, Feb. 7, 2020 (Xinhua) -- {BODY}", published_input=dt.date(2020, 2, 8))
    )
    assert (article.published, article.published_origin) == (dt.date(2020, 2, 8), "input")


def test_header_origin_for_txt_files():
    article, _, _ = clean_article(
        raw(BODY, source="seeds/x.txt", published_input=dt.date(2020, 1, 2))
    )
    assert article.published_origin == "header"


def test_hard_wrapped_lines_are_joined_into_one_paragraph():
    text = "Russia and Venezuela signed an agreement\non energy cooperation in Caracas.\n\nNext."
    _, _, paragraphs = clean_article(raw(text, title="T"))
    assert paragraphs[0].text == (
        "Russia and Venezuela signed an agreement on energy cooperation in Caracas."
    )
    assert len(paragraphs) == 2


def test_empty_and_all_debris_articles():
    article, removed, paragraphs = clean_article(raw("Advertisement\n\nShare\n", title="T"))
    assert article.clean_text == "" and paragraphs == [] and len(removed) == 2
    assert article.language == "und"
    article, removed, paragraphs = clean_article(raw(""))
    assert article.clean_text == "" and removed == [] and paragraphs == []


def test_broken_rule_files_raise_coded_errors_naming_the_line():
    text = "rules:\n  - id: a\n    comment: c\n    action: drop\n    pattern: '('\n"
    with pytest.raises(EtlError, match=r"E005|debris.yaml line 2.*bad pattern"):
        parse_debris_rules(text)
    with pytest.raises(EtlError, match="needs an `id` and a `comment`"):
        parse_debris_rules("rules:\n  - action: drop\n    pattern: x\n")
    with pytest.raises(EtlError, match="structural rules missing"):
        parse_debris_rules("rules:\n  - id: a\n    comment: c\n    action: drop\n    pattern: x\n")
    with pytest.raises(EtlError, match="single non-ASCII"):
        parse_normaliser("characters:\n  'a': 'b'\n")


def test_rule_files_load():
    assert len(debris_rules()) >= 20
    assert date_rules().datelines and date_rules().cues is not None
