"""The dictionaries a run codes with: the project's own, a user's PETRARCH set layered on them,
or (for validation work) the user's set in their place.

Why one module: `etl run`, `etl code`, `etl evaluate` and the Dagster resource all name a set
the same way (`DictionarySpec`: paths, `only`, `precedence`) and must code with exactly the same
entries, so the set is resolved here, once, into one `CodingDictionaries` (actor dictionary,
event lexicon, discard list, the files and their hashes) that the resolver and the lexicon read.

Layering (the default when paths are given): the user's actors, agents, verbs and discards are
added to the project's. Where both know a surface or a verb form, `precedence` decides:

* `user`: the user's entry wins for actor names and for verb forms;
* `names` (default): the user's entry wins for actor names, the project's for verb forms (and a
  verb the project knows keeps its entries, see `layer_lexicon`); the user's verbs the
  project does not know are all added;
* `own`: the project's entry wins for both; the user's only add.

A name both sets give the same fixed code keeps the project's entry, which also says how the
name was written (adjective, capital); see `ActorDictionary.layered`.

Loading the full Phoenix set reads and converts ~2.6 MB of PETRARCH lines; the result is cached
under the warehouse's `cache/dictionaries` (or `~/.cache/etl/dictionaries`), keyed by the hash
of every file, the etl version, the coder's source and the project's own dictionaries, so a
second load, and each worker process of a run, reads one file. A changed file is a new key,
never a stale set. The file is plain data (`etl.coding.dictionary_cache`: JSON that can only
build the set's own record classes), never a pickle: a warehouse folder may be shared, and
nothing read from disk is run as code. A damaged file is rebuilt; a folder keeps only the
`CACHE_KEEP` most recently used files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import Errors, EtlError

if TYPE_CHECKING:
    from spacy.tokens import Span

    from etl.coding.actors import ActorDictionary
    from etl.coding.events import DiscardList
    from etl.coding.lexicon import EventLexicon, LexEntry
    from etl.coding.petrarch import DiscardList as PetrarchDiscardList
    from etl.coding.petrarch import PetrarchDictionaries


class Precedence(StrEnum):
    """Which layer's entry wins where both know a name or a verb form (module docstring)."""

    USER = "user"
    NAMES = "names"
    OWN = "own"


DEFAULT_PRECEDENCE = Precedence.NAMES
#: Part of the cache key: bump when what a cached set means changes (the file's own shape
#: has its version in `dictionary_cache.FORMAT`).
CACHE_FORMAT = "7"
OWN_LEXICON = "etl/dictionaries/verbs.txt"


@dataclass(frozen=True)
class DictionarySpec:
    """How a command names its dictionaries (`--dictionaries`, `--dictionaries-only`, ...)."""

    paths: tuple[str, ...] = ()
    only: bool = False
    precedence: Precedence = DEFAULT_PRECEDENCE
    cache_dir: str | None = None  # default: ~/.cache/etl/dictionaries
    #: a folder of the project's actor files in place of `etl/dictionaries/actors/` (a copy
    #: extended with `etl actors add --into DIR`; `etl run --actors DIR`)
    actors: str | None = None

    @property
    def mode(self) -> str:
        """'own' (no user set), 'layered' or 'only'."""
        if not self.paths:
            return "own"
        return "only" if self.only else "layered"


@dataclass(frozen=True)
class DictionaryFile:
    """A user's dictionary file as a run records it (`runs.dictionary_files`)."""

    path: str
    sha256: str
    kind: str


