"""Cash beside amortised cost (issue 13): every plan's cash flows and NPV, owned hardware from
its parts, and the capex budgets `max_upfront` and `max_upfront_by_month` with their marginals
and diagnosis, on tiny catalogs worked by hand and on the shipped examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from catalog import Catalog, Offer, default_catalog
from optimizer import Plan, PlanRequest, make_plan
from service.reports import render_report
from service.reports.cash import HELD_RESIDUAL, PAID_BEFORE
from service.reports.cells import Money, shown
from service.reports.cent_ledger import cent_ledger, horizon_sums
from service.reports.document import build_report
from service.reports.focus import focus_rows
from tests.owned import owned_by_parts
from tests.tiny import Spec, catalog, forecast
from tests.verify import verify_plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HOURS = 730.0


def _paid(cat: Catalog, offer_id: str, **changes: Any) -> Catalog:
    """`cat` with offer `offer_id` changed (kind, payment model, tco ...), checked again."""
    offers = []
    for offer in cat.offers:
        if offer.id == offer_id:
            document = msgspec.to_builtins(offer) | changes
            if "tco" in changes:
                del document["price_per_gpu_hour"]  # derived from the parts
            offer = msgspec.convert(document, Offer)
        offers.append(offer)
    return msgspec.structs.replace(cat, offers=tuple(offers))


def _own_and_rent() -> Catalog:
    """`own`: 1.00/GPU-h owned for 12 months, All Upfront; `od`: 3.00/GPU-h on demand; both
    1,000 tok/s per GPU on one-GPU units."""
    cat = catalog(Spec("own", 1.0, term_months=12), Spec("od", 3.0))
    return _paid(cat, "own", kind="owned", payment_model="All Upfront")


def _plan(cat: Catalog, document: dict[str, Any]) -> Plan:
    request = msgspec.convert(document, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    if plan.status in ("optimal", "feasible"):
        verify_plan(plan, cat, request, request.forecast)
    return plan


def _tiny(tokens: float, months: int, **constraints: Any) -> dict[str, Any]:
    return {
        "forecast": msgspec.to_builtins(forecast(tokens, months)),
        "constraints": constraints,
        "options": {"commitment_accounting": "in_horizon"},
    }


def test_npv_by_hand_on_two_commitments() -> None:
    """An owned unit paid All Upfront in month 0 (8,760) and two reserved units Partial Upfront
    at 0.25 from month 1 (4,380 then 2,190 a month for 6 months): the flows and their NPV at
    8% a year, discounted monthly with payments at each month's start, as computed by hand."""
    cat = _paid(
        catalog(Spec("own", 1.0, term_months=12), Spec("res", 2.0, term_months=6)),
        "res",
        payment_model="Partial Upfront",
        upfront_share=0.25,
    )
    cat = _paid(cat, "own", kind="owned", payment_model="All Upfront")
    document = _tiny(1000.0, 3)
    document["existing"] = [
        {"offer_id": "own", "units": 1, "start": "2027-01", "term_months": 12},
        {"offer_id": "res", "units": 2, "start": "2027-02", "term_months": 6},
    ]
    plan = _plan(cat, document)
    assert plan.status == "optimal" and plan.npv is not None
    cash = [flow.cash for flow in plan.cash_flows]
    assert len(cash) == 12  # through the owned unit's last month
    assert cash[0] == pytest.approx(8760.0)  # 1 x 730 x 12, All Upfront
    assert cash[1] == pytest.approx(
        4380.0 + 2190.0
    )  # 0.25 x 2 x 730 x 6 x 2, then 0.75 x 2 x 730 x 2
    assert cash[2:7] == pytest.approx([2190.0] * 5)
    assert cash[7:] == pytest.approx([0.0] * 5)
    by_hand = (
        8760.0 + 4380.0 / 1.08 ** (1 / 12) + sum(2190.0 / 1.08 ** (k / 12) for k in range(1, 7))
    )
    assert plan.npv.cash == pytest.approx(by_hand, rel=1e-12)
    assert round(plan.npv.cash, 2) == round(by_hand, 2)
    # Amortised: 730 a month for the owned unit, 2 x 2 x 730 for the reserved ones.
    assert plan.cash_flows[1].amortised == pytest.approx(730.0 + 2920.0)
    assert plan.npv.total_cash == pytest.approx(plan.npv.total_amortised)


