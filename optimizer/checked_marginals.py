"""The relaxation's duals made into what each step saves (probe 13 finding 3): every kind of
marginal a plan shows is checked by re-solving with its limit moved one step up and one step
down (`optimizer.marginal_steps`); the figure shown is the step up's saving (the dual where
the two agree to half a cent), the step down's cost is given beside it where it differs, and
the note names each limit that sits at such a breakpoint."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from optimizer.assembly import SECONDS_PER_MONTH, clean
from optimizer.limit_marginals import BINDING
from optimizer.marginal_steps import TOLERANCE, Budget, Resolver, Sides, share_costs, tight
from optimizer.phases import Clock
from optimizer.plan import (
    DemandMarginal,
    Marginals,
    PowerMarginal,
    ShareMarginal,
    UnitMarginal,
    WorkloadMarginal,
)
from optimizer.rows import BUDGET, MONEY_LIMITS
from optimizer.solver import Model

__all__ = ["check_marginals"]

MILLION_TOKENS_PER_TPS_MONTH = SECONDS_PER_MONTH / 1e6  # as `optimizer.marginals`


@dataclass
class _Said:
    """What the note adds: the limits at a breakpoint, and those that cannot be stepped."""

    kinks: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)


def _money(value: float) -> str:
    return f"{value:,.2f}"


@dataclass(frozen=True)
class _Figures:
    up: float
    """The step up's figure: $ saved by a limit one step looser (or, for demand, $ one more
    unit costs)."""
    down: float | None
    """The step down's figure where it differs from `up` (a breakpoint)."""


def _figures(
    dual: float,
    sides: Sides,
    demand: bool,
    name: str,
    words: tuple[str, str],
    said: _Said,
) -> _Figures:
    """The two sides of a step from the re-solved costs (`demand`: the step up adds cost);
    `dual` where a side was not solved or agrees with it."""
    sign = -1.0 if demand else 1.0
    tolerance = sides.tolerance()
    up = dual
    if sides.up is not None and math.isfinite(sides.up):
        moved = sign * (sides.base - sides.up)
        if abs(moved - dual) > tolerance:
            up = moved
    elif sides.up is not None:
        said.stuck.append(f"{name}: no plan meets one step up")
    down: float | None = None
    if sides.down is not None and math.isfinite(sides.down):
        moved = sign * (sides.down - sides.base)
        if abs(moved - up) > tolerance:
            down = moved
    elif sides.down is not None:
        said.stuck.append(f"{name}: no plan meets one step down")
    if down is not None:
        said.kinks.append(f"{name}: {words[0]} {_money(up)}, {words[1]} {_money(down)}")
    return _Figures(clean(up), None if down is None else clean(down))


LIMIT_WORDS = ("one step up saves", "one step down costs")


def _check_limits(
    resolver: Resolver, items: Sequence[PowerMarginal], label_of: Callable[[str], str], said: _Said
) -> list[PowerMarginal]:
    """Power caps (a step of 1 MW), budgets and capex budgets (a step of $1), each limit
    moved in every month at once: a cap's per-month figures are split arbitrarily between
    the months a commitment couples (raising one month's alone may save nothing), so only
    their sum is a step's; they split it in the relaxation's proportions."""
    rows = resolver.model.formulation.limit_rows
    out = []
    for site in dict.fromkeys(item.site for item in items):
        label = label_of(site)
        months = [item for item in items if item.site == site]
        step = 1.0 if label in MONEY_LIMITS else 1000.0
        moved = [
            row for (name, _t), row in sorted(rows.items(), key=lambda r: r[0][1]) if name == label
        ]
        if not any(tight(row, step) for row in moved):
            out += months  # slack by more than a step everywhere: neither step moves the plan
            continue
        base = [float(row.getUb()) for row in moved]
        lower = [b - step for b in base]
        below_zero = any(b < -1e-9 for b in lower)  # no step down: a cap under 0 is no cap
        sides = resolver.sides(moved, [b + step for b in base], None if below_zero else lower)
        unit = "1.00 of money" if label in MONEY_LIMITS else "MW"
        name = f"{site} (per {unit} in every month)"
        total = sum(m.per_mw_month for m in months)
        figures = _figures(total, sides, False, name, LIMIT_WORDS, said)
        out += _split_limit(months, total, figures)
    return out


