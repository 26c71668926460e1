"""The optimizer against an independent brute force, and the properties any optimum keeps."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, seed, settings

from catalog import Catalog, InvalidInput
from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.request import Options, PlanRequest, month_index
from tests.bruteforce import brute_force, feasible
from tests.strategies import small_plans
from tests.verify import verify_plan

# One and a half times the profile's examples: 150 under `ci`, as the suite has always checked.
SETTINGS = settings(
    max_examples=settings.default.max_examples * 3 // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _solve(catalog: Catalog, request: PlanRequest) -> Plan | None:
    """The plan, or None when a pre-check refuses the request (a month with demand and no
    offer available yet)."""
    assert request.forecast is not None
    try:
        return make_plan(catalog, request, request.forecast)
    except InvalidInput as exc:
        assert "no eligible offer is available yet" in exc.errors[0].message
        return None


# The properties that solve a drawn instance as it is share one seed under a derandomized
# profile (`ci`), so they draw the same instances and each is solved once in a process
# (`_solve_shared`): 150 examples each still, three solves in four fewer. Elsewhere (`dev`)
# each draws at random, as before.
SHARED = seed(20261129) if settings.default.derandomize else (lambda test: test)
_SOLVED: dict[bytes, Plan | None] = {}


def _solve_shared(catalog: Catalog, request: PlanRequest) -> Plan | None:
    """`_solve`, once per instance in this process (a Plan is frozen: sharing it is safe)."""
    key = msgspec.json.encode((catalog, request))
    if key not in _SOLVED:
        _SOLVED[key] = _solve(catalog, request)
    return _SOLVED[key]


def objective(plan: Plan) -> float:
    """What the plan minimised: its total cost, and under `demand_continues` its tail's."""
    assert plan.summary is not None
    return plan.summary.total_cost + (plan.tail.cost if plan.tail is not None else 0.0)


def test_exact_feasibility_check() -> None:
    """The brute force's simplex: two workloads sharing two offers, at and past the limit."""
    # Offer 0 serves w0 at 10/GPU, w1 at 5/GPU; offer 1 serves only w1 at 10/GPU.
    rates = [[10.0, 5.0], [0.0, 10.0]]
    assert feasible([2.0, 1.0], rates, [10.0, 15.0])  # 1 GPU of o0 to w0, 1 to w1, o1 to w1
    assert not feasible([2.0, 1.0], rates, [10.0, 15.1])
    assert feasible([0.0, 0.0], rates, [0.0, 0.0])
    assert not feasible([0.0, 0.0], rates, [0.0, 1.0])


@SHARED
@SETTINGS
@given(small_plans())
def test_optimum_matches_brute_force(instance: tuple[Catalog, PlanRequest]) -> None:
    """On tiny instances the solver's cost equals the brute force's to 1e-6, and its plan keeps
    every constraint when re-checked independently."""
    catalog, request = instance
    expected = brute_force(catalog, request)
    plan = _solve_shared(catalog, request)
    if plan is None:
        assert expected is None
        return
    if expected is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal", plan.error
    assert objective(plan) == pytest.approx(expected, rel=1e-6, abs=1e-6)
    assert request.forecast is not None
    verify_plan(plan, catalog, request, request.forecast)


@SHARED
@SETTINGS
@given(small_plans())
def test_the_tail_values_each_renewal_at_its_price(instance: tuple[Catalog, PlanRequest]) -> None:
    """Under `demand_continues` the tail's renewals, recounted from the plan's commitments
    alone: per offer (new and existing apart), the units of the contracts with a term that end
    after the horizon and before the tail's end are the units ending; renewed in full, they
    would count each contract's monthly cost times the tail months left. The plan renews what
    it chooses of them (renewal is the model's choice): what each offer's renewal counts is
    that full figure where it leaves none, at most it otherwise, and `renewed_cost` is the
    offers' sum."""
    catalog, request = instance
    plan = _solve_shared(catalog, request)
    if plan is None or plan.tail is None or not plan.months:
        return
    horizon_end = month_index(plan.months[-1].month) + 1  # the tail's first month
    tail_end = horizon_end + plan.tail.months  # one past its last
    full: dict[tuple[str, bool], float] = {}
    ending: dict[tuple[str, bool], float] = {}
    for c in plan.commitments:
        end = month_index(c.end) + 1
        if c.term_months > 1 and month_index(c.start) < horizon_end <= end < tail_end:
            key = (c.offer_id, c.existing)
            full[key] = full.get(key, 0.0) + (tail_end - end) * c.monthly_cost
            ending[key] = ending.get(key, 0.0) + c.units
    shown = {(r.offer_id, r.existing): r for r in plan.tail.renewals}
    assert set(shown) == set(ending)
    for key, r in shown.items():
        assert r.units_ending == pytest.approx(ending[key])
        assert r.units_renewed + r.units_not_renewed == pytest.approx(r.units_ending)
        if r.units_not_renewed <= 1e-9:
            assert r.renewed_cost == pytest.approx(full[key], rel=1e-9, abs=1e-6)
        else:
            assert r.renewed_cost <= full[key] * (1 + 1e-9) + 1e-6
    total = sum(r.renewed_cost for r in plan.tail.renewals)
    assert plan.tail.renewed_cost == pytest.approx(total, rel=1e-9, abs=1e-6)