def test_a_discount_rate_of_zero_makes_npv_the_total() -> None:
    """At `discount_rate` 0 the NPV is the undiscounted sum of the flows."""
    document = _tiny(1000.0, 3)
    document["options"]["discount_rate"] = 0.0
    plan = _plan(_own_and_rent(), document)
    assert plan.npv is not None
    assert plan.npv.cash == pytest.approx(sum(flow.cash for flow in plan.cash_flows))


@pytest.mark.parametrize("example", ["seed-deepseek-r1.json", "growing-power-capped.json"])
def test_cash_flows_sum_to_the_obligations_plus_on_demand_spend(example: str) -> None:
    """On the shipped examples the cash of every month adds up, to the cent, to what the
    signed commitments owe (on-demand months of the horizon included) plus the month-to-month
    capacity the tail buys (its cost less the obligations after the horizon and the renewals
    it values, which no one pays now); and to the amortised cost of the same months."""
    document = json.loads((EXAMPLES / example).read_text())
    plan = _plan(default_catalog(), document)
    assert plan.summary is not None and plan.tail is not None and plan.npv is not None
    renewed = plan.tail.renewed_cost
    tail_purchases = plan.tail.cost - plan.summary.obligation_beyond_horizon - renewed
    total = sum(flow.cash for flow in plan.cash_flows)
    assert round(total, 2) == round(plan.summary.total_obligation + tail_purchases, 2)
    assert round(total, 2) == round(sum(flow.amortised for flow in plan.cash_flows), 2)
    assert round(plan.npv.total_cash, 2) == round(total, 2)
    horizon = [flow for flow in plan.cash_flows if flow.period == "horizon"]
    assert [flow.month for flow in horizon] == [m.month for m in plan.months]
    for flow, month in zip(horizon, plan.months, strict=True):
        assert round(flow.amortised, 2) == round(month.cost, 2)


def _owned_from_parts() -> Catalog:
    """`own`: owned from its parts (capex 5,000 a GPU, a 12-month life, residual 0.2, opex 100
    a GPU-month, energy 0.10/kWh at 1 kW), and `od` on demand at 30.00 a GPU-hour."""
    parts = {
        "capex_per_gpu": 5000.0,
        "life_months": 12,
        "residual_share": 0.2,
        "opex_per_gpu_month": 100.0,
        "energy_price_per_kwh": 0.10,
    }
    cat = catalog(Spec("own", 1.0, term_months=12), Spec("od", 30.0))
    return _paid(cat, "own", kind="owned", tco=parts, power_kw_per_gpu=1.0)


def test_owned_hardware_from_its_parts_pays_capex_first() -> None:
    """An owned offer given by its parts (capex 5,000, 12 months, residual 0.2, opex 100,
    energy 0.10/kWh at 1 kW): capex in the first month, opex and energy monthly, the residual
    back after the twelfth; the cash adds up to the amortised cost."""
    cat = _owned_from_parts()
    plan = _plan(cat, _tiny(2000.0, 3))
    assert plan.status == "optimal"
    [commitment] = plan.commitments
    assert (commitment.offer_id, commitment.units) == ("own", 2.0)
    running = 2 * (100.0 + 0.10 * 1.0 * HOURS)
    assert plan.cash_flows[0].upfront == pytest.approx(10_000.0)
    assert [f.recurring for f in plan.cash_flows[:12]] == pytest.approx([running] * 12)
    assert plan.cash_flows[12].recovered == pytest.approx(2_000.0)
    assert plan.cash_flows[12].cash == pytest.approx(-2_000.0)
    # (5,000 x 0.8 / 12 + 100 + 73) / 730 per GPU-hour, x 730 x 2 GPUs a month
    amortised = 2 * (5000 * 0.8 / 12 + 100 + 73)
    assert plan.cash_flows[0].amortised == pytest.approx(amortised)
    assert sum(f.cash for f in plan.cash_flows) == pytest.approx(12 * amortised)


