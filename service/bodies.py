"""Request bodies: JSON is read only from a JSON media type and decoded strictly (UTF-8,
bounded nesting, finite numbers), so that no body a client sends reaches a handler as a 500.

`StrictRequest` is the app's request class: Litestar's `JSONBody` parameters go through it.
"""

from __future__ import annotations

import codecs
import math
import re
from typing import Any

import anyio
import msgspec
from litestar import Request
from litestar.connection.base import empty_receive, empty_send
from litestar.types import Empty, Receive, Scope, Send

from catalog import InvalidInput
from catalog.finite import non_finite_path
from service.body_deadline import bounded_receive
from service.errors import BadRequest, UnsupportedMediaType

__all__ = [
    "StrictRequest",
    "decode_json",
    "decode_text",
    "is_json",
    "media_type",
    "require_json",
]

OFF_LOOP_BYTES = 256 * 1024
"""Bodies larger than this are decoded in a worker thread, not on the event loop."""


def decode_text(body: bytes, content_type: str | None) -> str:
    """A text body (a CSV) in the Content-Type's `charset` when it names one, else UTF-8 (a
    leading byte-order mark dropped, as Excel's "CSV UTF-8" writes one).

    Raises:
        BadRequest: a charset Python does not know, or bytes that are not text in it, naming
            the byte and line (probe 14b, finding 5: a cp1252 export from Excel was stored with
            U+FFFD for every accented letter, silently).
    """
    charset = _charset(content_type) or "utf-8-sig"
    try:
        # hex, base64, zlib, rot13 are codecs too, not text (review 14: a 500 each)
        known = codecs.lookup(charset)._is_text_encoding
    except LookupError:
        known = False
    if not known:
        raise BadRequest(f"the Content-Type names an unknown text charset {charset!r}")
    try:
        return body.decode(charset)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        named = "UTF-8" if charset == "utf-8-sig" else charset
        msg = (
            f"the body is not valid {named}: {exc.reason} at byte {exc.start} (line {line}); "
            "save the CSV as UTF-8, or name its encoding in the Content-Type "
            "(text/csv; charset=windows-1252)"
        )
        raise BadRequest(msg) from exc
    except (LookupError, ValueError, TypeError) as exc:  # a text codec that still fails
        raise BadRequest(f"the body cannot be read as {charset!r}: {exc}") from exc


def media_type(content_type: str | None) -> str:
    """The media type of a Content-Type header, lower case, without parameters."""
    return (content_type or "").split(";")[0].strip().lower()


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type names JSON (`application/json` or any `+json`)."""
    media = media_type(content_type)
    return media == "application/json" or media.endswith("+json")


def require_json(content_type: str | None, also_accepts: tuple[str, ...] = ()) -> None:
    """Refuse a body that is not declared JSON: a cross-site form cannot send one (CSRF).

    Raises:
        UnsupportedMediaType: naming what was sent and every media type the route takes
        (JSON, and `also_accepts`) (415).
    """
    if not is_json(content_type):
        accepted = " or ".join(("application/json", *also_accepts))
        msg = f"send the body as {accepted}, not {content_type or 'no Content-Type'!r}"
        raise UnsupportedMediaType(msg)
    charset = _charset(content_type)
    if charset is not None and charset.lower().replace("_", "-") not in JSON_CHARSETS:
        # Probe 19: `charset=utf-16` was taken and the body read as UTF-8.
        msg = f"JSON is read as UTF-8 (RFC 8259 8.1): send charset=utf-8 or none, not {charset!r}"
        raise UnsupportedMediaType(msg)


JSON_CHARSETS = ("utf-8", "utf8", "us-ascii", "ascii", "")
"""The `charset` values (lower case) a JSON body may name, all read as UTF-8: UTF-8 itself,
US-ASCII (a subset of it) and an empty one (no charset; review 21: `charset=` and
`charset=us-ascii` were 415s, where an empty one was ignored before). RFC 8259 8.1: JSON is
UTF-8, and IANA's application/json has no charset parameter."""


