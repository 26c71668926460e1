"""The stop of a re-solve asked "is there a plan below this bound?" (`optimizer.direct`): at
its first plan below the bound that is also near HiGHS's dual bound (`EARLY_GAP`)."""

from __future__ import annotations

import math

from optimizer.direct import EARLY_GAP, _stopping


def test_an_early_stop_waits_for_a_plan_below_the_bound_and_near_the_optimum() -> None:
    """Below 100 with the dual bound still -inf or 1% lower: no stop; within `EARLY_GAP` of
    the dual bound: stop; at or above 100: no stop, however near; with no bound asked the
    caller's own callback is all there is."""
    stop = _stopping(None, 100.0)
    assert stop is not None
    assert not stop(0.0, 99.0, -math.inf)
    assert not stop(0.0, 99.0, 99.0 * (1.0 - 10 * EARLY_GAP))
    assert stop(0.0, 99.0, 99.0 * (1.0 - EARLY_GAP / 2))
    assert not stop(0.0, 100.0, 100.0)
    assert _stopping(None, None) is None
    heard: list[float] = []
    relayed = _stopping(lambda s, i, b: heard.append(i) or i > 500.0, 100.0)
    assert relayed is not None and relayed(0.0, 600.0, 0.0) and heard == [600.0]
