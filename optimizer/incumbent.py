"""A first incumbent for a MILP from its LP relaxation (issue 12's measured lever): solve the
relaxation, fix the integer columns it already has whole, solve what is left to a loose gap,
and hand that plan to HiGHS as its start. The start only helps the search find good plans
early; the plan's status and gap still come from HiGHS's own bound on the whole model."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from optimizer.bound_beside import BoundBeside
from optimizer.components import Linking, rounded_fleet, solve_by_parts
from optimizer.fix_optimize import Neighbourhoods, improve, month_windows, offer_pairs
from optimizer.highs_sink import give_start, highs_seconds
from optimizer.month_start import chosen, month_by_month

__all__ = [
    "FEASIBLE_SOLUTION",
    "SEED_GAP",
    "SEED_MIN_INTEGERS",
    "SEED_SHARE",
    "SETTLED_SECONDS",
    "Seed",
    "bounded_gap",
    "highs_copy",
    "highs_of",
    "polished",
    "proven_bound",
    "seed_start",
]

FEASIBLE_SOLUTION = 2
"""HiGHS's `primal_solution_status` of a feasible solution."""

SEED_SHARE = 0.5
"""Share of a solve's time limit the seeding may spend (the LP and the fixed MILP together)."""

FLEET_SEED_SHARE = 0.8
"""Share of a solve's time limit the seeding may spend when its start comes from the fleet
(`_fleet_start`): on clones 100x36x20 at 10 s, the relaxation and the months' parts take
4-5 s of a loaded machine, and a part stopped early keeps a plan far from its optimum (the
30th month: 2.3 M$ at 0.1 s, 36 k$ at 0.16 s); the main solve after it only returns the
start with a better bound."""

SEED_GAP = 1e-2
"""Relative gap the fixed MILP is solved to: it only has to be a good start."""

SETTLED_SECONDS = 0.001
"""The main solve's time limit when the start is already proven (`Seed.proven`): HiGHS then
returns the start as its incumbent without solving its root (0.06 s on clones 100x36x20)."""

FLEET_ENOUGH = 0.03
"""A start from the fleet (`_fleet_start`) this far above the relaxation's bound, or more,
is compared with the start from the relaxation's whole columns (`_start`), and the cheaper
kept: on curves 100x36x20 ..."""

FLEET_HOLDS = 1e-2
"""Where the relaxation's fleet rounded to the nearest costs less than the relaxation's (the
months would top it up month to month), the fleet's start (`_fleet_start`) is still tried,
its parts narrowed (`optimizer.components.NARROW_SHARE`), when the relaxation with the cuts
and the fleet held at `optimizer.components.rounded_fleet` is within this share of the
relaxation's bound: the fleet's rounding then costs the months little. Curves 100x36x20:
373.93 M against 373.64 (0.08%; its parts 377.05 M, 0.91%, where the start from the whole
columns and 14 s of windows reach 380.5-384 M); availability 100x36x20: 515.26 M against
504.70 (2.1%; its parts 518.16 M, where the whole columns' start is 515.28 M in 6.9 CPU s and
its windows reach 510.4 M): declined (bench/solve.py, round of large27)."""

NARROW_STEPS = 3.5
"""How many times the seeding's relaxation (`Seed.relaxation_seconds`) must be left before
the fleet's deadline for the fleet's start to be tried where its nearest rounding falls short
(`FLEET_HOLDS`): its narrowed parts take 3.3-3.8 times that relaxation on curves 100x36x20
(14.6-16.7 CPU s against 4.4-4.5), and parts stopped early keep plans far from their optimum
(a month stopped before HiGHS's root heuristics 1.9-4 times its cost), where the start from
the whole columns and its windows degrade gently. On a loaded machine the relaxation takes
longer and that start is kept (bench/solve.py, round of large27)."""

IMPROVE_ABOVE = 0.02
"""A start this far above the relaxation's bound, or more, is improved by fix-and-optimize
(`optimizer.fix_optimize`) before the main solve, until `IMPROVE_SHARE` of the solve's time:
there the plan, not the bound, is the gap (availability 100x36x20: the start 7.7% above the
bound, curves 3.7%). Below it the main solve's root gets the time for its bound (clones
100x36x20: the fleet's start 1.25% above the relaxation with the cuts, HiGHS's root bound
0.6% above that)."""

IMPROVE_SHARE = 0.85
"""Share of a solve's time limit by which fix-and-optimize stops: the main solve gets the
rest (its root's bound, which the gap is measured against beside the relaxation's), unless
that rest is shorter than `ROOT_STEPS` relaxations."""

ROOT_STEPS = 6.0
"""How many times the seeding's relaxation (`Seed.relaxation_seconds`) the main solve's root
takes to lift HiGHS's bound past the relaxation's with the rounding cuts: clones 100x36x20
(load 8) 0.39 s wall for the relaxation, the root's bound past it after 2.31 s (1.45 CPU s;
398.64 M from its first LP, 409.80 M against the relaxation's 409.28 M, 410.66 M after 3.4 s).
A main solve given less adds no bound, so fix-and-optimize keeps that time."""

