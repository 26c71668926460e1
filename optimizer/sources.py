"""The profile points behind each throughput a plan uses, one line each, for the Plan's
`sources`, and the offers only the tail of `demand_continues` is valued on (probe 17a F2:
named nowhere before, though the lifetime cost rests on their prices)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from optimizer.instance import Instance
from optimizer.plan import ThroughputSource
from optimizer.price_trust import CostBasis, cost_basis
from optimizer.solver import Solution

if TYPE_CHECKING:  # optimizer.assembly names the tail's offers with `used`
    from optimizer.assembly import Assembler

__all__ = ["Used", "pair_sources", "resting_on", "signed_units", "sources", "used"]

K = TypeVar("K", int, tuple[int, int])


@dataclass(frozen=True)
class Used:
    """The offers (indices) a solution's figures rest on: the GPU offers with units in the
    horizon, those with units only in the tail (month-to-month units bought then), the API
    offers bought from in the horizon, those only in the tail, and the (offer, workload)
    pairs served in the horizon and only in the tail."""

    gpus: tuple[int, ...]
    gpus_in_tail: tuple[int, ...]
    apis: tuple[int, ...]
    apis_in_tail: tuple[int, ...]
    served: tuple[tuple[int, int], ...]
    served_in_tail: tuple[tuple[int, int], ...]


def _split(keys: set[tuple[K, bool]]) -> tuple[tuple[K, ...], tuple[K, ...]]:
    """(the keys used in the horizon, those used only after it), from (key, in the horizon)."""
    horizon = {k for k, inside in keys if inside}
    return tuple(sorted(horizon)), tuple(sorted({k for k, _ in keys} - horizon))


def used(instance: Instance, solution: Solution, units: dict[tuple[int, int], float]) -> Used:
    """What `solution` buys and serves, in the horizon and only in the tail, with `units` its
    active units per (offer, month of the span) (`Assembler.units`: a contract running into
    the tail, or renewed there, is the horizon's)."""
    h = instance.horizon
    gpus, gpus_in_tail = _split({(o, t < h) for (o, t) in units})
    apis, apis_in_tail = _split(
        {(a, t < h) for (a, _w, t), tps in solution.buy.items() if tps > 1e-9}
    )
    served, served_in_tail = _split(
        {((o, w), t < h) for (o, w, t), g in solution.serve.items() if g > 1e-9}
    )
    return Used(gpus, gpus_in_tail, apis, apis_in_tail, served, served_in_tail)


def signed_units(instance: Instance) -> dict[tuple[int, int], float]:
    """(offer, month of the span) -> the units existing commitments hold then at a price the
    buyer signed (`Held.signed`), in their terms only: a renewal after a term is a new
    contract, valued at the signed price that the vendor need not grant again, so it rests
    on the offer's basis (review 17b F6)."""
    out: dict[tuple[int, int], float] = {}
    for held in instance.held:
        if held.signed:
            for t in range(max(0, held.begin), min(instance.span, held.begin + held.term)):
                out[(held.o, t)] = out.get((held.o, t), 0.0) + held.units
    return out


def resting_on(
    instance: Instance,
    solution: Solution,
    units: dict[tuple[int, int], float],
    months: range,
) -> tuple[CostBasis | None, list[CostBasis | None]]:
    """The weakest price and throughput bases a cost per million tokens over `months` rests
    on (`units` as in `used`), of the whole plan and of each workload, in one pass: the
    plan's counts every offer with units then (idle ones too: their cost is in it) and every
    API bought from; a workload's, the offers serving it and the APIs it buys from; each, the
    points behind the throughput of every offer serving it. An offer-month whose units are
    all an existing commitment's at a price the buyer signed, in its term, rests on that
    contract (`contract`), not on the catalog offer's basis; one with any other unit (new,
    renewed, or held at the catalog's price) on the offer's (review 17b F6: never overstated)."""
    n = len(instance.workloads)
    signed = signed_units(instance)

    def basis(o: int, t: int) -> str:
        held = signed.get((o, t), 0.0)
        if held > 0 and units.get((o, t), 0.0) <= held + 1e-9:
            return "contract"
        return instance.offers[o].offer.price_basis

    serving: list[set[tuple[int, int]]] = [set() for _ in range(n)]
    buying: list[set[int]] = [set() for _ in range(n)]
    for (o, w, t), g in solution.serve.items():
        if g > 1e-9 and t in months:
            serving[w].add((o, t))
    for (a, w, t), tps in solution.buy.items():
        if tps > 1e-9 and t in months:
            buying[w].add(a)
    every_price = {basis(o, t) for (o, t) in units if t in months}
    every_point: set[str] = set()
    each = []
    for w in range(n):
        prices = {basis(o, t) for o, t in serving[w]}
        prices |= {instance.api_offers[a].price_basis for a in buying[w]}
        offers = {o for o, _ in serving[w]}
        points = {p.basis for o in offers for p in instance.rates[(o, w)].operating.points}
        each.append(cost_basis(prices, points))
        every_price |= prices
        every_point |= points
    return cost_basis(every_price, every_point), each


def sources(assembler: Assembler) -> list[ThroughputSource]:
    """One line per profile point behind each (offer, workload) throughput the plan uses: in
    the horizon, then those only the tail counts on (`only_in_tail`)."""
    instance = assembler.instance
    found = assembler.used()
    out = []
    for pairs, tail in ((found.served, False), (found.served_in_tail, True)):
        for o, w in pairs:
            out += pair_sources(instance, o, w, tail)
    return out


def pair_sources(
    instance: Instance, o: int, w: int, tail: bool, scenarios: tuple[str, ...] = ()
) -> list[ThroughputSource]:
    """One line per profile point behind offer `o`'s throughput for workload `w`: used
    only in the tail (`tail`), only in the scenarios named (`scenarios`), or not."""
    return [
        ThroughputSource(
            offer_id=instance.offers[o].id,
            workload_id=instance.workloads[w].id,
            basis=point.basis,
            source=point.source,
            measured_on=point.measured_on.isoformat(),
            deployment=point.deployment,
            interactivity=point.interactivity,
            throughput_per_gpu=point.throughput_per_gpu,
            only_in_tail=tail,
            only_in_scenarios=scenarios,
        )
        for point in instance.rates[(o, w)].operating.points
    ]
