"""Issue 11, worked examples per finding (DESIGN section 8.1): whole replicas, the end of the
horizon, ties, vendor share, marginals, baselines, diagnosis and stale prices, each with its
numbers before (the first wave's model, where it can still be asked for) and after."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from catalog import Catalog
from optimizer import (
    SLO,
    Constraints,
    Existing,
    Forecast,
    Options,
    Plan,
    PlanRequest,
    PowerCap,
    Workload,
    make_plan,
)
from tests.tiny import Spec, catalog, forecast
from tests.verify import verify_plan


def plan_for(cat: Catalog, request: PlanRequest) -> Plan:
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    if plan.status in ("optimal", "feasible"):
        verify_plan(plan, cat, request, request.forecast)
    return plan


def total(plan: Plan) -> float:
    assert plan.summary is not None
    return plan.summary.total_cost


# -- 1. whole replicas ------------------------------------------------------------------------


def test_whole_replicas_buy_a_whole_24_gpu_replica_on_8_gpu_nodes() -> None:
    """16,000 tok/s on a deployment of 24-GPU replicas sold as 8-GPU nodes: fractional buys 2
    nodes (16 GPUs, two thirds of a replica); whole (the default) buys 3 nodes, 1 replica."""
    cat = catalog(Spec("n8", 1.0, gpus_per_unit=8, gpus_per_replica=24))
    fractional = plan_for(
        cat, PlanRequest(forecast=forecast(16_000.0), options=Options(replicas="fractional"))
    )
    assert [c.units for c in fractional.commitments] == [2.0]
    assert any("less than one replica" in w for w in fractional.warnings)
    whole = plan_for(cat, PlanRequest(forecast=forecast(16_000.0)))
    assert [c.units for c in whole.commitments] == [3.0]
    share = whole.months[0].allocations[0].workloads[0]
    assert (share.gpus, share.replicas, share.gpus_per_replica) == (24.0, 1.0, 24)
    assert whole.summary is not None and whole.summary.replicas == "whole"
    assert not any("less than one replica" in w for w in whole.warnings)


def test_a_48_gpu_replica_in_a_72_gpu_rack_leaves_24_idle_and_shows_them() -> None:
    """60,000 tok/s on 48-GPU replicas in 72-GPU racks: one replica per rack, so two racks
    (96 GPUs serving, 48 idle, their cost in `idle_cost`); fractional would buy one rack."""
    cat = catalog(Spec("rack", 1.0, gpus_per_unit=72, gpus_per_replica=48))
    plan = plan_for(cat, PlanRequest(forecast=forecast(60_000.0)))
    allocation = plan.months[0].allocations[0]
    assert allocation.units == 2 and allocation.idle_gpus == pytest.approx(48)
    assert allocation.workloads[0].replicas == 2
    assert plan.summary is not None
    assert plan.summary.idle_cost == pytest.approx(48 * 730, abs=1e-6)
    fractional = plan_for(
        cat, PlanRequest(forecast=forecast(60_000.0), options=Options(replicas="fractional"))
    )
    assert fractional.months[0].allocations[0].units == 1


# -- 2. the end of the horizon ----------------------------------------------------------------

LAST_MONTH = [0.0] * 11 + [8_000.0]
END = catalog(
    Spec("od", 5.0, gpus_per_unit=8),  # $29,200 a month
    Spec("res36", 2.5, gpus_per_unit=8, term_months=36),  # $14,600 a month, $525,600 owed
)


def _month_twelve(accounting: str) -> Plan:
    options = Options(commitment_accounting=accounting)  # type: ignore[arg-type]
    return plan_for(END, PlanRequest(forecast=forecast(LAST_MONTH, months=12), options=options))


def test_in_horizon_signs_36_months_in_month_12_and_names_it() -> None:
    """Before (in_horizon): demand only in month 12 of 12 signs the 36-month contract in
    month 12, counted $14,600 for $525,600 owed; the warning names it with $511,000 after."""
    plan = _month_twelve("in_horizon")
    assert [(c.offer_id, c.start) for c in plan.commitments] == [("res36", "2027-12")]
    assert total(plan) == pytest.approx(14_600.0)
    assert plan.summary is not None and plan.summary.total_obligation == pytest.approx(525_600)
    assert any(
        "res36: 1 unit from 2027-12 for 36 months owe 511,000.00" in w for w in plan.warnings
    )


def test_full_term_buys_on_demand_for_29200() -> None:
    """full_term counts every month of the term: one month on demand, $29,200, wins."""
    plan = _month_twelve("full_term")
    assert [(c.offer_id, c.start) for c in plan.commitments] == [("od", "2027-12")]
    assert total(plan) == pytest.approx(29_200.0)


def test_demand_continues_signs_it_with_its_tail_cost() -> None:
    """demand_continues (the default): demand holds at 8,000 tok/s for 36 months after the
    horizon; the contract is paid in full ($525,600) and serves 35 of them, then is renewed
    at its price for the last (not on demand, $29,200): horizon $14,600, tail $511,000 +
    $14,600."""
    plan = plan_for(END, PlanRequest(forecast=forecast(LAST_MONTH, months=12)))
    assert [(c.offer_id, c.start) for c in plan.commitments] == [("res36", "2027-12")]
    assert total(plan) == pytest.approx(14_600.0)
    assert plan.tail is not None
    assert plan.tail.months == 36
    assert plan.tail.cost == pytest.approx(511_000.0 + 14_600.0)
    assert plan.tail.tokens == pytest.approx(8_000 * 36 * 730 * 3600)
    assert plan.summary is not None and "demand_continues" in plan.summary.assumption
    assert any("counted in the tail" in w for w in plan.warnings)


# -- 3. ties -----------------------------------------------------------------------------------


def test_equal_cost_goes_to_the_smaller_obligation_not_the_offer_id() -> None:
    """Two reserved offers at $2.50/GPU-h, 12 and 36 months, cost $87,600 each in a 12-month
    in_horizon plan; the id would pick `a-36` (owing $262,800), the obligation picks `b-12`."""
    cat = catalog(
        Spec("a-36", 2.5, gpus_per_unit=4, term_months=36),
        Spec("b-12", 2.5, gpus_per_unit=4, term_months=12),
    )
    options = Options(commitment_accounting="in_horizon")
    plan = plan_for(cat, PlanRequest(forecast=forecast(4_000.0, months=12), options=options))
    assert [c.offer_id for c in plan.commitments] == ["b-12"]
    assert total(plan) == pytest.approx(87_600.0)
    assert plan.summary is not None and plan.summary.total_obligation == pytest.approx(87_600)


# -- 4. vendor share ---------------------------------------------------------------------------


def test_a_share_met_with_idle_units_of_a_second_vendor() -> None:
    """8,000 tok/s for one month, vendor A's 8-GPU units at $4.808 and vendor B's 1-GPU units
    at $0.794 (1,000 tok/s/GPU each), share 0.69. Before: infeasible, 100% short (B was capped
    at the 8 units it needs alone). After: 1 unit of A serves, 22 idle units of B dilute A's
    share: $40,830.36."""
    cat = catalog(Spec("a", 4.808, vendor="A", gpus_per_unit=8), Spec("b", 0.794, vendor="B"))
    request = PlanRequest(
        forecast=forecast(8_000.0), constraints=Constraints(max_vendor_share=0.69)
    )
    plan = plan_for(cat, request)
    assert plan.status == "optimal"
    assert total(plan) == pytest.approx(40_830.36, abs=0.01)
    assert sorted((c.offer_id, c.units) for c in plan.commitments) == [("a", 1.0), ("b", 22.0)]


def test_owned_units_of_one_vendor_are_diluted_rather_than_called_a_conflict() -> None:
    """18 owned 1-GPU units of vendor A ($2/GPU-h) and a 0.6 share: B must spend at least
    two thirds of A's $26,280, 16 units at $1.50 ($17,520). Before: "the constraints conflict
    even with no demand served"; after: a $43,800 plan."""
    cat = catalog(Spec("a", 2.0, vendor="A", term_months=12), Spec("b", 1.5, vendor="B"))
    request = PlanRequest(
        forecast=forecast(10_000.0),
        constraints=Constraints(max_vendor_share=0.6),
        existing=(Existing(offer_id="a", units=18, start="2027-01", term_months=12),),
        options=Options(commitment_accounting="in_horizon"),
    )
    plan = plan_for(cat, request)
    assert plan.status == "optimal"
    assert total(plan) == pytest.approx(43_800.0)


