"""The seeding's relaxation tightened in rounds (`optimizer.incumbent._separated`): each round's
optimum is a bound, the highest kept, the rounds stop when no cut is added, at
`SEPARATION_ROUNDS`, or at a run that is not optimal (its model then no longer agrees with the
last duals read); and only where `SEPARATE_STEPS` relaxations are left (`_separating`)."""

from __future__ import annotations

import time
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
