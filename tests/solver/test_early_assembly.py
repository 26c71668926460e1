"""The plan's assembly begun while the fleet search waits for its tie polishes
(`optimizer.planner._Early`): kept only where the solve's plan is the one it began from, and
the Plan the same either way."""

from __future__ import annotations

import threading
from typing import Any

import msgspec
import pytest

from bench.instances import request_for, three_growing_workloads
from catalog import Catalog, default_catalog
from optimizer import fleet_search, phases, planner
from optimizer.request import Forecast, PlanRequest
from tests.paths import EXAMPLES


def _shipped_whole() -> tuple[Catalog, PlanRequest, Forecast]:
    forecast = three_growing_workloads(12)
    return default_catalog(), request_for(forecast), forecast


def _power_capped_fractional() -> tuple[Catalog, PlanRequest, Forecast]:
    request = msgspec.json.decode(
        (EXAMPLES / "growing-power-capped.json").read_bytes(), type=PlanRequest
    )
    options = msgspec.structs.replace(request.options, tail_months=None, replicas="fractional")
    request = msgspec.structs.replace(request, options=options)
    assert request.forecast is not None
    return default_catalog(), request, request.forecast


def _plan(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> dict[str, Any]:
    plan: dict[str, Any] = msgspec.to_builtins(planner.make_plan(catalog, request, forecast))
    plan["solver"].pop("seconds")
    return plan


def _held_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each fixed fleet's polish held back until its search's thread begins to wait for the
    polishes (`_Search._settle`), so that a polish is still running there whatever the pace
    of the machine (the plan must not depend on it)."""
    polished, settle = fleet_search._Search.polished, fleet_search._Search._settle
    settling: dict[int, threading.Event] = {}
    lock = threading.Lock()

    def event(search: Any) -> threading.Event:
        with lock:
            return settling.setdefault(id(search), threading.Event())

    def held_back(search: Any, *args: Any, **kwargs: Any) -> list[float] | None:
        assert event(search).wait(600), "the search never waited for its polishes"
        return polished(search, *args, **kwargs)

    def settled(search: Any) -> None:
        event(search).set()
        settle(search)

    monkeypatch.setattr(fleet_search._Search, "polished", held_back)
    monkeypatch.setattr(fleet_search._Search, "_settle", settled)


def _kept(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """Per plan: whether the early assembly was done, and whether it was kept."""
    kept = planner._Early.kept
    told: list[tuple[bool, bool]] = []

    def spied(early: Any, solution: Any) -> Any:
        steps = kept(early, solution)
        told.append((early._done is not None, steps is not None))
        return steps

    monkeypatch.setattr(planner._Early, "kept", spied)
    return told


def _without_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """The solve told no `on_settle`: the assembly after the solve, as before `_Early`."""
    solve = phases.solve_instance

    def without(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop("on_settle", None)
        return solve(*args, **kwargs)

    monkeypatch.setattr(planner, "solve_instance", without)


def test_the_plan_assembled_while_the_polish_runs_is_the_one_assembled_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shipped 3x12 whole, its polish held back: the assembly is begun from the search's plan
    while the polish runs and kept (the polish finds nothing owing less), and the Plan is the
    same, field by field, as the one assembled after the solve."""
    _held_back(monkeypatch)
    told = _kept(monkeypatch)
    early = _plan(*_shipped_whole())
    assert told == [(True, True)]
    _without_early(monkeypatch)
    assert _plan(*_shipped_whole()) == early
    assert told[1:] == [(False, False)]


def test_an_early_assembly_of_a_plan_a_polish_improves_is_not_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The power-capped example in fractional replicas (a 48-month tail), its polishes held
    back: a polish finds a plan owing less than its fleet's as HiGHS left it, so the assembly
    begun from that fleet's plan is dropped and done again from the plan kept; the Plan is
    the one assembled after the solve."""
    _held_back(monkeypatch)
    told = _kept(monkeypatch)
    early = _plan(*_power_capped_fractional())
    assert told == [(True, False)]
    _without_early(monkeypatch)
    assert _plan(*_power_capped_fractional()) == early
