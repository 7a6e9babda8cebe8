"""`etl diff OLD NEW`: what a dictionary or coder change did to the dataset.

Events are matched in two passes:

1. by ``event_id`` (a hash of sentence, actors, code and rule): same id in both warehouses is
   the same event; it is *changed* if a compared field differs (date, names, classes...);
2. the events left over are matched by their **content key**, the place in the text they were
   coded from: (article, sentence text, trigger offsets). A leftover old and new event with the
   same content key are one event coded differently (``VEN`` became ``VENGOV``, ``042``
   became ``043``): reported as *changed*, with the fields that moved. Within one content key,
   pairs are chosen greedily by fewest differing fields, in a fixed order.

What is still unmatched is *removed* (only in OLD) or *added* (only in NEW). The one-a-day
table is compared on its key too, since that is what a researcher's panel counts.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import Errors, EtlError
from etl.warehouse import connect_read_only

#: Event fields compared between two codings of one event (ids and provenance text excluded;
#: coder_version is excluded so a version bump alone is not a change).
COMPARED_FIELDS: tuple[str, ...] = (
    "event_date", "date_precision", "source_code", "source_name", "source_country",
    "source_role", "target_code", "target_name", "target_country", "target_role",
    "cameo_code", "quad_class", "penta_class", "goldstein", "plover_event", "is_root_event",
    "rule_id",
)  # fmt: skip

#: Columns shown for an added or removed event.
SUMMARY_FIELDS: tuple[str, ...] = (
    "event_id", "event_date", "source_code", "cameo_code", "target_code", "rule_id",
    "rule_at", "sentence_id", "trigger",
)  # fmt: skip

_DAILY_KEY = ("event_date", "date_precision", "source_code", "target_code", "cameo_code")

DAILY_FIELDS: tuple[str, ...] = (
    "num_events", "num_mentions", "num_articles", "num_stories", "num_sources",
)  # fmt: skip


@dataclass(frozen=True)
class EventChange:
    """One event coded differently in the two warehouses."""

    old_event_id: str
    new_event_id: str
    matched_by: str  # 'event_id' or 'content_key'
    sentence_id: str
    changes: dict[str, tuple[object, object]]


@dataclass(frozen=True)
class DiffResult:
    """Everything `etl diff` reports; lists are sorted for stable output."""

    old_events: int
    new_events: int
    unchanged: int
    added: list[dict[str, object]] = field(default_factory=list)
    removed: list[dict[str, object]] = field(default_factory=list)
    changed: list[EventChange] = field(default_factory=list)
    daily_added: list[dict[str, object]] = field(default_factory=list)
    daily_removed: list[dict[str, object]] = field(default_factory=list)
    daily_changed: list[dict[str, object]] = field(default_factory=list)
    old_run: dict[str, object] | None = None
    new_run: dict[str, object] | None = None

    @property
    def identical(self) -> bool:
        return not (
            self.added or self.removed or self.changed
            or self.daily_added or self.daily_removed or self.daily_changed
        )  # fmt: skip


def content_key(event: dict[str, object]) -> tuple[object, ...]:
    """Where in the text an event was coded from: article, sentence text, trigger span."""
    return (event["article_id"], event["sentence_text"], event["verb_start"], event["verb_end"])


def _changes(old: dict[str, object], new: dict[str, object]) -> dict[str, tuple[object, object]]:
    return {f: (old[f], new[f]) for f in COMPARED_FIELDS if old.get(f) != new.get(f)}


def _pair_order(pair: tuple[dict[str, object], dict[str, object]]) -> tuple[int, str, str]:
    return (len(_changes(*pair)), str(pair[0]["event_id"]), str(pair[1]["event_id"]))


def _summary(event: dict[str, object]) -> dict[str, object]:
    return {f: event.get(f) for f in SUMMARY_FIELDS}


def _rows(root: Path, table: str) -> list[dict[str, object]] | None:
    with contextlib.closing(connect_read_only(root)) as con:
        exists = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()
        if not exists or not exists[0]:
            return None
        cursor = con.execute(f"SELECT * FROM {table}")  # sql-ok: own table names
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _current_run(root: Path) -> dict[str, object] | None:
    runs = _rows(root, "runs") or []
    current = [r for r in runs if r.get("is_current")]
    if not current:
        return None
    run = current[-1]
    out = {
        k: run[k]
        for k in ("run_id", "fingerprint", "started_at", "coder_version", "dictionary_version")
    }
    # A user's PETRARCH/Phoenix files (--dictionaries); absent in warehouses built before them.
    out["dictionary_files"] = list(run.get("dictionary_files") or [])
    return out


def diff_events(
    old: list[dict[str, object]], new: list[dict[str, object]]
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[EventChange], int]:
    """(added, removed, changed, unchanged) between two lists of event rows."""
    old_by_id = {e["event_id"]: e for e in old}
    new_by_id = {e["event_id"]: e for e in new}
    changed: list[EventChange] = []
    unchanged = 0
    for event_id in sorted(old_by_id.keys() & new_by_id.keys()):  # type: ignore[type-var]
        delta = _changes(old_by_id[event_id], new_by_id[event_id])
        if delta:
            changed.append(
                EventChange(
                    old_event_id=str(event_id),
                    new_event_id=str(event_id),
                    matched_by="event_id",
                    sentence_id=str(new_by_id[event_id]["sentence_id"]),
                    changes=delta,
                )
            )
        else:
            unchanged += 1

    left_old: dict[tuple, list[dict]] = defaultdict(list)
    left_new: dict[tuple, list[dict]] = defaultdict(list)
    for e in old:
        if e["event_id"] not in new_by_id:
            left_old[content_key(e)].append(e)
    for e in new:
        if e["event_id"] not in old_by_id:
            left_new[content_key(e)].append(e)

    removed: list[dict[str, object]] = []
    added: list[dict[str, object]] = []
    for key in sorted(left_old.keys() | left_new.keys(), key=repr):
        olds = sorted(left_old.get(key, []), key=lambda e: str(e["event_id"]))
        news = sorted(left_new.get(key, []), key=lambda e: str(e["event_id"]))
        while olds and news:
            o, n = min(((o, n) for o in olds for n in news), key=_pair_order)
            olds.remove(o)
            news.remove(n)
            changed.append(
                EventChange(
                    old_event_id=str(o["event_id"]),
                    new_event_id=str(n["event_id"]),
                    matched_by="content_key",
                    sentence_id=str(n["sentence_id"]),
                    changes=_changes(o, n),
                )
            )
        removed.extend(_summary(e) for e in olds)
        added.extend(_summary(e) for e in news)
    changed.sort(key=lambda c: (c.sentence_id, c.old_event_id))
    return added, removed, changed, unchanged


def _daily_key(row: dict[str, object]) -> tuple[object, ...]:
    return tuple(row[k] for k in _DAILY_KEY)


def _daily_view(row: dict[str, object]) -> dict[str, object]:
    return {k: row[k] for k in (*_DAILY_KEY, *DAILY_FIELDS)}


def diff_daily(
    old: list[dict[str, object]], new: list[dict[str, object]]
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """(added, removed, changed counts) between two events_daily tables, by one-a-day key."""
    old_by = {_daily_key(r): r for r in old}
    new_by = {_daily_key(r): r for r in new}
    order = sorted(old_by.keys() | new_by.keys(), key=repr)
    added = [_daily_view(new_by[k]) for k in order if k not in old_by]
    removed = [_daily_view(old_by[k]) for k in order if k not in new_by]
    changed = []
    for k in order:
        if k in old_by and k in new_by:
            o, n = old_by[k], new_by[k]
            delta = {f: (o[f], n[f]) for f in DAILY_FIELDS if o[f] != n[f]}
            if delta:
                view = _daily_view(new_by[k])
                changed.append({**{n: view[n] for n in _DAILY_KEY}, "changes": delta})
    return added, removed, changed


def diff_warehouses(old: Path, new: Path) -> DiffResult:
    """Compare the published snapshots (`events.duckdb`) of two warehouse folders.

    Raises:
        EtlError: a folder has no warehouse (E004) or no events table (E053).
    """
    old_events = _rows(old, "events")
    if old_events is None:
        raise EtlError(Errors.E053.format(path=old))
    new_events = _rows(new, "events")
    if new_events is None:
        raise EtlError(Errors.E053.format(path=new))
    added, removed, changed, unchanged = diff_events(old_events, new_events)
    daily = ([], [], [])
    old_daily, new_daily = _rows(old, "events_daily"), _rows(new, "events_daily")
    if old_daily is not None and new_daily is not None:
        daily = diff_daily(old_daily, new_daily)
    return DiffResult(
        old_events=len(old_events),
        new_events=len(new_events),
        unchanged=unchanged,
        added=added,
        removed=removed,
        changed=changed,
        daily_added=daily[0],
        daily_removed=daily[1],
        daily_changed=daily[2],
        old_run=_current_run(old),
        new_run=_current_run(new),
    )
