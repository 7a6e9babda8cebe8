"""Where the dictionary's surfaces occur in a sentence, and how its tokens group into phrases.

Why it exists: every later step asks two questions of the parse, "which dictionary words are
here?" and "which words belong together?", and both must be answered once per sentence, fast,
and the same way for every step. What it decides:

* `SurfaceMatcher`: which surfaces match. One `PhraseMatcher` per vocabulary, built once,
  case-insensitive for speed; then the case rule per word (`case_ok`: "US" is not "us",
  "Turkey" not "turkey"), the longest match first ("Latin American" over "American"), and role
  words only as nouns ("military parade" is no MIL actor).
* `noun_phrases`: which tokens form one phrase: a head and its left modifiers (compound, amod,
  det, a hyphen's neighbours ...), a dictionary match never split, a possessor kept as a phrase
  of its own that its owner may absorb, and no phrase straddling another. `read_sentence`
  gives each step its `Sentence` (the matches and phrases of one sentence).
* The span helpers every step uses to report a mention: `trim` (no punctuation or "'s" at the
  edges), `is_name` (a proper-noun word, by POS or by case when untagged), `name_text` (the
  name words the dictionary did not cover), `is_definite` ("the", "his", a count).
"""

from __future__ import annotations

import datetime as dt

import spacy
from spacy.attrs import DEP, HEAD, TAG
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from etl.coding.actors.context import NP, Match, Sentence
from etl.coding.actors.dictionary import ActorDictionary
from etl.coding.actors.entries import Rules, Surface, case_rule

# Dependencies that keep a token inside the noun phrase of the word it modifies. `poss` is left
# out on purpose: a possessor is its own phrase ("Venezuela's airline Conviasa"), which the
# owner absorbs when the owner is an actor.
NP_DEPS = frozenset(
    {"compound", "amod", "det", "nummod", "nmod", "npadvmod", "quantmod", "flat", "predet", "case"}
)
#: Hash of the tag of a hyphen, which joins the words around it into one phrase ("state-run").
HYPH = spacy.strings.get_string_id("HYPH")
NOMINAL_POS = frozenset({"NOUN", "PROPN"})


class SurfaceMatcher:
    """The dictionary's surfaces as one `PhraseMatcher` per vocabulary, built on first use."""

    def __init__(self, dictionary: ActorDictionary):
        self.dictionary = dictionary
        self._matchers: dict[int, tuple[Vocab, PhraseMatcher, list[Surface]]] = {}

    def _for_vocab(self, vocab: Vocab) -> tuple[PhraseMatcher, list[Surface]]:
        cached = self._matchers.get(id(vocab))
        if cached is not None and cached[0] is vocab:
            return cached[1], cached[2]
        # Patterns are tokenised by the same English tokenizer rules as the pipeline's, sharing
        # its vocabulary, so "Venezuela's" and "state-run" split the same way in both.
        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        labels: list[Surface] = []
        for surface in self.dictionary.surfaces.values():
            pattern = tokenizer(surface.text)
            if not len(pattern):
                continue
            labels.append(surface)
            matcher.add(str(len(labels) - 1), [pattern])
        self._matchers[id(vocab)] = (vocab, matcher, labels)
        return matcher, labels

    def match(self, doc: Doc) -> list[Match]:
        """Longest non-overlapping dictionary matches of a Doc that pass the case and POS rules."""
        matcher, labels = self._for_vocab(doc.vocab)
        strings = doc.vocab.strings
        found: list[Match] = []
        for match_id, start, end in matcher(doc):
            surface = labels[int(strings[match_id])]
            if case_ok(doc, start, end, surface):
                found.append(Match(start, end, surface))
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        taken = bytearray(len(doc))
        chosen: list[Match] = []
        for m in found:
            if any(taken[m.start : m.end]):
                continue
            m.root = span_root(doc, m.start, m.end)
            # Role words are nouns: 'military parade', 'official result' and 'head' as a verb are
            # not roles. Hand-built docs without POS are trusted.
            pos = doc[m.root].pos_
            if (
                m.surface.kind == "role"
                and pos
                and pos not in NOMINAL_POS
                and not (self.dictionary.roles[m.surface.entry_id].kind == "modifier")
            ):
                continue
            taken[m.start : m.end] = b"\1" * (m.end - m.start)
            chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        return chosen


def read_sentence(sent: Span, index: int, date: dt.date | None, matches: list[Match]) -> Sentence:
    """A sentence's working data: the match each token is in, and its noun phrases."""
    in_match: dict[int, Match] = {}
    for m in matches:
        for i in range(m.start, m.end):
            in_match[i] = m
    return Sentence(sent, index, date, in_match, noun_phrases(sent, in_match))


