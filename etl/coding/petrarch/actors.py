"""Actor, agent and discard files: who is named, which role nouns add a code, what is not news.

The three kinds share the noun-phrase half of the format: upper-case phrases whose words are
separated by blanks or `_`, followed by bracketed codes. Actor codes may hold only between two
dates, and `ActorEntry.code_on` picks the code in force the way PETRARCH does, so a user's
results stay comparable with their PETRARCH runs. Unlike PETRARCH-2, date restrictions may have
blanks around their operators (`[HOBGOV 19950601 - 19990815]`) and every bracketed code on an
actor line is read, not only the last one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from etl.coding.petrarch.lines import (
    DictionaryProblem,
    before_bracket,
    brackets,
    dictionary_error,
    logical_lines,
    phrase_words,
)


@dataclass(frozen=True)
class CodeRestriction:
    """A code valid between two dates (inclusive); no dates means the entry's default code."""

    code: str
    start: dt.date | None
    end: dt.date | None
    line: int

    @property
    def is_default(self) -> bool:
        return self.start is None and self.end is None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ActorPhrase:
    """One name of an actor as upper-case words (blanks and `_` both separate words)."""

    words: tuple[str, ...]
    line: int

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ActorEntry:
    """A primary phrase, its `+` synonyms and its (date-restricted) codes."""

    entry_id: str  # "<file name>:<line of the primary phrase>"
    phrases: tuple[ActorPhrase, ...]  # primary phrase first
    restrictions: tuple[CodeRestriction, ...]  # in file order

    @property
    def name(self) -> str:
        return self.phrases[0].text

    @property
    def default_code(self) -> str | None:
        for r in self.restrictions:
            if r.is_default:
                return r.code
        return None

    def code_on(self, day: dt.date | None) -> str | None:
        """The code in force on `day`, PETRARCH's way.

        The first dated restriction covering `day` wins (files rely on this order: an earlier,
        narrower range overrides a later, wider one); otherwise the entry's default code. An
        undated sentence only gets the default. The null code `---` is returned as is: the actor
        is known and deliberately not coded.
        """
        if day is not None:
            for r in self.restrictions:
                if not r.is_default and r.covers(day):
                    return r.code
        return self.default_code


@dataclass(frozen=True)
class ActorDictionary:
    """The entries of one actor file."""

    path: str
    entries: tuple[ActorEntry, ...]
    problems: tuple[DictionaryProblem, ...]

    @property
    def phrase_count(self) -> int:
        return sum(len(e.phrases) for e in self.entries)


_RESTRICTION = re.compile(
    r"^(?P<code>[^\s<>]+)\s*"
    r"(?:(?P<op><|>)\s*(?P<date>\d+)|(?P<start>\d+)\s*-\s*(?P<end>\d+)|(?P<single>\S+))?$"
)


