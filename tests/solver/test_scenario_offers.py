"""A scenario plan names every offer any scenario buys (probe 18a F5: a stale estimate bought
only in the low scenario took 96,360.00 off the expected cost, in no warning, source, basis
or download). Here OD (a quote, 8-GPU units at $1/GPU-h) serves the high scenario's 16,000
tok/s with two units (11,680.00 a month); the low scenario's 1,000 tok/s takes one GPU of EST
($1.50, an estimate as of 2024-01-01: 1,095.00 a month) rather than a whole OD unit
(5,840.00). High (0.6) is shown; EST is bought only in low."""

from __future__ import annotations

import datetime as dt
import io

import msgspec
import openpyxl
import pytest

from catalog import Catalog
from optimizer import Plan, make_plan
from optimizer.request import Options, PlanRequest
from optimizer.scenario_request import Scenario
from service.reports.formats import render_report
from tests import tiny


def _plan() -> tuple[Catalog, Plan]:
    catalog = tiny.catalog(
        tiny.Spec(id="od", price=1.0, gpus_per_unit=8, vendor="Q"),
        tiny.Spec(
            id="est",
            price=1.5,
            vendor="E",
            price_basis="estimate",
            as_of=dt.date(2024, 1, 1),
        ),
    )
    forecast = msgspec.structs.replace(
        tiny.forecast(16000.0, months=2),
        scenarios=(
            Scenario(name="low", probability=0.4, scale=0.0625),
            Scenario(name="high", probability=0.6, scale=1.0),
        ),
    )
    request = PlanRequest(forecast=forecast, options=Options(tail_months=2, gap=0.0))
    return catalog, make_plan(catalog, request, forecast, plan_id="p")


@pytest.fixture(scope="module")
def planned() -> tuple[Catalog, Plan]:
    return _plan()


def test_each_scenarios_purchases_are_named_by_offer(planned: tuple[Catalog, Plan]) -> None:
    """Low buys one EST unit a month (2,190.00 in the horizon, 2,190.00 in the tail), high two
    OD units a month (23,360.00 and 23,360.00); each scenario's cost rests on its own offers'
    bases, the expected cost on the weakest (the estimate)."""
    _catalog, plan = planned
    assert plan.status == "optimal" and plan.scenarios is not None
    assert plan.scenarios.shown == "high"
    low, high = plan.scenarios.scenarios
    assert [(p.offer_id, p.kind, p.units) for p in low.offers] == [("est", "on_demand", (1, 1))]
    assert low.offers[0].cost == pytest.approx(2190.0)
    assert low.offers[0].tail_cost == pytest.approx(2190.0)
    assert [(p.offer_id, p.units) for p in high.offers] == [("od", (2, 2))]
    assert high.offers[0].cost == pytest.approx(23360.0)
    assert low.cost == pytest.approx(4380.0) and high.cost == pytest.approx(46720.0)
    assert low.cost_basis is not None and low.cost_basis.price_basis == "estimate"
    assert high.cost_basis is not None and high.cost_basis.price_basis == "quote"
    assert plan.scenarios.cost_basis is not None
    assert plan.scenarios.cost_basis.said == "estimate price, measured throughput"
    assert plan.summary is not None and plan.summary.cost_basis is not None
    assert plan.summary.cost_basis.price_basis == "quote"  # the shown scenario's own


def test_an_offer_only_another_scenario_buys_is_warned_of_and_sourced(
    planned: tuple[Catalog, Plan],
) -> None:
    """EST's estimate price and its date (two years before the plan) are warned of, naming the
    low scenario; its throughput is among `sources`, `only_in_scenarios` low."""
    _catalog, plan = planned
    said = [w for w in plan.warnings if "est in scenario low" in w]
    assert said == [
        "prices of offers only scenarios other than the shown one (high) buy that are "
        "estimates or illustrative, not quotes: est in scenario low (estimate)",
        "prices of offers only scenarios other than the shown one (high) buy more than 180 "
        "days older than the plan's start (2027-01): verify before trusting the expected "
        "cost: est in scenario low (as of 2024-01-01)",
    ]
    sourced = {(s.offer_id, s.only_in_scenarios) for s in plan.sources}
    assert sourced == {("od", ()), ("est", ("low",))}


def test_the_reports_name_every_scenarios_offers(planned: tuple[Catalog, Plan]) -> None:
    """Markdown and xlsx: the scenario table's purchases by offer and cost basis, the
    expected cost's basis, and EST in the sources tables "only in scenario low" (xlsx: the
    offers' and the throughputs')."""
    catalog, plan = planned
    md = render_report(plan, catalog, "md")[0]
    assert isinstance(md, str)
    assert "est 1 unit a month in 2 months, 2,190.00 USD (tail 2,190.00 USD)" in md
    assert "od 2 units a month in 2 months, 23,360.00 USD (tail 23,360.00 USD)" in md
    assert "expected cost rests on" in md and "estimate price, measured throughput" in md
    assert "| est | - | estimate | 2024-01-01 | test | only in scenario low |" in md
    xlsx = render_report(plan, catalog, "xlsx")[0]
    assert isinstance(xlsx, bytes)
    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    cells = [str(c) for sheet in book.worksheets for row in sheet.values for c in row if c]
    assert "est 1 unit a month in 2 months, 2,190.00 USD (tail 2,190.00 USD)" in cells
    assert cells.count("only in scenario low") == 2  # the offers' and throughputs' tables
