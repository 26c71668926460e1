"""How a sensitivity run (`optimizer.sensitivity`) makes its re-solves: counted, each from the
plans found before it (`optimizer.starts`), and in searches that may run side by side, each
knowing what the searches it waits for found and nothing of those beside it, so that the
results do not depend on how many run at once.

Threads: highspy releases the GIL while HiGHS solves, so `workers` re-solves run at once on
as many cores. The command line and the benchmark, alone on the machine, run one per core. A
run the service makes holds one of its solver slots and borrows the others while they are free,
one solver run at a time (`optimizer.slots.Lanes`): its threads wait for a lane before each
solver run, so that a plan arriving waits for one solver run at most."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from optimizer.certificates import certificate
from optimizer.demand_starts import add_floor_start, fleet_step
from optimizer.direct import DirectModel
from optimizer.instance import Instance
from optimizer.lp_floor import add_lp_floor_start
from optimizer.neighbours import neighbours
from optimizer.price_search import AskFn, CertifyFn, GuessFn, TrialFn, answered
from optimizer.retimed import Retimer
from optimizer.run_budget import Budget, OutOfTime
from optimizer.slots import Lanes
from optimizer.solver import MipProgress, Solution, read_values
from optimizer.starts import Starts, like_offers
from optimizer.swaps import add_swap
from optimizer.trials import (
    FROM_FLOOR,
    Force,
    Lever,
    Trial,
    checked_in,
    forced_model,
    narrowed,
    run_trial,
)
from optimizer.written_models import WrittenModels

__all__ = ["Known", "Pool", "RunKind", "Trials", "queued"]

T = TypeVar("T")
RunKind = Literal[
    "base",
    "demand",
    "limit",
    "price",
    "early",
    "forced",
    "certificate",
    "joint",
    "swap",
    "neighbour",
    "floor",
]
"""A solver run's kind: the plan re-solved, a demand step, a limit step
(`optimizer.limit_sensitivity`), a plain re-solve at another price, one answered early
(stopped at its first plan that beats every plan without the offer:
`optimizer.price_search.AskFn`), one with an offer forced in or out, a certificate's LP
(`optimizer.certificates`: only for a plan within a feasibility tolerance of its bound), a
joint check (`optimizer.joint_checks`), a start made for a forced re-solve by swapping offers
(`optimizer.swaps`), a plan near the plan that buys an offer (`optimizer.neighbours`), a start
made for a demand step below today's from the plan's units scaled and rounded down
(`optimizer.demand_starts`) or for a re-solve at another price from its LP relaxation's units
rounded down (`optimizer.lp_floor`; a re-solve asked to stop below a bound, `AskFn`, that such
a start is below is answered by it, no other run counted: `optimizer.trials._below`)."""
GUESSES = 8
"""Plans handed to a target price's search in place of a forced re-solve: the cheapest at
today's prices need not be the one whose line crosses the plan's highest."""


@dataclass
class Known:
    """What the re-solves so far found: their plans (None when prices are in the rows, where
    a plan found at some prices need not be one at others) and their starts."""

    plans: list[Solution] | None
    starts: Starts

    def copy(self) -> Known:
        plans = None if self.plans is None else list(self.plans)
        return Known(plans=plans, starts=self.starts.copy())

    def joined(self, others: list[Known]) -> Known:
        """These, and then what each of `others` (copies of these, added to since) found,
        in their order."""
        joined = self.copy()
        for other in others:
            if joined.plans is not None and other.plans is not None:
                joined.plans += other.plans[len(self.plans or ()) :]
            joined.starts.absorb(other.starts)
        return joined


class Trials:
    """The run's solver runs, each with the plan's time limit and the run's gap, counted in
    all (`on_step` hears each count) and by kind (`RunKind`), from any thread, each in a lane
    of `lanes` (`optimizer.slots`: a free solver slot; by default, none is waited for), and
    within the run's `budget` (`optimizer.run_budget`: each time limit clipped to what is
    left of it, once in its lane; once it is gone, no solver run starts and `OutOfTime` is
    raised instead, as it is when a run clipped so stops without a plan)."""

    def __init__(
        self,
        time_limit: float,
        gap: float,
        on_step: Callable[[int], None] | None,
        lanes: Lanes | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.time_limit, self.gap, self.on_step = time_limit, gap, on_step
        self.lanes = lanes or Lanes(None)
        self.budget = budget
        self.models = WrittenModels()  # every model this run writes (`forced_model`)
        self.solves = 0
        self.clipped = 0
        """Runs that stopped unproven on a time limit the budget had clipped."""
        self.base_clipped = False
        """Whether the plan's re-solve (kind `base`) was one of them."""
        self.kinds: dict[RunKind, int] = {}
        self._lock = threading.Lock()
        self._retime: Retimer | None = None
        self._began: dict[RunKind, threading.Event] = {}

    def began(self, kind: RunKind) -> threading.Event:
        """Set once a solver run of `kind` is counted (or by whoever waits on it, once none
        will be: `optimizer.sensitivity`'s first demand step, ended without one)."""
        with self._lock:
            return self._began.setdefault(kind, threading.Event())

    def limit(self) -> float:
        """The next solver run's time limit: the plan's, clipped to what is left of the
        budget (`Budget.limit`).

        Raises:
            OutOfTime: the budget is gone.
        """
        return self.time_limit if self.budget is None else self.budget.limit(self.time_limit)

    def _unfinished(
        self, limit: float, result: Trial, stopped: bool = True, base: bool = False
    ) -> Trial:
        """`result`, a run given `limit`; `OutOfTime` when the budget clipped that limit (or a
        cancel interrupted the run, `_hears`) and the run stopped on it without a plan (it found
        nothing: not run, as far as a result goes). `stopped`: a `feasible` result stopped on
        the limit (counted in `clipped`), not one stopped on purpose (a joint check's first
        better plan). `base`: the run is the plan's re-solve (`base_clipped`)."""
        cancelled = self.budget is not None and self.budget.was_cancelled
        clipped = limit < self.time_limit
        if (clipped or cancelled) and result.solution is None and result.status != "infeasible":
            raise OutOfTime(ran=True, cancelled=cancelled)
        if clipped and stopped and result.status == "feasible":
            with self._lock:
                self.clipped += 1
                self.base_clipped = self.base_clipped or base
        return result

    def _hears(self) -> MipProgress | None:
        """A solver run's progress callback that interrupts it once the run is cancelled."""
        return None if self.budget is None else self.budget.heard_cancel

    def _count(self, kind: RunKind) -> None:
        with self._lock:
            self.solves += 1
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
            self._began.setdefault(kind, threading.Event()).set()
            if self.on_step is not None:
                self.on_step(self.solves)

    def using(self, known: Known, kind: RunKind = "demand", scale: float = 1.0) -> TrialFn:
        """Re-solves that start from `known`'s starts and add to `known` what they find
        (counted as `kind` when no price moves: the plan itself or a demand step; `scale`:
        the demand's scale against `known`'s plans', see `run_trial`)."""

        def trial(changed: Instance, lever: Lever | None, force: Force | None) -> Trial:
            counted: RunKind = kind if lever is None else "price" if force is None else "forced"
            with self.lanes.lane():
                return self._run(known, changed, lever, force, scale=scale, counted=counted)

        return trial

    def _run(
        self,
        known: Known,
        changed: Instance,
        lever: Lever | None,
        force: Force | None,
        stop_below: float | None = None,
        scale: float = 1.0,
        counted: RunKind | None = None,
        stepped: bool = False,
    ) -> Trial:
        """One re-solve from `known`'s starts (see `using`), adding its plan to `known`,
        counted as `counted` once it starts. `stepped`: a demand step whose search over the
        final fleet was tried already (`stepping`).

        Raises:
            OutOfTime: the budget is gone before it starts, or it stopped on what was left
            of it without a plan (`ran` then true).
        """
        self.limit()  # nothing written once the budget is gone
        model = narrowed(changed, lever, force, self.models)
        if lever is None and scale != 1.0 and counted is not None and not stepped:
            found, counted = self._step(model, counted)
            if found is not None:
                return found
        forcing = None if lever is None or force is None else (lever, force)
        if forcing is not None:
            count = lambda: self._count("swap")  # noqa: E731
            add_swap(model, forcing, known.starts, self.limit, count, self.models)
        elif lever is None and scale < 1.0 and known.plans is not None:
            # Not with prices in rows either (see `_lp_floor` below): on
            # examples/capex-budget the floors cost 0.05 CPU s and the steps were no faster.
            count = lambda: self._count("floor")  # noqa: E731
            hears = self._hears()
            add_floor_start(model, scale, known.starts, self.limit, count, self.models, hears)
        limit = self.limit()
        if counted is not None:
            self._count(counted)
        plain = lever is not None and force is None
        result = run_trial(
            model,
            time_limit=limit,
            gap=self.gap,
            force=forcing,
            starts=known.starts,
            # A plain price re-solve starts from an optimum at other prices: near its own.
            near=lever is not None,
            stop_below=stop_below,
            scale=scale,
            models=self.models,
            on_progress=self._hears(),
            # Not with prices in rows (a budget): the relaxation's gap is then the budget's,
            # not the start's (examples/capex-budget: 91 such starts, 1.4 CPU s more); nor
            # with an offer forced (their starts are swaps, `add_swap`: the seed's forced-out
            # re-solve 0.037 -> 0.066 CPU s with one).
            floor=self._lp_floor if plain and known.plans is not None else None,
        )
        if known.plans is not None and lever is not None and result.solution is not None:
            known.plans.append(result.solution)
        return self._unfinished(limit, result, base=counted == "base")

    def _step(self, model: Instance, counted: RunKind) -> tuple[Trial | None, RunKind | None]:
        """A demand step (`model`, pruned) by the plan's own search over the final fleet where
        the plan's solve would search so (`optimizer.demand_starts.fleet_step`): its result, or
        None and how the re-solve from starts that must then answer it is counted (None when
        the search ran and gave up: that re-solve is its run)."""
        limit, ran = self.limit(), []

        def on_run() -> None:
            self._count(counted)
            ran.append(True)

        found = fleet_step(model, limit, self.gap, on_run, self._hears())
        if found is not None:
            return self._unfinished(limit, found), counted
        return None, None if ran else counted

    def stepping(self, later: Callable[[], Known], scale: float) -> Callable[[Instance], Trial]:
        """Demand steps (`with_demand` by `scale`, counted `demand`) as `using(later(),
        scale=scale)` makes them, but asking `later` for the plans and starts they start from
        only when the search over the final fleet does not answer them (`_step`, which needs
        neither): a run on more than one worker begins its first steps while the plan is
        re-solved, `later` waiting for that re-solve (`optimizer.sensitivity`)."""

        def trial(changed: Instance) -> Trial:
            with self.lanes.lane():
                self.limit()  # nothing written once the budget is gone
                found, counted = self._step(narrowed(changed, None, None, self.models), "demand")
            if found is not None:
                return found
            known = later()
            with self.lanes.lane():
                return self._run(
                    known, changed, None, None, scale=scale, counted=counted, stepped=True
                )

        return trial

    def _lp_floor(self, model: DirectModel, start: Any, starts: Starts) -> bool:
        """A start from the LP relaxation's units rounded down (`optimizer.lp_floor`), its
        solver run counted `floor`."""
        count = lambda: self._count("floor")  # noqa: E731
        return add_lp_floor_start(model, start, starts, self.limit, count, self._hears())

    def asking(self, known: Known) -> AskFn:
        """Plain re-solves at another price that stop at their first plan whose objective is
        below the bound asked (`AskFn`), counted `early` when they did, `price` otherwise;
        not counted when the start their LP floor made answers (`optimizer.trials._below`:
        no MILP run beyond the floor's, counted `floor`)."""

        def ask(changed: Instance, lever: Lever, below: float) -> Trial:
            with self.lanes.lane():
                try:
                    result = self._run(known, changed, lever, None, stop_below=below)
                except OutOfTime as gone:
                    if gone.ran:  # made, clipped by the budget, and found nothing
                        self._count("price")
                    raise
                floor = result.solution is not None and result.solution.solver == FROM_FLOOR
                if not floor:
                    self._count("early" if answered(result, below) else "price")
                return result

        return ask

    def joint(self, known: Known) -> TrialFn:
        """Joint checks (`optimizer.joint_checks`): re-solves of the model without the offers
        others dominate at its prices, from `known`'s starts, that stop at the first plan
        better than the start (the check has then failed: no need for the optimum)."""

        def trial(changed: Instance, lever: Lever | None, force: Force | None) -> Trial:
            with self.lanes.lane():
                limit = self.limit()
                self._count("joint")
                result = run_trial(
                    narrowed(changed, None, None, self.models),
                    time_limit=limit,
                    gap=self.gap,
                    starts=known.starts,
                    near=True,
                    stop_at_improving=True,
                    models=self.models,
                    on_progress=self._hears(),
                )
                return self._unfinished(limit, result, stopped=False)

        return trial

    def certifying(self, known: Known) -> CertifyFn:
        """Certificates (`optimizer.certificates`) from `known`'s plans, each solver run one
        makes counted (most make none)."""

        def certify(changed: Instance, lever: Lever, bound: float) -> Trial | None:
            with self.lanes.lane():
                return certificate(
                    changed,
                    lever,
                    known.starts,
                    bound,
                    self.limit(),
                    lambda: self._count("certificate"),
                    self.models,
                    self._retimer(changed).moved,
                )

        return certify

    def guessing(self, known: Known) -> GuessFn:
        """Plans that buy an offer, found without a re-solve (see `guessed`); made once for
        one instance, offer and plans found so far (the same plans, by identity): on the seed
        example 13 of 35 guesses were made again, after a search whose plans were all known
        already (0.017 of the run's 0.40 CPU s)."""

        def guess(instance: Instance, lever: Lever) -> list[Solution]:
            plans = known.starts.snapshot()

            def make() -> list[tuple[tuple[dict[str, float], ...], list[Solution]]]:
                return []

            made = self.models.remembered(instance, ("guessed", lever), make)
            with self._lock:
                for seen, found in made:
                    same = len(seen) == len(plans)
                    if same and all(a is b for a, b in zip(seen, plans, strict=True)):
                        return list(found)
            found = guessed(instance, lever, known.starts, self.models, self._retimer(instance))
            with self._lock:
                made.append((plans, found))
            return list(found)

        return guess

    def _retimer(self, instance: Instance) -> Retimer:
        """Moves between like offers of different terms (`optimizer.retimed`), from the model
        of `instance` with every offer (one per run: the covering terms are the same at any
        prices and in any model that prunes offers)."""
        with self._lock:
            if self._retime is None:
                made = forced_model(instance, None, self.models)
                assert made is not None  # no force: always a model
                sink = made[0].sink
                self._retime = Retimer(made[0].formulation, sink.names, sink.integer)
            return self._retime

    def neighbouring(self, known: Known) -> GuessFn:
        """Plans that buy an offer near the cheapest plan of `known` (`optimizer.neighbours`),
        each solver run counted."""

        def guess(instance: Instance, lever: Lever) -> list[Solution]:
            count = lambda: self._count("neighbour")  # noqa: E731
            with self.lanes.lane():
                return neighbours(instance, lever, known.starts, self.limit, count, self.models)

        return guess


