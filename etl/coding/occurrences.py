"""What the coder did not code, read off its own parse: the raw rows of the curation lists.

While the coder holds a parsed sentence with its resolved mentions and events, it calls
`sentence_occurrences`, which writes `name_occurrences` (named people and organisations that
take part in a sentence with a trigger or two actors but got no actor code, each with the code
its own noun phrase suggests) and `verb_occurrences` (verbs whose arguments reach two resolved
actors in a sentence without an event). `etl.publish.discovery` folds these rows into the ranked
`actor_candidates` and `verb_candidates` lists; the rules are described there. They live here,
next to the coder, because they read the coder's parse and nothing else, so the curation lists
cost no second parse.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span, Token

from etl.cameo import ORGANISATION_TYPES, codebook, split_actor_code
from etl.coding.actors import NON_ACTOR_NAME_HEADS
from etl.coding.lexicon import EventLexicon, find_triggers
from etl.records import (
    ActorMention,
    NameOccurrence,
    VerbOccurrence,
)

#: Languages of sentences worth parsing ('und': too short to tell, the article decides).
ENGLISH = frozenset({"en", "und"})
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
