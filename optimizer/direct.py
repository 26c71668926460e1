"""Re-solves for a sensitivity run (DESIGN section 8.3), many small MILPs one after another:
each model written straight into highspy (`optimizer.highs_sink`: a tenth of PuLP's build
time a column) and solved without HiGHS's restarts, which on these models cost more than they
save (the seed example's re-solves: about 40% of HiGHS's time, measured by
bench/sensitivity.py). The status, gap and values are read as `optimizer.solver.solve` reads
them (a caller makes a solve HiGHS failed outright again through `optimizer.solver.solve`,
CBC behind it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import highspy

from optimizer.components import Linking, linking
from optimizer.highs_sink import HighsSink, give_start, highs_seconds
from optimizer.incumbent import (
    FEASIBLE_SOLUTION,
    SEED_MIN_INTEGERS,
    SETTLED_SECONDS,
    Seed,
    bounded_gap,
    polished,
    proven_bound,
    seed_start,
)
from optimizer.instance import Instance
from optimizer.model import Formulation
from optimizer.rounding_cuts import add_separated, cut_rows
from optimizer.rows import write_model
from optimizer.solver import (
    CENTRE_STEPS,
    SOLVER_THREADS,
    MipProgress,
    Pace,
    Solution,
    SolveStatus,
    read_values,
    silence_banner,
    watch_progress,
)

__all__ = ["POLISH_STEPS", "SEEDED_OPTIONS", "DirectModel", "solve_direct"]

RESOLVE_OPTIONS: dict[str, Any] = {"mip_allow_restart": False}
"""HiGHS options of every re-solve, beside its time limit, gap and threads."""
FROM_START: dict[str, Any] = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
}
"""Options of a re-solve handed a start it is not to look beyond (`DirectModel.heuristics`
False): no primal heuristics, the start being the plan they would look for (the seed
example's re-solves from an optimum at other prices: about half of HiGHS's time without
them, and several times more from a start 5% off)."""

SEEDED_OPTIONS: dict[str, Any] = {"mip_pool_soft_limit": 2_500}
"""HiGHS options of the main solve after a seeding (`seed_start`: a large model's, the root's
bound being what it is for), beside its time limit, gap and threads: the cut pool held to a
quarter of HiGHS's 10,000. The root's memory grows with its pool: caps 100x36x20's (72,780
columns) from the fleet's start peaked at 488-491 MiB by its bound of 410.78 M (8.0 CPU s)
with HiGHS's pool, 383-390 MiB with this one by 410.745 M (7.05 CPU s; its gap against the
start 1.20e-2 against 1.19e-2); 5,000 was HiGHS's own run, 1,500 stopped at 410.45 M
(bench/solve.py, round of large23)."""

_STATUS: Any = highspy.HighsModelStatus  # untyped in highspy's stubs


class DirectModel:
    """The least-cost model of `instance` (hard demand) written into a `HighsSink`: rows may
    be added (a forced offer) and a `start` set (column values) before it is solved, with
    `heuristics` False when the start is near the optimum (see `FROM_START`), and
    `stop_at_improving` True to stop at the first plan better than the start
    (`optimizer.joint_checks`), `stop_below` to stop at the first plan whose objective is
    below it (`optimizer.trials.run_trial`); `values` holds the solved columns' values."""

    def __init__(
        self, instance: Instance, replacement_caps: bool = True, ties: bool = True
    ) -> None:
        self.instance = instance
        self.sink = HighsSink()
        self.formulation: Formulation = write_model(
            instance, self.sink, replacement_caps=replacement_caps, ties=ties
        )
        self.start: Any = None
        self.heuristics = True
        self.stop_at_improving = False
        self.stop_below: float | None = None
        self.values: list[float] = []
        self.options: dict[str, Any] = {}
        """HiGHS options of this model's solves beside `RESOLVE_OPTIONS` (a sensitivity
        run's: `optimizer.trials.SEARCH_OPTIONS`)."""


def _status(h: Any) -> SolveStatus:
    model_status = h.getModelStatus()
    if model_status == _STATUS.kModelEmpty:
        # No column: every row's activity is 0, so the model is feasible only if every row
        # admits 0 (no demand left to meet; a demand no offer can serve is infeasible).
        lp = h.getLp()
        admits_zero = all(
            lo <= EMPTY_ROW_TOLERANCE and up >= -EMPTY_ROW_TOLERANCE
            for lo, up in zip(lp.row_lower_, lp.row_upper_, strict=True)
        )
        return "optimal" if admits_zero else "infeasible"
    if model_status == _STATUS.kOptimal:
        return "optimal"
    if model_status in (_STATUS.kInfeasible, _STATUS.kUnboundedOrInfeasible):
        return "infeasible"
    if h.getInfo().primal_solution_status == FEASIBLE_SOLUTION:
        return "feasible"  # stopped at the time limit with a plan
    return "failed"


