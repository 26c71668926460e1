"""A sensitivity run as it is asked for and stored (DESIGN section 8.3): its options
(`SensitivityOptions`: the steps, the tolerance, each re-solve's time limit, the whole run's
time budget), each offer's
and each workload's results (`OfferSensitivity`, `DemandSensitivity`) and the run
(`Sensitivity`). Computed by `optimizer.sensitivity`."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from catalog.model import Input
from optimizer.phases import MIN_SOLVE_SECONDS
from optimizer.plan import Out, Span
from optimizer.price_responses import CostResponse
from optimizer.target_price_result import TargetPrice

__all__ = [
    "DEFAULT_RUN_SECONDS",
    "MAX_RUN_SECONDS",
    "MIN_RUN_SECONDS",
    "DemandSensitivity",
    "LimitSensitivity",
    "OfferSensitivity",
    "Sensitivity",
    "SensitivityOptions",
    "SensitivityStatus",
    "Step",
]

Step = Annotated[float, Meta(ge=-0.9, le=10.0)]
DEFAULT_RUN_SECONDS = 600.0
"""A run's default time budget: 10 minutes, a solver slot held no longer than a large plan's
whole queue would wait. The seed example's run takes 2-3 s and the growing, power-capped one
about 15 CPU s (up to a minute's wall on a loaded machine): both end far within it, the same
runs; a 30-offer synthetic catalog (issue 14) took over 441 s for its first 100 of many
solver runs, and now stops at 10 minutes, saying what it left."""
MIN_RUN_SECONDS = 1.0
"""The least budget: the plan's own re-solve (at least `MIN_SOLVE_SECONDS`) must fit in it,
and below a second a run proves next to nothing."""
MAX_RUN_SECONDS = 3600.0
"""The most: an hour, the longest a run may hold one of a server's solver slots (plans queue
behind it); a longer one is better asked for in parts (a larger `tolerance`, fewer `steps`)."""
SensitivityStatus = Literal["solving", "done", "failed"]


class SensitivityOptions(Input, frozen=True, kw_only=True):
    """What to vary: the relative `steps` applied to each price and each demand (default
    -25%, -10%, +10%, +25%), and the relative `tolerance` target prices are verified to."""

    steps: Annotated[tuple[Step, ...], Meta(min_length=1, max_length=8)] = (
        -0.25,
        -0.1,
        0.1,
        0.25,
    )
    tolerance: Annotated[float, Meta(ge=0.001, le=0.2)] = 0.01
    time_limit_s: (
        Annotated[
            float,
            Meta(gt=0, le=300, description=f"At least {MIN_SOLVE_SECONDS:g} s (a 422 below)."),
        ]
        | None
    ) = None
    """Each re-solve's time limit; default: the plan's. At least `MIN_SOLVE_SECONDS`, the
    least a plan's solve gets (`check_options`; runs stored before the floor decode still). A
    re-solve that stops on it unproven proves nothing: its response says `feasible` with its
    gap, and a target resting on it is not `verified`."""

    max_seconds: Annotated[
        float,
        Meta(
            ge=MIN_RUN_SECONDS,
            le=MAX_RUN_SECONDS,
            description=(
                "The whole run's time budget, in seconds: each re-solve's time limit is "
                "clipped to what is left of it, and once it is gone no re-solve starts; what "
                "was not finished is reported as such (responses `not_run`, targets "
                "`unfinished`, `finished` false, and a warning)."
            ),
        ),
    ] = DEFAULT_RUN_SECONDS
    """The whole run's time budget (`optimizer.run_budget`), kept as a plan keeps its
    `time_limit_s`. Default `DEFAULT_RUN_SECONDS`, within `MIN_RUN_SECONDS` and
    `MAX_RUN_SECONDS` (see there why)."""

    def __post_init__(self) -> None:
        if 0.0 in self.steps or len(set(self.steps)) != len(self.steps):
            msg = "`steps` must be distinct and non-zero (0 is the plan itself)"
            raise ValueError(msg)


class OfferSensitivity(Out, frozen=True, kw_only=True):
    """One eligible offer: whether the plan buys it, its cost responses and target price."""

    offer_id: str
    vendor: str
    kind: str
    bought: bool
    price: float
    unit: str = "per GPU-hour"
    """`per GPU-hour`, or for a per-token API offer `x today's per-token prices` (its input and
    output prices scaled together: the price is the scale, 1 today)."""
    responses: tuple[CostResponse, ...]
    target: TargetPrice


class DemandSensitivity(Out, frozen=True, kw_only=True):
    """One workload's demand scaled in every month (tail included)."""

    workload_id: str
    responses: tuple[CostResponse, ...]


