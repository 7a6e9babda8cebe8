"""From article text to CAMEO events (the nlp and coding asset groups).

`nlp` loads and runs spaCy, `prefilter` skips sentences that cannot yield an event, `actors`
resolves who is mentioned, `lexicon` holds the event patterns, `events` codes a parsed sentence,
`event_dates` dates each event, and `pool` runs all of it per article in worker processes.
`petrarch` reads and converts TABARI/PETRARCH dictionaries. Nothing here imports Dagster.
"""
