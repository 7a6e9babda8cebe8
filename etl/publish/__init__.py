"""From coded batches to research tables and reports (the publish asset group and its commands).

`aggregate` builds one-a-day events and dyad-month panels, `discovery` ranks uncoded names and
verb phrases, `runs` records each run, `report` writes report.html, and `export`, `diff`,
`explain` and `actor_patch` back the research commands of the CLI. Nothing here imports Dagster.
"""
