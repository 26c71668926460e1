"""A target price and the checks it rests on, as a sensitivity run reports them: `PriceCheck`
(one check at one price, how it was made and whether it was proven), `TargetPrice` (the
price at which an offer enters or leaves an optimal plan, or why there is none) and
`unproven_why` (the words for a check that proves nothing). Found by
`optimizer.target_prices`."""

from __future__ import annotations

from optimizer.plan import Out
from optimizer.price_curve import CheckKind

__all__ = ["PriceCheck", "TargetPrice", "unproven_why"]


class PriceCheck(Out, frozen=True, kw_only=True):
    """One check at one price, made as `how` says: whether the optimum there buys the offer,
    and `cost`: the optimum's for a `re-solve` or `joint` check run to its optimum; for a
    `certificate` (or a re-solve answered early, also `certificate`) the cost of the plan
    that proves the offer bought, an upper bound on the optimum's, not the optimum."""

    price: float
    """In the offer's unit: per GPU-hour, or the scale of an API offer's per-token prices."""
    bought: bool
    cost: float | None
    """The optimum's cost, or for a `certificate` an upper bound on it (see above); None when
    the solve found no plan."""
    how: CheckKind = "re-solve"
    """`re-solve`: the optimum of a plain re-solve at that price (its cost); `certificate`: a
    plan that buys the offer, checked feasible at that price (row by row, or by a solver run
    where its objective is within a feasibility tolerance of the bound), whose cost
    (given) is below every plan's that buys none, so that every optimum there buys it (see
    `optimizer.certificates`), or a plain re-solve answered early at such a plan found by
    HiGHS's search (`answered`); `joint`: not bought by the optimum of one re-solve with this
    and other offers the plan does not buy all lowered, none of which it bought, which raising
    the others back to today's prices keeps optimal (`optimizer.joint_checks`); `dominated`:
    not bought, another offer replacing it strictly cheaper at that price, and its cost the
    best plan's without it, proven by a solver run (`optimizer.dominated_checks`)."""
    proven: bool = True
    """True when every solver run the check rests on was proven to the sensitivity's gap (a
    certificate, dominance and a joint check rest only on proven runs); false when its
    re-solve stopped (on its time limit) at a plan it did not prove optimal, or found none:
    `bought` and `cost` are then that plan's, not the optimum's, and prove nothing."""
    gap: float | None = None
    """For a check not proven: the gap its re-solve stopped at (None when it found no plan
    or reported no gap)."""
    in_horizon: bool | None = None
    """For a check that buys the offer: whether its plan (the optimum's for a re-solve, the
    certifying plan's for a certificate) buys it in a month of the horizon, something the
    buyer signs, rather than only in the tail after it (`in_horizon`)."""


def unproven_why(check: PriceCheck, what: str = "the re-solve") -> str:
    """Why `check` proves nothing: "the re-solve at 4.98 stopped unproven (gap 3.10%)"."""
    gap = (
        "no plan found"
        if check.gap is None and check.cost is None
        else ("no gap reported" if check.gap is None else f"gap {check.gap:.2%}")
    )
    return f"{what} at {check.price:.4g} stopped before proving its plan optimal ({gap})"


class TargetPrice(Out, frozen=True, kw_only=True):
    """The price at which the offer enters (`enters_below`) or leaves (`leaves_above`) an
    optimal plan, or why there is none: `never_enters` (not bought at any positive price, or
    not at all: a cap, availability or minimum contract), `never_leaves` (no plan meets the
    demand without it); or `unfinished`: the run's time budget (`max_seconds`) ran out before
    its search ended, no price is given, `below` and `above` are the proven checks it has
    that bracket the target (either None without one) and `note` says how far it got."""

    kind: str
    price: float | None = None
    change: float | None = None
    """The target against today's price, as a fraction (-0.2: 20% below)."""
    tolerance: float = 0.0
    verified: bool = False
    """True when the plan buys the offer at `below` and not at `above`, the two at most
    2 * `tolerance` apart, and every solver run they rest on proven (`proven`)."""
    proven: bool = True
    """False when a solver run the target rests on stopped before proving its plan optimal:
    a check (`PriceCheck.proven`), or the plan's re-solve (`Sensitivity.base_status`);
    `note` names it and its gap, and the target is not `verified`."""
    in_horizon: bool | None = None
    """For `enters_below` and `leaves_above`: whether the plan just below the target
    (`below`) buys the offer in a month of the horizon (true: something the buyer signs
    changes at the target), or only in the tail after it (false: under `demand_continues`,
    only the valuation of the demand after the horizon moves; nothing signed in the horizon
    changes at that price, `note` says so)."""
    below: PriceCheck | None = None
    above: PriceCheck | None = None
    solves: int = 0
    """Its own search's solver runs (a joint check, shared with other offers, is counted in
    the run's `solver_runs` only)."""
    note: str = ""
