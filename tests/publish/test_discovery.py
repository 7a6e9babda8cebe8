"""Actor and verb candidates (etl/publish/discovery.py) and actor patches (actor_patch.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import typer
from typer.testing import CliRunner

from etl.cli_publish import register
from etl.coding.actors import ActorDictionary
from etl.coding.lexicon import EventLexicon
from etl.coding.occurrences import ActorContext
from etl.errors import EtlError
from etl.publish.actor_patch import (
    GROUPS,
    PEOPLE,
    apply_actor_patch,
    build_actor_patch,
    package_actor_folder,
    read_actor_patch,
    render_actor_patch,
)
from etl.publish.discovery import discover, rank_candidates
from etl.records import ActorMention, NameOccurrence, Sentence, VerbOccurrence
from tests.publish.publish_data import build_warehouse, event

TEXTS = {
    "a1:0:0": (
        "Venezuelan opposition leader Henrique Capriles met Russian Foreign Minister "
        "Sergei Lavrov in Moscow.",
        "en",
    ),
    "a1:0:1": ("Capriles thanked Russia for its support.", "en"),
    "a3:0:0": ("Venezuela's state airline Conviasa signed a deal with Russia.", "en"),
    "a3:1:1": ("Russia shipped wheat to Venezuela.", "en"),
    "a4:0:0": ("Hola a todos, dijo Henrique Capriles.", "es"),
    "a4:0:1": ("The weather in Caracas was nice.", "en"),
    "a4:0:2": (
        "On Friday, Venezuelan President Nicolas Maduro praised Russia on his Telegram channel.",
        "en",
    ),
}
DATES = {"a1": dt.date(2019, 1, 23), "a3": dt.date(2020, 2, 7), "a4": None}


def _make_sentence(sid: str, text: str, language: str = "en") -> Sentence:
    aid, para, index = sid.split(":")
    return Sentence(
        sentence_id=sid,
        article_id=aid,
        paragraph_index=int(para),
        sentence_index=int(index),
        start=0,
        end=len(text),
        language=language,
        coded=language == "en",
        text=text,
    )


def _sentence(sid: str) -> Sentence:
    return _make_sentence(sid, *TEXTS[sid])


def _make_mention(
    sid: str, text: str, phrase: str, code: str, country: str | None, role: str | None, entry: str
) -> ActorMention:
    start = text.index(phrase)
    return ActorMention(
        mention_id=f"{sid}:{start}",
        article_id=sid.split(":")[0],
        sentence_id=sid,
        start=start,
        end=start + len(phrase),
        text=phrase,
        code=code,
        country=country,
        role=role,
        name=phrase,
        entry_id=entry,
        resolution="dictionary",
        evidence="test",
    )


def _mention(sid: str, phrase: str, code: str) -> ActorMention:
    return _make_mention(
        sid, TEXTS[sid][0], phrase, code, code[:3], code[3:] or None, f"test:{code}"
    )


MENTIONS = [
    _mention("a1:0:0", "Russian Foreign Minister Sergei Lavrov", "RUSGOV"),
    _mention("a1:0:1", "Russia", "RUS"),
    _mention("a3:0:0", "Venezuela", "VEN"),
    _mention("a3:0:0", "Russia", "RUS"),
    _mention("a3:1:1", "Russia", "RUS"),
    _mention("a3:1:1", "Venezuela", "VEN"),
    _mention("a4:0:2", "Venezuelan President Nicolas Maduro", "VENGOV"),
    _mention("a4:0:2", "Russia", "RUS"),
    _mention("a4:0:2", "his", "VENGOV"),
]


@pytest.fixture(scope="module")
def found(nlp):
    events = [
        event("x", "a3:0:0", "VEN", "RUS", "0311", DATES["a3"]),
        event("y", "a4:0:0", "VENGOV", "RUS", "051", None).model_copy(
            update={"sentence_id": "a4:0:2"}
        ),
    ]
    sentences = [_sentence(s) for s in TEXTS]
    return discover(nlp, sentences, MENTIONS, events, article_dates=DATES)


def test_unknown_person_gets_code_from_nationality_and_title(found):
    by_name = {c.normalized: c for c in found.actors}
    capriles = by_name["henrique capriles"]
    # the surname alone in the next sentence of the same article is the same person
    assert (capriles.num_mentions, capriles.num_sentences, capriles.num_articles) == (2, 2, 1)
    assert set(capriles.variants) == {"Henrique Capriles", "Capriles"}
    assert capriles.suggested_code == "VENOPP"
    assert "Venezuelan (VEN" in capriles.suggestion_evidence
    assert "opposition (OPP" in capriles.suggestion_evidence
    assert capriles.suggested_kind == "person"
    assert capriles.first_seen == capriles.last_seen == DATES["a1"]
    assert capriles.rank == 1


def test_organisation_takes_country_from_a_resolved_possessor(found):
    conviasa = {c.normalized: c for c in found.actors}["conviasa"]
    assert conviasa.suggested_code == "VENBUS"
    assert "'Venezuela' (VEN" in conviasa.suggestion_evidence
    assert conviasa.num_event_sentences == 1
    assert conviasa.suggested_kind == "group"
    assert conviasa.examples == [TEXTS["a3:0:0"][0]]


def test_resolved_places_dates_and_other_languages_are_not_candidates(found):
    names = {c.normalized for c in found.actors}
    # not Lavrov, Russia, Maduro (resolved), Moscow, Caracas (places), Friday (a date)
    assert names == {"henrique capriles", "conviasa", "telegram"}
    assert all("Hola" not in e for c in found.actors for e in c.examples)


def test_a_possessive_pronoun_suggests_no_code(found):
    telegram = {c.normalized: c for c in found.actors}["telegram"]
    assert telegram.suggested_code is None  # "his" is the owner, not who Telegram is


def test_verb_between_two_actors_without_event(found):
    (verb,) = found.verbs
    assert (verb.phrase, verb.verb_lemma, verb.object_lemma, verb.preposition) == (
        "ship wheat to",
        "ship",
        "wheat",
        "to",
    )
    assert verb.actor_pairs == ["RUS VEN"]
    assert verb.example_sentence_ids == ["a3:1:1"]


def test_context_reads_the_actor_dictionary_files():
    context = ActorContext.from_package()
    assert context.countries["venezuelan"][0] == "VEN"
    assert context.roles["opposition"][0] == "OPP"
    assert context.role_priority["OPP"] > context.role_priority["GOV"]
    countries, roles = context.match(["former", "Venezuelan", "foreign", "minister"])
    assert [c[1] for c in countries] == ["VEN"]
    assert {r[1] for r in roles} == {"ELI", "GOV"}


def test_patch_rows_in_the_dictionary_format(found, tmp_path):
    patch = build_actor_patch(found.actors)
    assert patch.sections[PEOPLE][0] == ("id,person,name,aliases,code,valid_from,valid_to,source")
    (person,) = patch.sections[PEOPLE][1:]
    assert person.startswith(
        "person:henrique-capriles:2019,henrique-capriles,Henrique Capriles,Capriles,VENOPP,"
        "2019-01-23,,"
    )
    (group,) = patch.sections[GROUPS][1:]
    assert group.startswith("group:conviasa,VENBUS,Conviasa,,")
    text = render_actor_patch(patch, "test")
    path = tmp_path / "actors.patch"
    path.write_text(text, encoding="utf-8")
    sections = read_actor_patch(path)
    assert [len(rows) for rows in sections.values()] == [2, 2]


def test_known_names_and_codeless_names_are_comments(found):
    known = found.actors[0].model_copy(
        update={"name": "Juan Guaido", "normalized": "juan guaido", "variants": ["Juan Guaido"]}
    )
    codeless = found.actors[1].model_copy(
        update={"suggested_code": None, "name": "Russia-24", "normalized": "russia-24"}
    )
    patch = build_actor_patch([known, codeless])
    assert patch.sections[PEOPLE][1:] == patch.sections[GROUPS][1:] == []
    comments = " ".join(patch.comments[GROUPS])
    assert "already in the dictionary: 'Juan Guaido'" in comments
    assert "# group:russia-24,???,Russia-24" in comments


def test_apply_patch_into_a_user_folder_then_the_resolver_loads_it(found, tmp_path):
    patch_file = tmp_path / "actors.patch"
    patch_file.write_text(render_actor_patch(build_actor_patch(found.actors), "t"), "utf-8")
    folder = tmp_path / "my_actors"
    result = apply_actor_patch(patch_file, folder)
    assert result.added == {PEOPLE: 1, GROUPS: 1}
    loaded = ActorDictionary.load(folder)
    assert "henrique-capriles" in loaded.people
    assert loaded.version != ActorDictionary.from_package().version
    assert (package_actor_folder() / PEOPLE).read_text("utf-8") != (folder / PEOPLE).read_text(
        "utf-8"
    )


def test_bad_patch_changes_nothing_and_names_its_line(tmp_path):
    folder = tmp_path / "my_actors"
    patch_file = tmp_path / "bad.patch"
    patch_file.write_text(
        "# a comment\n[groups.csv]\nid,code,name,aliases,note\n"
        "group:good,VENBUS,Good Airline,,ok\ngroup:bad,XYZQQQ,Bad Name,,wrong code\n",
        encoding="utf-8",
    )
    with pytest.raises(EtlError, match=r"bad.patch line 5"):
        apply_actor_patch(patch_file, folder)
    assert "Good Airline" not in (folder / GROUPS).read_text("utf-8")
    assert not list(tmp_path.glob(".my_actors.patch-*"))
    patch_file.write_text("group:x,VEN,X,,\n", encoding="utf-8")
    with pytest.raises(EtlError, match="before any"):
        read_actor_patch(patch_file)


def test_cli_suggest_then_add(tmp_path):
    warehouse = build_warehouse(tmp_path / "wh")
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    patch = tmp_path / "actors.patch"
    suggested = runner.invoke(
        app, ["actors", "suggest", "--warehouse", str(warehouse), "--out", str(patch)]
    )
    assert suggested.exit_code == 0, suggested.output
    text = patch.read_text("utf-8")
    assert "group:conviasa,VENBUS,Conviasa" in text and "# group:russia-24,???" in text
    added = runner.invoke(app, ["actors", "add", str(patch), "--into", str(tmp_path / "dict")])
    assert added.exit_code == 0, added.output
    assert "1 rows to groups.csv" in added.output
    assert "Conviasa" in (tmp_path / "dict" / GROUPS).read_text("utf-8")


MISSED = {
    "henrique capriles": "VENOPP",
    "igor sechin": "RUSBUS",
    "rosaura perez": "COLLEG",
}
ARTICLE = [
    "Henrique Capriles, the Venezuelan opposition leader, met Russian Foreign Minister "
    "Sergei Lavrov on Monday.",
    "Rosaura Pérez, a Colombian senator, criticized Maduro.",
    "Igor Sechin, head of the Russian oil company, visited Caracas.",
    "Capriles later accused Maduro of fraud.",
]


def _resolve(nlp, dictionary: ActorDictionary, published: dt.date):
    from etl.coding.actors import ActorResolver, mention_records

    docs = [nlp(text) for text in ARTICLE]
    resolved = ActorResolver(dictionary).resolve_article([d[:] for d in docs], published)
    sentences, mentions = [], []
    for i, (doc, found) in enumerate(zip(docs, resolved, strict=True)):
        sid = f"n:0:{i}"
        sentences.append(
            Sentence(
                sentence_id=sid,
                article_id="n",
                paragraph_index=0,
                sentence_index=i,
                start=0,
                end=len(doc.text),
                language="en",
                coded=True,
                text=doc.text,
            )
        )
        mentions += mention_records(found, doc[:], "n", sid)
    return sentences, mentions


def test_suggest_add_and_the_resolver_then_codes_the_name(nlp, tmp_path):
    """The whole curation loop with the real resolver: what it misses is suggested, and once the
    patch is added the same text resolves those names to the suggested codes."""
    published = dt.date(2020, 2, 7)
    sentences, mentions = _resolve(nlp, ActorDictionary.from_package(), published)
    found = discover(nlp, sentences, mentions, [], article_dates={"n": published})
    suggested = {c.normalized: c.suggested_code for c in found.actors}
    resolved_text = " ".join(m.text for m in mentions)
    for name, code in MISSED.items():
        if name.split()[-1] in resolved_text.lower():
            continue  # the resolver already knows this one
        assert suggested.get(name) == code, (name, suggested)
    missed = [n for n in MISSED if n in suggested]
    if not missed:
        pytest.skip("the actor resolver now resolves every name of this article")
    patch_file = tmp_path / "actors.patch"
    patch_file.write_text(render_actor_patch(build_actor_patch(found.actors), "t"), "utf-8")
    folder = tmp_path / "actors"
    apply_actor_patch(patch_file, folder)
    _, after = _resolve(nlp, ActorDictionary.load(folder), published)
    codes = {m.text.casefold(): m.code for m in after}
    for name in missed:
        surname = name.split()[-1]
        hits = [code for text, code in codes.items() if surname in text.replace("é", "e")]
        assert MISSED[name] in hits, (name, codes)


def _name(sid: str, text: str, **extra) -> NameOccurrence:
    return NameOccurrence(
        sentence_id=sid,
        article_id=sid.split(":")[0],
        start=0,
        end=len(text),
        text=text,
        normalized=text.casefold(),
        label=extra.pop("label", "PERSON"),
        in_event_sentence=extra.pop("in_event_sentence", False),
        person_title=False,
        **extra,
    )


def test_ranking_streams_occurrences_and_looks_up_only_example_texts():
    names = [
        _name("a1:0:0", "Henrique Capriles", suggested_code="VENOPP"),
        _name("a1:0:1", "Capriles", in_event_sentence=True),
        _name("a2:0:0", "Capriles", label="ORG"),  # another article: not merged
        _name("a2:0:1", "Rosneft", label="ORG", suggested_code="RUSBUS"),
    ]
    verbs = [
        VerbOccurrence(
            sentence_id=f"a{i}:0:0", article_id=f"a{i}", start=0, phrase="ship wheat to",
            verb_lemma="ship", object_lemma="wheat", preposition="to", actor_pair="RUS VEN",
        )
        for i in (1, 1, 2)
    ]  # fmt: skip
    asked: list[set[str]] = []

    def texts(ids: set[str]) -> dict[str, str]:
        asked.append(set(ids))
        return {i: f"text of {i}" for i in ids}

    found = rank_candidates(iter(names), iter(verbs), texts, {"a1": dt.date(2019, 1, 23)})
    by_name = {c.normalized: c for c in found.actors}
    capriles = by_name["henrique capriles"]
    assert capriles.num_mentions == capriles.num_sentences == 2
    assert capriles.num_event_sentences == 1
    assert capriles.rank == 1 and capriles.suggested_code == "VENOPP"
    assert capriles.first_seen == dt.date(2019, 1, 23)
    assert capriles.examples == ["text of a1:0:0", "text of a1:0:1"]
    assert by_name["capriles"].num_articles == 1 and by_name["capriles"].label == "ORG"
    (verb,) = found.verbs
    assert (verb.num_sentences, verb.num_articles, verb.actor_pairs) == (2, 2, ["RUS VEN"])
    assert asked == [{"a1:0:0", "a1:0:1", "a2:0:0", "a2:0:1"}]


def test_discover_and_ranking_of_coder_occurrences_agree(nlp, found):
    """The coder's occurrences give the lists `discover` gives on the same parsed sentences."""
    from etl.coding.occurrences import sentence_occurrences

    context = ActorContext.from_package()
    lexicon = EventLexicon.from_package()
    with_event = {"a3:0:0", "a4:0:2"}
    names, verbs = [], []
    for sid, (text, language) in TEXTS.items():
        if language != "en":
            continue
        mine = [m for m in MENTIONS if m.sentence_id == sid]
        n, v = sentence_occurrences(
            nlp(text), sid, sid.split(":")[0], mine, sid in with_event, lexicon, context
        )
        names += n
        verbs += v
    texts = {sid: text for sid, (text, _) in TEXTS.items()}
    again = rank_candidates(names, verbs, texts, DATES)
    assert again.actors == found.actors and again.verbs == found.verbs


