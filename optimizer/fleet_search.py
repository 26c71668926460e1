"""The least-cost MILP of a small model solved as a search over the horizon's final fleet
(issue 12): under `demand_continues` the last month's long-term units are paid for the whole
tail, and once they are fixed HiGHS proves the rest at its first node, where from nothing it
needs three roots and a tree to prove which fleet is cheapest. Where the tail is whole (whole
replicas), a box's bound is the horizon's relaxation beside the tail's least whole cost over
the box (`optimizer.tail_bound`)."""

from __future__ import annotations

import heapq
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import highspy
import numpy as np
import pulp

from optimizer.components import linking
from optimizer.highs_sink import HighsSink, give_start, highs_seconds
from optimizer.incumbent import FEASIBLE_SOLUTION, SEED_MIN_INTEGERS, highs_copy, highs_of
from optimizer.instance import Instance, estimated_columns
from optimizer.model import Formulation, runs_to_end, tie_terms
from optimizer.rounding_cuts import (
    Cut,
    CutArrays,
    add_cut_arrays,
    cut_arrays,
    demand_cuts,
    demand_multiples,
)
from optimizer.solver import (
    SOLVER_THREADS,
    MipProgress,
    Model,
    Solution,
    read_values,
    silence_banner,
    watch_progress,
)
from optimizer.tail_bound import Split, split, tail_least
from optimizer.ties import (
    COST_SLACK,
    CostReach,
    Switch,
    break_ties_of,
    cost_reach,
    polish,
    pulp_column,
    tie_seconds,
)
from optimizer.unit_cuts import unit_cuts

__all__ = [
    "FLEET_COLUMNS",
    "LEAF_LIMIT",
    "RELAXATION_LIMIT",
    "WRITTEN_MOST_COLUMNS",
    "Searched",
    "Written",
    "chosen",
    "final_fleet",
    "may_choose",
    "renewed_through_tail",
    "search_fleet",
    "search_fleet_sink",
    "search_written",
]

FLEET_COLUMNS = 16
"""Most final-fleet columns the search is chosen for (shipped 3x12: 10, the power-capped
example: 8)."""

LEAF_LIMIT = 40
"""Fixed fleets solved as MILPs after which the search stops and the plain solve takes the
time left (shipped 3x12 solves 6, the power-capped example 1): a model whose final fleet is not
its decision (`in_horizon` prices the last month like any other: 12,675 fleets on the
power-capped example) is left to HiGHS. A count, not seconds: the path a plan takes must not
depend on the load."""

TAIL_FLEET_FIRST = True
"""Whether the search solves the tail's own best fleet at the root first (`_Search.run`): a
plan, and a cutoff for the tail's MILPs, before any box is split (on power-capped whole and
shipped 3x12 whole it is the optimum's fleet: their tails' MILPs 0.34 -> 0.15 and 0.86 ->
0.31 CPU s). The tests turn it off to search the boxes from nothing."""

CUT_LEAVES = True
"""Whether every fixed fleet's MILP holds the demand rows' rounding cuts as rows (not its tie
polish: `_Search.polished`). Shipped 3x12 whole in the search, seeds 0-9 (load 2.6-3): its
first fixed fleet (from its partial start, `START`) 0.42 CPU s mean against 0.61 without
them, the search 1.32 against 1.49 (0.35 against 0.50 with the polish holding them too);
the three dearer fleets below the cutoff, seeds 0-7, 0.20 against 0.29 together; power-
capped whole and fractional within the spread (bench/solve.py, round of speed22). Without
the start and the first fixed fleet's options, its fixed fleets took 2.8 CPU s with them
against 1.9 (round of tail18). The tests turn it off to compare."""

LEAF_AIDS_INTEGERS = 1_000
"""Most integer columns of a model whose fixed fleets' MILPs get a start (`START`) and the
rounding cuts as rows (`CUT_LEAVES`): both were measured where those MILPs prove (shipped 3x12
whole's 691 integer columns, the power-capped example's 161-180). On the large-model path's
reduced models a fixed fleet's MILP mostly stops at its time limit, and either moved the plan
it stopped at: a 60x24x10 caps catalog's, 5 s, 1,819 columns, over seeds 0-3: -0.7% to +3.4%
(mean +0.95%) with both (bench/solve.py, round of speed22)."""

FIRST_CUTS = 5
"""Scalings of each demand row by its largest whole share, one over that share times 2 to this,
whose rounding cuts (`optimizer.rounding_cuts.demand_multiples`) are rows of a fixed fleet's MILP
solved without a cutoff (the search's first) beside the demand rows' own (`CUT_LEAVES`): not of the
boxes' relaxations, nor of the dearer fleets' MILPs (which hold their own, `CUTOFF_MULTIPLES`) or
the tie polish. Shipped 3x12 whole's first fixed fleet, from its start, seeds 0-19 alternated: 0.268
CPU s mean (0.277 median) against 0.302 (0.286), the same plan at every seed; in `make_plan`, 25
plans alternated at load 3.7-4.5: 0.230 against 0.309 (bench/solve.py, round of speed25). 0: none.
Only in a search told `on_wait` (the plan's own, as `ROOT_TAIL_AHEAD`): the baselines' and a demand
step's searches (`search_fleet_sink`) were not measured with them and run as before."""

CUTOFF_MULTIPLES: tuple[int, int] | None = (4, 5)
"""Scalings of each demand row by its largest whole share, one over that share times m for m
from the first to the second of these, whose rounding cuts
(`optimizer.rounding_cuts.demand_multiples`) are rows of a fixed fleet's MILP solved below a
cutoff (the dearer fleets, after the first) beside the demand rows' own (`CUT_LEAVES`): each
such MILP proves at its root that the fleet holds no plan below the incumbent, and these lift
that root faster. Shipped 3x12 whole's three dearer fleets, dumped with their cutoff, seeds
10-29: 0.069 CPU s mean (0.084 the most) against 0.133 (0.203), the second 0.030 against
0.090; with m from 2 to 5 (`FIRST_CUTS`'s) 0.092 mean over seeds 0-9 against 0.141, the
first fleet's 0.045 against 0.024; with m = 5 alone 0.211 (bench/solve.py, round of speed26).
None: no such rows. Only in a search told `on_wait` (the plan's own), as `FIRST_CUTS`."""

START_SHARE = 0.25
"""The share of the time left that the completion of a fixed fleet's start may take
(`_Search.start`)."""

START = True
"""Whether a fixed fleet's MILP without a cutoff (the search's first) gets a start
(`_Search.start`). Its time is its proof (speed21), which a plan found early shortens:
shipped 3x12 whole's first fixed fleet took 0.57 CPU s mean over seeds 0-11 from the start's
long-term units (completed, 63,072 above the optimum) against 0.75 cold; handed the optimum
itself, 0.53. Handed those units alone, HiGHS completes them itself, but past its time limit
(0.5 s past a 5-s plan's on a 60x24x10 caps catalog's reduced model): the start is completed
by a MILP of its own, within `START_SHARE` of the time left (0.05 s on shipped 3x12 whole),
and handed whole (bench/solve.py, round of speed22). The tests turn it off to compare."""

START_OPTIONS: dict[str, Any] = {"mip_heuristic_run_feasibility_jump": False}
"""HiGHS options of the MILP that completes a start (`_Search.start`): its plan is found by
the root's sub-MIP (the feasibility jump's first is about twice its cost). Shipped 3x12
whole's, 12 runs alternated: 0.0296 CPU s median against 0.0328, the same start each time
(bench/solve.py, round of speed25)."""

FLOORS = True
"""Whether the root box starts at each fleet column's least whole value over the relaxation
(`_Search.floors`, one LP a column the relaxation's own plan holds) rather than at 0. Where a
workload has one offer to serve it, as in the baselines' strategies, the search otherwise
climbs to that floor by halving the box, a tail MILP and two relaxations a step: shipped 3x12
whole's cheapest-GPU-hour baseline (on-prem H100 and H200, floors 839 and 1,059 units) took 33
relaxations and 15 tail MILPs, 0.11-0.14 CPU s, against 3 and 1 with them, 0.002-0.01 s; the
plan's own search pays 3 LPs more (its floors are all 0) and goes on as before (bench/solve.py,
round of speed22). The tests turn it off to compare."""

ROOT_TAIL_AHEAD = True
"""Whether the root's tail MILP at floors of 0 is solved on a thread of its own, on a twin of
the tail's HiGHS (`tail_bound.Split.twin`), while the floors' LPs run (`_RootTail`), in a
search told `on_wait` (the plan's own: the other core is idle before its first fixed fleet;
the baselines' searches run beside it there and pay nothing). Where the floors come out all 0
(the plan's own searches on shipped 3x12 and power-capped whole) that is the root's very MILP,
and the twin, solved just as the tail's HiGHS would have been, is the tail's HiGHS from then
on; else the twin's MILP is interrupted and the root's MILP solved after the floors as
before. Shipped 3x12 whole: 0.02 s of its 0.52 (bench/solve.py, rounds of speed24b and
speed24c)."""

