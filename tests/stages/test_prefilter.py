"""The pre-filter: sentences that cannot give an event are not parsed, and no event is lost."""

from __future__ import annotations

import pytest
import spacy

from etl.records import Sentence
from etl.stages.prefilter import (
    LemmaOracle,
    SentenceFilter,
    prefilter_sentences,
    trigger_lemmas,
)
from etl.stages.verbs import EventLexicon

LEXICON = """
@version 1
@class SAY ccomp statement reported
@compose SAY * =
t1  042  V  visit|meet
t2  190  V  shoot
t3  ---  V  shoot  =film
t4  195  N  air_strike
t5  ---  L  hold
t6  010  W  SAY  say
t7  ---  W  SAY  tell
t8  ---  N  game
"""

PHRASES = ["russia", "russian", "venezuela", "united states", "nicolas maduro", "police", "u.n."]


@pytest.fixture(scope="module")
def lexicon() -> EventLexicon:
    return EventLexicon.from_text(LEXICON)


@pytest.fixture(scope="module")
def oracle(nlp) -> LemmaOracle:
    return LemmaOracle.from_pipeline(nlp)


@pytest.fixture()
def sentence_filter(nlp, lexicon) -> SentenceFilter:
    return SentenceFilter(nlp, PHRASES, trigger_lemmas(lexicon))


@pytest.fixture()
def dictionary_filter(nlp, lexicon) -> SentenceFilter:
    """A filter for a coder that codes only dictionary actors (no unknown names)."""
    return SentenceFilter(nlp, PHRASES, trigger_lemmas(lexicon), names=False)


def _sentence(i: int, text: str, coded: bool = True) -> Sentence:
    return Sentence(
        sentence_id=f"a:0:{i}",
        article_id="a",
        paragraph_index=0,
        sentence_index=i,
        start=0,
        end=len(text),
        language="en",
        coded=coded,
        text=text,
    )


def test_trigger_lemmas_are_heads_of_event_entries(lexicon):
    # Null-coded senses and light verbs cannot start an event; a noun matches at its head.
    assert trigger_lemmas(lexicon) == {"visit", "meet", "shoot", "strike", "say"}


@pytest.mark.parametrize(
    "text",
    [
        "Lavrov met Arreaza in Moscow and they were seeking closer ties.",
        "The rebels fled after troops struck their camps, bombed bridges and shot at them.",
        "She says the ministers have been meeting; talks were held and deals were being signed.",
        "Sanctions bit harder as the economies of both countries worsened and prices rose.",
        "Gunmen stormed the embassy, seized hostages and later freed the women among them.",
    ],
)
def test_oracle_covers_every_lemma_the_parse_gives(nlp, oracle, text):
    for token in nlp(text):
        assert token.lemma_.lower() in oracle.lemmas(token.text), (token.text, token.lemma_)


def test_oracle_knows_irregular_forms(oracle):
    assert "meet" in oracle.lemmas("met")
    assert "strike" in oracle.lemmas("Struck")
    assert "seek" in oracle.lemmas("sought")
    assert "be" in oracle.lemmas("been")


def test_oracle_of_a_pipeline_without_lemmatizer_is_the_word_itself():
    oracle = LemmaOracle.from_pipeline(spacy.blank("en"))
    assert oracle.lemmas("Meetings") == {"meetings"}


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("Russian troops shot at protesters near the border.", True),  # inflected trigger
        ("Nicolas Maduro met the envoy on Monday.", True),  # irregular past, two-word actor
        ("The United States says it will respond.", True),  # wrapper with its own code
        ("A US air strike hit the town, the police said.", True),  # noun head + actor
        ("Russia is a large country with long winters.", False),  # no trigger
        ("The committee met on the same day to review the budget.", False),  # no actor
        ("Then the officials visited the museum.", False),  # an opening stop word is no name
        ("The Russians held a game against Venezuela.", False),  # null and light only
        ("Gunmen shot at the convoy.", True),  # an opening word may be a name
        ("US forces shot at the convoy.", True),  # "US" is a stop word, but in capitals
        ("Officials of Acme Corp visited the site.", True),  # unknown names are actors too
    ],
)
def test_sentence_needs_a_possible_actor_and_a_possible_trigger(sentence_filter, text, keep):
    assert sentence_filter.keep_texts([text]) == [keep]


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("Officials of Acme Corp visited the site on Tuesday.", False),
        ("The united front of states visited the museum.", False),  # 'united states' split
        ("The United States visited the museum.", True),
        ("The envoy visited the U.N.", True),  # at the end, "u.n." would split off its period
    ],
)
def test_dictionary_actors_match_whole_phrases_in_any_case(dictionary_filter, text, keep):
    assert dictionary_filter.keep_texts([text]) == [keep]


def test_prefilter_marks_skipped_sentences_and_keeps_the_rest(sentence_filter):
    sentences = [
        _sentence(0, "Russia is a large country with long winters."),
        _sentence(1, "Russian officials visited Caracas."),
        _sentence(2, "Rusia visitó Venezuela.", coded=False),  # non-English stays as it was
        _sentence(3, "Venezuela said nothing."),
    ]
    out = prefilter_sentences(sentences, sentence_filter)
    assert [s.sentence_id for s in out] == [s.sentence_id for s in sentences]
    assert [s.coded for s in out] == [False, True, False, True]
    assert out[1] is sentences[1]
    assert out[0].model_dump(exclude={"coded"}) == sentences[0].model_dump(exclude={"coded"})
    stats = sentence_filter.stats
    assert (stats.seen, stats.kept, stats.no_trigger, stats.no_actor) == (3, 2, 1, 0)


def test_a_lemma_any_word_may_get_lets_every_sentence_through(nlp):
    # A component that assigns a lemma by regex could give it to any word: keep every sentence.
    oracle = LemmaOracle(anywhere=frozenset({"visit"}))
    sentence_filter = SentenceFilter(nlp, ["russia"], {"visit"}, oracle=oracle)
    assert sentence_filter.keep_texts(["Russia is cold."]) == [True]