def test_the_cash_after_the_horizon_names_the_residual_coming_back() -> None:
    """Review 21: the cash line named the months after the horizon's cash by what it was not.
    Two owned units from their parts (capex 5,000, 12 months, residual 0.2, running 173 a GPU
    a month) in a 3-month horizon: after it they run 9 more months, 2 x 173 x 9 = 3,114.00,
    and 2 x 1,000.00 comes back in 2028-01, 1,114.00 net; the line says each part."""
    cat = _owned_from_parts()
    plan = _plan(cat, _tiny(2000.0, 3))
    assert [(c.offer_id, c.units) for c in plan.commitments] == [("own", 2.0)]
    running = 2 * (100.0 + 0.10 * 1.0 * HOURS) * 9
    assert running == pytest.approx(3114.0)
    after = sum(f.cash for f in plan.cash_flows if f.period != "horizon")
    assert after == pytest.approx(running - 2 * 0.2 * 5000.0)
    assert (
        "whose cash, 1,114.00 USD, is 3,114.00 USD of payments still due on held and newly "
        "signed commitments, less 2,000.00 USD of residual value coming back."
    ) in build_report(plan, cat).cash_line


def _upfront(plan: Plan) -> float:
    assert plan.npv is not None
    return plan.npv.upfront_in_horizon


def test_max_upfront_binds_with_the_marginal_a_finite_difference_gives() -> None:
    """10 GPUs for 3 months: owned at 8,760 upfront per unit (2,190 counted) against 6,570 on
    demand. A 35,040 capex budget buys 4 owned units; each further $ of budget saves
    (6,570 - 2,190) / 8,760 = 0.50, the marginal, and the relaxation's cost falls by exactly
    that over a finite step."""
    base = _tiny(10_000.0, 3, max_upfront=35_040.0)
    base["options"]["relax"] = True
    plan = _plan(_own_and_rent(), base)
    assert plan.status == "optimal" and plan.marginal is not None and plan.summary is not None
    assert _upfront(plan) == pytest.approx(35_040.0)
    [marginal] = plan.marginal.upfront
    assert marginal.month == "horizon"
    assert marginal.per_mw_month == pytest.approx(0.5, rel=1e-6)
    step = 876.0
    wider = _plan(_own_and_rent(), base | {"constraints": {"max_upfront": 35_040.0 + step}})
    assert wider.summary is not None
    saved = plan.summary.total_cost - wider.summary.total_cost
    assert saved == pytest.approx(marginal.per_mw_month * step, rel=1e-6)
    # The integer plan: 4 owned units and 6 GPUs on demand, 4 x 2,190 + 6 x 6,570.
    whole = _plan(_own_and_rent(), _tiny(10_000.0, 3, max_upfront=35_040.0))
    assert whole.summary is not None
    assert whole.summary.total_cost == pytest.approx(4 * 2190.0 + 6 * 6570.0)
    unlimited = _plan(_own_and_rent(), _tiny(10_000.0, 3))
    assert unlimited.summary is not None
    assert unlimited.summary.total_cost == pytest.approx(10 * 2190.0)


def test_max_upfront_by_month_spreads_the_purchases() -> None:
    """With 8,760 of upfront a month and demand growing by a GPU a month, one owned unit is
    bought each month; a budget of 0 in month 2 pushes that month's GPU on demand."""
    plan = _plan(_own_and_rent(), _tiny([1000.0, 2000.0, 3000.0], 3, max_upfront_by_month=8760.0))
    assert [f.upfront for f in plan.cash_flows[:3]] == pytest.approx([8760.0] * 3)
    tight = _plan(
        _own_and_rent(),
        _tiny([1000.0, 2000.0, 3000.0], 3, max_upfront_by_month=[8760.0, 0.0, 8760.0]),
    )
    assert [f.upfront for f in tight.cash_flows[:3]] == pytest.approx([8760.0, 0.0, 8760.0])
    assert {(c.offer_id, c.start) for c in tight.commitments} >= {("od", "2027-02")}


