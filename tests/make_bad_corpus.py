"""Generate the hostile input corpus of issue 7 into a folder (nothing binary is committed).

Run it by hand to look at the corpus (``python tests/make_bad_corpus.py /tmp/bad``), or import
`make_bad_corpus` in tests. Every file comes with its expected outcome (`Expected`), so a test
can check not only the accounting identity but that each case ends where it should.

Cases: empty and whitespace-only files, binary files (a PNG signature, random bytes), cp1252,
latin-1, cp1251, UTF-16 with and without a BOM, broken UTF-16, a huge single file (50 MB by
default), a very long line with a huge token, text without sentences (no letters), control and
invisible characters, malformed JSONL lines (truncated, too deep, huge integers), malformed CSV
rows (field counts, stray quotes), missing and null text, wrong types, dates that do not parse,
duplicate ids with different and with the same text, identical texts without ids, path-like ids,
an unreadable file and folder (chmod 000: as root they are readable, and the expectation
says so), symbolic links (loop, to a folder, dangling, leaving the corpus), a FIFO, hidden
files, unsupported extensions, and paths with odd characters (spaces, Unicode, a newline,
a backslash, bytes that are not UTF-8, a leading dash, deep nesting).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

#: True when permissions do not stop reads (root, as in CI containers).
PERMISSIONS_IGNORED = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class Expected:
    """What ingesting one file should give: articles and rejected rows by reason."""

    articles: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    notes: int = 0  # problems that keep the article (bad dates, dropped metadata)

    @property
    def records(self) -> int:
        return self.articles + sum(self.rejected.values())


@dataclass
class BadCorpus:
    """The generated corpus: its root, per-file expectations (keyed by `source`), hidden names."""

    root: Path
    expected: dict[str, Expected]
    skipped: list[str]

    @property
    def records(self) -> int:
        return sum(e.records for e in self.expected.values())

    @property
    def articles(self) -> int:
        return sum(e.articles for e in self.expected.values())

    def reasons(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for e in self.expected.values():
            total.update(e.rejected)
        return total


#: Short distinct texts with political content, so the pipeline has something to code.
_SENTENCES = [
    "Russia and Venezuela signed an energy agreement in Caracas on Monday.",
    "The Venezuelan foreign minister met his Russian counterpart in Moscow.",
    "Brazil criticised the United States over new sanctions on Venezuela.",
    "China offered economic aid to Venezuela, the ministry said.",
    "The United Nations urged both governments to resume talks.",
    "Colombian police arrested three suspects near the border.",
    "Germany expelled two Russian diplomats on Tuesday.",
    "Iran praised Venezuela for its support at the summit.",
    "Cuba accused the United States of interfering in the region.",
    "The European Union imposed travel bans on seven officials.",
    "Turkey hosted a meeting between the two delegations.",
    "Mexico called for dialogue between the government and the opposition.",
    "India signed a trade deal with Russia after long negotiations.",
    "The Peruvian president visited Chile to discuss migration.",
    "Argentina recalled its ambassador from Caracas.",
    "Japan pledged humanitarian assistance to the affected provinces.",
    "France condemned the attack on the embassy.",
    "Spain granted asylum to a former Venezuelan official.",
    "Canada froze the assets of several companies.",
    "Ecuador reopened its border crossing with Colombia.",
    "Bolivia welcomed the decision of the regional court.",
    "Nicaragua rejected the resolution of the Organization of American States.",
    "Syria thanked Russia for military assistance.",
    "Belarus and Russia held joint military exercises.",
    "Portugal offered to mediate between the parties.",
    "Italy sent medical supplies to Caracas.",
    "Chile denied the request for extradition.",
    "Panama suspended flights to Venezuela.",
    "Uruguay supported the call for new elections.",
    "Norway hosted talks between the government and the opposition.",
]


class _Texts:
    """Hands out distinct article texts (identical texts would be duplicates, on purpose only)."""

    def __init__(self) -> None:
        self._next = 0

    def __call__(self) -> str:
        sentence = _SENTENCES[self._next % len(_SENTENCES)]
        n = self._next // len(_SENTENCES)
        self._next += 1
        return sentence if n == 0 else f"{sentence} Report {n}."


def _write(root: Path, rel: str | bytes, data: bytes) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(rel))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _jsonl(items: list[object | str]) -> bytes:
    """A JSONL body: dicts/lists are dumped, strings are written as raw (possibly broken) lines."""
    lines = [item if isinstance(item, str) else json.dumps(item) for item in items]
    return ("\n".join(lines) + "\n").encode("utf-8")


def make_bad_corpus(dest: Path, *, huge_mb: int = 50) -> BadCorpus:
    """Write the hostile corpus into `dest` (created if needed) and return its expectations.

    Args:
        dest: folder to fill; should be empty.
        huge_mb: size of the single huge file; at or under the 64 MB file bound it is read and
            rejected as an over-long record, above it rejected unread; too_large either way.
    """
    dest.mkdir(parents=True, exist_ok=True)
    text = _Texts()
    exp: dict[str, Expected] = {}

    def article(rel: str, data: bytes, notes: int = 0) -> None:
        _write(dest, rel, data)
        exp[rel] = Expected(articles=1, notes=notes)

    def rejected(rel: str, data: bytes, reason: str) -> None:
        _write(dest, rel, data)
        exp[rel] = Expected(rejected=Counter({reason: 1}))

    # -- empty, binary, encodings ------------------------------------------------------
    rejected("empty.txt", b"", "empty")
    rejected("whitespace.txt", b"  \n\t\r\n   \n", "empty")
    rng = random.Random(7)
    rejected("image.txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2048), "binary")
    rejected("random.txt", bytes(rng.randrange(256) for _ in range(4096)) + b"\x00", "binary")
    article(
        "cp1252.txt",
        (
            "Venezuela\u2019s foreign minister said the \u201cstrategic alliance\u201d with Russia "
            "was strong \u2013 and that a \u20ac5 million loan was signed in Caf\u00e9 Moscow."
        ).encode("cp1252"),
    )
    article(
        "latin1.txt",
        (
            "El canciller venezolano dijo que las relaciones con Rusia est\u00e1n en buen estado. "
            "A\u00f1o de cooperaci\u00f3n, se\u00f1al\u00f3 el ministro."
        ).encode("latin-1"),
    )
    article(
        "cp1251.txt",
        "Россия и Венесуэла подписали соглашение о сотрудничестве в Каракасе.".encode("cp1251"),  # noqa: RUF001
    )
    article("utf16_bom.txt", text().encode("utf-16"))
    article("utf16le_no_bom.txt", text().encode("utf-16-le"))
    article("utf8_bom.txt", b"\xef\xbb\xbf" + text().encode("utf-8"))
    rejected("utf16_broken.txt", b"\xff\xfe" + b"a\x00b\x00c", "undecodable")

    # -- size and shape ---------------------------------------------------------------
    huge = dest / "huge.txt"
    block = ((_SENTENCES[0] + " ") * 1000).encode("utf-8")
    with open(huge, "wb") as fh:
        remaining = huge_mb * 1024 * 1024
        while remaining > 0:
            fh.write(block[:remaining])
            remaining -= len(block)
    exp["huge.txt"] = Expected(rejected=Counter({"too_large": 1}))
    calm = "The weather was calm and the market was quiet that week. "
    article("long_line.txt", (calm * 300 + "x" * 20_000 + " " + text()).encode("utf-8"))
    rejected("no_letters.txt", "---- 12345 !!! .... *** 2020-01-01 → ←\n".encode(), "no_sentences")
    article("no_full_stop.txt", b"just some words about Russia and Venezuela without a full stop")
    article(
        "control_chars.txt",
        ("Russia\x07 and\x1b[31m Venezuela\x0b agreed.\x0c " + text()).encode("utf-8"),
    )
    article(
        "invisible.txt",
        ("Rus\u200bsia \u202eand\u202c Vene\u0301zuela \ufeffmet. \U0001f600 " + text()).encode(),
    )
    article("old_mac_newlines.txt", (text() + "\r" + text() + "\r").encode("utf-8"))
    article("header_own_line.txt", f"date 2021-03-01\n\n{text()}\n".encode())
    article("header_inline.txt", f" date 2020-06-25 {text()}\n".encode())
    article("header_bad_date.txt", f"date 2021-13-45 {text()}\n".encode(), notes=1)

    # -- duplicates across files ----------------------------------------------------------
    same = text()
    article("dup/a.txt", same.encode())
    rejected("dup/b.txt", same.encode(), "duplicate_id")
    rejected(
        "dup/c_reflowed.txt", ("  " + same.replace(" ", "\n   ") + "\n").encode(), "duplicate_id"
    )

    # -- JSONL ----------------------------------------------------------------------------
    first = text()
    jsonl_items: list[object | str] = [
        {
            "id": "j1",
            "text": first,
            "published": "2020-06-25",
            "title": "T",
            "source": "TASS",
            "url": "https://example.org/a?b=1",
        },
        '{"id": "j2", "text": "unterminated',
        "",
        "[1, 2, 3]",
        {"id": "j3"},
        {"id": "j4", "text": None},
        {"id": "j5", "text": 42},
        {"id": ["x"], "text": text()},
        {"id": "j6", "text": text(), "published": "not a date"},
        {"id": "j7", "text": text(), "date": "2020-02-30"},
        {"id": "j1", "text": text()},
        {"id": "j1", "text": first},
        {"id": "../../../etc/passwd", "text": text()},
        {"id": "j8", "text": ""},
        '{"id": "j9", "text": "A lone surrogate \\ud800 in ' + text() + '"}',
        "[" * 100_000 + "]" * 100_000,
        {"id": "j10", "text": text(), "title": ["not", "a", "title"]},
        {"id": 123, "text": text()},
        '{"id": "j11", "text": "x", "n": ' + "1" * 5000 + "}",
        {"id": "j12", "text": "A NUL \u0000 inside " + text()},
        {"id": "j13", "text": text(), "published": 20200625},
        {"ID": "j14", "Text": text(), "Date": "25 June 2020"},
        {"id": "j15", "text": "\u2028".join([text(), text()])},
        {"id": "x" * 1000, "text": text()},
        {"id": "j16", "text": text(), "published": "0001-01-01"},
    ]
    _write(dest, "records.jsonl", _jsonl(jsonl_items))
    exp["records.jsonl"] = Expected(
        articles=12,  # j1 j6 j7 passwd j9 j10 123 j13 j14 j15 x*1000 j16
        rejected=Counter(
            {
                "malformed": 3,
                "wrong_type": 3,
                "missing_text": 2,
                "duplicate_id": 2,
                "empty": 1,
                "binary": 1,
            }
        ),
        notes=8,  # dates of j6 j7 j13 j16, ids of passwd and x*1000, j9 surrogate, j10 title
    )
    rejected("only_blank_lines.jsonl", b"\n\n   \n", "empty")
    cp1252_jsonl = json.dumps({"id": "legacy1", "text": "placeholder"}, ensure_ascii=False)
    cp1252_jsonl = cp1252_jsonl.replace("placeholder", "Caf\u00e9 \u201cTASS\u201d: " + text())
    article("legacy.jsonl", cp1252_jsonl.encode("cp1252") + b"\n")

    # -- CSV ------------------------------------------------------------------------------
    csv_first = text()
    csv_body = (
        "\n".join(
            [
                "id,title,text,published,source,url",
                f'c1,Title,"{csv_first}",2020-06-25,TASS,https://example.org/1',
                "c2,Title,too,many,fields,here,extra",
                "c3,Title,too few",
                f'c4,Title,"bad"quote {text()},2020-01-01,X,Y',
                "c5,Title,,2020-01-01,X,Y",
                f'c6,Title,"{text()}",yesterday-ish,X,Y',
                f'c1,Title,"{text()}",2020-01-01,X,Y',
                f'c7,Title,"{text()}\nsecond line, with a comma\n\nand a paragraph",2020-01-02,X,Y',
                "",
                f'c8,"Title, with comma","{text()} She said ""yes"".",June 25 2020,X,Y',
            ]
        )
        + "\n"
    )
    _write(dest, "rows.csv", csv_body.encode("utf-8"))
    exp["rows.csv"] = Expected(
        articles=4,  # c1 c6 c7 c8
        rejected=Counter({"malformed": 3, "empty": 1, "duplicate_id": 1}),
        notes=1,
    )
    _write(dest, "no_text_column.csv", f"id,body\nn1,{text()}\nn2,{text()}\n".encode())
    exp["no_text_column.csv"] = Expected(rejected=Counter({"missing_text": 2}))
    rejected("header_only.csv", b"id,text,published\n", "empty")
    article("bom.csv", b"\xef\xbb\xbfText,ID\n" + f'"{text()}",b1\n'.encode())

    # -- Parquet --------------------------------------------------------------------------
    good = pa.table(
        {
            "id": pa.array([1, 2, 3, 4], pa.int64()),
            "text": pa.array([text(), None, text(), "   "], pa.string()),
            "published": pa.array(
                [dt.date(2020, 6, 25), None, dt.date(2019, 9, 23), None], pa.date32()
            ),
            "title": pa.array(["A", None, "C", None], pa.string()),
        }
    )
    pq.write_table(good, dest / "table.parquet")
    exp["table.parquet"] = Expected(articles=2, rejected=Counter({"missing_text": 1, "empty": 1}))
    pq.write_table(pa.table({"text": pa.array([1, 2], pa.int64())}), dest / "int_text.parquet")
    exp["int_text.parquet"] = Expected(rejected=Counter({"wrong_type": 2}))
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), dest / "no_rows.parquet")
    exp["no_rows.parquet"] = Expected(rejected=Counter({"empty": 1}))
    rejected("fake.parquet", b"this is not parquet at all, only text pretending", "malformed")
    pq.write_table(pa.table({"text": [text()]}), dest / "TABLE_UPPER.PARQUET")
    exp["TABLE_UPPER.PARQUET"] = Expected(articles=1)

    # -- unsupported, hidden, special files -----------------------------------------------
    rejected("notes.md", b"# not an input format\n", "unsupported")
    rejected("DATASET_README.TXT", b"Documentation of the corpus, not news.\n", "unsupported")
    rejected("archive.jsonl.gz", b"\x1f\x8b\x08\x00", "unsupported")
    _write(dest, ".DS_Store", b"\x00\x00\x00\x01Bud1")
    _write(dest, ".hidden/inside.txt", text().encode())
    skipped = [".DS_Store", ".hidden"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(dest / "pipe.txt")
        exp["pipe.txt"] = Expected(rejected=Counter({"unsupported": 1}))

    # -- permissions ----------------------------------------------------------------------
    locked = _write(dest, "locked.txt", text().encode())
    locked.chmod(0)
    locked_dir = dest / "locked_dir"
    _write(dest, "locked_dir/inside.txt", text().encode())
    locked_dir.chmod(0)
    if PERMISSIONS_IGNORED:
        exp["locked.txt"] = Expected(articles=1)
        exp["locked_dir/inside.txt"] = Expected(articles=1)
    else:
        exp["locked.txt"] = Expected(rejected=Counter({"unreadable": 1}))
        exp["locked_dir"] = Expected(rejected=Counter({"unreadable": 1}))

    # -- symbolic links -------------------------------------------------------------------
    os.symlink("self_loop.txt", dest / "self_loop.txt")
    exp["self_loop.txt"] = Expected(rejected=Counter({"unsafe_path": 1}))
    (dest / "sub").mkdir(exist_ok=True)
    os.symlink("..", dest / "sub" / "parent_loop")
    exp["sub/parent_loop"] = Expected(rejected=Counter({"unsafe_path": 1}))
    os.symlink("missing_target.txt", dest / "dangling.txt")
    exp["dangling.txt"] = Expected(rejected=Counter({"unreadable": 1}))
    os.symlink(Path(__file__).resolve(), dest / "outside.txt")
    exp["outside.txt"] = Expected(rejected=Counter({"unsafe_path": 1}))
    os.symlink("cp1252.txt", dest / "inside_link.txt")
    exp["inside_link.txt"] = Expected(rejected=Counter({"unsafe_path": 1}))

    # -- odd paths: key is the `source` string ingestion shows for the raw name -------------
    odd: list[tuple[bytes, str]] = [
        (
            "odd names/ünïcödé — “quotes” & spaces.txt".encode(),
            "odd names/ünïcödé — “quotes” & spaces.txt",
        ),
        (b"odd names/new\nline.txt", "odd names/new\\x0aline.txt"),
        (b"odd names/back\\slash.txt", "odd names/back\\\\slash.txt"),
        (b"odd names/not-utf8-\xff\xfe.txt", "odd names/not-utf8-\\xff\\xfe.txt"),
        (b"odd names/-leading-dash.txt", "odd names/-leading-dash.txt"),
        (
            b"odd names/semi;colon $(echo hi) `x` 'q'.txt",
            "odd names/semi;colon $(echo hi) `x` 'q'.txt",
        ),
        (
            b"odd names/" + b"/".join([b"deep"] * 30) + b"/file.txt",
            "odd names/" + "/".join(["deep"] * 30) + "/file.txt",
        ),
        (b"odd names/" + "長".encode() * 80 + b".txt", "odd names/" + "長" * 80 + ".txt"),
    ]
    for raw, shown in odd:
        _write(dest, raw, text().encode())
        exp[shown] = Expected(articles=1)
    return BadCorpus(root=dest, expected=exp, skipped=skipped)


def restore_permissions(root: Path) -> None:
    """Undo the chmod 000 of the corpus so that it can be deleted by a non-root user."""
    for rel in ("locked_dir", "locked.txt"):
        path = root / rel
        if path.exists() and not path.is_symlink():
            path.chmod(stat.S_IRWXU)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write the corpus into (should be empty)")
    parser.add_argument("--huge-mb", type=int, default=50, help="size of the huge file in MB")
    args = parser.parse_args()
    corpus = make_bad_corpus(args.dest, huge_mb=args.huge_mb)
    print(  # noqa: T201 - a command-line script
        f"wrote {len(corpus.expected)} files ({corpus.records} records, {corpus.articles} "
        f"articles expected) into {args.dest}"
    )


if __name__ == "__main__":
    main()
