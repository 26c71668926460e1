"""The relaxation's duals made into what each step saves (probe 13 finding 3): every kind of
marginal a plan shows is checked by re-solving with its limit moved one step up and one step
down (`optimizer.marginal_steps`); the figure shown is the step up's saving (the dual where
the two agree to half a cent), the step down's cost is given beside it where it differs, and
the note names each limit that sits at such a breakpoint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import msgspec

from optimizer.assembly import SECONDS_PER_MONTH, clean
from optimizer.checked_offer_limits import check_availability, check_share
from optimizer.limit_marginals import BINDING
from optimizer.marginal_steps import Budget, Resolver, Sides, tight
from optimizer.phases import Clock
from optimizer.plan import (
    DemandMarginal,
    Marginals,
    PowerMarginal,
    WorkloadMarginal,
)
from optimizer.rows import BUDGET, MONEY_LIMITS, run_rate_limits
from optimizer.solver import Model
from optimizer.step_figures import LIMIT_WORDS, Figures, Said, figures_of, split

__all__ = [
    "MILLION_TOKENS_PER_TPS_MONTH",
    "POWER_STEP",
    "check_marginals",
    "power_step_kw",
]

MILLION_TOKENS_PER_TPS_MONTH = SECONDS_PER_MONTH / 1e6  # 2.628: a token/s held a month


POWER_STEP = 0.01
"""A power cap's step, as a share of the cap (probe 16a F2: a fixed 1-MW step on a 0.3 MW
cap showed a third of the cap more's average saving, 6.6 times below the rate)."""

SMALLEST_POWER_STEP_KW = 0.001
"""The step of a cap of 0 (a watt): no step down, one so small a step up is the rate."""


def power_step_kw(caps_kw: Sequence[float]) -> float:
    """The step of a power cap of `caps_kw` (kW, one a month it is moved in): `POWER_STEP` of
    its smallest month, so small against the cap that the saving is the rate (the dual where
    no breakpoint is within the step) and never larger than the cap itself."""
    positive = [c for c in caps_kw if c > 0.0]
    return POWER_STEP * min(positive) if positive else SMALLEST_POWER_STEP_KW


def _per(sides: Sides, size: float) -> Sides:
    """A step's sides per unit of the limit (`size` units in the step)."""
    return Sides(
        sides.base / size,
        None if sides.up is None else sides.up / size,
        None if sides.down is None else sides.down / size,
    )


def _check_limits(
    resolver: Resolver, items: Sequence[PowerMarginal], label_of: Callable[[str], str], said: Said
) -> list[PowerMarginal]:
    """Power caps (a step of `POWER_STEP` of the cap, per MW), budgets and capex budgets (a
    step of $1), each limit moved in every month at once: a cap's per-month figures are
    split arbitrarily between the months a commitment couples (raising one month's alone
    may save nothing), so only their sum is a step's; they split it in the relaxation's
    proportions."""
    rows = resolver.model.formulation.limit_rows
    caps = {limit.label: limit.limits for limit in run_rate_limits(resolver.model.instance)}
    out = []
    for site in dict.fromkeys(item.site for item in items):
        label = label_of(site)
        months = [item for item in items if item.site == site]
        keyed = sorted(((t, row) for (name, t), row in rows.items() if name == label))
        moved = [row for _t, row in keyed]
        money = label in MONEY_LIMITS
        step = 1.0 if money else power_step_kw([caps[label][t] for t, _row in keyed])
        if not any(tight(row, step) for row in moved):
            out += months  # slack by more than a step everywhere: neither step moves the plan
            continue
        base = [float(row.getUb()) for row in moved]
        lower = [b - step for b in base]
        below_zero = any(b < -1e-9 for b in lower)  # no step down: a cap under 0 is no cap
        sides = resolver.sides(moved, [b + step for b in base], None if below_zero else lower)
        name = f"{site} (per 1.00 of money in every month)"
        if not money:
            name = f"{site} (per MW in every month, a step of {step / 1000.0:g} MW)"
        total = sum(m.per_mw_month for m in months)
        per = sides if money else _per(sides, step / 1000.0)
        figures = figures_of(total, per, False, name, LIMIT_WORDS, said)
        out += _split_limit(months, total, figures)
    return out


