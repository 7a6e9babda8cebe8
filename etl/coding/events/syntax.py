"""Parse predicates and word lists shared by the coder's rule modules.

Small questions about one token of the dependency parse (is it negated, passive, conditional,
future, temporal?) that the trigger rules (`coder`) and the argument rules (`arguments`,
`goals`, `expansion`) both ask; kept in one place so the two agree. The names keep their
leading underscore: they are private to the `etl.coding.events` package.
"""

from __future__ import annotations

from spacy.tokens import Token

from etl.coding.event_dates import MONTHS, WEEKDAYS
from etl.coding.events.shapes import _Proto
from etl.coding.lexicon import QUANTITY_NOUNS

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
    """True when `token` sits in a clausal or prepositional complement of `verb`.

    For a noun the content clause is the parse's `acl`: "an allegation that the NPFL had taken
    over the city" claims a capture, it reports none.
    """
    deps = ("ccomp", "xcomp", "prep", "pcomp", "advcl")
    if verb.pos_ in ("NOUN", "PROPN"):
        deps = (*deps, "acl")
    node = token
    while node.head.i != node.i:
        if node.head.i == verb.i:
            return node.dep_ in deps
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
