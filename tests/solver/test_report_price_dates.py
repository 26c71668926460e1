"""report.csv dates each line's price (probe 21) as focus.csv does: the catalog's `as_of` of
the offer, except where every unit of the offer active that month is an existing commitment
at the price the request says it was signed at, whose line says `contract` and no date (the
price is the request's, not the catalog's). Tiny catalogs, millisecond solves."""

from __future__ import annotations

import csv
import datetime as dt
import io

from optimizer import Existing, Options, PlanRequest, make_plan
from service.reports.document import build_report
from service.reports.focus import focus_csv
from service.reports.to_csv import render
from tests.tiny import Spec, catalog, forecast

AS_OF = dt.date(2026, 3, 9)


def _report_and_focus(
    existing: tuple[Existing, ...], months: int
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """report.csv's and focus.csv's rows of a plan of 10,000 tok/s (ten 1,000 tok/s GPUs)
    over `months` from `res` ($1, 6-month term, a quote of `AS_OF`) and `od` ($4)."""
    cat = catalog(
        Spec("res", 1.0, term_months=6, price_basis="quote", as_of=AS_OF), Spec("od", 4.0)
    )
    request = PlanRequest(
        forecast=forecast(10_000.0, months=months),
        existing=existing,
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast, plan_id="plan_dates")
    assert plan.status == "optimal"
    report = list(csv.DictReader(io.StringIO(render(build_report(plan, cat)))))
    return report, list(csv.DictReader(io.StringIO(focus_csv(plan, cat))))


def test_catalog_prices_are_dated_by_the_catalog() -> None:
    """Ten new `res` units for three months: every line says `quote` of 2026-03-09."""
    report, _focus = _report_and_focus((), 3)
    assert len(report) == 3
    assert {(r["offer_id"], r["price_basis"], r["price_as_of"]) for r in report} == {
        ("res", "quote", "2026-03-09")
    }


def test_units_signed_at_their_own_price_are_contract_and_undated() -> None:
    """Ten units signed at $0.90 for two months, then the plan's own for the third: the two
    months' lines are `contract` with no date, as focus.csv's rows of those months are; the
    third's is the catalog's quote of 2026-03-09. Costs: 10 x 0.90 x 730 = 6,570.00 a month
    signed, 10 x 1.00 x 730 = 7,300.00 proposed."""
    held = Existing(
        offer_id="res", units=10, start="2027-01", term_months=2, price_per_gpu_hour=0.9
    )
    report, focus = _report_and_focus((held,), 3)
    lines = [(r["month"], r["price_basis"], r["price_as_of"], r["cost"]) for r in report]
    assert lines == [
        ("2027-01", "contract", "", "6570.00"),
        ("2027-02", "contract", "", "6570.00"),
        ("2027-03", "quote", "2026-03-09", "7300.00"),
    ]
    usage = {
        (r["ChargePeriodStart"][:7], r["x_PriceBasis"], r["x_PriceAsOf"])
        for r in focus
        if r["ChargeCategory"] == "Usage"
    }
    assert {(m, b, d) for m, b, d, _ in lines} == usage


def test_units_signed_at_the_catalogs_price_keep_its_date() -> None:
    """Ten units signed with no price stated are costed at the catalog's: their lines say the
    catalog's quote and date."""
    held = Existing(offer_id="res", units=10, start="2027-01", term_months=2)
    report, _focus = _report_and_focus((held,), 2)
    assert {(r["price_basis"], r["price_as_of"]) for r in report} == {("quote", "2026-03-09")}


def test_a_line_of_signed_and_new_units_keeps_the_catalogs_date() -> None:
    """Four units signed at $0.90 beside six new ones in the same month: one line of both,
    its price partly the catalog's, says the catalog's quote and date (focus.csv bills the
    two apart: `contract` and `quote`)."""
    held = Existing(offer_id="res", units=4, start="2027-01", term_months=1, price_per_gpu_hour=0.9)
    report, focus = _report_and_focus((held,), 1)
    assert [(r["price_basis"], r["price_as_of"]) for r in report] == [("quote", "2026-03-09")]
    usage = {r["x_PriceBasis"] for r in focus if r["ChargeCategory"] == "Usage"}
    assert usage == {"contract", "quote"}
