"""Story clusters: exact copies, near-copies and same-story rewrites, incrementally.

A story syndicated ten times must count once, so every article joins exactly one cluster with
one canonical article, and the tier and score that put it there are recorded
(`DuplicateMember`). Three tiers, strongest first:

* ``exact``: same hash of the clean text's lower-cased, accent-folded words (page debris was
  already removed by the cleaner, so two copies that differ only in debris are exact copies).
* ``near``: MinHash (datasketch, 128 permutations) over word 5-shingles, candidates from LSH
  banding, accepted when the estimated *containment* of the smaller text in the larger is at
  least `near_containment`. Containment, not Jaccard, because a truncated reprint keeps its
  containment (a 60% cut leaves it near 1) while its Jaccard falls with the cut.
* ``story``: rewrites and translations of one story share few word shingles (seeds 001/002:
  Jaccard 0.056) but keep names, numbers and spellings. Candidates come from LSH over the set
  of capitalised names and numbers; a pair is one story when (1) both are dated (day, or the
  month and day of a yearless dateline) at most `story_days` apart, (2) the overlap
  coefficient of their name/number sets and (3) the Jaccard of their character 5-gram sketches
  clear their thresholds. The date condition is what keeps apart different stories about the
  same actors on other days (seeds 000, 001, 003 and 004 all name Maduro, Russia and Lavrov),
  so undated articles never join by story: wrong merges lose events, missed ones only repeat
  them.

**Incremental.** `DedupIndex` keeps the signatures of every article already in the warehouse
and sorted look-up tables over them (exact hashes, LSH band keys), saved atomically as one
``.npz`` file. A batch costs binary searches into those tables and a merge of its own keys
into them, so the comparison work grows with the batch, not with the archive; what grows with
the archive is copying its arrays (memcpy speed) and reading and writing the file. Rules:

* an article whose id is in the index *is* that article: it gets its stored membership back
  (re-running a batch gives the same clusters; an article is never its own duplicate);
* a new article that duplicates a stored one joins that stored cluster, whose canonical stays;
  stored clusters are never merged with each other afterwards;
* new articles that are duplicates only of each other form a new cluster whose canonical is
  the best dated, then earliest, then longest article, ties broken by article id.

**Membership rows.** The canonical article of a cluster (singletons included) has tier
``unique`` and score 1.0: it joined nothing, so ``tier = 'unique'`` counts stories. Any other
member has the strongest tier that holds between it and the canonical, with that tier's score
(exact 1.0, near the estimated containment, story the geometric mean of name overlap and char
n-gram Jaccard); a member that joined only through another member keeps the tier of its own
strongest link and its (below-threshold) score against the canonical.

**Metadata lending.** Inside a cluster, an article without a full date of its own takes it
from a member that has one (the canonical first, then input/header > dateline > text dates):
a yearless dateline keeps its month and day and takes the member's year (seed 001 gets
2019-09-23 from seed 002). Its origin becomes ``duplicate`` and the evidence names the member.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import string
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from datasketch import MinHash

from etl.articles import dates
from etl.errors import Errors, EtlError
from etl.records import Article, DatePrecision, DuplicateMember

PARAMS_FILE = "dedup_params.yaml"
#: Version of the index file layout and of the feature code; bump when either changes.
INDEX_FORMAT = 1

UNIQUE, EXACT, NEAR, STORY = "unique", "exact", "near", "story"
TIERS = (UNIQUE, EXACT, NEAR, STORY)
_TIER_CODE = {t: i for i, t in enumerate(TIERS)}
_ORIGINS = (
    dates.ORIGIN_INPUT,
    dates.ORIGIN_HEADER,
    dates.ORIGIN_DATELINE,
    dates.ORIGIN_TEXT,
    dates.ORIGIN_DUPLICATE,
    dates.ORIGIN_UNKNOWN,
)
_ORIGIN_RANK = {dates.ORIGIN_INPUT: 0, dates.ORIGIN_HEADER: 0, dates.ORIGIN_DATELINE: 1}
_PRECISION_CODE = {DatePrecision.DAY: 2, DatePrecision.MONTH_DAY: 1}

_NON_WORD = re.compile(r"[\W_]+")
#: ASCII punctuation and controls -> space: for ASCII text, the same as replacing `_NON_WORD`.
_ASCII_PUNCT = str.maketrans(
    {c: " " for c in string.punctuation + "".join(map(chr, range(32))) + chr(127)}
)
_COMBINING = re.compile("[\u0300-\u036f]")
# A capitalised word preceded by a space that follows no sentence end, quote or bracket: a name
# in mid-sentence. Sentence-initial words are capitalised for grammar, not identity.
# (Clean text has straight quotes: the cleaner's ftfy pass uncurls them.)
# (The capital comes first and the look-behind after it, so the regex engine can skip ahead to
# capitals; the same for the first digit of a number.)
_NAME = re.compile(r"[A-Z](?<=[^\s.!?\":;(\[]\s[A-Z])[A-Za-z'-]*")
_NUMBER = re.compile(r"\d(?<![\d.,]\d)\d*(?:[.,]\d+)*")
_MULT = np.uint64(0x9E3779B97F4A7C15)
_MULT_INV = np.uint64(pow(0x9E3779B97F4A7C15, -1, 1 << 64))
_U32 = np.uint64(0xFFFFFFFF)


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class DedupParams:
    """Values of `dedup_params.yaml` (see the file for the reason behind each)."""

    shingle_words: int
    num_perm: int
    band_rows: int
    seed: int
    char_gram: int
    char_sketch: int
    name_perm: int
    name_band_rows: int
    min_words_exact: int
    min_words_near: int
    near_containment: float
    near_size_ratio: float
    story_chars: float
    story_names: float
    story_min_names: int
    story_days: int
    stop_names: frozenset[str]

    def signature(self) -> dict[str, int]:
        """The values that shape stored signatures; an index must have been built with them."""
        keys = ("shingle_words", "num_perm", "band_rows", "seed", "char_gram", "char_sketch")
        keys += ("name_perm", "name_band_rows")
        return {"format": INDEX_FORMAT, **{k: getattr(self, k) for k in keys}}


@cache
def dedup_params() -> DedupParams:
    """The parameters of `etl/dictionaries/dedup_params.yaml`, read once per process."""
    text = resources.files("etl.dictionaries").joinpath(PARAMS_FILE).read_text("utf-8")
    return parse_dedup_params(text)


def parse_dedup_params(text: str) -> DedupParams:
    """Parse and check the text of a dedup parameter file (raises E005)."""
    try:
        data = yaml.safe_load(text)
        values: dict[str, Any] = {**data["signature"], **data["thresholds"]}
        params = DedupParams(
            **{
                f.name: (int if f.type == "int" else float)(values[f.name])
                for f in fields(DedupParams)
                if f.name != "stop_names"
            },
            stop_names=frozenset(str(w).lower() for w in data.get("stop_names") or ()),
        )
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise EtlError(Errors.E005.format(path=PARAMS_FILE, line="-", problem=str(exc))) from None
    if params.num_perm % params.band_rows or params.name_perm % params.name_band_rows:
        raise EtlError(
            Errors.E005.format(
                path=PARAMS_FILE, line="-", problem="permutations must divide into whole bands"
            )
        )
    return params


@cache
def _permutations(num_perm: int, seed: int) -> np.ndarray:
    return MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations


# --------------------------------------------------------------------------- features


def _fold(text: str) -> str:
    """Accent-folded text: 'Guaidó' and 'Guaido' are one name in two spellings."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def _words(text: str) -> str:
    """Lower-cased, accent-folded words joined by single spaces (the text every tier reads)."""
    text = _fold(text).casefold()
    if text.isascii():  # str.translate + split: four times faster than the regex
        return " ".join(text.translate(_ASCII_PUNCT).split())
    return _NON_WORD.sub(" ", text).strip()


