"""Probe 13 finding 3: at a breakpoint a dual is one side's rate, not what the step it names
saves. Every marginal a plan shows is what its step up saves (for demand: what one more
costs), checked by re-solving; where the step down differs, `step_down_*` gives it and the
note names the limit."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import Catalog
from optimizer import Constraints, Options, Plan, PlanRequest, make_plan
from optimizer.checked_marginals import power_step_kw
from optimizer.instance import Instance
from optimizer.plan import PowerMarginal
from optimizer.solver import build, solve
from tests.strategies import small_plans, small_plans_with_apis
from tests.tiny import Spec, catalog, drawn_instance, forecast

MONTH = 730.0  # hours a month


def _limited(cat: Catalog, limits: dict[str, int]) -> Catalog:
    """`cat` with `max_units` of the offers named (the others unlimited)."""
    offers = tuple(msgspec.structs.replace(o, max_units=limits.get(o.id)) for o in cat.offers)
    return msgspec.structs.replace(cat, offers=offers)


def _relaxed(cat: Catalog, tokens: float, constraints: Constraints | None = None) -> Plan:
    request = PlanRequest(
        forecast=forecast(tokens),
        constraints=constraints or Constraints(),
        options=Options(relax=True, commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal" and plan.marginal is not None
    return plan


THREE = catalog(Spec("cheap", 1.0), Spec("mid", 3.0), Spec("dear", 5.0))
"""1-GPU units of 1,000 tok/s at $1, $3 and $5 a GPU-hour."""


def test_max_units_at_its_breakpoint_gives_both_sides_worked_by_hand() -> None:
    """12,000 tok/s: 12 GPUs, `cheap` held to 10 and `mid` to 2, so the plan is 10 cheap + 2
    mid, exactly at both limits. One more `cheap` replaces a `mid`: saves 2 x 730 = 1,460;
    one fewer is replaced by a `dear` (mid is full): costs 4 x 730 = 2,920. One more `mid`
    saves nothing, one fewer costs 2 x 730 = 1,460. Demand: one more tok/s is bought from
    `dear` ($5 x 730 / 1,000 = 3.65), one fewer saves a `mid`'s (2.19)."""
    plan = _relaxed(_limited(THREE, {"cheap": 10, "mid": 2}), 12_000.0)
    assert plan.marginal is not None
    [cheap] = [m for m in plan.marginal.availability if m.offer_id == "cheap"]
    assert cheap.per_unit_month == pytest.approx(2 * MONTH, abs=0.01)
    assert cheap.step_down_per_unit_month == pytest.approx(4 * MONTH, abs=0.01)
    # Listed whatever dual the relaxation picked for it (0 is one): one fewer costs.
    [mid] = [m for m in plan.marginal.availability if m.offer_id == "mid"]
    assert mid.per_unit_month == pytest.approx(0.0, abs=0.01)
    assert mid.step_down_per_unit_month == pytest.approx(2 * MONTH, abs=0.01)
    assert mid.max_units == 2 and mid.units_in_plan == pytest.approx(2.0)
    note = plan.marginal.note
    assert (
        "max_units of cheap (per unit): one step up saves 1,460.00, one step down costs 2,920.00"
        in note
    )
    assert (
        "max_units of mid (per unit): one step up saves 0.00, one step down costs 1,460.00" in note
    )
    [w] = plan.marginal.workloads
    assert w.per_token_per_second == pytest.approx(5 * MONTH / 1000, abs=1e-6)
    assert w.step_down_per_token_per_second == pytest.approx(3 * MONTH / 1000, abs=1e-6)
    assert w.per_million_tokens == pytest.approx(5 * MONTH / 1000 / 2.628, abs=1e-6)
    [d] = plan.marginal.demand
    assert d.per_token_per_second_month == pytest.approx(5 * MONTH / 1000, abs=1e-6)
    assert d.step_down_per_token_per_second_month == pytest.approx(3 * MONTH / 1000, abs=1e-6)


def test_off_the_breakpoint_one_figure_and_no_step_down() -> None:
    """11,500 tok/s with `cheap` held to 10 and `mid` unlimited: 10 cheap + 1.5 mid. A unit
    of `cheap` either way trades against a `mid` at 2 x 730 = 1,460, the dual; nothing is
    given for the step down, and the note names no breakpoint."""
    plan = _relaxed(_limited(THREE, {"cheap": 10}), 11_500.0)
    assert plan.marginal is not None
    [cheap] = plan.marginal.availability
    assert cheap.per_unit_month == pytest.approx(2 * MONTH, abs=0.01)
    assert cheap.step_down_per_unit_month is None
    assert "one step down costs" not in plan.marginal.note


