"""`Mention`, the one shape of a resolved actor mention, and its `actor_mentions` rows.

One class serves the resolution steps, the event coder (`etl.coding.events`) and their tests, so
what the coder reads is exactly what the resolver built. The first ten fields are what a mention
says (and what `mention_records` writes); the rest are what the resolver remembers about it
while it reads the article (for coreference, and which phrases it absorbed), with defaults, so a
mention built by hand (a test, another resolver) needs only the ten. Mentions are frozen: a step
that widens a span builds a new one (`dataclasses.replace`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from etl.records import ActorMention

#: How a mention was resolved (`Mention.resolution`; the package docstring says what each means).
RESOLUTIONS = ("dictionary", "compositional", "coreference", "metonym", "place")


@dataclass(frozen=True)
class Mention:
    """One resolved actor mention (token indices are indices in the sentence's Doc).

    Attributes:
        person: the mention names a person (a title or a dictionary person says so), so later
            pronouns and descriptions may refer to it.
        titles: the person's title keys (`roles.csv: title`), which "the FM" corefers on.
        entity_key: the article entity the mention introduces or refers to ("person:trump",
            "org:igo:un", "name:conviasa"); None when later mentions cannot refer back to it.
        name_keys: lower-cased name strings a later bare name may use ("jorge perez", "perez").
        consumes: head tokens of the phrases this mention absorbed (a possessor, a following
            name, "of <country>"), whose own mentions are dropped.
        lent_by: head tokens of the mentions whose country a bare role took from its sentence
            (`etl.coding.dyads.infer_countries`), so the event coder can tell a role that is
            the other side's own from one that only borrowed the other side's country.
    """

    start: int
    end: int
    head: int
    code: str
    country: str | None
    role: str | None
    name: str
    entry_id: str
    resolution: str
    evidence: str
    person: bool = False
    titles: tuple[str, ...] = ()
    entity_key: str | None = None
    name_keys: tuple[str, ...] = ()
    consumes: tuple[int, ...] = ()
    entry_at: str = ""  # `file:line` of the dictionary lines that fired, '; '-joined
    lent_by: tuple[int, ...] = ()


def mention_records(
    mentions: Sequence[Mention], sent: Span, article_id: str, sentence_id: str
) -> list[ActorMention]:
    """`actor_mentions` rows for one sentence's mentions (char offsets relative to the sentence)."""
    doc = sent.doc
    base = sent.start_char
    out = []
    for m in mentions:
        span = doc[m.start : m.end]
        start, end = span.start_char - base, span.end_char - base
        out.append(
            ActorMention(
                mention_id=f"{sentence_id}:{start}-{end}",
                article_id=article_id,
                sentence_id=sentence_id,
                start=start,
                end=end,
                text=span.text,
                code=m.code,
                country=m.country,
                role=m.role,
                name=m.name,
                entry_id=m.entry_id,
                entry_at=m.entry_at,
                resolution=m.resolution,
                evidence=m.evidence,
            )
        )
    return out