class LimitSensitivity(Out, frozen=True, kw_only=True):
    """One limit the request sets (a power cap, a budget, the vendor share, an offer's
    `max_units`): the whole-unit plan's cost with it moved, re-solved, beside the plan's own
    use of it (`optimizer.limit_sensitivity`). The plan's marginals are the relaxation's; a
    whole-unit plan may answer a limit's step by orders of magnitude more or less."""

    limit: str
    """What it is: "power cap of eu-west", "upfront cash in the horizon", "max_units of X"."""
    field: str
    """Where the request (or the catalog, for `max_units`) sets it."""
    unit: str
    """The unit of `value`, `used` and each response's `value`."""
    steps_in: str
    """What a response's `change` counts: `fraction of the limit` (moved in every month at
    once), `points of share` (0.10: ten points), or `units` (whole units of `max_units`)."""
    value: float
    """The limit, in the month the plan takes the largest share of it in (`month`: the month
    a step, every month's limit times one factor, reaches first)."""
    used: float | None
    """The plan's use of it there (as re-solved by the run: the upfront it pays, its peak MW
    at the site, the largest share a vendor takes of a month's run-rate, its most units of
    the offer); None when it could not be read."""
    slack: float | None
    """`value` - `used`: what the plan leaves of it idle."""
    binds: bool | None
    """Whether the plan uses all of it (to a millionth)."""
    month: str | None = None
    """Where the plan takes the largest share of it: a month (or `after the horizon`), a
    vendor and month for the share; None for a limit over the whole horizon."""
    responses: tuple[CostResponse, ...]
    """One per step: the limit tried (`value`), re-solved, or proven without a re-solve where
    an optimum at a looser level fits it (`unchanged`/`proven`, the note says which)."""


class Sensitivity(Out, frozen=True, kw_only=True):
    """A plan's sensitivity run, stored beside it; `finished` false when its time budget
    (`options.max_seconds`) ran out first: what it left is `not_run` or `unfinished`, and
    `warnings` counts it."""

    plan_id: str
    status: SensitivityStatus
    created_at: str
    options: SensitivityOptions = SensitivityOptions()
    currency: str = "USD"
    base_cost: float | None = None
    """What each response is compared with: the plan's cost as re-solved here, or the plan's
    own cost when that re-solve stopped unproven above it (`optimizer.base_reference`; the
    warnings then say so)."""
    base_status: str | None = None
    """The plan's re-solve's status: `optimal` (proven to the run's gap), or `feasible` (it
    stopped on its time limit at a plan it did not prove optimal, `base_gap`): nothing is
    then verified on it (`warnings`). None until the run has re-solved the plan (a run
    `solving`, or one that failed first: probe 14b, a pending run said `optimal` of a plan
    that was not)."""
    base_gap: float | None = None
    """The gap the plan's re-solve stopped at."""
    plan_cost: float | None = None
    """The plan's own cost, on `cost_basis`: the base re-solve must reproduce it within the
    plan's gap for anything to be verified on it (`warnings`)."""
    proofs_checked: bool = False
    """True on runs whose `verified` rests on proven solver runs only (probe 13); false on
    runs stored before, whose targets may be `verified` on re-solves stopped on their time
    limit: a POST with their settings runs them again rather than answering them."""
    limits_run: bool = False
    """True on runs that answered the limits the request sets (`limits`); false on runs
    stored before they did, whose `limits` is empty whatever the plan's limits: a POST with
    their settings runs them again rather than answering them."""
    warnings: tuple[str, ...] = ()
    """What a buyer must know before trusting any figure of the run: a plan not proven
    optimal, a re-solve of it not proven or not at its cost (every target then unverified),
    responses re-solved without proof."""
    cost_basis: Span | None = None
    """What each cost counts (`horizon`, or `horizon_and_tail` under `demand_continues`);
    None until the run has re-solved the plan."""
    offers: tuple[OfferSensitivity, ...] = ()
    workloads: tuple[DemandSensitivity, ...] = ()
    limits: tuple[LimitSensitivity, ...] = ()
    """The cost response to each limit the request sets, re-solved (empty without limits)."""
    solves: int = 0
    solver_runs: dict[str, int] = msgspec.field(default_factory=dict)
    """The solver runs of `solves` by kind (`optimizer.sensitivity_run.RunKind`)."""
    seconds: float = 0.0
    """The run's wall-clock seconds; while it is solving, those since it began as of its last
    solver run's start (progress is stored as each starts: `created_at` dates the start).
    `solves` and `seconds` count the run's `attempt` only."""
    attempt: int = 1
    """Which start of the run this is: 2 or more once a server or worker running it stopped
    and another started it again (probe 16b, F8c: its progress counted again from 1, with
    nothing to say why). Each attempt is the whole run again, with the whole `max_seconds`;
    its `solves` and `seconds` are that attempt's, and the finished run's figures come from
    its last attempt alone."""
    finished: bool = True
    """False while the run is solving, on a failed run, and when its time budget
    (`options.max_seconds`) ran out, or it was cancelled, before it ended: the
    responses it did not re-solve are `not_run`, the targets whose searches did not end
    `unfinished` (with the bracket each has), and `warnings` says how many."""
    error: str | None = None
    last_failure: str | None = None
    """On a finished run: why a later run with other settings failed (this run was kept)."""
