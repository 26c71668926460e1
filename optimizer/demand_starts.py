"""A start for a demand step below today's demand, made from the plan: its units scaled by the
step and rounded down, fixed, and the rest (every other offer's units, the serving) solved by
HiGHS, its heuristics on (a small MIP: the plan's offers' units are fixed). The plan itself,
kept as it is within the step's bounds (`optimizer.starts.Starts.feasible`), is a start too,
but far from the step's optimum: on the seed example 27.7% above it at -25% (3 GB300 racks
where the optimum has 2, two B200 nodes and three MI355X units), and HiGHS, handed it without
its heuristics, separated 1,304 cuts at the root and searched 101 nodes (0.27 CPU s), where
from the optimum it takes 0.02. Fixed so, the plan's units leave a small demand to fill that
HiGHS's root heuristics fill exactly (the -25% and -10% steps: their optima). A start, not an
optimum: the step proves its own optimum; the plan is kept with the others found."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from optimizer import fleet_search
from optimizer.direct import DirectModel, solve_direct
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance
from optimizer.rows import write_model
from optimizer.run_budget import Limit, seconds
from optimizer.solver import MipProgress
from optimizer.starts import WHOLE, Starts
from optimizer.trials import Trial, cost_of, forced_model, start_for
from optimizer.written_models import WrittenModels

__all__ = ["FIXED_KINDS", "add_floor_start", "fix_at_floor", "fleet_step", "solve_fixed"]

FIXED_KINDS = ("n_", "c_")
"""The columns of the plan fixed at their scaled floor: each offer's active units and contracts
(`optimizer.model`); its serving, minimum-contract flags and renewals are left to the solve."""


def _fixed(model: DirectModel, plan: dict[str, float], scale: float) -> bool:
    """Fix `model`'s whole units that `plan` holds at their value times `scale`, rounded down;
    False when the plan holds none of them (nothing to fix: no smaller model)."""
    sink = model.sink
    fixed = False
    for j, name in enumerate(sink.names):
        value = plan.get(name)
        if value is None or not sink.integer[j] or not name.startswith(FIXED_KINDS):
            continue
        fix_at_floor(model, j, value * scale)
        fixed = True
    return fixed


def fix_at_floor(model: DirectModel, j: int, value: float) -> None:
    """Fix `model`'s whole column `j` at `value` rounded down, within its bounds."""
    sink = model.sink
    floor = float(math.floor(value + WHOLE))
    sink.lower[j] = sink.upper[j] = min(max(floor, sink.lower[j]), sink.upper[j])
    sink.integer[j] = 0  # fixed: no branching, and no LP-based seeding


def solve_fixed(
    model: DirectModel,
    beat: float,
    limit: float,
    starts: Starts,
    on_run: Callable[[], None],
    on_progress: MipProgress | None,
) -> bool:
    """Solve `model` (its floor fixed) within `limit` seconds, stopped once its bound shows it
    cannot beat `beat`, and add its plan to `starts` when it does; `on_run` hears the run.
    True when a plan was added."""

    def hopeless(at: float, incumbent: float, bound: float) -> bool:
        no_better = bound >= beat - FLOOR_GAP * max(1.0, abs(beat))
        return no_better or (on_progress is not None and on_progress(at, incumbent, bound))

    on_run()
    solution = solve_direct(model, time_limit=limit, gap=FLOOR_GAP, on_progress=hopeless)
    if solution.status in ("optimal", "feasible") and (solution.objective or math.inf) < beat:
        starts.add(model.sink.names, model.values)
        return True
    return False


def add_floor_start(
    instance: Instance,
    scale: float,
    starts: Starts,
    time_limit: Limit,
    on_run: Callable[[], None],
    models: WrittenModels | None = None,
    on_progress: MipProgress | None = None,
) -> bool:
    """Add to `starts` the plan of `instance` (a demand scaled by `scale` below 1 against the
    plans of `starts`) that keeps the cheapest plan of `starts` (at `instance`'s costs) with
    its whole units scaled and rounded down, the rest solved (see the module's docstring);
    `on_run` hears the solver run. The solve stops once its bound shows that it cannot beat
    the start the step has without it (`optimizer.starts.Starts.feasible` with `scale`: on
    examples/capex-budget-deepseek-r1.json the floor at -10% is 3.4% above the plan as it is,
    under its upfront limit, and proving so took 0.2 CPU s). `on_progress`: HiGHS's progress
    besides (a cancel). True when a plan was added."""
    if scale >= 1.0:
        return False
    made = forced_model(instance, None, models)
    assert made is not None  # no force: always a model
    model = made[0]
    plans = starts.cheapest(model.sink, most=1)
    if not plans:
        return False
    start = start_for(model, starts, None, [], scale)
    beat = (
        math.inf
        if start is None
        else sum(c * v for c, v in zip(model.sink.cost, start, strict=True))
    )
    if not _fixed(model, plans[0], scale):
        return False
    limit = seconds(time_limit)  # before `on_run`: a run not started is not counted
    return solve_fixed(model, beat, limit, starts, on_run, on_progress)


