"""Phrases headed by a dictionary name: people by their dated terms, organisations, countries,
capitals and seats of power (metonyms), and regions.

Why it exists: most actors are named, and a named actor's code comes from its entry, not from
the words around it; this module turns a matched entry into a mention and says why in its
evidence. What it decides:

* a person's code is the term valid on the article date (`term_for`; an event's people are
  re-coded for the event's own date when the text dates it, `on_event_date`); outside every
  term, what the article already said about them, else the phrase's own role words ("former
  Venezuelan president Hugo Chávez" VENELI), else the country of the nearest term
  (`nearest_term`: Trump in 2022 is USA); with an unknown date the open-ended (else latest)
  term, unless the article already said otherwise;
* a capital or seat of power is a `metonym` for its state ("Caracas' bid" VEN, "the Kremlin"
  RUSGOV), with ``locative: object of 'in'`` in its evidence when it is the object of a locative
  preposition, so the coder can drop it as a place;
* a region is an actor only as a noun ("Europe" EUR), never as an adjective;
* countries, organisations and people inside a phrase that did not use them are mentions of
  their own (`modifier_mentions`: "Russian support" RUS);
* what the role and country words inside a phrase say (`roles_of`, `np_country`), which the
  compositional step (`compose`) reads as well.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from etl.coding.actors.context import NP, Match, ResolverContext, Sentence
from etl.coding.actors.coreference import ArticleState
from etl.coding.actors.entries import PersonEntry, PersonTerm
from etl.coding.actors.matching import name_keys, trim
from etl.coding.actors.mention import Mention

if TYPE_CHECKING:
    from etl.coding.actors.dictionary import ActorDictionary


def person_mention(
    ctx: ResolverContext, s: Sentence, np: NP, m: Match, state: ArticleState
) -> Mention:
    """A dictionary person: the term valid on the date, else an earlier mention, else a
    fallback from the phrase's own words or the country of the nearest term."""
    doc = s.doc
    person = ctx.dictionary.people[m.surface.entry_id]
    roles = [x for x in np.matches if x.surface.kind == "role"]
    role_code, role_ids, titles, former = roles_of(ctx, roles)
    start, end = trim(doc, np.start, np.end)
    surface = doc[m.start : m.end].text
    keys = name_keys(surface)
    term, why = term_for(person, s.date)
    entity = state.entities.get(f"person:{person.key}")
    if s.date is None and entity is not None and term is not None and entity.entry_id != term.id:
        term = None  # unknown date: what this article already said about the person wins
    if term is not None and not (former and s.date is None):
        country, role = ctx.dictionary.split_code(term.code)
        return Mention(
            start,
            end,
            np.head,
            term.code,
            country,
            role,
            person.name,
            term.id,
            "dictionary",
            f"{surface!r} is {person.name}: {term.code} {why}",
            person=True,
            titles=titles,
            entity_key=f"person:{person.key}",
            name_keys=keys,
        )
    if entity is not None and not role_ids:
        return Mention(
            start,
            end,
            np.head,
            entity.code,
            entity.country,
            entity.role,
            entity.name,
            f"coref({entity.entry_id})",
            "coreference",
            f"{surface!r}: {person.name} has no term valid on "
            f"{s.date or 'an unknown date'}; same person as earlier in the "
            f"article ({entity.code})",
            person=True,
            titles=titles,
            entity_key=entity.key,
            name_keys=keys,
        )
    nearest = nearest_term(person, s.date)
    context = np_country(ctx, s, np)
    term_country, term_role = ctx.dictionary.split_code(nearest.code)
    country = context[0] if context else term_country
    if country is None:  # an IGO official out of office keeps the organisation's code
        code, role = nearest.code, term_role
    elif role_code is not None:
        code, role = country + role_code, role_code
    else:
        code, role = country, None
    basis = (
        f"the phrase's role words ({'+'.join(role_ids)})"
        if role_ids
        else ("the country of the nearest term")
    )
    entry = f"{nearest.id}(out of term)+fallback:" + ("+".join(role_ids) or "country")
    return Mention(
        start,
        end,
        np.head,
        code,
        country,
        role,
        person.name,
        entry,
        "compositional",
        f"{surface!r} is {person.name}, with no term valid on "
        f"{s.date or 'an unknown date'}; coded {code} from {basis}",
        person=True,
        titles=titles,
        entity_key=f"person:{person.key}",
        name_keys=keys,
    )


