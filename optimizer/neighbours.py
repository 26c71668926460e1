"""Plans that buy an offer the plan does not, found near the cheapest plan found so far: in the
model with the offer forced in, its columns and one other offer's free, every other offer's
whole units fixed at that plan's (a small MIP, a few milliseconds). The best plan that buys an
offer is often such a neighbour: on the seed example the re-solve forcing coreweave-gb200-od in
(0.15 CPU s) found the plan with one of its racks in the tail in place of 11.8 on-demand B200
nodes there, onprem-b200's one unit of it in place of one node in every month. Plans, not
optima: each is a line for a target price's search (`optimizer.target_prices`), whose checks
are re-solves of their own; the neighbour with another offer's units all taken away is the
swap of `optimizer.swaps`."""

from __future__ import annotations

from collections.abc import Callable

from optimizer.direct import solve_direct
from optimizer.instance import Instance
from optimizer.run_budget import Limit, seconds
from optimizer.solver import Solution
from optimizer.starts import Starts, offer_of
from optimizer.trials import Force, Lever, forced_model, narrowed
from optimizer.written_models import WrittenModels

__all__ = ["MOST", "neighbours"]

MOST = 2
"""Neighbours sought per offer: with the offers the plan holds that it would most likely give up
first (`_displaced_first`)."""


def _displaced_first(instance: Instance, o: int) -> tuple[int, float, int]:
    """Offers by how likely a new offer displaces them: the shortest term first (month to
    month is the flexible part of a plan), then the dearest per GPU-hour."""
    spec = instance.offers[o]
    return (spec.term, -spec.offer.price_per_gpu_hour, o)


def neighbours(
    instance: Instance,
    lever: Lever,
    starts: Starts,
    time_limit: Limit,
    on_run: Callable[[], None],
    models: WrittenModels | None = None,
) -> list[Solution]:
    """The best plan that buys `lever`'s GPU offer on `instance` with only that offer's and
    one other's units changed from the cheapest plan of `starts` that meets the demand, for
    each other offer that plan holds (see the module's docstring); `on_run` hears each solver
    run. None for an API offer, nor without a plan."""
    if lever.kind != "gpu":
        return []
    force: tuple[Lever, Force] = (lever, "in")
    scope = narrowed(instance, lever, "in")
    made, plain = forced_model(scope, force, models), forced_model(scope, None, models)
    start = None if plain is None else starts.best(plain[0].sink)
    if made is None or plain is None or start is None:
        return []
    plan = {name: float(v) for name, v in zip(plain[0].sink.names, start, strict=True) if v}
    held = {o for name in plan if (o := offer_of(name)) is not None} - {lever.index}
    found = []
    for k, other in enumerate(sorted(held, key=lambda o: _displaced_first(instance, o))[:MOST]):
        again = made if k == 0 else forced_model(scope, force, models)
        assert again is not None  # as `made`
        model = again[0]
        sink = model.sink
        for j, name in enumerate(sink.names):
            if sink.integer[j] and offer_of(name) not in (lever.index, other):
                sink.lower[j] = sink.upper[j] = float(round(plan.get(name, 0.0)))
        limit = seconds(time_limit)  # before `on_run`: a run not started is not counted
        on_run()
        solution = solve_direct(model, time_limit=limit, gap=0.0)
        if solution.status in ("optimal", "feasible") and lever.bought(instance, solution):
            solution.status = "feasible"  # a plan of the whole model, not its optimum
            starts.add(sink.names, model.values)
            found.append(solution)
    return found
