"""Cheap pre-filter: only sentences that can yield an event reach the dependency parser.

Parsing costs about 0.2 ms a word here; almost everything else in the pipeline is free beside
it. The coder (`etl.coding.events`) finds an event only when (a) a lexicon trigger (a verb, an
event noun, or a wrapper with its own code) matches a token by its lemma or lower-cased form and
(b) an argument of that trigger is actor-like (resolved, or an unknown proper name); and the
coding stage (`etl.coding.pool`) writes it only when one side is *resolved* by the actor
resolver: an event between two unknown names, or with no actor at all, is dropped. So a
sentence with no token that *could* be a trigger, or no phrase the resolver *could* resolve,
cannot give an event and is not parsed: it stays in `sentences` with `coded=False`.

The guarantee is per sentence in its article: coded with every sentence parsed, a skipped
sentence gives no event (identical events with and without the filter on gold-dev,
`bench/prefilter_loss.py`). Inside an article a skipped sentence still reaches the coder as
*context*: tokenized only (`coding.context_doc`), the actor resolver reads it in reading order,
so a dictionary name it holds stays an antecedent for later sentences. Without a parse it cannot
give what only a parse gives: a compositional antecedent ("US planemaker Boeing" before a bare
"Boeing") or a date the event dater would carry forward; rows that differ from coding every
sentence on whole news articles are measured in `bench/results/prefilter.json`.
`actor_mentions` only lists mentions of parsed sentences.

The filter must never lose an event, so both tests over-approximate what the parse would see:

* **actors** (`SentenceFilter.for_coder`, the article test): a `PhraseMatcher` on lower-cased
  tokens over every surface string the actor resolver says can start an actor
  (`ActorResolver.phrase_patterns()`), tokenized in lower, title, upper and written case because
  the tokenizer's special cases are case-sensitive ("U.N." stays one token, "u.n." does not);
  a match must pass the resolver's own case rule ("us" is not "US"). Role words need what the
  resolver's composition needs (`ActorCues.needs`): "police" acts alone, "people" in a
  definite phrase ("the people", "18 people") or with a name, "the head" with a name or an
  earlier actor it describes, "former" never. Then, per article in reading order, what the
  resolver's coreference can resolve: a person pronoun ("he", "his") within its window after a
  sentence with a possible actor, "the country" likewise, and a possible proper name (a
  capitalised word, not an honorific nor a stop word capitalised by position) that a sentence
  with a possible actor already had: a bare "Guaidó" after "Venezuelan opposition leader Juan
  Guaidó". Every rule word comes from the resolver (`ActorCues.from_resolver`). The old test
  (``names=True``) took any capitalised word for a possible actor, sentence by sentence;
* **triggers**: the parse is not run, so the lemma is not known. `LemmaOracle` lists every lemma
  the model's own lemmatizer *could* give a word under any part of speech (every suffix rule and
  exception of every tag, plus the attribute ruler's fixed lemmas); with the regular stems the
  lexicon also looks words up by, these are the word's possible *keys*. `TriggerIndex` turns each
  lexicon entry into the words it cannot match without: one of its lemmas, and also its particle
  ("crack *down*"), one of its prepositions ("call *for*"), the words of one of its objects
  ("be on *alert*", "impose *sanctions*") and every word of a noun phrase ("*air* *strike*"). A
  sentence passes when every requirement of one entry is among its words' keys. Both sides are
  supersets of what the parse could match, and cost one dictionary look-up per distinct word.

Both run on spaCy's tokenizer, the same the coder's parse starts from, so tokens agree.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from etl.coding.actors import Surface, case_ok
from etl.coding.lexicon import EventLexicon, LexEntry, phrase_head
from etl.records import Sentence

log = logging.getLogger(__name__)

#: Version of the filter's logic, for run manifests: a change here can change which sentences
#: are parsed (never, if it is right, which events come out).
PREFILTER_VERSION = "prefilter.v2"

#: Lexicon kinds whose entries can start an event on their own. Light verbs (L) need an event
#: noun (N); a wrapper (W) needs its own code, a modal, or an embedded event with a trigger.
_EVENT_KINDS = frozenset({"V", "A", "N", "W"})


def trigger_lemmas(lexicon: EventLexicon) -> frozenset[str]:
    """Lemmas at which the coder can find an event: heads of V, N and W entries that code one.

    A noun entry like ``air_strike`` matches at its head ``strike`` (the modifiers must be
    present too, but the head is enough for a necessary condition). Entries with the null code
    ``---`` only block other senses, so they are left out.
    """
    lemmas: set[str] = set()
    for entry in lexicon.entries.values():
        if entry.kind not in _EVENT_KINDS or not entry.is_event:
            continue
        for lemma in entry.lemmas:
            lemmas.add(phrase_head(tuple(lemma.split("_"))) if entry.kind == "N" else lemma)
    return frozenset(lemmas)


#: Object patterns that match any noun: they add no word requirement.
_WILDCARD_OBJECTS = frozenset({("%any",), ("%propn",)})

#: One requirement: satisfied when, for one of its alternatives, every word is present.
Clause = tuple[frozenset[str], ...]


def _phrase_words(phrase: Iterable[str]) -> frozenset[str]:
    """Words a lexicon phrase needs present ("state of emergency": state, emergency)."""
    return frozenset(w for w in phrase if w != "of")


def entry_requirements(entry: LexEntry, modals: Iterable[str] = ()) -> list[tuple[Clause, ...]]:
    """Necessary words of one lexicon entry, as alternatives of AND-ed clauses.

    Each item of the returned list is one way the entry can match (noun entries have one per
    phrase); it is a tuple of clauses that must all hold. Mirrors `EventLexicon.verb_match`,
    `adjective_match`, `noun_match` and `wrapper`: the head lemma, the particle, one object
    pattern's words, one preposition. A wrapper without its own code needs a modal ("said
    Iran *must* ...") to code anything by itself; otherwise it only re-codes an embedded event,
    which has its own trigger.
    """
    if entry.kind == "N":
        return [((_phrase_words(lemma.split("_")),),) for lemma in entry.lemmas]
    clauses: list[Clause] = [tuple(frozenset({lemma}) for lemma in entry.lemmas)]
    if entry.particle is not None:
        clauses.append((frozenset({entry.particle}),))
    if entry.objects and not any(tuple(o) in _WILDCARD_OBJECTS for o in entry.objects):
        clauses.append(tuple(_phrase_words(o) for o in entry.objects))
    if entry.preps:
        clauses.append(tuple(frozenset({p}) for p in entry.preps))
    if entry.kind == "W" and not entry.is_event:
        clauses.append(tuple(frozenset({m}) for m in modals))
    return [tuple(clauses)]


@dataclass
class TriggerIndex:
    """The lexicon's entries as word requirements, indexed by the words that can head them."""

    by_head: dict[str, list[tuple[Clause, ...]]] = field(default_factory=dict)
    words: frozenset[str] = frozenset()

    @classmethod
    def from_lexicon(cls, lexicon: EventLexicon) -> TriggerIndex:
        """Entries that can start an event: V, A and N that code one, and every wrapper."""
        index = cls()
        modals = tuple(getattr(lexicon, "modals", {}) or ())
        for entry in lexicon.entries.values():
            if entry.kind not in _EVENT_KINDS and entry.kind != "W":
                continue
            if entry.kind != "W" and not entry.is_event:
                continue
            for clauses in entry_requirements(entry, modals):
                if any(not clause for clause in clauses):
                    continue  # a wrapper without code in a lexicon without modals
                for alternative in clauses[0]:
                    for head in alternative:
                        index.by_head.setdefault(head, []).append(clauses)
        index.words = frozenset(
            word
            for alternatives in index.by_head.values()
            for clauses in alternatives
            for clause in clauses
            for alternative in clause
            for word in alternative
        )
        return index

    @classmethod
    def from_lemmas(cls, lemmas: Iterable[str]) -> TriggerIndex:
        """Each lemma a trigger on its own (no particle, object or preposition needed)."""
        words = frozenset(w.lower() for w in lemmas)
        return cls(by_head={w: [((frozenset({w}),),)] for w in words}, words=words)

    def satisfied(self, keys: frozenset[str] | set[str]) -> bool:
        """Whether the words whose keys are `keys` meet every requirement of one entry."""
        for head in keys & self.by_head.keys():
            for clauses in self.by_head[head]:
                if all(any(alt <= keys for alt in clause) for clause in clauses):
                    return True
        return False


