"""A scenario plan honours the request's `objective: power` and `options.relax` as the plain
plan does (probe7 findings 2 and 3)."""

from __future__ import annotations

import msgspec
import pytest

from catalog import Catalog
from optimizer import Options, Plan, PlanRequest, Scenario, make_plan
from tests import tiny

LOW_HIGH = (
    Scenario(name="low", probability=0.5, scale=2 / 3),
    Scenario(name="high", probability=0.5, scale=4 / 3),
)


def _solve(catalog: Catalog, request: PlanRequest, scenarios: tuple[Scenario, ...] = ()) -> Plan:
    assert request.forecast is not None
    forecast = msgspec.structs.replace(request.forecast, scenarios=scenarios)
    return make_plan(catalog, msgspec.structs.replace(request, forecast=forecast), forecast)


def _hot_and_cool() -> tuple[Catalog, PlanRequest]:
    """On demand: `hot` at $1/GPU-h drawing 2 kW a GPU, `cool` at $1.20 drawing 1 kW; 3,000
    tok/s for two months at 1,000 tok/s a GPU."""
    catalog = tiny.catalog(
        tiny.Spec(id="hot", price=1.0, kw_per_gpu=2.0),
        tiny.Spec(id="cool", price=1.2, kw_per_gpu=1.0),
    )
    options = Options(commitment_accounting="in_horizon", gap=0.0)
    return catalog, PlanRequest(forecast=tiny.forecast(3000.0, months=2), options=options)


def test_objective_power_with_scenarios_buys_the_least_power() -> None:
    """Under `objective: power` every scenario buys the 1 kW GPUs, as the plain plan does: one
    scenario of probability 1 costs the plain power plan's 3 * 730 * 2 * $1.20 = $5,256, and two
    scenarios buy only `cool`; the summary names the objective."""
    catalog, request = _hot_and_cool()
    power = msgspec.structs.replace(request, objective="power")
    plain = _solve(catalog, power)
    one = _solve(catalog, power, (Scenario(name="only", probability=1.0),))
    assert plain.summary is not None and one.summary is not None
    assert one.summary.total_cost == pytest.approx(plain.summary.total_cost, abs=0.005)
    assert one.summary.total_cost == pytest.approx(5256.0, abs=0.005)
    two = _solve(catalog, power, LOW_HIGH)
    assert two.status == "optimal" and two.scenarios is not None
    assert two.scenarios.objective == "power_then_expected_cost"
    assert {c.offer_id for c in two.commitments} == {"cool"}
    assert two.scenarios.expected_cost == pytest.approx(5256.0, abs=0.005)
    cost = _solve(catalog, request, LOW_HIGH)
    assert {c.offer_id for c in cost.commitments} == {"hot"}


def test_relax_with_scenarios_solves_the_relaxation_and_says_so() -> None:
    """`options.relax` with scenarios: an 8-GPU reserved unit is bought in fractions (2,000 and
    4,000 tok/s need 2 and 4 GPUs, a quarter and a half of a unit), the solver says `relaxed`,
    and the expected cost is at most the whole-unit plan's."""
    catalog = tiny.catalog(tiny.Spec(id="res", price=1.0, term_months=2, gpus_per_unit=8))
    options = Options(commitment_accounting="in_horizon", gap=0.0, relax=True)
    request = PlanRequest(forecast=tiny.forecast(3000.0, months=2), options=options)
    relaxed = _solve(catalog, request, LOW_HIGH)
    assert relaxed.solver is not None and relaxed.solver.relaxed
    assert relaxed.scenarios is not None
    units = [c.units for c in relaxed.commitments]
    assert units and all(u != round(u) for u in units)
    whole_units = msgspec.structs.replace(options, relax=False)
    whole = _solve(catalog, msgspec.structs.replace(request, options=whole_units), LOW_HIGH)
    assert whole.scenarios is not None and whole.solver is not None and not whole.solver.relaxed
    assert [c.units for c in whole.commitments] == [1.0]
    assert relaxed.scenarios.expected_cost < whole.scenarios.expected_cost - 0.005
