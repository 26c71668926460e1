"""Probe 4 finding 10(j), in the warnings: a commitment running past a tail shorter than its
term says how many of its months fall after the tail and earn nothing (tiny catalog)."""

from __future__ import annotations

from optimizer import Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast

CAT = catalog(Spec("res", 1.0, term_months=12), Spec("od", 4.0))
"""12-month $1 contracts and $4 on-demand GPUs, 1,000 tok/s each."""


def _late(tail_months: int) -> list[str]:
    """The late-commitment warnings of a 3-month plan of 10,000 tok/s with that tail."""
    request = PlanRequest(
        forecast=forecast(10_000.0, months=3),
        options=Options(commitment_accounting="demand_continues", tail_months=tail_months),
    )
    assert request.forecast is not None
    plan = make_plan(CAT, request, request.forecast)
    assert plan.status == "optimal"
    return [w for w in plan.warnings if w.startswith("res: ")]


def test_a_contract_past_a_short_tail_says_what_earns_nothing() -> None:
    """A 3-month tail: the 12-month contract from 2027-01 ends 2027-12, 6 months after the
    tail's last month (2027-06)."""
    [late] = _late(3)
    assert late.endswith(
        "(counted in the tail, against the demand it serves then; 6 months of it fall after "
        "the 3-month tail and earn nothing)"
    )


def test_a_tail_that_outlasts_the_contract_adds_nothing() -> None:
    """A 9-month tail covers the contract's last month: the warning is as before."""
    [late] = _late(9)
    assert late.endswith("(counted in the tail, against the demand it serves then)")
