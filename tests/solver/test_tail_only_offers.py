"""Probe 17a F2: an offer the tail of `demand_continues` is valued on but the horizon does not
buy (month-to-month units or API tokens bought after the horizon) was named nowhere: not in
the price-trust or stale-price warnings, not in `sources`, in no report, though the lifetime
cost rests on its price (the probe's: an illustrative, two-year-old price took 262,800.00 off
a plan's lifetime). Each is now named, saying it is only in the tail (tiny catalogs)."""

from __future__ import annotations

import datetime as dt
import json

import msgspec

from catalog import Catalog
from optimizer import Options, Plan, PlanRequest, make_plan
from service.reports.formats import render_report
from tests.documents import workbook
from tests.tiny import Spec, api_offer, catalog, forecast

OLD = dt.date(2024, 1, 1)
"""Three years before the plans' start: stale."""


def _late_catalog(basis: str = "measured") -> Catalog:
    """`now` on demand at 4.00 and `late`, an illustrative, stale 2.00 available only from
    2027-04, the month after a 3-month horizon from 2027-01 (its throughput `basis`)."""
    base = catalog(Spec("now", 4.0), Spec("late", 2.0, price_basis="illustrative", as_of=OLD))
    late = msgspec.structs.replace(base.offers[1], available_from="2027-04")
    profile = base.profiles[1]
    point = msgspec.structs.replace(profile.points[0], basis=basis)
    profiles = (base.profiles[0], msgspec.structs.replace(profile, points=(point,)))
    return msgspec.structs.replace(base, offers=(base.offers[0], late), profiles=profiles)


def _plan(cat: Catalog, tokens_per_second: list[float] | float) -> Plan:
    request = PlanRequest(
        forecast=forecast(tokens_per_second, months=3),
        options=Options(commitment_accounting="demand_continues", tail_months=3),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal"
    return plan


def test_a_gpu_offer_only_the_tail_buys_is_warned_about_and_sourced() -> None:
    plan = _plan(_late_catalog(), 10_000.0)
    assert {a.offer_id for m in plan.months for a in m.allocations} == {"now"}
    assert plan.tail is not None and plan.tail.cost == 10 * 730 * 3 * 2.0  # late's units
    assert plan.tail.offers_only_in_tail == ("late",)
    tail_warnings = [w for w in plan.warnings if "only the tail is valued on" in w]
    assert tail_warnings == [
        "prices only the tail is valued on (bought after the horizon, not in it) that are "
        "estimates or illustrative, not quotes: late (illustrative)",
        "prices only the tail is valued on (bought after the horizon, not in it) more than 180 "
        "days older than the plan's start (2027-01): verify before trusting the lifetime "
        "cost: late (as of 2024-01-01)",
    ]
    sourced = {(s.offer_id, s.only_in_tail) for s in plan.sources}
    assert sourced == {("now", False), ("late", True)}


def test_throughput_only_the_tail_counts_on_is_warned_about() -> None:
    plan = _plan(_late_catalog("derived"), 10_000.0)
    [derived] = [w for w in plan.warnings if "derived throughput" in w]
    assert derived.startswith("late serves w only in the tail on derived throughput")


def test_an_api_only_the_tail_buys_from_is_warned_about() -> None:
    """A 3-month reservation serves the horizon; the tail's demand (300 tok/s, the last
    month's) is cheaper bought from the API than renewed (a GPU a third used)."""
    cat = catalog(Spec("res", 1.0, term_months=3), Spec("od", 4.0))
    api = msgspec.structs.replace(api_offer(0.5), price_basis="estimate", as_of=OLD)
    plan = _plan(msgspec.structs.replace(cat, api_offers=(api,)), [10_000.0, 10_000.0, 300.0])
    assert not any(m.purchases for m in plan.months)
    assert plan.tail is not None and plan.tail.offers_only_in_tail == ("api-api",)
    said = [w for w in plan.warnings if "api-api" in w]
    assert said == [
        "API prices only the tail is valued on (bought after the horizon, not in it) that "
        "are estimates or illustrative, not quotes: api-api (estimate)",
        "API prices only the tail is valued on (bought after the horizon, not in it) more "
        "than 180 days older than the plan's start (2027-01): verify before trusting the "
        "lifetime cost: api-api (as of 2024-01-01)",
    ]


def test_the_reports_name_the_tail_only_offer() -> None:
    """md, html, xlsx and json list the offer in their sources, saying "only in the tail",
    and the executive summary's checks name it."""
    cat = _late_catalog()
    plan = _plan(cat, 10_000.0)
    md = str(render_report(plan, cat, "md")[0])
    assert "- prices only the tail is valued on (bought after the horizon, not in it)" in md
    [row] = [line for line in md.splitlines() if line.startswith("| late |")]
    assert row.rstrip(" |").endswith("only in the tail")
    html = str(render_report(plan, cat, "html")[0])
    assert "<td>only in the tail</td>" in html
    assert "late price (illustrative, only in the tail)" in html
    assert "late (as of 2024-01-01, 1096 days before the start, only in the tail)" in html
    book = workbook(bytes(render_report(plan, cat, "xlsx")[0]))
    cells = [tuple(r) for r in book["Sources"].iter_rows(values_only=True)]
    assert cells[[r[0] for r in cells].index("late")][:2] == ("late", 2.0)
    assert sum(1 for r in cells if "only in the tail" in r) == 2  # the offer and its point
    stored = json.loads(render_report(plan, cat, "json")[0])
    assert stored["tail"]["offers_only_in_tail"] == ["late"]
