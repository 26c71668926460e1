"""The mixed-integer model of DESIGN section 3: its variables and objective, written into a
`Sink` (PuLP for the service; the benchmark also feeds highspy directly). The constraint
families are in `optimizer.rows`, one `add_*` function each.

Variables are named from integer indices only (`c_3_0`, `g_3_1_7`); `Formulation` keeps the map
back to domain keys and to the rows whose duals are read.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import pulp

from optimizer.bounds import dilution_spend, month_needs, units_upper_bound
from optimizer.instance import Instance
from optimizer.replacement_caps import Limits, replacement_limits
from optimizer.tail_blocks import TailBlocks, every_month, tail_blocks

__all__ = [
    "GE",
    "LE",
    "POWER_PER_KW_MONTH",
    "TIE_SHARE",
    "Formulation",
    "Goal",
    "PulpSink",
    "Sink",
    "counted_months",
    "formulate",
    "runs_to_end",
    "shortfall_terms",
    "tie_terms",
    "tie_weight",
]

Goal = Literal["cost", "power", "shortfall"]

POWER_PER_KW_MONTH = 1.0
"""$ of obligation a kW-month weighs in a tie (DESIGN section 8.1: the smaller obligation, then
lower power): a month less of a unit's term outweighs its power over a 120-month span wherever
a GPU-hour costs over $0.17 per kW the GPU draws ($2 at 1.5 kW: $1.33)."""

TIE_SHARE = 1e-8
"""Most the tie term (`tie_weight`) adds to any plan's counted cost, as a share of it: a
ten-thousandth of the default gap (1e-4), under a cent below $1,000,000. It steers the search
(at 1e-9 HiGHS no longer saw a unit's power, e.g. which month to sign it in: the same offer,
nothing for `optimizer.ties` to re-solve); the re-solve settles ties between offers."""

LE: int = pulp.LpConstraintLE
GE: int = pulp.LpConstraintGE


class Sink(Protocol):
    """Where the formulation goes: PuLP for the service; the benchmark also feeds highspy
    directly, to measure what PuLP costs. Variable and row handles are the sink's own."""

    def variable(self, name: str, low: float, up: float | None, integer: bool) -> Any: ...

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any: ...

    def minimize(self, pairs: list[tuple[Any, float]]) -> None: ...


def _expr(pairs: Iterable[tuple[Any, float]]) -> pulp.LpAffineExpression:
    return pulp.LpAffineExpression(list(pairs))


class PulpSink:
    """Builds a PuLP problem in linear time: expressions from (variable, coefficient) pairs."""

    def __init__(self) -> None:
        self.problem = pulp.LpProblem("tokenplan", pulp.LpMinimize)

    def variable(self, name: str, low: float, up: float | None, integer: bool) -> Any:
        category = pulp.LpInteger if integer else pulp.LpContinuous
        return self.problem.add_variable(name, lowBound=low, upBound=up, cat=category)

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any:
        constraint = pulp.LpConstraint(_expr(pairs), sense=sense, rhs=rhs, name=name)
        self.problem.addConstraint(constraint)
        return constraint

    def minimize(self, pairs: list[tuple[Any, float]]) -> None:
        self.problem.setObjective(_expr(pairs))


