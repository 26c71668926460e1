"""Every problem of one CSV row at once: an importer names each bad cell of each bad row in one
answer, not the first, fixed, then the next (msgspec stops at the first field it refuses)."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from catalog.errors import FieldError, field_error_from_msgspec
from catalog.input_rules import input_problems

__all__ = ["convert_row"]

T = TypeVar("T")

_MAX_FIELDS = 60
"""More fields than any row has: the search for the next refused field always ends."""


def _top(field: str) -> str:
    """The document key a field path starts with (`tco.capex_per_gpu`: `tco`)."""
    return field.split(".", 1)[0].split("[", 1)[0]


def convert_row(document: dict[str, object], kind: type[T]) -> T | list[FieldError]:
    """`document` (one row's fields) as a `kind`, or every problem found, by field path: each
    input-rule problem (`input_problems`), then each field msgspec refuses, found by
    converting again without the fields already refused (a required one refused ends the
    search: its absence is the next error). A problem of the whole row has the path "(body)"."""
    problems = input_problems(document)
    rest = {k: v for k, v in document.items() if k not in {_top(p.field) for p in problems}}
    for _ in range(_MAX_FIELDS):
        try:
            converted = msgspec.convert(rest, kind)
        except msgspec.ValidationError as exc:
            error = field_error_from_msgspec(exc)
            known = {_top(p.field) for p in problems}
            if _top(error.field) not in known:
                problems.append(error)
            if _top(error.field) not in rest or _top(error.field) in known:
                break
            del rest[_top(error.field)]
        else:
            return problems or converted
    return problems