def _cheap_capped(mw: float, tokens_per_second: float) -> tuple[PowerMarginal, str]:
    """The relaxed plan's power marginal of `tokens_per_second` on `cheap` ($1, 1 kW a GPU)
    at a site capped at `mw`, beside `dear` ($5) elsewhere, and its marginals' note."""
    cat = catalog(Spec("cheap", 1.0), Spec("dear", 5.0, region="d"))
    cap = {"site": cat.offers[0].site_key, "mw": mw}
    constraints = msgspec.convert({"power_caps": [cap]}, Constraints)
    plan = _relaxed(cat, tokens_per_second, constraints)
    assert plan.marginal is not None
    [power] = plan.marginal.power
    return power, plan.marginal.note


def test_a_power_cap_at_its_breakpoint_gives_both_sides() -> None:
    """3,000,000 tok/s: 3,000 GPUs of 1 kW, `cheap` ($1) at a site capped at exactly 3 MW,
    `dear` ($5) elsewhere. One MW more saves nothing (cheap already serves it all); one MW
    less moves 1,000 GPUs to `dear`: costs 1,000 x 4 x 730 = 2,920,000."""
    power, _note = _cheap_capped(3.0, 3_000_000.0)
    assert power.per_mw_month == pytest.approx(0.0, abs=0.01)
    assert power.step_down_per_mw_month == pytest.approx(1000 * 4 * MONTH, abs=0.01)


def test_a_power_cap_under_a_megawatt_shows_its_rate_worked_by_hand() -> None:
    """Probe 16a F2: 1,000,000 tok/s, `cheap` ($1, 1 kW a GPU) at a site capped at 0.3 MW,
    `dear` ($5) elsewhere. Every kW more moves a GPU from `dear` to `cheap` up to 1 MW:
    1,000 x 4 x 730 = 2,920,000 per MW either way. A step of 1 MW (what was shown) saves
    only 700 GPUs' worth, 2,044,000, and the step down below 0 was not made."""
    power, note = _cheap_capped(0.3, 1_000_000.0)
    # A step of 3 kW: the solver's noise in a cost (1e-9 of it) is a few cents per MW.
    assert power.per_mw_month == pytest.approx(1000 * 4 * MONTH, rel=1e-8)
    assert power.step_down_per_mw_month is None
    assert "one step down costs" not in note


def test_a_power_step_is_a_hundredth_of_the_smallest_cap() -> None:
    """Never larger than the cap itself; a cap of 0 is stepped by a watt."""
    assert power_step_kw([300.0, 1000.0]) == pytest.approx(3.0)
    assert power_step_kw([0.0, 0.0]) == pytest.approx(0.001)
    assert power_step_kw([0.0, 50.0]) == pytest.approx(0.5)


def test_vendor_share_figures_are_the_steps_worked_by_hand() -> None:
    """A at $1, B at $3, 10,000 tok/s, share s: A's GPUs a = 30 s / (1 + 2 s), cost 730 x
    (30 - 2 a) (tests/solver/test_limit_marginals.py); at 0.6 one step up saves 730 x 2 x
    (a(0.61) - a(0.6)), one step down costs 730 x 2 x (a(0.6) - a(0.59)): the cost bends
    within the step, both are given and their sum over the listed rows is each side."""
    cat = catalog(Spec("a", 1.0, vendor="A"), Spec("b", 3.0, vendor="B"))
    plan = _relaxed(cat, 10_000.0, Constraints(max_vendor_share=0.6))

    def a(s: float) -> float:
        return 10 * 3 * s / (1 + 2 * s)

    assert plan.marginal is not None
    rows = plan.marginal.vendor_share
    up = sum(m.per_share_point for m in rows)
    down = sum(m.step_down_per_share_point or 0.0 for m in rows)
    assert up == pytest.approx(MONTH * 2 * (a(0.61) - a(0.6)), abs=0.01)
    assert down == pytest.approx(MONTH * 2 * (a(0.6) - a(0.59)), abs=0.01)


# The property: each reported step's figure is the re-solved finite difference, from an
# instance prepared again with the limit moved (an independent path: the request or catalog
# changed, the relaxation built afresh).


def _cost(instance: Instance) -> float | None:
    model = build(instance, relax=True)
    solution = solve(model, time_limit=30.0, gap_tolerance=0.0)
    if solution.status != "optimal":
        return None
    return sum(c * (v.value() or 0.0) for v, c in model.formulation.cost_terms.items())