@dataclass
class Formulation:
    """A model being written into a sink: its variables in domain keys, and the rows whose duals
    are read (each `add_*` function of `optimizer.rows` records its own)."""

    instance: Instance
    sink: Sink
    relax: bool
    blocks: TailBlocks
    """The months with columns and rows of their own (`optimizer.tail_blocks`): rows are
    written for `blocks.solved` only, and costs over the span weighted by `blocks.weight`."""
    whole_tail: bool = False
    """Whether the tail's month-to-month units and replica blocks are whole (`tail_is_whole`)."""
    active_offers: list[int] = field(default_factory=list)
    starts: dict[tuple[int, int], Any] = field(default_factory=dict)  # (offer, start) -> units
    running: dict[tuple[int, int], Any] = field(default_factory=dict)  # (offer, month) -> units
    covering: dict[tuple[int, int], list[tuple[Any, float]]] = field(default_factory=dict)
    """(offer, month) -> (variable, coefficient) pairs that add up to the new units active
    then."""
    bounds: dict[tuple[int, int], int] = field(default_factory=dict)  # upper bound of a start
    binaries: dict[tuple[int, int], Any] = field(default_factory=dict)  # min_units flags
    flag_upper: dict[tuple[int, int], float] = field(default_factory=dict)
    """(offer, start) -> the most units a start with a `min_units` flag buys (`add_min_units`):
    its bound in the horizon; in the tail, the units that can ever be useful then."""
    renewal_flags: dict[tuple[int, int], Any] = field(default_factory=dict)
    """(offer, start) -> whether the contracts of an offer with `min_units` signed then are
    renewed at all where they end inside the tail: a renewal is a contract too, of none or at
    least the minimum (probe 17a F1; `optimizer.rows.add_renewals`)."""
    held_flags: dict[int, Any] = field(default_factory=dict)
    """Index into `Instance.held` -> whether that existing commitment of an offer with
    `min_units` is renewed at all: none, or at least the minimum (all of it, when it holds
    fewer units than that; review 17a R1)."""
    monotone: list[tuple[Any, Any]] = field(default_factory=list)  # (later, earlier) n[o,t]
    serve: dict[tuple[int, int, int], Any] = field(default_factory=dict)
    """(o, w, t) -> GPUs serving (fractional), or whole blocks of replicas (whole)."""
    serve_gpus: dict[tuple[int, int], float] = field(default_factory=dict)
    """(o, w) -> GPUs one unit of a serve variable stands for (1 when fractional)."""
    serve_units: dict[tuple[int, int], float] = field(default_factory=dict)
    """(o, w) -> units of the offer one unit of a serve variable takes (whole only)."""
    whole_serve: set[tuple[int, int, int]] = field(default_factory=set)
    """(o, w, t) of the serve variables that are integer."""
    not_renewed: dict[tuple[int, int], Any] = field(default_factory=dict)
    """(offer, start) -> units of the contracts signed in that horizon month that are not
    renewed where they end inside the tail (`Instance.renewal_end`): from then they serve
    nothing and cost nothing (`_add_not_renewed`)."""
    held_not_renewed: dict[int, Any] = field(default_factory=dict)
    """Index into `Instance.held` -> units of that existing commitment not renewed where it
    ends inside the tail."""
    renewal_rows: list[tuple[Any, list[tuple[Any, float]]]] = field(default_factory=list)
    """(units not renewed, the terms of the units that end then): at most those
    (`optimizer.rows.add_renewals`)."""
    short: dict[tuple[int, int], Any] = field(default_factory=dict)  # (w, t) -> share unmet
    one: Any = None  # a variable fixed at 1, for rows on existing units alone
    dilution: float = 0.0  # run-rate idle units may dilute under a vendor share
    renewals: set[int] = field(default_factory=set)
    """Offers whose renewal in the tail the model chooses (`Instance.renewal_chosen`)."""
    tail_served: set[int] = field(default_factory=set)
    """Workloads whose demand the tail models: those with a month-to-month offer to buy then
    (no contract with a term starts in the tail)."""
    cost_terms: dict[Any, float] = field(default_factory=dict)
    obligation_terms: dict[Any, float] = field(default_factory=dict)  # $ owed per unit
    power_terms: dict[Any, float] = field(default_factory=dict)  # kW-months of new units
    demand_rows: dict[tuple[int, int], Any] = field(default_factory=dict)
    demand_terms: dict[tuple[int, int], list[tuple[Any, float, bool]]] = field(default_factory=dict)
    """(w, t) -> the demand row's (variable, coefficient, integer) terms, for the rounding
    cuts (`optimizer.rounding_cuts`)."""
    cuts: list[tuple[list[tuple[Any, float]], float]] = field(default_factory=list)
    """Valid inequalities kept beside the model for the seeding's relaxation
    (`optimizer.rounding_cuts`): (terms, rhs) of `sum >= rhs`."""
    buy: dict[tuple[int, int, int], Any] = field(default_factory=dict)
    """(API offer, workload, month) -> share of the month's average demand bought
    (`optimizer.api_rows`)."""
    buy_scale: dict[tuple[int, int, int], float] = field(default_factory=dict)
    """(API offer, workload, month) -> average tokens/s a share of 1 stands for."""
    bought: dict[tuple[int, int], list[tuple[Any, float]]] = field(default_factory=dict)
    """(workload, month) -> terms of the demand row from tokens bought (before normalising)."""
    api_spend: dict[int, list[tuple[Any, str, float]]] = field(default_factory=dict)
    """month -> (variable, vendor slug, $ per month) of tokens bought, for budget and share."""
    limit_rows: dict[tuple[str, int], Any] = field(default_factory=dict)
    """(limit, month) -> row of a power cap (its site), the total power cap (`(total)`) or the
    budget (`(budget)`); their duals are $ per kW, or per $, of the limit."""
    unit_rows: dict[tuple[int, int], Any] = field(default_factory=dict)
    """(offer, month) -> row of `max_units` (`add_availability`); dual $ per unit."""
    share_rows: dict[tuple[str, int], Any] = field(default_factory=dict)
    """(vendor slug, month) -> row of `max_vendor_share` (`add_vendor_share`)."""

    def fleet(self, o: int, t: int, weight: float) -> list[tuple[Any, float]]:
        """Terms of the new units of offer `o` active in month `t`, each times `weight`."""
        return [(v, weight * c) for v, c in self.covering.get((o, t), [])]