MONTH_BOUND = True
"""Whether a start improved by fix-and-optimize to the solve's end (far from the bound, and
no time left for the main solve's root: `_no_root`) has the months' bound
(`optimizer.month_bound`) computed beside it, priced from the first relaxation, in a child
process of the least priority (`optimizer.bound_beside`: it takes an idle core, not the
seeding's), and the relaxation's bound lifted to what it reached at the seeding's end. Only
there: elsewhere the main solve's root lifts the bound, and the child's memory (123 MiB on
availability 100x36x20, 218 on caps) would come on top of the plan's."""

BOUND_STEPS = 5.0
"""How many times the seeding's relaxation (`Seed.relaxation_seconds`) must be left before the
solve's end for the months' bound (`MONTH_BOUND`) to be begun: its child reads and prices the
relaxation before its first month (availability 100x36x20: relaxation 1.05 s, 22 s of windows
left, 36 months' roots in 11-13 CPU s on an idle core; curves 100x36x20, its fleet declined
on a loaded machine: relaxation 6-7.6 s, 14 s left, 219 MiB of child that priced its months
and solved none, large26): begun where it has no time, it only holds memory (bench/solve.py,
round of large27)."""

BOUND_BEFORE_START = False
"""Whether the months' bound (`MONTH_BOUND`) is begun as soon as the fleet's start
(`_fleet_start`) has none or one not close enough, beside the start from the relaxation's
whole columns (`_start`), rather than once that start is found far from the bound."""

SEPARATION_ROUNDS = 5
"""Rounds of cuts (`seed_start`'s `separate`: `optimizer.rounding_cuts.separated_cuts` on the
direct path) added to the seeding's relaxation with the cuts against its values, each solved
again from the last basis: clones 100x36x20 409.28 M -> 410.73, 410.90, 410.92, 410.925 M in
four rounds (0.32 CPU s of separation, 0.1 of LPs), where the main solve's root, given the
2 CPU s the seeding leaves it in 10 s, reaches 407-410.5 M (bench/solve.py, round of
bound28)."""

SEPARATE_STEPS = 10.0
"""How many times the seeding's relaxation (`Seed.relaxation_seconds`) must be left before the
seeding's deadline for the relaxation to be tightened (`SEPARATION_ROUNDS`): its rounds take
about 1.5 relaxations of CPU (clones 100x36x20: 0.4 CPU s against 0.25-0.29), which a loaded
machine takes from the fleet's parts (their start then 3 in 4 runs a little worse at load 8,
one run without a plan, where the relaxation took 0.9-1 s of the 5 s); on a quiet machine
(relaxation 0.27 s) 15-18 are left (bench/solve.py, round of bound28)."""

LIFT_STEPS = 1.0
"""How many times the seeding's relaxation (`Seed.relaxation_seconds`) the rounds of cuts
lifting its bound after the start (`seed_start`'s `gap`: `_lift`) may take: a round is begun
only where the last one's time is left of it. Their rounds on the direct path's rows (CPU s
a round, the bound's rise; the relaxation with the cuts rebuilt from its basis in 0.13 s):
caps 100x36x20 0.2-0.5 s, 409.03 -> 410.47 M (relaxation 2.3-2.4 s); availability
100x36x20 0.15-0.28 s, 504.70 -> 506.06 M (relaxation 1.7-1.9 s); curves 100x36x20 1.1-1.6 s,
373.64 -> 374.12, 374.33, 374.46 M (relaxation 4.4-5.1 s) (bench/solve.py, round of
large30)."""

LIFT_REACH = 3e-3
"""How far past the solve's gap from the relaxation's bound a start may be for its bound to
be lifted (`_lift`) where the main solve's root is to run after it: about what the lift
gives (caps, availability 0.27-0.35%, curves 0.13% a round)."""

WARM_CUTS = True
"""Whether the seeding asked to (`seed_start`'s `warm`: the direct path's) solves its
relaxation without the demand rows' cuts first, then with them from that basis, rather than
with them from the start: the same bound, another of its optimal vertices, in (CPU s) 1.7
against 4.4-4.7 on curves 100x36x20, 1.4 against 2.4 on caps, 0.8 against 1.7 on
availability. Every later step is paced by that relaxation's time
(`Seed.relaxation_seconds`), and the steps' measures were taken against the cold one. Read
as it was (with `NARROW_STEPS` at 9), curves was optimal in 20.9-21.7 s where its fleet's start is
declined at this VM's speed (the relaxation 5-5.8 s), but availability's start, its
relaxation 0.8 s, then had the main solve's root (`_no_root`) rather than its windows to
the end, and ended at 2.2e-2 and 5.6e-2 against 1.1e-2 (bench/solve.py, round of
large30). Kept on with its time read as the cold one's (`WARM_PACE`), and where the fleet's
start gives none the relaxation solved again cold for the start from its whole columns
(`COLD_AGAIN`) (bench/solve.py, round of large31)."""