# ---- suggestions the codebook accepts, and names that are no actors (issue 15) ------------

CURATION_TEXTS = {
    "c1:0:0": "House Speaker Nancy Pelosi criticised the plan.",
    "c2:0:0": "US House Speaker Nancy Pelosi criticised the plan.",
    "c3:0:0": "GM vice president Mark LaNeve criticised the plan.",
    "c4:0:0": "Theresa May's Brexit deal was rejected by the parliament.",
    "c4:0:1": "The Brexit vote divided the parliament.",
    "c4:0:2": "The lawmakers said the Brexit deadline worried the parliament.",
}
#: (sentence, phrase, code, role): role-only mentions as the resolver writes them
CURATION_MENTIONS = [
    ("c1:0:0", "House Speaker", "LEG", "LEG"),
    ("c2:0:0", "US", "USA", None),
    ("c2:0:0", "House Speaker", "LEG", "LEG"),
    ("c3:0:0", "vice president", "GOV", "GOV"),
    ("c4:0:0", "the parliament", "LEG", "LEG"),
    ("c4:0:1", "the parliament", "LEG", "LEG"),
    ("c4:0:2", "The lawmakers", "LEG", "LEG"),
    ("c4:0:2", "the parliament", "LEG", "LEG"),
]


def _role_mention(sid: str, text: str, phrase: str, code: str, role: str | None):
    entry = "role:lawmaker" if role == "LEG" else "role:vice-president"
    return _make_mention(sid, text, phrase, code, None if role == code else code[:3], role, entry)


