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
mentions and events, the coder calls `sentence_occurrences`, and writes the results as
`name_occurrences` and `verb_occurrences` rows (`etl.records`); `rank_candidates` then folds
those rows, article by article, into the two lists, in memory proportional to the number of
distinct names and phrases. So the sentences looked at are those the coder parses (the
pre-filter's kept ones), and no sentence is parsed twice. `discover` still does the older
separate pass (its own parse of English sentences with an event, two mentions or a trigger
lemma) for callers that have mentions and events but no occurrences.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TypeVar

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from etl.cameo import ORGANISATION_TYPES, codebook
from etl.coding.actors import NON_ACTOR_NAME_HEADS
from etl.coding.lexicon import EventLexicon, find_triggers
from etl.coding.prefilter import SentenceFilter, trigger_lemmas
from etl.publish.aggregate import split_actor_code
from etl.records import (
    ActorCandidate,
    ActorMention,
    Event,
    NameOccurrence,
    Sentence,
    VerbCandidate,
    VerbOccurrence,
)

#: Languages of sentences worth parsing ('und': too short to tell, the article decides).
ENGLISH = frozenset({"en", "und"})
MAX_EXAMPLES = 3
MAX_PAIRS = 5
#: Dependency labels that keep a word inside a name's own noun phrase.
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "appos", "npadvmod", "nummod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd"})
NOUN_CHUNK_LABEL = "NOUN_CHUNK"
#: Prepositions that set a scene or a time ("talks during the visit"), not an argument.
NON_ARGUMENT_PREPS = frozenset(
    {"during", "after", "before", "amid", "following", "since", "until", "despite", "throughout"}
)


def _fold(text: str) -> str:
    """Case- and accent-insensitive form ("Guaidó" and "Guaido" group together)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


# ---------------------------------------------------------------- context words (data files)


@dataclass(frozen=True)
class ActorContext:
    """Country and role words of the project's actor dictionaries, for suggestions.

    Read from `etl/dictionaries/actors/` (countries.csv, roles.csv, rules.yaml), the files the
    actor resolver reads, so a suggestion uses the same vocabulary as the coder.
    """

    countries: dict[str, tuple[str, str]]  # folded phrase -> (country code, entry id)
    roles: dict[str, tuple[str, str]]  # folded phrase -> (role code, entry id)
    places: frozenset[str]  # folded region names and adjectives: never an actor's name
    role_kinds: dict[str, str]  # role entry id -> 'person', 'group' or 'modifier'
    role_priority: dict[str, int]
    honorifics: frozenset[str]
    locative_preps: frozenset[str]
    entity_labels: frozenset[str]
    max_words: int = 4
    #: country and region codes: the codebook's and countries.csv's (SSD, KSV)
    country_codes: frozenset[str] = frozenset()

    @classmethod
    @cache
    def from_package(cls) -> ActorContext:
        folder = resources.files("etl.dictionaries").joinpath("actors")

        def rows(name: str) -> list[dict[str, str]]:
            text = folder.joinpath(name).read_text("utf-8")
            return list(csv.DictReader(text.splitlines()))

        countries: dict[str, tuple[str, str]] = {}
        for row in rows("countries.csv"):
            phrases = [row["name"]]
            for column in ("aliases", "adjectives", "capitals"):
                phrases += (row.get(column) or "").split("|")
            for phrase in phrases:
                if phrase.strip():
                    countries.setdefault(_fold(phrase), (row["code"], row["id"]))
        roles: dict[str, tuple[str, str]] = {}
        role_kinds: dict[str, str] = {}
        for row in rows("roles.csv"):
            role_kinds[row["id"]] = row["kind"]
            for phrase in row["phrases"].split("|"):
                if phrase.strip():
                    roles.setdefault(_fold(phrase), (row["role"], row["id"]))
        places = {
            _fold(phrase)
            for row in rows("regions.csv")
            for column in ("name", "aliases", "adjectives")
            for phrase in (row.get(column) or "").split("|")
            if phrase.strip()
        }
        rules = yaml.safe_load(folder.joinpath("rules.yaml").read_text("utf-8")) or {}
        longest = max(len(p.split()) for p in [*countries, *roles])
        return cls(
            countries=countries,
            roles=roles,
            places=frozenset(places),
            role_kinds=role_kinds,
            role_priority={k: int(v) for k, v in (rules.get("role_priority") or {}).items()},
            honorifics=frozenset(_fold(h) for h in rules.get("honorifics") or ()),
            locative_preps=frozenset(rules.get("locative_prepositions") or ()),
            entity_labels=frozenset(
                rules.get("name_entity_labels") or ("PERSON", "ORG", "NORP", "GPE")
            ),
            max_words=longest,
            country_codes=frozenset(code for code, _ in countries.values())
            | frozenset(codebook().countries),
        )

    def match(
        self, words: Sequence[str]
    ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """(country matches, role matches) in `words`, longest phrase first, as (text, code, id)."""
        found_c: list[tuple[str, str, str]] = []
        found_r: list[tuple[str, str, str]] = []
        i = 0
        folded = [_fold(w) for w in words]
        while i < len(folded):
            for n in range(min(self.max_words, len(folded) - i), 0, -1):
                phrase = " ".join(folded[i : i + n])
                hit = False
                if phrase in self.countries:
                    found_c.append((" ".join(words[i : i + n]), *self.countries[phrase]))
                    hit = True
                if phrase in self.roles:
                    found_r.append((" ".join(words[i : i + n]), *self.roles[phrase]))
                    hit = True
                if hit:
                    i += n
                    break
            else:
                i += 1
        return found_c, found_r


# ---------------------------------------------------------------- occurrences


@dataclass
class Discovery:
    """Both candidate lists of one pass."""

    actors: list[ActorCandidate] = field(default_factory=list)
    verbs: list[VerbCandidate] = field(default_factory=list)
    parsed_sentences: int = 0


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _trim(span: Span, context: ActorContext) -> Span | None:
    """Drop leading determiners and honorifics and a trailing possessive from a name span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ == "DET" or _fold(doc[start].text) in context.honorifics
    ):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def _is_name(span: Span, context: ActorContext) -> bool:
    text = span.text.strip()
    if len(text) < 2 or not any(c.isalpha() for c in text) or not text[0].isupper():
        return False
    if all(t.pos_ == "PRON" for t in span):
        return False
    folded = _fold(text)
    return not (folded in context.countries or folded in context.roles or folded in context.places)


