"""The typed cells of a report table: each says what it is (money, a rate, a count, a share, a
month, text), and each renderer decides how that kind is shown (text, a number format in XLSX)."""

from __future__ import annotations

from msgspec import Struct

from service.reports.numbers import money, rate

__all__ = ["Cell", "Count", "Money", "Month", "Percent", "Rate", "Text", "is_numeric", "shown"]


class Text(Struct, frozen=True):
    """Words: ids, names, sources, notes."""

    value: str


class Month(Struct, frozen=True):
    """A calendar month, `YYYY-MM`."""

    value: str


class Money(Struct, frozen=True):
    """An amount, shown to the cent; `None` is shown as `-`."""

    value: float | None
    currency: str = ""


class Rate(Struct, frozen=True):
    """A rate or a large quantity (tokens/s, MW, $ per million tokens), shown to 4 significant
    figures after dividing by `scale`, followed by `unit`."""

    value: float | None
    unit: str = ""
    scale: float = 1.0


class Count(Struct, frozen=True):
    """Units, GPUs, months: shown with the digits it has (`2`, not `2.000`); `None` as `-`."""

    value: float | None


class Percent(Struct, frozen=True):
    """A share of 1, shown as a percentage to one decimal."""

    value: float


Cell = Text | Month | Money | Rate | Count | Percent


def shown(cell: Cell) -> str:
    """The cell as a person reads it in a table (Markdown, HTML, a terminal)."""
    match cell:
        case Text(value) | Month(value):
            return value
        case Money(value, currency):
            return money(value, currency)
        case Rate(value, unit, scale):
            if value is not None and scale != 1 and abs(value) < scale / 1_000:
                # None, or a few: "0" and "1,234", not "0 trillion" or "1.234e-09 trillion".
                return rate(value)
            text = rate(None if value is None else value / scale)
            return f"{text} {unit}" if unit and value is not None else text
        case Count(value):
            return "-" if value is None else f"{value:g}"
        case Percent(value):
            return f"{value:.1%}"


def is_numeric(cell: Cell) -> bool:
    """Whether the cell is a number (aligned right in tables)."""
    return isinstance(cell, Money | Rate | Count | Percent)