def counted_months(instance: Instance, start: int, term: int) -> int:
    """Months of a contract that the objective counts, by the commitment accounting: every
    month of its term (`full_term`), only those inside the horizon (`in_horizon`), or
    (`demand_continues`) its term and the tail's months it is renewed for
    (`Instance.paid_months`)."""
    if instance.accounting == "in_horizon":
        return min(term, instance.horizon - start)
    if instance.accounting == "demand_continues" and start < instance.horizon:
        return instance.paid_months(start, term)
    return term


def runs_to_end(instance: Instance, o: int) -> bool:
    """Whether offer `o`'s units are modelled as running to the horizon's end (`_add_running`:
    the final fleet's columns where it serves a workload)."""
    spec = instance.offers[o]
    return (
        spec.term > 1
        and spec.term >= instance.horizon - spec.first_start
        and spec.offer.min_units is None
    )


def _add_not_renewed(
    f: Formulation, o: int, s: int, ending: list[tuple[Any, float]], bound: float
) -> None:
    """The units of offer `o` signed in horizon month `s` (their terms `ending`) that are not
    renewed where they end inside the tail, when the model chooses that renewal
    (`Instance.renewal_chosen`): whole units (continuous with fractional replicas, whose tail
    is a fractional valuation), taken off the fleet from their end and valued at minus the
    renewed months they no longer cost. Not an obligation either way: nothing is signed."""
    instance = f.instance
    spec = instance.offers[o]
    end = instance.renewal_end(s, spec.term)
    if end is None or o not in f.renewals:
        return
    var = f.sink.variable(f"x_{o}_{s}", 0, bound, _whole(f))
    f.not_renewed[(o, s)] = var
    f.renewal_rows.append((var, ending))
    if spec.offer.min_units is not None:
        f.renewal_flags[(o, s)] = f.sink.variable(f"r_{o}_{s}", 0, 1, not f.relax)
        f.flag_upper[(o, s)] = bound
    for t in range(end, instance.span):
        f.covering.setdefault((o, t), []).append((var, -1.0))
    f.cost_terms[var] = -spec.month_cost_per_unit * (instance.span - end)


def _add_held_not_renewed(f: Formulation) -> None:
    """Each existing commitment's units not renewed where it ends inside the tail (as
    `_add_not_renewed`, at the price it was signed at; at most its units)."""
    instance = f.instance
    integer = _whole(f)
    for k, held in enumerate(instance.held):
        end = instance.renewal_end(held.begin, held.term) if held.renews else None
        if end is None or held.o not in f.renewals or not math.isfinite(held.month_cost):
            continue
        var = f.sink.variable(f"y_{k}", 0, held.units, integer)
        f.held_not_renewed[k] = var
        if instance.offers[held.o].offer.min_units is not None:
            f.held_flags[k] = f.sink.variable(f"r_h{k}", 0, 1, not f.relax)
        kw = instance.offers[held.o].kw_per_unit
        for t in range(end, instance.span):
            f.covering.setdefault((held.o, t), []).append((var, -1.0))
        f.cost_terms[var] = -held.month_cost / held.units * (instance.span - end)
        f.power_terms[var] = -kw * (instance.span - end)


