"""Toponyms: the place names of an article's sentences, each resolved to one gazetteer entry.

Why a pass of its own: the actor resolver knows countries and capitals as *actors*; a place is
where something happens ("met in Caracas", "a protest in Soroti") or what is hit ("shelled
Aleppo"), whatever the actor dictionaries hold. The pass is deterministic and keeps, for every
toponym, the entries it could denote, the one chosen, the runner-up and why, so `places` can be
audited row by row.

Finding: a toponym is a whole run of capitalised proper-noun tokens (hyphens and the connectors
"of", "and", "the", "de" inside names) that the gazetteer holds ("Caracas", "West Darfur", "Rio
de Janeiro"); a run is never cut into pieces, so "Jorge Arreaza" is no place because "Jorge"
might be, with two exceptions that the parse marks: a direction word before the name ("Northern
Syria", and lower-case "southern Lebanon" as an adjective) and a place leading the name of a
gathering ("the Antalya Diplomatic Forum", `venue_heads`). Continents and world regions ("Africa",
"Latin America") are no places; neither are the `non_place_words` nor a name inside a person's
mention, nor a month or weekday name ("in March 2001" is no town in England). A seat of power
used as a place ("in the Kremlin") is placed in its country's capital.

Usage, from the parse: ``locative`` (object of a locative preposition, also through "the town of
X"), ``venue`` (leads a gathering's name), ``actor`` (the actor resolver made the same words an
actor: "Washington said", "Caracas' bid"), ``name`` (part of another name: "the University of
Essex"), or ``mention`` (anything else: "shelled Aleppo"). Only locative, venue and mention
places can place an event.

Choosing among candidates (weights in `rules.yaml: scores`): log10 of the population, plus a
prior for a country's own name and for a national capital, plus the article's context: the
candidate's country named elsewhere in the article (actor mentions, unambiguous places, the
dateline), its province named or another place in it, a following qualifier ("Paris, Texas")
and a kind cue ("the town of X"). Context outweighs population, so "Georgia" in a story about
Atlanta is the US state, and in one about Tbilisi the country.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from etl.coding.actors import Mention
from etl.coding.event_dates import MONTHS, WEEKDAYS
from etl.coding.places.gazetteer import (
    ADM1,
    CITY,
    COUNTRY,
    Gazetteer,
    Place,
    fold,
    log_population,
)

LOCATIVE = "locative"
VENUE = "venue"
ACTOR = "actor"
MENTION = "mention"
DATELINE = "dateline"
NAME = "name"

#: Dependencies inside one noun phrase, through which a name's phrase is climbed.
NP_DEPS = frozenset({"compound", "appos", "nmod", "amod", "poss", "conj"})
#: Steps up from a name to the preposition of its phrase ("in the zones of the sector of X").
MAX_PHRASE_DEPTH = 8

#: Lower-case words that may sit inside a multi-word place name ("Rio de Janeiro", "Bosnia and
#: Herzegovina", "Republic of the Congo").
CONNECTORS = frozenset({"of", "and", "the", "de", "del", "da", "do", "dos", "al", "el", "la", "-"})

#: Month and weekday names, and their abbreviations, are dates in news text, never places: the
#: tagger marks "March" PROPN and GeoNames holds March (GB, 22,000 people), so "signed in March
#: 2001" placed a Philippine ceasefire in England and "the March 17 explosion" in Mosul gave a
#: GBR source. The dater's own lists (`etl.coding.event_dates`), so both read a date alike.
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)


@dataclass(frozen=True)
class Toponym:
    """A place name in a sentence and the entry it was resolved to.

    Token indices are indices in the sentence's Doc; `head` is the token the parse attaches the
    name by. `cue` says what marked its usage or kind ("in", "the town of", "southern").
    """

    start: int
    end: int
    head: int
    text: str
    place: Place
    usage: str
    cue: str
    preposition: str | None
    score: float
    reason: str
    n_candidates: int
    runner_up: Place | None = None
    runner_up_score: float | None = None
    #: The text itself says which place it is: a qualifier ("Paris, Texas") or a kind cue ("the
    #: town of X") scored the chosen entry, not population, priors or the article's countries.
    explicit: bool = False


@dataclass
class _Found:
    """A toponym before the article's context has chosen among its candidates."""

    start: int
    end: int
    head: int
    text: str
    candidates: tuple[Place, ...]
    usage: str
    cue: str
    kind_cue: str | None = None
    preposition: str | None = None
    qualifier: tuple[Place, ...] = ()
    fixed: Place | None = None  # decided by a rule, not by scoring (a seat of power)
    fixed_reason: str = ""
    mention_span: tuple[int, int] | None = None
    scores: list[tuple[float, Place, str]] = field(default_factory=list)


