"""The seeding's relaxation solved warm (`optimizer.incumbent.WARM_CUTS`): its time read as the
cold one's (`WARM_PACE`) for the pacing, and solved again cold for the start from its whole
columns only where it was warm and `COLD_STEPS` relaxations are left (`_cold_again`)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import highspy
import pytest

from optimizer import incumbent
from optimizer.incumbent import Relaxation, Seed

_STATUS: Any = highspy.HighsModelStatus


class _Timed:
    """A stand-in for the relaxation's HiGHS: each run optimal, moving the clock `now` (a
    one-item list) by `seconds`."""

    def __init__(self, seconds: float, now: list[float]) -> None:
        self.seconds, self.now, self.runs = seconds, now, 0

    def setOptionValue(self, name: str, value: Any) -> None:
        pass

    def run(self) -> None:
        self.now[0] += self.seconds
        self.runs += 1

    def getModelStatus(self) -> Any:
        return _STATUS.kOptimal

    def getInfo(self) -> Any:
        return SimpleNamespace(objective_function_value=7.0)

    def getSolution(self) -> Any:
        return SimpleNamespace(col_value=[0.5], row_dual=[])

    def getBasis(self) -> Any:
        return None


@pytest.mark.parametrize("warm", [False, True])
def test_the_pace_reads_the_cold_relaxations_time(
    monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    """Warm, the relaxation runs twice (without the cuts, then with them), and its time is
    read `WARM_PACE` times; cold, it runs once and its time is read as it is."""
    now = [100.0]
    stand_in = _Timed(1.0, now)
    monkeypatch.setattr(incumbent, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    monkeypatch.setattr(incumbent, "_relaxation", lambda *args: stand_in)
    monkeypatch.setattr(incumbent, "WARM_CUTS", True)
    monkeypatch.setattr(incumbent, "WARM_PACE", 3.0)
    seed = Seed()
    relaxed = incumbent._relaxed(None, [0], 200.0, 1, seed, lambda copy: None, warm=warm)
    assert relaxed is not None and relaxed.warm == warm
    assert stand_in.runs == (2 if warm else 1)
    assert seed.relaxation_seconds == (3.0 * 2.0 if warm else 1.0)
    assert seed.lp_bound == 7.0


def test_solved_again_cold_only_from_a_warm_one_with_its_time_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(incumbent, "COLD_STEPS", 3.0)
    seed = Seed(relaxation_seconds=1.0)
    warm, cold = Relaxation(1.0, [], warm=True), Relaxation(1.0, [])
    assert incumbent._cold_again(warm, time.perf_counter() + 4.0, seed)
    assert not incumbent._cold_again(warm, time.perf_counter() + 2.0, seed)
    assert not incumbent._cold_again(cold, time.perf_counter() + 4.0, seed)
    monkeypatch.setattr(incumbent, "COLD_AGAIN", False)
    assert not incumbent._cold_again(warm, time.perf_counter() + 4.0, seed)
