"""Reader for PETRARCH-2 / Phoenix dictionaries that a user keeps at their own path.

Many researchers maintain CAMEO dictionaries in the plain-text formats of PETRARCH-2 (inherited
from TABARI): a verb dictionary (synsets, verb blocks, patterns, transformations), actor
dictionaries (names with date-restricted codes), an agent dictionary (role nouns) and a discard
list. This package reads those files from wherever the user has them -- they are never copied
into this repository -- into typed, frozen records that keep the line each entry came from, so
every code the project derives from them can be traced back to `file:line`.

The format is described in PETRARCH-2's `dictionaries-format.rst` and in the docstrings of its
`PETRreader.py`. Real dictionaries bend that format (two codes on one line, a 7-digit date, a
`}` closing a `[`, a pattern line without its leading `-`). PETRARCH-2 silently mis-reads most of
those; this reader instead keeps going and returns each irregularity as a `DictionaryProblem`
with its line number, so a user can fix the file. Only damage that makes the rest of the file
unreadable (an unterminated `<!--` comment, a synonym before any actor, a file with no entries
at all) raises `EtlError(E005)`.

Deliberate differences from PETRARCH-2, each because PETRARCH-2's behaviour is a bug:

* `#` starts a comment only outside `[...]`, so the codes `[###]` survive.
* Date restrictions may have blanks around their operators (`[HOBGOV 19950601 - 19990815]`).
* Regular verb forms follow ordinary English spelling (`CARRY` -> `CARRIES`, `CARRIED`).
* Every bracketed code on an actor line is read, not only the last one.

The modules follow the order of the work: `lines` (comments, brackets and problems, shared by
every file kind), `actors` (actor, agent and discard files), `verbs` (the verb dictionary),
`dictionaries` (a set of files, told apart by name), `convert` (a set translated into the
project's event lexicon and actor folder, for layering) and `engine` (PETRARCH-2's coding
semantics on the dependency parse, for replace mode).
"""

from etl.coding.petrarch.actors import (
    ActorDictionary,
    ActorEntry,
    AgentDictionary,
    DiscardList,
    read_actors,
    read_agents,
    read_discards,
)
from etl.coding.petrarch.convert import (
    ActorConversion,
    LexiconConversion,
    build_event_lexicon,
    verb_lexicon_lines,
    write_actor_folder,
)
from etl.coding.petrarch.dictionaries import (
    DictionaryKind,
    PetrarchDictionaries,
    dictionary_kind,
    load_petrarch,
)
from etl.coding.petrarch.lines import DictionaryProblem
from etl.coding.petrarch.verbs import VerbDictionary, read_verbs

__all__ = [
    "ActorConversion",
    "ActorDictionary",
    "ActorEntry",
    "AgentDictionary",
    "DictionaryKind",
    "DictionaryProblem",
    "DiscardList",
    "LexiconConversion",
    "PetrarchDictionaries",
    "VerbDictionary",
    "build_event_lexicon",
    "dictionary_kind",
    "load_petrarch",
    "read_actors",
    "read_agents",
    "read_discards",
    "read_verbs",
    "verb_lexicon_lines",
    "write_actor_folder",
]
