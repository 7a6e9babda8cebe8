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

    article_id: str = Field(
        description="Stable id: the input id, else a hash of the normalised text."
    )
    source: str = Field(
        description="File path (relative to the input) or URL the record came from."
    )
    position: int = Field(
        description="1-based JSONL line, CSV line or Parquet row in its source; 0 for a .txt file."
    )
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
    position: int = Field(
        description="1-based line or row inside the source; 0 when the whole file is rejected."
    )
    reason: RejectReason = Field(description="Coded reason, one of RejectReason.")
    message: str = Field(description="What went wrong and what to do about it.")
    excerpt: str = Field(description="The first characters of the offending record, escaped.")


class Article(Record):
    """A cleaned, dated, language-identified article."""

    table: ClassVar[str] = "articles"
    key: ClassVar[tuple[str, ...]] = ("article_id",)
    description: ClassVar[str] = "One cleaned article: metadata, raw text and clean text."

    article_id: str = Field(
        description="Stable id: the input id, else a hash of the normalised text."
    )
    source: str = Field(
        description="File path (relative to the input) or URL the record came from."
    )
    position: int = Field(description="1-based line or row in its source; 0 for a .txt file.")
    title: str | None = Field(
        default=None, description="Title: input field, else detected title line."
    )
    url: str | None = Field(default=None, description="URL from the input, if any.")
    publisher: str | None = Field(default=None, description="Publisher: input, else from dateline.")
    dateline: str | None = Field(
        default=None, description="Dateline as found, e.g. 'MOSCOW, September 23. /TASS/.'."
    )
    published: dt.date | None = Field(
        default=None, description="Publication date (null if unknown)."
    )
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
    clean_text: str = Field(
        description="Text after debris removal and normalisation; what is coded."
    )
    removed_lines: int = Field(
        description="Number of lines the cleaner removed (see removed_lines)."
    )


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
    language: str = Field(
        description="ISO 639-1 language of the paragraph; a paragraph too short to identify "
        "takes the article's language ('und' when that is unknown too)."
    )
    text: str = Field(description="Paragraph text.")


class DuplicateMember(Record):
    """Membership of one article in a duplicate cluster (every article is in exactly one)."""

    table: ClassVar[str] = "duplicate_clusters"
    key: ClassVar[tuple[str, ...]] = ("article_id",)
    description: ClassVar[str] = (
        "One article's membership of a story cluster (singletons included)."
    )

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

    mention_id: str = Field(
        description="'{sentence_id}:{start}-{end}' (nested mentions can share a start)."
    )
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
    entry_at: str = Field(
        default="",
        description="`file:line` of the dictionary lines behind it, whichever set they come "
        "from ('; '-joined; a pronoun cites its antecedent's entry).",
    )
    resolution: str = Field(
        description="How it was resolved: dictionary, compositional, coreference, metonym."
    )
    evidence: str = Field(
        description="Human-readable why, e.g. 'Venezuelan (VEN) + Minister (GOV)'."
    )


