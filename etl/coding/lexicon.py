"""The event lexicon: a readable data file of CAMEO triggers, and its matcher over a parse.

The lexicon (`etl/dictionaries/verbs.txt`) is the only place where a word becomes a CAMEO code.
Each line is one entry with a stable id that ends up in `events.rule_id`, so every code in the
warehouse can be traced back to a line a reviewer can read and change. Line syntax::

    <id>  <code|--->  <kind>  <lemmas>  [~particle] [=object] [+prep] [@tgt=..] [@src=..] [!flag]

`kind` is one of

* ``V`` a verb trigger: ``accuse`` → 112. ``~down`` requires a particle ("crack down"),
  ``=sanction|embargo`` a direct object with that lemma (light verb + noun, "impose sanctions"),
  ``+for`` a prepositional complement ("call for"). Multi-word objects join words with ``_``
  (``=air_strike``); the last word is the head, the others must modify it. ``X_of_Y``
  (``state_of_emergency``) names a head X with an "of Y" complement; ``=%propn`` any proper noun,
  ``=%any`` any noun object.
* ``N`` a noun trigger: "meeting", "sanctions", "air_strike". Used when the noun heads an
  argument of a light verb ("held a meeting") or stands alone ("after his meeting with Maduro").
* ``A`` an adjective trigger ("grateful to", "critical of", "concerned about"), coded like a
  verb whose subject is the subject of its copula.
* ``L`` a light verb ("hold", "launch", "express"): no meaning of its own; an event noun that is
  its object becomes the event, anchored at the verb, with the verb's subject as source.
* ``W CLASS`` a wrapper (control or reporting verb, or adjective): "pledge", "urge", "refuse",
  "say", "ready". Its complement event (``xcomp``, ``ccomp``, an event-noun object) is re-coded
  through the ``@compose CLASS KEY RESULT`` table: KEY is a code prefix (longest wins) or ``*``,
  RESULT a code, ``=`` (keep the embedded code, the wrapper's subject becomes its source), ``~``
  (report it: the embedded event keeps its own actors) or ``-`` (drop the event).
  ``@modal WORD CLASS``: a reported clause with that auxiliary ("they must release ...") is
  composed through CLASS instead of being reported. The wrapper's own code
  (or ``---``) is used when it has no complement event.

A code may be a pair ``043:042``: the source does the first to the target and the target the
second to the source ("Putin welcomed Maduro": RUS 043 VEN and VEN 042 RUS).

A code of ``---`` on a V or N entry marks a sense that is *not* an event ("shoot a film"):
being the most specific match, it blocks the general entry. Flags: ``!sym`` (a symmetric
relation: "A and B held talks" gives A→B and B→A), ``!rev`` (the subject is the target and the
``@tgt`` preposition gives the source: "received aid from X"), ``!opaque`` (complement clauses
are claims, not facts: "accused X of killing Y" does not code a killing), ``!dyad`` (a sense
that is only political between two actors, "fought", "travelled to": both sides must resolve).
``@tgt=``/``@src=`` list the prepositions whose objects may be the target/source.

Matching is a dict lookup by lemma per token, so it costs little next to the parse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token

from etl.cameo import codebook
from etl.errors import Errors

#: The null code: an entry or compose result that means "no event".
NO_EVENT = "---"
#: What `EventLexicon.compose` returns for ``~``: keep the embedded event as reported speech.
REPORTED = "~"

KINDS = frozenset({"V", "N", "A", "L", "W"})

#: Prepositions whose objects may be the target when an entry names none.
DEFAULT_TARGET_PREPS = (
    "with", "to", "on", "against", "toward", "towards", "into", "at", "for", "upon", "over",
    "between", "onto", "from",
)  # fmt: skip
#: For nouns, "of" usually names the patient: "the release of the prisoners", "extradition of".
DEFAULT_NOUN_TARGET_PREPS = (*DEFAULT_TARGET_PREPS, "of")
#: Prepositions whose objects may be the source of a nominal event ("attack by the rebels").
DEFAULT_SOURCE_PREPS = ("by", "from")

#: Nouns that only measure or package what follows "of": "13 tons of medicine" is medicine.
QUANTITY_NOUNS = frozenset(
    {"ton", "tonne", "kilo", "kilogram", "kg", "load", "shipment", "consignment", "batch",
     "package", "truckload", "planeload", "shipload", "dose", "bag", "box", "crate", "lot",
     "amount", "number", "million", "billion", "thousand", "hundred", "dozen", "dozens",
     "unit", "piece", "set", "quantity", "supply", "convoy", "cargo", "tranche", "round",
     "wave", "series", "string", "spate", "host", "range", "variety", "pair", "couple",
     "group", "team", "contingent", "battalion", "squad", "some", "many", "most", "all",
     "several", "few", "hundreds", "thousands", "part", "half", "rest", "majority", "each",
     "one", "two", "three", "four", "five", "scores"}
)  # fmt: skip
#: Heads that only frame the event noun compounded on them: "mediation effort", "rescue
#: operation", "bombing campaign". Such a compound is the trigger.
GENERIC_HEADS = frozenset(
    {"effort", "initiative", "process", "campaign", "operation", "mission", "programme",
     "program", "plan", "bid", "attempt", "drive", "regime", "activity", "work", "move",
     "deal", "measure", "action", "bill", "package", "proposal"}
)  # fmt: skip

#: Dependency labels that attach a modifier word to a noun head (for multi-word nouns).
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "nummod"})


@dataclass(frozen=True)
class LexEntry:
    """One line of the lexicon."""

    id: str
    code: str
    kind: str
    lemmas: tuple[str, ...]
    pair: str | None = None  # the reverse code of a pair code "043:042"
    particle: str | None = None
    objects: tuple[tuple[str, ...], ...] = ()
    preps: tuple[str, ...] = ()
    target_preps: tuple[str, ...] = DEFAULT_TARGET_PREPS
    source_preps: tuple[str, ...] = DEFAULT_SOURCE_PREPS
    wrapper_class: str | None = None
    symmetric: bool = False
    reverse: bool = False
    opaque: bool = False
    dyad: bool = False
    scene: bool = False
    line: int = 0

    @property
    def is_event(self) -> bool:
        return self.code != NO_EVENT

    @property
    def specificity(self) -> int:
        """How many constraints the entry adds to its lemma (a matched object adds its words)."""
        return (self.particle is not None) + 2 * bool(self.objects) + bool(self.preps)


@dataclass(frozen=True)
class NounPattern:
    """A noun entry and the words of its phrase ("air strike", "state of emergency")."""

    entry: LexEntry
    words: tuple[str, ...]


@dataclass(frozen=True)
class TriggerMatch:
    """A lexicon entry that matched at a token."""

    entry: LexEntry
    token: int  # index in the Doc of the verb or noun head
    tokens: tuple[int, ...]  # all trigger tokens (particle, object noun, preposition)
    object_token: int | None = None  # the matched object noun of a V entry with `=`
    prep_token: int | None = None  # the matched preposition of a V entry with `+`


#: Complement slots a wrapper class may take its embedded event from.
COMPLEMENT_SLOTS = frozenset({"xcomp", "ccomp", "object", "pobj"})
#: Options of a wrapper class.
CLASS_OPTIONS = frozenset({"addressee", "statement", "reported", "plain"})


@dataclass(frozen=True)
class WrapperClass:
    """How a class of wrappers takes its complement (an ``@class`` line).

    ``addressee``: the wrapper's own object is the target ("urged France to ..." → France).
    ``statement``: the wrapper's default event is kept only when the sentence has no other
    event (a bare "said" is CAMEO 010 only when nothing more specific is reported).
    ``reported``: the complement is reported speech: its events keep their own actors, and a
    pronoun subject inside it stands for the speaker.
    ``plain``: the wrapper's own code applies only when it has no complement clause at all
    ("helped Ukraine" is aid; "helped heal the breach" is not).
    """

    name: str
    slots: frozenset[str]
    addressee: bool = False
    statement: bool = False
    reported: bool = False
    plain: bool = False


@dataclass
class EventLexicon:
    """The parsed lexicon, indexed by lemma."""

    version: str
    verbs: dict[str, list[LexEntry]] = field(default_factory=dict)
    nouns: dict[str, list[NounPattern]] = field(default_factory=dict)
    adjectives: dict[str, list[LexEntry]] = field(default_factory=dict)
    light: dict[str, list[LexEntry]] = field(default_factory=dict)
    wrappers: dict[str, list[LexEntry]] = field(default_factory=dict)
    compose_table: dict[str, dict[str, str]] = field(default_factory=dict)
    classes: dict[str, WrapperClass] = field(default_factory=dict)
    modals: dict[str, str] = field(default_factory=dict)
    entries: dict[str, LexEntry] = field(default_factory=dict)
    #: entry id -> `file:line` of its line, what `events.rule_at` cites
    entry_at: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_package(cls) -> EventLexicon:
        """Load the lexicon shipped in `etl/dictionaries/verbs.txt`."""
        ref = resources.files("etl.dictionaries").joinpath("verbs.txt")
        return cls.from_text(ref.read_text("utf-8"), source="etl/dictionaries/verbs.txt")

    @classmethod
    def from_path(cls, path: Path) -> EventLexicon:
        return cls.from_text(path.read_text("utf-8"), source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> EventLexicon:
        """Parse lexicon text; a malformed line raises E005 naming the file and line."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
        declared = "0"
        lex = cls(version="")
        book = codebook()
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue

            def fail(problem: str, number: int = number) -> ValueError:
                return ValueError(Errors.E005.format(path=source, line=number, problem=problem))

            parts = line.split()
            if parts[0] == "@version":
                if len(parts) != 2:
                    raise fail("@version takes one value")
                declared = parts[1]
                continue
            if parts[0] == "@class":
                if len(parts) < 3:
                    raise fail("@class takes CLASS SLOTS [options]")
                slots = frozenset(parts[2].split("|"))
                options = set(parts[3:])
                if not slots <= COMPLEMENT_SLOTS or not options <= CLASS_OPTIONS:
                    raise fail(
                        f"slots must be in {sorted(COMPLEMENT_SLOTS)}, options in "
                        f"{sorted(CLASS_OPTIONS)}"
                    )
                lex.classes[parts[1]] = WrapperClass(
                    name=parts[1],
                    slots=slots,
                    addressee="addressee" in options,
                    statement="statement" in options,
                    reported="reported" in options,
                    plain="plain" in options,
                )
                continue
            if parts[0] == "@modal":
                if len(parts) != 3:
                    raise fail("@modal takes WORD CLASS")
                lex.modals[parts[1].lower()] = parts[2]
                continue
            if parts[0] == "@compose":
                if len(parts) != 4:
                    raise fail("@compose takes CLASS KEY RESULT")
                _, klass, key, result = parts
                if result not in ("=", "-", "~") and not book.is_valid_event(result):
                    raise fail(f"{result!r} is not a CAMEO code")
                table = lex.compose_table.setdefault(klass, {})
                if key in table:
                    raise fail(f"duplicate @compose {klass} {key}")
                table[key] = result
                continue
            entry = _parse_entry(parts, number, fail)
            for code in (entry.code, entry.pair):
                if code is not None and code != NO_EVENT and not book.is_valid_event(code):
                    raise fail(f"{code!r} is not a CAMEO code in the codebook")
            if entry.id in lex.entries:
                raise fail(f"duplicate entry id {entry.id!r}")
            lex.entries[entry.id] = entry
            lex.entry_at[entry.id] = f"{source}:{number}"
            lex._index(entry)
        for word, klass in lex.modals.items():
            if klass not in lex.compose_table:
                raise ValueError(
                    Errors.E005.format(
                        path=source, line="-", problem=f"@modal {word}: no class {klass}"
                    )
                )
        for entry in lex.entries.values():
            if entry.kind == "W" and (
                entry.wrapper_class not in lex.compose_table
                or entry.wrapper_class not in lex.classes
            ):
                raise ValueError(
                    Errors.E005.format(
                        path=source,
                        line=entry.line,
                        problem=f"wrapper class {entry.wrapper_class!r} needs @class and "
                        "@compose lines",
                    )
                )
        lex.version = f"{declared}+{digest}"
        return lex

    def _index(self, entry: LexEntry) -> None:
        for lemma in entry.lemmas:
            if entry.kind == "V":
                self.verbs.setdefault(lemma, []).append(entry)
            elif entry.kind == "L":
                self.light.setdefault(lemma, []).append(entry)
            elif entry.kind == "W":
                self.wrappers.setdefault(lemma, []).append(entry)
            elif entry.kind == "A":
                self.adjectives.setdefault(lemma, []).append(entry)
            else:
                words = tuple(lemma.split("_"))
                pattern = NounPattern(entry=entry, words=words)
                self.nouns.setdefault(phrase_head(words), []).append(pattern)

    # ---- composition -------------------------------------------------------------------------

    def compose(self, wrapper_class: str, embedded_code: str) -> str | None:
        """Re-code an embedded event under a wrapper class.

        Returns the new code, `REPORTED` when the embedded event is reported with its own
        actors, or None when the table says the combination is not an event. The longest
        matching code prefix wins, then ``*``.
        """
        table = self.compose_table.get(wrapper_class, {})
        for size in range(len(embedded_code), 1, -1):
            result = table.get(embedded_code[:size])
            if result is not None:
                break
        else:
            result = table.get("*", "=")
        if result == "-":
            return None
        if result == "~":
            return REPORTED
        return embedded_code if result == "=" else result

    # ---- matching ----------------------------------------------------------------------------

    def verb_match(self, token: Token) -> TriggerMatch | None:
        """The most specific V entry matching `token` (None if none, or if it is a `---` sense)."""
        if not is_verbal(token):
            return None
        best = _best_verb_match(token, self._candidates(self.verbs, token))
        if best is None or not best.entry.is_event:
            return None
        return best

    def noun_match(self, token: Token) -> TriggerMatch | None:
        """The most specific N entry whose head is `token` and whose modifiers are present."""
        # A noun modifying another noun is not an event ("asylum seekers", "peace activists"),
        # unless that noun is a generic frame ("mediation effort", "bombing campaign").
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        if token.dep_ == "compound" and token.head.lemma_.lower() not in GENERIC_HEADS:
            return None
        patterns: list[NounPattern] = []
        for key in _noun_keys(token):
            patterns.extend(self.nouns.get(key, ()))
        best: tuple[int, int, TriggerMatch] | None = None
        for pattern in patterns:
            found = phrase_tokens(token, pattern.words)
            if found is None:
                continue
            score = (len(pattern.words), -pattern.entry.line)
            if best is None or score > best[:2]:
                tokens = tuple(sorted(found))
                best = (*score, TriggerMatch(entry=pattern.entry, token=token.i, tokens=tokens))
        if best is None or not best[2].entry.is_event:
            return None
        return best[2]

    def adjective_match(self, token: Token) -> TriggerMatch | None:
        """An A entry at an adjective ("grateful", "critical"), or a participle used as one."""
        if token.pos_ != "ADJ" and not (token.tag_ == "VBN" and token.dep_ in ("acomp", "amod")):
            return None
        best = _best_verb_match(token, self._candidates(self.adjectives, token))
        if best is None or not best.entry.is_event:
            return None
        return best

    def light_verb(self, token: Token) -> LexEntry | None:
        if not is_verbal(token):
            return None
        for entry in self._candidates(self.light, token):
            if entry.particle is None or _particle(token, entry.particle) is not None:
                return entry
        return None

    def wrapper(self, token: Token) -> TriggerMatch | None:
        """The wrapper entry at a verb or adjective ("pledged to", "ready to")."""
        if not (is_verbal(token) or token.pos_ == "ADJ"):
            return None
        best = _best_verb_match(token, self._candidates(self.wrappers, token))
        return best

    @staticmethod
    def _candidates(index: dict[str, list[LexEntry]], token: Token) -> list[LexEntry]:
        found: list[LexEntry] = []
        for key in _keys(token):
            for entry in index.get(key, ()):
                if entry not in found:
                    found.append(entry)
        return found