def _rolling(codes: np.ndarray, width: int) -> np.ndarray:
    """64-bit hash of every run of `width` consecutive values (uint64 arithmetic wraps)."""
    m = len(codes) - width + 1
    h = codes[:m].copy()
    for k in range(1, width):
        h = h * _MULT + codes[k : k + m]
    return h


def _mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads polynomial hashes over all 64 bits."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _to32(h: np.ndarray) -> np.ndarray:
    return ((h >> np.uint64(32)) ^ (h & _U32)).astype(np.uint32)


#: MurmurHash3 fmix32 constants: datasketch's affine32 scheme pre-mixes every value with them.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
#: Values hashed per step, so a book-length text does not allocate n x num_perm at once.
_CHUNK = 4096


def _minhash(values: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """datasketch's MinHash (scheme affine32) of a set of 32-bit values, vectorised.

    Same permutations and arithmetic as ``MinHash(scheme="affine32").update_batch`` (a test
    checks equality) without its per-value Python call, which was a third of the dedup time.
    """
    a, b = _permutations(num_perm, seed)
    signature = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    s1, m1, s2, m2 = _FMIX32
    for start in range(0, len(values), _CHUNK):
        hv = values[start : start + _CHUNK].astype(np.uint32)
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s1)
        signature = np.minimum(signature, (hv[:, None] * a + b).min(axis=0))
    return signature


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: faster than np.unique's hashing on short arrays)."""
    if not len(values):
        return values
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _word_hashes(codes: np.ndarray) -> np.ndarray:
    """A 64-bit hash per space-separated word of `codes` (code points), without a Python loop.

    Position-weighted sums: with W[k] = P^k (mod 2^64, P odd so invertible), the hash of the
    word at [s, e) is (S[e] - S[s]) * P^-s where S is the prefix sum of codes * W.
    """
    n = len(codes)
    powers = np.cumprod(np.full(n, _MULT, dtype=np.uint64))
    inverse = np.cumprod(np.full(n, _MULT_INV, dtype=np.uint64))
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(codes * powers, out=prefix[1:])
    spaces = np.flatnonzero(codes == 32)
    starts = np.concatenate([[0], spaces + 1])
    ends = np.concatenate([spaces, [n]])
    scale = np.concatenate([[np.uint64(1)], inverse[starts[1:] - 1]])
    return (prefix[ends] - prefix[starts]) * scale


