"""Solving a built model: HiGHS in process with a time limit and a requested relative gap, CBC
as the fallback; the status read from both of PuLP's fields; values and duals in domain keys."""

from __future__ import annotations

import functools
import math
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import pulp

from optimizer.components import linking
from optimizer.highs_sink import highs_seconds
from optimizer.incumbent import (
    FEASIBLE_SOLUTION,
    SEED_MIN_INTEGERS,
    SETTLED_SECONDS,
    Seed,
    bounded_gap,
    seed_start,
)
from optimizer.instance import Instance
from optimizer.model import Formulation, PulpSink, tail_is_whole
from optimizer.rounding_cuts import add_separated, cut_rows
from optimizer.rows import MONEY_LIMITS, write_model

__all__ = [
    "CENTRE_AFTER",
    "CENTRE_STEPS",
    "SOLVER_THREADS",
    "MipProgress",
    "Model",
    "Pace",
    "Solution",
    "SolveStatus",
    "build",
    "progress_relay",
    "read_values",
    "silence_banner",
    "solve",
    "watch_progress",
]

SolveStatus = Literal["optimal", "feasible", "infeasible", "failed"]

SOLVER_THREADS = 1
"""HiGHS keeps one thread pool per process; every solve asks for the same size. One: the service
runs as many solves at once as there are cores, and HiGHS's branch and bound runs on one
thread anyway; a second thread only spun beside it. Measured on the examples (`make_plan`,
three runs each, CPU seconds, loaded 2-core machine): seed 0.20 against 0.25-0.27 with two,
growing-power-capped 0.69-0.74 against 0.70-0.74, portfolio 1.85-1.90 against 1.93-1.98, wall
time no longer; sens7 measured a sensitivity run 4.0-4.9 CPU s against 4.7-5.3."""


@dataclass
class Model:
    """A built PuLP problem and the formulation that maps it back to the domain."""

    problem: pulp.LpProblem
    formulation: Formulation

    @property
    def instance(self) -> Instance:
        return self.formulation.instance

    @property
    def relaxed(self) -> bool:
        return self.formulation.relax


def build(
    instance: Instance,
    *,
    relax: bool = False,
    goal: Literal["cost", "power", "shortfall"] = "cost",
    allow_shortfall: bool = False,
    shortfall_limit: float | None = None,
    power_limit: float | None = None,
    tail_blocks: bool = True,
    replacement_caps: bool = True,
) -> Model:
    """Build the model in PuLP (see `optimizer.rows.write_model`)."""
    sink = PulpSink()
    formulation = write_model(
        instance,
        sink,
        relax=relax,
        goal=goal,
        allow_shortfall=allow_shortfall,
        shortfall_limit=shortfall_limit,
        power_limit=power_limit,
        tail_blocks=tail_blocks,
        replacement_caps=replacement_caps,
    )
    return Model(problem=sink.problem, formulation=formulation)


@dataclass
class Solution:
    """What a solve returned, in domain keys. `achieved_gap` is the relative gap the search
    stopped at (the request's `gap` is the tolerance it was allowed)."""

    status: SolveStatus
    solver: str
    seconds: float
    achieved_gap: float | None
    objective: float | None
    starts: dict[tuple[int, int], float] = field(default_factory=dict)
    serve: dict[tuple[int, int, int], float] = field(default_factory=dict)
    short: dict[tuple[int, int], float] = field(default_factory=dict)
    not_renewed: dict[tuple[int, int], float] = field(default_factory=dict)
    """(offer, horizon month) -> units of the contracts signed then that are not renewed where
    they end inside the tail of `demand_continues` (the rest are: `Instance.renewal_end`)."""
    held_not_renewed: dict[int, float] = field(default_factory=dict)
    """Index into `Instance.held` -> units of that existing commitment not renewed where it
    ends inside the tail."""
    buy: dict[tuple[int, int, int], float] = field(default_factory=dict)
    """Average tokens/s bought per (API offer, workload, month)."""
    demand_duals: dict[tuple[int, int], float] = field(default_factory=dict)
    """$ per tokens/s of capacity, per (workload, month)."""
    limit_duals: dict[tuple[str, int], float] = field(default_factory=dict)
    """$ per MW-month of a power cap, or per $ of the budget, per (limit, month)."""
    message: str = ""
    seed: Seed | None = None
    """The LP-based start handed to HiGHS, when one was (see `optimizer.incumbent`)."""


_banner_lock = threading.Lock()
_banner_shown = False


