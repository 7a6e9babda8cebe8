"""Who the two sides of an event are, beyond what a noun phrase says by itself.

The actor resolver codes a noun phrase from its own words: "the president" is ``GOV``,
"rebels" ``REB``. A bare role reads like a country code in every downstream table and says
nothing about *whose* government it is, which is most of what a dyad is for (12% of sources and
8% of targets on held-out CAMEO-manual sentences were such roles). This module gives such a
role the country its context points to, and says which evidence decided:

1. the sentence, for an organ of a state (government, military, police...): when the
   sentence's domestic actors and places point to one country only ("Rwandan rebels demanded
   the removal of President Habyarimana": RWAGOV; "the president imposed a curfew in Abidjan");
2. the article: its country focus, when one country dominates its actor mentions;
3. otherwise PETRARCH's null country, ``---GOV``, so the code never passes for a country.

It also decides when both sides are one actor: a state acting on itself through one of its
own organs ("Zarif defended Iran's position") has no target, but a rebel group attacking its
own country's army is a domestic dyad and keeps both sides.

The rules are data (``etl/dictionaries/dyads.yaml``); a mention whose country was inferred
keeps its dictionary evidence and gains the reason, and its ``resolution`` becomes ``context``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from etl.cameo import codebook
from etl.errors import EtlError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from etl.coding.actors import Mention

#: `resolution` of a mention whose country came from its context.
CONTEXT_RESOLUTION = "context"


@dataclass(frozen=True)
class DyadRules:
    """The settings of ``dyads.yaml``."""

    state_roles: frozenset[str]
    sent_roles: frozenset[str]
    abroad_roles: frozenset[str]
    place_target_codes: tuple[str, ...]
    transnational_types: frozenset[str]
    null_country: str
    article_min_mentions: int
    article_min_share: float
    version: str

    @classmethod
    def from_package(cls) -> DyadRules:
        ref = resources.files("etl.dictionaries").joinpath("dyads.yaml")
        return cls.from_text(ref.read_text("utf-8"), source="etl/dictionaries/dyads.yaml")

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> DyadRules:
        data = yaml.safe_load(text) or {}
        missing = {"state_roles", "sent_roles", "transnational_types", "null_country"}
        missing |= {"article_min_mentions", "article_min_share", "abroad_roles"}
        missing |= {"place_target_codes"}
        missing -= set(data)
        if missing:
            raise EtlError(f"{source}: missing keys {sorted(missing)}")
        roles = codebook().roles
        unknown = [c for c in data["place_target_codes"] if not codebook().is_valid_event(str(c))]
        if unknown:
            raise EtlError(f"{source}: place_target_codes {unknown} are not CAMEO event codes")
        for key in ("state_roles", "sent_roles", "transnational_types"):
            unknown = [r for r in data[key] if r not in roles]
            if unknown:
                raise EtlError(f"{source}: {key} {unknown} are not CAMEO actor type codes")
        return cls(
            state_roles=frozenset(data["state_roles"]),
            sent_roles=frozenset(data["sent_roles"]),
            abroad_roles=frozenset(f"role:{r}" for r in data["abroad_roles"]),
            place_target_codes=tuple(str(c) for c in data["place_target_codes"]),
            transnational_types=frozenset(data["transnational_types"]),
            null_country=str(data["null_country"]),
            article_min_mentions=int(data["article_min_mentions"]),
            article_min_share=float(data["article_min_share"]),
            version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:10],
        )

    def same_actor(self, a: Mention, b: Mention) -> bool:
        """One actor on both sides: the same mention or code, or a state and its own organ.

        "Gil hailed Venezuela's alliance" (VENGOV, VEN) is the state speaking of itself; the
        Taliban (AFGREBTAL) attacking an Afghan base (AFG), or the government (VENGOV) acting
        on the opposition (VENOPP), are domestic events and are kept. Two people are two
        actors whatever their codes ("Biden sent condolences to Trump", both USAGOV undated),
        and a person coded as a bare country (Biden out of office: USA) is not the state, nor
        a people named by its demonym ("Young Algerians" pressing demands on the government).
        """
        if a is b:
            return True
        if a.person and b.person and _person_key(a) != _person_key(b):
            return False
        if a.code == b.code and (_is_demonym(a) or _is_demonym(b)):
            # A people is not its state, nor another people of one country: "ethnic Albanians
            # in south Serbia" (SRB) against "a ruling Serb minority" (SRB) are two actors.
            return False
        if a.code == b.code:
            # Two roles of unknown country ("the church leader" and "the military government",
            # both ---GOV) are not known to be one actor.
            return not a.code.startswith(self.null_country)
        for x, y in ((a, b), (b, a)):
            if x.country is not None and y.code == x.country and _is_state(y):
                organ = x.code[len(x.country) : len(x.country) + 3]
                if organ in self.state_roles:
                    return True
        return False

    def restricts_place(self, code: str) -> bool:
        """Whether an event of CAMEO `code` restricts the place it is in ("a curfew in
        Algiers"), so that place is its target when nothing else is."""
        return code.startswith(self.place_target_codes)

    def unlent(self, m: Mention, others: Sequence[Mention], target: bool) -> Mention | None:
        """`m` without the country it borrowed from `others`, the other side of its event.

        "Prime Minister Isa Mustafa expressed condolences to the Government of Turkey": the
        sentence rule makes the source TURGOV, the country of its own target, and the event
        Turkey acting on itself; "Maduro's government expelled the envoy" makes the envoy
        VENGOV and loses the target. The event coder asks when both sides came out as one
        actor or one code. A role whose only country evidence is the other side is a role of
        unknown country (``---GOV``): a source always, a target only when it serves abroad
        (`abroad_roles`), since "the government" a leader speaks of is mostly the leader's
        own. A role whose country other words give too is not changed (None), nor a role given
        a country by the article's focus.
        """
        if m.resolution != CONTEXT_RESOLUTION or not m.lent_by or m.country is None:
            return None
        if target and not any(e in self.abroad_roles for e in m.entry_id.split("+")):
            return None
        spans = {i for o in others for i in range(o.start, o.end)}
        if not set(m.lent_by) <= spans:
            return None
        roles = m.code[len(m.country) :]
        names = " and ".join(o.name for o in others)
        return replace(
            m,
            code=self.null_country + roles,
            country=None,
            lent_by=(),
            evidence=f"{m.evidence}; not of {names}'s country: it came from the other side "
            "of the event only, so null country",
        )

    def participant(self, m: Mention, source_countries: set[str | None]) -> bool:
        """Whether an object is a participant of the event rather than a load it moves.

        Troops, police, envoys or peacekeepers (`sent_roles`) of no country or of the
        source's own are what a state sends ("sent troops to Mali"); another country's actor
        ("invited Maduro to Moscow") or people ("deported migrants to Honduras") take part.
        """
        if m.resolution == CONTEXT_RESOLUTION:
            # A role whose country was inferred ("troops" in a sentence about Afghanistan) is
            # a bare role: the inference says whose country the sentence is about, not whose
            # troops these are.
            role = m.role[:3] if m.role else m.code[-3:]
        elif m.country and not m.code.startswith(self.null_country):
            if m.country not in source_countries:
                return True
            role = m.code[len(m.country) : len(m.country) + 3]
            if not role:
                return False  # "its troops": the source's own
        else:
            code = m.code.removeprefix(self.null_country)
            role = code[:3]
        return role not in self.sent_roles


def marked_own(doc: Doc, m: Mention) -> bool:
    """Whether a possessive pronoun or "own" makes a role its owner's ("his Government", "its
    own army"): such a role is the other side's own organ, not one that borrowed a country."""
    head = doc[m.head]
    return any(
        (t.dep_ == "poss" and t.pos_ == "PRON") or t.lower_ == "own"
        for t in (*doc[m.start : m.end], *head.children)
    )


def _is_demonym(m: Mention) -> bool:
    """A people named by a demonym ("Young Algerians"), coded as its country (or as the
    country it lives in: "ethnic Albanians in Serbia")."""
    return m.entry_id.startswith("country:") and m.entry_id.endswith(":demonym")


def _is_state(m: Mention) -> bool:
    """Whether a mention coded as a bare country is the state: not a person (Biden out of
    office is USA) nor a people named by its demonym."""
    return not m.person and not _is_demonym(m)


def _person_key(m: Mention) -> str:
    """Who a person mention is: its article entity, else its name."""
    return m.entity_key or m.name.lower()


def is_bare_role(mention: Mention, rules: DyadRules) -> bool:
    """A code made of role segments only ("GOV", "GOVMIL"), with no country or group."""
    code = mention.code
    if mention.country is not None or not code or len(code) % 3:
        return False
    if code[:3] in rules.transnational_types:
        return False  # "IGOUNO" is complete without a country
    roles = codebook().roles
    return all(code[i : i + 3] in roles for i in range(0, len(code), 3))


@dataclass(frozen=True)
class CountryFocus:
    """The country an article's actor mentions point to, if one dominates."""

    country: str | None
    mentions: int
    total: int

    @classmethod
    def of(cls, per_sentence: Sequence[Sequence[Mention]], rules: DyadRules) -> CountryFocus:
        counts = Counter(m.country for mentions in per_sentence for m in mentions if m.country)
        total = sum(counts.values())
        if not counts:
            return cls(None, 0, 0)
        ranked = counts.most_common()
        top, n = ranked[0]
        tied = len(ranked) > 1 and ranked[1][1] == n
        if tied or n < rules.article_min_mentions or n / total < rules.article_min_share:
            return cls(None, n, total)
        return cls(top, n, total)


def _lends_country(m: Mention) -> bool:
    """Whether a mention tells which country its sentence is about.

    A part of a state or society ("Rwandan rebels", "Nigerian authorities"), its people
    named by a demonym ("Young Algerians blocked roads ... demands from President
    Bouteflika's government") or a place ("a curfew in Abidjan") does; a state named as an
    actor does not, because it is as often the other side of the event ("the president told
    Russia to leave" is no Russian president).
    """
    if not m.country:
        return False
    if _is_demonym(m):
        return True
    return m.code != m.country or "locative:" in m.evidence


#: Dependencies of a country word that modifies a role noun ("US and British activists").
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})


