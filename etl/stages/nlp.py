"""Sentence splitting and spaCy model loading.

Sentences are split with spaCy's rule-based sentencizer on the English tokenizer, not with the
parser: splitting is then almost free, and only sentences that can carry an event need the
(expensive) parse later. Paragraphs are split first because caption lines glued to a sentence
wreck its parse (NOTES.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language

from etl.errors import Errors, EtlError
from etl.records import Article, DuplicateMember, Paragraph, Sentence

#: Languages whose paragraphs are coded; lingua's 'und' (too short to tell) inherits the article's.
CODED_LANGUAGES = frozenset({"en"})


@cache
def load_model(name: str) -> Language:
    """Load a spaCy pipeline once per process."""
    try:
        return spacy.load(name)
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


def canonical_ids(members: Iterable[DuplicateMember]) -> set[str]:
    return {m.article_id for m in members if m.is_canonical}


def split_sentences(
    articles: Iterable[Article],
    paragraphs: Iterable[Paragraph],
    canonical: set[str],
    batch_size: int = 256,
) -> Iterator[Sentence]:
    """Sentences of the canonical articles, in article and reading order.

    Non-canonical duplicates get no sentences (each story is coded once); non-English
    paragraphs keep their sentences with `coded=False` so the text stays auditable.
    """
    language = {a.article_id: a.language for a in articles if a.article_id in canonical}
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