@dataclass(frozen=True)
class PetrarchDiscards:
    """A PETRARCH discard list as the coder applies it: per sentence, one regex pass.

    PETRARCH matches a discard phrase caselessly at word starts (a stem unless it ends in
    `_`); a `+` (story) phrase discards a whole story, which the pipeline, coding sentence by
    sentence, applies to the sentence holding it (and `etl code` to the whole text, which is
    rejected when every sentence is). One alternation of all phrases finds a hit in one pass;
    only a hit is traced back to its line.
    """

    path: str
    entries: tuple[tuple[str, str], ...]  # (id 'petr:<file>:<line>', regex of the phrase)
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, discards: PetrarchDiscardList, dated: bool = False) -> PetrarchDiscards:
        """The list as one pattern; `dated`: leave out phrases that are only a time
        expression (`is_time_phrase`), because this coder dates events itself."""
        name = Path(discards.path).name
        entries = []
        for e in discards.entries:
            if dated and is_time_phrase(e.words):
                continue
            regex = r"\W+".join(re.escape(w) for w in e.words)
            if e.whole_word:
                regex += r"(?![\w])"
            entries.append((f"petr:{name}:{e.line}", regex))
        # Longest first, so the alternation reports the most specific phrase.
        ordered = sorted({r for _i, r in entries}, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w])(?:" + "|".join(ordered) + ")", re.IGNORECASE)
        return cls(discards.path, tuple(entries), pattern)

    def match_text(self, text: str) -> str | None:
        hit = self.pattern.search(text)
        if hit is None:
            return None
        found = hit.group(0)
        for entry_id, regex in self.entries:
            if re.fullmatch(regex, found, re.IGNORECASE) or re.match(regex, found, re.IGNORECASE):
                return entry_id
        return self.entries[0][0]  # unreachable: the hit came from one of the entries


def is_time_phrase(words: tuple[str, ...]) -> bool:
    """Whether a discard phrase is only a time expression ("1998", "YEARS AGO").

    Phoenix discards such sentences because PETRARCH gives every event the story's date, so a
    sentence about 1998 in today's news would be coded as today's event. This coder dates
    each event from its own time expression (`etl.coding.event_dates`): layered on it, such a
    phrase would only throw away events it dates correctly.
    """
    from etl.coding.event_dates import (
        DAY_WORDS,
        MONTHS,
        NUMBER_WORDS,
        RELATIVE_TIME,
        TIME_UNITS,
        WEEKDAYS,
    )

    time_words = {*TIME_UNITS, *RELATIVE_TIME, *DAY_WORDS, *MONTHS, *WEEKDAYS, *NUMBER_WORDS}
    time_words |= {"ago", "later", "earlier", "before", "after"}
    return bool(words) and all(w.isdigit() or w.lower() in time_words for w in words)


@dataclass(frozen=True)
class LayeredDiscards:
    """The project's discard list and a user's PETRARCH one, as the coder's `DiscardList`."""

    own: DiscardList
    user: PetrarchDiscards | None
    version: str
    entry_at: dict[str, str]

    def match(self, sent: Span) -> str | None:
        """Id of the discard phrase that stops the sentence, the project's first."""
        hit = self.own.match(sent)
        if hit is None and self.user is not None:
            hit = self.user.match_text(sent.text)
        return hit

    def location(self, entry_id: str) -> str:
        return self.entry_at.get(entry_id, entry_id)


@dataclass(frozen=True)
class CodingDictionaries:
    """The resolved set: what the coder reads, and what a run records about it."""

    actors: ActorDictionary
    lexicon: EventLexicon
    discards: LayeredDiscards
    files: tuple[DictionaryFile, ...]
    mode: str
    precedence: str
    not_carried: int  # PETRARCH entries the conversion could not express (listed at load)

    @property
    def set_hash(self) -> str:
        """Hash of the user's files (and mode), part of `coder_version`; '' for own only."""
        if not self.files:
            return ""
        digest = hashlib.sha256(f"{self.mode}/{self.precedence}".encode())
        for f in self.files:
            digest.update(f"{Path(f.path).name}\0{f.sha256}\0".encode())
        return digest.hexdigest()[:10]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dictionary_files(paths: tuple[str, ...]) -> tuple[DictionaryFile, ...]:
    """The files a spec names (folders expanded as `load_petrarch` expands them), hashed."""
    from etl.coding.petrarch import DictionaryKind, dictionary_kind

    out: list[DictionaryFile] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            children = [c for c in sorted(p.iterdir()) if c.is_file()]
            files = [c for c in children if dictionary_kind(c) is not DictionaryKind.OTHER]
        elif p.is_file():
            files = [p]
        else:
            raise EtlError(
                Errors.E005.format(path=p, line=0, problem="no such dictionary file or folder")
            )
        out.extend(
            DictionaryFile(str(f.resolve()), _sha256(f), str(dictionary_kind(f))) for f in files
        )
    return tuple(out)


