"""The months' bound (`optimizer.month_bound`): the rows linking months priced at the
relaxation's duals, each month solved to its root's bound; the sum is never above the MILP's
proven optimum, never below the relaxation's, and above it where a month's whole units
round; no bound where a column is in no month, the relaxation's where no month is solved or
where the months have no integers (the duals exact); computed in a child process beside the
seeding's fix-and-optimize, read at its end."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog
from optimizer import direct, incumbent
from optimizer.bound_beside import BoundBeside, Reports, bound_of
from optimizer.components import linking
from optimizer.direct import DirectModel, solve_direct
from optimizer.fix_optimize import Neighbourhoods
from optimizer.highs_sink import HighsSink
from optimizer.month_bound import MonthBound, month_bound
from optimizer.request import PlanRequest
from optimizer.rows import write_model
from tests.paths import ROOT
from tests.processes import alive
from tests.profiles import examples
from tests.solver.test_month_start import _clones, _far
from tests.strategies import small_plans
from tests.tiny import drawn_instance

SETTINGS = settings(
    deadline=None, max_examples=examples(30), suppress_health_check=[HealthCheck.too_slow]
)


def _relaxation(sink: HighsSink) -> tuple[Any, list[float], float, Any]:
    """The relaxation of the model in `sink` solved: its model, rows' duals, optimum, and
    which of its columns are integer in the MILP."""
    relaxation = sink.highs(30, 0.0, 1, integer=False)
    relaxation.run()
    relaxed = float(relaxation.getInfo().objective_function_value)
    integer = Neighbourhoods.integers(sink.highs(30, 0.0, 1))
    return relaxation.getLp(), list(relaxation.getSolution().row_dual), relaxed, integer


def _bounds(sink: HighsSink, months: list[list[int]], deadline: float) -> dict[str, Any]:
    """The relaxation's optimum, the MILP's proven optimum (None when it has no plan) and the
    months' bound of the model in `sink`."""
    lp, duals, relaxed, integer = _relaxation(sink)
    milp = sink.highs(30, 0.0, 1)
    milp.run()
    optimum = (
        float(milp.getInfo().objective_function_value)
        if milp.getInfo().primal_solution_status == 2
        else None
    )
    found = month_bound(lp, duals, relaxed, integer, months, deadline, 1)
    return {"relaxed": relaxed, "optimum": optimum, "bound": found}


def test_the_bound_lies_between_the_relaxation_and_the_optimum() -> None:
    """15 cloned offers, 4 growing workloads, 6 months (without the rounding cuts): the
    relaxation 10,518,539.20, the proven optimum 14,469,711.99; the months' bound lies between
    them, well above the relaxation (12,637,455.16: each month's whole units and replicas
    rounded at the relaxation's prices)."""
    sink = HighsSink()
    f = write_model(_clones(), sink)
    found = _bounds(sink, linking(f, int).months, _far())
    relaxed, optimum, bound = found["relaxed"], found["optimum"], found["bound"]
    assert optimum is not None and bound is not None
    scale = 1e-9 * abs(optimum)
    assert relaxed - scale <= bound <= optimum + scale
    assert bound > relaxed + 1e-4 * abs(relaxed)


def test_a_column_in_no_month_gives_no_bound() -> None:
    """A column left out of every month (or put in two) has no month's MILP to be priced in:
    no bound rather than one that leaves its cost out."""
    sink = HighsSink()
    f = write_model(_clones(), sink)
    months = linking(f, int).months
    first, *rest = months
    assert _bounds(sink, [first[1:], *rest], _far())["bound"] is None
    assert _bounds(sink, [first, first[:1], *rest[1:], *rest[:1]], _far())["bound"] is None


def test_no_time_gives_the_relaxations_bound() -> None:
    """A deadline already passed: no month is solved, and each month's bound is the one its
    own rows' duals give (weak duality): the relaxation's optimum again, to 1e-9."""
    sink = HighsSink()
    f = write_model(_clones(), sink)
    found = _bounds(sink, linking(f, int).months, time.perf_counter())
    assert found["bound"] == pytest.approx(found["relaxed"], rel=1e-9)