def _split_limit(
    months: Sequence[PowerMarginal], total: float, figures: Figures
) -> list[PowerMarginal]:
    """The step's figures over the months in the proportions of the duals (all of it on the
    first month where the duals are all 0)."""
    parts = [m.per_mw_month for m in months]
    if abs(total) <= BINDING:
        parts, total = [1.0] + [0.0] * (len(months) - 1), 1.0
    return [
        msgspec.structs.replace(m, per_mw_month=part.up, step_down_per_mw_month=part.down)
        for m, part in zip(months, split(total, parts, figures), strict=True)
    ]


def _bought(model: Model, w: int, added: dict[int, float]) -> list[tuple[Any, float]]:
    """The API purchases of workload `w` are shares of its average demand (at most all of
    it): with `added` average tokens/s in month t, each may buy up to the new average, in the
    old one's units."""
    f = model.formulation
    average = model.instance.workloads[w].average
    return [
        (var, max(0.0, 1.0 + added[t] / average[t]))
        for (_a, ww, t), var in f.buy.items()
        if ww == w and t in added
    ]


def _purchase_rows(
    model: Model, w: int, added: dict[int, float]
) -> tuple[list[Any], list[float], list[float]]:
    """The rows that hold `w`'s API purchases within its average demand under a vendor share
    (`optimizer.api_rows`, `e_w_t`), with their right-hand sides one step up and down."""
    problem = model.problem
    average = model.instance.workloads[w].average
    rows, up, down = [], [], []
    for t, more in added.items():
        row = problem.get_constraint_by_name(f"e_{w}_{t}")
        if row is not None:
            rows.append(row)
            up.append(1.0 + more / average[t])
            down.append(max(0.0, 1.0 - more / average[t]))
    return rows, up, down


def _average_step(resolver: Resolver, w: int, months: Sequence[int]) -> Any:
    """The relaxation re-solved with one more and one fewer average token/s of workload `w` in
    each of `months` (as the forecast states demand: its capacity rows move by
    `peak_to_average`, its API purchases, shares of the average, with it)."""
    model = resolver.model
    spec = model.instance.workloads[w]
    rows = [model.formulation.demand_rows[(w, t)] for t in months]
    steps = [spec.workload.peak_to_average / spec.required[t] for t in months]
    down = [1.0 - s for s in steps] if all(s < 1.0 for s in steps) else None
    shares, upper, lower = _purchase_rows(model, w, dict.fromkeys(months, 1.0))
    return resolver.sides(
        rows + shares,
        [1.0 + s for s in steps] + upper,
        None if down is None else down + lower,
        (
            _bought(model, w, dict.fromkeys(months, 1.0)),
            _bought(model, w, dict.fromkeys(months, -1.0)),
        ),
    )


def _check_workloads(
    resolver: Resolver, items: Sequence[WorkloadMarginal], said: Said
) -> list[WorkloadMarginal]:
    """One more (and one fewer) average token/s of a workload in every month it has demand."""
    f = resolver.model.formulation
    index = {spec.id: w for w, spec in enumerate(resolver.model.instance.workloads)}
    out = []
    for item in items:
        w = index[item.workload_id]
        sides = _average_step(resolver, w, sorted(t for ww, t in f.demand_rows if ww == w))
        words = ("one more token/s costs", "one fewer saves")
        name = f"demand of {item.workload_id} (per average token/s in every month)"
        figures = figures_of(item.per_token_per_second, sides, True, name, words, said)
        per_million = item.per_million_tokens
        if figures.up != item.per_token_per_second:
            per_million = clean(figures.up / (MILLION_TOKENS_PER_TPS_MONTH * item.months))
        out.append(
            msgspec.structs.replace(
                item,
                per_token_per_second=figures.up,
                per_million_tokens=per_million,
                step_down_per_token_per_second=figures.down,
            )
        )
    return out


