"""The discard list: phrases that mark a sentence as not political (sports scores, chess, films).

A dictionary of its own (`etl/dictionaries/discards.txt`, or a user's PETRARCH set layered by
`etl.coding.dictionary_set`), so it has its own loader and version hash; the coder checks it
before it looks for any trigger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.tokens import Span

from etl.errors import Errors


@dataclass(frozen=True)
class DiscardList:
    """Phrases that mark a sentence as not political (sports scores, chess, films)."""

    sentence: tuple[tuple[str, tuple[str, ...]], ...]
    version: str
    #: phrases by first word, so matching is one pass over the tokens
    first_words: dict[str, list[tuple[str, tuple[str, ...]]]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for entry_id, phrase in self.sentence:
            table.setdefault(phrase[0], []).append((entry_id, phrase))
        object.__setattr__(self, "first_words", table)

    @classmethod
    def from_package(cls) -> DiscardList:
        ref = resources.files("etl.dictionaries").joinpath("discards.txt")
        return cls.from_text(ref.read_text("utf-8"), source="etl/dictionaries/discards.txt")

    @classmethod
    def from_path(cls, path: Path) -> DiscardList:
        return cls.from_text(path.read_text("utf-8"), source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> DiscardList:
        """Lines are ``<id> <phrase words>``; words match token text or lemma, case-blind."""
        import hashlib

        phrases: list[tuple[str, tuple[str, ...]]] = []
        seen: set[str] = set()
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) < 2:
                raise ValueError(Errors.E005.format(path=source, line=number, problem="id phrase"))
            if parts[0] in seen:
                raise ValueError(
                    Errors.E005.format(path=source, line=number, problem="duplicate id")
                )
            seen.add(parts[0])
            phrases.append((parts[0], tuple(w.lower() for w in parts[1:])))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        return cls(sentence=tuple(phrases), version=digest)

    def match(self, sent: Span) -> str | None:
        """Id of the first discard phrase found in the sentence, else None.

        One pass over the tokens: a phrase is only tried where its first word occurs.
        """
        first = self.first_words
        words = [(t.lower_, t.lemma_.lower()) for t in sent]
        for i, (lower, lemma) in enumerate(words):
            for key in (lower, lemma):
                for entry_id, phrase in first.get(key, ()):
                    n = len(phrase)
                    if i + n <= len(words) and all(phrase[k] in words[i + k] for k in range(1, n)):
                        return entry_id
        return None
