"""A JSON body that is not UTF-8 is a 400 naming where in the body the bad byte is."""

from __future__ import annotations

import codecs

import pytest

from service.bodies import decode_json, require_json
from service.errors import BadRequest, UnsupportedMediaType


def test_a_bad_byte_is_named_by_its_place_in_the_body() -> None:
    """The 0xff inside the name sits at byte 25 of the body (probe 19: the detail said "at
    byte 2", its place in the string msgspec was reading, pointing a buyer at the `{"`)."""
    body = b'{"forecast": {"name": "ab\xffcd"}}'
    assert body.index(b"\xff") == 25
    with pytest.raises(BadRequest) as info:
        decode_json(body)
    assert str(info.value) == "the body is not valid UTF-8: invalid start byte at byte 25"


def test_a_utf8_byte_order_mark_is_ignored_and_positions_count_it() -> None:
    """RFC 8259 8.1 lets a parser ignore a BOM: it was "invalid character (byte 0)" (probe 19).
    A bad byte after it is still named by its place in the body as sent."""
    assert decode_json(codecs.BOM_UTF8 + b'{"a": 1}') == {"a": 1}
    body = codecs.BOM_UTF8 + b'{"a": "\xff"}'
    bad = body.index(b"\xff")
    with pytest.raises(BadRequest) as info:
        decode_json(body)
    assert str(info.value).endswith(f"at byte {bad}"), info.value


@pytest.mark.parametrize(
    ("body", "said", "mark"),
    [
        (b'{"a": 1,}', "trailing comma in object", b"}"),
        (b'{"a": x}', "invalid character", b"x"),
        (b'{"a": [1 2]}', "expected ',' or ']'", b"2"),
    ],
)
@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_syntax_error_is_placed_from_the_bodys_first_byte(
    bom: bytes, body: bytes, said: str, mark: bytes
) -> None:
    """Review 21: after a UTF-8 byte order mark, a syntax error's byte was counted from the
    byte after it (3 short) while a UTF-8 error's was counted from the body's first byte;
    both count from the first byte now: the byte found here (`mark`, the first of its kind
    in the body as sent), with or without the mark before it."""
    sent = bom + body
    with pytest.raises(BadRequest) as info:
        decode_json(sent)
    at = sent.index(mark)
    assert str(info.value) == f"the body is not valid JSON: JSON is malformed: {said} (byte {at})"


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_a_utf16_body_is_refused_saying_so(bom: bytes) -> None:
    body = bom + '{"a": 1}'.encode("utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be")
    with pytest.raises(BadRequest) as info:
        decode_json(body)
    assert "UTF-16 byte order mark" in str(info.value)


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", '"UTF-32"'])
def test_a_json_body_in_another_charset_is_a_415_naming_it(charset: str) -> None:
    """`application/json; charset=utf-16` was taken and read as UTF-8 (probe 19)."""
    with pytest.raises(UnsupportedMediaType) as info:
        require_json(f"application/json; charset={charset}")
    assert charset.strip('"') in str(info.value)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "a/b+json;charset=UTF8",
        "application/json; charset=UTF-8",
        "application/json; charset=US-ASCII",
        "application/json; charset=us-ascii",
        'application/json; charset="us-ascii"',
        "application/json; charset=",
        'application/json; charset=""',
    ],
)
def test_json_in_utf8_is_taken(content_type: str) -> None:
    """UTF-8 in any case, US-ASCII (a subset of it) and an empty charset are taken (review 21:
    `charset=` and `charset=us-ascii` were 415s)."""
    require_json(content_type)
