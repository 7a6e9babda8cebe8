"""Targets found beyond a verb's own objects and prepositions.

The goal of a moved load ("sent troops to Mali"), the purpose clause of an aid ("gave firearms
to help the Philippine army"), the author of a claim that is the object, the subject of a
that-clause. Each is tried only when the direct arguments (`arguments`) give no actor, and each
names itself in the event's rules (``goal``, ``purpose-target``, ``object-agent``,
``clause-target``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from etl.coding.events.expansion import PhraseArguments, _MentionIndex
from etl.coding.events.shapes import Argument
from etl.coding.events.syntax import (
    GIVING_ROOTS,
    GOAL_PREPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    _in_phrase,
    _measured,
)
from etl.coding.lexicon import LexEntry


class GoalArguments(PhraseArguments):
    """Targets beyond the verb's own objects: the goal of a moved load, a purpose clause,
    the author of an object, the subject of a that-clause."""

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
