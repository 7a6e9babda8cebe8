"""Decoding: legacy encodings, BOMs, binary data, and the escapes of names and excerpts."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from etl.articles.decoding import decode_bytes, display_path, escape_excerpt
from etl.records import RejectReason


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (
            "Venezuela\u2019s \u201cally\u201d got a \u20ac5 loan, na\u00efve caf\u00e9.",
            "cp1252",
            {"cp1252"},
        ),
        (
            "El canciller dijo que las relaciones est\u00e1n bien. A\u00f1o de cooperaci\u00f3n.",
            "latin-1",
            {"cp1252", "iso8859-1"},
        ),
        (
            "Der Au\u00dfenminister sagte, die Beziehungen seien gut. Gr\u00fc\u00dfe.",
            "latin-1",
            {"cp1252", "iso8859-1"},
        ),
        ("Россия и Венесуэла подписали соглашение о сотрудничестве.", "cp1251", {"cp1251"}),  # noqa: RUF001
        ("Prezydent powiedział, że współpraca z Rosją jest ważna.", "cp1250", {"cp1250"}),
        ("Russia and Venezuela \u2014 good relations.", "utf-16", {"utf-16"}),
        ("Russia and Venezuela \u2014 good relations.", "utf-32", {"utf-32"}),
        ("Russia and Venezuela relations are good.", "utf-16-le", {"utf-16-le"}),
        ("Russia and Venezuela relations are good.", "utf-16-be", {"utf-16-be"}),
    ],
)
def test_legacy_encodings_decode_to_the_original_text(text, codec, expected):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding in expected


@given(st.text())
def test_utf8_text_decodes_to_itself_unless_it_looks_binary(text):
    decoded = decode_bytes(text.encode("utf-8", "surrogatepass"))
    if decoded.text is not None:
        assert decoded.text == text or decoded.encoding != "utf-8"
    else:
        assert decoded.reason in {RejectReason.BINARY, RejectReason.UNDECODABLE}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"))))
def test_utf8_text_without_controls_always_decodes_exactly(text):
    assert decode_bytes(text.encode("utf-8")).text == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_bom_marked_text_always_decodes_exactly(text):
    # FF FE 00 00 is both the UTF-32-LE mark and UTF-16-LE mark + U+0000: UTF-32 wins.
    assume(not text.startswith("\x00"))
    for codec in ("utf-16", "utf-32"):
        assert decode_bytes(text.encode(codec)).text == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")).text == text


@settings(max_examples=200)
@given(st.binary(max_size=4096))
def test_decoding_arbitrary_bytes_never_raises(data):
    decoded = decode_bytes(data)
    assert (decoded.text is None) == (decoded.reason is not None)
    if decoded.text is not None:
        assert decoded.encoding


@given(st.lists(st.binary(min_size=1, max_size=40), min_size=2, max_size=2, unique=True))
def test_display_path_is_injective_and_valid_utf8(names):
    shown = [display_path(n) for n in names]
    assert shown[0] != shown[1]
    for s in shown:
        s.encode("utf-8")
        assert all(ch.isprintable() for ch in s)


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_excerpts_are_printable_and_bounded(text, limit):
    excerpt = escape_excerpt(text, limit)
    assert all(ch.isprintable() for ch in excerpt)
    assert len(excerpt) <= limit + 1
    if len(text) <= limit and text.isprintable():
        assert excerpt == text
