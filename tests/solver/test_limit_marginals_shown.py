"""The availability and vendor-share marginals a plan computes are shown in every report format
that shows marginals (md, html, and the workbook's Marginals sheet), to the cent of the JSON
(probe 11 finding 5: the note promised them, no format showed them)."""

from __future__ import annotations

import msgspec
import pytest

from catalog import Catalog
from optimizer import Plan, PlanRequest, make_plan
from optimizer.request import Constraints, Options
from service.reports import render_report
from tests import tiny
from tests.documents import workbook


def _plan() -> tuple[Plan, Catalog]:
    """10,000 tok/s for two months from A ($1/GPU-h), B ($2, at most 2 units) and C ($3),
    vendor share at most 0.6: both limits bind."""
    cat = tiny.catalog(
        tiny.Spec("a", 1.0, vendor="A"),
        tiny.Spec("b", 2.0, vendor="B"),
        tiny.Spec("c", 3.0, vendor="C"),
    )
    a, b, c = cat.offers
    cat = msgspec.structs.replace(cat, offers=(a, msgspec.structs.replace(b, max_units=2), c))
    forecast = tiny.forecast(10000.0, months=2)
    request = PlanRequest(
        forecast=forecast,
        constraints=Constraints(max_vendor_share=0.6),
        options=Options(commitment_accounting="in_horizon"),
    )
    return make_plan(cat, request, forecast), cat


def _cents(value: float) -> str:
    return f"{value:,.2f}"


def test_md_and_html_show_the_availability_and_vendor_share_marginals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both binding limits have marginals in the JSON, and each row of them is in the md and
    html reports with its offer or vendor, month and saving to the cent."""
    # The page's charts are not the subject (and drawing them is most of a second).
    monkeypatch.setattr("service.reports.to_html.lines_svg", lambda *_: "")
    monkeypatch.setattr("service.reports.to_html.bars_svg", lambda *_: "")
    plan, cat = _plan()
    assert plan.marginal is not None
    units, shares = plan.marginal.availability, plan.marginal.vendor_share
    assert units and shares
    md = str(render_report(plan, cat, "md")[0])
    html = str(render_report(plan, cat, "html")[0])
    assert "| offer | month | $ saved per unit-month |" in md
    assert "| vendor | month | $ saved per 0.01 of vendor share |" in md
    for m in units:
        assert f"| {m.offer_id} | {m.month} | {_cents(m.per_unit_month)} |" in md
    for s in shares:
        assert f"| {s.vendor} | {s.month} | {_cents(s.per_share_point)} |" in md
    assert "$ saved per 0.01 of vendor share" in html and "$ saved per unit-month" in html
    for value in (*(m.per_unit_month for m in units), *(s.per_share_point for s in shares)):
        assert f">{_cents(value)}<" in html


def test_the_workbook_has_a_marginals_sheet() -> None:
    """The Marginals sheet holds the JSON's availability and vendor-share figures (full
    precision, money-formatted) under their headers, the units the plan holds and the
    months' sum (review 11 finding E), and the note."""
    plan, cat = _plan()
    assert plan.marginal is not None
    sheet = workbook(bytes(render_report(plan, cat, "xlsx")[0]))["Marginals"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    # b's 2 units are a breakpoint (probe 13 finding 3): one unit less costs twice what one
    # more saves, in a column of its own beside it; the share's cost bends within 0.01.
    units = plan.marginal.availability
    assert all(m.step_down_per_unit_month is not None for m in units)
    availability = [
        "saved_per_unit_month",
        "step_down_per_unit_month",
        "units_in_plan",
        "max_units",
        "binds_in_plan",
    ]
    header = rows.index(["offer", "month", *availability])
    assert [r[0] for r in rows[header + 1 : header + 3]] == ["b", "b"]
    # (a workbook holds 16 significant digits)
    assert [r[2:4] for r in rows[header + 1 : header + 3]] == [
        [
            pytest.approx(m.per_unit_month, rel=1e-14),
            pytest.approx(m.step_down_per_unit_month, rel=1e-14),
        ]
        for m in units
    ]
    # b holds 2 of its 2 units in both months (the limit binds in the plan), then the sums.
    assert [r[4:] for r in rows[header + 1 : header + 3]] == [[2, 2, "binds"]] * 2
    assert rows[header + 3][1:4] == [
        "all months",
        pytest.approx(sum(rows[header + k][2] for k in (1, 2)), rel=1e-14),
        pytest.approx(sum(rows[header + k][3] for k in (1, 2)), rel=1e-14),
    ]
    share = rows.index(
        ["vendor", "month", "saved_per_share_point", "step_down_per_share_point", None, None, None]
    )
    assert [r[2:4] for r in rows[share + 1 : share + 3]] == [
        [
            pytest.approx(s.per_share_point, rel=1e-14),
            pytest.approx(s.step_down_per_share_point, rel=1e-14),
        ]
        for s in plan.marginal.vendor_share
    ]
    assert rows[-1][0] == plan.marginal.note