def regular_stems(word: str) -> set[str]:
    """Every stem a regular English suffix could hide ("planned" -> plan, plann, planne).

    A superset of the de-inflections the lexicon adds to a token's keys (`verbs._keys`):
    the lexicon looks words up by them because the lemmatizer slips on news verbs.
    """
    out: set[str] = set()
    for suffix in ("ied", "ies", "ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix):
            stem = word[: -len(suffix)]
            out.update((stem, stem + "e", stem + "y"))
            if len(stem) > 1 and stem[-1] == stem[-2]:
                out.add(stem[:-1])
    return out


@dataclass
class LemmaOracle:
    """Every lemma the pipeline's lemmatizers could give a word, whatever its tag.

    Attributes:
        rules: suffix rules ``(old, new)`` of all parts of speech, as the rule lemmatizer has them.
        exceptions: lower-cased form -> irregular lemmas ("met" -> "meet"), all parts of speech.
        lookup: lower-cased form -> lemma, for pipelines with a lookup lemmatizer.
        fixed: lower-cased form -> lemmas the attribute ruler assigns ("been" -> "be").
        anywhere: lemmas a component may assign to words it does not list (a regex pattern):
            any word may carry them.
    """

    rules: tuple[tuple[str, str], ...] = ()
    exceptions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    lookup: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, frozenset[str]] = field(default_factory=dict)
    anywhere: frozenset[str] = frozenset()

    @classmethod
    def from_pipeline(cls, nlp: Language) -> LemmaOracle:
        """Read the lemma tables of `nlp`'s lemmatizer and attribute ruler.

        Raises:
            ValueError: for a lemmatizer mode whose lemmas cannot be enumerated (the caller
                then cannot filter on triggers and must not use the oracle).
        """
        rules: dict[tuple[str, str], None] = {}
        exceptions: dict[str, list[str]] = {}
        lookup: dict[str, str] = {}
        fixed: dict[str, set[str]] = {}
        anywhere: set[str] = set()
        for name, pipe in nlp.pipeline:
            factory = nlp.get_pipe_meta(name).factory
            if factory == "lemmatizer" or hasattr(pipe, "rule_lemmatize"):
                mode = getattr(pipe, "mode", None)
                tables = pipe.lookups
                if mode == "rule":
                    for pos_rules in tables.get_table("lemma_rules", {}).values():
                        rules.update(((old, new), None) for old, new in pos_rules)
                    for pos_exc in tables.get_table("lemma_exc", {}).values():
                        for form, lemmas in pos_exc.items():
                            exceptions.setdefault(form.lower(), []).extend(lemmas)
                elif mode == "lookup":
                    # A spacy `Table`: its keys are string hashes, and `.get(str)` hashes.
                    lookup = tables.get_table("lemma_lookup", {})
                else:
                    raise ValueError(f"lemmatizer mode {mode!r} cannot be enumerated")
            elif factory == "attribute_ruler":
                for pattern in pipe.patterns:
                    lemma = pattern["attrs"].get("LEMMA")
                    if lemma is None:
                        continue
                    for tokens in pattern["patterns"]:
                        forms = _lower_values(tokens[pattern.get("index", 0)])
                        if forms is None:
                            anywhere.add(lemma.lower())
                        else:
                            for form in forms:
                                fixed.setdefault(form, set()).add(lemma.lower())
        return cls(
            rules=tuple(rules),
            exceptions={k: tuple(v) for k, v in exceptions.items()},
            lookup=lookup,
            fixed={k: frozenset(v) for k, v in fixed.items()},
            anywhere=frozenset(anywhere),
        )

    def lemmas(self, form: str) -> set[str]:
        """All lemmas (lower-cased) the pipeline could give the word `form`, itself included."""
        lower = form.lower()
        out = {lower}
        for old, new in self.rules:
            if lower.endswith(old):
                stem = lower[: len(lower) - len(old)] + new
                if stem:
                    out.add(stem)
        out.update(lemma.lower() for lemma in self.exceptions.get(lower, ()))
        hit = self.lookup.get(form) or self.lookup.get(lower)
        if hit:
            out.add(hit.lower())
        out.update(self.fixed.get(lower, ()))
        out.update(self.anywhere)
        return out


