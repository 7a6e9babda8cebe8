"""The functions that code gold sentences, with the project's dictionaries or a PETRARCH set.

Scoring takes a plain `CodeFn` (a batch of (id, text, date) in, one list of events per item out)
rather than the coder itself, so the scoring tests run on canned predictions without a parser,
and so one evaluation can route each record to the coder built for its own dictionary set.

`etl evaluate --dictionaries PATH` codes with a user's PETRARCH/Phoenix dictionaries instead of
the project's own (`gold_code_fn`, `petrarch_code_fn`): their verbs, actors and agents are
converted by `etl.coding.petrarch`, and records that name their dictionary files (as
`petrarch_dev.jsonl` does) are each coded with their own set.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from etl.coding.petrarch import (
    DictionaryKind,
    DiscardList,
    PetrarchDictionaries,
    dictionary_kind,
    load_petrarch,
)
from etl.errors import Errors, EtlError
from etl.evaluation.gold import GoldItem
from etl.records import Event

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class PredictedEvent:
    source: str
    target: str
    code: str
    source_text: str
    target_text: str


#: Codes a batch of (id, text, date) items; one list per item, its main event first.
CodeFn = Callable[[list[tuple[str, str, dt.date | None]]], list[list[PredictedEvent]]]


class TextCoder(Protocol):
    """What `make_code_fn` needs from the coder (`etl.coding.pool.Coder`)."""

    def code_texts(
        self, items: Iterable[tuple[str, str, dt.date | None]]
    ) -> Iterator[list[Event]]: ...


def predicted_event(event: Event) -> PredictedEvent:
    """Reduce an `events` row to what scoring compares, with the actors' text from its spans."""
    text = event.sentence_text
    return PredictedEvent(
        source=event.source_code,
        target=event.target_code,
        code=event.cameo_code,
        source_text=text[event.source_start : event.source_end],
        target_text=text[event.target_start : event.target_end],
    )


def make_code_fn(coder: TextCoder) -> CodeFn:
    """Wrap the real coder as a `CodeFn`: the whole batch goes through one `code_texts` call,
    so spaCy can batch the parses."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        return [[predicted_event(e) for e in events] for events in coder.code_texts(items)]

    return code


def with_discards(code_fn: CodeFn, discards: DiscardList) -> CodeFn:
    """Reject (code nothing for) items whose text holds a PETRARCH discard phrase."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        keep = [i for i, (_id, text, _d) in enumerate(items) if discards.first_match(text) is None]
        coded = code_fn([items[i] for i in keep]) if keep else []
        out: list[list[PredictedEvent]] = [[] for _ in items]
        for i, events in zip(keep, coded, strict=True):
            out[i] = events
        return out

    return code


def petrarch_code_fn(nlp: Language, dictionaries: PetrarchDictionaries) -> CodeFn:
    """The project's coder running on a user's PETRARCH dictionaries instead of its own.

    Verbs become the lexicon's triggers (`build_event_lexicon`), actors and agents become an
    actor folder (`write_actor_folder`, written to a temporary folder that is read and removed
    at once), and the discard list rejects sentences before coding. What could not be carried
    over is listed by those functions; `coder_version` names the PETRARCH files' versions.
    """
    from etl import __version__
    from etl.coding.actors import ActorDictionary, ActorResolver
    from etl.coding.petrarch import build_event_lexicon, write_actor_folder
    from etl.coding.pool import Coder

    if dictionaries.verbs is None or not dictionaries.actors:
        raise EtlError(
            Errors.E005.format(
                path=", ".join(dictionaries.files) or "(none)",
                line=0,
                problem="coding with PETRARCH dictionaries needs a verb file and an actor file",
            )
        )
    lexicon, _lines = build_event_lexicon(dictionaries.verbs)
    with tempfile.TemporaryDirectory(prefix="etl-petrarch-actors-") as tmp:
        write_actor_folder(dictionaries, Path(tmp))
        actors = ActorDictionary.load(Path(tmp))
    version = f"etl-{__version__}/petrarch-verbs-{lexicon.version}/actors-{actors.version}"
    code_fn = make_code_fn(Coder(nlp, ActorResolver(actors), lexicon, version))
    if dictionaries.discards is not None:
        code_fn = with_discards(code_fn, dictionaries.discards)
    return code_fn


def dispatch_code_fn(route: dict[str, str], code_fns: dict[str, CodeFn]) -> CodeFn:
    """One CodeFn from several: item id -> key (`route`) -> the CodeFn that codes it."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        out: list[list[PredictedEvent]] = [[] for _ in items]
        groups: dict[str, list[int]] = {}
        for i, (item_id, _text, _date) in enumerate(items):
            groups.setdefault(route[item_id], []).append(i)
        for key, indices in groups.items():
            coded = code_fns[key]([items[i] for i in indices])
            for i, events in zip(indices, coded, strict=True):
                out[i] = events
        return out

    return code


def gold_code_fn(items: Sequence[GoldItem], nlp: Language, dictionaries: Path | None) -> CodeFn:
    """The CodeFn `etl evaluate` scores with.

    Without `dictionaries`: the project's coder with its own dictionaries. With a folder of
    PETRARCH dictionaries: if the gold records name their dictionary files (as
    `petrarch_dev.jsonl` does, two sets in one folder) and the folder holds them, each record is
    coded with its own set; otherwise the folder is one set for every record.
    """
    if dictionaries is None:
        from etl.coding.pool import build_coder

        return make_code_fn(build_coder(nlp))
    folder = Path(dictionaries)
    named = {i.dictionaries for i in items if i.dictionaries}
    if folder.is_dir() and named:
        sets: dict[tuple[str, ...], list[Path]] = {}
        for names in named:
            paths = [folder / Path(n).name for n in names]
            readable = [
                p for p in paths if dictionary_kind(p) is not DictionaryKind.OTHER and p.is_file()
            ]
            if len(readable) < len(
                [p for p in paths if dictionary_kind(p) is not DictionaryKind.OTHER]
            ):
                break  # the folder does not hold what the records name: use it as one set
            sets[names] = readable
        else:
            code_fns = {
                "|".join(k): petrarch_code_fn(nlp, load_petrarch(v)) for k, v in sets.items()
            }
            default = load_petrarch(folder) if any(not i.dictionaries for i in items) else None
            if default is not None:
                code_fns[""] = petrarch_code_fn(nlp, default)
            route = {i.id: "|".join(i.dictionaries) for i in items}
            return dispatch_code_fn(route, code_fns)
    return petrarch_code_fn(nlp, load_petrarch(folder))
