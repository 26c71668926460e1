"""DESIGN 8.1: a binding `max_units` or `max_vendor_share` has a non-zero marginal, equal to the
relaxation's finite difference; cap duals coupled by a commitment are right in their sum."""

from __future__ import annotations

import msgspec
import pytest

from catalog import Catalog
from optimizer import Constraints, Options, Plan, PlanRequest, PowerCap, make_plan
from optimizer.marginals import MARGINAL_NOTE
from tests.tiny import Spec, catalog, forecast


def _relaxed(cat: Catalog, tokens: float, constraints: Constraints, months: int = 1) -> Plan:
    """The LP relaxation as the plan (its cost is the objective whose duals are marginals)."""
    request = PlanRequest(
        forecast=forecast(tokens, months=months),
        constraints=constraints,
        options=Options(relax=True, commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None
    return plan


def _cost(plan: Plan) -> float:
    assert plan.summary is not None
    return plan.summary.total_cost


def _capped(units: int) -> Catalog:
    """1-GPU units of 1,000 tok/s: `cheap` at $1/GPU-h with `max_units`, `dear` at $5."""
    cat = catalog(Spec("cheap", 1.0), Spec("dear", 5.0))
    offers = tuple(
        msgspec.structs.replace(o, max_units=units) if o.id == "cheap" else o for o in cat.offers
    )
    return msgspec.structs.replace(cat, offers=offers)


def test_a_binding_max_units_has_its_finite_difference_as_marginal() -> None:
    """12,000 tok/s with one $1 unit allowed: each more unit replaces a $5 GPU, saving
    4 x 730 = 2,920 a unit-month, the marginal reported and the finite difference of max_units."""
    plan = _relaxed(_capped(1), 12_000.0, Constraints())
    assert plan.marginal is not None
    [unit] = plan.marginal.availability
    assert (unit.offer_id, unit.month) == ("cheap", "2027-01")
    finite = _cost(plan) - _cost(_relaxed(_capped(2), 12_000.0, Constraints()))
    assert finite == pytest.approx(2_920.0, abs=0.01)
    assert unit.per_unit_month == pytest.approx(finite, abs=0.01)


def test_a_max_units_that_does_not_bind_has_no_marginal() -> None:
    """With 20 $1 units allowed, 12,000 tok/s needs 12: max_units binds nowhere, none listed."""
    plan = _relaxed(_capped(20), 12_000.0, Constraints())
    assert plan.marginal is not None and plan.marginal.availability == ()


SHARED = catalog(Spec("a", 1.0, vendor="A"), Spec("b", 3.0, vendor="B"))
"""A at $1/GPU-h, B at $3, 1,000 tok/s per GPU each."""


def test_a_binding_vendor_share_has_its_finite_difference_as_marginal() -> None:
    """10,000 tok/s with A held to 60% of the run-rate: A's GPUs a <= 4.5 x B's b, so a =
    8.18, b = 1.82 ($9,954.55); the marginal per 0.01 of share equals the finite difference
    (0.001 of share, times 10) and only A's row binds."""
    share = 0.6
    plan = _relaxed(SHARED, 10_000.0, Constraints(max_vendor_share=share))
    assert _cost(plan) == pytest.approx(730 * 10 / 5.5 * (4.5 + 3), abs=0.01)
    assert plan.marginal is not None
    [binding] = plan.marginal.vendor_share
    assert (binding.vendor, binding.month) == ("a", "2027-01")
    looser = _relaxed(SHARED, 10_000.0, Constraints(max_vendor_share=share + 0.001))
    finite = (_cost(plan) - _cost(looser)) * 10
    assert binding.per_share_point > 0
    assert binding.per_share_point == pytest.approx(finite, rel=0.01)


def test_a_vendor_share_that_does_not_bind_has_no_marginal() -> None:
    """A vendor share of 1.0 never binds: no vendor-share marginal is listed."""
    plan = _relaxed(SHARED, 10_000.0, Constraints(max_vendor_share=1.0))
    assert plan.marginal is not None and plan.marginal.vendor_share == ()


COMMITTED = catalog(Spec("res", 1.0, term_months=12, region="r"), Spec("od", 4.0, region="s"))
"""A 12-month $1 contract at site v/r (1 kW per GPU) and $4 on-demand GPUs at v/s."""


def _power_capped(mw: float) -> Plan:
    cap = PowerCap(site="v/r", mw=mw)
    return _relaxed(COMMITTED, 10_000.0, Constraints(power_caps=(cap,)), months=3)


def test_cap_duals_coupled_by_a_commitment_sum_to_the_finite_difference() -> None:
    """A 4 kW cap at the contract's site over 3 months of 10,000 tok/s: the contract's units
    are active in all three months, so the months' duals are split arbitrarily; their sum
    equals the finite difference of raising the cap by the step it names, 1% of it, in every
    month, per MW (probe 13 finding 3: the figure is the step's saving, not the dual's rate;
    probe 16a F2: a step small against the cap, so the rate), and the note says so."""
    plan = _power_capped(0.004)
    assert plan.marginal is not None
    months = [p for p in plan.marginal.power if p.site == "v/r"]
    assert len(months) == 3
    step = 0.01 * 0.004
    finite = (_cost(plan) - _cost(_power_capped(0.004 + step))) / step
    # 10 GPUs are needed: each kW more runs a $1 GPU for 3 months in place of a $4 one, up to
    # 6 kW more: 3 x 3 x 730 x 1,000 = 6,570,000 per MW (1 MW more saved 39,420 in all).
    assert finite == pytest.approx(3 * 3 * 730 * 1000, rel=1e-8)
    assert sum(p.per_mw_month for p in months) == pytest.approx(finite, rel=1e-8)
    assert "split arbitrarily between them in the same way" in MARGINAL_NOTE
    assert plan.marginal.note.startswith(MARGINAL_NOTE)
