"""The report's lead counts the horizon's months in English."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from service.reports import render_report
from tests.golden import golden_plan


def test_a_one_month_plan_reads_one_month() -> None:
    """The lead counts the horizon's months in English: a one-month plan is 'over 1 month',
    never 'over 1 months'; three are 'over 3 months'."""
    plan = golden_plan("seed-deepseek-r1")
    one = msgspec.structs.replace(plan, months=plan.months[:1])
    text = render_report(one, default_catalog(), "md")[0]
    assert isinstance(text, str) and "over 1 month" in text and "over 1 months" not in text
    three = render_report(
        msgspec.structs.replace(plan, months=plan.months[:3]), default_catalog(), "md"
    )[0]
    assert isinstance(three, str) and "over 3 months" in three
