"""Record shapes: the single source of truth for every warehouse table.

Each model is one row of one table. `etl.contracts` turns these models into Arrow schemas,
DuckDB DDL, JSON Schema and Dagster column metadata, so a column is documented exactly once,
here, through its `Field(description=...)`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base of all rows: frozen, strict about unknown fields, and carrying its table's key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    table: ClassVar[str] = ""
    key: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""


class RejectReason(StrEnum):
    """Why an input record did not become an article; stable codes users can filter on."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    UNREADABLE = "unreadable"
    MALFORMED = "malformed"
    MISSING_TEXT = "missing_text"
    WRONG_TYPE = "wrong_type"
    BAD_DATE = "bad_date"
    DUPLICATE_ID = "duplicate_id"
    TOO_LARGE = "too_large"
    NO_SENTENCES = "no_sentences"
    UNSUPPORTED = "unsupported"
    UNSAFE_PATH = "unsafe_path"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    MONTH_DAY = "month_day"  # month and day known, year unknown (a yearless dateline)
    UNKNOWN = "unknown"


class RawArticle(Record):
    """One input record that decoded and validated, before cleaning."""

    table: ClassVar[str] = "raw_articles"
    key: ClassVar[tuple[str, ...]] = ("article_id",)
    description: ClassVar[str] = "One input record that was read and decoded, before cleaning."

    article_id: str = Field(description="Stable id: the input id, else a hash of the normalised text.")
    source: str = Field(description="File path (relative to the input) or URL the record came from.")
    position: int = Field(description="Record index inside its source (0 for a .txt file).")
    input_id: str | None = Field(default=None, description="The id given in the input, if any.")
    title: str | None = Field(default=None, description="Title given in the input, if any.")
    url: str | None = Field(default=None, description="URL given in the input, if any.")
    publisher: str | None = Field(default=None, description="Publisher given in the input.")
    published_input: dt.date | None = Field(
        default=None, description="Publication date given by the input field or `date` header."
    )
    encoding: str = Field(description="Text encoding the record was decoded from.")
    raw_text: str = Field(description="Decoded text exactly as read, without the date header.")
    content_hash: str = Field(description="SHA-256 of the raw text, for run manifests.")


class Rejected(Record):
    """An input record that could not become an article, with the reason."""

    table: ClassVar[str] = "rejected_inputs"
    key: ClassVar[tuple[str, ...]] = ("source", "position")
    description: ClassVar[str] = "One input record that was rejected, with a coded reason."

    source: str = Field(description="File path (relative to the input) the record came from.")
    position: int = Field(description="Record index (line, row) inside the source; 0 for a file.")
    reason: RejectReason = Field(description="Coded reason, one of RejectReason.")
    message: str = Field(description="What went wrong and what to do about it.")
    excerpt: str = Field(description="The first characters of the offending record, escaped.")


class Article(Record):
    """A cleaned, dated, language-identified article."""

    table: ClassVar[str] = "articles"
    key: ClassVar[tuple[str, ...]] = ("article_id",)
    description: ClassVar[str] = "One cleaned article: metadata, raw text and clean text."

    article_id: str = Field(description="Stable id: the input id, else a hash of the normalised text.")
    source: str = Field(description="File path (relative to the input) or URL the record came from.")
    position: int = Field(description="Record index inside its source.")
    title: str | None = Field(default=None, description="Title: input field, else detected title line.")
    url: str | None = Field(default=None, description="URL from the input, if any.")
    publisher: str | None = Field(default=None, description="Publisher: input, else from dateline.")
    dateline: str | None = Field(default=None, description="Dateline as found, e.g. 'MOSCOW, September 23. /TASS/.'.")
    published: dt.date | None = Field(default=None, description="Publication date (null if unknown).")
    published_precision: DatePrecision = Field(description="How much of `published` is known.")
    published_origin: str = Field(
        description="Where the date came from: input, header, dateline, text, duplicate, unknown."
    )
    published_evidence: str | None = Field(
        default=None, description="The text that gave the date or its year."
    )
    language: str = Field(description="ISO 639-1 language of the article ('und' if undetermined).")
    encoding: str = Field(description="Text encoding the record was decoded from.")
    raw_text: str = Field(description="Text as read, kept for provenance.")
    clean_text: str = Field(description="Text after debris removal and normalisation; what is coded.")
    removed_lines: int = Field(description="Number of lines the cleaner removed (see removed_lines).")


class RemovedLine(Record):
    """A line the cleaner dropped, and the rule that dropped it."""

    table: ClassVar[str] = "removed_lines"
    key: ClassVar[tuple[str, ...]] = ("article_id", "line_no")
    description: ClassVar[str] = "One line removed from an article by a cleaning rule."

    article_id: str = Field(description="Article the line came from.")
    line_no: int = Field(description="0-based line number in the raw text.")
    rule_id: str = Field(description="Id of the cleaning rule that removed it.")
    text: str = Field(description="The removed line.")


class Paragraph(Record):
    """A paragraph of clean text with its language; only English paragraphs are coded."""

    table: ClassVar[str] = "paragraphs"
    key: ClassVar[tuple[str, ...]] = ("article_id", "paragraph_index")
    description: ClassVar[str] = "One paragraph of clean text, with its detected language."

    article_id: str = Field(description="Article the paragraph belongs to.")
    paragraph_index: int = Field(description="0-based paragraph number in the clean text.")
    start: int = Field(description="Character offset of the paragraph in clean_text.")
    end: int = Field(description="End character offset (exclusive) in clean_text.")
    language: str = Field(description="ISO 639-1 language of the paragraph ('und' if too short).")
    text: str = Field(description="Paragraph text.")


