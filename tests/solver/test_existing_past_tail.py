"""Probe 17a L6 (probe 14c G): an existing commitment that runs past the tail's end counts in
full, as a new contract's term does. Cut at the tail's end, a plan re-POSTed with its own
contracts as existing showed the same purchases at a lifetime 22% lower (the shipped
growing-power-capped: 68,141,727.36 against 53,301,516.48), and a diff of the two was not
like for like."""

from __future__ import annotations

import pytest

from optimizer import Existing, Options, PlanRequest, make_plan
from service.reports.tail import owed_after_tail
from tests.tiny import Spec, catalog, forecast

CATALOG = catalog(Spec("od", 3.0), Spec("own", 1.0, term_months=48))
"""A 48-month contract of one unit at 730.00 a month, against 2,190.00 on demand."""
SIGNED = Existing(offer_id="own", units=1, start="2027-01", term_months=48, price_per_gpu_hour=1.0)


@pytest.mark.parametrize("existing", [(), (SIGNED,)], ids=["new", "existing"])
def test_a_contract_past_the_tail_counts_in_full_new_or_existing(
    existing: tuple[Existing, ...],
) -> None:
    """12 months and a 12-month tail: the plan signs the 48-month unit (or holds it), 730.00
    x 48 = 35,040.00 over its lifetime either way, 24 months of it (17,520.00) owed after the
    tail. Before, held, it counted 24 months: 17,520.00, and nothing owed after the tail."""
    request = PlanRequest(
        forecast=forecast(500.0, months=12), existing=existing, options=Options(tail_months=12)
    )
    assert request.forecast is not None
    plan = make_plan(CATALOG, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None and plan.tail is not None
    assert [(c.offer_id, c.existing) for c in plan.commitments] == [("own", bool(existing))]
    assert plan.summary.lifetime_cost == pytest.approx(730.0 * 48, abs=0.005)
    assert plan.tail.cost == pytest.approx(730.0 * 36, abs=0.005)
    assert owed_after_tail(plan) == (24, pytest.approx(730.0 * 24, abs=0.005))
