"""Compositional codes: a country and a role word in one phrase give the two codes joined.

Why it exists: no dictionary can list every minister, general and state firm, but news names
them with their country and role ("Venezuelan Foreign Minister Jorge Arreaza" VENGOV,
"Venezuela's state-run airline Conviasa" VENBUS, "Iraqi troops" IRQMIL). What it decides:

* where the country comes from, in this order: a person or seat of power modifying the role
  word lends its country ("the Maduro government" VENGOV, "Kremlin spokesman" RUSGOV); else a
  country word or capital inside the phrase; else a possessor ("Venezuela's", "his" -> the
  pronoun's person, "its" -> the latest country); else "of/in/from <country>" after the head
  (`postnominal_country`);
* which role wins among several (`names.roles_of`: `rules.yaml: role_priority`, ties to the word
  nearest the head; "former" with a title gives ELI);
* that a named organisation keeps its own code ("UN envoy" IGOUNO), and a person named right
  after the role phrase their dated code ("his Russian counterpart Sergey Lavrov"), the role
  words only adding evidence;
* that a definite description with no name ("the Venezuelan leader") refers back to an earlier
  person or organisation (`coreference.description_antecedent`) before it is coded on its own;
* that a role with no country at all is an actor only when its entry allows it
  (`roles.csv: standalone`: "police" COP, "the minister" but not "their leaders");
* that an unknown proper name with a country and no role is an actor of that country
  (`country_named`: "France's Pernod Ricard" FRA) unless its head word names a date, event, law
  or place (`NON_ACTOR_NAME_HEADS`);
* that a role phrase and the name right after it are one actor even when the parse attaches
  them apart (`adjacent_name`), and that a person or organisation spans its country possessor
  (`absorb_possessors`: "China's leader Xi").
"""

from __future__ import annotations

from dataclasses import replace

from etl.coding.actors.context import NP, ResolverContext, Sentence
from etl.coding.actors.coreference import (
    ArticleState,
    description_antecedent,
    name_coreference,
    possessive_pronoun,
)
from etl.coding.actors.matching import head_match, is_definite, is_name, name_keys, name_text, trim
from etl.coding.actors.mention import Mention
from etl.coding.actors.names import np_country, person_mention, roles_of
from etl.coding.event_dates import MONTHS, WEEKDAYS

#: Head words of proper names that are no actor even with a country ("Russia's Victory Day",
#: "the US Constitution", "China's Yangtze River"): dates, events, laws and places, which NER
#: used to tell apart (DATE, EVENT, LAW, LOC) before the coder stopped running it.
NON_ACTOR_NAME_HEADS = frozenset(
    {*(set(MONTHS) - {"may"}), *WEEKDAYS, "day", "days", "week", "year", "games", "cup", "olympics",
     "championship", "championships", "war", "festival", "prize", "award", "awards", "medal",
     "constitution", "act", "river", "sea", "ocean", "island", "islands", "mountains", "street",
     "road", "route", "province", "state", "city", "county", "district", "monument"}
)  # fmt: skip
#: Surface kinds that name one actor with a fixed code.
NAMED_KINDS = ("person", "org")


