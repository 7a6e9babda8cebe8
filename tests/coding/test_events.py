"""Sentence → events on hand-built parses with hand-made actor mentions.

Each test fixes one syntactic rule of `etl.coding.events`; the parses are written out so a failing
test shows exactly which structure the rule was given.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy
from spacy.tokens import Doc

from etl.coding.actors import Mention
from etl.coding.events import DiscardList, EventCoder
from etl.coding.lexicon import EventLexicon

VOCAB = spacy.blank("en").vocab


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


def mention(start: int, end: int, code: str, head: int | None = None, evidence: str = "test"):
    country = code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3] != "IGO" else None
    role = code[3:] or None if country else None
    return Mention(
        start=start,
        end=end,
        head=end - 1 if head is None else head,
        code=code,
        country=country,
        role=role,
        name=code,
        entry_id=f"test.{code}",
        resolution="dictionary",
        evidence=evidence,
    )


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(EventLexicon.from_package(), DiscardList.from_package())


def dyads(events):
    return [(e.source.code, e.code, e.target.code) for e in events]


# ---- active, passive, light verbs --------------------------------------------------------------

VETO_ACTIVE = """
0 Brazil Brazil PROPN NNP 1 nsubj
1 vetoed veto VERB VBD 1 ROOT
2 Venezuela Venezuela PROPN NNP 4 poss
3 's 's PART POS 2 case
4 bid bid NOUN NN 1 dobj
5 . . PUNCT . 1 punct
"""

VETO_PASSIVE = """
0 Caracas Caracas PROPN NNP 2 poss
1 ' ' PART POS 0 case
2 bid bid NOUN NN 4 nsubjpass
3 was be AUX VBD 4 auxpass
4 vetoed veto VERB VBN 4 ROOT
5 by by ADP IN 4 agent
6 Brazil Brazil PROPN NNP 5 pobj
7 . . PUNCT . 4 punct
"""


def test_active_clause_codes_subject_against_object(coder):
    doc = parse(VETO_ACTIVE)
    events = coder.code_sentence(doc[:], [mention(0, 1, "BRA"), mention(2, 3, "VEN")])
    assert dyads(events) == [("BRA", "129", "VEN")]
    assert "active" in events[0].rules
    assert events[0].is_root_event


def test_passive_clause_takes_the_agent_as_source(coder):
    doc = parse(VETO_PASSIVE)
    events = coder.code_sentence(doc[:], [mention(0, 1, "VEN"), mention(6, 7, "BRA")])
    assert dyads(events) == [("BRA", "129", "VEN")]
    assert "passive" in events[0].rules


def test_light_verb_and_event_noun_with_target_preposition(coder):
    doc = parse(
        """
        0 The the DET DT 1 det
        1 US US PROPN NNP 2 nsubj
        2 imposed impose VERB VBD 2 ROOT
        3 sanctions sanction NOUN NNS 2 dobj
        4 on on ADP IN 2 prep
        5 Venezuela Venezuela PROPN NNP 4 pobj
        6 . . PUNCT . 2 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 2, "USA", head=1), mention(5, 6, "VEN")])
    assert dyads(events) == [("USA", "163", "VEN")]
    assert events[0].trigger == (2, 3)
    assert events[0].entry_ids == ("embargo.impose",)


# ---- wrappers: intentions, appeals, refusals, reported speech ----------------------------------


def test_pledge_to_cooperate_is_an_intent(coder):
    doc = parse(
        """
        0 Russia Russia PROPN NNP 1 nsubj
        1 pledged pledge VERB VBD 1 ROOT
        2 to to PART TO 3 aux
        3 boost boost VERB VB 1 xcomp
        4 cooperation cooperation NOUN NN 3 dobj
        5 with with ADP IN 4 prep
        6 Venezuela Venezuela PROPN NNP 5 pobj
        7 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "RUS"), mention(6, 7, "VEN")])
    (event,) = events
    assert (event.source.code, event.code[:2], event.target.code) == ("RUS", "03", "VEN")
    assert "wrap:INTENT" in event.rules
    assert event.entry_ids[0] == "intent.pledge"


def test_appeal_targets_its_addressee_and_recodes_what_is_asked(coder):
    doc = parse(
        """
        0 The the DET DT 1 det
        1 UN UN PROPN NNP 2 nsubj
        2 urged urge VERB VBD 2 ROOT
        3 Russia Russia PROPN NNP 2 dobj
        4 to to PART TO 5 aux
        5 withdraw withdraw VERB VB 2 xcomp
        6 troops troop NOUN NNS 5 dobj
        7 . . PUNCT . 2 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 2, "IGOUNO", head=1), mention(3, 4, "RUS")])
    assert dyads(events) == [("IGOUNO", "0256", "RUS")]
    assert "addressee" in events[0].rules


def test_refusal_recodes_the_refused_act(coder):
    doc = parse(
        """
        0 Iran Iran PROPN NNP 1 nsubj
        1 refused refuse VERB VBD 1 ROOT
        2 to to PART TO 3 aux
        3 release release VERB VB 1 xcomp
        4 the the DET DT 5 det
        5 prisoners prisoner NOUN NNS 3 dobj
        6 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "IRN")])
    assert dyads(events) == [("IRN", "1243", "---")]


REPORTED = """
0 Maduro Maduro PROPN NNP 1 nsubj
1 said say VERB VBD 1 ROOT
2 he he PRON PRP 4 nsubj
3 was be AUX VBD 4 aux
4 severing sever VERB VBG 1 ccomp
5 ties tie NOUN NNS 4 dobj
6 with with ADP IN 5 prep
7 the the DET DT 8 det
8 US US PROPN NNP 6 pobj
9 . . PUNCT . 1 punct
"""


def test_reported_event_is_coded_and_a_pronoun_subject_is_the_speaker(coder):
    doc = parse(REPORTED)
    events = coder.code_sentence(doc[:], [mention(0, 1, "VENGOV"), mention(7, 9, "USA")])
    assert dyads(events) == [("VENGOV", "161", "USA")]
    assert events[0].source.via == "speaker"
    assert "speaker" in events[0].rules


def test_bare_statement_is_010_only_when_nothing_else_is_reported(coder):
    doc = parse(
        """
        0 Lavrov Lavrov PROPN NNP 1 nsubj
        1 said say VERB VBD 1 ROOT
        2 the the DET DT 3 det
        3 plan plan NOUN NN 4 nsubj
        4 was be AUX VBD 1 ccomp
        5 good good ADJ JJ 4 acomp
        6 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "RUSGOV")])
    assert dyads(events) == [("RUSGOV", "010", "---")]
    assert "statement" in events[0].rules