def guessed(
    instance: Instance,
    lever: Lever,
    starts: Starts,
    models: WrittenModels | None = None,
    retimer: Retimer | None = None,
) -> list[Solution]:
    """The `GUESSES` cheapest plans that buy `lever`'s offer among the plans in `starts` and
    those with another offer's units moved to it (`optimizer.starts`), each checked feasible
    in `instance`'s model with the offer forced in: plans, not optima (status `feasible`).
    (Not with an idle unit added: its line crosses the plan's at a price of 0.) `models`: see
    `optimizer.trials.forced_model`. `retimer`: moves between like offers of different terms
    (`optimizer.retimed`), as candidates beside those moved column for column. Each plan is
    read for what it costs and whether it buys the offer, all that its line in the price
    reads (`optimizer.price_curve.line_of`, `Lever.bought`): its serving and shortfall are
    left empty (`read_values`'s `serving`)."""
    made = forced_model(checked_in(instance, lever, models), (lever, "in"), models)
    if made is None:
        return []
    model, _columns = made
    into = lever.index if lever.kind == "gpu" else None
    plans = []
    like = frozenset() if into is None else like_offers(instance, into)
    retime = None if retimer is None else retimer.moved
    for start in starts.feasible(model.sink, into=into, most=GUESSES, like=like, retime=retime):
        values = [float(v) for v in start]
        objective = sum(c * v for c, v in zip(model.sink.cost, values, strict=True))
        plan = Solution(
            status="feasible", solver="start", seconds=0.0, achieved_gap=None, objective=objective
        )
        read_values(model.formulation, False, plan, values.__getitem__, serving=False)
        plans.append(plan)
    return plans


