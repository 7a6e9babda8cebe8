"""From article text to CAMEO events (the nlp and coding asset groups).

`nlp` loads and runs spaCy, `prefilter` skips sentences that cannot yield an event, `actors/`
resolves who is mentioned (dictionary, names, compositional codes, coreference), `dyads` gives
a role without a country the one its context points to, `lexicon` holds the event patterns,
`events` codes a parsed sentence (`phrases` marks each side's span), `event_dates` dates each
event, `pool` runs all of it per article in worker processes, and `jsonl` answers
`etl code --jsonl`. `petrarch/` reads and converts TABARI/PETRARCH dictionaries. Nothing here
imports Dagster.
"""