def test_reported_event_is_the_main_event(coder):
    doc = parse(
        """
        0 Russia Russia PROPN NNP 1 nsubj
        1 said say VERB VBD 1 ROOT
        2 Iran Iran PROPN NNP 3 nsubj
        3 attacked attack VERB VBD 1 ccomp
        4 Iraq Iraq PROPN NNP 3 dobj
        5 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(
        doc[:], [mention(0, 1, "RUS"), mention(2, 3, "IRN"), mention(4, 5, "IRQ")]
    )
    assert dyads(events) == [("IRN", "190", "IRQ")]
    assert events[0].is_root_event


def test_opaque_verb_does_not_code_the_alleged_act(coder):
    doc = parse(
        """
        0 The the DET DT 1 det
        1 US US PROPN NNP 2 nsubj
        2 accused accuse VERB VBD 2 ROOT
        3 Maduro Maduro PROPN NNP 2 dobj
        4 of of ADP IN 2 prep
        5 attacking attack VERB VBG 4 pcomp
        6 protesters protester NOUN NNS 5 dobj
        7 . . PUNCT . 2 punct
        """
    )
    ms = [mention(0, 2, "USA", head=1), mention(3, 4, "VENGOV"), mention(6, 7, "CVL")]
    assert dyads(coder.code_sentence(doc[:], ms)) == [("USA", "112", "VENGOV")]


def test_an_allegations_content_clause_is_no_event(coder):
    # "an allegation by the LPC that the NPFL had taken over the city of Greenville": the
    # capture is what is claimed (the noun's `acl`), not an event of its own.
    doc = parse(
        """
        0 Liberia Liberia PROPN NNP 1 nsubj
        1 completed complete VERB VBD 1 ROOT
        2 an an DET DT 3 det
        3 investigation investigation NOUN NN 1 dobj
        4 into into ADP IN 1 prep
        5 an an DET DT 6 det
        6 allegation allegation NOUN NN 4 pobj
        7 by by ADP IN 6 prep
        8 Ghana Ghana PROPN NNP 7 pobj
        9 that that SCONJ IN 12 mark
        10 NPFL NPFL PROPN NNP 12 nsubj
        11 had have AUX VBD 12 aux
        12 taken take VERB VBN 6 acl
        13 over over ADP RP 12 prt
        14 the the DET DT 15 det
        15 city city NOUN NN 12 dobj
        16 of of ADP IN 15 prep
        17 Greenville Greenville PROPN NNP 16 pobj
        18 . . PUNCT . 1 punct
        """
    )
    ms = [mention(0, 1, "LBR"), mention(8, 9, "GHA"), mention(17, 18, "LBR")]
    assert dyads(coder.code_sentence(doc[:], ms)) == [("GHA", "112", "---")]


# ---- negation, modality ------------------------------------------------------------------------


def test_negated_meeting_is_not_a_meeting(coder):
    negated = parse(
        """
        0 Russia Russia PROPN NNP 3 nsubj
        1 did do AUX VBD 3 aux
        2 not not PART RB 3 neg
        3 meet meet VERB VB 3 ROOT
        4 Venezuela Venezuela PROPN NNP 3 dobj
        5 . . PUNCT . 3 punct
        """
    )
    plain = parse(
        """
        0 Russia Russia PROPN NNP 1 nsubj
        1 met meet VERB VBD 1 ROOT
        2 Venezuela Venezuela PROPN NNP 1 dobj
        3 . . PUNCT . 1 punct
        """
    )
    assert coder.code_sentence(negated[:], [mention(0, 1, "RUS"), mention(4, 5, "VEN")]) == []
    assert dyads(coder.code_sentence(plain[:], [mention(0, 1, "RUS"), mention(2, 3, "VEN")])) == [
        ("RUS", "040", "VEN")
    ]


@pytest.mark.parametrize(
    ("neg", "code", "rule"), [(False, "036", "future"), (True, "125", "negfuture")]
)
def test_future_meeting_is_an_intent_and_a_negated_one_a_refusal(coder, neg, code, rule):
    rows = ["0 Trump Trump PROPN NNP 2 nsubj", "1 will will AUX MD 2 aux"]
    if neg:
        rows = ["0 Trump Trump PROPN NNP 3 nsubj", "1 will will AUX MD 3 aux"]
        rows += ["2 not not PART RB 3 neg", "3 meet meet VERB VB 3 ROOT"]
        rows += ["4 Hariri Hariri PROPN NNP 3 dobj", "5 . . PUNCT . 3 punct"]
        hariri = 4
    else:
        rows += ["2 meet meet VERB VB 2 ROOT", "3 Hariri Hariri PROPN NNP 2 dobj"]
        rows += ["4 . . PUNCT . 2 punct"]
        hariri = 3
    doc = parse("\n".join(rows))
    events = coder.code_sentence(
        doc[:], [mention(0, 1, "USAGOV"), mention(hariri, hariri + 1, "LBNGOV")]
    )
    assert dyads(events) == [("USAGOV", code, "LBNGOV")]
    assert rule in events[0].rules


def test_questions_give_no_event(coder):
    doc = parse(
        """
        0 Did do AUX VBD 2 aux
        1 Russia Russia PROPN NNP 2 nsubj
        2 attack attack VERB VB 2 ROOT
        3 Ukraine Ukraine PROPN NNP 2 dobj
        4 ? ? PUNCT . 2 punct
        """
    )
    assert coder.code_sentence(doc[:], [mention(1, 2, "RUS"), mention(3, 4, "UKR")]) == []


# ---- coordination, symmetry, pairs -------------------------------------------------------------


def test_coordinated_subjects_give_one_event_each_main_first(coder):
    doc = parse(
        """
        0 Russia Russia PROPN NNP 5 nsubj
        1 , , PUNCT , 0 punct
        2 Belarus Belarus PROPN NNP 0 conj
        3 and and CCONJ CC 2 cc
        4 Turkey Turkey PROPN NNP 2 conj
        5 voiced voice VERB VBD 5 ROOT
        6 support support NOUN NN 5 dobj
        7 for for ADP IN 6 prep
        8 Maduro Maduro PROPN NNP 7 pobj
        9 . . PUNCT . 5 punct
        """
    )
    ms = [mention(0, 1, "RUS"), mention(2, 3, "BLR"), mention(4, 5, "TUR"), mention(8, 9, "VENGOV")]
    events = coder.code_sentence(doc[:], ms)
    assert dyads(events) == [(c, "051", "VENGOV") for c in ("RUS", "BLR", "TUR")]
    assert [e.is_root_event for e in events] == [True, False, False]
    assert all("coord" in e.rules for e in events)


def test_symmetric_meeting_of_coordinated_subjects_goes_both_ways(coder):
    doc = parse(
        """
        0 Arreaza Arreaza PROPN NNP 3 nsubj
        1 and and CCONJ CC 0 cc
        2 Lavrov Lavrov PROPN NNP 0 conj
        3 held hold VERB VBD 3 ROOT
        4 a a DET DT 5 det
        5 meeting meeting NOUN NN 3 dobj
        6 . . PUNCT . 3 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "VENGOV"), mention(2, 3, "RUSGOV")])
    assert sorted(dyads(events)) == [("RUSGOV", "040", "VENGOV"), ("VENGOV", "040", "RUSGOV")]
    assert all("light" in e.rules and "sym" in e.rules for e in events)


