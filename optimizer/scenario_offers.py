"""Every offer a scenario plan's scenarios buy, named (probe 18a F5): each scenario's flexible
purchases by offer, what each scenario's cost and the expected cost rest on, and the price,
date and throughput warnings and `sources` of the offers only scenarios other than the shown
one buy (a stale estimate bought only in the low scenario took 96,360.00 off an expected cost
and a 168,192.00 commitment off the plan, named nowhere)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from catalog.api_offer import API_KIND
from optimizer.api_eligibility import API_MONTH
from optimizer.assembly import Assembler
from optimizer.plan import ThroughputSource
from optimizer.price_trust import CostBasis, basis_warning, cost_basis, price_checks, price_date
from optimizer.scenario_result import ScenarioOutcome, ScenarioPurchase
from optimizer.sources import pair_sources

__all__ = ["Named", "named"]

ELSEWHERE = "prices of offers only scenarios other than the shown one ({}) buy"
TRUSTING = "trusting the expected cost"


@dataclass(frozen=True)
class Named:
    """What `named` adds to a scenario plan: the outcomes with their purchases and cost
    bases, the expected cost's basis, warnings and sources."""

    outcomes: list[ScenarioOutcome]
    cost_basis: CostBasis | None
    warnings: list[str]
    sources: list[ThroughputSource]


def purchases(a: Assembler) -> tuple[ScenarioPurchase, ...]:
    """`a`'s flexible purchases (GPU offers of a term of one month at most, API tokens) by
    offer: units per horizon month, their cost in the horizon and in the tail."""
    instance, solution = a.instance, a.solution
    h = instance.horizon
    gpu: dict[int, tuple[list[float], list[float]]] = {}  # offer -> (units, [horizon, tail])
    for (o, s), units in solution.starts.items():
        spec = instance.offers[o]
        if spec.term > 1 or units <= 1e-9:
            continue
        months, cost = gpu.setdefault(o, ([0.0] * h, [0.0, 0.0]))
        if s < h:
            months[s] += units
        cost[s >= h] += units * spec.month_cost_per_unit * spec.term
    api: dict[int, tuple[list[float], list[float]]] = {}
    for (k, w, t), tps in solution.buy.items():
        if tps <= 1e-9:
            continue
        months, cost = api.setdefault(k, ([0.0] * h, [0.0, 0.0]))
        if t < h:
            months[t] += tps
        cost[t >= h] += tps * API_MONTH * instance.api_prices[(k, w)]
    out = [
        ScenarioPurchase(
            offer_id=instance.offers[o].id,
            vendor=instance.offers[o].offer.vendor,
            kind=instance.offers[o].offer.kind,
            units=tuple(months),
            cost=cost[0],
            tail_cost=cost[1],
        )
        for o, (months, cost) in sorted(gpu.items())
    ]
    out += [
        ScenarioPurchase(
            offer_id=instance.api_offers[k].id,
            vendor=instance.api_offers[k].vendor,
            kind=API_KIND,
            units=tuple(months),
            cost=cost[0],
            tail_cost=cost[1],
        )
        for k, (months, cost) in sorted(api.items())
    ]
    return tuple(out)


def weakest(bases: Iterable[CostBasis | None]) -> CostBasis | None:
    """The weakest of `bases` (price and throughput apart), as `cost_basis` finds it."""
    found = [b for b in bases if b is not None]
    points = {
        p for b in found if b.throughput_basis is not None for p in b.throughput_basis.split("/")
    }
    return cost_basis([b.price_basis for b in found], points)


def _scenarios(names: list[str]) -> str:
    return ("scenario " if len(names) == 1 else "scenarios ") + ", ".join(names)


def named(outcomes: list[ScenarioOutcome], assemblers: list[Assembler], shown: int) -> Named:
    """`outcomes` (one per assembler, in order) with each scenario's purchases and cost basis
    (over what its `cost` counts: the horizon and a tail); the expected cost's basis; and, of
    the offers and (offer, workload) throughputs only scenarios other than `shown` use (in
    the horizon or the tail), the price and date warnings, throughput warnings and sources,
    each naming those scenarios."""
    instance = assemblers[shown].instance
    span = range(instance.span) if instance.accounting == "demand_continues" else None
    months = span if span is not None else range(instance.horizon)
    outcomes = [
        msgspec.structs.replace(o, offers=purchases(a), cost_basis=a.resting_on(months)[0])
        for o, a in zip(outcomes, assemblers, strict=True)
    ]
    mine = assemblers[shown].used()
    gpus = set(mine.gpus + mine.gpus_in_tail)
    apis = set(mine.apis + mine.apis_in_tail)
    pairs = set(mine.served + mine.served_in_tail)
    other_gpus: dict[int, list[str]] = {}
    other_apis: dict[int, list[str]] = {}
    other_pairs: dict[tuple[int, int], tuple[list[str], bool]] = {}
    for k, (outcome, a) in enumerate(zip(outcomes, assemblers, strict=True)):
        if k == shown:
            continue
        found = a.used()
        for g in sorted(set(found.gpus + found.gpus_in_tail) - gpus):
            other_gpus.setdefault(g, []).append(outcome.name)
        for api in sorted(set(found.apis + found.apis_in_tail) - apis):
            other_apis.setdefault(api, []).append(outcome.name)
        for pair in sorted(set(found.served + found.served_in_tail) - pairs):
            names, tail = other_pairs.setdefault(pair, ([], True))
            names.append(outcome.name)
            other_pairs[pair] = (names, tail and pair not in found.served)
    priced: list[tuple[str, str, dt.date | None]] = []
    for g, names in sorted(other_gpus.items()):
        spec = instance.offers[g]
        priced.append(
            (f"{spec.id} in {_scenarios(names)}", spec.offer.price_basis, spec.offer.as_of)
        )
    for api, names in sorted(other_apis.items()):
        offer = instance.api_offers[api]
        priced.append((f"{offer.id} in {_scenarios(names)}", offer.price_basis, offer.as_of))
    against = price_date(instance.months[0], None, "plan")
    said = price_checks(priced, against, ELSEWHERE.format(outcomes[shown].name), TRUSTING)
    sources: list[ThroughputSource] = []
    for (o, w), (names, tail) in sorted(other_pairs.items()):
        rate = instance.rates[(o, w)]
        oid, wid = instance.offers[o].id, instance.workloads[w].id
        unmeasured = basis_warning(oid, f"{wid} in {_scenarios(names)}", rate.operating)
        said += [] if unmeasured is None else [unmeasured]
        sources += pair_sources(instance, o, w, tail, tuple(names))
    return Named(outcomes, weakest(o.cost_basis for o in outcomes), said, sources)
