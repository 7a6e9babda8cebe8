"""Reader for PETRARCH-2 / Phoenix dictionaries that a user keeps at their own path.

Many researchers maintain CAMEO dictionaries in the plain-text formats of PETRARCH-2 (inherited
from TABARI): a verb dictionary (synsets, verb blocks, patterns, transformations), actor
dictionaries (names with date-restricted codes), an agent dictionary (role nouns) and a discard
list. This module reads those files from wherever the user has them -- they are never copied into
this repository -- into typed, frozen records that keep the line each entry came from, so every
code the project derives from them can be traced back to `file:line`.

The format is described in PETRARCH-2's `dictionaries-format.rst` and in the docstrings of its
`PETRreader.py`. Real dictionaries bend that format (two codes on one line, a 7-digit date, a
`}` closing a `[`, a pattern line without its leading `-`). PETRARCH-2 silently mis-reads most of
those; this reader instead keeps going and returns each irregularity as a `DictionaryProblem`
with its line number, so a user can fix the file. Only damage that makes the rest of the file
unreadable (an unterminated `<!--` comment, a synonym before any actor, a file with no entries
at all) raises `EtlError(E005)`.

Deliberate differences from PETRARCH-2, each because PETRARCH-2's behaviour is a bug:

* `#` starts a comment only outside `[...]`, so the codes `[###]` survive.
* Date restrictions may have blanks around their operators (`[HOBGOV 19950601 - 19990815]`).
* Regular verb forms follow ordinary English spelling (`CARRY` -> `CARRIES`, `CARRIED`).
* Every bracketed code on an actor line is read, not only the last one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import Errors, EtlError

if TYPE_CHECKING:  # the lexicon converter imports the stage lazily: no import cycle
    from etl.coding.lexicon import EventLexicon

#: Codes that PETRARCH dictionaries use for "known, but do not code this".
NULL_CODES = frozenset({"---", ""})


# ---------------------------------------------------------------------------------------------
# Shared records
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DictionaryProblem:
    """An irregular line that was skipped or read with an assumption; the file still loaded."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class _Line:
    """One logical line of a dictionary after comments were removed."""

    number: int
    text: str  # comment-free, right-stripped; leading whitespace kept (actor files use tabs)
    comment: str  # text of a trailing `#` comment, if any (verb patterns name their verb there)


def _fail(path: Path, line: int, problem: str) -> EtlError:
    return EtlError(Errors.E005.format(path=path, line=line, problem=problem))


def _read_text(path: Path, problems: list[DictionaryProblem]) -> str:
    if not path.is_file():
        raise _fail(path, 0, "file not found; pass the path of a PETRARCH dictionary file")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            DictionaryProblem(str(path), line, "not UTF-8; the file was read as Latin-1")
        )
        return data.decode("latin-1")