#: Dependencies that make a noun phrase an argument of its clause.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd"})
#: Dependencies inside one noun phrase (or a list of them), walked up to the phrase's head.
_WITHIN_PHRASE = frozenset({"compound", "appos", "conj", "poss", "nmod", "amod", "flat"})


def _is_participant(span: Span) -> bool:
    """Whether the name takes part in its clause: subject, object, or object of a preposition
    attached to a verb ("met Capriles", "a deal with Rosneft"), not a modifier of another noun
    ("the delegation to the Victory Parade", "an interview with Russia-24")."""
    head = span.root
    while head.dep_ in _WITHIN_PHRASE and head.head is not head:
        head = head.head
    if head.dep_ in ARGUMENT_DEPS or head.dep_ == "ROOT":
        return True
    if head.dep_ == "pobj":
        prep = head.head
        return prep.dep_ in {"prep", "agent", "dative"} and prep.head.pos_ in {"VERB", "AUX"}
    return False


def _locative(span: Span, context: ActorContext) -> bool:
    head = span.root
    return head.dep_ == "pobj" and head.head.lower_ in context.locative_preps


def _name_spans(doc: Doc, context: ActorContext) -> list[tuple[Span, str]]:
    spans: list[tuple[Span, str]] = [
        (e, e.label_) for e in doc.ents if e.label_ in context.entity_labels
    ]
    covered = {i for e, _ in spans for i in range(e.start, e.end)}
    for chunk in doc.noun_chunks:
        run: list[Token] = []
        for token in [*chunk, None]:
            if token is not None and token.pos_ == "PROPN" and token.i not in covered:
                run.append(token)
                continue
            # a run inside another kind of entity (DATE "Friday", EVENT "World War II") is not
            # a name of an actor; without NER, its head word says so ("Victory Day", "June")
            if (
                run
                and not any(t.ent_type_ for t in run)
                and run[-1].lower_.rstrip(".") not in NON_ACTOR_NAME_HEADS
            ):
                spans.append((doc[run[0].i : run[-1].i + 1], NOUN_CHUNK_LABEL))
            run = []
    return spans


