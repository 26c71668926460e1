"""The months table's fleet says what each month buys, tokens from APIs included (review22:
build-or-buy's 2027-01 to 2027-08 showed 6,424.00 to 128,480.00 USD beside an empty fleet,
and 2027-10 245,421.09 USD beside "onprem-gb300 x1", whose block costs 139,389.12)."""

from __future__ import annotations

from catalog import default_catalog
from service.reports import build_report
from service.reports.cells import shown
from service.reports.formats import render_report
from tests.golden import golden_plan


def _fleets() -> dict[str, str]:
    report = build_report(golden_plan("build-or-buy-deepseek-r1"), default_catalog())
    t = report.months
    month, fleet = t.labels.index("month"), t.labels.index("fleet")
    return {shown(row[month]): shown(row[fleet]) for row in t.rows}


def test_a_month_served_by_an_api_alone_names_it() -> None:
    """2027-01: 10,000 tok/s bought from Lambda's API, no GPU: the fleet names the API."""
    assert _fleets()["2027-01"] == "lambda-deepseek-r1-0528 (API, 10,000 tok/s)"


def test_a_mixed_month_names_both() -> None:
    """2027-10: one GB300 rack and 165,056 tok/s bought from the API; 2027-12 the racks alone."""
    fleets = _fleets()
    assert fleets["2027-10"] == "onprem-gb300 x1, lambda-deepseek-r1-0528 (API, 165,056 tok/s)"
    assert fleets["2027-12"] == "onprem-gb300 x3"


def test_the_markdown_months_table_shows_it() -> None:
    """The page's row, as a buyer reads it."""
    md = str(render_report(golden_plan("build-or-buy-deepseek-r1"), default_catalog(), "md")[0])
    row = "| 2027-01 | 6,424.00 | 0 | 10,000 | lambda-deepseek-r1-0528 (API, 10,000 tok/s) |"
    assert row in md
