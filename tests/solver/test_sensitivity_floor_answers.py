"""A Newton step answered by the start its LP floor made (`optimizer.trials._below`): the
plan of the LP relaxation's whole units rounded down and the rest solved, below every plan's
objective that buys none of the offer, is the answer asked for, no MILP run to prove the
optimum there; checked against the full re-solve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import trials
from optimizer.instance import prepare
from optimizer.lp_floor import add_lp_floor_start
from optimizer.price_curve import floor_of, line_of
from optimizer.price_search import answered
from optimizer.request import PlanRequest
from optimizer.sensitivity import SENSITIVITY_GAP as GAP
from optimizer.starts import Starts
from optimizer.trials import FROM_FLOOR, narrowed, run_trial
from tests.solver.test_sensitivity_proofs import _lever

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-deepseek-r1.json"


def test_a_newton_step_answered_by_its_lp_floor_agrees_with_the_full_re_solve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The seed's coreweave-gb200-od: its probe at 1% of its price (six GB200 racks) crosses
    the plan's line at 1.326; the Newton step just above (1.339), asked for a plan below the
    plan's floor, is answered by its LP floor (five racks, the rest on other offers) with no
    MILP run: a plan that buys the offer, below the floor, whose line crosses the plan's
    higher (1.406); the full re-solve there buys the offer too, at that plan's cost to the
    cent (the floor's plan is the optimum here)."""
    request = msgspec.json.decode(SEED.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    starts = Starts()
    base = run_trial(instance, time_limit=30, gap=GAP, starts=starts)
    assert base.status == "optimal" and base.solution is not None
    floor = floor_of(base.solution)
    assert floor is not None
    lever = _lever(instance, "coreweave-gb200-od")
    price = lever.price(instance)
    probe = run_trial(
        narrowed(lever.at(instance, 0.01 * price), lever, None),
        time_limit=30,
        gap=GAP,
        starts=starts,
        near=True,
    )
    assert probe.solution is not None and lever.bought(instance, probe.solution)
    out = line_of(instance, base.solution, lever)
    line = line_of(instance, probe.solution, lever)
    crossing = (out.fixed - line.fixed) / (line.slope - out.slope)
    assert crossing == pytest.approx(1.326, abs=1e-3)
    at = crossing * 1.01
    changed = narrowed(lever.at(instance, at), lever, None)

    def lp_floor(model: Any, start: Any, known: Starts) -> bool:
        return add_lp_floor_start(model, start, known, 30.0, lambda: None)

    milps: list[float] = []
    solve = trials.solve_direct

    def counted(model: Any, **kwargs: Any) -> Any:
        milps.append(kwargs["time_limit"])
        return solve(model, **kwargs)

    monkeypatch.setattr(trials, "solve_direct", counted)
    asked = run_trial(
        changed,
        time_limit=30,
        gap=GAP,
        starts=starts.copy(),
        near=True,
        stop_below=floor,
        floor=lp_floor,
    )
    assert milps == []  # no MILP: the floor's plan answered
    assert asked.solution is not None and asked.cost is not None
    assert asked.solution.solver == FROM_FLOOR and answered(asked, floor)
    assert lever.bought(instance, asked.solution)
    step = line_of(instance, asked.solution, lever)
    assert (out.fixed - step.fixed) / (step.slope - out.slope) == pytest.approx(1.4059, abs=1e-4)
    full = run_trial(changed, time_limit=30, gap=GAP, starts=starts.copy(), near=True)
    assert milps  # the full re-solve is one
    assert full.status == "optimal" and full.solution is not None and full.cost is not None
    assert lever.bought(instance, full.solution)
    assert full.cost <= asked.cost + 0.01
    assert asked.cost == pytest.approx(full.cost, abs=0.01)
