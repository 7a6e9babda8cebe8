"""PETRARCH coder options a caller may set per text (`etl code --jsonl` `config`, gold records).

PETRARCH-2 reads these from `PETR_config.ini`, and its validation records carry the values they
were coded with, written as the ini file has them (strings: "True", "TRUE", "8"). This module
reads them strictly -- an unknown key or a value that is not a boolean or a count is refused
with a reason, never guessed -- and says what each one does here:

* `require_dyad` (PETRARCH default true): an event is kept only when both its sides are
  actors. Here a side is an actor when the dictionaries resolved it, or when it is a new actor
  (below); an event with a side coded `---` and no new actor is dropped.
* `new_actor_length` (default 0): PETRARCH takes a noun phrase of at most this many words that
  no dictionary names as a new, uncoded actor (0: never). Here an unresolved *named* side (its
  text a proper name the dictionaries lack, kept as `---` with its text) of at most that many
  words counts as an actor for `require_dyad`; its code stays `---`.
* `comma_min`/`comma_max`, `comma_bmin`/`comma_bmax`, `comma_emin`/`comma_emax`: PETRARCH
  deletes comma-delimited clauses of that many words (inside, at the beginning, at the end of
  the sentence) before matching, because its patterns run over the flat word sequence of a
  phrase and a parenthetical ", a senior official said," would break them. They are accepted
  and validated but change nothing here: on a dependency parse such a clause is a subtree
  attached to its own head (appositive, parataxis, relative clause), and the coder only ever
  reads the children of the trigger and of its arguments, so the clause never stands between
  a verb and its object (README, "PETRARCH dictionaries").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The reason `etl code --jsonl` answers for a `config` it refuses.
BAD_CONFIG = "bad_config"
COMMA_KEYS = ("comma_min", "comma_max", "comma_bmin", "comma_bmax", "comma_emin", "comma_emax")
KEYS = ("require_dyad", "new_actor_length", *COMMA_KEYS)
UNRESOLVED = "---"


@dataclass(frozen=True)
class CoderOptions:
    """The options in force for one text; None means "not set" (the coder's own behaviour)."""

    require_dyad: bool | None = None
    new_actor_length: int = 0
    comma: tuple[tuple[str, int], ...] = ()  # accepted, no effect on a dependency parse

    def petrarch_defaults(self) -> CoderOptions:
        """These options with PETRARCH's defaults for what is not set (`PETR_config.ini`:
        `require_dyad = True`): what replace mode (`--dictionaries-only`) codes with."""
        if self.require_dyad is not None:
            return self
        return CoderOptions(True, self.new_actor_length, self.comma)

    def is_actor(self, code: str, text: str, named: bool) -> bool:
        """Whether one side of an event counts as an actor under these options."""
        if code != UNRESOLVED:
            return True
        words = len(text.split())
        return named and 0 < words <= self.new_actor_length

    def keeps(
        self,
        source: tuple[str, str, bool],
        target: tuple[str, str, bool],
    ) -> bool:
        """Whether an event with these sides ((code, text, named) each) is kept."""
        if not self.require_dyad:
            return True
        return self.is_actor(*source) and self.is_actor(*target)


#: No option set: the coder's own behaviour.
NO_OPTIONS = CoderOptions()


def _flag(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError(f"config {key!r} must be true or false, got {value!r}")


def _count(key: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ValueError(f"config {key!r} must be a whole number >= 0, got {value!r}")


def parse_options(config: Any) -> CoderOptions:
    """Read a `config` object; raises ValueError naming the key and value it refuses."""
    if config is None:
        return NO_OPTIONS
    if not isinstance(config, dict):
        raise ValueError(f"'config' must be an object with keys {', '.join(KEYS)}")
    unknown = sorted(set(config) - set(KEYS))
    if unknown:
        raise ValueError(
            f"config key(s) {', '.join(map(repr, unknown))} unknown; known: {', '.join(KEYS)}"
        )
    require = config.get("require_dyad")
    return CoderOptions(
        require_dyad=None if require is None else _flag("require_dyad", require),
        new_actor_length=_count("new_actor_length", config.get("new_actor_length", 0)),
        comma=tuple((k, _count(k, config[k])) for k in COMMA_KEYS if k in config),
    )
