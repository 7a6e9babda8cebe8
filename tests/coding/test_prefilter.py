"""The pre-filter: sentences that cannot give an event are not parsed, and no event is lost."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from etl.coding import lexicon as lexicon_module
from etl.coding.actors import Surface
from etl.coding.lexicon import EventLexicon
from etl.coding.prefilter import (
    CONTEXT,
    DEFINITE,
    NEVER,
    ActorCues,
    LemmaOracle,
    SentenceFilter,
    TriggerIndex,
    prefilter_sentences,
    regular_stems,
    trigger_lemmas,
)
from etl.records import Sentence

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


def _sentence(i: int, text: str, coded: bool = True, article: str = "a") -> Sentence:
    return Sentence(
        sentence_id=f"{article}:0:{i}",
        article_id=article,
        paragraph_index=0,
        sentence_index=i,
        start=0,
        end=len(text),
        language="en",
        coded=coded,
        text=text,
    )


STRUCTURED = """
@version 1
@class SAY ccomp statement reported
@compose SAY * =
@modal must SAY
c1  195  V  crack  ~down
c2  020  V  call  +for
c3  152  V  be|go  +on|in  =alert|high_alert
c4  195  N  air_strike|state_of_emergency
c5  ---  W  SAY  tell
c6  042  V  host  =%any
"""


def test_trigger_lemmas_are_heads_of_event_entries(lexicon):
    # Null-coded senses and light verbs cannot start an event; a noun matches at its head.
    assert trigger_lemmas(lexicon) == {"visit", "meet", "shoot", "strike", "say"}


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("Police cracked down on Russia's protesters.", True),
        ("Russia's police cracked the case.", False),  # no particle
        ("Russia called for talks.", True),
        ("Russia called Venezuela.", False),  # no preposition
        ("Russia's troops were on high alert.", True),
        ("Russia is in the news.", False),  # 'be' + 'in', but no 'alert'
        ("A Russian air strike hit the town.", True),
        ("A Russian strike hit the town.", False),  # 'air' missing
        ("Russia declared a state of emergency.", True),
        ("Russia told Venezuela it must pay.", True),  # null wrapper + modal
        ("Russia told Venezuela about it.", False),  # null wrapper alone codes nothing
        ("Russia hosted the games.", True),  # any object: no word needed
    ],
)
def test_entries_need_all_their_words(nlp, text, keep):
    index = TriggerIndex.from_lexicon(EventLexicon.from_text(STRUCTURED))
    sentence_filter = SentenceFilter(nlp, PHRASES, index, names=False)
    assert sentence_filter.keep_texts([text]) == [keep]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("planned", "plan"),
        ("planning", "plan"),
        ("hoped", "hope"),
        ("hoping", "hope"),
        ("carried", "carry"),
        ("carries", "carry"),
        ("goes", "go"),
        ("visits", "visit"),
    ],
)
def test_regular_stems_cover_the_lexicon_lookup_keys(word, stem):
    assert stem in regular_stems(word)
    # The lexicon also looks a word up by its regular stems: the filter must know them all.
    lookup_keys = getattr(lexicon_module, "_keys_of", None)
    if lookup_keys is not None:
        assert set(lookup_keys(word, word)) - {word} <= regular_stems(word)


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


@pytest.fixture(scope="module")
def coder(nlp):
    from etl.coding.pool import build_coder

    return build_coder(nlp)


def _seed_texts():
    import re

    from bench.prefilter_loss import Text
    from tests.conftest import SEEDS

    header = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s+")
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = header.match(text)
        day = dt.date.fromisoformat(found.group(1)) if found else None
        out.append(Text(path.stem, text[found.end() :] if found else text, day))
    return out


def test_prefilter_loses_no_event_on_the_seed_sentences(nlp, coder):
    # The guarantee is per sentence: coded alone, a skipped sentence gives no event. (Within an
    # article a skipped sentence can still have been context, an antecedent or a date, for a
    # later one: see bench/prefilter_loss.py for what that changes on whole news articles.)
    from bench.prefilter_loss import Text, compare, to_articles

    sentences = [
        Text(s.sentence_id, s.text, article.published)
        for article in to_articles(_seed_texts())
        for s in article.sentences
    ]
    sentence_filter = SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon)
    result = compare(coder, sentence_filter, sentences)
    assert result["events"] > 0
    assert result["sentences_kept"] < result["sentences"]  # it does skip some
    assert result["identical"], (result["lost"], result["gained"], result["changed"])


@pytest.mark.accuracy
@pytest.mark.parametrize("name", ["conflibert_train", "petrarch_dev"])
def test_prefilter_loses_no_event_on_gold_dev(nlp, coder, shared_dir, name):
    from bench.prefilter_loss import compare, load_texts

    path = shared_dir / "gold-dev" / f"{name}.jsonl"
    sentence_filter = SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon)
    result = compare(coder, sentence_filter, load_texts(path))
    assert result["events"] > 0
    assert result["identical"], (result["lost"], result["gained"], result["changed"])


def test_sentences_of_the_splitters_docs_get_the_same_decisions(sentence_filter):
    # The splitter's blank English pipeline tokenizes as the model does, in its own vocabulary:
    # its sentence spans can be judged without tokenizing them again.
    from etl.coding.nlp import sentencizer

    paragraph = (
        "Russia is a large country with long winters. Russian troops shot at protesters. "
        "The committee met on the same day. Gunmen shot at the convoy."
    )
    doc = sentencizer()(paragraph)
    texts = [s.text for s in doc.sents]
    assert sentence_filter.keep_sents(doc) == sentence_filter.keep_texts(texts)
    assert sentence_filter.keep_sents(doc) == [False, True, False, True]


def test_a_sentence_the_splitter_altered_is_judged_on_its_real_text(sentence_filter):
    # The splitter replaces long unbroken runs by "x"s; the names inside such a run count.
    from etl.coding.nlp import sentencizer

    run = "Officials-of-the-Russian-Federation-" * 2
    real = f"The {run} shot at the convoy."
    (sent,) = sentencizer()(real.replace(run, "x" * len(run))).sents
    assert sentence_filter.keep_sentence(sent, sent.text) is False  # as the splitter saw it
    assert sentence_filter.keep_sentence(sent, real) is True


# ---- the article test: actors the resolver can resolve, with coreference ---------------------

#: Dictionary surfaces as the resolver's dictionary writes them (the case rule reads them).
SURFACES = {
    "russia": Surface("country", "RUS", "name", "Russia"),
    "russian": Surface("country", "RUS", "adjective", "Russian"),
    "venezuela": Surface("country", "VEN", "name", "Venezuela"),
    "venezuelan": Surface("country", "VEN", "adjective", "Venezuelan"),
    "us": Surface("country", "USA", "alias", "US"),
    "who": Surface("org", "igo:who", "alias", "WHO"),
    "theresa may": Surface("person", "person:may", "name", "Theresa May"),
    "police": Surface("role", "role:police", "phrase", "police"),
    "opposition leader": Surface("role", "role:opposition", "phrase", "opposition leader"),
    "people": Surface("role", "role:people", "phrase", "people"),
    "head": Surface("role", "role:head", "phrase", "head"),
    "ministers": Surface("role", "role:minister", "plural", "ministers", True),
    "former": Surface("role", "role:former", "phrase", "former"),
}
CUES = ActorCues(
    surfaces=SURFACES,
    needs={"people": DEFINITE, "head": CONTEXT, "ministers": CONTEXT, "former": NEVER},
    person_pronouns=frozenset({"he", "him", "his", "she", "her"}),
    pronoun_window=2,
    reference_nouns=frozenset({"country", "nation"}),
    reference_window=6,
    quote_pronouns=frozenset({"i", "me", "my"}),
    honorifics=frozenset({"mr", "mrs"}),
    definite_words=frozenset({"the", "this", "his", "her", "its", "their"}),
    person_names=frozenset({"theresa", "may"}),
)
ARTICLE_PHRASES = [*SURFACES, "he", "him", "his", "she", "her", "i", "me", "my", "country"]


@pytest.fixture()
def article_filter(nlp, lexicon) -> SentenceFilter:
    return SentenceFilter(nlp, ARTICLE_PHRASES, trigger_lemmas(lexicon), names=False, cues=CUES)


@pytest.mark.parametrize(
    ("texts", "keep"),
    [
        # An unknown name is an argument, but an event needs one resolved side: skipped.
        (["Acme Corp visited the site."], [False]),
        (["Officials of Acme Corp visited the site."], [False]),
        # A compositional actor: the name is unknown, the country and role are not.
        (["Venezuelan opposition leader Juan Guaido visited the troops."], [True]),
        # ... and the bare name later is its coreference; not so without the introduction.
        (
            ["Venezuelan opposition leader Juan Guaido arrived.", "Guaido visited them."],
            [False, True],
        ),
        (["Juan Guaido arrived in a car.", "Guaido visited them."], [False, False]),
        # A pronoun needs a possible person within the resolver's window before it.
        (["Russia's envoy arrived.", "He visited the troops."], [False, True]),
        (["He visited the troops."], [False]),
        (["Russia's envoy arrived.", "It rained.", "It snowed.", "He met them."], [False] * 4),
        (["Russia's envoy arrived.", "It rained.", "He met them."], [False, False, True]),
        # "the country" refers back to a country.
        (["Venezuela is in crisis.", "The country visited the fair."], [False, True]),
        (["The country visited the fair."], [False]),
        # "I" only stands for the speaker of a quote attributed in the same sentence.
        (["Russia's envoy arrived.", "I visited the troops."], [False, False]),
        # The resolver's case rule: "us" and "who" are no actors, "US" and "WHO" are.
        (["They told us who visited."], [False]),
        (["US troops visited the WHO."], [True]),
        # Roles: some act alone, some need a definite phrase, a name or an antecedent.
        (["Police shot at the crowd."], [True]),
        (["People visited the site."], [False]),
        (["The people visited the site."], [True]),
        (["18 people visited the site."], [True]),
        (["The head visited the site."], [False]),
        (["Russia's envoy arrived.", "The head visited the site."], [False, True]),
        (["The ministers visited the site."], [False]),
        (["Former players visited the club."], [False]),
        # A capitalised stop word after punctuation is no name; a dictionary surname always is.
        (["Russia's envoy arrived in So Paulo.", "WN: So, who visited?"], [False, False]),
        (["Theresa May arrived.", '"We will visit," May said.'], [False, True]),
        # Honorifics are not names.
        (["Mr Russia's envoy arrived.", "Mr Smith visited them."], [False, False]),
    ],
)
def test_article_test_keeps_what_the_resolver_could_resolve(article_filter, texts, keep):
    assert article_filter.keep_article(texts) == keep


def test_each_article_is_judged_on_its_own(article_filter):
    sentences = [
        _sentence(0, "Russia's envoy arrived.", article="a"),
        _sentence(1, "He visited the troops.", article="a"),
        _sentence(0, "He visited the troops.", article="b"),
        _sentence(2, "Rusia visitó Venezuela.", coded=False, article="a"),
    ]
    out = prefilter_sentences(sentences, article_filter)
    assert [s.coded for s in out] == [False, True, False, False]
    stats = article_filter.stats
    assert (stats.seen, stats.kept, stats.no_trigger, stats.no_actor) == (3, 1, 1, 1)


def test_names_and_cues_exclude_each_other(nlp, lexicon):
    with pytest.raises(ValueError, match="exclude"):
        SentenceFilter(nlp, [], trigger_lemmas(lexicon), names=True, cues=CUES)


def test_cues_are_read_from_the_resolver(nlp, coder):
    cues = ActorCues.from_resolver(coder.resolver)
    rules = coder.resolver.rules
    assert cues.person_pronouns == rules.person_pronouns
    assert cues.pronoun_window == rules.pronoun_window
    assert cues.reference_window == rules.description_window
    assert (cues.needs["former"], cues.needs["head"], cues.needs["people"]) == (
        NEVER,
        CONTEXT,
        DEFINITE,
    )
    assert "police" not in cues.needs  # acts alone
    assert "may" in cues.person_names
    assert SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon).cues is not None
    old = SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon, names=True)
    assert old.cues is None
    assert old.names


def test_article_test_loses_no_event_of_a_whole_article(nlp, coder):
    # Coreference across sentences: the compositional actor, its bare name and a pronoun; the
    # sentence whose only actor is an unknown name is skipped.
    from bench.prefilter_loss import Text, compare

    text = (
        "Venezuelan opposition leader Juan Guaidó arrived in Bogotá on Sunday. "
        "Guaidó met Colombian President Iván Duque on Monday. "
        "He thanked Duque for his support. "
        "Acme Corp criticized the meeting."
    )
    sentence_filter = SentenceFilter.for_coder(nlp, coder.resolver, coder.lexicon)
    result = compare(coder, sentence_filter, [Text("t", text, dt.date(2019, 2, 25))])
    assert result["events"] > 0
    assert result["sentences_kept"] < result["sentences"]
    assert result["identical"], (result["lost"], result["gained"], result["changed"])
