"""Integer rounding of the demand rows over whole units (issue 12): GPUs serving a workload sit
on whole units of their offers, so each demand row, with every offer's GPUs replaced by the
units that hold them, is a knapsack over whole units; its mixed-integer rounding, divided by
one unit's share of the demand, is a valid inequality that cuts off plans buying part of a
rack. Written into the integer fractional-GPU model only (measured there, see `add_cover_cuts`);
the relaxation whose duals are the marginals has none."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from optimizer.model import GE, Formulation

__all__ = ["MAX_ROUNDED", "MIN_FRACTION", "add_cover_cuts", "rounded_row"]

MIN_FRACTION = 1e-3
"""Roundings whose right-hand side is within this of a whole number cut nothing worth a row,
and near 1 they scale the continuous terms by up to 1 / MIN_FRACTION."""

MAX_ROUNDED = 1_000.0
"""Divisors below a thousandth of the demand are left out: their rounding cuts next to nothing."""


@dataclass(frozen=True)
class _Term:
    """One term of a demand row as the rounding sees it: `share` of the month's requirement
    per unit of a whole count (the pairs plus `fixed` units) or of a continuous variable."""

    share: float
    pairs: list[tuple[Any, float]]
    fixed: float
    integral: bool


def rounded_row(
    shares: list[float], integral: list[bool], divisor: float
) -> tuple[list[float], float] | None:
    """The mixed-integer rounding of `sum shares[j] * x[j] >= 1` (x >= 0, whole where
    `integral`) divided by `divisor`: coefficients and right-hand side of the valid row
    `sum coefficients[j] * x[j] >= rhs`; None when the rounding cuts nothing (1 / divisor
    within `MIN_FRACTION` of a whole number, or more than `MAX_ROUNDED`)."""
    scaled = 1.0 / divisor
    if scaled > MAX_ROUNDED:
        return None
    rhs = math.ceil(scaled - 1e-9)
    f0 = rhs - scaled  # in the row negated to "<=", the fractional part of its right side
    if not MIN_FRACTION < f0 < 1.0 - MIN_FRACTION:
        return None
    coefficients = []
    for share, whole in zip(shares, integral, strict=True):
        r = share / divisor
        if whole:
            up = math.ceil(r - 1e-9)
            coefficients.append(up - max(0.0, (up - r) - f0) / (1.0 - f0))
        else:
            coefficients.append(r / (1.0 - f0))
    return coefficients, float(rhs)


def _whole_fleet(f: Formulation, o: int, t: int) -> bool:
    """True when the units of offer `o` active in month `t` are a whole count: every term of
    its fleet an integer column (contracts of the horizon, and the tail's units of contracts
    that run past it, but not the tail's month-to-month valuation), existing units whole."""
    existing = f.instance.offers[o].existing[t]
    fleet = f.covering.get((o, t), [])
    return existing == math.floor(existing) and all(var in f.whole_units for var, _c in fleet)


def _terms(f: Formulation, w: int, t: int, serving: list[tuple[int, Any]]) -> list[_Term]:
    """The terms of workload `w`'s demand row in month `t`: an offer's GPUs serving it are at
    most its active units times the GPUs each gives (the capacity row), whole when the fleet
    is; what is not whole (the tail's month-to-month units, tokens bought, a shortfall) stays
    continuous."""
    instance = f.instance
    required = instance.workloads[w].required[t]
    terms: list[_Term] = []
    for o, var in serving:
        coefficient = f.demand_coefficient(o, w, t)
        spec = instance.offers[o]
        if _whole_fleet(f, o, t):
            per_unit = instance.utilization_cap * spec.gpus_per_unit
            fleet = f.covering.get((o, t), [])
            terms.append(_Term(coefficient * per_unit, fleet, spec.existing[t], True))
        else:
            terms.append(_Term(coefficient, [(var, 1.0)], 0.0, False))
    terms += [
        _Term(pta / required, [(var, 1.0)], 0.0, False) for var, pta in f.bought.get((w, t), [])
    ]
    if (w, t) in f.short:
        terms.append(_Term(1.0, [(f.short[(w, t)], 1.0)], 0.0, False))
    return terms


def add_cover_cuts(f: Formulation) -> None:
    """For every demand row of the horizon, one rounded row per distinct share (below 1) of
    a whole unit: a rack worth 0.4 of the demand means 1 / 0.4 = 2.5 racks' worth, so 3.

    Only in the integer model with fractional GPUs: there HiGHS finds these roundings only
    by aggregating each demand row with the capacity rows, round after round at the root
    (power-capped fractional: 1.61 s of CPU to 0.97 s, median of 7 seeds on one thread, same
    optimum; shipped 3x12 fractional unchanged). With whole replicas the demand rows already
    hold whole blocks, HiGHS rounds them itself, and these rows measured no faster. The
    tail's rows, where only contracts signed in the horizon are whole, made the power-capped
    example faster still (0.81 s) but shipped 3x12 slower (5.4 s to 8.3 s): left out."""
    instance = f.instance
    if f.relax or instance.replicas == "whole":
        return
    serving: dict[tuple[int, int], list[tuple[int, Any]]] = {}
    for (o, w, t), var in sorted(f.serve.items()):
        serving.setdefault((w, t), []).append((o, var))
    for (w, t), _row in sorted(f.demand_rows.items()):
        if t >= instance.horizon:
            continue  # measured: with the tail's rows too, shipped 3x12 proved 50% slower
        terms = _terms(f, w, t, serving.get((w, t), []))
        shares = [term.share for term in terms]
        integral = [term.integral for term in terms]
        divisors = sorted({term.share for term in terms if term.integral and term.share < 1.0})
        for n, divisor in enumerate(divisors):
            rounded = rounded_row(shares, integral, divisor)
            if rounded is None:
                continue
            coefficients, rhs = rounded
            pairs: dict[Any, float] = {}
            for term, coefficient in zip(terms, coefficients, strict=True):
                rhs -= coefficient * term.fixed
                for var, c in term.pairs:
                    pairs[var] = pairs.get(var, 0.0) + coefficient * c
            f.sink.row(list(pairs.items()), GE, rhs, f"x_{w}_{t}_{n}")
