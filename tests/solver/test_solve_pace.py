"""The main solve after a seeding is paced (`optimizer.solver.Pace`): HiGHS checks its time
limit only between the steps of its search, and on the large models one root cut round took
1.4-2.7 s and once 35 s (caps 100x36x20, 12 s given, 46.8 s taken), so a step that cannot end
by the solve's end is not begun."""

from __future__ import annotations

from optimizer.solver import Pace


class Ticks:
    """A clock that reads the times it is given, one a call."""

    def __init__(self, *times: float) -> None:
        self.times = list(times)

    def __call__(self) -> float:
        return self.times.pop(0)


def test_a_step_that_would_end_past_the_end_is_not_begun() -> None:
    """Callbacks at 0.1, 2.0, 3.5 and 6.2 s of a solve to end at 8 s: the longest step so far
    (1.9 s, then 2.7 s) ends by 8 s after the first three, not after the fourth (6.2 + 2.7)."""
    told: list[float] = []

    def progress(seconds: float, incumbent: float, bound: float) -> bool:
        told.append(seconds)
        return False

    pace = Pace(progress, 8.0, now=Ticks(0.1, 2.0, 3.5, 6.2))
    stops = [pace(s, 100.0, 90.0) for s in (0.1, 2.0, 3.5, 6.2)]
    assert stops == [False, False, False, True]
    assert pace.stopped
    assert told == [0.1, 2.0, 3.5, 6.2]  # the plan's progress is told at every callback


def test_the_first_step_is_the_relaxations() -> None:
    """Before a second callback the step is `first_step` (the seeding's relaxation took 3 s):
    with 2 s left at the first callback the solve stops there."""
    assert Pace(None, 5.0, first_step=3.0, now=Ticks(3.0))(3.0, 1.0, 0.0)
    assert not Pace(None, 5.0, first_step=1.5, now=Ticks(3.0))(3.0, 1.0, 0.0)


def test_a_cancel_is_not_taken_for_the_time() -> None:
    """A cancel heard by the plan's progress stops the solve, and `stopped` stays False: the
    time did not end it."""
    pace = Pace(lambda *_: True, 100.0, now=Ticks(1.0))
    assert pace(1.0, 1.0, 0.0)
    assert not pace.stopped