def share_coordinated_roles(
    sent: Span, mentions: Sequence[Mention], rules: DyadRules
) -> list[Mention]:
    """A role modified by coordinated countries is one actor per country.

    "US and British activists" are American activists and British activists (USAOPP and
    GBROPP), "the Russian and US navies" RUSMIL and USAMIL: each country word becomes the
    mention of its country's share of the role, and the role-only mention goes; "the foreign
    ministers of Russia and Venezuela" (RUSGOV composed) give VENGOV too. The event coder
    then finds one side per country (coordinated actors inside an argument), so each gets its
    own event. Only when every coordinated modifier is a country: "Hindu and Muslim gangs" stay.

    Args:
        sent: the parsed sentence.
        mentions: the resolver's mentions of the sentence (token indices in its Doc).
        rules: the dyad settings.
    """
    doc = sent.doc
    by_head = {m.head: m for m in mentions}
    drop: set[int] = set()
    added: list[Mention] = []
    for m in mentions:
        if m.country is not None and m.role is not None and m.code.startswith(m.country):
            # "the foreign ministers of Russia and Venezuela": the composed mention took the
            # first country; a bare country coordinated with a word inside it shares its role.
            for t in doc[m.start : m.end]:
                if t.i == m.head:
                    continue
                for c in t.children:
                    x = by_head.get(c.i)
                    if c.dep_ != "conj" or m.start <= c.i < m.end or x is None:
                        continue
                    if x.country is None or x.code != x.country or id(x) in drop:
                        continue
                    drop.add(id(x))
                    added.append(_shared(x, m, m.code[len(m.country) :], doc[m.head].text, doc))
            continue
        if not is_bare_role(m, rules) or m.end - m.start != 1:
            continue
        head = doc[m.head]
        group = [c for c in head.children if c.dep_ in _MODIFIER_DEPS and c.i < head.i]
        for c in list(group):
            group.extend(t for t in c.subtree if t.dep_ == "conj" and t.i < head.i)
        countries = [by_head.get(t.i) for t in group]
        if len(group) < 2 or any(
            x is None or x.country is None or x.code != x.country or x.end - x.start != 1
            for x in countries
        ):
            continue
        drop.update(id(x) for x in countries)  # type: ignore[arg-type]
        drop.add(id(m))
        for x in countries:
            assert x is not None
            added.append(_shared(x, m, m.code, head.text, doc))
    if not added:
        return list(mentions)
    kept = [m for m in mentions if id(m) not in drop]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))


