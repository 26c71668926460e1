"""A requisition's total tells the obligation the plan signs from the per-token API use it
estimates (review 22)."""

from __future__ import annotations

from decimal import Decimal

from catalog import default_catalog
from service.reports.requisition import requisition
from tests.golden import golden_plan


def test_api_estimated_is_the_api_lines_and_the_rest_the_plans_obligation() -> None:
    """Build-or-buy: total 20,531,457.20, of which 459,423.92 the API lines' estimated use;
    the rest, 20,072,033.28, the plan's total obligation to the cent."""
    plan = golden_plan("build-or-buy-deepseek-r1")
    draft = requisition(plan, default_catalog())
    api = sum(
        (Decimal(x.line_total) for x in draft.lines if x.unit_of_measure == "million tokens"),
        Decimal("0.00"),
    )
    assert (draft.total, draft.api_estimated, str(api)) == (
        "20531457.20",
        "459423.92",
        "459423.92",
    )
    assert plan.summary is not None
    signed = Decimal(draft.total) - Decimal(draft.api_estimated)
    assert abs(signed - Decimal(repr(plan.summary.total_obligation))) <= Decimal("0.005")


def test_api_estimated_is_zero_without_api_lines() -> None:
    """The seed buys no API: nothing of its total is estimated use."""
    draft = requisition(golden_plan("seed-deepseek-r1"), default_catalog())
    assert (draft.total, draft.api_estimated) == ("20072033.28", "0.00")