EMPTY_ROW_TOLERANCE = 1e-9
"""How far a row's bound may pass 0 and still admit the zero activity of a model with no
column (HiGHS's own primal feasibility tolerance is 1e-7)."""

MISCORED = 1e-9
"""Relative difference between the objective HiGHS reports and the cost of the plan it returns
above which the solve is not trusted (see `solve_direct`)."""


def _highs(model: DirectModel, time_limit: float, gap: float, start: Any) -> Any:
    h = model.sink.highs(time_limit, gap, SOLVER_THREADS)
    for name, value in (RESOLVE_OPTIONS | model.options).items():
        h.setOptionValue(name, value)
    if model.stop_at_improving:
        h.setOptionValue("mip_max_improving_sols", 1)
    if start is not None:
        for name, value in {} if model.heuristics else FROM_START.items():
            h.setOptionValue(name, value)
        give_start(h, start)
    return h


def _miscored(model: DirectModel, h: Any) -> bool:
    """True when the plan HiGHS returns does not cost the objective it reports: HiGHS 1.16,
    handed a start, can score it in the presolved model without the objective's offset and
    prune with that score (`optimizer.solver.solve`; tests/solver/test_large_models.py: the
    start's 6,935 reported as 6,205). A plan that costs what HiGHS reports was found and
    scored in the search itself, and every pruning before it was at a score no lower."""
    reported = float(h.getInfo().objective_function_value)
    values = h.getSolution().col_value
    cost = float(sum(c * v for c, v in zip(model.sink.cost, values, strict=True)))
    return abs(cost - reported) > MISCORED * max(1.0, abs(reported))


EARLY_GAP = 1e-3
"""How far above HiGHS's dual bound the plan a solve with `stop_below` stops at may be: any plan
below that bound answers the question asked, but a sensitivity search goes on from the plan's
line (`optimizer.target_prices`), and a plan far from the optimum crosses lower and takes more
steps. On one HiGHS thread (`SOLVER_THREADS` 1) the first plans found were such:
examples/growing-power-capped.json took 163 runs (62 answered early) with none, 118 (19
early) at 1e-3, 111 at 1e-4; 17.2-17.7 CPU s against 13.5-13.6 (bench/sensitivity.py); the
seed example the same table and CPU seconds either way."""


def _stopping(on_progress: MipProgress | None, below: float | None) -> MipProgress | None:
    """`on_progress`, and a stop at the first incumbent whose objective is below `below` and
    within `EARLY_GAP` of HiGHS's bound."""
    if below is None:
        return on_progress

    def stop(seconds: float, incumbent: float, bound: float) -> bool:
        near = incumbent - bound <= EARLY_GAP * max(1.0, abs(incumbent))
        return (incumbent < below and near) or (
            on_progress is not None and on_progress(seconds, incumbent, bound)
        )

    return stop


