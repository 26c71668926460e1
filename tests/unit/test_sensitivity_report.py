"""The sensitivity report says how many price responses were proven rather than re-solved."""

from __future__ import annotations

from optimizer.sensitivity import CostResponse, OfferSensitivity, Sensitivity
from optimizer.target_prices import TargetPrice
from service.reports.sensitivity import markdown, table_text


def _response(change: float, status: str, cost: float) -> CostResponse:
    return CostResponse(
        change=change,
        value=2.0 * (1 + change),
        status=status,
        cost=cost,
        cost_change=cost - 100.0,
        note="proven: ..." if status in ("unchanged", "proven") else "",
    )


def test_the_report_counts_the_proven_responses() -> None:
    """One offer, four responses (two re-solved, one proven at another cost, one unchanged): the
    text and the Markdown both say 2 of the 4 were proven, and show the proven cost change."""
    offer = OfferSensitivity(
        offer_id="a",
        vendor="V",
        kind="on_demand",
        bought=True,
        price=2.0,
        responses=(
            _response(-0.25, "optimal", 75.0),
            _response(-0.1, "optimal", 90.0),
            _response(0.1, "proven", 110.0),
            _response(0.25, "unchanged", 100.0),
        ),
        target=TargetPrice(kind="never_leaves", note="no plan meets the demand without it"),
    )
    result = Sensitivity(
        plan_id="p",
        status="done",
        created_at="",
        base_cost=100.0,
        offers=(offer,),
        solves=2,
    )
    for text in (table_text(result), markdown(result)):
        assert "Of the 4 price responses, 2 are proven by those re-solves" in text
        assert "10.00 USD" in text and "-25.00 USD" in text