def _phrase_tokens(root: Token) -> list[Token]:
    """Words of the noun phrase around a name: its modifiers, and the noun it modifies."""
    tokens: list[Token] = []
    todo = [c for c in root.children if c.dep_ in PHRASE_DEPS]
    head = root
    # "leader Juan Guaidó" may attach the other way round, or the name may be an apposition.
    while head.dep_ in {"compound", "appos", "poss"} and head.head is not head:
        head = head.head
        tokens.append(head)
        todo += [c for c in head.children if c.dep_ in PHRASE_DEPS and c is not root]
    while todo:
        token = todo.pop()
        tokens.append(token)
        todo += [c for c in token.children if c.dep_ in PHRASE_DEPS | {"det", "case"}]
        if token.dep_ == "appos":
            # "Igor Sechin, head of the Russian oil company": the body a title belongs to
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                tokens.append(prep)
                todo += [g for g in prep.children if g.dep_ == "pobj"]
    return sorted(tokens, key=lambda t: t.i)


@dataclass(frozen=True)
class _Suggestion:
    code: str | None = None
    country: str | None = None
    role: str | None = None
    evidence: str | None = None
    person_title: bool = False


def _pronoun_only(doc: Doc, mentions: Sequence[ActorMention]) -> list[bool]:
    """Per mention, whether all its tokens (by char offset) are pronouns (True if none)."""
    tokens = [(t.idx, t.pos_ == "PRON") for t in doc]
    return [all(pron for idx, pron in tokens if m.start <= idx < m.end) for m in mentions]


#: Dependencies by which a name modifies the noun above it ("Brexit deal", "BMW's chief").
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})


def _governors(root: Token) -> set[int]:
    """Indices of the nouns a name modifies, up its chain of modifier dependencies."""
    out: set[int] = set()
    token = root
    while token.dep_ in _MODIFIER_DEPS and token.head is not token:
        token = token.head
        out.add(token.i)
    return out


def _own_tokens(root: Token) -> set[int]:
    """Indices of the words of the name's own phrase: its subtree, or that of the noun it is
    an apposition of ("General Motors (GM)", "Igor Sechin, head of Rosneft"): one entity."""
    token = root
    while token.dep_ == "appos" and token.head is not token:
        token = token.head
    return {t.i for t in token.subtree}


#: Dependencies that make a noun phrase the one acting in its clause (the passive agent
#: is the pobj of "by", reached through the `agent` preposition).
_ACTOR_DEPS = frozenset({"nsubj"})


def _acts(span: Span) -> bool:
    """Whether the name is the one acting in its clause: a subject, or the agent of a passive.

    Through appositions and conjunctions: "General Motors (GM) is recalling", "GM and Ford
    blamed" act; "the Brexit deal", "argue about Brexit" do not.
    """
    token = span.root
    while token.dep_ in {"appos", "conj"} and token.head is not token:
        token = token.head
    if token.dep_ in _ACTOR_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _modifies_noun(span: Span, context: ActorContext) -> bool:
    """Whether the name only modifies a common noun that is no role word.

    "The Brexit deal", "a Twitter account", "the Brexit vote": the name says what the deal or
    account is about, and the noun is what takes part in the clause. A role word above it
    ("Brexit Secretary", "Rosneft chief") or a possessive ("GM's stake") says nothing either
    way about the name being an actor, so neither counts.
    """
    root = span.root
    if root.dep_ not in {"compound", "amod", "nmod"} or root.head is root:
        return False
    head = root.head
    if head.pos_ != "NOUN":
        return False
    return _fold(head.text) not in context.roles and _fold(head.lemma_) not in context.roles


def _leads(code: str, context: ActorContext) -> bool:
    """Whether a code says who before what: a country, an organisation or a known group."""
    first = code[:3]
    return (
        first in context.country_codes
        or first in ORGANISATION_TYPES
        or (split_actor_code(code).known_group == first)
    )