def test_marginals_of_max_upfront_by_month() -> None:
    """Each month's upfront limit has its own marginal; one that does not bind has 0."""
    document = _tiny([2000.0, 2000.0], 2, max_upfront_by_month=[8760.0, 1e9])
    document["options"]["relax"] = True
    plan = _plan(_own_and_rent(), document)
    assert plan.marginal is not None
    values = {m.month: m.per_mw_month for m in plan.marginal.upfront}
    assert values["2027-02"] == 0.0
    # One owned unit in month 1, the second GPU on demand (2,190), then owned from month 2
    # (730 counted in the horizon). A $ more in month 1 buys 1/8,760 of an owned unit for both
    # months (1,460 counted) in place of both: (2,190 + 730 - 1,460) / 8,760 = 1/6.
    assert values["2027-01"] == pytest.approx(1 / 6, rel=1e-6)


def test_the_diagnosis_names_a_binding_capex_budget() -> None:
    """With only the owned offer, a budget for 4 units against demand for 10 leaves the demand
    short, and the diagnosis names the budget."""
    cat = _paid(catalog(Spec("own", 1.0, term_months=12)), "own", kind="owned")
    cat = _paid(cat, "own", payment_model="All Upfront")
    plan = _plan(cat, _tiny(10_000.0, 2, max_upfront=35_040.0))
    assert plan.status == "infeasible" and plan.diagnosis is not None
    assert any(b.startswith("max upfront (35,040.00") for b in plan.diagnosis.binding)
    monthly = _plan(cat, _tiny(10_000.0, 2, max_upfront_by_month=[35_040.0, 0.0]))
    assert plan.diagnosis is not None and monthly.diagnosis is not None
    assert any("max upfront by month" in b for b in monthly.diagnosis.binding)


def test_a_capex_budget_stops_dominance_pruning_across_payment_models() -> None:
    """An owned offer paid upfront, cheaper than a No Upfront one, dominates it; under a
    capex budget it cannot stand in for it, and the plan uses the No Upfront one."""
    cat = catalog(Spec("own", 0.9, term_months=12), Spec("lease", 1.0, term_months=12))
    cat = _paid(cat, "own", kind="owned", payment_model="All Upfront")
    free = _plan(cat, _tiny(1000.0, 3))
    assert free.solver is not None and "lease" in free.solver.dominated
    capped = _plan(cat, _tiny(1000.0, 3, max_upfront=0.0))
    assert capped.status == "optimal" and capped.solver is not None
    assert "lease" not in capped.solver.dominated
    assert {c.offer_id for c in capped.commitments} == {"lease"}


def test_the_capex_budget_example_binds() -> None:
    """examples/capex-budget-deepseek-r1.json (the README's numbers): under 10,000,000 of
    upfront the seed pays 6,690,677.76 upfront (one rack; the next would pass the budget) and
    33,339,859.20 over horizon + tail, against 20,072,033.28 and 25,090,041.60 without the
    budget; the budget's marginal is not zero;
    the single-offer baselines cannot keep to it and say so; without it they report their
    cash."""
    document = json.loads((EXAMPLES / "capex-budget-deepseek-r1.json").read_text())
    capped = _plan(default_catalog(), document)
    free = _plan(default_catalog(), {"forecast": document["forecast"]})
    for plan in (capped, free):
        assert plan.status == "optimal" and plan.summary is not None
    assert capped.summary is not None and free.summary is not None
    assert _upfront(capped) <= 10_000_000
    assert round(_upfront(capped), 2) == 6_690_677.76
    assert round(_upfront(free), 2) == 20_072_033.28
    assert capped.summary.lifetime_cost == pytest.approx(33_339_859.20, rel=1e-4)
    assert free.summary.lifetime_cost == pytest.approx(25_090_041.60, rel=1e-4)
    assert capped.marginal is not None
    [marginal] = capped.marginal.upfront
    assert round(marginal.per_mw_month, 2) == 0.62
    # The single-offer baselines are solved under the same budget, which they cannot meet
    # (their owned racks or nodes are paid upfront); without it they report their own cash.
    for baseline in capped.baselines:
        if baseline.strategy != "best_api":  # no API meets the SLO untrusted
            assert baseline.status == "infeasible" and baseline.reason is not None
            assert "max upfront (10,000,000.00 in the horizon)" in baseline.reason
    priced = [b for b in free.baselines if b.total_cost is not None]
    assert priced and all(b.npv is not None and b.npv.total_cash > 0 for b in priced)


