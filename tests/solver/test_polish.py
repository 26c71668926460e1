"""The polish after a seeded main solve (`optimizer.direct.solve_direct`,
`optimizer.incumbent.polished`): the plan the main solve stops with is improved by
fix-and-optimize until it is proven within the gap or the time ends; the plan returned costs
what its columns cost, no less than the optimum, and states a gap that holds; the main solve
keeps the polish's time; a cancel stops the polish."""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
import pytest

from optimizer import direct
from optimizer.components import linking
from optimizer.direct import DirectModel, solve_direct
from optimizer.fix_optimize import Neighbourhoods, improve, month_windows
from optimizer.solver import MipProgress, Pace, Solution, build, solve
from tests.solver.test_fix_optimize import _relaxation, _without_contracts
from tests.solver.test_fleet_start import _contracts


class _AtOnce(Pace):
    """A pace that stops the main solve at its first callback, with its start as its plan (a
    root that ran out of time), and records the time it was to keep (`kept`)."""

    kept: ClassVar[list[float]] = []

    def __init__(self, on_progress: MipProgress | None, end: float, *args: Any, **kw: Any):
        super().__init__(on_progress, end, *args, **kw)
        _AtOnce.kept.append(self.kept)

    def __call__(self, seconds: float, incumbent: float, bound: float) -> bool:
        if self.on_progress is not None:
            self.on_progress(seconds, incumbent, bound)
        self.stopped = True
        return True


def _seeded(
    monkeypatch: pytest.MonkeyPatch, gap: float, on_progress: MipProgress | None = None
) -> tuple[DirectModel, Solution]:
    """The contracts' instance solved directly, seeded (as a model of `SEED_MIN_INTEGERS`
    integers would be), its main solve stopped at its first callback."""
    monkeypatch.setattr(direct, "SEED_MIN_INTEGERS", 0)
    monkeypatch.setattr(direct, "Pace", _AtOnce)
    _AtOnce.kept = []
    model = DirectModel(_contracts())
    return model, solve_direct(model, time_limit=30, gap=gap, on_progress=on_progress)


def test_the_plan_the_main_solve_stops_with_is_polished(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeding's start (728,832.01) handed back unimproved by a main solve stopped at once:
    the polish finds a cheaper plan, which costs what its columns cost, at least the plain
    optimum (727,810.01), and states a gap (against the seeding's relaxation) that covers the
    distance to it; `optimal` only within the tolerance. The main solve's pace kept
    `POLISH_STEPS` relaxations' time for the polish."""
    plain = solve(build(_contracts()), time_limit=30, gap_tolerance=0.0, seed=False)
    assert plain.status == "optimal" and plain.objective is not None
    model, solution = _seeded(monkeypatch, 0.0)
    seed = solution.seed
    assert seed is not None and seed.start_objective is not None
    assert seed.polished_from == pytest.approx(seed.start_objective, rel=1e-12)
    assert solution.objective is not None and solution.achieved_gap is not None
    assert solution.objective < seed.start_objective - 1.0
    assert solution.objective >= plain.objective * (1 - 1e-9)
    cost = float(np.dot(model.sink.cost, model.values))  # the model has no offset
    assert solution.objective == pytest.approx(cost, rel=1e-12)
    truth = (solution.objective - plain.objective) / solution.objective
    assert truth <= solution.achieved_gap + 1e-12
    assert solution.status == "feasible"  # 0 asked: not proven by the relaxation's bound
    # The main solve's pace kept `POLISH_STEPS` relaxations' time for the polish.
    assert _AtOnce.kept == [direct.POLISH_STEPS * seed.relaxation_seconds]
    assert _AtOnce.kept[0] > 0.0


def test_a_cancel_stops_the_polish(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan cancelled (its progress says stop) is not polished: it is handed back as the
    main solve stopped with it, the seeding's start."""
    _model, solution = _seeded(monkeypatch, 0.0, on_progress=lambda *_: True)
    seed = solution.seed
    assert seed is not None and seed.start_objective is not None
    assert seed.polished_from is None
    assert solution.objective == pytest.approx(seed.start_objective, rel=1e-12)


def test_a_plan_proven_by_the_polish_is_optimal(monkeypatch: pytest.MonkeyPatch) -> None:
    """At a tolerance of 2.9e-2 the start (2.94e-2 above the relaxation's 707,370.01) is not
    proven and the polished plan is: the solve is `optimal`, its gap within the tolerance."""
    _model, solution = _seeded(monkeypatch, 2.9e-2)
    seed = solution.seed
    assert seed is not None and seed.polished_from is not None
    assert solution.achieved_gap is not None and solution.achieved_gap <= 2.9e-2
    assert solution.status == "optimal"


def test_improve_stops_when_told_enough() -> None:
    """`improve` asks `enough` before each sub-MIP: told enough at once it solves none and
    returns its start; told enough once the plan is cheaper than its start, it stops after
    the first sub-MIP that finds one."""
    sink, f, _optimum, start = _without_contracts()
    model = Neighbourhoods(sink.highs(30, 0.0, 1))
    months = month_windows(linking(f, int), start, _relaxation(sink), model.cost)
    assert len(months) > 1
    none = improve(model, start, months, math.inf, 1, enough=lambda _objective: True)
    assert none.solved == 0 and none.objective == none.start
    first = improve(
        model, start, months, math.inf, 1, enough=lambda o: o < model.objective(np.asarray(start))
    )
    assert first.kept == 1 and first.objective < first.start
    every = improve(model, start, months, math.inf, 1)
    assert every.solved > first.solved