def silence_banner() -> None:
    """HiGHS prints a copyright banner to stdout when its first instance is made, whatever the
    options; make that instance once with stdout pointed at /dev/null, so that a command
    printing JSON prints only JSON."""
    global _banner_shown
    with _banner_lock:
        if _banner_shown:
            return
        _banner_shown = True
        import highspy

        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 1)
                make: Any = highspy.Highs  # untyped in highspy's stubs
                make()
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def _status(problem: pulp.LpProblem) -> SolveStatus:
    # A time-limited HiGHS run reports status Optimal with an integer-feasible solution.
    if problem.status == pulp.LpStatusOptimal:
        if problem.sol_status == pulp.LpSolutionOptimal:
            return "optimal"
        if problem.sol_status == pulp.LpSolutionIntegerFeasible:
            return "feasible"
        return "failed"
    if problem.status == pulp.LpStatusInfeasible:
        return "infeasible"
    return "failed"


def _holds_solution(problem: pulp.LpProblem) -> bool:
    """Whether HiGHS holds a feasible solution: PuLP calls a search interrupted (a cancel)
    before its first incumbent integer feasible, its values all 0 (probe 10 finding 2)."""
    model = getattr(problem, "solverModel", None)
    return model is None or model.getInfo().primal_solution_status == FEASIBLE_SOLUTION


def _value(var: pulp.LpVariable) -> float:
    return float(var.varValue or 0.0)


MipProgress = Callable[[float, float, float], bool]
"""(seconds, incumbent objective, best bound) from HiGHS's MIP callback; returning True stops
the solve, which then returns its incumbent (`feasible`, with its gap)."""


def progress_relay(on_progress: MipProgress) -> Callable[..., None]:
    """HiGHS's MIP callback, relayed to `on_progress` (True from it interrupts the solve)."""

    def relay(kind: int, message: str, out: Any, into: Any, user_data: object) -> None:
        if on_progress(out.running_time, out.mip_primal_bound, out.mip_dual_bound):
            into.user_interrupt = True

    return relay


CENTRE_AFTER = 6
"""The callback with a finite bound after which HiGHS 1.16's root waits for its analytic
centre (`Pace`): its first LP's, then one a cut round, the centre awaited after the fifth
round (caps 100x36x20: bounds 399.26, 406.50, 407.41, 409.78, 410.38 or 410.54, then 410.745
or 410.78 M, then 11-19 s without a callback, with HiGHS's cut pool and with 2,500)."""

CENTRE_STEPS = 6.0
"""The analytic centre's step taken as this many of the seeding's relaxation (`Pace`'s
`first_step`, the wall seconds one LP of the model takes at the machine's present load):
caps 100x36x20's relaxation with the cuts 2.0 s at load 1-2, its centre 11.4 s (5.7 times)."""


class Pace:
    """`on_progress` (when given), and a stop at HiGHS's MIP callback once the longest step
    between two of its callbacks so far (`first_step` before the second: the seeding's
    relaxation) would end past `end` (perf_counter seconds). HiGHS checks its time limit only
    between such steps, and its root's cut rounds on the large models are long: caps
    100x36x20 given 12 s ended at 13.2 s in one run and 46.8 s in another (35 s after its last
    callback, in conflict analysis; rounds of 1.4-2.7 s between callbacks, load 8-10). A
    step that cannot end by `end` is not begun: the solve returns what it has, and `stopped`
    says the time, not a cancel, ended it. `now` reads the clock `end` is on.

    `centre` (seconds, 0: not foreseen) is the step HiGHS takes after its root's first LP and
    five cut rounds (`CENTRE_AFTER` callbacks with a finite bound): it waits there for the
    analytic centre of the LP (an interior-point solve of 200 iterations at most, with no
    time limit of its own, spawned at the root's start and, on one thread, run then). On caps
    100x36x20 (72,780 columns) that step took 11.4-19 s (load 1-4) after 6-8 s of root,
    whatever the time left: the runs that reached it before their end ended at 36.9 and 41.9 s
    of their 30 (bench/solve.py, round of large23).

    `kept` (seconds, 0: none) is kept at the end for what follows the solve (its plan's
    polish, `optimizer.direct.POLISH_STEPS`): from the centre on, a step must end by `end`
    less `kept`; the steps before it (the root's first LP and cut rounds, whose bound the
    plan's gap is measured against) only by `end`."""

    def __init__(
        self,
        on_progress: MipProgress | None,
        end: float,
        first_step: float = 0.0,
        now: Callable[[], float] = time.perf_counter,
        centre: float = 0.0,
        kept: float = 0.0,
    ) -> None:
        self.on_progress = on_progress
        self.end = end
        self.longest = first_step
        self.now = now
        self.centre = centre
        self.kept = kept
        self.bounded = 0
        """Callbacks so far with a finite bound (the root's first LP and its cut rounds)."""
        self.last: float | None = None
        self.stopped = False

    def __call__(self, seconds: float, incumbent: float, bound: float) -> bool:
        now = self.now()
        if self.last is not None:
            self.longest = max(self.longest, now - self.last)
        self.last = now
        if math.isfinite(bound):
            self.bounded += 1
        if self.on_progress is not None and self.on_progress(seconds, incumbent, bound):
            return True
        step, end = self.longest, self.end
        if self.bounded == CENTRE_AFTER:
            step = max(step, self.centre)  # the next step waits for the analytic centre
        if self.bounded >= CENTRE_AFTER:
            end -= self.kept
        self.stopped = self.stopped or now + step > end
        return self.stopped