class PlaceMention(Record):
    """A toponym of a sentence (or an article's dateline) and the gazetteer entry chosen for it."""

    table: ClassVar[str] = "places"
    key: ClassVar[tuple[str, ...]] = ("place_id",)
    description: ClassVar[str] = (
        "One place name in a coded sentence or dateline, resolved to a GeoNames / ISO 3166-2 "
        "entry, with the runner-up entry and the scores, for audit."
    )

    place_id: str = Field(
        description="'{sentence_id}:{start}-{end}', or '{article_id}:dateline' for a dateline."
    )
    article_id: str = Field(description="Article of the name.")
    sentence_id: str | None = Field(default=None, description="Sentence (null: the dateline).")
    start: int = Field(description="Char offset of the name in the sentence (0: dateline).")
    end: int = Field(description="End char offset in the sentence (0: dateline).")
    text: str = Field(description="The name as written.")
    usage: str = Field(
        description="locative (object of in/at/near...), venue (leads a gathering's name), "
        "actor (the actor resolver made it an actor: 'Washington said'), mention (anything "
        "else, e.g. a target), dateline."
    )
    cue: str | None = Field(
        default=None, description="What marked it: 'in', 'the town of', 'southern', the venue."
    )
    geo_type: str = Field(description="'country', 'ADM1' or 'city'.")
    name: str = Field(description="Name of the chosen entry.")
    country: str = Field(description="CAMEO country code of the chosen entry.")
    iso3: str = Field(description="ISO 3166 alpha-3 of its country.")
    adm1: str | None = Field(default=None, description="ADM1 code (as events.geo_adm1).")
    lat: float | None = Field(default=None, description="Latitude (as events.geo_lat).")
    lon: float | None = Field(default=None, description="Longitude.")
    entry_id: str = Field(description="'geonames:<id>' or 'iso3166-2:<code>'.")
    score: float = Field(description="Score of the chosen entry (see reason).")
    num_candidates: int = Field(description="Entries the name could denote.")
    runner_up_name: str | None = Field(default=None, description="Second-best entry's name.")
    runner_up_type: str | None = Field(default=None, description="Its kind.")
    runner_up_country: str | None = Field(default=None, description="Its CAMEO country.")
    runner_up_entry_id: str | None = Field(default=None, description="Its entry id.")
    runner_up_score: float | None = Field(default=None, description="Its score.")
    reason: str = Field(description="Why the chosen entry won: the score's parts.")


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
    dyad_complete: bool = Field(
        description="True when both sides are actors with a code (neither '---'); a role of "
        "unknown country ('---GOV') counts as an actor."
    )
    event_date: dt.date | None = Field(default=None, description="Date the event happened.")
    date_precision: DatePrecision = Field(description="How much of event_date is known.")
    date_origin: str = Field(
        description="sentence (own time expression), context (an earlier date in the text), "
        "article, lead (first date of the article) or unknown."
    )
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
    quad_class: int = Field(
        description="GDELT QuadClass 1-4 (1 verbal coop ... 4 material conflict)."
    )
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
    rule_at: str = Field(
        default="",
        description="`file:line` of the lexicon or PETRARCH verb lines in rule_id ('; '-joined).",
    )
    source_entry_at: str = Field(
        default="", description="`file:line` of the dictionary lines that resolved the source."
    )
    target_entry_at: str = Field(
        default="", description="`file:line` of the dictionary lines that resolved the target."
    )
    coder_version: str = Field(description="Coder version and dictionary version.")
    geo_type: str | None = Field(
        default=None,
        description="Kind of the event's place: 'country', 'ADM1' (province, state) or 'city'; "
        "null when nothing in the text places the event.",
    )
    geo_name: str | None = Field(default=None, description="GeoNames name of the place.")
    geo_country: str | None = Field(
        default=None, description="CAMEO country code of the place (as in source_country)."
    )
    geo_iso3: str | None = Field(default=None, description="ISO 3166 alpha-3 of its country.")
    geo_fips: str | None = Field(
        default=None, description="FIPS 10-4 code of its country (GDELT's ActionGeo_CountryCode)."
    )
    geo_adm1: str | None = Field(
        default=None,
        description="ADM1 code: FIPS country + GeoNames admin1 code ('VE25', GDELT's form; "
        "'US' + postal code for US states), or ISO 3166-2 for a subdivision from pycountry.",
    )
    geo_lat: float | None = Field(
        default=None,
        description="Latitude (WGS84); a country's or US state's is the population-weighted "
        "centroid of its GeoNames cities; null for other provinces.",
    )
    geo_lon: float | None = Field(default=None, description="Longitude (WGS84), as geo_lat.")
    geo_geonameid: int | None = Field(
        default=None, description="GeoNames id of the place (null for an ISO 3166-2 province)."
    )
    geo_origin: str | None = Field(
        default=None,
        description="Where the place came from: sentence (the event's locative phrase, or the "
        "country of the places the sentence names), target (a place that is the target), "
        "dateline (the article's dateline city), article (the one country of the article's "
        "places); null when none.",
    )
    geo_evidence: str | None = Field(
        default=None,
        description="Why this place (the phrase, the candidates' scores), or why none.",
    )


class InputSource(Record):
    """One input file, with its content hash, for run manifests and the accounting identity."""

    table: ClassVar[str] = "input_sources"
    key: ClassVar[tuple[str, ...]] = ("path",)
    description: ClassVar[str] = "One input file read by the run, with its hash and record count."

    path: str = Field(description="Path relative to the input root (POSIX).")
    sha256: str = Field(description="SHA-256 of the file bytes ('' if unreadable).")
    n_records: int = Field(description="Records the file contributed (articles + rejected).")


