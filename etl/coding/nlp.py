"""Sentence splitting and spaCy model loading.

Sentences are split with spaCy's rule-based sentencizer on the English tokenizer, not with the
parser: splitting is then almost free, and only sentences that can carry an event need the
(expensive) parse later. Paragraphs are split first because caption lines glued to a sentence
wreck its parse (NOTES.md).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from functools import cache

import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

from etl.errors import Errors, EtlError
from etl.records import Article, DuplicateMember, Paragraph, Sentence

#: Languages whose paragraphs are coded; lingua's 'und' (too short to tell) inherits the article's.
CODED_LANGUAGES = frozenset({"en"})


#: Components the coder never reads. en_core_web_sm's `ner` has its own Tok2Vec and costs about
#: 35-40% of a parse of news text, while its labels are unreliable there (NOTES.md): names,
#: person-ness, non-actor proper nouns and time expressions come from the tagger, the parse and
#: the dictionaries instead (`etl.coding.actors`, `etl.coding.events`, `etl.coding.event_dates`).
CODING_DISABLED = ("ner",)


@cache
def load_model(name: str) -> Language:
    """Load a spaCy pipeline once per process, every component included."""
    return _load(name, ())


@cache
def load_coding_model(name: str) -> Language:
    """Load a spaCy pipeline once per process without what the coder never reads.

    For processes that only code (`code_batch` workers): loading is quicker and the pipeline
    smaller. A `Coder` given a full pipeline skips the same components at parse time.
    """
    return _load(name, CODING_DISABLED)


def _load(name: str, exclude: tuple[str, ...]) -> Language:
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError:
        raise EtlError(Errors.E002.format(name=name)) from None


@cache
def sentencizer() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


#: spaCy's suffix search is quadratic in the length of a whitespace-free run (40 s for 10,000
#: emoji); no sentence boundary hides inside such a run, so it is split as a plain word.
_LONG_RUN = re.compile(r"\S{65,}")


def _tame_long_runs(text: str) -> str:
    """Same length, same offsets; long unbroken runs become one cheap token."""
    return _LONG_RUN.sub(lambda m: "x" * len(m.group()), text)


def is_coded_language(paragraph_language: str, article_language: str) -> bool:
    language = article_language if paragraph_language == "und" else paragraph_language
    return language in CODED_LANGUAGES


#: Duplicate tiers whose members are coded too: a near copy or a translation may state what
#: its canonical article leaves out (seed 001 dates the severance "January 23", its translation
#: 002 does not). An exact copy says nothing new and is never parsed twice.
CODED_DUPLICATE_TIERS = frozenset({"near", "story"})


def coded_ids(members: Iterable[DuplicateMember]) -> dict[str, str]:
    """Article id -> story cluster id, for every article the coder reads."""
    return {
        m.article_id: m.cluster_id
        for m in members
        if m.is_canonical or m.tier in CODED_DUPLICATE_TIERS
    }


def split_sentences(
    articles: Iterable[Article],
    paragraphs: Iterable[Paragraph],
    coded: Container[str],
    batch_size: int = 256,
) -> Iterator[Sentence]:
    """Sentences of the articles the coder reads (`coded_ids`), in article and reading order.

    Exact copies get no sentences (they would only repeat their story's events); non-English
    paragraphs keep their sentences with `coded=False` so the text stays auditable.
    """
    language = {a.article_id: a.language for a in articles if a.article_id in coded}
    todo = [p for p in paragraphs if p.article_id in language]
    nlp = sentencizer()
    counters: dict[str, int] = {}
    texts = ((_tame_long_runs(p.text), p) for p in todo)
    for doc, para in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        coded = is_coded_language(para.language, language[para.article_id])
        for sent in doc.sents:
            raw = para.text[sent.start_char : sent.end_char]
            text = raw.strip()
            if not text:
                continue
            lead = len(raw) - len(raw.lstrip())
            index = counters.get(para.article_id, 0)
            counters[para.article_id] = index + 1
            start = para.start + sent.start_char + lead
            yield Sentence(
                sentence_id=f"{para.article_id}:{para.paragraph_index}:{index}",
                article_id=para.article_id,
                paragraph_index=para.paragraph_index,
                sentence_index=index,
                start=start,
                end=start + len(text),
                language=para.language,
                coded=coded,
                text=text,
            )


# ---- exact, faster stand-ins for the last two components of the English pipelines ------------

#: Token attributes the single-token patterns of `FastAnnotators` may test, with the array
#: attribute each reads.
_PATTERN_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}


class FastAnnotators:
    """The pipeline's `attribute_ruler` and `lemmatizer`, applied with the same result, faster.

    On news text these two pure-Python components cost as much as the parser (1.45 s and 1.64 s
    against 1.48 s on 200 articles): the ruler runs a `Matcher` of 179 patterns over every token
    and the lemmatizer recomputes the morphology of each token. Both are functions of a few
    token attributes, so here each distinct key is worked out once per process and remembered:

    * ruler: a token's single-token rules depend only on (TAG, LOWER, DEP, IS_SPACE); the
      patterns spanning several tokens ("gon na", "let 's") still go through a `Matcher` of
      their own. Rules are applied in rule order, later ones winning, as the ruler does.
    * lemmatizer: a lemma depends only on (ORTH, POS, MORPH) (spaCy caches it by that key too);
      a new key asks the lemmatizer itself.

    `for_pipeline` returns None, and the stock components run, for any pattern it cannot read.
    """

    #: The components replaced, in pipeline order.
    names = ("attribute_ruler", "lemmatizer")

    def __init__(
        self, ruler: AttributeRuler, lemmatizer: Lemmatizer, single: list[_Rule], multi: list
    ):
        self._ruler = ruler
        self._lemmatizer = lemmatizer
        self._strings = ruler.vocab.strings
        # Rules not reading LOWER depend on (TAG, DEP, IS_SPACE) only, a handful of keys; those
        # reading it are looked up by the word, so a new word costs a few rules, not all 179.
        self._plain: list[_Rule] = []
        self._by_lower: dict[str, list[_Rule]] = {}
        self._other_lower: list[_Rule] = []
        for rule in single:
            lowers = [t.get("LOWER") for t in rule[1]]
            if all(w is None for w in lowers):
                self._plain.append(rule)
            elif all(isinstance(w, str) or (isinstance(w, dict) and "IN" in w) for w in lowers):
                for w in lowers:
                    for word in [w] if isinstance(w, str) else w["IN"]:  # type: ignore[index]
                        bucket = self._by_lower.setdefault(word, [])
                        if rule not in bucket:
                            bucket.append(rule)
            else:
                self._other_lower.append(rule)
        self._plain_rules: dict[tuple[int, int, int], list[tuple[int, dict[int, int]]]] = {}
        self._multi = Matcher(ruler.vocab)
        for index, patterns in multi:
            self._multi.add(str(index), patterns)
        self._rules: dict[tuple[int, ...], list[tuple[int, dict[int, int]]]] = {}
        self._merged: dict[tuple[int, ...], dict[int, int] | None] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}

    @classmethod
    def for_pipeline(cls, nlp: Language, disabled: Iterable[str] = ()) -> FastAnnotators | None:
        """The stand-in when the pipeline (without `disabled`) ends with both stock components."""
        active = [name for name in nlp.pipe_names if name not in set(disabled)]
        if tuple(active[-2:]) != cls.names:
            return None
        ruler, lemmatizer = nlp.get_pipe(cls.names[0]), nlp.get_pipe(cls.names[1])
        if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
            return None
        if type(lemmatizer).__call__ is not Lemmatizer.__call__:
            return None
        single: list[_Rule] = []
        multi: list[tuple[int, list]] = []
        for index, rule in enumerate(ruler.patterns):
            patterns = rule["patterns"]
            if rule.get("index", 0) != ruler.indices[index]:
                return None
            if all(len(p) == 1 for p in patterns):
                tokens = [p[0] for p in patterns]
                if not all(_readable(t) for t in tokens):
                    return None
                single.append((index, tokens, ruler.attrs[index]))
            else:
                multi.append((index, patterns))
        return cls(ruler, lemmatizer, single, multi)

    def __call__(self, doc: Doc) -> Doc:
        self._rule(doc)
        self._lemmatize(doc)
        return doc

    def _rule(self, doc: Doc) -> None:
        keys = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        extra: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for match_id, start, end in self._multi(doc, allow_missing=True):
            index = int(self._strings[match_id])
            target = doc[start:end][self._ruler.indices[index]].i
            extra.setdefault(target, []).append((index, self._ruler.attrs[index]))
        for i, key in enumerate(keys):
            key = tuple(key)
            if i in extra:
                applied = sorted([*self._rules_for(key), *extra[i]], key=lambda r: r[0])
                attrs = _merge(applied)
            else:
                attrs = self._merged.get(key, False)
                if attrs is False:
                    attrs = self._merged[key] = _merge(self._rules_for(key))
            if attrs:
                set_token_attrs(doc[i], attrs)

    def _rules_for(self, key: tuple[int, ...]) -> list[tuple[int, dict[int, int]]]:
        rules = self._rules.get(key)
        if rules is None:
            tag, lower, dep, space = key
            values = {
                "TAG": self._strings[tag] if tag else "",
                "LOWER": self._strings[lower] if lower else "",
                "DEP": self._strings[dep] if dep else "",
                "IS_SPACE": bool(space),
            }
            plain = self._plain_rules.get((tag, dep, space))
            if plain is None:
                plain = self._plain_rules[(tag, dep, space)] = _matching(self._plain, values)
            word = self._by_lower.get(values["LOWER"], [])  # type: ignore[arg-type]
            rules = self._rules[key] = sorted(
                [*plain, *_matching([*word, *self._other_lower], values)], key=lambda r: r[0]
            )
        return rules

    def _lemmatize(self, doc: Doc) -> None:
        lemmatizer = self._lemmatizer
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = self._lemmas
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not lemmatizer.overwrite:
                continue
            key = (orth, pos, morph)
            value = lemmas.get(key)
            if value is None:
                value = lemmas[key] = self._strings.add(lemmatizer.lemmatize(doc[i])[0])
            doc[i].lemma = value


#: A single-token rule of the ruler: its index, its alternative token patterns, its attributes.
_Rule = tuple[int, list[dict[str, object]], dict[int, int]]


def _matching(rules: list[_Rule], values: dict[str, object]) -> list[tuple[int, dict[int, int]]]:
    """(index, attributes) of the rules one of whose patterns matches a token's `values`."""
    return [
        (index, attrs)
        for index, tokens, attrs in rules
        if any(_token_matches(t, values) for t in tokens)
    ]


def _merge(applied: list[tuple[int, dict[int, int]]]) -> dict[int, int] | None:
    """Attributes set by rules applied in order (a later rule overwrites an earlier one)."""
    out: dict[int, int] = {}
    for _index, attrs in applied:
        out.update(attrs)
    return out or None


def _readable(token: dict) -> bool:
    """Whether `_token_matches` reads this token pattern exactly as spaCy's `Matcher` does."""
    for name, value in token.items():
        if name not in _PATTERN_ATTRS:
            return False
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
                return False
        elif not isinstance(value, str | bool):
            return False
    return True


def _token_matches(token: dict, values: dict[str, object]) -> bool:
    for name, want in token.items():
        have = values[name]
        if isinstance(want, dict):
            ((op, arg),) = want.items()
            if op == "IN" and have not in arg:
                return False
            if op == "NOT_IN" and have in arg:
                return False
            if op == "REGEX" and not re.search(arg, str(have)):
                return False
        elif have != want:
            return False
    return True