def compose(
    ctx: ResolverContext, s: Sentence, np: NP, follower: NP | None, state: ArticleState
) -> Mention | None:
    """Country + role (+ name) from the words of one phrase, its possessor, 'of <country>'."""
    doc = s.doc
    head = doc[np.head]
    start, end, mention_head = np.start, np.end, np.head
    consumes: list[int] = []
    follower_match = None
    if follower is not None:
        follower_match = head_match(follower, s.in_match)
        end = max(end, follower.end)
        consumes.append(follower.head)
        if head.dep_ == "appos" and doc[follower.head].dep_ != "appos":
            mention_head = follower.head
    roles = [m for m in np.matches if m.surface.kind == "role"]
    role, role_ids, titles, _ = roles_of(ctx, roles)
    role_text = " ".join(doc[m.start : m.end].text for m in roles)
    name = name_text(doc, np, s.in_match, ctx.rules, follower)

    # A person or organisation named in the phrase (or right after it) decides the code.
    named = [m for m in np.matches if m.surface.kind in NAMED_KINDS]
    if follower_match is not None and follower_match.surface.kind in NAMED_KINDS:
        named.insert(0, follower_match)
    for m in named:
        whole = m is follower_match
        if m.surface.kind == "person":
            sub = NP(head=m.root, tokens=list(range(m.start, m.end)), matches=[m, *roles])
            b = person_mention(ctx, s, sub, m, state)
            if whole:
                st, en = trim(doc, start, end)
                evidence = b.evidence
                if role_ids:
                    evidence += f"; the phrase says {role_text!r}"
                return replace(
                    b,
                    start=st,
                    end=en,
                    head=mention_head,
                    consumes=tuple(consumes),
                    titles=tuple(dict.fromkeys([*b.titles, *titles])),
                    evidence=evidence,
                )
            if b.country is None or role is None:
                return None  # a person modifying a non-role name: left to modifier mentions
            parts = [f"{doc[m.start : m.end].text} ({b.country})"]
            return finish(
                ctx,
                s,
                np,
                start,
                end,
                mention_head,
                b.country,
                role,
                [b.entry_id, *role_ids],
                parts,
                role_text,
                name,
                titles,
                "compositional",
                consumes,
                state,
            )
        org = ctx.dictionary.orgs[m.surface.entry_id]
        o_country, o_role = ctx.dictionary.split_code(org.code)
        if whole or org.kind in ("igo", "ngo", "group"):
            evidence = f"{doc[m.start : m.end].text!r} is {org.name} {org.code}"
            if role_ids:
                evidence += f" (role words {role_text!r} keep the organisation's code)"
            st, en = trim(doc, start, end)
            return Mention(
                st,
                en,
                mention_head,
                org.code,
                o_country,
                o_role,
                org.name,
                "+".join([org.id, *role_ids]),
                "dictionary",
                evidence,
                entity_key=f"org:{org.id}",
                titles=titles,
                consumes=tuple(consumes),
            )
        # A seat or institution as a modifier ("Kremlin spokesman"): its country and role.
        if o_role is not None and (role is None or ctx.rank(o_role) > ctx.rank(role)):
            role = o_role
        return finish(
            ctx,
            s,
            np,
            start,
            end,
            mention_head,
            o_country,
            role,
            [org.id, *role_ids],
            [f"{doc[m.start : m.end].text} ({org.code})"],
            role_text,
            name,
            titles,
            "metonym",
            consumes,
            state,
        )

    ids: list[str] = []
    parts: list[str] = []
    resolution = "compositional"
    country: str | None = None
    found = np_country(ctx, s, np)
    if found is not None:
        country, cid, text, resolution = found
        ids.append(cid)
        parts.append(text)
    for p in np.possessors:
        owner = s.resolved.get(p)
        if owner is None:
            owner = possessive_pronoun(ctx, s, doc[p], state)
        if owner is None:
            continue
        if country is None and owner.country is not None:
            country = owner.country
            if owner.resolution == "metonym":
                resolution = "metonym"
        elif country is None and owner.code.startswith(("IGO", "NGO")):
            st, en = trim(doc, min(start, s.nps[p].start), end)
            return Mention(
                st,
                en,
                mention_head,
                owner.code,
                None,
                owner.role,
                owner.name,
                "+".join([owner.entry_id, *role_ids]),
                "compositional",
                f"{owner.name} ({owner.code}) + {role_text!r}",
                titles=titles,
                consumes=(*consumes, p),
            )
        else:
            continue
        ids.append(owner.entry_id)
        parts.append(f"{doc[owner.start : owner.end].text} ({owner.country})")
        start = min(start, s.nps[p].start, owner.start)
        consumes.append(p)
    if country is None:
        post = postnominal_country(ctx, s, np)
        if post is not None:
            country, obj_np, cid, text = post
            ids.append(cid)
            parts.append(text)
            end = max(end, obj_np.end)
            consumes.append(obj_np.head)
    if not role_ids:
        # A proper name with only a country: an actor unless it names a date, event or place.
        return country_named(ctx, s, np) if country else name_coreference(ctx, s, np, state)
    return finish(
        ctx,
        s,
        np,
        start,
        end,
        mention_head,
        country,
        role,
        ids + role_ids,
        parts,
        role_text,
        name,
        titles,
        resolution,
        consumes,
        state,
    )


def finish(
    ctx: ResolverContext,
    s: Sentence,
    np: NP,
    start: int,
    end: int,
    head: int,
    country: str | None,
    role: str | None,
    ids: list[str],
    parts: list[str],
    role_text: str,
    name: str,
    titles: tuple[str, ...],
    resolution: str,
    consumes: list[int],
    state: ArticleState,
) -> Mention | None:
    """The mention from what `compose` found: an earlier entity a definite description refers
    to, a role-only actor, or country + role (+ name); None when the phrase is no actor."""
    doc = s.doc
    st, en = trim(doc, start, end)
    if role_text:
        parts = [*parts, f"{role_text!r} ({role})"]
    if name:
        parts = [*parts, f"name {name!r}"]
    evidence = " + ".join(parts)
    entry_id = "+".join(ids)
    role_entries = [ctx.dictionary.roles[i] for i in ids if i in ctx.dictionary.roles]
    # A title says "person"; NER's PERSON label did too, but is wrong on news text as often
    # as right ("Bertelsmann", "Aston Martin") and is no longer computed.
    person = bool(titles)
    if not name and role is not None:
        definite = is_definite(doc, np, ctx.rules)
        plural = doc[np.head].tag_ in ("NNS", "NNPS")
        antecedent = None
        if definite and not plural:
            antecedent = description_antecedent(ctx, s, country, role, titles, person, state)
        if antecedent is not None:
            return Mention(
                st,
                en,
                head,
                antecedent.code,
                antecedent.country,
                antecedent.role,
                antecedent.name,
                f"coref({antecedent.entry_id})+{entry_id}",
                "coreference",
                f"{doc[st:en].text!r} ({evidence}) refers to {antecedent.name} "
                f"({antecedent.code}) earlier in the article",
                person=antecedent.person,
                titles=titles,
                entity_key=antecedent.key,
                consumes=tuple(consumes),
            )
        if country is None:
            standalone = {r.standalone for r in role_entries if r.kind != "modifier"}
            # 'the minister' may act alone; 'their leaders' and 'a regime' do not.
            definite_ok = definite and not (plural and person)
            if not ("yes" in standalone or ("definite" in standalone and definite_ok)):
                return None
            return Mention(
                st,
                en,
                head,
                role,
                None,
                role,
                doc[st:en].text,
                entry_id,
                "compositional",
                f"{evidence}; no country in the phrase: role only",
                consumes=tuple(consumes),
            )
    if country is None and role is None:
        return None
    code = (country or "") + (role or "")
    if name:
        label = name
    elif country and not role:
        label = ctx.country_name(country)
    else:
        label = doc[st:en].text
    return Mention(
        st,
        en,
        head,
        code,
        country,
        role,
        label,
        entry_id,
        resolution,
        evidence,
        person=person,
        titles=titles,
        name_keys=name_keys(name),
        entity_key=f"name:{name.lower()}" if name else None,
        consumes=tuple(consumes),
    )


