"""Every problem of one CSV row at once: an importer names each bad cell of each bad row in one
answer, not the first, fixed, then the next (msgspec stops at the first field it refuses)."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from typing import TypeVar

import msgspec

from catalog.errors import FieldError, field_error_from_msgspec
from catalog.input_rules import input_problems

__all__ = ["convert_row", "read_number"]

T = TypeVar("T")

_MAX_FIELDS = 60
"""More fields than any row has: the search for the next refused field always ends."""
_MISSING = "Object missing required field"


def _top(field: str) -> str:
    """The document key a field path starts with (`tco.capex_per_gpu`: `tco`)."""
    return field.split(".", 1)[0].split("[", 1)[0]


_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
"""A number as spreadsheets and CSV writers put it: ASCII digits, a point, an exponent."""
_WHOLE = re.compile(r"[+-]?[0-9]+")


def read_number(column: str, value: str, whole: bool = False) -> float | FieldError:
    """A cell's number (an `int` when `whole`), or why it is not one, by column. Only plain
    ASCII decimals are numbers: Python's own readers also take `2_652` (2652: probe 15 L8,
    a price stored 1000x), other scripts' digits and `inf`, which no spreadsheet writes."""
    text = value.strip()
    kind = "a whole number" if whole else "a number"
    if not (_WHOLE if whole else _DECIMAL).fullmatch(text):
        try:
            read: float | None = int(text) if whole else float(text)
        except ValueError:
            read = None
        if read is None:
            return FieldError(column, f"expected {kind}, got {value!r}")
        if not math.isfinite(read):
            return FieldError(column, f"expected a finite number, got {value!r}")
        return FieldError(
            column, f"expected {kind} in ASCII digits, without `_` separators, got {value!r}"
        )
    try:
        number = int(text) if whole else float(text)
    except ValueError:  # a whole number of more digits than Python converts (4,300)
        return FieldError(column, f"expected {kind} of at most 4,300 digits, got {len(text)}")
    if not math.isfinite(number):  # 1e400
        return FieldError(column, f"expected a finite number, got {value!r}")
    return number + 0 if whole else number + 0.0  # -0 as 0 (review 15a L4)


def _missing(rest: dict[str, object], kind: type[T], skip: set[str]) -> list[FieldError]:
    """Each required field of `kind` that `rest` lacks, but those in `skip`."""
    if not issubclass(kind, msgspec.Struct):
        return []
    return [
        FieldError(info.encode_name, f"{_MISSING} `{info.encode_name}`")
        for info in msgspec.structs.fields(kind)
        if info.required and info.encode_name not in rest and info.encode_name not in skip
    ]


def convert_row(
    document: dict[str, object], kind: type[T], refused: Collection[str] = ()
) -> T | list[FieldError]:
    """`document` (one row's fields) as a `kind`, or every problem found, by field path: each
    input-rule problem (`input_problems`), then each field msgspec refuses, found by
    converting again without the fields already refused, then every required field the row
    lacks. `refused` names the fields the caller already refused (a cell it could not read) or
    that the row need not give: their absence is no problem. A problem of the whole row (path
    "(body)") is named only when no field is refused: a refused field's absence may cause it."""
    problems = input_problems(document)
    skip = set(refused)
    rest = {k: v for k, v in document.items() if k not in {_top(p.field) for p in problems}}
    for _ in range(_MAX_FIELDS):
        try:
            converted = msgspec.convert(rest, kind)
        except msgspec.ValidationError as exc:
            error = field_error_from_msgspec(exc)
            known = skip | {_top(p.field) for p in problems}
            if str(exc).startswith(_MISSING) and "." not in error.field:
                # msgspec checks presence after every given field: the rest are all readable
                return problems + _missing(rest, kind, known)
            if error.field == "(body)" and (known or len(rest) < len(document)):
                break
            if _top(error.field) not in known:
                problems.append(error)
            if _top(error.field) not in rest or _top(error.field) in known:
                break
            del rest[_top(error.field)]
        else:
            return problems or converted
    return problems