def _add_running(f: Formulation, o: int) -> None:
    """Every contract lasts to the horizon's end: branch on active units n[o,t], which never
    fall within the horizon, instead of on start months (same plans, a much better search).
    Every contract ends in the tail or after it, renewed where it ends in the tail
    (`optimizer.instance.renewed_until`): the units of every tail month are n[o, last].
    A unit signed in month s is paid for `Instance.paid_months(s, term)` = max(term, span - s)
    months (`demand_continues`; else its term). With c[s] = n[s] - n[s - 1], the sum of
    c[s] * P(s) telescopes to the sum over s < last of n[s] * (P(s) - P(s + 1)) plus
    n[last] * P(last): P falls by one month a month while span - s > term, then holds."""
    instance = f.instance
    spec = instance.offers[o]
    previous: Any | None = None
    term = spec.term
    needs = month_needs(instance, o)
    bounds: dict[int, float] = {}
    for t in range(spec.first_start, instance.horizon):
        # Units never leave (those ending in the tail are renewed there): the need of every
        # month of the span from the first start bounds them, the power caps only from t on.
        # (Before renewals, units signed at different months expired at different tail
        # months, and the bound was the sum of each start's own.)
        bound = units_upper_bound(
            instance,
            o,
            t,
            need_from=spec.first_start,
            fold_limits=not f.relax,
            dilution=f.dilution,
            needs=needs,
        )
        var = f.sink.variable(f"n_{o}_{t}", 0, bound, not f.relax)
        bounds[t] = bound
        f.running[(o, t)] = var
        f.covering[(o, t)] = [(var, 1.0)]
        if instance.accounting == "in_horizon":
            f.cost_terms[var] = spec.month_cost_per_unit
        if previous is not None:
            f.monotone.append((var, previous))
        previous = var
    if previous is None:
        return
    # Every unit ever active runs past the horizon: the last month's units are all that is owed.
    last = instance.horizon - 1
    f.obligation_terms[previous] = spec.month_cost_per_unit * term
    if instance.accounting == "full_term":
        f.cost_terms[previous] = spec.month_cost_per_unit * term
    elif instance.accounting == "demand_continues":
        for t in range(spec.first_start, last):
            step = instance.paid_months(t, term) - instance.paid_months(t + 1, term)
            if step:
                f.cost_terms[f.running[(o, t)]] = spec.month_cost_per_unit * step
        f.cost_terms[previous] = spec.month_cost_per_unit * instance.paid_months(last, term)
    for t in range(instance.horizon, instance.span):
        # Every contract ends in the tail or after it (its term reaches the horizon's end),
        # and one that ends in the tail is renewed unless the model leaves its units out.
        f.covering[(o, t)] = [(previous, 1.0)]
    for s in range(spec.first_start, instance.horizon):
        # Units signed in s: n[s] - n[s - 1].
        earlier = f.running.get((o, s - 1))
        ending = [(f.running[(o, s)], 1.0)] + ([(earlier, -1.0)] if earlier is not None else [])
        _add_not_renewed(f, o, s, ending, bounds[s])
    _add_power_terms(f, o)


def _add_power_terms(f: Formulation, o: int) -> None:
    """kW-months of offer `o`'s new units over the span, from the months each is active (a
    block of tail months counts its months)."""
    kw = f.instance.offers[o].kw_per_unit
    for t in f.blocks.solved:
        months = f.blocks.weight(t)
        for var, coefficient in f.covering.get((o, t), []):
            f.power_terms[var] = f.power_terms.get(var, 0.0) + kw * coefficient * months


def _whole(f: Formulation) -> bool:
    """Whether the model's units and replica blocks are whole (whole replicas, not relaxed)."""
    return f.instance.replicas == "whole" and not f.relax


WHOLE_TAIL_COLUMNS = 2_000
"""Most columns of the horizon (`horizon_columns`) for which the tail's month-to-month units
and replica blocks are whole. Larger models are solved from an LP-based start
(`optimizer.incumbent`, from `SEED_MIN_INTEGERS` integer columns), whose rounding does not
reach the tail's whole units: with them, clones 100x36x20's plan in 10 s cost 647.7 M against
a bound of 409.3 M (a 37% gap), where with the tail fractional it cost 424.5 M (3.6%,
session 16). Their tail stays fractional, and the plan says what it costs in whole units
(`optimizer.tail_whole`)."""


def horizon_columns(instance: Instance) -> int:
    """About how many columns the horizon's months have: a serving variable per eligible
    (offer, workload) and a units variable per offer, in every month of the horizon."""
    offers = len({o for (o, _) in instance.rates})
    return (len(instance.rates) + offers) * instance.horizon


