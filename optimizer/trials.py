"""Re-solves of a plan's instance with one price or one demand changed, and with one offer
forced into or out of the plan: the experiments sensitivity and target prices are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

import pulp

from optimizer.direct import DirectModel, solve_direct
from optimizer.dominance import prune_dominated
from optimizer.held import priced
from optimizer.instance import Instance, WorkloadSpec
from optimizer.model import GE, LE, Formulation
from optimizer.plan_cost import counted_cost
from optimizer.solver import MipProgress, Solution, SolveStatus, build, read_values, solve
from optimizer.starts import Starts
from optimizer.written_models import WrittenModels

__all__ = [
    "Force",
    "Lever",
    "Trial",
    "bought",
    "checked_in",
    "cost_of",
    "forced_model",
    "narrowed",
    "run_trial",
    "start_for",
    "with_demand",
    "with_price",
]

Force = Literal["in", "out"]
"""`in`: at least one new unit of the offer is bought (in the horizon or its tail); `out`: none
is."""


@dataclass(frozen=True)
class Trial:
    """One re-solve: its status, the cost it minimises (horizon, plus the tail under
    `demand_continues`), and the solution, to read which offers it buys."""

    status: SolveStatus
    cost: float | None
    solution: Solution | None
    seconds: float
    columns: dict[str, float] | None = None
    """The plan's non-zero column values by name (`optimizer.direct`'s model): to check it
    feasible in another model (`optimizer.limit_sensitivity`); None through PuLP."""


def with_price(instance: Instance, o: int, price_per_gpu_hour: float) -> Instance:
    """`instance` with offer `o` priced at `price_per_gpu_hour` for the units a plan would sign
    new: its existing commitments keep the price they were signed at (`OfferSpec.existing_cost`,
    probe 13 finding 2)."""
    offers = list(instance.offers)
    offers[o] = replace(offers[o], offer=priced(offers[o].offer, price_per_gpu_hour))
    return replace(instance, offers=offers)


def with_demand(instance: Instance, w: int, scale: float) -> Instance:
    """`instance` with workload `w`'s demand times `scale` in every month (tail included)."""
    workloads = list(instance.workloads)
    spec = workloads[w]
    workloads[w] = WorkloadSpec(
        workload=spec.workload,
        average=[v * scale for v in spec.average],
        required=[v * scale for v in spec.required],
    )
    return replace(instance, workloads=workloads)


def cost_of(instance: Instance, solution: Solution) -> float:
    """What the plan of `solution` costs on `instance`, counted as the plan counts it: the
    horizon and the tail under `demand_continues`, the horizon otherwise
    (`optimizer.plan_cost`)."""
    return counted_cost(instance, solution)


BOUGHT_UNITS = 1e-6
"""Units above which an offer counts as bought: the tail's month-to-month units (a valuation
under `demand_continues`) are not whole on every model (`optimizer.model.tail_is_whole`)."""


def bought(instance: Instance, solution: Solution, o: int) -> bool:
    """True when `solution` buys any new units of offer `o`: contracts in the horizon, or
    month-to-month units in the tail (the plan's cost counts both)."""
    return any(units > BOUGHT_UNITS for (oo, _s), units in solution.starts.items() if oo == o)


@dataclass(frozen=True)
class Lever:
    """One offer whose price a sensitivity moves: a GPU offer (`index` into the instance's
    offers; its price per GPU-hour) or a per-token API offer (`index` into its API offers; its
    input and output prices scaled together, the price being the scale, 1 today)."""

    kind: Literal["gpu", "api"]
    index: int

    def price(self, instance: Instance) -> float:
        if self.kind == "api":
            return 1.0
        return instance.offers[self.index].offer.price_per_gpu_hour

    def at(self, instance: Instance, price: float) -> Instance:
        """`instance` with this offer at `price` (an API offer's prices times `price`)."""
        if self.kind == "gpu":
            return with_price(instance, self.index, price)
        prices = {
            (a, w): p * price if a == self.index else p for (a, w), p in instance.api_prices.items()
        }
        return replace(instance, api_prices=prices)

    def bought(self, instance: Instance, solution: Solution) -> bool:
        if self.kind == "gpu":
            return bought(instance, solution, self.index)
        return any(
            tps > BOUGHT_UNITS for (a, _w, _t), tps in solution.buy.items() if a == self.index
        )

    def terms(self, f: Formulation) -> list[tuple[Any, float]]:
        """The variables that buy this offer: forcing their sum to at least 1 (a unit, or a
        token/s for a month) brings it in; to 0 keeps it out."""
        if self.kind == "api":
            return [(var, 1.0) for (a, _w, _t), var in f.buy.items() if a == self.index]
        o = self.index
        new = [(var, 1.0) for (oo, _s), var in f.starts.items() if oo == o]
        # Units active in the horizon's last month are every unit an n[o,t] offer buys.
        last = f.running.get((o, f.instance.horizon - 1))
        return new + ([(last, 1.0)] if last is not None else [])


