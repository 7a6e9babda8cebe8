"""The PETRARCH dictionary reader: each construct of the format, and the real files by path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etl.coding.petrarch import (
    DictionaryKind,
    DiscardScope,
    ElementKind,
    PetrarchDictionaries,
    VerbCode,
    build_event_lexicon,
    dictionary_kind,
    load_petrarch,
    parse_dictionary_date,
    read_actors,
    read_agents,
    read_discards,
    read_verbs,
    regular_verb_forms,
    verb_lexicon_lines,
    write_actor_folder,
)
from etl.errors import EtlError


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- actors ----------------------------------------------------------------------------------

ACTORS = """\
<!-- A TEST ACTOR FILE -->
<!--
# a multi-line comment with [FAKE] codes
-->
ARNOR_  [ARN]  # the north kingdom
+ARNORIAN
GOLLUM  # no code on the primary line
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
SAM_GAMGEE [HOB]
\t[ORCHOB 20100109-20100112] # earlier, narrower range wins
\t[HOBMIL 20080120-20121109]
KOFI_ANNAN_\t[IGOUNO 970101-061231] [ELI]
BOROMIR  [---]
U.N._
DAVID_CAMERON_
\t[GBRGOV >201005011]
\t[GBRELI 2004017-20061201]
"""


@pytest.fixture
def actors(tmp_path: Path):
    return read_actors(write(tmp_path, "test.actors.txt", ACTORS))


def test_actor_entries_keep_phrases_and_line_numbers(actors) -> None:
    names = {e.name: e for e in actors.entries}
    assert list(names) == [
        "ARNOR", "GOLLUM", "SAM GAMGEE", "KOFI ANNAN", "BOROMIR", "U.N.", "DAVID CAMERON",
    ]  # fmt: skip
    arnor = names["ARNOR"]
    assert arnor.entry_id == "test.actors.txt:5"
    assert [p.text for p in arnor.phrases] == ["ARNOR", "ARNORIAN"]
    assert [p.line for p in arnor.phrases] == [5, 6]
    assert arnor.code_on(None) == "ARN"


@pytest.mark.parametrize(
    ("name", "day", "code"),
    [
        ("GOLLUM", dt.date(1995, 1, 1), "HOB"),
        ("GOLLUM", dt.date(1995, 6, 1), "HOB"),  # limits are inclusive; the first match wins
        ("GOLLUM", dt.date(1997, 3, 1), "HOBGOV"),
        ("GOLLUM", dt.date(2001, 1, 1), "HOBREB"),
        ("GOLLUM", None, None),  # no default code and no date to check
        ("SAM GAMGEE", dt.date(2010, 1, 10), "ORCHOB"),
        ("SAM GAMGEE", dt.date(2011, 1, 10), "HOBMIL"),
        ("SAM GAMGEE", dt.date(2020, 1, 1), "HOB"),  # default from the primary line
        ("KOFI ANNAN", dt.date(2000, 1, 1), "IGOUNO"),
        ("KOFI ANNAN", dt.date(2010, 1, 1), "ELI"),  # both codes of one line are read
        ("BOROMIR", dt.date(2000, 1, 1), "---"),
        ("DAVID CAMERON", dt.date(2015, 1, 1), "GBRGOV"),
    ],
)
def test_date_restrictions_pick_the_code_in_force(actors, name, day, code) -> None:
    entry = next(e for e in actors.entries if e.name == name)
    assert entry.code_on(day) == code


def test_irregular_actor_lines_are_reported_not_fatal(actors) -> None:
    messages = {(p.line, p.message) for p in actors.problems}
    assert (17, "actor 'U.N.' has no code") in messages
    # PETRARCH reads the first 8 digits of a long date: reported so the file can be fixed
    assert any(line == 19 and "2010-05-01" in m for line, m in messages)
    # a 7-digit date follows PETRARCH's YYMMDD rule on its first six digits
    assert any(line == 20 and "2020-04-01" in m for line, m in messages)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("950601", dt.date(1995, 6, 1)),
        ("300101", dt.date(2030, 1, 1)),  # 00-30 -> 20YY, as in KEDS/TABARI
        ("310101", dt.date(1931, 1, 1)),
        ("19950601", dt.date(1995, 6, 1)),
        ("20100230", None),
        ("9506", None),
    ],
)
def test_dictionary_dates(text: str, expected: dt.date | None) -> None:
    assert parse_dictionary_date(text) == expected


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("+SYNONYM_FIRST\nARNOR [ARN]\n", 1, "'+' synonym comes before"),
        ("\t[ARN]\nARNOR\n", 1, "code block comes before"),
        ("ARNOR [ARN]\n<!-- never closed\nGONDOR [GON]\n", 2, "never closed"),
        ("# only comments\n", 0, "no actor entries"),
    ],
)
def test_broken_actor_files_raise_e005_with_line(tmp_path, text, line, problem) -> None:
    with pytest.raises(EtlError, match="Dictionary file") as exc:
        read_actors(write(tmp_path, "bad.actors.txt", text))
    assert f"line {line}:" in str(exc.value)
    assert problem in str(exc.value)


# --- agents ----------------------------------------------------------------------------------

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
PARLIAMENTARY_OPPOSITION {} [~OPP] #jap 11 Oct 2002
PRESIDENT [~GOV]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
CONGRESS [~LEG]
AUTHORITY  [~GOV]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_BODY  [NGO~]
POLICE {} [ ~COP]
DEPARMENT_OF_ENVIRONMENT [~ENV}
ISLAMIC_EXTREMIST
"""


