"""How numbers are shown: totals to the cent (half-up, and by largest remainder where rounded
parts must add up to a rounded total), rates to 4 significant figures, quantities as plain decimals.

Every report goes through these, so every report agrees with the JSON to the cent.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

__all__ = [
    "allocate_cents",
    "cents",
    "decimal_text",
    "exact_text",
    "floor_cents",
    "money",
    "rate",
]


def cents(value: float) -> Decimal:
    """A total rounded half-up to the cent, as a Decimal (exact in every report)."""
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def floor_cents(value: float) -> Decimal:
    """`value` rounded down to the cent (towards minus infinity), as a Decimal."""
    return (Decimal(repr(value)) * 100).to_integral_value(ROUND_FLOOR) / 100


def allocate_cents(values: Sequence[float], total: Decimal | None = None) -> list[Decimal]:
    """Round each value to the cent so that the parts add up exactly to the rounded total
    (largest remainder), or to `total` when given (a sum already rounded elsewhere, which the
    parts must match to the cent)."""
    total = cents(sum(values)) if total is None else total
    floors = [floor_cents(v) for v in values]
    missing = int((total - sum(floors, Decimal(0))) * 100)
    order = sorted(
        range(len(values)),
        key=lambda i: Decimal(repr(values[i])) * 100 - floors[i] * 100,
        reverse=missing > 0,
    )
    step = Decimal("0.01") if missing > 0 else Decimal("-0.01")
    result = list(floors)
    if values:  # round the list as often as `total` is off, in whole rounds then the rest
        rounds, rest = divmod(abs(missing), len(order))
        for k, i in enumerate(order):
            result[i] += step * (rounds + (1 if k < rest else 0))
    return [r.quantize(Decimal("0.01")) for r in result]


def money(value: float | None, currency: str = "") -> str:
    """A total to the cent with thousands separators: `1,234.57 USD`; `-` for none."""
    if value is None:
        return "-"
    text = f"{cents(value):,}"
    return f"{text} {currency}".strip()


def rate(value: float | None, digits: int = 4) -> str:
    """A rate to `digits` significant figures (whole units once it has that many); `-` for
    none."""
    if value is None:
        return "-"
    if value == 0:
        return "0"
    if abs(value) >= 10 ** (digits - 1):
        return f"{value:,.0f}"
    return f"{value:#.{digits}g}"


def decimal_text(value: float, places: int = 6) -> str:
    """A quantity as a plain decimal string (no exponent), trailing zeros trimmed, to `places`
    and to the 15 significant digits a float holds: beyond them its places are noise (probe 10
    finding 7a: 169,827,200,000 tokens read `169827199999.999969`)."""
    text = f"{Decimal(f'{value:.15g}'):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact_text(value: float) -> str:
    """`value` as a plain decimal string (no exponent, trailing zeros trimmed) with every
    digit it needs to read back as the same float (Python's shortest round trip, at most 17
    significant digits): a unit price a quantity is multiplied by, which `decimal_text`'s six
    places would cut (probe 17a L4: a tco-derived 1.666771689... written 1.666772 made
    105,120 GPU-hours cost 175,211.07, not the 175,211.04 billed)."""
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