def _lower_values(token_pattern: Mapping[str, object]) -> set[str] | None:
    """The lower-cased forms a Matcher token pattern accepts, or None if not enumerable."""
    for attr in ("LOWER", "ORTH", "TEXT", "NORM"):
        value = token_pattern.get(attr)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, Mapping) and set(value) == {"IN"}:
            return {str(v).lower() for v in value["IN"]}  # type: ignore[union-attr]
    return None


#: What a dictionary phrase needs to be an actor on its own (`ActorCues.needs`).
ALONE = "alone"  # nothing: names, countries, organisations, roles that act alone ("police")
DEFINITE = "definite"  # a definite phrase ("the president", "18 people"), else a name with it
CONTEXT = "context"  # a name with it, or (definite) an earlier actor it refers back to ("the head")
NEVER = "never"  # a modifier ("former"): only changes the role of another actor

#: Possessive markers: a possessor makes a phrase definite ("Acme's president").
_POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "'", "\u2019", "whose"})


@dataclass(frozen=True)
class ActorCues:
    """What lets the actor resolver find an actor in a sentence, read from the resolver.

    Its rules (`ActorResolver.rules`, i.e. `rules.yaml`) and dictionary, so the filter follows
    them when they change. Coreference cues only count when the article had a possible actor
    recently enough for the resolver to find its antecedent there.

    Attributes:
        surfaces: lower-cased dictionary surface -> its `Surface`, for the resolver's case rule
            ("US" is an actor, "us" is not; "Turkey" is, "turkey" is not).
        needs: lower-cased role surface -> what else it needs (`DEFINITE`, `CONTEXT`,
            `NEVER`); other surfaces are actors on their own (`ALONE`).
        person_pronouns: "he", "his", "her"...: a person of the same sentence or of the last
            `pronoun_window` sentences.
        pronoun_window: how many sentences back a pronoun looks.
        reference_nouns: "the country", "the nation": a country of the same sentence or of the
            last `reference_window` sentences.
        reference_window: how many sentences back a definite description looks.
        quote_pronouns: "I", "my": only the speaker of a quote attributed *in the same
            sentence* by a person mention, so never an actor on their own.
        honorifics: "Mr", "Mrs": never part of a name the resolver looks up.
        definite_words: determiners and possessive pronouns that make a phrase definite.
        person_names: lower-cased words of dictionary people's names: a name the resolver
            may look up even where a capital letter says nothing ("May" after "Theresa May").
    """

    surfaces: Mapping[str, Surface]
    needs: Mapping[str, str] = field(default_factory=dict)
    person_pronouns: frozenset[str] = frozenset()
    pronoun_window: int = 2
    reference_nouns: frozenset[str] = frozenset()
    reference_window: int = 6
    quote_pronouns: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    definite_words: frozenset[str] = frozenset()
    person_names: frozenset[str] = frozenset()

    @classmethod
    def from_resolver(cls, resolver: object) -> ActorCues:
        """The cues of an `etl.coding.actors.ActorResolver`.

        A role's needs mirror `etl.coding.actors.compose.finish`: with no country, person,
        organisation or name in its phrase, a role is an actor when its entry is
        ``standalone: yes``, or ``definite`` in a definite phrase (not a plural person title:
        "the ministers"), or the definite description of an earlier actor; a modifier
        ("former") never is.
        """
        rules = resolver.rules  # type: ignore[attr-defined]
        dictionary = resolver.dictionary  # type: ignore[attr-defined]
        needs: dict[str, str] = {}
        for key, surface in dictionary.surfaces.items():
            if surface.kind != "role":
                continue
            role = dictionary.roles[surface.entry_id]
            plural_title = role.kind == "person" and surface.form == "plural"
            if role.kind == "modifier":
                needs[key] = NEVER
            elif role.standalone == "yes":
                continue
            elif role.standalone == "definite" and not plural_title:
                needs[key] = DEFINITE
            else:
                needs[key] = CONTEXT
        person_names = {
            word
            for key, surface in dictionary.surfaces.items()
            if surface.kind == "person"
            for word in key.split()
        }
        return cls(
            surfaces=dict(dictionary.surfaces),
            needs=needs,
            person_pronouns=frozenset(rules.person_pronouns),
            pronoun_window=rules.pronoun_window,
            reference_nouns=frozenset(rules.country_reference_nouns),
            reference_window=rules.description_window,
            quote_pronouns=frozenset(rules.first_person_pronouns),
            honorifics=frozenset(rules.honorifics),
            definite_words=frozenset(rules.definite_determiners | rules.possessive_pronouns),
            person_names=frozenset(person_names),
        )

    @property
    def words(self) -> frozenset[str]:
        """Cue words that are no dictionary phrase: judged by their cue, not as a phrase."""
        cues = self.person_pronouns | self.reference_nouns | self.quote_pronouns
        return frozenset(w for w in cues if w not in self.surfaces)