def test_agents_plurals_markers_and_prefix_codes(tmp_path: Path) -> None:
    agents = read_agents(write(tmp_path, "test.agents.txt", AGENTS))
    forms = {e.phrases[0]: e for e in agents.entries}
    assert forms[("PARLIAMENTARY", "OPPOSITION")].phrases == (("PARLIAMENTARY", "OPPOSITION"),)
    assert forms[("PRESIDENT",)].phrases[1] == ("PRESIDENTS",)
    assert forms[("ATTORNEY", "GENERAL")].phrases[1] == ("ATTORNEYS", "GENERAL")
    assert forms[("CONGRESS",)].phrases[1] == ("CONGRESSES",)
    assert forms[("AUTHORITY",)].phrases[1] == ("AUTHORITIES",)
    congressman = forms[("CONGRESSMAN",)]
    assert len(congressman.phrases) == 5 and ("CONGRESSWOMEN",) in congressman.phrases
    ngo = forms[("HUMAN", "RIGHTS", "BODY")]
    assert ngo.prefix and ngo.apply("ARN") == "NGOARN"
    assert forms[("POLICE",)].apply("ARN") == "ARNCOP"
    assert forms[("DEPARMENT", "OF", "ENVIRONMENT")].code == "ENV"
    assert {p.line for p in agents.problems} == {10, 11}  # '}' closer; no code (skipped)
    assert len(agents.entries) == 9


# --- discards --------------------------------------------------------------------------------


def test_discards_scope_and_matching(tmp_path: Path) -> None:
    discards = read_discards(
        write(tmp_path, "test.discards.txt", "+World Golf Championships # pas\nBASEBALL\nGOLF_\n")
    )
    golf, baseball, word = discards.entries
    assert golf.scope is DiscardScope.STORY and golf.words == ("WORLD", "GOLF", "CHAMPIONSHIPS")
    assert baseball.scope is DiscardScope.SENTENCE and not baseball.whole_word
    assert baseball.matches("restore baseballs competition")  # a stem
    assert not baseball.matches("prebaseball")  # but it starts a word
    assert word.whole_word and word.matches("golf.") and not word.matches("golfer")
    assert discards.first_match("the World  golf championships and baseball") is golf
    assert discards.first_match("full diplomatic ties") is None


# --- verbs -----------------------------------------------------------------------------------

VERBS = """\
####### SYNONYM SETS #######
&TIETYPES
+MILITARY
+ECONOMIC_

&AUXVERB3_
+HAVE
+HAS

&ACCORDSYN  # nested synsets
+&TIETYPES
+CLOSER

####### VERB PATTERNS #######
--- RESTORE  [050]  ---
RESTORE    # pas 18 Jun 2007
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF}
WIRE_+TAP
HOLD {HOLDS HOLDING HELD } [---]
- * {FULL DIPLOMATIC} TIES [064]  # RESTORE
- &TIETYPES * (WITH +) [042:043]  # RESTORE
- * DIPLXMATIC [###]
- $ * (IN ^) [:173]
- * &UNDEFINED [111]
- * (BROKEN [111]
- NO VERB MARKER [111]

--- ASK [---] ---
ASK [020]
QUERY
* (TO QUESTION) [110]

~ a (a b ATTACK) SAY = a b 015
"""


@pytest.fixture
def verbs(tmp_path: Path):
    return read_verbs(write(tmp_path, "test.verbs.txt", VERBS))


