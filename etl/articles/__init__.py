"""From input files to clean, deduplicated articles (the ingest, clean and dedup asset groups).

`ingest` reads and validates records (`files` walks the input folder without trusting it,
`decoding` finds each file's encoding), `batches` groups new input files into batch partitions,
`clean` removes page debris and finds datelines (with `dates` and `language`), and `dedup`
clusters copies and translations of one story. Nothing here imports Dagster.
"""
