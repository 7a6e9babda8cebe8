"""The event lexicon: its data file, its loader's checks and its matcher on hand-built parses."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from etl.cameo import codebook
from etl.coding.lexicon import REPORTED, EventLexicon, find_triggers, phrase_tokens

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_, like_num)


def parse(rows: str) -> Doc:
    """A Doc from lines 'i word lemma POS TAG head dep' (head is an absolute index)."""
    cols = [line.split() for line in rows.strip().splitlines()]
    return Doc(
        VOCAB,
        words=[c[1] for c in cols],
        lemmas=[c[2] for c in cols],
        pos=[c[3] for c in cols],
        tags=[c[4] for c in cols],
        heads=[int(c[5]) for c in cols],
        deps=[c[6] for c in cols],
    )


@pytest.fixture(scope="module")
def lexicon() -> EventLexicon:
    return EventLexicon.from_package()


HEADER = """
@class SAY ccomp statement reported
@class INTENT xcomp|object
@compose SAY * ~
@compose INTENT * 030
@compose INTENT 04 036
@compose INTENT 042 036
@compose INTENT 19 -
"""


# ---- the shipped data file ---------------------------------------------------------------------


def test_shipped_lexicon_covers_all_twenty_cameo_roots(lexicon):
    roots = {e.code[:2] for e in lexicon.entries.values() if e.is_event}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_every_shipped_code_is_in_the_codebook(lexicon):
    book = codebook()
    for entry in lexicon.entries.values():
        for code in (entry.code, entry.pair):
            assert code is None or code == "---" or book.is_valid_event(code), entry.id
    for klass, table in lexicon.compose_table.items():
        for key, result in table.items():
            assert result in ("=", "-", "~") or book.is_valid_event(result), (klass, key)


def test_shipped_lexicon_has_common_subcodes(lexicon):
    codes = {e.code for e in lexicon.entries.values()}
    for code in ("040", "042", "043", "046", "051", "057", "112", "129", "163", "173", "190"):
        assert code in codes
    assert len(codes) >= 120


def test_version_names_declared_version_and_content_hash(lexicon):
    declared, digest = lexicon.version.split("+")
    assert declared and len(digest) == 10


# ---- loader checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("x.bad   999  V  meet", "not a CAMEO code"),
        ("x.bad   040  Q  meet", "kind must be"),
        ("x.bad   040  V  sit_down", "one token"),
        ("x.bad   040  N  talk ~up", "no ~particle"),
        ("x.bad   040  V  meet !loud", "cannot read"),
        ("x.bad   030  W NOCLASS pledge", "needs @class and @compose"),
    ],
)
def test_malformed_line_raises_e005_with_file_and_line(line, problem):
    with pytest.raises(ValueError, match=rf"test\.txt line \d+: .*{problem}"):
        EventLexicon.from_text(HEADER + line + "\n", source="test.txt")


def test_duplicate_entry_id_is_rejected():
    text = HEADER + "a.b 040 V meet\na.b 042 V visit\n"
    with pytest.raises(ValueError, match="duplicate entry id"):
        EventLexicon.from_text(text, source="t.txt")


def test_compose_takes_the_longest_code_prefix_then_star():
    lex = EventLexicon.from_text(HEADER)
    assert lex.compose("INTENT", "0421") == "036"  # 042 beats 04
    assert lex.compose("INTENT", "046") == "036"  # 04
    assert lex.compose("INTENT", "111") == "030"  # *
    assert lex.compose("INTENT", "190") is None  # '-' drops the event
    assert lex.compose("SAY", "190") == REPORTED


def test_pair_code_is_read_as_code_and_reverse():
    lex = EventLexicon.from_text(HEADER + "host.v 043:042 V host\n")
    entry = lex.entries["host.v"]
    assert (entry.code, entry.pair) == ("043", "042")


# ---- matching ----------------------------------------------------------------------------------

SHOOT_FILM = """
0 They they PRON PRP 1 nsubj
1 shot shoot VERB VBD 1 ROOT
2 a a DET DT 3 det
3 film film NOUN NN 1 dobj
"""

SHOOT_PROTESTERS = """
0 Police police NOUN NN 1 nsubj
1 shot shoot VERB VBD 1 ROOT
2 protesters protester NOUN NNS 1 dobj
"""


def test_blocking_sense_wins_over_the_general_verb(lexicon):
    film = parse(SHOOT_FILM)
    assert lexicon.verb_match(film[1]) is None
    protest = lexicon.verb_match(parse(SHOOT_PROTESTERS)[1])
    assert protest is not None and protest.entry.code.startswith("19")


def test_light_verb_object_entry_consumes_its_noun(lexicon):
    doc = parse(
        """
        0 The the DET DT 1 det
        1 US US PROPN NNP 2 nsubj
        2 imposed impose VERB VBD 2 ROOT
        3 sanctions sanction NOUN NNS 2 dobj
        4 on on ADP IN 2 prep
        5 Venezuela Venezuela PROPN NNP 4 pobj
        """
    )
    match = lexicon.verb_match(doc[2])
    assert match is not None
    assert match.entry.code == "163"
    assert match.object_token == 3
    assert 3 in match.tokens


def test_particle_is_required_when_the_entry_names_one(lexicon):
    doc = parse(
        """
        0 Police police NOUN NN 1 nsubj
        1 cracked crack VERB VBD 1 ROOT
        2 down down ADP RP 1 prt
        3 on on ADP IN 1 prep
        4 protesters protester NOUN NNS 3 pobj
        """
    )
    match = lexicon.verb_match(doc[1])
    assert match is not None and match.entry.code == "175"
    assert match.tokens == (1, 2)


def test_multiword_noun_needs_its_modifier(lexicon):
    air = parse(
        """
        0 an an DET DT 2 det
        1 air air NOUN NN 2 compound
        2 strike strike NOUN NN 2 ROOT
        """
    )
    labour = parse(
        """
        0 a a DET DT 2 det
        1 general general ADJ JJ 2 amod
        2 strike strike NOUN NN 2 ROOT
        """
    )
    assert lexicon.noun_match(air[2]).entry.code == "195"
    assert lexicon.noun_match(labour[2]).entry.code == "143"


def test_of_phrase_pattern_matches_head_and_object():
    doc = parse(
        """
        0 a a DET DT 1 det
        1 state state NOUN NN 1 ROOT
        2 of of ADP IN 1 prep
        3 emergency emergency NOUN NN 2 pobj
        """
    )
    assert phrase_tokens(doc[1], ("state", "of", "emergency")) == [1, 2, 3]
    assert phrase_tokens(doc[1], ("state", "of", "siege")) is None


def test_measure_nouns_are_looked_through(lexicon):
    doc = parse(
        """
        0 MSF MSF PROPN NNP 1 nsubj
        1 sent send VERB VBD 1 ROOT
        2 13 13 NUM CD 3 nummod
        3 tons ton NOUN NNS 1 dobj
        4 of of ADP IN 3 prep
        5 medicine medicine NOUN NN 4 pobj
        """
    )
    match = lexicon.verb_match(doc[1])
    assert match is not None and match.entry.code == "073"


def test_regular_inflection_is_tried_when_the_lemma_is_wrong(lexicon):
    # the statistical lemmatizer gives "hop" for "hoped"
    doc = parse(
        """
        0 It it PRON PRP 1 nsubj
        1 hoped hop VERB VBD 1 ROOT
        2 for for ADP IN 1 prep
        3 talks talk NOUN NNS 2 pobj
        """
    )
    match = lexicon.verb_match(doc[1])
    assert match is not None and match.entry.id == "optim.hope_for"


def test_compound_noun_is_no_trigger_unless_its_head_is_a_frame(lexicon):
    seekers = parse(
        """
        0 asylum asylum NOUN NN 1 compound
        1 seekers seeker NOUN NNS 1 ROOT
        """
    )
    effort = parse(
        """
        0 a a DET DT 2 det
        1 mediation mediation NOUN NN 2 compound
        2 effort effort NOUN NN 2 ROOT
        """
    )
    assert lexicon.noun_match(seekers[0]) is None
    assert lexicon.noun_match(effort[1]).entry.code == "045"


def test_wrappers_are_verbs_or_adjectives_only(lexicon):
    doc = parse(
        """
        0 pressure pressure NOUN NN 0 ROOT
        """
    )
    assert lexicon.wrapper(doc[0]) is None
    ready = parse(
        """
        0 Russia Russia PROPN NNP 1 nsubj
        1 is be AUX VBZ 1 ROOT
        2 ready ready ADJ JJ 1 acomp
        """
    )
    assert lexicon.wrapper(ready[2]).entry.wrapper_class == "INTENT"


def test_find_triggers_lists_verb_adjective_and_noun_triggers(lexicon):
    doc = parse(
        """
        0 Maduro Maduro PROPN NNP 1 nsubj
        1 is be AUX VBZ 1 ROOT
        2 grateful grateful ADJ JJ 1 acomp
        3 for for ADP IN 2 prep
        4 the the DET DT 5 det
        5 visit visit NOUN NN 3 pobj
        """
    )
    ids = [m.entry.id for m in find_triggers(doc[:], lexicon)]
    assert ids == ["praise.grateful", "consult.visit_n"]


def test_a_noun_lemma_is_not_overridden_by_a_regular_stem(lexicon):
    # "aides" (lemma "aide") is no aid; "aid" and "talks" still are events.
    doc = parse(
        """
        0 aides aide NOUN NNS 0 ROOT
        1 aid aid NOUN NN 0 dep
        """
    )
    assert lexicon.noun_match(doc[0]) is None
    assert lexicon.noun_match(doc[1]) is not None
