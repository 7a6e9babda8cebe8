"""Dictionary curation: who and what the coder missed.

Two ranked lists, built from one parse of the sentences where an event was possible:

**actor_candidates.** Named people and organisations that take part in a sentence with an
event trigger (a lexicon entry matched its parse) or with two resolved actors, but that got no
actor code. A name is a spaCy entity span (labels from `rules.yaml: name_entity_labels`) or the
proper-noun run of a capitalised noun chunk, that overlaps no `actor_mentions` span, is not in
a locative phrase ("in Caracas") and is not itself a country or role word. spaCy's labels are
unreliable here (NOTES.md), so the label is shown but never used to decide anything. The coder
parses without NER (`etl.coding.nlp.CODING_DISABLED`), so the occurrences it extracts are all
proper-noun runs (label ``NOUN_CHUNK``); `discover`, with a full pipeline, still sees entities.

Each occurrence may suggest a code from the words of its own noun phrase: a resolved actor
mention inside it gives its code ("Rosneft chief Igor Sechin" with Rosneft coded RUSBUS); else
a country name, adjective or capital (countries.csv) gives the country; a role word (roles.csv,
the highest `role_priority` of rules.yaml winning, as in the resolver) gives the role. So
"Venezuelan opposition leader Juan Guaidó" suggests VEN + OPP = VENOPP. A candidate's
suggestion is its occurrences' most frequent one; a role without a country suggests no code.

**verb_candidates.** In sentences with two resolved actors (distinct codes) but no event, the
verbs whose own arguments (subject, object, prepositional objects; a conjoined or controlled
verb's inherited subject) reach two of those actors, as lemma + particle + object + preposition
("sign deal with"), ranked by the number of sentences. These are the lexicon's blind spots.

Where they come from: the coder's own parse. While it holds a parsed sentence with its resolved
mentions and events, the coder calls `etl.coding.occurrences.sentence_occurrences` (where the
extraction rules above are implemented), and writes the results as
`name_occurrences` and `verb_occurrences` rows (`etl.records`); `rank_candidates` then folds
those rows, article by article, into the two lists, in memory proportional to the number of
distinct names and phrases. So the sentences looked at are those the coder parses (the
pre-filter's kept ones), and no sentence is parsed twice. `discover` still does the older
separate pass (its own parse of English sentences with an event, two mentions or a trigger
lemma) for callers that have mentions and events but no occurrences.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.language import Language

from etl.coding.lexicon import EventLexicon
from etl.coding.occurrences import ENGLISH, ActorContext, sentence_occurrences
from etl.coding.prefilter import SentenceFilter, trigger_lemmas
from etl.records import (
    ActorCandidate,
    ActorMention,
    Event,
    NameOccurrence,
    Sentence,
    VerbCandidate,
    VerbOccurrence,
)

#: Example sentences and actor pairs kept per candidate.
MAX_EXAMPLES = 3
MAX_PAIRS = 5


@dataclass
class Discovery:
    """Both candidate lists of one pass."""

    actors: list[ActorCandidate] = field(default_factory=list)
    verbs: list[VerbCandidate] = field(default_factory=list)
    parsed_sentences: int = 0


def discover(
    nlp: Language,
    sentences: Sequence[Sentence],
    mentions: Sequence[ActorMention],
    events: Sequence[Event],
    lexicon: EventLexicon | None = None,
    context: ActorContext | None = None,
    article_dates: Mapping[str, dt.date | None] | None = None,
    batch_size: int = 64,
    n_process: int = 1,
) -> Discovery:
    """Parse the sentences where an event was possible and list unknown names and verbs.

    The pipeline no longer calls this (the coder extracts occurrences from its own parse, see
    `sentence_occurrences` and `rank_candidates`); it stays for coding runs made without them
    and for tests on hand-made mentions. It parses again: English sentences that produced an
    event, hold two mentions, or pass the pre-filter's trigger-lemma test.

    Args:
        nlp: the spaCy pipeline the coder uses (parser, tagger, lemmatizer and NER needed).
        sentences: all sentences; non-English ones are skipped.
        mentions: resolved actor mentions (their char spans are sentence offsets).
        events: coded events (which sentences produced one).
        lexicon: the event lexicon; defaults to the package's `verbs.txt`.
        context: country and role words; defaults to the package's actor dictionaries.
        article_dates: publication date of each article (for first_seen/last_seen).
        batch_size: texts per `nlp.pipe` batch.
        n_process: spaCy worker processes (the run's `n_process` setting).
    """
    lexicon = lexicon or EventLexicon.from_package()
    context = context or ActorContext.from_package()
    by_sentence: dict[str, list[ActorMention]] = defaultdict(list)
    for m in mentions:
        by_sentence[m.sentence_id].append(m)
    with_event = {e.sentence_id for e in events}
    english = [s for s in sentences if s.language in ENGLISH]
    trigger_test = SentenceFilter(nlp, [], trigger_lemmas(lexicon))
    possible = [
        trigger_test.has_trigger(doc)
        for doc in nlp.tokenizer.pipe((s.text for s in english), batch_size=1000)
    ]
    todo = [
        s
        for s, maybe in zip(english, possible, strict=True)
        if maybe or s.sentence_id in with_event or len(by_sentence[s.sentence_id]) >= 2
    ]
    names: list[NameOccurrence] = []
    verbs: list[VerbOccurrence] = []
    for doc, sentence in nlp.pipe(
        ((s.text, s) for s in todo), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        found_names, found_verbs = sentence_occurrences(
            doc,
            sentence.sentence_id,
            sentence.article_id,
            by_sentence[sentence.sentence_id],
            sentence.sentence_id in with_event,
            lexicon,
            context,
        )
        names += found_names
        verbs += found_verbs
    found = rank_candidates(
        names, verbs, {s.sentence_id: s.text for s in sentences}, article_dates or {}
    )
    found.parsed_sentences = len(todo)
    return found


# ---------------------------------------------------------------- ranking


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: Texts of example sentences: a mapping, or a function given the example ids (one look-up for
#: all of them, e.g. a filtered Parquet scan) that returns their texts.
SentenceTexts = Mapping[str, str] | Callable[[set[str]], Mapping[str, str]]
_Row = TypeVar("_Row", NameOccurrence, VerbOccurrence)


def _by_article(rows: Iterable[_Row]) -> Iterator[list[_Row]]:
    """Consecutive runs of rows of one article (the coder writes them article by article)."""
    chunk: list[_Row] = []
    for row in rows:
        if chunk and row.article_id != chunk[0].article_id:
            yield chunk
            chunk = []
        chunk.append(row)
    if chunk:
        yield chunk


@dataclass
class _ActorTally:
    """What ranking needs of one candidate name, kept small whatever the corpus size.

    Occurrences are ordered as the old one-list ranking ordered them: the name's own
    occurrences in input order, then surname occurrences merged into it, by the surname's first
    appearance and then input order. `order` tuples encode that order, so the first
    suggestion and the first example sentences come out as before.
    """

    variants: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    suggestions: Counter[str] = field(default_factory=Counter)
    first_suggestion: dict[str, tuple[tuple[int, ...], NameOccurrence]] = field(
        default_factory=dict
    )
    examples: dict[str, tuple[int, ...]] = field(default_factory=dict)  # sentence id -> order
    num_mentions: int = 0
    num_sentences: int = 0
    num_articles: int = 0
    num_event_sentences: int = 0
    num_modifier_mentions: int = 0
    num_acting_mentions: int = 0
    person_title: bool = False
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None

    def add(self, occ: NameOccurrence, order: tuple[int, ...]) -> None:
        self.num_mentions += 1
        self.variants[occ.text] += 1
        self.labels[occ.label] += 1
        self.num_event_sentences += occ.in_event_sentence
        self.num_modifier_mentions += bool(occ.modifies_noun)
        self.num_acting_mentions += bool(occ.acts)
        self.person_title |= occ.person_title
        code = occ.suggested_code
        if code:
            self.suggestions[code] += 1
            if code not in self.first_suggestion or order < self.first_suggestion[code][0]:
                self.first_suggestion[code] = (order, occ)
        known = self.examples.get(occ.sentence_id)
        if known is None or order < known:
            self.examples[occ.sentence_id] = order
            # An id's order only ever decreases, so the ids with the smallest orders so far are
            # never evicted: keeping MAX_EXAMPLES of them is exact.
            if len(self.examples) > MAX_EXAMPLES:
                last = max(self.examples, key=self.examples.__getitem__)
                del self.examples[last]

    def add_article(self, sentence_ids: set[str], published: dt.date | None) -> None:
        self.num_sentences += len(sentence_ids)
        self.num_articles += 1
        if published is not None:
            self.first_seen = min(published, self.first_seen or published)
            self.last_seen = max(published, self.last_seen or published)


def _merge_article_surnames(groups: Mapping[str, list[int]]) -> dict[int, str]:
    """Within one article, a one-word name folds into the one longer name ending with it.

    Returns, for each occurrence index of the article that moves, the key it moves to.
    """
    long_names = [k for k in groups if " " in k]
    moved: dict[int, str] = {}
    for key in (k for k in groups if " " not in k):
        owners = [k for k in long_names if k.split()[-1] == key]
        if len(owners) == 1:
            moved.update((i, owners[0]) for i in groups[key])
    return moved


def rank_actor_candidates(
    occurrences: Iterable[NameOccurrence],
    article_dates: Mapping[str, dt.date | None],
) -> tuple[list[ActorCandidate], set[str]]:
    """Group name occurrences by folded name and rank them: most mentions first.

    Consumes `occurrences` once, article by article (each article's rows consecutive, as the
    coder writes them); memory holds one article plus a small tally per distinct name.
    Returns the candidates with empty `examples` and the set of example sentence ids.
    """
    tallies: dict[str, _ActorTally] = {}
    first_index: dict[str, int] = {}  # key -> order of first appearance in the input
    position = 0
    for chunk in _by_article(occurrences):
        for occ in chunk:
            first_index.setdefault(occ.normalized, len(first_index))
        groups: dict[str, list[int]] = defaultdict(list)
        for i, occ in enumerate(chunk):
            groups[occ.normalized].append(i)
        moved = _merge_article_surnames(groups)
        sentences: dict[str, set[str]] = defaultdict(set)
        for i, occ in enumerate(chunk):
            owner = moved.get(i)
            key = owner or occ.normalized
            order = (1, first_index[occ.normalized], position + i) if owner else (0, position + i)
            tallies.setdefault(key, _ActorTally()).add(occ, order)
            sentences[key].add(occ.sentence_id)
        published = article_dates.get(chunk[0].article_id)
        for key, ids in sentences.items():
            tallies[key].add_article(ids, published)
        position += len(chunk)
    rows = sorted(tallies.items(), key=lambda kv: (-kv[1].num_mentions, -kv[1].num_articles, kv[0]))
    out: list[ActorCandidate] = []
    wanted: set[str] = set()
    for rank, (key, t) in enumerate(rows, start=1):
        variants = [v for v, _ in sorted(t.variants.items(), key=lambda x: (-x[1], x[0]))]
        label = min(t.labels, key=lambda k: (-t.labels[k], k))
        best = min(t.suggestions, key=lambda k: (-t.suggestions[k], k)) if t.suggestions else None
        chosen = t.first_suggestion[best][1] if best else None
        examples = sorted(t.examples, key=t.examples.__getitem__)[:MAX_EXAMPLES]
        wanted.update(examples)
        name = max(variants, key=lambda v: (len(v.split()), -variants.index(v)))
        # a person title, not spaCy's PERSON label: NER calls "Brexit" a person (NOTES.md)
        is_person = t.person_title
        out.append(
            ActorCandidate(
                candidate_id=_digest(key),
                rank=rank,
                name=name,
                normalized=key,
                label=label,
                variants=variants,
                num_mentions=t.num_mentions,
                num_sentences=t.num_sentences,
                num_articles=t.num_articles,
                num_event_sentences=t.num_event_sentences,
                num_modifier_mentions=t.num_modifier_mentions,
                num_acting_mentions=t.num_acting_mentions,
                suggested_code=best,
                suggested_country=chosen.suggested_country if chosen else None,
                suggested_role=chosen.suggested_role if chosen else None,
                suggestion_support=t.suggestions.get(best, 0) if best else 0,
                suggestion_evidence=chosen.suggestion_evidence if chosen else None,
                suggested_kind="person" if is_person else "group",
                first_seen=t.first_seen,
                last_seen=t.last_seen,
                example_sentence_ids=examples,
                examples=[],
            )
        )
    return out, wanted


@dataclass
class _VerbTally:
    first: VerbOccurrence
    num_sentences: int = 0
    num_articles: int = 0
    pairs: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


def rank_verb_candidates(
    hits: Iterable[VerbOccurrence],
) -> tuple[list[VerbCandidate], set[str]]:
    """Group verb phrases and rank them by the number of sentences they occur in.

    Consumes `hits` once, article by article; returns the candidates with empty `examples` and
    the set of example sentence ids.
    """
    tallies: dict[str, _VerbTally] = {}
    for chunk in _by_article(hits):
        sentences: dict[str, set[str]] = defaultdict(set)
        for hit in chunk:
            t = tallies.setdefault(hit.phrase, _VerbTally(first=hit))
            if hit.sentence_id not in sentences[hit.phrase]:
                sentences[hit.phrase].add(hit.sentence_id)
                t.num_sentences += 1
                if len(t.examples) < MAX_EXAMPLES:
                    t.examples.append(hit.sentence_id)
            if len(t.pairs) < MAX_PAIRS and hit.actor_pair not in t.pairs:
                t.pairs.append(hit.actor_pair)
        for phrase in sentences:
            tallies[phrase].num_articles += 1
    rows = sorted(
        tallies.items(), key=lambda kv: (-kv[1].num_sentences, -kv[1].num_articles, kv[0])
    )
    out = [
        VerbCandidate(
            candidate_id=_digest(phrase),
            rank=rank,
            phrase=phrase,
            verb_lemma=t.first.verb_lemma,
            particle=t.first.particle,
            object_lemma=t.first.object_lemma,
            preposition=t.first.preposition,
            num_sentences=t.num_sentences,
            num_articles=t.num_articles,
            actor_pairs=t.pairs,
            example_sentence_ids=t.examples,
            examples=[],
        )
        for rank, (phrase, t) in enumerate(rows, start=1)
    ]
    return out, {s for t in tallies.values() for s in t.examples}


def rank_candidates(
    names: Iterable[NameOccurrence],
    verbs: Iterable[VerbOccurrence],
    texts: SentenceTexts,
    article_dates: Mapping[str, dt.date | None],
) -> Discovery:
    """Both ranked candidate lists from the occurrences the coder wrote.

    Each iterable is consumed once, and must list each article's rows consecutively (the order
    the coder writes them). Memory is one article's rows plus a tally per distinct name and
    phrase; sentence texts are looked up only for the few example sentences.

    Args:
        names: `name_occurrences` rows.
        verbs: `verb_occurrences` rows.
        texts: sentence id -> text, as a mapping or as a function of the wanted ids.
        article_dates: publication date of each article (for first_seen/last_seen).
    """
    actors, actor_ids = rank_actor_candidates(names, article_dates)
    verb_rows, verb_ids = rank_verb_candidates(verbs)
    wanted = actor_ids | verb_ids
    found = texts if isinstance(texts, Mapping) else texts(wanted)
    return Discovery(
        actors=[
            a.model_copy(update={"examples": [found.get(s, "") for s in a.example_sentence_ids]})
            for a in actors
        ],
        verbs=[
            v.model_copy(update={"examples": [found.get(s, "") for s in v.example_sentence_ids]})
            for v in verb_rows
        ],
    )
