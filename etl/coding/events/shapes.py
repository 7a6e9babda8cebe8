"""The shapes the coder passes between its steps: an event candidate and what it becomes.

`_Proto` is a trigger with its code before its sides are known; `Argument` is one side, resolved
or not; `CodedEvent` is the finished event of one sentence, before `etl.coding.pool` turns it into
an `etl.records.Event` row. They live apart from the rules so each rule module can name them
without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from etl.coding.actors import Mention
from etl.coding.lexicon import (
    LexEntry,
    TriggerMatch,
    WrapperClass,
)

#: Code written for an unresolved side of an event.
UNRESOLVED = "---"


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

    @classmethod
    def of(
        cls,
        doc: Doc,
        match: TriggerMatch,
        anchor: int,
        kind: str,
        code: str | None = None,
        trigger: list[int] | None = None,
        rules: list[str] | None = None,
    ) -> _Proto:
        """An event of one lexicon match: its entry's code and its own tokens, unless given."""
        return cls(
            doc=doc,
            code=match.entry.code if code is None else code,
            entries=[match.entry],
            trigger=list(match.tokens) if trigger is None else trigger,
            anchor=anchor,
            kind=kind,
            rules=rules or [],
            match=match,
        )

    @property
    def entry(self) -> LexEntry:
        return self.entries[-1]
