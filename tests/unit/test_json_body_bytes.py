"""A JSON body that is not UTF-8 is a 400 naming where in the body the bad byte is."""

from __future__ import annotations

import pytest

from service.bodies import decode_json
from service.errors import BadRequest


def test_a_bad_byte_is_named_by_its_place_in_the_body() -> None:
    """The 0xff inside the name sits at byte 25 of the body (probe 19: the detail said "at
    byte 2", its place in the string msgspec was reading, pointing a buyer at the `{"`)."""
    body = b'{"forecast": {"name": "ab\xffcd"}}'
    assert body.index(b"\xff") == 25
    with pytest.raises(BadRequest) as info:
        decode_json(body)
    assert str(info.value) == "the body is not valid UTF-8: invalid start byte at byte 25"