def _split_limit(
    months: Sequence[PowerMarginal], total: float, figures: _Figures
) -> list[PowerMarginal]:
    """The step's figures over the months in the proportions of the duals (all of it on the
    first month where the duals are all 0)."""
    parts = [m.per_mw_month for m in months]
    if abs(total) <= BINDING:
        parts, total = [1.0] + [0.0] * (len(months) - 1), 1.0
    ups = _split(total, parts, figures.up)
    downs = _split(total, parts, figures.down) if figures.down is not None else None
    return [
        msgspec.structs.replace(
            m, per_mw_month=ups[i], step_down_per_mw_month=None if downs is None else downs[i]
        )
        for i, m in enumerate(months)
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


def _check_workloads(
    resolver: Resolver, items: Sequence[WorkloadMarginal], said: _Said
) -> list[WorkloadMarginal]:
    """One more (and one fewer) average token/s of a workload in every month it has demand."""
    instance = resolver.model.instance
    f = resolver.model.formulation
    index = {spec.id: w for w, spec in enumerate(instance.workloads)}
    out = []
    for item in items:
        w = index[item.workload_id]
        spec = instance.workloads[w]
        keys = sorted(key for key in f.demand_rows if key[0] == w)
        rows = [f.demand_rows[key] for key in keys]
        steps = [spec.workload.peak_to_average / spec.required[t] for _w, t in keys]
        down = [1.0 - s for s in steps] if all(s < 1.0 for s in steps) else None
        months = [t for _w, t in keys]
        shares, upper, lower = _purchase_rows(resolver.model, w, dict.fromkeys(months, 1.0))
        rows += shares
        steps += [u - 1.0 for u in upper]
        down = None if down is None else down + lower
        sides = resolver.sides(
            rows,
            [1.0 + s for s in steps],
            down,
            (
                _bought(resolver.model, w, dict.fromkeys(months, 1.0)),
                _bought(resolver.model, w, dict.fromkeys(months, -1.0)),
            ),
        )
        words = ("one more token/s costs", "one fewer saves")
        name = f"demand of {item.workload_id} (per average token/s in every month)"
        figures = _figures(item.per_token_per_second, sides, True, name, words, said)
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
    resolver: Resolver, items: Sequence[DemandMarginal], said: _Said
) -> list[DemandMarginal]:
    """One more (and one fewer) token/s of capacity of a workload in one month."""
    instance = resolver.model.instance
    f = resolver.model.formulation
    index = {spec.id: w for w, spec in enumerate(instance.workloads)}
    out = []
    for item in items:
        w = index[item.workload_id]
        t = instance.months.index(item.month)
        row = f.demand_rows.get((w, t))
        if row is None:
            out.append(item)
            continue
        spec = instance.workloads[w]
        # One more average token/s, as the forecast states demand (probe 13 finding 10: the
        # figure was per token/s of capacity, peak_to_average times less than its $/M and
        # the workload's figure beside it): the capacity row moves by peak_to_average.
        step = spec.workload.peak_to_average / spec.required[t]
        shares, upper, lower = _purchase_rows(resolver.model, w, {t: 1.0})
        sides = resolver.sides(
            [row, *shares],
            [1.0 + step, *upper],
            [1.0 - step, *lower] if step < 1.0 else None,
            (_bought(resolver.model, w, {t: 1.0}), _bought(resolver.model, w, {t: -1.0})),
        )
        words = ("one more token/s costs", "one fewer saves")
        name = f"demand of {item.workload_id} in {item.month} (per average token/s)"
        figures = _figures(item.per_token_per_second_month, sides, True, name, words, said)
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


def _split(total: float, parts: Sequence[float], whole: float) -> list[float]:
    """`whole` split in the proportions of `parts` (whose sum is `total`)."""
    return [clean(whole * p / total) for p in parts]


def _reached(
    model: Model,
    o: int,
    keys: Sequence[tuple[int, int]],
    rows: Sequence[Any],
    held: dict[tuple[int, int], float] | None,
) -> list[UnitMarginal]:
    """Offer `o`'s months (the tail's together) whose `max_units` row the relaxation reaches
    (every month with a row, where it reaches none), as figures of 0 to be filled in."""
    instance = model.instance
    spec = instance.offers[o]
    reached = [t for (_o, t), row in zip(keys, rows, strict=True) if tight(row, 1.0)]
    by_month: dict[str, list[int]] = {}
    for t in reached or [t for _o, t in keys]:
        label = instance.months[t] if t < instance.horizon else "tail"
        by_month.setdefault(label, []).append(t)
    out = []
    for label, months in by_month.items():
        if label == "tail":
            months = list(range(instance.horizon, instance.span))
        in_plan = None if held is None else clean(max(held.get((o, t), 0.0) for t in months))
        out.append(
            UnitMarginal(
                offer_id=spec.id,
                month=label,
                per_unit_month=0.0,
                max_units=spec.offer.max_units,
                units_in_plan=in_plan,
            )
        )
    return out


