"""Domain errors, carrying the facts a caller needs to act; the service maps them to RFC 9457.

`TokenplanError` is the root. `InvalidInput` lists each bad field with what was wrong (HTTP 422);
`NotFound` names the missing thing (404); `Conflict` names what stands in the way (409);
`Stale` says the caller's revision is behind (412).
"""

from __future__ import annotations

import re

import msgspec
from msgspec import Struct

__all__ = [
    "MAX_LISTED",
    "Conflict",
    "FieldError",
    "InvalidInput",
    "NotFound",
    "Stale",
    "TokenplanError",
    "bounded",
    "field_error_from_msgspec",
    "known",
]


class FieldError(Struct, frozen=True):
    """One bad field: a JSON path such as `offers[2].price_per_gpu_hour`, and what was wrong."""

    field: str
    message: str


class TokenplanError(Exception):
    """Root of tokenplan's domain errors."""

    title = "Error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(TokenplanError):
    """The input breaks a rule; `errors` names each field and what was wrong."""

    title = "Invalid input"

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or []

    @classmethod
    def listing(cls, errors: list[FieldError], shown: int = 5) -> InvalidInput:
        """Every error (at most `MAX_LISTED` of them, see `bounded`), the first `shown` spelt
        out in the detail, then how many more there are."""
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:shown])
        if len(errors) > shown:
            detail += f"; and {len(errors) - shown:,} more"
        return cls(detail, bounded(errors))

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        """An error about a single field, its message doubling as the detail."""
        return cls(f"{field}: {message}", [FieldError(field, message)])


MAX_LISTED = 50
"""Most field errors one problem lists: a body with 400,000 bad items gets 50 and a count."""


def bounded(errors: list[FieldError]) -> list[FieldError]:
    """`errors`, or when there are more than `MAX_LISTED`, the first of them and one last entry
    saying how many more there are."""
    if len(errors) <= MAX_LISTED:
        return errors
    rest = len(errors) - MAX_LISTED + 1
    return [*errors[: MAX_LISTED - 1], FieldError("(more)", f"and {rest:,} more errors")]


def known(values: list[str] | tuple[str, ...] | set[str], shown: int = 5) -> str:
    """A few of `values` (sorted) and how many there are, for a message that names what is
    valid without quoting a list of any length: "a, b, c, d, e and 14 more (19 in all)"."""
    ordered = sorted(values)
    if len(ordered) <= shown:
        return ", ".join(ordered) or "none"
    head = ", ".join(ordered[:shown])
    return f"{head} and {len(ordered) - shown:,} more ({len(ordered):,} in all)"


class NotFound(TokenplanError):
    """The named resource does not exist."""

    title = "Not found"


class Conflict(TokenplanError):
    """The request collides with the stored state; `references` lists what stands in the way."""

    title = "Conflict"

    def __init__(self, detail: str, references: list[str] | None = None) -> None:
        super().__init__(detail)
        self.references = references or []


class Stale(TokenplanError):
    """The caller's `If-Match` revision is not the current one."""

    title = "Precondition failed"


_NAMED = re.compile(
    r"(?:unknown field|missing required field|^a \w+ offer needs|^) ?`([\w.\[\]]+)`"
)
_AT = re.compile(r"^(?P<message>.*?)(?: - at (?:`key` in )?`\$(?P<path>[^`]*)`)?$", re.DOTALL)


def field_error_from_msgspec(
    error: msgspec.ValidationError | msgspec.DecodeError, prefix: str = ""
) -> FieldError:
    """Turn msgspec's "Expected `float` > 0, got `-1` - at `$.a[0].b`" into a FieldError
    for field `a[0].b` (under `prefix`)."""
    match = _AT.match(str(error))
    message = str(error)
    path = ""
    if match:
        message = match.group("message")
        path = (match.group("path") or "").lstrip(".")
    named = _NAMED.search(message)
    if named:
        path = ".".join(part for part in (path, named.group(1)) if part)
    field = ".".join(part for part in (prefix, path) if part).replace(".[", "[")
    return FieldError(field or "(body)", message)