def narrowed(
    instance: Instance,
    keep: Lever | None,
    force: Force | None,
    models: WrittenModels | None = None,
) -> Instance:
    """`instance` without the offers others dominate at its prices (`optimizer.dominance`):
    the same optimum from a smaller model. A GPU lever's own offer is kept whatever
    dominates it (it is the one asked about); forced out, the offers pruned are only those
    an offer other than it dominates, so that a plan without it loses nothing. `models`: a
    run's, which prunes each instance once (`WrittenModels.remembered`)."""
    if models is not None:
        return models.remembered(
            instance, ("narrowed", keep, force), lambda: _narrowed(instance, keep, force, models)
        )
    return _narrowed(instance, keep, force, None)


WHOLE_AT_MOST = 2
"""How many times the offers `narrowed` keeps the instance's may hold for `checked_in` to
check plans in the whole instance's model."""


def checked_in(instance: Instance, lever: Lever, models: WrittenModels | None = None) -> Instance:
    """The instance in whose model, `lever`'s offer forced in, a guess or a certificate checks
    the plans it is handed (`optimizer.sensitivity_run.guessed`, `optimizer.certificates`): no
    solver run, only each plan's feasibility and objective. `instance` itself, every eligible
    offer in it, where it holds at most `WHOLE_AT_MOST` times the offers `narrowed` keeps:
    that model is one a run has written (or one price apart from it: `WrittenModels.model`
    reprices it) where each offer's narrowed one was written afresh (on the seed example, 9 of
    the run's 18 writes, 2 ms each: 463-465 -> 444-447 CPU ms a run, one worker). Else, on a
    large catalog that pruning shrinks, the narrowed instance (its model much the smaller).
    Either holds for a certificate: a plan feasible in the whole model is a plan of the whole
    problem, and the bound it must beat holds for every plan without the offer there (the
    pruned optimum is the whole one); a guess is a start, verified by re-solves."""
    kept = narrowed(instance, lever, "in", models)
    every = {o for (o, _w) in instance.rates}
    if len(every) <= WHOLE_AT_MOST * len({o for (o, _w) in kept.rates}):
        return instance
    return kept


def _narrowed(
    instance: Instance, keep: Lever | None, force: Force | None, models: WrittenModels | None
) -> Instance:
    """`narrowed`, the whole instance pruned once for every offer kept in it (unless forced
    out): on the seed example 13 guesses at today's prices pruned it alike, one per offer."""

    answers = None if models is None else models.answers

    def whole() -> Instance:
        return prune_dominated(instance, answers)[0]

    pruned = whole if models is None else lambda: models.remembered(instance, ("pruned",), whole)
    if keep is None or keep.kind != "gpu":
        return pruned()
    o = keep.index
    if force == "out":
        others = {(oo, w): r for (oo, w), r in instance.rates.items() if oo != o}
        kept = prune_dominated(replace(instance, rates=others))[0]
    else:
        kept = pruned()
    rates = dict(kept.rates) | {(oo, w): r for (oo, w), r in instance.rates.items() if oo == o}
    return replace(instance, rates=rates)


def _forced(lever: Lever, how: Force, f: Formulation) -> tuple[list[tuple[Any, float]], int, float]:
    """The row that forces `lever`'s offer in (at least one unit: a whole one in the horizon,
    or a tail's month's worth) or out (none): its terms, sense and right-hand side."""
    sense, rhs = (GE, 1.0) if how == "in" else (LE, 0.0)
    return lever.terms(f), sense, rhs