def org_mention(ctx: ResolverContext, s: Sentence, np: NP, m: Match) -> Mention:
    """An organisation, group, institution or seat of power with its fixed code."""
    doc = s.doc
    org = ctx.dictionary.orgs[m.surface.entry_id]
    country, role = ctx.dictionary.split_code(org.code)
    start, end = trim(doc, np.start, np.end)
    surface = doc[m.start : m.end].text
    resolution = "metonym" if org.kind in ("seat", "region") else "dictionary"
    evidence = f"{surface!r} is {org.name} ({org.kind}) {org.code}"
    if org.kind == "seat":
        evidence += locative(ctx, doc, m.root)
    return Mention(
        start,
        end,
        np.head,
        org.code,
        country,
        role,
        org.name,
        org.id,
        resolution,
        evidence,
        entity_key=f"org:{org.id}",
    )


def country_mention(ctx: ResolverContext, s: Sentence, np: NP, m: Match) -> Mention:
    """A country by name, adjective or demonym, or by its capital (a metonym)."""
    doc = s.doc
    entry = ctx.dictionary.countries[m.surface.entry_id]
    start, end = trim(doc, np.start, np.end)
    surface = doc[m.start : m.end].text
    if m.surface.kind == "capital":
        return Mention(
            start,
            end,
            np.head,
            entry.code,
            entry.code,
            None,
            entry.name,
            f"{entry.id}:capital",
            "metonym",
            f"{surface!r} is the capital of {entry.name}" + locative(ctx, doc, m.root),
        )
    return Mention(
        start,
        end,
        np.head,
        entry.code,
        entry.code,
        None,
        entry.name,
        f"{entry.id}:{m.surface.form}",
        "dictionary",
        f"{surface!r} ({m.surface.form}) is {entry.name}",
    )


def region_mention(ctx: ResolverContext, s: Sentence, np: NP, m: Match) -> Mention | None:
    """A region named as a noun ("Europe", "the Middle East"); its adjectives are not actors."""
    if m.surface.form != "name":
        return None
    doc = s.doc
    region = ctx.dictionary.regions[m.surface.entry_id]
    start, end = trim(doc, np.start, np.end)
    return Mention(
        start,
        end,
        np.head,
        region.code,
        region.code,
        None,
        region.name,
        region.id,
        "dictionary",
        f"{doc[m.start : m.end].text!r} is the region {region.name}",
    )


def locative(ctx: ResolverContext, doc: Doc, root: int) -> str:
    """The evidence suffix that marks a place named as the object of "in", "at", ..."""
    token = doc[root]
    if token.dep_ == "pobj" and token.head.lower_ in ctx.rules.locative_prepositions:
        return f"; locative: object of {token.head.lower_!r}"
    return ""


def modifier_mentions(
    ctx: ResolverContext, s: Sentence, np: NP, result: Mention | None, state: ArticleState
) -> list[Mention]:
    """Countries, organisations and people inside a phrase that did not use them: each is a
    mention of its own ("Russian support", "U.S. sanctions", "the Lima Group members")."""
    doc = s.doc
    out: list[Mention] = []
    for m in np.matches:
        kind = m.surface.kind
        if kind not in ("country", "capital", "person", "org"):
            continue
        if result is not None:
            same_country = kind in ("country", "capital") and m.surface.entry_id == result.country
            if kind not in ("country", "capital") or same_country or result.country is None:
                continue
            if (
                np_country(ctx, s, np) is not None
                and np_country(ctx, s, np)[0] == m.surface.entry_id
            ):
                continue
        sub = NP(head=m.root, tokens=list(range(m.start, m.end)), matches=[m])
        if kind == "person":
            b = person_mention(ctx, s, sub, m, state)
        elif kind == "org":
            b = org_mention(ctx, s, sub, m)
        else:
            b = country_mention(ctx, s, sub, m)
        start, end = trim(doc, m.start, m.end)
        out.append(replace(b, start=start, end=end, head=m.root))
    return out