def _keys(token: Token) -> tuple[str, ...]:
    """Lookup keys of a token: its lemma, its form, and regular de-inflections of the form.

    The statistical lemmatizer slips on news verbs ("hoped" -> "hop"); a dictionary lookup of
    the regular stems costs nothing and only hits words the lexicon lists.
    """
    return _keys_of(token.lemma_.lower(), token.lower_)


def _noun_keys(token: Token) -> tuple[str, ...]:
    """Lookup keys of a noun: regular stems only where the lemmatizer left the form as it was.

    Noun lemmas are reliable where verb lemmas slip, and a stem would override a right one:
    "aides" has the lemma "aide", and its stem "aid" made it an aid event.
    """
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma != lower:
        return (lemma, lower)
    return _keys_of(lemma, lower)


@lru_cache(maxsize=65536)
def _keys_of(lemma: str, lower: str) -> tuple[str, ...]:
    keys = [lemma]
    for key in (lower, *_stems(lower)):
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _stems(word: str) -> list[str]:
    out: list[str] = []
    if len(word) < 5 or not word.isalpha():
        return out
    if word.endswith("ied"):
        out.append(word[:-3] + "y")
    elif word.endswith("ed"):
        out += [word[:-1], word[:-2]]
        if word[-3] == word[-4]:
            out.append(word[:-3])  # "planned" -> "plan"
    elif word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
        if word[-4] == word[-5]:
            out.append(word[:-4])
    elif word.endswith("ies"):
        out.append(word[:-3] + "y")
    elif word.endswith("es"):
        out += [word[:-1], word[:-2]]
    elif word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    return out