def _role_words(
    words: Sequence[Token], context: ActorContext
) -> list[tuple[list[Token], str, str]]:
    """Role phrases among `words` (in order), longest first, each with its tokens: a phrase
    matches by its words ("vice president") or a single word by its lemma ("ministers")."""
    found: list[tuple[list[Token], str, str]] = []
    i = 0
    while i < len(words):
        for n in range(min(context.max_words, len(words) - i), 0, -1):
            tokens = list(words[i : i + n])
            phrase = " ".join(_fold(t.text) for t in tokens)
            hit = context.roles.get(phrase)
            if hit is None and n == 1:
                hit = context.roles.get(_fold(tokens[0].lemma_))
            if hit is not None:
                found.append((tokens, *hit))
                i += n
                break
        else:
            i += 1
    return found


def _suggest(
    span: Span,
    mentions: Sequence[ActorMention],
    context: ActorContext,
    pronoun_only: Sequence[bool] | None = None,
) -> _Suggestion:
    """The code suggested by the words of the name's own noun phrase (see the module doc).

    Two things keep a suggestion a code the codebook accepts. A resolved mention in the phrase
    lends its code only when that code says who (a country or an organisation: "Rosneft chief
    Igor Sechin", RUSBUS); a mention coded by a role alone ("the Speaker", LEG) only lends its
    role, which a country word of the phrase may complete; a role is added to a bare country
    only, never twice. And person titles the name *modifies* ("BMW's chief executive", "the
    Brexit secretary") belong to someone else: they make the name neither a person nor give it
    their role.

    `pronoun_only[k]`: whether mention k is pronouns only (`_pronoun_only`), computed once per
    sentence by the caller rather than once per name.
    """
    governors = _governors(span.root)
    own = _own_tokens(span.root)
    words = [t for t in _phrase_tokens(span.root) if not (span.start <= t.i < span.end)]
    if pronoun_only is None:
        pronoun_only = _pronoun_only(span.doc, mentions)
    base: tuple[str, str] | None = None
    hints: list[tuple[str, str, str]] = []  # roles lent by mentions coded with a role alone

    def usable(tokens: Sequence[Token], entry: str) -> bool:
        """A role word is the name's own when it is in the name's phrase; in a noun the name
        modifies, only a group word is ("the Yukos company"), not a title ("BMW's chief",
        "the Brexit secretary": someone else holds it); elsewhere it is another noun's."""
        if all(t.i in own for t in tokens):
            return True
        return context.role_kinds.get(entry) == "group" and all(t.i in governors for t in tokens)

    for m, pronoun in zip(mentions, pronoun_only, strict=True):
        if pronoun:
            continue  # "his Telegram channel": the owner, not who the name is
        inside = [t for t in words if m.start <= t.idx < m.end]
        if not inside:
            continue
        if _leads(m.code, context):
            base = (m.code, f"in a phrase with '{m.text}' ({m.code}, {m.entry_id})")
            break
        if m.role and usable(inside, m.entry_id):
            hints.append((m.text, m.role, m.entry_id))

    countries, _ = context.match([t.text for t in words])
    roles = [
        (" ".join(t.text for t in tokens), code, entry)
        for tokens, code, entry in _role_words(words, context)
        if usable(tokens, entry)
    ]
    roles += hints
    person_title = any(context.role_kinds.get(entry) == "person" for _, _, entry in roles)
    role = max(roles, key=lambda r: context.role_priority.get(r[1], 0), default=None)
    if base is None and countries:
        text, code, entry = countries[0]
        base = (code, f"{text} ({code}, {entry})")
    if base is None:
        return _Suggestion(role=role[1] if role else None, person_title=person_title)
    code, evidence = base
    if role and code in context.country_codes and role[1] != code:
        code += role[1]
        evidence += f" + {role[0]} ({role[1]}, {role[2]})"
    parts = split_actor_code(code)
    return _Suggestion(
        code=code,
        country=parts.country,
        role=parts.types[0] if parts.types else None,
        evidence=evidence,
        person_title=person_title,
    )


# ---------------------------------------------------------------- verbs


def _subjects(verb: Token) -> list[Token]:
    own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if own or agents:
        return own + agents
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return _subjects(verb.head)
    return []


def _codes_in(token: Token, mentions: Sequence[ActorMention]) -> list[str]:
    sub = list(token.subtree)
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
    return [m.code for m in mentions if m.start < end and start < m.end]