def _hooks(on_progress: MipProgress | None) -> dict[str, Any]:
    """pulp.HiGHS's arguments that relay HiGHS's MIP callback to `on_progress`."""
    if on_progress is None:
        return {}
    import highspy

    cb: Any = highspy.cb  # untyped in highspy's stubs
    relay = progress_relay(on_progress)
    return {"callbackTuple": (relay, None), "callbacksToActivate": [cb.kCallbackMipInterrupt]}


def watch_progress(h: Any, on_progress: MipProgress | None) -> None:
    """Relay the MIP callback of `h` (a highspy.Highs built directly) to `on_progress`."""
    if on_progress is None:
        return
    import highspy

    cb: Any = highspy.cb  # untyped in highspy's stubs
    h.setCallback(progress_relay(on_progress), None)
    h.startCallback(cb.kCallbackMipInterrupt)


def _wants_seed(model: Model, seed: bool | None) -> bool:
    if model.relaxed or seed is False:
        return False
    if seed:
        return True
    integers = sum(1 for v in model.problem.variables() if v.cat == pulp.LpInteger)
    return integers >= SEED_MIN_INTEGERS


def _highs(
    deadline: float,
    seed: bool,
    seeded: list[Seed],
    f: Formulation,
    on_progress: MipProgress | None,
    **options: Any,
) -> Any:
    """pulp.HiGHS whose time limit runs to `deadline` (perf_counter seconds), PuLP's hand-over
    of the model included (seconds at 100,000 columns on a busy machine); with `seed`, the
    built model first gets an LP-based start (`optimizer.incumbent.seed_start`) within its
    share of the time left, and the main solve what is left after it, paced to end by
    `deadline` (`Pace`; `on_progress` told). The model is built once."""
    solver: Any = pulp.HiGHS(msg=False, threads=SOLVER_THREADS, **options)
    run = solver.callSolver

    def limited_run(lp: pulp.LpProblem) -> None:
        if seed:
            left = max(0.01, deadline - time.perf_counter())
            seeded.append(
                seed_start(
                    lp.solverModel,
                    left,
                    SOLVER_THREADS,
                    lambda h: cut_rows(h, f.cuts, lambda var: int(var.index)),
                    linking(f, lambda var: int(var.index)),
                    lambda h: add_separated(h, f, lambda var: int(var.index)),
                )
            )
            if seeded[-1].start_objective is not None:
                # HiGHS 1.16 mis-scores a start after presolve (see `solve`); without a start
                # presolve stays on (without it, 5,000x36x20 found no plan in its 10 s).
                lp.solverModel.setOptionValue("presolve", "off")
            watch_progress(
                lp.solverModel, Pace(on_progress, deadline, seeded[-1].relaxation_seconds)
            )
        left = highs_seconds(deadline - time.perf_counter())
        settled = bool(seeded) and seeded[-1].proven(options.get("gapRel") or 0.0)
        lp.solverModel.setOptionValue("time_limit", SETTLED_SECONDS if settled else left)
        run(lp)

    solver.callSolver = limited_run
    return solver