def _strip_hash_comment(text: str) -> tuple[str, str]:
    """Cut a `#` comment that is not inside `[...]` (codes such as `[###]` are data)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch in "]}" and depth:
            depth -= 1
        elif ch == "#" and depth == 0:
            return text[:i], text[i + 1 :].strip()
    return text, ""


def _logical_lines(path: Path, problems: list[DictionaryProblem]) -> Iterator[_Line]:
    """Yield non-blank lines without `<!-- ... -->` and `#` comments, with 1-based numbers."""
    raw_lines = _read_text(path, problems).splitlines()
    in_comment_since = 0
    for number, raw in enumerate(raw_lines, start=1):
        text = raw
        if in_comment_since:
            end = text.find("-->")
            if end < 0:
                continue
            text = text[end + 3 :]
            in_comment_since = 0
        # XML-style comments: `<!-- ... -->` anywhere, and any line that starts with `<!`.
        while True:
            stripped = text.lstrip()
            start = text.find("<!--")
            if stripped.startswith("<!"):
                start = len(text) - len(stripped)
            if start < 0:
                break
            end = text.find("-->", start)
            if end < 0:
                in_comment_since = number
                text = text[:start]
                break
            text = text[:start] + text[end + 3 :]
        text, comment = _strip_hash_comment(text)
        text = text.rstrip()
        if text.strip():
            yield _Line(number, text, comment)
    if in_comment_since:
        raise _fail(path, in_comment_since, "'<!--' comment is never closed with '-->'")


_BRACKET = re.compile(r"\[([^\[\]{}]*)([\]}])")


def _brackets(line: _Line, path: Path, problems: list[DictionaryProblem]) -> list[str]:
    """Return the contents of every `[...]` on the line (tolerating a `}` as the closer)."""
    found = []
    for m in _BRACKET.finditer(line.text):
        if m.group(2) == "}":
            problems.append(DictionaryProblem(str(path), line.number, "'[' closed by '}'"))
        found.append(m.group(1).strip())
    return found


def _before_bracket(text: str) -> str:
    cut = text.find("[")
    return text if cut < 0 else text[:cut]


def _words(phrase: str) -> tuple[str, ...]:
    """Split a dictionary phrase on blanks and underscores, upper-cased (matching is caseless)."""
    return tuple(w for w in re.split(r"[\s_]+", phrase.strip().upper()) if w)


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------


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

    for line in _logical_lines(path, problems):
        stripped = line.text.strip()
        if stripped.startswith("["):
            if not phrases:
                raise _fail(path, line.number, "a code block comes before any actor phrase")
            for content in _brackets(line, path, problems):
                r = _restriction(content, line.number, path, problems)
                if r is not None:
                    restrictions.append(r)
            continue
        if stripped.startswith("+"):
            if not phrases:
                raise _fail(path, line.number, "a '+' synonym comes before any actor phrase")
            words = _words(_before_bracket(stripped[1:]))
        else:
            flush()
            phrases, restrictions, first_line = [], [], line.number
            words = _words(_before_bracket(stripped))
        if not words:
            problems.append(DictionaryProblem(str(path), line.number, "empty actor phrase"))
            continue
        phrases.append(ActorPhrase(words, line.number))
        for content in _brackets(line, path, problems):
            r = _restriction(content, line.number, path, problems)
            if r is not None:
                restrictions.append(r)
    flush()
    if not entries:
        raise _fail(path, 0, "no actor entries found; is this a PETRARCH actor dictionary?")
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
    for line in _logical_lines(path, problems):
        text = line.text.strip()
        m = _MARKER_DEF.match(text)
        if m and "[" not in text:
            markers[m.group("name").upper()] = tuple(
                i.strip().upper() for i in m.group("items").split(",") if i.strip()
            )
            continue
        codes = _brackets(line, path, problems)
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
        phrase_text = _before_bracket(text)
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
                forms.append(_words(expanded))
        else:
            singular = _words(phrase_text)
            if not singular:
                problems.append(DictionaryProblem(str(path), line.number, "empty agent phrase"))
                continue
            forms.append(singular)
            if plural_text is None:
                forms.append(_regular_plural(singular))
            elif _words(plural_text):
                forms.append(_words(plural_text))
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
        raise _fail(path, 0, "no agent entries found; is this a PETRARCH agent dictionary?")
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
    for line in _logical_lines(path, problems):
        text = line.text.strip()
        scope = DiscardScope.SENTENCE
        if text.startswith("+"):
            scope, text = DiscardScope.STORY, text[1:]
        whole_word = text.endswith("_")
        words = _words(text)
        if not words:
            problems.append(DictionaryProblem(str(path), line.number, "empty discard phrase"))
            continue
        entries.append(
            DiscardEntry(f"{path.name}:{line.number}", line.number, words, scope, whole_word)
        )
    if not entries:
        raise _fail(path, 0, "no discard entries found; is this a PETRARCH discard list?")
    return DiscardList(str(path), tuple(entries), tuple(problems))


# ---------------------------------------------------------------------------------------------
# Verbs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerbCode:
    """A bracketed verb code: `[064]`, a paired event `[042:043]`, reverse only `[:173]`."""

    raw: str
    forward: str | None  # source -> target event code; None for the null code `---`
    reverse: str | None  # target -> source event code of a paired event, if any

    @property
    def is_null(self) -> bool:
        return self.forward is None and self.reverse is None

    @classmethod
    def parse(cls, raw: str) -> VerbCode:
        raw = raw.strip()
        forward, _, reverse = raw.partition(":")
        return cls(
            raw,
            None if forward.strip() in NULL_CODES else forward.strip(),
            None if reverse.strip() in NULL_CODES else reverse.strip(),
        )


NULL_VERB_CODE = VerbCode("---", None, None)


@dataclass(frozen=True)
class VerbForm:
    """One surface form of a (possibly multi-word) verb, e.g. ('CORDONED', 'OFF') head 0."""

    words: tuple[str, ...]
    head: int  # index of the inflected verb inside `words`

    @property
    def verb(self) -> str:
        return self.words[self.head]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class VerbEntry:
    """A verb of a block with all its forms and the code of the bare verb."""

    entry_id: str
    line: int
    block: str
    lemma: VerbForm
    forms: tuple[VerbForm, ...]  # lemma first, then given irregular or generated regular forms
    code: VerbCode
    own_code: bool  # True if the code was on the verb's line, not inherited from its block


class ElementKind(StrEnum):
    WORD = "word"  # a word or consecutive words (`_`); may hold synset references `&X`
    SYNSET = "synset"  # `&NAME`: any member of the synset
    PHRASE = "phrase"  # `{MODIFIERS HEAD}`: a noun phrase, head last
    PREP = "prep"  # `(PREP NOUNS...)`: a prepositional phrase
    SOURCE = "source"  # `$`
    TARGET = "target"  # `+`
    SKIP = "skip"  # `^`
    COMPOUND = "compound"  # `%`: a compound (coordinated) actor


@dataclass(frozen=True)
class PatternElement:
    """One element of a verb pattern (`{FINANCIAL AID}`, `(FOR &CURRENCY)`, `$`...)."""

    kind: ElementKind
    words: tuple[str, ...] = ()  # PREP: (preposition,); SYNSET: (name,); markers: ()
    objects: tuple[PatternElement, ...] = ()  # PREP only: what the preposition governs

    @property
    def text(self) -> str:
        inner = " ".join(self.words)
        if self.kind is ElementKind.PHRASE:
            return "{" + inner + "}"
        if self.kind is ElementKind.PREP:
            return "(" + " ".join([inner, *(o.text for o in self.objects)]).strip() + ")"
        marks = {
            ElementKind.SOURCE: "$",
            ElementKind.TARGET: "+",
            ElementKind.SKIP: "^",
            ElementKind.COMPOUND: "%",
        }
        return marks.get(self.kind, "_".join(self.words))

    def synsets(self) -> Iterator[str]:
        """Names of the synsets this element refers to (recursively)."""
        for w in self.words:
            if w.startswith("&"):
                yield w
        for o in self.objects:
            yield from o.synsets()


@dataclass(frozen=True)
class VerbPattern:
    """`- [before] * [after] [CODE] # NOTE`: a verb in context, with the code it yields."""

    entry_id: str
    line: int
    block: str
    before: tuple[PatternElement, ...]
    after: tuple[PatternElement, ...]
    code: VerbCode
    note: str  # the comment; by convention the verb the pattern was written for

    @property
    def text(self) -> str:
        return " ".join([*(e.text for e in self.before), "*", *(e.text for e in self.after)])

    def synsets(self) -> Iterator[str]:
        for e in (*self.before, *self.after):
            yield from e.synsets()


@dataclass(frozen=True)
class SynsetMember:
    element: PatternElement
    plural: bool  # generate the regular plural too
    line: int


@dataclass(frozen=True)
class Synset:
    """`&NAME` followed by `+member` lines."""

    name: str  # with '&', without the trailing '_'
    line: int
    members: tuple[SynsetMember, ...]


@dataclass(frozen=True)
class Transformation:
    """`~ a (b c VERB1) VERB2 = x y CODE`: how a verb acting on a coded verb is re-coded."""

    entry_id: str
    line: int
    outer_source: str
    inner_source: str
    inner_target: str
    inner_verb: str
    outer_verb: str
    result_source: str
    result_target: str
    result_code: str


@dataclass(frozen=True)
class VerbBlock:
    """`--- NAME [CODE] ---` and the verbs and patterns that follow it."""

    name: str
    line: int
    code: VerbCode
    verbs: tuple[VerbEntry, ...]
    patterns: tuple[VerbPattern, ...]


@dataclass(frozen=True)
class VerbDictionary:
    path: str
    synsets: dict[str, Synset]
    blocks: tuple[VerbBlock, ...]
    transformations: tuple[Transformation, ...]
    problems: tuple[DictionaryProblem, ...]

    @property
    def verbs(self) -> tuple[VerbEntry, ...]:
        return tuple(v for b in self.blocks for v in b.verbs)

    @property
    def patterns(self) -> tuple[VerbPattern, ...]:
        return tuple(p for b in self.blocks for p in b.patterns)

    def expand_synset(self, name: str) -> tuple[tuple[str, ...], ...]:
        """All word sequences a synset stands for, with plurals and nested synsets resolved.

        Prepositional-phrase members (`+(TO THE DEATH)`) expand to their words.
        """
        seen: set[str] = set()

        def walk(n: str) -> Iterator[tuple[str, ...]]:
            key = _synset_key(n)
            if key in seen or key not in self.synsets:
                return
            seen.add(key)
            for m in self.synsets[key].members:
                el = m.element
                if el.kind is ElementKind.SYNSET:
                    yield from walk(el.words[0])
                    continue
                words = _element_words(el)
                if any(w.startswith("&") for w in words):
                    continue  # a synset inside a phrase member: not expanded (PETRARCH neither)
                yield words
                if m.plural and el.kind is not ElementKind.PREP:
                    yield _plural_noun(words)

        return tuple(dict.fromkeys(walk(name)))


def _synset_key(name: str) -> str:
    name = name.strip().upper()
    if not name.startswith("&"):
        name = "&" + name
    return name.rstrip("_")


def _element_words(el: PatternElement) -> tuple[str, ...]:
    words = list(el.words)
    for o in el.objects:
        words.extend(_element_words(o))
    return tuple(words)


def _plural_noun(words: tuple[str, ...]) -> tuple[str, ...]:
    """The verb file's synset plural: -Y -> -IES, -S -> -ES (sic, PETRARCH), else -S."""
    last = words[-1]
    if last.endswith("Y"):
        last = last[:-1] + "IES"
    elif last.endswith("S"):
        last = last[:-1] + "ES"
    else:
        last = last + "S"
    return (*words[:-1], last)