def test_focus_billed_cost_is_the_plans_cash_in_the_horizon() -> None:
    """The FOCUS export bills what the cash flows pay: capex in a Purchase row, opex and energy
    monthly (owned from its parts), a Partial Upfront share at the start and the rest monthly;
    its BilledCost adds up to the plan's cash in the horizon (to the cent, the cash table's:
    the requisition's payments), its EffectiveCost to the cash table's amortised cost."""
    parts = {
        "capex_per_gpu": 5000.0,
        "life_months": 12,
        "opex_per_gpu_month": 100.0,
        "energy_price_per_kwh": 0.10,
    }
    cat = catalog(
        Spec("own", 1.0, term_months=12), Spec("part", 1.2, term_months=6), Spec("od", 9.0)
    )
    cat = _paid(cat, "own", kind="owned", tco=parts, power_kw_per_gpu=1.0, max_units=2)
    cat = _paid(cat, "part", payment_model="Partial Upfront", upfront_share=0.3)
    plan = _plan(cat, _tiny([3000.0, 4000.0, 4000.0], 3))
    assert plan.npv is not None
    assert {c.offer_id for c in plan.commitments} == {"own", "part"}
    rows = focus_rows(plan, cat)
    billed = sum(row["BilledCost"] for row in rows)
    cash, upfront, amortised = horizon_sums(cent_ledger(plan, cat).flows)
    assert billed == cash and abs(float(cash) - plan.npv.cash_in_horizon) < 0.02
    effective = sum(row["EffectiveCost"] for row in rows)
    assert effective == amortised
    assert abs(float(amortised) - plan.npv.amortised_in_horizon) < 0.02
    purchases = [row for row in rows if row["ChargeCategory"] == "Purchase"]
    assert sum(row["BilledCost"] for row in purchases) == upfront
    assert float(upfront) == pytest.approx(plan.npv.upfront_in_horizon, abs=0.01)


def test_reports_show_the_price_formula_of_owned_hardware_from_its_parts() -> None:
    """A plan on an owned offer given by its parts: its report's offers table and Markdown
    sources carry the price's formula; an offer with a stated price shows "-"."""
    parts = {"capex_per_gpu": 7300.0, "life_months": 12, "opex_per_gpu_month": 0.0}
    parts["energy_price_per_kwh"] = 0.0
    cat = catalog(Spec("own", 1.0, term_months=12), Spec("od", 30.0))
    cat = _paid(cat, "own", kind="owned", tco=parts)
    plan = _plan(cat, _tiny([1000.0, 2000.0], 2))
    report = build_report(plan, cat)
    formulas = {
        shown(offer): shown(formula)
        for offer, formula in report.offers.select("offer", "price formula").rows
    }
    # 7,300 / 12 / 730 = 0.8333 per GPU-hour
    assert formulas["own"].endswith("= 0.8333 USD per GPU-hour")
    assert formulas.get("od", "-") == "-"
    markdown = render_report(plan, cat, "md")[0]
    assert isinstance(markdown, str) and "(capex 7,300.00 x (1 - 0) / 12" in markdown