@pytest.fixture(scope="module")
def curation(nlp):
    sentences = [_make_sentence(sid, text) for sid, text in CURATION_TEXTS.items()]
    mentions = [
        _role_mention(sid, CURATION_TEXTS[sid], phrase, code, role)
        for sid, phrase, code, role in CURATION_MENTIONS
    ]
    found = discover(nlp, sentences, mentions, [], article_dates={"c1": dt.date(2019, 1, 3)})
    return {c.normalized: c for c in found.actors}


def test_a_role_only_mention_lends_its_role_not_a_doubled_code(curation):
    pelosi = curation["nancy pelosi"]
    assert pelosi.suggested_kind == "person"
    # "House Speaker" is LEG without a country: no LEGLEG, no code until a country says whose
    assert pelosi.suggested_code in (None, "USALEG")
    codes = {c.suggested_code for c in curation.values()} - {None}
    dictionary = ActorDictionary.from_package()
    assert all(dictionary.entry_code_problem(code) is None for code in codes), codes


def test_a_country_word_completes_a_role_only_mention(nlp):
    text = CURATION_TEXTS["c2:0:0"]
    speaker = _role_mention("u:0:0", text, "House Speaker", "LEG", "LEG")
    found = discover(nlp, [_make_sentence("u:0:0", text)], [speaker], [])
    pelosi = {c.normalized: c for c in found.actors}["nancy pelosi"]
    assert pelosi.suggested_code == "USALEG", pelosi.suggestion_evidence


