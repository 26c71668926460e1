"""Probe 17a L5: the workbook a buyer edits recomputes. Before, it was values with table
totals only (SUBTOTALs): Summary and Cash constants, allocation costs not units x price x
hours, so a buyer who edited a price saw a table's total move and nothing else. Now each
allocation row's cost is ROUND(gpus x price_per_gpu_hour x hours, 2) on its own cells, each
commitment's obligation its two parts, each cash row's cash and running totals formulas, and
the Summary's and Cash sheet's totals sums of the tables, every formula cached at the plan's
figure to the cent (tools that do not recalculate open the right numbers). Checked by
recalculating each formula (`tests.formulas`: no spreadsheet is installed here) and against
the JSON."""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from catalog import default_catalog
from optimizer import Existing, Options, Plan, PlanRequest, make_plan
from service.reports.formats import render_report
from tests.documents import workbook
from tests.formulas import evaluate, formulas
from tests.golden import golden_plan
from tests.tiny import Spec, catalog, forecast

PLANS = ["seed-deepseek-r1", "growing-power-capped", "build-or-buy-deepseek-r1", "three-scenarios"]


@functools.cache
def _plan(name: str) -> Plan:
    return golden_plan(name)


@functools.cache
def _xlsx(name: str) -> bytes:
    return bytes(render_report(_plan(name), default_catalog(), "xlsx")[0])


def _cents(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _row(sheet: Any, label: str) -> int:
    """The row number of the Summary-like (item, value) row `label`."""
    for row in sheet.iter_rows(min_col=1, max_col=1):
        if row[0].value == label:
            return int(row[0].row)
    raise AssertionError(f"no row {label!r}")


@pytest.mark.parametrize("name", PLANS)
def test_every_formula_recalculates_to_its_cached_value(name: str) -> None:
    book = workbook(_xlsx(name))
    cached = workbook(_xlsx(name), data_only=True)
    found = formulas(book)
    sheets = {sheet for sheet, _ in found}
    assert {"Summary", "Allocations", "Commitments", "Cash"} <= sheets
    for (sheet, cell), text in found.items():
        value = cached[sheet][cell].value
        assert value is not None, (sheet, cell, text)
        assert evaluate(book, sheet, text) == pytest.approx(value, rel=1e-9, abs=1e-6), (
            sheet,
            cell,
            text,
        )


@pytest.mark.parametrize("name", PLANS)
def test_the_summarys_totals_are_sums_cached_at_the_json(name: str) -> None:
    plan = _plan(name)
    assert plan.summary is not None
    book = workbook(_xlsx(name))
    cached = workbook(_xlsx(name), data_only=True)
    summary = book["Summary"]
    cost = "total cost" if plan.scenarios is None else "base scenario's horizon cost"
    total = _row(summary, cost)
    assert summary[f"B{total}"].value.startswith("=SUM('Allocations'!")
    assert _cents(cached["Summary"][f"B{total}"].value) == _cents(plan.summary.total_cost)
    per = _row(summary, "cost per million tokens")
    tokens = _row(summary, "tokens delivered")
    assert summary[f"B{per}"].value == f"=B{total}/B{tokens}*1000000"
    assert cached["Summary"][f"B{per}"].value == plan.summary.cost_per_million_tokens
    if plan.scenarios is None:
        label = "total obligation (new contracts and on-demand use)"
        row = _row(summary, label)
        assert summary[f"B{row}"].value.startswith("=SUM('Commitments'!")
        assert _cents(cached["Summary"][f"B{row}"].value) == _cents(plan.summary.total_obligation)
    notes = [r[0] for r in summary.iter_rows(values_only=True) if r and r[0]]
    assert any(str(n).startswith(f"Formulas: {cost};") for n in notes)


def test_an_edited_price_moves_its_row_and_the_summary() -> None:
    """The seed's first allocation row: its price edited by +0.10 a GPU-hour, the row's cost
    and the Summary's total cost move by its GPUs x 0.10 x 730."""
    book = workbook(_xlsx("seed-deepseek-r1"))
    sheet = book["Allocations"]
    header = [c.value for c in sheet[1]]
    price_col = header.index("price_per_gpu_hour") + 1
    cost_col = header.index("cost") + 1
    gpus = float(sheet.cell(row=2, column=header.index("gpus") + 1).value)
    price = float(sheet.cell(row=2, column=price_col).value)
    assert price == 2.652  # onprem-gb300's estimate, as the catalog states it
    assert sheet.cell(row=2, column=cost_col).value.startswith("=ROUND(")
    summary = book["Summary"]
    total = f"B{_row(summary, 'total cost')}"
    before = evaluate(book, "Summary", summary[total].value)
    sheet.cell(row=2, column=price_col).value = price + 0.10
    after = evaluate(book, "Summary", summary[total].value)
    assert after - before == pytest.approx(gpus * 0.10 * 730, abs=0.01)


def test_rows_a_formula_cannot_give_keep_their_values_and_say_so() -> None:
    """The build-or-buy plan's tokens bought from APIs have no GPUs or price per GPU-hour:
    their cost stays a value, and the note under the table counts them."""
    book = workbook(_xlsx("build-or-buy-deepseek-r1"))
    sheet = book["Allocations"]
    header = [c.value for c in sheet[1]]
    cost_col, price_col = header.index("cost") + 1, header.index("price_per_gpu_hour") + 1
    kinds = {header.index("kind") + 1}
    rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value]
    api = [r for r in rows if sheet.cell(row=r, column=min(kinds)).value == "api"]
    assert api
    for r in api:
        assert isinstance(sheet.cell(row=r, column=cost_col).value, (int, float))
        assert sheet.cell(row=r, column=price_col).value is None
    notes = [str(r[0]) for r in sheet.iter_rows(values_only=True) if r and r[0]]
    [note] = [n for n in notes if n.startswith("cost = ROUND(gpus x price_per_gpu_hour")]
    assert f"{len(api)} keep their values" in note


