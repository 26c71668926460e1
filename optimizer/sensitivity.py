"""Sensitivity of a solved plan (DESIGN section 8.3): its cost response to each eligible offer's
price, each workload's demand and each limit the request sets (`optimizer.limit_sensitivity`),
re-solved at each step, and every eligible offer's target price (see
`optimizer.target_prices`)."""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

import msgspec

from catalog.api_offer import API_KIND
from catalog.errors import InvalidInput
from catalog.model import Catalog
from optimizer.base_reference import measured_against, plan_cost
from optimizer.direct import DirectModel
from optimizer.instance import Instance, prepare
from optimizer.joint_checks import check_group, joint_groups, like_checked
from optimizer.limit_sensitivity import Limit, limit_sensitivity, limits_of
from optimizer.own_cost import all_its_own, base_own
from optimizer.phases import MIN_SOLVE_SECONDS
from optimizer.plan import Plan
from optimizer.plan_bought import as_planned, plan_buys
from optimizer.price_curve import PriceCurve, line_of
from optimizer.price_responses import NOT_RUN, CostResponse, not_run, price_responses, response
from optimizer.price_search import AskFn, CertifyFn, GuessFn, SearchLog, TrialFn
from optimizer.run_budget import Budget, OutOfTime
from optimizer.sensitivity_result import (
    DemandSensitivity,
    LimitSensitivity,
    OfferSensitivity,
    Sensitivity,
    SensitivityOptions,
)
from optimizer.sensitivity_run import Known, Pool, Trials, queued
from optimizer.slots import Borrow, Lanes
from optimizer.solver import Solution
from optimizer.starts import Starts
from optimizer.target_prices import (
    UNFINISHED,
    base_curve,
    prices_only_in_objective,
    target_price,
    unfinished,
)
from optimizer.trials import Lever, Trial, with_demand

__all__ = [
    "CostResponse",
    "check_options",
    "check_sensitivity",
    "sensitivity",
]

PER_GPU_HOUR = "per GPU-hour"
TIMES_TODAY = "x today's per-token prices"
SENSITIVITY_GAP = 1e-6


def _curve(instance: Instance, lever: Lever, base: Trial, its_own: bool = False) -> PriceCurve:
    """The price curve of `lever`'s offer knowing the plan (`base`: a point when proven;
    `its_own`: see `base_curve`)."""
    return base_curve(instance, lever, base, its_own)


def _add_plans(curve: PriceCurve, instance: Instance, lever: Lever, plans: list[Solution]) -> None:
    """Add to `curve` the lines of those of `plans` (found at any prices) that buy the offer."""
    curve.inside += [line_of(instance, p, lever) for p in plans if lever.bought(instance, p)]


def _guessed_curve(
    instance: Instance,
    lever: Lever,
    base: Trial,
    plans: list[Solution],
    guess: Callable[[Instance, Lever], list[Solution]],
) -> PriceCurve:
    """`lever`'s curve with the lines of `plans` (found so far) that buy it, and of the plans
    `guess` makes for it, whatever was found: one may cross higher, where the offers expected
    at one price meet (`target_price`)."""
    curve = _curve(instance, lever, base)
    _add_plans(curve, instance, lever, plans)
    curve.plans_seen = len(plans)
    _add_plans(curve, instance, lever, guess(instance, lever))
    return curve


