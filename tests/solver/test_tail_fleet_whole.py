"""Probe 8 finding 4: under whole replicas, the contracts still running in the tail serve the
workloads no month-to-month offer serves in whole replica blocks, not in fractions of one
(tiny catalog: 24-GPU replicas on 5-GPU units take 5 units a block, 24,000 tok/s a block)."""

from __future__ import annotations

import pytest

from optimizer import Existing, Options, PlanRequest, Replicas, make_plan
from optimizer.assembly import SECONDS_PER_MONTH
from optimizer.tail_fleet import serve_most
from tests.tiny import Spec, catalog, forecast

BLOCKS = catalog(Spec("r", 1.0, term_months=3, gpus_per_unit=5, gpus_per_replica=24))
"""A 3-month contract offer of 5-GPU units; a 24-GPU replica takes 5 units (1 GPU idles)."""

NEED = 31_200.0  # tokens/s: 1.3 blocks
SEVEN = (Existing(offer_id="r", units=7, start="2027-01", term_months=24),)


def _tail(replicas: Replicas) -> tuple[float, float]:
    """(tokens served, tokens short) of a 3-month tail after 3 months of `NEED`, with 7
    existing units running through it."""
    request = PlanRequest(
        forecast=forecast(NEED, months=3),
        existing=SEVEN,
        options=Options(commitment_accounting="demand_continues", tail_months=3, replicas=replicas),
    )
    assert request.forecast is not None
    plan = make_plan(BLOCKS, request, request.forecast)
    assert plan.status == "optimal" and plan.tail is not None
    return plan.tail.tokens, plan.tail.shortfall_tokens


def test_seven_units_of_five_unit_blocks_serve_one_whole_block() -> None:
    """Whole: 7 free units hold one block (24,000 tok/s); 7,200 of the 31,200 tok/s (23.1%)
    are short, where 1.4 blocks would read as served in full (`serve_most` with block sizes;
    the plan's own tail renews the 3 units it signs, so its 10 units hold two blocks)."""
    served = serve_most({0: 7.0}, {(0, 0): 24_000.0}, {0: NEED}, {(0, 0): 5.0})
    assert served == {0: 24_000.0}
    assert serve_most({0: 7.0}, {(0, 0): 24_000.0 / 5}, {0: NEED}) == {0: NEED}
    tokens, short = _tail("whole")
    assert tokens == pytest.approx(NEED * SECONDS_PER_MONTH * 3)
    assert short == 0.0


def test_fractional_replicas_share_the_units() -> None:
    """Fractional: the 35 GPUs (35,000 tok/s) serve the 31,200 in full."""
    served, short = _tail("fractional")
    assert served == pytest.approx(NEED * SECONDS_PER_MONTH * 3)
    assert short == 0.0