def names_of(text: str, stop: frozenset[str]) -> set[str]:
    """Capitalised words in mid-sentence and numbers of two or more digits, folded.

    Why these: a translation renders verbs and word order anew but keeps who and how much
    ("Maduro", "Peskov", "Lima Group", "24"); sentence-initial words are left out because they
    are capitalised for grammar.
    """
    folded = _fold(text)
    out: set[str] = set()
    for token in set(_NAME.findall(folded)):  # a name recurs: look at each spelling once
        token = token.rstrip("'")
        if token.endswith("'s"):
            token = token[:-2]
        out.update(token.lower().split("-"))
    out = {part for part in out if len(part) > 1 and part not in stop}
    out.update(
        digits
        for number in set(_NUMBER.findall(folded))
        if len(digits := number.replace(",", "")) > 1
    )
    return out


@dataclass
class _Rows:
    """Per-article features as parallel arrays (stored index rows, or a batch)."""

    exact: np.ndarray  # uint64, 0 = too short to be an exact duplicate
    n_words: np.ndarray  # int32
    n_shingles: np.ndarray  # int32, 0 = too short for the near tier
    word_sig: np.ndarray  # uint32 [n, num_perm]
    sketch_values: np.ndarray  # uint32, bottom-k char n-gram hashes, row after row
    sketch_offsets: np.ndarray  # int64 [n + 1]
    name_values: np.ndarray  # uint32, sorted name hashes, row after row
    name_offsets: np.ndarray  # int64 [n + 1]
    name_sig: np.ndarray  # uint32 [n, name_perm]
    date_ordinal: np.ndarray  # int32, 0 = no full date of its own
    date_precision: np.ndarray  # uint8: 0 unknown, 1 month_day, 2 day
    date_month: np.ndarray  # uint8 (month_day or day)
    date_day: np.ndarray  # uint8
    date_origin: np.ndarray  # uint8 index into _ORIGINS

    def __len__(self) -> int:
        return len(self.exact)

    def sketch(self, i: int) -> np.ndarray:
        return self.sketch_values[self.sketch_offsets[i] : self.sketch_offsets[i + 1]]

    def names(self, i: int) -> np.ndarray:
        return self.name_values[self.name_offsets[i] : self.name_offsets[i + 1]]

    @classmethod
    def empty(cls, params: DedupParams) -> _Rows:
        return cls.build([], params)

    @classmethod
    def build(cls, features: Sequence[dict[str, Any]], params: DedupParams) -> _Rows:
        def col(name: str, dtype: type) -> np.ndarray:
            return np.array([f[name] for f in features], dtype=dtype)

        def ragged(name: str) -> tuple[np.ndarray, np.ndarray]:
            parts = [f[name] for f in features]
            offsets = np.zeros(len(parts) + 1, dtype=np.int64)
            if parts:
                np.cumsum([len(p) for p in parts], out=offsets[1:])
                return np.concatenate(parts).astype(np.uint32), offsets
            return np.zeros(0, dtype=np.uint32), offsets

        sketch_values, sketch_offsets = ragged("sketch")
        name_values, name_offsets = ragged("names")
        return cls(
            exact=col("exact", np.uint64),
            n_words=col("n_words", np.int32),
            n_shingles=col("n_shingles", np.int32),
            word_sig=np.array([f["word_sig"] for f in features], dtype=np.uint32).reshape(
                len(features), params.num_perm
            ),
            sketch_values=sketch_values,
            sketch_offsets=sketch_offsets,
            name_values=name_values,
            name_offsets=name_offsets,
            name_sig=np.array([f["name_sig"] for f in features], dtype=np.uint32).reshape(
                len(features), params.name_perm
            ),
            date_ordinal=col("date_ordinal", np.int32),
            date_precision=col("date_precision", np.uint8),
            date_month=col("date_month", np.uint8),
            date_day=col("date_day", np.uint8),
            date_origin=col("date_origin", np.uint8),
        )

    def concat(self, other: _Rows) -> _Rows:
        def ragged(values: str, offsets: str) -> tuple[np.ndarray, np.ndarray]:
            a_off, b_off = getattr(self, offsets), getattr(other, offsets)
            joined = np.concatenate([a_off, b_off[1:] + a_off[-1]])
            return np.concatenate([getattr(self, values), getattr(other, values)]), joined

        sv, so = ragged("sketch_values", "sketch_offsets")
        nv, no = ragged("name_values", "name_offsets")
        plain = {
            f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
            for f in fields(self)
            if f.name not in ("sketch_values", "sketch_offsets", "name_values", "name_offsets")
        }
        return _Rows(**plain, sketch_values=sv, sketch_offsets=so, name_values=nv, name_offsets=no)


