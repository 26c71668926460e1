"""A tie between plans, not between offers: a 3-month offer at $2 and a 12-month one at $1 cost
the same over a six-month horizon (`in_horizon`) whose demand stops after three months, though
neither offer sells at the other's price. `optimizer.ties.tied_offers` names neither, so a
least-cost solve whose ties were broken only where it names one would keep the 12-month
contract; the tie term of the main objective (`optimizer.model.tie_weight`) settles it, which
is why the plan's solve keeps that term (bench/solve.py, round of speed10)."""

from __future__ import annotations

import itertools

from optimizer import Options, PlanRequest, make_plan
from optimizer.prepare import prepare_for_solve
from optimizer.ties import tied_offers
from tests.tiny import Spec, catalog, forecast

SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8)
LONG = Spec("r12", 1.0, vendor="B", term_months=12, gpus_per_unit=8)
UNIT_MONTH = 8 * 730  # $ a unit of 8 GPUs costs a month at $1 a GPU-hour
DEMAND = [8000.0] * 3 + [0.0] * 3  # tokens/s a month: one unit of 8,000 for three months


def _request() -> PlanRequest:
    return PlanRequest(
        forecast=forecast(DEMAND, months=6),
        options=Options(commitment_accounting="in_horizon"),
    )


def _least_obligation() -> tuple[float, float]:
    """Brute force over whole units signed in the first month: the least cost counted in the
    horizon, then the least obligation at it."""
    best: tuple[float, float] | None = None
    for short, long in itertools.product(range(3), repeat=2):
        if 8000 * (short + long) < max(DEMAND):
            continue
        cost = UNIT_MONTH * (3 * 2.0 * short + 6 * 1.0 * long)  # the 12-month one runs on
        owed = UNIT_MONTH * (3 * 2.0 * short + 12 * 1.0 * long)
        best = (cost, owed) if best is None else min(best, (cost, owed))
    assert best is not None
    return best


def test_a_tie_no_offer_pair_names_goes_to_the_smaller_obligation() -> None:
    """One unit of the 3-month offer, 35,040.00 owed, not the 12-month one's 70,080.00 at the
    same 35,040.00, though `tied_offers` finds no tie for the 12-month contract."""
    request = _request()
    assert request.forecast is not None
    plan = make_plan(catalog(SHORT, LONG), request, request.forecast)
    assert plan.status == "optimal"
    cost, owed = round(plan.summary.total_cost, 2), round(plan.summary.total_obligation, 2)
    assert (cost, owed) == _least_obligation() == (35_040.0, 35_040.0)
    assert {c.offer_id: c.units for c in plan.commitments} == {"r3": 1.0}
    _full, instance, _ = prepare_for_solve(catalog(SHORT, LONG), request, request.forecast)
    long = next(o for o, spec in enumerate(instance.offers) if spec.offer.id == "r12")
    assert tied_offers(instance, {long}) == set()