def noun_phrases(sent: Span, in_match: dict[int, Match]) -> dict[int, NP]:
    """Group the sentence's tokens into noun phrases (a head and its left modifiers)."""
    lo, hi = sent.start, sent.end
    heads: dict[int, int] = {}
    deps: dict[int, str] = {}
    attaches: dict[int, bool] = {}
    # Read from the Doc's arrays, not token by token: a Token object per word and per
    # head was a fifth of the resolver's time; the rest works on plain values.
    doc = sent.doc
    strings = doc.vocab.strings
    offsets = doc.to_array(HEAD)[lo:hi].astype("int64").tolist()
    labels = doc.to_array([DEP, TAG])[lo:hi].tolist()
    for i, offset, (dep_id, tag_id) in zip(range(lo, hi), offsets, labels, strict=True):
        dep = strings[dep_id] if dep_id else ""
        heads[i], deps[i] = i + offset, dep
        attaches[i] = dep in NP_DEPS or (dep == "punct" and tag_id == HYPH)
    head_of: dict[int, int] = {}

    def climb(i: int) -> int:
        for _ in range(64):  # parse trees are finite, but never loop on a malformed one
            if i in head_of:
                return head_of[i]
            m = in_match.get(i)
            if m is not None and i != m.root:
                i = m.root
                continue
            h = heads[i]
            if not (
                lo <= h < hi and h != i and attaches[i] and (h > i or deps[i] in ("case", "flat"))
            ):
                return i
            i = h
        return i

    for i in range(lo, hi):
        head_of[i] = climb(i)
    # A phrase is the contiguous run of its tokens around the head: members cut off by
    # tokens of other phrases ("many in the country as well as US and EU leaders") become
    # phrases of their own, so spans never straddle another phrase.
    members: dict[int, set[int]] = {}
    for i, h in head_of.items():
        members.setdefault(h, set()).add(i)
    for h, group in members.items():
        if len(group) == 1:
            continue
        first = last = h
        while first - 1 in group:
            first -= 1
        while last + 1 in group:
            last += 1
        for i in group:
            if not first <= i <= last:
                m = in_match.get(i)
                head_of[i] = i if m is None or not first <= m.root <= last else h
    matches = {id(m): m for m in in_match.values()}.values()
    for m in matches:
        for i in range(m.start, m.end):
            head_of[i] = head_of[m.root]
    nps: dict[int, NP] = {}
    for i in range(lo, hi):
        h = head_of[i]
        np = nps.get(h)
        if np is None:
            np = nps[h] = NP(head=h, tokens=[], matches=[])
        np.tokens.append(i)
    for m in sorted(matches, key=lambda m: m.start):
        nps[head_of[m.root]].matches.append(m)
    for i in range(lo, hi):
        # A possessor phrase belongs to the phrase of the word it modifies.
        if deps[i] == "poss" and lo <= heads[i] < hi and head_of[i] == i:
            owner = nps[head_of[heads[i]]]
            if owner.head != i:
                owner.possessors.append(i)
    return nps


def case_ok(doc: Doc, start: int, end: int, surface: Surface) -> bool:
    """Whether the tokens [start, end) are written in the case the surface asks for."""
    rule = case_rule(surface.text)
    if len(rule) != end - start:
        rule = rule[:1]  # the pipeline split a word ("law-maker"): check the first token only
    for token, need in zip(doc[start:end], rule, strict=False):
        text = token.text
        if need == "A" and sum(c.isupper() for c in text) < 2:
            return False
        if need == "C" and not text[:1].isupper():
            return False
    return True


def span_root(doc: Doc, start: int, end: int) -> int:
    """The token of [start, end) whose head lies outside it (the last one if several)."""
    root = end - 1
    for i in range(start, end):
        h = doc[i].head.i
        if h == i or not start <= h < end:
            root = i
    return root


def head_match(np: NP, in_match: dict[int, Match]) -> Match | None:
    m = in_match.get(np.head)
    return m if m is not None and m.root == np.head else None


def is_name(token: Token) -> bool:
    """A proper-noun word (by POS, or by capitalisation in an untagged doc)."""
    if token.pos_:
        return token.pos_ == "PROPN" and (token.is_alpha or "-" in token.text)
    return token.is_title and token.is_alpha


def name_text(
    doc: Doc, np: NP, in_match: dict[int, Match], rules: Rules, follower: NP | None = None
) -> str:
    """Proper-noun words of a phrase not covered by the dictionary ('Jorge Arreaza', 'Conviasa')."""
    tokens = sorted({*np.tokens, *(follower.tokens if follower is not None else ())})
    words = [
        doc[i].text
        for i in tokens
        if i not in in_match and is_name(doc[i]) and doc[i].lower_ not in rules.honorifics
    ]
    return " ".join(words)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop punctuation and a possessive marker at the edges of a span."""
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > start and (
        doc[end - 1].is_punct
        or doc[end - 1].is_space
        or doc[end - 1].tag_ == "POS"
        or doc[end - 1].dep_ == "case"
    ):
        end -= 1
    return start, end


def is_definite(doc: Doc, np: NP, rules: Rules, numbers: bool = True) -> bool:
    """'the'/'this'/a possessive, or (when `numbers`) a count ("18 people"): a phrase that picks
    out its referent rather than describing a kind."""
    if np.possessors:
        return True
    return any(
        doc[i].lower_ in rules.definite_determiners
        or doc[i].lower_ in rules.possessive_pronouns
        or (numbers and doc[i].dep_ == "nummod")
        for i in range(np.start, np.head)
    )


def name_keys(name: str) -> tuple[str, ...]:
    words = name.lower().split()
    if not words:
        return ()
    return (" ".join(words), words[-1]) if len(words) > 1 else (words[0],)