def is_verbal(token: Token) -> bool:
    """A verb by tag or part of speech (headline verbs are often tagged NOUN but keep VBZ)."""
    return token.pos_ == "VERB" or token.tag_.startswith("VB")


def _particle(token: Token, particle: str) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prt", "advmod", "prep") and child.lower_ == particle:
            return child
    return None


def _object_heads(token: Token) -> list[Token]:
    """Direct objects of a verb, and the passive subject (the object in the passive)."""
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "acomp")]
    # "imposed new sanctions on X" and "launched what it called an offensive" share one head;
    # conjoined objects ("sanctions and tariffs") are all objects.
    for head in list(heads):
        heads.extend(c for c in head.children if c.dep_ == "conj")
    return heads


def phrase_head(words: Sequence[str]) -> str:
    """The head word of a lexicon phrase: the last word, or the word before ``of``."""
    if "of" in words[1:]:
        return words[words.index("of") - 1]
    return words[-1]


def phrase_tokens(token: Token, words: Sequence[str]) -> list[int] | None:
    """Token indices of `words` headed by `token`, or None if the phrase is not there.

    ``("air", "strike")``: `token` is "strike" with a preceding modifier "air".
    ``("state", "of", "emergency")``: `token` is "state" with an "of" phrase whose object is
    "emergency".
    """
    words = tuple(words)
    post: tuple[str, ...] = ()
    if "of" in words[1:]:
        k = words.index("of")
        words, post = words[:k], words[k + 1 :]
    if words[-1] not in _keys(token):
        return None
    found = [token.i]
    children = [c for c in token.children if c.dep_ in MODIFIER_DEPS and c.i < token.i]
    for word in words[:-1]:
        hit = next((c for c in children if word in _keys(c) and c.i not in found), None)
        if hit is None:
            return None
        found.append(hit.i)
    if post:
        prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = (
            None
            if prep is None
            else next((c for c in prep.children if c.dep_ == "pobj" and post[-1] in _keys(c)), None)
        )
        if prep is None or pobj is None:
            return None
        found.extend([prep.i, pobj.i])
    return found