def test_host_pair_code_gives_the_visit_too(coder):
    doc = parse(
        """
        0 Putin Putin PROPN NNP 1 nsubj
        1 welcomed welcome VERB VBD 1 ROOT
        2 Maduro Maduro PROPN NNP 1 dobj
        3 in in ADP IN 1 prep
        4 the the DET DT 5 det
        5 Kremlin Kremlin PROPN NNP 3 pobj
        6 . . PUNCT . 1 punct
        """
    )
    kremlin = mention(4, 6, "RUSGOV", evidence="seat of power; locative: object of 'in'")
    events = coder.code_sentence(
        doc[:], [mention(0, 1, "RUSGOV"), mention(2, 3, "VENGOV"), kremlin]
    )
    assert dyads(events) == [("RUSGOV", "043", "VENGOV"), ("VENGOV", "042", "RUSGOV")]
    assert "pair" in events[1].rules


# ---- who counts as an actor --------------------------------------------------------------------

ATTACK = """
0 {subj} {subj_lemma} {subj_pos} {subj_tag} 1 nsubj
1 attacked attack VERB VBD 1 ROOT
2 the the DET DT 3 det
3 building building NOUN NN 1 dobj
4 . . PUNCT . 1 punct
"""


def test_one_resolved_side_is_enough_and_the_other_is_null_coded(coder):
    doc = parse(
        ATTACK.format(subj="Protesters", subj_lemma="protester", subj_pos="NOUN", subj_tag="NNS")
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "CVL")])
    assert (event.source.code, event.code, event.target.code) == ("CVL", "190", "---")
    assert (event.target.start, event.target.end) == (2, 4)  # the unresolved argument's span


def test_no_actor_at_all_gives_no_event(coder):
    doc = parse(ATTACK.format(subj="Someone", subj_lemma="someone", subj_pos="PRON", subj_tag="NN"))
    assert coder.code_sentence(doc[:], []) == []


def test_a_name_the_dictionaries_lack_still_carries_the_event(coder):
    doc = parse(ATTACK.format(subj="UNITA", subj_lemma="UNITA", subj_pos="PROPN", subj_tag="NNP"))
    (event,) = coder.code_sentence(doc[:], [])
    assert (event.source.code, event.code, event.target.code) == ("---", "190", "---")
    assert event.source.named and not event.source.resolved


def test_a_place_after_in_is_not_a_target(coder):
    doc = parse(
        """
        0 Putin Putin PROPN NNP 1 nsubj
        1 met meet VERB VBD 1 ROOT
        2 reporters reporter NOUN NNS 1 dobj
        3 in in ADP IN 1 prep
        4 Moscow Moscow PROPN NNP 3 pobj
        5 . . PUNCT . 1 punct
        """
    )
    moscow = mention(4, 5, "RUS", evidence="capital; locative: object of 'in'")
    assert dyads(coder.code_sentence(doc[:], [mention(0, 1, "RUSGOV"), moscow])) == [
        ("RUSGOV", "040", "---")
    ]