def _shared(x: Mention, m: Mention, roles: str, head: str, doc: Doc) -> Mention:
    """Country mention `x` given the role segments `roles` of the phrase `m` it shares."""
    assert x.country is not None
    return replace(
        x,
        code=x.country + roles,
        role=m.role,
        name=f"{doc[x.head].text} {head}",
        entry_id=f"{x.entry_id}+{m.entry_id}",
        resolution="compositional",
        evidence=f"{x.evidence}; its role {roles} from '{head}', "
        "which the coordinated countries share",
    )


def infer_countries(
    per_sentence: Sequence[Sequence[Mention]], rules: DyadRules
) -> list[list[Mention]]:
    """The article's mentions, each bare role given a country (or the null country).

    Args:
        per_sentence: the resolver's mentions of each sentence of one article, in order.
        rules: the dyad settings.
    """
    focus = CountryFocus.of(per_sentence, rules)
    out: list[list[Mention]] = []
    for mentions in per_sentence:
        lenders = [m for m in mentions if _lends_country(m)]
        countries = sorted({m.country for m in lenders})
        new: list[Mention] = []
        for m in mentions:
            if not is_bare_role(m, rules):
                new.append(m)
                continue
            # Only an organ of a state ("the president", "police") is taken to belong to the
            # country its sentence names: "rebels kidnapped 16 Russian advisers" are no
            # Russian rebels, but "Rwandan rebels demanded the removal of President X" names
            # Rwanda's president.
            lent_by: tuple[int, ...] = ()
            if len(countries) == 1 and m.code[:3] in rules.state_roles:
                country = countries[0]
                why = f"country {country} from the sentence's other actors"
                lent_by = tuple(x.head for x in lenders)
            elif focus.country is not None:
                country = focus.country
                why = (
                    f"country {country} from the article's focus "
                    f"({focus.mentions} of {focus.total} country mentions)"
                )
            else:
                where = "several countries in the sentence" if countries else "no country"
                new.append(
                    replace(
                        m,
                        code=rules.null_country + m.code,
                        evidence=f"{m.evidence}; null country: {where}, no article focus",
                    )
                )
                continue
            new.append(
                replace(
                    m,
                    code=country + m.code,
                    country=country,
                    resolution=CONTEXT_RESOLUTION,
                    evidence=f"{m.evidence}; {why}",
                    lent_by=lent_by,
                )
            )
        out.append(new)
    return out
