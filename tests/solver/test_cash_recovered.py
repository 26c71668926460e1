"""Where owned hardware's residual value comes back in the horizon, the report's cash figures
keep each part under its whole (probe 9, finding 7e: "cash in the horizon 492,940.80" stood
over "of which upfront 640,000.00", the cash being net of the residual recovered)."""

from __future__ import annotations

from service.reports import build_report, render_report
from service.reports.cells import Money
from tests.paid_plans import own_then_rent


def test_the_upfront_part_stands_under_the_cash_paid_out() -> None:
    """Capex 32,000.00 in January, 1,384.00 a month to February, 8,000.00 back in March: the
    summary shows the net cash 26,768.00, then the cash paid out 34,768.00, of which upfront
    32,000.00, and the 8,000.00 recovered; the lead sentence and the headline card say net."""
    plan, cat = own_then_rent([8000.0, 8000.0, 0.0])
    report = build_report(plan, cat)
    figures = {label: cell.value for label, cell in report.cash_summary if isinstance(cell, Money)}
    assert [label for label, _ in report.cash_summary][:4] == [
        "cash in the horizon",
        "paid out in the horizon",
        "of which upfront",
        "recovered in the horizon (residual value)",
    ]
    assert figures["cash in the horizon"] == 26_768.0
    assert figures["paid out in the horizon"] == 34_768.0
    assert figures["of which upfront"] == 32_000.0
    assert figures["recovered in the horizon (residual value)"] == 8_000.0
    assert (
        "34,768.00 USD leaves in the horizon (32,000.00 USD of it upfront) and 8,000.00 USD "
        "comes back as residual value, 26,768.00 USD net, against" in report.cash_line
    )
    assert ("net cash in the horizon", Money(26_768.0, "USD")) in report.headline
    markdown = render_report(plan, cat, "md")[0]
    assert isinstance(markdown, str) and "paid out in the horizon" in markdown


def test_without_a_residual_the_cash_is_what_is_paid() -> None:
    """No residual value comes back in the horizon (the hardware is sold after it): the cash
    in the horizon is what is paid, with its upfront part under it, and no netting words."""
    plan, cat = own_then_rent([8000.0, 8000.0])
    report = build_report(plan, cat)
    labels = [label for label, _ in report.cash_summary]
    assert labels[:3] == [
        "cash in the horizon",
        "of which upfront",
        "amortised cost in the horizon",
    ]
    assert "comes back" not in report.cash_line
    assert "cash paid in the horizon" in dict(report.headline)