def test_acting_on_ones_own_state_keeps_the_act_without_a_target(coder):
    doc = parse(
        """
        0 Zarif Zarif PROPN NNP 1 nsubj
        1 defended defend VERB VBD 1 ROOT
        2 Iran Iran PROPN NNP 4 poss
        3 's 's PART POS 2 case
        4 position position NOUN NN 1 dobj
        5 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "IRNGOV"), mention(2, 3, "IRN")])
    assert (event.source.code, event.code, event.target.code) == ("IRNGOV", "052", "---")
    assert "self-target" in event.rules


def test_a_target_that_borrowed_the_sources_country_is_kept_of_unknown_country(coder):
    # "Maduro's government expelled the envoy": the envoy's VEN came from the source alone.
    doc = parse(
        """
        0 Maduro Maduro PROPN NNP 2 poss
        1 's 's PART POS 0 case
        2 government government NOUN NN 3 nsubj
        3 expelled expel VERB VBD 3 ROOT
        4 the the DET DT 5 det
        5 envoy envoy NOUN NN 3 dobj
        6 . . PUNCT . 3 punct
        """
    )
    envoy = replace(
        mention(4, 6, "VENGOV"), resolution="context", lent_by=(2,), entry_id="role:ambassador"
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 3, "VENGOV", head=2), envoy])
    assert (event.source.code, event.code, event.target.code) == ("VENGOV", "166", "---GOV")
    assert "unlent" in event.rules and "self-target" not in event.rules


def test_a_group_located_in_a_country_is_not_the_state_acting_on_itself(coder):
    # "Opposition groups in Zimbabwe are demanding that President Mugabe abandon ...": the
    # source is ZWE only as where the groups are, so Mugabe stays the target.
    doc = parse(
        """
        0 Opposition opposition NOUN NN 1 compound
        1 groups group NOUN NNS 5 nsubj
        2 in in ADP IN 1 prep
        3 Zimbabwe Zimbabwe PROPN NNP 2 pobj
        4 are be AUX VBP 5 aux
        5 demanding demand VERB VBG 5 ROOT
        6 that that SCONJ IN 9 mark
        7 President President PROPN NNP 8 compound
        8 Mugabe Mugabe PROPN NNP 9 nsubj
        9 abandon abandon VERB VB 5 ccomp
        10 his his PRON PRP$ 11 poss
        11 policy policy NOUN NN 9 dobj
        12 . . PUNCT . 5 punct
        """
    )
    ms = [mention(3, 4, "ZWE"), mention(7, 9, "ZWEGOV")]
    events = coder.code_sentence(doc[:], ms)
    assert ("ZWE", "100", "ZWEGOV") in dyads(events)


def test_two_people_of_one_government_keep_both_sides(coder):
    doc = parse(
        """
        0 Biden Biden PROPN NNP 1 nsubj
        1 criticized criticize VERB VBD 1 ROOT
        2 Trump Trump PROPN NNP 1 dobj
        3 . . PUNCT . 1 punct
        """
    )
    biden = replace(mention(0, 1, "USAGOV"), person=True, entity_key="person:biden")
    trump = replace(mention(2, 3, "USAGOV"), person=True, entity_key="person:trump")
    (event,) = coder.code_sentence(doc[:], [biden, trump])
    assert (event.source.code, event.code, event.target.code) == ("USAGOV", "111", "USAGOV")


# ---- discards ----------------------------------------------------------------------------------


def test_discard_phrase_removes_the_events_of_its_sentence(coder):
    rows = """
    0 Russia Russia PROPN NNP 1 nsubj
    1 attacked attack VERB VBD 1 ROOT
    2 Ukraine Ukraine PROPN NNP 1 dobj
    3 in in ADP IN 1 prep
    4 {word} {word} NOUN NN 5 compound
    5 tournament tournament NOUN NN 3 pobj
    6 . . PUNCT . 1 punct
    """
    ms = [mention(0, 1, "RUS"), mention(2, 3, "UKR")]
    assert coder.code_sentence(parse(rows.format(word="chess"))[:], ms) == []
    assert dyads(coder.code_sentence(parse(rows.format(word="war"))[:], ms)) == [
        ("RUS", "190", "UKR")
    ]


def test_discard_list_reads_ids_and_phrases():
    discards = DiscardList.from_text("# comment\nsport.x  premier league\n", source="d.txt")
    assert discards.sentence == (("sport.x", ("premier", "league")),)
    with pytest.raises(ValueError, match=r"d\.txt line 1"):
        DiscardList.from_text("lonely\n", source="d.txt")


# ---- argument phrases and domestic dyads ------------------------------------------------------


def test_a_side_spans_its_noun_phrase_up_to_a_clause_or_aside(coder):
    doc = parse(
        """
        0 Rebels rebel NOUN NNS 1 nsubj
        1 attacked attack VERB VBD 1 ROOT
        2 British British ADJ JJ 3 amod
        3 forces force NOUN NNS 1 dobj
        4 based base VERB VBN 3 acl
        5 in in ADP IN 4 prep
        6 Vitez Vitez PROPN NNP 5 pobj
        7 , , PUNCT , 3 punct
        8 which which PRON WDT 9 nsubj
        9 fled flee VERB VBD 3 relcl
        10 . . PUNCT . 1 punct
        """
    )
    from etl.coding.phrases import argument_phrase

    assert argument_phrase(doc[3]) == (2, 4)  # a participle clause is about the forces
    assert argument_phrase(doc[6]) == (6, 7)
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "REB"), mention(2, 3, "GBR")])
    assert (event.source.code, event.code, event.target.code) == ("REB", "190", "GBR")
    assert (event.target.start, event.target.end) == (2, 4)  # "British forces", not "British"


def test_an_actor_inside_a_prepositional_phrase_spans_its_own_phrase(coder):
    doc = parse(
        """
        0 US US PROPN NNP 1 nsubj
        1 launched launch VERB VBD 1 ROOT
        2 cyber cyber ADJ JJ 3 amod
        3 attacks attack NOUN NNS 1 dobj
        4 on on ADP IN 3 prep
        5 northern northern ADJ JJ 6 amod
        6 Iran Iran PROPN NNP 4 pobj
        7 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "USA"), mention(6, 7, "IRN")])
    (event,) = [e for e in events if e.target.resolved]
    assert event.target.code == "IRN"
    assert (event.target.start, event.target.end) == (5, 7)  # "northern Iran"


