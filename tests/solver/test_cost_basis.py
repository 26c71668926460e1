"""Probe 17a L1: the cost per million tokens a buyer reads first (the report's lead, the JSON
summary's and each workload's, each ranking row's) said nothing of what it rests on; the
probe's plan (DeepSeek-R1 8k/1k at 150 tok/s/user) read "0.1326 USD per million tokens" on
an estimate price (onprem-gb300) and derived throughput, which only its warnings and sources
said. Each figure now carries the weakest of its price and throughput bases."""

from __future__ import annotations

import functools

from catalog import default_catalog
from optimizer import SLO, Forecast, Options, Plan, PlanRequest, Workload, make_plan
from optimizer.quotes import QuoteWorkload
from optimizer.ranking import RankingRequest, rank
from service.reports.document import build_report
from service.reports.formats import render_report
from service.reports.numbers import rate
from service.reports.rankings import ranking_table
from service.reports.to_text import plan_text
from tests.documents import workbook


@functools.cache
def _derived() -> Plan:
    """The probe's plan: 800,000 tok/s of DeepSeek-R1 8k/1k at 150 tok/s/user, 12 months."""
    workload = Workload(
        id="r",
        model="deepseek-r1-0528",
        isl=8192,
        osl=1024,
        slo=SLO(min_interactivity=150),
        tokens_per_second=800_000.0,
    )
    forecast = Forecast(name="derived", start="2027-01", months=12, workloads=(workload,))
    plan = make_plan(default_catalog(), PlanRequest(forecast=forecast, options=Options()), forecast)
    assert plan.status == "optimal"
    return plan


def _weakest(prices: set[str], points: set[str]) -> str:
    """The label by the definitions: the last price basis of PRICE_BASES, the bases other
    than measured."""
    price = max(prices, key=("quote", "list", "estimate", "illustrative").index)
    others = sorted(points - {"measured"})
    return f"{price} price, {'/'.join(others) or 'measured'} throughput"


def test_the_plans_cost_per_token_says_what_it_rests_on() -> None:
    plan = _derived()
    catalog = default_catalog()
    assert plan.summary is not None
    offers = {a.offer_id for m in plan.months for a in m.allocations}
    prices = {o.price_basis for o in (catalog.offer(i) for i in offers) if o is not None}
    expected = _weakest(prices, {s.basis for s in plan.sources})
    assert expected == "estimate price, derived throughput"
    assert plan.summary.cost_basis is not None and plan.summary.cost_basis.said == expected
    assert plan.summary.cost_basis.price_basis == "estimate"
    assert plan.summary.cost_basis.throughput_basis == "derived"
    [workload] = plan.workloads
    assert workload.cost_basis == plan.summary.cost_basis


def test_the_reports_put_it_beside_the_figure() -> None:
    plan = _derived()
    catalog = default_catalog()
    assert plan.summary is not None
    figure = f"{rate(plan.summary.cost_per_million_tokens)} USD per million tokens"
    lead = f"The plan serves the forecast at {figure} (an estimate price, derived throughput; "
    md = str(render_report(plan, catalog, "md")[0])
    assert md.splitlines()[4].startswith(lead)
    assert "| cost per million tokens rests on | estimate price, derived throughput |" in md
    assert lead in str(render_report(plan, catalog, "html")[0])
    text = plan_text(build_report(plan, catalog))
    assert (
        f"cost per M tokens   {rate(plan.summary.cost_per_million_tokens)} USD (an estimate" in text
    )
    book = workbook(bytes(render_report(plan, catalog, "xlsx")[0]))
    said = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert said["cost per million tokens rests on"] == "estimate price, derived throughput"


def test_each_ranking_row_says_what_its_cost_rests_on() -> None:
    request = RankingRequest(
        workload=QuoteWorkload(
            model="deepseek-r1-0528", isl=8192, osl=1024, slo=SLO(min_interactivity=150)
        )
    )
    ranking = rank(default_catalog(), request, curves=False)
    eligible = [o for o in ranking.offers if o.eligible]
    assert len({o.cost_basis.said for o in eligible if o.cost_basis}) > 1  # a mix of labels
    for line in eligible:
        assert line.cost_basis is not None and line.bases is not None
        assert line.cost_basis.said == _weakest({line.price_basis}, set(line.bases))
    table = ranking_table(ranking)
    at = table.labels.index("USD/M rests on")
    assert [row[at].value for row in table.rows] == [
        o.cost_basis.said for o in eligible if o.cost_basis
    ]
    for api in ranking.api_offers:
        assert api.cost_basis is not None and api.cost_basis.said == f"{api.price_basis} price"