def _best_verb_match(token: Token, entries: Iterable[LexEntry]) -> TriggerMatch | None:
    best: tuple[tuple[int, int], TriggerMatch] | None = None
    for entry in entries:
        tokens = [token.i]
        particle = None
        if entry.particle is not None:
            particle = _particle(token, entry.particle)
            if particle is None:
                continue
            tokens.append(particle.i)
        obj_i = None
        words = 0
        if entry.objects:
            obj = _match_object(token, entry.objects, entry.preps)
            if obj is None:
                continue
            obj_i = obj[0]
            words = 0 if entry.objects == (("%any",),) else len(obj)
            tokens.extend(obj)
        prep_i = None
        if entry.preps:
            prep = _required_prep(token, entry.preps)
            if prep is None:
                continue
            prep_i = prep.i
            tokens.append(prep.i)
        score = (entry.specificity + words, -entry.line)
        if best is None or score > best[0]:
            match = TriggerMatch(
                entry=entry,
                token=token.i,
                tokens=tuple(sorted(set(tokens))),
                object_token=obj_i,
                prep_token=prep_i,
            )
            best = (score, match)
    return None if best is None else best[1]


def _required_prep(token: Token, preps: Sequence[str]) -> Token | None:
    """The preposition an entry names, as a child or as the marker of a clausal child.

    "called for talks" has `for` as a prep; "called for the generals to be tried" has it as the
    `mark` of the infinitive clause.
    """
    for c in token.children:
        if c.dep_ in ("prep", "agent", "dative", "prt") and c.lower_ in preps:
            return c
    for c in token.children:
        if c.dep_ in ("xcomp", "ccomp", "advcl"):
            for m in c.children:
                if m.dep_ == "mark" and m.lower_ in preps:
                    return m
    return None


