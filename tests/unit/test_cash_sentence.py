"""Probe 19 item 3: the report's line on cash against amortised cost said "all the plan's cash
is worth ..." of the NPV of every month's cash, the tail's purchases (valued, not bought)
included: 67.1M on a budget-capped plan paying 4.2M in its horizon. It now says what each
figure sums: the horizon's cash at present value, then with the months after it, and what
the cash of those months is, in the Markdown, HTML and workbook alike (one sentence): review
21 found it called "the tail's purchases valued, not bought" where it was signed commitments'
payments alone."""

from __future__ import annotations

import io
import math
import zipfile
from decimal import Decimal

import pytest

from catalog import default_catalog
from optimizer import Plan
from service.reports import build_report, render_report
from service.reports.numbers import cents
from tests.golden import golden_plan


def _money(value: float) -> str:
    return f"{cents(value):,} USD"


def test_the_cash_sentence_values_the_horizon_apart_from_the_tail() -> None:
    """The budget-capped golden plan (a 48-month tail): the horizon's cash discounted at the
    plan's rate month by month, computed here, is the figure "the horizon's cash is worth";
    the plan's whole NPV is said as the horizon's with the months after it, and what their
    cash is (review 21: "the tail's purchases valued, not bought", which it holds none of);
    the sentence no longer calls the whole NPV "all the plan's cash"."""
    plan = golden_plan("capex-budget-deepseek-r1")
    assert plan.npv is not None and plan.tail is not None
    rate = plan.npv.discount_rate
    horizon = [(t, f) for t, f in enumerate(plan.cash_flows) if f.period == "horizon"]
    now = sum(f.cash * (1 + rate) ** (-t / 12) for t, f in horizon)
    later = plan.npv.cash - now
    assert Decimal(later) > 1_000_000  # the tail's valuation is a large part of the NPV
    later_months = len(plan.cash_flows) - len(horizon)
    said = (
        f"at {rate:.1%} a year the horizon's cash is worth {_money(now)} today",
        f"{_money(plan.npv.cash)} with the {later_months} months after it, whose cash, "
        "9,990,604.80 USD, is payments still due on held and newly signed commitments.",
    )
    cat = default_catalog()
    md = str(render_report(plan, cat, "md")[0])
    html = str(render_report(plan, cat, "html")[0]).replace("&#39;", "'")
    book = render_report(plan, cat, "xlsx")[0]
    assert isinstance(book, bytes)
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        cells = z.read("xl/sharedStrings.xml").decode().replace("&#39;", "'")
    for text in (md, html, cells):
        assert "all the plan's cash is worth" not in text
        for words in said:
            assert words in text, words


def _after_horizon(plan: Plan) -> Decimal:
    """The plan's cash after its horizon, its JSON's floats summed and rounded once."""
    return cents(math.fsum(f.cash for f in plan.cash_flows if f.period != "horizon"))


def _still_due(plan: Plan) -> Decimal:
    """What the commitments paid monthly (No Upfront) owe after the horizon, by the plan's
    own commitments (the golden plans' others are All Upfront: paid at their start)."""
    owed = [c for c in plan.commitments if c.obligation_beyond_horizon]
    assert {c.payment_model for c in owed} <= {"No Upfront", "All Upfront"}
    return cents(
        math.fsum(c.obligation_beyond_horizon for c in owed if c.payment_model == "No Upfront")
    )


@pytest.mark.parametrize(
    ("name", "due"),
    [("capex-budget-deepseek-r1", "9,990,604.80"), ("growing-power-capped", "17,414,179.20")],
)
def test_the_cash_after_the_horizon_is_said_to_be_signed_commitments_payments(
    name: str, due: str
) -> None:
    """Review 21: the sentence called the NPV of the months after the horizon "(the tail's
    purchases valued, not bought)" where their cash is what signed commitments still pay:
    capex-budget's, all 24 months of its No Upfront nscale-gb300-reserved contract from 2028-01
    (its obligation after the horizon); growing-power-capped's, its two No Upfront contracts'.
    Checked here against those obligations and the JSON's cash after the horizon, to the
    cent; the tail's purchases are not named (none of the cash is theirs)."""
    plan = golden_plan(name)
    assert _after_horizon(plan) == _still_due(plan) == Decimal(due.replace(",", ""))
    line = build_report(plan, default_catalog()).cash_line
    assert (
        f"whose cash, {due} USD, is payments still due on held and newly signed commitments."
        in line
    )
    assert "tail" not in line


def test_the_tails_purchases_are_named_beside_the_payments_due() -> None:
    """portfolio-tail6's months after the horizon hold what its 3-month No Upfront H100
    reservation signed in 2027-12 still pays (22,425.60) and its tail's six months of
    on-demand capacity (the rest, 6 x the last month's 1,092,080.00): both named, each to
    the cent, the second as valued, not bought."""
    plan = golden_plan("portfolio-tail6")
    after, due = _after_horizon(plan), _still_due(plan)
    assert due == Decimal("22425.60")
    tail = after - due
    # The demand holds at the horizon's last month's level: its on-demand B200s, six months.
    [od] = [a for a in plan.months[-1].allocations if a.kind == "on_demand"]
    assert plan.tail is not None and tail == plan.tail.months * cents(od.cost) == 6_552_480
    line = build_report(plan, default_catalog()).cash_line
    assert (
        f"whose cash, {after:,} USD, is {due:,} USD of payments still due on held and newly "
        "signed commitments "
        f"and {tail:,} USD of the tail's month-to-month purchases (valued, not bought)."
    ) in line