def postnominal_country(
    ctx: ResolverContext, s: Sentence, np: NP
) -> tuple[str, NP, str, str] | None:
    """'the government of Venezuela', 'protesters in Venezuela'."""
    doc = s.doc
    for prep in doc[np.head].children:
        if prep.dep_ != "prep" or prep.lower_ not in ctx.rules.postnominal_country_prepositions:
            continue
        for obj in prep.children:
            obj_np = s.nps.get(obj.i) if obj.dep_ == "pobj" else None
            m = head_match(obj_np, s.in_match) if obj_np is not None else None
            if m is not None and obj_np is not None and m.surface.kind == "country":
                entry = ctx.dictionary.countries[m.surface.entry_id]
                text = f"{prep.text} {doc[m.start : m.end].text} ({entry.code})"
                return entry.code, obj_np, f"{entry.id}:{m.surface.form}", text
    return None


def country_named(ctx: ResolverContext, s: Sentence, np: NP) -> Mention | None:
    """An unknown proper name with a country modifier and no role ("Tajikistan's Emomali
    Rahmon"): the country only, and only when its head is a proper noun that names no date,
    event, law or place (`NON_ACTOR_NAME_HEADS`). Not a person: no title says so."""
    doc = s.doc
    head = doc[np.head]
    if not is_name(head) or head.lower_.rstrip(".") in NON_ACTOR_NAME_HEADS:
        return None
    found = np_country(ctx, s, np)
    consumes: tuple[int, ...] = ()
    start = np.start
    if found is None:
        for p in np.possessors:
            owner = s.resolved.get(p)
            if owner is not None and owner.country and owner.role is None:
                found = (
                    owner.country,
                    owner.entry_id,
                    f"{owner.name} ({owner.country})",
                    "compositional",
                )
                consumes = (p,)
                start = min(start, s.nps[p].start)
                break
    if found is None:
        return None
    country, cid, text, resolution = found
    name = name_text(doc, np, s.in_match, ctx.rules)
    st, en = trim(doc, start, np.end)
    return Mention(
        st,
        en,
        np.head,
        country,
        country,
        None,
        name or doc[st:en].text,
        cid,
        resolution,
        f"{text} + name {name!r}",
        consumes=consumes,
        entity_key=f"name:{name.lower()}" if name else None,
        name_keys=name_keys(name),
    )


def absorb_possessors(s: Sentence, np: NP, b: Mention) -> Mention:
    """A person or organisation with a country possessor spans it ("China's leader Xi")."""
    if b.consumes or (b.resolution == "coreference" and not b.person):
        return b
    if not (b.person or (b.entity_key and b.entity_key.startswith("org:"))):
        return b
    taken = []
    start = b.start
    for p in np.possessors:
        owner = s.resolved.get(p)
        if (
            owner is not None
            and owner.role is None
            and owner.country is not None
            and (b.country in (None, owner.country))
        ):
            taken.append(p)
            start = min(start, s.nps[p].start, owner.start)
    if taken:
        return replace(b, start=start, consumes=tuple(taken))
    return b


def adjacent_name(s: Sentence, np: NP, later: list[int]) -> NP | None:
    """A name right after a role phrase ("his Russian counterpart Sergey Lavrov", "its
    energy firm Rosneft"): parses often attach the two apart, but they are one actor."""
    hm = head_match(np, s.in_match)
    if hm is None or hm.surface.kind != "role":
        return None
    doc = s.doc
    end = np.end
    for h in later:
        other = s.nps[h]
        if other.start != end:
            continue
        om = head_match(other, s.in_match)
        if om is not None and om.surface.kind in NAMED_KINDS:
            return other
        if om is None and doc[other.head].pos_ == "PROPN" and not other.matches:
            return other
        return None
    return None
