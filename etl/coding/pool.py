"""Glue: parsed sentences → `actor_mentions` and `events` rows with full provenance.

`Coder` parses sentence texts with `nlp.pipe`, resolves actors article by article
(`etl.coding.actors.ActorResolver`, which carries coreference across an article's sentences),
codes each sentence (`etl.coding.events.EventCoder`), dates each event
(`etl.coding.event_dates.ArticleDater`) and writes `etl.records.Event` rows.

Provenance in every event row: article, sentence and cluster ids; the sentence text and the char
spans of source, trigger and target in it; the lexicon entries and syntactic rules that fired
(`rule_id`, e.g. ``intent.pledge>dipcoop.strengthen_ties:light+active+wrap:INTENT``); the actor
dictionary entries (`source_entry`, `target_entry`); how the date was found (`date_origin`,
`date_evidence`); and `coder_version` (package + lexicon + actor dictionary versions).

An unresolved side (see `etl.coding.events`) has code ``---``, its argument's text as name and
``unresolved:name`` (a name the actor dictionaries lack) or ``unresolved`` as entry; with no
argument at all its name is empty and its span the empty span at 0. Filter on
``source_code != '---' AND target_code != '---'`` for strictly dyadic data.

`event_id` is a hash of sentence id, source and target codes, CAMEO code and rule id, so a re-run
on the same input with the same dictionaries gives the same ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span

from etl import __version__
from etl.cameo import codebook
from etl.coding.actors import Mention
from etl.coding.actors.names import on_event_date
from etl.coding.dictionary_set import DictionarySpec, LayeredDiscards, resolve_dictionaries
from etl.coding.dyads import DyadRules, infer_countries, share_coordinated_roles
from etl.coding.event_dates import ArticleDater, EventDate
from etl.coding.events import (
    UNRESOLVED,
    Argument,
    CodedEvent,
    DiscardList,
    EventCoder,
)
from etl.coding.lexicon import EventLexicon
from etl.coding.nlp import (
    CODING_DISABLED,
    FastAnnotators,
    coded_ids,
    is_coded_language,
    load_coding_model,
)
from etl.coding.occurrences import ActorContext, sentence_occurrences
from etl.coding.places import PlaceCoder, geo_columns
from etl.coding.places.toponyms import leading_dateline
from etl.records import (
    ActorMention,
    Article,
    DatePrecision,
    DuplicateMember,
    Event,
    NameOccurrence,
    PlaceMention,
    Sentence,
    VerbOccurrence,
)

__all__ = [
    "ArticleToCode",
    "Coder",
    "CodingOutput",
    "articles_to_code",
    "build_coder",
    "code_batch",
    "coder_version",
    "split_paragraphs",
]

#: Entry names written for an unresolved side of an event: a name the actor dictionaries lack
#: ("UNITA", "the TUC"), or any other argument ("the building") or none at all.
UNRESOLVED_NAME_ENTRY = "unresolved:name"
UNRESOLVED_ENTRY = "unresolved"


@dataclass(frozen=True)
class ArticleToCode:
    """One coded article's sentences (a story's canonical article, near copy or translation),
    with what dating and clustering need."""

    article_id: str
    cluster_id: str
    published: dt.date | None
    published_precision: DatePrecision
    sentences: list[Sentence]  # in order; only those with coded=True get parsed
    language: str = "en"  # the article's: decides the language of 'und' paragraphs
    dateline: str | None = None  # the article's dateline: its city places the events


def _is_context(sentence: Sentence, article: ArticleToCode) -> bool:
    """An uncoded sentence in a coded language: one the pre-filter skipped.

    The actor resolver still reads it, tokenized only (no parse: that is what the filter
    saves), so its dictionary names stay antecedents for later sentences ("the country", "he").
    """
    return not sentence.coded and is_coded_language(sentence.language, article.language)


@dataclass(frozen=True)
class CodingOutput:
    """The rows coded from one article."""

    mentions: list[ActorMention]  # char offsets relative to the sentence
    events: list[Event]
    names: list[NameOccurrence] = field(default_factory=list)  # for actor_candidates
    verbs: list[VerbOccurrence] = field(default_factory=list)  # for verb_candidates
    places: list[PlaceMention] = field(default_factory=list)  # toponyms, for audit


@dataclass(frozen=True)
class TextCoding:
    """What coding one raw text gave (`Coder.code_text_results`)."""

    events: list[Event]
    #: per sentence, the id of the discard phrase that stopped it (None: not discarded)
    discards: tuple[str | None, ...]


def coder_version(
    lexicon: EventLexicon,
    actors_version: str,
    discards: DiscardList | LayeredDiscards,
    dyads: DyadRules,
    set_hash: str = "",
    places_version: str | None = None,
) -> str:
    """'etl-<package>/verbs-<lexicon>/discards-<hash>/actors-<dictionary>/dyads-<hash>', with
    '/places-<gazetteer>' when places are read, and '/dicts-<hash of the user's files>' when a
    user's set is in use (so `etl diff` says so)."""
    places = f"/places-{places_version}" if places_version else ""
    version = (
        f"etl-{__version__}/verbs-{lexicon.version}/discards-{discards.version}"
        f"/actors-{actors_version}/dyads-{dyads.version}{places}"
    )
    return f"{version}/dicts-{set_hash}" if set_hash else version