def parse_dictionary_date(text: str) -> dt.date | None:
    """Read `YYYYMMDD` or `YYMMDD` (`00`-`30` -> 20YY, else 19YY, as KEDS and TABARI did)."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_bound(
    text: str, content: str, line: int, path: Path, problems: list[DictionaryProblem]
) -> dt.date | None:
    """A restriction's date; other lengths are read by PETRARCH's rule and reported.

    PETRARCH reads any string longer than 7 characters as `YYYYMMDD` from its first 8 digits
    and a shorter one as `YYMMDD` from its first 6 (so `201005011` is 2010-05-01). Doing the
    same keeps a user's results comparable with their PETRARCH runs; the problem list shows
    each such date so the file can be corrected.
    """
    day = parse_dictionary_date(text)
    if day is not None:
        return day
    if text.isdigit() and len(text) > 6:
        cut = text[:8] if len(text) > 7 else text[:6]
        day = parse_dictionary_date(cut)
        if day is not None:
            problems.append(
                DictionaryProblem(
                    str(path), line, f"[{content}]: date {text} read as {day} (PETRARCH's rule)"
                )
            )
            return day
    problems.append(DictionaryProblem(str(path), line, f"[{content}]: bad date {text}; skipped"))
    return None


def _restriction(
    content: str, line: int, path: Path, problems: list[DictionaryProblem]
) -> CodeRestriction | None:
    m = _RESTRICTION.match(content)
    if not content or not m:
        problems.append(DictionaryProblem(str(path), line, f"unreadable code block [{content}]"))
        return None
    code = m.group("code")
    if m.group("single"):
        problems.append(
            DictionaryProblem(
                str(path), line, f"[{content}]: a date needs '<', '>' or a 'from-to' range; skipped"
            )
        )
        return None
    if m.group("op"):
        day = _date_bound(m.group("date"), content, line, path, problems)
        if day is None:
            return None
        if m.group("op") == "<":
            return CodeRestriction(code, None, day, line)
        return CodeRestriction(code, day, None, line)
    if m.group("start"):
        start = _date_bound(m.group("start"), content, line, path, problems)
        end = _date_bound(m.group("end"), content, line, path, problems)
        if start is None or end is None:
            return None
        if end < start:
            problems.append(
                DictionaryProblem(str(path), line, f"[{content}]: range ends before it starts")
            )
        return CodeRestriction(code, start, end, line)
    return CodeRestriction(code, None, None, line)


def read_actors(path: Path) -> ActorDictionary:
    """Read a PETRARCH actor file (`Phoenix.*.actors.txt`, `PETR.Validate.actors.txt`, ...).

    Structure: a primary phrase, optionally followed on its line by codes; `+` lines add
    synonyms; lines starting with `[` (normally tab-indented) add date restrictions. A primary
    phrase with no code at all is kept, with no restrictions, and reported as a problem: PETRARCH
    treats it as a null code, which is usually a slip in the file (e.g. `U.N._` in Phoenix).
    """
    path = Path(path)
    problems: list[DictionaryProblem] = []
    entries: list[ActorEntry] = []
    phrases: list[ActorPhrase] = []
    restrictions: list[CodeRestriction] = []
    first_line = 0

    def flush() -> None:
        if not phrases:
            return
        if not restrictions:
            problems.append(
                DictionaryProblem(str(path), first_line, f"actor {phrases[0].text!r} has no code")
            )
        entries.append(ActorEntry(f"{path.name}:{first_line}", tuple(phrases), tuple(restrictions)))

    for line in logical_lines(path, problems):
        stripped = line.text.strip()
        if stripped.startswith("["):
            if not phrases:
                raise dictionary_error(
                    path, line.number, "a code block comes before any actor phrase"
                )
            for content in brackets(line, path, problems):
                r = _restriction(content, line.number, path, problems)
                if r is not None:
                    restrictions.append(r)
            continue
        if stripped.startswith("+"):
            if not phrases:
                raise dictionary_error(
                    path, line.number, "a '+' synonym comes before any actor phrase"
                )
            words = phrase_words(before_bracket(stripped[1:]))
        else:
            flush()
            phrases, restrictions, first_line = [], [], line.number
            words = phrase_words(before_bracket(stripped))
        if not words:
            problems.append(DictionaryProblem(str(path), line.number, "empty actor phrase"))
            continue
        phrases.append(ActorPhrase(words, line.number))
        for content in brackets(line, path, problems):
            r = _restriction(content, line.number, path, problems)
            if r is not None:
                restrictions.append(r)
    flush()
    if not entries:
        raise dictionary_error(
            path, 0, "no actor entries found; is this a PETRARCH actor dictionary?"
        )
    return ActorDictionary(str(path), tuple(entries), tuple(problems))


# ---------------------------------------------------------------------------------------------
# Agents
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentEntry:
    """A role noun (minister, police, rebels...) and the role code it adds to an actor."""

    entry_id: str
    line: int
    phrases: tuple[tuple[str, ...], ...]  # every surface form: singular, plural, substitutions
    code: str  # without the '~'
    prefix: bool  # True for `NGO~`: the code goes before the actor code, not after

    def apply(self, actor_code: str) -> str:
        """Combine with an actor code the way PETRARCH does (`ARN` + `~GOV` -> `ARNGOV`)."""
        return self.code + actor_code if self.prefix else actor_code + self.code


@dataclass(frozen=True)
class AgentDictionary:
    path: str
    entries: tuple[AgentEntry, ...]
    problems: tuple[DictionaryProblem, ...]

    @property
    def phrase_count(self) -> int:
        return sum(len(e.phrases) for e in self.entries)


def _regular_plural(words: tuple[str, ...]) -> tuple[str, ...]:
    """PETRARCH's agent plural: -Y -> -IES, -S -> -SES, else -S, on the last word."""
    last = words[-1]
    if last.endswith("Y"):
        plural = last[:-1] + "IES"
    elif last.endswith("S"):
        plural = last + "ES"
    else:
        plural = last + "S"
    return (*words[:-1], plural)


_MARKER_DEF = re.compile(r"^\s*!(?P<name>[^!\s]+)!\s*=\s*(?P<items>.+)$")
_MARKER_USE = re.compile(r"!(?P<name>[^!\s]+)!")


