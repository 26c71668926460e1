"""The steps a sensitivity run moves a limit by (`optimizer.limit_sensitivity.Limit.levels`):
a fraction of the limit; whole units of `max_units` (-1, +1 and the steps rounded, none below
one unit nor below the offer's `min_units`); points of a vendor share (at most 1, above 0,
each level once); and a limit's steps the run's time budget leaves are `not_run`, without a
cost (no solver)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from optimizer.limit_sensitivity import POINTS, RELATIVE, UNITS, Limit, limit_sensitivity
from optimizer.run_budget import OutOfTime
from optimizer.trials import Trial

STEPS = (-0.25, -0.1, 0.1, 0.25)


def _limit(steps_in: str, level: float) -> Limit:
    return Limit(
        name="x", field="constraints.x", unit="u", steps_in=steps_in, level=level, at=_never
    )


def _never(level: float) -> Any:
    return level  # the instance a step would solve: none is solved here


def _no_model(_instance: Any) -> Any:
    raise AssertionError("no model is written when nothing is proven nor used")


def test_a_fraction_of_the_limit() -> None:
    assert _limit(RELATIVE, 10.0).levels(STEPS) == [
        (-0.25, 7.5),
        (-0.1, 9.0),
        (0.1, pytest.approx(11.0)),
        (0.25, 12.5),
    ]


def test_whole_units_one_each_way_and_the_steps_rounded() -> None:
    assert _limit(UNITS, 2.0).levels(STEPS) == [(-1.0, 1.0), (1.0, 3.0)]
    assert _limit(UNITS, 100.0).levels(STEPS) == [
        (-25.0, 75.0),
        (-10.0, 90.0),
        (-1.0, 99.0),
        (1.0, 101.0),
        (10.0, 110.0),
        (25.0, 125.0),
    ]
    assert _limit(UNITS, 1.0).levels(STEPS) == [(1.0, 2.0)]  # no limit of 0 units
    # An offer sold in contracts of at least 95 units (`min_units`): no max_units below it.
    floor = dataclasses.replace(_limit(UNITS, 100.0), least=95.0)
    assert [level for _c, level in floor.levels(STEPS)] == [99.0, 101.0, 110.0, 125.0]


def test_points_of_share_within_zero_and_one() -> None:
    assert _limit(POINTS, 0.5).levels(STEPS) == [
        (-0.25, 0.25),
        (-0.1, 0.4),
        (0.1, 0.6),
        (0.25, 0.75),
    ]
    # 0.2 - 0.25 is no share; 0.2 + 0.9 and 0.2 + 1.0 are both 1 (no rule), tried once.
    assert _limit(POINTS, 0.2).levels((-0.25, 0.9, 1.0)) == [(0.9, 1.0)]
    assert _limit(POINTS, 0.8).levels(STEPS) == [
        (-0.25, 0.55),
        (-0.1, 0.7),
        (0.1, 0.9),
        (0.25, 1.0),
    ]


def test_steps_the_budget_leaves_are_not_run() -> None:
    def gone(_instance: Any) -> Trial:
        raise OutOfTime

    base = Trial(status="optimal", cost=100.0, solution=None, seconds=0.0)
    result = limit_sensitivity(_limit(RELATIVE, 10.0), STEPS, base, None, gone, _no_model, True)
    assert [r.status for r in result.responses] == ["not_run"] * 4
    assert all(r.cost is None and "max_seconds" in r.note for r in result.responses)
    assert result.used is None and result.slack is None and result.binds is None


def test_a_cancelled_runs_limit_steps_name_the_cancel() -> None:
    """Review 14's rule for the other cells: a step a cancelled run left says it was
    cancelled, not that the time budget ran out (a larger `max_seconds` would not help)."""

    def gone(_instance: Any) -> Trial:
        raise OutOfTime(cancelled=True)

    base = Trial(status="optimal", cost=100.0, solution=None, seconds=0.0)
    cancelled = limit_sensitivity(_limit(RELATIVE, 10.0), STEPS, base, None, gone, _no_model, True)
    assert all("the run was cancelled" in r.note for r in cancelled.responses)
    assert not any("time budget" in r.note for r in cancelled.responses)