def build_coder(nlp: Language, spec: DictionarySpec | None = None) -> Coder:
    """A coder with the project's lexicon, discard list and actor dictionary, and the user's
    PETRARCH set (layered on them, or in their place) that `spec` names."""
    from etl.coding.actors import ActorResolver

    dictionaries = resolve_dictionaries(spec or DictionarySpec())
    places = PlaceCoder()
    version = coder_version(
        dictionaries.lexicon,
        dictionaries.actors.version,
        dictionaries.discards,
        DyadRules.from_package(),
        dictionaries.set_hash,
        places.version,
    )
    return Coder(
        nlp,
        ActorResolver(dictionaries.actors),
        dictionaries.lexicon,
        version,
        discards=dictionaries.discards,
        places=places,
    )


def articles_to_code(
    articles: Iterable[Article],
    clusters: Iterable[DuplicateMember],
    sentences: Iterable[Sentence],
) -> list[ArticleToCode]:
    """Group sentences by coded article (`coded_ids`), in article order then reading order.

    Every member of a story but its exact copies is coded, each with its story's cluster id,
    so `events_daily` merges what several copies say and counts the story once.
    """
    cluster_of = coded_ids(clusters)
    by_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        if s.article_id in cluster_of:
            by_article.setdefault(s.article_id, []).append(s)
    out: list[ArticleToCode] = []
    for a in articles:
        if a.article_id not in cluster_of:
            continue
        sents = sorted(by_article.get(a.article_id, []), key=lambda s: s.sentence_index)
        out.append(
            ArticleToCode(
                article_id=a.article_id,
                cluster_id=cluster_of[a.article_id],
                published=a.published,
                published_precision=a.published_precision,
                sentences=sents,
                language=a.language,
                dateline=a.dateline,
            )
        )
    return out


# ---- coding in worker processes ---------------------------------------------------------------

#: Parsed sentences per task sent to a worker: four `nlp.pipe` batches of 64, enough to amortise
#: the round trip, few enough that results stream and the last task does not leave a core idle.
CHUNK_SENTENCES = 256
#: Tasks queued per worker: one being coded and one waiting, so no worker idles between tasks
#: while memory stays bounded whatever the corpus size.
TASKS_PER_WORKER = 2

#: The coder of a worker process, built once by `_init_worker` (a pool initializer cannot hand
#: an object to its tasks any other way), or the error that building it raised.
_worker_coder: Coder | Exception | None = None


