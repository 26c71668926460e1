"""Finding a number that is not finite in a decoded document or a Struct: one rule for the
optimizer (before it returns a plan) and the service (bodies, quotes, plans before storing)."""

from __future__ import annotations

import math
from typing import Any

import msgspec

__all__ = ["non_finite_path"]


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
