"""The resolved dictionary set (`CodingDictionaries`) as a cache file of plain data.

Why not pickle: a cache folder sits in a warehouse others share, and unpickling a file runs
whatever the file names. This format is JSON: it can only ever build the record classes listed
in `_classes()` below, from field values that are strings, numbers, lists and maps, and a
regex is recompiled from its text. A file naming any other class, a field the class does not
have, or a different `FORMAT` is refused (`CacheFileError`) and the caller rebuilds the set.

The objects are rebuilt as pickle rebuilt them (`object.__new__`, then the fields set; no
`__init__` or `__post_init__` runs), so the set read back is the set written, field for field.
An object met twice while writing (a `LexEntry` in `entries` and in `verbs`) is written once and
referred to by number, so the file stays small and the objects stay shared after reading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import gzip
import json
import re
import zlib
from pathlib import Path
from typing import Any

#: Bump when the shape of the file changes; a file of another format is rebuilt, not read.
FORMAT = "etl-dictionaries/1"


class CacheFileError(ValueError):
    """A cache file that is not this format's, or names what it may not build."""


@functools.cache
def _classes() -> dict[str, type]:
    """The only classes a cache file may build, by the name written for them."""
    from etl.coding import dictionary_set as ds
    from etl.coding.actors import dictionary as actor_dictionary
    from etl.coding.actors import entries
    from etl.coding.events import DiscardList
    from etl.coding.lexicon import EventLexicon, LexEntry, NounPattern, WrapperClass

    classes = [
        ds.CodingDictionaries,
        ds.LayeredDiscards,
        ds.PetrarchDiscards,
        ds.DictionaryFile,
        actor_dictionary.ActorDictionary,
        actor_dictionary._CodeChecker,
        entries.CountryEntry,
        entries.RegionEntry,
        entries.OrgEntry,
        entries.RoleEntry,
        entries.PersonTerm,
        entries.PersonEntry,
        entries.Rules,
        entries.Surface,
        DiscardList,
        EventLexicon,
        LexEntry,
        NounPattern,
        WrapperClass,
    ]
    return {c.__qualname__: c for c in classes}


def _fields(obj: object) -> dict[str, Any]:
    return vars(obj)  # every field, as pickle kept them (`init=False` ones too)


class _Writer:
    """Every map in the file is a tagged value (`{"t": [...]}` a tuple, `{"o": ...}` an
    object, ...); a dictionary's own keys and an object's fields are flat lists `[k, v, ...]`,
    so no key of the data is ever taken for a tag."""

    def __init__(self) -> None:
        self.classes = {c: n for n, c in _classes().items()}
        self.seen: dict[int, int] = {}
        self.keep: list[object] = []  # holds what `seen` numbers, so no id is reused

    def value(self, v: Any) -> Any:
        kind = type(v)
        if v is None or kind in (str, int, bool, float):
            return v
        if kind is tuple:
            return {"t": [self.value(x) for x in v]}
        if kind is list:
            return [self.value(x) for x in v]
        if kind is dict:
            flat: list[Any] = []
            for k, x in v.items():
                flat.append(self.value(k))
                flat.append(self.value(x))
            return {"d": flat}
        if kind is frozenset or kind is set:
            tag = "fs" if kind is frozenset else "s"
            return {tag: sorted((self.value(x) for x in v), key=repr)}
        if kind is dt.date:
            return {"date": v.isoformat()}
        if isinstance(v, re.Pattern):
            return {"re": v.pattern, "flags": int(v.flags)}
        name = self.classes.get(kind)
        if name is None:
            raise TypeError(f"the dictionary cache cannot write a {kind.__qualname__}")
        number = self.seen.get(id(v))
        if number is not None:
            return {"ref": number}
        fields: list[Any] = []
        for k, x in _fields(v).items():
            fields.append(k)
            fields.append(self.value(x))
        # Numbered when done: a reader builds it when its map closes, after its fields.
        number = self.seen[id(v)] = len(self.seen)
        self.keep.append(v)
        return {"o": name, "n": number, "f": fields}


class _Reader:
    """Builds each tagged value as the JSON decoder closes its map (`object_hook`)."""

    def __init__(self) -> None:
        self.classes = _classes()
        self.names = {
            n: frozenset(f.name for f in dataclasses.fields(c))
            for n, c in self.classes.items()
            if dataclasses.is_dataclass(c)
        }
        self.made: dict[int, object] = {}

    def hook(self, v: dict[str, Any]) -> Any:
        if "t" in v:
            return tuple(v["t"])
        if "o" in v:
            return self.instance(v["o"], v["n"], v["f"])
        if "d" in v:
            flat = v["d"]
            return dict(zip(flat[::2], flat[1::2], strict=True))
        if "ref" in v:
            try:
                return self.made[v["ref"]]
            except KeyError:
                raise CacheFileError(f"reference {v['ref']!r} to nothing read before") from None
        if "fs" in v:
            return frozenset(v["fs"])
        if "s" in v:
            return set(v["s"])
        if "date" in v:
            return dt.date.fromisoformat(v["date"])
        if "re" in v:
            return re.compile(v["re"], v["flags"])
        raise CacheFileError(f"unknown value {sorted(v)!r}")

    def instance(self, name: str, number: int, flat: list[Any]) -> object:
        cls = self.classes.get(name)
        if cls is None:
            raise CacheFileError(f"class {name!r} is not one a cache file may build")
        keys = flat[::2]
        if any(type(k) is not str for k in keys):
            raise CacheFileError(f"{name}: a field name is not a string")
        expected = self.names.get(name)
        if expected is not None and set(keys) != expected:
            raise CacheFileError(f"{name} fields {sorted(keys)} are not {sorted(expected)}")
        obj = object.__new__(cls)
        obj.__dict__.update(zip(keys, flat[1::2], strict=True))
        self.made[number] = obj
        return obj


def write_cache(resolved: object, path: Path) -> None:
    """Write `resolved` (a `CodingDictionaries`) to `path` (gzip-compressed JSON)."""
    head = json.dumps({"format": FORMAT})
    collecting = gc.isenabled()
    gc.disable()  # as in `read_cache`: many new objects, no cycles
    try:
        body = json.dumps(_Writer().value(resolved), ensure_ascii=False, separators=(",", ":"))
    finally:
        if collecting:
            gc.enable()
    path.write_bytes(gzip.compress((head + "\n" + body).encode("utf-8"), compresslevel=1))


def read_cache(path: Path) -> Any:
    """The set written to `path`; `CacheFileError` (or `OSError`) when it cannot be read."""
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read()
        head = json.loads(data[: data.index(b"\n")])
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            raise CacheFileError(f"{path}: not a {FORMAT} file")
        # The set is ~400,000 objects and holds no cycles: the collector's passes while they
        # are built would only cost time (a third of the load), as pickle avoids them too.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return json.loads(data[data.index(b"\n") + 1 :], object_hook=_Reader().hook)
        finally:
            if collecting:
                gc.enable()
    except CacheFileError:
        raise
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise CacheFileError(f"{path}: {err}") from None
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError, re.error) as err:
        # ValueError: a JSON or UTF-8 error, a map of the wrong length, a bad date
        raise CacheFileError(f"{path}: {err!r}") from None
