"""The rows of the capex budgets (DESIGN section 8.2): `max_upfront`, the upfront cash of the
contracts a plan signs in the horizon, and `max_upfront_by_month`, the same in each month."""

from __future__ import annotations

from typing import Any

from catalog.payments import payments_per_gpu
from optimizer.instance import OfferSpec
from optimizer.model import LE, Formulation

__all__ = ["UPFRONT", "UPFRONT_BY_MONTH", "add_upfront_limits", "upfront_per_unit"]

UPFRONT = "(upfront)"
UPFRONT_BY_MONTH = "(upfront by month)"


def upfront_per_unit(spec: OfferSpec) -> float:
    """Cash one unit of a new contract of `spec` pays at its start."""
    return payments_per_gpu(spec.offer, spec.term).upfront * spec.gpus_per_unit


def _started(f: Formulation, t: int) -> dict[Any, float]:
    """Upfront cash of the contracts starting in month `t`, as coefficients of the model's
    variables: a start variable, or the rise of active units n[o,t] - n[o,t-1] of a contract
    branched on its active units."""
    pairs: dict[Any, float] = {}
    for o in f.active_offers:
        spec = f.instance.offers[o]
        cash = upfront_per_unit(spec)
        if cash <= 0:
            continue
        start = f.starts.get((o, t))
        if start is not None:
            pairs[start] = pairs.get(start, 0.0) + cash
        running = f.running.get((o, t))
        if running is not None:
            pairs[running] = pairs.get(running, 0.0) + cash
            before = f.running.get((o, t - 1))
            if before is not None:
                pairs[before] = pairs.get(before, 0.0) - cash
    return pairs


def add_upfront_limits(f: Formulation) -> None:
    """Upfront cash of the contracts signed in the horizon within `max_upfront`, and in each
    month within `max_upfront_by_month` (existing commitments are signed already and do not
    count). Each row is recorded for its dual, $ of plan cost per $ of limit."""
    instance = f.instance
    if instance.max_upfront is None and instance.max_upfront_by_month is None:
        return
    by_month = [_started(f, t) for t in range(instance.horizon)]
    if instance.max_upfront_by_month is not None:
        for t, limit in enumerate(instance.max_upfront_by_month):
            if by_month[t]:
                row = f.sink.row(list(by_month[t].items()), LE, limit, f"U_{t}")
                f.limit_rows[(UPFRONT_BY_MONTH, t)] = row
    if instance.max_upfront is not None:
        total: dict[Any, float] = {}
        for pairs in by_month:
            for var, cash in pairs.items():
                total[var] = total.get(var, 0.0) + cash
        if total:
            row = f.sink.row(list(total.items()), LE, instance.max_upfront, "U")
            f.limit_rows[(UPFRONT, 0)] = row
