"""From an argument's head to its actors: the mention index and phrase expansion.

`_MentionIndex` answers "which resolved mention is at (or inside) this token?" for one
sentence; `PhraseArguments._expand` turns an argument head into one side per conjunct, with
the side's span, and `_prep_args` does the same for the objects of named prepositions. Every
argument rule ends here, so this is where a side's span and its named-but-unknown flag are set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from etl.coding.actors import Mention
from etl.coding.dyads import DyadRules
from etl.coding.events.shapes import Argument
from etl.coding.events.syntax import (
    CLAUSE_DEPS,
    LOCATIVE_PREPS,
    NON_ACTOR_PROPN,
    RELATIVE_PRONOUNS,
    TEMPORAL_PREPS,
    _conjuncts,
    _temporal,
)
from etl.coding.lexicon import EventLexicon
from etl.coding.phrases import AIMED_PREPS, argument_phrase, phrase_head


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


class PhraseArguments:
    """The actors of one argument phrase, and of the prepositions and datives under a head.

    The base of the argument finders: every rule that finds a side ends in `_expand`. The
    finder is one object the coder holds (`ArgumentFinder`), built up over three classes so
    each module holds one kind of rule: this one, `goals.GoalArguments`, `arguments`.
    """

    def __init__(self, lexicon: EventLexicon, dyads: DyadRules):
        self.lexicon = lexicon
        self.dyads = dyads

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

    def _dative_args(self, verb: Token, index: _MentionIndex) -> list[Argument]:
        for child in verb.children:
            if child.dep_ in ("dative", "iobj"):
                return self._expand(child, index)
        return []