_VOWELS = frozenset("AEIOU")


def regular_verb_forms(verb: str) -> tuple[str, str, str]:
    """Third person singular, past and -ing forms by ordinary English spelling rules.

    PETRARCH only generates these when the dictionary gives no `{...}` forms; consonant
    doubling is never guessed (dictionaries list `PERMITTED` explicitly).
    """
    v = verb.upper()
    if v.endswith(("S", "X", "Z", "SH", "CH")):
        third = v + "ES"
    elif v.endswith("Y") and len(v) > 1 and v[-2] not in _VOWELS:
        third = v[:-1] + "IES"
    else:
        third = v + "S"
    if v.endswith("E"):
        past = v + "D"
    elif v.endswith("Y") and len(v) > 1 and v[-2] not in _VOWELS:
        past = v[:-1] + "IED"
    else:
        past = v + "ED"
    if v.endswith("E") and not v.endswith(("EE", "YE", "OE")) and len(v) > 2:
        ing = v[:-1] + "ING"
    else:
        ing = v + "ING"
    return third, past, ing


def _verb_form(text: str) -> VerbForm | None:
    """`+CORDON_OFF` -> (CORDON, OFF) head 0; `WIRE_+TAP` -> (WIRE, TAP) head 1; `SAY` -> head 0."""
    text = text.strip().upper()
    parts = [p for p in re.split(r"[\s_]+", text) if p]
    if not parts:
        return None
    head = 0
    for i, p in enumerate(parts):
        if p.startswith("+"):
            head = i
            break
    words = tuple(p.lstrip("+") for p in parts)
    if not all(words):
        return None
    return VerbForm(words, head)


def _inflect(lemma: VerbForm) -> tuple[VerbForm, ...]:
    out = []
    for form in regular_verb_forms(lemma.verb):
        words = list(lemma.words)
        words[lemma.head] = form
        out.append(VerbForm(tuple(words), lemma.head))
    return tuple(out)


_PATTERN_TOKEN = re.compile(r"\{[^{}]*\}|\([^()]*\)|[^\s{}()]+|[{}()]")


def _simple_element(token: str) -> list[PatternElement]:
    """A bare token: markers, synsets, words; `A_B` is a run of consecutive words."""
    out: list[PatternElement] = []
    parts = [p for p in token.upper().split("_") if p]
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(PatternElement(ElementKind.WORD, tuple(run)))
            run.clear()

    markers = {
        "$": ElementKind.SOURCE,
        "+": ElementKind.TARGET,
        "^": ElementKind.SKIP,
        "%": ElementKind.COMPOUND,
    }
    for p in parts:
        if p in markers:
            flush()
            out.append(PatternElement(markers[p]))
        elif p.startswith("&") and not run and len(parts) == 1:
            out.append(PatternElement(ElementKind.SYNSET, (_synset_key(p),)))
        else:
            run.append(_synset_key(p) if p.startswith("&") else p)
    flush()
    return out


def _parse_elements(text: str) -> list[PatternElement] | None:
    """Parse one side of a pattern; None if braces or parentheses are unbalanced."""
    elements: list[PatternElement] = []
    for tok in _PATTERN_TOKEN.findall(text):
        if tok in "{}()":
            return None
        if tok.startswith("{"):
            words = tuple(
                _synset_key(w) if w.startswith("&") else w
                for w in re.split(r"[\s_]+", tok[1:-1].upper())
                if w
            )
            if not words:
                return None
            elements.append(PatternElement(ElementKind.PHRASE, words))
        elif tok.startswith("("):
            inner = _parse_elements(tok[1:-1])
            if not inner:
                return None
            first = inner[0]
            if first.kind is not ElementKind.WORD:
                return None
            prep = first.words[:1]
            rest = list(inner[1:])
            if len(first.words) > 1:  # `(IN_AND_OUT ...)`-style runs keep their tail words
                rest.insert(0, PatternElement(ElementKind.WORD, first.words[1:]))
            elements.append(PatternElement(ElementKind.PREP, prep, tuple(rest)))
        else:
            elements.extend(_simple_element(tok))
    return elements