def _check_demand(
    resolver: Resolver, items: Sequence[DemandMarginal], said: Said
) -> list[DemandMarginal]:
    """One more (and one fewer) average token/s of a workload in one month (probe 13 finding
    10: the figure was per token/s of capacity, `peak_to_average` times less than its $/M and
    the workload's figure beside it)."""
    instance = resolver.model.instance
    index = {spec.id: w for w, spec in enumerate(instance.workloads)}
    out = []
    for item in items:
        w = index[item.workload_id]
        t = instance.months.index(item.month)
        if (w, t) not in resolver.model.formulation.demand_rows:
            out.append(item)
            continue
        sides = _average_step(resolver, w, [t])
        words = ("one more token/s costs", "one fewer saves")
        name = f"demand of {item.workload_id} in {item.month} (per average token/s)"
        figures = figures_of(item.per_token_per_second_month, sides, True, name, words, said)
        per_million = item.per_million_tokens
        if figures.up != item.per_token_per_second_month:
            per_million = clean(figures.up / MILLION_TOKENS_PER_TPS_MONTH)
        out.append(
            msgspec.structs.replace(
                item,
                per_token_per_second_month=figures.up,
                per_million_tokens=per_million,
                step_down_per_token_per_second_month=figures.down,
            )
        )
    return out


def _label(site: str) -> str:
    return BUDGET if site.startswith("(budget") else site


def _note(said: Said, unsolved: int) -> str:
    parts = []
    if said.kinks:
        parts.append("The two steps differ here: " + "; ".join(said.kinks) + ".")
    if said.stuck:
        parts.append("; ".join(said.stuck) + ".")
    if unsolved:
        parts.append(
            f"The time for checking (a quarter of the plan's time left) ran out before "
            f"{unsolved} step(s) were re-solved: those figures are the relaxation's duals, "
            "unchecked (at a breakpoint a dual is not the step's saving)."
        )
    return " ".join(parts)


def check_marginals(
    model: Model,
    found: Marginals,
    clock: Clock,
    gap: float,
    solver: str = "HiGHS",
    held: dict[tuple[int, int], float] | None = None,
) -> Marginals:
    """`found` (the duals of the solved relaxation `model`) with each figure replaced by what
    its step saves, re-solved, and the step down's figure where it differs."""
    if solver != "HiGHS" or getattr(model.problem, "solverModel", None) is None:
        # CBC solved it (HiGHS failed): no HiGHS model to re-solve from.
        note = " CBC solved the relaxation: the figures are its duals, not checked by re-solving."
        return msgspec.structs.replace(found, note=found.note + note)
    budget_of_time = Budget(clock)
    resolver = Resolver(model, budget_of_time)
    said = Said()
    # The finding's limits first, the most numerous (demand per month) last: what the
    # checks' time does not reach is said in the note.
    try:
        availability = check_availability(resolver, found.availability, said, held)
        vendor_share = check_share(resolver, found.vendor_share, budget_of_time, gap, said)
        workloads = _check_workloads(resolver, found.workloads, said)
        power = _check_limits(resolver, found.power, _label, said)
        budget = _check_limits(resolver, found.budget, _label, said)
        upfront = _check_limits(resolver, found.upfront, _label, said)
        demand = _check_demand(resolver, found.demand, said)
    finally:
        resolver.finish()
    extra = _note(said, resolver.unsolved)
    return msgspec.structs.replace(
        found,
        note=f"{found.note} {extra}" if extra else found.note,
        power=tuple(power),
        budget=tuple(budget),
        upfront=tuple(upfront),
        availability=tuple(availability),
        workloads=tuple(workloads),
        demand=tuple(demand),
        vendor_share=tuple(vendor_share),
    )
