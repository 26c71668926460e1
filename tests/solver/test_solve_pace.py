"""The main solve after a seeding is paced (`optimizer.solver.Pace`): HiGHS checks its time
limit only between the steps of its search, and on the large models one root cut round took
1.4-2.7 s and once 35 s (caps 100x36x20, 12 s given, 46.8 s taken), so a step that cannot end
by the solve's end is not begun."""

from __future__ import annotations

import math

from optimizer.solver import CENTRE_AFTER, Pace


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


def test_the_root_s_analytic_centre_is_foreseen() -> None:
    """After its first LP and five cut rounds (the `CENTRE_AFTER`th callback with a finite
    bound) HiGHS's root waits for its analytic centre, a step of its own (caps 100x36x20: 11 s
    and more after rounds of about 1 s, run past a 30-s limit to 36.9 and 41.9 s): a solve to
    end at 20 s stops at that callback (at 8 s) when the centre, taken as 15 s, would end past
    it; the callbacks before it are paced by their own steps, and without `centre` the solve
    goes on."""
    times = [0.1, 0.2, 1.5, 2.5, 4.0, 5.0, 6.5, 8.0]
    bounds = [-math.inf, -math.inf, 399.0, 406.5, 407.4, 409.8, 410.4, 410.7]
    paced = Pace(None, 20.0, first_step=1.0, now=Ticks(*times), centre=15.0)
    assert [paced(t, 415.7, b) for t, b in zip(times, bounds, strict=True)] == [False] * 7 + [True]
    assert paced.stopped
    plain = Pace(None, 20.0, first_step=1.0, now=Ticks(*times))
    assert not any(plain(t, 415.7, b) for t, b in zip(times, bounds, strict=True))
    assert CENTRE_AFTER == 6


def test_the_centre_is_begun_when_it_fits() -> None:
    """With 24.5 s left at that callback the centre (15 s) fits: the solve goes on, and after
    it each step is paced by the longest so far (the centre's 12 s: a solve to end at 32.5 s
    goes on at 20 s and stops at 21 s)."""
    times = [0.1, 0.2, 1.5, 2.5, 4.0, 5.0, 6.5, 8.0, 20.0, 21.0]
    bounds = [-math.inf, -math.inf, 399.0, 406.5, 407.4, 409.8, 410.4, 410.7, 410.7, 410.9]
    paced = Pace(None, 32.5, first_step=1.0, now=Ticks(*times), centre=15.0)
    stops = [paced(t, 415.7, b) for t, b in zip(times, bounds, strict=True)]
    assert stops == [False] * 9 + [True]


def test_the_time_kept_for_the_polish_counts_from_the_centre() -> None:
    """With 8 s kept (`kept`) of a solve to end at 30 s: the root's first LP and cut rounds
    are paced by the end itself (a round of 1.5 s begun at 24 s goes on: 25.5 s, past 22),
    the centre (6 s) is not begun at 17 s (23 s, past 30 - 8); without `kept` it is."""
    times = [19.0, 19.2, 20.0, 21.5, 23.0, 24.0]
    bounds = [-math.inf, -math.inf, 399.0, 406.5, 407.4, 409.8, 410.4, 410.7]
    early = Pace(None, 30.0, first_step=1.0, now=Ticks(*times), centre=6.0, kept=8.0)
    assert not any(early(t, 415.7, b) for t, b in zip(times, bounds[:6], strict=True))
    late = [11.0, 11.2, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0]
    paced = Pace(None, 30.0, first_step=1.0, now=Ticks(*late), centre=6.0, kept=8.0)
    assert [paced(t, 415.7, b) for t, b in zip(late, bounds, strict=True)] == [False] * 7 + [True]
    plain = Pace(None, 30.0, first_step=1.0, now=Ticks(*late), centre=6.0)
    assert not any(plain(t, 415.7, b) for t, b in zip(late, bounds, strict=True))