def tail_is_whole(instance: Instance, relax: bool) -> bool:
    """Whether the tail's month-to-month units and replica blocks are whole: with whole
    replicas, not relaxed, on a model small enough (`WHOLE_TAIL_COLUMNS`; probe 16a F1)."""
    return (
        instance.replicas == "whole"
        and not relax
        and horizon_columns(instance) <= WHOLE_TAIL_COLUMNS
    )


def _add_starts(f: Formulation, o: int, limits: Limits | None) -> None:
    instance = f.instance
    spec = instance.offers[o]
    span = instance.span
    needs = month_needs(instance, o)
    for s in range(spec.first_start, instance.last_start(o)):
        months = 1
        if s >= instance.horizon:
            if f.blocks.first[s] != s:
                continue  # its block's first month buys for every month of the block
            months = f.blocks.weight(s)
            # The tail values the continued demand with what a buyer would pay for it: whole
            # month-to-month units under whole replicas (probe 16a F1: left fractional, a
            # tail's need of 0.07 of a 72-GPU rack was valued at 0.07 of its price, and the
            # plan let a renewal lapse for a tail that costs 10.6 M in whole units, not 1.8 M).
            # Not bounded by whole units (the rows hold the caps).
            var = f.sink.variable(f"c_{o}_{s}", 0, None, f.whole_tail)
            if spec.offer.min_units is not None:  # its flag's bound (probe 17a F1)
                f.flag_upper[(o, s)] = units_upper_bound(
                    instance, o, s, fold_limits=False, dilution=f.dilution, needs=needs
                )
        else:
            bound = units_upper_bound(
                instance, o, s, fold_limits=not f.relax, dilution=f.dilution, needs=needs
            )
            if limits is not None and (o, s) in limits.units:
                bound = min(bound, limits.units[(o, s)])
            if bound <= 0:
                continue
            var = f.sink.variable(f"c_{o}_{s}", 0, bound, not f.relax)
            f.bounds[(o, s)] = bound
        f.starts[(o, s)] = var
        for t in range(s, min(span, instance.covered_until(s, spec.term))):
            f.covering.setdefault((o, t), []).append((var, 1.0))
        if s < instance.horizon:
            _add_not_renewed(f, o, s, [(var, 1.0)], f.bounds[(o, s)])
        counted = counted_months(instance, s, spec.term)
        f.cost_terms[var] = spec.month_cost_per_unit * counted * months
        if s < instance.horizon:  # the tail's month-to-month units value demand, unsigned
            f.obligation_terms[var] = spec.month_cost_per_unit * spec.term
            f.flag_upper[(o, s)] = f.bounds[(o, s)]
        if spec.offer.min_units is not None:
            # The tail's units value what a buyer would pay for the demand then, which is
            # none or at least the offer's minimum too (probe 17a F1: valued at 1 unit a
            # month of an offer sold by 4, the plan passed over an owned unit at half the
            # cost in whole units).
            f.binaries[(o, s)] = f.sink.variable(f"b_{o}_{s}", 0, 1, not f.relax)
    _add_power_terms(f, o)


