"""The verb dictionary: synsets, verb blocks and their forms, patterns, transformations.

The verb file is the one kind with a grammar of its own (pattern elements, nested synsets,
multi-word verbs with a marked head), so its records and parser stand apart from the
noun-phrase files. Everything is read as written, including patterns the project's lexicon
cannot express: `convert` decides what carries over and says why the rest does not. Regular
verb forms follow ordinary English spelling (`CARRY` -> `CARRIES`, `CARRIED`), one of the
deliberate differences from PETRARCH-2 listed in the package docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from etl.coding.petrarch.lines import (
    NULL_CODES,
    DictionaryProblem,
    LogicalLine,
    before_bracket,
    brackets,
    dictionary_error,
    logical_lines,
    phrase_words,
)


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
    joined_before: bool = False  # `IN_*`: the last word before `*` stands right before the verb
    joined_after: bool = False  # `*_OUT`: the first word after `*` stands right after it

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
    line: LogicalLine, path: Path, problems: list[DictionaryProblem]
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

    def problem(line: LogicalLine, message: str) -> None:
        problems.append(DictionaryProblem(str(path), line.number, message))

    for line in logical_lines(path, problems):
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
            codes = brackets(line, path, problems)
            name = " ".join(phrase_words(before_bracket(header))) or "?"
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
            raise dictionary_error(
                path, line.number, "a verb or pattern comes before any '--- NAME ---' line"
            )
        block = blocks[-1]
        if text.startswith("-") or text.startswith("*"):
            if text.startswith("*"):
                problem(line, "pattern line without its leading '-'; read as a pattern")
                body = text
            else:
                body = text[1:]
            codes = brackets(line, path, problems)
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
                    joined_before=before_text.endswith("_"),
                    joined_after=after_text.startswith("_"),
                )
            )
            continue
        # A verb of the current block: `VERB {FORMS} [CODE]`.
        codes = brackets(line, path, problems)
        head_text = before_bracket(text)
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
        raise dictionary_error(path, 0, "no verb blocks found; is this a PETRARCH verb dictionary?")
    return VerbDictionary(str(path), synsets, tuple(built), tuple(transformations), tuple(problems))
