"""The plan diff names every unlike difference between two plans (workloads and tokens,
constraints, existing commitments, objective and options, accounting and tail, a plan not
proven optimal) and has status and gap rows (probe 5, finding 7: a cancelled portfolio plan
at an 88% gap against the seed plan named only the tails)."""

from __future__ import annotations

import msgspec

from optimizer import Existing, Plan
from service.plan_diff import diff_plans, render_diff
from service.plan_unlike import unlike
from tests.gaps import ON_HORIZON_AND_TAIL
from tests.golden import golden_plan

GAP_ROW = "gap to the best bound, on the cost over horizon + tail"
"""Both plans minimise their cost over the horizon and the tail: the gap is on that row."""


def _cancelled_portfolio() -> Plan:
    """The portfolio golden plan as the probe's run left it: max_vendor_share 0.8, cancelled
    at an 88% gap."""
    plan = golden_plan("portfolio-three-models")
    assert plan.solver is not None
    request = msgspec.structs.replace(
        plan.request,
        constraints=msgspec.structs.replace(plan.request.constraints, max_vendor_share=0.8),
    )
    solver = msgspec.structs.replace(plan.solver, gap=0.88, cancelled=True)
    return msgspec.structs.replace(plan, status="feasible", solver=solver, request=request)


def test_the_probes_diff_names_every_unlike_difference() -> None:
    """Workloads with the tokens each plan delivers, the vendor share, the tails and the
    cancelled search with its gap are each named."""
    d = diff_plans(_cancelled_portfolio(), golden_plan("seed-deepseek-r1"))
    assert d.not_like_for_like == (
        "the workloads differ: chat-r1, agents-oss, rag-llama against reasoning "
        "(70.4 T against 31.5 T tokens delivered)",
        "the constraints differ: max_vendor_share 0.8 against none",
        "the demand continued after the horizon differs: 24 against 48 months (the "
        "commitments each plan signs are valued over different tails)",
        "plan plan_portfolio-three-models is not proven optimal: the search was cancelled "
        "before optimality was proven: the plan may cost up to 8.3x the best possible "
        f"{ON_HORIZON_AND_TAIL} (gap 88.00%: its 33,495,436.80 USD there exceed the best "
        "possible by at most 29,475,984.38 USD)",
    )


def test_the_diff_has_status_and_gap_rows() -> None:
    """JSON: each plan's status and a gap row (88% against 0); Markdown: both rows."""
    d = diff_plans(_cancelled_portfolio(), golden_plan("seed-deepseek-r1"))
    assert (d.before_status, d.after_status) == ("feasible", "optimal")
    gap = next(c for c in d.totals if c.label == GAP_ROW)
    assert (gap.before, gap.after, gap.unit) == (0.88, 0.0, "share")
    md = render_diff(d, "md")
    assert isinstance(md, str)
    assert f"| {GAP_ROW} | 88.00% | 0.00% | -88.00 points |" in md
    assert "| status | feasible | optimal | changed |" in md


def test_existing_units_objective_and_options_are_named() -> None:
    """The same forecast with two racks owned, the power objective and fractional replicas:
    each named, and nothing about workloads or the tail."""
    seed = golden_plan("seed-deepseek-r1")
    request = msgspec.structs.replace(
        seed.request,
        existing=(Existing(offer_id="onprem-gb300", units=2, start="2026-06", term_months=48),),
        objective="power",
        options=msgspec.structs.replace(seed.request.options, replicas="fractional"),
    )
    d = diff_plans(seed, msgspec.structs.replace(seed, id="plan_other", request=request))
    assert d.not_like_for_like == (
        "the existing commitments differ: none against 2 x onprem-gb300 from 2026-06",
        "the objectives differ: cost against power",
        "the options differ: replicas whole against fractional",
    )


def test_a_signed_price_tells_existing_commitments_apart() -> None:
    """The same two racks, once at the catalog's price and once signed at $2.10 a GPU-hour:
    the plans are not like for like, and the price says why (it read "2 x onprem-gb300 from
    2026-06" on both sides)."""
    seed = golden_plan("seed-deepseek-r1")
    held = Existing(offer_id="onprem-gb300", units=2, start="2026-06", term_months=48)
    signed = msgspec.structs.replace(held, price_per_gpu_hour=2.1)
    plans = [
        msgspec.structs.replace(
            seed, id=f"plan_{n}", request=msgspec.structs.replace(seed.request, existing=(e,))
        )
        for n, e in enumerate((held, signed))
    ]
    assert diff_plans(*plans).not_like_for_like == (
        "the existing commitments differ: 2 x onprem-gb300 from 2026-06 against "
        "2 x onprem-gb300 from 2026-06 at 2.1/GPU-h",
    )


def test_a_plan_against_itself_is_like_for_like() -> None:
    """No reason, the same status, a gap difference of 0."""
    seed = golden_plan("seed-deepseek-r1")
    d = diff_plans(seed, seed)
    assert d.not_like_for_like == ()
    gap = next(c for c in d.totals if c.label == GAP_ROW)
    assert gap.diff == 0.0


def test_a_scenario_plan_against_its_forecast_without_scenarios_says_so() -> None:
    """The three-scenario golden plan against the same forecast without scenarios: the note
    says one plan is planned for 3 scenarios with its expected cost and whose totals it shows,
    the other has none; the workloads' demand is not said to differ."""
    plan = golden_plan("three-scenarios")
    assert plan.forecast is not None and plan.scenarios is not None
    forecast = msgspec.structs.replace(plan.forecast, scenarios=())
    request = msgspec.structs.replace(plan.request, forecast=forecast)
    plain = msgspec.structs.replace(
        plan, id="plan_plain", forecast=forecast, request=request, scenarios=None
    )
    expected = f"{plan.scenarios.expected_cost:,.2f} USD"
    assert unlike(plan, plain) == (
        f"the scenarios differ: plan {plan.id} is planned for 3 scenarios (expected cost "
        f"{expected}), its totals being its base scenario's; plan plan_plain has no scenarios",
    )


def test_a_vendors_only_difference_is_named_not_called_demand() -> None:
    """The seed plan against itself with its workload restricted to Nebius: the vendors are
    named, and the demand is not said to differ."""
    seed = golden_plan("seed-deepseek-r1")
    assert seed.forecast is not None
    workload = msgspec.structs.replace(seed.forecast.workloads[0], vendors=("Nebius",))
    forecast = msgspec.structs.replace(seed.forecast, workloads=(workload,))
    request = msgspec.structs.replace(seed.request, forecast=forecast)
    other = msgspec.structs.replace(seed, id="plan_nebius", forecast=forecast, request=request)
    assert unlike(seed, other) == (
        "the settings of workload reasoning differ: vendors none against Nebius",
    )
