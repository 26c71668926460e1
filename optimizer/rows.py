"""The constraint families of DESIGN section 3, one `add_*` function each; every function that
adds a row with a meaningful dual records it on the `Formulation`, where the solver reads it.
`write_model` puts variables, objective and rows together."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from catalog.errors import InvalidInput
from catalog.model import slugify
from optimizer.api_rows import add_api_purchases, add_api_rows, api_spend_terms
from optimizer.instance import Instance, OfferSpec
from optimizer.model import (
    GE,
    LE,
    Formulation,
    Goal,
    Sink,
    add_shortfall,
    formulate,
    set_objective,
    shortfall_terms,
)
from optimizer.rounding_cuts import add_rounding_cuts
from optimizer.upfront_rows import UPFRONT, UPFRONT_BY_MONTH, add_upfront_limits

__all__ = [
    "BUDGET",
    "MONEY_LIMITS",
    "TOTAL_POWER",
    "RunRateLimit",
    "add_availability",
    "add_capacity",
    "add_demand",
    "add_limits",
    "add_min_units",
    "add_renewals",
    "add_vendor_share",
    "run_rate_limits",
    "write_model",
]

TOTAL_POWER = "(total)"
BUDGET = "(budget)"
MONEY_LIMITS = frozenset({BUDGET, UPFRONT, UPFRONT_BY_MONTH})
"""Limits in $ (their duals are per $); the others are in kW (per MW once scaled)."""


def add_demand(f: Formulation) -> None:
    """Demand, normalised by the month's requirement so that every row reads "share >= 1";
    the dual, divided by the requirement, is $ per tokens/s of capacity."""
    instance = f.instance
    # Whole replicas plan capacity at the utilisation cap here; fractional GPUs in `k` rows.
    whole = instance.replicas == "whole"
    share = instance.utilization_cap if whole else 1.0
    by_demand: dict[tuple[int, int], list[tuple[Any, float, bool]]] = {}
    for (o, w, t), var in f.serve.items():
        rate = instance.rates[(o, w)].per_gpu * f.serve_gpus[(o, w)] * share
        coefficient = rate / instance.workloads[w].required[t]
        if whole and not f.relax and t < instance.horizon:
            # One whole block that alone meets the month's demand meets it: a coefficient
            # above 1 on a whole count can be 1 with the same whole plans, and a much tighter
            # relaxation (a tenth of a rack no longer buys a tenth of a small demand).
            coefficient = min(1.0, coefficient)
        by_demand.setdefault((w, t), []).append((var, coefficient, (o, w, t) in f.whole_serve))
    for w, wspec in enumerate(instance.workloads):
        for t in f.blocks.solved:
            if wspec.required[t] <= 0 or (t >= instance.horizon and w not in f.tail_served):
                continue
            terms = by_demand.get((w, t), [])
            terms += [
                (var, pta / wspec.required[t], False) for var, pta in f.bought.get((w, t), [])
            ]
            if (w, t) in f.short:
                terms = [*terms, (f.short[(w, t)], 1.0, False)]
            f.demand_terms[(w, t)] = terms
            pairs = [(var, coefficient) for var, coefficient, _whole in terms]
            f.demand_rows[(w, t)] = f.sink.row(pairs, GE, 1.0, f"d_{w}_{t}")


def add_capacity(f: Formulation) -> None:
    """What serves workloads fits in the active fleet: whole units, each given to one workload
    in a month (`whole`), or GPUs at the utilisation cap (`fractional`). Active units never
    fall where the model counts them (`n[o,t]`)."""
    instance = f.instance
    whole = instance.replicas == "whole"
    by_capacity: dict[tuple[int, int], list[tuple[Any, float]]] = {}
    for (o, w, t), var in f.serve.items():
        weight = f.serve_units[(o, w)] if whole else 1.0
        by_capacity.setdefault((o, t), []).append((var, weight))
    for (o, t), pairs in sorted(by_capacity.items()):
        spec = instance.offers[o]
        per_unit = 1.0 if whole else instance.utilization_cap * spec.gpus_per_unit
        fleet = f.fleet(o, t, -per_unit)
        f.sink.row(pairs + fleet, LE, per_unit * spec.existing[t], f"k_{o}_{t}")
    for n, (later, earlier) in enumerate(f.monotone):
        f.sink.row([(later, 1.0), (earlier, -1.0)], GE, 0.0, f"r_{n}")
    if not f.relax and not whole:
        _add_need_rows(f)


def _add_need_rows(f: Formulation) -> None:
    """In the integer fractional model, serving w never takes more GPUs than w's whole month
    needs (g <= need * active units): much tighter than the capacity row where one unit is
    more than w needs (a 72-GPU rack for a small workload), so the LP can no longer buy a tenth
    of a rack for a tenth of the demand. Valid inequalities only: left out of the relaxation
    whose duals are the marginals."""
    instance = f.instance
    for (o, w, t), var in f.serve.items():
        if t >= instance.horizon:
            continue  # the tail's units are not whole: no cut of whole units applies
        spec = instance.offers[o]
        per_unit = instance.utilization_cap * spec.gpus_per_unit
        need = instance.workloads[w].required[t] / instance.rates[(o, w)].per_gpu
        if need >= per_unit:
            continue
        f.sink.row(
            [(var, 1.0), *f.fleet(o, t, -need)], LE, need * spec.existing[t], f"u_{o}_{w}_{t}"
        )


MAX_FLAG_UPPER = 1e8
"""The most units a minimum's flag may span: HiGHS takes a flag within its integrality
tolerance of 0 for 0, so at a bound of 1e9 a flag of 1e-9 held 1 unit of an offer sold by a
billion (probe 18a F6). Input caps `min_units` at a million (`catalog.input_rules`); a stored
older offer, or a demand of more than this many units of one offer, is refused here."""


def _flag_upper(f: Formulation, o: int, upper: float, field: str) -> float:
    """`upper`, the units a flag of offer `o` spans, once checked against `MAX_FLAG_UPPER`.

    Raises:
        InvalidInput: naming the offer's `min_units` when it is over the limit, else `field`
        (what asks for that many units).
    """
    if upper <= MAX_FLAG_UPPER:
        return upper
    offer = f.instance.offers[o].offer
    if (offer.min_units or 0) > MAX_FLAG_UPPER:
        field = f"catalog.offers[{offer.id}].min_units"
    raise InvalidInput.one(
        field,
        f"offer {offer.id} is sold by a minimum of units, and a contract of it would span "
        f"{upper:,.0f} units, more than the solver can hold to its minimum (at most "
        f"{MAX_FLAG_UPPER:,.0f}): lower the demand, the units or the minimum, or leave the "
        "offer out (`vendors`)",
    )


def add_min_units(f: Formulation) -> None:
    """min_units: a contract is zero or at least the minimum."""
    for (o, s), flag in f.binaries.items():
        var = f.starts[(o, s)]
        minimum = float(f.instance.offers[o].offer.min_units or 1)
        upper = max(float(f.flag_upper.get((o, s)) or minimum), minimum)
        upper = _flag_upper(f, o, upper, "forecast")
        f.sink.row([(var, 1.0), (flag, -minimum)], GE, 0.0, f"m_{o}_{s}")
        f.sink.row([(var, 1.0), (flag, -upper)], LE, 0.0, f"M_{o}_{s}")


def add_renewals(f: Formulation) -> None:
    """Units not renewed in the tail are at most the units whose contracts end then
    (`optimizer.model._add_not_renewed`)."""
    for n, (var, ending) in enumerate(f.renewal_rows):
        f.sink.row([(var, 1.0), *((v, -c) for v, c in ending)], LE, 0.0, f"rn_{n}")
    # A renewal of an offer with `min_units` is a contract of none or at least the minimum:
    # the units renewed (those ending less those not renewed) within [minimum, bound] * flag.
    endings = {id(var): ending for var, ending in f.renewal_rows}
    for (o, s), flag in f.renewal_flags.items():
        var = f.not_renewed[(o, s)]
        renewed = [*endings[id(var)], (var, -1.0)]
        minimum = float(f.instance.offers[o].offer.min_units or 1)
        upper = _flag_upper(f, o, max(float(f.flag_upper[(o, s)]), minimum), "forecast")
        f.sink.row([*renewed, (flag, -minimum)], GE, 0.0, f"rm_{o}_{s}")
        f.sink.row([*renewed, (flag, -upper)], LE, 0.0, f"rM_{o}_{s}")
    # An existing commitment's renewal likewise (review 17a R1): of its units, none or at
    # least the minimum (all of them, when it holds fewer).
    for k, flag in f.held_flags.items():
        held = f.instance.held[k]
        var = f.held_not_renewed[k]
        minimum = float(min(f.instance.offers[held.o].offer.min_units or 1, held.units))
        units = _flag_upper(f, held.o, float(held.units), "existing")
        f.sink.row([(var, -1.0), (flag, -minimum)], GE, -units, f"rm_h{k}")
        f.sink.row([(var, -1.0), (flag, -units)], LE, -units, f"rM_h{k}")


def add_availability(f: Formulation) -> None:
    """Active units within `max_units` (in the integer model a single month-to-month contract
    of the horizon is already bounded by its variable; the tail's are not, and the relaxation
    keeps every row, for its dual)."""
    instance = f.instance
    for o in f.active_offers:
        spec = instance.offers[o]
        limit = spec.offer.max_units
        if limit is None:
            continue
        bounded = spec.term == 1 and not any(spec.existing) and not f.relax
        for t in f.blocks.solved:
            if bounded and t < instance.horizon:
                continue
            fleet = f.fleet(o, t, 1.0)
            if not fleet:
                continue
            # Units already owned beyond `max_units` are taken as owned (see
            # `existing_limits.owned_beyond_availability`): none is bought while they run, and
            # one more unit of `max_units` would buy nothing, so the row has no marginal (at
            # exactly the limit one more would buy one: the row keeps its dual).
            room = limit - spec.existing[t]
            row = f.sink.row(fleet, LE, max(0.0, room), f"a_{o}_{t}")
            if room >= 0:
                f.unit_rows[(o, t)] = row


def _everyone(spec: OfferSpec) -> bool:
    return True


def _kw(spec: OfferSpec) -> float:
    return spec.kw_per_unit


def _month_cost(spec: OfferSpec) -> float:
    return spec.month_cost_per_unit


def _existing_kw(spec: OfferSpec, t: int) -> float:
    return spec.kw_per_unit * spec.existing[t]


def _existing_cost(spec: OfferSpec, t: int) -> float:
    return spec.existing_cost[t]


@dataclass(frozen=True)
class RunRateLimit:
    """A run-rate limit in each month `limits` covers (the span, or only the horizon): the
    active units of the `members` offers, each new one times its `weight` (kW per unit for
    power, cost per unit-month for the budget) and the existing ones as `held` counts them
    (their kW; their cost at the prices they were signed at), and the spend on tokens `bought`
    from APIs, within `limits[t]`. Its rows are recorded under (`label`, month) for their
    duals, named `name_t`."""

    label: str
    limits: list[float]
    weight: Callable[[OfferSpec], float]
    name: str
    held: Callable[[OfferSpec, int], float]
    members: Callable[[OfferSpec], bool] = _everyone
    bought: bool = False

    def existing(self, specs: Iterable[OfferSpec], t: int) -> float:
        """What the existing units of the member offers among `specs` take of it in month
        `t`."""
        return sum(self.held(s, t) for s in specs if self.members(s))


def _at_site(site: str) -> Callable[[OfferSpec], bool]:
    return lambda spec: spec.offer.site_key == site


def run_rate_limits(instance: Instance) -> list[RunRateLimit]:
    """Power per site and in total (in kW) over the span, and the monthly run-rate budget over
    the horizon: the budget limits what the plan pays in the forecast's months (DESIGN section
    3). The tail of `demand_continues` values the continued demand and buys nothing; its
    contracts are those of the horizon's last month, or fewer, and its month-to-month valuation
    is not held to a budget (with it, a tail whose contracts expire into dearer on-demand months
    made a plan that fits its budget in every month of the horizon infeasible)."""
    limits = [
        RunRateLimit(
            site, [1000.0 * mw for mw in caps], _kw, f"p_{n}", _existing_kw, _at_site(site)
        )
        for n, (site, caps) in enumerate(sorted(instance.power_caps.items()))
    ]
    if instance.total_power_mw is not None:
        kw = [1000.0 * mw for mw in instance.total_power_mw]
        limits.append(RunRateLimit(TOTAL_POWER, kw, _kw, "P", _existing_kw))
    if instance.monthly_budget is not None:
        budget = [instance.monthly_budget] * instance.horizon
        limits.append(RunRateLimit(BUDGET, budget, _month_cost, "B", _existing_cost, bought=True))
    return limits


def add_limits(f: Formulation) -> None:
    """The rows of every run-rate limit of the instance (`run_rate_limits`)."""
    instance = f.instance
    for limit in run_rate_limits(instance):
        offers = [o for o in f.active_offers if limit.members(instance.offers[o])]
        specs = [instance.offers[o] for o in offers]
        for t in f.blocks.solved:
            if t >= len(limit.limits):
                break
            pairs = [p for o in offers for p in f.fleet(o, t, limit.weight(instance.offers[o]))]
            pairs += api_spend_terms(f, t) if limit.bought else []
            rhs = limit.limits[t] - limit.existing(specs, t)
            f.limit_rows[(limit.label, t)] = f.sink.row(pairs, LE, rhs, f"{limit.name}_{t}")


def add_vendor_share(f: Formulation) -> None:
    """Each vendor's run-rate at most `max_vendor_share` of the month's run-rate, in the
    forecast's months: like the budget (`run_rate_limits`), the share rules what the plan buys,
    and the tail of `demand_continues` buys nothing. Held there, a tail whose contracts expire
    into one vendor's on-demand units made a plan that keeps the share in every month of the
    horizon infeasible (the seed example with vendors Nscale, reserved only, and Lambda,
    on-demand only, at a share of 0.6)."""
    instance = f.instance
    share = instance.max_vendor_share
    if share is None:
        return
    vendors = sorted(
        {slugify(instance.offers[o].offer.vendor) for o in f.active_offers}
        | {vendor for terms in f.api_spend.values() for _var, vendor, _cost in terms}
    )
    for v, vendor in enumerate(vendors):
        for t in [t for t in f.blocks.solved if t < instance.horizon]:
            pairs: list[tuple[Any, float]] = []
            fixed = 0.0
            for o in f.active_offers:
                spec = instance.offers[o]
                own = slugify(spec.offer.vendor) == vendor
                side = (1.0 - share) if own else -share
                pairs += f.fleet(o, t, spec.month_cost_per_unit * side)
                fixed += side * spec.existing_cost[t]  # at the prices they were signed at
            pairs += [(var, cost * (1.0 - share)) for var, cost in api_spend_terms(f, t, vendor)]
            pairs += [
                (var, -cost * share) for var, v, cost in f.api_spend.get(t, []) if v != vendor
            ]
            if not pairs:
                # No new units in this month: the existing ones alone must keep the share.
                pairs = [(_constant_one(f), fixed)]
                fixed = 0.0
            f.share_rows[(vendor, t)] = f.sink.row(pairs, LE, -fixed, f"v_{v}_{t}")


def _constant_one(f: Formulation) -> Any:
    if f.one is None:
        f.one = f.sink.variable("one", 1.0, 1.0, False)
    return f.one


def write_model(
    instance: Instance,
    sink: Sink,
    *,
    relax: bool = False,
    goal: Goal = "cost",
    allow_shortfall: bool = False,
    shortfall_limit: float | None = None,
    power_limit: float | None = None,
    tail_blocks: bool = True,
    replacement_caps: bool = True,
    ties: bool = True,
) -> Formulation:
    """Write the whole model into `sink`. `goal` picks what to minimise; `allow_shortfall` adds
    the shortfall variables of the infeasibility phases; the limits fix a previous phase's
    optimum (the total shortfall, or the power-months); `tail_blocks` solves repeated tail
    months once (`optimizer.tail_blocks`); `replacement_caps` bounds the blocks a cheaper
    offer replaces (`optimizer.replacement_caps`: off where rows added later could force that
    offer out, or values fixed from another solve could break a cap); `ties` False leaves the
    tie-break out of the objective (`optimizer.model.set_objective`)."""
    f = formulate(
        instance, sink, relax=relax, blocks=tail_blocks, replacement_caps=replacement_caps
    )
    add_api_purchases(f)
    if allow_shortfall:
        add_shortfall(f)
    set_objective(f, goal, ties)
    add_demand(f)
    add_rounding_cuts(f)
    add_capacity(f)
    add_min_units(f)
    add_renewals(f)
    add_availability(f)
    add_limits(f)
    add_vendor_share(f)
    add_api_rows(f)
    add_upfront_limits(f)
    if shortfall_limit is not None:
        sink.row(shortfall_terms(f), LE, shortfall_limit, "S")
    if power_limit is not None:
        sink.row(list(f.power_terms.items()), LE, power_limit, "W")
    return f
