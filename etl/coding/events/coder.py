"""The event coder: one parsed sentence and its resolved mentions → coded events.

Finds trigger candidates (verbs, light verbs, event nouns), composes wrappers around them,
drops negated, conditional and question clauses and re-codes future ones, pairs the sides the
argument finder (`etl.coding.events.arguments`) returns into events, dedupes them and ranks
the main event first. The rules are listed in the package docstring (`etl.coding.events`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from etl.coding.actors import Mention
from etl.coding.dyads import DyadRules, marked_own
from etl.coding.events.arguments import ArgumentFinder
from etl.coding.events.discards import DiscardList
from etl.coding.events.expansion import _MentionIndex
from etl.coding.events.shapes import NO_ARGUMENT, Argument, CodedEvent, _Proto
from etl.coding.events.syntax import (
    LOCATIVE_PREPS,
    STATEMENT_ROOTS,
    _anchor_token,
    _conditional,
    _depth,
    _determiner_no,
    _future,
    _head_noun,
    _inside_complement,
    _modal,
    _negated,
    _reciprocal_object,
    _slot,
)
from etl.coding.lexicon import (
    QUANTITY_NOUNS,
    REPORTED,
    EventLexicon,
    TriggerMatch,
    WrapperClass,
)


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
        self.arguments = ArgumentFinder(self.lexicon, self.dyads)

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
            protos.append(_Proto.of(sent.doc, match, token.i, kind))
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
                protos.append(_Proto.of(sent.doc, match, light.i, "light", trigger=trigger))
            else:
                protos.append(_Proto.of(sent.doc, match, token.i, "nominal"))
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
                            _Proto.of(
                                sent.doc, match, token.i, "verb", code, rules=[f"modal:{modal}"]
                            )
                        )
                        continue
                if not match.entry.is_event:
                    continue
                if klass.plain and any(c.dep_ in ("xcomp", "ccomp") for c in token.children):
                    continue
                kind = "statement" if klass.statement else "verb"
                protos.append(_Proto.of(sent.doc, match, token.i, kind))
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

    # ---- pairing sides into events -----------------------------------------------------------

    def _unlend(
        self, proto: _Proto, sources: list[Argument], targets: list[Argument]
    ) -> tuple[list[Argument], list[Argument], set[int]]:
        """The sides, each role that borrowed its country from the other side alone made a
        role of unknown country (`DyadRules.unlent`), and the ids of the mentions so made.

        "Maduro's government expelled the envoy": the envoy's VEN came from the source only,
        and would make the event Venezuela acting on itself; "Prime Minister Isa Mustafa
        expressed condolences to the Government of Turkey" would make him TURGOV. Asked only
        where the two sides came out as one actor or one code, and not for a target a
        possessive marks as its owner's ("denied that his envoy had helped").
        """
        dyads = self.dyads
        made: set[int] = set()

        def clash(a: Mention, others: list[Argument]) -> bool:
            return any(
                o.mention is not None
                and (o.mention.code == a.code or dyads.same_actor(a, o.mention))
                for o in others
            )

        def unlend(side: list[Argument], others: list[Argument], target: bool) -> list[Argument]:
            by = [o.mention for o in others if o.mention is not None]
            out = []
            for x in side:
                m = x.mention
                if m is not None and clash(m, others):
                    if not (target and marked_own(proto.doc, m)):
                        new = dyads.unlent(m, by, target)
                        if new is not None:
                            x = replace(x, mention=new)
                            made.add(id(new))
                out.append(x)
            return out

        targets = unlend(targets, sources, True)
        return unlend(sources, targets, False), targets, made

    def _dyads(self, proto: _Proto, index: _MentionIndex) -> list[CodedEvent]:
        sources, targets, rules = self.arguments.find(proto, index)
        if not sources:
            sources = [NO_ARGUMENT]
        if not targets:
            targets = [NO_ARGUMENT]
        if "place-target" not in rules:
            sources, targets, unlent = self._unlend(proto, sources, targets)
        else:
            unlent = set()  # the place lent its country where the act happened
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
            same = s.resolved and t.resolved and self.dyads.same_actor(s.mention, t.mention)
            # "the government declared a state of emergency in Aleppo": a state restricting
            # a place of its own is a domestic event, not one on itself.
            same = same and "place-target" not in rules
            # "Opposition groups in Zimbabwe are demanding that President Mugabe ...": a source
            # that is a country only as where its people are is no state acting on itself (a
            # target in the source's own country stays none: "promoting milk in the country").
            same = same and not _located(proto.doc, s)
            if {id(s.mention), id(t.mention)} & unlent:
                extra = (*extra, "unlent")
            if same:
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


def _located(doc, side: Argument) -> bool:
    """Whether a side's actor is a bare country reached from the side's own head, a plural
    noun, through a locative preposition ("Opposition groups in Zimbabwe", "Ethnic Albanians
    in south Serbia": the people are there, the country is not the actor; "the political
    crisis in Venezuela" names no people)."""
    m = side.mention
    if m is None or m.code != m.country or side.start < 0 or not side.start < m.start:
        return False
    node = doc[m.head]
    while side.start <= node.head.i < side.end and node.head.i != node.i:
        if node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS:
            return node.head.head.tag_ in ("NNS", "NNPS")
        node = node.head
    return False
