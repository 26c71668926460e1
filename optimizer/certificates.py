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
without the offer passed when its cost was compared with a bound on objectives). The plan is
checked feasible in the model at that price with the offer forced in, row by row
(`optimizer.starts.Starts.best`, to HiGHS's own tolerance), its objective read off that
model's costs; below `bound` by more than that tolerance's worth, that is the certificate, no
solver run (`_checked`). Nearer the bound, a solver run checks it: every integer column fixed
at the plan's value, the rest solved by HiGHS from the plan (what is left is an LP), its
answer read back, checked to buy the offer and to score below `bound`. A plan that does not
pass returns None and the caller re-solves plainly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from optimizer.direct import DirectModel, solve_direct
from optimizer.instance import Instance
from optimizer.solver import Solution, read_values
from optimizer.starts import FEASIBLE, Retime, Starts, like_offers
from optimizer.trials import Force, Lever, Trial, checked_in, cost_of, forced_model
from optimizer.written_models import WrittenModels

__all__ = ["CHECKED", "certificate"]


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
    buys `lever`'s offer on `instance` and whose objective is below `bound`, checked (see
    the module's docstring): a `Trial` of status `feasible`, its cost the plan's; None
    without such a plan. `on_run` hears the solver run, made only for a plan within a
    feasibility tolerance of `bound` (`_checked`): none when none of `starts` scores below
    it, nor when the plan found scores clearly below."""
    force: tuple[Lever, Force] = (lever, "in")
    made = forced_model(checked_in(instance, lever, models), force, models)
    if made is None:
        return None
    model, _columns = made
    # Not `start_for`'s plans with an idle unit of the offer added: each costs more than a
    # plan that buys none, and they would crowd out of the candidates checked the plan sought.
    into = lever.index if lever.kind == "gpu" else None
    like = frozenset() if into is None else like_offers(instance, into)
    start = starts.best(model.sink, into=into, like=like, retime=retime)
    if start is None:
        return None
    objective = float(np.dot(model.sink.cost, start))
    if objective >= bound:
        return None
    checked = _checked(instance, lever, model, start, objective, bound)
    if checked is not None:
        return checked
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


CHECKED = "checked"
"""The `Solution.solver` of a certificate's plan taken as `Starts.best` checked it (`_checked`)."""


def _checked(
    instance: Instance,
    lever: Lever,
    model: DirectModel,
    start: Any,
    objective: float,
    bound: float,
) -> Trial | None:
    """The certificate of `start`, with no solver run, where its objective is below `bound` by
    more than a feasibility tolerance's worth (`FEASIBLE`, relative); None otherwise (the
    caller then solves it as before).

    Why no run is needed: `Starts.best` returned `start` only once it had checked it feasible
    in this very model, the arrays handed to HiGHS (every bound, every whole column whole,
    every row, to HiGHS's own MIP feasibility tolerance: `optimizer.starts.FEASIBLE`), and
    its objective here is the model's costs times its columns. A feasible plan that buys the
    offer and scores below every plan that buys none is the certificate (the module's
    docstring). The solver run with the plan's whole columns fixed checked that plan again,
    to the same tolerance, and at most lowered its continuous columns' cost (the serving,
    tokens bought): on the seed example 14 such runs of 14 certificates, each agreeing with
    the check made before it. The margin keeps a plan a tolerance's violation of its rows
    could make look cheaper from passing on that alone: such a one is solved as before."""
    if objective >= bound - FEASIBLE * max(1.0, abs(bound)):
        return None
    plan = Solution(
        status="feasible", solver=CHECKED, seconds=0.0, achieved_gap=None, objective=objective
    )
    values = [float(v) for v in start]
    read_values(model.formulation, False, plan, values.__getitem__)
    if not lever.bought(instance, plan):
        return None
    return Trial(status="feasible", cost=cost_of(instance, plan), solution=plan, seconds=0.0)