def _charset(content_type: str | None) -> str | None:
    """The `charset` parameter of a Content-Type, unquoted (None when it names none)."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return None


def _utf8_error(body: bytes) -> UnicodeDecodeError | None:
    """The first UTF-8 error of `body`, placed from the body's start (None if it has none)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    return None


_BYTE = re.compile(r"\(byte (\d+)\)")
"""Where msgspec's syntax errors say they are: `(byte N)` of what it was given."""


def _from_start(message: str, skipped: int) -> str:
    """msgspec's `message` with its `(byte N)` counted from the body's first byte: `skipped`
    bytes (a UTF-8 byte order mark) were cut before it read the rest (review 21: a syntax
    error after a BOM was placed 3 bytes short, a UTF-8 error from the body's start)."""
    if not skipped:
        return message
    return _BYTE.sub(lambda m: f"(byte {int(m.group(1)) + skipped})", message)


def decode_json(body: bytes) -> Any:
    """Decode a JSON body.

    Raises:
        BadRequest: malformed JSON, invalid UTF-8, or nesting too deep (400).
        InvalidInput: a number too large to be finite (such as `1e400`), naming its field (422).
    """
    non_finite = False

    def finite(text: str) -> float:
        nonlocal non_finite
        value = float(text)
        non_finite = non_finite or not math.isfinite(value)
        return value

    raw, skipped = body, 0
    if body.startswith(codecs.BOM_UTF8):
        # RFC 8259 8.1: a parser may ignore a byte order mark; it was "invalid character
        # (byte 0)" (probe 19).
        skipped = len(codecs.BOM_UTF8)
        body = body[skipped:]
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BadRequest(
            "the body starts with a UTF-16 byte order mark: send JSON as UTF-8 (RFC 8259 8.1)"
        )
    try:
        data = msgspec.json.Decoder(float_hook=finite).decode(body)
    except msgspec.DecodeError as exc:
        raise BadRequest(f"the body is not valid JSON: {_from_start(str(exc), skipped)}") from exc
    except UnicodeDecodeError as exc:
        # msgspec counts from the start of the string it was reading: the place in the body
        # is what a sender can find (probe 19: "at byte 2" for a bad byte at byte 25).
        whole = _utf8_error(raw) or exc
        raise BadRequest(
            f"the body is not valid UTF-8: {whole.reason} at byte {whole.start}"
        ) from exc
    except RecursionError as exc:
        raise BadRequest("the JSON body is nested too deeply") from exc
    if non_finite:
        field = non_finite_path(data) or "(body)"
        raise InvalidInput.one(field, "expected a finite number, got one too large to represent")
    return data


class StrictRequest(Request[Any, Any, Any]):
    """A Request whose `json()` refuses a non-JSON media type (415) and decodes strictly.

    A route that also takes another media type lists it in `opt["also_accepts"]`; for such a
    body `json()` is None and the handler reads the body itself.

    Its body must keep arriving (`service.body_deadline`), within the bounds of the app's
    settings.
    """

    def __init__(
        self, scope: Scope, receive: Receive = empty_receive, send: Send = empty_send
    ) -> None:
        settings = scope["app"].state.get("settings")
        if receive is not empty_receive and settings is not None:
            receive = bounded_receive(receive, settings.body_idle_s, settings.body_total_s)
        super().__init__(scope, receive, send)

    async def json(self) -> Any:
        if self._json is Empty:
            content_type = self.headers.get("content-type")
            also_accepts = tuple(self.route_handler.opt.get("also_accepts", ()))
            if media_type(content_type) in also_accepts:
                self._json = None
            else:
                require_json(content_type, also_accepts)
                body = await self.body() or b"null"
                if len(body) > OFF_LOOP_BYTES:
                    self._json = await anyio.to_thread.run_sync(decode_json, body)
                else:
                    self._json = decode_json(body)
        return self._json