def _is_name(token: Token, sent: Span) -> bool:
    text = token.text
    if not text[:1].isupper() or not any(c.isalpha() for c in text):
        return False
    if token.pos_ == "PROPN":
        return True
    # Untagged (a context sentence, tokens only) or title case inside the sentence.
    return token.i != sent.start and token.pos_ in ("", "NOUN", "ADJ", "X")


def _runs(sent: Span) -> list[tuple[int, int]]:
    """Maximal runs of name tokens, hyphens between names included."""
    runs: list[tuple[int, int]] = []
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        if not _is_name(doc[i], sent):
            i += 1
            continue
        j = i + 1
        while j < sent.end:
            if _is_name(doc[j], sent):
                j += 1
            elif (
                doc[j].text == "-"
                and j + 1 < sent.end
                and _is_name(doc[j + 1], sent)
                and not doc[j].whitespace_
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _hyphen_piece(doc: Doc, start: int, end: int) -> bool:
    """Whether [start, end) is glued by a hyphen to a word outside it."""
    after = end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
    before = start > 0 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
    return after or before


def _in_a_name(node: Token, kind_cues: dict[str, frozenset[str]]) -> bool:
    """Whether a place name is the 'of' object of a capitalised name ("University of Essex")
    rather than of a kind noun ("the Province of Idlib" is a place)."""
    if node.dep_ != "pobj" or node.head.lower_ != "of" or node.head.head.i == node.head.i:
        return False
    owner = node.head.head
    cues = set().union(*kind_cues.values())
    return owner.text[:1].isupper() and owner.lower_ not in cues and owner.lemma_ not in cues


def span_head(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it."""
    for i in range(start, end):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return i
    return end - 1


class ToponymFinder:
    """Finds and resolves the toponyms of one article at a time."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.rules = gazetteer.rules

    # ---- finding -----------------------------------------------------------------------------

    def find(self, sent: Span, mentions: Sequence[Mention]) -> list[_Found]:
        """Toponyms of one sentence, with candidates but no choice yet."""
        doc = sent.doc
        runs = _runs(sent)
        found: list[_Found] = []
        used: set[int] = set()
        k = 0
        while k < len(runs):
            start, end = runs[k]
            hit = self._joined(doc, runs, k)
            if hit is not None:
                end, k_next = hit
            else:
                k_next = k + 1
            k = k_next
            item = self._match_run(doc, sent, start, end)
            if item is None:
                continue
            found.append(item)
            used.update(range(item.start, item.end))
        self._lower_directions(sent, found, used)
        self._qualifiers(doc, found)
        out = [f for f in found if f.usage != "qualifier"]
        for f in out:
            self._classify(doc, f, mentions)
        out = [f for f in out if f.usage != "person"]
        out.extend(self._seats(doc, sent, mentions, used))
        out.sort(key=lambda f: f.start)
        return out

    def _joined(self, doc: Doc, runs: list[tuple[int, int]], k: int) -> tuple[int, int] | None:
        """A name joined across connectors to the next runs ("Bosnia and Herzegovina")."""
        start = runs[k][0]
        for m in range(min(len(runs) - 1, k + 2), k, -1):
            gap = range(runs[m - 1][1], runs[m][0])
            if not all(doc[i].lower_ in CONNECTORS for i in gap) or len(gap) > 2:
                continue
            if not all(
                all(doc[i].lower_ in CONNECTORS for i in range(runs[x][1], runs[x + 1][0]))
                for x in range(k, m)
            ):
                continue
            end = runs[m][1]
            if self.gaz.lookup(doc[start:end].text):
                return end, m + 1
        return None

    def _match_run(self, doc: Doc, sent: Span, start: int, end: int) -> _Found | None:
        if _hyphen_piece(doc, start, end):
            return None  # "Shan" of "Shan-e-Mustafa": a piece of a longer word
        if end - start == 1 and doc[start].lower_ in CALENDAR_WORDS:
            return None  # "in March 2001", "The March 17 explosion": a date, not March (GB)
        text = doc[start:end].text
        if self.gaz.is_region(text) or fold(text) in self.rules.directions:
            return None  # "Africa"; "East of the Euphrates" is no region of Cameroon
        candidates = self.gaz.lookup(text)
        if candidates:
            return _Found(start, end, span_head(doc, start, end), text, candidates, "", "")
        first = doc[start].lower_
        if first in self.rules.directions and end - start > 1:
            rest = doc[start + 1 : end].text
            candidates = self.gaz.lookup(rest)
            if candidates and not self.gaz.is_region(rest):
                head = span_head(doc, start + 1, end)
                return _Found(start + 1, end, head, rest, candidates, "", doc[start].text)
        if doc[end - 1].lower_ in self.rules.venue_heads and end - start > 1:
            for stop in range(end - 1, start, -1):
                name = doc[start:stop].text
                candidates = self.gaz.lookup(name)
                if candidates and not self.gaz.is_region(name):
                    venue = doc[start:end].text
                    return _Found(start, stop, end - 1, name, candidates, VENUE, venue)
        return None

    def _lower_directions(self, sent: Span, found: list[_Found], used: set[int]) -> None:
        """'southern Lebanon': a lower-case direction adjective is the place's cue."""
        for f in found:
            token = sent.doc[f.head]
            for child in token.children:
                if child.dep_ == "amod" and child.lower_ in self.rules.directions:
                    f.cue = child.text

    def _qualifiers(self, doc: Doc, found: list[_Found]) -> None:
        """'Paris, Texas': a name right after ', ' that is an ADM1 or country qualifies it."""
        for a, b in itertools.pairwise(found):
            if b.start == a.end + 1 and doc[a.end].text == ",":
                wider = tuple(p for p in b.candidates if p.kind in (ADM1, COUNTRY))
                fits = [
                    p for p in a.candidates
                    if any(p.adm1 == w.adm1 or (w.kind == COUNTRY and p.cameo == w.cameo)
                           for w in wider if p is not w)
                ]  # fmt: skip
                if wider and fits and a.candidates[0].kind == CITY:
                    a.qualifier = wider
                    b.usage = "qualifier"

    def _classify(self, doc: Doc, f: _Found, mentions: Sequence[Mention]) -> None:
        """Usage and kind cue of a toponym from the parse and the actor mentions."""
        if f.usage == VENUE:
            return
        for m in mentions:
            if m.start <= f.start and f.end <= m.end and m.person:
                f.usage = "person"  # "Gil", "Santos": a person's name, no place
                return
        node = doc[f.head]
        if _in_a_name(node, self.rules.kind_cues):
            f.usage = NAME  # "the University of Essex", "the Bank of England"
            return
        # "the town of Soroti": the cue noun is the phrase, the name its object.
        if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.i != node.head.i:
            noun = node.head.head
            for kind, words in self.rules.kind_cues.items():
                if noun.lemma_.lower() in words or noun.lower_ in words:
                    f.kind_cue = kind
                    f.cue = f"the {noun.lower_} of"
                    node = noun
        elif node.dep_ in ("appos", "compound") and node.head.i != node.i:
            noun = node.head
            for kind, words in self.rules.kind_cues.items():
                if noun.lemma_.lower() in words or noun.lower_ in words:
                    f.kind_cue = kind  # "Idlib province", "the city Aleppo"
                    node = noun
        prep = self._locative_preposition(node)
        if prep is not None:
            f.usage = LOCATIVE
            f.preposition = prep.lower_
            f.cue = f"{prep.lower_} {f.cue}".strip() if f.cue else prep.lower_
            return
        for m in mentions:
            if m.start <= f.start and f.end <= m.end:
                # "Washington said", "Caracas' bid", "Venezuela's state airline": an actor, or
                # part of one, is what acts or is acted on, not where.
                f.usage = ACTOR
                f.mention_span = (m.start, m.end)
                return
        f.usage = MENTION

    def _locative_preposition(self, node: Token) -> Token | None:
        """The locative preposition whose phrase holds the name, through the noun phrase only.

        "in Caracas", and deeper inside one phrase: "in the battle zones of the southern sector
        of the Jaffna peninsula" (compound, 'of' objects); never through a clause or a verb.
        """
        for _ in range(MAX_PHRASE_DEPTH):
            head = node.head
            if head.i == node.i:
                return None
            if node.dep_ == "pobj":
                if head.lower_ in self.rules.locative_prepositions:
                    return head
                if head.lower_ != "of":
                    return None
                node = head.head  # "the sector of X": go on from the noun the 'of' hangs from
                continue
            if node.dep_ not in NP_DEPS:
                return None
            node = head
        return None

    def _seats(
        self, doc: Doc, sent: Span, mentions: Sequence[Mention], used: set[int]
    ) -> list[_Found]:
        """A seat of power used as a place ("in the Kremlin") is in its country's capital."""
        out: list[_Found] = []
        for m in mentions:
            if not m.entry_id.startswith("seat:") or "locative:" not in m.evidence:
                continue
            if m.country is None or used.intersection(range(m.start, m.end)):
                continue
            capital = self.gaz.capitals.get(m.country)
            if capital is None:
                continue
            prep = re.search(r"locative: object of '([^']+)'", m.evidence)
            found = _Found(
                m.start,
                m.end,
                m.head,
                doc[m.start : m.end].text,
                (capital,),
                LOCATIVE,
                prep.group(1) if prep else "",
                fixed=capital,
                fixed_reason=f"{m.name} is a seat of power of {m.country} ({m.entry_id}): "
                f"placed in its capital",
                preposition=prep.group(1) if prep else None,
                mention_span=(m.start, m.end),
            )
            out.append(found)
        return out

    # ---- choosing ----------------------------------------------------------------------------

    def resolve_article(
        self,
        sents: Sequence[Span],
        per_sentence: Sequence[Sequence[Mention]],
        dateline: str | None,
        coded: Sequence[bool] | None = None,
    ) -> tuple[list[list[Toponym]], Toponym | None]:
        """Each sentence's toponyms, resolved with the whole article as context, and the
        dateline's place (None when the article has no dateline or its place is unknown)."""
        coded = coded if coded is not None else [True] * len(sents)
        # A context sentence (tokens only, no parse) has no usage to give a name; its mentions
        # still count below as the article's countries.
        found = [
            self.find(s, m) if parsed else []
            for s, m, parsed in zip(sents, per_sentence, coded, strict=True)
        ]
        date_found = self._dateline(dateline)
        countries: Counter[str] = Counter()
        adm1s: Counter[str] = Counter()
        for mentions in per_sentence:
            countries.update(m.country for m in mentions if m.country)
        flat = [f for fs in found for f in fs]
        if date_found is not None:
            flat.append(date_found)
        for f in flat:
            if len(f.candidates) == 1 or f.fixed is not None:
                p = f.fixed or f.candidates[0]
                countries[p.cameo] += 1
                if p.adm1:
                    adm1s[p.adm1] += 1
        out = [
            [self._choose(f, countries, adm1s, mentions) for f in fs]
            for fs, mentions in zip(found, per_sentence, strict=True)
        ]
        date_top = None
        if date_found is not None:
            date_top = self._choose(date_found, countries, adm1s, ())
        return out, date_top

    def _dateline(self, dateline: str | None) -> _Found | None:
        if not dateline:
            return None
        name = dateline_place(dateline)
        if not name:
            return None
        candidates = self.gaz.lookup(name)
        if not candidates:
            return None
        return _Found(-1, -1, -1, name.title(), candidates, DATELINE, dateline)

    def _choose(
        self,
        f: _Found,
        countries: Counter[str],
        adm1s: Counter[str],
        mentions: Sequence[Mention],
    ) -> Toponym:
        if f.fixed is not None:
            return self._toponym(f, f.fixed, 0.0, f.fixed_reason, None, None)
        weights = self.rules.scores
        unambiguous = len(f.candidates) == 1
        own = Counter(
            m.country for m in mentions
            if m.country and m.start < max(f.end, f.start + 1) and f.start < m.end
        )  # fmt: skip
        scored: list[tuple[float, int, Place, str]] = []
        explicit: set[int] = set()
        for rank, p in enumerate(f.candidates):
            parts = [f"pop {log_population(p):.1f}"]
            score = log_population(p)
            if p.kind == COUNTRY:
                score += weights["country_kind"]
                parts.append(f"country +{weights['country_kind']:g}")
            if p.capital:
                score += weights["national_capital"]
                parts.append(f"capital +{weights['national_capital']:g}")
            ctx = countries[p.cameo] - own[p.cameo] - (1 if unambiguous else 0)
            if ctx > 0:
                score += weights["context_country"]
                parts.append(f"{p.cameo} in context +{weights['context_country']:g}")
            if p.adm1 and p.kind != ADM1 and adm1s[p.adm1] - (1 if unambiguous else 0) > 0:
                score += weights["context_adm1"]
                parts.append(f"{p.adm1} in context +{weights['context_adm1']:g}")
            if f.qualifier and any(
                p.adm1 == w.adm1 or (w.kind == COUNTRY and p.cameo == w.cameo) for w in f.qualifier
            ):
                score += weights["qualifier"]
                parts.append(f"qualified by {f.qualifier[0].name} +{weights['qualifier']:g}")
                explicit.add(rank)
            if f.kind_cue is not None and p.kind == f.kind_cue:
                score += weights["kind_cue"]
                parts.append(f"{f.kind_cue} cue +{weights['kind_cue']:g}")
                explicit.add(rank)
            scored.append((score, -rank, p, ", ".join(parts)))
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        best_score, best_rank, best, why = scored[0]
        said = -best_rank in explicit
        if len(scored) == 1:
            reason = f"only candidate ({why})"
            return self._toponym(f, best, best_score, reason, None, None, said)
        second_score, _, second, _second_why = scored[1]
        reason = f"{best.label} {best_score:.1f} [{why}] over {second.label} {second_score:.1f}"
        return self._toponym(f, best, best_score, reason, second, second_score, said)

    @staticmethod
    def _toponym(
        f: _Found,
        place: Place,
        score: float,
        reason: str,
        runner: Place | None,
        runner_score: float | None,
        explicit: bool = False,
    ) -> Toponym:
        return Toponym(
            start=f.start,
            end=f.end,
            head=f.head,
            text=f.text,
            place=place,
            usage=f.usage,
            cue=f.cue,
            preposition=f.preposition,
            score=round(score, 3),
            reason=reason,
            n_candidates=len(f.candidates),
            runner_up=runner,
            runner_up_score=None if runner_score is None else round(runner_score, 3),
            explicit=explicit,
        )


def dateline_place(dateline: str) -> str | None:
    """The place of a dateline ("MOSCOW, September 23. /TASS/." → "MOSCOW").

    The cleaner's dateline patterns (`etl/dictionaries/clean_dates.yaml`) name it as their
    ``place`` group; a dateline no pattern reads gives its text up to the first comma or dash.
    """
    from etl.articles.clean import date_rules

    for rule in date_rules().datelines:
        m = rule.pattern.match(dateline.strip() + " ")
        if m is not None and m.groupdict().get("place"):
            return m.group("place").strip()
    head = re.split(r"[,\u2014\u2013]| - |\(", dateline, maxsplit=1)[0].strip()
    return head or None


def leading_dateline(text: str) -> str | None:
    """The dateline a raw text starts with, if any ("MOSCOW, September 23. /TASS/."), by the
    cleaner's dateline patterns; None when the text starts otherwise."""
    from etl.articles.clean import date_rules

    for rule in date_rules().datelines:
        m = rule.pattern.match(text)
        if m is not None and m.groupdict().get("place"):
            return m.group(0).strip()
    return None


def is_place_word(text: str, gaz: Gazetteer) -> bool:
    """Whether `text` names a place (for tests and curation)."""
    return bool(gaz.lookup(fold(text)))