def solve(
    model: Model,
    *,
    time_limit: float,
    gap_tolerance: float,
    on_progress: MipProgress | None = None,
    seed: bool | None = None,
) -> Solution:
    """Solve with HiGHS in process; fall back to CBC when HiGHS fails outright. `seed` asks
    for an LP-based start (None: on models with at least `SEED_MIN_INTEGERS` integer columns).

    A start is only a first incumbent: the status and gap come from HiGHS's own bound, and a
    seeded solve runs with HiGHS's presolve off: with it on, HiGHS 1.16 scores a supplied start
    in the presolved model without its objective offset and can call it optimal (reproduced in
    tests/solver/test_large_models.py: a start of 6,935 called optimal at gap 0, optimum
    6,205)."""
    silence_banner()
    problem = model.problem
    began = time.perf_counter()
    solver_name = "HiGHS"
    status: SolveStatus
    seeded: list[Seed] = []
    try:
        options = {"gapRel": gap_tolerance, "mip": not model.relaxed, **_hooks(on_progress)}
        wants = _wants_seed(model, seed)
        solver = _highs(
            began + time_limit, wants, seeded, model.formulation, on_progress, **options
        )
        problem.solve(solver)
        status = _status(problem)
        if status == "feasible" and not _holds_solution(problem):
            status = "failed"
    except pulp.PulpSolverError:
        status = "failed"
    if status == "failed" and not _timed_out(problem):
        solver_name = "CBC"
        remaining = max(1.0, time_limit - (time.perf_counter() - began))
        problem.solve(_cbc(remaining, gap_tolerance))
        status = _status(problem)
    solution = Solution(
        status=status,
        solver=solver_name,
        seconds=time.perf_counter() - began,
        achieved_gap=None,
        objective=None,
        seed=seeded[0] if seeded else None,
    )
    if status in ("infeasible", "failed"):
        # Out of time with no plan, PuLP's status of the run reads "Optimal" (probe 18a F3:
        # "the solver found no solution (Optimal)"): HiGHS's own says why.
        stopped = status == "failed" and _timed_out(problem)
        if stopped:
            solution.message = str(problem.solverModel.getModelStatus())
        else:
            solution.message = pulp.LpStatus.get(problem.status, "unknown")
        return solution
    solution.objective = pulp.value(problem.objective)
    solution.achieved_gap = _achieved_gap(problem, model.relaxed, solver_name, solution.seed)
    reached = solution.achieved_gap
    if status == "feasible" and reached is not None and reached <= gap_tolerance:
        solution.status = "optimal"  # proven by the seeding's bound, when HiGHS's was not
    read_values(model.formulation, model.relaxed, solution)
    if model.relaxed:
        _read_duals(model.formulation, solution)
    return solution


def read_values(
    f: Formulation,
    relaxed: bool,
    solution: Solution,
    value_of: Callable[[Any], float] = _value,
    serving: bool = True,
) -> None:
    """The solved values of `f`'s variables into `solution`, in domain keys; `value_of` reads
    one from its sink's handle (default: a PuLP variable's). `serving` False: what the plan
    costs alone (`optimizer.plan_cost`: its starts, renewals and tokens bought), its serving
    and shortfall left empty: a sensitivity run's guesses, read for their lines in a price
    (`optimizer.sensitivity_run.guessed`; sens27: the seed's serving is 117 of the 227
    values read, and most of the months expanded)."""
    solution.starts = {k: value_of(v) for k, v in f.starts.items()}
    for (o, t), var in f.running.items():
        earlier = f.running.get((o, t - 1))
        value = value_of(var) - (value_of(earlier) if earlier is not None else 0.0)
        solution.starts[(o, t)] = max(0.0, value)
    # Contracts in the horizon are whole, and so is the tail's month-to-month buying where the
    # model takes it whole (`optimizer.model.tail_is_whole`); elsewhere the tail's are a
    # divisible valuation, read as solved.
    whole_tail = tail_is_whole(f.instance, relaxed)
    horizon = f.instance.horizon
    if not relaxed:
        solution.starts = {
            (o, s): float(round(v)) if s < horizon or whole_tail else v
            for (o, s), v in solution.starts.items()
        }
    # GPUs serving: whole blocks of replicas times their GPUs (1 per variable when fractional).
    # Whole blocks read up: a block left continuous (one unit, one workload) rounds up within
    # its integer units; a divisible tail's blocks value demand and stay as solved.
    whole = f.instance.replicas == "whole" and not relaxed
    serve: dict[tuple[int, int, int], float] = {}
    gpus = f.serve_gpus
    for key, var in f.serve.items() if serving else ():
        value = max(0.0, value_of(var))
        if whole and (key[2] < horizon or whole_tail):
            value = float(math.ceil(value - 1e-6))
        serve[key] = value * gpus[key[0], key[1]]
    solution.serve = serve
    solution.short = {k: max(0.0, value_of(v)) for k, v in f.short.items()} if serving else {}
    # Units not renewed are whole where the model takes them whole (`whole`, not relaxed).
    whole_units = f.instance.replicas == "whole" and not relaxed
    solution.not_renewed = {k: _units(value_of(v), whole_units) for k, v in f.not_renewed.items()}
    solution.held_not_renewed = {
        k: _units(value_of(v), whole_units) for k, v in f.held_not_renewed.items()
    }
    solution.buy = {k: max(0.0, value_of(v)) * f.buy_scale[k] for k, v in f.buy.items()}
    longer = _longer(f)
    if longer:
        for values in (solution.starts, solution.serve, solution.short, solution.buy):
            _expand_blocks(f, values, longer)


