"""Checks of "the optimum at this price buys the offer" by a certificate instead of a search:
a plan that buys the offer and whose objective is below that of every plan that buys none.

Why it proves the claim: let `bound` be a lower bound on the objective of every plan that buys
no new units of the offer (the best such plan's objective, less the gap HiGHS left when it
proved it: `optimizer.price_curve.PriceCurve.out_floor`; such a plan's objective has no term in
the offer's price, so the bound holds at every price). A plan that buys some and whose
objective at the price asked is below `bound` beats every plan that buys none, so every
optimum at that price buys some. Objectives, never counted costs, are compared: the model's
objective leaves out what existing units cost (a constant of the instance), and the plan's
cost counts it (review of 2026-11-30: with an existing unit, a plan dearer than the best
without the offer passed when its cost was compared with a bound on objectives). The solver
run checks the plan: the model at that price with the offer forced in, every integer column
fixed at the plan's value, is solved by HiGHS from the plan (what is left is an LP); its
answer is read back, checked to buy the offer and to score below `bound`. A run whose plan does
not pass returns None and the caller re-solves plainly."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from optimizer.direct import solve_direct
from optimizer.instance import Instance
from optimizer.starts import Retime, Starts, like_offers
from optimizer.trials import Force, Lever, Trial, cost_of, forced_model, narrowed
from optimizer.written_models import WrittenModels

__all__ = ["certificate"]


def certificate(
    instance: Instance,
    lever: Lever,
    starts: Starts,
    bound: float,
    time_limit: float,
    on_run: Callable[[], None],
    models: WrittenModels | None = None,
    retime: Retime | None = None,
) -> Trial | None:
    """A plan among `starts` (or one with another offer's units moved to `lever`'s, column
    for column or, with `retime`, month by month: `optimizer.retimed`) that
    buys `lever`'s offer on `instance` and whose objective is below `bound`, checked by
    HiGHS (see the module's docstring): a `Trial` of status `feasible`, its cost the plan's;
    None without such a plan (no solver run is made, and `on_run` is not called, when none
    of `starts` scores below `bound`)."""
    force: tuple[Lever, Force] = (lever, "in")
    made = forced_model(narrowed(instance, lever, "in", models), force, models)
    if made is None:
        return None
    model, _columns = made
    # Not `start_for`'s plans with an idle unit of the offer added: each costs more than a
    # plan that buys none, and they would crowd out of the candidates checked the plan sought.
    into = lever.index if lever.kind == "gpu" else None
    like = frozenset() if into is None else like_offers(instance, into)
    start = starts.best(model.sink, into=into, like=like, retime=retime)
    if start is None or float(np.dot(model.sink.cost, start)) >= bound:
        return None
    sink = model.sink
    for j in (j for j, integer in enumerate(sink.integer) if integer):
        sink.lower[j] = sink.upper[j] = round(float(start[j]))
    model.start, model.heuristics = start, False
    on_run()
    solution = solve_direct(model, time_limit=time_limit, gap=0.0)
    if solution.status not in ("optimal", "feasible") or solution.objective is None:
        return None
    if solution.objective >= bound or not lever.bought(instance, solution):
        return None
    return Trial(
        status="feasible",
        cost=cost_of(instance, solution),
        solution=solution,
        seconds=solution.seconds,
    )
