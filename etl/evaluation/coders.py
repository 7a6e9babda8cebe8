"""The functions that code gold sentences, with the project's dictionaries or a PETRARCH set.

Scoring takes a plain `CodeFn` (a batch of (id, text, date) in, one list of events per item out)
rather than the coder itself, so the scoring tests run on canned predictions without a parser,
and so one evaluation can route each record to the coder built for its own dictionary set.

`etl evaluate --dictionaries PATH` codes with a user's PETRARCH/Phoenix dictionaries layered on
the project's own, `--dictionaries-only` in their place (`gold_code_fn`, `petrarch_code_fn`,
through `etl.coding.dictionary_set`); in replace mode, records that name their dictionary files
(as `petrarch_dev.jsonl` does) are each coded with their own set, by PETRARCH-2's semantics on
the parse (`engine_code_fn`, `etl.coding.petrarch.engine`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from etl.coding.dictionary_set import DictionarySpec, PetrarchDiscards
from etl.coding.options import CoderOptions
from etl.coding.petrarch import DictionaryKind, dictionary_kind
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
    source_named: bool = False  # an unresolved side that is a name the dictionaries lack
    target_named: bool = False
    user_code: bool = False  # the code is a user's dictionary's, as written (replace mode)


#: Codes a batch of (id, text, date) items; one list per item, its main event first.
CodeFn = Callable[[list[tuple[str, str, dt.date | None]]], list[list[PredictedEvent]]]


class TextCoder(Protocol):
    """What `make_code_fn` needs from the coder (`etl.coding.pool.Coder`)."""

    def code_texts(
        self, items: Iterable[tuple[str, str, dt.date | None]]
    ) -> Iterator[list[Event]]: ...


def predicted_event(event: Event) -> PredictedEvent:
    """Reduce an `events` row to what scoring compares, with the actors' text from its spans."""
    from etl.coding.pool import UNRESOLVED_NAME_ENTRY

    text = event.sentence_text
    return PredictedEvent(
        source=event.source_code,
        target=event.target_code,
        code=event.cameo_code,
        source_text=text[event.source_start : event.source_end],
        target_text=text[event.target_start : event.target_end],
        source_named=event.source_entry == UNRESOLVED_NAME_ENTRY,
        target_named=event.target_entry == UNRESOLVED_NAME_ENTRY,
    )


def make_code_fn(coder: TextCoder) -> CodeFn:
    """Wrap the real coder as a `CodeFn`: the whole batch goes through one `code_texts` call,
    so spaCy can batch the parses."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        return [[predicted_event(e) for e in events] for events in coder.code_texts(items)]

    return code


def with_discards(code_fn: CodeFn, discards: PetrarchDiscards) -> CodeFn:
    """Reject (code nothing for) items whose text holds a PETRARCH discard phrase."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        keep = [i for i, (_id, text, _d) in enumerate(items) if discards.match_text(text) is None]
        coded = code_fn([items[i] for i in keep]) if keep else []
        out: list[list[PredictedEvent]] = [[] for _ in items]
        for i, events in zip(keep, coded, strict=True):
            out[i] = events
        return out

    return code


def petrarch_code_fn(nlp: Language, spec: DictionarySpec) -> CodeFn:
    """The project's coder on the dictionary set `spec` names (`etl.coding.dictionary_set`).

    With `spec.only` (replace mode, today's validation setting) a text holding a PETRARCH
    discard phrase is rejected as a whole, as PETRARCH rejects a story; layered, the discard
    phrases stop the sentences that hold them, as in `etl run`.
    """
    from etl.coding.dictionary_set import resolve_dictionaries
    from etl.coding.pool import build_coder

    if spec.only:
        code_fn = engine_code_fn(nlp, spec)
    else:
        code_fn = make_code_fn(build_coder(nlp, spec))
    user = resolve_dictionaries(spec).discards.user
    if spec.only and user is not None:
        code_fn = with_discards(code_fn, user)
    return code_fn