def _features(article: Article, params: DedupParams) -> dict[str, Any]:
    """Signatures of one article (see the module docstring for what each is for)."""
    joined = _words(article.clean_text)
    n = joined.count(" ") + 1 if joined else 0
    exact = 0
    if n >= params.min_words_exact:
        exact = int.from_bytes(hashlib.blake2b(joined.encode(), digest_size=8).digest(), "big")
        exact = exact or 1  # 0 means "no hash"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n_shingles = 0
    shingles = np.zeros(0, dtype=np.uint32)
    if n >= params.min_words_near:
        words = _word_hashes(codes)
        shingles = _sorted_unique(_to32(_mix64(_rolling(words, params.shingle_words))))
        n_shingles = len(shingles)
    if len(codes) >= params.char_gram:
        grams = _sorted_unique(_to32(_mix64(_rolling(codes, params.char_gram))))
        sketch = grams[: params.char_sketch]
    else:
        sketch = np.zeros(0, dtype=np.uint32)
    names = _sorted_unique(
        np.array(
            [zlib.crc32(s.encode()) for s in names_of(article.clean_text, params.stop_names)],
            dtype=np.uint32,
        )
    )
    own = _own_date(article)
    return {
        "exact": exact,
        "n_words": n,
        "n_shingles": n_shingles,
        "word_sig": _minhash(shingles, params.num_perm, params.seed),
        "sketch": sketch,
        "names": names,
        "name_sig": _minhash(names, params.name_perm, params.seed),
        **own,
    }


def _own_date(article: Article) -> dict[str, int]:
    """The article's own date evidence (a date lent by a duplicate does not count)."""
    origin = _ORIGINS.index(article.published_origin) if article.published_origin in _ORIGINS else 5
    if article.published_origin == dates.ORIGIN_DUPLICATE:
        md = dates.parse_month_day(article.dateline)
        if md is None:
            return {"date_ordinal": 0, "date_precision": 0, "date_month": 0, "date_day": 0,
                    "date_origin": origin}  # fmt: skip
        return {"date_ordinal": 0, "date_precision": 1, "date_month": md.month,
                "date_day": md.day, "date_origin": origin}  # fmt: skip
    precision = _PRECISION_CODE.get(article.published_precision, 0)
    if precision == 2 and article.published is not None:
        d = article.published
        return {"date_ordinal": d.toordinal(), "date_precision": 2, "date_month": d.month,
                "date_day": d.day, "date_origin": origin}  # fmt: skip
    md = dates.parse_month_day(article.dateline) if precision == 1 else None
    if md is not None:
        return {"date_ordinal": 0, "date_precision": 1, "date_month": md.month,
                "date_day": md.day, "date_origin": origin}  # fmt: skip
    return {"date_ordinal": 0, "date_precision": 0, "date_month": 0, "date_day": 0,
            "date_origin": origin}  # fmt: skip


# --------------------------------------------------------------------------- similarity


def _near_score(rows: _Rows, i: int, j: int, params: DedupParams) -> float:
    """Estimated containment of the smaller shingle set in the larger (0 if not comparable)."""
    a, b = int(rows.n_shingles[i]), int(rows.n_shingles[j])
    if not a or not b or min(a, b) < params.near_size_ratio * max(a, b):
        return 0.0
    jac = float(np.count_nonzero(rows.word_sig[i] == rows.word_sig[j])) / params.num_perm
    return min(1.0, jac * (a + b) / ((1.0 + jac) * min(a, b)))


def _days_apart(rows: _Rows, i: int, j: int) -> int | None:
    """Days between two articles' own dates; a yearless date is placed in the nearest year."""
    pi, pj = int(rows.date_precision[i]), int(rows.date_precision[j])
    if not pi or not pj:
        return None
    if pi == 2 and pj == 2:
        return abs(int(rows.date_ordinal[i]) - int(rows.date_ordinal[j]))
    if pi == 1 and pj == 1:  # both yearless: compare within a leap year, across New Year too
        a = dt.date(2000, rows.date_month[i], rows.date_day[i]).timetuple().tm_yday
        b = dt.date(2000, rows.date_month[j], rows.date_day[j]).timetuple().tm_yday
        return min(abs(a - b), 366 - abs(a - b))
    full, md = (i, j) if pi == 2 else (j, i)
    anchor = dt.date.fromordinal(int(rows.date_ordinal[full]))
    placed = dates.closest_date(int(rows.date_month[md]), int(rows.date_day[md]), anchor)
    return None if placed is None else abs((placed - anchor).days)


def _story_parts(rows: _Rows, i: int, j: int) -> tuple[float, float, int]:
    """Char n-gram Jaccard, name overlap coefficient and shared names of two articles."""
    ni, nj = rows.names(i), rows.names(j)
    shared = len(np.intersect1d(ni, nj, assume_unique=True)) if len(ni) and len(nj) else 0
    overlap = shared / min(len(ni), len(nj)) if shared else 0.0
    si, sj = rows.sketch(i), rows.sketch(j)
    chars = 0.0
    if len(si) and len(sj):
        k = max(len(si), len(sj))
        union = np.union1d(si, sj)[:k]
        both = np.intersect1d(si, sj, assume_unique=True)
        chars = float(np.count_nonzero(np.isin(union, both, assume_unique=True))) / len(union)
    return chars, overlap, shared