def test_rebels_attacking_their_own_state_keep_the_target(coder):
    doc = parse(
        """
        0 Taliban Taliban PROPN NNP 1 nsubj
        1 attacked attack VERB VBD 1 ROOT
        2 an an DET DT 4 det
        3 Afghan afghan ADJ JJ 4 amod
        4 base base NOUN NN 1 dobj
        5 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "AFGREBTAL"), mention(3, 4, "AFG")])
    assert (event.source.code, event.target.code) == ("AFGREBTAL", "AFG")
    assert "self-target" not in event.rules
    assert (event.target.start, event.target.end) == (2, 5)  # "an Afghan base"


def test_a_wrapper_without_an_event_below_is_aimed_at_its_complements_object(coder):
    doc = parse(
        """
        0 Iran Iran PROPN NNP 1 nsubj
        1 threatened threaten VERB VBD 1 ROOT
        2 to to PART TO 3 aux
        3 deliver deliver VERB VB 1 xcomp
        4 blows blow NOUN NNS 3 dobj
        5 to to ADP IN 3 prep
        6 Israel Israel PROPN NNP 5 pobj
        7 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "IRN"), mention(6, 7, "ISR")])
    assert (event.source.code, event.code, event.target.code) == ("IRN", "130", "ISR")
    assert "complement-target" in event.rules


def test_coordinated_subjects_of_a_mutual_act_go_both_ways(coder):
    doc = parse(
        """
        0 Brazil Brazil PROPN NNP 4 nsubj
        1 and and CCONJ CC 0 cc
        2 Peru Peru PROPN NNP 0 conj
        3 will will AUX MD 4 aux
        4 strengthen strengthen VERB VB 4 ROOT
        5 their their PRON PRP$ 6 poss
        6 ties tie NOUN NNS 4 dobj
        7 . . PUNCT . 4 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "BRA"), mention(2, 3, "PER")])
    dyads = {(e.source.code, e.target.code) for e in events}
    assert {("BRA", "PER"), ("PER", "BRA")} <= dyads
    assert all("sym" in e.rules for e in events if e.target.resolved)


def role(start: int, code: str) -> Mention:
    """A role the text gives without a country ("troops", "migrants")."""
    return replace(mention(start, start + 1, code), country=None, role=code)


SENT_TROOPS = """
0 Japan Japan PROPN NNP 1 nsubj
1 sent send VERB VBD 1 ROOT
2 troops troop NOUN NNS 1 dobj
3 to to ADP IN 1 prep
4 Mali Mali PROPN NNP 3 pobj
5 . . PUNCT . 1 punct
"""


def test_what_a_state_sends_is_the_load_and_the_goal_is_the_target(coder):
    doc = parse(SENT_TROOPS)
    mentions = [mention(0, 1, "JPN"), role(2, "MIL"), mention(4, 5, "MLI")]
    event = coder.code_sentence(doc[:], mentions)[0]
    assert (event.source.code, event.code, event.target.code) == ("JPN", "154", "MLI")
    assert "goal" in event.rules


def test_a_goal_inside_the_object_phrase_is_found_below_conjuncts_and_of(coder):
    doc = parse(
        """
        0 Britain Britain PROPN NNP 1 nsubj
        1 sent send VERB VBD 1 ROOT
        2 vehicles vehicle NOUN NNS 1 dobj
        3 and and CCONJ CC 2 cc
        4 a a DET DT 5 det
        5 team team NOUN NN 2 conj
        6 of of ADP IN 5 prep
        7 paratroopers paratrooper NOUN NNS 6 pobj
        8 to to ADP IN 7 prep
        9 Lebanon Lebanon PROPN NNP 8 pobj
        10 . . PUNCT . 1 punct
        """
    )
    mentions = [mention(0, 1, "GBR"), role(7, "MIL"), mention(9, 10, "LBN")]
    event = coder.code_sentence(doc[:], mentions)[0]
    assert (event.source.code, event.target.code) == ("GBR", "LBN")
    assert "goal" in event.rules


def test_people_moved_somewhere_stay_the_target(coder):
    doc = parse(
        """
        0 Guatemala Guatemala PROPN NNP 1 nsubj
        1 deported deport VERB VBD 1 ROOT
        2 migrants migrant NOUN NNS 1 dobj
        3 to to ADP IN 1 prep
        4 Honduras Honduras PROPN NNP 3 pobj
        5 . . PUNCT . 1 punct
        """
    )
    mentions = [mention(0, 1, "GTM"), role(2, "CVL"), mention(4, 5, "HND")]
    event = coder.code_sentence(doc[:], mentions)[0]
    assert (event.source.code, event.target.code) == ("GTM", "CVL")
    assert "goal" not in event.rules


def test_an_aid_purpose_clause_gives_the_target(coder):
    doc = parse(
        """
        0 Germany Germany PROPN NNP 1 nsubj
        1 gave give VERB VBD 1 ROOT
        2 money money NOUN NN 1 dobj
        3 to to PART TO 4 aux
        4 help help VERB VB 1 advcl
        5 Haiti Haiti PROPN NNP 6 nsubj
        6 recover recover VERB VB 4 ccomp
        7 . . PUNCT . 1 punct
        """
    )
    event = coder.code_sentence(doc[:], [mention(0, 1, "DEU"), mention(5, 6, "HTI")])[0]
    assert (event.source.code, event.code, event.target.code) == ("DEU", "071", "HTI")
    assert "purpose-target" in event.rules


def test_an_attitude_is_aimed_at_what_it_is_about_named_or_not(coder):
    doc = parse(
        """
        0 China China PROPN NNP 1 nsubj
        1 is be AUX VBZ 1 ROOT
        2 skeptical skeptical ADJ JJ 1 acomp
        3 about about ADP IN 2 prep
        4 the the DET DT 5 det
        5 plan plan NOUN NN 3 pobj
        6 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "CHN")])
    assert (event.source.code, event.code, event.target.code) == ("CHN", "012", "---")
    assert (event.target.start, event.target.end) == (4, 6)  # "the plan", unresolved


