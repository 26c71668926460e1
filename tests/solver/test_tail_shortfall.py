"""Probe 5 finding 1: under `demand_continues`, the tail counts only the tokens something serves;
a workload no month-to-month offer serves has only the contracts running then (renewed where
they end in the tail), and the rest of its continued demand is the tail's shortfall, for the
plan, its baselines and every report (tiny catalog: 12-month contracts only, 1,000 tok/s per
GPU). Since renewals, a plan that serves its horizon in full serves such a tail in full too."""

from __future__ import annotations

import msgspec
import pytest

from optimizer import Constraints, Existing, Options, Plan, PlanRequest, PowerCap, make_plan
from optimizer.assembly import SECONDS_PER_MONTH
from service.reports import build_report, render_report
from service.reports.cells import shown
from service.reports.to_text import plan_text
from tests.documents import workbook
from tests.tiny import Spec, catalog, forecast

ONLY_CONTRACTS = catalog(Spec("res", 1.0, term_months=12))
"""One 12-month contract offer, $730 a GPU-month; nothing month to month."""

MONTH = SECONDS_PER_MONTH / 1e6
"""Million tokens of 1 tok/s held for a month (2.628)."""


def _plan(tokens_per_second: float, existing: tuple[Existing, ...] = ()) -> Plan:
    """3 months of `tokens_per_second` with a 24-month tail, on `ONLY_CONTRACTS`."""
    request = PlanRequest(
        forecast=forecast(tokens_per_second, months=3),
        existing=existing,
        options=Options(commitment_accounting="demand_continues", tail_months=24),
    )
    assert request.forecast is not None
    return make_plan(ONLY_CONTRACTS, request, request.forecast)


def test_a_renewed_contract_serves_the_whole_tail() -> None:
    """One GPU from 2027-01 for 12 months serves the 9 tail months left of its term
    (2027-04..12, 6,570 USD owed) and, renewed at its price, the 15 after (10,950 USD): the
    24 tail months in full, 17,520 USD (0.2778/M; it served 9 and left 15 short before
    renewals); the warning says the contracts serve the unmodelled demand in full."""
    plan = _plan(1000.0)
    tail, s = plan.tail, plan.summary
    assert plan.status == "optimal" and tail is not None and s is not None
    assert tail.cost == pytest.approx(6_570.0 + 10_950.0)
    assert tail.renewed_cost == pytest.approx(10_950.0)
    assert tail.tokens == pytest.approx(24 * 1000 * MONTH * 1e6)
    assert tail.shortfall_tokens == 0.0
    assert tail.cost_per_million_tokens == pytest.approx(17_520.0 / (24 * 1000 * MONTH))
    assert s.lifetime_cost_per_million_tokens == pytest.approx(19_710.0 / (27 * 1000 * MONTH))
    [warning] = [w for w in plan.warnings if w.startswith("no month-to-month offer serves w")]
    assert "serve it in full in 24 of the 24 tail months" in warning


def test_an_existing_contract_ending_in_the_tail_is_renewed_too() -> None:
    """1,500 tok/s: an existing GPU to 2027-09 and one bought from 2027-01 to 2027-12, each
    renewed at its price to the tail's end (18 and 15 months: 24,090 USD), serve the tail in
    full (before renewals: 6 + 3 x 2/3 = 8 months of tokens)."""
    owned = (Existing(offer_id="res", units=1, start="2026-10", term_months=12),)
    plan = _plan(1500.0, owned)
    assert plan.tail is not None
    assert plan.tail.tokens == pytest.approx(24 * 1500 * MONTH * 1e6)
    assert plan.tail.shortfall_tokens == 0.0
    assert plan.tail.renewed_cost == pytest.approx((18 + 15) * 730.0)


