"""A requisition line's payment schedule in cents that add up to the line's total: what is
paid at the start, each month and in the last month, the rounding remainder in the last
payment (probe 5, finding 4: 327,007.30 + 7 x 109,002.43 fell a cent short of 1,090,024.32)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["settled"]


def _words(upfront: Decimal, monthly: Decimal, last: Decimal, term: int, start: str) -> str:
    """The schedule in words: "327,007.30 at the start, then 109,002.43 a month for 7
    months, the last 109,002.44"."""
    parts = [f"{upfront:,} at the start"] if upfront else []
    if monthly or last:
        if term == 1:
            parts.append(f"{last:,} in its month")
        else:
            tail = "" if last == monthly else f", the last {last:,}"
            parts.append(f"{monthly:,} a month for {term} months{tail}")
    return ", then ".join(parts) or "nothing to pay"


def settled(line: dict[str, Any], total: Decimal) -> dict[str, str]:
    """The amounts and words of a line with a fixed schedule (`monthly_amount` given, each
    already rounded to the cent), settled against its `total`: `upfront_amount +
    monthly_amount x (term_months - 1) + last_monthly_amount = total` exactly, the remainder in
    the last month's payment (in the upfront one when nothing is paid monthly). A line billed
    as used (no `monthly_amount`) is left as it is: {}."""
    if not line.get("monthly_amount"):
        return {}
    term = int(line["term_months"])
    if term == 0 and total < 0:
        # A credit (an owned system's residual value) is recovered on its date, not paid at
        # the start: in `upfront_amount` it cut that column's sum, the cash paid at signing,
        # by the credit (probe 14a, finding 3: 864,000.00 on 15,262,465.40).
        zero = "0.00"
        words = f"{-total:,} recovered on {line['term_start']}"
        return {
            "upfront_amount": zero,
            "monthly_amount": zero,
            "last_monthly_amount": zero,
            "payment_schedule": words,
        }
    upfront, monthly = Decimal(line["upfront_amount"]), Decimal(line["monthly_amount"])
    if monthly == 0 or term == 0:
        upfront, monthly, last = total, Decimal("0.00"), Decimal("0.00")
    else:
        last = total - upfront - monthly * (term - 1)
    return {
        "upfront_amount": str(upfront),
        "monthly_amount": str(monthly),
        "last_monthly_amount": str(last),
        "payment_schedule": _words(upfront, monthly, last, term, line["term_start"]),
    }