def _story_score(rows: _Rows, i: int, j: int, params: DedupParams, *, gate: bool) -> float:
    """Geometric mean of char and name similarity; 0 when `gate` and a condition fails."""
    if gate:
        days = _days_apart(rows, i, j)
        if days is None or days > params.story_days:
            return 0.0
    chars, overlap, shared = _story_parts(rows, i, j)
    if gate and (
        shared < params.story_min_names
        or overlap < params.story_names
        or chars < params.story_chars
    ):
        return 0.0
    return float(np.sqrt(chars * overlap))


def _relation(rows: _Rows, i: int, j: int, params: DedupParams) -> tuple[str, float] | None:
    """The strongest tier that holds between two articles, with its score, or None."""
    if rows.exact[i] and rows.exact[i] == rows.exact[j]:
        return EXACT, 1.0
    near = _near_score(rows, i, j, params)
    if near >= params.near_containment:
        return NEAR, round(near, 4)
    story = _story_score(rows, i, j, params, gate=True)
    if story > 0:
        return STORY, round(story, 4)
    return None


def _score(rows: _Rows, i: int, j: int, tier: str, params: DedupParams) -> float:
    if tier == EXACT:
        return 1.0
    if tier == NEAR:
        return round(_near_score(rows, i, j, params), 4)
    return round(_story_score(rows, i, j, params, gate=False), 4)


# --------------------------------------------------------------------------- LSH


