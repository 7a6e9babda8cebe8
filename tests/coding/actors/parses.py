"""Hand-built parses for the actor tests: a token row per word, exact heads and labels.

No model is loaded: each test states the structure its rule is given, so a failing test shows
which parse the rule saw (spaCy's own tests build `Doc(vocab, words, heads, deps)` the same way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from etl.coding.actors import Mention
from etl.coding.actors.context import Sentence
from etl.coding.actors.matching import SurfaceMatcher, read_sentence


@dataclass(frozen=True)
class Tok:
    """One token of a hand-built parse: word, head index, dependency, POS, tag, entity label."""

    word: str
    head: int
    dep: str
    pos: str
    tag: str = ""
    ent: str = ""


def make_doc(vocab, tokens: list[Tok]) -> Doc:
    words = [t.word for t in tokens]
    ents = [f"B-{t.ent}" if t.ent else "O" for t in tokens]
    return Doc(
        vocab,
        words=words,
        heads=[t.head for t in tokens],
        deps=[t.dep for t in tokens],
        pos=[t.pos for t in tokens],
        tags=[
            t.tag or {"PROPN": "NNP", "NOUN": "NN", "PUNCT": "."}.get(t.pos, "XX") for t in tokens
        ],
        lemmas=[t.word.lower() for t in tokens],
        ents=ents,
    )


def sents_of(*docs: Doc) -> list[Span]:
    return [doc[:] for doc in docs]


def found(mentions: list[Mention], doc: Doc) -> list[tuple[str, str, str]]:
    return [(doc[m.start : m.end].text, m.code, m.resolution) for m in mentions]


def sentence_of(
    matcher: SurfaceMatcher, doc: Doc, index: int = 0, date: dt.date | None = None
) -> Sentence:
    """The working data a resolution step is given for a one-sentence Doc."""
    return read_sentence(doc[:], index, date, matcher.match(doc))


def state_run_airline(vocab) -> Doc:
    """'The US sanctioned Venezuela's state-run airline Fooair.': a possessor, a hyphenated
    modifier and an unknown name in one phrase."""
    return make_doc(
        vocab,
        [
            Tok("The", 1, "det", "DET", "DT"),
            Tok("US", 2, "nsubj", "PROPN"),
            Tok("sanctioned", 2, "ROOT", "VERB", "VBD"),
            Tok("Venezuela", 9, "poss", "PROPN"),
            Tok("'s", 3, "case", "PART", "POS"),
            Tok("state", 7, "npadvmod", "NOUN"),
            Tok("-", 7, "punct", "PUNCT", "HYPH"),
            Tok("run", 9, "amod", "VERB", "VBN"),
            Tok("airline", 9, "compound", "NOUN"),
            Tok("Fooair", 2, "dobj", "PROPN", ent="ORG"),
            Tok(".", 2, "punct", "PUNCT"),
        ],
    )


def china_leader_xi(vocab) -> Doc:
    """'China's leader Xi Jinping spoke': a dictionary person with a country possessor."""
    return make_doc(
        vocab,
        [
            Tok("China", 4, "poss", "PROPN"),
            Tok("'s", 0, "case", "PART", "POS"),
            Tok("leader", 4, "compound", "NOUN"),
            Tok("Xi", 4, "compound", "PROPN"),
            Tok("Jinping", 5, "nsubj", "PROPN"),
            Tok("spoke", 5, "ROOT", "VERB", "VBD"),
        ],
    )


def two_sentences_kremlin(vocab) -> Doc:
    """'Russia spoke. Then the Kremlin replied': two sentences of one Doc (tokens 0-2, 3-6)."""
    return make_doc(
        vocab,
        [
            Tok("Russia", 1, "nsubj", "PROPN"),
            Tok("spoke", 1, "ROOT", "VERB", "VBD"),
            Tok(".", 1, "punct", "PUNCT"),
            Tok("Then", 5, "advmod", "ADV", "RB"),
            Tok("the", 5, "det", "DET", "DT"),
            Tok("Kremlin", 6, "nsubj", "PROPN"),
            Tok("replied", 6, "ROOT", "VERB", "VBD"),
        ],
    )