def _parse_transformation(
    line: _Line, path: Path, problems: list[DictionaryProblem]
) -> Transformation | None:
    lhs, eq, rhs = line.text.strip()[1:].partition("=")
    m = re.match(r"^\s*(\S+)\s*\(\s*(\S+)\s+(\S+)\s+(\S+)\s*\)\s*(\S+)\s*$", lhs)
    result = rhs.split()
    if not eq or not m or len(result) != 3:
        problems.append(
            DictionaryProblem(str(path), line.number, "unreadable transformation; skipped")
        )
        return None
    return Transformation(
        f"{path.name}:{line.number}",
        line.number,
        *(g.upper() for g in m.groups()),
        *(r.upper() for r in result),
    )


@dataclass
class _BlockBuilder:
    name: str
    line: int
    code: VerbCode
    verbs: list[VerbEntry] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)

    def build(self) -> VerbBlock:
        return VerbBlock(self.name, self.line, self.code, tuple(self.verbs), tuple(self.patterns))


def read_verbs(path: Path) -> VerbDictionary:
    """Read a PETRARCH verb dictionary (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`, ...).

    Line kinds: `&NAME` starts a synset and `+member` lines fill it; `--- NAME [CODE] ---`
    starts a verb block; a bare line is a verb of the current block (`VERB {FORMS} [CODE]`);
    `- before * after [CODE] # NOTE` is a pattern; `~ ...` is a transformation. Synsets may be
    used before they are defined; a pattern naming a synset that is never defined is skipped
    and reported, as the format document says.
    """
    path = Path(path)
    problems: list[DictionaryProblem] = []
    synset_lines: dict[str, int] = {}
    synset_members: dict[str, list[SynsetMember]] = {}
    blocks: list[_BlockBuilder] = []
    transformations: list[Transformation] = []
    current_synset: str | None = None
    current_synset_plural = True

    def problem(line: _Line, message: str) -> None:
        problems.append(DictionaryProblem(str(path), line.number, message))

    for line in _logical_lines(path, problems):
        text = line.text.strip()
        if text.startswith("+") and current_synset is not None:
            member_text = text[1:].strip()
            plural = current_synset_plural and not member_text.endswith("_")
            elements = _parse_elements(member_text.rstrip("_"))
            if not elements:
                problem(line, f"unreadable synset member {member_text!r}; skipped")
                continue
            if len(elements) == 1:
                element = elements[0]
            else:  # `+AUSTRIAN FLORIN`: synset phrases are runs of consecutive words
                element = PatternElement(
                    ElementKind.WORD, tuple(w for e in elements for w in _element_words(e))
                )
            synset_members[current_synset].append(SynsetMember(element, plural, line.number))
            continue
        current_synset = None
        if text.startswith("&"):
            name_text = text.split()[0]
            key = _synset_key(name_text)
            current_synset_plural = not name_text.endswith("_")
            if key in synset_lines:
                problem(
                    line,
                    f"synset {key} defined again (first at line {synset_lines[key]}); "
                    "members are merged",
                )
            else:
                synset_lines[key] = line.number
                synset_members[key] = []
            current_synset = key
            continue
        if text.startswith("---"):
            header = text.strip("-").strip()
            codes = _brackets(line, path, problems)
            name = " ".join(_words(_before_bracket(header))) or "?"
            if len(codes) > 1:
                problem(line, f"block {name} has {len(codes)} codes; the first is used")
            code = VerbCode.parse(codes[0]) if codes else NULL_VERB_CODE
            blocks.append(_BlockBuilder(name, line.number, code))
            continue
        if text.startswith("~"):
            t = _parse_transformation(line, path, problems)
            if t is not None:
                transformations.append(t)
            continue
        if not blocks:
            raise _fail(path, line.number, "a verb or pattern comes before any '--- NAME ---' line")
        block = blocks[-1]
        if text.startswith("-") or text.startswith("*"):
            if text.startswith("*"):
                problem(line, "pattern line without its leading '-'; read as a pattern")
                body = text
            else:
                body = text[1:]
            codes = _brackets(line, path, problems)
            if not codes:
                problem(line, "pattern has no [code]; skipped")
                continue
            body = body[: body.rfind("[")]
            if body.count("*") != 1:
                problem(line, "pattern needs exactly one '*' (the verb); skipped")
                continue
            before_text, _, after_text = body.partition("*")
            before = _parse_elements(before_text)
            after = _parse_elements(after_text)
            if before is None or after is None:
                problem(line, "unbalanced braces or parentheses in pattern; skipped")
                continue
            block.patterns.append(
                VerbPattern(
                    f"{path.name}:{line.number}",
                    line.number,
                    block.name,
                    tuple(before),
                    tuple(after),
                    VerbCode.parse(codes[-1]),
                    line.comment,
                )
            )
            continue
        # A verb of the current block: `VERB {FORMS} [CODE]`.
        codes = _brackets(line, path, problems)
        head_text = _before_bracket(text)
        irregular: str | None = None
        if "{" in head_text:
            open_at = head_text.find("{")
            close_at = head_text.find("}", open_at)
            if close_at < 0:
                problem(line, "missing '}' after verb forms; skipped")
                continue
            irregular = head_text[open_at + 1 : close_at]
            head_text = head_text[:open_at]
        if len(head_text.split()) > 1 and "+" not in head_text:
            problem(line, "multi-word verb without '+'; its first word is taken as the verb")
        lemma = _verb_form(head_text)
        if lemma is None:
            problem(line, "empty verb; skipped")
            continue
        forms = [lemma]
        if irregular is None:
            forms.extend(_inflect(lemma))
        else:
            for f in irregular.replace(",", " ").split():
                vf = _verb_form(f)
                if vf is None:
                    continue
                if len(lemma.words) > 1 and "+" not in f:
                    problem(line, f"form {f!r} of a multi-word verb lacks '+'; skipped")
                    continue
                forms.append(vf)
        own = bool(codes)
        code = VerbCode.parse(codes[0]) if codes else block.code
        block.verbs.append(
            VerbEntry(
                f"{path.name}:{line.number}",
                line.number,
                block.name,
                lemma,
                tuple(dict.fromkeys(forms)),
                code,
                own,
            )
        )

    synsets = {
        key: Synset(key, synset_lines[key], tuple(synset_members[key])) for key in synset_lines
    }
    # Drop patterns that refer to undefined synsets (format document: "will be ignored").
    built: list[VerbBlock] = []
    for b in blocks:
        kept = []
        for p in b.patterns:
            missing = sorted({s for s in p.synsets() if s not in synsets})
            if missing:
                problems.append(
                    DictionaryProblem(
                        str(path), p.line, f"undefined synset {', '.join(missing)}; pattern skipped"
                    )
                )
            else:
                kept.append(p)
        b.patterns = kept
        built.append(b.build())
    if not built:
        raise _fail(path, 0, "no verb blocks found; is this a PETRARCH verb dictionary?")
    return VerbDictionary(str(path), synsets, tuple(built), tuple(transformations), tuple(problems))