def _verb_hits(
    doc: Doc, sentence_id: str, article_id: str, mentions: Sequence[ActorMention]
) -> list[VerbOccurrence]:
    hits = []
    # places ("met in Caracas"): the resolver marks them in the evidence
    mentions = [m for m in mentions if "locative:" not in m.evidence]
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        source_codes = [c for s in _subjects(verb) for c in _codes_in(s, mentions)]
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        obj = next((c for c in verb.children if c.dep_ in OBJECT_DEPS), None)
        target_codes = _codes_in(obj, mentions) if obj is not None else []
        prep = None
        for child in verb.children:
            if child.dep_ != "prep" or child.lower_ in NON_ARGUMENT_PREPS:
                continue
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                codes = _codes_in(pobj, mentions)
                if codes and prep is None:
                    prep = child.lower_
                    target_codes += codes
        pairs = [(a, b) for a in source_codes for b in target_codes if a != b]
        if not pairs:
            continue  # the verb does not link two different actors
        obj_lemma = (
            obj.lemma_.lower() if obj is not None and obj.pos_ in {"NOUN", "PROPN"} else None
        )
        if obj is not None and any(m.start <= obj.idx < m.end for m in mentions):
            obj_lemma = None  # the object is an actor, not part of the phrase ("met Maduro")
        words = [verb.lemma_.lower(), particle, obj_lemma, prep]
        hits.append(
            VerbOccurrence(
                sentence_id=sentence_id,
                article_id=article_id,
                start=verb.idx,
                phrase=" ".join(w for w in words if w),
                verb_lemma=verb.lemma_.lower(),
                particle=particle,
                object_lemma=obj_lemma,
                preposition=prep,
                actor_pair=" ".join(pairs[0]),
            )
        )
    return hits


def _name_occurrences(
    doc: Doc,
    sentence_id: str,
    article_id: str,
    mentions: Sequence[ActorMention],
    has_event: bool,
    context: ActorContext,
) -> list[NameOccurrence]:
    taken = [(m.start, m.end) for m in mentions]
    pronoun_only: list[bool] | None = None  # computed at the first name that needs it
    out: list[NameOccurrence] = []
    seen: set[tuple[int, int]] = set()
    for raw, label in _name_spans(doc, context):
        span = _trim(raw, context)
        if span is None or (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        start, end = span.start_char, span.end_char
        if _overlaps(start, end, taken) or not _is_name(span, context) or _locative(span, context):
            continue
        if not _is_participant(span):
            continue
        if pronoun_only is None:
            pronoun_only = _pronoun_only(doc, mentions)
        suggestion = _suggest(span, mentions, context, pronoun_only)
        out.append(
            NameOccurrence(
                sentence_id=sentence_id,
                article_id=article_id,
                start=start,
                end=end,
                text=span.text,
                normalized=_fold(span.text),
                label=label,
                in_event_sentence=has_event,
                suggested_code=suggestion.code,
                suggested_country=suggestion.country,
                suggested_role=suggestion.role,
                suggestion_evidence=suggestion.evidence,
                person_title=suggestion.person_title,
                modifies_noun=_modifies_noun(span, context),
                acts=_acts(span),
            )
        )
    return out


# ---------------------------------------------------------------- extraction from one parse


def sentence_occurrences(
    doc: Doc,
    sentence_id: str,
    article_id: str,
    mentions: Sequence[ActorMention],
    has_event: bool,
    lexicon: EventLexicon,
    context: ActorContext,
) -> tuple[list[NameOccurrence], list[VerbOccurrence]]:
    """Uncoded names and unmatched verbs of one parsed sentence, for the curation lists.

    Called by the coder while it holds the sentence's parse, its resolved mentions and whether
    it produced an event, so the curation lists cost no second parse.

    Args:
        doc: the parse of the sentence alone (char offsets are sentence offsets).
        sentence_id: its id.
        article_id: its article.
        mentions: its resolved actor mentions (sentence offsets).
        has_event: whether an event row came from it.
        lexicon: the event lexicon (a name counts in a sentence with a trigger).
        context: country and role words for suggestions.
    """
    names: list[NameOccurrence] = []
    verbs: list[VerbOccurrence] = []
    if has_event or len(mentions) >= 2 or find_triggers(doc[:], lexicon):
        names = _name_occurrences(doc, sentence_id, article_id, mentions, has_event, context)
    if not has_event and len({m.code for m in mentions}) >= 2:
        verbs = _verb_hits(doc, sentence_id, article_id, mentions)
    return names, verbs


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
