"""The span of an event's side: the noun phrase its actor stands in, as a reader would mark it.

The actor's own span ("Iran", "British") is its mention in `actor_mentions`; an event's side
is the phrase the verb takes as its argument ("British forces based in Vitez", "northern
Iran"), which is what hand-coded gold marks and what a reviewer reads in `etl explain`.
"""

from __future__ import annotations

from spacy.tokens import Token

#: Punctuation that closes an argument phrase: what follows a comma or dash is an aside
#: ("Syrian insurgent groups, including Ahrar al-Sham"), not part of the argument.
_PHRASE_BREAKS = frozenset({",", ";", ":", "\u2014", "\u2013", "--"})
#: Right dependents that belong to the phrase: "of"/"from" phrases, names in apposition and
#: parenthesised acronyms ("the Students Islamic Movement of India (SIMI)"). Clauses about the
#: head (relative, participial, infinitival), conjuncts and adverbial nouns ("Monday") do not.
_PHRASE_RIGHT_DEPS = frozenset({"prep", "appos", "compound", "nummod", "amod", "case", "punct"})
_PHRASE_PREPS = frozenset({"of", "from", "for", "in", "at", "on", "near", "based"})


#: Prepositions by which an argument is aimed at the actor inside it ("a dinner for
#: Netanyahu", "a cease-fire with the Taliban", "aid to the Palestinian people"): the actor's
#: own phrase is the side. Through others ("a vehicle in Myanmar's Rakhine State", "an arms
#: depot of the Syrian army") the actor only locates or owns the argument, which is the side.
AIMED_PREPS = frozenset({"for", "with", "to", "toward", "towards", "against", "on", "upon", "into"})


def phrase_head(argument: Token, actor: Token, through: frozenset[str] | None = None) -> Token:
    """The head whose phrase is a side's span: the argument's, or the actor's when the actor
    sits in a prepositional phrase of it ("cyber attacks on Iran": Iran). With `through`, only
    a preposition in it makes the actor's phrase the side."""
    node = actor
    while node.i != argument.i and node.head.i != node.i:
        if node.dep_ == "prep":
            if through is None or node.lower_ in through:
                return actor
            return argument
        node = node.head
    return argument if node.i == argument.i else actor


#: Heads of a phrase that says when ("on June 19", "last month").
_TIME_WORDS = frozenset(
    {"january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday", "day", "week", "month", "year", "time", "morning",
     "evening", "night", "weekend"}
)  # fmt: skip


def _when(token: Token) -> bool:
    return token.lower_ in _TIME_WORDS or token.lemma_.lower() in _TIME_WORDS


def _names_it(child: Token) -> bool:
    """Whether a right dependent after a comma is the name of its head in apposition
    ("the UAE Ambassador to Bahrain, Abdulridha Abdullah Mahmoud Khori")."""
    return child.dep_ == "appos" and child.pos_ == "PROPN"


def argument_phrase(head: Token) -> tuple[int, int]:
    """Token span [start, end) of the noun phrase an argument head stands for.

    The head's left dependents and its right modifiers (prepositional phrases, participles,
    parenthesised acronyms: "the detained leaders from the dissolved CNRP", "British forces
    based in Vitez") belong to it, and so does a name in apposition after a comma ("the
    Palestinian president, Mahmoud Abbas"); coordinated conjuncts are arguments of their own,
    and a relative clause or another aside after a comma is said about the argument.
    """
    doc = head.doc
    sent_start = head.sent.start
    sent_end = head.sent.end
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("cc", "conj", "preconj") or child.text in _PHRASE_BREAKS:
            continue
        start = min(start, child.left_edge.i)
    end = head.i + 1
    rights = list(head.rights)
    named: Token | None = None  # "the Palestinian president, Mahmoud Abbas": the name is in
    for k, child in enumerate(rights):
        if child.text == "," and k + 1 < len(rights) and _names_it(rights[k + 1]):
            named = rights[k + 1]
            end = max(end, named.right_edge.i + 1)
            break
        if child.text in _PHRASE_BREAKS or child.dep_ not in _PHRASE_RIGHT_DEPS:
            break
        if child.dep_ == "prep" and child.lower_ not in _PHRASE_PREPS:
            break
        if child.dep_ == "prep" and any(_when(p) for p in child.children if p.dep_ == "pobj"):
            break  # "militants in South Waziristan on June 19": when, not who
        if child.dep_ == "punct" and child.text not in ("(", ")", "[", "]"):
            break
        end = max(end, child.right_edge.i + 1)
    # An aside inside a kept modifier ends the phrase too ("the base, which ..."), and so does
    # a relative clause ("a unit of China's biggest shipping company that was accused of ...").
    # (The comma before a name in apposition is not such an aside.)
    for i in range(head.i + 1 if named is None else named.i + 1, end):
        if doc[i].text in _PHRASE_BREAKS:
            end = i
            break
        if doc[i].dep_ == "relcl" or (doc[i].dep_ == "npadvmod" and _when(doc[i])):
            end = min(doc[i].left_edge.i, end)  # "... near London last month"
            break
    while end > head.i + 1 and doc[end - 1].is_punct and doc[end - 1].text not in (")", "]"):
        end -= 1
    return max(start, sent_start), min(end, sent_end)
