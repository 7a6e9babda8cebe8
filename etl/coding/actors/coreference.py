"""Coreference within one article: later mentions take the code established earlier.

Why it exists: news names an actor once in full ("Venezuelan Foreign Minister Jorge Arreaza")
and then as "Arreaza", "the FM", "he", "his country" or "I" inside a quote; without these steps
most of an article's events would have an uncoded side. What it decides, and how cautiously:

* `register` records what each mention established (`ArticleState`): the entity it introduced or
  refers to, its name keys, and where each country and person was mentioned. A later
  non-coreference mention of the same entity updates its code (a term that starts mid-article).
* `name_coreference`: a bare name or "Mr X" takes the entity introduced under that name (full
  name first, then the surname).
* `description_antecedent`: "the FM" takes the latest person with that title; "the Venezuelan
  leader" the latest person of that country and role; "the company" the latest named
  organisation of that role; all within `rules.yaml: description_window` sentences.
* `country_reference`: "the country", "the South American nation" take the latest country that
  fits the region words; "his country" the country of the pronoun's person.
* `pronoun_antecedent`: he/she/his/her/him only when one person is in view, or else the latest
  person subject, in the nearest sentence with candidates (`pronoun_window`); otherwise nothing,
  never a guess. `possessive_pronoun` adds "its" (the latest country in the sentence).
* `pronouns` turns the sentence's free pronouns into mentions, including "I"/"my" inside a quote
  whose speaker the same sentence names (`quote_speaker`: "'I thank Russia,' Maduro said").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from etl.coding.actors.context import NP, ResolverContext, Sentence
from etl.coding.actors.matching import is_definite, is_name, trim
from etl.coding.actors.mention import Mention

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


@dataclass
class Entity:
    """Something the article has introduced, for coreference."""

    key: str
    code: str
    country: str | None
    role: str | None
    name: str
    entry_id: str
    person: bool
    titles: set[str] = field(default_factory=set)
    gender: str | None = None  # "m"/"f" when the text tells it (`rules.yaml: gender_words`)


@dataclass
class PersonMention:
    """Where a person was mentioned, and whether as a subject (pronouns prefer subjects)."""

    sent: int
    token: int
    entity: Entity
    subject: bool


@dataclass
class ArticleState:
    """Within-article coreference state carried across sentences."""

    entities: dict[str, Entity] = field(default_factory=dict)
    names: dict[str, Entity] = field(default_factory=dict)
    persons: list[PersonMention] = field(default_factory=list)
    countries: list[tuple[int, int, str]] = field(default_factory=list)  # (sentence, token, code)
    orgs: list[tuple[int, Entity]] = field(default_factory=list)  # (sentence, entity)


def register(ctx: ResolverContext, s: Sentence, b: Mention, state: ArticleState) -> None:
    """Remember what a mention established, for the mentions after it."""
    if b.country is not None and b.country in ctx.dictionary.countries:
        state.countries.append((s.index, b.head, b.country))
    if b.entity_key is None:
        return
    entity = state.entities.get(b.entity_key)
    if entity is None:
        entity = Entity(b.entity_key, b.code, b.country, b.role, b.name, b.entry_id, b.person)
        state.entities[b.entity_key] = entity
    elif b.resolution != "coreference":
        entity.code, entity.country, entity.role = b.code, b.country, b.role
        entity.entry_id = b.entry_id
    entity.titles.update(b.titles)
    for key in b.name_keys:
        state.names.setdefault(key, entity)
    if entity.person or b.person:
        entity.person = True
        if entity.gender is None:
            entity.gender = _gender_of(ctx, s, b)
        subject = s.doc[b.head].dep_ in SUBJECT_DEPS
        state.persons.append(PersonMention(s.index, b.head, entity, subject))
    else:
        state.orgs.append((s.index, entity))


def _gender_of(ctx: ResolverContext, s: Sentence, b: Mention) -> str | None:
    """The gender a person mention's own words tell ("Mrs Pelosi", "Queen Elizabeth",
    "spokeswoman Jen Psaki"), from the word before it through its last word."""
    words = ctx.rules.gender_words
    if not words:
        return None
    doc = s.doc
    for i in range(max(b.start - 1, s.sent.start), b.end):
        gender = words.get(doc[i].lower_)
        if gender is not None:
            return gender
    return None


def _in_quote(s: Sentence, token: Token) -> bool:
    """Whether a token sits inside quotation marks opened in its sentence."""
    marks = sum(1 for t in s.sent if t.i < token.i and t.text in QUOTE_MARKS)
    return marks % 2 == 1


def name_coreference(
    ctx: ResolverContext, s: Sentence, np: NP, state: ArticleState
) -> Mention | None:
    """A bare name ('Arreaza', 'Mr Gil') introduced earlier in the article with a code."""
    doc = s.doc
    words = [
        i
        for i in sorted(np.tokens)
        if is_name(doc[i]) and doc[i].lower_ not in ctx.rules.honorifics
    ]
    if not words:
        return None
    full = " ".join(doc[i].lower_ for i in words)
    entity = state.names.get(full) or state.names.get(doc[words[-1]].lower_)
    if entity is None:
        return None
    st, en = trim(doc, np.start, np.end)
    return Mention(
        st,
        en,
        np.head,
        entity.code,
        entity.country,
        entity.role,
        entity.name,
        f"coref({entity.entry_id})",
        "coreference",
        f"{doc[st:en].text!r} names {entity.name} ({entity.code}) introduced earlier",
        person=entity.person,
        entity_key=entity.key,
    )


def description_antecedent(
    ctx: ResolverContext,
    s: Sentence,
    country: str | None,
    role: str,
    titles: tuple[str, ...],
    person: bool,
    state: ArticleState,
) -> Entity | None:
    """The entity a definite description ('the FM', 'the Venezuelan leader') refers to."""
    window = ctx.rules.description_window
    if person:
        for pm in reversed(state.persons):
            if s.index - pm.sent > window:
                break
            ent = pm.entity
            if country is not None:
                if ent.country == country and ent.role == role:
                    return ent
            elif set(titles) & ent.titles:
                return ent
        return None
    if country is None:
        for s_idx, ent in reversed(state.orgs):
            if s.index - s_idx > window:
                break
            if ent.role == role and ent.key.startswith("name:"):
                return ent
    return None


def country_reference(
    ctx: ResolverContext, s: Sentence, np: NP, state: ArticleState
) -> Mention | None:
    """'the country', 'his country', 'the South American nation' -> an earlier country."""
    doc = s.doc
    if doc[np.head].tag_ in ("NNS", "NNPS"):
        return None
    regions = {
        ctx.dictionary.regions[m.surface.entry_id].code
        for m in np.matches
        if m.surface.kind == "region"
    }
    start, end = trim(doc, np.start, np.end)
    for p in np.possessors:
        token = doc[p]
        if token.lower_ not in ctx.rules.person_pronouns:
            continue
        entity, why = pronoun_antecedent(ctx, s, token, state)
        if entity is None or entity.country is None:
            return None
        code = entity.country
        start = min(start, p)
        return Mention(
            start,
            end,
            np.head,
            code,
            code,
            None,
            ctx.country_name(code),
            f"rule:country-reference+coref({entity.entry_id})",
            "coreference",
            f"{doc[start:end].text!r}: the country of {entity.name} ({why})",
            consumes=(p,),
        )
    if not is_definite(doc, np, ctx.rules, numbers=False):  # not "one country"
        return None
    for s_idx, t_idx, code in reversed(state.countries):
        if s_idx == s.index and t_idx >= np.start:
            continue
        if s.index - s_idx > ctx.rules.description_window:
            break
        if regions and not regions & set(ctx.dictionary.country_regions(code)):
            continue
        where = f" in region {'/'.join(sorted(regions))}" if regions else ""
        return Mention(
            start,
            end,
            np.head,
            code,
            code,
            None,
            ctx.country_name(code),
            "rule:country-reference",
            "coreference",
            f"{doc[start:end].text!r} refers to the latest country{where}: {code}",
        )
    return None


def possessive_pronoun(
    ctx: ResolverContext, s: Sentence, token: Token, state: ArticleState
) -> Mention | None:
    """The owner behind 'his'/'her' (a person) or 'its' (the latest country in the sentence)."""
    if token.lower_ in ctx.rules.person_pronouns:
        entity, why = pronoun_antecedent(ctx, s, token, state)
        if entity is None:
            return None
        return Mention(
            token.i,
            token.i + 1,
            token.i,
            entity.code,
            entity.country,
            entity.role,
            entity.name,
            f"coref({entity.entry_id})",
            "coreference",
            why,
        )
    if token.lower_ == "its":
        for s_idx, t_idx, code in reversed(state.countries):
            if s_idx == s.index and t_idx < token.i:
                return Mention(
                    token.i,
                    token.i + 1,
                    token.i,
                    code,
                    code,
                    None,
                    ctx.country_name(code),
                    "rule:its",
                    "coreference",
                    f"'its' -> the latest country in the sentence ({code})",
                )
    return None


def pronoun_antecedent(
    ctx: ResolverContext,
    s: Sentence,
    token: Token,
    state: ArticleState,
    speaker: str | None = None,
) -> tuple[Entity | None, str]:
    """The person a third-person pronoun stands for, when that is unambiguous.

    Looks at persons earlier in the same sentence, then back up to `pronoun_window`
    sentences; in the nearest sentence with candidates, one entity wins outright, else the
    latest one that was a subject, else nothing. A person known to be of the other gender is
    no candidate ("his" is not Nancy Pelosi once she is "Mrs Pelosi" or "she"), nor is the
    speaker of the quote the pronoun stands in (`speaker`: the speaker says "I", not "he").
    A pronoun that finds one person of unknown gender tells that person's gender.
    """
    gender = ctx.rules.pronoun_gender.get(token.lower_)

    def fits(pm: PersonMention) -> bool:
        if speaker is not None and pm.entity.key == speaker:
            return False
        return gender is None or pm.entity.gender in (None, gender)

    oldest = s.index - ctx.rules.pronoun_window
    recent: list[PersonMention] = []
    for pm in reversed(state.persons):
        if pm.sent < oldest:
            break
        recent.append(pm)
    recent.reverse()
    for back in range(ctx.rules.pronoun_window + 1):
        s_idx = s.index - back
        if s_idx < 0:
            break
        cands = [
            pm
            for pm in recent
            if pm.sent == s_idx and (back > 0 or pm.token < token.i) and fits(pm)
        ]
        if not cands:
            continue
        if len({pm.entity.key for pm in cands}) == 1:
            ent = cands[-1].entity
            if ent.gender is None and gender is not None:
                ent.gender = gender
            return ent, f"{token.text!r} -> {ent.name}, the only person in view"
        subjects = [pm for pm in cands if pm.subject]
        if subjects:
            ent = subjects[-1].entity
            return ent, f"{token.text!r} -> {ent.name}, the latest person subject"
        return None, "ambiguous"
    return None, "no antecedent"


def pronouns(
    ctx: ResolverContext, s: Sentence, built: list[Mention], state: ArticleState
) -> list[Mention]:
    """Mentions for the pronouns no phrase covered: he/she/... by antecedent, I/my by speaker."""
    rules = ctx.rules
    covered: set[int] = set()
    for b in built:
        covered.update(range(b.start, b.end))
    speaker: tuple[int, Entity] | None = None
    tokens = list(s.sent)  # walked twice: one Token object per word, not two
    first_person = any(t.lower_ in rules.first_person_pronouns for t in tokens)
    if first_person:
        speaker = quote_speaker(ctx, s, built, state)
    quoted = None
    if any(t.text in QUOTE_MARKS for t in tokens):
        quoted = speaker or quote_speaker(ctx, s, built, state)
    out: list[Mention] = []
    for token in tokens:
        if token.i in covered or token.pos_ not in ("PRON", "DET", ""):
            continue
        low = token.lower_
        if low in rules.person_pronouns:
            # '"He must go," Trump said': inside a quote, "he" is not its speaker.
            inside = quoted is not None and _in_quote(s, token)
            entity, why = pronoun_antecedent(
                ctx, s, token, state, quoted[1].key if inside and quoted else None
            )
            if entity is None:
                continue
            out.append(
                Mention(
                    token.i,
                    token.i + 1,
                    token.i,
                    entity.code,
                    entity.country,
                    entity.role,
                    entity.name,
                    f"rule:pronoun+coref({entity.entry_id})",
                    "coreference",
                    why,
                    person=True,
                    entity_key=entity.key,
                )
            )
            state.persons.append(
                PersonMention(s.index, token.i, entity, token.dep_ in SUBJECT_DEPS)
            )
        elif low in rules.first_person_pronouns and speaker is not None:
            verb, entity = speaker
            out.append(
                Mention(
                    token.i,
                    token.i + 1,
                    token.i,
                    entity.code,
                    entity.country,
                    entity.role,
                    entity.name,
                    f"rule:quote-speaker+coref({entity.entry_id})",
                    "coreference",
                    f"{token.text!r} in words attributed to {entity.name} ({s.doc[verb].text!r})",
                    person=True,
                    entity_key=entity.key,
                )
            )
    return out


def quote_speaker(
    ctx: ResolverContext, s: Sentence, built: list[Mention], state: ArticleState
) -> tuple[int, Entity] | None:
    """The person subject of a reporting verb in the sentence ('..., Maduro said')."""
    persons = {b.head: b for b in built if b.person and b.entity_key}
    for token in s.sent:
        lemma = (token.lemma_ or token.lower_).lower()
        if lemma not in ctx.rules.speech_verbs:
            continue
        for child in token.children:
            b = persons.get(child.i)
            if child.dep_ in SUBJECT_DEPS and b is not None and b.entity_key in state.entities:
                return token.i, state.entities[b.entity_key]
    return None
