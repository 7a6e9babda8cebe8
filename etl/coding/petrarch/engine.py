"""PETRARCH-2's coding semantics on spaCy's dependency parse, for replace mode.

In replace mode (`--dictionaries-only`) the user's dictionaries are the whole truth: their verb
codes are taken as written (a validation set's WEIS-style `904` included; the CAMEO codebook
check is for the project's own lexicon), their agents compose with whatever actor code they
meet (`MOP`, `GGS`, the prefix agents `NGO~`), and the verb patterns keep PETRARCH's meaning:

* a pattern is `before * after [CODE]`; its elements are matched in order over the words
  before and after the verb, other words may come between two elements, and words joined by
  `_` must be consecutive (TABARI's connector rule, which PETRARCH-2 kept);
* `+` is the target, `$` the source, `%` a compound (coordinated) actor, `^` skips a noun
  phrase, `&NAME` any member of a synset, `{...}` a noun phrase's words, `(PREP ...)` a
  prepositional phrase; the pattern matching the most elements wins, else the verb's code;
* a noun phrase's code is the longest actor phrase in it (its date-restricted code on the
  record's date) with the agents of the phrase composed on it (`ARN` + `~GOV` = `ARNGOV`,
  `NGO~` + `ARN` = `NGOARN`); an agent with no actor is `---GOV`, as PETRARCH codes it;
* without markers the source is the verb's subject and the target the first actor of the verb
  phrase; a paired code `[042:043]` also codes the reverse event.

Where PETRARCH-2 reads the noun phrases and the verb phrase off a constituency tree, this
module reads them off the dependency tree: a noun phrase is a noun's subtree without its
clauses, the verb phrase the verb's subtree after it (README, "Where dependency-parse matching
departs from PETRARCH-2").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from etl.coding.petrarch.actors import ActorEntry, AgentEntry
from etl.coding.petrarch.dictionaries import PetrarchDictionaries
from etl.coding.petrarch.verbs import (
    ElementKind,
    PatternElement,
    VerbCode,
    VerbDictionary,
    VerbEntry,
    VerbPattern,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

NULL = "---"
#: Dependency labels of clauses: not part of a noun phrase, and a verb phrase's own events.
CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})
#: Dependents that are part of their noun's phrase, never a phrase of their own.
MODIFIERS = frozenset({"compound", "flat", "poss", "nmod", "amod", "det", "nummod", "case"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


@dataclass(frozen=True)
class CodedEvent:
    """One event the engine codes, with the lines that fired (`file:line`)."""

    source: str
    target: str
    code: str
    source_text: str
    target_text: str
    rule_at: str
    source_at: str = ""
    target_at: str = ""


@dataclass(frozen=True)
class _Match:
    """A dictionary phrase found in the sentence: tokens [start, end)."""

    start: int
    end: int
    actor: ActorEntry | None = None
    agent: AgentEntry | None = None


@dataclass
class NounPhrase:
    """A noun phrase of the parse: its tokens (sentence indices) and its PETRARCH code."""

    head: int
    tokens: tuple[int, ...]
    code: str | None  # None: no actor and no agent in it
    text: str
    entry_at: str = ""
    conjuncts: tuple[int, ...] = ()  # heads of the phrases coordinated with this one
    borrowed_from: int | None = None  # the modifier phrase whose actor this phrase took
    own: tuple[int, ...] = ()  # its tokens without its prepositional phrases
    alternates: tuple[str, ...] = ()  # codes of actors coordinated inside it ("A and B leaders")
    agents: tuple[AgentEntry, ...] = ()  # its own agents, composed on a borrowed actor

    @property
    def start(self) -> int:
        return self.tokens[0]

    @property
    def end(self) -> int:
        return self.tokens[-1] + 1


class _PhraseIndex:
    """Phrases by first word, longest first, for longest-match lookup."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}

    def add(self, words: tuple[str, ...], payload: object) -> None:
        if words:
            self._by_first.setdefault(words[0], []).append((words, payload))

    def freeze(self) -> None:
        for v in self._by_first.values():
            v.sort(key=lambda item: -len(item[0]))

    def longest(self, words: Sequence[str], i: int) -> tuple[int, object] | None:
        for phrase, payload in self._by_first.get(words[i], ()):
            n = len(phrase)
            if tuple(words[i : i + n]) == phrase:
                return n, payload
        return None


