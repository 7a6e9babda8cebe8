"""Tests of `etl.coding.actors.mention`: the one `Mention` shape and its `actor_mentions` rows."""

from __future__ import annotations

from etl.coding.actors import ActorDictionary, ActorResolver, Mention, mention_records
from tests.coding.actors.parses import two_sentences_kremlin


def test_nested_mentions_sharing_a_start_get_distinct_ids(nlp):
    """'Canadian' and 'Canadian-US scientist James Peebles' both start at 0 (wikinews, 2019)."""
    resolver = ActorResolver(ActorDictionary.from_package())
    doc = nlp("Canadian-US scientist James Peebles won the prize.")
    sents = [doc[:]]
    [found] = resolver.resolve_article(sents, None)
    records = mention_records(found, sents[0], "w", "w:0:0")
    assert len({r.start for r in records}) < len(records)  # the case: two share a start
    assert len({r.mention_id for r in records}) == len(records)


def test_a_mention_needs_only_what_it_says_and_its_row_has_sentence_offsets(vocab):
    mention = Mention(4, 6, 5, "RUSGOV", "RUS", "GOV", "Kremlin", "seat:kremlin", "metonym", "e")
    assert (mention.person, mention.titles, mention.entity_key, mention.consumes) == (
        False,
        (),
        None,
        (),
    )
    doc = two_sentences_kremlin(vocab)
    [row] = mention_records([mention], doc[3:7], "a1", "a1:0:1")
    assert (row.mention_id, row.start, row.end, row.text) == ("a1:0:1:5-16", 5, 16, "the Kremlin")
    assert (row.code, row.country, row.role, row.entry_id) == (
        "RUSGOV",
        "RUS",
        "GOV",
        "seat:kremlin",
    )
    assert (row.resolution, row.evidence, row.name) == ("metonym", "e", "Kremlin")