def _through_pulp(
    instance: Instance, time_limit: float, gap: float, force: tuple[Lever, Force] | None
) -> Solution:
    """The re-solve built through PuLP and solved by `optimizer.solver.solve` (CBC behind
    HiGHS): for a re-solve HiGHS failed outright."""
    model = build(instance, replacement_caps=False)
    if force is not None:
        terms, sense, rhs = _forced(*force, model.formulation)
        if terms:
            row = pulp.LpConstraint(pulp.LpAffineExpression(terms), sense=sense, rhs=rhs)
            model.problem.addConstraint(row, name="force")
    return solve(model, time_limit=time_limit, gap_tolerance=gap)


def start_for(
    model: DirectModel,
    starts: Starts,
    force: tuple[Lever, Force] | None,
    columns: list[Any],
    scale: float = 1.0,
) -> Any:
    """The cheapest start `starts` has for `model`: for an offer forced in, also plans found
    so far with another offer's units moved to it, or with one idle unit of it added (in
    one of its `columns`); forced out, with its units moved to another offer; with `scale`
    (no force: a demand scaled by it), plans found so far scaled alike (`Starts.feasible`)."""
    if force is None:
        return starts.best(model.sink, scale=scale)
    lever, how = force
    gpu = lever.index if lever.kind == "gpu" else None
    if how == "in":
        return starts.best(model.sink, bump=tuple(columns), into=gpu)
    return starts.best(model.sink, out_of=gpu)


SEARCH_OPTIONS: dict[str, Any] = {"mip_pscost_minreliable": 0}
"""HiGHS options of a sensitivity run's solver runs (`forced_model`'s models), beside
`optimizer.direct.RESOLVE_OPTIONS`: no strong branching (HiGHS branches on pseudo-costs from
the first node). Each of these MILPs starts from a plan found at other prices or demand and
is mostly a proof; strong branching spent more than it saved there. Measured (sens15, one
worker, alternated in one process, load 7-9, every run of each example the same solver
runs): the seed 1.55-1.66 -> 1.37-1.40 CPU s (its four demand steps 0.36-0.37 -> 0.24, the
same table to the cent); capex-budget 5.9 -> 4.9; growing-power-capped 14.5-15.2 -> 13.1-13.6
(136 -> 117 runs, two targets moved within their tolerance); build-or-buy 2.64-2.69 ->
2.50-2.63. The plan's own solve is not one of these (`optimizer.phases`)."""


def forced_model(
    instance: Instance, force: tuple[Lever, Force] | None, models: WrittenModels | None = None
) -> tuple[DirectModel, list[Any]] | None:
    """The model of `instance`, with the row of `force` when given, and the columns that row
    holds (the offer's); None when the offer is forced in but has no column to buy. Written
    without replacement caps (`optimizer.replacement_caps`): an offer forced out cannot stand
    in for the blocks its caps would bound; and without the tie-break: a sensitivity asks
    about cost alone, and the tie term (up to 1e-8 of the cost) steered HiGHS, within its gap,
    to equal-cost plans that buy the offer a joint check asks about (four more re-solves on
    the seed example, 3.9 CPU s against 3.2). `models`: a run's models written so far, one
    of which is copied when it is this one (`optimizer.written_models`)."""
    if models is None:
        model = DirectModel(instance, replacement_caps=False, ties=False)
    else:
        model = models.model(instance)
    model.options = SEARCH_OPTIONS
    if force is None:
        return model, []
    terms, sense, rhs = _forced(*force, model.formulation)
    if force[1] == "in" and not terms:
        return None
    if terms:
        model.sink.row(terms, sense, rhs, "force")
    return model, [column for column, _ in terms]


FROM_FLOOR = "floor"
"""`Solution.solver` of a plan answered by the start `run_trial`'s `floor` made, no MILP run."""