def _init_worker(model: str, spec: DictionarySpec | None = None) -> None:
    global _worker_coder
    try:
        _worker_coder = build_coder(load_coding_model(model), spec)
    except Exception as exc:  # re-raised by the first task, see below
        # An initializer's exception only marks the pool broken ("BrokenProcessPool") and
        # loses the message (a missing model's E002 with its remedy); a task's reaches the caller.
        _worker_coder = exc


def _code_task(articles: list[ArticleToCode], batch_size: int) -> list[CodingOutput]:
    coder = _worker_coder
    if isinstance(coder, Exception):
        raise coder
    if coder is None:
        raise RuntimeError("coding worker used before its initializer ran")
    return list(coder.code_articles(articles, batch_size=batch_size))


def _tasks(todo: Iterable[ArticleToCode], size: int) -> Iterator[list[ArticleToCode]]:
    """Consecutive articles, cut once a task holds `size` sentences to parse."""
    task: list[ArticleToCode] = []
    parsed = 0
    for article in todo:
        task.append(article)
        parsed += sum(s.coded for s in article.sentences)
        if parsed >= size:
            yield task
            task, parsed = [], 0
    if task:
        yield task


def code_batch(
    todo: Iterable[ArticleToCode],
    model: str,
    batch_size: int = 64,
    n_process: int = 1,
    chunk_sentences: int = CHUNK_SENTENCES,
    dictionaries: DictionarySpec | None = None,
) -> Iterator[CodingOutput]:
    """One `CodingOutput` per article, in input order; with `n_process > 1` in worker processes.

    Parsing is not the only cost: resolving, coding and building the rows of a sentence cost a
    good part of its parse, so parsing in spaCy's workers and coding in this process keeps three
    processes busy on two cores. Here each worker parses (`nlp.pipe`, one process) *and* codes
    its articles, and only the small record lists travel back. Articles go out in tasks of about
    `chunk_sentences` sentences to parse, at most `TASKS_PER_WORKER` per worker in flight, so
    memory does not grow with the corpus; results are yielded in input order, identical to
    `n_process=1` (each article is coded by one coder, with no state across articles).

    Workers start with the multiprocessing context spaCy's own `n_process` uses (the default),
    so this runs wherever `nlp.pipe(n_process=2)` runs, a non-daemonic Dask worker included. A
    worker's exception is raised here; the pool is shut down however the iteration ends.

    Args:
        todo: articles with their sentences (see `ArticleToCode`).
        model: spaCy pipeline name; each worker loads it once (`load_coding_model`).
        batch_size: texts per `nlp.pipe` batch.
        n_process: worker processes; 1 codes in this process.
        chunk_sentences: sentences to parse per task.
        dictionaries: the user's dictionary set (default: the project's own); each worker
            resolves it once, from the cache `etl.coding.dictionary_set` keeps.
    """
    if n_process <= 1:
        coder = build_coder(load_coding_model(model), dictionaries)
        yield from coder.code_articles(todo, batch_size=batch_size)
        return
    pool = ProcessPoolExecutor(
        max_workers=n_process,
        mp_context=multiprocessing.get_context(),
        initializer=_init_worker,
        initargs=(model, dictionaries),
    )
    in_flight: deque[Future[list[CodingOutput]]] = deque()
    try:
        for task in _tasks(todo, chunk_sentences):
            in_flight.append(pool.submit(_code_task, task, batch_size))
            if len(in_flight) >= n_process * TASKS_PER_WORKER:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


#: Longest run of non-space characters passed to spaCy: its tokenizer strips affixes one
#: character at a time, so a 10,000-character run of brackets or emoji costs quadratic time.
#: No word is this long; a long URL cut in pieces codes no differently.
MAX_RUN = 64
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")