def _prepared(cat: Catalog, request: PlanRequest) -> Instance | None:
    return drawn_instance(cat, request)


def _near(figure: float, expected: float | None, base: float) -> None:
    assert expected is not None
    assert figure == pytest.approx(expected, abs=max(0.01, 1e-9 * abs(base)))


def _check_availability(plan: Plan, cat: Catalog, request: PlanRequest, base: float) -> None:
    assert plan.marginal is not None
    for offer_id in {m.offer_id for m in plan.marginal.availability}:
        months = [m for m in plan.marginal.availability if m.offer_id == offer_id]
        [offer] = [o for o in cat.offers if o.id == offer_id]
        assert offer.max_units is not None
        costs = []
        for step in (1, -1):
            moved = tuple(
                msgspec.structs.replace(o, max_units=offer.max_units + step)
                if o.id == offer_id
                else o
                for o in cat.offers
            )
            instance = _prepared(msgspec.structs.replace(cat, offers=moved), request)
            costs.append(None if instance is None else _cost(instance))
        _sides([(m.per_unit_month, m.step_down_per_unit_month) for m in months], costs, base)


def _check_workloads(plan: Plan, cat: Catalog, request: PlanRequest, base: float) -> None:
    assert plan.marginal is not None and request.forecast is not None
    for item in plan.marginal.workloads:
        w = next(x for x in request.forecast.workloads if x.id == item.workload_id)
        values = (
            w.tokens_per_second
            if isinstance(w.tokens_per_second, list | tuple)
            else [w.tokens_per_second]
        )
        if any(v <= 1.0 for v in values):
            continue  # a month without demand has no row; one token/s there is a new one
        costs = []
        for step in (1.0, -1.0):
            moved_w = msgspec.structs.replace(w, tokens_per_second=[v + step for v in values])
            workloads = tuple(moved_w if x.id == w.id else x for x in request.forecast.workloads)
            forecast = msgspec.structs.replace(request.forecast, workloads=workloads)
            instance = _prepared(cat, msgspec.structs.replace(request, forecast=forecast))
            costs.append(None if instance is None else _cost(instance))
        if costs[0] is not None:
            _near(item.per_token_per_second, costs[0] - base, base)
        if costs[1] is not None:
            down = item.step_down_per_token_per_second
            _near(item.per_token_per_second if down is None else down, base - costs[1], base)


def _check_power(plan: Plan, instance: Instance, base: float) -> None:
    """Each cap a hundredth of its smallest month higher (lower) in every month: the sum of
    its months' figures, per MW."""
    assert plan.marginal is not None
    for site in {item.site for item in plan.marginal.power}:
        months = [item for item in plan.marginal.power if item.site == site]
        caps = instance.total_power_mw if site == "(total)" else instance.power_caps[site]
        assert caps is not None
        size = power_step_kw([1000.0 * mw for mw in caps]) / 1000.0
        costs = []
        for step in (size, -size):
            if site == "(total)":
                assert instance.total_power_mw is not None
                total = [v + step for v in instance.total_power_mw]
                moved = dataclasses.replace(instance, total_power_mw=total)
            else:
                caps = {
                    s: [v + step for v in c] if s == site else c
                    for s, c in instance.power_caps.items()
                }
                moved = dataclasses.replace(instance, power_caps=caps)
            cost = _cost(moved)
            costs.append(None if cost is None else cost / size)
        _sides(_power_sides(months), costs, base / size)


def _sides(shown: list[tuple[float, float | None]], costs: list[float | None], base: float) -> None:
    """A limit's figures, each month's (step up, step down where it differs), against the
    re-solves one step up and one step down (`costs`: None where not made)."""
    if costs[0] is not None:
        _near(sum(up for up, _ in shown), base - costs[0], base)
    if costs[1] is not None:
        _near(sum(up if down is None else down for up, down in shown), costs[1] - base, base)


def _power_sides(months: list[PowerMarginal]) -> list[tuple[float, float | None]]:
    return [(m.per_mw_month, m.step_down_per_mw_month) for m in months]


def _check_budget(plan: Plan, instance: Instance, base: float) -> None:
    """`monthly_budget` $1 higher (lower), in every month."""
    assert plan.marginal is not None and instance.monthly_budget is not None
    if not plan.marginal.budget:
        return
    costs = [
        _cost(dataclasses.replace(instance, monthly_budget=instance.monthly_budget + step))
        for step in (1.0, -1.0)
    ]
    _sides(_power_sides(list(plan.marginal.budget)), costs, base)