def test_a_tail_the_fleet_cannot_serve_is_short() -> None:
    """Under a power cap of one GPU (1 kW), 1,500 tok/s: the horizon and the tail are both
    short of 500 tok/s a month; the tail counts the 24 months of 1,000 served and 500 short,
    and the warning names what goes unserved."""
    request = PlanRequest(
        forecast=forecast(1500.0, months=3),
        constraints=Constraints(power_caps=(PowerCap(site="v/r", mw=0.001),)),
        options=Options(commitment_accounting="demand_continues", tail_months=24),
    )
    assert request.forecast is not None
    plan = make_plan(ONLY_CONTRACTS, request, request.forecast)
    assert plan.status == "infeasible" and plan.tail is not None
    assert plan.tail.tokens == pytest.approx(24 * 1000 * MONTH * 1e6)
    assert plan.tail.shortfall_tokens == pytest.approx(24 * 500 * MONTH * 1e6)
    [warning] = [w for w in plan.warnings if w.startswith("no month-to-month offer serves w")]
    assert "0.03154 trillion of its tail tokens (33.3%) go unserved" in warning


def test_each_baseline_counts_its_own_tail_shortfall() -> None:
    """The baselines buy the same contract: their tails serve and miss the same tokens as
    the plan's, and their $/M over horizon + tail is the plan's (ratio 1)."""
    plan = _plan(1000.0)
    assert plan.tail is not None
    priced = [b for b in plan.baselines if b.tail is not None]
    assert priced
    for b in priced:
        assert b.tail is not None
        assert (b.tail.tokens, b.tail.shortfall_tokens) == pytest.approx(
            (plan.tail.tokens, plan.tail.shortfall_tokens)
        )
        assert b.cost_ratio == pytest.approx(1.0)


def _short(plan: Plan, tokens: float) -> Plan:
    """`plan` with `tokens` of its tail (and each priced baseline's) unserved: the reports'
    figures for a tail the running contracts cannot serve (since renewals, only a plan short
    in its horizon too has one, and its baselines are then infeasible)."""
    assert plan.tail is not None
    baselines = tuple(
        b
        if b.tail is None
        else msgspec.structs.replace(
            b, tail=msgspec.structs.replace(b.tail, shortfall_tokens=tokens)
        )
        for b in plan.baselines
    )
    tail = msgspec.structs.replace(plan.tail, shortfall_tokens=tokens)
    return msgspec.structs.replace(plan, tail=tail, baselines=baselines)


def test_every_report_names_the_tail_shortfall() -> None:
    """The tail table (md, html, xlsx), the lead, the CLI text and the baselines' verdicts and
    columns name the 0.03942 trillion tail tokens short, and the tail's $/M says it is over
    the tokens served."""
    plan = _short(_plan(1000.0), 15 * 1000 * MONTH * 1e6)
    report = build_report(plan, ONLY_CONTRACTS)
    pairs = dict(report.tail)
    assert "tail cost per million tokens (over the tokens served)" in pairs
    short = "tail tokens short (demand nothing serves after the horizon)"
    assert short in pairs
    xlsx = render_report(plan, ONLY_CONTRACTS, "xlsx")[0]
    assert isinstance(xlsx, bytes)
    book = workbook(xlsx)
    labels = {c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert short in labels and "baseline_tail_shortfall_tokens" in labels
    assert "tail; 0.03942 trillion tail tokens short)" in report.recommendation[0]
    for fmt in ("md", "html"):
        page = render_report(plan, ONLY_CONTRACTS, fmt)[0]
        assert isinstance(page, str) and short in page and "0.03942 trillion" in page
    line = next(x for x in plan_text(report).splitlines() if x.startswith("tail "))
    assert line.endswith("; 0.03942 trillion tail tokens short")
    verdicts = [shown(row[-1]) for row in report.baselines_summary.rows]
    assert any("0.03942 trillion tail tokens short" in v for v in verdicts)
    full = report.baselines.select("baseline", "baseline tail tokens short")
    assert any(getattr(row[1], "value", None) for row in full.rows)