# ---------------------------------------------------------------------------------------------
# A set of dictionaries
# ---------------------------------------------------------------------------------------------


class DictionaryKind(StrEnum):
    VERBS = "verbs"
    ACTORS = "actors"
    AGENTS = "agents"
    DISCARDS = "discards"
    OTHER = "other"  # issues, licences, documentation: not read


def dictionary_kind(path: Path) -> DictionaryKind:
    """Guess a file's kind from its name, as PETRARCH users name them (`*.verbs.txt`, ...)."""
    name = Path(path).name.lower()
    if not name.endswith(".txt") or "license" in name or "readme" in name:
        return DictionaryKind.OTHER
    if "verb" in name or name.startswith("cameo"):
        return DictionaryKind.VERBS
    if "actor" in name:
        return DictionaryKind.ACTORS
    if "agent" in name:
        return DictionaryKind.AGENTS
    if "discard" in name:
        return DictionaryKind.DISCARDS
    return DictionaryKind.OTHER


@dataclass(frozen=True)
class PetrarchDictionaries:
    """One coherent set: a verb file, actor files, an agent file and a discard list."""

    verbs: VerbDictionary | None
    actors: tuple[ActorDictionary, ...]
    agents: AgentDictionary | None
    discards: DiscardList | None
    ignored: tuple[str, ...]  # files in the given folders that are not one of the four kinds

    @property
    def problems(self) -> tuple[DictionaryProblem, ...]:
        out: list[DictionaryProblem] = []
        for d in (self.verbs, *self.actors, self.agents, self.discards):
            if d is not None:
                out.extend(d.problems)
        return tuple(out)

    @property
    def actor_entries(self) -> tuple[ActorEntry, ...]:
        return tuple(e for a in self.actors for e in a.entries)

    @property
    def files(self) -> tuple[str, ...]:
        paths = [d.path for d in (self.verbs, *self.actors, self.agents, self.discards) if d]
        return tuple(paths)


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    ignored: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.iterdir()):
                if child.is_file() and dictionary_kind(child) is not DictionaryKind.OTHER:
                    files.append(child)
                elif child.is_file():
                    ignored.append(str(child))
        elif p.is_file():
            files.append(p)
        else:
            raise _fail(p, 0, "no such file or folder")
    return files, ignored


def load_petrarch(paths: Sequence[Path] | Path) -> PetrarchDictionaries:
    """Load a PETRARCH dictionary set from files and/or folders (kinds are told by file name).

    A set has at most one verb, agent and discard file and any number of actor files, as in
    PETRARCH's `PETR_config.ini`. A folder holding two sets (e.g. two verb files) is ambiguous:
    pass the files explicitly instead.
    """
    if isinstance(paths, str | Path):
        paths = [Path(paths)]
    files, ignored = _expand(paths)
    by_kind: dict[DictionaryKind, list[Path]] = {k: [] for k in DictionaryKind}
    for f in files:
        kind = dictionary_kind(f)
        if kind is DictionaryKind.OTHER:
            raise _fail(
                f,
                0,
                "cannot tell the dictionary kind from the name; name it *verbs*, *actors*, "
                "*agents* or *discards*",
            )
        by_kind[kind].append(f)
    for kind in (DictionaryKind.VERBS, DictionaryKind.AGENTS, DictionaryKind.DISCARDS):
        if len(by_kind[kind]) > 1:
            names = ", ".join(p.name for p in by_kind[kind])
            raise _fail(
                by_kind[kind][1], 0, f"more than one {kind} file ({names}); pass one set's files"
            )
    verbs = by_kind[DictionaryKind.VERBS]
    agents = by_kind[DictionaryKind.AGENTS]
    discards = by_kind[DictionaryKind.DISCARDS]
    return PetrarchDictionaries(
        verbs=read_verbs(verbs[0]) if verbs else None,
        actors=tuple(read_actors(p) for p in by_kind[DictionaryKind.ACTORS]),
        agents=read_agents(agents[0]) if agents else None,
        discards=read_discards(discards[0]) if discards else None,
        ignored=tuple(ignored),
    )


# ---------------------------------------------------------------------------------------------
# Conversion to the project's event lexicon (etl/coding/lexicon.py)
# ---------------------------------------------------------------------------------------------

#: Kinds of lines of the project's lexicon kept when PETRARCH verbs replace its triggers: the
#: grammar of reported speech, intentions, appeals and light verbs is the coder's, not data of
#: a PETRARCH verb file.
KEPT_LEXICON_KINDS = frozenset({"W", "L"})


@dataclass(frozen=True)
class LexiconConversion:
    """Lexicon lines made from a PETRARCH verb file, and what could not be expressed."""

    lines: tuple[str, ...]
    skipped: tuple[DictionaryProblem, ...]  # one per pattern or verb left out, with why