def _offer_sensitivity(
    instance: Instance,
    lever: Lever,
    base: Trial,
    trial: TrialFn,
    options: SensitivityOptions,
    prove: bool,
    curve: PriceCurve,
    guess: GuessFn | None = None,
    certify: CertifyFn | None = None,
    ask: AskFn | None = None,
    near: GuessFn | None = None,
    budget: Budget | None = None,
) -> OfferSensitivity:
    """One offer's cost responses and target price (`base` is the plan re-solved), from what
    `curve` knows (`_curve`, with the lines of plans found so far that buy it). Within the
    run's `budget`: a search it stops, or leaves no time to start, is `unfinished` (what it
    found kept: its bracket, its re-solves for the responses and on the curve), and each
    response not then proven nor re-solved is `not_run`."""
    assert base.solution is not None and base.cost is not None
    price = lever.price(instance)
    buys = lever.bought(instance, base.solution)
    if lever.kind == "gpu":
        spec = instance.offers[lever.index]
        offer_id, vendor, unit = spec.id, spec.offer.vendor, PER_GPU_HOUR
        kind: str = spec.offer.kind
    else:
        api = instance.api_offers[lever.index]
        offer_id, vendor, kind, unit = api.id, api.vendor, API_KIND, TIMES_TODAY
    solved: dict[float, Trial] = {}  # the search's plain re-solves, by price
    log = SearchLog()
    try:
        if budget is not None and budget.spent:  # not even its guesses' models written
            raise OutOfTime(cancelled=budget.was_cancelled)
        target = target_price(
            instance,
            lever,
            base,
            trial,
            tolerance=options.tolerance,
            curve=curve,
            guess=guess,
            certify=certify,
            responses_at=tuple(price * (1.0 + c) for c in options.steps) if prove else (),
            ask=ask,
            solved=solved,
            near=near,
            log=log,
        )
    except OutOfTime as gone:
        target = unfinished(instance, lever, base, log, options.max_seconds, gone.cancelled)
    responses = price_responses(
        instance, lever, base, trial, options.steps, curve if prove else None, solved
    )
    return OfferSensitivity(
        offer_id=offer_id,
        vendor=vendor,
        kind=kind,
        bought=buys,
        price=price,
        unit=unit,
        responses=responses,
        target=target,
    )


def _all_its_own(
    buys: list[Lever], base: Trial, proofs: bool, unpruned: Callable[[], DirectModel]
) -> set[Lever]:
    """The GPU offers of `buys` whose plan's whole objective is theirs in a model where no plan
    costs less than nothing (`optimizer.own_cost`), the plan proven optimal: no re-solve
    at a lower price of theirs (`PriceCurve.lowest`). Read only where a bought offer's own
    columns hold every cost of the plan's re-solve (its `columns`, `base_own`): the unpruned
    model (`unpruned`, written once) is then checked whole."""
    columns = base.columns
    if not proofs or base.status != "optimal" or columns is None:
        return set()
    found = {lever for lever in buys if lever.kind == "gpu" and base_own(columns, lever.index)}
    if not found:
        return set()
    model = unpruned()
    return {lever for lever in found if all_its_own(model, columns, lever.index)}


def _joint(curve: PriceCurve | None) -> bool:
    """Whether a joint check (`optimizer.joint_checks`) proved a point of `curve`."""
    return curve is not None and any(point.how == "joint" for point in curve.points)


def _family(instance: Instance, lever: Lever) -> str:
    """The offers whose searches share what they find (`sensitivity`): GPU offers of one
    accelerator, or the API offers."""
    return instance.offers[lever.index].system.accelerator if lever.kind == "gpu" else API_KIND


def check_options(options: SensitivityOptions) -> None:
    """Refuse options a run cannot honour.

    Raises:
        InvalidInput: on `time_limit_s` below `MIN_SOLVE_SECONDS`, in which no re-solve runs
        at all (1e-9 s was taken and every re-solve stopped before its first plan).
    """
    limit = options.time_limit_s
    if limit is not None and limit < MIN_SOLVE_SECONDS:
        msg = (
            f"must be at least {MIN_SOLVE_SECONDS:g} s (the least a plan's solve gets), got "
            f"{limit:g}: a re-solve stopped before it proves its plan verifies nothing"
        )
        raise InvalidInput.one("time_limit_s", msg)


def check_sensitivity(plan: Plan) -> None:
    """Refuse a plan that has no sensitivity.

    Raises:
        InvalidInput: on `plan_id` when the plan was not solved to a plan (status other than
        `optimal` or `feasible`), minimises power rather than cost, is a relaxation, or
        plans scenarios.
    """
    request = plan.request
    if plan.status not in ("optimal", "feasible") or (plan.forecast or request.forecast) is None:
        msg = f"the plan is {plan.status}: only a solved plan has a sensitivity"
        raise InvalidInput.one("plan_id", msg)
    if request.objective != "cost" or request.options.relax:
        msg = "sensitivity is computed for plans that minimise cost with whole units"
        raise InvalidInput.one("plan_id", msg)
    if plan.scenarios is not None:
        msg = "sensitivity is computed for plans of one forecast, not of scenarios"
        raise InvalidInput.one("plan_id", msg)