# -- 5. marginals ------------------------------------------------------------------------------

CAPPED = catalog(Spec("cheap", 1.0, vendor="V"), Spec("dear", 3.0, vendor="W"))


def _relaxed(cap_mw: float, tokens: float = 10_000.0) -> Plan:
    request = PlanRequest(
        forecast=forecast(tokens),
        constraints=Constraints(power_caps=(PowerCap(site="v/r", mw=cap_mw),)),
        options=Options(relax=True),
    )
    return plan_for(CAPPED, request)


def test_a_binding_cap_has_the_marginal_its_finite_difference_gives() -> None:
    """A 4 kW cap on the $1 site while $3 GPUs serve the rest: before, the cap was folded into
    the cheap offer's bound and reported $0/MW; now its marginal is the finite difference of
    the relaxation for the step it names, 1% of the cap, per MW (probe 13 finding 3; probe 16a
    F2: a step of one MW showed 8,760, the 6 kW it can use averaged over the MW): 10 GPUs are
    needed, so each kW lets one more be a $1 GPU in place of a $3 one, 2 x 730 x 1,000 =
    1,460,000 per MW."""
    plan = _relaxed(0.004)
    assert plan.marginal is not None
    [power] = [m for m in plan.marginal.power if m.site == "v/r"]
    step = 0.01 * 0.004
    finite = (total(plan) - total(_relaxed(0.004 + step))) / step
    assert finite == pytest.approx(2 * 730 * 1000, rel=1e-8)
    assert power.per_mw_month == pytest.approx(finite, rel=1e-8)


