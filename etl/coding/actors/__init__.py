"""Actors: spans of parsed sentences resolved to CAMEO actor codes, with the entry that did it.

The package is grouped by how a mention is resolved; each module's docstring says what it
decides:

    entries.py      what one dictionary row becomes (`Surface` and its case rule included)
    dictionary.py   `ActorDictionary`: load, validate (E005) and index the files of
                    `etl/dictionaries/actors/`
    mention.py      `Mention`, the one shape of a resolved mention, and `mention_records`
    context.py      what every step is given: `ResolverContext`, `Sentence`, `Match`, `NP`
    matching.py     surfaces in a Doc (case and POS rules, longest match) and noun phrases
    names.py        dictionary names: people by dated term, organisations, countries,
                    capitals and seats (metonyms), regions
    compose.py      country + role codes, and unknown names with a country
    coreference.py  names, descriptions, "the country", pronouns and quote speakers
    resolver.py     `ActorResolver`, the facade that runs the steps in order

Public behaviour (the event coder and the `actor_mentions` asset rely on it):

* `ActorDictionary` holds the project's own actor data (`etl/dictionaries/actors/`, see its
  README): countries (names, aliases, adjectives and demonyms, capitals, regions), regions
  (named regions are actors, "Europe" EUR; region adjectives only constrain coreference, so
  "Latin American leaders" is no actor and "the Latin American country" is), international and
  non-governmental organisations, named non-state groups, seats of power and national
  institutions ("the Kremlin" RUSGOV, "Pentagon" USAMIL), role nouns and titles, people with
  date-bounded codes, and the resolution rules (`rules.yaml`). `from_package()` loads the
  shipped folder, `load(path)` a user's folder with the same files; every line is validated and
  a bad one raises `EtlError` with code E005, the file and the line number.
* `ActorResolver(dictionary).resolve_article(sents, article_date)` returns, for each sentence
  in order, its `Mention`s sorted by position. Sentences are spaCy `Span`s parsed by a full
  English pipeline (tagger, parser; NER is not read); each may be its own `Doc` or a slice of
  one article `Doc`. Token indices in a `Mention` are indices in that sentence's `Doc`.
* How a mention is resolved (`Mention.resolution`):
  - ``dictionary``: a country name, adjective or demonym ("Venezuela", "Venezuelan",
    "Russians"), a region name, an organisation ("UN" IGOUNO), a group, an institution, or a
    person whose dated entry is valid on the article date ("Trump" USAGOV on 2020-02-07, not
    on 2022-05-01).
  - ``metonym``: a capital or seat of power standing for a state ("Caracas' bid" VEN,
    "the Kremlin" RUSGOV, "Washington" USA). Capitals and seats that are objects of a locative
    preposition ("in the Kremlin") are still returned; their evidence ends with
    ``locative: object of 'in'`` so the coder can drop them as places.
  - ``compositional``: a noun phrase with a country (adjective, possessor, "of/in/from"
    country, capital, seat, or a known person's country) and a role word gets the two codes
    joined, without any entry for the person or firm: "Venezuelan Foreign Minister Jorge
    Arreaza" VENGOV, "Venezuela's state-run airline Conviasa" VENBUS, "the Maduro government"
    VENGOV, "Iraqi troops" IRQMIL. Role words that are group nouns outrank titles ("opposition
    leader" OPP, "army spokesman" MIL; `rules.yaml: role_priority`); "former" makes a title ELI.
    A group noun with no country at all gives a role-only code ("police" COP, "the court" JUD)
    when its entry allows it (`roles.csv: standalone`).
  - ``coreference``: later mentions take the code established earlier in the same article: a
    bare surname or "Mr X" of a person first named with a title ("Arreaza"), definite
    descriptions ("the FM" -> the person earlier called foreign minister; "the Venezuelan
    leader" -> the latest Venezuelan GOV person; "the company" -> the latest BUS organisation),
    "the country" / "his country" / "the South American nation" -> the latest country that fits,
    pronouns he/she/his/her/him only when one person is in view or one of them is the latest
    subject, and "I"/"my" inside a quote attributed in the same sentence ("'I thank Russia,'
    Maduro said").
* Coordinated actors give one mention each ("Russia, Belarus ... and Turkey"); the coder
  handles `conj`. Adjectives of non-actor nouns are mentions of their own ("Russian support"
  RUS, head = the adjective). A mention's `head` is the token the parse attaches it by; for a
  modifier mention it is the modifier itself (walk up `.head` for the argument noun).
* Named people outside every dated term take what the article already said about them, else
  the phrase's own role words ("former Venezuelan president Hugo Chávez" VENELI), else their
  country only (code = country, role None: Trump in 2022 is USA); when the article date is
  unknown the open-ended (else latest) term is used and the evidence says so.
* Matching is case-aware where case matters ("US" is not "us", "Turkey" not "turkey"), takes
  the longest match ("Latin American" over "American"), and accepts role words only as nouns
  ("military parade" is no MIL actor). Unknown proper names with a country and no role are
  actors ("France's Pernod Ricard") unless their head word names a date, event, law or place
  (`NON_ACTOR_NAME_HEADS`), which keeps "Russia's Victory Day" a RUS mention and no more.
  spaCy's NER is not used (its labels are unreliable on news text, NOTES.md, and it costs a
  third of a parse): a mention is a person when a title word (a `person` role) names it.
* `mention_records(mentions, sent, article_id, sentence_id)` turns one sentence's mentions
  into `actor_mentions` rows (character offsets relative to the sentence).
* `phrase_patterns()` lists every lower-cased surface that can start a mention (dictionary
  strings, pronouns, country reference nouns). Names introduced in the article are resolved
  through earlier mentions, so pass every sentence of an article to `resolve_article` even when
  a pre-filter skips some for event coding.
* `case_ok(doc, start, end, surface)` is the case rule on its own, for the pre-filter
  (`etl.coding.prefilter`), which must accept exactly the matches the resolver accepts.

Speed: one `PhraseMatcher` per vocabulary, built once and run once per `Doc`; the rest is a few
passes over each sentence's tokens, so resolution costs a small fraction of the parse.
"""

from etl.coding.actors.compose import NON_ACTOR_NAME_HEADS
from etl.coding.actors.dictionary import ActorDictionary
from etl.coding.actors.entries import Surface
from etl.coding.actors.matching import case_ok
from etl.coding.actors.mention import RESOLUTIONS, Mention, mention_records
from etl.coding.actors.resolver import ActorResolver

__all__ = [
    "NON_ACTOR_NAME_HEADS",
    "RESOLUTIONS",
    "ActorDictionary",
    "ActorResolver",
    "Mention",
    "Surface",
    "case_ok",
    "mention_records",
]