WARM_PACE = 2.0
"""What the relaxation solved warm (`WARM_CUTS`) is taken to stand for in the pacing
(`Seed.relaxation_seconds`): the cold one's time, about this many times the warm one's (CPU
s, cold against warm: curves 100x36x20 4.4-4.7 against 1.7, caps 2.4 against 1.4,
availability 1.7 against 0.8), so that the steps measured against the cold relaxation
(`NARROW_STEPS`, `ROOT_STEPS`, `BOUND_STEPS`, `SEPARATE_STEPS`, `LIFT_STEPS`, the main
solve's `optimizer.solver.Pace`) keep their meaning."""

COLD_AGAIN = True
"""Whether a relaxation solved warm (`WARM_CUTS`) is solved again cold where the fleet's start
(`_fleet_start`) gave none within `FLEET_ENOUGH` and `COLD_STEPS` relaxations are left: the
start from the whole columns (`_start`) and fix-and-optimize read the cold vertex. Availability
100x36x20 from the warm vertex: start 518.02 M, improved to 515.33 M, 1.80e-2; from the cold
one, 515.28 M, improved to 510.98 M, 9.6e-3 optimal (bench/solve.py, round of large31)."""

COLD_STEPS = 3.0
"""How many relaxations (`Seed.relaxation_seconds`, the cold one's time) must be left before
the seeding's deadline for `COLD_AGAIN`: the cold relaxation, and the start from its whole
columns after it. On curves 100x36x20, its fleet's start declined for time, the warm vertex
is kept."""

SEPARATED_GUIDE = False
"""Whether the start is found from the tightened relaxation's values (`_separated`) rather
than the first relaxation's with the cuts."""

SEED_MIN_INTEGERS = 2_000
"""Models with fewer integer columns are solved without a start: on them HiGHS finds good
plans itself and the seeding only adds its LP and sub-MIP (bench/solve.py measures both)."""

MONTH_BY_MONTH = True
"""Whether the start from the nearest rounding of the fleet is solved month by month, each
month's fleet between the relaxation's rounded down and up (`optimizer.month_start`), rather
than the fleet fixed and each month's blocks solved alone."""

WHOLE = 1e-6
"""How far from a whole number a relaxation's integer column may be and still count as whole."""

_INTEGER: Any = highspy.HighsVarType.kInteger  # untyped in highspy's stubs
_CONTINUOUS: Any = highspy.HighsVarType.kContinuous


@dataclass
class Seed:
    """What the seeding found: the LP relaxation's bound (a valid lower bound on the MILP) and
    the start's objective, each None when that step did not finish."""

    lp_bound: float | None = None
    start_objective: float | None = None
    seconds: float = 0.0
    improved_from: float | None = None
    """The start's objective before fix-and-optimize, when that ran (`IMPROVE_ABOVE`)."""
    from_fleet: bool = False
    """Whether the start is the relaxation's fleet rounded up (`_fleet_start`)."""
    relaxation_seconds: float = 0.0
    """Wall seconds of the first relaxation's solve: what one LP of this model takes on this
    machine at its present load, the first step the main solve is paced by
    (`optimizer.solver.Pace`); where it was solved warm (`WARM_CUTS`), `WARM_PACE` times
    that (the cold one's time, estimated)."""
    month_bound: float | None = None
    """The months' bound (`optimizer.month_bound`), when it was computed and passed the
    relaxation's: `lp_bound` is then it."""
    bound_months: int = 0
    """How many months' roots the months' bound solved to their end, when it ran."""
    polished_from: float | None = None
    """The main solve's plan's objective before the polish after it, when that found a cheaper
    one (`polished`)."""
    lifted_from: float | None = None
    """The relaxation's bound before `_lift` raised it, when it did."""
    guide: list[float] | None = field(default=None, repr=False)
    """The relaxation's values the start was found from (with the cuts when they finished),
    which order the neighbourhoods of the polish after the main solve (`polished`)."""

    def proven(self, gap: float) -> bool:
        """True when the start is within `gap` of the LP bound: the main solve has nothing
        to search for, and only hands the start back (with its status and gap)."""
        start, bound = self.start_objective, self.lp_bound
        if start is None or bound is None or start == 0.0:
            return False
        return (start - bound) / abs(start) <= gap


def highs_copy(main: Any, time_limit: float, threads: int) -> Any:
    """A separate HiGHS holding the same model, so that neither the sub-solves' callbacks nor
    their changed bounds touch the main solve."""
    copy = highs_of(main.getLp(), threads)
    copy.setOptionValue("time_limit", highs_seconds(time_limit))
    return copy