def _band_keys(sig: np.ndarray, rows_per_band: int) -> np.ndarray:
    """One uint64 key per (article, band): rows_per_band consecutive MinHash values."""
    n, perms = sig.shape
    bands = sig.astype(np.uint64).reshape(n, perms // rows_per_band, rows_per_band)
    key = bands[:, :, 0].copy()
    for r in range(1, rows_per_band):
        key = key * _MULT + bands[:, :, r]
    return key


#: Each article is compared with at most the first `_BUCKET_CAP` articles of an LSH bucket
#: (the earliest rows: stored ones, then the batch in order). Why: 3,000 templated
#: near-identical reports would otherwise cost 4.5 million comparisons per band; comparing each
#: with the bucket's first few still links it to the cluster they belong to. Ordinary buckets
#: hold two or three articles and are not affected.
_BUCKET_CAP = 8


@dataclass(frozen=True)
class _Tables:
    """Sorted look-up tables over the stored rows, kept in the index file.

    Why: a batch then costs binary searches into these tables, and adding it costs a merge of
    already sorted arrays; nothing re-sorts or re-hashes the archive on every run.
    """

    exact_keys: np.ndarray  # uint64, sorted distinct exact hashes of stored rows
    exact_rows: np.ndarray  # int32, the first stored row with each hash
    near_keys: np.ndarray  # uint64 [bands, m]: each band's keys sorted
    near_rows: np.ndarray  # int32 [bands, m]: the row of each key
    name_keys: np.ndarray  # the same for the name-set bands (story candidates)
    name_rows: np.ndarray

    @classmethod
    def empty(cls, params: DedupParams) -> _Tables:
        def band_table(bands: int) -> tuple[np.ndarray, np.ndarray]:
            return np.zeros((bands, 0), dtype=np.uint64), np.zeros((bands, 0), dtype=np.int32)

        near = band_table(params.num_perm // params.band_rows)
        name = band_table(params.name_perm // params.name_band_rows)
        return cls(np.zeros(0, np.uint64), np.zeros(0, np.int32), *near, *name)

    def lookup_exact(self, hashes: np.ndarray) -> np.ndarray:
        """Stored row with each hash, or -1 (hash 0, "too short", never matches)."""
        pos = np.searchsorted(self.exact_keys, hashes)
        pos = np.minimum(pos, max(len(self.exact_keys) - 1, 0))
        found = np.zeros(len(hashes), dtype=bool)
        if len(self.exact_keys):
            found = (self.exact_keys[pos] == hashes) & (hashes != 0)
        return np.where(found, self.exact_rows[pos] if len(self.exact_rows) else -1, -1)

    def added(
        self, rows: _Rows, new: np.ndarray, searchable: np.ndarray, params: DedupParams
    ) -> _Tables:
        """These tables with the rows `new` (row numbers) added; `searchable` masks `new`."""
        hashes = rows.exact[new]
        fresh = (hashes != 0) & (self.lookup_exact(hashes) < 0)
        first: dict[int, int] = {}
        for h, row in zip(hashes[fresh].tolist(), new[fresh].tolist(), strict=True):
            first.setdefault(h, row)
        exact_keys, exact_rows = _merge(
            self.exact_keys[None, :],
            self.exact_rows[None, :],
            np.array(list(first), dtype=np.uint64)[None, :],
            np.array(list(first.values()), dtype=np.int32)[None, :],
        )
        near_new = new[searchable & (rows.n_shingles[new] > 0)]
        story_new = new[
            searchable & (rows.date_precision[new] > 0) & (np.diff(rows.name_offsets)[new] > 0)
        ]
        near = _merge(
            self.near_keys,
            self.near_rows,
            _band_keys(rows.word_sig[near_new], params.band_rows).T,
            np.broadcast_to(near_new.astype(np.int32), (self.near_keys.shape[0], len(near_new))),
        )
        name = _merge(
            self.name_keys,
            self.name_rows,
            _band_keys(rows.name_sig[story_new], params.name_band_rows).T,
            np.broadcast_to(story_new.astype(np.int32), (self.name_keys.shape[0], len(story_new))),
        )
        return _Tables(exact_keys[0], exact_rows[0], *near, *name)


def _merge(
    keys: np.ndarray, rows: np.ndarray, new_keys: np.ndarray, new_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Insert new (key, row) pairs into each sorted band of `keys`/`rows` ([bands, m])."""
    out_keys, out_rows = [], []
    for band in range(keys.shape[0]):
        order = np.argsort(new_keys[band], kind="stable")
        nk, nr = new_keys[band][order], new_rows[band][order]
        at = np.searchsorted(keys[band], nk, side="right")
        out_keys.append(np.insert(keys[band], at, nk))
        out_rows.append(np.insert(rows[band], at, nr))
    if not out_keys:
        return keys, rows
    return np.stack(out_keys), np.stack(out_rows).astype(np.int32)


def _stored_candidates(
    table_keys: np.ndarray, table_rows: np.ndarray, keys: np.ndarray, queries: np.ndarray
) -> set[tuple[int, int]]:
    """(query row, stored row) pairs that share a band key; `keys` are the queries' [q, bands]."""
    pairs: set[tuple[int, int]] = set()
    if not table_keys.shape[1] or not len(queries):
        return pairs
    for band in range(table_keys.shape[0]):
        lo = np.searchsorted(table_keys[band], keys[:, band], "left")
        hi = np.searchsorted(table_keys[band], keys[:, band], "right")
        for q in np.flatnonzero(hi > lo).tolist():
            i = int(queries[q])
            stop = min(int(hi[q]), int(lo[q]) + _BUCKET_CAP)
            pairs.update((i, int(j)) for j in table_rows[band, lo[q] : stop])
    return pairs


def _batch_candidates(keys: np.ndarray, queries: np.ndarray) -> set[tuple[int, int]]:
    """(earlier, later) pairs of batch rows that share a band key."""
    pairs: set[tuple[int, int]] = set()
    if len(queries) < 2:
        return pairs
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        column = keys[order, band]
        starts = np.flatnonzero(np.concatenate([[True], column[1:] != column[:-1]]))
        ends = np.concatenate([starts[1:], [len(column)]])
        for a, b in zip(
            starts[ends - starts > 1].tolist(), ends[ends - starts > 1].tolist(), strict=True
        ):
            group = sorted(int(queries[k]) for k in order[a:b])
            pairs.update((x, y) for n, x in enumerate(group[:_BUCKET_CAP]) for y in group[n + 1 :])
    return pairs


# --------------------------------------------------------------------------- the index


class DedupIndex:
    """Signatures and cluster membership of every article already in the warehouse.

    Rows are never removed or reordered, so a row number is a stable handle; `cluster[i]` is
    the row of article i's canonical article.
    """

    def __init__(
        self,
        params: DedupParams | None = None,
        ids: list[str] | None = None,
        rows: _Rows | None = None,
        cluster: np.ndarray | None = None,
        tier: np.ndarray | None = None,
        score: np.ndarray | None = None,
        tables: _Tables | None = None,
        row_of: dict[str, int] | None = None,
    ) -> None:
        self.params = params or dedup_params()
        self.ids: list[str] = ids or []
        self.rows = rows if rows is not None else _Rows.empty(self.params)
        self.cluster = cluster if cluster is not None else np.zeros(0, dtype=np.int32)
        self.tier = tier if tier is not None else np.zeros(0, dtype=np.uint8)
        self.score = score if score is not None else np.zeros(0, dtype=np.float32)
        self.tables = tables if tables is not None else _Tables.empty(self.params)
        self.row_of = (
            row_of
            if row_of is not None
            else {article_id: i for i, article_id in enumerate(self.ids)}
        )

    def __len__(self) -> int:
        return len(self.ids)

    def cluster_of(self, article_id: str) -> str | None:
        """Id of the canonical article of a stored article's cluster (None if not stored)."""
        row = self.row_of.get(article_id)
        return None if row is None else self.ids[int(self.cluster[row])]

    def save(self, path: Path) -> None:
        """Write the index to `path` atomically (temp file in the same folder, then rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"signature": self.params.signature(), "ids": self.ids}
        arrays = {f.name: getattr(self.rows, f.name) for f in fields(self.rows)}
        arrays.update({f"table_{f.name}": getattr(self.tables, f.name) for f in fields(_Tables)})
        buffer = io.BytesIO()
        np.savez(
            buffer,
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            cluster=self.cluster,
            tier=self.tier,
            score=self.score,
            **arrays,
        )
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                f.write(buffer.getvalue())
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path) -> DedupIndex:
        """Read an index written by `save`; an empty index when `path` does not exist."""
        params = dedup_params()
        if not path.exists():
            return cls(params)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
            raise EtlError(Errors.E081.format(path=path, problem=exc)) from None
        if meta.get("signature") != params.signature():
            raise EtlError(
                Errors.E080.format(
                    path=path, found=meta.get("signature"), expected=params.signature()
                )
            )
        try:
            rows = _Rows(**{f.name: arrays[f.name] for f in fields(_Rows)})
            tables = _Tables(**{f.name: arrays[f"table_{f.name}"] for f in fields(_Tables)})
            ids = [str(i) for i in meta["ids"]]
            index = cls(
                params, ids, rows, arrays["cluster"], arrays["tier"], arrays["score"], tables
            )
        except (KeyError, TypeError) as exc:
            raise EtlError(Errors.E081.format(path=path, problem=f"missing {exc}")) from None
        sizes = {len(ids), len(rows), len(index.cluster), len(index.tier), len(index.score)}
        if len(sizes) != 1:
            raise EtlError(Errors.E081.format(path=path, problem="arrays of different lengths"))
        return index


# --------------------------------------------------------------------------- clustering


@dataclass(frozen=True)
class DedupOutput:
    """Clusters of one batch: a membership row and a (maybe date-lent) article per input."""

    members: list[DuplicateMember]
    articles: list[Article]
    index: DedupIndex


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _canonical_key(rows: _Rows, ids: Sequence[str], i: int) -> tuple[int, int, int, str]:
    """Best dated first, then earliest, then longest, then smallest id (deterministic)."""
    precision = int(rows.date_precision[i])
    ordinal = int(rows.date_ordinal[i]) if precision == 2 else 10**9
    return (-precision, ordinal, -int(rows.n_words[i]), ids[i])


_Edges = dict[tuple[int, int], tuple[str, float]]


def _edges(
    rows: _Rows, n_stored: int, batch: np.ndarray, tables: _Tables, params: DedupParams
) -> tuple[_Edges, np.ndarray]:
    """Verified duplicate pairs (i, j), i a batch row, with their tier and score.

    Returns the edges and, for each batch row, whether it is searchable (not an exact copy).
    """
    edges: _Edges = {}

    def key(i: int, j: int) -> tuple[int, int]:
        return (i, j) if j < n_stored or i < j else (j, i)

    # Exact tier. Only the first row of each hash is searched further, so a story delivered
    # 500 times costs one LSH look-up, not 500^2 comparisons.
    stored_first = tables.lookup_exact(rows.exact[batch])
    batch_first: dict[int, int] = {}
    searchable = np.ones(len(batch), dtype=bool)
    for n, (i, h, j) in enumerate(
        zip(batch.tolist(), rows.exact[batch].tolist(), stored_first.tolist(), strict=True)
    ):
        if h == 0:
            continue
        first = j if j >= 0 else batch_first.setdefault(h, i)
        if first != i:
            edges[key(i, first)] = (EXACT, 1.0)
            searchable[n] = False

    near_q = batch[searchable & (rows.n_shingles[batch] > 0)]
    near_keys = _band_keys(rows.word_sig[near_q], params.band_rows)
    candidates = _stored_candidates(tables.near_keys, tables.near_rows, near_keys, near_q)
    candidates |= _batch_candidates(near_keys, near_q)
    for i, j in sorted(candidates):
        if key(i, j) not in edges:
            score = _near_score(rows, i, j, params)
            if score >= params.near_containment:
                edges[key(i, j)] = (NEAR, round(score, 4))

    story_mask = (rows.date_precision[batch] > 0) & (np.diff(rows.name_offsets)[batch] > 0)
    story_q = batch[searchable & story_mask]
    name_keys = _band_keys(rows.name_sig[story_q], params.name_band_rows)
    candidates = _stored_candidates(tables.name_keys, tables.name_rows, name_keys, story_q)
    candidates |= _batch_candidates(name_keys, story_q)
    for i, j in sorted(candidates):
        if key(i, j) not in edges:
            score = _story_score(rows, i, j, params, gate=True)
            if score > 0:
                edges[key(i, j)] = (STORY, round(score, 4))
    return edges, searchable


def cluster_articles(articles: list[Article], index: DedupIndex | None = None) -> DedupOutput:
    """Cluster a batch of cleaned articles against each other and against `index`.

    Args:
        articles: Cleaned articles of this batch (ids unique within the batch).
        index: Signatures of the articles already stored; None for an empty warehouse.

    Returns:
        One membership row and one article per input article, in input order, and the index
        extended with this batch's new articles (the given index is not modified).
    """
    index = index if index is not None else DedupIndex()
    params = index.params
    seen: set[str] = set()
    for a in articles:
        if a.article_id in seen:
            raise EtlError(Errors.E082.format(article_id=a.article_id))
        seen.add(a.article_id)

    n_stored = len(index)
    new_articles = [a for a in articles if a.article_id not in index.row_of]
    batch_rows = _Rows.build([_features(a, params) for a in new_articles], params)
    rows = index.rows.concat(batch_rows)
    ids = index.ids + [a.article_id for a in new_articles]
    batch = np.arange(n_stored, len(rows))
    edges, searchable = _edges(rows, n_stored, batch, index.tables, params)

    # Components of new articles; links from them to stored articles.
    uf = _UnionFind()
    links: dict[int, list[tuple[int, str, float]]] = {}  # batch row -> (stored row, tier, score)
    for (i, j), (tier, score) in edges.items():
        if j < n_stored:
            links.setdefault(i, []).append((j, tier, score))
        else:
            uf.union(i, j)
    components: dict[int, list[int]] = {}
    for i in batch:
        components.setdefault(uf.find(int(i)), []).append(int(i))

    cluster = np.concatenate([index.cluster, np.zeros(len(batch), dtype=np.int32)])
    for members in components.values():
        stored = [
            (_TIER_CODE[tier], -score, ids[int(index.cluster[j])], int(index.cluster[j]))
            for i in members
            for j, tier, score in links.get(i, [])
        ]
        canonical = (
            min(stored)[3] if stored else min(members, key=lambda i: _canonical_key(rows, ids, i))
        )
        for i in members:
            cluster[i] = canonical

    adjacency: dict[int, list[tuple[str, float]]] = {}
    for (i, j), (tier, score) in edges.items():
        adjacency.setdefault(i, []).append((tier, score))
        adjacency.setdefault(j, []).append((tier, score))
    tier_codes = np.concatenate([index.tier, np.zeros(len(batch), dtype=np.uint8)])
    scores = np.concatenate([index.score, np.ones(len(batch), dtype=np.float32)])
    for i in batch:
        c = int(cluster[i])
        if c == i:
            continue  # canonical: it joined nothing ('unique', score 1.0)
        relation = _relation(rows, int(i), c, params)
        if relation is None:  # joined through another member: its strongest own link
            tier = min((t for t, _ in adjacency.get(int(i), [])), key=_TIER_CODE.__getitem__)
            relation = (tier, _score(rows, int(i), c, tier, params))
        tier_codes[i] = _TIER_CODE[relation[0]]
        scores[i] = relation[1]

    row_of = dict(index.row_of)
    row_of.update((ids[i], i) for i in batch.tolist())
    new_index = DedupIndex(
        params,
        ids,
        rows,
        cluster.astype(np.int32),
        tier_codes,
        scores,
        index.tables.added(rows, batch, searchable, params),
        row_of,
    )
    sizes = np.bincount(cluster, minlength=len(ids))
    # Members of the multi-article clusters this batch touches (for date lending), found with
    # one vectorised pass over the cluster column rather than a Python loop over the archive.
    touched = np.unique(cluster[[new_index.row_of[a.article_id] for a in articles]])
    touched = touched[sizes[touched] > 1]
    members_of: dict[int, list[int]] = {int(c): [] for c in touched}
    for row in np.flatnonzero(np.isin(cluster, touched)).tolist():
        members_of[int(cluster[row])].append(row)

    out_members: list[DuplicateMember] = []
    out_articles: list[Article] = []
    for article in articles:
        row = new_index.row_of[article.article_id]
        c = int(cluster[row])
        out_members.append(
            DuplicateMember(
                article_id=article.article_id,
                cluster_id=ids[c],
                is_canonical=row == c,
                tier=TIERS[int(tier_codes[row])],
                score=float(round(float(scores[row]), 4)),
                cluster_size=int(sizes[c]),
            )
        )
        out_articles.append(_lend_date(article, row, c, members_of.get(c, [row]), rows, ids))
    return DedupOutput(members=out_members, articles=out_articles, index=new_index)


def _lend_date(
    article: Article, row: int, canonical: int, members: list[int], rows: _Rows, ids: list[str]
) -> Article:
    """The article with a date lent by a cluster member, when it has no full date of its own."""
    if rows.date_precision[row] == 2 or len(members) < 2:
        return article
    donors = [
        m
        for m in members
        if m != row
        and rows.date_precision[m] == 2
        and _ORIGINS[int(rows.date_origin[m])] != dates.ORIGIN_DUPLICATE
    ]
    if not donors:
        return article

    def rank(m: int) -> tuple[int, int, int, str]:
        origin = _ORIGINS[int(rows.date_origin[m])]
        return (m != canonical, _ORIGIN_RANK.get(origin, 2), int(rows.date_ordinal[m]), ids[m])

    donor = min(donors, key=rank)
    own_md = None
    if rows.date_precision[row] == 1:  # a yearless dateline: keep its month and day
        month, day = int(rows.date_month[row]), int(rows.date_day[row])
        own_md = dates.parse_month_day(article.dateline) or dates.MonthDay(
            month, day, None, f"{month}/{day}"
        )
    lent = dates.date_from_duplicate(
        own_dateline=own_md,
        donor_date=dt.date.fromordinal(int(rows.date_ordinal[donor])),
        donor_id=ids[donor],
        donor_origin=_ORIGINS[int(rows.date_origin[donor])],
    )
    return article.model_copy(
        update={
            "published": lent.published,
            "published_precision": lent.precision,
            "published_origin": lent.origin,
            "published_evidence": lent.evidence,
        }
    )