def _cache_folder(spec: DictionarySpec) -> Path:
    if spec.cache_dir is not None:
        return Path(spec.cache_dir)
    return Path.home() / ".cache" / "etl" / "dictionaries"


@functools.cache
def _code_hash() -> str:
    """Hash of the coder's source (`etl/coding/**.py`): the cached set is the fields of its
    classes, so a changed class (a new field of `Rules`, say) must not be read from an older
    file even when the package version and the data files are unchanged."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_key(spec: DictionarySpec, files: tuple[DictionaryFile, ...]) -> str:
    from etl import __version__
    from etl.publish.runs import dictionary_version

    own = dictionary_version(extra=[Path(spec.actors)] if spec.actors else ())
    digest = hashlib.sha256(
        f"{CACHE_FORMAT}/{__version__}/{_code_hash()}/{own}/{spec.mode}/{spec.precedence}".encode()
    )
    for f in files:
        digest.update(f"{f.path}\0{f.sha256}\0".encode())
    return digest.hexdigest()[:24]


def resolve_dictionaries(spec: DictionarySpec) -> CodingDictionaries:
    """The set a spec names, from the cache when its files have not changed."""
    if spec.mode == "own":
        return _resolve_own(spec.actors)
    files = dictionary_files(spec.paths)
    return _resolve_cached(spec, files, _cache_key(spec, files))


def own_actors(folder: str | None) -> ActorDictionary:
    """The project's actor dictionary: the package's, or the folder given in its place."""
    from etl.coding.actors import ActorDictionary

    return ActorDictionary.load(Path(folder)) if folder else ActorDictionary.from_package()


@functools.cache
def _resolve_own(actors: str | None = None) -> CodingDictionaries:
    from etl.coding.events import DiscardList
    from etl.coding.lexicon import EventLexicon

    own = DiscardList.from_package()
    return CodingDictionaries(
        actors=own_actors(actors),
        lexicon=EventLexicon.from_package(),
        discards=LayeredDiscards(own, None, own.version, _own_discard_at(own)),
        files=(),
        mode="own",
        precedence="",
        not_carried=0,
    )


#: Cache files a cache folder keeps (the newest by use); each full Phoenix set is ~25 MB.
CACHE_KEEP = 4
CACHE_SUFFIX = ".json.gz"


# One resolved set per key in a process: every build of a coder in one worker reads it once.
@functools.lru_cache(maxsize=4)
def _resolve_cached(
    spec: DictionarySpec, files: tuple[DictionaryFile, ...], key: str
) -> CodingDictionaries:
    from etl.coding.dictionary_cache import CacheFileError, read_cache, write_cache

    folder = _cache_folder(spec)
    path = folder / f"{key}{CACHE_SUFFIX}"
    if path.is_file():
        try:
            cached = read_cache(path)
            if isinstance(cached, CodingDictionaries):
                _touch(path)
                return cached
        except (OSError, CacheFileError):
            pass  # a damaged or outdated cache file is rebuilt below
    resolved = build_dictionaries(spec, files)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        os.close(fd)
        try:
            write_cache(resolved, Path(tmp))
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
        prune_cache(folder)
    except OSError:
        pass  # a read-only cache folder costs the next load its time, nothing else
    return resolved


def _touch(path: Path) -> None:
    """Mark a cache file as just used, so pruning keeps the sets in use."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune_cache(folder: Path, keep: int = CACHE_KEEP) -> list[Path]:
    """Remove all but the `keep` most recently used cache files of `folder` (and files of the
    former pickled format, which are never read again); the removed paths.

    Every changed dictionary file, etl version or coder source is a new key, so without this a
    folder only grows (a developer's reached 116 files, ~25 MB each)."""
    removed: list[Path] = []
    current: list[tuple[float, Path]] = []
    for child in folder.iterdir():
        if not child.is_file():
            continue
        if child.suffix == ".pickle":
            removed.append(child)
        elif child.name.endswith(CACHE_SUFFIX):
            try:
                current.append((child.stat().st_mtime, child))
            except OSError:
                continue
    current.sort(key=lambda item: (item[0], item[1].name), reverse=True)
    removed.extend(p for _m, p in current[keep:])
    gone = []
    for p in removed:
        try:
            p.unlink()
            gone.append(p)
        except OSError:
            pass  # another process removed it, or the folder is not ours to change
    return gone