@SHARED
@SETTINGS
@given(small_plans())
def test_integer_optimum_is_never_below_the_relaxation(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """The LP relaxation is a lower bound on the integer plan."""
    catalog, request = instance
    plan = _solve_shared(catalog, request)
    if plan is None or plan.status != "optimal":
        return
    relaxed = msgspec.structs.replace(
        request, options=msgspec.structs.replace(request.options, relax=True)
    )
    lp = _solve(catalog, relaxed)
    assert lp is not None and lp.status == "optimal"
    assert objective(lp) <= objective(plan) * (1 + 1e-9) + 1e-6


@SHARED
@SETTINGS
@given(small_plans())
def test_more_demand_never_costs_less(instance: tuple[Catalog, PlanRequest]) -> None:
    """Scaling every workload's demand up by 30% never lowers the cost."""
    catalog, request = instance
    assert request.forecast is not None
    plan = _solve_shared(catalog, request)
    if plan is None:
        return
    more = msgspec.structs.replace(
        request.forecast,
        workloads=tuple(
            msgspec.structs.replace(
                w, tokens_per_second=[v * 1.3 for v in w.demand(request.forecast.months)]
            )
            for w in request.forecast.workloads
        ),
    )
    bigger = _solve(catalog, msgspec.structs.replace(request, forecast=more))
    assert bigger is not None
    if plan.status == "infeasible":
        assert bigger.status == "infeasible"  # more demand cannot become servable
        return
    if bigger.status == "infeasible":
        return
    assert objective(bigger) >= objective(plan) * (1 - 1e-9) - 1e-6


@SHARED
@SETTINGS
@given(small_plans())
def test_raising_a_cap_never_costs_more(instance: tuple[Catalog, PlanRequest]) -> None:
    """Doubling every power cap never raises the cost, nor turns a feasible plan infeasible."""
    catalog, request = instance
    plan = _solve_shared(catalog, request)
    looser = msgspec.structs.replace(
        request,
        constraints=msgspec.structs.replace(
            request.constraints,
            power_caps=tuple(
                msgspec.structs.replace(
                    c, mw=[v * 2 for v in c.mw] if isinstance(c.mw, list) else c.mw * 2
                )
                for c in request.constraints.power_caps
            ),
        ),
    )
    loose = _solve(catalog, looser)
    if plan is None or plan.status == "infeasible":
        return
    assert loose is not None and loose.status == "optimal"
    assert objective(loose) <= objective(plan) * (1 + 1e-9) + 1e-6


@SETTINGS
@given(small_plans(vendor_share=True))
def test_vendor_share_plans_keep_every_constraint(instance: tuple[Catalog, PlanRequest]) -> None:
    """With a vendor-share rule (where idle units may be bought to dilute a vendor's share,
    so the brute force's bounds do not apply), every plan still keeps every constraint, and
    the brute force finds nothing cheaper within its bounds."""
    catalog, request = instance
    plan = _solve(catalog, request)
    cheapest = brute_force(catalog, request)
    if plan is None:
        assert cheapest is None
        return
    if cheapest is not None:
        assert plan.status == "optimal"
    if plan.status != "optimal":
        return
    assert request.forecast is not None and plan.summary is not None
    verify_plan(plan, catalog, request, request.forecast)
    if cheapest is not None:
        assert objective(plan) <= cheapest * (1 + 1e-6) + 1e-6


def test_unit_for_unit_dominance() -> None:
    """An 8-GPU node at $8/h serving 800 tok/s beats a 4-GPU node at $10/h serving 600 tok/s
    unit for unit (though not GPU for GPU); it is pruned, and the optimum is unchanged."""
    import datetime as dt

    from catalog import Offer, Point, Profile, System
    from optimizer.prepare import prepare, prune_dominated
    from optimizer.request import SLO, Forecast, Workload
    from tests.bruteforce import brute_force

    day = dt.date(2026, 1, 1)
    systems = tuple(
        System(
            id=f"s-{k}",
            name=k,
            accelerator=k,
            maker="T",
            power_kw_per_gpu=kw,
            scale_up_gpus=8,
            memory_gb_per_gpu=80,
            source="test",
        )
        for k, kw in (("a", 1.0), ("b", 2.0))
    )
    profiles = tuple(
        Profile(
            id=f"p-{k}",
            system_id=f"s-{k}",
            model="m",
            isl=1,
            osl=1,
            precision="fp8",
            points=(
                Point(
                    interactivity=100,
                    throughput_per_gpu=r,
                    deployment="d",
                    basis="measured",
                    source="test",
                    measured_on=day,
                ),
            ),
        )
        for k, r in (("a", 100.0), ("b", 150.0))
    )
    offers = tuple(
        Offer(
            id=f"o-{k}",
            vendor="V",
            system_id=f"s-{k}",
            region="r",
            kind="on_demand",
            price_per_gpu_hour=price,
            gpus_per_unit=unit,
            price_basis="list",
            source="test",
            as_of=day,
        )
        for k, price, unit in (("a", 1.0, 8), ("b", 2.5, 4))
    )
    catalog = Catalog(revision=1, systems=systems, profiles=profiles, offers=offers)
    forecast = Forecast(
        name="u",
        start="2027-01",
        months=2,
        workloads=(
            Workload(
                id="w",
                model="m",
                isl=1,
                osl=1,
                slo=SLO(min_interactivity=50),
                tokens_per_second=[500.0, 1300.0],
            ),
        ),
    )
    request = PlanRequest(
        forecast=forecast,
        options=Options(gap=0.0, commitment_accounting="in_horizon", replicas="fractional"),
    )
    _, removed = prune_dominated(prepare(catalog, request, forecast))
    assert removed == {"o-b": "o-a"}
    plan = _solve(catalog, request)
    assert plan is not None and plan.summary is not None
    assert plan.summary.total_cost == pytest.approx(brute_force(catalog, request), rel=1e-9)
