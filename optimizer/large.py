"""Models too large to hand HiGHS's MIP presolve (it cannot be stopped there beyond about
250,000 columns): solve the LP relaxation of the whole model for a lower bound, solve the
MILP on the offers that relaxation uses (and each workload's cheapest few), and state the
plan's gap against the whole model's bound, never the reduced model's."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import highspy

from catalog.economics import cost_per_million_tokens
from optimizer.highs_sink import HighsSink
from optimizer.instance import Instance
from optimizer.rows import write_model
from optimizer.solver import SOLVER_THREADS, silence_banner

if TYPE_CHECKING:
    from optimizer.phases import Clock, Objective, Outcome, OutcomeStatus
    from optimizer.request import Options
    from optimizer.solver import MipProgress

__all__ = ["LP_SHARE", "SPARE_OFFERS", "candidate_offers", "cheapest_offers", "solve_large"]

LP_SHARE = 0.6
"""Share of the plan's time the whole model's relaxation may take."""

SPARE_OFFERS = 2
"""Offers kept per workload beside those the relaxation uses: its cheapest per million tokens
at its SLO, so that whole units and replicas have somewhere to round to (more where
`max_units` limits them, see `cheapest_offers`)."""


def cheapest_offers(instance: Instance, count: int = SPARE_OFFERS) -> dict[int, set[int]]:
    """workload -> its offers in order of cost per million tokens at its SLO (ids break
    ties): at least `count`, and as many as it takes for their `max_units` to hold twice its
    peak demand, what the workloads before it took of each offer's units counted as gone (the
    offers are shared: twenty workloads each held by the same capped offers were infeasible
    together); with a tail, month-to-month ones too (the tail buys nothing else: once the
    horizon's contracts end, only they serve it)."""
    left: dict[int, float] = {}  # offer -> units not yet taken
    tail = instance.tail_served()
    kept: dict[int, set[int]] = {}
    for w in range(len(instance.workloads)):

        def key(o: int, w: int = w) -> tuple[float, str]:
            price = instance.offers[o].offer.price_per_gpu_hour
            per_gpu = instance.rates[(o, w)].per_gpu
            return cost_per_million_tokens(price, per_gpu), instance.offers[o].id

        ranked = sorted((o for (o, ww) in instance.rates if ww == w), key=key)
        kept[w] = set(_holding(instance, w, ranked, count, left))
        if w in tail:
            monthly = [o for o in ranked if instance.offers[o].term == 1]
            kept[w] |= set(_holding(instance, w, monthly, 1, left))
    return kept


def _holding(
    instance: Instance, w: int, ranked: list[int], count: int, left: dict[int, float]
) -> list[int]:
    """The first of `ranked` (at least `count`) whose units left (`left`, taken from as they
    are counted) hold twice `w`'s peak; an offer without `max_units` holds any."""
    target = 2.0 * max(instance.workloads[w].required, default=0.0)
    kept: list[int] = []
    held = 0.0
    for o in ranked:
        if len(kept) >= count and held >= target:
            break
        spec = instance.offers[o]
        per_unit = instance.rates[(o, w)].per_gpu * spec.gpus_per_unit * instance.utilization_cap
        if spec.offer.max_units is None or per_unit <= 0:
            kept.append(o)
            held = math.inf if per_unit > 0 else held
            continue
        units = left.setdefault(o, float(spec.offer.max_units))
        if units <= 0 and len(kept) >= count:
            continue  # taken by the workloads before
        kept.append(o)
        taken = min(units, math.ceil(max(0.0, target - held) / per_unit))
        left[o] = units - taken
        held += taken * per_unit
    return kept


def candidate_offers(
    instance: Instance, serving: dict[tuple[int, int, int], float]
) -> dict[int, set[int]]:
    """workload -> offers the reduced model keeps: those serving it in the relaxation
    (`serving`, GPUs per (offer, workload, month)), its `SPARE_OFFERS` cheapest, and offers
    with existing units."""
    allowed = cheapest_offers(instance)
    for (o, w, _t), gpus in serving.items():
        if gpus > 1e-6:
            allowed[w].add(o)
    for o, w in instance.rates:
        if any(instance.offers[o].existing):
            allowed[w].add(o)
    return allowed


def _relaxation(
    instance: Instance, time_limit: float
) -> tuple[float, dict[tuple[int, int, int], float]] | None:
    """The LP relaxation of the whole integer model (its valid inequalities kept), written
    straight into highspy (PuLP would hold about ten times the memory): its optimum, a lower
    bound on every plan, and the GPUs serving each (offer, workload, month); None when it
    does not finish in time."""
    silence_banner()
    deadline = time.perf_counter() + time_limit
    sink = HighsSink()
    f = write_model(instance, sink)
    # `sink.highs` holds the limit at `LEAST_SECONDS` or more.
    h = sink.highs(deadline - time.perf_counter(), 0.0, SOLVER_THREADS, integer=False)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    values = h.getSolution().col_value
    serving = {key: float(values[column]) for key, column in f.serve.items()}
    return float(h.getInfo().objective_function_value), serving


def solve_large(
    instance: Instance,
    objective: Objective,
    options: Options,
    clock: Clock,
    on_progress: MipProgress | None,
    plain: Callable[[Instance, MipProgress | None], Outcome],
) -> Outcome:
    """Solve `instance` through its relaxation and a reduced MILP (`plain` solves that one);
    the outcome's gap is measured against the relaxation of the whole model, so a plan is
    `optimal` only when that gap is within `options.gap`."""
    relaxation = _relaxation(instance, LP_SHARE * clock.for_solve())
    if relaxation is None:
        # No bound and no guide: the reduced model is each workload's cheapest offers alone.
        allowed = cheapest_offers(instance)
        outcome = plain(instance.restricted(allowed), _without_bound(on_progress))
        return replace(outcome, status=_unproven(outcome.status), achieved_gap=None)
    bound, serving = relaxation
    progress = _with_bound(on_progress, bound)
    outcome = plain(instance.restricted(candidate_offers(instance, serving)), progress)
    solution = outcome.solution
    if outcome.status == "infeasible":
        message = (
            "the reduced model of this large model found no plan meeting the demand, though the "
            "whole model's relaxation does: narrow the offers with `vendors`, `regions` or "
            "`precisions`, or plan fewer months"
        )
        return replace(outcome, status="failed", solution=None, achieved_gap=None, message=message)
    if objective != "cost" or outcome.status not in ("optimal", "feasible") or solution is None:
        return replace(outcome, status=_unproven(outcome.status), achieved_gap=None)
    found = solution.objective or 0.0
    gap = max(0.0, (found - bound) / abs(found)) if found else 0.0
    status: OutcomeStatus = "optimal" if gap <= options.gap and math.isfinite(gap) else "feasible"
    solution.achieved_gap = gap
    return replace(outcome, status=status, achieved_gap=gap)


def _with_bound(on_progress: MipProgress | None, bound: float) -> MipProgress | None:
    """`on_progress` told the whole model's bound, never the reduced model's (which bounds
    only the reduced model)."""
    if on_progress is None:
        return None
    report = on_progress

    def relay(seconds: float, incumbent: float, _reduced_bound: float) -> bool:
        return report(seconds, incumbent, bound)

    return relay


def _without_bound(on_progress: MipProgress | None) -> MipProgress | None:
    """`on_progress` with no bound at all (-inf): the whole model's relaxation did not finish."""
    return _with_bound(on_progress, -math.inf)


def _unproven(status: OutcomeStatus) -> OutcomeStatus:
    """A reduced model's status said of the whole model: a plan it found is feasible, not
    proven; no plan there proves nothing about the whole model."""
    return "feasible" if status in ("optimal", "feasible") else "failed"