def _check_share(plan: Plan, cat: Catalog, request: PlanRequest, base: float) -> None:
    assert plan.marginal is not None
    share = request.constraints.max_vendor_share
    rows = plan.marginal.vendor_share
    if share is None or not rows:
        return
    costs = []
    for step in (0.01, -0.01):
        constraints = msgspec.structs.replace(request.constraints, max_vendor_share=share + step)
        instance = _prepared(cat, msgspec.structs.replace(request, constraints=constraints))
        costs.append(None if instance is None else _cost(instance))
    _sides([(m.per_share_point, m.step_down_per_share_point) for m in rows], costs, base)


@st.composite
def _with_apis(draw: st.DrawFn) -> tuple[Catalog, PlanRequest]:
    """`small_plans_with_apis`, sometimes under a vendor share again (API purchases are
    shares of the average demand: a demand step moves their bounds too)."""
    cat, request = draw(small_plans_with_apis())
    share = draw(st.sampled_from([None, 0.5, 0.7]))
    constraints = msgspec.structs.replace(request.constraints, max_vendor_share=share)
    return cat, msgspec.structs.replace(request, constraints=constraints)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.booleans().flatmap(lambda share: small_plans(vendor_share=share)),
        _with_apis(),
    )
)
def test_every_step_figure_is_the_resolved_finite_difference(drawn: Any) -> None:
    """On small relaxed instances, each figure shown (availability, vendor share, power caps,
    the budget, workload demand) equals the difference of the relaxation's
    cost re-solved with its limit moved one step that way, to the cent: the step up's in the
    figure, the step down's in `step_down_*` (or the figure itself, where none is given)."""
    cat, request = drawn
    request = msgspec.structs.replace(
        request, options=msgspec.structs.replace(request.options, relax=True)
    )
    instance = _prepared(cat, request)
    if instance is None:
        return
    base = _cost(instance)
    if base is None:
        return
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    if plan.marginal is None or plan.status != "optimal":
        return
    assert "time ran out" not in plan.marginal.note
    _check_availability(plan, cat, request, base)
    _check_share(plan, cat, request, base)
    _check_power(plan, instance, base)
    if instance.monthly_budget is not None:
        _check_budget(plan, instance, base)
    _check_workloads(plan, cat, request, base)


def _units_used(instance: Instance) -> dict[str, float]:
    """The most units of each offer active in any month of the relaxation's optimum."""
    model = build(instance, relax=True)
    assert solve(model, time_limit=30.0, gap_tolerance=0.0).status == "optimal"
    f = model.formulation
    most: dict[str, float] = {}
    for (o, _t), pairs in f.covering.items():
        units = sum(c * (v.value() or 0.0) for v, c in pairs) + instance.offers[o].existing[_t]
        spec = instance.offers[o]
        most[spec.id] = max(most.get(spec.id, 0.0), units)
    return most


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans().flatmap(lambda share: small_plans(vendor_share=share)),
    st.sampled_from(["floor", "below", "ceil"]),
)
def test_a_max_units_where_the_relaxation_wants_it_is_checked_both_ways(
    drawn: Any, where: str
) -> None:
    """The offer the relaxation uses most, held to its units (rounded down, one below, or up:
    whole units are exactly at the limit, a breakpoint): the availability figures' sum and
    their step down are the re-solved finite differences of `max_units` +-1, to the cent."""
    cat, request = drawn
    options = msgspec.structs.replace(request.options, relax=True)
    request = msgspec.structs.replace(request, options=options)
    instance = _prepared(cat, request)
    if instance is None or _cost(instance) is None:
        return
    used = _units_used(instance)
    if not used:
        return  # nothing is bought
    offer_id, units = max(used.items(), key=lambda item: (item[1], item[0]))
    limit = {"floor": math.floor(units + 1e-9), "below": math.floor(units + 1e-9) - 1}.get(
        where, math.ceil(units - 1e-9)
    )
    if limit < 1:
        return
    offers = tuple(
        msgspec.structs.replace(o, max_units=limit, min_units=None) if o.id == offer_id else o
        for o in cat.offers
    )
    cat = msgspec.structs.replace(cat, offers=offers)
    held = _prepared(cat, request)
    base = None if held is None else _cost(held)
    if base is None:
        return
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    if plan.marginal is None or plan.status != "optimal":
        return
    _check_availability(plan, cat, request, base)
    _check_workloads(plan, cat, request, base)