def _own_discard_at(own: DiscardList) -> dict[str, str]:
    text = resources.files("etl.dictionaries").joinpath("discards.txt").read_text("utf-8")
    out: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        parts = raw.split("#", 1)[0].split()
        if len(parts) >= 2:
            out[parts[0]] = f"etl/dictionaries/discards.txt:{number}"
    return out


def petrarch_location(entry_id: str, path: str) -> str:
    """`petr:<file>:<line>[:particle]` -> `<path>:<line>`."""
    parts = entry_id.split(":")
    return f"{path}:{parts[2]}" if len(parts) >= 3 else entry_id


def _form(e: LexEntry) -> tuple:
    """What makes two entries the same verb form: lemma aside, its particle, object and
    preposition -- not its kind, so a PETRARCH `SAY [010]` and the project's wrapper `say`
    are two definitions of one form."""
    return (e.particle, e.objects, e.preps)


def layer_lexicon(
    own_text: str, user_lines: tuple[str, ...], verbs_path: str, user_first: bool
) -> EventLexicon:
    """The project's lexicon with a user's converted verb lines added.

    Two rules make a PETRARCH verb mean here what it meant to PETRARCH:

    * every user line gets `!dyad`: PETRARCH codes an event only when it finds a source *and*
      a target (`require_dyad`, its default), so a verb block's code was written and checked
      for dyads only. Without the flag, "ENHANCE [060]" or "SAY [010]" would code every
      one-sided "X enhanced ..." and "police said" the project's own coder keeps for its own,
      narrower entries;
    * where both give the same verb form (lemma, particle, object, preposition), only the
      winning layer's entry stays under that lemma, whatever its kind: the project's wrapper
      (W), light verb (L) or `---` (not an event) entry for a form is its definition of that
      form, as much as a trigger (V) is;
    * when the project's layer wins (`user_first` false), a verb the project's lexicon knows
      (an entry of any kind for its lemma) keeps only the project's entries. The lexicon picks
      one entry per token, the most specific; a PETRARCH pattern is specific on paper (an
      object word, a preposition: `MEET * (IN`) but was written for PETRARCH's matcher over a
      phrase-structure tree, so on a dependency parse it often wins the token and then finds no
      argument where it looks ("meet Trump in Washington": the target it takes is the place),
      and the project's entry for the same verb, which would have coded the sentence, is never
      tried. The user's verbs then add what the project does not know, whole.
    """
    from etl.coding.lexicon import EventLexicon

    text = own_text.rstrip("\n") + "\n" + "\n".join(f"{line} !dyad" for line in user_lines)
    lex = EventLexicon.from_text(text + "\n", source=OWN_LEXICON)
    for entry_id in lex.entry_at:
        if entry_id.startswith("petr:"):
            lex.entry_at[entry_id] = petrarch_location(entry_id, verbs_path)
    keep_one_layer(lex, user_first, whole_verbs=not user_first)
    return lex


def keep_one_layer(lex: EventLexicon, user_first: bool, whole_verbs: bool) -> None:
    """Where both layers define a verb form, keep the winning layer's entries (in place);
    `whole_verbs`: a verb the project knows keeps all and only its entries (`layer_lexicon`)."""
    indexes = (lex.verbs, lex.adjectives, lex.wrappers, lex.light)
    own_forms: dict[str, set[tuple]] = {}
    user_forms: dict[str, set[tuple]] = {}
    for index in indexes:
        for lemma, entries in index.items():
            for e in entries:
                layer = user_forms if e.id.startswith("petr:") else own_forms
                layer.setdefault(lemma, set()).add(_form(e))
    for index in indexes:
        for lemma, entries in index.items():
            if whole_verbs and lemma in own_forms and lemma in user_forms:
                index[lemma] = [e for e in entries if not e.id.startswith("petr:")]
                continue
            shared = own_forms.get(lemma, set()) & user_forms.get(lemma, set())
            if shared:
                index[lemma] = [
                    e
                    for e in entries
                    if _form(e) not in shared or e.id.startswith("petr:") == user_first
                ]


