"""A sensitivity run's cost response of the whole-unit plan to each limit the request sets
(issue 14, probe 14a finding 1b): re-solved, not read off the relaxation's duals, beside the
plan's own use of the limit; a tightened step the plan (or a looser step's optimum) fits is
proven without a re-solve, and that proof agrees with a re-solve."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from catalog.model import Catalog, slugify
from optimizer import PlanRequest, make_plan
from optimizer.plan import Plan
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import LimitSensitivity, SensitivityOptions
from service.reports.sensitivity import markdown, page, table_text
from tests.paths import EXAMPLES

CAPEX = EXAMPLES / "capex-budget-deepseek-r1.json"


def _request(constraints: dict[str, Any]) -> PlanRequest:
    body = json.loads(CAPEX.read_text())
    body["constraints"].update(constraints)
    return msgspec.convert(body, type=PlanRequest)


def _plan(catalog: Catalog, constraints: dict[str, Any]) -> Plan:
    request = _request(constraints)
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast)
    assert plan.status == "optimal"
    return plan


def _cost(plan: Plan) -> float:
    assert plan.summary is not None and plan.summary.lifetime_cost is not None
    return plan.summary.lifetime_cost


def _upfront(limits: tuple[LimitSensitivity, ...]) -> LimitSensitivity:
    (found,) = [m for m in limits if m.field == "constraints.max_upfront"]
    return found


def test_the_capex_examples_upfront_step_is_the_plan_re_posted_with_that_budget() -> None:
    """The capex example (`max_upfront` 10,000,000): the plan pays 6,690,677.76 upfront
    (3,309,322.24 idle) and shows 0.62 saved per $ of it (the relaxation's); 10 % more budget,
    in the run, is what the plan POSTed with 11,000,000 costs, to the cent: nothing saved."""
    catalog = default_catalog()
    plan = _plan(catalog, {})
    assert plan.marginal is not None
    assert plan.marginal.upfront[0].per_mw_month == pytest.approx(0.6165, abs=1e-4)
    result = sensitivity(catalog, plan, SensitivityOptions(), workers=2, prices=False)
    upfront = _upfront(result.limits)
    assert upfront.unit == "USD" and upfront.steps_in == "fraction of the limit"
    assert upfront.value == 10_000_000.0
    assert upfront.used == pytest.approx(6_690_677.76, abs=0.005)
    assert upfront.slack == pytest.approx(3_309_322.24, abs=0.005)
    assert upfront.binds is False and upfront.month is None
    step = next(r for r in upfront.responses if r.change == 0.1)
    assert step.value == pytest.approx(11_000_000.0)
    assert step.cost is not None and step.cost_change is not None
    re_posted = _cost(_plan(catalog, {"max_upfront": 11_000_000}))
    assert round(step.cost, 2) == round(re_posted, 2)
    assert round(step.cost_change, 2) == round(re_posted - _cost(plan), 2) == 0.0
    # The reports carry the use and the idle cash to the cent.
    for text in (markdown(result), table_text(result), page(result)):
        assert "6,690,677.76 USD" in text and "3,309,322.24 USD" in text


def test_a_raised_limit_with_slack_above_the_step_is_re_solved_and_saves() -> None:
    """`max_upfront` 6,200,000: the plan pays no upfront at all (6,200,000 idle, far above a
    step of 620,000), yet 10 % more (6,820,000) saves 4,124,908.80, the plan POSTed with it
    to the cent (the one that pays 6,690,677.76 at signing), where the relaxation says 0.62
    per $ (382,240 for the step): raising a limit is re-solved whatever the slack, in whole
    units it admits plans the old one did not. The +25 % step's optimum answers +10 %."""
    catalog = default_catalog()
    plan = _plan(catalog, {"max_upfront": 6_200_000})
    result = sensitivity(catalog, plan, SensitivityOptions(), workers=2, prices=False)
    upfront = _upfront(result.limits)
    assert upfront.used == 0.0 and upfront.slack == 6_200_000.0
    statuses = {r.change: r.status for r in upfront.responses}
    assert statuses == {-0.25: "unchanged", -0.1: "unchanged", 0.1: "proven", 0.25: "optimal"}
    step = next(r for r in upfront.responses if r.change == 0.1)
    assert "the re-solve at +25% fits" in step.note
    assert step.cost is not None and step.cost_change is not None
    assert round(step.cost_change, 2) == -4_124_908.80
    assert round(step.cost, 2) == round(_cost(_plan(catalog, {"max_upfront": 6_820_000})), 2)


def test_a_tightened_limit_the_plan_fits_is_proven_without_a_re_solve_and_agrees() -> None:
    """The capex example: the plan pays 6,690,677.76 upfront, so -25 % and -10 % of its
    10,000,000 leave it feasible and are answered by it (`unchanged`, no solver run), +10 %
    by the +25 % step's optimum; each is what a re-solve finds, to the cent."""
    catalog = default_catalog()
    plan = _plan(catalog, {})
    options = SensitivityOptions()
    proved = sensitivity(catalog, plan, options, workers=2, prices=False)
    solved = sensitivity(catalog, plan, options, workers=2, prices=False, prove=False)
    upfront, resolved = _upfront(proved.limits), _upfront(solved.limits)
    assert upfront.slack is not None and upfront.slack > 0.25 * upfront.value
    statuses = {r.change: r.status for r in upfront.responses}
    assert statuses == {-0.25: "unchanged", -0.1: "unchanged", 0.1: "unchanged", 0.25: "optimal"}
    assert "the plan fits this limit" in upfront.responses[0].note
    assert "the re-solve at +25% fits" in upfront.responses[2].note
    assert proved.solver_runs.get("limit") == 1 and solved.solver_runs.get("limit") == 4
    assert [r.status for r in resolved.responses] == ["optimal"] * 4
    for mine, theirs in zip(upfront.responses, resolved.responses, strict=True):
        assert mine.cost is not None and theirs.cost is not None
        assert round(mine.cost, 2) == round(theirs.cost, 2)


def test_a_plan_without_limits_has_no_limits() -> None:
    """The seed example sets no cap, budget nor share, and reaches no offer's `max_units`."""
    catalog = default_catalog()
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast)
    result = sensitivity(catalog, plan, SensitivityOptions(), prices=False)
    assert result.limits == () and result.finished
    assert "Limits" not in markdown(result)