#: Upper bound on the alternatives one phrase with synsets may expand to.
MAX_PHRASE_EXPANSION = 500


def _lexicon_object(el: PatternElement, verbs: VerbDictionary) -> list[str] | None:
    """`=` alternatives for a noun element ('_' joins modifier words, head last).

    Synsets inside a phrase (`{&MILITARY AID}`) expand to every combination.
    """
    if el.kind not in (ElementKind.SYNSET, ElementKind.WORD, ElementKind.PHRASE):
        return None
    alternatives: list[tuple[str, ...]] = [()]
    for word in el.words:
        options = list(verbs.expand_synset(word)) if word.startswith("&") else [(word,)]
        alternatives = [a + o for a in alternatives for o in options]
        if not alternatives or len(alternatives) > MAX_PHRASE_EXPANSION:
            return None
    return ["_".join(w.lower() for w in a) for a in alternatives]


def _merge_word_runs(elements: list[PatternElement]) -> list[PatternElement]:
    """TABARI-style `* DIPLOMATIC TIES`: consecutive bare words read as one phrase, head last."""
    out: list[PatternElement] = []
    for el in elements:
        if (
            out
            and el.kind is ElementKind.WORD
            and out[-1].kind
            in (
                ElementKind.WORD,
                ElementKind.PHRASE,
            )
        ):
            out[-1] = PatternElement(ElementKind.PHRASE, out[-1].words + el.words)
        else:
            out.append(el)
    return out


def _lexicon_constraints(
    pattern: VerbPattern, verbs: VerbDictionary
) -> tuple[list[str], str | None]:
    """`=object` / `+prep` items for a pattern, or ([], reason) when it cannot be expressed."""
    if pattern.before:
        return [], "words before the verb"
    after = _merge_word_runs(list(pattern.after))
    if not after:
        return [], "no words after the verb"
    items: list[str] = []
    nouns = [e for e in after if e.kind is not ElementKind.PREP]
    preps = [e for e in after if e.kind is ElementKind.PREP]
    if len(nouns) > 1 or len(preps) > 1:
        return [], "more than one noun or prepositional phrase"
    if nouns:
        objects = _lexicon_object(nouns[0], verbs)
        if not objects:
            return [], f"element {nouns[0].text} has no lexicon form"
        items.append("=" + "|".join(dict.fromkeys(objects)))
    if preps:
        prep = preps[0]
        items.append("+" + prep.words[0].lower())
        if prep.objects:
            if nouns or len(prep.objects) > 1:
                return [], "a prepositional object besides another noun"
            objects = _lexicon_object(prep.objects[0], verbs)
            if not objects:
                return [], f"element {prep.objects[0].text} has no lexicon form"
            items.append("=" + "|".join(dict.fromkeys(objects)))
    return items, None


def _lexicon_lemma(form: VerbForm) -> tuple[str, str | None] | None:
    """(lemma, particle) of a verb, or None when the lexicon cannot express it."""
    if form.head != 0 or len(form.words) > 2:
        return None  # "WIRE_+TAP": words before the verb, or longer phrases
    particle = form.words[1].lower() if len(form.words) == 2 else None
    return form.words[0].lower(), particle


def verb_lexicon_lines(verbs: VerbDictionary) -> LexiconConversion:
    """Translate PETRARCH verbs and patterns into `V` lines of the project's lexicon.

    A verb with a code becomes `V lemma`; a pattern `* OBJECT`, `* (PREP)` or `* (PREP NOUN)`
    becomes `V lemma =object +prep` for every verb of its block (PETRARCH applies a block's
    patterns to all its verbs); synsets expand to `|` alternatives. The entry id is
    `petr:<file>:<line>`, so `events.rule_id` leads back to the PETRARCH line. Not expressible,
    hence skipped and listed: patterns with words before the verb or with `$ + ^ %` markers,
    reverse-only codes (`[:173]`) and codes outside the CAMEO codebook. A paired code
    (`[042:043]`) keeps its first code.
    """
    from etl.cameo import codebook

    book = codebook()
    lines: list[str] = []
    skipped: list[DictionaryProblem] = []
    path = verbs.path

    def skip(line: int, why: str) -> None:
        skipped.append(DictionaryProblem(path, line, why))

    def code_of(code: VerbCode, line: int) -> str | None:
        if code.forward is None:
            skip(line, f"code [{code.raw}] has no source->target event")
            return None
        if not book.is_valid_event(code.forward):
            skip(line, f"code {code.forward} is not in the CAMEO codebook")
            return None
        return code.forward

    name = Path(path).name
    for block in verbs.blocks:
        lemmas: dict[str | None, list[str]] = {}  # particle -> lemmas of the block
        for verb in block.verbs:
            lp = _lexicon_lemma(verb.lemma)
            if lp is None:
                skip(verb.line, f"verb {verb.lemma.text}: words before the verb")
                continue
            lemma, particle = lp
            lemmas.setdefault(particle, [])
            if lemma not in lemmas[particle]:
                lemmas[particle].append(lemma)
            if not verb.code.is_null:
                code = code_of(verb.code, verb.line)
                if code is not None:
                    extra = f" ~{particle}" if particle else ""
                    lines.append(f"petr:{name}:{verb.line} {code} V {lemma}{extra}")
        for pattern in block.patterns:
            if pattern.code.is_null:
                continue
            items, why = _lexicon_constraints(pattern, verbs)
            if why is not None:
                skip(pattern.line, f"pattern {pattern.text}: {why}")
                continue
            code = code_of(pattern.code, pattern.line)
            if code is None or not lemmas:
                continue
            for particle, group in lemmas.items():
                if particle and any(i.startswith("+") for i in items):
                    continue  # the lexicon takes a particle or a preposition, not both here
                extra = [f"~{particle}"] if particle else []
                suffix = f":{particle}" if particle else ""
                lines.append(
                    " ".join(
                        [f"petr:{name}:{pattern.line}{suffix}", code, "V", "|".join(group),
                         *extra, *items]
                    )
                )  # fmt: skip
    return LexiconConversion(tuple(lines), tuple(skipped))