ASIDE = True
"""Whether the search's first fixed fleet (the tail's own best fleet at the root,
`TAIL_FLEET_FIRST`, from its start: `START`) is solved on a thread of its own (`_Aside`), the
boxes bounded meanwhile below its start's plan (an interim incumbent), its own plan weighed in
before the next fixed fleet is solved or the search ends (`_Search.joined`): where it is
weighed in does not depend on when it ends, so neither does the plan. HiGHS releases the GIL
while it solves. Shipped 3x12 whole: the search's boxes up to its next fixed fleet (about 60
relaxations and 20 tail MILPs, 0.2 s) and the tie polish of the first fleet's plan, begun as
its MILP finds that plan (about two thirds into it), run beside its proof (bench/solve.py,
round of speed23). The tests turn it off to compare."""

RELAXATION_LIMIT = 2_000
"""Boxes' relaxations after which the search stops likewise (shipped 3x12 solves 81)."""

FIRST_LEAF_OPTIONS: dict[str, Any] = {
    "mip_allow_restart": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
}
"""HiGHS options of a fixed fleet's MILP solved without a cutoff (the search's first, before it
holds a plan): its time is its proof, not its plan (handed the optimum as its start, shipped
3x12's took 1.41-1.94 CPU s against 1.45-1.68 cold). Without restarts and the RINS and RENS
sub-MIPs, shipped 3x12's optimum's fleet (the search's first) took 0.84-1.23 CPU s, mean 1.07,
against 1.17-1.70, mean 1.41 (seeds 0-4 twice, load 9-13), the same plan at every seed
(bench/solve.py, round of speed21). Not for the fixed fleets solved below a cutoff: proven at
their root in 0.04-0.18 s either way, and with them the shipped 3x12 plan in fractional
replicas split its GPUs between workloads otherwise (an exact tie: the same units, cost,
obligation and power)."""
CUTOFF_LEAF_OPTIONS: dict[str, Any] = {
    "presolve": "off",
    "mip_heuristic_run_feasibility_jump": False,
}
"""HiGHS options of a fixed fleet's MILP solved below a cutoff (the incumbent's objective,
HiGHS's `objective_bound`), nearly always a proof that the fleet holds no plan below it. Its
presolve costs more than it saves: its root proves a dearer fleet dearer in 0.02-0.07 s
without it, 0.06-0.13 s with (shipped 3x12). The feasibility jump's plans lie above the
cutoff, which HiGHS then reports as no plan (the same as without it: `primal_solution_status`
infeasible, model status optimal rather than infeasible). Shipped 3x12 whole's three dearer
fleets, seeds 0-9 alternated: 0.110 CPU s mean against 0.134 with it (bench/solve.py, round
of speed25)."""
POLISH_OPTIONS: dict[str, Any] = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_pscost_minreliable": 1,
}
"""HiGHS options of a fixed fleet's tie polish (`_Search.polished`): a proof at a gap of 0 from
the fleet's plan, which the RINS and RENS sub-MIPs do not shorten (shipped 3x12's optimum's
fleet: 0.47-0.59 CPU s and 56-59 nodes without them, 0.68-0.86 s and 66-79 nodes with; seeds
0-2, the same plan), nor the root's reduced-cost sub-MIP; and its branching trusts a column's
pseudocost after one strong branching of it, not 8: the proof's LP iterations were two thirds
strong branching (1,147 of 1,766). Shipped 3x12 whole's polish, seeds 0-7: 0.169 CPU s mean
(106-130 nodes) against 0.234 (56-75 nodes), the same plan at every seed (bench/solve.py,
round of speed24)."""

_CONTINUOUS: Any = highspy.HighsVarType.kContinuous  # untyped in highspy's stubs
_OPTIMAL: Any = highspy.HighsModelStatus.kOptimal
_INFEASIBLE: Any = highspy.HighsModelStatus.kInfeasible
_FINISHED: Any = (_OPTIMAL, _INFEASIBLE, highspy.HighsModelStatus.kObjectiveBound)
EQUAL = 1e-9
"""Relative margin above the incumbent within which a box stays open (`_Search.cutoff`): a
plan of the same cost may owe less or draw less power (DESIGN section 8.1's ties), a
difference about 1e-13 of the objective's (the tie term's weight, `optimizer.model.TIE_SHARE`,
times a power difference), which HiGHS's objective values do not resolve; such plans are
compared by their cost and tie terms (`_Search.better`)."""
LIFT = 1e-6
"""Least relative rise of the root's relaxation for which the unit cuts are kept
(`_Search._lifting`)."""
WHOLE = 1e-6
"""How far from a whole number a relaxation's fleet column may be and still count as whole."""

Index = Callable[[Any], int]
"""A formulation variable's column in the HiGHS model a search solves."""


def final_fleet(f: Formulation) -> list[Any]:
    """The variables of the horizon's last month's long-term units (`f.running`), by offer."""
    last = f.instance.horizon - 1
    return [var for (_o, t), var in sorted(f.running.items()) if t == last]


def chosen(model: Model) -> bool:
    """Whether the least-cost solve of `model` goes through `search_fleet`: the integer model
    under `demand_continues` whose final fleet (1 to `FLEET_COLUMNS` columns) is renewed
    through the tail (`renewed_through_tail`), with fewer integer columns than the seeded path
    of large models takes (`optimizer.incumbent.SEED_MIN_INTEGERS`: there a fixed fleet is a
    MILP of a tenth of a second, not of several); where its tail is whole, one whose renewals
    are not the model's choice (`optimizer.tail_bound.split`)."""
    if model.relaxed or not _may_choose(model.formulation):
        return False
    integers = sum(1 for v in model.problem.variables() if v.cat == pulp.LpInteger)
    return integers < SEED_MIN_INTEGERS


def chosen_sink(f: Formulation, sink: HighsSink) -> bool:
    """`chosen` for the integer model `f` written into `sink` (`search_fleet_sink`): the
    same rule, its integer columns counted in the sink (every column written, as PuLP counts
    the variables written)."""
    return _may_choose(f) and sum(sink.integer) < SEED_MIN_INTEGERS


def _may_choose(f: Formulation) -> bool:
    """`chosen`'s rule on the formulation alone: its final fleet and tail."""
    if f.whole_tail and (f.not_renewed or f.held_not_renewed):
        # A box's bound holds the whole tail where the tail separates from the horizon at
        # the final fleet; a renewal chosen in the tail (a falling forecast, or an existing
        # commitment ending there) ties the units it drops to the horizon's starts month by
        # month: left to the plain solve.
        return False
    fleet = final_fleet(f)
    return 0 < len(fleet) <= FLEET_COLUMNS and renewed_through_tail(f)


WRITTEN_MOST_COLUMNS = 20_000
"""Estimated columns (`optimizer.instance.estimated_columns`) from which `may_choose` answers
no: such a model holds more integer columns than the search takes (`SEED_MIN_INTEGERS`; clones
100x36x20: 25,116 estimated, 10,764 integer), and writing it into a `HighsSink` only to build
it through PuLP after cost 0.12 s."""


def may_choose(instance: Instance) -> bool:
    """Whether `chosen` may take the least-cost model of `instance`, read on the instance
    before it is written: `demand_continues` with a tail, not estimated past
    `WRITTEN_MOST_COLUMNS`, and every offer whose units run to the horizon's end (the final
    fleet's, `optimizer.model.runs_to_end`) paid past its term from the last month
    (`renewed_through_tail`, over those offers whether or not they serve). False where the
    model is surely not chosen, and where it may be (an offer serving nothing fails the terms'
    test): there it is written through PuLP and searched as before."""
    terms = {spec.term for o, spec in enumerate(instance.offers) if runs_to_end(instance, o)}
    if not terms or not _renewed_past(instance, terms):
        return False
    return estimated_columns(instance) < WRITTEN_MOST_COLUMNS


def renewed_through_tail(f: Formulation) -> bool:
    """Whether every unit of the final fleet is paid past its term (renewed in the tail of
    `demand_continues`): each then costs the tail's months on top of the horizon's last (49
    months of a 48-month tail), which makes the final fleet the decision (bench/solve.py,
    round of fleet16). Where the tail is shorter than the terms, a unit costs its term
    whichever month it is signed in: the shipped examples of that shape (growing-power-capped
    and portfolio-three-models, tail 24) prove at HiGHS's first node in 0.1-0.6 s, and the
    search broke a full tie of the first differently (the same cost, obligation and power;
    another split of its GB300 racks between two vendors)."""
    instance = f.instance
    last = instance.horizon - 1
    return _renewed_past(instance, {instance.offers[o].term for (o, t) in f.running if t == last})