def _match_object(
    token: Token, objects: Sequence[tuple[str, ...]], preps: Sequence[str] = ()
) -> list[int] | None:
    """Find an object noun of `token` matching one of the (modifiers..., head) patterns."""
    candidates = _object_heads(token)
    # "went on hunger strike", "used civilians as human shields": when the entry names its
    # preposition, that preposition's object counts as an object too.
    for prep in (c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in preps):
        candidates.extend(c for c in prep.children if c.dep_ == "pobj")
    # "flew 13 tons of medicine": look through measure nouns to what they measure.
    for cand in list(candidates):
        if cand.lemma_.lower() in QUANTITY_NOUNS:
            for prep in cand.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            candidates.append(pobj)
                            candidates.extend(c for c in pobj.children if c.dep_ == "conj")
    for words in sorted(objects, key=len, reverse=True):
        for cand in candidates:
            if words == ("%any",):
                if cand.pos_ in ("NOUN", "PROPN") and cand.dep_ != "pobj":
                    return [cand.i]
                continue
            if words == ("%propn",):
                if cand.pos_ == "PROPN":
                    return [cand.i]
                continue
            found = phrase_tokens(cand, words)
            if found is not None:
                return found
    return None


def _parse_entry(parts: list[str], number: int, fail) -> LexEntry:  # type: ignore[no-untyped-def]
    if len(parts) < 4:
        raise fail("an entry needs: id code kind lemmas")
    entry_id, code, kind = parts[0], parts[1], parts[2]
    pair = None
    if ":" in code:
        code, pair = code.split(":", 1)
    if kind not in KINDS:
        raise fail(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    rest = parts[3:]
    wrapper_class = None
    if kind == "W":
        wrapper_class, rest = rest[0], rest[1:]
        if not rest:
            raise fail("a wrapper needs: id code W CLASS lemmas")
    lemmas = tuple(w.lower() for w in rest[0].split("|") if w)
    if not lemmas:
        raise fail("no lemmas")
    values: dict[str, object] = {}
    for item in rest[1:]:
        if item.startswith("~"):
            values["particle"] = item[1:].lower()
        elif item.startswith("="):
            values["objects"] = tuple(tuple(o.lower().split("_")) for o in item[1:].split("|"))
        elif item.startswith("+"):
            values["preps"] = tuple(p.lower() for p in item[1:].split("|"))
        elif item.startswith("@tgt="):
            values["target_preps"] = tuple(p.lower() for p in item[5:].split("|") if p)
        elif item.startswith("@src="):
            values["source_preps"] = tuple(p.lower() for p in item[5:].split("|") if p)
        elif item == "!sym":
            values["symmetric"] = True
        elif item == "!rev":
            values["reverse"] = True
        elif item == "!opaque":
            values["opaque"] = True
        elif item == "!dyad":
            values["dyad"] = True
        elif item == "!scene":
            values["scene"] = True
        else:
            raise fail(f"cannot read {item!r}")
    if kind == "N" and ("particle" in values or "objects" in values):
        raise fail("noun entries take no ~particle or =object")
    if kind == "N" and "target_preps" not in values:
        values["target_preps"] = DEFAULT_NOUN_TARGET_PREPS
    if kind != "N" and any("_" in lemma for lemma in lemmas):
        raise fail("only nouns and objects may be multi-word (a verb is one token)")
    return LexEntry(
        id=entry_id,
        code=code,
        kind=kind,
        lemmas=lemmas,
        wrapper_class=wrapper_class,
        pair=pair,
        line=number,
        **values,  # type: ignore[arg-type]
    )


def find_triggers(sent: Span, lexicon: EventLexicon) -> list[TriggerMatch]:
    """Every verb and noun trigger in a sentence, in token order (for inspection and tests)."""
    found: list[TriggerMatch] = []
    for token in sent:
        match = lexicon.verb_match(token) or lexicon.adjective_match(token)
        match = match or lexicon.noun_match(token)
        if match is not None:
            found.append(match)
    return found