def _words(sent: Span) -> list[str]:
    return [t.text.upper() for t in sent]


@dataclass
class PetrarchEngine:
    """A PETRARCH dictionary set ready to code sentences (one per set, built once)."""

    dictionaries: PetrarchDictionaries
    actors: _PhraseIndex = field(default_factory=_PhraseIndex)
    agents: _PhraseIndex = field(default_factory=_PhraseIndex)
    verb_forms: dict[str, list[tuple[VerbEntry, tuple[str, ...], int]]] = field(
        default_factory=dict
    )
    patterns: dict[int, list[VerbPattern]] = field(default_factory=dict)  # by block line
    block_of: dict[str, int] = field(default_factory=dict)  # verb entry id -> block line
    synsets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A phrase defined twice: PETRARCH keeps the first entry.
        seen: set[tuple[str, ...]] = set()
        for entry in self.dictionaries.actor_entries:
            for phrase in entry.phrases:
                if phrase.words not in seen:
                    seen.add(phrase.words)
                    self.actors.add(phrase.words, entry)
        self.actors.freeze()
        if self.dictionaries.agents is not None:
            for agent in self.dictionaries.agents.entries:
                for words in agent.phrases:
                    self.agents.add(words, agent)
        self.agents.freeze()
        verbs = self.dictionaries.verbs
        if verbs is not None:
            # A verb's patterns are those of its own block: two blocks may share a name.
            for block in verbs.blocks:
                self.patterns[block.line] = list(block.patterns)
                for entry in block.verbs:
                    self.block_of[entry.entry_id] = block.line
                    for form in entry.forms:
                        self.verb_forms.setdefault(form.verb, []).append(
                            (entry, form.words, form.head)
                        )
            for name in verbs.synsets:
                self.synsets[name] = verbs.expand_synset(name)

    @property
    def verbs(self) -> VerbDictionary | None:
        return self.dictionaries.verbs

    # -- noun phrases -------------------------------------------------------------------

    def _matches(self, words: list[str]) -> list[_Match]:
        """Actor and agent phrases, left to right, the longest phrase at each word."""
        out: list[_Match] = []
        i = 0
        while i < len(words):
            actor = self.actors.longest(words, i)
            agent = self.agents.longest(words, i)
            if actor and (not agent or actor[0] >= agent[0]):
                out.append(_Match(i, i + actor[0], actor=actor[1]))  # type: ignore[arg-type]
                i += actor[0]
            elif agent:
                out.append(_Match(i, i + agent[0], agent=agent[1]))  # type: ignore[arg-type]
                i += agent[0]
            else:
                i += 1
        return out

    def noun_phrases(self, sent: Span, day: dt.date | None) -> dict[int, NounPhrase]:
        """Every noun's phrase, by head index (sentence-relative)."""
        words = _words(sent)
        matches = self._matches(words)
        at: dict[int, _Match] = {}
        for m in matches:
            for i in range(m.start, m.end):
                at[i] = m
        base = sent.start
        out: dict[int, NounPhrase] = {}
        for tok in sent:
            if tok.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") and tok.i - base not in at:
                continue
            if tok.dep_ in MODIFIERS and tok.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                continue  # part of its head's phrase
            if tok.dep_ == "conj" and tok.head.dep_ in MODIFIERS:
                continue  # "Eriadori and Calenardhon leaders": a coordinated modifier
            own = sorted(_np_tokens(tok, base, own_only=True))
            full = sorted(_np_tokens(tok, base, own_only=False))
            out[tok.i - base] = self._phrase(tok.i - base, own, full, at, words, day, sent)
        for head, phrase in out.items():
            phrase.conjuncts = tuple(
                p.head for p in _coordinated(sent[head], out, base) if p.head != head
            )
        return out

    def _phrase(
        self,
        head: int,
        own: list[int],
        full: list[int],
        at: dict[int, _Match],
        words: list[str],
        day: dt.date | None,
        sent: Span,
    ) -> NounPhrase:
        """`_phrase_code`, with the phrase's own tokens and its coordinated actors."""
        p = self._phrase_code(head, own, full, at, words, day, sent)
        p.own = tuple(own)
        found = list(dict.fromkeys(at[i] for i in own if i in at and at[i].actor is not None))
        if len(found) > 1 and p.code is not None:
            chosen = max(found, key=lambda m: (m.end - m.start, -m.start))
            base = chosen.actor.code_on(day) or NULL  # type: ignore[union-attr]
            linked = [
                m
                for m in found
                if m is not chosen
                and any(
                    sent[i].dep_ == "conj" or any(c.dep_ == "conj" for c in sent[i].children)
                    for i in range(m.start, m.end)
                )
            ]
            p.alternates = tuple(
                p.code.replace(base, m.actor.code_on(day) or NULL, 1)  # type: ignore[union-attr]
                for m in linked
            )
        return p

    def _phrase_code(
        self,
        head: int,
        own: list[int],
        full: list[int],
        at: dict[int, _Match],
        words: list[str],
        day: dt.date | None,
        sent: Span,
    ) -> NounPhrase:
        def found(indices: Iterable[int]) -> list[_Match]:
            return list(dict.fromkeys(at[i] for i in indices if i in at))

        own_m = found(own)
        actors = [m for m in own_m if m.actor is not None]
        agents = [m for m in own_m if m.agent is not None]
        text = sent[full[0] : full[-1] + 1].text if full else ""
        code = NULL
        cites: list[str] = []
        borrowed: int | None = None
        if actors:
            actor = max(actors, key=lambda m: (m.end - m.start, -m.start))
            code = actor.actor.code_on(day) or NULL  # type: ignore[union-attr]
            cites.append(actor.actor.entry_id)  # type: ignore[union-attr]
        else:  # "the mayor of Arnor", "an attack by Osgiliath soldiers": a modifier's actor
            nested = sorted(set(full) - set(own))
            inner = [m for m in found(nested) if m.actor is not None]
            if inner:
                sub = self._phrase_at(inner[0].start, sent, at, words, day)
                if sub is not None and sub.code is not None:
                    code, cites, borrowed = sub.code, [sub.entry_at], sub.head
                    if not agents:
                        return NounPhrase(
                            head, tuple(full), code, text, sub.entry_at, borrowed_from=borrowed
                        )
        if not actors and not agents and code == NULL:
            return NounPhrase(head, tuple(full), None, text)
        for m in agents:
            assert m.agent is not None
            if m.agent.code in code[3:] or (m.agent.prefix and code.startswith(m.agent.code)):
                continue  # "Gondor's government government": one GOV
            code = m.agent.apply(code)
            cites.append(m.agent.entry_id)
        own_agents = tuple(m.agent for m in agents if m.agent is not None)
        return NounPhrase(
            head,
            tuple(full),
            code,
            text,
            "; ".join(cites),
            borrowed_from=borrowed,
            agents=own_agents if borrowed is not None else (),
        )

    def members(self, p: NounPhrase, phrases: dict[int, NounPhrase]) -> list[NounPhrase]:
        """The actors a phrase stands for: "the ambassadors of Arnor and Gondor" is ARNGOV
        and GONGOV, its agent composed on each actor coordinated in its modifier;
        "Eriadori and Calenardhon leaders" is ERI and CAL."""
        if p.alternates:
            return [p, *(replace(p, code=c, alternates=()) for c in p.alternates)]
        if p.borrowed_from is None or p.borrowed_from not in phrases:
            return [p]
        sub = phrases[p.borrowed_from]
        out = []
        for q in (sub, *(phrases[j] for j in sub.conjuncts)):
            if q.code is None:
                continue
            code = q.code
            for agent in p.agents:
                if agent.code not in code[3:]:
                    code = agent.apply(code)
            out.append(replace(q, code=code, entry_at="; ".join([q.entry_at, p.entry_at])))
        return out or [p]

    def _phrase_at(
        self,
        index: int,
        sent: Span,
        at: dict[int, _Match],
        words: list[str],
        day: dt.date | None,
    ) -> NounPhrase | None:
        """The phrase of the noun that governs the word at `index` (its own phrase)."""
        tok = sent[index]
        while tok.dep_ in ("compound", "flat", "amod", "nmod", "poss") and tok.head.i != tok.i:
            tok = tok.head
        base = sent.start
        own = sorted(_np_tokens(tok, base, own_only=True))
        full = sorted(_np_tokens(tok, base, own_only=False))
        if index not in own:
            return None
        return self._phrase(tok.i - base, own, full, at, words, day, sent)

    # -- verbs --------------------------------------------------------------------------

    def verb_entry(self, sent: Span, tok: Token) -> VerbEntry | None:
        """The dictionary verb a token is, by its written form as PETRARCH matches it (the
        forms the file lists or generates; a misspelt "departes" is no verb), a multi-word
        verb's words around it; the longest form wins."""
        words = _words(sent)
        i = tok.i - sent.start
        best: tuple[int, VerbEntry] | None = None
        for entry, form, head in self.verb_forms.get(words[i], ()):
            lo = i - head
            if lo >= 0 and tuple(words[lo : lo + len(form)]) == form:
                if best is None or len(form) > best[0]:
                    best = (len(form), entry)
        return best[1] if best else None

    def code_sentence(self, sent: Span, day: dt.date | None) -> list[CodedEvent]:
        phrases = self.noun_phrases(sent, day)
        base = sent.start
        events: list[CodedEvent] = []
        verbs = []
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
                continue
            entry = self.verb_entry(sent, tok)
            if entry is not None:
                verbs.append((tok, entry))
        # The deepest clause first: a clause that codes an event keeps its words to itself, a
        # clause that codes none is words of the verb phrase above it (PETRARCH's flat VP).
        eventful: set[int] = set()
        by_order: dict[int, list[CodedEvent]] = {}
        for tok, entry in sorted(verbs, key=lambda te: -_depth(te[0])):
            coded = self._code_verb(sent, tok, entry, phrases, base, eventful)
            if any(e.source != NULL and e.target != NULL for e in coded):
                eventful.add(tok.i)
            by_order[tok.i] = coded
        for i in sorted(by_order):
            events.extend(by_order[i])
        return _dedupe(events)

    def _code_verb(
        self,
        sent: Span,
        verb: Token,
        entry: VerbEntry,
        phrases: dict[int, NounPhrase],
        base: int,
        eventful: set[int],
    ) -> list[CodedEvent]:
        v = verb.i - base
        words = _words(sent)
        after = [t.i - base for t in verb.subtree if t.i > verb.i]
        after = [i for i in after if not _under_clause(sent[i], verb, eventful)]
        before = list(range(v - 1, -1, -1))
        best: tuple[int, VerbPattern, dict[str, list[NounPhrase]]] | None = None
        for pattern in self.patterns.get(self.block_of[entry.entry_id], ()):
            got = self._match(pattern, words, before, after, phrases)
            if got is None:
                continue
            score = _weight(pattern)
            if best is None or score > best[0]:
                best = (score, pattern, got)
        if best is not None:
            code, rule_at, marked = best[1].code, best[1].entry_id, best[2]
        else:
            code, rule_at, marked = entry.code, entry.entry_id, {}
        if code.is_null:
            return []
        sources = marked.get("source") or self._subjects(verb, phrases, base)
        targets = (
            marked.get("target")
            or marked.get("compound")
            or self._objects(verb, after, phrases, sources)
        )
        if marked.get("compound") and not marked.get("target"):
            # `% *`: the compound actor acts on itself, each member on the others.
            members = marked["compound"]
            sources, targets = members, members
        out: list[CodedEvent] = []
        for s in sources or [None]:
            for t in targets or [None]:
                if s is not None and t is not None and s.head == t.head:
                    continue
                out.extend(_events(code, rule_at, s, t))
        return out

    def _subjects(self, verb: Token, phrases: dict[int, NounPhrase], base: int) -> list[NounPhrase]:
        """The verb's subject; a verb without one takes its governing verb's (xcomp, conj)."""
        tok: Token | None = verb
        while tok is not None:
            subjects = [c for c in tok.children if c.dep_ in SUBJECTS]
            agents = [
                g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
            ]
            if agents and any(c.dep_ == "nsubjpass" for c in tok.children):
                subjects = agents
            if subjects:
                found = [
                    m
                    for s in subjects
                    for p in _coordinated(s, phrases, base)
                    for m in self.members(p, phrases)
                ]
                coded = [p for p in found if p.code is not None]
                if coded:
                    return coded
                if not all(s.pos_ == "PRON" for s in subjects):
                    return []
                # "Ethiopia indicated it would act": an uncoded pronoun subject is the clause's
                # place in the sentence above it, whose source PETRARCH's tree passes down.
                if tok.dep_ == "ccomp" and tok.head.i != tok.i:
                    tok = tok.head
                    continue
                return []
            if tok.dep_ not in ("ccomp", "relcl", "parataxis", "ROOT") and tok.head.i != tok.i:
                tok = tok.head
            else:
                tok = None
        return []

    def _objects(
        self,
        verb: Token,
        after: list[int],
        phrases: dict[int, NounPhrase],
        sources: list[NounPhrase],
    ) -> list[NounPhrase]:
        """The first coded noun phrase of the verb phrase (and those coordinated with it)."""
        source_heads = {s.head for s in sources}
        for i in after:
            p = phrases.get(i)
            if p is None or p.code is None or i in source_heads:
                continue
            if p.borrowed_from is not None and not p.agents:
                continue  # "ties with Gondor": the actor's own phrase comes next
            tok = verb.doc[verb.sent.start + i]
            found = [
                m
                for q in _coordinated(tok, phrases, verb.sent.start)
                for m in self.members(q, phrases)
            ]
            return [q for q in found if q.code is not None and q.head not in source_heads]
        return []

    # -- pattern matching ---------------------------------------------------------------

    def _match(
        self,
        pattern: VerbPattern,
        words: list[str],
        before: list[int],
        after: list[int],
        phrases: dict[int, NounPhrase],
    ) -> dict[str, list[NounPhrase]] | None:
        marked: dict[str, list[NounPhrase]] = {}
        v = before[0] + 1 if before else 0
        if pattern.joined_after and (not after or after[0] != v + 1):
            return None
        if not self._match_side(
            list(pattern.after), words, after, phrases, marked, False, pattern.joined_after
        ):
            return None
        if not self._match_side(
            list(reversed(pattern.before)),
            words,
            before,
            phrases,
            marked,
            True,
            pattern.joined_before,
        ):
            return None
        return marked

    def _match_side(
        self,
        elements: list[PatternElement],
        words: list[str],
        positions: list[int],
        phrases: dict[int, NounPhrase],
        marked: dict[str, list[NounPhrase]],
        backwards: bool,
        anchored: bool = False,
    ) -> bool:
        """Match `elements` in order over `positions` (word indices), gaps allowed;
        `anchored`: the first element must match at the first position (`IN_*`)."""
        k = 0
        for n, el in enumerate(elements):
            limit = 1 if anchored and n == 0 else None
            got = self._find(el, words, positions, k, phrases, backwards, limit)
            if got is None:
                return False
            k, found = got
            for kind, found_phrases in found.items():
                marked.setdefault(kind, []).extend(found_phrases)
        return True

    def _find(
        self,
        el: PatternElement,
        words: list[str],
        positions: list[int],
        k: int,
        phrases: dict[int, NounPhrase],
        backwards: bool,
        limit: int | None = None,
    ) -> tuple[int, dict[str, list[NounPhrase]]] | None:
        """The first place at or after `k` where `el` matches: (next k, phrases it marked);
        `limit`: how many places to try."""
        kind = el.kind
        end = len(positions) if limit is None else min(len(positions), k + limit)
        for j in range(k, end):
            i = positions[j]
            if kind in (ElementKind.SOURCE, ElementKind.TARGET, ElementKind.COMPOUND):
                p = phrases.get(i)
                if p is None or p.code is None:
                    continue
                # A marker stands for the phrase's actors, and those coordinated with it.
                tok_phrases = [
                    m
                    for q in (p, *(phrases[c] for c in p.conjuncts))
                    if q.code is not None
                    for m in self.members(q, phrases)
                ]
                if kind is ElementKind.COMPOUND:
                    if len(self._conjuncts(i, phrases, positions)) < 2:
                        continue
                    tok_phrases = self._conjuncts(i, phrases, positions)
                span = set(p.own or p.tokens)
                nxt = j + 1
                while nxt < len(positions) and positions[nxt] in span:
                    nxt += 1
                return nxt, {str(kind): tok_phrases}
            if kind is ElementKind.SKIP:
                p = phrases.get(i)
                if p is None:
                    continue
                span = set(p.own or p.tokens)
                nxt = j + 1
                while nxt < len(positions) and positions[nxt] in span:
                    nxt += 1
                return nxt, {}
            if kind is ElementKind.PREP:
                if words[i] != el.words[0]:
                    continue
                if not el.objects:
                    return j + 1, {}
                inner: dict[str, list[NounPhrase]] = {}
                rest = positions[j + 1 :]
                if self._match_side(list(el.objects), words, rest, phrases, inner, backwards):
                    return len(positions), inner
                continue
            if kind is ElementKind.PHRASE and not backwards:
                n = self._phrase_at_position(el, words, positions, j, phrases)
            else:
                n = self._words_at(el, words, positions, j, backwards)
            if n:
                return j + n, {}
        return None

    def _phrase_at_position(
        self,
        el: PatternElement,
        words: list[str],
        positions: list[int],
        j: int,
        phrases: dict[int, NounPhrase],
    ) -> int:
        """`{MODIFIERS HEAD}` at `j`: a noun phrase starting there whose head is the last word
        and whose modifiers include the others in order (other modifiers may stand between:
        `{IMPROVED &TIETYPES RELATIONS}` is "improved global economic relations")."""
        for alt in self._expand_run(el.words):
            *mods, head = alt
            k = j
            for mod in mods:
                while k < len(positions) and words[positions[k]] != mod:
                    k += 1
                if k == len(positions):
                    break
                k += 1
            else:
                while k < len(positions) and words[positions[k]] != head:
                    k += 1
                if k == len(positions):
                    continue
                p = phrases.get(positions[k])
                start = positions[j]
                if p is not None and start in (p.own or p.tokens):
                    return k - j + 1
        return 0

    def _conjuncts(
        self, i: int, phrases: dict[int, NounPhrase], positions: list[int]
    ) -> list[NounPhrase]:
        p = phrases[i]
        return [p, *(phrases[j] for j in p.conjuncts if phrases[j].code is not None)]

    def _words_at(
        self,
        el: PatternElement,
        words: list[str],
        positions: list[int],
        j: int,
        backwards: bool,
    ) -> int:
        """How many positions from `j` a word run, synset or phrase element covers (0: none)."""
        if el.kind is ElementKind.SYNSET:
            alternatives: list[tuple[str, ...]] = list(self.synsets.get(el.words[0], ()))
        else:
            alternatives = list(self._expand_run(el.words))
        best = 0
        for alt in alternatives:
            seq = tuple(reversed(alt)) if backwards else alt
            n = len(seq)
            if j + n > len(positions):
                continue
            idx = positions[j : j + n]
            consecutive = all(abs(idx[m + 1] - idx[m]) == 1 for m in range(n - 1))
            if consecutive and tuple(words[x] for x in idx) == seq:
                best = max(best, n)
        return best

    def _expand_run(self, run: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        """A run of words, each `&NAME` in it standing for any member of the synset."""
        if not run:
            yield ()
            return
        head, rest = run[0], run[1:]
        heads = self.synsets.get(head, ()) if head.startswith("&") else ((head,),)
        for h in heads:
            for r in self._expand_run(rest):
                yield (*h, *r)


def _weight(pattern: VerbPattern) -> int:
    """How specific a pattern is: its words and markers (PETRARCH tries longer ones first)."""

    def w(el: PatternElement) -> int:
        return max(1, len(el.words)) + sum(w(o) for o in el.objects)

    return sum(w(e) for e in (*pattern.before, *pattern.after))


def _np_tokens(tok: Token, base: int, own_only: bool, top: bool = True) -> set[int]:
    """A noun's phrase: its subtree without clauses, the nouns coordinated with it and
    (own_only) its PPs; modifiers coordinated inside it stay ("Eriadori and Calenardhon")."""
    out = {tok.i - base}
    for child in tok.children:
        if child.dep_ in CLAUSES or child.dep_ in ("appos", "punct"):
            continue
        if top and child.dep_ in ("conj", "cc"):
            continue
        if own_only and child.dep_ == "prep":
            continue
        out |= _np_tokens(child, base, own_only, top=False)
    return out


def _coordinated(tok: Token, phrases: dict[int, NounPhrase], base: int) -> list[NounPhrase]:
    """A noun phrase and the phrases coordinated with it (`Arnor and Gondor`)."""
    out: list[NounPhrase] = []
    stack = [tok]
    while stack:
        t = stack.pop(0)
        p = phrases.get(t.i - base)
        if p is not None:
            out.append(p)
        stack.extend(c for c in t.children if c.dep_ in ("conj", "appos"))
    return out


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i:
        tok, n = tok.head, n + 1
    return n


def _under_clause(tok: Token, verb: Token, eventful: set[int]) -> bool:
    """Whether `tok` sits in a clause below `verb` that codes an event of its own."""
    t = tok
    while t.i != verb.i and t.head.i != t.i:
        if t.dep_ in ("ccomp", "advcl", "relcl", "parataxis", "csubj", "xcomp") and (
            t.i in eventful
        ):
            return True
        t = t.head
    return False


def _events(
    code: VerbCode, rule_at: str, s: NounPhrase | None, t: NounPhrase | None
) -> list[CodedEvent]:
    def side(p: NounPhrase | None) -> tuple[str, str, str]:
        if p is None or p.code is None:
            return NULL, "", ""
        return p.code, p.text, p.entry_at

    src, tgt = side(s), side(t)
    out = []
    if code.forward:
        out.append(
            CodedEvent(src[0], tgt[0], code.forward, src[1], tgt[1], rule_at, src[2], tgt[2])
        )
    if code.reverse:
        out.append(
            CodedEvent(tgt[0], src[0], code.reverse, tgt[1], src[1], rule_at, tgt[2], src[2])
        )
    return out


def _dedupe(events: list[CodedEvent]) -> list[CodedEvent]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for e in events:
        key = (e.source, e.target, e.code)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