def test_synsets_plurals_and_nesting(verbs) -> None:
    assert set(verbs.synsets) == {"&TIETYPES", "&AUXVERB3", "&ACCORDSYN"}
    assert verbs.expand_synset("&TIETYPES") == (("MILITARY",), ("MILITARIES",), ("ECONOMIC",))
    assert verbs.expand_synset("&AUXVERB3") == (("HAVE",), ("HAS",))  # '_' label: no plurals
    assert ("MILITARIES",) in verbs.expand_synset("&ACCORDSYN")
    assert ("CLOSERS",) in verbs.expand_synset("&ACCORDSYN")


def test_verb_blocks_forms_and_codes(verbs) -> None:
    restore, ask = verbs.blocks
    assert (restore.name, restore.code.forward, restore.line) == ("RESTORE", "050", 15)
    by_lemma = {v.lemma.text: v for v in restore.verbs}
    assert [f.text for f in by_lemma["RESTORE"].forms] == [
        "RESTORE", "RESTORES", "RESTORED", "RESTORING",
    ]  # fmt: skip
    cordon = by_lemma["CORDON OFF"]
    assert cordon.lemma.verb == "CORDON" and [f.text for f in cordon.forms] == [
        "CORDON OFF", "CORDONED OFF", "CORDONS OFF",
    ]  # fmt: skip
    tap = by_lemma["WIRE TAP"]
    assert tap.lemma.head == 1 and "WIRE TAPPED" not in [f.text for f in tap.forms]
    assert "WIRE TAPED" in [f.text for f in tap.forms]  # regular rules never double consonants
    hold = by_lemma["HOLD"]
    assert hold.code.is_null and hold.own_code
    assert by_lemma["RESTORE"].code.forward == "050" and not by_lemma["RESTORE"].own_code
    assert {v.lemma.text: v.code.raw for v in ask.verbs} == {"ASK": "020", "QUERY": "---"}


def test_patterns_are_parsed_into_elements(verbs) -> None:
    restore = verbs.blocks[0]
    ties, with_target, xxx, reverse = restore.patterns
    assert ties.text == "* {FULL DIPLOMATIC} TIES"
    assert [e.kind for e in ties.after] == [ElementKind.PHRASE, ElementKind.WORD]
    assert ties.code == VerbCode("064", "064", None) and ties.note == "RESTORE"
    assert ties.entry_id == "test.verbs.txt:20"
    assert with_target.before[0].kind is ElementKind.SYNSET
    prep = with_target.after[0]
    assert prep.kind is ElementKind.PREP and prep.words == ("WITH",)
    assert prep.objects[0].kind is ElementKind.TARGET
    assert (with_target.code.forward, with_target.code.reverse) == ("042", "043")
    assert xxx.code.raw == "###"  # '#' inside [...] is not a comment
    assert reverse.before[0].kind is ElementKind.SOURCE
    assert (reverse.code.forward, reverse.code.reverse) == (None, "173")
    ask_pattern = verbs.blocks[1].patterns[0]
    assert ask_pattern.text == "* (TO QUESTION)" and ask_pattern.code.forward == "110"


def test_bad_patterns_are_skipped_with_their_line(verbs) -> None:
    problems = {p.line: p.message for p in verbs.problems}
    assert "undefined synset &UNDEFINED" in problems[24]
    assert "unbalanced" in problems[25]
    assert "exactly one '*'" in problems[26]
    assert "leading '-'" in problems[31]
    assert len(verbs.patterns) == 5


def test_transformations(verbs) -> None:
    (t,) = verbs.transformations
    assert (t.outer_source, t.inner_source, t.inner_target, t.inner_verb, t.outer_verb) == (
        "A", "A", "B", "ATTACK", "SAY",
    )  # fmt: skip
    assert (t.result_source, t.result_target, t.result_code) == ("A", "B", "015")


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("ACCUSE", ("ACCUSES", "ACCUSED", "ACCUSING")),
        ("CARRY", ("CARRIES", "CARRIED", "CARRYING")),
        ("PLAY", ("PLAYS", "PLAYED", "PLAYING")),
        ("PUSH", ("PUSHES", "PUSHED", "PUSHING")),
        ("AGREE", ("AGREES", "AGREED", "AGREEING")),
    ],
)
def test_regular_verb_forms(verb: str, forms: tuple[str, str, str]) -> None:
    assert regular_verb_forms(verb) == forms


def test_verb_line_before_any_block_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(EtlError, match=r"line 1:.*before any"):
        read_verbs(write(tmp_path, "bad.verbs.txt", "RESTORE\n--- X [010] ---\n"))


# --- sets and the real dictionaries ----------------------------------------------------------