def _units(value: float, whole: bool) -> float:
    """A solved count of units not renewed: at least 0, and whole when `whole`."""
    return float(round(value)) if whole else max(0.0, value)


def _longer(f: Formulation) -> dict[int, int]:
    """The solved months of `f` that stand for more than one month, and for how many."""
    return {t: weight for t, weight in f.blocks.weights.items() if weight > 1}


def _expand_blocks(
    f: Formulation, values: dict[Any, float], longer: dict[int, int] | None = None
) -> None:
    """Every month of a block of tail months as its first month, in `values` keyed by
    (..., month): the plan shows each month of the span. `longer`: `_longer(f)`, if read
    already (a plan read back expands four dicts; most of their months stand for one)."""
    if longer is None:
        longer = _longer(f)
    for key, value in [(key, value) for key, value in values.items() if key[-1] in longer]:
        values.update(dict.fromkeys(_months_after(key, longer[key[-1]]), value))


@functools.lru_cache(maxsize=1 << 14)
def _months_after(key: tuple[Any, ...], weight: int) -> tuple[tuple[Any, ...], ...]:
    """`key` (..., month) for each later month of the block of `weight` months it heads, in
    order: the same few hundred keys for each of a sensitivity run's plans read (63 on the
    seed example, 600 keys each made afresh: a sixth of the run's Python, sens26)."""
    t, rest = key[-1], key[:-1]
    return tuple((*rest, month) for month in range(t + 1, t + weight))


def _read_duals(f: Formulation, solution: Solution) -> None:
    instance = f.instance
    for (w, t), row in f.demand_rows.items():
        # The row is demand-normalised: $ per row unit / required tokens/s = $ per tokens/s;
        # a block's row holds the months of the block, each its share.
        required = instance.workloads[w].required[t] * f.blocks.weight(t)
        solution.demand_duals[(w, t)] = (row.pi or 0.0) / required
    for (label, t), row in f.limit_rows.items():
        # Power rows are in kW (x 1000 for $ per MW); budget and upfront rows are in $.
        scale = 1.0 if label in MONEY_LIMITS else 1000.0
        solution.limit_duals[(label, t)] = -(row.pi or 0.0) * scale / f.blocks.weight(t)
    _expand_blocks(f, solution.demand_duals)
    _expand_blocks(f, solution.limit_duals)


def _timed_out(problem: pulp.LpProblem) -> bool:
    """True when HiGHS stopped at its time limit (no reason to ask CBC, with no time left) or
    was interrupted (a cancel: CBC would not hear it)."""
    model = getattr(problem, "solverModel", None)
    stopped = str(model.getModelStatus()) if model is not None else ""
    return "TimeLimit" in stopped or "Interrupt" in stopped


def _cbc(time_limit: float, gap: float) -> pulp.LpSolver:
    """CBC through COIN_CMD (the PuLP 4 way), with the binary the `pulp[cbc]` extra ships."""
    import cbcbox

    return pulp.COIN_CMD(msg=False, timeLimit=time_limit, gapRel=gap, path=cbcbox.cbc_bin_path())


def _achieved_gap(
    problem: pulp.LpProblem, relaxed: bool, solver_name: str, seed: Seed | None
) -> float | None:
    """HiGHS's gap, against the seeding's LP bound where that is the better bound (HiGHS
    stopped before its own root relaxation, or before its cuts passed the seeding's)."""
    if relaxed:
        return 0.0
    if solver_name == "HiGHS" and getattr(problem, "solverModel", None) is not None:
        return bounded_gap(problem.solverModel.getInfo(), seed.lp_bound if seed else None)
    return None