def roles_of(
    ctx: ResolverContext, roles: list[Match]
) -> tuple[str | None, list[str], tuple[str, ...], bool]:
    """Role by priority (ties: nearest the head), role entry ids, person titles, 'former'."""
    best: tuple[int, int] | None = None
    role: str | None = None
    ids: list[str] = []
    titles: list[str] = []
    former = False
    for order, m in enumerate(roles):
        entry = ctx.dictionary.roles[m.surface.entry_id]
        ids.append(entry.id)
        if entry.kind == "modifier":
            former = True
            continue
        if entry.kind == "person":
            titles.append(entry.title)
        rank = (ctx.rank(entry.role), order)
        if best is None or rank > best:
            best, role = rank, entry.role
    if former and titles:
        role = "ELI"
    return role, ids, tuple(titles), former


def np_country(ctx: ResolverContext, s: Sentence, np: NP) -> tuple[str, str, str, str] | None:
    """(country, entry id, evidence, resolution) from country words inside the phrase."""
    doc = s.doc
    for m in reversed(np.matches):  # the one nearest the head
        if m.surface.kind in ("country", "capital"):
            entry = ctx.dictionary.countries[m.surface.entry_id]
            form = "capital" if m.surface.kind == "capital" else m.surface.form
            resolution = "metonym" if form == "capital" else "compositional"
            return (
                entry.code,
                f"{entry.id}:{form}",
                f"{doc[m.start : m.end].text} ({entry.code})",
                resolution,
            )
    return None


def term_for(person: PersonEntry, date: dt.date | None) -> tuple[PersonTerm | None, str]:
    """The person's term valid on `date` (the latest open one when the date is unknown)."""
    if date is None:
        open_terms = [t for t in person.terms if t.valid_to is None]
        term = open_terms[-1] if open_terms else person.terms[-1]
        return term, f"(article date unknown: latest term, from {term.valid_from})"
    valid = [
        t
        for t in person.terms
        if t.valid_from <= date and (t.valid_to is None or date < t.valid_to)
    ]
    if not valid:
        return None, ""
    term = valid[-1]
    until = f"to {term.valid_to}" if term.valid_to else "open-ended"
    return term, f"(term from {term.valid_from}, {until})"


def on_event_date(dictionary: ActorDictionary, m: Mention, date: dt.date) -> Mention:
    """A person's mention re-coded for the date of the event it takes part in.

    The resolver codes a person for the article's date, but an event the article recalls
    happened on its own date: a killing on 2 January by a minister whose term ended on
    3 January is a minister's act, though the article of 10 January finds them out of office.
    When a term of the person is valid on the event's date and gives another code, that code
    wins, and the evidence says so; otherwise the mention is unchanged.
    """
    key = m.entity_key
    if not m.person or not key or not key.startswith("person:"):
        return m
    person = dictionary.people.get(key.removeprefix("person:"))
    if person is None:
        return m
    term, why = term_for(person, date)
    if term is None or term.code == m.code:
        return m
    country, role = dictionary.split_code(term.code)
    return replace(
        m,
        code=term.code,
        country=country,
        role=role,
        entry_id=term.id if m.resolution == "dictionary" else f"coref({term.id})",
        evidence=f"{m.evidence}; on the event date {date}: {term.code} {why}",
    )


def nearest_term(person: PersonEntry, date: dt.date | None) -> PersonTerm:
    """The term closest to `date` in days (the latest when the date is unknown)."""
    if date is None:
        return person.terms[-1]

    def distance(t: PersonTerm) -> int:
        if date < t.valid_from:
            return (t.valid_from - date).days
        return (date - (t.valid_to or date)).days

    return min(person.terms, key=distance)
