"""A sensitivity run's cost responses to each limit the request sets (issue 14, probe 14a
finding 1b): the whole-unit plan re-solved with the limit moved, beside the plan's own use of
it. The plan's marginals are the relaxation's duals; a whole-unit plan can answer a limit by
orders of magnitude otherwise (the capex example: 0.62 saved per $ of `max_upfront` in the
relaxation; at 6,200,000 the plan pays no upfront, and 620,000 more saves 4,124,908.80).

The limits: each power cap (per site, and `total_power_mw`), `monthly_budget`, `max_upfront`,
`max_upfront_by_month` (each moved by the run's `steps`, a fraction of the limit, in every
month at once), `max_vendor_share` (the steps as points of share: 0.5 at +0.10 is 0.6, at most
1) and the `max_units` of each offer the plan reaches or the relaxation's marginals list (one
unit down and up, and the steps of the limit rounded to whole units, none below one unit nor
the offer's `min_units`).

Proofs, not extrapolations: a limit tightened only removes plans, so an optimum at a looser
limit (the plan itself, or a step re-solved) that fits the tighter one is its optimum; such a
step is answered without a re-solve (`unchanged` or `proven`, its note says by which plan),
the loosest steps first so that their optima may answer the others. A limit raised is always
re-solved, even where the plan leaves it slack: in whole units a looser limit admits plans
the old one did not, at any slack (the capex example at 6,200,000 leaves all of it idle, and
6,820,000 buys a plan 4.12 M cheaper that pays 6,690,677.76 upfront; probe 14a, before the
tail renewals: 405,207.04 of 10,000,000 idle, and 10,010,000 bought a plan 1.18 M cheaper
that paid 10,009,666.56)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import msgspec
import numpy as np

from catalog.model import slugify
from optimizer.direct import DirectModel
from optimizer.instance import Instance
from optimizer.plan import Plan
from optimizer.price_responses import CostResponse, not_run, response
from optimizer.rows import BUDGET, TOTAL_POWER
from optimizer.run_budget import OutOfTime
from optimizer.sensitivity_result import LimitSensitivity
from optimizer.starts import fits
from optimizer.trials import Trial
from optimizer.upfront_rows import UPFRONT, UPFRONT_BY_MONTH
from optimizer.wording import units_text

__all__ = ["Limit", "Model", "limit_sensitivity", "limits_of"]

Solve = Callable[[Instance], Trial]
Model = Callable[[Instance | None], DirectModel]
"""The unpruned model of an instance (None: the plan's), as the run writes it."""

RELATIVE = "fraction of the limit"
POINTS = "points of share"
UNITS = "units"
BINDS = 1e-6
"""Relative slack (of the limit, at least 1) within which a limit binds in the plan."""


@dataclass(frozen=True)
class Limit:
    """One limit of the instance: what it is called, where the request sets it, its unit, and
    how to move it (`at`: the instance with it at a level, the plan's being `level`)."""

    name: str
    field: str
    unit: str
    steps_in: str
    level: float
    at: Callable[[float], Instance]
    label: str = ""
    """The model's rows of it (`Formulation.limit_rows`), for a run-rate or upfront limit."""
    values: tuple[float, ...] = ()
    """Its value in each month of its rows, in the rows' units (kW for power)."""
    scale: float = 1.0
    """The unit shown per row unit (1/1000: MW per kW)."""
    offer: int | None = None
    least: float = 1.0
    """The least level a step may try (`max_units`: one unit, and not below `min_units`)."""

    def levels(self, steps: tuple[float, ...]) -> list[tuple[float, float]]:
        """(change, level) of each step, in the order of `steps` (units: -1, +1 and the
        steps rounded, in order of the change), distinct and admissible."""
        if self.steps_in == RELATIVE:
            return [(c, self.level * (1.0 + c)) for c in steps]
        if self.steps_in == POINTS:
            out: list[tuple[float, float]] = []
            for c in steps:
                level = min(1.0, round(self.level + c, 6))
                if level > 0.0 and level != self.level and level not in [v for _, v in out]:
                    out.append((c, level))
            return out
        moves = {-1, 1} | {round(self.level * c) for c in steps}
        return [
            (float(d), self.level + d) for d in sorted(moves) if d and self.level + d >= self.least
        ]


def _scaled(values: list[float], k: float) -> list[float]:
    return [v * k for v in values]


def _caps(instance: Instance, site: str, k: float) -> Instance:
    """`instance` with the power cap of `site` times `k` in every month."""
    caps = dict(instance.power_caps)
    caps[site] = _scaled(caps[site], k)
    return replace(instance, power_caps=caps)


def _units(instance: Instance, o: int, units: float) -> Instance:
    offers = list(instance.offers)
    offer = msgspec.structs.replace(offers[o].offer, max_units=int(units))
    offers[o] = replace(offers[o], offer=offer)
    return replace(instance, offers=offers)


def _relative(
    instance: Instance, value: float, move: Callable[[float], Instance]
) -> Callable[[float], Instance]:
    """A limit moved by a factor: `move(k)` at the level `value * k`."""
    return lambda level: move(level / value if value else 1.0)


def limits_of(
    instance: Instance, plan: Plan, columns: dict[str, float] | None, model: Model
) -> list[Limit]:
    """Every limit the request sets, in the order of the request's fields: power caps by site,
    the total power, the budgets, the vendor share, and each offer's `max_units` that the
    plan (`columns`, its re-solve; `model` writes the plan's instance, unpruned) reaches or
    the relaxation's marginals list."""
    found: list[Limit] = []
    for site, caps in sorted(instance.power_caps.items()):
        base = caps[0] or 1.0
        move = _relative(instance, base, functools.partial(_caps, instance, site))
        found.append(
            Limit(
                name=f"power cap of {site}",
                field=f"constraints.power_caps[site={site}].mw",
                unit="MW",
                steps_in=RELATIVE,
                level=base,
                at=move,
                label=site,
                values=tuple(1000.0 * mw for mw in caps),
                scale=0.001,
            )
        )
    total = instance.total_power_mw
    if total is not None:
        base = total[0] or 1.0
        found.append(
            Limit(
                name="total power",
                field="constraints.total_power_mw",
                unit="MW",
                steps_in=RELATIVE,
                level=base,
                at=_relative(
                    instance,
                    base,
                    lambda k: replace(instance, total_power_mw=_scaled(total, k)),
                ),
                label=TOTAL_POWER,
                values=tuple(1000.0 * mw for mw in total),
                scale=0.001,
            )
        )
    currency = instance.currency
    budget = instance.monthly_budget
    if budget is not None:
        found.append(
            Limit(
                name="monthly budget",
                field="constraints.monthly_budget",
                unit=f"{currency} a month",
                steps_in=RELATIVE,
                level=budget,
                at=lambda level: replace(instance, monthly_budget=level),
                label=BUDGET,
                values=(budget,) * instance.horizon,
            )
        )
    upfront = instance.max_upfront
    if upfront is not None:
        found.append(
            Limit(
                name="upfront cash in the horizon",
                field="constraints.max_upfront",
                unit=currency,
                steps_in=RELATIVE,
                level=upfront,
                at=lambda level: replace(instance, max_upfront=level),
                label=UPFRONT,
                values=(upfront,),
            )
        )
    by_month = instance.max_upfront_by_month
    if by_month is not None:
        base = by_month[0] or 1.0
        found.append(
            Limit(
                name="upfront cash in each month",
                field="constraints.max_upfront_by_month",
                unit=currency,
                steps_in=RELATIVE,
                level=base,
                at=_relative(
                    instance,
                    base,
                    lambda k: replace(instance, max_upfront_by_month=_scaled(by_month, k)),
                ),
                label=UPFRONT_BY_MONTH,
                values=tuple(by_month),
            )
        )
    share = instance.max_vendor_share
    if share is not None and share < 1.0:
        found.append(
            Limit(
                name="vendor share",
                field="constraints.max_vendor_share",
                unit="share of a month's run-rate",
                steps_in=POINTS,
                level=share,
                at=lambda level: replace(instance, max_vendor_share=level),
            )
        )
    listed = set()
    marginals = plan.marginal
    if marginals is not None:
        listed = {m.offer_id for m in marginals.availability}
    for o, spec in enumerate(instance.offers):
        limit = spec.offer.max_units
        if limit is None or not any(oo == o for oo, _w in instance.rates):
            continue
        held = Limit(
            name=f"max_units of {spec.id}",
            field=f"offers[id={spec.id}].max_units",
            unit=UNITS,
            steps_in=UNITS,
            level=float(limit),
            at=functools.partial(_units, instance, o),
            offer=o,
            least=float(max(1, spec.offer.min_units or 1)),
        )
        if spec.id in listed or _reached(held, columns, model):
            found.append(held)
    return found


@dataclass(frozen=True)
class Use:
    """A plan's use of a limit where it is tightest: the limit there, the use, the month."""

    value: float
    used: float
    month: str | None


def _activity(model: DirectModel, x: Any) -> Any:
    sink = model.sink
    starts = np.array(sink.starts)
    rows = np.repeat(np.arange(len(sink.row_lower)), np.diff(starts))
    weights = np.array(sink.value) * x[np.array(sink.index, dtype=np.int64)]
    return np.bincount(rows, weights=weights, minlength=len(sink.row_lower))


def _month(instance: Instance, t: int) -> str:
    return instance.months[t] if t < instance.horizon else "after the horizon"


def _vector(model: DirectModel, columns: dict[str, float]) -> Any:
    position = {name: j for j, name in enumerate(model.sink.names)}
    x = np.zeros(len(model.sink.names))
    for name, value in columns.items():
        j = position.get(name)
        if j is None:
            return None
        x[j] = value
    return x


def _fleet(model: DirectModel, x: Any, o: int, t: int, weight: float) -> float:
    return float(sum(c * x[v] for v, c in model.formulation.fleet(o, t, weight)))


def use_of(limit: Limit, model: DirectModel, columns: dict[str, float]) -> Use | None:
    """What the plan of `columns` uses of `limit` in `model` (the plan's, unpruned) where the
    limit is tightest (least slack); None when the plan has a column the model lacks."""
    x = _vector(model, columns)
    if x is None:
        return None
    instance, f = model.instance, model.formulation
    if limit.offer is not None:
        o = limit.offer
        spec = instance.offers[o]
        units = [(_fleet(model, x, o, t, 1.0) + spec.existing[t], t) for t in f.blocks.solved]
        # The first month the plan holds its most units in.
        most, t = max(units, key=lambda u: (round(u[0], 6), -u[1]), default=(0.0, 0))
        return Use(limit.level, most, _month(instance, t))
    if limit.steps_in == POINTS:
        return _share(model, x)
    activity = _activity(model, x)
    upper = model.sink.row_upper
    # Tightest: the month a step (every month's limit times one factor) reaches first, the
    # plan's largest share of the limit; months limited to 0 are not moved by a factor.
    tight: list[tuple[float, float, int, float, float]] = []
    for (label, t), row in f.limit_rows.items():
        if label != limit.label:
            continue
        value = limit.values[t]
        used = value - (upper[row] - float(activity[row]))
        share = round(used / value, 9) if value > 0 else -math.inf  # ties: the first month
        tight.append((-share, round(value - used, 6), t, value, used))
    if not tight:  # no row: nothing the plan may buy counts against it
        return Use(limit.level, 0.0, None)
    _reach, _slack, t, value, used = min(tight)
    month = None if limit.label == UPFRONT else _month(instance, t)
    return Use(value * limit.scale, used * limit.scale, month)


def _share(model: DirectModel, x: Any) -> Use | None:
    """The largest share of a month's run-rate any vendor takes (the months the share rows
    hold: the horizon's), and which vendor in which month."""
    instance, f = model.instance, model.formulation
    share = instance.max_vendor_share
    assert share is not None
    best: tuple[float, str] = (0.0, "")
    for t in [t for t in f.blocks.solved if t < instance.horizon]:
        spend: dict[str, float] = {}
        for o in f.active_offers:
            spec = instance.offers[o]
            vendor = slugify(spec.offer.vendor)
            run = _fleet(model, x, o, t, spec.month_cost_per_unit) + spec.existing_cost[t]
            spend[vendor] = spend.get(vendor, 0.0) + run
        for var, vendor, cost in f.api_spend.get(t, []):
            spend[vendor] = spend.get(vendor, 0.0) + cost * float(x[var])
        total = sum(spend.values())
        if total <= 0:
            continue
        for vendor, paid in sorted(spend.items()):
            # The first month of the largest share (to rounding: equal plans' months).
            if round(paid / total, 9) > round(best[0], 9):
                best = (paid / total, f"{vendor} in {_month(instance, t)}")
    return Use(share, best[0], best[1] or None)


def _reached(limit: Limit, columns: dict[str, float] | None, model: Model) -> bool:
    """Whether the plan holds as many units of the offer as `max_units` in some month."""
    if columns is None:
        return False
    use = use_of(limit, model(None), columns)
    return use is not None and use.used >= limit.level - BINDS


def limit_sensitivity(
    limit: Limit,
    steps: tuple[float, ...],
    base: Trial,
    base_columns: dict[str, float] | None,
    solve: Solve,
    model_of: Model,
    prove: bool,
) -> LimitSensitivity:
    """`limit`'s cost responses: each step re-solved by `solve`, or proven by an optimum at a
    looser level that fits it (in `model_of` the step's instance, unpruned), loosest first
    (`prove`: the base an optimum, else every step re-solved); `not_run` once the run's
    budget is gone. Beside them the plan's use of it (`base_columns`, the plan as re-solved)."""
    assert base.cost is not None
    use = None if base_columns is None else use_of(limit, model_of(None), base_columns)
    levels = limit.levels(steps)
    known: list[tuple[float, Trial, str]] = []  # (level, optimum, what it is), loosest first
    if prove and base.status == "optimal" and base.columns is not None:
        known.append((limit.level, base, "the plan"))
    found: dict[float, CostResponse] = {}
    for change, level in sorted(levels, key=lambda cl: -cl[1]):
        changed = limit.at(level)
        proof = _fitting(known, level, changed, model_of) if known else None
        if proof is not None:
            cost, what = proof
            found[change] = _proven(base.cost, change, level, cost, what)
            continue
        try:
            trial = solve(changed)
        except OutOfTime as gone:
            found[change] = not_run(change, level, gone)
            continue
        found[change] = _cents(response(base.cost, change, level, trial))
        if prove and trial.status == "optimal" and trial.columns is not None:
            known.append((level, trial, f"the re-solve at {_shown(limit, change)}"))
    binds = None
    slack = None
    if use is not None:
        slack = use.value - use.used
        binds = slack <= BINDS * max(1.0, abs(use.value))
    responses = [found[c] for c, _level in levels]
    if use is not None and limit.steps_in == RELATIVE:
        # The limit tried where it is tightest (a limit of one per month moves in every month).
        responses = [
            msgspec.structs.replace(r, value=use.value * (1.0 + r.change)) for r in responses
        ]
    return LimitSensitivity(
        limit=limit.name,
        field=limit.field,
        unit=limit.unit,
        steps_in=limit.steps_in,
        value=use.value if use is not None else limit.level,
        used=None if use is None else use.used,
        slack=slack,
        binds=binds,
        month=None if use is None else use.month,
        responses=tuple(responses),
    )


def _cents(found: CostResponse) -> CostResponse:
    """`found`, a change under half a cent (the same plan's cost summed in another order)
    shown as none rather than as -0.00."""
    change = found.cost_change
    if change is not None and change != 0.0 and abs(change) < 0.005:
        return msgspec.structs.replace(found, cost_change=0.0)
    return found


def _shown(limit: Limit, change: float) -> str:
    if limit.steps_in == UNITS:
        return units_text(change, signed=True)
    if limit.steps_in == POINTS:
        return f"{100 * change:+g} points"
    return f"{change:+.0%}"


def _fitting(
    known: list[tuple[float, Trial, str]], level: float, changed: Instance, model_of: Model
) -> tuple[float, str] | None:
    """The cost and name of an optimum at a level at least `level` (looser) that fits the
    model of `changed`: then the optimum there too."""
    candidates = [(lv, t, what) for lv, t, what in known if lv >= level]
    if not candidates:
        return None
    model = model_of(changed)
    for _level, trial, what in candidates:
        assert trial.columns is not None and trial.cost is not None
        if fits(model.sink, trial.columns):
            return trial.cost, what
    return None


def _proven(base: float, change: float, level: float, cost: float, what: str) -> CostResponse:
    note = (
        f"not re-solved: {what} fits this limit, and a tighter limit only removes plans, so "
        "it is the optimum here too"
    )
    if math.isclose(cost, base, rel_tol=0.0, abs_tol=0.005):
        return CostResponse(
            change=change, value=level, status="unchanged", cost=base, cost_change=0.0, note=note
        )
    return CostResponse(
        change=change, value=level, status="proven", cost=cost, cost_change=cost - base, note=note
    )