def _renewed_past(instance: Instance, terms: set[int]) -> bool:
    """Whether `instance` has a tail under `demand_continues` and a contract of each of `terms`
    signed in the horizon's last month is paid past its term there (renewed in the tail)."""
    if instance.accounting != "demand_continues" or instance.span <= instance.horizon:
        return False
    last = instance.horizon - 1
    return all(instance.paid_months(last, term) > term for term in terms)


@dataclass(order=True)
class _Box:
    """Bounds on the final fleet's columns, and the least cost of a plan within them that
    the relaxation proves (`bound`), with the relaxation's fleet there."""

    bound: float
    order: int
    lower: list[float] = field(compare=False)
    upper: list[float] = field(compare=False)
    fleet: list[float] = field(compare=False)
    reduced: list[float] = field(compare=False, default_factory=list)
    """The relaxation's reduced costs of the fleet's columns (none when it did not finish)."""
    tail: tuple[float, list[float] | None] = field(compare=False, default=(0.0, None))
    """With the tail split off (`optimizer.tail_bound`): the tail's least whole cost over the
    box, and the fleet (the search's columns) where its MILP found it."""
    horizon: float = field(compare=False, default=-math.inf)
    """The relaxation's objective over the box (the horizon's, with the tail split off)."""
    stale: bool = field(compare=False, default=False)
    """Whether `tail` is the enclosing box's, a bound below this box's own, not yet solved
    (`_Search.refreshed`)."""


class _Polish:
    """A fixed fleet's tie polish (`_Search.polished`) run on a thread of its own beside the
    search: HiGHS releases the GIL while it solves, so on a second core it takes no time from
    the search's own solves."""

    def __init__(self, work: Any, after: _Polish | None) -> None:
        self.result: list[float] | None = None
        self.error: BaseException | None = None
        self._work = work
        self._after = after
        """The search's polish before this one: one at a time, as the search ran them."""
        self.thread = threading.Thread(target=self._run, name="tie-polish", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            if self._after is not None:
                self._after.thread.join()
            self.result = self._work()
        except BaseException as exc:  # re-raised by the search's thread (`_Search._settle`)
            self.error = exc


class _Aside:
    """The search's first fixed fleet's MILP (`_Search.set_aside`) run on a thread of its own, and
    its tie polish begun from each plan it finds as it finds it (`_Search.polished`, on a copy
    of its model): the polish of its last plan is then under way, often done, when its proof
    ends. A polish begun from a plan it goes on to improve is stopped and not used. What the
    search takes from it (`_Search.joined`) does not depend on when it ends: its plan, its
    bound, and the polish of that very plan (begun again where none was)."""

    def __init__(self, search: _Search, box: _Box, h: Any, copy: Any) -> None:
        self.search = search
        self.box = box
        self.h = h
        self.copy = copy
        """A HiGHS holding `h`'s model, never solved: what the polishes copy (`h` is solving);
        None in a search with no tie term (no polish)."""
        self.began = time.perf_counter()
        self.spent = 0.0
        self.finished = False
        self.found = False
        self.objective = math.inf
        self.bound = -math.inf
        self.values: list[float] | None = None
        self.error: BaseException | None = None
        self.polishes: list[tuple[list[float], _Polish, list[bool], Switch | None]] = []
        """Each plan found (its values), its polish, that polish's stop flag and, where no
        cancel can reach the search, the switch that makes its HiGHS hear the flag."""
        self.reach: CostReach | None = None
        """The cost LP of its model (`optimizer.ties.CostReach`), that narrows its polishes'
        columns (`reaching`)."""
        self.reached = threading.Event()
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="first-fleet", daemon=True)
        self.thread.start()

    def reaching(self) -> None:
        """Its model's cost LP solved (`optimizer.ties.cost_reach`, on the caller's thread
        while its MILP runs: the search's, before its boxes, about 0.01 s) for its polishes,
        which wait for it: each polish is then the same whenever it begins."""
        try:
            if self.search.tie_terms:
                self.reach = cost_reach(self.copy, self.search.cost_terms, self.search.index)
        finally:
            self.reached.set()

    def _run(self) -> None:
        try:
            h = self.h
            h.setCallback(self._callback, None)
            h.startCallback(highspy.cb.kCallbackMipImprovingSolution)
            if self.search.on_progress is not None:
                # A cancel heard by the search (its time is HiGHS's own limit).
                h.startCallback(highspy.cb.kCallbackMipInterrupt)
            h.run()
            self.spent = time.perf_counter() - self.began
            info = h.getInfo()
            self.finished = h.getModelStatus() in _FINISHED
            self.found = info.primal_solution_status == FEASIBLE_SOLUTION
            if self.found:
                self.objective = info.objective_function_value
                self.values = list(h.getSolution().col_value)
            self.bound = info.mip_dual_bound
        except BaseException as exc:  # re-raised by the search's thread (`_Search.joined`)
            self.error = exc

    def _callback(self, kind: int, _message: str, out: Any, into: Any, _user: object) -> None:
        if kind == highspy.cb.kCallbackMipInterrupt:
            if self.search.stopped:
                into.user_interrupt = True
            return
        if self.search.stopped or not self.search.tie_terms:
            return
        values = list(out.mip_solution)
        if self.search.interim is not None and values == self.search.interim[1]:
            return  # its start, which it nearly always improves on: polished if it does not
        self.polish(values)

    def polish(self, values: list[float]) -> _Polish:
        """The tie polish of `values` begun (the one before it stopped)."""
        with self._lock:
            for _values, _job, stop, switch in self.polishes:
                stop[0] = True
                if switch is not None:
                    switch.throw()
            stop = [False]
            search = self.search
            seconds = tie_seconds(search._left(), time.perf_counter() - self.began)
            # No cancel can reach a search without `on_progress` (its time is HiGHS's limit):
            # the polish then hears its stop only once told it (`Switch`).
            told = Switch() if search.on_progress is None else None

            def heard(_seconds: float, _incumbent: float, _bound: float) -> bool:
                return stop[0] or search.stopped

            def work() -> list[float] | None:
                self.reached.wait()
                return search.polished(self.copy, seconds, values, heard, self.reach, told)

            job = _Polish(work, None)
            self.polishes.append((values, job, stop, told))
            return job

    def polish_of(self, values: list[float]) -> _Polish:
        """The polish begun from `values` (the last plan found), or one begun now."""
        with self._lock:
            last = self.polishes[-1] if self.polishes else None
        if last is not None and last[0] == values and not last[2][0]:
            return last[1]
        return self.polish(values)

    def stop_others(self, kept: _Polish | None) -> None:
        """Every polish but `kept` told to stop (their plans were improved on)."""
        with self._lock:
            for _values, job, stop, switch in self.polishes:
                if job is not kept:
                    stop[0] = True
                    if switch is not None:
                        switch.throw()


