"""A baseline's MW-months against a power plan's, in words (probe 13 finding 6): as many, more
or fewer in per cent, in MW-months against a plan that draws none, and the plan's 0.1% slack
named only where a baseline draws fewer within it; and what a power plan short of its demand
says of its objective."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer.plan import Baseline
from service.reports import build_report
from service.reports.cells import Rate, Text
from service.reports.power import power_versus
from tests.golden import golden_plan


def _baseline(theirs: float, ours: float) -> Baseline:
    """The seed's best_single_offer baseline drawing `theirs` MW-months beside a plan's
    `ours`, over horizon + tail."""
    seed = golden_plan("seed-deepseek-r1")
    b = next(b for b in seed.baselines if b.strategy == "best_single_offer")
    assert b.compared_on == "horizon_and_tail"
    return msgspec.structs.replace(
        b, mw_months=theirs, plan_mw_months=ours, diff_mw_months=theirs - ours
    )


@pytest.mark.parametrize(
    ("theirs", "ours", "said"),
    [
        (31.5876, 31.5876, "as many MW-months"),
        (31.5876 * (1 + 4e-5), 31.5876, "as many MW-months"),
        (67.854, 31.5876, "114.81% more MW-months"),
        (58.0, 0.0, "58.00 more MW-months"),
        (
            31.556,
            31.5876,
            "0.10% fewer MW-months (the plan may draw up to 0.1% more than the least, to cost "
            "less)",
        ),
        (30.0, 31.5876, "5.03% fewer MW-months"),
    ],
)
def test_a_baselines_mw_months_are_said_against_the_plans(
    theirs: float, ours: float, said: str
) -> None:
    """31.59 against 31.59 reads `as many`, 67.85 `114.81% more`, 58 against a plan of APIs
    alone (0 MW-months) `58.00 more MW-months` (not `as many`: no share of nothing); a
    baseline 0.1% under the plan is within the slack the plan may spend to cost less, and
    says so, one 5% under is not."""
    assert power_versus(_baseline(theirs, ours)) == f"{said} over horizon + tail"


def test_a_baseline_without_a_plan_has_no_mw_months_verdict() -> None:
    """A baseline that found no plan (best_api of the seed: no API is eligible) has no
    MW-months, and no verdict on them."""
    seed = golden_plan("seed-deepseek-r1")
    api = next(b for b in seed.baselines if b.strategy == "best_api")
    assert api.mw_months is None and power_versus(api) == ""


def test_a_power_plan_short_of_its_demand_says_power_was_not_reached() -> None:
    """A plan asked for least power that cannot meet its demand is solved by the shortfall
    steps (the least left unmet, then the cheapest), not for power: its summary says so, and
    its lead opens with the diagnosis, no `Objective power` sentence."""
    short = golden_plan("infeasible-power-cap")
    assert short.diagnosis is not None and short.summary is not None
    plan = msgspec.structs.replace(
        short, request=msgspec.structs.replace(short.request, objective="power")
    )
    report = build_report(plan, default_catalog())
    summary = dict(report.summary)
    assert summary["objective"] == Text(
        "power, not reached: the demand cannot be met, so the least left unmet, then cost"
    )
    assert summary["MW-months + tail"] == Rate(short.summary.mw_months)
    assert report.recommendation[0].startswith("The demand cannot be met in full: ")
    assert not any("Objective power" in line for line in report.recommendation)