class EventDaily(Record):
    """One event a day: all coded events sharing date, dyad and CAMEO code, counted once.

    This is the Phoenix "one-a-day" filter with GDELT's counters. The coder only reads the
    canonical article of each story cluster, so the member events come from canonical
    articles; `num_articles` adds the duplicates through the cluster sizes, on the premise
    that a copy, near-copy or translation of a story reports the same events.
    """

    table: ClassVar[str] = "events_daily"
    key: ClassVar[tuple[str, ...]] = ("daily_id",)
    description: ClassVar[str] = (
        "One row per (date, source code, target code, CAMEO code): a story syndicated N times "
        "counts once, with mention, article, story and source counts."
    )

    daily_id: str = Field(
        description="Stable hash of the key (date, precision, source, target, code)."
    )
    global_event_id: int = Field(
        description="Positive 60-bit integer from the same hash (GLOBALEVENTID)."
    )
    event_date: dt.date | None = Field(
        default=None, description="Date of the event (null: unknown)."
    )
    date_precision: DatePrecision = Field(
        description="Precision of event_date; in the key so a month is not mixed with its 1st day."
    )
    source_code: str = Field(description="Full CAMEO code of the source actor.")
    source_name: str = Field(description="Most frequent name of the source among member events.")
    source_country: str | None = Field(default=None, description="Source country code.")
    source_role: str | None = Field(default=None, description="Source primary role code.")
    source_known_group: str | None = Field(
        default=None, description="Known-group segment of the source code (cameo/known_groups.csv)."
    )
    source_types: list[str] = Field(
        description="Role/type segments of the source code, in order (cameo/actor_types.csv)."
    )
    target_code: str = Field(description="Full CAMEO code of the target actor.")
    target_name: str = Field(description="Most frequent name of the target among member events.")
    target_country: str | None = Field(default=None, description="Target country code.")
    target_role: str | None = Field(default=None, description="Target primary role code.")
    target_known_group: str | None = Field(
        default=None, description="Known-group segment of the target code."
    )
    target_types: list[str] = Field(description="Role/type segments of the target code, in order.")
    cameo_code: str = Field(description="CAMEO event code.")
    cameo_base: str = Field(description="Three-digit base code.")
    cameo_root: str = Field(description="Two-digit root code.")
    event_name: str = Field(description="CAMEO name of the event code.")
    quad_class: int = Field(description="GDELT QuadClass 1-4.")
    penta_class: int = Field(description="Phoenix class 0-4.")
    goldstein: float = Field(description="Goldstein weight of the code.")
    plover_event: str | None = Field(default=None, description="PLOVER event type (CAMEO2PLOVER).")
    is_root_event: bool = Field(description="True if any member is its sentence's main event.")
    num_events: int = Field(description="Coded events merged into this row.")
    num_mentions: int = Field(description="Distinct coded sentences stating the event.")
    num_coded_articles: int = Field(description="Distinct coded (canonical) articles stating it.")
    num_articles: int = Field(
        description="Articles reporting it: the sizes of the member stories' clusters, summed."
    )
    num_stories: int = Field(description="Distinct stories (dedup clusters) reporting it.")
    num_sources: int = Field(
        description="Distinct publishers over all articles of those stories (see aggregate.py)."
    )
    first_article_id: str = Field(description="Earliest published article of those stories.")
    last_article_id: str = Field(description="Latest published article of those stories.")
    first_published: dt.date | None = Field(
        default=None, description="Publication date of the first."
    )
    last_published: dt.date | None = Field(
        default=None, description="Publication date of the last."
    )
    source_url: str = Field(
        description="URL of the first article, else its input path (SOURCEURL)."
    )
    event_ids: list[str] = Field(description="Member event ids (events.event_id), sorted.")
    cluster_ids: list[str] = Field(description="Member story clusters, sorted.")
    geo_type: str | None = Field(
        default=None,
        description="Kind of the place most frequent among the member events' places (ties: "
        "lowest event id): 'country', 'ADM1' or 'city'; null when no member has a place.",
    )
    geo_name: str | None = Field(default=None, description="GeoNames name of the place.")
    geo_country: str | None = Field(
        default=None, description="CAMEO country code of the place (as in source_country)."
    )
    geo_iso3: str | None = Field(default=None, description="ISO 3166 alpha-3 of its country.")
    geo_fips: str | None = Field(
        default=None, description="FIPS 10-4 code of its country (GDELT's ActionGeo_CountryCode)."
    )
    geo_adm1: str | None = Field(
        default=None,
        description="ADM1 code: FIPS country + GeoNames admin1 code ('VE25', GDELT's form; "
        "'US' + postal code for US states), or ISO 3166-2 for a subdivision from pycountry.",
    )
    geo_lat: float | None = Field(
        default=None,
        description="Latitude (WGS84); a country's or US state's is the population-weighted "
        "centroid of its GeoNames cities; null for other provinces.",
    )
    geo_lon: float | None = Field(default=None, description="Longitude (WGS84), as geo_lat.")
    geo_geonameid: int | None = Field(
        default=None, description="GeoNames id of the place (null for an ISO 3166-2 province)."
    )
    geo_origin: str | None = Field(
        default=None,
        description="Where the place came from: sentence (the event's locative phrase, or the "
        "country of the places the sentence names), target (a place that is the target), "
        "dateline (the article's dateline city), article (the one country of the article's "
        "places); null when none.",
    )


