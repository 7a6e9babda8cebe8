"""Who did it and to whom: the source and target of an event candidate on the parse.

By the candidate's kind: a verb's subject and object (active, passive, light verbs), an event
noun's possessor, modifier or preposition, a wrapper's subject and addressee, the speaker of a
reported clause, an inherited subject (xcomp, conjoined verbs, participles). The rules that
reach further (goals, purposes, clause subjects) are in `goals`; turning a head into actors is
`expansion`.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from etl.coding.events.expansion import _MentionIndex
from etl.coding.events.goals import GoalArguments
from etl.coding.events.shapes import Argument, _Proto
from etl.coding.events.syntax import (
    GIVING_ROOTS,
    GOAL_PREPS,
    LOCATIVE_PREPS,
    PASSIVE_SUBJECT_DEPS,
    PRONOUN_TAGS,
    RELATIVE_PRONOUNS,
    SCENE_PREPS,
    SUBJECT_DEPS,
    _agent,
    _anchor_token,
    _head_noun,
    _is_passive,
)
from etl.coding.lexicon import (
    LexEntry,
    is_verbal,
)


class ArgumentFinder(GoalArguments):
    """Finds the source and target of an event candidate on the parse, by its kind."""

    def find(
        self, proto: _Proto, index: _MentionIndex
    ) -> tuple[list[Argument], list[Argument], list[str]]:
        """Sources, targets and the argument rules that found them, for one event candidate."""
        return self._arguments(proto, index)

    def _arguments(
        self, proto: _Proto, index: _MentionIndex
    ) -> tuple[list[Argument], list[Argument], list[str]]:
        sources, targets, rules = self._sides(proto, index)
        if not any(t.resolved for t in targets) and any(s.actor_like for s in sources):
            # "imposed a curfew in Algiers": an act restricting a place is aimed at it (an
            # act with no one doing it, a bare "curfew in Algiers", gains no side by it).
            where = self._restricted_place(proto, index)
            if where:
                rules.append("place-target")
                return sources, where, rules
        return sources, targets, rules

    def _restricted_place(self, proto: _Proto, index: _MentionIndex) -> list[Argument]:
        """The place an act that restricts places is in (`DyadRules.place_target_codes`):
        a place mention (a town or province the places step made an actor, or a capital in a
        locative phrase) in a locative phrase of the trigger's noun or of its verb. "A curfew
        in Algiers", "declared a state of emergency in Aleppo", "threatened to institute a
        curfew in Algiers" (the threat's complement restricts the place)."""
        inner = proto.embedded or proto
        codes = {proto.code, inner.code}
        if proto.wrapper is None:
            heads = [proto.doc[i] for i in sorted({proto.anchor, *proto.trigger})]
        else:
            heads = [proto.doc[i] for i in sorted({inner.anchor, *inner.trigger})]
        if proto.embedded is None and proto.wrapper is None:
            # A wrapper's own event ("threatened to institute a curfew"): what its
            # complement's object is, when that object is a restricting act.
            for head in list(heads):
                for child in head.children:
                    if child.dep_ != "xcomp":
                        continue
                    for obj in child.children:
                        match = self.lexicon.noun_match(obj) if obj.dep_ == "dobj" else None
                        if match is not None and match.entry.is_event:
                            codes.add(match.entry.code)
                            heads.append(obj)
        if not any(self.dyads.restricts_place(c) for c in codes):
            return []
        hidden, index.allow_places = index.allow_places, True  # a capital after "in" too
        try:
            for head in heads:
                for prep in head.children:
                    if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS:
                        continue
                    for pobj in prep.children:
                        if pobj.dep_ != "pobj":
                            continue
                        # "in Algiers", "in the town of Soroti"
                        named = [pobj] + [
                            g
                            for c in pobj.children
                            if c.dep_ == "prep" and c.lower_ == "of"
                            for g in c.children
                            if g.dep_ == "pobj"
                        ]
                        for node in named:
                            m = index.at(node.i)
                            if m is None or m.country is None or m.code != m.country:
                                continue
                            if m.resolution == "place" or "locative:" in m.evidence:
                                return [Argument(m, m.start, m.end)]
        finally:
            index.allow_places = hidden
        return []

    def _sides(
        self, proto: _Proto, index: _MentionIndex
    ) -> tuple[list[Argument], list[Argument], list[str]]:
        rules: list[str] = []
        if proto.wrapper is not None and proto.embedded is not None:
            klass = proto.wrapper_class
            wrapper = proto.wrapper
            sources = self._subject_args(wrapper, index, rules)
            inner_sources, inner_targets, _ = self._sides(proto.embedded, index)
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
