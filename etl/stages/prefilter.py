"""Cheap pre-filter: only sentences that can yield an event reach the dependency parser.

Parsing costs about 0.2 ms a word here; almost everything else in the pipeline is free beside
it. The coder (`etl.stages.coder`) emits an event only when (a) a lexicon trigger (a verb, an
event noun, or a wrapper with its own code) matches a token by its lemma or lower-cased form and
(b) at least one argument of that trigger resolves to an actor. So a sentence with no token that
*could* be a trigger, or no phrase that *could* start an actor, cannot give an event and is not
parsed: it stays in `sentences` with `coded=False`.

The filter must never lose an event, so both tests over-approximate what the parse would see:

* **actors**: a `PhraseMatcher` on lower-cased tokens over every surface string the actor
  resolver says can start an actor (`ActorResolver.phrase_patterns()`), tokenized in lower,
  title and upper case because the tokenizer's special cases are case-sensitive ("U.N." stays
  one token, "u.n." does not); and, because the coder also takes an unknown proper name as an
  actor (`Argument.named`: a PROPN head), any word with a capital letter, except a stop word
  that opens the sentence ("The", "But" are capitalised by position, not by being names);
* **triggers**: the parse is not run, so the lemma is not known. `LemmaOracle` lists every lemma
  the model's own lemmatizer *could* give a word under any part of speech (every suffix rule and
  exception of every tag, plus the attribute ruler's fixed lemmas), and a word is a possible
  trigger when one of those is a trigger lemma. This is a superset of the lemma the parse would
  give, and costs one dictionary look-up per distinct word of the corpus.

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
from spacy.tokens import Doc

from etl.records import Sentence
from etl.stages.verbs import EventLexicon

log = logging.getLogger(__name__)

#: Version of the filter's logic, for run manifests: a change here can change which sentences
#: are parsed (never, if it is right, which events come out).
PREFILTER_VERSION = "prefilter.v1"

#: Lexicon kinds whose entries can start an event on their own. Light verbs (L) need an event
#: noun (N), and a wrapper (W) with the null code needs an embedded V or N event.
_EVENT_KINDS = frozenset({"V", "N", "W"})


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
            lemmas.add(lemma.split("_")[-1] if entry.kind == "N" else lemma)
    return frozenset(lemmas)


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
        triggers: Iterable[str],
        oracle: LemmaOracle | None = None,
        names: bool = True,
    ):
        """Args:
        nlp: the pipeline the coder parses with (only its tokenizer and lemma tables are used).
        actor_phrases: lower-cased strings that can start an actor mention.
        triggers: lemmas (and lower-cased forms) at which the lexicon can find an event.
        oracle: the lemma enumerator; read from `nlp` when not given. If `nlp`'s
            lemmatizer cannot be enumerated, the trigger test is off (every sentence passes
            it) rather than risk losing events.
        names: count a capitalised word as a possible actor (the coder codes unknown proper
            names as actors, with code ``---``); False for a coder that needs resolved actors.
        """
        self.tokenizer = nlp.tokenizer
        self.vocab = nlp.vocab
        self.triggers = frozenset(t.lower() for t in triggers)
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
        self._is_trigger: dict[int, bool] = {}  # lower-form hash -> could be a trigger
        self._is_name: dict[int, bool] = {}  # orth hash -> has a capital letter
        self.stats = PrefilterStats()

    @classmethod
    def for_coder(cls, nlp: Language, resolver: object, lexicon: EventLexicon) -> SentenceFilter:
        """The filter of a coder: actor phrases of its resolver, trigger lemmas of its lexicon."""
        return cls(nlp, resolver.phrase_patterns(), trigger_lemmas(lexicon))  # type: ignore[attr-defined]

    # ---- tests -------------------------------------------------------------------------------

    def has_trigger(self, doc: Doc) -> bool:
        if self.oracle is None:
            return True
        if not len(doc):
            return False
        cache = self._is_trigger
        for key in np.unique(doc.to_array(LOWER)).tolist():
            hit = cache.get(key)
            if hit is None:
                lemmas = self.oracle.lemmas(self.vocab.strings[key])
                hit = cache[key] = not self.triggers.isdisjoint(lemmas)
            if hit:
                return True
        return False

    def has_actor(self, doc: Doc) -> bool:
        """A phrase that can start an actor mention, or (with `names`) a possible proper name."""
        return (self.names and self.has_name(doc)) or bool(self.matcher(doc, as_spans=False))

    def has_name(self, doc: Doc) -> bool:
        """A word with a capital letter, not counting a stop word that opens the sentence.

        Over-approximates the tagger's PROPN: the few lower-case PROPN it gives ("al", "el")
        sit inside capitalised names. "US" opening a sentence is a stop word in upper case and
        counts.
        """
        cache = self._is_name
        strings = self.vocab.strings
        opening = True
        for orth in doc.to_array(ORTH).tolist():
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

    def keep_doc(self, doc: Doc) -> bool:
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