class DuplicateMember(Record):
    """Membership of one article in a duplicate cluster (every article is in exactly one)."""

    table: ClassVar[str] = "duplicate_clusters"
    key: ClassVar[tuple[str, ...]] = ("article_id",)
    description: ClassVar[str] = "One article's membership of a story cluster (singletons included)."

    article_id: str = Field(description="Member article.")
    cluster_id: str = Field(description="Cluster id: the canonical article's id.")
    is_canonical: bool = Field(description="True for the one article that represents the story.")
    tier: str = Field(description="How it joined: unique, exact, near or story.")
    score: float = Field(description="Similarity to the canonical article (1.0 for itself).")
    cluster_size: int = Field(description="Number of articles in the cluster.")


class Sentence(Record):
    """A sentence of an English paragraph of a canonical article: the unit of coding."""

    table: ClassVar[str] = "sentences"
    key: ClassVar[tuple[str, ...]] = ("sentence_id",)
    description: ClassVar[str] = "One sentence of a canonical article, with its offsets."

    sentence_id: str = Field(description="'{article_id}:{paragraph}:{index}'.")
    article_id: str = Field(description="Article the sentence belongs to.")
    paragraph_index: int = Field(description="Paragraph number in the clean text.")
    sentence_index: int = Field(description="Sentence number within the article.")
    start: int = Field(description="Character offset in clean_text.")
    end: int = Field(description="End character offset (exclusive) in clean_text.")
    language: str = Field(description="Language of the paragraph.")
    coded: bool = Field(description="False when skipped (non-English paragraph or pre-filter).")
    text: str = Field(description="Sentence text.")


class ActorMention(Record):
    """A span of a sentence resolved to a CAMEO actor code."""

    table: ClassVar[str] = "actor_mentions"
    key: ClassVar[tuple[str, ...]] = ("mention_id",)
    description: ClassVar[str] = "One actor mention resolved to a CAMEO actor code, with evidence."

    mention_id: str = Field(description="'{sentence_id}:{start}'.")
    article_id: str = Field(description="Article of the mention.")
    sentence_id: str = Field(description="Sentence of the mention.")
    start: int = Field(description="Character offset of the span in the sentence.")
    end: int = Field(description="End character offset (exclusive) in the sentence.")
    text: str = Field(description="Span text.")
    code: str = Field(description="Full CAMEO actor code, e.g. VENGOV, IGOUNO.")
    country: str | None = Field(default=None, description="Country part (CAMEO/ISO alpha-3).")
    role: str | None = Field(default=None, description="Role part, e.g. GOV, MIL, BUS.")
    name: str = Field(description="Canonical name of the actor, e.g. 'Nicolas Maduro'.")
    entry_id: str = Field(description="Dictionary entry or rule that resolved it.")
    resolution: str = Field(
        description="How it was resolved: dictionary, compositional, coreference, metonym."
    )
    evidence: str = Field(description="Human-readable why, e.g. 'Venezuelan (VEN) + Minister (GOV)'.")


class Event(Record):
    """A coded dyadic CAMEO event with full provenance."""

    table: ClassVar[str] = "events"
    key: ClassVar[tuple[str, ...]] = ("event_id",)
    description: ClassVar[str] = "One CAMEO dyadic event: who did what to whom, when, and why."

    event_id: str = Field(description="Stable hash of sentence, actors, code and rule.")
    article_id: str = Field(description="Article the event was coded from.")
    sentence_id: str = Field(description="Sentence the event was coded from.")
    cluster_id: str = Field(description="Story cluster of the article (dedup).")
    is_root_event: bool = Field(description="True for the sentence's main event (listed first).")
    event_date: dt.date | None = Field(default=None, description="Date the event happened.")
    date_precision: DatePrecision = Field(description="How much of event_date is known.")
    date_origin: str = Field(description="sentence (own time expression) or article.")
    date_evidence: str | None = Field(default=None, description="The time expression used.")
    source_code: str = Field(description="Full CAMEO code of the source actor.")
    source_name: str = Field(description="Source actor's name.")
    source_country: str | None = Field(default=None, description="Source country code.")
    source_role: str | None = Field(default=None, description="Source role code.")
    target_code: str = Field(description="Full CAMEO code of the target actor.")
    target_name: str = Field(description="Target actor's name.")
    target_country: str | None = Field(default=None, description="Target country code.")
    target_role: str | None = Field(default=None, description="Target role code.")
    cameo_code: str = Field(description="CAMEO event code, a string with leading zeros.")
    cameo_base: str = Field(description="Three-digit base code.")
    cameo_root: str = Field(description="Two-digit root code.")
    event_name: str = Field(description="CAMEO name of the event code.")
    quad_class: int = Field(description="GDELT QuadClass 1-4 (1 verbal coop ... 4 material conflict).")
    penta_class: int = Field(description="Phoenix class 0-4 (0 neutral statement/appeal).")
    goldstein: float = Field(description="Goldstein weight of the code, -10..10.")
    plover_event: str | None = Field(default=None, description="PLOVER event type (CAMEO2PLOVER).")
    sentence_text: str = Field(description="The sentence, for audit.")
    source_start: int = Field(description="Char offset of the source span in the sentence.")
    source_end: int = Field(description="End of the source span.")
    verb_start: int = Field(description="Char offset of the event trigger in the sentence.")
    verb_end: int = Field(description="End of the event trigger.")
    target_start: int = Field(description="Char offset of the target span in the sentence.")
    target_end: int = Field(description="End of the target span.")
    trigger: str = Field(description="The trigger words, e.g. 'imposed sanctions on'.")
    rule_id: str = Field(description="Lexicon entry and syntactic rule that fired.")
    source_entry: str = Field(description="Dictionary entry that resolved the source.")
    target_entry: str = Field(description="Dictionary entry that resolved the target.")
    coder_version: str = Field(description="Coder version and dictionary version.")