def test_the_object_made_to_play_a_role_is_the_target(coder):
    doc = parse(
        """
        0 Militants militant NOUN NNS 1 nsubj
        1 held hold VERB VBD 1 ROOT
        2 civilians civilian NOUN NNS 1 dobj
        3 as as ADP IN 1 prep
        4 human human ADJ JJ 5 amod
        5 shields shield NOUN NNS 3 pobj
        6 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [role(0, "UAF"), role(2, "CVL")])
    assert (event.source.code, event.code, event.target.code) == ("UAF", "184", "CVL")
    assert "role-object" in event.rules


def test_a_by_phrase_beside_the_object_of_an_active_verb_is_its_author(coder):
    doc = parse(
        """
        0 China China PROPN NNP 1 nsubj
        1 denied deny VERB VBD 1 ROOT
        2 charges charge NOUN NNS 1 dobj
        3 by by ADP IN 1 prep
        4 Washington Washington PROPN NNP 3 pobj
        5 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "CHN"), mention(4, 5, "USA")])
    assert (event.source.code, event.code, event.target.code) == ("CHN", "016", "USA")
    assert "object-agent" in event.rules


def test_the_subject_of_a_clause_an_attitude_is_about_is_its_target(coder):
    doc = parse(
        """
        0 China China PROPN NNP 1 nsubj
        1 is be AUX VBZ 1 ROOT
        2 skeptical skeptical ADJ JJ 1 acomp
        3 the the DET DT 4 det
        4 plan plan NOUN NN 6 nsubj
        5 will will AUX MD 6 aux
        6 work work VERB VB 1 ccomp
        7 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "CHN")])
    assert (event.code, event.target.code) == ("012", "---")
    assert (event.target.start, event.target.end) == (3, 5)  # "the plan", unresolved


def test_an_object_naming_no_known_actor_is_kept_as_the_target(coder):
    doc = parse(
        """
        0 Iraq Iraq PROPN NNP 1 nsubj
        1 expelled expel VERB VBD 1 ROOT
        2 UNSCOM UNSCOM PROPN NNP 3 compound
        3 inspectors inspector NOUN NNS 1 dobj
        4 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "IRQ")])
    assert (event.source.code, event.target.code) == ("IRQ", "---")
    assert (event.target.start, event.target.end) == (2, 4)
    assert event.target.named


def test_the_goal_of_a_measured_load_and_of_an_event_noun(coder):
    some_troops = parse(
        """
        0 Russia Russia PROPN NNP 1 nsubj
        1 withdrew withdraw VERB VBD 1 ROOT
        2 some some PRON DT 1 dobj
        3 of of ADP IN 2 prep
        4 its its PRON PRP$ 5 poss
        5 troops troop NOUN NNS 3 pobj
        6 from from ADP IN 1 prep
        7 Syria Syria PROPN NNP 6 pobj
        8 . . PUNCT . 1 punct
        """
    )
    # "its" resolved to Russia: the troops are the source's own, Syria is the target
    its = replace(mention(4, 5, "RUS"), end=6)
    mentions = [mention(0, 1, "RUS"), its, mention(7, 8, "SYR")]
    event = coder.code_sentence(some_troops[:], mentions)[0]
    assert (event.source.code, event.target.code) == ("RUS", "SYR")
    assert "goal" in event.rules
    deployment = parse(
        """
        0 Nigeria Nigeria PROPN NNP 1 nsubj
        1 announced announce VERB VBD 1 ROOT
        2 the the DET DT 3 det
        3 deployment deployment NOUN NN 1 dobj
        4 of of ADP IN 3 prep
        5 troops troop NOUN NNS 4 pobj
        6 to to ADP IN 1 prep
        7 Liberia Liberia PROPN NNP 6 pobj
        8 . . PUNCT . 1 punct
        """
    )
    mentions = [mention(0, 1, "NGA"), role(5, "MIL"), mention(7, 8, "LBR")]
    event = coder.code_sentence(deployment[:], mentions)[0]
    assert (event.source.code, event.code, event.target.code) == ("NGA", "154", "LBR")


def test_troops_given_a_country_by_the_sentence_are_still_the_load(coder):
    doc = parse(SENT_TROOPS)
    inferred = replace(role(2, "MIL"), code="MLIMIL", country="MLI", resolution="context")
    event = coder.code_sentence(doc[:], [mention(0, 1, "JPN"), inferred, mention(4, 5, "MLI")])[0]
    assert (event.source.code, event.target.code) == ("JPN", "MLI")


def test_an_actor_found_inside_the_argument_brings_its_conjuncts(coder):
    doc = parse(
        """
        0 Brussels Brussels PROPN NNP 1 nsubj
        1 provided provide VERB VBD 1 ROOT
        2 dollars dollar NOUN NNS 1 dobj
        3 of of ADP IN 2 prep
        4 aid aid NOUN NN 3 pobj
        5 for for ADP IN 2 prep
        6 Romania Romania PROPN NNP 5 pobj
        7 and and CCONJ CC 6 cc
        8 Poland Poland PROPN NNP 6 conj
        9 . . PUNCT . 1 punct
        """
    )
    mentions = [mention(0, 1, "IGOEUREEC"), mention(6, 7, "ROM"), mention(8, 9, "POL")]
    events = coder.code_sentence(doc[:], mentions)
    assert {(e.source.code, e.target.code) for e in events} == {
        ("IGOEUREEC", "ROM"),
        ("IGOEUREEC", "POL"),
    }


def test_a_recipient_beats_an_unnamed_prepositional_phrase(coder):
    doc = parse(
        """
        0 Brussels Brussels PROPN NNP 1 nsubj
        1 gave give VERB VBD 1 ROOT
        2 Ghana Ghana PROPN NNP 1 dative
        3 dollars dollar NOUN NNS 1 dobj
        4 for for ADP IN 3 prep
        5 projects project NOUN NNS 4 pobj
        6 . . PUNCT . 1 punct
        """
    )
    event = coder.code_sentence(doc[:], [mention(0, 1, "IGOEUREEC"), mention(2, 3, "GHA")])[0]
    assert (event.code, event.target.code) == ("071", "GHA")


