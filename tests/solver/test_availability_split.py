"""Review 11 finding E: `max_units` is one limit for every month, so the availability
marginals say so: per month they are the relaxation's split, their sum is what one more unit
of the limit saves (checked against the relaxation's finite difference), and a limit the
integer plan does not reach binds only in the relaxation (in the JSON, the note and the
report's table)."""

from __future__ import annotations

import msgspec

from catalog import Catalog
from optimizer import Plan, PlanRequest, make_plan
from optimizer.request import Options
from service.reports.cells import Text
from service.reports.marginals import marginal_availability
from tests import tiny


def _plan(max_units: int, relax: bool = False) -> Plan:
    """10,000 tok/s for 3 months (in_horizon) from r (12-month term, $1/GPU-h, 1,000 tok/s
    per GPU, at most `max_units`) and f (on demand, $3, 2,000 tok/s per GPU)."""
    cat: Catalog = tiny.catalog(
        tiny.Spec("r", 1.0, vendor="R", term_months=12),
        tiny.Spec("f", 3.0, vendor="F", tokens_per_gpu=2000.0),
    )
    r, f = cat.offers
    cat = msgspec.structs.replace(cat, offers=(msgspec.structs.replace(r, max_units=max_units), f))
    forecast = tiny.forecast(10000.0, months=3)
    options = Options(commitment_accounting="in_horizon", relax=relax)
    return make_plan(cat, PlanRequest(forecast=forecast, options=options), forecast)


def test_the_monthly_split_sums_to_one_more_unit_and_binds_only_in_the_relaxation() -> None:
    """The integer plan holds 4 of r's 5 units (a 5th would leave f's 3 units as they are):
    each row says 4 of 5, the limit binding only in the relaxation; the months' figures sum
    to what the relaxation saves with max_units 6 instead of 5, to the cent, and the report
    adds that sum as one row."""
    plan = _plan(5)
    assert plan.marginal is not None
    rows = plan.marginal.availability
    assert rows and {(m.offer_id, m.max_units, m.units_in_plan) for m in rows} == {("r", 5, 4.0)}
    saved = _plan(5, relax=True).summary.total_cost - _plan(6, relax=True).summary.total_cost
    assert round(sum(m.per_unit_month for m in rows), 2) == round(saved, 2) > 0
    assert "cannot be raised for one month alone" in plan.marginal.note
    shown = marginal_availability(plan)
    assert shown.labels[3:] == ["units in the plan", "max_units", "in the plan"]
    assert {row[5] for row in shown.rows[:-1]} == {Text("binds only in the relaxation")}
    total = shown.rows[-1]
    assert total[1] == Text("all months") and total[2].value == sum(m.per_unit_month for m in rows)
