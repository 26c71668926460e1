"""Numbers that are not finite refused in query parameters by an app-level guard (in bodies and
plans, `catalog.finite.non_finite_path` finds them)."""

from __future__ import annotations

import math
from typing import Any, get_args

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.typing import FieldDefinition

from catalog import InvalidInput

__all__ = ["refuse_non_finite_query"]


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
