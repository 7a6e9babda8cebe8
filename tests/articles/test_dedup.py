"""Story clusters: tiers, canonical choice, date lending, incremental index (dedup.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.articles import dedup
from etl.articles.clean import clean_articles
from etl.articles.dedup import DedupIndex, cluster_articles, dedup_params, parse_dedup_params
from etl.errors import EtlError
from etl.records import Article, DatePrecision, RawArticle
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


def raw(article_id: str, text: str, published: dt.date | None = None) -> RawArticle:
    return RawArticle(
        article_id=article_id,
        source="batch.jsonl",
        position=1,
        title="T",
        published_input=published,
        encoding="utf-8",
        raw_text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return clean_articles(seed_raw(p) for p in sorted(SEEDS.glob("*.txt"))).articles


@pytest.fixture(scope="module")
def seed_clusters(seeds):
    return cluster_articles(seeds)


# A text of ~40 distinct sentences, for near-duplicate tests.
rng = random.Random(7)
WORDS = (
    "minister talks oil sanctions embassy troops border summit election parliament court "
    "treaty vote protest strike bank loan envoy army rebels ceasefire aid port visit decree"
).split()
SENTENCES = [
    " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + f" on day {i}." for i in range(40)
]
STORY = " ".join(SENTENCES)


def test_seeds_001_and_002_are_one_story_and_no_other_pair_is_clustered(seed_clusters):
    members = {m.article_id: m for m in seed_clusters.members}
    assert members["001"].cluster_id == members["002"].cluster_id
    assert members["001"].tier == "story" and 0 < members["001"].score < 1
    assert members["001"].cluster_size == members["002"].cluster_size == 2
    others = [members[a] for a in ("000", "003", "004")]
    assert all(m.tier == "unique" and m.is_canonical and m.cluster_size == 1 for m in others)
    assert len({m.cluster_id for m in seed_clusters.members}) == 4


def test_seed_001_is_dated_through_its_duplicate(seed_clusters):
    a001 = next(a for a in seed_clusters.articles if a.article_id == "001")
    assert a001.published == dt.date(2019, 9, 23)
    assert a001.published_precision == DatePrecision.DAY
    assert a001.published_origin == "duplicate"
    assert "002" in a001.published_evidence and "September 23" in a001.published_evidence
    a002 = next(a for a in seed_clusters.articles if a.article_id == "002")
    assert a002.published_origin == "header"  # the donor keeps its own date


def test_one_member_per_article_in_input_order(seeds, seed_clusters):
    assert [m.article_id for m in seed_clusters.members] == [a.article_id for a in seeds]
    assert [a.article_id for a in seed_clusters.articles] == [a.article_id for a in seeds]
    canonical = [m for m in seed_clusters.members if m.is_canonical]
    assert all(m.cluster_id == m.article_id and m.tier == "unique" for m in canonical)


def test_clusters_do_not_depend_on_input_order(seeds, seed_clusters):
    shuffled = list(reversed(seeds))
    again = {m.article_id: m for m in cluster_articles(shuffled).members}
    assert all(again[m.article_id] == m for m in seed_clusters.members)


def test_translation_on_another_day_is_not_the_same_story(seeds):
    a001 = next(a for a in seeds if a.article_id == "001")
    moved = a001.model_copy(
        update={"article_id": "001-oct", "dateline": "MOSCOW, October 10. /TASS/."}
    )
    a002 = next(a for a in seeds if a.article_id == "002")
    members = cluster_articles([moved, a002]).members
    assert all(m.tier == "unique" for m in members)


def test_undated_articles_never_join_by_story(seeds):
    a002 = next(a for a in seeds if a.article_id == "002")
    undated = a002.model_copy(
        update={"published": None, "published_precision": "unknown", "published_origin": "unknown"}
    )
    a001 = next(a for a in seeds if a.article_id == "001")
    assert all(m.tier == "unique" for m in cluster_articles([a001, undated]).members)


def _articles(*texts: str, published: dt.date | None = None) -> list[Article]:
    raws = [raw(f"a{i}", t, published) for i, t in enumerate(texts)]
    return clean_articles(raws).articles


def test_exact_copies_differ_only_in_case_space_punctuation_and_debris():
    copy = "Advertisement\n\n" + STORY.upper().replace(". ", ".\n\n   ") + "\n\nShare this article"
    members = cluster_articles(_articles(STORY, copy)).members
    assert [m.tier for m in members] == ["unique", "exact"]
    assert members[1].score == 1.0 and members[1].cluster_id == "a0"


def test_near_copy_truncated_with_changed_sentences():
    changed = SENTENCES[:]
    del changed[5]
    changed[10] = "An entirely new sentence about the weather in the capital appeared here."
    changed.insert(20, changed.pop(3))
    copy = " ".join(changed[:28])  # 70% of the article
    members = cluster_articles(_articles(STORY, copy)).members
    assert members[1].tier == "near" and members[1].cluster_id == "a0"
    assert 0.5 <= members[1].score <= 1.0


def test_unrelated_and_short_texts_stay_unique():
    other_rng = random.Random(8)  # same vocabulary, other sentences
    other = " ".join(
        " ".join(other_rng.choice(WORDS) for _ in range(12)).capitalize() + f" on day {i}."
        for i in range(40)
    )
    members = cluster_articles(_articles(STORY, other, "Too short.", "Too short.")).members
    assert [m.tier for m in members] == ["unique"] * 4


def test_canonical_is_the_best_dated_then_earliest_then_longest():
    longer, shorter = STORY + " One more sentence at the end of it.", STORY
    arts = _articles(shorter, longer)
    assert cluster_articles(arts).members[0].cluster_id == "a1"  # undated: the longer one
    dated = [arts[0].model_copy(update={"published": dt.date(2020, 1, 1),
             "published_precision": "day", "published_origin": "input"}), arts[1]]  # fmt: skip
    assert cluster_articles(dated).members[0].cluster_id == "a0"  # a date beats length


def test_incremental_batch_joins_the_stored_cluster_and_stored_stays_canonical(seeds, tmp_path):
    path = tmp_path / "cache" / "dedup_index"
    by_id = {a.article_id: a for a in seeds}
    first = cluster_articles([by_id["001"], by_id["000"]], DedupIndex.load(path))
    first.index.save(path)
    assert not list(path.parent.glob("*.tmp")), "no temporary file left behind"
    second = cluster_articles([by_id["002"], by_id["003"]], DedupIndex.load(path))
    m002 = second.members[0]
    assert (m002.cluster_id, m002.is_canonical, m002.tier) == ("001", False, "story")
    assert m002.cluster_size == 2
    assert second.index.cluster_of("002") == "001" and len(second.index) == 4


def test_rerun_with_its_own_index_gives_the_same_result(seeds, seed_clusters, tmp_path):
    path = tmp_path / "dedup_index"
    seed_clusters.index.save(path)
    again = cluster_articles(seeds, DedupIndex.load(path))
    assert again.members == seed_clusters.members  # nobody is its own duplicate
    assert again.articles == seed_clusters.articles  # the lent date is lent again
    assert len(again.index) == len(seeds)


def test_batches_give_the_same_clusters_as_one_run(seeds, seed_clusters):
    index = None
    members = []
    for article in seeds:
        out = cluster_articles([article], index)
        index = out.index
        members.extend(out.members)

    def partition(rows) -> set[frozenset[str]]:
        clusters: dict[str, set[str]] = {}
        for m in rows:
            clusters.setdefault(m.cluster_id, set()).add(m.article_id)
        return {frozenset(c) for c in clusters.values()}

    # Same partition; the canonical may differ (001 came first and a stored one stays).
    assert partition(members) == partition(seed_clusters.members)


def test_index_errors(tmp_path, seeds):
    assert len(DedupIndex.load(tmp_path / "missing")) == 0
    bad = tmp_path / "bad"
    bad.write_bytes(b"not an index")
    with pytest.raises(EtlError, match="cannot be read"):
        DedupIndex.load(bad)
    with pytest.raises(EtlError, match="appears twice"):
        cluster_articles([seeds[0], seeds[0]])


def test_index_built_with_other_signature_settings_is_refused(tmp_path, seeds, monkeypatch):
    path = tmp_path / "idx"
    cluster_articles(seeds[:1]).index.save(path)
    other = dedup_params().__class__(**{**dedup_params().__dict__, "num_perm": 64})
    monkeypatch.setattr(dedup, "dedup_params", lambda: other)
    with pytest.raises(EtlError, match="other signature settings"):
        DedupIndex.load(path)


def test_minhash_matches_datasketch():
    values = np.random.RandomState(0).randint(0, 2**32, size=5000, dtype=np.uint64)
    values = values.astype(np.uint32)
    reference = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)
    reference.update_batch(values)
    assert (dedup._minhash(values, 128, 1) == reference.hashvalues).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_word_hashes_equal_exactly_for_equal_words(words):
    codes = np.frombuffer(" ".join(words).encode("utf-32-le"), dtype=np.uint32)
    hashes = dedup._word_hashes(codes.astype(np.uint64))
    assert len(hashes) == len(words)
    by_word: dict[str, set[int]] = {}
    for w, h in zip(words, hashes.tolist(), strict=True):
        by_word.setdefault(w, set()).add(h)
    assert all(len(hs) == 1 for hs in by_word.values())
    assert len({next(iter(hs)) for hs in by_word.values()}) == len(by_word)


def test_char_sketch_jaccard_estimate_is_close_to_exact():
    params = dedup_params()
    base = STORY
    variant = " ".join(SENTENCES[:30] + [s.replace("day", "week") for s in SENTENCES[30:]])
    arts = _articles(base, variant)
    rows = dedup._Rows.build([dedup._features(a, params) for a in arts], params)
    chars, _, _ = dedup._story_parts(rows, 0, 1)

    def grams(text: str) -> set[str]:
        t = " ".join(re.findall(r"\w+", text.casefold()))
        return {t[i : i + 5] for i in range(len(t) - 4)}

    exact = len(grams(base) & grams(variant)) / len(grams(base) | grams(variant))
    assert abs(chars - exact) < 0.12


def test_names_of_skips_sentence_starts_and_titles():
    names = dedup.names_of(
        'President Maduro met Lavrov in Caracas. He said "Russia helps." Then Guaidó and Mr '
        "Peskov's aide spoke of 2,850 jobs on Monday in Rossiya-24.",
        dedup_params().stop_names,
    )
    assert {"maduro", "lavrov", "caracas", "guaido", "peskov", "2850", "rossiya", "24"} <= names
    assert not {"president", "he", "russia", "then", "monday", "mr"} & names


def test_params_file():
    params = dedup_params()
    assert params.num_perm % params.band_rows == 0
    assert 0 < params.story_chars < 1 and 0 < params.near_containment <= 1
    with pytest.raises(EtlError, match=r"dedup_params\.yaml"):
        parse_dedup_params("signature: {}\nthresholds: {}\n")


def test_empty_batch(seed_clusters):
    out = cluster_articles([], seed_clusters.index)
    assert out.members == [] and out.articles == [] and len(out.index) == len(seed_clusters.index)


def test_many_templated_near_copies_form_one_cluster():
    base = " ".join(SENTENCES[:6])
    texts = [f"{base} Report number {k} ends with figure {k * 7}." for k in range(300)]
    members = cluster_articles(_articles(*texts)).members
    assert len({m.cluster_id for m in members}) == 1
    assert {m.tier for m in members} == {"unique", "near"}