def test_dictionary_kind_from_file_name() -> None:
    kinds = [
        dictionary_kind(Path(n))
        for n in ("CAMEO.2.0.txt", "Phoenix.agents.txt", "PETR_Validate_actors_2_02.txt",
                  "Phoenix.discards.txt", "Phoenix.IssueCoding.txt", "LICENSE", "README.md")
    ]  # fmt: skip
    assert kinds == [
        DictionaryKind.VERBS, DictionaryKind.AGENTS, DictionaryKind.ACTORS,
        DictionaryKind.DISCARDS, DictionaryKind.OTHER, DictionaryKind.OTHER, DictionaryKind.OTHER,
    ]  # fmt: skip


def test_folder_with_two_sets_is_ambiguous(tmp_path: Path) -> None:
    write(tmp_path, "a.verbs.txt", VERBS)
    write(tmp_path, "b.verbs.txt", VERBS)
    with pytest.raises(EtlError, match="more than one verbs file"):
        load_petrarch(tmp_path)


# Entry counts of the shared copies (files read by path, never copied into the repository).
REAL_FILES = {
    "gold-dev/petrarch-dicts/PETR.Validate.actors.txt": 128,
    "gold-dev/petrarch-dicts/PETR_Validate_actors_2_02.txt": 133,
    "gold-dev/petrarch-dicts/PETR.Validate.agents.txt": 88,
    "gold-dev/petrarch-dicts/PETR_Validate_agents_2_02.txt": 88,
    "gold-dev/petrarch-dicts/PETR.Validate.discards.txt": 9,
    "gold-dev/petrarch-dicts/PETR_Validate_discards_2_02.txt": 9,
    "gold-dev/petrarch-dicts/PETR.Validate.verbs.txt": 474,  # patterns
    "gold-dev/petrarch-dicts/PETR_Validate_verbs_2_02.txt": 354,
    "phoenix-dicts/CAMEO.2.0.txt": 4664,
    "phoenix-dicts/Phoenix.Countries.actors.txt": 18390,
    "phoenix-dicts/Phoenix.International.actors.txt": 7841,
    "phoenix-dicts/Phoenix.MilNonState.actors.txt": 1021,
    "phoenix-dicts/Phoenix.agents.txt": 2244,
    "phoenix-dicts/Phoenix.discards.txt": 506,
}


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_dictionaries_load(shared_dir: Path, name: str) -> None:
    path = shared_dir / name
    kind = dictionary_kind(path)
    if kind is DictionaryKind.VERBS:
        d = read_verbs(path)
        count = len(d.patterns)
        assert len(d.verbs) > 100 and len(d.synsets) >= 17
    elif kind is DictionaryKind.ACTORS:
        d = read_actors(path)
        count = len(d.entries)
    elif kind is DictionaryKind.AGENTS:
        d = read_agents(path)
        count = len(d.entries)
    else:
        d = read_discards(path)
        count = len(d.entries)
    assert count == REAL_FILES[name]
    # Irregular lines are few and each names its line.
    assert len(d.problems) <= 50
    assert all(p.line > 0 for p in d.problems)


def test_phoenix_folder_loads_as_one_set(shared_dir: Path) -> None:
    d = load_petrarch(shared_dir / "phoenix-dicts")
    assert d.verbs is not None and len(d.verbs.blocks) == 397
    assert len(d.verbs.transformations) == 8
    assert len(d.actors) == 3 and len(d.actor_entries) == 18390 + 7841 + 1021
    assert any(p.endswith("Phoenix.IssueCoding.txt") for p in d.ignored)
    names = {p.text: e for e in d.actor_entries for p in e.phrases}
    assert names["AMERICA"].code_on(dt.date(2020, 1, 1)) == "USA"
    assert names["AMERICA"].name == "UNITED STATES OF AMERICA"


def test_gold_record_dictionary_set_codes_fictional_actors(shared_dir: Path) -> None:
    base = shared_dir / "gold-dev" / "petrarch-dicts"
    d = load_petrarch(
        [base / f"PETR_Validate_{k}_2_02.txt" for k in ("verbs", "actors", "agents", "discards")]
    )
    names = {p.text: e for e in d.actor_entries for p in e.phrases}
    assert names["MINAS TIRITH"].code_on(dt.date(1995, 1, 1)) == "GON"
    assert names["SMEAGOL"].code_on(dt.date(1997, 1, 1)) == "HOBGOV"
    assert d.discards is not None
    assert d.discards.first_match("restore baseball competition with Gondor") is not None


# --- conversion to the project's lexicon and actor folder ------------------------------------