def build_dictionaries(
    spec: DictionarySpec, files: tuple[DictionaryFile, ...]
) -> CodingDictionaries:
    """Read and convert the user's PETRARCH set and combine it with the project's (no cache)."""
    from etl.coding.petrarch import load_petrarch

    user = load_petrarch([Path(p) for p in spec.paths])
    return combine(user, spec, files)


def combine(
    user: PetrarchDictionaries, spec: DictionarySpec, files: tuple[DictionaryFile, ...]
) -> CodingDictionaries:
    """`user` layered on (or, with `spec.only`, in place of) the project's dictionaries."""
    from etl.coding.actors import ActorDictionary
    from etl.coding.events import DiscardList
    from etl.coding.lexicon import EventLexicon
    from etl.coding.petrarch import build_event_lexicon, verb_lexicon_lines, write_actor_folder

    if spec.only and (user.verbs is None or not user.actors):
        raise EtlError(
            Errors.E005.format(
                path=", ".join(user.files) or ", ".join(spec.paths),
                line=0,
                problem="--dictionaries-only needs a verb file and an actor file",
            )
        )
    precedence = Precedence(spec.precedence)
    not_carried = 0

    user_actors = None
    if user.actors or user.agents is not None:
        with tempfile.TemporaryDirectory(prefix="etl-petrarch-actors-") as tmp:
            conversion = write_actor_folder(user, Path(tmp))
            user_actors = ActorDictionary.load(
                Path(tmp), entry_at=conversion.entry_at, surface_at=conversion.surface_at
            )
        not_carried += len(conversion.skipped)
    own = own_actors(spec.actors)
    if spec.only:
        assert user_actors is not None
        actors = user_actors
    elif user_actors is not None:
        actors = ActorDictionary.layered(
            own, user_actors, user_first=precedence is not Precedence.OWN
        )
    else:
        actors = own

    own_text = resources.files("etl.dictionaries").joinpath("verbs.txt").read_text("utf-8")
    if user.verbs is None:
        lexicon = EventLexicon.from_package()
    elif spec.only:
        # PETRARCH codes a verb as written: "Arnor will contribute aid" is 070 in its suites,
        # not the intent (033) the project's FUTURE table makes of it. Negated futures keep
        # their table ("will not" + cooperation is a refusal, not the act).
        petrarch_text = "\n".join(
            line for line in own_text.splitlines() if not line.startswith("@compose FUTURE ")
        )
        lexicon, lex_conversion = build_event_lexicon(user.verbs, petrarch_text)
        # The user's verb wins a form the project's kept grammar also defines: PETRARCH's
        # `AGREE [030]` codes "A and B agree that ...", the project's wrapper `agree` would
        # only look inside the clause.
        keep_one_layer(lexicon, user_first=True, whole_verbs=False)
        for entry_id in lexicon.entry_at:
            if entry_id.startswith("petr:"):
                lexicon.entry_at[entry_id] = petrarch_location(entry_id, user.verbs.path)
        not_carried += len(lex_conversion.skipped)
    else:
        lex_conversion = verb_lexicon_lines(user.verbs)
        lexicon = layer_lexicon(
            own_text,
            lex_conversion.lines,
            user.verbs.path,
            user_first=precedence is Precedence.USER,
        )
        not_carried += len(lex_conversion.skipped)

    own_discards = DiscardList.from_package()
    discard_at = _own_discard_at(own_discards)
    petr_discards = None
    version = own_discards.version
    if user.discards is not None:
        petr_discards = PetrarchDiscards.of(user.discards, dated=not spec.only)
        not_carried += len(user.discards.entries) - len(petr_discards.entries)
        discard_at.update(
            {i: petrarch_location(i, user.discards.path) for i, _r in petr_discards.entries}
        )
        digest = hashlib.sha256("\n".join(r for _i, r in petr_discards.entries).encode())
        version = f"{version}+{digest.hexdigest()[:8]}"
    return CodingDictionaries(
        actors=actors,
        lexicon=lexicon,
        discards=LayeredDiscards(own_discards, petr_discards, version, discard_at),
        files=files,
        mode=spec.mode,
        precedence=str(precedence),
        not_carried=not_carried,
    )