def test_a_name_that_modifies_a_title_is_not_its_holder(curation):
    # "GM vice president Mark LaNeve": the title is LaNeve's; GM is the company, not a person
    assert curation["gm"].suggested_kind == "group"
    assert curation["gm"].suggested_code is None  # GOV + GOV was suggested before
    assert curation["mark laneve"].suggested_kind == "person"


def test_a_name_used_to_say_what_a_noun_is_about_is_flagged_as_no_actor(curation):
    brexit = curation["brexit"]
    assert brexit.suggested_kind == "group"  # "Theresa May's" title is May's, not Brexit's
    n = brexit.num_mentions
    assert n >= 2 and (brexit.num_modifier_mentions, brexit.num_acting_mentions) == (n, 0)
    patch = build_actor_patch([brexit.model_copy(update={"suggested_code": "GBR"})])
    assert patch.sections[GROUPS][1:] == [] and patch.flagged == 1
    comments = "\n".join(patch.comments[GROUPS])
    assert f"not an actor? in {n} of {n} mentions it only modifies another noun" in comments
    assert "# group:brexit,GBR,Brexit" in comments  # kept for a reviewer who disagrees


@pytest.mark.parametrize("code", ["LEGLEG", "BUSBUS", "GOVGOV", "JUDCRM", "GOV"])
def test_codes_the_codebook_rejects_are_never_ready_rows(found, code):
    candidate = found.actors[1].model_copy(
        update={"suggested_code": code, "name": "Acme Holdings", "normalized": "acme holdings"}
    )
    patch = build_actor_patch([candidate])
    assert patch.sections[GROUPS][1:] == []
    (row,) = [c for c in patch.comments[GROUPS] if "acme" in c]
    assert row.startswith("# group:acme-holdings,???,Acme Holdings")
    assert f"{code} from context is not usable" in row


def test_the_loader_rejects_a_repeated_segment(tmp_path):
    import shutil

    folder = tmp_path / "actors"
    shutil.copytree(package_actor_folder(), folder)
    with open(folder / GROUPS, "a", encoding="utf-8") as fh:
        fh.write("group:acme,BUSBUS,Acme,,test\n")
    with pytest.raises(EtlError, match="repeats segment BUS"):
        ActorDictionary.load(folder)