class DyadMonth(Record):
    """A dyad-month panel cell: one-a-day events of one month between two actors."""

    table: ClassVar[str] = "dyad_month"
    key: ClassVar[tuple[str, ...]] = ("level", "month", "source", "target")
    description: ClassVar[str] = (
        "Monthly event counts per directed dyad, at country level and at full actor-code level; "
        "only cells with events exist."
    )

    level: str = Field(
        description="'country' (source/target are country codes) or 'actor' (full codes)."
    )
    month: dt.date = Field(description="First day of the month.")
    source: str = Field(description="Source country code or full actor code, by level.")
    target: str = Field(description="Target country code or full actor code, by level.")
    num_events: int = Field(
        description="Distinct (day, source, target, code) events at this level."
    )
    num_verbal_cooperation: int = Field(description="Events of QuadClass 1.")
    num_material_cooperation: int = Field(description="Events of QuadClass 2.")
    num_verbal_conflict: int = Field(description="Events of QuadClass 3.")
    num_material_conflict: int = Field(description="Events of QuadClass 4.")
    goldstein_sum: float = Field(description="Sum of the events' Goldstein weights.")
    goldstein_mean: float = Field(description="goldstein_sum / num_events.")
    num_stories: int = Field(description="Distinct story clusters behind the events.")
    num_daily_rows: int = Field(description="events_daily rows merged into this cell.")
    num_in_source_country: int = Field(
        default=0, description="events_daily rows of the cell placed in the source's country."
    )
    num_in_target_country: int = Field(
        default=0, description="events_daily rows of the cell placed in the target's country."
    )
    num_elsewhere: int = Field(
        default=0, description="events_daily rows placed in a third country."
    )
    num_unplaced: int = Field(default=0, description="events_daily rows without a place.")


class CountryMonth(Record):
    """A country-month panel cell: one-a-day events that happened in one country in one month."""

    table: ClassVar[str] = "country_month"
    key: ClassVar[tuple[str, ...]] = ("month", "country")
    description: ClassVar[str] = (
        "Monthly counts of one-a-day events by the country they happened in (events_daily."
        "geo_country); only placed events dated to the day or month; only cells with events."
    )

    month: dt.date = Field(description="First day of the month.")
    country: str = Field(description="CAMEO code of the country the events happened in.")
    num_events: int = Field(description="events_daily rows placed in the country that month.")
    num_verbal_cooperation: int = Field(description="Events of QuadClass 1.")
    num_material_cooperation: int = Field(description="Events of QuadClass 2.")
    num_verbal_conflict: int = Field(description="Events of QuadClass 3.")
    num_material_conflict: int = Field(description="Events of QuadClass 4.")
    goldstein_sum: float = Field(description="Sum of the events' Goldstein weights.")
    goldstein_mean: float = Field(description="goldstein_sum / num_events.")
    num_domestic: int = Field(
        description="Events whose source and target are both of this country."
    )
    num_local_places: int = Field(
        description="Events placed in a city or province (not only in the country)."
    )
    num_stories: int = Field(description="Distinct story clusters behind the events.")


