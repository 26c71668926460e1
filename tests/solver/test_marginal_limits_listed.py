"""Probe 4 finding 10(a): a plan lists the marginal of a cap or budget only where the request
sets it: no `(total)` tail row without a total cap, no `(budget, per $)` row without a
budget, and a budget (which limits only the horizon) no `tail` row."""

from __future__ import annotations

from optimizer import Constraints, Options, PlanRequest, PowerCap, make_plan
from optimizer.marginals import MARGINAL_NOTE
from service.reports import build_report
from tests.tiny import Spec, catalog, forecast

CAT = catalog(Spec("res", 1.0, term_months=12, region="r"), Spec("od", 4.0, region="s"))
"""A 12-month $1 contract at site v/r (1 kW per GPU) and $4 on-demand GPUs at v/s."""


def _marginals(constraints: Constraints) -> tuple[set[str], set[str]]:
    """(sites with a power marginal, months with a budget marginal) of a 3-month plan of
    10,000 tok/s whose demand continues for 12 months."""
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3),
        constraints=constraints,
        options=Options(commitment_accounting="demand_continues", tail_months=12),
    )
    assert request.forecast is not None
    plan = make_plan(CAT, request, request.forecast)
    assert plan.status == "optimal" and plan.marginal is not None
    assert not plan.marginal.budget or "per $" in plan.marginal.note
    return {p.site for p in plan.marginal.power}, {b.month for b in plan.marginal.budget}


def test_only_the_site_cap_the_request_sets_has_marginals() -> None:
    """A 4 kW cap at v/r alone: marginals for v/r (its tail included), none for `(total)`,
    and no budget rows."""
    sites, budget = _marginals(Constraints(power_caps=(PowerCap(site="v/r", mw=0.004),)))
    assert sites == {"v/r"}
    assert budget == set()


def test_a_budget_has_its_horizon_months_and_no_tail() -> None:
    """A monthly budget: one row per month of the horizon, none for the tail it does not
    limit; no power rows without a cap."""
    sites, budget = _marginals(Constraints(monthly_budget=100_000.0))
    assert sites == set()
    assert budget == {"2027-01", "2027-02", "2027-03"}


def test_the_note_says_a_budget_is_per_dollar_and_listed_only_when_set() -> None:
    """The note every plan carries (and every report prints) says the budget's figure is
    per $, and that limits are listed only when the request sets them."""
    assert "`monthly_budget` per $ (not per MW" in MARGINAL_NOTE
    assert "listed only for those the request sets" in MARGINAL_NOTE
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3), options=Options(commitment_accounting="in_horizon")
    )
    assert request.forecast is not None
    report = build_report(make_plan(CAT, request, request.forecast), CAT)
    assert report.marginal_power.rows == () and report.marginal_budget.rows == ()
