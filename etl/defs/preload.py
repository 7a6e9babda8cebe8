"""Imported once by the multiprocess executor's forkserver, so that each step starts warm.

Dagster's multiprocess executor runs each of a batch's ~40 steps in a process of its own. Left
to itself, each such process imports the code location and loads the spaCy pipeline again
(seeds: 170 s against 13 s in-process). Started from a forkserver that imported this module
(`etl.defs.executors.executor_for`), each step process is a fork that already holds the
modules, the default pipeline (`load_coding_model` keeps one per process) and the project's
own dictionaries, shared copy-on-write. A run with another `--spacy-model` or a user's
dictionary set loads those in the steps that need them, as before.
"""

import etl.definitions  # noqa: F401  (the code location every step rebuilds its job from)
from etl.coding.dictionary_set import DictionarySpec, resolve_dictionaries
from etl.coding.nlp import load_coding_model
from etl.settings import default_spacy_model

load_coding_model(default_spacy_model())
resolve_dictionaries(DictionarySpec())
