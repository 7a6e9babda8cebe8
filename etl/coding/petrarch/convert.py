"""A PETRARCH set translated into what the project's coder reads: a lexicon and an actor folder.

The project codes with its own lexicon over the dependency parse (`etl.coding.lexicon`) and its
own actor dictionary folder (`etl.coding.actors`), not with PETRARCH's phrase matcher, so a
user's dictionaries are translated, not interpreted. Where the two models differ (patterns with
words before the verb, prefix agents, null codes) the translation leaves entries out; each one
is returned as a `DictionaryProblem` with its line, and each entry carried over keeps
`file:line` in its id, so `events.rule_id` leads back to the PETRARCH line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from etl.coding.petrarch.actors import ActorEntry
from etl.coding.petrarch.lines import NULL_CODES, DictionaryProblem
from etl.coding.petrarch.verbs import (
    ElementKind,
    PatternElement,
    VerbCode,
    VerbDictionary,
    VerbForm,
    VerbPattern,
)

if TYPE_CHECKING:  # the converters import the coder's modules lazily: no import cycle
    from etl.coding.lexicon import EventLexicon
    from etl.coding.petrarch.dictionaries import PetrarchDictionaries


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
    """`=object` / `+prep` items for a pattern, or ([], reason) when it cannot be expressed.

    A `%` before the verb (`- % * TALKS`, `- % * [030:030]`) is PETRARCH's compound actor: the
    members of a coordinated subject act on each other ("Gondor and Osgiliath renewed ties":
    both directions). That is the lexicon's `!sym`, so the pattern keeps its other words.
    """
    compound = any(e.kind is ElementKind.COMPOUND for e in pattern.before)
    before = [e for e in pattern.before if e.kind is not ElementKind.COMPOUND]
    if before:
        return [], "words before the verb"
    after = _merge_word_runs(list(pattern.after))
    if not after:
        return (["!sym"], None) if compound else ([], "no words after the verb")
    items: list[str] = ["!sym"] if compound else []
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
    hence skipped and listed: patterns with words before the verb or with `$ + ^` markers (a
    `%` before the verb, a compound subject, becomes `!sym`),
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
        # A bare `- % * [code]` says the block's verbs, with that code, are symmetric on a
        # compound subject: it is the verb's own line made `!sym`, not a second entry of the
        # same form (which would only tie with it).
        bare_sym = {
            p.code.forward
            for p in block.patterns
            if not p.code.is_null and _lexicon_constraints(p, verbs) == (["!sym"], None)
        }
        verb_codes: set[str] = set()
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
                    extra += " !sym" if code in bare_sym else ""
                    verb_codes.add(code)
                    lines.append(f"petr:{name}:{verb.line} {code} V {lemma}{extra}")
        for pattern in block.patterns:
            if pattern.code.is_null:
                continue
            items, why = _lexicon_constraints(pattern, verbs)
            if why is not None:
                skip(pattern.line, f"pattern {pattern.text}: {why}")
                continue
            code = code_of(pattern.code, pattern.line)
            if code is None or not lemmas or (items == ["!sym"] and code in verb_codes):
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
# Conversion to the project's actor dictionary folder (etl/coding/actors/)
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
    #: entry id (person key, country code, organisation or role id) -> PETRARCH `file:line`
    entry_at: dict[str, str] = field(default_factory=dict)
    #: (entry id, lower-cased surface) -> `file:line` of the PETRARCH line with that phrase
    surface_at: dict[tuple[str, str], str] = field(default_factory=dict)


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


def _display(surface: str) -> str:
    """A name as events show it ("sergey lavrov" -> "Sergey Lavrov"): PETRARCH phrases are
    upper case, so a name's case is a guess; the lower-case surface stays an alias, so
    matching stays caseless."""
    words = []
    for w in surface.split():
        if w.isupper() or w in _SMALL_WORDS:
            words.append(w)
        else:
            words.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(words)


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

    def refusal(code: str) -> str | None:
        """Why the project's loader would refuse `code`, or None."""
        seg = _segments(code.upper())
        if seg is None:
            return f"code {code!r}: not 3-letter segments"
        repeated = sorted({s for s in seg if seg.count(s) > 1})
        if repeated:
            # The project's loader refuses `MNCHLHHLH`: a repeated segment says nothing new.
            return f"code {code}: repeats {repeated}"
        unknown = [s for s in seg if s not in countries_ok | roles | known_groups]
        if unknown:
            return f"code {code}: unknown {unknown}"
        return None

    def valid(code: str, path: str, line: int) -> bool:
        why = refusal(code)
        if why is not None:
            skipped.append(DictionaryProblem(path, line, why))
            return False
        if not code.isupper():
            skipped.append(DictionaryProblem(path, line, f"code {code!r} read as {code.upper()}"))
        return True

    def carried(e: ActorEntry) -> bool:
        """Whether an entry has a code that is carried over (so it may own its phrases)."""
        if any(not r.is_default for r in e.restrictions):
            return any(refusal(c) is None for c, _s, _e in _terms(e))
        code = e.default_code
        return code is not None and code not in NULL_CODES and refusal(code) is None

    # One surface, one entry: PETRARCH stores phrases in a trie where a later entry overwrites
    # an earlier one, and the project's dictionary refuses a surface claimed twice. A later
    # entry that cannot be carried over (its code refused) does not take an earlier one's name.
    owner: dict[str, int] = {}
    for i, (_path, e) in enumerate(entries):
        for p in e.phrases:
            key = _surface(p.words).lower()
            if key not in owner or carried(e) or not carried(entries[owner[key]][1]):
                owner[key] = i

    country_rows: dict[str, dict[str, list[str]]] = {}
    igo_rows: list[list[str]] = []
    group_rows: list[list[str]] = []
    people_rows: list[list[str]] = []
    entry_at: dict[str, str] = {}
    surface_at: dict[tuple[str, str], str] = {}

    def cite(entry_key: str, path: str, e: ActorEntry, surfaces: list[str]) -> None:
        entry_at.setdefault(entry_key, f"{path}:{e.phrases[0].line}")
        for p in e.phrases:
            surface_at.setdefault((entry_key, _surface(p.words).lower()), f"{path}:{p.line}")

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
            cite(key, path, e, surfaces)
            for n, (code, start, end) in enumerate(terms):
                entry_at[f"person:{key}:{n}"] = f"{path}:{e.phrases[0].line}"
                people_rows.append(
                    [f"person:{key}:{n}", key, _display(surfaces[0]), "|".join(surfaces), code,
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
            cite(code, path, e, surfaces)
            continue
        ident = f"petr-{Path(path).stem.replace('.', '-').lower()}-{e.phrases[0].line}"
        if code[:3] in ("IGO", "NGO"):
            kind = code[:3].lower()
            cite(f"{kind}:{ident}", path, e, surfaces)
            igo_rows.append(
                [f"{kind}:{ident}", code, kind, _display(surfaces[0]), "|".join(surfaces), where]
            )
        else:
            cite(f"group:{ident}", path, e, surfaces)
            group_rows.append(
                [f"group:{ident}", code, _display(surfaces[0]), "|".join(surfaces), where]
            )

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
            entry_at[f"role:petr-{stem}-{a.line}"] = f"{agents_path}:{a.line}"
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
        entry_at=entry_at,
        surface_at=surface_at,
    )
