"""The sensitivity report's "verified by" column says how each check was made (review 7b
finding 7): a certificate or a joint check is not shown as a plain re-solve."""

from __future__ import annotations

from optimizer.sensitivity_result import OfferSensitivity, Sensitivity
from optimizer.target_price_result import PriceCheck, TargetPrice
from service.reports.sensitivity import markdown, target_rows


def test_each_check_is_shown_with_how_it_was_made() -> None:
    """A target verified by a certificate below and a joint check above shows both kinds in
    its row; one verified by two plain re-solves says re-solve twice, in every format."""

    def offer(offer_id: str, below: PriceCheck, above: PriceCheck) -> OfferSensitivity:
        target = TargetPrice(
            kind="enters_below", price=1.5, verified=True, below=below, above=above
        )
        return OfferSensitivity(
            offer_id=offer_id,
            vendor="V",
            kind="on_demand",
            bought=False,
            price=2.0,
            responses=(),
            target=target,
        )

    proven = offer(
        "a",
        PriceCheck(price=1.49, bought=True, cost=90.0, how="certificate"),
        PriceCheck(price=1.51, bought=False, cost=100.0, how="joint"),
    )
    plain = offer(
        "b",
        PriceCheck(price=1.49, bought=True, cost=90.0),
        PriceCheck(price=1.51, bought=False, cost=100.0),
    )
    result = Sensitivity(
        plan_id="p", status="done", created_at="", base_cost=100.0, offers=(proven, plain)
    )
    rows = {row[0]: row[-1] for row in target_rows(result)}
    assert rows["a"] == "bought at 1.490 (certificate), not bought at 1.510 (joint check)"
    assert rows["b"] == "bought at 1.490 (re-solve), not bought at 1.510 (re-solve)"
    assert rows["a"] in markdown(result)