def build_event_lexicon(
    verbs: VerbDictionary, base_text: str | None = None
) -> tuple[EventLexicon, LexiconConversion]:
    """The project's `EventLexicon` with PETRARCH verbs as its event triggers.

    The project lexicon (`base_text`, default the shipped `verbs.txt`) keeps its `@` lines and
    its wrapper (`W`) and light-verb (`L`) entries -- how reported speech, intentions and
    "held talks" are handled -- and its own `V`, `N` and `A` triggers are replaced by the lines
    of `verb_lexicon_lines`.
    """
    from etl.coding.lexicon import EventLexicon

    if base_text is None:
        from importlib import resources

        base_text = resources.files("etl.dictionaries").joinpath("verbs.txt").read_text("utf-8")
    kept: list[str] = []
    for raw in base_text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if parts[0].startswith("@") or (len(parts) > 2 and parts[2] in KEPT_LEXICON_KINDS):
            kept.append(line)
    conversion = verb_lexicon_lines(verbs)
    text = "\n".join([*kept, *conversion.lines]) + "\n"
    lexicon = EventLexicon.from_text(text, source=f"{verbs.path} (+ project wrappers)")
    return lexicon, conversion


# ---------------------------------------------------------------------------------------------
# Conversion to the project's actor dictionary folder (etl/coding/actors.py)
# ---------------------------------------------------------------------------------------------

_ACTOR_HEADERS = {
    "countries.csv": "id,code,iso3,name,aliases,adjectives,capitals,regions,note",
    "regions.csv": "id,code,name,aliases,adjectives,note",
    "igos.csv": "id,code,kind,name,aliases,note",
    "groups.csv": "id,code,name,aliases,note",
    "metonyms.csv": "id,phrases,code,kind,note",
    "roles.csv": "id,phrases,role,kind,standalone,title,note",
    "people.csv": "id,person,name,aliases,code,valid_from,valid_to,source",
}
#: English words kept lower-case when a PETRARCH phrase becomes a surface (see `_surface`).
_SMALL_WORDS = frozenset(
    "of to in on at an as by or and the for de la el al du le da di von van bin ibn".split()
)
_OPEN_START = dt.date(1, 1, 1)


@dataclass(frozen=True)
class ActorConversion:
    """What `write_actor_folder` wrote, and which entries could not be carried over."""

    folder: str
    countries: int
    organisations: int
    people: int
    roles: int
    skipped: tuple[DictionaryProblem, ...]


def _surface(words: tuple[str, ...]) -> str:
    """A PETRARCH phrase as a surface of the project's dictionary.

    PETRARCH matches upper-cased text, so its phrases carry no case information. Lower case
    keeps that (the project's matcher is caseless for lower-case surfaces), except for
    two-letter words such as US, UN, EU, which stay upper case so that they only match as
    acronyms ("us" is a pronoun).
    """
    out = []
    for w in words:
        if len(w) == 2 and w.isalpha() and w.lower() not in _SMALL_WORDS:
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


def _segments(code: str) -> list[str] | None:
    if not code or len(code) % 3 or not code.isalpha():
        return None
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def _terms(entry: ActorEntry) -> list[tuple[str, dt.date, dt.date | None]]:
    """The entry's codes as non-overlapping terms [from, to) that give `code_on` for every day."""
    bounds = {_OPEN_START}
    for r in entry.restrictions:
        if r.start is not None:
            bounds.add(r.start)
        if r.end is not None and r.end < dt.date.max:
            bounds.add(r.end + dt.timedelta(days=1))
    starts = sorted(bounds)
    terms: list[tuple[str, dt.date, dt.date | None]] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else None
        code = entry.code_on(start)
        if code is None or code in NULL_CODES:
            continue
        if terms and terms[-1][0] == code and terms[-1][2] == start:
            terms[-1] = (code, terms[-1][1], end)
        else:
            terms.append((code, start, end))
    return terms


