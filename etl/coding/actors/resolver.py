"""`ActorResolver`, the facade: an article's sentences in, each sentence's mentions out.

Why it exists: callers (the worker pool, evaluation, curation) need one object and two calls,
`resolve_article` and `phrase_patterns`; the steps behind it are plain functions in `names`,
`compose` and `coreference`. What it decides is only the order of operations, which the codes
depend on: phrases are resolved left to right, so an earlier phrase can be a later one's
possessor and antecedent; each mention is registered for coreference as soon as it is built;
mentions a later phrase absorbed are dropped; free pronouns come last, when every phrase of the
sentence is known.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span

from etl.coding.actors.compose import (
    absorb_possessors,
    adjacent_name,
    compose,
    country_named,
)
from etl.coding.actors.context import NP, Match, ResolverContext, Sentence
from etl.coding.actors.coreference import (
    ArticleState,
    country_reference,
    name_coreference,
    pronouns,
    register,
)
from etl.coding.actors.dictionary import ActorDictionary
from etl.coding.actors.matching import SurfaceMatcher, head_match, is_name, read_sentence
from etl.coding.actors.mention import Mention
from etl.coding.actors.names import (
    country_mention,
    modifier_mentions,
    org_mention,
    person_mention,
    region_mention,
)


class ActorResolver:
    """Resolves actor mentions sentence by sentence, carrying coreference within an article."""

    def __init__(self, dictionary: ActorDictionary):
        self.dictionary = dictionary
        self.rules = dictionary.rules
        self._ctx = ResolverContext.of(dictionary)
        self._matcher = SurfaceMatcher(dictionary)

    def phrase_patterns(self) -> list[str]:
        """Every lower-cased surface that can start a mention, sorted.

        Dictionary strings, person pronouns and country reference nouns; names introduced in an
        article (a bare "Arreaza" after "Foreign Minister Jorge Arreaza") cannot be listed.
        """
        extra = (
            self.rules.person_pronouns
            | self.rules.first_person_pronouns
            | self.rules.country_reference_nouns
        )
        return sorted(set(self.dictionary.surfaces) | set(extra))

    def resolve_article(
        self, sents: Sequence[Span], article_date: dt.date | None
    ) -> list[list[Mention]]:
        """Mentions per sentence, in order.

        Carries within-article coreference state across sentences.
        """
        state = ArticleState()
        doc_matches: dict[int, list[Match]] = {}
        out: list[list[Mention]] = []
        for index, sent in enumerate(sents):
            doc = sent.doc
            if id(doc) not in doc_matches:
                doc_matches[id(doc)] = self._matcher.match(doc)
            matches = [
                m for m in doc_matches[id(doc)] if m.start >= sent.start and m.end <= sent.end
            ]
            out.append(resolve_sentence(self._ctx, sent, index, matches, article_date, state))
        return out


def resolve_sentence(
    ctx: ResolverContext,
    sent: Span,
    index: int,
    matches: list[Match],
    date: dt.date | None,
    state: ArticleState,
) -> list[Mention]:
    """One sentence's mentions sorted by position, updating the article's `state`."""
    s = read_sentence(sent, index, date, matches)
    heads = sorted(s.nps)
    consumed: set[int] = set()
    built: list[tuple[int, Mention]] = []  # (head of the phrase it came from, mention)
    for pos, h in enumerate(heads):
        if h in consumed:
            continue
        np = s.nps[h]
        follower = adjacent_name(s, np, heads[pos + 1 :])
        result = resolve_np(ctx, s, np, follower, state)
        if result is not None:
            result = absorb_possessors(s, np, result)
            consumed.update(result.consumes)
            register(ctx, s, result, state)
            built.append((h, result))
        s.resolved[h] = result
        for extra in modifier_mentions(ctx, s, np, result, state):
            register(ctx, s, extra, state)
            built.append((h, extra))
    kept = [b for h, b in built if h not in consumed]
    kept.extend(pronouns(ctx, s, kept, state))
    kept.sort(key=lambda b: (b.start, b.end))
    return [cite(ctx.dictionary, b, matches) for b in kept]


_ID_PIECES = re.compile(r"[^+()\s]+")


def entry_locations(dictionary: ActorDictionary, entry_id: str) -> list[str]:
    """`file:line` of every dictionary entry an `entry_id` names ("coref(a)+b", "country:VEN:
    adjective", "person:x:0(out of term)+fallback:role:y"): each piece, then its prefixes."""
    out: list[str] = []
    for piece in _ID_PIECES.findall(entry_id):
        key = piece
        while key:
            at = dictionary.entry_at.get(key)
            if at is not None:
                out.append(at)
                break
            key = key.rpartition(":")[0]
    return out


def cite(dictionary: ActorDictionary, m: Mention, matches: Sequence[Match]) -> Mention:
    """The mention with `entry_at`: the lines of the surfaces matched inside its span (the
    line that wrote that very name, whichever set it came from), else of the entries its id
    names (a pronoun cites its antecedent's entry)."""
    ats = [x.surface.at for x in matches if x.start >= m.start and x.end <= m.end and x.surface.at]
    if not ats:
        ats = entry_locations(dictionary, m.entry_id)
    return replace(m, entry_at="; ".join(dict.fromkeys(ats)))


def resolve_np(
    ctx: ResolverContext, s: Sentence, np: NP, follower: NP | None, state: ArticleState
) -> Mention | None:
    """One phrase's mention, by what its head is: a named entry, a country reference noun
    ("the country"), a role word (compositional), or an unknown proper name."""
    doc = s.doc
    head = doc[np.head]
    hm = head_match(np, s.in_match)
    kind = hm.surface.kind if hm is not None else None
    if kind == "region":
        return region_mention(ctx, s, np, hm)
    if kind == "person":
        return person_mention(ctx, s, np, hm, state)
    if kind == "org":
        return org_mention(ctx, s, np, hm)
    if kind in ("country", "capital"):
        return country_mention(ctx, s, np, hm)
    if (
        kind is None
        and head.lower_ in ctx.rules.country_reference_nouns
        and (head.pos_ == "NOUN" or (not head.pos_ and head.is_lower))
    ):
        return country_reference(ctx, s, np, state)
    if kind == "role":
        return compose(ctx, s, np, follower, state)
    if kind is None and is_name(head):
        if any(m.surface.kind == "role" for m in np.matches) or follower is not None:
            return compose(ctx, s, np, follower, state)
        named = country_named(ctx, s, np)
        if named is not None:
            return named
        return name_coreference(ctx, s, np, state)
    return None