_SENTENCE_END = re.compile("([.!?\u2026][\"'\u201d\u2019)\\]]*)[ \t]*\n")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a raw text: split on blank lines, and on a line break after a sentence end.

    A hard-wrapped paragraph keeps its inner breaks unless a line happens to end a sentence
    (splitting there is harmless). Each paragraph goes through the cleaner's normaliser
    (`etl/dictionaries/clean_normalise.yaml`: mojibake, quotes, "co-operation"), so raw text
    coded by `etl code` is tokenized as the pipeline's clean text is. Debris removal is the
    cleaner's job and is not repeated here. Runs of more than `MAX_RUN` non-space characters
    are cut into pieces, which keeps tokenizing linear in the length of the text.
    """
    from etl.articles.clean import normaliser

    normalise = normaliser()
    out: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        marked = _SENTENCE_END.sub(lambda m: m.group(1) + "\n\n", block)
        for part in marked.split("\n\n"):
            part = _LONG_RUN.sub(_cut_run, normalise(" ".join(part.split())))
            if part:
                out.append(part)
    return out


def _cut_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return " ".join(run[i : i + MAX_RUN] for i in range(0, len(run), MAX_RUN))


#: Dependency label of every token of a context sentence: spaCy's "unclassified dependent",
#: which no rule of the resolver or coder looks for.
CONTEXT_DEP = "dep"


def context_doc(nlp: Language, text: str) -> Doc:
    """A skipped sentence for the resolver: tokens only, each its own head.

    Not parsed (that is the cost the pre-filter saves), but given a trivial tree: spaCy
    walks `Token.children` and `subtree` of a Doc without heads through uninitialised edges
    and crashes the process (seen on BBC news), and the resolver walks both.
    """
    doc = nlp.make_doc(text)
    values = np.zeros((len(doc), 2), dtype="uint64")
    values[:, 1] = nlp.vocab.strings.add(CONTEXT_DEP)
    return doc.from_array([HEAD, DEP], values)


class Coder:
    """Codes articles (pipeline) or raw texts (`etl code`, `etl evaluate`) into events.

    Every parse the coder makes goes through `_parse`, which skips the components the coder
    never reads (`etl.coding.nlp.CODING_DISABLED`, i.e. NER), whether `nlp` was loaded with
    them (`load_model`: `etl code`, `etl evaluate`, the Dagster asset) or without them
    (`load_coding_model`: `code_batch`), and applies the attribute ruler and lemmatizer through
    `FastAnnotators` (the same annotations at a fraction of the cost) when it can.
    """

    def __init__(
        self,
        nlp: Language,
        resolver: object,
        lexicon: EventLexicon,
        coder_version: str,
        discards: DiscardList | LayeredDiscards | None = None,
        places: PlaceCoder | None = None,
    ):
        self.nlp = nlp
        self.places = places  # None: events get no place (a coder built by hand in a test)
        self._annotators = FastAnnotators.for_pipeline(nlp, CODING_DISABLED)
        replaced = self._annotators.names if self._annotators is not None else ()
        self._disabled = [n for n in nlp.pipe_names if n in CODING_DISABLED or n in replaced]
        self.resolver = resolver
        self.lexicon = lexicon
        self.coder_version = coder_version
        self.events = EventCoder(lexicon, discards)
        self._book = codebook()
        self._context: ActorContext | None = None

    # ---- pipeline -----------------------------------------------------------------------------

    def code_articles(
        self,
        articles: Iterable[ArticleToCode],
        batch_size: int = 64,
        n_process: int = 1,
        context: bool = True,
    ) -> Iterator[CodingOutput]:
        """One `CodingOutput` per article, in input order, streaming through `nlp.pipe`.

        Sentences with ``coded=True`` are parsed and coded; the article's other English
        sentences (those the pre-filter skipped) are only tokenized, and read in reading order
        by the actor resolver as context. `context=False` leaves them out (what the pipeline
        did before; `bench/prefilter_loss.py` measures the difference).
        """
        pending: deque[tuple[ArticleToCode, list[Sentence], dict[int, Doc]]] = deque()

        def texts() -> Iterator[tuple[str, int]]:
            for article in articles:
                todo = [
                    s for s in article.sentences if s.coded or (context and _is_context(s, article))
                ]
                tokens = {
                    k: context_doc(self.nlp, s.text) for k, s in enumerate(todo) if not s.coded
                }
                pending.append((article, todo, tokens))
                for k, s in enumerate(todo):
                    if s.coded:
                        yield s.text, k

        def parsed_count(entry: tuple[ArticleToCode, list[Sentence], dict[int, Doc]]) -> int:
            return len(entry[1]) - len(entry[2])

        docs: list[Doc] = []
        for doc, _k in self._parse(texts(), batch_size, n_process):
            docs.append(doc)
            while pending and len(docs) >= parsed_count(pending[0]):
                entry = pending.popleft()
                n = parsed_count(entry)
                mine, docs = docs[:n], docs[n:]
                yield self._code_article(*entry, mine)
        while pending:
            yield self._code_article(*pending.popleft(), [])

    def _code_article(
        self,
        article: ArticleToCode,
        todo: list[Sentence],
        context: dict[int, Doc],
        parsed: list[Doc],
    ) -> CodingOutput:
        queue = iter(parsed)
        docs = [context[k] if k in context else next(queue) for k in range(len(todo))]
        return self._code_sentences(
            article.article_id,
            article.cluster_id,
            article.published,
            article.published_precision,
            [doc[:] for doc in docs],
            [(s.sentence_id, s.paragraph_index) for s in todo],
            coded=[s.coded for s in todo],
            discover=True,
            dateline=article.dateline,
        )

    # ---- raw texts ----------------------------------------------------------------------------

    def code_texts(self, items: Iterable[tuple[str, str, dt.date | None]]) -> Iterator[list[Event]]:
        """(id, text, publication date) -> events, main event first.

        The text may be one sentence or a whole article (split into paragraphs on blank lines,
        then sentences). Used by `etl code --jsonl` and `etl evaluate`.
        """
        for coded in self.code_text_results(items):
            yield coded.events

    def code_text_results(
        self, items: Iterable[tuple[str, str, dt.date | None]]
    ) -> Iterator[TextCoding]:
        """As `code_texts`, with what else a caller needs to explain an empty answer."""
        pending: deque[tuple[str, dt.date | None, int]] = deque()

        def texts() -> Iterator[tuple[str, int]]:
            for item_id, text, published in items:
                paragraphs = split_paragraphs(text)
                pending.append((item_id, published, len(paragraphs)))
                for p, para in enumerate(paragraphs):
                    yield para, p

        docs: list[Doc] = []
        for doc, _p in self._parse(texts(), 64, 1):
            docs.append(doc)
            while pending and len(docs) >= pending[0][2]:
                item_id, published, n = pending.popleft()
                mine, docs = docs[:n], docs[n:]
                yield self._code_text(item_id, published, mine)
        while pending:
            item_id, published, _n = pending.popleft()
            yield self._code_text(item_id, published, [])

    def _code_text(self, item_id: str, published: dt.date | None, docs: list[Doc]) -> TextCoding:
        sents: list[Span] = []
        ids: list[tuple[str, int]] = []
        for p, doc in enumerate(docs):
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                ids.append((f"{item_id}:{p}:{len(sents)}", p))
                sents.append(sent)
        precision = DatePrecision.DAY if published is not None else DatePrecision.UNKNOWN
        # A raw text keeps its dateline ("CARACAS, Feb 7 (Reuters) -"): its city places events.
        dateline = leading_dateline(docs[0].text) if docs else None
        out = self._code_sentences(
            item_id, item_id, published, precision, sents, ids, dateline=dateline
        )
        discards = tuple(self.events.discards.match(s) for s in sents)
        return TextCoding(events=out.events, discards=discards)

    # ---- shared -------------------------------------------------------------------------------

    def _parse(
        self, texts: Iterable[tuple[str, int]], batch_size: int, n_process: int
    ) -> Iterator[tuple[Doc, int]]:
        """(Doc, context) pairs, parsed without the components the coder never reads."""
        parsed = self.nlp.pipe(
            texts,
            as_tuples=True,
            batch_size=batch_size,
            n_process=n_process,
            disable=self._disabled,
        )
        annotate = self._annotators
        if annotate is None:
            yield from parsed
            return
        for doc, context in parsed:
            yield annotate(doc), context

    def _code_sentences(
        self,
        article_id: str,
        cluster_id: str,
        published: dt.date | None,
        precision: DatePrecision,
        sents: Sequence[Span],
        ids: Sequence[tuple[str, int]],
        coded: Sequence[bool] | None = None,
        discover: bool = False,
        dateline: str | None = None,
    ) -> CodingOutput:
        """Resolve, code and date the sentences of one article, in reading order.

        Args:
            coded: per sentence, False for a context sentence (tokens only): the resolver
                reads it; the dater does not (without a parse it has no dates to give), and
                no mention, event or occurrence is written for it.
            discover: also extract the curation occurrences (`etl.coding.occurrences`) from
                each coded sentence's parse, while it is at hand.
            dateline: the article's dateline, whose city places events of sentences that name
                no place (`etl.coding.places`).
        """
        from etl.coding.actors import mention_records

        coded = coded if coded is not None else [True] * len(sents)
        # Dated person entries need the year: a yearless date is no date to the resolver.
        known_year = precision in (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)
        actor_date = published if known_year else None
        per_sentence: list[list[Mention]] = (
            self.resolver.resolve_article(sents, actor_date) if sents else []  # type: ignore[attr-defined]
        )
        places = None
        if self.places is not None and sents:
            # Places are read before countries are inferred: "police in Lyon" is FRACOP.
            places = self.places.read_article(sents, per_sentence, dateline, coded)
            per_sentence = places.mentions(sents, per_sentence)
        # "US and British activists" are two actors; a role without a country takes the one
        # its sentence or article points to.
        dyads = self.events.dyads  # type: ignore[attr-defined]
        per_sentence = [
            share_coordinated_roles(sent, found, dyads)
            for sent, found in zip(sents, per_sentence, strict=True)
        ]
        per_sentence = infer_countries(per_sentence, dyads)
        dater = ArticleDater(published, precision)
        out = CodingOutput(mentions=[], events=[])
        if places is not None:
            out.places.extend(places.records(article_id, sents, [i for i, _ in ids], coded))
        seen: set[str] = set()
        for k, (sent, (sentence_id, paragraph), found, parsed) in enumerate(
            zip(sents, ids, per_sentence, coded, strict=True)
        ):
            if not parsed:
                continue
            records = mention_records(found, sent, article_id, sentence_id)
            out.mentions.extend(records)
            dater.begin(sent, paragraph)
            has_event = False
            for event in self.events.code_sentence(sent, found):
                date = dater.date_for(sent.doc[event.anchor])
                event = self._on_event_date(event, date, published)
                geo: dict[str, object] = {}
                if places is not None:
                    target = (event.target.start, event.target.end)
                    sides = [a.mention.country for a in (event.source, event.target) if a.mention]
                    entry = self._book.event(event.code)
                    where = places.place(
                        k, sent, event.trigger, event.anchor, target, sides,
                        entry.code, entry.quad_class, (event.source.start, event.source.end),
                    )  # fmt: skip
                    geo = geo_columns(where)
                row = self._event_row(event, sent, sentence_id, article_id, cluster_id, date, geo)
                # A dyadic dataset needs a who or a whom: with neither side resolved the row
                # only says that something happened (26% of raw events on BBC news).
                if row.source_code == row.target_code == UNRESOLVED or row.event_id in seen:
                    continue
                seen.add(row.event_id)
                out.events.append(row)
                has_event = True
            dater.end()
            if discover:
                names, verbs = sentence_occurrences(
                    sent.doc,
                    sentence_id,
                    article_id,
                    records,
                    has_event,
                    self.lexicon,
                    self._actor_context(),
                )
                out.names.extend(names)
                out.verbs.extend(verbs)
        return out

    def _on_event_date(self, event: CodedEvent, date: EventDate, published: dt.date | None):
        """The event with its people coded for the event's own date, when the text dates it
        to the day or month and that is not the article's date (`names.on_event_date`)."""
        when = date.date
        known = date.precision in (DatePrecision.DAY, DatePrecision.MONTH)
        if when is None or not known or when == published:
            return event
        dictionary = self.resolver.dictionary  # type: ignore[attr-defined]
        sides: dict[str, Argument] = {}
        for name in ("source", "target"):
            arg: Argument = getattr(event, name)
            if arg.mention is not None:
                m = on_event_date(dictionary, arg.mention, when)
                if m is not arg.mention:
                    sides[name] = replace(arg, mention=m)
        return replace(event, **sides) if sides else event

    def _actor_context(self) -> ActorContext:
        if self._context is None:
            self._context = ActorContext.from_package()
        return self._context

    def _event_row(
        self,
        coded: CodedEvent,
        sent: Span,
        sentence_id: str,
        article_id: str,
        cluster_id: str,
        date: EventDate,
        geo: dict[str, object] | None = None,
    ) -> Event:
        entry = self._book.event(coded.code)
        doc = sent.doc
        base = sent.start_char
        text = sent.text

        def side(arg: Argument) -> tuple[str, str, str | None, str | None, int, int, str, str]:
            if arg.start < 0:
                return ("---", "", None, None, 0, 0, UNRESOLVED_ENTRY, "")
            span = doc[arg.start : arg.end]
            start, end = span.start_char - base, span.end_char - base
            m = arg.mention
            if m is None:
                entry = UNRESOLVED_NAME_ENTRY if arg.named else UNRESOLVED_ENTRY
                return ("---", span.text, None, None, start, end, entry, "")
            entry_id = m.entry_id if not arg.via else f"{m.entry_id} (via {arg.via})"
            return (m.code, m.name, m.country, m.role, start, end, entry_id, m.entry_at)

        s_code, s_name, s_country, s_role, s_start, s_end, s_entry, s_at = side(coded.source)
        t_code, t_name, t_country, t_role, t_start, t_end, t_entry, t_at = side(coded.target)
        rule_at = "; ".join(dict.fromkeys(self.lexicon.entry_at.get(i, i) for i in coded.entry_ids))
        trigger_tokens = sorted(coded.trigger)
        verb_start = doc[trigger_tokens[0]].idx - base
        last = doc[trigger_tokens[-1]]
        verb_end = last.idx + len(last.text) - base
        rule_id = coded.rule_id
        key = f"{sentence_id}|{s_code}|{t_code}|{coded.code}|{rule_id}"
        event_id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        return Event(
            event_id=event_id,
            article_id=article_id,
            sentence_id=sentence_id,
            cluster_id=cluster_id,
            is_root_event=coded.is_root_event,
            dyad_complete=UNRESOLVED not in (s_code, t_code),
            event_date=date.date,
            date_precision=date.precision,
            date_origin=date.origin,
            date_evidence=date.evidence,
            source_code=s_code,
            source_name=s_name,
            source_country=s_country,
            source_role=s_role,
            target_code=t_code,
            target_name=t_name,
            target_country=t_country,
            target_role=t_role,
            cameo_code=entry.code,
            cameo_base=entry.base,
            cameo_root=entry.root,
            event_name=entry.name,
            quad_class=entry.quad_class,
            penta_class=entry.penta_class,
            goldstein=entry.goldstein,
            plover_event=entry.plover_event,
            sentence_text=text,
            source_start=s_start,
            source_end=s_end,
            verb_start=verb_start,
            verb_end=verb_end,
            target_start=t_start,
            target_end=t_end,
            trigger=" ".join(doc[i].text for i in trigger_tokens),
            rule_id=rule_id,
            source_entry=s_entry,
            target_entry=t_entry,
            rule_at=rule_at,
            source_entry_at=s_at,
            target_entry_at=t_at,
            coder_version=self.coder_version,
            **(geo or {}),
        )