def test_the_report_says_what_existing_commitments_paid_before_the_horizon() -> None:
    """An owned unit signed in 2026-10 for 12 months, All Upfront (8,760 paid then, before the
    horizon): the plan's cash has none of it, its amortised cost the 9 months from 2027-01,
    6,570.00, and the report's cash section says that much of the amortised cost was paid
    before the horizon (probe 19: "cash, all months" 4,032,052.76 stood beside "amortised
    cost, all months" 9,507,842.19 with no word why)."""
    cat = _own_and_rent()
    document = _tiny(1000.0, 3)
    document["existing"] = [{"offer_id": "own", "units": 1, "start": "2026-10", "term_months": 12}]
    plan = _plan(cat, document)
    assert plan.status == "optimal" and plan.npv is not None
    assert plan.npv.total_amortised - plan.npv.total_cash == pytest.approx(6570.0)
    figures = dict(build_report(plan, cat).cash_summary)
    paid_before = figures[PAID_BEFORE]
    assert shown(paid_before) == "6,570.00 USD"
    document["existing"][0]["start"] = "2027-01"  # signed in the horizon: paid in it
    assert PAID_BEFORE not in dict(build_report(_plan(cat, document), cat).cash_summary)


def test_residual_value_coming_back_is_not_counted_as_paid_before_the_horizon() -> None:
    """Review 21: an existing owned unit from its parts (capex 5,000, 12 months, residual
    0.2) signed in 2026-10, in a 3-month horizon from 2027-01: its amortised cost counts
    (5,000 - 1,000) / 12 of capex in each of its 9 months from 2027-01, 3,000.00 paid before
    the horizon, and 1,000.00 comes back in 2027-10, in the cash and not the amortised cost.
    All amortised cost less all cash, 4,000.00, was shown as paid before; now each is
    named, and cash = amortised cost - paid before - residual, to the cent."""
    cat = _owned_from_parts()
    document = _tiny(1000.0, 3)
    document["existing"] = [{"offer_id": "own", "units": 1, "start": "2026-10", "term_months": 12}]
    plan = _plan(cat, document)
    assert plan.status == "optimal" and plan.npv is not None
    assert [c.existing for c in plan.commitments] == [True]
    assert plan.npv.total_amortised - plan.npv.total_cash == pytest.approx(4000.0)
    figures = dict(build_report(plan, cat).cash_summary)
    assert shown(figures[PAID_BEFORE]) == "3,000.00 USD"  # 4,000 x 9 / 12
    assert shown(figures[HELD_RESIDUAL]) == "1,000.00 USD"  # 0.2 x 5,000
    cash, amortised = figures["cash, all months"], figures["amortised cost, all months"]
    assert isinstance(cash, Money) and isinstance(amortised, Money)
    assert cash.value == pytest.approx(amortised.value - 3000.0 - 1000.0)


def test_review21s_rack_held_since_2026_06_paid_41_months_of_capex_before() -> None:
    """Review 21's reproduction (/tmp/review21/paid_before.py): the seed example with an
    owned GB300 rack from its parts (4,320,000 capex, residual 0.1, 48 months) held since
    2026-06: 41 of its months fall from 2027-01, each counting 4,320,000 x 0.9 / 48 =
    81,000 of capex, 3,321,000.00 paid before the horizon; its 432,000.00 residual comes
    back in 2030-06 (it showed 3,753,000.00 paid before, the two together)."""
    cat = default_catalog()
    own = msgspec.convert(owned_by_parts(), Offer)
    cat = msgspec.structs.replace(cat, offers=(*cat.offers, own))
    document = json.loads((EXAMPLES / "seed-deepseek-r1.json").read_text())
    document["forecast"]["workloads"][0]["bases"] = ["measured"]
    document["existing"] = [
        {"offer_id": "own-gb300-parts", "units": 1, "start": "2026-06", "term_months": 48}
    ]
    request = msgspec.convert(document, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal"
    recovered = [(f.month, f.recovered) for f in plan.cash_flows if f.recovered]
    assert ("2030-06", pytest.approx(432_000.0)) in recovered
    figures = dict(build_report(plan, cat).cash_summary)
    assert shown(figures[PAID_BEFORE]) == f"{41 * 72 * 60_000 * 0.9 / 48:,.2f} USD"
    assert shown(figures[PAID_BEFORE]) == "3,321,000.00 USD"
    assert shown(figures[HELD_RESIDUAL]) == "432,000.00 USD"