def test_cash_rows_and_totals_are_formulas() -> None:
    plan = _plan("growing-power-capped")
    assert plan.npv is not None
    book = workbook(_xlsx("growing-power-capped"))
    cached = workbook(_xlsx("growing-power-capped"), data_only=True)
    cash = book["Cash"]
    horizon = f"B{_row(cash, 'cash in the horizon')}"
    assert cash[horizon].value.startswith("=SUM('Cash'!")
    assert _cents(cached["Cash"][horizon].value) == _cents(plan.npv.cash_in_horizon)
    header_row = _row(cash, "month")
    header = [c.value for c in cash[header_row]]
    first = header_row + 1
    assert cash.cell(row=first, column=header.index("cash") + 1).value.startswith("=")
    cumulative = cash.cell(row=first + 1, column=header.index("cumulative_cash") + 1).value
    assert cumulative.startswith("=") and str(first) in cumulative


def test_units_at_two_prices_keep_their_value() -> None:
    """One `own` unit held at a signed 0.50 beside one new at the catalog's 1.00: the row's
    price would be a blend no buyer edits, so its cost stays a value (730.00 + 365.00 for
    the month's two GPUs), and the note counts it; a month of the held unit alone is a
    formula at 0.50."""
    cat = catalog(Spec("own", 1.0, term_months=12), Spec("od", 3.0))
    held = Existing(
        offer_id="own", units=1, start="2027-01", term_months=12, price_per_gpu_hour=0.5
    )
    request = PlanRequest(
        forecast=forecast([1_000.0, 2_000.0], months=2),
        existing=(held,),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal"
    book = workbook(bytes(render_report(plan, cat, "xlsx")[0]))
    sheet = book["Allocations"]
    header = [c.value for c in sheet[1]]
    cost, price = header.index("cost") + 1, header.index("price_per_gpu_hour") + 1
    first, second = sheet.cell(row=2, column=cost).value, sheet.cell(row=3, column=cost).value
    # gpus x price_per_gpu_hour x hours, the two columns after the table's (X and Y since
    # report.csv's lines end with price_as_of, probe 21; W and X before).
    gpus, hours = header.index("gpus") + 1, header.index("hours") + 1
    g, p, h = (get_column_letter(c) for c in (gpus, price, hours))
    assert (g, p, h) == ("J", "X", "Y")
    assert first == f"=ROUND({g}2*{p}2*{h}2,2)" and sheet.cell(row=2, column=price).value == 0.5
    assert second == pytest.approx(730.0 * 0.5 + 730.0 * 1.0)
    assert sheet.cell(row=3, column=price).value is None
    notes = [str(r[0]) for r in sheet.iter_rows(values_only=True) if r and r[0]]
    assert any("1 keep their values" in n for n in notes)
