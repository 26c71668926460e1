"""Counts as a buyer reads them in warnings, notes and requisitions."""

from __future__ import annotations

__all__ = ["count", "units_text"]


def count(units: float) -> str:
    """Units as a buyer reads them: whole ones with thousands separators (review 18 R8:
    ':g' wrote 298,557,000 units as '2.98557e+08'), others to two places."""
    if abs(units - round(units)) < 1e-9:
        return f"{round(units):,}"
    return f"{units:,.2f}"


def units_text(units: float, *, signed: bool = False, kind: str = "", noun: str = "unit") -> str:
    """`count(units)` and the noun in its number: "1 unit", "3 units", "0.50 units", "-1 unit",
    "4 existing units" (`kind` "existing "), "2 H100 GPUs" (`noun`) (probe 19: warnings and
    requisitions read "1 units"); `signed` writes a "+" before a gain."""
    shown = count(units)
    if signed and units > 0:
        shown = "+" + shown
    return f"{shown} {kind}{noun}" + ("" if shown.lstrip("+-") == "1" else "s")