def highs_of(lp: Any, threads: int) -> Any:
    """A new, silent HiGHS on `threads` threads holding `lp` (a HiGHS LP, as `getLp` reads it)."""
    make: Any = highspy.Highs  # untyped in highspy's stubs
    h = make()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", threads)
    h.passModel(lp)
    return h


def _optimal(h: Any) -> bool:
    return bool(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def _no_cuts(h: Any) -> None:
    return None


def seed_start(
    main: Any,
    time_limit: float,
    threads: int,
    add_cuts: Callable[[Any], None] = _no_cuts,
    linked: Linking | None = None,
    separate: Callable[[Any], bool] | None = None,
    gap: float | None = None,
    warm: bool = False,
) -> Seed:
    """Give `main` (a built HiGHS MILP, to be solved within `time_limit` seconds) a start
    found from its LP relaxation within `SEED_SHARE` of that time; `add_cuts` adds valid
    inequalities to that relaxation (a copy of `main`: `optimizer.rounding_cuts`); with
    `linked` (`optimizer.components.linking`), the relaxation's fleet rounded and the
    months solved in turn (`optimizer.month_start`), is tried first (`_fleet_start`, within
    `FLEET_SEED_SHARE`). A start more than `IMPROVE_ABOVE` above the relaxation's bound is
    then improved by fix-and-optimize over months, then pairs of offers
    (`optimizer.fix_optimize`) until `IMPROVE_SHARE` of the time (all of it when the rest
    is too short for the main solve's root, `ROOT_STEPS`). `separate` tightens the relaxation
    by its cuts before the start is looked for (`SEPARATE_STEPS`), or with `gap` (the solve's,
    on the direct path) only after it, where the start is not within `gap` of the bound
    (`_lifts`, `_lift`): the start's tests (`FLEET_ENOUGH`, `IMPROVE_ABOVE`) then read the
    bound they were measured against (availability 100x36x20's start, 2.1% above the
    relaxation with the demand cuts, is 1.8% above the tightened one: not improved, it ended
    at 1.41e-2 against 0.98-0.99e-2). Leaves `main` unchanged but for the start; returns
    what it found."""
    began = time.perf_counter()
    seed = Seed()
    try:
        _seed(main, time_limit, threads, seed, add_cuts, linked, separate, gap, warm)
    finally:
        seed.seconds = time.perf_counter() - began
    return seed


def _seed(
    main: Any,
    time_limit: float,
    threads: int,
    seed: Seed,
    add_cuts: Callable[[Any], None],
    linked: Linking | None,
    separate: Callable[[Any], bool] | None = None,
    gap: float | None = None,
    warm: bool = False,
) -> None:
    """`seed_start`'s steps, recording on `seed` what each found: the relaxation with the
    cuts, and the start from its fleet (`_fleet_start`); when that finds none, or one not
    within `FLEET_ENOUGH` of the bound, the start from its whole columns (`_start`), the
    cheaper kept; when neither is within it, the same without the cuts. One run
    each on the loaded machine (bench/solve.py): on availability 100x36x20 the cut
    relaxation's whole columns, fixed, left no plan in time (gap 0.63; 0.07 without the cuts,
    or with this second try); its start took clones 100 from 0.068 to 0.019 and curves 100
    from 0.122 to 0.037 (cuts in the fixed MILP too: 0.076 and 0.052)."""
    began = time.perf_counter()
    deadline, fleet_deadline = (
        began + SEED_SHARE * time_limit,
        began + FLEET_SEED_SHARE * time_limit,
    )
    end, improve_until = began + time_limit, began + IMPROVE_SHARE * time_limit
    integers = _integers(main.getLp())
    if not integers:
        return
    best: Plan | None = None
    guide: list[float] | None = None
    beside: BoundBeside | None = None
    bounded: Relaxation | None = None  # the relaxation the months' bound is priced from
    cut: Relaxation | None = None  # the relaxation with the cuts, for `_lift`

    def priced() -> bool:  # the relaxation's model and duals kept for the months' bound
        return MONTH_BOUND and linked is not None and bounded is None and _no_root(time_limit, seed)

    try:
        for cuts in (add_cuts, _no_cuts) if add_cuts is not _no_cuts else (add_cuts,):
            # With the solve's gap (the direct path) the cuts lift the bound after the start
            # only (`_lift`): the start's tests read the bound they were measured against.
            separating = separate if cuts is add_cuts and gap is None else None
            relaxed = _relaxed(
                main, integers, deadline, threads, seed, cuts, priced, separating, warm
            )
            if relaxed is None or seed.lp_bound is None:
                continue
            values = guide = seed.guide = relaxed.values
            cut = relaxed if cuts is add_cuts else cut
            bounded = relaxed if relaxed.lp is not None else bounded
            enough = (1.0 + FLEET_ENOUGH) * seed.lp_bound
            if best is None and linked is not None:
                best = _fleet_start(main, linked, values, fleet_deadline, threads, seed, cuts)
            if (best is None or best[0] > enough) and _cold_again(relaxed, deadline, seed):
                # The start from the whole columns, from the cold relaxation's vertex.
                again = _relaxed(main, integers, deadline, threads, seed, cuts, priced)
                if again is not None:
                    relaxed = again
                    values = guide = seed.guide = relaxed.values
                    cut = relaxed if cuts is add_cuts else cut
                    bounded = relaxed if relaxed.lp is not None else bounded
            if best is None or best[0] > enough:
                if BOUND_BEFORE_START and bounded is not None and linked is not None:
                    beside = beside or _month_bound(linked, bounded, integers, end, threads)
                # Past the seeding's own share, the fleet's took the time: the fallback gets its.
                until = fleet_deadline if time.perf_counter() >= deadline else deadline
                fixed = _start(main, integers, values, until, threads)
                if fixed is not None and (best is None or fixed[0] < best[0]):
                    best = fixed
            if best is not None and best[0] <= enough:
                break
        # Whether the start is far from the bound is read before any lift (`IMPROVE_ABOVE`).
        far = best is not None and seed.lp_bound and best[0] > (1.0 + IMPROVE_ABOVE) * seed.lp_bound
        improving = bool(far) and guide is not None and linked is not None
        to_end = improving and _no_root(time_limit, seed)
        basis = None if cut is None else cut.basis  # None where it was tightened already
        lifts = best is not None and _lifts(seed, best[0], gap, to_end)
        if lifts and separate is not None and basis is not None:
            keep = bounded is not None  # the months' bound then priced from the lifted one
            lifted = _lift(main, integers, basis, add_cuts, separate, end, threads, seed, keep)
            bounded = lifted if keep and lifted is not None else bounded
        if improving and best is not None and guide is not None and linked is not None:
            seed.improved_from = best[0]
            bound_time = end - time.perf_counter() >= BOUND_STEPS * seed.relaxation_seconds
            if to_end and bounded is not None and bound_time:
                beside = beside or _month_bound(linked, bounded, integers, end, threads)
            best = _improved(main, linked, best, guide, end if to_end else improve_until, threads)
        if best is not None:
            seed.start_objective, seed.from_fleet = best[0], best[2]
            give_start(main, best[1])
    finally:
        if beside is not None:
            _lifted(beside, seed)


@dataclass
class Relaxation:
    """A relaxation solved: its model (with its cuts), optimum, columns' values and rows'
    duals."""

    optimum: float
    values: list[float] = field(repr=False)
    lp: Any = field(default=None, repr=False)
    """The relaxation's model read back (a HighsLp), when asked for (`_relaxed`'s `priced`)."""
    duals: list[float] = field(default_factory=list, repr=False)
    basis: Any = field(default=None, repr=False)
    """The relaxation's optimal basis before any separated cuts (a HighsBasis), for `_lift`;
    None where it was tightened already."""
    warm: bool = False
    """Whether it was solved warm (`WARM_CUTS`)."""


def _cold_again(relaxed: Relaxation, deadline: float, seed: Seed) -> bool:
    """Whether the relaxation, solved warm (`WARM_CUTS`), is solved again cold for the start
    from its whole columns (`_start`): where `COLD_STEPS` relaxations are left before the
    seeding's `deadline` (`COLD_AGAIN`)."""
    left = deadline - time.perf_counter()
    return COLD_AGAIN and relaxed.warm and left >= COLD_STEPS * seed.relaxation_seconds


def _no_root(time_limit: float, seed: Seed) -> bool:
    """Whether the main solve's root would have no time after fix-and-optimize's share
    (`IMPROVE_SHARE`: the rest shorter than `ROOT_STEPS` relaxations), so that a start far
    from the bound is improved to the solve's end instead."""
    return (1.0 - IMPROVE_SHARE) * time_limit < ROOT_STEPS * seed.relaxation_seconds


def _month_bound(
    linked: Linking, priced: Relaxation, integers: list[int], deadline: float, threads: int
) -> BoundBeside:
    """The months' bound (`optimizer.month_bound`) of the model whose relaxation is `priced`
    (`integers` its integer columns), begun in a child process of its own
    (`optimizer.bound_beside`) to run until `deadline`."""
    integer = np.zeros(len(priced.values), dtype=bool)
    integer[integers] = True
    return BoundBeside(
        priced.lp, priced.duals, priced.optimum, integer, linked.months, deadline, threads
    )


def _lifted(beside: BoundBeside, seed: Seed) -> None:
    """`beside` ended and read: `seed.lp_bound` raised to what it reached when higher."""
    found = beside.finish()
    seed.bound_months = beside.solved
    if found is not None and seed.lp_bound is not None and found > seed.lp_bound:
        seed.month_bound = seed.lp_bound = found


def _integers(lp: Any) -> list[int]:
    """The integer columns of `lp` (a HiGHS LP as `getLp` reads it)."""
    return [j for j, kind in enumerate(lp.integrality_) if kind == _INTEGER]


def _relaxation(
    main: Any, integers: list[int], seconds: float, threads: int, add_cuts: Callable[[Any], None]
) -> Any:
    """A copy of `main` given `seconds`, with `add_cuts`' rows and its `integers` relaxed."""
    relaxation = highs_copy(main, seconds, threads)
    add_cuts(relaxation)
    relaxation.changeColsIntegrality(len(integers), integers, [_CONTINUOUS] * len(integers))
    return relaxation


def _relaxed(
    main: Any,
    integers: list[int],
    deadline: float,
    threads: int,
    seed: Seed,
    add_cuts: Callable[[Any], None],
    priced: Callable[[], bool] = lambda: False,
    separate: Callable[[Any], bool] | None = None,
    warm: bool = False,
) -> Relaxation | None:
    """The relaxation solved (its optimum a bound on `seed`, the best kept), None when it
    does not finish by `deadline`; its model (with its cuts) and rows' duals read back too
    where `priced` says so once it is solved (for the months' bound); with `separate`, the
    relaxation tightened by the cuts it adds against its values (`_separated`), its bound and
    model then the tightened one's; with `warm` (`WARM_CUTS`), solved without the cuts first,
    then with them from that basis. Each copy of the model is let go as soon as it is read, so
    that beside `main` at most one sub-solve's copy is held."""
    began = time.perf_counter()
    first = _no_cuts if warm and WARM_CUTS else add_cuts
    relaxation = _relaxation(main, integers, deadline - began, threads, first)
    relaxation.run()
    if first is not add_cuts and _optimal(relaxation):
        add_cuts(relaxation)
        relaxation.setOptionValue("time_limit", highs_seconds(deadline - time.perf_counter()))
        relaxation.run()
    if not seed.relaxation_seconds:
        pace = 1.0 if first is add_cuts else WARM_PACE  # the cold one's time, estimated
        seed.relaxation_seconds = pace * (time.perf_counter() - began)
    if not _optimal(relaxation):
        return None
    bound = float(relaxation.getInfo().objective_function_value)
    solution = relaxation.getSolution()
    relaxed = Relaxation(optimum=bound, values=list(solution.col_value), warm=first is not add_cuts)
    solved = True  # the relaxation's last run optimal: its model and duals agree
    if separate is None or not _separating(deadline, seed):
        relaxed.basis = relaxation.getBasis()
    else:
        bound, solved = _separated(relaxation, separate, bound, deadline)
        solution = relaxation.getSolution()
        if solved:
            relaxed.optimum = bound
        if SEPARATED_GUIDE and solved:
            relaxed.values = list(solution.col_value)
    seed.lp_bound = bound if seed.lp_bound is None else max(seed.lp_bound, bound)
    if priced() and solved:
        relaxed.lp, relaxed.duals = relaxation.getLp(), list(solution.row_dual)
    return relaxed


def _separating(deadline: float, seed: Seed) -> bool:
    """Whether `SEPARATE_STEPS` relaxations are left before `deadline` for the relaxation's
    cuts to be separated (`_separated`)."""
    return deadline - time.perf_counter() >= SEPARATE_STEPS * seed.relaxation_seconds


def _separated(
    relaxation: Any,
    separate: Callable[[Any], bool],
    bound: float,
    deadline: float,
    paced: bool = False,
) -> tuple[float, bool]:
    """`relaxation` (solved to its optimum `bound`) given the cuts `separate` adds against its
    values and solved again, in up to `SEPARATION_ROUNDS` rounds until none is added or
    `deadline` (with `paced`, no round begun with less left than the last one took): the
    highest optimum reached (each a bound: the cuts are valid), and whether the last run was
    optimal."""
    last = 0.0
    for _round in range(SEPARATION_ROUNDS):
        began = time.perf_counter()
        left = deadline - began
        if left <= 0.0 or (paced and left < last) or not separate(relaxation):
            break
        relaxation.setOptionValue("time_limit", highs_seconds(left))
        relaxation.run()
        if not _optimal(relaxation):
            return bound, False
        bound = max(bound, float(relaxation.getInfo().objective_function_value))
        last = time.perf_counter() - began
    return bound, True


def _within(seed: Seed, objective: float, gap: float) -> bool:
    """Whether a start of `objective` is within `gap` of `seed`'s bound (`Seed.proven`)."""
    return Seed(lp_bound=seed.lp_bound, start_objective=objective).proven(gap)


def _lifts(seed: Seed, objective: float, gap: float | None, to_end: bool) -> bool:
    """Whether the relaxation's bound is lifted (`_lift`) under a start of `objective`: the
    solve's `gap` given and the start not within it, and the start either improved to the
    solve's end (`to_end`: no main solve's root after it) or within `LIFT_REACH` past the gap.
    Where the root is to run and the lift cannot prove the start, the root's own bound is the
    one that counts (caps 100x36x20: 410.74 M against the lift's 410.47): the lift would
    only take its time."""
    if gap is None or _within(seed, objective, gap):
        return False
    return to_end or _within(seed, objective, gap + LIFT_REACH)


def _lift(
    main: Any,
    integers: list[int],
    basis: Any,
    add_cuts: Callable[[Any], None],
    separate: Callable[[Any], bool],
    end: float,
    threads: int,
    seed: Seed,
    priced: bool = False,
) -> Relaxation | None:
    """`seed.lp_bound` lifted by rounds of `separate`'s cuts on the relaxation of `main` with
    `add_cuts` (`integers` relaxed), rebuilt and solved again from its optimal `basis`, within
    `LIFT_STEPS` relaxations and by `end`: that relaxation, with its model and rows' duals
    where `priced` (for the months' bound), when its last run was optimal, else None."""
    began = time.perf_counter()
    until = min(end, began + LIFT_STEPS * seed.relaxation_seconds)
    if until <= began:
        return None
    relaxation = _relaxation(main, integers, until - began, threads, add_cuts)
    relaxation.setBasis(basis)
    relaxation.run()
    if not _optimal(relaxation):
        return None
    bound = float(relaxation.getInfo().objective_function_value)
    bound, solved = _separated(relaxation, separate, bound, until, paced=True)
    if seed.lp_bound is not None and bound > seed.lp_bound:
        seed.lifted_from, seed.lp_bound = seed.lp_bound, bound
    if not solved:
        return None
    solution = relaxation.getSolution()
    lifted = Relaxation(optimum=bound, values=list(solution.col_value))
    if priced:
        lifted.lp, lifted.duals = relaxation.getLp(), list(solution.row_dual)
    return lifted


Plan = tuple[float, list[float], bool]
"""A start: its objective, every column's value, and whether it is the fleet's (`Seed`)."""


def _start(
    main: Any, integers: list[int], values: list[float], deadline: float, threads: int
) -> Plan | None:
    """Fix the integer columns `values` has whole, solve the rest to `SEED_GAP` by
    `deadline`; None when that finds no plan."""
    left = deadline - time.perf_counter()
    if left <= 0:
        return None
    whole = [j for j in integers if abs(values[j] - round(values[j])) < WHOLE]
    fixed = highs_copy(main, left, threads)
    fixed.setOptionValue("mip_rel_gap", SEED_GAP)
    at = [float(round(values[j])) for j in whole]
    fixed.changeColsBounds(len(whole), whole, at, at)
    fixed.run()
    info = fixed.getInfo()
    if info.primal_solution_status != FEASIBLE_SOLUTION:
        return None
    return float(info.objective_function_value), list(fixed.getSolution().col_value), False


def _fleet_start(
    main: Any,
    linked: Linking,
    values: list[float],
    deadline: float,
    threads: int,
    seed: Seed,
    add_cuts: Callable[[Any], None] = _no_cuts,
) -> Plan | None:
    """A plan from the relaxation (`values`): its fleet (`linked.fleet`) rounded
    (`optimizer.components.rounded_fleet`: the months before the last up, the rest to the
    nearest), then each month solved in turn with its own fleet between the relaxation's
    rounded down and up where no month has more than `optimizer.month_start.MONTH_INTEGERS`
    integer columns (`MONTH_BY_MONTH`); else, and failing that with the whole fleet rounded
    to the nearest, then up, the fleet fixed, the blocks it leaves out fixed
    at none where `linked` lets them, and every part of the model left free (a month's
    blocks and month-to-month units) solved on its own within `SEED_GAP` of the relaxation's
    optimum in all (`optimizer.components.solve_by_parts`). None when the nearest whole
    fleet costs less than the relaxation's (it rounds down more than up: the months then top
    it up month to month, dearer, and their parts take longest: availability and curves
    100x36x20, where the nearest fleet's cost is 0.8% and 2.1% below the relaxation's, gave
    starts 8-50% above it in the seeding's time, clones +0.9% and caps +0.35% gave
    1.3-1.9%), unless the relaxation with the cuts (`add_cuts`) and the fleet held at
    `rounded_fleet` is within `FLEET_HOLDS` of its bound (curves) and `NARROW_STEPS`
    relaxations are left before `deadline`: then that fleet alone, its parts narrowed
    (`optimizer.components.NARROW_SHARE`); or when neither rounding gives a plan in time."""
    if seed.lp_bound is None or not linked.fleet:
        return None
    cost = main.getLp().col_cost_
    slack = SEED_GAP * abs(seed.lp_bound)
    months = MONTH_BY_MONTH and chosen(main, linked)
    roundings = [rounded_fleet(linked, values)]
    narrow = sum(cost[j] * (round(values[j]) - values[j]) for j in linked.fleet) < 0.0
    # Rounded, the fleet falls short: the months would buy it back dearer, unless the
    # relaxation with it held says otherwise and its parts have the time.
    enough = deadline - time.perf_counter() >= NARROW_STEPS * seed.relaxation_seconds
    if narrow and not (
        enough and _fleet_holds(main, roundings[0], add_cuts, deadline, threads, seed)
    ):
        return None
    for rounding in () if narrow else (round, math.ceil):
        fixed = {j: float(rounding(values[j] - WHOLE)) for j in linked.fleet}
        if fixed not in roundings:
            roundings.append(fixed)
    for n, fixed in enumerate(roundings):
        if n == 0 and months and not narrow:
            found = month_by_month(main, linked, values, deadline, slack, threads)
        else:
            found = solve_by_parts(main, fixed, deadline, slack, threads, narrow)
        if found is not None:
            lp = main.getLp()
            return float(lp.offset_ + np.dot(np.asarray(lp.col_cost_), found)), found, True
    return None


def _fleet_holds(
    main: Any,
    fixed: dict[int, float],
    add_cuts: Callable[[Any], None],
    deadline: float,
    threads: int,
    seed: Seed,
) -> bool:
    """Whether the relaxation of `main` with `add_cuts` and the columns of `fixed` at their
    values solves by `deadline` within `FLEET_HOLDS` of the seeding's bound."""
    left = deadline - time.perf_counter()
    if left <= 0 or seed.lp_bound is None:
        return False
    relaxation = _relaxation(main, _integers(main.getLp()), left, threads, add_cuts)
    columns = list(fixed)
    at = [fixed[j] for j in columns]
    relaxation.changeColsBounds(len(columns), columns, at, at)
    relaxation.run()
    if not _optimal(relaxation):
        return False
    held = float(relaxation.getInfo().objective_function_value)
    return held <= seed.lp_bound + FLEET_HOLDS * abs(seed.lp_bound)


def _improved(
    main: Any, linked: Linking, start: Plan, guide: list[float], deadline: float, threads: int
) -> Plan:
    """`start` improved by fix-and-optimize over single months (the furthest above the
    relaxation first), then pairs of offers (`optimizer.fix_optimize`), guided by the
    relaxation's values `guide`, by `deadline`."""
    model = Neighbourhoods(main)
    pairs = offer_pairs(linked, start[1], guide, model.cost)
    months = month_windows(linked, start[1], guide, model.cost)
    found = improve(model, start[1], months + pairs, deadline, threads)
    if found.objective >= start[0]:
        return start
    return found.objective, found.values, start[2]


def polished(
    main: Any,
    linked: Linking,
    guide: list[float],
    values: list[float],
    deadline: float,
    threads: int,
    enough: Callable[[float], bool],
) -> Plan | None:
    """The main solve's plan `values` (of `main`, a built HiGHS MILP) improved by
    fix-and-optimize over single months (the furthest above the relaxation's values `guide`
    first), then pairs of offers, by `deadline`, until `enough` (told the plan's objective)
    says to stop: once the plan is proven within the gap by the root's bound, or the plan is
    cancelled. None when no cheaper plan is found. Caps 100x36x20 (load 1.6-3.7): its start
    from the fleet is 415.73 M, HiGHS's root bound after five cut rounds 410.745 M, and 1e-2
    needs a plan of 414.89 M or less; from the start the months reach it after 10 windows
    (7.6 CPU s), the windows freeing a unit of an offer whose active units the fleet's
    rounding took up (bench/solve.py, round of large24)."""
    model = Neighbourhoods(main)
    months = month_windows(linked, values, guide, model.cost)
    pairs = offer_pairs(linked, values, guide, model.cost)
    found = improve(model, values, months + pairs, deadline, threads, enough)
    if not found.kept:
        return None
    return found.objective, found.values, False


def proven_bound(info: Any, lp_bound: float | None) -> float:
    """The better of HiGHS's own bound on the MILP (`info`: its info after its run) and
    `lp_bound` (the seeding's relaxation of the same model, a valid bound on it)."""
    bound = float(info.mip_dual_bound)
    return bound if lp_bound is None else max(bound, lp_bound)


def bounded_gap(info: Any, lp_bound: float | None, found: float | None = None) -> float | None:
    """The relative gap of the MILP's incumbent (`info`: HiGHS's info after its run; `found`,
    when given, the objective of a plan improved on it since) against the better of HiGHS's
    own bound and `lp_bound` (the seeding's relaxation of the same model, a valid bound on
    it); None without an incumbent or a finite bound."""
    gap = float(info.mip_gap)
    known = lp_bound is not None or found is not None
    if known and info.primal_solution_status == FEASIBLE_SOLUTION:
        objective = float(info.objective_function_value) if found is None else found
        bound = proven_bound(info, lp_bound)
        if objective != 0.0:
            gap = min(gap, max(0.0, (objective - bound) / abs(objective)))
    return gap if math.isfinite(gap) else None