def write_actor_folder(dictionaries: PetrarchDictionaries, folder: Path) -> ActorConversion:
    """Write PETRARCH actors and agents as a folder `ActorDictionary.load` reads.

    * an actor with one undated 3-letter code is a country (`country:ARN`; entries sharing a
      code are merged, their PETRARCH lines listed in `note`); codes that are not CAMEO
      countries (the fictional ARN, GON ...) are declared there so longer codes built on them
      (`ARNGOV`) validate;
    * an actor with one undated longer code is an organisation (`igos.csv` for IGO/NGO codes,
      else `groups.csv`);
    * an actor with date restrictions is a person whose terms reproduce PETRARCH's choice of
      code on every day (`_terms`);
    * an agent `[~ROLE]` whose code starts with a CAMEO role is a role noun (a group noun that
      needs an actor: `standalone = no`).

    Not carried over, and listed in `skipped`: null codes (`---`), codes that are not
    sequences of 3-letter segments or have segments the codebook does not know, agents that
    prefix their code (`NGO~`) and agents whose code does not start with a CAMEO role.
    `rules.yaml` and `VERSION` come from the project's own actor folder.
    """
    import csv
    from importlib import resources

    from etl.cameo import codebook

    book = codebook()
    roles = set(book.roles)
    known_groups = {
        r["code"]
        for r in csv.DictReader(
            resources.files("etl.dictionaries")
            .joinpath("cameo", "known_groups.csv")
            .read_text("utf-8")
            .splitlines()
        )
    }
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    skipped: list[DictionaryProblem] = []

    # Pass 1: every first segment that is neither a CAMEO country nor a role nor a group is a
    # (fictional or obsolete) country of this dictionary.
    entries = [(a.path, e) for a in dictionaries.actors for e in a.entries]
    extra: dict[str, list[str]] = {}
    for path, e in entries:
        for r in e.restrictions:
            seg = _segments(r.code.upper())
            if seg and seg[0] not in book.countries and seg[0] not in roles:
                if seg[0] not in known_groups:
                    extra.setdefault(seg[0], []).append(f"{Path(path).name}:{r.line}")
    countries_ok = set(book.countries) | set(extra)

    def valid(code: str, path: str, line: int) -> bool:
        seg = _segments(code.upper())
        if seg is None:
            skipped.append(DictionaryProblem(path, line, f"code {code!r}: not 3-letter segments"))
            return False
        if not code.isupper():
            skipped.append(DictionaryProblem(path, line, f"code {code!r} read as {code.upper()}"))
        unknown = [s for s in seg if s not in countries_ok | roles | known_groups]
        if unknown:
            skipped.append(DictionaryProblem(path, line, f"code {code}: unknown {unknown}"))
            return False
        return True

    # One surface, one entry: PETRARCH stores phrases in a trie where a later entry overwrites
    # an earlier one, and the project's dictionary refuses a surface claimed twice.
    owner: dict[str, int] = {}
    for i, (_path, e) in enumerate(entries):
        for p in e.phrases:
            owner[_surface(p.words).lower()] = i

    country_rows: dict[str, dict[str, list[str]]] = {}
    igo_rows: list[list[str]] = []
    group_rows: list[list[str]] = []
    people_rows: list[list[str]] = []
    for i, (path, e) in enumerate(entries):
        name = Path(path).name
        where = f"PETRARCH {name}:{e.phrases[0].line}"
        surfaces = []
        for p in e.phrases:
            text = _surface(p.words)
            if owner[text.lower()] != i:
                later = entries[owner[text.lower()]][1].entry_id
                skipped.append(DictionaryProblem(path, p.line, f"{text!r} is redefined by {later}"))
            elif text not in surfaces:
                surfaces.append(text)
        if not surfaces:
            continue
        dated = any(not r.is_default for r in e.restrictions)
        if dated:
            terms = [
                (c.upper(), start, end)
                for c, start, end in _terms(e)
                if valid(c, path, e.phrases[0].line)
            ]
            key = f"petr-{Path(path).stem.replace('.', '-').lower()}-{e.phrases[0].line}"
            for n, (code, start, end) in enumerate(terms):
                people_rows.append(
                    [f"person:{key}:{n}", key, surfaces[0], "|".join(surfaces[1:]), code,
                     start.isoformat(), end.isoformat() if end else "", where]
                )  # fmt: skip
            continue
        code = e.default_code
        if code is None or code in NULL_CODES:
            skipped.append(DictionaryProblem(path, e.phrases[0].line, "null code: not an actor"))
            continue
        if not valid(code, path, e.phrases[0].line):
            continue
        code = code.upper()
        if len(code) == 3 and code not in roles:
            row = country_rows.setdefault(code, {"surfaces": [], "where": []})
            row["surfaces"].extend(s for s in surfaces if s not in row["surfaces"])
            row["where"].append(f"{name}:{e.phrases[0].line}")
            continue
        ident = f"petr-{Path(path).stem.replace('.', '-').lower()}-{e.phrases[0].line}"
        if code[:3] in ("IGO", "NGO"):
            kind = code[:3].lower()
            igo_rows.append(
                [f"{kind}:{ident}", code, kind, surfaces[0], "|".join(surfaces[1:]), where]
            )
        else:
            group_rows.append([f"group:{ident}", code, surfaces[0], "|".join(surfaces[1:]), where])

    for code in extra:
        country_rows.setdefault(code, {"surfaces": [], "where": []})
    country_lines = []
    for code, row in sorted(country_rows.items()):
        names = row["surfaces"] or [code]
        note = "PETRARCH " + ", ".join(row["where"] or extra.get(code, [])[:3])
        if code not in book.countries:
            note += " (a code of this dictionary, not of the CAMEO codebook)"
        country_lines.append(
            [f"country:{code}", code, "", names[0], "|".join(names[1:]), "", "", "", note]
        )

    role_rows: list[list[str]] = []
    if dictionaries.agents is not None:
        agents_path = dictionaries.agents.path
        role_owner = {
            " ".join(w.lower() for w in p): a.entry_id
            for a in dictionaries.agents.entries
            for p in a.phrases
        }
        for a in dictionaries.agents.entries:
            if a.prefix:
                skipped.append(DictionaryProblem(agents_path, a.line, f"prefix agent {a.code}~"))
                continue
            if a.code[:3] not in roles:
                skipped.append(
                    DictionaryProblem(agents_path, a.line, f"agent code {a.code}: no CAMEO role")
                )
                continue
            if len(a.code) > 3:
                skipped.append(
                    DictionaryProblem(
                        agents_path, a.line, f"agent code {a.code} read as role {a.code[:3]}"
                    )
                )
            phrases = [
                t
                for t in dict.fromkeys(" ".join(w.lower() for w in p) for p in a.phrases)
                if role_owner[t] == a.entry_id
            ]
            if not phrases:
                skipped.append(DictionaryProblem(agents_path, a.line, "phrases redefined later"))
                continue
            stem = Path(agents_path).stem.replace(".", "-").lower()
            role_rows.append(
                [f"role:petr-{stem}-{a.line}", "|".join(phrases), a.code[:3], "group", "no",
                 phrases[0].replace(" ", "-"), f"PETRARCH {Path(agents_path).name}:{a.line}"]
            )  # fmt: skip

    def write(name: str, rows: list[list[str]]) -> None:
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            fh.write(_ACTOR_HEADERS[name] + "\n")
            csv.writer(fh, lineterminator="\n").writerows(rows)

    write("countries.csv", country_lines)
    write("regions.csv", [])
    write("igos.csv", igo_rows)
    write("groups.csv", group_rows)
    write("metonyms.csv", [])
    write("roles.csv", role_rows)
    write("people.csv", people_rows)
    own = resources.files("etl.dictionaries").joinpath("actors")
    (folder / "rules.yaml").write_text(own.joinpath("rules.yaml").read_text("utf-8"), "utf-8")
    (folder / "VERSION").write_text("petrarch\n", encoding="utf-8")
    return ActorConversion(
        folder=str(folder),
        countries=len(country_lines),
        organisations=len(igo_rows) + len(group_rows),
        people=len({r[1] for r in people_rows}),
        roles=len(role_rows),
        skipped=tuple(skipped),
    )
