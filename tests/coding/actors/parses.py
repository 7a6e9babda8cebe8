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
