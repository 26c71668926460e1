"""Ties at equal cost go to the smaller obligation, then lower power (DESIGN section 8.1), also
when a power cap or a vendor share that does not decide between the offers is in the request
(probe8 finding 3: the plan signed 16 times the obligation at the same cost), when the offer
owing less draws more power (probe9 finding 1), and in a plan with scenarios (probe9 finding
6.1); and the tie-break never buys power or a smaller obligation with money."""

from __future__ import annotations

import itertools

import msgspec

from catalog import Catalog
from optimizer import Constraints, Options, Plan, PlanRequest, PowerCap, Scenario, make_plan
from tests.tiny import Spec, catalog, forecast

SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8)
LONG = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=8)
UNIT_MONTH = 2.0 * 8 * 730  # $ a unit of either offer costs a month
DEMAND = 30000.0  # tokens/s: 3.75 units of 8,000


def _plan(
    offers: Catalog,
    constraints: Constraints,
    scenarios: tuple[Scenario, ...] = (),
    gap: float = 1e-4,
) -> Plan:
    """The plan for three months of `DEMAND` (`in_horizon`) from `offers`."""
    request = PlanRequest(
        forecast=msgspec.structs.replace(forecast(DEMAND, months=3), scenarios=scenarios),
        constraints=constraints,
        options=Options(commitment_accounting="in_horizon", gap=gap),
    )
    assert request.forecast is not None
    plan = make_plan(offers, request, request.forecast)
    assert plan.status == "optimal"
    return plan


def _signed(
    constraints: Constraints, offers: Catalog | None = None
) -> tuple[float, float, dict[str, float]]:
    """(cost, obligation, units per offer) of the plan for three months of `DEMAND`."""
    plan = _plan(offers or catalog(SHORT, LONG), constraints)
    units = {c.offer_id: c.units for c in plan.commitments}
    return plan.summary.total_cost, plan.summary.total_obligation, units


def _least_obligation(share: float | None) -> tuple[float, float]:
    """Brute force over whole units: the least cost, then the least obligation at it."""
    best: tuple[float, float] | None = None
    for short, long in itertools.product(range(6), repeat=2):
        if 8000 * (short + long) < DEMAND:
            continue
        if share is not None and max(short, long) > share * (short + long):
            continue
        cost = 3 * UNIT_MONTH * (short + long)  # both run the whole horizon (`in_horizon`)
        owed = UNIT_MONTH * (3 * short + 48 * long)
        best = (cost, owed) if best is None else min(best, (cost, owed))
    assert best is not None
    return best


def test_a_cap_that_does_not_bind_leaves_the_tie_to_the_shorter_term() -> None:
    """A 100 MW cap at the 3-month offer's site: still 4 units of it, 140,160.00 owed (the
    48-month offer at the same cost owed 2,242,560.00)."""
    cost, owed, units = _signed(Constraints(power_caps=(PowerCap(site="a/r", mw=100),)))
    assert (round(cost, 2), round(owed, 2)) == _least_obligation(None) == (140_160.0, 140_160.0)
    assert units == {"r3": 4.0}


def test_a_vendor_share_mixes_toward_the_smaller_obligation() -> None:
    """A 0.9 share needs both vendors: 3 units of the 3-month offer and 1 of the 48-month
    one (665,760.00 owed), not 1 and 3 (1,716,960.00), at the same 140,160.00."""
    cost, owed, units = _signed(Constraints(max_vendor_share=0.9))
    assert (round(cost, 2), round(owed, 2)) == _least_obligation(0.9) == (140_160.0, 665_760.0)
    assert units == {"r3": 3.0, "r48": 1.0}


HUNGRY_SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8, kw_per_gpu=1.5)
FRUGAL_LONG = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=8, kw_per_gpu=1.2)


def test_the_smaller_obligation_wins_over_lower_power() -> None:
    """The 3-month offer draws 1.5 kW a GPU, the 48-month one 1.2 (probe9 finding 1): no rule
    in the request, still 4 units of the 3-month one, 140,160.00 owed, not 2,242,560.00."""
    cost, owed, units = _signed(Constraints(), catalog(HUNGRY_SHORT, FRUGAL_LONG))
    assert (round(cost, 2), round(owed, 2)) == _least_obligation(None) == (140_160.0, 140_160.0)
    assert units == {"r3": 4.0}


