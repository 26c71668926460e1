"""The seeding's relaxation tightened in rounds (`optimizer.incumbent._separated`): each round's
optimum is a bound, the highest kept, the rounds stop when no cut is added, at
`SEPARATION_ROUNDS`, or at a run that is not optimal (its model then no longer agrees with the
last duals read); only where `SEPARATE_STEPS` relaxations are left (`_separating`); and, after
the start, the bound lifted only where it may prove it or the start is improved to the end
(`_lifts`), its rounds paced (`_lift`)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import highspy
import pytest

from optimizer import incumbent
from optimizer.incumbent import Seed

_STATUS: Any = highspy.HighsModelStatus


class _Relaxation:
    """A stand-in for the relaxation's HiGHS: each run reaches the next of `optima`, with
    `statuses` (optimal unless said)."""

    def __init__(self, optima: list[float], statuses: list[Any] | None = None) -> None:
        self.optima, self.statuses, self.runs = optima, statuses or [], 0
        self.options: dict[str, Any] = {}

    def setOptionValue(self, name: str, value: Any) -> None:
        self.options[name] = value

    def run(self) -> None:
        self.runs += 1

    def getModelStatus(self) -> Any:
        k = self.runs - 1
        return self.statuses[k] if k < len(self.statuses) else _STATUS.kOptimal

    def getInfo(self) -> Any:
        return type("Info", (), {"objective_function_value": self.optima[self.runs - 1]})()


def _separate(added: int) -> Any:
    """A separation that adds cuts `added` times, then none."""
    calls = [0]

    def separate(_h: Any) -> bool:
        calls[0] += 1
        return calls[0] <= added

    return separate


def test_rounds_until_no_cut_keep_the_highest_bound() -> None:
    relaxation = _Relaxation([10.0, 12.0, 11.5])
    bound, solved = incumbent._separated(relaxation, _separate(2), 9.0, time.perf_counter() + 60)
    assert (bound, solved, relaxation.runs) == (12.0, True, 2)


def test_rounds_stop_at_their_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incumbent, "SEPARATION_ROUNDS", 3)
    relaxation = _Relaxation([10.0 + k for k in range(10)])
    bound, solved = incumbent._separated(relaxation, _separate(9), 9.0, time.perf_counter() + 60)
    assert (bound, solved, relaxation.runs) == (12.0, True, 3)


def test_a_run_not_optimal_ends_the_rounds_with_the_last_bound() -> None:
    relaxation = _Relaxation([10.0, 99.0], [_STATUS.kOptimal, _STATUS.kTimeLimit])
    bound, solved = incumbent._separated(relaxation, _separate(5), 9.0, time.perf_counter() + 60)
    assert (bound, solved, relaxation.runs) == (10.0, False, 2)


def test_no_round_past_the_deadline() -> None:
    relaxation = _Relaxation([10.0])
    bound, solved = incumbent._separated(relaxation, _separate(5), 9.0, time.perf_counter() - 1)
    assert (bound, solved, relaxation.runs) == (9.0, True, 0)


def test_separating_needs_its_relaxations_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incumbent, "SEPARATE_STEPS", 10.0)
    seed = Seed(relaxation_seconds=1.0)
    assert incumbent._separating(time.perf_counter() + 11.0, seed)
    assert not incumbent._separating(time.perf_counter() + 9.0, seed)


class _Timed(_Relaxation):
    """A relaxation whose each run moves the clock `now` (a one-item list) by `seconds`."""

    def __init__(self, optima: list[float], seconds: float, now: list[float]) -> None:
        super().__init__(optima)
        self.seconds, self.now = seconds, now

    def run(self) -> None:
        self.now[0] += self.seconds
        super().run()


def test_paced_rounds_begin_none_with_less_left_than_the_last_took(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Paced (`_lift`'s), a round is not begun where less time is left than the last one
    took (rounds of 10 s, 15 s to the deadline): it would be cut off and its work lost;
    unpaced, it is begun."""
    now = [0.0]
    monkeypatch.setattr(incumbent, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    relaxation = _Timed([10.0, 11.0, 12.0, 13.0], 10.0, now)
    bound, solved = incumbent._separated(relaxation, _separate(5), 9.0, 15.0, paced=True)
    assert (bound, solved, relaxation.runs) == (10.0, True, 1)
    now[0] = 0.0
    unpaced = _Timed([10.0, 11.0, 12.0, 13.0], 10.0, now)
    assert incumbent._separated(unpaced, _separate(5), 9.0, 15.0) == (11.0, True)
    assert unpaced.runs == 2


def test_the_bound_is_lifted_only_under_a_start_it_may_prove_or_improved_to_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the relaxation at 100 and a gap of 1%: a start of 100.5 is proven already (no
    lift); 101.2 is within `LIFT_REACH` (0.3%) past the gap (lifted); 102 is not (the main
    solve's root is to lift the bound), unless the seeding improves it to the solve's end;
    and without the solve's gap (the PuLP path) never."""
    monkeypatch.setattr(incumbent, "LIFT_REACH", 3e-3)
    seed = Seed(lp_bound=100.0)
    assert not incumbent._lifts(seed, 100.5, 1e-2, to_end=True)
    assert incumbent._lifts(seed, 101.2, 1e-2, to_end=False)
    assert not incumbent._lifts(seed, 102.0, 1e-2, to_end=False)
    assert incumbent._lifts(seed, 102.0, 1e-2, to_end=True)
    assert not incumbent._lifts(seed, 102.0, None, to_end=True)