FLOOR_GAP = 1e-4
"""The gap of the floor's solve: a start, which the step's own solve improves and proves."""


STEP_LEAF_OPTIONS: dict[str, Any] = fleet_search.FIRST_LEAF_OPTIONS | {
    "mip_heuristic_run_feasibility_jump": False,
}
"""HiGHS options of a demand step's first fixed fleet (`fleet_search._Search.leaf` without a
cutoff): the plan's (`fleet_search.FIRST_LEAF_OPTIONS`) and no feasibility jump, whose first
plan (twice the optimum's cost on the seed's -25% step) the root's sub-MIP improves at once."""


def fleet_step(
    instance: Instance,
    time_limit: float,
    gap: float,
    on_run: Callable[[], None],
    on_progress: MipProgress | None = None,
) -> Trial | None:
    """A demand step (`instance`, the plan's with a demand scaled) solved as the plan's own
    solve solves its model where that model's final fleet is the decision: by the search over
    the final fleet (`optimizer.fleet_search`, chosen as the plan's solve chooses it), the
    least-cost model without the tie-break, to the run's `gap`; `on_run` hears the solver
    run, made only then. None where the search is not chosen, or gave up (a count of fixed
    fleets or relaxations, or its time out before a first plan): the step is then re-solved
    from its starts (`optimizer.trials.run_trial`). A search stopped by `on_progress` (a
    cancel) returns what it found, `feasible` with its gap, or `failed`.

    The search is made for cost alone, as every re-solve of a run: no tie term, so that it does
    not polish a fleet's plan for its ties (on build-or-buy's +25% step that polish took 0.056
    of the step's 0.13 CPU s).

    Why: the seed example's plan is solved so (0.01-0.02 CPU s), and its four demand steps,
    re-solved in HiGHS from the plan scaled (the two below today's with a floor each, above),
    took 0.13-0.14 CPU s with their floors where the search takes 0.02 each (replayed, load
    5-12); the same optima to the cent (`tests/solver/test_demand_starts.py`). The plan's
    re-solve and the four steps (`sensitivity(..., prices=False)`, median of 7, load 9):
    seed 0.143 -> 0.090 CPU s, capex-budget 0.219 -> 0.176, build-or-buy 0.188 -> 0.203 (its
    +25% step's fixed fleet a MILP of 0.07 s); portfolio-three-models is not searched
    (`_may_search`)."""
    if not _may_search(instance):
        return None
    sink = HighsSink()
    formulation = write_model(instance, sink, replacement_caps=False, ties=False)
    if not fleet_search.chosen_sink(formulation, sink):
        return None
    # Cost alone (as every re-solve of a run): no tie term, so the search does not polish the
    # plan of a fleet for its ties (`fleet_search._Search.polished`).
    formulation.obligation_terms, formulation.power_terms = {}, {}
    on_run()
    found, _searched = fleet_search.search_fleet_sink(
        formulation,
        sink,
        time_limit=time_limit,
        gap=gap,
        on_progress=on_progress,
        first_leaf=STEP_LEAF_OPTIONS,
    )
    if found is None:
        return None
    if found.status not in ("optimal", "feasible"):
        return Trial(status=found.status, cost=None, solution=None, seconds=found.seconds)
    cost = cost_of(instance, found)
    return Trial(status=found.status, cost=cost, solution=found, seconds=found.seconds)


def _may_search(instance: Instance) -> bool:
    """Whether the search over the final fleet may be chosen for `instance`'s model, read off
    the instance before the model is written (`fleet_search.chosen` decides on the model):
    under `demand_continues` with a tail, every offer that may hold contracts running to the
    horizon's end (a term of more than a month reaching it, no minimum) renewed through the
    tail. A hint, not the choice: where it says no, the step is re-solved from its starts, and
    where it says yes, `chosen` decides. It spares examples/portfolio-three-models' twelve
    steps a PuLP model each (its tail of 24 months is shorter than its terms: 1.90 -> 2.02
    CPU s for its demand steps with the model written and not searched)."""
    if instance.accounting != "demand_continues" or instance.span <= instance.horizon:
        return False
    last = instance.horizon - 1
    offers = {o for (o, _w) in instance.rates}
    return all(
        instance.paid_months(last, spec.term) > spec.term
        for o, spec in enumerate(instance.offers)
        if o in offers
        and spec.term > 1
        and spec.term >= instance.horizon - spec.first_start
        and spec.offer.min_units is None
    )
