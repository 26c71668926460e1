"""A sensitivity's cost responses to one offer's price (DESIGN section 8.3): each proven by the
price curve the search's re-solves drew (`optimizer.price_curve`) where it can be, re-solved
otherwise."""

from __future__ import annotations

from optimizer.instance import Instance
from optimizer.plan import Out
from optimizer.price_curve import Point, PriceCurve, floor_of, line_of
from optimizer.price_search import TrialFn
from optimizer.run_budget import OutOfTime
from optimizer.trials import Lever, Trial

__all__ = ["NOT_RUN", "CostResponse", "not_run", "price_responses", "response"]

NOT_RUN = "not_run"
"""The status of a response not re-solved: the run's time budget ran out first."""


class CostResponse(Out, frozen=True, kw_only=True):
    """The plan's cost with one price or demand changed by `change` (a fraction). `status`:
    the re-solve's (`optimal`; `feasible`, stopped on its time limit, `gap` given;
    `infeasible`), `unchanged` or `proven` (proven by other re-solves, `note` says how), or
    `not_run`: not re-solved, the run's time budget (`max_seconds`) having run out first; it
    then has no cost and `note` says why; or `no_better`: stopped unproven above the plan's
    own cost where the plan still holds (a price or demand lowered, a limit raised), no cost
    change given (the plan is the better plan), and `note` says so."""

    change: float
    value: float
    """The price tried (in the offer's `unit`), or the demand's scale (1 + change)."""
    status: str
    """The re-solve's status (`optimal`, `feasible`, `infeasible`: the demand cannot be met),
    or, when the re-solves already made prove the cost without one (see `note`), `unchanged`
    (the plan's cost) or `proven` (another cost); `not_run` when it was not re-solved because
    the run's time budget (`max_seconds`) ran out first: no cost, and `note` says so;
    `no_better` when its re-solve stopped unproven above the plan's own cost at a step the plan
    itself still meets no dearer (a price or demand lowered, a limit raised): no better plan
    was found, `cost` and `gap` are the re-solve's and `cost_change` is None."""
    cost: float | None
    cost_change: float | None
    note: str = ""
    gap: float | None = None
    """For a re-solve that stopped on its time limit (`feasible`): the gap it stopped at. Its
    cost is a plan's found, not the optimum's, and proves nothing of any other."""


def response(base: float, change: float, value: float, trial: Trial) -> CostResponse:
    unproven = trial.status == "feasible" and trial.solution is not None
    return CostResponse(
        change=change,
        value=value,
        status=trial.status,
        cost=trial.cost,
        cost_change=None if trial.cost is None else trial.cost - base,
        gap=trial.solution.achieved_gap if unproven and trial.solution is not None else None,
    )


def not_run(change: float, value: float, gone: OutOfTime) -> CostResponse:
    """A response the run's time budget (or a cancel, `gone`) left: no cost, and why."""
    why = (
        "the run was cancelled" if gone.cancelled else "the run's time budget (max_seconds) ran out"
    )
    note = f"not re-solved: {why} first"
    return CostResponse(
        change=change, value=value, status=NOT_RUN, cost=None, cost_change=None, note=note
    )


def _proven(change: float, value: float, base: float, cost: float, note: str) -> CostResponse:
    if abs(cost - base) < 0.005:  # the plan's own cost, read off a line to rounding
        return CostResponse(
            change=change, value=value, status="unchanged", cost=base, cost_change=0.0, note=note
        )
    return CostResponse(
        change=change, value=value, status="proven", cost=cost, cost_change=cost - base, note=note
    )


def price_responses(
    instance: Instance,
    lever: Lever,
    base: Trial,
    trial: TrialFn,
    steps: tuple[float, ...],
    curve: PriceCurve | None,
    solved: dict[float, Trial] | None = None,
) -> tuple[CostResponse, ...]:
    """The cost at each step of the offer's price: the plain re-solve the target price's
    search made at that price (`solved`, by price), else proven by `curve` where it can be
    (see `optimizer.price_curve`), re-solved otherwise, the widest steps first (their plans
    may prove the narrower ones); in the order of `steps`. No curve: every step re-solved.
    A step the run's time budget leaves no re-solve for is `not_run` (`not_run`)."""
    assert base.cost is not None
    price = lever.price(instance)
    found: dict[float, CostResponse] = {}
    for change in sorted(steps, key=lambda c: (-abs(c), c)):
        value = price * (1.0 + change)
        made = None if solved is None else solved.get(value)
        if made is not None:
            found[change] = response(base.cost, change, value, made)
            continue
        proof = curve.proven(value) if curve is not None else None
        if proof is not None:
            found[change] = _proven(change, value, base.cost, *proof)
            continue
        try:
            result = trial(lever.at(instance, value), lever, None)
        except OutOfTime as gone:
            found[change] = not_run(change, value, gone)
            continue
        found[change] = response(base.cost, change, value, result)
        if curve is not None and result.status == "optimal" and result.solution is not None:
            line = line_of(instance, result.solution, lever)
            buys = lever.bought(instance, result.solution)
            curve.add(Point(price=value, line=line, buys=buys, floor=floor_of(result.solution)))
    return tuple(found[change] for change in steps)