def queued(asked: list[T], searches: list[T], workers: int, begun: int = 0) -> list[T]:
    """The order in which the run's first tasks go to the pool: `asked` (the demand steps, then
    the limits' steps: what a buyer asks first, made first under a short budget) and
    `searches` (the bought offers' target searches, whose plans every other offer's search
    waits for). On one worker, `asked` and then `searches`; on more, the first of `asked`, then
    each search beside one of the rest: the searches no longer wait behind the demand steps
    while a core is free (the seed on two workers: its one bought search began after two
    demand steps, 0.07 CPU s, on the run's critical path), and the demand steps still take
    at least one worker in two. (A search's first solver run waits for the first demand
    step's: `Trials.began`.) `begun`: the first of `asked` already submitted (beside the
    plan's re-solve), left out; each search then goes beside one of the rest, first."""
    if workers <= 1 or not asked:
        return asked[begun:] + searches
    order, rest = (asked[:0], asked[begun:]) if begun else (asked[:1], asked[1:])
    for k in range(max(len(rest), len(searches))):
        order += searches[k : k + 1] + rest[k : k + 1]
    return order


class Pool:
    """Runs tasks on `workers` threads; with one, each at once in the caller's thread."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(workers, "sensitivity") if workers > 1 else None

    def submit(self, task: Callable[..., T], *args: Any) -> Future[T]:
        if self._pool is not None:
            return self._pool.submit(task, *args)
        done: Future[T] = Future()
        done.set_result(task(*args))
        return done

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