def test_a_load_that_belongs_to_another_actor_keeps_the_target(coder):
    doc = parse(
        """
        0 Brussels Brussels PROPN NNP 1 nsubj
        1 demanded demand VERB VBD 1 ROOT
        2 the the DET DT 3 det
        3 withdrawal withdrawal NOUN NN 1 dobj
        4 of of ADP IN 3 prep
        5 Serbian serbian ADJ JJ 6 amod
        6 forces force NOUN NNS 4 pobj
        7 from from ADP IN 3 prep
        8 Bosnia Bosnia PROPN NNP 7 pobj
        9 . . PUNCT . 1 punct
        """
    )
    mentions = [mention(0, 1, "IGOEUREEC"), mention(5, 7, "SRBMIL"), mention(8, 9, "BIH")]
    event = coder.code_sentence(doc[:], mentions)[0]
    assert (event.code, event.target.code) == ("106", "SRBMIL")
    assert "goal" not in event.rules


def test_a_statement_with_their_is_not_mutual(coder):
    doc = parse(
        """
        0 Russia Russia PROPN NNP 3 nsubj
        1 and and CCONJ CC 0 cc
        2 Belarus Belarus PROPN NNP 0 conj
        3 said say VERB VBD 3 ROOT
        4 their their PRON PRP$ 5 poss
        5 positions position NOUN NNS 3 dobj
        6 . . PUNCT . 3 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "RUS"), mention(2, 3, "BLR")])
    assert {(e.source.code, e.code, e.target.code) for e in events} == {
        ("RUS", "010", "---"),
        ("BLR", "010", "---"),
    }


def test_a_source_among_its_own_coordinated_targets_is_dropped(coder):
    doc = parse(
        """
        0 Venezuela Venezuela PROPN NNP 1 nsubj
        1 praised praise VERB VBD 1 ROOT
        2 Russia Russia PROPN NNP 1 dobj
        3 and and CCONJ CC 2 cc
        4 Venezuela Venezuela PROPN NNP 2 conj
        5 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(
        doc[:], [mention(0, 1, "VEN"), mention(2, 3, "RUS"), mention(4, 5, "VEN")]
    )
    assert [(e.source.code, e.code, e.target.code) for e in events] == [("VEN", "051", "RUS")]


def test_coordinated_modifier_actors_are_one_side_each_over_one_phrase(coder):
    doc = parse(
        """
        0 US US PROPN NNP 3 nmod
        1 and and CCONJ CC 0 cc
        2 British british ADJ JJ 0 conj
        3 activists activist NOUN NNS 4 nsubj
        4 protested protest VERB VBD 4 ROOT
        5 . . PUNCT . 4 punct
        """
    )
    mentions = [mention(0, 1, "USAOPP"), mention(2, 3, "GBROPP")]
    events = coder.code_sentence(doc[:], mentions)
    assert [(e.source.code, e.code) for e in events] == [("USAOPP", "141"), ("GBROPP", "141")]
    assert all((e.source.start, e.source.end) == (0, 4) for e in events)


def test_a_gifts_purpose_is_its_target_even_unnamed(coder):
    doc = parse(
        """
        0 Germany Germany PROPN NNP 1 nsubj
        1 gave give VERB VBD 1 ROOT
        2 euros euro NOUN NNS 1 dobj
        3 to to PART TO 4 aux
        4 support support VERB VB 1 advcl
        5 projects project NOUN NNS 4 dobj
        6 . . PUNCT . 1 punct
        """
    )
    (event,) = [e for e in coder.code_sentence(doc[:], [mention(0, 1, "DEU")]) if e.code == "071"]
    assert event.target.code == "---"
    assert (event.target.start, event.target.end) == (5, 6)  # "projects", not "euros"
    assert "purpose-target" in event.rules


def test_a_time_is_never_a_target(coder):
    doc = parse(
        """
        0 Rebels rebel NOUN NNS 1 nsubj
        1 declared declare VERB VBD 1 ROOT
        2 a a DET DT 3 det
        3 ceasefire ceasefire NOUN NN 1 dobj
        4 on on ADP IN 1 prep
        5 Sunday Sunday PROPN NNP 4 pobj
        6 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [role(0, "REB")])
    assert event.code.startswith("087")
    assert event.target.start == -1  # no target, not "Sunday"


def test_ministers_of_two_coordinated_countries_meet_each_other(coder):
    doc = parse(
        """
        0 ministers minister NOUN NNS 5 nsubj
        1 of of ADP IN 0 prep
        2 Russia Russia PROPN NNP 1 pobj
        3 and and CCONJ CC 2 cc
        4 Venezuela Venezuela PROPN NNP 2 conj
        5 met meet VERB VBD 5 ROOT
        6 . . PUNCT . 5 punct
        """
    )
    mentions = [replace(mention(0, 3, "RUSGOV"), head=0), mention(4, 5, "VENGOV")]
    events = coder.code_sentence(doc[:], mentions)
    assert {(e.source.code, e.target.code) for e in events} == {
        ("RUSGOV", "VENGOV"),
        ("VENGOV", "RUSGOV"),
    }


def test_the_target_of_an_object_event_noun_before_who_imposed_it(coder):
    doc = parse(
        """
        0 Washington Washington PROPN NNP 1 nsubj
        1 lifted lift VERB VBD 1 ROOT
        2 UN UN PROPN NNP 3 compound
        3 sanctions sanction NOUN NNS 1 dobj
        4 against against ADP IN 3 prep
        5 Iran Iran PROPN NNP 4 pobj
        6 . . PUNCT . 1 punct
        """
    )
    mentions = [mention(0, 1, "USA"), mention(2, 3, "IGOUNO"), mention(5, 6, "IRN")]
    event = coder.code_sentence(doc[:], mentions)[0]
    assert (event.code, event.target.code) == ("085", "IRN")
    owned = parse(
        """
        0 Brussels Brussels PROPN NNP 1 nsubj
        1 rejected reject VERB VBD 1 ROOT
        2 May May PROPN NNP 4 poss
        3 's 's PART POS 2 case
        4 offer offer NOUN NN 1 dobj
        5 on on ADP IN 4 prep
        6 Gibraltar Gibraltar PROPN NNP 5 pobj
        7 . . PUNCT . 1 punct
        """
    )
    mentions = [mention(0, 1, "IGOEUREEC"), mention(2, 3, "GBRGOV"), mention(6, 7, "GIB")]
    event = coder.code_sentence(owned[:], mentions)[0]
    assert event.target.code == "GBRGOV"  # the possessor is the offer's author
    assert (event.target.start, event.target.end) == (2, 5)  # "May's offer", not "on ..."


def test_a_statement_calling_on_someone_is_its_issuers_appeal_and_the_main_event(coder):
    doc = parse(
        """
        0 HRW HRW PROPN NNP 1 nsubj
        1 issued issue VERB VBD 1 ROOT
        2 a a DET DT 3 det
        3 statement statement NOUN NN 1 dobj
        4 calling call VERB VBG 3 acl
        5 on on ADP IN 4 prep
        6 Nicaragua Nicaragua PROPN NNP 5 pobj
        7 to to PART TO 8 aux
        8 release release VERB VB 4 xcomp
        9 prisoners prisoner NOUN NNS 8 dobj
        10 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "NGOHRIHRW"), mention(6, 7, "NIC")])
    main = events[0]
    assert main.is_root_event and main.code.startswith("02")
    assert (main.source.code, main.target.code) == ("NGOHRIHRW", "NIC")
    assert "object-act" in main.rules