def read_agents(path: Path) -> AgentDictionary:
    """Read a PETRARCH agent file: `PHRASE {optional plural} [~CODE]` per line.

    `{}` means "no plural"; `{X}` gives an irregular plural; otherwise a regular plural is made.
    `!NAME! = A, B, C` defines a substitution marker; `CONGRESS!PERSON!` then expands to
    `CONGRESSMAN`, `CONGRESSMEN`, ... with no further plurals, as PETRARCH does.
    """
    path = Path(path)
    problems: list[DictionaryProblem] = []
    markers: dict[str, tuple[str, ...]] = {}
    entries: list[AgentEntry] = []
    for line in logical_lines(path, problems):
        text = line.text.strip()
        m = _MARKER_DEF.match(text)
        if m and "[" not in text:
            markers[m.group("name").upper()] = tuple(
                i.strip().upper() for i in m.group("items").split(",") if i.strip()
            )
            continue
        codes = brackets(line, path, problems)
        if not codes:
            problems.append(
                DictionaryProblem(str(path), line.number, "agent has no [code]; skipped")
            )
            continue
        raw_code = codes[0].replace(" ", "")
        if raw_code.startswith("~"):
            code, prefix = raw_code[1:], False
        elif raw_code.endswith("~"):
            code, prefix = raw_code[:-1], True
        else:
            problems.append(
                DictionaryProblem(
                    str(path), line.number, f"[{raw_code}] has no '~'; read as a suffix code"
                )
            )
            code, prefix = raw_code, False
        if not code:
            problems.append(DictionaryProblem(str(path), line.number, "empty agent code; skipped"))
            continue
        phrase_text = before_bracket(text)
        plural_text: str | None = None
        if "{" in phrase_text:
            open_at = phrase_text.find("{")
            close_at = phrase_text.find("}", open_at)
            if close_at < 0:
                problems.append(DictionaryProblem(str(path), line.number, "missing '}'; skipped"))
                continue
            plural_text = phrase_text[open_at + 1 : close_at]
            phrase_text = phrase_text[:open_at]
        forms: list[tuple[str, ...]] = []
        use = _MARKER_USE.search(phrase_text)
        if use:
            items = markers.get(use.group("name").upper())
            if items is None:
                problems.append(
                    DictionaryProblem(
                        str(path),
                        line.number,
                        f"substitution marker !{use.group('name')}! is not defined above; skipped",
                    )
                )
                continue
            for item in items:
                expanded = phrase_text[: use.start()] + item + phrase_text[use.end() :]
                forms.append(phrase_words(expanded))
        else:
            singular = phrase_words(phrase_text)
            if not singular:
                problems.append(DictionaryProblem(str(path), line.number, "empty agent phrase"))
                continue
            forms.append(singular)
            if plural_text is None:
                forms.append(_regular_plural(singular))
            elif phrase_words(plural_text):
                forms.append(phrase_words(plural_text))
        entries.append(
            AgentEntry(
                f"{path.name}:{line.number}",
                line.number,
                tuple(dict.fromkeys(f for f in forms if f)),
                code,
                prefix,
            )
        )
    if not entries:
        raise dictionary_error(
            path, 0, "no agent entries found; is this a PETRARCH agent dictionary?"
        )
    return AgentDictionary(str(path), tuple(entries), tuple(problems))


# ---------------------------------------------------------------------------------------------
# Discards
# ---------------------------------------------------------------------------------------------


class DiscardScope(StrEnum):
    SENTENCE = "sentence"  # skip the sentence that contains the phrase
    STORY = "story"  # skip the whole story (`+` prefix)


@dataclass(frozen=True)
class DiscardEntry:
    """A phrase marking non-political text (sports, entertainment) that must not be coded."""

    entry_id: str
    line: int
    words: tuple[str, ...]
    scope: DiscardScope
    whole_word: bool  # `_` at the end: the last word must end there; else it is a stem

    def matches(self, text: str) -> bool:
        """Caseless match on word starts, as PETRARCH's `check_discards` does."""
        pattern = r"(?<![\w])" + r"\W+".join(re.escape(w) for w in self.words)
        if self.whole_word:
            pattern += r"(?![\w])"
        return re.search(pattern, text, flags=re.IGNORECASE) is not None


@dataclass(frozen=True)
class DiscardList:
    path: str
    entries: tuple[DiscardEntry, ...]
    problems: tuple[DictionaryProblem, ...]

    def first_match(self, text: str) -> DiscardEntry | None:
        """The first entry (story-level before sentence-level) that matches `text`."""
        for scope in (DiscardScope.STORY, DiscardScope.SENTENCE):
            for e in self.entries:
                if e.scope is scope and e.matches(text):
                    return e
        return None


def read_discards(path: Path) -> DiscardList:
    """Read a PETRARCH discard list: one phrase per line, `+` for story-level discards."""
    path = Path(path)
    problems: list[DictionaryProblem] = []
    entries: list[DiscardEntry] = []
    for line in logical_lines(path, problems):
        text = line.text.strip()
        scope = DiscardScope.SENTENCE
        if text.startswith("+"):
            scope, text = DiscardScope.STORY, text[1:]
        whole_word = text.endswith("_")
        words = phrase_words(text)
        if not words:
            problems.append(DictionaryProblem(str(path), line.number, "empty discard phrase"))
            continue
        entries.append(
            DiscardEntry(f"{path.name}:{line.number}", line.number, words, scope, whole_word)
        )
    if not entries:
        raise dictionary_error(
            path, 0, "no discard entries found; is this a PETRARCH discard list?"
        )
    return DiscardList(str(path), tuple(entries), tuple(problems))