PLAN_SLACK = 0.01
"""Cents by which the plan's re-solve may differ from the plan's cost beyond its gap (the
two summed in other orders)."""


def _base_warnings(
    plan: Plan, base: Trial, limit: float, budget: float | None = None
) -> tuple[tuple[str, ...], bool]:
    """What to say of the plan and its re-solve `base` before any figure: the plan itself
    not proven optimal, the re-solve stopped unproven, or its cost not the plan's; and
    whether `base` can be verified on (proven optimal, and at the plan's cost to the plan's
    gap: an unproven plan's re-solve may find and prove a cheaper optimum within its gap).
    `budget`: the run's, when it clipped the re-solve's time limit (`optimizer.run_budget`)."""
    assert base.cost is not None and base.solution is not None
    found: list[str] = []
    trusted = base.status == "optimal"
    plan_gap = plan.solver.gap if plan.solver is not None else None
    if plan.status != "optimal":
        gap = "" if plan_gap is None else f", gap {plan_gap:.2%}"
        found.append(
            f"The plan was not proven optimal (status {plan.status}{gap}): this run is of "
            "the plan as re-solved here, and a plan proven optimal may buy other offers"
        )
    if base.status != "optimal":
        reached = base.solution.achieved_gap
        shown = "no gap reported" if reached is None else f"gap {reached:.2%}"
        stopped, larger = f"the time limit ({limit:g} s)", "time_limit_s"
        if budget is not None:
            stopped, larger = (
                f"what was left of the run's time budget ({budget:g} s)",
                "max_seconds",
            )
        found.append(
            f"The plan's re-solve stopped on {stopped} before proving its plan optimal "
            f"({shown}): no target price is verified, and what each offer's price does is "
            f"measured against an unproven cost; give a larger {larger}"
        )
    cost = plan_cost(plan)
    if cost is not None:
        allowed = ((plan_gap or 0.0) + SENSITIVITY_GAP) * max(1.0, abs(cost)) + PLAN_SLACK
        if abs(base.cost - cost) > allowed and (plan.status == "optimal" or base.cost > cost):
            trusted = False
            found.append(
                f"The plan's re-solve costs {base.cost:,.2f}, the plan {cost:,.2f}: more apart "
                "than the plan's gap allows, so no target price is verified on it"
            )
    return tuple(found), trusted


def _on_base(offer: OfferSensitivity, trusted: bool) -> OfferSensitivity:
    """`offer`, its target not verified when the plan's re-solve is not to be trusted
    (`_base_warnings`): its search's today's check is the re-solve's (whether the plan buys
    it is then read off the plan: `optimizer.plan_bought.as_planned`)."""
    target = offer.target
    if trusted or not target.proven:
        return offer
    why = "the plan's re-solve is not proven (see the run's warnings)"
    note = f"{target.note}; {why}" if target.note else why
    target = msgspec.structs.replace(target, verified=False, proven=False, note=note)
    return msgspec.structs.replace(offer, target=target)


