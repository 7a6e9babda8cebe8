"""What every resolution step is given: the dictionary and its rules, and one sentence's phrases.

The steps (`names`, `compose`, `coreference`) are plain functions, not methods of one large
class, so each can be read and tested alone; this module holds what they share, made explicit:
`ResolverContext` (the loaded dictionary and rules, fixed for the resolver's life), `Sentence`
(the sentence being resolved: its dictionary matches, its noun phrases, and the mention each
phrase already resolved to), and the two shapes those are made of, `Match` and `NP`. The
article's coreference state (`coreference.ArticleState`) is passed explicitly to the steps that
read or change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from etl.coding.actors.dictionary import ActorDictionary
from etl.coding.actors.entries import Rules, Surface
from etl.coding.actors.mention import Mention


@dataclass(frozen=True)
class ResolverContext:
    """The dictionary and rules every step reads; built once per `ActorResolver`."""

    dictionary: ActorDictionary
    rules: Rules

    @classmethod
    def of(cls, dictionary: ActorDictionary) -> ResolverContext:
        return cls(dictionary, dictionary.rules)

    def country_name(self, code: str) -> str:
        """The country's name for a mention's `name` (the code itself for a region)."""
        entry = self.dictionary.countries.get(code)
        return entry.name if entry else code

    def rank(self, role: str) -> int:
        """A role's priority (`rules.yaml: role_priority`; 0 when unlisted)."""
        return self.rules.role_priority.get(role, 0)


@dataclass
class Match:
    """A dictionary surface found in a Doc; `root` is set once the match is kept."""

    start: int
    end: int
    surface: Surface
    root: int = -1


@dataclass
class NP:
    """A noun phrase: its head, the tokens attached to it, the matches rooted in it."""

    head: int
    tokens: list[int]
    matches: list[Match]
    possessors: list[int] = field(default_factory=list)  # head indices of possessor phrases

    @property
    def start(self) -> int:
        return min([*self.tokens, *(m.start for m in self.matches)])

    @property
    def end(self) -> int:
        return max([*(t + 1 for t in self.tokens), *(m.end for m in self.matches)])


@dataclass
class Sentence:
    """Per-sentence working data shared by the resolution steps."""

    sent: Span
    index: int
    date: dt.date | None
    in_match: dict[int, Match]
    nps: dict[int, NP]
    resolved: dict[int, Mention | None] = field(default_factory=dict)

    @property
    def doc(self) -> Doc:
        return self.sent.doc
