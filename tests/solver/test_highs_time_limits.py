"""Every HiGHS the optimizer makes gets a time limit HiGHS keeps (`highs_seconds`): a deadline
already passed gives 0.01 s, not a negative limit, which HiGHS refuses and then solves with
the one it had, by default none; inf is no limit; NaN (a share of an infinite time, inf -
inf: `optimizer.month_start` before session 21) is refused by name, where `max(0.01, nan)`
made it a silent 10 ms run (audit of session 21). No solve: the limits are read back."""

from __future__ import annotations

import math

import highspy
import pytest

from optimizer.components import sub_highs
from optimizer.highs_sink import HighsSink
from optimizer.incumbent import highs_copy


def _sink() -> HighsSink:
    """A one-column model: x >= 1, cost 1."""
    sink = HighsSink()
    x = sink.variable("x", 0.0, None, True)
    sink.cost[x] = 1.0
    sink.row([(x, 1.0)], 1, 1.0, "least")
    return sink


def _limit(h: highspy.Highs) -> float:
    """The time limit `h` holds (highspy answers a status and the value)."""
    _status, value = h.getOptionValue("time_limit")
    return float(value)


def test_a_passed_deadline_is_the_least_limit_not_none() -> None:
    """A negative limit (a deadline already passed) is held at 0.01 s by the sink, where HiGHS
    refused -1 and kept no limit at all (inf)."""
    h = _sink().highs(-1.0, 0.0, 1)
    assert _limit(h) == 0.01
    # HiGHS itself: a negative limit is refused and the one it had kept.
    bare = highspy.Highs()
    assert bare.setOptionValue("time_limit", -1.0) == highspy.HighsStatus.kError
    assert _limit(bare) == math.inf


def test_no_deadline_is_no_limit() -> None:
    """inf stays inf, in the sink, a copy of its model and a sub-model."""
    h = _sink().highs(math.inf, 0.0, 1)
    assert _limit(h) == math.inf
    assert _limit(highs_copy(h, math.inf, 1)) == math.inf
    part = sub_highs(h.getLp(), math.inf, 1, {})
    assert _limit(part) == math.inf


def test_a_nan_limit_is_refused_by_name() -> None:
    """NaN is a ValueError saying what it got, from the sink, a copy and a sub-model alike
    (HiGHS took NaN as it came; `max(0.01, nan)` made it 0.01 s)."""
    h = _sink().highs(1.0, 0.0, 1)
    expected = "a solver time limit must be a number of seconds or inf, got nan"
    with pytest.raises(ValueError, match=expected):
        _sink().highs(math.nan, 0.0, 1)
    with pytest.raises(ValueError, match=expected):
        highs_copy(h, math.inf - math.inf, 1)
    with pytest.raises(ValueError, match=expected):
        sub_highs(h.getLp(), math.nan, 1, {})
