"""Every label of `summary.total_obligation` says what it counts: the new contracts' whole
terms and the on-demand use of the horizon, what the requisition's GPU lines add up to, with
the tokens bought from APIs beside it (probe 11 finding 3: "It signs 6 commitments" where 5
were on-demand months, and "total obligation (new commitments)" beside an empty requisition)."""

from __future__ import annotations

from decimal import Decimal

from catalog import default_catalog
from service.reports import build_report, plan_text
from service.reports.cells import shown
from service.reports.obligation import API_SPEND, OBLIGATION
from service.reports.requisition import requisition
from service.reports.signing import signs_sentence
from tests.golden import golden_plan


def test_on_demand_months_are_not_counted_as_commitments() -> None:
    """The portfolio example with a 6-month tail signs 6 contracts and buys 14 months on
    demand from three offers: the lead says so, never "20 commitments", and the obligation's
    label names both."""
    plan = golden_plan("portfolio-tail6")
    assert plan.summary is not None
    assert sum(c.term_months == 0 for c in plan.commitments) == 14
    lead = signs_sentence(plan)
    assert lead.startswith(
        "It signs 6 commitments on 3 offers (nebius-h100-commit, onprem-b200, onprem-mi355x) "
        "and buys on demand from 3 offers (nebius-b200-od, nebius-h100-od, nebius-h200-od), "
        "owing 20,676,812.00 USD"
    )
    assert "20 commitments" not in lead
    rows = dict(build_report(plan, default_catalog()).summary)
    assert shown(rows[OBLIGATION]) == "20,676,812.00 USD"
    assert API_SPEND not in rows  # buys no tokens


def test_the_requisition_gpu_lines_add_up_to_the_obligation_and_api_lines_come_beside() -> None:
    """build-or-buy: the GPU lines add up to summary.total_obligation, the API lines to
    summary.api_cost, each within half a cent a line; the summary and the CLI text show the
    API spend beside the obligation."""
    plan = golden_plan("build-or-buy-deepseek-r1")
    s = plan.summary
    assert s is not None and s.api_cost > 0
    lines = requisition(plan, default_catalog()).lines
    api = [Decimal(x.line_total) for x in lines if x.unit_of_measure == "million tokens"]
    gpu = [Decimal(x.line_total) for x in lines if x.unit_of_measure != "million tokens"]
    assert abs(float(sum(gpu)) - s.total_obligation) <= 0.005 * len(gpu)
    assert abs(float(sum(api)) - s.api_cost) <= 0.005 * len(api)
    report = build_report(plan, default_catalog())
    rows = dict(report.summary)
    assert rows[API_SPEND].value == s.api_cost
    assert f"API tokens          {shown(rows[API_SPEND])}, bought as used" in plan_text(report)


def test_a_scenario_plan_labels_its_obligation_as_its_shown_scenarios() -> None:
    """three-scenarios: the summary's obligation is the base scenario's (its requisition lists
    only the shared contracts), not "total obligation"."""
    plan = golden_plan("three-scenarios")
    labels = [label for label, _ in build_report(plan, default_catalog()).summary]
    assert "base scenario's obligation (new contracts and on-demand use)" in labels
    assert OBLIGATION not in labels
