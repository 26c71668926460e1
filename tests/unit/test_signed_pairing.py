"""Review 13: the exports paired a plan's existing commitments with the request's entries by
position, so one entry missing would have priced every later one at the catalog's price,
silently. Each commitment now finds its own entry (offer, start, term, units)."""

from __future__ import annotations

import msgspec

from optimizer import Existing, Options, PlanRequest, make_plan
from service.reports.held_prices import signed_offers
from tests.tiny import Spec, catalog, forecast


def test_each_existing_commitment_finds_its_own_entry() -> None:
    cat = catalog(Spec("a", 1.0, term_months=6), Spec("b", 2.0, term_months=6))
    request = PlanRequest(
        forecast=forecast(1000.0, months=2),
        existing=(
            Existing(offer_id="a", units=1, start="2027-01", term_months=6, price_per_gpu_hour=0.5),
            Existing(offer_id="b", units=2, start="2027-01", term_months=6, price_per_gpu_hour=1.5),
        ),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast, plan_id="plan_pairs")
    priced = {c.offer_id: o.price_per_gpu_hour for c, o in signed_offers(plan, cat)}
    assert priced == {"a": 0.5, "b": 1.5}
    # The first existing commitment gone: b keeps its own signed price, not a's entry's.
    kept = tuple(c for c in plan.commitments if not (c.existing and c.offer_id == "a"))
    fewer = msgspec.structs.replace(plan, commitments=kept)
    assert {c.offer_id: o.price_per_gpu_hour for c, o in signed_offers(fewer, cat)} == {"b": 1.5}
