"""Where an event happened: one place per event, the evidence that chose it, or a reason for none.

The order is the issue's (and what a human coder reads first):

1. ``sentence``: the event's own locative phrase, a toponym the parse attaches to the event's
   trigger through prepositions and noun phrases, not through another clause ("met in Caracas",
   "a protest in Beijing", "on the sidelines of the Antalya Diplomatic Forum"); the nearest wins;
2. ``target``: a place that is the event's target ("shelled Aleppo", "the besieged town of
   Gorazde"), also a capital the actor resolver made the target state when the event is one that
   happens where its target is ("blockade Paris": material conflict and visits, `rules.yaml`);
3. ``dateline``: the article's dateline city, when the sentence names no other place;
4. ``sentence``: the one town or province the sentence names when every place it names lies in
   that town's country ("a strike that shut down Khatmandu"), else at country level the country
   of the places the sentence names, when they all lie in one country;
5. ``article`` at country level: the country of every place the article names, when there is
   exactly one (CLIFF's "focus", only when unanimous) and neither side of the event is of
   another country ("Iran said" in a story datelined nowhere that names only London is not
   placed in Britain).

Otherwise the place is NULL and the evidence says why. The publisher's home town is never used:
only the text and its dateline are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from etl.coding.places.gazetteer import COUNTRY, Gazetteer, Place
from etl.coding.places.toponyms import ACTOR, LOCATIVE, MENTION, VENUE, Toponym, span_head

SENTENCE = "sentence"
TARGET = "target"
DATELINE = "dateline"
ARTICLE = "article"

#: Dependencies that start another clause: a place under them belongs to that clause's event.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "xcomp", "parataxis", "conj", "csubj"})
#: Steps from a toponym up to the event's trigger beyond which it is no longer the event's.
MAX_STEPS = 7


@dataclass(frozen=True)
class EventPlace:
    """The place of one event (all None when nothing in the text supports one)."""

    place: Place | None
    name: str | None
    origin: str | None
    evidence: str


NO_PLACE = EventPlace(None, None, None, "")


def _steps_to(doc, head: int, targets: set[int]) -> int | None:
    node = doc[head]
    for steps in range(MAX_STEPS + 1):
        if node.i in targets:
            return steps
        if node.head.i == node.i or node.dep_ in CLAUSE_DEPS:
            return None
        node = node.head
    return None


def place_event(
    sent: Span,
    trigger: Sequence[int],
    anchor: int,
    target: tuple[int, int],
    toponyms: Sequence[Toponym],
    dateline: Toponym | None,
    article_country: Place | None,
    gaz: Gazetteer,
    sides: Sequence[str | None] = (),
    code: str = "",
    quad_class: int = 0,
    source: tuple[int, int] = (-1, -1),
) -> EventPlace:
    """The place of one event of `sent` (token indices in the sentence's Doc).

    Args:
        trigger: the event's trigger tokens; `anchor` the token whose clause carries it.
        target: token span of the event's target argument ((-1, -1) without one).
        toponyms: the sentence's resolved toponyms.
        dateline: the article's dateline place, if any.
        article_country: the one country every place of the article lies in, if there is one.
        sides: the countries of the event's source and target: the article's country is not
            taken for an event between actors of other countries.
        code, quad_class: the event's CAMEO code and QuadClass: a town that is an actor is the
            place of the events `rules.yaml: town_target_*` name.
        source: token span of the event's source: a town hosting (`town_host_codes`) hosts in it.
    """
    doc = sent.doc
    events = {*trigger, anchor}
    best: tuple[int, Toponym] | None = None
    for t in toponyms:
        if t.usage not in (LOCATIVE, VENUE):
            continue
        steps = _steps_to(doc, t.head, events)
        if steps is not None and (best is None or steps < best[0]):
            best = (steps, t)
    if best is not None:
        t = best[1]
        how = f"{t.cue} {t.text}".strip() if t.usage == LOCATIVE else t.cue
        return EventPlace(
            t.place, t.place.name, SENTENCE, f"'{how}' attached to the event: {t.reason}"
        )
    start, end = target
    rules = gaz.rules
    town_targets = quad_class in rules.town_target_quad_classes or any(
        code.startswith(c) for c in rules.town_target_codes
    )
    for t in toponyms:
        if start < 0 or not (start <= t.start and t.end <= end):
            continue
        if t.usage == MENTION:
            return EventPlace(t.place, t.place.name, TARGET, f"target '{t.text}': {t.reason}")
        # "blockade Paris": the town the resolver read as its state is also where it happened.
        if town_targets and _is_side_town(doc, t, start, end):
            return EventPlace(
                t.place, t.place.name, TARGET,
                f"target '{t.text}' (a town as the target of {code}): {t.reason}",
            )  # fmt: skip
    if any(code.startswith(c) for c in rules.town_host_codes) and source[0] >= 0:
        for t in toponyms:
            if source[0] <= t.start and t.end <= source[1] and _is_side_town(doc, t, *source):
                return EventPlace(
                    t.place, t.place.name, TARGET,
                    f"host '{t.text}' (a town hosting, {code}): {t.reason}",
                )  # fmt: skip
    named = [t for t in toponyms if t.usage in (LOCATIVE, VENUE, MENTION)]
    if not named and dateline is not None:
        return EventPlace(
            dateline.place,
            dateline.place.name,
            DATELINE,
            f"dateline '{dateline.cue}', the sentence names no place: {dateline.reason}",
        )
    countries = sorted({t.place.cameo for t in named})
    towns = {t.place for t in named if t.place.kind != COUNTRY}
    if len(countries) == 1 and len(towns) == 1:
        # One town or province, and everything else the sentence names around it: the event
        # happened there ("a strike that shut down Khatmandu", "withdrawal from ... Gorazde").
        (town,) = towns
        text = next(t.text for t in named if t.place == town)
        return EventPlace(
            town, town.name, SENTENCE, f"the one town or province the sentence names ({text})"
        )
    if len(countries) == 1:
        country = gaz.countries.get(countries[0])
        if country is not None:
            names = ", ".join(sorted({t.text for t in named}))
            return EventPlace(
                country,
                country.name,
                SENTENCE,
                f"country of the places the sentence names ({names})",
            )
    if len(countries) > 1:
        return EventPlace(
            None, None, None, f"the sentence names places in {len(countries)} countries, "
            f"none attached to the event ({', '.join(countries)})"
        )  # fmt: skip
    others = sorted({c for c in sides if c and article_country and c != article_country.cameo})
    if article_country is not None and others:
        return EventPlace(
            None, None, None, f"the article's places are all in {article_country.cameo}, but "
            f"the event's actors are of {', '.join(others)}; the sentence names no place"
        )  # fmt: skip
    if article_country is not None:
        return EventPlace(
            article_country,
            article_country.name,
            ARTICLE,
            f"every place the article names is in {article_country.cameo}",
        )
    return EventPlace(
        None, None, None, "no place in the sentence, no dateline, no single country in the article"
    )


def _is_side_town(doc, t: Toponym, start: int, end: int) -> bool:
    """Whether a town the resolver read as an actor is the whole side [start, end) of an event
    ("Paris" in "blockade Paris", not "Caracas' bid")."""
    head = span_head(doc, start, end)
    return t.usage == ACTOR and t.place.kind != COUNTRY and t.start <= head < t.end


def article_country(
    per_sentence: Sequence[Sequence[Toponym]], dateline: Toponym | None, gaz: Gazetteer
) -> Place | None:
    """The one country that every non-actor place of the article lies in, else None."""
    countries = {t.place.cameo for ts in per_sentence for t in ts if t.usage != ACTOR}
    if dateline is not None:
        countries.add(dateline.place.cameo)
    if len(countries) != 1:
        return None
    return gaz.countries.get(next(iter(countries)))


def is_country(place: Place | None) -> bool:
    return place is not None and place.kind == COUNTRY