@dataclass(frozen=True)
class SentenceCues:
    """What one tokenized sentence offers, before the article's earlier sentences are known.

    Attributes:
        trigger: a possible lexicon trigger.
        phrase: a dictionary phrase that is an actor on its own (with `ActorCues`: in a case the
            resolver accepts, and meeting its `needs` within the sentence).
        with_name: a role phrase that is an actor with a proper name, and a possible name
            outside the dictionary phrases in the sentence.
        with_context: a role phrase that is an actor as the description of an earlier one.
        pronoun: a person pronoun.
        reference: a country reference noun.
        names: lower-form hashes of its possible proper names: capitalised words but
            honorifics, pronouns, and stop words capitalised by position (opening the sentence
            or following punctuation: "The", '"So', "WN: We").
    """

    trigger: bool
    phrase: bool
    with_name: bool = False
    with_context: bool = False
    pronoun: bool = False
    reference: bool = False
    names: frozenset[int] = frozenset()


@dataclass
class PrefilterStats:
    """What the filter did, for run metadata."""

    seen: int = 0
    kept: int = 0
    no_actor: int = 0
    no_trigger: int = 0

    @property
    def skipped(self) -> int:
        return self.seen - self.kept


class SentenceFilter:
    """Decides, from tokens alone, whether a sentence could give an event.

    Built once per run from the coder's own dictionaries; a decision then costs a tokenizer
    pass plus a few look-ups per token. Three actor tests:

    * ``names=True`` (the old, loose test, `PREFILTER_VERSION` v1): a dictionary phrase in any
      case, or any capitalised word; each sentence on its own.
    * ``names=False`` without `cues`: a dictionary phrase in any case; each sentence on its own.
    * ``names=False`` with `cues` (the coder's default, see `for_coder`): per article, in
      reading order (`keep_article`): a dictionary phrase in a case the resolver accepts; or a
      person pronoun / country reference noun with a possible actor within the resolver's window
      before it; or a capitalised word that was already capitalised in an earlier sentence of
      the article that had a possible actor (a bare "Guaidó" or "Boeing" after a compositional
      or dictionary mention introduced the name).
    """

    def __init__(
        self,
        nlp: Language,
        actor_phrases: Iterable[str],
        triggers: Iterable[str] | TriggerIndex,
        oracle: LemmaOracle | None = None,
        names: bool = True,
        cues: ActorCues | None = None,
    ):
        """Args:
        nlp: the pipeline the coder parses with (only its tokenizer and lemma tables are used).
        actor_phrases: lower-cased strings that can start an actor mention.
        triggers: the lexicon's `TriggerIndex`, or plain lemmas each enough on its own.
        oracle: the lemma enumerator; read from `nlp` when not given. If `nlp`'s
            lemmatizer cannot be enumerated, the trigger test is off (every sentence passes
            it) rather than risk losing events.
        names: count any capitalised word as a possible actor (the coder finds unknown proper
            names as arguments, but writes an event only when one side is resolved, so this is
            looser than needed).
        cues: the resolver's coreference cues: with them (and ``names=False``) a sentence is
            judged within its article (`keep_article`).

        Raises:
            ValueError: for ``names=True`` together with `cues` (the name test would make the
                cues pointless).
        """
        if names and cues is not None:
            raise ValueError("SentenceFilter: `names=True` and `cues` exclude each other")
        self.tokenizer = nlp.tokenizer
        self.vocab = nlp.vocab
        self.triggers = (
            triggers if isinstance(triggers, TriggerIndex) else TriggerIndex.from_lemmas(triggers)
        )
        if oracle is None:
            try:
                oracle = LemmaOracle.from_pipeline(nlp)
            except ValueError as exc:
                log.warning("pre-filter: trigger test off (%s)", exc)
        self.oracle = oracle
        self.names = names
        self.cues = cues
        phrases = sorted({p.strip().lower() for p in actor_phrases if p.strip()})
        if cues is not None:
            cue_words = cues.words
            phrases = [p for p in phrases if p not in cue_words]
        self.n_phrases = len(phrases)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Tokenizer special cases are case-sensitive ("U.N." is one token, "u.n." two): add the
        # token sequence of each casing a text may use; the matcher compares lower forms.
        surfaces = cues.surfaces if cues is not None else {}
        needs = cues.needs if cues is not None else {}
        self._surface_of: dict[int, Surface] = {}  # match id -> surface with a case rule
        self._needs_of: dict[int, str] = {}  # match id -> what the phrase needs besides
        for phrase in phrases:
            surface = surfaces.get(phrase)
            written = (surface.text,) if surface is not None else ()
            variants = sorted({phrase, phrase.title(), phrase.upper(), *written})
            key = self.vocab.strings.add(phrase)
            self.matcher.add(phrase, list(self.tokenizer.pipe(variants)))
            if surface is not None:
                self._surface_of[key] = surface
            if phrase in needs:
                self._needs_of[key] = needs[phrase]
        strings = self.vocab.strings
        empty: frozenset[str] = frozenset()
        self._pronouns = frozenset(strings.add(w) for w in (cues.person_pronouns if cues else ()))
        self._references = frozenset(strings.add(w) for w in (cues.reference_nouns if cues else ()))
        definite = (cues.definite_words if cues else empty) | _POSSESSIVE_MARKS
        self._definite = frozenset(strings.add(w) for w in definite)
        # "I", "He", "Mr" are capitalised but never (part of) a name the resolver looks up.
        not_names = (
            (cues.person_pronouns | cues.quote_pronouns | cues.honorifics) if cues else empty
        )
        self._not_names = frozenset(strings.add(w) for w in not_names)
        self._person_names = frozenset(strings.add(w) for w in (cues.person_names if cues else ()))
        self._keys: dict[int, frozenset[str]] = {}  # lower-form hash -> its possible keys
        self._is_name: dict[int, bool] = {}  # orth hash -> has a capital letter
        self._is_word: dict[int, bool] = {}  # orth hash -> has a letter or digit
        self.stats = PrefilterStats()

    @classmethod
    def for_coder(
        cls, nlp: Language, resolver: object, lexicon: EventLexicon, names: bool = False
    ) -> SentenceFilter:
        """The filter of a coder: actor phrases and cues of its resolver, triggers of its lexicon.

        Args:
            names: True for the old per-sentence test (any capitalised word is a possible
                actor); by default sentences are judged per article with the resolver's
                coreference cues, which skips those whose only actors are unknown names.
        """
        phrases = resolver.phrase_patterns()  # type: ignore[attr-defined]
        index = TriggerIndex.from_lexicon(lexicon)
        if names:
            return cls(nlp, phrases, index)
        return cls(nlp, phrases, index, names=False, cues=ActorCues.from_resolver(resolver))

    # ---- tests -------------------------------------------------------------------------------

    def has_trigger(self, doc: Doc | Span) -> bool:
        """Whether the words of `doc` could meet the requirements of one lexicon entry."""
        if self.oracle is None:
            return True
        if not len(doc):
            return False
        lowers = doc.to_array(LOWER) if isinstance(doc, Doc) else _span_array(doc, LOWER)
        return self._trigger_in(np.unique(lowers).tolist(), doc.doc.vocab.strings)

    def _trigger_in(self, lowers: list[int], strings: StringStore) -> bool:
        cache = self._keys
        wanted = self.triggers.words
        keys: set[str] = set()
        for lower in lowers:
            found = cache.get(lower)
            if found is None:
                form = strings[lower]
                found = cache[lower] = frozenset(
                    (self.oracle.lemmas(form) | regular_stems(form)) & wanted  # type: ignore[union-attr]
                )
            keys |= found
        return bool(keys) and self.triggers.satisfied(keys)

    def has_actor(self, doc: Doc | Span) -> bool:
        """A possible actor in the sentence on its own: a phrase, or (`names`) a name."""
        return (self.names and self.has_name(doc)) or self.has_phrase(doc)

    def has_phrase(self, doc: Doc | Span) -> bool:
        """A dictionary actor phrase (without `cues`: in any case, needing nothing else)."""
        if self.cues is None:
            return bool(self.matcher(doc, as_spans=False))
        return self._phrases(doc)[0]

    def _phrases(self, doc: Doc | Span) -> tuple[bool, bool, bool, set[int]]:
        """(an actor alone, one with a name, one with an earlier actor, tokens matched).

        Each match must pass the resolver's case rule; a role's needs are met within the
        sentence when a definite word (determiner, possessive, number) comes before its end.
        The matched tokens are those of every match that passed, as indices in `doc`.
        """
        target = doc.doc if isinstance(doc, Span) else doc
        offset = doc.start if isinstance(doc, Span) else 0
        alone = with_name = with_context = False
        first_definite: int | None = None
        matched: set[int] = set()
        for match_id, start, end in self.matcher(doc, as_spans=False):
            surface = self._surface_of.get(match_id)
            if surface is not None and not case_ok(target, start + offset, end + offset, surface):
                continue
            matched.update(range(start, end))
            need = self._needs_of.get(match_id, ALONE)
            if need == NEVER:
                continue
            if need == ALONE:
                alone = True
                continue
            if first_definite is None:
                first_definite = self._first_definite(doc)
            definite = first_definite < end
            if need == DEFINITE and definite:
                alone = True
            with_name = True
            with_context = with_context or definite
        return alone, with_name, with_context, matched

    def _first_definite(self, doc: Doc | Span) -> int:
        """Index of the first word that can make a phrase definite, or the sentence length."""
        marks = self._definite
        for i, token in enumerate(doc):
            if token.lower in marks or token.like_num:
                return i
        return len(doc)

    def has_name(self, doc: Doc | Span) -> bool:
        """A word with a capital letter, not counting a stop word that opens the sentence.

        Over-approximates the tagger's PROPN: the few lower-case PROPN it gives ("al", "el")
        sit inside capitalised names. "US" opening a sentence is a stop word in upper case and
        counts.
        """
        cache = self._is_name
        strings = doc.doc.vocab.strings
        opening = True
        orths = doc.to_array(ORTH) if isinstance(doc, Doc) else _span_array(doc, ORTH)
        for orth in orths.tolist():
            text = None
            capital = cache.get(orth)
            if capital is None:
                text = strings[orth]
                capital = cache[orth] = any(c.isupper() for c in text)
            if capital:
                if not opening:
                    return True
                text = text or strings[orth]
                if text.lower() not in STOP_WORDS or (len(text) > 1 and text.isupper()):
                    return True
            if opening:
                text = text or strings[orth]
                opening = not any(c.isalnum() for c in text)  # quotes, dashes before the first word
        return False

    def sentence_cues(self, doc: Doc | Span) -> SentenceCues:
        """The per-sentence part of the article test (`keep_article`)."""
        trigger = self.has_trigger(doc)
        if self.cues is None:
            return SentenceCues(trigger, self.has_actor(doc))
        phrase, with_name, with_context, matched = self._phrases(doc)
        strings = doc.doc.vocab.strings
        orths = doc.to_array(ORTH) if isinstance(doc, Doc) else _span_array(doc, ORTH)
        lowers = doc.to_array(LOWER) if isinstance(doc, Doc) else _span_array(doc, LOWER)
        cache = self._is_name
        names: set[int] = set()
        free_name = False  # a possible name outside the dictionary phrases
        after_word = False  # the previous token has a letter or digit
        for i, (orth, lower) in enumerate(zip(orths.tolist(), lowers.tolist(), strict=True)):
            capital = cache.get(orth)
            text = None
            if capital is None:
                text = strings[orth]
                capital = cache[orth] = any(c.isupper() for c in text)
            if capital and lower not in self._not_names:
                text = text or strings[orth]
                # A stop word is capitalised by its position unless it follows a word ("Theresa
                # May", "visited The Hague"); "US" in capitals and dictionary surnames count.
                if (
                    after_word
                    or lower in self._person_names
                    or text.lower() not in STOP_WORDS
                    or (len(text) > 1 and text.isupper())
                ):
                    names.add(lower)
                    free_name = free_name or i not in matched
            word = self._is_word.get(orth)
            if word is None:
                word = self._is_word[orth] = any(c.isalnum() for c in text or strings[orth])
            after_word = word
        distinct = set(lowers.tolist())
        return SentenceCues(
            trigger=trigger,
            phrase=phrase,
            with_name=with_name and free_name,
            with_context=with_context,
            pronoun=not distinct.isdisjoint(self._pronouns),
            reference=not distinct.isdisjoint(self._references),
            names=frozenset(names),
        )

    def decide(self, sentences: Sequence[SentenceCues]) -> list[bool]:
        """Keep decisions for the sentences of one article, in reading order.

        Without `cues` each sentence stands alone. With them, a sentence has a possible actor
        when the resolver could resolve one of its phrases given everything before it:

        * a dictionary phrase that is an actor on its own (`ActorCues.needs`);
        * a role phrase that needs a name ("the ministers Smith and Jones"), and a possible name
          outside the dictionary phrases in the sentence;
        * a role phrase that can describe an earlier actor ("the head"), within
          `reference_window` sentences after one with a possible actor;
        * a possible name the article already had in a sentence with a possible actor: the
          resolver registers names (`_name_coreference`) only from mentions it resolved, and
          looks a later one up by its last proper-noun word or all of them, so that word is
          a possible name in both (a lower-case proper noun ending a name, or a stop word
          ending one after punctuation, would escape this: the tagger gives the first inside
          names, "al", "de"; dictionary surnames such as "May" are always possible names);
        * a person pronoun within `pronoun_window` sentences after one with a possible actor
          (its person must have been a mention there, or earlier in the same sentence, which
          then has a possible actor of its own);
        * a country reference noun within `reference_window` sentences after one (likewise).

        First-person pronouns need a person speaker mention in the same sentence, so they add
        nothing. A sentence is kept when it also has a possible trigger.
        """
        out: list[bool] = []
        possible: list[bool] = []
        seen_names: set[int] = set()
        cues = self.cues
        for i, s in enumerate(sentences):
            actor = s.phrase
            if cues is not None and not actor:
                recent = any(possible[max(0, i - cues.reference_window) : i])
                actor = (
                    s.with_name
                    or (s.with_context and recent)
                    or not s.names.isdisjoint(seen_names)
                    or (s.pronoun and any(possible[max(0, i - cues.pronoun_window) : i]))
                    or (s.reference and recent)
                )
            possible.append(actor)
            if actor:
                seen_names.update(s.names)
            self.stats.seen += 1
            if not s.trigger:
                self.stats.no_trigger += 1
            elif not actor:
                self.stats.no_actor += 1
            else:
                self.stats.kept += 1
            out.append(s.trigger and actor)
        return out

    def keep_article(self, texts: Sequence[str], batch_size: int = 1000) -> list[bool]:
        """Keep decisions for the sentence texts of one article, in reading order."""
        return self.keep_docs(list(self.tokenizer.pipe(texts, batch_size=batch_size)))

    def keep_docs(self, docs: Sequence[Doc | Span]) -> list[bool]:
        """`keep_article` of already tokenized sentences of one article."""
        return self.decide([self.sentence_cues(doc) for doc in docs])

    def keep_doc(self, doc: Doc | Span) -> bool:
        """Whether the tokenized sentence, as an article of its own, could give an event."""
        return self.keep_docs([doc])[0]

    def keep_texts(self, texts: Iterable[str], batch_size: int = 1000) -> list[bool]:
        """`keep_doc` of each text, in order: each text is judged as an article of its own."""
        return [self.keep_doc(doc) for doc in self.tokenizer.pipe(texts, batch_size=batch_size)]

    def keep_sents(self, doc: Doc) -> list[bool]:
        """`keep_doc` of each sentence of an already split Doc, without tokenizing again.

        For the sentence splitter's own Docs (a blank English pipeline with a sentencizer): its
        tokenizer is the model's (the same rules; identical tokens on the news corpora), and
        look-ups go through the Doc's own string store, so its vocabulary may differ.
        """
        return [self.keep_doc(sent) for sent in doc.sents]  # type: ignore[arg-type]

    def keep_sentence(self, sent: Span, text: str) -> bool:
        """`keep_doc` of a sentence span of the splitter's Doc whose real text is `text`.

        The splitter may have altered its copy of the text (long unbroken runs replaced by
        ``x``s): then the span's tokens are not the coder's, and `text` is tokenized instead.
        """
        if sent.text == text:
            return self.keep_doc(sent)
        return self.keep_doc(self.tokenizer(text))


def _span_array(span: Span, attr: int) -> np.ndarray:
    return span.doc.to_array(attr)[span.start : span.end]


def prefilter_sentences(sentences: list[Sentence], filter: SentenceFilter) -> list[Sentence]:
    """The same sentences, with `coded=False` on those that cannot give an event.

    Sentences are judged per article (`SentenceFilter.keep_article`), in the order they come:
    the coder's, which reads an article's coded sentences in that order. Sentences already not
    coded (non-English) are returned unchanged, not tokenized, and not part of their article's
    sequence, as the coder leaves them out too. Order and every other field are kept, so the
    `sentences` table stays the full text record.
    """
    todo = [i for i, s in enumerate(sentences) if s.coded]
    docs = filter.tokenizer.pipe((sentences[i].text for i in todo), batch_size=1000)
    by_article: dict[str, list[tuple[int, Doc]]] = {}
    for i, doc in zip(todo, docs, strict=True):
        by_article.setdefault(sentences[i].article_id, []).append((i, doc))
    out = list(sentences)
    for members in by_article.values():
        keep = filter.keep_docs([doc for _, doc in members])
        for (i, _), kept in zip(members, keep, strict=True):
            if not kept:
                out[i] = sentences[i].model_copy(update={"coded": False})
    return out