def _check_availability(
    resolver: Resolver,
    items: Sequence[UnitMarginal],
    said: _Said,
    held: dict[tuple[int, int], float] | None,
) -> list[UnitMarginal]:
    """One more (and one fewer) unit of each offer's `max_units`, in every month's row at once;
    the per-month figures split the step in the relaxation's proportions. Offers whose rows
    are tight with no dual are checked too, and listed where a step costs or saves."""
    instance = resolver.model.instance
    f = resolver.model.formulation
    listed: dict[str, list[UnitMarginal]] = {}
    for item in items:
        listed.setdefault(item.offer_id, []).append(item)
    index = {spec.id: o for o, spec in enumerate(instance.offers)}
    order = [index[offer_id] for offer_id in listed]
    order += sorted({o for o, _t in f.unit_rows} - set(order))
    out: list[UnitMarginal] = []
    for o in order:
        spec = instance.offers[o]
        keys = sorted(key for key in f.unit_rows if key[0] == o)
        rows = [f.unit_rows[key] for key in keys]
        months = listed.get(spec.id, [])
        if not months and not any(tight(row, 1.0) for row in rows):
            continue
        room = [float(row.getUb()) for row in rows]
        limit = spec.offer.max_units or 0
        down = [max(0.0, r - 1.0) for r in room] if limit >= 1 else None
        sides = resolver.sides(rows, [r + 1.0 for r in room], down)
        total = sum(m.per_unit_month for m in months)
        name = f"max_units of {spec.id} (per unit)"
        figures = _figures(total, sides, False, name, LIMIT_WORDS, said)
        if total <= BINDING:
            if max(figures.up, figures.down or 0.0) <= BINDING:
                continue
            # A breakpoint where the relaxation's dual is 0: the limit binds all the same
            # (one unit fewer costs), listed over the months it is reached in.
            months = _reached(resolver.model, o, keys, rows, held)
            total = float(len(months))
            months = [msgspec.structs.replace(m, per_unit_month=1.0) for m in months]
        parts = [m.per_unit_month for m in months]
        ups = _split(total, parts, figures.up)
        downs = _split(total, parts, figures.down) if figures.down is not None else None
        out += [
            msgspec.structs.replace(
                m,
                per_unit_month=ups[i],
                step_down_per_unit_month=None if downs is None else downs[i],
            )
            for i, m in enumerate(months)
        ]
    return out


def _check_share(
    resolver: Resolver, items: Sequence[ShareMarginal], clock: Budget, gap: float, said: _Said
) -> list[ShareMarginal]:
    """`max_vendor_share` 0.01 higher and lower, built and solved again; the per-vendor, per-
    month figures split the step in the relaxation's proportions."""
    instance = resolver.model.instance
    share = instance.max_vendor_share
    if share is None or not resolver.model.formulation.share_rows:
        return list(items)
    sides = share_costs(resolver.model, share, clock, gap, resolver.base)
    if sides.up is None or sides.down is None:
        resolver.unsolved += int(sides.up is None) + int(sides.down is None and share > 0.01)
    total = sum(m.per_share_point for m in items)
    name = f"max_vendor_share {share:g} (per 0.01)"
    figures = _figures(total, sides, False, name, LIMIT_WORDS, said)
    if total <= BINDING:
        if max(figures.up, figures.down or 0.0) <= BINDING or share >= 1.0:
            return []  # a share of 1 is no rule (DESIGN 8.1): its step down is in the note
        # A breakpoint where the relaxation's duals are 0: listed over the vendor-months
        # whose rows it reaches.
        items = _share_reached(resolver.model)
        total = float(len(items))
    parts = [m.per_share_point for m in items]
    ups = _split(total, parts, figures.up)
    downs = _split(total, parts, figures.down) if figures.down is not None else None
    return [
        msgspec.structs.replace(
            m, per_share_point=ups[i], step_down_per_share_point=None if downs is None else downs[i]
        )
        for i, m in enumerate(items)
    ]


def _share_reached(model: Model) -> list[ShareMarginal]:
    """The vendor-months whose share row the relaxation reaches (to half a cent of run-rate),
    each a part of 1 to be filled in."""
    instance = model.instance
    rows = model.formulation.share_rows
    reached = [key for key, row in sorted(rows.items()) if float(row.slack or 0.0) < TOLERANCE]
    return [
        ShareMarginal(vendor=vendor, month=instance.months[t], per_share_point=1.0)
        for vendor, t in reached or sorted(rows)
    ]


def _label(site: str) -> str:
    return BUDGET if site.startswith("(budget") else site


def _note(said: _Said, unsolved: int) -> str:
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
    said = _Said()
    # The finding's limits first, the most numerous (demand per month) last: what the
    # checks' time does not reach is said in the note.
    try:
        availability = _check_availability(resolver, found.availability, said, held)
        vendor_share = _check_share(resolver, found.vendor_share, budget_of_time, gap, said)
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