def test_the_workload_marginal_matches_its_finite_difference() -> None:
    """One more tok/s of demand, served by the $3 GPUs at 1,000 tok/s/GPU: $2.19 per tok/s
    a month, equal to the relaxation's finite difference."""
    plan = _relaxed(0.004)
    assert plan.marginal is not None
    [workload] = plan.marginal.workloads
    finite = total(_relaxed(0.004, 10_100.0)) - total(plan)
    assert workload.per_token_per_second == pytest.approx(finite / 100, rel=0.01)
    assert workload.per_token_per_second == pytest.approx(2.19, rel=1e-3)
    assert workload.per_month_defined and len(plan.marginal.demand) == 1


def test_with_commitments_only_the_horizon_marginal_is_given() -> None:
    """Served by a 12-month contract over a 3-month horizon, per-month demand duals are split
    arbitrarily: no per-month marginals, and the workload's horizon marginal is labelled so."""
    cat = catalog(Spec("res", 1.0, term_months=12))
    options = Options(relax=True, commitment_accounting="in_horizon")
    plan = plan_for(cat, PlanRequest(forecast=forecast(1_000.0, months=3), options=options))
    assert plan.marginal is not None
    assert plan.marginal.demand == ()
    [workload] = plan.marginal.workloads
    assert not workload.per_month_defined and workload.months == 3
    more = plan_for(cat, PlanRequest(forecast=forecast(1_100.0, months=3), options=options))
    assert workload.per_token_per_second == pytest.approx(
        (total(more) - total(plan)) / 100, rel=0.01
    )


# -- 6. baselines ------------------------------------------------------------------------------


def test_baselines_use_the_existing_hardware_they_pay_for() -> None:
    """Ten owned $2 GPUs serve the whole 10,000 tok/s: every baseline runs them too and costs
    what the plan costs ($14,600), where before it bought $1 GPUs on top and overstated the
    plan's advantage."""
    cat = catalog(Spec("owned", 2.0, vendor="A", term_months=12), Spec("od", 1.0, vendor="B"))
    request = PlanRequest(
        forecast=forecast(10_000.0),
        existing=(Existing(offer_id="owned", units=10, start="2027-01", term_months=12),),
        options=Options(commitment_accounting="in_horizon"),
    )
    plan = plan_for(cat, request)
    assert total(plan) == pytest.approx(14_600.0)
    cheapest = next(b for b in plan.baselines if b.strategy == "cheapest_gpu_hour")
    assert cheapest.offers == {"w": "od"}
    assert cheapest.total_cost == pytest.approx(14_600.0)


# -- 7. diagnosis ------------------------------------------------------------------------------


def _two_sites() -> PlanRequest:
    workloads = (
        Workload(
            id=name,
            model="m",
            isl=1000,
            osl=100,
            slo=SLO(min_interactivity=50),
            tokens_per_second=tokens,
            vendors=(vendor,),
        )
        for name, tokens, vendor in (("short", 10_000.0, "V"), ("fits", 2_000.0, "W"))
    )
    return PlanRequest(
        forecast=Forecast(name="two", start="2027-01", months=1, workloads=tuple(workloads)),
        constraints=Constraints(
            power_caps=(PowerCap(site="v/r", mw=0.004), PowerCap(site="w/r", mw=0.002)),
            max_vendor_share=1.0,
        ),
    )


def test_diagnosis_binds_only_what_the_short_workload_can_use() -> None:
    """`short` can use only V's site (4 kW for 10 GPUs' demand); W's site is full too, but
    serves `fits` only: the diagnosis names V's cap alone, and never a vendor share of 1."""
    cat = catalog(Spec("v", 1.0, vendor="V"), Spec("w", 1.0, vendor="W"))
    plan = plan_for(cat, _two_sites())
    assert plan.status == "infeasible" and plan.diagnosis is not None
    assert plan.diagnosis.binding == ("power cap at v/r (0.004 MW) in 2027-01",)