def solve_direct(
    model: DirectModel,
    *,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
) -> Solution:
    """Solve `model` with HiGHS in process, from `model.start` when set (else a model of
    `SEED_MIN_INTEGERS` integer columns or more first gets an LP-based start, as
    `optimizer.solver.solve` gives it). A solve from a start whose plan does not cost what
    HiGHS reports (`_miscored`) is made again without it. With `model.stop_below`, HiGHS's
    callback stops the solve at its first plan below it and within `EARLY_GAP` of its bound
    (status `feasible`: a plan, not an optimum; its objective is checked by `_miscored` like
    any). Status `failed` with a message naming HiGHS's model status when it found no plan
    and was not infeasible (`TimeLimit` in it when the time ran out)."""
    silence_banner()
    began = time.perf_counter()
    sink = model.sink
    progress = _stopping(on_progress, model.stop_below)
    h = _highs(model, time_limit, gap, model.start)
    watch_progress(h, progress)
    seed = None
    pace: Pace | None = None
    linked: Linking | None = None
    polish = False  # the main solve's plan polished after it (`_polishing`)
    if model.start is None and sum(sink.integer) >= SEED_MIN_INTEGERS:
        cuts = model.formulation.cuts
        linked = linking(model.formulation, int)
        seed = seed_start(
            h,
            time_limit,
            SOLVER_THREADS,
            lambda copy: cut_rows(copy, cuts, int),
            linked,
            lambda copy: add_separated(copy, model.formulation, int),
            gap,
            warm=True,
        )
        for name, value in SEEDED_OPTIONS.items():
            h.setOptionValue(name, value)
        if seed.start_objective is not None:
            h.setOptionValue("presolve", "off")  # see `optimizer.solver.solve`: HiGHS 1.16
        left = highs_seconds(began + time_limit - time.perf_counter())
        h.setOptionValue("time_limit", SETTLED_SECONDS if seed.proven(gap) else left)
        first = seed.relaxation_seconds
        polish = _polishing(seed, linked, gap)
        kept = POLISH_STEPS * first if polish else 0.0
        pace = Pace(progress, began + time_limit, first, centre=CENTRE_STEPS * first, kept=kept)
        watch_progress(h, pace)
    h.run()
    status = _status(h)
    if model.start is not None and status in ("optimal", "feasible") and _miscored(model, h):
        h = _highs(model, highs_seconds(began + time_limit - time.perf_counter()), gap, None)
        watch_progress(h, progress)
        h.run()
        status = _status(h)
    solution = Solution(
        status=status,
        solver="HiGHS",
        seconds=time.perf_counter() - began,
        achieved_gap=None,
        objective=None,
        seed=seed,
    )
    if status in ("infeasible", "failed"):
        stopped = pace is not None and pace.stopped
        # Stopped by its pace, the solve ran out of time (callers read `TimeLimit` so).
        solution.message = str(_STATUS.kTimeLimit if stopped else h.getModelStatus())
        return solution
    info = h.getInfo()
    solution.objective = float(info.objective_function_value)
    lp_bound = seed.lp_bound if seed else None
    solution.achieved_gap = bounded_gap(info, lp_bound)
    model.values = list(h.getSolution().col_value)
    reached = solution.achieved_gap
    if status == "feasible" and polish and (reached is None or reached > gap):
        assert seed is not None and seed.guide is not None and linked is not None
        bound = proven_bound(info, lp_bound)
        found = polished(
            h,
            linked,
            seed.guide,
            model.values,
            began + time_limit,
            SOLVER_THREADS,
            _enough(bound, gap, progress, began),
        )
        if found is not None:
            seed.polished_from = solution.objective
            solution.objective, model.values = found[0], found[1]
            solution.achieved_gap = bounded_gap(info, lp_bound, found[0])
            solution.seconds = time.perf_counter() - began
    reached = solution.achieved_gap
    if status == "feasible" and reached is not None and reached <= gap:
        solution.status = "optimal"  # proven by the seeding's bound, when HiGHS's was not
    read_values(model.formulation, False, solution, model.values.__getitem__)
    return solution


POLISH_STEPS = 6.0
"""How many times the seeding's relaxation (`Seed.relaxation_seconds`) a main solve to be
polished (`_polishing`) keeps for the polish (`optimizer.solver.Pace`'s `kept`): its root's
first LP and cut rounds may run to the solve's end (the plan's gap is measured against their
bound), but from the analytic centre's wait on no step begins that would eat into that time.
On caps 100x36x20 (relaxation 1.3-1.5 s at load 2) the root then stops at its sixth callback
(410.745 M at about 15 s) rather than wait 7.4 s for the centre, which lifted no bound there
(round of large23: 410.87 M after 18.9 s of main solve), and the polish's months take its
plan from 415.73 M to 414.84 M in 6.8 s (7.6 CPU s): within 1e-2 of 410.745 M."""


def _polishing(seed: Seed, linked: Linking | None, gap: float) -> bool:
    """Whether the main solve's plan is polished after it (`optimizer.incumbent.polished`):
    a start was found from the relaxation's values (with `linked`'s months and offers to
    free) and is not proven within `gap`."""
    return bool(
        seed.guide is not None
        and seed.start_objective is not None
        and linked is not None
        and linked.fleet
        and not seed.proven(gap)
    )


def _enough(
    bound: float, gap: float, progress: MipProgress | None, began: float
) -> Callable[[float], bool]:
    """The polish's stop: its plan within `gap` of `bound` (the root's, or the seeding's
    relaxation's), or the plan's progress saying stop (a cancel)."""

    def enough(objective: float) -> bool:
        if objective != 0.0 and (objective - bound) / abs(objective) <= gap:
            return True
        seconds = time.perf_counter() - began
        return progress is not None and progress(seconds, objective, bound)

    return enough