def _held(catalog: Catalog, units: int) -> Catalog:
    """`catalog` with onprem-gb300 limited to `units` (the probe's case: the seed buys 3)."""
    offers = tuple(
        msgspec.structs.replace(o, max_units=units) if o.id == "onprem-gb300" else o
        for o in catalog.offers
    )
    return msgspec.structs.replace(catalog, offers=offers)


def test_an_offers_max_units_the_plan_reaches_moves_by_whole_units() -> None:
    """The seed with onprem-gb300's `max_units` 2: the plan holds both units, and one unit
    fewer and one more are each what the plan costs solved against that catalog, to the
    cent (1 unit: 1,654,588.80 more; 3: as much less, the seed's own plan)."""
    catalog = _held(default_catalog(), 2)
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast)
    result = sensitivity(catalog, plan, SensitivityOptions(), workers=2, prices=False)
    (held,) = result.limits
    assert held.field == "offers[id=onprem-gb300].max_units" and held.steps_in == "units"
    assert (held.value, held.used, held.slack, held.binds) == (2.0, 2.0, 0.0, True)
    assert [(r.change, r.value) for r in held.responses] == [(-1.0, 1.0), (1.0, 3.0)]
    for r in held.responses:
        again = make_plan(_held(catalog, int(r.value)), request, request.forecast)
        assert r.status == "optimal" and r.cost is not None
        assert round(r.cost, 2) == round(_cost(again), 2)
    assert "-1 unit" in table_text(result) and "3 units" in table_text(result)


def test_a_limit_per_month_moves_in_every_month_and_shows_where_the_plan_uses_most() -> None:
    """`max_upfront_by_month` 6,800,000 in the first month, 0 in ten, 12,000,000 in the last:
    the plan pays its 6,690,677.76 upfront in the first month, the one a step reaches first
    (not a month limited to 0, which no factor moves, nor the last, 0 of 12,000,000 used),
    and -25 % is the plan POSTed with every month's limit times 0.75, to the cent."""
    months = [6_800_000.0] + [0.0] * 10 + [12_000_000.0]
    catalog = default_catalog()
    plan = _plan(catalog, {"max_upfront_by_month": months})
    result = sensitivity(catalog, plan, SensitivityOptions(steps=(-0.25,)), prices=False)
    (by_month,) = [m for m in result.limits if m.field == "constraints.max_upfront_by_month"]
    assert (by_month.value, by_month.month) == (6_800_000.0, "2027-01")
    assert by_month.used == pytest.approx(6_690_677.76, abs=0.005)
    (step,) = by_month.responses
    assert step.value == pytest.approx(5_100_000.0) and step.status == "optimal"
    assert step.cost is not None and step.cost_change is not None and step.cost_change > 0
    again = _plan(catalog, {"max_upfront_by_month": [0.75 * m for m in months]})
    assert round(step.cost, 2) == round(_cost(again), 2)