def test_a_minimum_contract_blocked_by_a_cap_is_named() -> None:
    """The only offer sells at least 8 units; 4 kW fit at its site: nothing can be bought, and
    the diagnosis says the smallest contract does not fit under the cap (before: empty)."""
    cat = catalog(Spec("big", 1.0, vendor="V", min_units=8))
    request = PlanRequest(
        forecast=forecast(1_000.0),
        constraints=Constraints(power_caps=(PowerCap(site="v/r", mw=0.004),)),
    )
    plan = plan_for(cat, request)
    assert plan.status == "infeasible" and plan.diagnosis is not None
    assert plan.diagnosis.binding == (
        "the smallest contract of big (8 units) does not fit under the power cap at v/r "
        "(0.004 MW) in 2027-01",
    )


# -- 9. stale and unverified prices ------------------------------------------------------------


def test_a_price_older_than_180_days_warns() -> None:
    """A quote dated 2026-01-05 is 361 days old at a plan starting 2027-01: the plan names it;
    one dated 2026-12-01 is not named."""
    cat = catalog(
        Spec("old", 1.0, vendor="A", as_of=dt.date(2026, 1, 5)),
        Spec("new", 1.0, vendor="B", as_of=dt.date(2026, 12, 1)),
    )
    request = PlanRequest(forecast=forecast(2_000.0), constraints=Constraints(max_vendor_share=0.5))
    plan = plan_for(cat, request)
    [stale] = [w for w in plan.warnings if "180 days" in w]
    assert "old (as of 2026-01-05)" in stale and "new" not in stale


def test_estimated_prices_warn() -> None:
    """An offer priced as an estimate is named in the warnings."""
    cat = catalog(Spec("est", 1.0, price_basis="estimate"))
    plan = plan_for(cat, PlanRequest(forecast=forecast(1_000.0)))
    assert any("est (estimate)" in w for w in plan.warnings)


def test_old_plans_decode_with_the_new_fields_defaulted() -> None:
    """A plan stored before the second wave (no tail, replicas or idle GPUs) still decodes."""
    plan = plan_for(END, PlanRequest(forecast=forecast(LAST_MONTH, months=12)))
    raw = msgspec.to_builtins(plan)
    del raw["tail"]
    raw["summary"] = {
        k: v for k, v in raw["summary"].items() if k not in ("replicas", "assumption")
    }
    old = msgspec.convert(raw, type=Plan)
    assert old.tail is None and old.summary is not None and old.summary.replicas == "fractional"


def test_cheaper_gpus_in_a_bigger_replica_do_not_dominate_under_whole_replicas() -> None:
    """`big` sells 8-GPU nodes at $1.90 with 72-GPU replicas (9 nodes each), `small` 8-GPU
    nodes at $2 with 8-GPU replicas. GPU for GPU `big` is cheaper and as fast, but for 1,000
    tok/s one `small` node ($11,680) beats nine `big` ones ($99,864): `small` is kept."""
    cat = catalog(
        Spec("big", 1.9, gpus_per_unit=8, gpus_per_replica=72),
        Spec("small", 2.0, gpus_per_unit=8, gpus_per_replica=8),
    )
    plan = plan_for(cat, PlanRequest(forecast=forecast(1_000.0)))
    assert plan.solver is not None and "small" not in plan.solver.dominated
    assert [(c.offer_id, c.units) for c in plan.commitments] == [("small", 1.0)]
    assert total(plan) == pytest.approx(11_680.0)


def test_the_power_slack_counts_the_existing_units_mw_months() -> None:
    """1,000 owned 1 kW GPUs serve 1M tok/s; one more GPU is needed: `lean` at 0.5 kW and $2
    or `plain` at 1 kW and $1. The least power is 1,000.5 kW-months; 0.1% of it (1 kW) covers
    `plain`'s extra 0.5 kW, so objective power buys the cheaper `plain`. Before, the slack was
    0.1% of the new units' 0.5 kW-months alone and `lean` was bought."""
    cat = catalog(
        Spec("owned", 1.5, vendor="A", term_months=12),
        Spec("lean", 2.0, vendor="B", kw_per_gpu=0.5),
        Spec("plain", 1.0, vendor="C"),
    )
    request = PlanRequest(
        forecast=forecast(1_001_000.0),
        existing=(Existing(offer_id="owned", units=1000, start="2027-01", term_months=12),),
        objective="power",
        options=Options(commitment_accounting="in_horizon"),
    )
    plan = plan_for(cat, request)
    assert [(c.offer_id, c.units) for c in plan.commitments if not c.existing] == [("plain", 1.0)]
