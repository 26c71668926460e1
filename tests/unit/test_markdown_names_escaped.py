"""Probe 13 finding 8, next door: a vendor's name reaches the sensitivity's Markdown table,
which escaped pipes but not HTML; it now escapes its cells as report.md does (a Markdown
renderer passes inline HTML through)."""

from __future__ import annotations

from optimizer.planner import make_plan
from optimizer.request import Options, PlanRequest
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from service.reports.sensitivity import markdown
from tests import tiny

HOSTILE = "<img src=x onerror=alert(1)>"


def _sensitivity_markdown(vendor: str) -> str:
    """The sensitivity's Markdown of a plan of A ($2, sold by `vendor`) against B ($5)."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0, vendor=vendor),
        tiny.Spec(id="b", price=5.0, tokens_per_gpu=2000.0),
    )
    forecast = tiny.forecast(2000.0)
    request = PlanRequest(forecast=forecast, options=Options(commitment_accounting="in_horizon"))
    plan = make_plan(catalog, request, forecast, plan_id="plan_md")
    return markdown(sensitivity(catalog, plan, SensitivityOptions()))


def test_a_vendor_name_in_the_sensitivity_markdown_is_escaped() -> None:
    md = _sensitivity_markdown(HOSTILE)
    assert "<img" not in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in md


def test_a_name_makes_no_link_or_image_in_markdown() -> None:
    """Review 13: a vendor `![x](https://host/p.png)` rendered as a remote image wherever the
    Markdown was pasted; its brackets are escaped now."""
    md = _sensitivity_markdown("![x](https://host/p.png)")
    assert "![x](" not in md
    assert "!\\[x\\](https://host/p.png)" in md