def test_months_without_integers_give_the_relaxations_optimum() -> None:
    """Every column taken as continuous: each month is an LP, and the rows linking months
    priced at the relaxation's exact duals give back the relaxation's optimum (strong
    duality), to 1e-9, every month solved."""
    sink = HighsSink()
    f = write_model(_clones(), sink)
    lp, duals, relaxed, integer = _relaxation(sink)
    months = linking(f, int).months
    bound = MonthBound(lp, duals, relaxed, np.zeros_like(integer), months)
    bound.run(_far(), 1)
    assert bound.solved == len(months)
    assert bound.value() == pytest.approx(relaxed, rel=1e-9)


def test_the_bound_beside_lies_between_the_relaxation_and_the_optimum() -> None:
    """Computed in a child process (`BoundBeside`) let run to its end: every month solved,
    the bound above the relaxation's optimum and at most the proven optimum."""
    sink = HighsSink()
    f = write_model(_clones(), sink)
    months = linking(f, int).months
    lp, duals, relaxed, integer = _relaxation(sink)
    optimum = _bounds(sink, months, _far())["optimum"]
    beside = BoundBeside(lp, duals, relaxed, integer, months, _far(), 1)
    value = beside.wait()
    assert beside.solved == len(months) and value is not None and optimum is not None
    assert relaxed + 1e-4 * abs(relaxed) < value <= optimum * (1 + 1e-9)


def test_a_bound_ended_at_once_gives_none_or_a_valid_bound() -> None:
    """The child ended as soon as it began (`finish`): no bound when it had not priced the
    months yet, else one between the relaxation's optimum and the proven optimum."""
    sink = HighsSink()
    f = write_model(_clones(), sink)
    months = linking(f, int).months
    lp, duals, relaxed, integer = _relaxation(sink)
    optimum = _bounds(sink, months, _far())["optimum"]
    value = BoundBeside(lp, duals, relaxed, integer, months, _far(), 1).finish()
    assert optimum is not None
    assert value is None or relaxed * (1 - 1e-9) <= value <= optimum * (1 + 1e-9)


_ORPHAN = """import os, subprocess, sys, time
watched = (
    "import sys, time\\n"
    "from optimizer.bound_beside import watch_parent\\n"
    "watch_parent(int(sys.argv[1]))\\n"
    "print(flush=True)\\n"
    "time.sleep(120)\\n"
)
child = subprocess.Popen([sys.executable, "-c", watched, str(os.getpid())], stdout=subprocess.PIPE)
child.stdout.readline()
print(child.pid, flush=True)
time.sleep(120)
"""


def test_the_child_ends_when_the_process_that_began_it_is_killed() -> None:
    """A plan's solve killed at its cap or cancel (service/solve_process.py kills its child)
    takes the months' bound with it: the child watches its parent (`watch_parent`, as
    `BoundBeside`'s child does) and ends itself, where it used to run on to its deadline."""
    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    assert alive(pid)
    parent.kill()
    parent.wait()
    parent.stdout.close()
    end = time.monotonic() + 30.0  # at most PARENT_POLL_S, on a loaded machine more
    while alive(pid) and time.monotonic() < end:
        time.sleep(0.05)
    left = alive(pid)
    if left:
        os.kill(pid, signal.SIGKILL)
    assert not left


def test_the_reports_give_back_the_bound() -> None:
    """A child's reports (`Reports`' lines: the months priced, each rise, the months
    solved), read back (`bound_of`), give the bound computed, to the last bit, and the
    months solved; before the months are priced, none."""
    sink = HighsSink()
    f = write_model(_clones(), sink)
    months = linking(f, int).months
    lp, duals, relaxed, integer = _relaxation(sink)
    out = io.StringIO()
    bound = MonthBound(lp, duals, relaxed, integer, months, Reports(out))
    bound.run(_far(), 1)
    assert bound_of(out.getvalue()) == (bound.value(), len(months))
    assert bound_of("") == (None, 0)
    # A child killed as it wrote: its last line cut short is dropped, the lines before read.
    text = out.getvalue()
    whole = text[: text.rstrip("\n").rfind("\n") + 1]
    assert bound_of(whole + "r 0 1e30") == bound_of(whole)
    assert bound_of("p 1.0 2.0 3") == (None, 0)


