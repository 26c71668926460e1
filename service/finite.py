"""Numbers that are not finite: found in decoded JSON or a Struct (refused on the way in, and
never stored in a plan), and refused in query parameters by an app-level guard."""

from __future__ import annotations

import math
from typing import Any, get_args

import msgspec
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.typing import FieldDefinition

from catalog import InvalidInput

__all__ = ["non_finite_path", "refuse_non_finite_query"]


def non_finite_path(value: Any) -> str | None:
    """The JSON path (`months[3].cost`) of the first infinity or NaN in `value` (builtins or
    msgspec Structs), or None when every number is finite."""
    if isinstance(value, msgspec.Struct):
        value = msgspec.to_builtins(value)
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return path or "(value)"
        if isinstance(item, dict):
            stack.extend((f"{path}.{k}".lstrip("."), v) for k, v in reversed(item.items()))
        elif isinstance(item, list | tuple):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(item))))
    return None


def _takes_float(field: FieldDefinition) -> bool:
    return field.annotation is float or float in get_args(field.annotation)


def refuse_non_finite_query(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Guard: a number parameter in the query (`interactivity=inf`, `1e400`, `nan`) must be
    finite.

    Raises:
        InvalidInput: naming the parameter and what it got (422).
    """
    parameters = handler.parsed_fn_signature.parameters
    for name, value in connection.query_params.items():
        field = parameters.get(name)
        if field is None or not _takes_float(field):
            continue
        try:
            number = float(value)
        except ValueError:
            continue  # not a number at all: Litestar's own validation names it
        if not math.isfinite(number):
            raise InvalidInput.one(name, f"expected a finite number, got {value!r}")
