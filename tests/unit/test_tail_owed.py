"""Probe 4 finding 10(j): a 12-month tail shorter than the contracts' remaining 36 months
says that its cost holds 24 months owed after it, against no tokens (the three-scenario
golden plan: one 48-month GB300 contract from 2027-01, a 12-month horizon and tail)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from service.reports import build_report, render_report
from service.reports.cells import Money, shown
from service.reports.tail import owed_after_tail
from service.reports.to_text import plan_text
from tests.golden import golden_plan

OWED = "10,036,016.64 USD"
"""24 months x 418,167.36 USD a month: 2029-01 to 2030-12, after the tail's last month."""


def test_what_is_owed_after_the_tail_is_its_months_times_the_monthly_cost() -> None:
    """The contract ends 2030-12, the tail 2028-12: 24 months owed after it; they and the
    tail's 12 make the 36 months owed after the horizon."""
    plan = golden_plan("three-scenarios")
    [c] = plan.commitments
    assert plan.tail is not None and (c.end, plan.tail.months) == ("2030-12", 12)
    months, owed = owed_after_tail(plan)
    assert months == 24 and round(owed, 2) == round(24 * c.monthly_cost, 2) == 10_036_016.64
    assert round(owed + 12 * c.monthly_cost, 2) == round(c.obligation_beyond_horizon, 2)


def test_every_format_says_the_tail_cost_holds_what_is_owed_after_it() -> None:
    """The tail table, its card, the lead, report.md and the CLI text name the 24 months
    owed after the tail and their amount, and the tail's $/M says it includes them."""
    plan = golden_plan("three-scenarios")
    report = build_report(plan, default_catalog())
    pairs = dict(report.tail)
    assert pairs["of it owed after the tail (24 months, no tokens)"] == Money(
        owed_after_tail(plan)[1], "USD"
    )
    assert "tail cost per million tokens (what is owed after the tail included)" in pairs
    cards = dict(report.headline)
    assert shown(cards["the 12-month tail and 24 months owed after it"]).startswith("15,054,024.96")
    said = f"({OWED} of it owed for the 24 months after the tail, with no tokens counted)"
    assert said in report.recommendation[0]
    md = render_report(plan, default_catalog(), "md")[0]
    assert isinstance(md, str) and said in md and OWED in md
    line = next(x for x in plan_text(report).splitlines() if x.startswith("tail "))
    per_million = "0.4774 per million tokens (an estimate price, measured throughput)"
    assert said in line and line.endswith(per_million)


def test_a_tail_as_long_as_the_contracts_says_nothing_more() -> None:
    """The seed's 48-month tail outlasts its contracts: no row, card or clause of what is
    owed after it."""
    plan = golden_plan("seed-deepseek-r1")
    assert owed_after_tail(plan) == (0, 0.0)
    report = build_report(plan, default_catalog())
    assert not any("after the tail" in label for label, _ in report.tail)
    assert "after the tail" not in " ".join(report.recommendation)
    existing = msgspec.structs.replace(
        golden_plan("three-scenarios"),
        commitments=tuple(
            msgspec.structs.replace(c, existing=True)
            for c in golden_plan("three-scenarios").commitments
        ),
    )
    # Held, they owe what they owed new: counted in full (probe 17a L6; the plan's tail cost
    # counts it too, `optimizer.plan_cost.held_after_tail`).
    assert owed_after_tail(existing) == owed_after_tail(golden_plan("three-scenarios"))
