"""Untrusted bytes made into text: a file's encoding, and names and excerpts shown safely.

Input files come in any encoding and file names in any bytes, and both end up in Parquet, which
stores UTF-8 only, and in messages a user reads. Decoding is the one step of ingest that has to
guess (`decode_bytes` documents its order of checks), so it stands apart from the rules about
records in `ingest`. The escapes make whatever was read printable and unambiguous: distinct
file names stay distinct, and an excerpt of binary data stays short.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

from etl.records import RejectReason

#: Characters of the offending record kept in `Rejected.excerpt`.
EXCERPT_CHARS = 160

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Signatures of binary formats sometimes saved with a text extension. Only signatures no
#: text begins with; others (GIF89a, PAR1) are caught by their NUL and control bytes.
_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"\xfd7zXZ",
    b"7z\xbc\xaf\x27\x1c",
    b"\xd0\xcf\x11\xe0",
)

#: Tie-break among charset-normalizer's near-equal guesses. Single-byte code pages are often
#: indistinguishable statistically (it proposes cp775 or cp1250 for French cp1252 text); the
#: encodings most used for news come first, windows-1252 before all as in the WHATWG
#: Encoding Standard, which decodes 'latin-1' labels as windows-1252.
_PREFERRED: tuple[str, ...] = (
    "cp1252",
    "cp1250",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1256",
    "cp1255",
    "cp1257",
    "cp1258",
    "gb18030",
    "big5",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "iso8859_15",
    "latin_1",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
)
#: Guesses whose chaos is within this of the least chaotic guess count as ties.
_CHAOS_BAND = 0.05

_BINARY_SAMPLE = 64 * 1024
#: C0 control bytes that do not occur in text (tab, newlines, form feed and ESC do).
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 11, 12, 13, 27} | {127}
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True)
class Decoded:
    """Result of `decode_bytes`: the text and its codec, or why there is none."""

    text: str | None
    encoding: str
    reason: RejectReason | None = None
    message: str = ""


# --------------------------------------------------------------------------- decoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls > 0.1 * max(len(sample), 1)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 of mostly Latin text without a BOM: every other byte is NUL."""
    sample = data[: _BINARY_SAMPLE - _BINARY_SAMPLE % 2]
    if len(data) % 2 or len(sample) < 4:
        return None
    half = len(sample) // 2
    nul_even = sample[0::2].count(0)
    nul_odd = sample[1::2].count(0)
    if nul_odd >= 0.4 * half and nul_even <= 0.05 * half:
        codec = "utf-16-le"
    elif nul_even >= 0.4 * half and nul_odd <= 0.05 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        return Decoded(data.decode(codec), codec)
    except UnicodeDecodeError:
        return None


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name


def _guess_legacy(data: bytes) -> Decoded:
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        return Decoded(
            None,
            "",
            RejectReason.UNDECODABLE,
            "not UTF-8 and no known encoding decodes it; save the file as UTF-8",
        )
    least = min(m.chaos for m in results)
    band = [m for m in results if m.chaos <= least + _CHAOS_BAND]

    def candidates(match: charset_normalizer.CharsetMatch) -> list[str]:
        names = [match.encoding, *match.could_be_from_charset]
        return sorted(
            dict.fromkeys(names),
            key=lambda n: _PREFERRED.index(n) if n in _PREFERRED else len(_PREFERRED),
        )

    def rank(match: charset_normalizer.CharsetMatch) -> tuple[int, float, str]:
        best = candidates(match)[0]
        pref = _PREFERRED.index(best) if best in _PREFERRED else len(_PREFERRED)
        return pref, match.chaos, match.encoding

    for match in sorted(band, key=rank):
        for name in candidates(match):
            try:
                return Decoded(data.decode(name), _codec_name(name))
            except (UnicodeDecodeError, LookupError):
                continue
    return Decoded(
        None,
        "",
        RejectReason.UNDECODABLE,
        "not UTF-8 and the guessed encodings fail on the whole file; save it as UTF-8",
    )


def decode_bytes(data: bytes, *, allow_controls: bool = False) -> Decoded:
    """Decode file bytes to text, recording the codec used.

    Order: a byte-order mark (UTF-8/16/32) decides; known binary signatures (PDF, PNG, ZIP,
    gzip, Parquet, ...) are binary; strict UTF-8 wins next unless the bytes look binary (NUL
    bytes, or over 10% control bytes); UTF-16 without a BOM is recognised when every other
    byte is NUL; otherwise charset-normalizer guesses, and among its near-equal guesses the
    encodings in `_PREFERRED` win in that order (single-byte code pages are statistically
    alike, so this tie-break is a documented assumption, visible in the `encoding` column).

    Args:
        data: the raw bytes.
        allow_controls: accept valid UTF-8 that contains control bytes (JSONL and CSV, where
            the record parser rejects the bad record instead of the whole file).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), _codec_name(codec))
            except UnicodeDecodeError as exc:
                return Decoded(
                    None,
                    _codec_name(codec),
                    RejectReason.UNDECODABLE,
                    f"starts with a {codec} byte-order mark but is not valid {codec} "
                    f"({exc.reason})",
                )
    if any(data.startswith(m) for m in _MAGIC):
        return Decoded(
            None, "", RejectReason.BINARY, "a binary file format (by its signature), not text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    binary = _looks_binary(data)
    if text is not None and (allow_controls or not binary):
        return Decoded(text, "utf-8")
    if binary:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        return Decoded(
            None, "", RejectReason.BINARY, "binary data (NUL or control bytes), not text"
        )
    return _guess_legacy(data)


# --------------------------------------------------------------------------- showing text safely


def _escape_char(ch: str) -> str:
    if ch.isprintable():
        return ch
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    return _code_escape(ord(ch))


def _code_escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape_excerpt(value: str, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of `value`, unprintable ones escaped, then "…" if cut.

    The bound is on the escaped result, so an excerpt of binary data stays short too.
    """
    out: list[str] = []
    size = 0
    for ch in value[: limit + 1]:
        piece = _escape_char(ch)
        if size + len(piece) > limit:
            out.append("…")
            break
        out.append(piece)
        size += len(piece)
    return "".join(out)


def display_path(rel: bytes) -> str:
    """A relative path as text: `\\` doubled, undecodable bytes and control chars as escapes.

    File names are bytes on POSIX; the result is valid UTF-8 (Parquet needs that), keeps
    ordinary names unchanged and maps distinct names to distinct strings.
    """
    text = rel.decode("utf-8", "surrogateescape")
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(_code_escape(code))
    return "".join(out) or "."