def engine_code_fn(nlp: Language, spec: DictionarySpec) -> CodeFn:
    """PETRARCH-2's semantics on the parse (`etl.coding.petrarch.engine`): replace mode."""
    from etl.coding.petrarch import load_petrarch
    from etl.coding.petrarch.engine import PetrarchEngine

    engine = PetrarchEngine(load_petrarch([Path(p) for p in spec.paths]))

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        out = []
        for doc, (_id, _text, day) in zip(nlp.pipe(t for _i, t, _d in items), items, strict=True):
            events = [e for sent in doc.sents for e in engine.code_sentence(sent, day)]
            out.append(
                [
                    PredictedEvent(
                        e.source, e.target, e.code, e.source_text, e.target_text, user_code=True
                    )
                    for e in events
                ]
            )
        return out

    return code


def with_options(code_fn: CodeFn, options: dict[str, CoderOptions]) -> CodeFn:
    """Keep, per item, the events its PETRARCH options keep (`require_dyad`, ...)."""

    def code(items: list[tuple[str, str, dt.date | None]]) -> list[list[PredictedEvent]]:
        out = []
        for (item_id, _t, _d), events in zip(items, code_fn(items), strict=True):
            o = options.get(item_id, CoderOptions())
            out.append(
                [
                    e
                    for e in events
                    if o.keeps(
                        (e.source, e.source_text, e.source_named),
                        (e.target, e.target_text, e.target_named),
                    )
                ]
            )
        return out

    return code


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


def gold_code_fn(
    items: Sequence[GoldItem], nlp: Language, spec: DictionarySpec | None = None
) -> CodeFn:
    """`_gold_code_fn`, with each record's PETRARCH options (`config`) applied to its events."""
    code_fn = _gold_code_fn(items, nlp, spec)
    if spec is not None and spec.only:  # replace mode: PETRARCH's defaults (require_dyad)
        options = {i.id: i.options.petrarch_defaults() for i in items}
    else:
        options = {i.id: i.options for i in items if i.options != CoderOptions()}
    return with_options(code_fn, options) if options else code_fn


def _gold_code_fn(
    items: Sequence[GoldItem], nlp: Language, spec: DictionarySpec | None = None
) -> CodeFn:
    """The CodeFn `etl evaluate` scores with.

    Without dictionaries: the project's coder with its own. With a user's set: that set
    layered on the project's (or, `spec.only`, in its place). In replace mode, when the gold
    records name their dictionary files (as `petrarch_dev.jsonl` does, two sets in one folder)
    and the one folder given holds them, each record is coded with its own set.
    """
    from etl.coding.pool import build_coder

    spec = spec or DictionarySpec()
    if spec.mode == "own":
        return make_code_fn(build_coder(nlp))
    named = {i.dictionaries for i in items if i.dictionaries}
    folder = Path(spec.paths[0])
    if spec.only and len(spec.paths) == 1 and folder.is_dir() and named:
        sets: dict[tuple[str, ...], list[Path]] = {}
        for names in named:
            paths = [folder / Path(n).name for n in names]
            kinds = [p for p in paths if dictionary_kind(p) is not DictionaryKind.OTHER]
            readable = [p for p in kinds if p.is_file()]
            if len(readable) < len(kinds):
                break  # the folder does not hold what the records name: use it as one set
            sets[names] = readable
        else:
            code_fns = {
                "|".join(k): petrarch_code_fn(nlp, replace(spec, paths=tuple(str(p) for p in v)))
                for k, v in sets.items()
            }
            if any(not i.dictionaries for i in items):
                code_fns[""] = petrarch_code_fn(nlp, spec)
            route = {i.id: "|".join(i.dictionaries) for i in items}
            return dispatch_code_fn(route, code_fns)
    return petrarch_code_fn(nlp, spec)