def formulate(
    instance: Instance,
    sink: Sink,
    *,
    relax: bool = False,
    blocks: bool = True,
    replacement_caps: bool = True,
) -> Formulation:
    """Write the variables of the model into `sink` (the objective and rows follow, from
    `optimizer.rows`); with `blocks`, tail months that repeat the month before share its
    columns and rows (`optimizer.tail_blocks`), else every month has its own; with
    `replacement_caps`, the integer model's month-to-month blocks and units within the caps
    of `optimizer.replacement_caps`."""
    f = Formulation(
        instance=instance,
        sink=sink,
        relax=relax,
        blocks=tail_blocks(instance) if blocks else every_month(instance),
        whole_tail=tail_is_whole(instance, relax),
        dilution=dilution_spend(instance),
    )
    serving: dict[int, list[int]] = {}
    for o, w in instance.rates:
        serving.setdefault(o, []).append(w)
    f.active_offers = sorted(
        set(serving) | {o for o, s in enumerate(instance.offers) if any(s.existing)}
    )
    limits = replacement_limits(instance) if replacement_caps and not relax else None
    f.renewals = instance.renewal_chosen()
    for o in f.active_offers:
        if o not in serving:
            continue
        if runs_to_end(instance, o):
            _add_running(f, o)
        else:
            _add_starts(f, o, limits)
    _add_held_not_renewed(f)
    f.tail_served = instance.tail_served()
    whole = instance.replicas == "whole"
    sharing: dict[tuple[int, int], int] = {}  # (offer, month) -> workloads it may serve then
    for o, w in instance.rates:
        for t in range(instance.span):
            if instance.workloads[w].required[t] > 0:
                sharing[(o, t)] = sharing.get((o, t), 0) + 1
    for (o, w), rate in sorted(instance.rates.items()):
        spec = instance.offers[o]
        units, gpus = instance.block(o, w) if whole else (0, 1)
        f.serve_gpus[(o, w)] = float(gpus)
        f.serve_units[(o, w)] = float(units)
        for t in f.blocks.solved:
            need = instance.workloads[w].required[t]
            if need <= 0 or ((o, t) not in f.covering and spec.existing[t] <= 0):
                continue
            if t >= instance.horizon and w not in f.tail_served:
                continue
            # Whole blocks: never more than the month's whole need takes.
            most = math.ceil(need / (rate.per_gpu * gpus * instance.utilization_cap) - 1e-9)
            if limits is not None and t < instance.horizon:
                most = min(most, limits.blocks.get((o, w), most))
            # A block of one unit that no other workload wants that month needs no integrality
            # of its own: rounding it up stays within the (integer) active units. The tail's
            # blocks are whole where its units are (`Formulation.whole_tail`).
            integer = (
                whole
                and not relax
                and (t < instance.horizon or f.whole_tail)
                and (units > 1 or sharing[(o, t)] > 1)
            )
            f.serve[(o, w, t)] = sink.variable(
                f"g_{o}_{w}_{t}", 0, most if whole else None, integer
            )
            if integer:
                f.whole_serve.add((o, w, t))
    return f


def add_shortfall(f: Formulation) -> None:
    """Shortfall variables of the infeasibility phases: the share of each demand left unmet."""
    for w, wspec in enumerate(f.instance.workloads):
        for t in f.blocks.solved:
            if wspec.required[t] > 0 and (t < f.instance.horizon or w in f.tail_served):
                f.short[(w, t)] = f.sink.variable(f"s_{w}_{t}", 0, 1, False)


def tie_terms(f: Formulation) -> dict[Any, float]:
    """What ties are broken on, per variable: $ of obligation plus `POWER_PER_KW_MONTH` per
    kW-month of new units."""
    tie = dict(f.obligation_terms)
    for v, kw_months in f.power_terms.items():
        tie[v] = tie.get(v, 0.0) + POWER_PER_KW_MONTH * kw_months
    return tie


def tie_weight(instance: Instance, offers: Iterable[int]) -> float:
    """The weight of `tie_terms` in the cost objective of a model of `offers`, so small that
    the tie term of any plan is at most `TIE_SHARE` of its counted cost. Per unit of an offer,
    the obligation is at most `term` times its counted cost (`in_horizon` counts a contract
    signed in the last month once; other accountings count the whole term) and its kW-months
    at most `kw_per_unit / month_cost_per_unit` times it (a unit draws power only in months
    it is paid for); a plan's tie term is the sum over its units, its cost too."""
    ratio = 0.0
    for o in offers:
        spec = instance.offers[o]
        owed = spec.term if instance.accounting == "in_horizon" else 1
        ratio = max(ratio, owed + POWER_PER_KW_MONTH * spec.kw_per_unit / spec.month_cost_per_unit)
    return TIE_SHARE / ratio if ratio > 0 else 0.0


def set_objective(f: Formulation, goal: Goal, ties: bool = True) -> None:
    """Minimise the counted cost (ties to the smaller obligation, then less power:
    `tie_weight`; `ties` False: cost alone), the power, or the total shortfall."""
    if goal == "cost":
        tie = tie_terms(f)
        weight = tie_weight(f.instance, f.active_offers) if ties else 0.0
        f.sink.minimize(
            [
                (v, f.cost_terms.get(v, 0.0) + weight * tie.get(v, 0.0))
                for v in {**f.cost_terms, **tie}
            ]
        )
    elif goal == "power":
        f.sink.minimize(list(f.power_terms.items()))
    else:
        f.sink.minimize(shortfall_terms(f))


def shortfall_terms(f: Formulation) -> list[tuple[Any, float]]:
    """The total shortfall: each month's unmet share (a block of tail months counts its
    months)."""
    return [(v, float(f.blocks.weight(t))) for (_w, t), v in f.short.items()]