def test_the_growing_examples_power_cap_doubled_is_the_plan_re_posted_at_two_mw() -> None:
    """Probe 14a: the plan showed 2,372,617.73 per MW of the on-prem cap (the relaxation's
    1-MW step; its rate since probe 16a F2); the whole-unit plan at 2 MW (a step of +100%),
    re-solved here, saves 2,854,078.08, as the plan POSTed with 2 MW does, to the cent; the
    plan uses at most 0.9072 of its 1 MW, in 2027-11 (with the tail valued in whole units since
    probe 16a F1; 2,855,339.52 and 0.994 in 2027-12 before)."""
    catalog = default_catalog()
    body = json.loads((EXAMPLES / "growing-power-capped.json").read_text())
    request = msgspec.convert(body, type=PlanRequest)
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast)
    result = sensitivity(catalog, plan, SensitivityOptions(steps=(1.0,)), prices=False)
    (cap,) = result.limits
    assert cap.field == "constraints.power_caps[site=on-prem/own-dc].mw" and cap.unit == "MW"
    assert (cap.value, cap.month) == (1.0, "2027-11")
    assert cap.used == pytest.approx(0.9072, abs=1e-9)
    (step,) = cap.responses
    assert step.value == pytest.approx(2.0) and step.cost_change is not None
    assert round(step.cost_change, 2) == -2_854_078.08
    body["constraints"]["power_caps"][0]["mw"] = 2.0
    doubled = msgspec.convert(body, type=PlanRequest)
    assert doubled.forecast is not None
    assert step.cost is not None
    assert round(step.cost, 2) == round(_cost(make_plan(catalog, doubled, doubled.forecast)), 2)


def test_the_vendor_share_moves_in_points_and_shows_the_largest_share_the_plan_gives() -> None:
    """The seed with `max_vendor_share` 0.8: the plan's largest vendor share, read here from
    the re-solve's columns, is the one its own months show (each vendor's cost over the
    month's), in its first month; +10 points (0.9) is the plan POSTed with 0.9, to the cent
    (669,264.00 less)."""
    catalog = default_catalog()
    body = json.loads((EXAMPLES / "seed-deepseek-r1.json").read_text())
    body.setdefault("constraints", {})["max_vendor_share"] = 0.8
    request = msgspec.convert(body, type=PlanRequest)
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast)
    shares = []
    for month in plan.months:
        spend: dict[str, float] = {}
        for a in month.allocations:
            spend[slugify(a.vendor)] = spend.get(slugify(a.vendor), 0.0) + a.cost
        for p in month.purchases:
            spend[slugify(p.vendor)] = spend.get(slugify(p.vendor), 0.0) + p.cost
        total = sum(spend.values())
        shares += [(cost / total, f"{vendor} in {month.month}") for vendor, cost in spend.items()]
    most = max(share for share, _where in shares)
    first = next(where for share, where in shares if share >= most - 1e-9)
    result = sensitivity(catalog, plan, SensitivityOptions(steps=(0.1,)), prices=False)
    (share,) = result.limits
    assert (share.field, share.steps_in, share.value) == (
        "constraints.max_vendor_share",
        "points of share",
        0.8,
    )
    assert share.used == pytest.approx(most, abs=1e-9) and share.month == first
    (step,) = share.responses
    assert step.value == pytest.approx(0.9) and step.cost is not None
    body["constraints"]["max_vendor_share"] = 0.9
    wider = msgspec.convert(body, type=PlanRequest)
    assert wider.forecast is not None
    assert round(step.cost, 2) == round(_cost(make_plan(catalog, wider, wider.forecast)), 2)
    assert "+10 points" in table_text(result) and "90.00%" in table_text(result)