def test_the_smaller_obligation_wins_over_lower_power_under_a_share() -> None:
    """The same offers under a 0.9 vendor share: 3 units of the 3-month offer and 1 of the
    48-month one, 665,760.00 owed at 140,160.00, as with equal power."""
    cost, owed, units = _signed(
        Constraints(max_vendor_share=0.9), catalog(HUNGRY_SHORT, FRUGAL_LONG)
    )
    assert (round(cost, 2), round(owed, 2)) == _least_obligation(0.9) == (140_160.0, 665_760.0)
    assert units == {"r3": 3.0, "r48": 1.0}


def test_a_tie_per_unit_goes_to_the_smaller_obligation() -> None:
    """An 8-GPU unit at $1 a GPU-hour for 3 months against a 4-GPU unit at $2 for 48 months,
    each 8,000 tokens/s for $5,840 a month (probe9 ties2.py): 4 units of the first, owing
    70,080.00, not 1,121,280.00 (the 4-GPU units draw half the power)."""
    short = Spec("r3", 1.0, vendor="A", term_months=3, gpus_per_unit=8, tokens_per_gpu=1000.0)
    long = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=4, tokens_per_gpu=2000.0)
    cost, owed, units = _signed(Constraints(), catalog(short, long))
    assert (round(cost, 2), round(owed, 2)) == (70_080.0, 70_080.0)
    assert units == {"r3": 4.0}


def test_scenario_plans_break_ties_as_plain_ones() -> None:
    """Two identical scenarios under a 0.9 share commit what the plain plan does (probe9
    finding 6.1): 3 units of the 3-month offer and 1 of the 48-month one, 665,760.00 owed
    at 140,160.00 (the two-stage plan owed 1,716,960.00)."""
    scenarios = (Scenario(name="a", probability=0.5), Scenario(name="b", probability=0.5))
    plan = _plan(catalog(SHORT, LONG), Constraints(max_vendor_share=0.9), scenarios)
    assert plan.scenarios is not None
    assert round(plan.scenarios.expected_cost, 2) == 140_160.0
    assert round(plan.scenarios.committed_obligation, 2) == 665_760.0
    assert {c.offer_id: c.units for c in plan.commitments} == {"r3": 3.0, "r48": 1.0}


def test_the_tie_break_never_buys_power_with_money() -> None:
    """An offer a millionth of a dollar a GPU-hour cheaper drawing 11 kW a GPU against one
    drawing 1: at a zero gap the cheaper one is signed (4 units, 0.07 less over three
    months); the old tie weight of 1e-4 per kW-month bought the other's lower power."""
    cheap = Spec("hungry", 1.999999, vendor="A", term_months=3, gpus_per_unit=8, kw_per_gpu=11.0)
    dear = Spec("frugal", 2.0, vendor="B", term_months=3, gpus_per_unit=8, kw_per_gpu=1.0)
    plan = _plan(catalog(cheap, dear), Constraints(), gap=0.0)
    assert {c.offer_id: c.units for c in plan.commitments} == {"hungry": 4.0}
    assert round(plan.summary.total_cost, 2) == round(3 * UNIT_MONTH * 4 * 0.9999995, 2)


def test_the_tails_purchases_are_no_obligation_in_a_tie() -> None:
    """`demand_continues` (3 months, a 48-month tail): 3 units of the 3-month offer (renewed
    through the tail) and a fourth on demand in the horizon (0.75 of one in the tail, where a
    fourth contract would be renewed whole) sign 140,160.00; 3 units of the 48-month one
    signed 1,716,960.00 at the same 2,242,560.00 (the tail's month-to-month units and the
    renewals weighed as owed). Fractional replicas: with whole ones the tail is valued in
    whole units (probe 16a F1), its fourth unit is whole, and a fourth 3-month contract
    renewed is the cheapest (4 of them, no tie)."""
    on_demand = Spec("od", 2.0, vendor="D", gpus_per_unit=8, kw_per_gpu=2.0)
    options = msgspec.convert({"replicas": "fractional"}, Options)
    request = PlanRequest(forecast=forecast(DEMAND, months=3), options=options)
    assert request.forecast is not None
    plan = make_plan(catalog(HUNGRY_SHORT, FRUGAL_LONG, on_demand), request, request.forecast)
    assert plan.status == "optimal" and plan.summary.lifetime_cost is not None
    assert round(plan.summary.lifetime_cost, 2) == 48 * UNIT_MONTH * 4 == 2_242_560.0
    assert round(plan.summary.total_obligation, 2) == 140_160.0
    assert {c.offer_id: c.units for c in plan.commitments} == {"r3": 3.0, "od": 1.0}
    assert plan.tail is not None
    assert round(plan.tail.renewed_cost, 2) == 3 * UNIT_MONTH * 48
