"""Probe 19 item 3: the report's line on cash against amortised cost said "all the plan's cash
is worth ..." of the NPV of every month's cash, the tail's purchases (valued, not bought)
included: 67.1M on a budget-capped plan paying 4.2M in its horizon. It now says what each
figure sums: the horizon's cash at present value, then with the months after it, naming
the tail's purchases as valued, not bought, in the Markdown, HTML and
workbook alike (one sentence)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from catalog import default_catalog
from service.reports import render_report
from service.reports.numbers import cents
from tests.golden import golden_plan


def _money(value: float) -> str:
    return f"{cents(value):,} USD"


def test_the_cash_sentence_values_the_horizon_apart_from_the_tail() -> None:
    """The budget-capped golden plan (a 48-month tail): the horizon's cash discounted at the
    plan's rate month by month, computed here, is the figure "the horizon's cash is worth";
    the plan's whole NPV is said as the horizon's with the months after it, the tail's
    purchases valued, not bought; the sentence no longer calls the whole NPV "all the
    plan's cash"."""
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
        f"{_money(plan.npv.cash)} with the {later_months} months after it (the tail's "
        "purchases valued, not bought).",
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
