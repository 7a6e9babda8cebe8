"""The files of an input folder, listed and read without trusting the folder.

A corpus folder may hold hidden entries, documentation, symbolic links that leave it or loop,
FIFOs that would block, unreadable files and files too large to load. The walk decides, before
any byte is decoded, what is read: hidden entries are skipped and listed, and every other entry
that cannot be read comes back as a problem (a `RejectReason` and a message) that `ingest`
turns into a rejected record, so the accounting identity covers the folder itself.
`list_inputs` is the same walk with sizes and times, which `batches` groups into batches.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from etl.articles.decoding import display_path
from etl.errors import Errors, EtlError
from etl.records import RejectReason

#: Documentation that travels with data sets (README.txt, BBC_DATASET_README.TXT,
#: LICENSE): in a folder it is rejected as unsupported rather than coded as an article.
_DOC_NAME = re.compile(r"(?:^|[_\-\s])(?:readme|licen[cs]e|copying)$", re.IGNORECASE)
_DOC_PROBLEM = (
    RejectReason.UNSUPPORTED,
    "documentation (README, LICENSE), not an article; rename the file if it is one",
)


@dataclass(frozen=True)
class InputEntry:
    """One entry of the input: a file to read, or why it is not read."""

    key: bytes  # relative path as bytes: the sort key
    path: Path | None  # what to read; None when `problem` is set
    problem: tuple[RejectReason, str] | None = None

    @property
    def rel(self) -> str:
        return display_path(self.key)


def _symlink_entry(path: str, key: bytes) -> InputEntry:
    try:
        target = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputEntry(
                key, None, (RejectReason.UNSAFE_PATH, "symbolic link loop; remove the link")
            )
        return InputEntry(
            key, None, (RejectReason.UNREADABLE, "broken symbolic link (its target is missing)")
        )
    kind = "folder" if stat.S_ISDIR(target.st_mode) else "file"
    return InputEntry(
        key,
        None,
        (
            RejectReason.UNSAFE_PATH,
            f"symbolic link to a {kind}, not followed (links may leave the input folder or loop); "
            "copy the target into the folder or pass it as --input",
        ),
    )


def _walk(root: Path) -> tuple[list[InputEntry], list[str]]:
    """All non-hidden entries under `root` that are files or problems, sorted by path bytes."""
    entries: list[InputEntry] = []
    skipped: list[bytes] = []
    stack: list[tuple[Path, bytes]] = [(root, b"")]
    while stack:
        folder, key = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError as exc:
            entries.append(
                InputEntry(
                    key or b".",
                    None,
                    (
                        RejectReason.UNREADABLE,
                        f"cannot list folder: {exc.strerror}; check its permissions",
                    ),
                )
            )
            continue
        for item in items:
            name = os.fsencode(item.name)
            child = key + b"/" + name if key else name
            if name.startswith(b"."):
                skipped.append(child)
                continue
            try:
                if item.is_symlink():
                    entries.append(_symlink_entry(item.path, child))
                elif item.is_dir(follow_symlinks=False):
                    stack.append((Path(item.path), child))
                elif _DOC_NAME.search(os.path.splitext(item.name)[0]):
                    entries.append(InputEntry(child, None, _DOC_PROBLEM))
                else:
                    entries.append(InputEntry(child, Path(item.path)))
            except OSError as exc:
                entries.append(
                    InputEntry(child, None, (RejectReason.UNREADABLE, str(exc.strerror)))
                )
    entries.sort(key=lambda e: e.key)
    return entries, [display_path(k) for k in sorted(skipped)]


def _hash_stream(fd: int) -> str:
    digest = hashlib.sha256()
    while chunk := os.read(fd, 1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def read_bounded(
    path: Path, max_bytes: int
) -> tuple[bytes | None, str, tuple[RejectReason, str] | None]:
    """Read a regular file of at most `max_bytes`; (data, sha256, problem)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return (
                None,
                "",
                (RejectReason.UNSAFE_PATH, "became a symbolic link while reading; not followed"),
            )
        return (
            None,
            "",
            (RejectReason.UNREADABLE, f"cannot open: {exc.strerror}; check its permissions"),
        )
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            # FIFOs and devices would block or never end.
            return (
                None,
                "",
                (RejectReason.UNSUPPORTED, "not a regular file (FIFO, socket or device)"),
            )
        if info.st_size > max_bytes:
            return (
                None,
                _hash_stream(fd),
                (
                    RejectReason.TOO_LARGE,
                    f"{info.st_size} bytes, over the {max_bytes}-byte limit; split the file",
                ),
            )
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes and (chunk := os.read(fd, min(1 << 20, max_bytes + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
        if size > max_bytes:  # it grew while we read
            return (
                None,
                "",
                (RejectReason.TOO_LARGE, f"over the {max_bytes}-byte limit; split the file"),
            )
        return data, hashlib.sha256(data).hexdigest(), None
    except OSError as exc:
        return None, "", (RejectReason.UNREADABLE, f"read failed: {exc.strerror}")
    finally:
        os.close(fd)


@dataclass(frozen=True)
class InputFile:
    """One entry `read_inputs` would read, with what tells a rewritten file from the old one."""

    path: str  # relative to the input root (POSIX), as in `SourceFile.path`
    size: int  # 0 for an entry that is a problem (unreadable folder, symbolic link, ...)
    mtime_ns: int


def input_entries(path: Path) -> tuple[list[InputEntry], list[str]]:
    """The entries of a folder (or the one file) in reading order, and the hidden ones skipped."""
    if not path.exists():
        raise EtlError(Errors.E001.format(path=path))
    root = path.resolve()
    if root.is_dir():
        return _walk(root)
    return [InputEntry(os.fsencode(root.name), root)], []


def list_inputs(path: Path) -> list[InputFile]:
    """The entries of an input folder (or the one input file), in the order they are read.

    Batching (`etl.articles.batches`) groups these; listing costs one `stat` per file.
    """
    out: list[InputFile] = []
    for entry in input_entries(path)[0]:
        try:
            st = entry.path.stat() if entry.path is not None else None
        except OSError:
            st = None  # vanished or unreadable: reading it will say why
        out.append(InputFile(entry.rel, st.st_size if st else 0, st.st_mtime_ns if st else 0))
    return out
