"""The first fixed fleet's tie polish where no cancel can reach the search
(`optimizer.ties.Switch`): its HiGHS hears its stop only once the stop is thrown, so a polish
left to run takes no callback at all, and one thrown stops at its first check."""

from __future__ import annotations

from typing import Any

import highspy
import pytest

from optimizer import fleet_search, ties
from optimizer.solver import build
from tests.solver.test_polish_reach import _shipped_whole


def _plan_of(found: Any) -> tuple[float, dict[Any, float]]:
    assert found is not None and found.status == "optimal" and found.objective is not None
    return found.objective, {k: v for k, v in found.starts.items() if v}


class _Counted:
    """The polishes' relays, counted (`ties.progress_relay`)."""

    def __init__(self) -> None:
        self.heard = 0

    def relay(self, on_progress: Any) -> Any:
        relay = _HEARD(on_progress)

        def counted(*args: Any) -> None:
            self.heard += 1
            relay(*args)

        return counted


_HEARD = ties.progress_relay


def test_a_polish_nothing_can_cancel_hears_no_callback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shipped 3x12 whole, searched with no `on_progress`: its first fixed fleet's polish gets
    a switch, never thrown (its MILP finds one plan), and its HiGHS calls no callback; the
    plan, gap and fixed fleets are those of the polish whose callback runs from its start."""
    instance = _shipped_whole()
    counted = _Counted()
    switches: list[ties.Switch | None] = []
    polish = fleet_search.polish

    def recorded(*args: Any, **named: Any) -> Any:
        switches.append(named.get("switch"))
        return polish(*args, **named)

    monkeypatch.setattr(ties, "progress_relay", counted.relay)
    monkeypatch.setattr(fleet_search, "polish", recorded)
    quiet, searched = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert switches and all(switch is not None for switch in switches[:1])
    assert counted.heard == 0
    monkeypatch.setattr(ties.Switch, "hold", _held_and_heard)
    heard, searched_heard = fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert counted.heard > 0  # the same polish, its callback running from its start
    assert _plan_of(quiet) == _plan_of(heard)
    assert quiet is not None and heard is not None
    assert quiet.achieved_gap == pytest.approx(heard.achieved_gap, rel=1e-9)
    assert searched == searched_heard


def _held_and_heard(switch: ties.Switch, h: Any, on_progress: Any) -> None:
    """`ties.Switch.hold` that starts the callback at once (as before the switch)."""
    if on_progress is not None:
        h.setCallback(ties.progress_relay(on_progress), None)
        h.startCallback(highspy.cb.kCallbackMipInterrupt)


class _ThrownAtOnce(ties.Switch):
    """A switch thrown as soon as its polish's HiGHS is held, before it solves."""

    def hold(self, h: Any, on_progress: Any) -> None:
        super().hold(h, on_progress)
        self.throw()


def test_a_thrown_switch_stops_its_polish(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shipped 3x12 whole: the first fixed fleet's polish, its switch thrown as its HiGHS is
    held (its stop flag set: a later plan found), hears its callback at its first check and
    stops there, interrupted, with nothing owing less; a polish given no switch is not
    thrown and proves its plan's ties as before."""
    instance = _shipped_whole()
    captured: list[tuple[Any, ...]] = []
    polish = fleet_search.polish

    def recorded(*args: Any, **named: Any) -> Any:
        if named.get("switch") is not None:
            captured.append((args, named))
        return polish(*args, **named)

    monkeypatch.setattr(fleet_search, "polish", recorded)
    fleet_search.search_fleet(build(instance), time_limit=600, gap=1e-4)
    assert captured
    args, named = captured[0]
    h, cost, tie, _seconds, gap, _heard_before, options, rows = args
    statuses: list[Any] = []
    run = highspy.Highs.run

    def ran(solving: Any) -> Any:
        out = run(solving)
        statuses.append(solving.getModelStatus())
        return out

    monkeypatch.setattr(highspy.Highs, "run", ran)
    calls: list[float] = []

    def stop(seconds: float, _incumbent: float, _bound: float) -> bool:
        calls.append(seconds)
        return True

    start, reach = named["start"], named["reach"]
    found = ties.polish(
        h,
        cost,
        tie,
        60.0,
        gap,
        stop,
        options,
        rows,
        start=start,
        reach=reach,
        switch=_ThrownAtOnce(),
    )
    assert found is None
    assert len(calls) == 1 and statuses[-1] == highspy.HighsModelStatus.kInterrupt
    left = ties.polish(
        h,
        cost,
        tie,
        60.0,
        gap,
        None,
        options,
        rows,
        start=start,
        reach=reach,
        switch=ties.Switch(),
    )
    assert left is None and statuses[-1] == highspy.HighsModelStatus.kOptimal