class ActorCandidate(Record):
    """A name that took part in event-bearing sentences but got no actor code."""

    table: ClassVar[str] = "actor_candidates"
    key: ClassVar[tuple[str, ...]] = ("candidate_id",)
    description: ClassVar[str] = (
        "Named people and organisations in sentences with an event trigger or two actors that the "
        "dictionaries missed, ranked by frequency, with a suggested code."
    )

    candidate_id: str = Field(description="Stable hash of the normalised name.")
    rank: int = Field(description="1 = most frequent.")
    name: str = Field(description="Most frequent surface form.")
    normalized: str = Field(description="Grouping key: case-folded, without titles and 'the'.")
    label: str = Field(description="Most frequent spaCy entity label, or NOUN_CHUNK.")
    variants: list[str] = Field(description="Surface forms seen, most frequent first.")
    num_mentions: int = Field(description="Occurrences.")
    num_sentences: int = Field(description="Distinct sentences.")
    num_articles: int = Field(description="Distinct articles.")
    num_event_sentences: int = Field(description="Occurrences in sentences that produced an event.")
    num_modifier_mentions: int = Field(
        default=0,
        description=(
            "Occurrences where the name only modifies a common noun ('the Brexit deal'); a name "
            "used so more often than it acts is flagged as no actor by `etl actors suggest`."
        ),
    )
    num_acting_mentions: int = Field(
        default=0,
        description="Occurrences where the name is the subject of its clause or a passive agent.",
    )
    suggested_code: str | None = Field(default=None, description="Code suggested from context.")
    suggested_country: str | None = Field(
        default=None, description="Country part of the suggestion."
    )
    suggested_role: str | None = Field(default=None, description="Role part of the suggestion.")
    suggestion_support: int = Field(description="Occurrences whose context gave suggested_code.")
    suggestion_evidence: str | None = Field(
        default=None, description="Why, e.g. 'Venezuelan (VEN) + opposition (OPP)'."
    )
    suggested_kind: str = Field(
        description=("'person' (a person title in its phrase) or 'group': the file it goes to.")
    )
    first_seen: dt.date | None = Field(
        default=None, description="Earliest publication date of an article naming it."
    )
    last_seen: dt.date | None = Field(
        default=None, description="Latest publication date of an article naming it."
    )
    example_sentence_ids: list[str] = Field(description="Up to three example sentences.")
    examples: list[str] = Field(description="Their text.")


class VerbCandidate(Record):
    """A verb phrase linking two resolved actors in a sentence that produced no event."""

    table: ClassVar[str] = "verb_candidates"
    key: ClassVar[tuple[str, ...]] = ("candidate_id",)
    description: ClassVar[str] = (
        "Unmatched verb phrases of sentences with two resolved actors but no event, ranked, "
        "to feed lexicon curation."
    )

    candidate_id: str = Field(description="Stable hash of the phrase.")
    rank: int = Field(description="1 = most frequent.")
    phrase: str = Field(
        description="Lemma + particle + object + preposition, e.g. 'sign deal with'."
    )
    verb_lemma: str = Field(description="Verb lemma.")
    particle: str | None = Field(default=None, description="Particle, e.g. 'up' in 'step up'.")
    object_lemma: str | None = Field(default=None, description="Direct object head lemma.")
    preposition: str | None = Field(default=None, description="Preposition leading to an actor.")
    num_sentences: int = Field(description="Distinct sentences.")
    num_articles: int = Field(description="Distinct articles.")
    actor_pairs: list[str] = Field(description="Up to five actor-code pairs seen, 'RUS VEN'.")
    example_sentence_ids: list[str] = Field(description="Up to three example sentences.")
    examples: list[str] = Field(description="Their text.")


