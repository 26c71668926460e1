"""A report's Sources table names the per-token API offers the plan buys, with their prices,
basis, date and source, as it does the GPU offers (probe 19)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from service.reports import build_report
from service.reports.cells import shown
from tests.golden import golden_plan, golden_report


def test_the_api_offer_a_plan_buys_is_in_its_sources() -> None:
    """The build-or-buy plan buys 1,879,461 million tokens from lambda-deepseek-r1-0528
    (estimate, as of 2026-07-24): its Sources table lists it with its input and output prices
    per million tokens, where it listed onprem-gb300 alone (probe 19: the API's basis, date
    and source were in no table of the report, its spend 459,423.92 USD)."""
    plan = golden_plan("build-or-buy-deepseek-r1")
    sources = build_report(plan, default_catalog()).offers
    rows = {shown(row[0]): [shown(c) for c in row] for row in sources.rows}
    assert set(rows) == {"onprem-gb300", "lambda-deepseek-r1-0528"}
    api = dict(zip(sources.labels, rows["lambda-deepseek-r1-0528"], strict=True))
    assert api["price basis"] == "estimate" and api["as of"] == "2026-07-24"
    assert api["price formula"] == "0.2 per million input tokens, 0.6 per million output tokens"
    assert api["source"].startswith("LiteLLM")
    md = golden_report("build-or-buy-deepseek-r1", "md")
    assert isinstance(md, str)
    said = "0.2 per million input tokens, 0.6 per million output tokens | estimate | 2026-07-24"
    assert f"| lambda-deepseek-r1-0528 | {said} |" in md


def test_the_summary_checks_name_the_api_price_too() -> None:
    """The executive summary's "estimates used" names the estimate API price the plan buys
    from, as it names the GPU offers' (probe 19: it named onprem-gb300 alone); once the plan
    starts 180 days after the API's price date, "prices older than 180 days" names it too."""
    plan = golden_plan("build-or-buy-deepseek-r1")
    risks = dict(build_report(plan, default_catalog()).risks)
    assert "lambda-deepseek-r1-0528 API price (estimate)" in risks["estimates used"]
    assert not any("lambda" in r for r in risks["prices older than 180 days"])
    later = msgspec.structs.replace(
        plan,
        months=tuple(
            msgspec.structs.replace(m, month=f"2028-{k + 1:02d}") for k, m in enumerate(plan.months)
        ),
    )
    stale = dict(build_report(later, default_catalog()).risks)["prices older than 180 days"]
    assert "lambda-deepseek-r1-0528 API (as of 2026-07-24, 526 days before the start)" in stale