def sensitivity(
    catalog: Catalog,
    plan: Plan,
    options: SensitivityOptions,
    *,
    created_at: str = "",
    on_step: Callable[[int], None] | None = None,
    prove: bool = True,
    workers: int = 1,
    slots: Borrow | None = None,
    cancelled: Callable[[], bool] | None = None,
    prices: bool = True,
) -> Sensitivity:
    """Re-solve `plan` (solved against `catalog`) with each eligible offer's price, each
    workload's demand and each limit the request sets changed by each step, and find every
    eligible offer's target price. A price response the re-solves already made prove is not
    re-solved (its status is `unchanged` or `proven`, its note says how); `prove=False`
    re-solves every one.
    `workers` re-solves run at once (see `optimizer.sensitivity_run`): the same results with
    any number; with `slots` (a server's, of which the run holds one), each solver run beyond
    the first at once waits for a slot free there (`optimizer.slots.Lanes`): one at a time
    while the server is busy. `prices` False: no offer's price is moved (`offers` empty), the
    demand and the limits only. The whole run keeps `options.max_seconds` from its start
    (`optimizer.run_budget`): what the budget leaves is reported as such (`Sensitivity.finished`).
    `cancelled`, asked before each solver run, ends the budget at once when it answers True.

    Raises:
        InvalidInput: on `plan_id` when the plan was not solved to a plan (status other than
        `optimal` or `feasible`), minimises power rather than cost, or is a relaxation; on
        `max_seconds` when the budget ran out before the plan was re-solved at all.
    """
    began = time.perf_counter()
    check_options(options)
    check_sensitivity(plan)
    request = plan.request
    forecast = plan.forecast or request.forecast
    assert forecast is not None
    instance = prepare(catalog, request, forecast)  # every eligible offer: none pruned
    # No re-solve gets less time than a plan's solve would (1e-9 s found no plan at all).
    limit = max(MIN_SOLVE_SECONDS, options.time_limit_s or request.options.time_limit_s)
    # A unit of one offer can be worth less than the plan's gap in cost: solve tighter.
    gap = min(request.options.gap, SENSITIVITY_GAP)
    budget = Budget(options.max_seconds, began, cancelled)
    trials = Trials(limit, gap, on_step, Lanes(slots), budget)
    # A plan found at some prices is a plan at any prices, unless prices are in the rows.
    known = Known([] if prices_only_in_objective(instance) else None, Starts())
    asked = [(w, change) for w in range(len(instance.workloads)) for change in options.steps]
    based = threading.Event()  # set once the plan is re-solved (or is not to be)

    def later() -> Known:
        """What a demand step starts from when the search over the final fleet does not
        answer it (`Trials.stepping`): the plan's re-solve, once made."""
        based.wait()
        return known.copy()

    base_began = trials.began("base")

    def demand(w: int, change: float) -> Trial | OutOfTime:
        # The plan's re-solve is the run's first solver run counted, steps begun beside it
        # or not (its pruning, before it, is a few milliseconds).
        base_began.wait()
        scaled = with_demand(instance, w, 1.0 + change)
        try:
            return trials.stepping(later, 1.0 + change)(scaled)
        except OutOfTime as gone:
            return gone

    demand_began = trials.began("demand")

    def first_demand(w: int, change: float) -> Trial | OutOfTime:
        try:
            return demand(w, change)
        finally:
            demand_began.set()  # its solver run counted, or none will be

    steps: dict[tuple[int, float], Future[Trial | OutOfTime]] = {}
    with Pool(workers) as pool:

        def stepping(key: tuple[int, float]) -> None:
            steps[key] = pool.submit(first_demand if key == asked[0] else demand, *key)

        # On more than one worker the first demand steps begin beside the plan's re-solve, one
        # worker in each but one (the caller's re-solve has the last core): a search over the
        # final fleet needs nothing of the plan's re-solve (`Trials.stepping`), and the core was
        # idle while it ran. Measured (sens29, seed, two workers, alternated run by run in one
        # process, load 0.7-2.8): faster in 136 of 200 pairs, the batches' pair medians -15 to
        # -71 ms a run of 0.55-1.0 s; the same tables (bench/sensitivity.py).
        early = asked[: workers - 1] if workers > 1 else []
        for key in early:
            stepping(key)
        try:
            try:
                base = trials.using(known, "base")(instance, None, None)
            except OutOfTime:
                if budget.was_cancelled:
                    msg = "the run was cancelled before it began"
                    raise InvalidInput.one("plan_id", msg) from None
                msg = (
                    f"the run's time budget ({options.max_seconds:g} s) ran out before the plan "
                    "was solved again: give a larger max_seconds"
                )
                raise InvalidInput.one("max_seconds", msg) from None
            if base.cost is None or base.solution is None:
                if base.status == "failed":  # no plan in the time each re-solve has
                    msg = (
                        f"the plan could not be solved again in {limit:g} s: "
                        "give a larger time_limit_s"
                    )
                    raise InvalidInput.one("time_limit_s", msg)
                msg = f"the plan could not be solved again ({base.status})"
                raise InvalidInput.one("plan_id", msg)
        except BaseException:
            budget.end()  # the steps begun stop at once: the run ends here
            raise
        finally:
            base_began.set()  # counted, or never to be
            based.set()
        base_cost, base_status, base_columns = base.cost, base.status, base.columns
        clipped = options.max_seconds if trials.base_clipped else None
        warnings, trusted = _base_warnings(plan, base, limit, clipped)
        if not trusted and base.status == "optimal":
            # Proven, but not at the plan's cost: nothing is verified on it, nor proven by it.
            # (Its gap, met, is not why: "no gap reported" where a check rests on it.)
            assert base.solution is not None
            solution = dataclasses.replace(base.solution, achieved_gap=None)
            base = Trial(status="feasible", cost=base.cost, solution=solution, seconds=0.0)
        assert base.solution is not None
        levers = [Lever("gpu", o) for o in sorted({o for (o, _w) in instance.rates})]
        levers += [Lever("api", a) for a in sorted({a for (a, _w) in instance.api_prices})]
        levers = levers if prices else []

        # A plan found at some prices is a plan at any, and the cost of every plan that buys
        # none of an offer one line in its price, only when no row holds a price: else no
        # certificates nor joint checks (see `optimizer.certificates`, `optimizer.joint_checks`).
        in_objective = known.plans is not None
        prove_limits = prove  # a limit's proofs rest on the plan's optimum alone (below)
        # Nor proofs from the price curve (`optimizer.price_curve`): with a price in a row, a plan
        # found at one price may break the row at another (new units of an offer whose price
        # rises, under a budget), and the optimum is no lower envelope of lines: every response
        # re-solved.
        prove = prove and in_objective
        curves: dict[Lever, PriceCurve] = {}
        searched: dict[Lever, PriceCurve] = {}  # each offer's curve once its search is made
        buys = [lever for lever in levers if lever.bought(instance, base.solution)]

        def search(lever: Lever, before: Known) -> tuple[OfferSensitivity, Known]:
            own = before.copy()
            trial, guess = trials.using(own), trials.guessing(own)
            certify = trials.certifying(own) if in_objective else None
            ask = trials.asking(own) if in_objective else None
            curve = curves.get(lever)
            if curve is None or not _joint(curve):
                # No joint check proved it: the search starts afresh, its guesses made from
                # all that it knows (`before`), and no fewer.
                curve = _curve(instance, lever, base, lever in its_own)
            if own.plans is not None and lever not in buys:
                _add_plans(curve, instance, lever, own.plans[curve.plans_seen :])
            near = trials.neighbouring(own) if in_objective else None
            found = _offer_sensitivity(
                instance,
                lever,
                base,
                trial,
                options,
                prove,
                curve,
                guess,
                certify,
                ask,
                near,
                budget,
            )
            searched[lever] = curve  # each chain its own offers: no two threads write one key
            return found, own

        def chain(family: list[Lever], before: Known) -> dict[Lever, OfferSensitivity]:
            """The searches of `family`, one after another, each knowing what those before it
            found (plans that buy one of like offers, moved, start another's search). After each,
            the offers left that its plans now expect to enter at one price are checked just
            above it together (`_joint_in_chain`), before their own searches."""
            done = {}
            for k, lever in enumerate(family):
                done[lever], own = search(lever, before)
                before = before.joined([own])
                if in_objective and before.plans is not None:
                    _joint_in_chain(family[k + 1 :], before, lever)
            return done

        def _joint_in_chain(left: list[Lever], before: Known, last: Lever) -> None:
            """Joint checks (`optimizer.joint_checks`) of the offers of `left` (a chain's, not yet
            searched, none proven by a joint check yet) that the plans `before` knows, and
            plans guessed from them, expect to enter at one price: the first search of a family
            finds the plan that buys one of like offers, which the others' guesses move to them
            (the seed's B200 offers: five checks just above 1.123 made by one re-solve). Those
            whose check the search of `last` (the chain's search just made) already made, its
            offer replacing theirs at that price, are checked by it (`like_checked`), no
            re-solve."""
            open_ = [lever for lever in left if lever not in buys and not _joint(curves.get(lever))]
            proven = searched.get(last) if last not in buys else None
            if len(open_) < (1 if proven is not None else 2) or budget.spent:
                return
            assert before.plans is not None
            guess = trials.guessing(before)
            fresh: dict[Lever, PriceCurve] = {}
            for lever in open_:
                if budget.spent:  # each guess writes a model: seconds on a large catalog
                    return
                fresh[lever] = _guessed_curve(instance, lever, base, before.plans, guess)
            if proven is not None:
                for lever in like_checked(instance, last, proven, fresh, options.tolerance):
                    curves[lever] = fresh.pop(lever)
            for group in joint_groups(instance, fresh, options.tolerance):
                try:
                    check_group(instance, group, trials.joint(before.copy()), options.tolerance)
                except OutOfTime:  # their searches, if they start, check for themselves
                    return
                for lever, curve in group.items():
                    if _joint(curve):
                        curves[lever] = curve

        written: list[DirectModel] = []  # the plan's model, written once and only read
        writing = threading.Lock()

        def model_of(changed: Instance | None) -> DirectModel:
            """The unpruned model of `changed`, or (None) of the plan's instance, written once."""
            if changed is not None:
                return trials.models.model(changed)
            with writing:
                if not written:
                    written.append(trials.models.model(instance))
                return written[0]

        def limit_steps(moved: Limit) -> LimitSensitivity:
            """One limit's steps, one after another (an optimum at a looser step may prove a
            tighter one: `optimizer.limit_sensitivity`), from what the plan's re-solve knows."""
            own = trials.using(known.copy(), "limit")
            return limit_sensitivity(
                moved,
                options.steps,
                base,
                base_columns,
                lambda changed: own(changed, None, None),
                model_of,
                prove_limits,
            )

        limits = limits_of(instance, plan, base_columns, model_of)
        # Before any search: theirs read it (`search`).
        its_own = _all_its_own(buys, base, prove, lambda: model_of(None))

        def answered(key: tuple[int, float]) -> CostResponse:
            """A demand step's cost response, from its re-solve (`demand`)."""
            change, trial = key[1], steps[key].result()
            if isinstance(trial, OutOfTime):
                return not_run(change, 1.0 + change, trial)
            return response(base_cost, change, 1.0 + change, trial)

        # The demand steps first (what a buyer asks first: "and if demand comes in at half?"),
        # then the limits the request sets (what the plan's marginals price on the relaxation),
        # then the offers the plan buys, whose searches find plans that buy the others; a short
        # budget (`max_seconds`) spends itself on them first (measured: bench/sensitivity.py).
        # On more than one worker the first steps begin beside the plan's re-solve (above), and
        # the bought offers' searches go beside the other steps (`queued`), once the first step's
        # solver run has begun: every other search waits for them, and behind the steps they
        # left a core idle.
        # Then the others' searches, in one chain per family (`_family`): each knows what the
        # bought offers' searches and those before it in its chain found, and nothing of another
        # chain's, so the chains run side by side on every worker with the same results on any
        # number (waves of two, each knowing the waves before it, left one core idle most of the
        # time). Offers expected to enter at one price are first checked
        # just above it together (`optimizer.joint_checks`); chains without one start beside.
        # Within a chain, after each search, the offers left that its plans (moved to them:
        # `optimizer.starts.like_offers`) expect at one price are checked together too.
        def bought_search(lever: Lever, before: Known) -> tuple[OfferSensitivity, Known]:
            # Beside the demand steps (`queued`), yet after the first one's solver run: the
            # demand steps still go first under a short budget.
            if asked:
                demand_began.wait()
            return search(lever, before)

        moved: list[Future[LimitSensitivity]] = []
        first: dict[Lever, Future[tuple[OfferSensitivity, Known]]] = {}

        def limiting(each: Limit) -> None:
            moved.append(pool.submit(limit_steps, each))

        def searching(lever: Lever) -> None:
            first[lever] = pool.submit(bought_search, lever, known)

        submits: list[Callable[[], None]] = [functools.partial(stepping, key) for key in asked]
        submits += [functools.partial(limiting, each) for each in limits]
        searches: list[Callable[[], None]] = [functools.partial(searching, lever) for lever in buys]
        for submit in queued(submits, searches, workers, begun=len(early)):
            submit()
        after = known.joined([first[lever].result()[1] for lever in buys])
        others = [lever for lever in levers if lever not in first]
        found = {lever: future.result()[0] for lever, future in first.items()}
        groups: list[dict[Lever, PriceCurve]] = []
        if in_objective and after.plans is not None and not budget.spent:
            guess = trials.guessing(after)
            for lever in others:
                if budget.spent:  # each guess writes a model: seconds on a large catalog
                    break
                curves[lever] = _guessed_curve(instance, lever, base, after.plans, guess)
            else:
                groups = joint_groups(instance, curves, options.tolerance)
        grouped = {lever for group in groups for lever in group}
        families: dict[str, list[Lever]] = {}
        for lever in others:
            families.setdefault(_family(instance, lever), []).append(lever)
        ready = [f for f in families.values() if not grouped.intersection(f)]
        jobs = [pool.submit(chain, family, after) for family in ready]
        checked = after.copy()  # what the joint checks find, for their offers' searches
        for group in groups:
            try:
                check_group(instance, group, trials.joint(checked), options.tolerance)
            except OutOfTime:  # its offers' searches, if they start, check for themselves
                break
        waiting = [f for f in families.values() if grouped.intersection(f)]
        jobs += [pool.submit(chain, family, checked) for family in waiting]
        for job in jobs:
            found |= job.result()
        # Bought: a re-solve proven at the plan's cost says it; an untrusted one (stopped
        # unproven, probe 18a F4) gives way to the plan's word. The plan's word alone missed
        # an offer the tail buys beside an existing commitment of it (review 18 R7).
        planned = plan_buys(plan)
        offers = [_on_base(found[lever], trusted) for lever in levers]
        offers = offers if trusted else [as_planned(o, planned) for o in offers]
        workloads = [
            DemandSensitivity(
                workload_id=wspec.id,
                responses=tuple(answered((w, change)) for change in options.steps),
            )
            for w, wspec in enumerate(instance.workloads)
        ]
        limited = [job.result() for job in moved]
    base_cost, offers, workloads, limited, said = measured_against(
        plan_cost(plan), base_cost, base_status == "optimal", offers, workloads, limited
    )
    warnings += said
    every = [r for o in offers for r in o.responses] + [r for w in workloads for r in w.responses]
    every += [r for each in limited for r in each.responses]
    unproven = sum(r.status == "feasible" for r in every)
    left_offers = sum(o.target.kind == UNFINISHED for o in offers)
    left_responses = sum(r.status == NOT_RUN for r in every)
    finished = not (left_offers or left_responses)
    if not finished:
        total = len(every)
        why = (
            "The run was cancelled (a cancel ends its time budget at once)"
            if budget.was_cancelled
            else f"The run's time budget (max_seconds {options.max_seconds:g} s) ran out"
        )
        warnings += (
            f"{why} before it ended: {left_offers} of {len(offers)} offers' target searches "
            f"are unfinished (each with the bracket it has, if any) and {left_responses} of "
            f"{total} cost responses were not re-solved (`not_run`); "
            + (
                "POST again with other settings to run it whole"
                if budget.was_cancelled
                else "POST again with a larger max_seconds to run it whole"
            ),
        )
    if unproven:
        warnings += (
            f"{unproven} cost responses stopped on the time limit ({limit:g} s"
            + (", or what was left of the run's budget" if trials.clipped else "")
            + (", or the cancel" if budget.was_cancelled else "")
            + ") before their re-solves proved their plans optimal: each says `feasible` with "
            "its gap, a cost found, not the optimum's",
        )
    return Sensitivity(
        plan_id=plan.id,
        status="done",
        created_at=created_at,
        options=options,
        currency=instance.currency,
        base_cost=base_cost,
        base_status=base_status,
        base_gap=None if base.solution is None else base.solution.achieved_gap,
        plan_cost=plan_cost(plan),
        proofs_checked=True,
        limits_run=True,
        warnings=warnings,
        cost_basis="horizon_and_tail" if instance.tail else "horizon",
        offers=tuple(offers),
        workloads=tuple(workloads),
        limits=tuple(limited),
        solves=trials.solves,
        solver_runs={kind: n for kind, n in trials.kinds.items()},
        seconds=time.perf_counter() - began,
        finished=finished,
    )
