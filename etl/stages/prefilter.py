"""Cheap pre-filter: only sentences that can yield an event reach the dependency parser.

Parsing costs about 0.2 ms a word here; almost everything else in the pipeline is free beside
it. The coder (`etl.stages.coder`) emits an event only when (a) a lexicon trigger (a verb, an
event noun, or a wrapper with its own code) matches a token by its lemma or lower-cased form and
(b) at least one argument of that trigger is an actor (resolved, or an unknown proper name). So
a sentence with no token that *could* be a trigger, or no phrase that *could* start an actor,
cannot give an event and is not parsed: it stays in `sentences` with `coded=False`.

The guarantee is per sentence: coded on its own, a skipped sentence gives no event (identical
events with and without the filter on gold-dev, `bench/prefilter_loss.py`). Inside an article a
skipped sentence is also no longer *context* for later ones: an antecedent the resolver would
have remembered ("US planemaker Boeing" before a bare "Boeing"), or a date the event dater
would have carried forward. On whole news articles that changes about 3% of events (measured
in `bench/results/prefilter.json`); and `actor_mentions` only lists mentions of parsed sentences.

The filter must never lose an event, so both tests over-approximate what the parse would see:

* **actors**: a `PhraseMatcher` on lower-cased tokens over every surface string the actor
  resolver says can start an actor (`ActorResolver.phrase_patterns()`), tokenized in lower,
  title and upper case because the tokenizer's special cases are case-sensitive ("U.N." stays
  one token, "u.n." does not); and, because the coder also takes an unknown proper name as an
  actor (`Argument.named`: a PROPN head), any word with a capital letter, except a stop word
  that opens the sentence ("The", "But" are capitalised by position, not by being names);
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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from etl.records import Sentence
from etl.stages.verbs import EventLexicon, LexEntry, phrase_head

log = logging.getLogger(__name__)

#: Version of the filter's logic, for run manifests: a change here can change which sentences
#: are parsed (never, if it is right, which events come out).
PREFILTER_VERSION = "prefilter.v1"

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

    Built once per run from the coder's own dictionaries; `keep_docs` then costs a tokenizer
    pass plus two look-ups per token.
    """

    def __init__(
        self,
        nlp: Language,
        actor_phrases: Iterable[str],
        triggers: Iterable[str] | TriggerIndex,
        oracle: LemmaOracle | None = None,
        names: bool = True,
    ):
        """Args:
        nlp: the pipeline the coder parses with (only its tokenizer and lemma tables are used).
        actor_phrases: lower-cased strings that can start an actor mention.
        triggers: the lexicon's `TriggerIndex`, or plain lemmas each enough on its own.
        oracle: the lemma enumerator; read from `nlp` when not given. If `nlp`'s
            lemmatizer cannot be enumerated, the trigger test is off (every sentence passes
            it) rather than risk losing events.
        names: count a capitalised word as a possible actor (the coder codes unknown proper
            names as actors, with code ``---``); False for a coder that needs resolved actors.
        """
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
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = sorted({p.strip().lower() for p in actor_phrases if p.strip()})
        # Tokenizer special cases are case-sensitive ("U.N." is one token, "u.n." two): add the
        # token sequence of each casing a text may use; the matcher compares lower forms.
        variants = sorted({v for p in phrases for v in (p, p.title(), p.upper())})
        self.matcher.add("ACTOR", list(self.tokenizer.pipe(variants)))
        self.n_phrases = len(phrases)
        self.names = names
        self._keys: dict[int, frozenset[str]] = {}  # lower-form hash -> its possible keys
        self._is_name: dict[int, bool] = {}  # orth hash -> has a capital letter
        self.stats = PrefilterStats()

    @classmethod
    def for_coder(cls, nlp: Language, resolver: object, lexicon: EventLexicon) -> SentenceFilter:
        """The filter of a coder: actor phrases of its resolver, trigger lemmas of its lexicon."""
        phrases = resolver.phrase_patterns()  # type: ignore[attr-defined]
        return cls(nlp, phrases, TriggerIndex.from_lexicon(lexicon))

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
        """A phrase that can start an actor mention, or (with `names`) a possible proper name."""
        return (self.names and self.has_name(doc)) or bool(self.matcher(doc, as_spans=False))

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

    def keep_doc(self, doc: Doc | Span) -> bool:
        """Whether the tokenized sentence has a possible trigger and a possible actor."""
        self.stats.seen += 1
        if not self.has_trigger(doc):
            self.stats.no_trigger += 1
            return False
        if not self.has_actor(doc):
            self.stats.no_actor += 1
            return False
        self.stats.kept += 1
        return True

    def keep_texts(self, texts: Iterable[str], batch_size: int = 1000) -> list[bool]:
        """`keep_doc` of each text, in order."""
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

    Sentences already not coded (non-English) are returned unchanged and not tokenized.
    Order and every other field are kept, so the `sentences` table stays the full text record.
    """
    todo = [i for i, s in enumerate(sentences) if s.coded]
    keep = filter.keep_texts(sentences[i].text for i in todo)
    out = list(sentences)
    for i, kept in zip(todo, keep, strict=True):
        if not kept:
            out[i] = sentences[i].model_copy(update={"coded": False})
    return out