@SETTINGS
@given(small_plans())
def test_the_bound_never_passes_the_proven_optimum(drawn: tuple[Catalog, PlanRequest]) -> None:
    """On small drawn instances (existing units, contracts, minimums, tails): the months'
    bound, when there is one, is at most the MILP's proven optimum and at least the
    relaxation's optimum."""
    instance = drawn_instance(*drawn)
    if instance is None:
        return
    sink = HighsSink()
    f = write_model(instance, sink)
    found = _bounds(sink, linking(f, int).months, _far())
    if found["optimum"] is None or found["bound"] is None:
        return
    scale = max(1.0, float(np.abs(np.asarray(sink.cost)).sum()))
    assert found["bound"] <= found["optimum"] + 1e-7 * scale
    assert found["bound"] >= found["relaxed"] - 1e-7 * scale


def _finished_beside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The months' bound beside the seeding let run to its end (`BoundBeside.wait`) before
    it is read: every month's bound, whatever the machine's load (beside fix-and-optimize
    it is what the child reached by the seeding's end)."""
    monkeypatch.setattr(BoundBeside, "finish", BoundBeside.wait)


def test_a_start_improved_to_the_end_is_measured_against_the_months_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The seeded direct solve where fix-and-optimize keeps all the time (every start far
    from the bound, `IMPROVE_ABOVE` below 0, and no time for the main solve's root,
    `ROOT_STEPS` too many), the months' bound computed beside it (here to its end): the
    seeding records the months' bound, above the relaxation's and at most the proven
    optimum, and the plan's stated gap, against it, covers the distance to that optimum."""
    monkeypatch.setattr(direct, "SEED_MIN_INTEGERS", 0)
    monkeypatch.setattr(incumbent, "IMPROVE_ABOVE", -1.0)
    monkeypatch.setattr(incumbent, "ROOT_STEPS", 1e9)
    _finished_beside(monkeypatch)
    sink = HighsSink()
    write_model(_clones(), sink)
    plain = sink.highs(30, 0.0, 1)
    plain.run()
    optimum = float(plain.getInfo().objective_function_value)
    model = DirectModel(_clones())
    solution = solve_direct(model, time_limit=30, gap=1e-4)
    seed = solution.seed
    assert seed is not None and seed.month_bound is not None and seed.lp_bound is not None
    assert seed.month_bound == seed.lp_bound
    assert seed.month_bound <= optimum * (1 + 1e-9)
    assert solution.objective is not None and solution.achieved_gap is not None
    assert solution.objective >= optimum * (1 - 1e-9)
    distance = (solution.objective - optimum) / solution.objective
    assert distance <= solution.achieved_gap + 1e-9


def test_without_it_the_seeding_keeps_the_relaxations_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same solve with `MONTH_BOUND` off: no months' bound, and the seeding's bound the
    relaxation's (with the rounding cuts), below the months'."""
    monkeypatch.setattr(direct, "SEED_MIN_INTEGERS", 0)
    monkeypatch.setattr(incumbent, "IMPROVE_ABOVE", -1.0)
    monkeypatch.setattr(incumbent, "ROOT_STEPS", 1e9)
    _finished_beside(monkeypatch)
    bounds = []
    for on in (True, False):
        monkeypatch.setattr(incumbent, "MONTH_BOUND", on)
        solution = solve_direct(DirectModel(_clones()), time_limit=30, gap=1e-4)
        assert solution.seed is not None and solution.seed.lp_bound is not None
        assert (solution.seed.month_bound is not None) == on
        bounds.append(solution.seed.lp_bound)
    assert bounds[0] > bounds[1]


def test_without_the_time_for_it_the_months_bound_is_not_begun(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same solve where fewer than `BOUND_STEPS` relaxations are left before its end
    (here 1e9 of them asked): no child is begun (no months' bound, none solved) and the
    seeding's bound is the relaxation's."""
    monkeypatch.setattr(direct, "SEED_MIN_INTEGERS", 0)
    monkeypatch.setattr(incumbent, "IMPROVE_ABOVE", -1.0)
    monkeypatch.setattr(incumbent, "ROOT_STEPS", 1e9)
    monkeypatch.setattr(incumbent, "BOUND_STEPS", 1e9)
    begun: list[int] = []
    month_bound = incumbent._month_bound

    def recorded(*args: Any) -> Any:
        begun.append(1)
        return month_bound(*args)

    monkeypatch.setattr(incumbent, "_month_bound", recorded)
    solution = solve_direct(DirectModel(_clones()), time_limit=30, gap=1e-4)
    seed = solution.seed
    assert seed is not None and seed.improved_from is not None
    assert not begun and seed.month_bound is None and seed.bound_months == 0
