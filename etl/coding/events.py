"""Sentence → events: CAMEO triggers from the lexicon, applied to the dependency parse.

The coder is deliberately a short list of syntactic rules, each named in the `rule_id` of the
events it produces, so a reviewer can follow every decision:

* ``active`` / ``passive``: source is the subject, target the object; in the passive the
  ``by`` agent is the source and the passive subject the target ("Caracas' bid was vetoed by
  Brazil" → BRA 129 VEN: the target is found inside "Caracas' bid").
* ``light``: an event noun that is the object of a light verb ("held a meeting", "imposed
  sanctions on", "voiced support for") is the event, with the verb's subject as source.
* ``nominal``: an event noun on its own ("after his meeting with Maduro"); its source is a
  possessive, an adjective or compound actor ("US sanctions"), a ``by``/``from`` phrase, or the
  speaker of a reporting verb it hangs from ("Lavrov said during a meeting with Gil");
  ``scene`` marks that last case and "X was in talks with Y".
* ``wrap:CLASS``: a wrapper verb or adjective re-codes its complement through the lexicon's
  ``@compose`` table: intentions and pledges → 03x, appeals → 02x, demands → 10x, threats → 13x,
  refusals → 12x, stopping an act → its de-escalation or reduction ("ceased its operations"
  → 087), claiming an attack → 015. Reporting verbs (class SAY) keep the reported event with its
  own actors (a pronoun subject in it is the speaker: ``speaker``); a reported clause with
  "must"/"should" is a demand/appeal by the speaker (``wrap:DEMAND/must``, ``modal:must``). A
  bare statement is coded 010 only when the sentence reports nothing more specific.
* ``future`` / ``negfuture``: an event under "will"/"shall" (or "would" in reported speech) is
  announced, not done: a cooperative act becomes an intent (03x), a hostile one a threat (13x);
  "will not" + a cooperative act is a refusal (12x).
* Negation: a negated trigger ("did not meet", "no talks") gives no event; neither does a
  conditional clause ("if", "unless", "until") or a question.
* ``coord``: conjoined subjects or objects give one event per actor; ``sym`` entries give both
  directions between coordinated participants ("A and B held talks", "talks between A and B");
  ``pair`` adds the reverse code of a pair entry (host 043 → visit 042).
* Opaque verbs (``!opaque``: accuse, praise, criticize ...) do not code what sits in their
  complements ("accused X of attacking Y" codes no attack).

Who counts as an actor is decided by the actor resolver (`etl.coding.actors`), which hands the
coder resolved mentions. An event is emitted when its trigger has at least one *actor-like*
argument: one resolved to an actor, or one that is (or holds, near its head) a proper name the
dictionaries lack ("UNITA", "Two leaders of the Alliance for Change"). Such a name is kept
rather than dropped because it is an actor in the text, and `actor_candidates` learns new
dictionary entries from exactly these slots. An unresolved side is written with the code ``---``
(the PETRARCH convention for a null actor), the argument's text as name (empty when there is
no argument at all) and ``unresolved:name`` / ``unresolved`` as its entry, so the row stays
honest about what the coder did not know. Entries flagged ``!dyad`` need both sides. A statement
needs an actor-like speaker. When both sides are one actor (the same code, or a state and its
own government) the target is dropped and the act kept ("Zarif defended Iran's position").

The main event of a sentence (``is_root_event``, listed first) is the one a human coder would
give it: the event closest to the root of the parse, where the hop from a reporting verb to its
reported clause costs nothing, a free-standing event noun ranks below a verb at the same depth,
and a bare statement below both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from etl.coding.actors import Mention
from etl.coding.dyads import DyadRules
from etl.coding.event_dates import MONTHS, WEEKDAYS
from etl.coding.lexicon import (
    QUANTITY_NOUNS,
    REPORTED,
    EventLexicon,
    LexEntry,
    TriggerMatch,
    WrapperClass,
    is_verbal,
)
from etl.coding.phrases import AIMED_PREPS, argument_phrase, phrase_head
from etl.errors import Errors

#: Code written for an unresolved side of an event.
UNRESOLVED = "---"

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
#: Clause-forming dependencies: a search for an actor inside an argument does not enter them.
CLAUSE_DEPS = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "conj", "cc", "punct", "mark"}
)  # fmt: skip
#: Prepositions that usually give a location rather than a participant: searched last.
LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "inside", "across", "along", "around"})
#: Prepositions that give a time: never searched for a participant ("during Trump's term").
TEMPORAL_PREPS = frozenset(
    {"during", "since", "until", "till", "before", "after", "amid", "throughout"}
)
PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WDT"})
#: Proper nouns that are never actors: calendar words ("on Monday", "in June"), tagged PROPN by
#: spaCy; numbers and amounts are not PROPN; "May" is more often Theresa May. (NER's DATE/TIME/...
#: labels used to decide this; the coder no longer runs NER, see `etl.coding.nlp.CODING_DISABLED`.)
NON_ACTOR_PROPN = frozenset({*MONTHS, *WEEKDAYS} - {"may"})
#: Nouns of time: "on Sunday", "for another three months", "for the first time", "at some
#: point", "a few years into his tenure" say when: a phrase headed by one is never a target.
TIME_NOUNS = frozenset(
    {"time", "times", "day", "days", "week", "weeks", "month", "months", "year", "years",
     "hour", "hours", "minute", "minutes", "decade", "decades", "century", "morning",
     "afternoon", "evening", "night", "weekend", "period", "moment", "point", "date",
     "today", "tomorrow", "yesterday", "tenure", "reign", "era"}
)  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom", "whose"})
#: Auxiliaries that make a clause future.
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
#: Markers that make a clause hypothetical: such clauses give no event.
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "until"})
#: Prepositions that give where a moved object goes or comes from ("sent troops to Mali"), in
#: the order they are tried.
GOAL_PREPS = ("to", "into", "onto", "toward", "towards", "from")
#: CAMEO roots of statements and appeals: said, not done, so never mutual by their object.
STATEMENT_ROOTS = frozenset({"01", "02"})
#: CAMEO roots of giving (material cooperation, aid): the only events whose target may be a
#: goal with no actor in it ("provided training to AMISOM").
GIVING_ROOTS = frozenset({"06", "07"})
#: Prepositions by which an event noun hangs from a reporting verb whose subject is its source.
SCENE_PREPS = frozenset({"during", "at", "after", "following", "in", "on", "before", "amid"})


@dataclass(frozen=True)
class Argument:
    """One side of an event: a resolved mention, or the span of an unresolved argument."""

    mention: Mention | None
    start: int = -1  # token span in the Doc; -1 when there is no argument at all
    end: int = -1
    via: str = ""  # how the side was found when not directly: "speaker", "controller"
    named: bool = False  # unresolved, but a proper name: an actor the dictionaries lack

    @property
    def resolved(self) -> bool:
        return self.mention is not None

    @property
    def actor_like(self) -> bool:
        """A resolved actor, or a named one the dictionaries do not know ("UNITA", "Mr Porter")."""
        return self.mention is not None or self.named

    @property
    def code(self) -> str:
        return self.mention.code if self.mention is not None else UNRESOLVED


NO_ARGUMENT = Argument(mention=None)


@dataclass(frozen=True)
class CodedEvent:
    """An event found in one sentence, before it becomes an `etl.records.Event` row."""

    code: str
    source: Argument
    target: Argument
    trigger: tuple[int, ...]  # token indices in the Doc
    entry_ids: tuple[str, ...]
    rules: tuple[str, ...]
    anchor: int  # token whose clause carries the event's time expression
    future: bool
    is_root_event: bool = False

    @property
    def rule_id(self) -> str:
        return f"{'>'.join(self.entry_ids)}:{'+'.join(self.rules)}"


@dataclass
class _Proto:
    """An event under construction: trigger and code, arguments not yet resolved."""

    doc: Doc
    code: str
    entries: list[LexEntry]
    trigger: list[int]
    anchor: int  # the token whose arguments and clause the event takes
    kind: str  # "verb", "light", "nominal", "statement"
    rules: list[str]
    match: TriggerMatch | None = None
    wrapper: Token | None = None  # the wrapper that composed it
    wrapper_class: WrapperClass | None = None
    embedded: _Proto | None = None
    future: bool = False
    reported_by: list[Token] = field(default_factory=list)  # reporting verbs above it

    @property
    def entry(self) -> LexEntry:
        return self.entries[-1]


@dataclass(frozen=True)
class DiscardList:
    """Phrases that mark a sentence as not political (sports scores, chess, films)."""

    sentence: tuple[tuple[str, tuple[str, ...]], ...]
    version: str
    #: phrases by first word, so matching is one pass over the tokens
    first_words: dict[str, list[tuple[str, tuple[str, ...]]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for entry_id, phrase in self.sentence:
            table.setdefault(phrase[0], []).append((entry_id, phrase))
        object.__setattr__(self, "first_words", table)

    @classmethod
    def from_package(cls) -> DiscardList:
        ref = resources.files("etl.dictionaries").joinpath("discards.txt")
        return cls.from_text(ref.read_text("utf-8"), source="etl/dictionaries/discards.txt")

    @classmethod
    def from_path(cls, path: Path) -> DiscardList:
        return cls.from_text(path.read_text("utf-8"), source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> DiscardList:
        """Lines are ``<id> <phrase words>``; words match token text or lemma, case-blind."""
        import hashlib

        phrases: list[tuple[str, tuple[str, ...]]] = []
        seen: set[str] = set()
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) < 2:
                raise ValueError(Errors.E005.format(path=source, line=number, problem="id phrase"))
            if parts[0] in seen:
                raise ValueError(
                    Errors.E005.format(path=source, line=number, problem="duplicate id")
                )
            seen.add(parts[0])
            phrases.append((parts[0], tuple(w.lower() for w in parts[1:])))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        return cls(sentence=tuple(phrases), version=digest)

    def match(self, sent: Span) -> str | None:
        """Id of the first discard phrase found in the sentence, else None.

        One pass over the tokens: a phrase is only tried where its first word occurs.
        """
        first = self.first_words
        words = [(t.lower_, t.lemma_.lower()) for t in sent]
        for i, (lower, lemma) in enumerate(words):
            for key in (lower, lemma):
                for entry_id, phrase in first.get(key, ()):
                    n = len(phrase)
                    if i + n <= len(words) and all(phrase[k] in words[i + k] for k in range(1, n)):
                        return entry_id
        return None


class EventCoder:
    """Codes one parsed sentence at a time, given its resolved actor mentions."""

    def __init__(
        self,
        lexicon: EventLexicon,
        discards: DiscardList | None = None,
        dyads: DyadRules | None = None,
    ):
        self.lexicon = lexicon
        self.discards = discards if discards is not None else DiscardList.from_package()
        self.dyads = dyads if dyads is not None else DyadRules.from_package()

    # ---- public ------------------------------------------------------------------------------

    def code_sentence(self, sent: Span, mentions: Sequence[Mention]) -> list[CodedEvent]:
        """Events of one sentence, main event first.

        Args:
            sent: the sentence, a span of a parsed Doc.
            mentions: the actor mentions resolved in this sentence (token indices in the Doc).
        """
        if self.discards.match(sent) is not None:
            return []
        if sent.text.rstrip().rstrip("\"'\u201d\u2019 ").endswith("?"):
            return []  # questions report nothing ("What did Mr Lavrov say?")
        index = _MentionIndex(mentions)
        protos = self._protos(sent)
        protos = self._wrap(sent, protos)
        protos = self._modality(protos)
        events: list[CodedEvent] = []
        for proto in protos:
            events.extend(self._dyads(proto, index))
        events = _dedupe(events)
        # A bare statement is kept only when nothing more specific than event nouns is coded.
        others = [e for e in events if "statement" not in e.rules]
        if any("nominal" not in e.rules for e in others):
            events = others
        events.sort(key=lambda e: self._rank(sent, e))
        if events:
            events[0] = replace(events[0], is_root_event=True)
        return events

    # ---- triggers ----------------------------------------------------------------------------

    def _protos(self, sent: Span) -> list[_Proto]:
        lex = self.lexicon
        protos: list[_Proto] = []
        consumed: set[int] = set()
        tokens = list(sent)  # walked twice: one Token object per word, not two
        for token in tokens:
            match = lex.verb_match(token) or lex.adjective_match(token)
            if match is None:
                continue
            kind = "light" if match.object_token is not None else "verb"
            protos.append(
                _Proto(
                    doc=sent.doc,
                    code=match.entry.code,
                    entries=[match.entry],
                    trigger=list(match.tokens),
                    anchor=token.i,
                    kind=kind,
                    rules=[],
                    match=match,
                )
            )
            if match.object_token is not None:
                consumed.update(match.tokens)
        for token in tokens:
            if token.i in consumed:
                continue
            match = lex.noun_match(token)
            if match is None:
                continue
            # "launched a mediation effort between A and B": the frame noun carries the syntax.
            if token.dep_ == "compound":
                if token.head.i in consumed:
                    continue
                match = replace(match, token=token.head.i, tokens=(*match.tokens, token.head.i))
                token = token.head
            light = self._light_head(token)
            if light is not None:
                trigger = sorted({light.i, *match.tokens})
                protos.append(
                    _Proto(
                        doc=sent.doc,
                        code=match.entry.code,
                        entries=[match.entry],
                        trigger=trigger,
                        anchor=light.i,
                        kind="light",
                        rules=[],
                        match=match,
                    )
                )
            else:
                protos.append(
                    _Proto(
                        doc=sent.doc,
                        code=match.entry.code,
                        entries=[match.entry],
                        trigger=list(match.tokens),
                        anchor=token.i,
                        kind="nominal",
                        rules=[],
                        match=match,
                    )
                )
        return protos

    def _light_head(self, noun: Token) -> Token | None:
        """The light verb whose object `noun` is ("held a meeting", "talks were held")."""
        head = noun
        while head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
        if head.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.head.i != head.i:
            verb = head.head
            if self.lexicon.light_verb(verb) is not None:
                return verb
        if (
            head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and head.head.head.lemma_.lower() in QUANTITY_NOUNS
        ):
            # "began a new round of joint exercises": look through the measure noun
            return self._light_head(head.head.head)
        if head.dep_ == "pobj" and head.head.dep_ in ("prep", "agent"):
            verb = head.head.head
            entry = self.lexicon.light_verb(verb)
            if entry is not None and entry.preps and head.head.lower_ in entry.preps:
                return verb
        return None

    # ---- wrappers ----------------------------------------------------------------------------

    def _wrap(self, sent: Span, protos: list[_Proto]) -> list[_Proto]:
        lex = self.lexicon
        wrappers: list[tuple[Token, TriggerMatch, WrapperClass]] = []
        for token in sent:
            match = lex.wrapper(token)
            if match is not None and match.entry.wrapper_class is not None:
                wrappers.append((token, match, lex.classes[match.entry.wrapper_class]))
        # Innermost first, so "agreed to try to meet" composes from the inside out.
        wrappers.sort(key=lambda w: -_depth(w[0]))
        # Opaque verbs ("accused X of killing Y"): their complements are claims, not events.
        opaque = [sent.doc[p.anchor] for p in protos if p.entry.opaque]
        for verb in opaque:
            protos = [p for p in protos if not _inside_complement(sent.doc[p.anchor], verb)]
        for token, match, klass in wrappers:
            embedded = self._complement(token, klass, protos)
            own = [p for p in protos if p.anchor == token.i and p.kind == "verb"]
            if embedded is None:
                if own:
                    continue
                modal = self._modal_clause(token, klass)
                if modal is not None:
                    # "said the government must ensure security": a demand on the subject.
                    code = lex.compose(lex.modals[modal], "")
                    if code not in (None, REPORTED):
                        protos.append(
                            _Proto(
                                doc=sent.doc,
                                code=code,
                                entries=[match.entry],
                                trigger=list(match.tokens),
                                anchor=token.i,
                                kind="verb",
                                rules=[f"modal:{modal}"],
                                match=match,
                            )
                        )
                        continue
                if not match.entry.is_event:
                    continue
                if klass.plain and any(c.dep_ in ("xcomp", "ccomp") for c in token.children):
                    continue
                protos.append(
                    _Proto(
                        doc=sent.doc,
                        code=match.entry.code,
                        entries=[match.entry],
                        trigger=list(match.tokens),
                        anchor=token.i,
                        kind="statement" if klass.statement else "verb",
                        rules=[],
                        match=match,
                    )
                )
                continue
            name = klass.name
            modal = _modal(_anchor_token(embedded), lex.modals) if klass.reported else None
            if modal is not None:
                name = lex.modals[modal]  # "they said Iran must release ..." is a demand
            code = lex.compose(name, embedded.code)
            if code == REPORTED:
                embedded.reported_by.append(token)
                continue
            protos = [p for p in protos if p is not embedded and all(p is not o for o in own)]
            if _negated(token) or _negated(_anchor_token(embedded)):
                continue  # "did not agree to meet", "pledged not to attack"
            if code is None:
                continue
            wrap_class = lex.classes.get(name, klass)
            protos.append(
                _Proto(
                    doc=sent.doc,
                    code=code,
                    entries=[match.entry, *embedded.entries],
                    trigger=sorted({*match.tokens, *embedded.trigger}),
                    anchor=token.i,
                    kind="verb",
                    rules=[*embedded.rules, f"wrap:{name}" + (f"/{modal}" if modal else "")],
                    match=match,
                    wrapper=token,
                    wrapper_class=wrap_class,
                    embedded=embedded,
                    reported_by=list(embedded.reported_by),
                )
            )
        return protos

    def _modal_clause(self, token: Token, klass: WrapperClass) -> str | None:
        """The modal auxiliary of a reported clause without an event ("must", "should")."""
        if not klass.reported:
            return None
        for child in token.children:
            if child.dep_ == "ccomp":
                found = _modal(child, self.lexicon.modals)
                if found is not None:
                    return found
        return None

    def _complement(self, token: Token, klass: WrapperClass, protos: list[_Proto]) -> _Proto | None:
        """The event in the wrapper's complement slot, if any."""
        by_anchor: dict[int, _Proto] = {}
        for p in protos:
            if p.anchor != token.i:
                by_anchor.setdefault(p.anchor, p)
        for child in token.children:
            slot = _slot(child)
            if slot is None or slot not in klass.slots:
                continue
            if slot == "pobj":
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp") and pobj.i in by_anchor:
                        return by_anchor[pobj.i]
                continue
            found = by_anchor.get(child.i)
            if found is not None:
                return found
        return None

    # ---- modality ----------------------------------------------------------------------------

    def _modality(self, protos: list[_Proto]) -> list[_Proto]:
        out: list[_Proto] = []
        for proto in protos:
            anchor = _anchor_token(proto)
            if _conditional(anchor):
                continue
            negated = _negated(anchor) or (
                proto.kind == "nominal" and _determiner_no(_head_noun(proto))
            )
            future = _future(anchor, reported=bool(proto.reported_by))
            if proto.kind == "statement":
                if not negated:
                    out.append(proto)
                continue
            modal_free = proto.wrapper_class is None or proto.wrapper_class.name == "KEEP"
            if future and modal_free:
                table = "NEGFUTURE" if negated else "FUTURE"
                code = self.lexicon.compose(table, proto.code)
                if code is None:
                    continue
                rule = "negfuture" if negated else "future"
                out.append(replace(proto, code=code, rules=[*proto.rules, rule], future=True))
                continue
            if negated:
                continue
            out.append(replace(proto, future=future))
        return out

    # ---- arguments ---------------------------------------------------------------------------

    def _dyads(self, proto: _Proto, index: _MentionIndex) -> list[CodedEvent]:
        sources, targets, rules = self._arguments(proto, index)
        if not sources:
            sources = [NO_ARGUMENT]
        if not targets:
            targets = [NO_ARGUMENT]
        entry = proto.embedded.entry if proto.embedded is not None else proto.entry
        pairs: list[tuple[Argument, Argument, tuple[str, ...]]] = []
        resolved_sources = [s for s in sources if s.resolved]
        resolved_targets = [t for t in targets if t.resolved]
        # A symmetric relation between coordinated participants ("A and B held talks",
        # "talks between A and B") goes both ways; "A met B" stays one event.
        group: list[Argument] = []
        # "A and B strengthened their ties" is mutual; "A and B confirmed their attendance"
        # (a statement) is not: a reciprocal object makes only acts (03-20) symmetric.
        symmetric = entry.symmetric or (
            proto.code[:2] not in STATEMENT_ROOTS and _reciprocal_object(proto.embedded or proto)
        )
        if symmetric and len(resolved_sources) >= 2 and not resolved_targets:
            group = resolved_sources
        elif symmetric and len(resolved_targets) >= 2 and not resolved_sources:
            group = resolved_targets
        if group:
            pairs.extend(
                (a, b, ("sym",)) for a in group for b in group if a.mention is not b.mention
            )
        else:
            extra: tuple[str, ...] = ("coord",) if len(sources) > 1 or len(targets) > 1 else ()
            pairs.extend((s, t, extra) for s in sources for t in targets)
        # A pair code ("043:042") gives the reverse event too, unless the code was re-coded.
        pair = entry.pair if proto.code == entry.code else None
        events: list[CodedEvent] = []
        for s, t, extra in pairs:
            if not (s.actor_like or t.actor_like):
                continue
            if entry.dyad and not (s.actor_like and t.actor_like):
                continue
            if proto.kind == "statement" and not s.actor_like:
                continue  # "someone said ..." tells nothing
            if s.resolved and t.resolved and self.dyads.same_actor(s.mention, t.mention):
                if len(resolved_targets) > 1:
                    continue  # "relations between Russia and Venezuela", said by Venezuela
                # "Zarif defended Iran's position": the act stays, the self-target goes (its
                # phrase stays as the unresolved target's text).
                t = Argument(None, t.start, t.end)
                extra = (*extra, "self-target")
            if entry.reverse:
                s, t = t, s
            variants = [(proto.code, s, t, extra)]
            if pair is not None and s.resolved and t.resolved:
                variants.append((pair, t, s, (*extra, "pair")))
            for code, a, b, more in variants:
                events.append(
                    CodedEvent(
                        code=code,
                        source=a,
                        target=b,
                        trigger=tuple(proto.trigger),
                        entry_ids=tuple(e.id for e in proto.entries),
                        rules=tuple([proto.kind, *rules, *proto.rules, *more]),
                        anchor=proto.anchor,
                        future=proto.future,
                    )
                )
        return events

    def _arguments(
        self, proto: _Proto, index: _MentionIndex
    ) -> tuple[list[Argument], list[Argument], list[str]]:
        rules: list[str] = []
        if proto.wrapper is not None and proto.embedded is not None:
            klass = proto.wrapper_class
            wrapper = proto.wrapper
            sources = self._subject_args(wrapper, index, rules)
            inner_sources, inner_targets, _ = self._arguments(proto.embedded, index)
            # A named speaker the dictionaries lack ("Aung San Suu Kyi urged Europe to ...")
            # is still the wrapper's source: the complement's subject is whom she urged.
            if not any(s.actor_like for s in sources):
                sources = inner_sources or sources
            targets: list[Argument] = []
            if klass is not None and klass.addressee:
                targets = self._addressee_args(wrapper, proto.embedded, index)
                if not any(t.resolved for t in targets):
                    targets = inner_targets
                else:
                    rules.append("addressee")
            else:
                targets = inner_targets
                if not any(t.resolved for t in targets):
                    targets = self._prep_args(wrapper, proto.entry.target_preps, index) or targets
            return sources, targets, rules
        token = _anchor_token(proto)
        entry = proto.entry
        if proto.kind in ("verb", "statement") or (
            proto.kind == "light" and proto.match is not None and proto.match.token == token.i
        ):
            return self._verb_args(token, proto, index, rules)
        if proto.kind == "light":
            noun = token.doc[proto.match.token] if proto.match is not None else token
            sources = self._subject_args(token, index, rules)
            goal = self._moved_by_noun(noun, token, entry, sources, index)
            if goal:
                rules.append("goal")
                return sources, goal, rules
            targets = self._prep_args(noun, entry.target_preps, index)
            if not targets:
                targets = self._prep_args(token, entry.target_preps, index, skip=noun)
            if not targets:
                targets = self._dative_args(token, index)
            clause_subject: list[Argument] = []
            if not any(t.resolved for t in targets):
                found, clause_subject = self._fallback_targets(
                    token, entry, index, rules, [noun], _is_passive(token)
                )
                targets = found or targets
            return sources, targets or clause_subject, rules
        return self._noun_args(token, entry, index, rules)

    def _verb_args(
        self, verb: Token, proto: _Proto, index: _MentionIndex, rules: list[str]
    ) -> tuple[list[Argument], list[Argument], list[str]]:
        entry = proto.entry
        match = proto.match
        passive = _is_passive(verb)
        sources = self._subject_args(verb, index, rules)
        targets: list[Argument] = []
        if passive:
            rules.append("passive")
            agent = _agent(verb)
            patient = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
            sources = self._expand(agent, index) if agent is not None else []
            targets = self._expand(patient[0], index) if patient else []
            if not patient:
                targets = self._inherited_subject(verb, index, rules)
        else:
            rules.append("active")
        if match is not None and match.object_token is not None:
            noun = verb.doc[match.object_token]
            goal = self._goal_args(verb, noun, entry, sources, index)
            if goal:
                rules.append("goal")
                return sources, goal, rules
            direct = [c for c in verb.children if c.dep_ == "dobj" and c.i != noun.i]
            if noun.dep_ == "pobj" and noun.head.lower_ == "as" and direct and not passive:
                # "held 20,000 civilians as human shields": the trigger's noun is the role the
                # verb's own object is made to play; that object is the target.
                rules.append("role-object")
                return sources, self._expand(direct[0], index), rules
            # "lifted UN sanctions against Iran": the object's own target preposition names
            # the target before an actor modifying the object (who imposed them); a
            # possessor is the author ("rejected May's offer on citizens' rights": May).
            # (A goal is not such a target: "the withdrawal of Serbian forces from Bosnia".)
            aiming = [p for p in entry.target_preps if p not in GOAL_PREPS]
            aimed = self._prep_args(noun, aiming, index)
            owned = any(c.dep_ == "poss" and index.at(c.i) is not None for c in noun.children)
            if any(t.resolved for t in aimed) and noun.head.i == verb.i and not owned:
                return sources, aimed, rules
            # "welcomed Maduro", "expelled two diplomats", "severed ties with the US": an
            # actor in the object phrase is the target; else "imposed sanctions on X".
            held = self._expand(noun, index)
            if any(t.resolved for t in held):
                return sources, held, rules
            targets = self._prep_args(noun, entry.target_preps, index)
            if not targets:
                targets = self._prep_args(verb, entry.target_preps, index, skip=noun)
            if not any(t.resolved for t in targets):
                # "gave the Ivory Coast 5.1 million dollars of aid for development projects"
                targets = self._dative_args(verb, index) or targets
            clause_subject: list[Argument] = []
            if not any(t.resolved for t in targets):
                found, clause_subject = self._fallback_targets(
                    verb, entry, index, rules, [noun], passive
                )
                targets = found or targets
            if not any(t.resolved for t in targets):
                aim = self._gift_purpose(verb, entry, index, rules)
                if aim:
                    return sources, aim, rules
            # "expelled all UNSCOM weapons inspectors": an object naming an actor the
            # dictionaries lack is still the target when nothing else is ("declared a
            # ceasefire" is no target: the object is the event itself).
            named = [a for a in held if a.named]
            return sources, targets or named or clause_subject, rules
        if match is not None and match.prep_token is not None:
            prep = verb.doc[match.prep_token]
            pobj = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if pobj:
                targets = self._expand(pobj[0], index)
        if not any(t.resolved for t in targets) and not passive:
            objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
            goal = self._goal_args(verb, objects[0], entry, sources, index) if objects else []
            if goal:
                rules.append("goal")
                return sources, goal, rules
            for obj in objects:
                found = self._expand(obj, index)
                if any(a.resolved for a in found):
                    targets = found
                    break
                targets = targets or found
        prep_found: list[Argument] = []
        if not any(t.resolved for t in targets):
            prep_found = found = self._prep_args(verb, entry.target_preps, index)
            if any(a.resolved for a in found):
                targets = found
        if not any(t.resolved for t in targets):
            # "threatened to deliver blows to the US": a wrapper whose complement is no event
            # of its own is aimed at what that complement acts on.
            for child in verb.children:
                if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                    found = [c for c in child.children if c.dep_ in ("dobj", "dative")]
                    args = [a for obj in found for a in self._expand(obj, index)]
                    if not any(a.resolved for a in args):
                        args = self._prep_args(child, entry.target_preps, index)
                    if any(a.resolved for a in args):
                        targets = args
                        rules.append("complement-target")
                        break
        clause_subject: list[Argument] = []
        if not any(t.resolved for t in targets):
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            found, clause_subject = self._fallback_targets(
                verb, entry, index, rules, objects, passive
            )
            targets = found or targets
        if not any(t.resolved for t in targets):
            aim = self._gift_purpose(verb, entry, index, rules)
            if aim:
                return sources, aim, rules
        # "is skeptical of that death toll", "is skeptical the program would work": with no
        # object at all, the phrase after a target preposition, else the subject of the
        # clause, is the target, named or not.
        return sources, targets or prep_found or clause_subject, rules

    def _noun_args(
        self, noun: Token, entry: LexEntry, index: _MentionIndex, rules: list[str]
    ) -> tuple[list[Argument], list[Argument], list[str]]:
        sources: list[Argument] = []
        for child in noun.children:
            if child.dep_ == "poss" or (
                child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i
            ):
                m = index.at(child.i)
                if m is not None:
                    sources = [Argument(m, m.start, m.end)]
                    break
        if not sources:
            sources = self._prep_args(noun, entry.source_preps, index)
        if not sources:
            sources = self._scene_speaker(noun, entry, index, rules)
        targets = self._moved_by_noun(noun, None, entry, sources, index)
        if targets:
            rules.append("goal")
        else:
            targets = self._prep_args(noun, entry.target_preps, index)
        targets = [
            t for t in targets if not any(t.mention is s.mention and t.resolved for s in sources)
        ]
        return sources, targets, rules

    def _scene_speaker(
        self, noun: Token, entry: LexEntry, index: _MentionIndex, rules: list[str]
    ) -> list[Argument]:
        """The subject of the clause a consultation noun is the scene of.

        "Lavrov said during a meeting with Gil", "he was in talks with Putin": the speaker, or
        the subject of the copula, is the meeting's source. Only for entries marked ``!scene``.
        """
        if not entry.scene or noun.dep_ != "pobj" or noun.head.lower_ not in SCENE_PREPS:
            return []
        verb = noun.head.head
        if verb.lemma_ == "be":
            rules.append("scene")
            return self._subject_args(verb, index, rules)
        match = self.lexicon.wrapper(verb)
        if match is None or match.entry.wrapper_class is None:
            return []
        if not self.lexicon.classes[match.entry.wrapper_class].reported:
            return []
        rules.append("scene")
        return self._subject_args(verb, index, rules)

    # ---- argument helpers --------------------------------------------------------------------

    def _subject_args(self, verb: Token, index: _MentionIndex, rules: list[str]) -> list[Argument]:
        """The subject of a clause, or the one it inherits (xcomp, conj, relcl, participles)."""
        subj = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if not subj and verb.dep_ in ("acomp", "oprd", "xcomp") and verb.pos_ == "ADJ":
            subj = [c for c in verb.head.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        if subj:
            head = subj[0]
            if head.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                head = verb.head
            args = self._expand(head, index)
            if not any(a.actor_like for a in args) and head.tag_ in PRONOUN_TAGS:
                speaker = self._speaker(verb, index)
                if speaker:
                    rules.append("speaker")
                    return speaker
            return args
        if _is_passive(verb):
            agent = _agent(verb)
            return self._expand(agent, index) if agent is not None else []
        return self._inherited_subject(verb, index, rules)

    def _inherited_subject(
        self, verb: Token, index: _MentionIndex, rules: list[str]
    ) -> list[Argument]:
        dep = verb.dep_
        head = verb.head
        if head.i == verb.i:
            return []
        if dep == "xcomp":
            # "urged France to press the US": the object of the controller is the subject.
            objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
            if objs and self.lexicon.wrapper(head) is not None:
                cls = self.lexicon.wrapper(head)
                klass = self.lexicon.classes.get(cls.entry.wrapper_class or "")
                if klass is not None and klass.addressee:
                    return self._expand(objs[0], index)
            rules.append("controller")
            return self._subject_args(head, index, rules)
        if dep == "conj" and is_verbal(head):
            rules.append("shared-subject")
            if _is_passive(head) and not _is_passive(verb):
                agent = _agent(head)
                return self._expand(agent, index) if agent is not None else []
            return self._subject_args(head, index, rules)
        if dep == "relcl":
            return self._expand(head, index)
        if dep == "acl" and verb.tag_ == "VBG":
            found = self._expand(head, index)
            if not any(a.actor_like for a in found) and head.dep_ == "dobj":
                # "HRW issued a statement calling on the Security Council to ...": the
                # participle says what the object did, and the object is its subject's act.
                rules.append("object-act")
                return self._subject_args(head.head, index, rules)
            return found
        if dep in ("advcl", "pcomp") and verb.tag_ in ("VBG", "VBN", "VB"):
            anchor = head.head if dep == "pcomp" else head
            if is_verbal(anchor) or anchor.pos_ == "AUX":
                rules.append("shared-subject")
                return self._subject_args(anchor, index, rules)
        return []

    def _speaker(self, token: Token, index: _MentionIndex) -> list[Argument]:
        """For a pronoun inside reported speech: the reporting verb's subject."""
        node = token
        while node.head.i != node.i:
            parent = node.head
            match = self.lexicon.wrapper(parent)
            if match is not None and match.entry.wrapper_class is not None:
                klass = self.lexicon.classes[match.entry.wrapper_class]
                if klass.reported and node.dep_ in ("ccomp", "xcomp", "parataxis", "conj"):
                    subj = [c for c in parent.children if c.dep_ in SUBJECT_DEPS]
                    if subj:
                        args = self._expand(subj[0], index)
                        if any(a.actor_like for a in args):
                            return [replace(a, via="speaker") for a in args if a.actor_like]
            if node.dep_ in ("relcl", "acl"):
                return []
            node = parent
        return []

    def _addressee_args(
        self, wrapper: Token, embedded: _Proto, index: _MentionIndex
    ) -> list[Argument]:
        """Whom an appeal, demand or threat is addressed to: object, 'on X', 'to X'."""
        embedded_tokens = set(embedded.trigger)
        for child in wrapper.children:
            if child.dep_ in ("dobj", "dative") and child.i not in embedded_tokens:
                args = self._expand(child, index)
                if any(a.resolved for a in args):
                    return args
        for child in wrapper.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "upon", "to"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i not in embedded_tokens:
                        args = self._expand(pobj, index)
                        if any(a.resolved for a in args):
                            return args
        # "asked help from the Armed Forces": whom a gift is asked of is the addressee.
        noun = _head_noun(embedded)
        if noun is not None and noun.head.i == wrapper.i and embedded.code[:2] in GIVING_ROOTS:
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ == "from":
                    for pobj in prep.children:
                        args = self._expand(pobj, index) if pobj.dep_ == "pobj" else []
                        if any(a.resolved for a in args):
                            return args
        # "urged Europe to press Myanmar" parsed with Europe as the subject of the complement
        emb = _anchor_token(embedded)
        if emb.head.i == wrapper.i and emb.dep_ in ("ccomp", "xcomp"):
            subj = [c for c in emb.children if c.dep_ in SUBJECT_DEPS]
            if subj:
                return self._expand(subj[0], index)
        return []

    def _goal_args(
        self,
        verb: Token,
        theme: Token,
        entry: LexEntry,
        sources: Sequence[Argument],
        index: _MentionIndex,
        skip: Token | None = None,
    ) -> list[Argument]:
        """Where a moved object goes, when the object is a load and not a participant.

        "sent troops to Mali", "returned six Iraqi artifacts to the government of Iraq",
        "provided training to AMISOM", "withdrew peacekeepers from Sinai": the event is aimed
        at the goal; the object is what was moved (goods, money, the source's own agents).
        "invited Maduro to Moscow" and "deported 2,374 migrants to Honduras" keep their
        object: an actor at its head that is another country's, or people rather than agents
        a state sends (`DyadRules.sent_roles`), is a participant.
        """
        if theme.dep_ not in ("dobj", "dative", "pobj"):
            return []
        theme = _measured(theme)  # "some of its troops", "94% of military equipment"
        if theme.pos_ not in ("NOUN", "NUM"):
            return []
        countries = {s.mention.country for s in sources if s.mention is not None}
        # "demanded the withdrawal of Serbian forces from Bosnia": whose load it is counts.
        for head in (t for t in theme.subtree if _in_phrase(t, theme)):
            own = index.at(head.i)
            if own is not None and self.dyads.participant(own, countries):
                return []
        preps = [p for p in GOAL_PREPS if p in entry.target_preps]
        if not preps:
            return []
        goal = self._prep_args(verb, preps, index, skip=skip or theme)
        # "sent vehicles and a team of paratroopers to Lebanon": the parser often hangs the
        # goal inside the object phrase, below a conjunct or an "of".
        for node in theme.subtree:
            if goal:
                break
            if node.dep_ == "prep" and node.lower_ in preps and _in_phrase(node.head, theme):
                goal = self._prep_args(node.head, [node.lower_], index)
        if not goal or any(g.actor_like for g in goal):
            return goal
        # A goal with no actor ("to the hospital", "from 15 percent") stands for the target
        # only of a gift (06, 07) whose object holds no actor either.
        giving = entry.code[:2] in GIVING_ROOTS
        return goal if giving and not any(a.resolved for a in self._expand(theme, index)) else []

    def _moved_by_noun(
        self,
        noun: Token,
        verb: Token | None,
        entry: LexEntry,
        sources: Sequence[Argument],
        index: _MentionIndex,
    ) -> list[Argument]:
        """The goal of an event noun whose "of" phrase is the load: "the deployment of 230
        troops to Liberia", "the delivery of aid to Gaza" (the goal may hang on the noun or
        on its light verb)."""
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                goal = self._goal_args(noun, pobj, entry, sources, index)
                if not goal and verb is not None and verb.i != noun.i:
                    goal = self._goal_args(verb, pobj, entry, sources, index, skip=noun)
                return goal
        return []

    def _fallback_targets(
        self,
        verb: Token,
        entry: LexEntry,
        index: _MentionIndex,
        rules: list[str],
        objects: Sequence[Token],
        passive: bool,
    ) -> tuple[list[Argument], list[Argument]]:
        """Targets beyond the verb's own objects and prepositions, tried in order.

        An aid's purpose clause (``purpose-target``), the author of a claim that is the
        object ("denied charges by the U.S. Chamber of Commerce": ``object-agent``), the
        subject of a that-clause ("welcomed that Maduro will come", "expressed optimism that
        the government's timeline could be accelerated": ``clause-target``). Returns the
        resolved targets found, and an unresolved clause subject for when nothing else is.
        """
        found = self._purpose_args(verb, entry, index)
        if found:
            rules.append("purpose-target")
            return found, []
        if passive:
            return [], []  # its "by" phrase is the agent, its subject the object
        # An active verb takes no "by" agent: a "by" phrase beside its object is the
        # object's author (the parser often hangs it on the verb).
        for head in (verb, *objects):
            for prep in head.children:
                if prep.dep_ not in ("prep", "agent") or prep.lower_ != "by":
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    args = self._expand(pobj, index)
                    if any(a.actor_like for a in args):
                        rules.append("object-agent")
                        return args, []
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if verb.dep_ == "acomp":  # "it is skeptical the program would meet ...": on the copula
            clauses += [c for c in verb.head.children if c.dep_ == "ccomp"]
        clauses += [c for o in objects for c in o.children if c.dep_ in ("acl", "ccomp")]
        unresolved: list[Argument] = []
        for clause in clauses:
            subj = [c for c in clause.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            if not subj:
                continue
            args = self._expand(subj[0], index)
            if any(a.resolved for a in args):
                rules.append("clause-target")
                return args, []
            if not unresolved and subj[0].pos_ in ("NOUN", "PROPN"):
                unresolved = args
        return [], unresolved

    def _gift_purpose(
        self, verb: Token, entry: LexEntry, index: _MentionIndex, rules: list[str]
    ) -> list[Argument]:
        """For a gift (06, 07) with no actor as target: what its purpose clause acts on, named
        or not, rather than the money or goods given."""
        if entry.code[:2] not in GIVING_ROOTS:
            return []
        aim = self._purpose_args(verb, entry, index, unnamed=True)
        if aim:
            rules.append("purpose-target")
        return aim

    def _purpose_args(
        self, verb: Token, entry: LexEntry, index: _MentionIndex, unnamed: bool = False
    ) -> list[Argument]:
        """Whom an act is for, from its purpose clause: "earmarked 1.5 million euros to help
        Haiti cope", "gave 625 firearms to help the Philippine army": the actor the purpose
        verb acts on (its object, the subject of its own clause, or a target preposition).
        With `unnamed`, the purpose verb's object even when it names no actor ("provided 6.3
        million euros to support projects which benefit refugees")."""
        fallback: list[Argument] = []
        for clause in verb.children:
            if clause.dep_ != "advcl" or clause.tag_ != "VB":
                continue
            if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                continue
            heads = [c for c in clause.children if c.dep_ in ("dobj", "dative")]
            heads += [
                s
                for c in clause.children
                if c.dep_ == "ccomp"
                for s in c.children
                if s.dep_ in SUBJECT_DEPS
            ]
            for head in heads:
                found = self._expand(head, index)
                if any(a.resolved for a in found):
                    return found
                if unnamed and not fallback and head.pos_ in ("NOUN", "PROPN"):
                    fallback = found
            found = self._prep_args(clause, entry.target_preps, index)
            if any(a.resolved for a in found):
                return found
        return fallback

    def _dative_args(self, verb: Token, index: _MentionIndex) -> list[Argument]:
        for child in verb.children:
            if child.dep_ in ("dative", "iobj"):
                return self._expand(child, index)
        return []

    def _prep_args(
        self,
        head: Token,
        preps: Iterable[str],
        index: _MentionIndex,
        skip: Token | None = None,
    ) -> list[Argument]:
        """Objects of the listed prepositions under `head`, in the lexicon's order."""
        allowed = tuple(preps)
        children = [
            c
            for c in head.children
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in allowed
        ]
        children.sort(key=lambda c: allowed.index(c.lower_))
        if head.pos_ in ("NOUN", "PROPN"):
            # "lifted sanctions imposed on India": a participle describing the event noun
            # carries its target (after the noun's own prepositions).
            for acl in head.children:
                if acl.dep_ == "acl" and acl.tag_ == "VBN":
                    late = [c for c in acl.children if c.dep_ == "prep" and c.lower_ in allowed]
                    children.extend(sorted(late, key=lambda c: allowed.index(c.lower_)))
        fallback: list[Argument] = []
        for prep in children:
            if skip is not None and prep.i == skip.i:
                continue
            for pobj in prep.children:
                if pobj.dep_ not in ("pobj", "pcomp") or _temporal(pobj):
                    continue
                # A place is a target only after a preposition the entry names ("arrived in").
                index.allow_places = True
                try:
                    args = self._expand(pobj, index)
                finally:
                    index.allow_places = False
                if any(a.resolved for a in args):
                    return args
                fallback = fallback or args
        return fallback

    def _expand(self, head: Token | None, index: _MentionIndex) -> list[Argument]:
        """The actors of an argument: one per conjunct, each found inside its phrase."""
        if head is None:
            return []
        if head.tag_ in ("WP", "WDT") and head.lower_ in RELATIVE_PRONOUNS:
            clause = head.head
            if clause.dep_ == "relcl":
                head = clause.head  # "Chávez, whom Putin credits": whom = Chávez
        heads = [head]
        queue = [head]
        while queue:
            node = queue.pop()
            for child in node.children:
                if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM"):
                    heads.append(child)
                    queue.append(child)
        heads.sort(key=lambda t: t.i)
        args: list[Argument] = []
        seen: set[int] = set()
        doc = head.doc
        for h in heads:
            m = index.find(h)
            if m is not None:
                if id(m) in seen:
                    continue
                seen.add(id(m))
                # The side's span is the noun phrase of the actor's head ("the Government of
                # Turkey", "northern Iraq"), not the larger argument it was found in ("cyber
                # attacks on Iran"); a name inside it is the mention (actor_mentions).
                # A thing the actor is in or owns ("a military vehicle in Myanmar's Rakhine
                # State", "an arms depot of the Syrian army") is the side as a whole; an event
                # on it ("cyber attacks on Iran") or a thing for it ("a dinner for Netanyahu")
                # is not.
                event_noun = self.lexicon.noun_match(h) is not None
                through = None if event_noun else AIMED_PREPS
                inner = phrase_head(h, doc[m.head], through)
                start, end = argument_phrase(inner)
                if event_noun and inner.i == h.i and m.end <= h.i:
                    # "Theresa May's offer on citizens' rights": an act named by its author
                    # is the author's phrase up to the noun; what it is about is not the side.
                    end = h.i + 1
                args.append(Argument(m, min(start, m.start), max(end, m.end)))
                # "aid for Romania and Poland": an actor found inside the argument brings
                # its own conjuncts along; a coordinated modifier ("US and British
                # activists") shares the phrase.
                inner = doc[m.head]
                if inner.i != h.i and index.at(inner.i) is m:
                    linked = _conjuncts(inner)[1:]
                else:
                    # "the foreign ministers of Russia and Venezuela": a conjunct of a word
                    # inside the mention, outside its span
                    linked = [
                        c
                        for t in doc[m.start : m.end]
                        if t.i != m.head
                        for c in t.children
                        if c.dep_ == "conj" and not m.start <= c.i < m.end
                    ]
                for conj in linked:
                    other = index.at(conj.i)
                    if other is None or id(other) in seen:
                        continue
                    seen.add(id(other))
                    if not start <= conj.i < end:
                        start, end = argument_phrase(conj)
                    args.append(Argument(other, min(start, other.start), max(end, other.end)))
            else:
                named = index.named(h)
                start, end = argument_phrase(h)
                args.append(Argument(None, start, end, named=named))
        # One unresolved conjunct among resolved ones is noise ("Iran and others"): drop it.
        if any(a.resolved for a in args):
            args = [a for a in args if a.resolved]
        return args

    # ---- ranking -----------------------------------------------------------------------------

    def _rank(self, sent: Span, event: CodedEvent) -> tuple[float, int]:
        doc = sent.doc
        token = doc[event.anchor]
        depth = 0.0
        node = token
        while node.head.i != node.i and node.i >= sent.start:
            parent = node.head
            cost = 1.0
            if node.dep_ in ("ccomp", "parataxis", "xcomp", "conj"):
                match = self.lexicon.wrapper(parent)
                if match is not None and match.entry.wrapper_class is not None:
                    klass = self.lexicon.classes[match.entry.wrapper_class]
                    if klass.reported:
                        cost = 0.0
            if node.dep_ == "conj":
                cost = 0.1  # a coordinated verb is nearly as central as its head
            if "object-act" in event.rules and (
                node.dep_ == "acl" or (node.dep_ == "dobj" and node.i != token.i)
            ):
                cost = 0.0  # "issued a statement calling on X": what the statement says
            depth += cost
            node = parent
        if "nominal" in event.rules:
            depth += 1.5
        if "statement" in event.rules:
            depth += 3.0
        # Between two events of one clause, the one with both sides resolved goes first.
        if not (event.source.resolved and event.target.resolved):
            depth += 0.05
        return (depth, event.anchor)


# ---- module helpers ---------------------------------------------------------------------------


class _MentionIndex:
    """Token → mention lookups for one sentence."""

    def __init__(self, mentions: Sequence[Mention]):
        self._by_token: dict[int, Mention] = {}
        # Shorter spans first, so a nested mention wins its tokens over an enclosing one.
        for m in sorted(mentions, key=lambda m: m.end - m.start):
            for i in range(m.start, m.end):
                self._by_token.setdefault(i, m)
        self._by_head = {m.head: m for m in mentions}
        # Capitals after "in"/"at" are places, not actors ("welcomed Maduro in the Kremlin").
        self._places = {id(m) for m in mentions if "locative:" in m.evidence}
        self.allow_places = False

    def at(self, i: int) -> Mention | None:
        m = self._by_head.get(i) or self._by_token.get(i)
        if m is not None and id(m) in self._places and not self.allow_places:
            return None
        return m

    def named(self, head: Token) -> bool:
        """Whether an unresolved argument is a name or contains one near its head.

        "UNITA", "Two leaders of the Alliance for Change", "Holcomb's office": an actor the
        dictionaries lack, not "the building" or "several hundred families".
        """
        frontier = [head]
        for _ in range(3):
            nxt: list[Token] = []
            for node in frontier:
                if (
                    node.pos_ == "PROPN"
                    and not node.like_num
                    and node.lower_.rstrip(".") not in NON_ACTOR_PROPN
                ):
                    return True
                nxt.extend(
                    c
                    for c in node.children
                    if c.dep_ not in CLAUSE_DEPS
                    and not (c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS)
                )
            frontier = nxt
        return False

    def find(self, head: Token) -> Mention | None:
        """The mention for an argument headed by `head`: itself, else the nearest inside it."""
        direct = self.at(head.i)
        if direct is not None:
            return direct
        frontier = [head]
        late: list[Token] = []
        for _ in range(4):
            nxt: list[Token] = []
            for node in frontier:
                for child in node.children:
                    if child.dep_ in CLAUSE_DEPS:
                        continue
                    if child.dep_ == "prep" and child.lower_ in TEMPORAL_PREPS:
                        continue
                    if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                        late.append(child)
                        continue
                    nxt.append(child)
            hits = [self.at(c.i) for c in sorted(nxt, key=lambda t: t.i)]
            for m in hits:
                if m is not None:
                    return m
            frontier = nxt
            if not frontier:
                break
        for prep in late:
            for node in prep.subtree:
                m = self.at(node.i)
                if m is not None:
                    return m
        return None


def _reciprocal_object(proto: _Proto) -> bool:
    """Whether the event's object phrase marks it as mutual between its coordinated subjects."""
    anchor = proto.doc[proto.anchor]
    objects = [c for c in anchor.children if c.dep_ in ("dobj", "prep")]
    if proto.match is not None and proto.match.object_token is not None:
        objects.append(proto.doc[proto.match.object_token])
    for obj in objects:
        for token in obj.subtree:
            if token.lower_ == "their" and token.dep_ == "poss":
                return True
            if token.lower_ in ("bilateral", "mutual") and token.dep_ == "amod":
                return True
            if token.lower_ == "other" and token.i > 0 and proto.doc[token.i - 1].lower_ == "each":
                return True
            if token.lower_ == "another" and token.i > 0 and proto.doc[token.i - 1].lower_ == "one":
                return True
    return False


def _modal(token: Token, modals: dict[str, str]) -> str | None:
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ in modals:
            return child.lower_
    return None


def _slot(child: Token) -> str | None:
    dep = child.dep_
    if dep == "xcomp":
        return "xcomp"
    if dep in ("ccomp", "parataxis"):
        return "ccomp"
    if dep in ("dobj", "nsubjpass", "attr"):
        return "object"
    if dep == "prep" and child.lower_ in ("for", "to", "on", "of"):
        return "pobj"
    return None


def _temporal(head: Token) -> bool:
    """Whether a noun phrase says when, not who: "Sunday", "1 April", "three months"."""
    low = head.lower_
    return low in TIME_NOUNS or low.rstrip(".") in NON_ACTOR_PROPN


def _in_phrase(token: Token, head: Token) -> bool:
    """Whether `token` is `head`, a conjunct of it, or the object of an "of" below one of
    those ("vehicles and a team of paratroopers"): the noun phrase proper, no clause."""
    node = token
    while node.i != head.i:
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ == "of":
            node = node.head.head
        elif node.dep_ == "conj":
            node = node.head
        else:
            return False
    return True


def _measured(head: Token) -> Token:
    """What a quantity measures: "some of its troops" is troops, "up to 16 advisers" stays."""
    while head.lemma_.lower() in QUANTITY_NOUNS or head.pos_ in ("PRON", "NUM", "DET"):
        pobj = [
            p
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for p in prep.children
            if p.dep_ == "pobj"
        ]
        if not pobj:
            break
        head = pobj[0]
    return head


def _conjuncts(head: Token) -> list[Token]:
    """A noun and its coordinated nouns ("a volunteer and a Japanese citizen")."""
    out = [head]
    for node in out:
        out.extend(c for c in node.children if c.dep_ == "conj")
    return out


def _anchor_token(proto: _Proto) -> Token:
    return proto.doc[proto.anchor]


def _head_noun(proto: _Proto) -> Token | None:
    return None if proto.match is None else proto.doc[proto.match.token]


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _inside_complement(token: Token, verb: Token) -> bool:
    """True when `token` sits in a clausal or prepositional complement of `verb`."""
    node = token
    while node.head.i != node.i:
        if node.head.i == verb.i:
            return node.dep_ in ("ccomp", "xcomp", "prep", "pcomp", "advcl")
        node = node.head
    return False


def _negated(token: Token | None) -> bool:
    if token is None:
        return False
    if any(c.dep_ == "neg" for c in token.children):
        return True
    # "never met", "did not hold talks": negation may sit on the auxiliary of a light verb
    return any(c.lower_ in ("never", "neither", "nor") and c.dep_ in ("neg", "advmod", "preconj")
               for c in token.children)  # fmt: skip


def _determiner_no(noun: Token | None) -> bool:
    return noun is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _conditional(token: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in token.children)


def _future(token: Token, reported: bool) -> bool:
    for child in token.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUX:
            return True
        if reported and child.dep_ == "aux" and child.lower_ in ("would", "'d"):
            return True
    # "is going to meet", "is set to sign"
    if token.dep_ == "xcomp" and token.head.lemma_ in ("go", "set", "due", "schedule"):
        head = token.head
        return any(c.dep_ in ("aux", "auxpass") for c in head.children)
    return False


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ == "acl"
    )


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _dedupe(events: list[CodedEvent]) -> list[CodedEvent]:
    seen: set[tuple[str, str, str, int, int]] = set()
    out: list[CodedEvent] = []
    for e in events:
        key = (e.code, e.source.code, e.target.code, e.source.start, e.target.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out
