"""Marginals of `max_units` and `max_vendor_share` (DESIGN section 8.1: a limit that binds has a
non-zero marginal), read from the rows `optimizer.rows` records on the relaxation's formulation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from optimizer.api_rows import api_spend_terms
from optimizer.assembly import clean
from optimizer.model import Formulation
from optimizer.plan import ShareMarginal, UnitMarginal

__all__ = ["availability_marginals", "vendor_share_marginals"]

T = TypeVar("T")

BINDING = 1e-6
"""Saving below which a limit is taken as not binding ($)."""


def _value(pairs: list[tuple[Any, float]]) -> float:
    return sum(coefficient * (var.value() or 0.0) for var, coefficient in pairs)


def _saving(row: Any) -> float:
    """$ saved per unit more of a `<=` row's right-hand side (PuLP's dual of it is <= 0)."""
    return -float(row.pi or 0.0)


def _by_month(
    f: Formulation, savings: dict[tuple[str, int], float], make: Callable[[str, str, float], T]
) -> list[T]:
    """Horizon months one by one (a month's row is the month alone), the tail's rows summed
    as `tail`; only what binds."""
    instance = f.instance
    totals: dict[tuple[str, str], float] = {}
    for (key, t), value in sorted(savings.items(), key=lambda item: item[0]):
        month = instance.months[t] if t < instance.horizon else "tail"
        totals[(key, month)] = totals.get((key, month), 0.0) + value
    return [make(key, month, clean(v)) for (key, month), v in totals.items() if v > BINDING]


def availability_marginals(
    f: Formulation, held: dict[tuple[int, int], float] | None = None
) -> list[UnitMarginal]:
    """$ saved per unit-month more of each offer's `max_units`, where it binds in the
    relaxation, with the units the plan holds that month (`held`: (offer, month) -> units;
    `tail`: the most in any tail month). A tail block's row stands for all its months: its
    dual is what one more unit in each of them saves."""
    instance = f.instance
    index = {spec.id: o for o, spec in enumerate(instance.offers)}
    savings = {(instance.offers[o].id, t): _saving(row) for (o, t), row in f.unit_rows.items()}

    def in_plan(o: int, month: str) -> float | None:
        if held is None:
            return None
        months = (
            range(instance.horizon, instance.span)
            if month == "tail"
            else [instance.months.index(month)]
        )
        return clean(max(held.get((o, t), 0.0) for t in months))

    return _by_month(
        f,
        savings,
        lambda offer_id, month, value: UnitMarginal(
            offer_id=offer_id,
            month=month,
            per_unit_month=value,
            max_units=instance.offers[index[offer_id]].offer.max_units,
            units_in_plan=in_plan(index[offer_id], month),
        ),
    )


def _run_rate(f: Formulation, t: int) -> float:
    """$ a month of everything active in month `t` of the relaxation's solution: units of every
    offer (new ones at its price, existing ones at the prices they were signed at) and tokens
    bought."""
    instance = f.instance
    total = 0.0
    for o in f.active_offers:
        spec = instance.offers[o]
        total += spec.month_cost_per_unit * _value(f.fleet(o, t, 1.0)) + spec.existing_cost[t]
    return total + _value(api_spend_terms(f, t))


def vendor_share_marginals(f: Formulation) -> list[ShareMarginal]:
    """$ saved by raising `max_vendor_share` by 0.01, through each vendor's row, where it binds.
    The row reads own run-rate - share x total run-rate <= 0: a step ds of the share loosens it
    by total x ds, worth the row's dual times that (the envelope theorem)."""
    savings = {
        (vendor, t): _saving(row) * _run_rate(f, t) * 0.01
        for (vendor, t), row in f.share_rows.items()
    }
    return _by_month(
        f,
        savings,
        lambda vendor, month, value: ShareMarginal(
            vendor=vendor, month=month, per_share_point=value
        ),
    )