class _RootTail:
    """The root's tail MILP at floors of 0 (`ROOT_TAIL_AHEAD`) on a twin of the tail's HiGHS,
    solved on a thread of its own: HiGHS releases the GIL while it solves."""

    def __init__(self, halves: Split, columns: list[int], upper: list[float], left: float):
        self.halves = halves
        self.twin: Any = None
        self.result: tuple[float, list[float] | None] | None = None
        self.error: BaseException | None = None
        self.unread = False
        """Set where the floors are not all 0: the twin's MILP then stops at its next
        interrupt callback."""
        self._args = (columns, list(upper), left)
        self.thread = threading.Thread(target=self._run, name="root-tail", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            columns, upper, left = self._args
            twin = self.halves.twin()
            twin.setCallback(self._callback, None)
            twin.startCallback(highspy.cb.kCallbackMipInterrupt)
            self.twin = twin
            ahead = replace(self.halves, tail=twin)
            self.result = tail_least(ahead, columns, [0.0] * len(columns), upper, left, root=True)
        except BaseException as exc:  # re-raised by the search's thread (`taken`)
            self.error = exc

    def _callback(self, kind: int, _message: str, _out: Any, into: Any, _data: Any) -> None:
        if kind == highspy.cb.kCallbackMipInterrupt and self.unread:
            into.user_interrupt = True

    def taken(self, lower: list[float]) -> tuple[float, list[float] | None] | None:
        """Its result where the floors `lower` are all 0, the twin then made the tail's HiGHS;
        None (the twin's MILP interrupted and left unread, its thread left to end) where they
        are not."""
        if any(lower):
            self.unread = True
            return None
        self.thread.join()
        if self.error is not None:
            raise self.error
        self.twin.stopCallback(highspy.cb.kCallbackMipInterrupt)
        self.halves.tail = self.twin
        return self.result


@dataclass
class Searched:
    """How a search ended: the boxes and fixed fleets it solved, and whether it stopped at
    `LEAF_LIMIT` or `RELAXATION_LIMIT` (its plan then left to the plain solve)."""

    relaxations: int = 0
    tails: int = 0
    """The tail's MILPs solved for boxes' bounds (`optimizer.tail_bound`)."""
    leaves: int = 0
    gave_up: bool = False


class _Search:
    """Best-first branch and bound over the final fleet's columns. A box's bound is the
    relaxation with the demand rows' rounding cuts (`optimizer.rounding_cuts.demand_cuts`)
    within its bounds (with the tail whole: the horizon's, beside the tail's least whole cost
    over the box, `halves`); a box of one fleet is solved as the MILP with that fleet fixed (to the
    gap, as the plain solve), with the incumbent's objective as its cutoff (HiGHS then proves
    most such fleets dearer at its root). A box is closed once its bound reaches the
    incumbent's objective (`EQUAL` above it): the search is exact between fleets, as HiGHS's
    root is on the small models that prove at their first node."""

    def __init__(
        self,
        lp: Any,
        columns: list[int],
        terms: tuple[dict[Any, float], dict[Any, float]],
        cuts: list[tuple[list[tuple[Any, float]], float]],
        deadline: float,
        gap: float,
        on_progress: MipProgress | None,
        halves: Split | None = None,
        leaf_cuts: list[tuple[list[tuple[Any, float]], float]] | None = None,
        index: Index | None = None,
        first_leaf: dict[str, Any] | None = None,
        linked: list[int] | None = None,
        cut_leaves: bool = False,
    ) -> None:
        self.index: Index = pulp_column if index is None else index
        """A formulation variable's column in `lp` (PuLP's: its `index`)."""
        self.columns = columns
        self.deadline = deadline
        self.gap = gap
        self.on_progress = on_progress
        self.first_leaf = FIRST_LEAF_OPTIONS if first_leaf is None else first_leaf
        """HiGHS options of a fixed fleet's MILP solved without a cutoff (`leaf`)."""
        self.began = time.perf_counter()
        self.model = lp
        self.halves = halves
        """The model split at the fleet where its tail is whole (`optimizer.tail_bound`): a
        box's bound is then its horizon's relaxation and its tail's least whole cost."""
        self.relaxation = self._highs(integer=False) if halves is None else halves.horizon
        self._rows: dict[int, tuple[list[Cut], CutArrays]] = {}
        """Each list of cuts added as rows (by its id, held), as `addRows` takes them: read
        once for the relaxation and every fixed fleet's MILP (`_add_cuts`)."""
        self._add_cuts(self.relaxation, cuts)
        self.cuts = cuts
        """The demand rows' rounding cuts: rows of every box's relaxation, and with
        `cut_leaves` of every fixed fleet's MILP (`leaf`, `CUT_LEAVES`)."""
        self.cut_leaves = cut_leaves
        self.first_cuts: list[tuple[list[tuple[Any, float]], float]] = []
        """Cuts added as rows of a fixed fleet's MILP solved without a cutoff (`FIRST_CUTS`),
        not of its tie polish."""
        self.cutoff_cuts: list[tuple[list[tuple[Any, float]], float]] = []
        """Cuts added as rows of a fixed fleet's MILP solved below a cutoff
        (`CUTOFF_MULTIPLES`), not of its tie polish."""
        self.leaf_cuts = self._lifting(leaf_cuts or [])
        """Cuts added as rows of each fixed fleet's MILP (and so of its tie polish): the unit
        cuts (`optimizer.unit_cuts`), where they lift the root's relaxation. Power-capped
        whole's three fixed fleets 0.085 -> 0.057 CPU s, their polish 0.027 -> 0.011; with
        the demand rows' rounding cuts as rows too, shipped 3x12's fixed fleets took 2.8 CPU s
        against 1.9."""
        self.linked = linked or []
        """The columns that link the horizon's months (`optimizer.components.Linking.fleet`:
        every month's long-term units, contracts of more than a month): a fixed fleet's MILP
        without a cutoff starts from their relaxed values rounded up (`start`); none past
        `LEAF_AIDS_INTEGERS`."""
        self.cost_terms, self.tie_terms = terms
        self.incumbent = math.inf
        """The best plan's objective (HiGHS's: its cost and tie term)."""
        self.values: list[float] | None = None
        self.cost = math.inf
        self.tie = math.inf
        self.open: list[_Box] = []
        self.unfinished: list[float] = []
        """Bounds of the fixed fleets whose MILP stopped before its proof."""
        self.closed = math.inf
        """The least bound of the boxes and fixed fleets closed so far."""
        self.count = 0
        self.fixed: set[tuple[float, ...]] = set()
        """The fleets solved (`leaf`): each once."""
        self.searched = Searched()
        self.candidates: list[tuple[float, list[float]]] = []
        """Every fixed fleet's plan, in the order found: its objective and values."""
        self.polishes: dict[int, _Polish] = {}
        """Candidate -> its tie polish, running beside the search (`_settle` applies it)."""
        self.stopped = False
        self.cancelled = False
        """Stopped by `on_progress` (a cancel), not by the time."""
        self.aside: _Aside | None = None
        """The first fixed fleet's MILP running beside the boxes (`ASIDE`), until `joined`."""
        self.interim: tuple[float, list[float]] | None = None
        """Its start's plan (objective, values): the incumbent the boxes are searched below
        until its own plan is weighed in (`joined`)."""
        self.on_wait: Callable[[], None] | None = None
        """Told once, as the search's thread joins the MILP run aside (`joined`), where it
        waits for it (shipped 3x12 whole: 0.14 s of 0.60 with both cores free): work of the
        caller's that needs nothing of the search may take the idle core then."""
        self.on_settle: Callable[[list[float]], None] | None = None
        """Told once, on the search's thread, with the plan it holds as it begins to wait for
        its polishes (`_settle`), where a polish is still running: the plan kept unless a
        polish finds one owing less (nearly never), which the caller may begin to assemble
        on the core the search's thread leaves idle."""

    def _add_cuts(self, h: Any, cuts: list[Cut]) -> None:
        """`cuts` added as rows of `h` (`optimizer.rounding_cuts.cut_rows`), read into rows
        once for the search."""
        if not cuts:
            return
        held = self._rows.get(id(cuts))
        if held is None or held[0] is not cuts:
            held = cuts, cut_arrays(cuts, self.index)
            self._rows[id(cuts)] = held
        add_cut_arrays(h, held[1])

    def _lifting(self, extra: list[tuple[list[tuple[Any, float]], float]]) -> list[Any]:
        """`extra` added as rows of the relaxation where they lift its bound at the root, and
        returned; else none (rows that cut nothing there cost every box's relaxation and every
        fixed fleet's MILP their time: shipped 3x12's 144 unit cuts, 2.51-2.78 CPU s a plan
        against 2.53-2.70)."""
        if not extra:
            return []
        h = self.relaxation
        h.run()
        before = h.getInfo().objective_function_value if h.getModelStatus() == _OPTIMAL else None
        rows = h.getNumRow()
        self._add_cuts(h, extra)
        h.run()
        after = h.getInfo().objective_function_value if h.getModelStatus() == _OPTIMAL else None
        if before is not None and after is not None and after > before + LIFT * abs(before):
            return extra
        added = np.arange(rows, h.getNumRow(), dtype=np.int32)
        h.deleteRows(len(added), added)
        return []

    def _highs(self, *, integer: bool) -> Any:
        h = highs_of(self.model, SOLVER_THREADS)
        if not integer:
            n = h.getNumCol()
            h.changeColsIntegrality(n, list(range(n)), [_CONTINUOUS] * n)
        return h

    def _left(self) -> float:
        return self.deadline - time.perf_counter()

    def cutoff(self) -> float:
        """Boxes whose bound reaches this hold no better plan."""
        if not math.isfinite(self.incumbent):
            return math.inf
        return self.incumbent + EQUAL * abs(self.incumbent)

    def total(self, values: list[float], terms: dict[Any, float]) -> float:
        """The sum of `terms` (formulation variable -> coefficient) at `values`."""
        index = self.index
        return float(sum(c * values[index(var)] for var, c in terms.items()))

    def better(self, values: list[float]) -> bool:
        """Whether the plan of `values` costs less than the incumbent by more than
        `optimizer.ties.COST_SLACK`, or as much (within it) with a smaller tie term (the
        obligation, then the power: `optimizer.model.tie_terms`)."""
        cost, tie = self.total(values, self.cost_terms), self.total(values, self.tie_terms)
        if cost < self.cost - COST_SLACK or (
            cost <= self.cost + COST_SLACK and tie < self.tie - EQUAL * abs(self.tie)
        ):
            self.cost, self.tie = cost, tie
            return True
        return False

    def least(self) -> float:
        """The least cost any plan may have that the search has not ruled out."""
        bounds = [box.bound for box in self.open] + self.unfinished
        return min([self.incumbent, self.closed, *bounds])

    def _heard(self) -> bool:
        """Whether the time is up or a cancel asks the search to stop."""
        self._listen()
        if self._left() <= 0:
            self.stopped = True
        return self.stopped

    def _listen(self) -> None:
        """The search's progress told to `on_progress`, and a cancel from it heard."""
        if self.on_progress is not None:
            seconds = time.perf_counter() - self.began
            if self.on_progress(seconds, self.incumbent, self.least()):
                self.stopped = self.cancelled = True

    def bound(
        self,
        lower: list[float],
        upper: list[float],
        parent: _Box | None,
        ready: tuple[float, list[float] | None] | None = None,
    ) -> _Box | None:
        """The box within `lower` and `upper`, bounded by its relaxation, and with the tail
        split off (`halves`) its tail's least whole cost (`parent`'s bound, the enclosing
        box's, when they do not finish); None when it holds no plan."""
        floor = -math.inf if parent is None else parent.bound
        h = self.relaxation
        n = len(self.columns)
        h.changeColsBounds(n, self.columns, lower, upper)
        h.setOptionValue("time_limit", highs_seconds(self._left()))
        h.run()
        self.searched.relaxations += 1
        status = h.getModelStatus()
        if status == _INFEASIBLE:
            return None
        tail, stale = self._tail(lower, upper, parent, ready)
        if not tail[0] < math.inf:
            return None
        self.count += 1
        if status != _OPTIMAL:
            return _Box(floor, self.count, lower, upper, list(lower), tail=tail, stale=stale)
        solution = h.getSolution()
        values, duals = solution.col_value, solution.col_dual
        horizon = h.getInfo().objective_function_value
        objective = max(floor, horizon + tail[0])
        fleet = [values[j] for j in self.columns]
        reduced = [duals[j] for j in self.columns]
        return _Box(objective, self.count, lower, upper, fleet, reduced, tail, horizon, stale)

    def _tail(
        self,
        lower: list[float],
        upper: list[float],
        parent: _Box | None,
        ready: tuple[float, list[float] | None] | None = None,
    ) -> tuple[tuple[float, list[float] | None], bool]:
        """The tail's least whole cost within the box and its fleet there (0 and none without
        `halves`), and whether that is only the enclosing box's (stale: the least over a
        larger box, a bound; `refreshed` solves the box's own once it is the next to split):
        the enclosing box's, exact where its tail's fleet lies within this box (the least over
        the larger box is one of the smaller's); at the root, its MILP's."""
        if self.halves is None:
            return (0.0, None), False
        if parent is None:
            self.searched.tails += 1
            if ready is not None:  # solved beside the floors (`_RootTail`)
                return ready, False
            return tail_least(
                self.halves, self.columns, lower, upper, self._left(), root=True
            ), False
        fleet = parent.tail[1]
        inside = fleet is not None and all(
            a - WHOLE <= x <= b + WHOLE for x, a, b in zip(fleet, lower, upper, strict=True)
        )
        return parent.tail, parent.stale or not inside

    def refreshed(self, box: _Box) -> bool:
        """Solve the tail of `box` (stale) over its own bounds, no further than the cutoff
        less the box's horizon (no plan there could beat the incumbent), and lift its bound;
        False when it holds no plan."""
        assert self.halves is not None
        self.searched.tails += 1
        above = self.cutoff() - box.horizon
        box.tail = tail_least(self.halves, self.columns, box.lower, box.upper, self._left(), above)
        box.stale = False
        if not box.tail[0] < math.inf:
            return False
        box.bound = max(box.bound, box.horizon + box.tail[0])
        return True

    def tightened(self, box: _Box) -> None:
        """`box`'s bounds narrowed by its relaxation's reduced costs: a fleet column at its
        lower bound with reduced cost d > 0 cannot rise more than (cutoff - bound) / d
        within the box without every plan there reaching the cutoff (at its upper bound,
        d < 0, likewise down), the bound being the relaxation's own (with the tail's least
        over the box), not the enclosing box's it may have kept. The relaxation's own fleet
        stays inside."""
        room = self.cutoff() - (box.horizon + box.tail[0])
        if not box.reduced or not math.isfinite(room):
            return
        for i, d in enumerate(box.reduced):
            if d > WHOLE and box.fleet[i] <= box.lower[i] + WHOLE:
                steps = math.floor(room / d + WHOLE)
                box.upper[i] = min(box.upper[i], box.lower[i] + steps)
            elif d < -WHOLE and box.fleet[i] >= box.upper[i] - WHOLE:
                steps = math.floor(room / -d + WHOLE)
                box.lower[i] = max(box.lower[i], box.upper[i] - steps)

    def start(self, fleet: list[float]) -> list[float] | None:
        """A start for the MILP of `fleet`: the columns that link the months (`linked`) at the
        relaxation's values within that fleet rounded up, still within it (the fleet's own
        columns are whole there, and a month's units rounded up never fall below the month
        before's), the rest completed by a MILP of its own with those fixed (its months
        apart) within `START_SHARE` of the time left; None where either does not finish. The
        relaxation is left at its basis: the boxes after it are bounded as without it."""
        r = self.relaxation
        basis = r.getBasis()
        n = len(self.columns)
        r.changeColsBounds(n, self.columns, fleet, fleet)
        r.setOptionValue("time_limit", highs_seconds(self._left()))
        try:
            r.run()
            self.searched.relaxations += 1
            if r.getModelStatus() != _OPTIMAL:
                return None
            values = r.getSolution().col_value
            linked = np.array([math.ceil(values[j] - WHOLE) for j in self.linked], dtype=float)
        finally:
            if basis.valid:
                r.setBasis(basis)
        h = self._highs(integer=True)
        h.changeColsBounds(n, self.columns, fleet, fleet)
        h.changeColsBounds(len(linked), np.array(self.linked, dtype=np.int32), linked, linked)
        h.setOptionValue("mip_rel_gap", self.gap)
        h.setOptionValue("time_limit", highs_seconds(self._left() * START_SHARE))
        for name, value in START_OPTIONS.items():
            h.setOptionValue(name, value)
        h.run()
        if h.getInfo().primal_solution_status != FEASIBLE_SOLUTION:
            return None
        return list(h.getSolution().col_value)

    def leaf_model(self, box: _Box) -> Any:
        """The MILP with the fleet fixed at `box`'s (one fleet), with its cuts, not solved."""
        h = self._highs(integer=True)
        self._add_cuts(h, self.leaf_cuts)
        if self.cut_leaves:
            self._add_cuts(h, self.cuts)
        n = len(self.columns)
        h.changeColsBounds(n, self.columns, box.lower, box.upper)
        h.setOptionValue("mip_rel_gap", self.gap)
        return h

    def first_leaf_model(self, box: _Box) -> Any:
        """`leaf_model` of a fleet solved without a cutoff (the search's first): with the
        demand rows' multiples (`FIRST_CUTS`) and the first leaf's options."""
        h = self.leaf_model(box)
        self._add_cuts(h, self.first_cuts)
        for name, value in self.first_leaf.items():
            h.setOptionValue(name, value)
        return h

    def set_aside(self, box: _Box) -> bool:
        """The MILP of `box` (one fleet, the search's first: no cutoff yet) begun on a thread
        of its own from its start (`start`), as `leaf` would solve it, and that start's plan
        taken as the incumbent until `joined` weighs in the MILP's own plan; False (nothing
        done) where `ASIDE` is off or there is no start."""
        if not (ASIDE and self.linked) or math.isfinite(self.cutoff()):
            return False
        start = self.start(box.lower)
        if start is None:
            return False
        h = self.first_leaf_model(box)
        give_start(h, start)
        h.setOptionValue("time_limit", highs_seconds(self._left()))
        self.searched.leaves += 1
        self.fixed.add(tuple(box.lower))
        objective = float(np.dot(self.model.col_cost_, start)) + self.model.offset_
        self.interim = (objective, start)
        if self.better(start):
            self.incumbent, self.values = objective, start
        # Its polishes' copy of the model, only where there is a tie term to polish for.
        copy = highs_copy(h, math.inf, SOLVER_THREADS) if self.tie_terms else None
        self.aside = _Aside(self, box, h, copy)
        self.aside.reaching()
        return True

    def joined(self) -> None:
        """The first fixed fleet's MILP run aside (`set_aside`) waited for (the plan's
        progress told, and a cancel heard, meanwhile) and weighed in as if `leaf` had solved it
        before the boxes: its plan the first candidate, with the polish of that very plan (its
        start's plan after it where it found none or a dearer one); its bound closed or left
        open as `leaf` does."""
        aside, self.aside = self.aside, None
        if aside is None:
            return
        if self.on_wait is not None:
            told, self.on_wait = self.on_wait, None
            told()
        while aside.thread.is_alive():
            aside.thread.join(0.02)
            self._listen()
        if aside.error is not None:
            aside.stop_others(None)
            raise aside.error
        assert self.interim is not None
        first: list[tuple[float, list[float]]] = []
        job: _Polish | None = None
        if aside.found and aside.values is not None:
            first.append((aside.objective, aside.values))
            # No tie term (a search for cost alone, a sensitivity run's demand steps): its
            # polish would find nothing at once (`polished`), so no thread is begun for it.
            job = aside.polish_of(aside.values) if self.tie_terms else None
        start = self.interim[1]
        started = self.total(start, self.cost_terms)
        if not first or started < self.total(first[0][1], self.cost_terms) - COST_SLACK:
            # Its start, where its MILP ended with no plan or a dearer one (HiGHS refused the
            # start): the boxes closed below that start's plan hold none cheaper.
            first.append(self.interim)
        aside.stop_others(job)
        self.polishes = {k + len(first): polishing for k, polishing in self.polishes.items()}
        if job is not None:
            self.polishes[0] = job
        self.candidates[:0] = first
        self.incumbent, self.values, self.cost, self.tie = math.inf, None, math.inf, math.inf
        for objective, values in self.candidates:
            if self.better(values):
                self.incumbent, self.values = objective, values
        proven = max(aside.box.bound, min(aside.bound, aside.objective))
        if aside.finished:
            self.closed = min(self.closed, proven)
        else:
            self.unfinished.append(proven)

    def leaf(self, box: _Box) -> None:
        """Solve the MILP with the fleet fixed at `box`'s (one fleet), after the first fixed
        fleet's, where it runs aside, is weighed in (`joined`): its cutoff is then that one's
        plan, not its start's."""
        self.joined()
        cutoff = self.cutoff()
        h = self.leaf_model(box) if math.isfinite(cutoff) else self.first_leaf_model(box)
        h.setOptionValue("time_limit", highs_seconds(self._left()))
        if math.isfinite(cutoff):
            self._add_cuts(h, self.cutoff_cuts)
            h.setOptionValue("objective_bound", cutoff)
            for name, value in CUTOFF_LEAF_OPTIONS.items():
                h.setOptionValue(name, value)
        else:
            # A plan found early shortens its proof (`START`).
            start = self.start(box.lower) if self.linked else None
            if start is not None:
                give_start(h, start)
                h.setOptionValue("time_limit", highs_seconds(self._left()))  # what it left
        if self.on_progress is not None:
            watch_progress(h, self._relay())
        began = time.perf_counter()
        h.run()
        self.searched.leaves += 1
        self.fixed.add(tuple(box.lower))
        info = h.getInfo()
        finished = h.getModelStatus() in _FINISHED  # read before `h` goes to its polish
        found = info.primal_solution_status == FEASIBLE_SOLUTION
        objective = info.objective_function_value if found else math.inf
        if found:
            values = list(h.getSolution().col_value)
            if self.tie_terms and self.total(values, self.cost_terms) <= self.cost + COST_SLACK:
                # Polished beside the search, its plan weighed in once the search ends
                # (`_settle`): in the meantime the search goes on from the fleet's plan as
                # HiGHS left it, the plan the polish finds nothing under nearly always. With no
                # tie term, no polish (as in `joined`).
                spent = time.perf_counter() - began

                def work() -> list[float] | None:
                    # Its time counted from its start (the polish before it may have run on).
                    return self.polished(h, tie_seconds(self._left(), spent))

                after = self.polishes[max(self.polishes)] if self.polishes else None
                job = _Polish(work, after)
                self.polishes[len(self.candidates)] = job
            self.candidates.append((objective, values))
            if self.better(values):
                self.incumbent, self.values = objective, values
        # Below the cutoff, HiGHS's bound is the fleet's; at or above it, HiGHS proved only
        # that nothing there costs less than the cutoff (its bound may then be its plan's).
        proven = min(info.mip_dual_bound, objective) if objective < cutoff else cutoff
        proven = max(box.bound, proven)
        if finished:
            self.closed = min(self.closed, proven)
        else:
            self.unfinished.append(proven)  # stopped (time or cancel): left open

    def polished(
        self,
        h: Any,
        seconds: float,
        values: list[float] | None = None,
        heard: MipProgress | None = None,
        reach: CostReach | None = None,
        switch: Switch | None = None,
    ) -> list[float] | None:
        """The plan `h` found for its fleet re-solved within that fleet for the least tie term
        at its cost (`optimizer.ties.polish`, to a gap of 0: the ties are about 1e-5 of the
        tie term, which a gap of 1e-4 leaves unresolved; `reach`: its model's cost LP, see
        `optimizer.ties.CostReach`; `switch`: `heard` only once thrown, see
        `optimizer.ties.Switch`), or None when none owes less: at
        once, with no solver run, when there is no tie term (a search for cost alone, as a
        sensitivity run's demand steps are: polish re-solved for an objective of 0, and no
        plan owes less than 0 of nothing).
        Within a fleet HiGHS's own search leaves such ties as its path finds them (the power-
        capped example with a 24-month tail: 605 kW-months more than the plain solve's plan,
        at the same cost); across fleets `better` settles them."""
        if not self.tie_terms:
            return None
        # On its own thread the polish only hears whether the search was stopped: the plan's
        # progress is told from the search's thread alone (`_settle` listens while it waits).
        if heard is None and self.on_progress is not None:
            heard = self._stopping
        # Without the demand rows' rounding cuts of its fixed fleet's MILP (`CUT_LEAVES`):
        # shipped 3x12 whole's polish took 0.50 CPU s mean with them against 0.35 without
        # (seeds 0-9, round of speed22). The unit cuts (`leaf_cuts`, rows before them) stay.
        rows = self.model.num_row_ + len(self.leaf_cuts)
        options = POLISH_OPTIONS
        if values is None:
            terms = self.cost_terms, self.tie_terms
            return polish(h, *terms, seconds, 0.0, heard, options, rows, index=self.index)
        return polish(
            h,
            self.cost_terms,
            self.tie_terms,
            seconds,
            0.0,
            heard,
            options,
            rows,
            start=values,
            reach=reach,
            switch=switch,
            index=self.index,
        )

    def _stopping(self, _seconds: float, _incumbent: float, _bound: float) -> bool:
        return self.stopped

    def _settle(self) -> None:
        """The polishes waited for (the plan's progress told, and a cancel heard, meanwhile),
        and the fixed fleets' plans weighed again in the order found, each polished where its
        polish found a plan owing less: the plan kept is the one the search would keep had it
        polished each fleet's plan before weighing it. Where no polish finds one (nearly
        always), the search went exactly as that one; where one does, the search went on with
        a cutoff no lower than that one's (it closed no box that one would have left open)."""
        told, running = self.on_settle, any(job.thread.is_alive() for job in self.polishes.values())
        if told is not None and running and self.values is not None and not self.stopped:
            self.on_settle = None
            told(list(self.values))
        for job in self.polishes.values():
            while job.thread.is_alive():
                job.thread.join(0.02)
                self._listen()
            if job.error is not None:
                raise job.error
        if not any(job.result is not None for job in self.polishes.values()):
            return
        self.incumbent, self.values, self.cost, self.tie = math.inf, None, math.inf, math.inf
        for k, (objective, values) in enumerate(self.candidates):
            polished = self.polishes[k].result if k in self.polishes else None
            if polished is not None:
                # The plan kept is the polished one: its objective (its tie term less).
                values = polished
                objective = float(np.dot(self.model.col_cost_, values)) + self.model.offset_
            if self.better(values):
                self.incumbent, self.values = objective, values

    def _relay(self) -> MipProgress:
        """A fixed fleet's MILP callback, told as the search's progress (its incumbent and
        bound the search's own), stopping that MILP when the search is stopped."""
        assert self.on_progress is not None
        tell = self.on_progress

        def relay(_seconds: float, incumbent: float, _bound: float) -> bool:
            seconds = time.perf_counter() - self.began
            if tell(seconds, min(self.incumbent, incumbent), self.least()):
                self.stopped = self.cancelled = True
            return self.stopped

        return relay

    def run(self, upper: list[float]) -> None:
        try:
            self._search(upper)
        except BaseException:
            self.on_settle = None  # nothing to assemble: the search failed
            raise
        finally:
            self.joined()
            self._settle()

    def floors(self, upper: list[float]) -> list[float]:
        """Each fleet column's least whole value over the relaxation within 0..`upper`, a
        floor for every plan (the relaxation's rows and cuts hold for each); 0 where the
        relaxation's own plan holds none of it (it is feasible) or where its LP does not
        finish. The relaxation is left at its optimal basis over the root box: the root's
        bound (`bound`) and the search after it are those it would be without the floors."""
        h = self.relaxation
        n = len(self.columns)
        h.changeColsBounds(n, self.columns, [0.0] * n, upper)
        h.setOptionValue("time_limit", highs_seconds(self._left()))
        h.run()
        if h.getModelStatus() != _OPTIMAL:
            return [0.0] * n
        values = h.getSolution().col_value
        held = [j for j in self.columns if values[j] > WHOLE]
        if not held:
            return [0.0] * n
        basis = h.getBasis()
        lp = h.getLp()
        every = lp.num_col_
        costs = np.asarray(lp.col_cost_, dtype=np.float64)
        everything = np.arange(every, dtype=np.int32)
        least: dict[int, float] = {}
        h.changeColsCost(every, everything, np.zeros(every))
        try:
            for j in held:
                h.changeColCost(j, 1.0)
                h.setOptionValue("time_limit", highs_seconds(self._left()))
                h.run()
                self.searched.relaxations += 1
                value = h.getInfo().objective_function_value - lp.offset_
                if h.getModelStatus() == _OPTIMAL and math.isfinite(value):
                    least[j] = float(max(0.0, math.ceil(value - WHOLE)))
                h.changeColCost(j, 0.0)
        finally:
            h.changeColsCost(every, everything, costs)
            h.setBasis(basis)
        return [min(least.get(j, 0.0), b) for j, b in zip(self.columns, upper, strict=True)]

    def _search(self, upper: list[float]) -> None:
        # Each fleet column from its floor: where one offer alone serves a workload (the
        # baselines' strategies) the box would otherwise be halved up to it step by step.
        ahead = None
        if FLOORS and ROOT_TAIL_AHEAD and self.halves is not None and self.on_wait is not None:
            ahead = _RootTail(self.halves, self.columns, upper, self._left())
        lower = self.floors(upper) if FLOORS else [0.0] * len(upper)
        ready = None if ahead is None else ahead.taken(lower)
        root = self.bound(lower, upper, None, ready)
        if root is not None:
            heapq.heappush(self.open, root)
            if root.tail[1] is not None and TAIL_FLEET_FIRST:
                # The tail's own best fleet first: a plan (and a cutoff for the tail's MILPs
                # after it) before any box is split; on both rows it is the optimum's.
                fleet = [float(round(x)) for x in root.tail[1]]
                first = _Box(root.bound, 0, fleet, list(fleet), list(fleet))
                if not self.set_aside(first):
                    self.leaf(first)
        while self.open and not self._heard():
            if self.open[0].bound >= self.cutoff():
                self.closed = min(self.closed, self.open[0].bound)
                self.open.clear()  # every box left is closed by the incumbent
                break
            if self.searched.leaves >= LEAF_LIMIT or self.searched.relaxations >= RELAXATION_LIMIT:
                self.searched.gave_up = True
                return
            box = heapq.heappop(self.open)
            if box.stale:
                # Its bound holds the enclosing box's tail: its own may close it, or put it
                # behind another box.
                if self.refreshed(box):
                    heapq.heappush(self.open, box)
                continue
            self.tightened(box)
            for child in self._children(box):
                if child is None:
                    continue  # no plan within it
                if child.bound < self.cutoff():
                    heapq.heappush(self.open, child)
                else:
                    self.closed = min(self.closed, child.bound)

    def _apart(self, box: _Box, free: list[int]) -> tuple[int, float] | None:
        """The free column on which the relaxation's fleet and the tail's (`halves`) differ
        most, by a unit or more, and the value between them to split it at; None when they
        agree. Split there, the horizon's side of the box loses the fleet its relaxation
        wants and the tail's side the tail's: both bounds rise (power-capped whole: 107
        relaxations and 44 tail MILPs against 125 and 56 split at the relaxation's value
        alone, 0.21 against 0.25 CPU s; shipped 3x12 the same 91 and 43. Split so wherever
        they differ, also on a fractional relaxed fleet: 101 and 44 but 0.28 s, 73 and 38)."""
        tail = box.tail[1]
        if tail is None:
            return None
        # The tail's fleet held within the box (the reduced costs may have narrowed it since):
        # a split between two values of the box leaves both sides smaller than the box.
        within = [min(max(tail[i], box.lower[i]), box.upper[i]) for i in range(len(tail))]
        gaps = [(abs(box.fleet[i] - within[i]), -i) for i in free]
        most, minus_i = max(gaps)
        if most < 1.0 - WHOLE:
            return None
        i = -minus_i
        return i, float(math.floor((box.fleet[i] + within[i]) / 2.0 + WHOLE))

    def _children(self, box: _Box) -> list[_Box | None]:
        """`box` split on its most fractional fleet column, at its relaxation's value; with
        a whole relaxed fleet, where the tail's fleet is apart from it (`_apart`) between
        the two, else its first column not yet fixed split into below, at and above that
        value; a box of one fleet solved (`leaf`, once: `fixed`), leaving no child."""
        free = [i for i, (a, b) in enumerate(zip(box.lower, box.upper, strict=True)) if a < b]
        if not free:
            if tuple(box.lower) not in self.fixed:
                self.leaf(box)
            return []
        fractions = [(abs(box.fleet[i] - round(box.fleet[i])), -i) for i in free]
        most, minus_i = max(fractions)
        i = -minus_i
        value = box.fleet[i]
        apart = self._apart(box, free) if most <= WHOLE else None
        if apart is not None:
            i, below = apart
            splits = [(box.lower[i], below), (below + 1.0, box.upper[i])]
        elif most > WHOLE:
            below = float(math.floor(value))
            splits = [(box.lower[i], below), (below + 1.0, box.upper[i])]
        else:
            i = free[0]
            at = float(round(box.fleet[i]))
            at = min(max(at, box.lower[i]), box.upper[i])
            splits = [(at, at), (box.lower[i], at - 1.0), (at + 1.0, box.upper[i])]
        children: list[_Box | None] = []
        for low, high in splits:
            if low > high:
                continue
            lower, upper = list(box.lower), list(box.upper)
            lower[i], upper[i] = low, high
            children.append(self.bound(lower, upper, box))
        return children


def _whole_bound(up: float | None) -> float:
    """An integer column's upper bound, whole (infinite when it has none)."""
    if up is None or not math.isfinite(up):
        return math.inf
    return float(math.floor(up + WHOLE))


def search_fleet(
    model: Model,
    *,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
    on_wait: Callable[[], None] | None = None,
    on_settle: Callable[[Solution], None] | None = None,
) -> tuple[Solution | None, Searched]:
    """The least-cost plan of `model` (`chosen`) within `time_limit` seconds and the relative
    `gap`, by `_Search`; None when the search stopped at its limits (`Searched.gave_up`) with
    time left for the plain solve, or ran out of time before a first plan. Its status is
    `optimal` only when every box is closed (the incumbent proven within `gap` of every other
    fleet), else `feasible` with the gap against the least bound of the boxes left (`failed`:
    stopped by `on_progress` before a first plan; `infeasible`: no box holds a plan).
    `model.problem.solverModel` holds the whole model with the plan as its solution
    (`optimizer.ties.break_ties` re-solves from it); `on_progress` hears the search's
    incumbent and least bound, and True from it stops the search with what it found;
    `on_wait` is told once, on the search's thread, as that thread joins the first fixed
    fleet's MILP run aside (`_Search.on_wait`), where it waits for it; `on_settle` is told
    once, on the search's thread, the plan it holds (read in, its status not yet known) as
    that thread waits for its polishes (`_Search.on_settle`): the plan it returns unless a
    polish finds one owing less."""
    silence_banner()
    began = time.perf_counter()
    problem = model.problem
    f = model.formulation
    solver: Any = pulp.HiGHS(msg=False, threads=SOLVER_THREADS, gapRel=gap)
    solver.createAndConfigureSolver(problem)
    solver.buildSolverModel(problem)
    main = problem.solverModel
    fleet = final_fleet(f)
    upper = [_whole_bound(var.upBound) for var in fleet]
    settled = _telling(f, pulp_column, on_settle)
    ended = _searched(
        main.getLp(),
        f,
        pulp_column,
        upper,
        began,
        time_limit,
        gap,
        on_progress,
        on_wait=on_wait,
        first_cuts=on_wait is not None,
        on_settle=settled,
    )
    searched, values, solution = ended
    if solution is None or values is None:
        return solution, searched
    for var in problem.variables():
        var.varValue = values[var.index]
    give_start(main, values)
    solution.objective = pulp.value(problem.objective)
    read_values(f, False, solution, lambda var: values[var.index])
    return solution, searched


def _telling(
    f: Formulation, index: Index, on_settle: Callable[[Solution], None] | None
) -> Callable[[list[float]], None] | None:
    """What a search tells `on_settle` of the plan it holds at `_Search._settle`: its values
    (by `index`, a variable's column) read in as a feasible `Solution`; None without one."""
    if on_settle is None:
        return None
    tell = on_settle

    def settled(values: list[float]) -> None:
        held = Solution(
            status="feasible", solver="HiGHS", seconds=0.0, achieved_gap=None, objective=None
        )
        read_values(f, False, held, lambda var: values[index(var)])
        tell(held)

    return settled


def search_fleet_sink(
    f: Formulation,
    sink: HighsSink,
    *,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
    first_leaf: dict[str, Any] | None = None,
) -> tuple[Solution | None, Searched]:
    """`search_fleet` of the integer model `f` written into `sink` (`chosen_sink`) for cost
    alone (no tie term), with no PuLP model: the search solves the very model PuLP would hand
    HiGHS (`HighsSink.lp`: its columns in PuLP's order, its zero coefficients left out), so
    every solver run and the plan are those of `search_fleet` on the model written through
    PuLP (tests/solver/test_fleet_search_sink.py). Its plan's objective is the model's
    costs times its columns. What a sensitivity run's demand steps search
    (`optimizer.demand_starts.fleet_step`): the PuLP model's write and hand-over were a
    quarter of the seed's four steps' CPU seconds. `first_leaf`: HiGHS options of the fixed
    fleet's MILP solved without a cutoff (default `FIRST_LEAF_OPTIONS`, the plan's)."""
    assert not tie_terms(f), "a search for cost alone"
    written = search_written(
        f, sink, time_limit=time_limit, gap=gap, on_progress=on_progress, first_leaf=first_leaf
    )
    return written.solution, written.searched


@dataclass
class Written:
    """A model written into a `HighsSink` and searched (`search_written`), with no PuLP model."""

    formulation: Formulation
    lp: Any
    """The model as PuLP's HiGHS interface would hand it over (`HighsSink.lp`)."""
    position: Any
    """Each column's position in `lp`, by its number in the sink."""
    solution: Solution | None
    searched: Searched
    values: list[float] | None
    """The plan's values, `lp`'s columns (None where `solution` holds none)."""

    def index(self, column: Any) -> int:
        """A sink column's position in `lp`."""
        return int(self.position[column])

    def main(self) -> Any:
        """A HiGHS holding `lp` with the plan as its solution: what `search_fleet` leaves in
        PuLP's model for `optimizer.ties.break_ties`."""
        assert self.values is not None
        h = highs_of(self.lp, SOLVER_THREADS)
        give_start(h, self.values)
        return h

    def broken(self, time_limit: float, gap: float, on_progress: MipProgress | None) -> Solution:
        """Its solution with its ties broken, as `optimizer.ties.break_ties` breaks those of
        `search_fleet`'s (`optimizer.ties.break_ties_of`)."""
        assert self.solution is not None
        f, solution = self.formulation, self.solution
        return break_ties_of(f, self.main, self.index, solution, time_limit, gap, on_progress)


def search_written(
    f: Formulation,
    sink: HighsSink,
    *,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None = None,
    first_leaf: dict[str, Any] | None = None,
    on_wait: Callable[[], None] | None = None,
    on_settle: Callable[[Solution], None] | None = None,
) -> Written:
    """`search_fleet` of the integer model `f` written into `sink` (`chosen_sink`), with no
    PuLP model: the search solves the very model PuLP would hand HiGHS (`HighsSink.lp`: its
    columns in PuLP's order, its zero coefficients left out), so every solver run and the plan
    are those of `search_fleet` on the model written through PuLP, its tie polishes included
    (tests/solver/test_fleet_search_sink.py, test_written_search.py). Its plan's objective is
    the model's costs times its columns. The plan's own least-cost solve (`optimizer.phases`)
    and a sensitivity run's demand steps (`search_fleet_sink`): PuLP's write and hand-over of
    shipped 3x12 whole's model took 25.6 CPU ms against the sink's 10 (bench/solve.py, round
    of speed29).
    `first_leaf`: HiGHS options of the fixed fleet's MILP solved without a cutoff (default
    `FIRST_LEAF_OPTIONS`, the plan's); `on_wait`, `on_settle`: as `search_fleet`'s."""
    silence_banner()
    began = time.perf_counter()
    lp, position = sink.lp()
    upper = [_whole_bound(sink.upper[j]) for j in final_fleet(f)]
    index = position.__getitem__
    settled = _telling(f, index, on_settle)
    ended = _searched(
        lp,
        f,
        index,
        upper,
        began,
        time_limit,
        gap,
        on_progress,
        first_leaf,
        on_wait=on_wait,
        first_cuts=on_wait is not None,
        on_settle=settled,
    )
    searched, values, solution = ended
    if solution is not None and values is not None:
        solution.objective = float(np.dot(lp.col_cost_, values)) + lp.offset_
        read_values(f, False, solution, lambda j: values[index(j)])
    return Written(f, lp, position, solution, searched, values)


def _searched(
    lp: Any,
    f: Formulation,
    index: Index,
    upper: list[float],
    began: float,
    time_limit: float,
    gap: float,
    on_progress: MipProgress | None,
    first_leaf: dict[str, Any] | None = None,
    on_wait: Callable[[], None] | None = None,
    first_cuts: bool = False,
    on_settle: Callable[[list[float]], None] | None = None,
) -> tuple[Searched, list[float] | None, Solution | None]:
    """The search of `lp` (the model of `f`, `index` its variables' columns, `upper` its final
    fleet's upper bounds) and how it ended: no solution where the plain solve is to take over
    (see `search_fleet`); one and no values where it found no plan (`infeasible` or
    `failed`); else `optimal` or `feasible` with its gap, and the plan's values (HiGHS's
    columns) for the caller to read in. `first_cuts`: the first fixed fleet's MILP holds the
    demand rows' multiples' rounding (`FIRST_CUTS`); `on_settle`: `_Search.on_settle`."""
    fleet = final_fleet(f)
    columns = [index(var) for var in fleet]
    terms = (f.cost_terms, tie_terms(f))
    halves = split(f, lp, index) if f.whole_tail else None
    if f.whole_tail and halves is None:
        return Searched(gave_up=True), None, None
    # The demand rows' rounding, and the same written in whole units where they lift the
    # root (`optimizer.unit_cuts`: power-capped whole's search 107 -> 63 relaxations, 44 -> 28
    # tail MILPs, 6 -> 3 fixed fleets; shipped 3x12's lift nothing).
    deadline = began + time_limit
    integer: Any = highspy.HighsVarType.kInteger  # untyped in highspy's stubs
    small = sum(1 for kind in lp.integrality_ if kind == integer) <= LEAF_AIDS_INTEGERS
    search = _Search(
        lp,
        columns,
        terms,
        demand_cuts(f),
        deadline,
        gap,
        on_progress,
        halves,
        unit_cuts(f),
        index,
        first_leaf,
        linking(f, index).fleet if START and small else None,
        CUT_LEAVES and small,
    )
    search.on_wait = on_wait
    search.on_settle = on_settle
    if first_cuts and FIRST_CUTS and CUT_LEAVES and small:
        search.first_cuts = demand_multiples(f, FIRST_CUTS)
    if first_cuts and CUTOFF_MULTIPLES is not None and CUT_LEAVES and small:
        lowest, highest = CUTOFF_MULTIPLES
        search.cutoff_cuts = demand_multiples(f, highest, lowest)
    search.run(upper)
    if search.searched.gave_up and not search.stopped:
        return search.searched, None, None
    solution = Solution(
        status="failed",
        solver="HiGHS",
        seconds=time.perf_counter() - began,
        achieved_gap=None,
        objective=None,
    )
    if search.values is None:
        proven = not search.open and not search.unfinished and not search.stopped
        if not proven and not search.cancelled:
            # The time ran out before a first plan: the plain solve gets what is left, and
            # finds one where the search's boxes did not (review 16 F2: 0.001-0.05 s limits
            # on power-capped fractional failed with no plan, the plain solve gave one).
            return search.searched, None, None
        solution.status = "infeasible" if proven else "failed"
        solution.message = "no plan in any fleet" if proven else "no plan found in the time"
        return search.searched, None, solution
    least = search.least()
    incumbent = search.incumbent
    solution.achieved_gap = max(0.0, (incumbent - least) / abs(incumbent)) if incumbent else 0.0
    closed = not search.open and not search.unfinished
    solution.status = "optimal" if closed else "feasible"
    return search.searched, search.values, solution