def test_verbs_become_lexicon_lines_with_their_file_line(verbs) -> None:
    conversion = verb_lexicon_lines(verbs)
    assert conversion.lines == (
        "petr:test.verbs.txt:16 050 V restore",
        "petr:test.verbs.txt:17 050 V cordon ~off",
        # a block's pattern applies to all its verbs (HOLD has a null code of its own)
        "petr:test.verbs.txt:20 064 V restore|hold =full_diplomatic_ties",
        "petr:test.verbs.txt:20:off 064 V cordon ~off =full_diplomatic_ties",
        "petr:test.verbs.txt:29 020 V ask",
        "petr:test.verbs.txt:31 110 V ask|query +to =question",
    )
    why = {p.line: p.message for p in conversion.skipped}
    assert "words before the verb" in why[18]  # WIRE_+TAP
    assert "words before the verb" in why[21]
    assert "not in the CAMEO codebook" in why[22]  # [###]


def test_synsets_in_phrases_expand_to_alternatives(tmp_path: Path) -> None:
    text = VERBS.replace("- * DIPLXMATIC [###]", "- * {&TIETYPES AID} [070]")
    conversion = verb_lexicon_lines(read_verbs(write(tmp_path, "x.verbs.txt", text)))
    assert "petr:x.verbs.txt:22 070 V restore|hold =military_aid|militaries_aid|economic_aid" in (
        conversion.lines
    )


def test_build_event_lexicon_keeps_the_project_wrappers(verbs) -> None:
    lexicon, conversion = build_event_lexicon(verbs)
    ids = set(lexicon.entries)
    assert {line.split()[0] for line in conversion.lines} <= ids
    kinds = {e.kind for e in lexicon.entries.values()}
    assert kinds == {"V", "W", "L"}  # the project's own V/N/A triggers are replaced
    assert lexicon.entries["petr:test.verbs.txt:31"].preps == ("to",)


@pytest.fixture
def actor_folder(tmp_path: Path, actors):
    agents = read_agents(write(tmp_path, "test.agents.txt", AGENTS))
    pd = PetrarchDictionaries(None, (actors,), agents, None, ())
    return write_actor_folder(pd, tmp_path / "actors"), actors


def test_actor_folder_loads_in_the_project_dictionary(actor_folder) -> None:
    from etl.coding.actors import ActorDictionary

    conversion, _ = actor_folder
    why = {(Path(p.path).name, p.line): p.message for p in conversion.skipped}
    assert why[("test.actors.txt", 16)] == "null code: not an actor"  # BOROMIR [---]
    assert why[("test.agents.txt", 8)] == "prefix agent NGO~"
    d = ActorDictionary.load(Path(conversion.folder))
    assert d.countries["ARN"].aliases == ("arnorian",)
    assert "PETRARCH test.actors.txt:5" in (Path(conversion.folder) / "countries.csv").read_text()
    assert {r.role for r in d.roles.values()} >= {"GOV", "LEG", "OPP", "COP"}
    assert len(d.people) == conversion.people == 4  # GOLLUM, SAM, KOFI ANNAN, DAVID CAMERON


def test_person_terms_reproduce_petrarch_date_rules(actor_folder) -> None:
    import csv

    conversion, actors = actor_folder
    with (Path(conversion.folder) / "people.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for entry in actors.entries:
        if all(r.is_default for r in entry.restrictions):
            continue
        key = f"petr-test-actors-{entry.phrases[0].line}"
        terms = [r for r in rows if r["person"] == key]
        days = {dt.date(1990, 1, 1) + dt.timedelta(days=n) for n in range(0, 12000, 7)}
        for r in entry.restrictions:
            for d in (r.start, r.end):
                if d is not None:
                    days |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
        for day in sorted(days):
            held = [
                t["code"] for t in terms
                if dt.date.fromisoformat(t["valid_from"]) <= day
                and (not t["valid_to"] or day < dt.date.fromisoformat(t["valid_to"]))
            ]  # fmt: skip
            expected = entry.code_on(day)
            assert held == ([] if expected in (None, "---") else [expected]), (entry.name, day)


@pytest.mark.slow  # converts ~27,000 Phoenix actor entries (about 10 s)
def test_phoenix_dictionaries_convert_and_load(shared_dir: Path, tmp_path: Path) -> None:
    from etl.coding.actors import ActorDictionary

    d = load_petrarch(shared_dir / "phoenix-dicts")
    conversion = write_actor_folder(d, tmp_path)
    loaded = ActorDictionary.load(tmp_path)
    assert len(loaded.people) == conversion.people > 10_000
    assert loaded.countries["VEN"].name == "venezuela"
    lexicon, lines = build_event_lexicon(d.verbs)
    assert len(lines.lines) > 5_000 and len(lexicon.entries) > 5_000
