"""The solve's own record on a plan: which solver ran, for how long and how far from proven
optimal it stopped (`SolverInfo`), how objective `power`'s least-power step ended
(`PowerStep`), and how far a `solving` plan's solve is (`Progress`, by solve `Step`)."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct
from msgspec.structs import force_setattr

__all__ = ["MODEL_VERSION", "RELAXATION", "PowerStep", "Progress", "SolverInfo", "Step"]

RELAXATION = "the LP relaxation (fractional units: not a purchasable plan)"
"""What a relaxed plan's (`options.relax`) optimum holds for (`SolverInfo.optimal_for`), as
its status is shown."""

MODEL_VERSION = 3
"""The version of the model's valuation a plan is solved and costed under (`SolverInfo.model`),
raised whenever the same purchases would be valued differently: 1, the first wave's; 2, under
`demand_continues` a contract that ends inside the tail valued as renewed at its own price to
the tail's end (2026-11-30, session 14); 3, how many of its units to renew the plan's choice
where leaving some out can pay (`Instance.renewal_may_pay`; session 15). Plans stored before
versions were recorded say 0."""

Step = Literal["cost", "power", "shortfall"]
"""A solve step of a plan, by its objective (`optimizer.model.Goal`)."""


class Out(Struct, frozen=True, kw_only=True):
    """Base of the output Structs here (as `optimizer.plan.Out`)."""


class PowerStep(Out, frozen=True, kw_only=True):
    """Objective `power`: its first step, the least MW-months, before the cheapest plan within
    0.1% of them (DESIGN section 3). Either step may stop unproven at the time limit."""

    gap: float | None
    """The gap the least-power step stopped at, of its MW-months against its bound."""
    proven: bool
    """The least power was proven within `options.gap`."""
    cost_step: Literal["optimal", "feasible", "no plan"]
    """How the cost step ended; `no plan`: it found none in the time left, so the plan is the
    least-power step's own, its cost not minimised (`gap`, the plan's cost gap, is then null)."""
    cancelled: bool = False
    """A cancel stopped the least-power step (false: it ended before any cancel, on its own
    share of the time; review 10 finding D: a later cancel was blamed for it)."""
    least_mw_months: float | None = None
    """The least MW-months the least-power step found, existing units included, over the
    months the objective counts (as `summary.mw_months`): the plan draws at most 0.1% more (a
    scenario plan: the least expected over its scenarios). None on plans stored before it
    was given."""


class SolverInfo(Out, frozen=True, kw_only=True):
    """Which solver ran, for how long, and how far from proven optimal it stopped."""

    name: str
    seconds: float
    gap: float | None
    relaxed: bool = False
    solves: int = 1
    dominated: dict[str, str] = {}
    """Offers left out of the search, each with the offer that dominates it."""
    cancelled: bool = False
    """True when a cancel (`POST /plans/{id}/cancel`) stopped the search: the plan is the
    best found by then, `feasible` with its `gap`."""
    power: PowerStep | None = None
    """Objective `power`: how its least-power step ended (null for objective `cost`)."""
    optimal_for: str = ""
    """What the status is optimal (or feasible) for: empty for the whole model; "the LP
    relaxation (fractional units: not a purchasable plan)" for a plan solved relaxed
    (`relaxed`: `options.relax`); else "the deployments chosen" when, with whole replicas, a
    month exists in which another deployment of an offer would serve what the chosen one
    serves on fewer units (a warning names it; `optimizer.deployment_check`)."""
    model: int = 0
    """The version of the model that solved and costed the plan (`MODEL_VERSION`): plans of
    different versions may value the same purchases differently (the plan diff says so). 0:
    stored before versions were recorded (2026-11-30), version 1 or 2."""

    def __post_init__(self) -> None:
        # The one place a relaxed plan's scope is decided, on every SolverInfo made, replaced
        # or read back (plans stored before say "" beside `relaxed`: review 21 found the
        # plan's JSON and listing saying so while its event and diff named the relaxation).
        if self.relaxed and self.optimal_for != RELAXATION:
            force_setattr(self, "optimal_for", RELAXATION)
        elif not self.relaxed and self.optimal_for == RELAXATION:
            force_setattr(self, "optimal_for", "")


class Progress(Out, frozen=True, kw_only=True):
    """How far a `solving` plan's solve is (the service fills it from HiGHS's callback)."""

    phase: Literal["queued", "presolve", "search"]
    incumbent_cost: float | None = None
    """The best plan's cost found so far (null in a step whose objective is not cost)."""
    best_bound: float | None = None
    gap: float | None = None
    """The step's relative gap, of its own objective."""
    seconds: float = 0.0
    step: Step = "cost"
    """The solve step running: the least cost; for objective `power`, first the least power;
    when the demand cannot be met, the least shortfall (DESIGN section 3)."""