def test_a_thing_the_actor_locates_or_owns_is_the_side_a_thing_for_it_is_not(coder):
    ambush = parse(
        """
        0 Rebels rebel NOUN NNS 1 nsubj
        1 ambushed ambush VERB VBD 1 ROOT
        2 a a DET DT 3 det
        3 vehicle vehicle NOUN NN 1 dobj
        4 in in ADP IN 3 prep
        5 Myanmar Myanmar PROPN NNP 7 poss
        6 's 's PART POS 5 case
        7 state state NOUN NN 4 pobj
        8 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(ambush[:], [role(0, "REB"), mention(5, 6, "MMR")])
    assert event.target.code == "MMR"
    assert (event.target.start, event.target.end) == (2, 8)  # "a vehicle in Myanmar's state"
    dinner = parse(
        """
        0 Modi Modi PROPN NNP 1 nsubj
        1 hosted host VERB VBD 1 ROOT
        2 a a DET DT 3 det
        3 dinner dinner NOUN NN 1 dobj
        4 for for ADP IN 3 prep
        5 Netanyahu Netanyahu PROPN NNP 4 pobj
        6 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(dinner[:], [mention(0, 1, "INDGOV"), mention(5, 6, "ISRGOV")])
    (event,) = [e for e in events if e.target.code == "ISRGOV"]
    assert (event.target.start, event.target.end) == (5, 6)  # "Netanyahu"


def test_a_name_in_apposition_is_part_of_the_side_a_relative_clause_is_not(coder):
    doc = parse(
        """
        0 Bahrain Bahrain PROPN NNP 1 nsubj
        1 met meet VERB VBD 1 ROOT
        2 the the DET DT 4 det
        3 UAE UAE PROPN NNP 4 compound
        4 ambassador ambassador NOUN NN 1 dobj
        5 , , PUNCT , 4 punct
        6 Khori Khori PROPN NNP 4 appos
        7 , , PUNCT , 4 punct
        8 who who PRON WP 9 nsubj
        9 arrived arrive VERB VBD 4 relcl
        10 . . PUNCT . 1 punct
        """
    )
    events = coder.code_sentence(doc[:], [mention(0, 1, "BHR"), mention(3, 5, "AREGOV", head=4)])
    (event,) = [e for e in events if e.target.code == "AREGOV"]
    assert (event.target.start, event.target.end) == (2, 7)  # "the UAE ambassador, Khori"


def test_a_time_after_the_side_is_not_part_of_it(coder):
    doc = parse(
        """
        0 Pakistan Pakistan PROPN NNP 1 nsubj
        1 attacked attack VERB VBD 1 ROOT
        2 militants militant NOUN NNS 1 dobj
        3 in in ADP IN 2 prep
        4 Waziristan Waziristan PROPN NNP 3 pobj
        5 on on ADP IN 2 prep
        6 June June PROPN NNP 5 pobj
        7 19 19 NUM CD 6 nummod
        8 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(doc[:], [mention(0, 1, "PAK"), role(2, "UAF")])
    assert (event.target.start, event.target.end) == (2, 5)  # "militants in Waziristan"


def test_a_named_speaker_keeps_the_appeal_and_a_gift_asked_from_x_is_addressed_to_x(coder):
    urge = parse(
        """
        0 Suu Suu PROPN NNP 1 compound
        1 Kyi Kyi PROPN NNP 2 nsubj
        2 urged urge VERB VBD 2 ROOT
        3 Europe Europe PROPN NNP 2 dobj
        4 and and CCONJ CC 3 cc
        5 America America PROPN NNP 3 conj
        6 to to PART TO 7 aux
        7 press press VERB VB 2 xcomp
        8 Myanmar Myanmar PROPN NNP 7 dobj
        9 . . PUNCT . 2 punct
        """
    )
    mentions = [mention(3, 4, "EUR"), mention(5, 6, "USA"), mention(8, 9, "MMR")]
    events = coder.code_sentence(urge[:], mentions)
    # Suu Kyi (a name the dictionaries lack) urged Europe and America; they do not urge each other
    assert {(e.source.code, e.target.code) for e in events if e.source.code == "---"} >= {
        ("---", "EUR"),
        ("---", "USA"),
    }
    assert not any({e.source.code, e.target.code} == {"EUR", "USA"} for e in events)
    ask = parse(
        """
        0 PETA PETA PROPN NNP 1 nsubj
        1 asked ask VERB VBD 1 ROOT
        2 help help NOUN NN 1 dobj
        3 from from ADP IN 2 prep
        4 Manila Manila PROPN NNP 3 pobj
        5 . . PUNCT . 1 punct
        """
    )
    (event,) = coder.code_sentence(ask[:], [mention(4, 5, "PHLGOV")])
    assert (event.source.code, event.code, event.target.code) == ("---", "023", "PHLGOV")