def _below(instance: Instance, model: DirectModel, stop_below: float | None) -> Trial | None:
    """`model`'s start as the answer of a re-solve asked to stop at its first plan whose
    objective is below `stop_below`, when it is: a plan a solver run made and checked (the
    start `run_trial`'s `floor` found, `optimizer.lp_floor`: the LP relaxation's whole units
    fixed, the rest solved by HiGHS), status `feasible`, no proof of the optimum at that price
    (what was asked: `optimizer.price_search.AskFn`); else None."""
    start = model.start
    if stop_below is None or start is None:
        return None
    values = [float(v) for v in start]
    objective = sum(c * v for c, v in zip(model.sink.cost, values, strict=True))
    if objective >= stop_below:
        return None
    plan = Solution(
        status="feasible", solver=FROM_FLOOR, seconds=0.0, achieved_gap=None, objective=objective
    )
    read_values(model.formulation, False, plan, values.__getitem__)
    names = model.sink.names
    return Trial(
        status="feasible",
        cost=cost_of(instance, plan),
        solution=plan,
        seconds=0.0,
        columns={n: v for n, v in zip(names, values, strict=True) if v != 0.0},
    )


def run_trial(
    instance: Instance,
    *,
    time_limit: float,
    gap: float,
    force: tuple[Lever, Force] | None = None,
    starts: Starts | None = None,
    near: bool = False,
    stop_at_improving: bool = False,
    stop_below: float | None = None,
    scale: float = 1.0,
    models: WrittenModels | None = None,
    on_progress: MipProgress | None = None,
    floor: Callable[[DirectModel, Any, Starts], bool] | None = None,
) -> Trial:
    """Solve `instance` for the least cost (hard demand), optionally with one offer forced in
    or out; `infeasible` when no plan meets the demand (or the force). Written and solved
    straight in highspy (`optimizer.direct`), from the cheapest of `starts` feasible in it
    (`near`: an optimum at nearby prices, from which HiGHS's heuristics need not look),
    its plan added to them; through PuLP when HiGHS fails outright. `stop_at_improving`:
    stopped at the first plan better than the start (status `feasible`), if any;
    `stop_below`: at the first plan whose objective is below it, near the optimum
    (`optimizer.direct.EARLY_GAP`; status `feasible`).
    `scale`: `instance` is the plans' with a demand scaled by it, and they start it scaled
    alike (`start_for`), HiGHS's heuristics off as for `near`: on the seed example such a
    start is 7-20% above the optimum, and the four demand steps took half a cold solve's
    time all the same (0.31 against 0.69 CPU s, replayed one by one on a loaded machine).
    `models`: see `forced_model`. `on_progress`: HiGHS's progress, True from it interrupts the
    run (a cancel: `Budget.heard_cancel`); an interrupted run without a plan is `failed`, not
    made again through PuLP. `floor`: handed the model, its start and `starts`, it may add a
    better start to them (`optimizer.lp_floor`; True when it did); with `stop_below`, a start
    so made below it is the answer, no MILP run (`_below`: on the seed example the Newton step
    of coreweave-gb200-od at 1.339, whose proof took 104 nodes, 0.06-0.09 CPU s, for a plan
    the floor had found)."""
    made = forced_model(instance, force, models)
    if made is None:
        return Trial(status="infeasible", cost=None, solution=None, seconds=0.0)
    model, columns = made
    model.stop_at_improving, model.stop_below = stop_at_improving, stop_below
    if starts is not None:
        model.start = start_for(model, starts, force, columns, scale)
        if floor is not None and floor(model, model.start, starts):
            model.start = start_for(model, starts, force, columns, scale)
            answer = _below(instance, model, stop_below)
            if answer is not None:
                return answer
        model.heuristics = not (near or scale != 1.0)
    solution = solve_direct(model, time_limit=time_limit, gap=gap, on_progress=on_progress)
    direct = True
    stopped = any(s in solution.message for s in ("TimeLimit", "Interrupt"))
    if solution.status == "failed" and not stopped:
        solution, direct = _through_pulp(instance, time_limit, gap, force), False
    elif starts is not None and model.values:
        starts.add(model.sink.names, model.values)
    if solution.status not in ("optimal", "feasible"):
        return Trial(status=solution.status, cost=None, solution=None, seconds=solution.seconds)
    plan: dict[str, float] | None = None
    if direct and model.values:
        names = model.sink.names
        plan = {n: v for n, v in zip(names, model.values, strict=True) if v != 0.0}
    return Trial(
        status=solution.status,
        cost=cost_of(instance, solution),
        solution=solution,
        seconds=solution.seconds,
        columns=plan,
    )