class Run(Record):
    """One pipeline run that wrote this warehouse: what went in, with which versions, what came out.

    Runs with the same fingerprint (same input bytes, dictionaries, coder and configuration)
    must give the same tables, so a rerun replaces its older twin instead of adding a row.
    """

    table: ClassVar[str] = "runs"
    key: ClassVar[tuple[str, ...]] = ("run_id",)
    description: ClassVar[str] = (
        "Runs that built this warehouse (one per distinct fingerprint); is_current marks the one "
        "whose tables are in it."
    )

    run_id: str = Field(description="Dagster run id.")
    fingerprint: str = Field(description="SHA-256 of input hashes, versions and configuration.")
    is_current: bool = Field(description="True for the run whose tables the warehouse holds.")
    started_at: dt.datetime = Field(description="When the run started (UTC).")
    finished_at: dt.datetime | None = Field(
        default=None, description="When its research tables were complete (UTC)."
    )
    input_paths: list[str] = Field(description="Input files, sorted (input_sources.path).")
    input_hashes: list[str] = Field(
        description="SHA-256 of each input file, aligned with input_paths."
    )
    etl_version: str = Field(description="Version of the etl package.")
    coder_version: str = Field(description="Distinct events.coder_version values, joined by ' | '.")
    dictionary_version: str = Field(
        description="Hash over every file under etl/dictionaries and the user's dictionary files."
    )
    dictionary_files: list[str] = Field(
        default_factory=list,
        description="PETRARCH/Phoenix dictionary files the run coded with (--dictionaries).",
    )
    dictionary_hashes: list[str] = Field(
        default_factory=list, description="SHA-256 of each dictionary file, aligned with it."
    )
    spacy_model: str = Field(description="spaCy pipeline name and version.")
    config_json: str = Field(description="The run's configuration as canonical JSON.")
    num_input_records: int = Field(description="Records read (articles + rejected).")
    num_articles: int = Field(description="Articles.")
    num_rejected: int = Field(description="Rejected input records.")
    num_duplicates: int = Field(description="Non-canonical articles (copies of a story).")
    num_sentences: int = Field(description="Sentences.")
    num_mentions: int = Field(description="Actor mentions.")
    num_events: int = Field(description="Coded events.")
    num_events_daily: int = Field(description="events_daily rows.")


class NameOccurrence(Record):
    """One uncoded name in a sentence the coder parsed: the raw material of `actor_candidates`."""

    table: ClassVar[str] = "name_occurrences"
    key: ClassVar[tuple[str, ...]] = ("sentence_id", "start")
    description: ClassVar[str] = (
        "Names (entity spans or proper-noun runs) taking part in a parsed sentence with an event, "
        "a trigger or two actors, that no actor mention covers; ranked into actor_candidates."
    )

    sentence_id: str = Field(description="Sentence the name is in.")
    article_id: str = Field(description="Article of the sentence.")
    start: int = Field(description="Char offset of the name in the sentence.")
    end: int = Field(description="Char offset just past the name in the sentence.")
    text: str = Field(description="The name as written, without determiners and honorifics.")
    normalized: str = Field(description="Grouping key: case- and accent-folded text.")
    label: str = Field(description="spaCy entity label, or NOUN_CHUNK for a proper-noun run.")
    in_event_sentence: bool = Field(description="True if the sentence produced an event.")
    suggested_code: str | None = Field(
        default=None, description="Code suggested by the words of the name's noun phrase."
    )
    suggested_country: str | None = Field(
        default=None, description="Country part of the suggestion."
    )
    suggested_role: str | None = Field(default=None, description="Role part of the suggestion.")
    suggestion_evidence: str | None = Field(
        default=None, description="Why, e.g. 'Venezuelan (VEN) + opposition (OPP)'."
    )
    person_title: bool = Field(description="True if a person title (minister, leader) is nearby.")
    modifies_noun: bool = Field(
        default=False,
        description=(
            "True if the name only modifies a common noun that is no role word ('the Brexit "
            "deal', 'Twitter account'): here it names a topic or a thing, not a participant."
        ),
    )
    acts: bool = Field(
        default=False,
        description="True if the name is the subject of its clause or the agent of a passive.",
    )


class VerbOccurrence(Record):
    """One verb linking two resolved actors in a parsed sentence without an event."""

    table: ClassVar[str] = "verb_occurrences"
    key: ClassVar[tuple[str, ...]] = ("sentence_id", "start")
    description: ClassVar[str] = (
        "Verbs whose arguments reach two different resolved actors in a parsed sentence that "
        "produced no event; ranked into verb_candidates."
    )

    sentence_id: str = Field(description="Sentence the verb is in.")
    article_id: str = Field(description="Article of the sentence.")
    start: int = Field(description="Char offset of the verb in the sentence.")
    phrase: str = Field(description="Lemma + particle + object + preposition, 'sign deal with'.")
    verb_lemma: str = Field(description="Verb lemma.")
    particle: str | None = Field(default=None, description="Particle, e.g. 'up' in 'step up'.")
    object_lemma: str | None = Field(default=None, description="Direct object head lemma.")
    preposition: str | None = Field(default=None, description="Preposition leading to an actor.")
    actor_pair: str = Field(description="First source and target codes linked, 'RUS VEN'.")
