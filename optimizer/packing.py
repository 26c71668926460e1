"""What one offer's GPUs serve when whole replicas are placed on whole units (DESIGN 8.1), for
quotes, rankings and the crossover: the figures a buyer pays, which plans (whole replicas, the
default) agree with.

A deployment of k GPUs per replica on units of U GPUs runs floor(U / k) replicas per unit when
k <= U (a 44-GPU replica fits once in a 72-GPU rack, 28 GPUs idle) and takes ceil(k / U) units
per replica when k > U (a 36-GPU one takes 5 8-GPU nodes, 4 idle). Its throughput per GPU
bought is the replicas' throughput over every GPU of the units they take; among an offer's
deployments at the SLO the best is the one with the most of it (the one a plan of steady,
large demand runs: fewest units). With `fractional` replicas, the deployment can be split: the
best throughput per GPU it uses, and no packing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from msgspec import Struct

from catalog.economics import cost_per_million_tokens
from catalog.model import Offer, Profile
from optimizer.eligibility import Rate, deployment_rates, eligible_rate, replica_block
from optimizer.request import Replicas, Workload

__all__ = ["Packed", "PackedFigures", "Packing", "pack", "packed_among", "packed_rate"]


class Packing(Struct, frozen=True, kw_only=True):
    """How whole replicas of the deployment fill the offer's units: one block is the smallest
    whole piece that runs them."""

    gpus_per_unit: int
    gpus_per_replica: int
    """GPUs one replica takes (a deployment that states none: one unit)."""
    units_per_block: int
    replicas_per_block: int
    idle_gpus_per_block: int
    """GPUs of the block's units no replica uses: paid for, idle."""
    text: str
    """The packing in words, e.g. "1 replica of 44 GPUs per 72-GPU unit, 28 GPUs idle"."""


class PackedFigures(Struct, frozen=True, kw_only=True):
    """What a quote or a ranking line says beside its cost on the GPUs bought."""

    throughput_per_used_gpu: float | None = None
    """Tokens/s per GPU the replicas use (the profile's figure at the SLO)."""
    cost_per_million_tokens_per_used_gpu: float | None = None
    """On the GPUs the replicas use: idle GPUs not paid for (as a divisible deployment)."""
    packing: Packing | None = None
    """How whole replicas fill whole units (None: fractional replicas, or an inline offer)."""


@dataclass(frozen=True)
class Packed:
    """An offer's deployment at the SLO with its throughput per GPU used and per GPU bought."""

    rate: Rate
    packing: Packing | None
    """None with fractional replicas (the deployment is assumed divisible)."""

    @property
    def per_used_gpu(self) -> float:
        """Tokens/s per GPU the replicas use."""
        return self.rate.per_gpu

    @property
    def per_gpu(self) -> float:
        """Tokens/s per GPU bought: idle GPUs of whole units count (fractional: per GPU used)."""
        if self.packing is None:
            return self.rate.per_gpu
        p = self.packing
        used = p.replicas_per_block * p.gpus_per_replica
        return self.rate.per_gpu * used / (p.units_per_block * p.gpus_per_unit)

    def figures(self, price_per_gpu_hour: float) -> dict[str, Any]:
        """The `PackedFigures` fields at `price_per_gpu_hour`, for `msgspec.structs.replace`."""
        return {
            "throughput_per_used_gpu": self.per_used_gpu,
            "cost_per_million_tokens_per_used_gpu": cost_per_million_tokens(
                price_per_gpu_hour, self.per_used_gpu
            ),
            "packing": self.packing,
        }


def pack(rate: Rate, gpus_per_unit: int) -> Packed:
    """`rate`'s deployment in whole replicas on units of `gpus_per_unit` GPUs."""
    return Packed(rate, _packing(gpus_per_unit, rate))


def _packing(gpus_per_unit: int, rate: Rate) -> Packing:
    units, used = replica_block(gpus_per_unit, rate.gpus_per_replica)
    k = rate.gpus_per_replica or gpus_per_unit
    idle = units * gpus_per_unit - used
    if k <= gpus_per_unit:
        replicas = gpus_per_unit // k
        text = f"{replicas} replica{'s' * (replicas > 1)} of {k} GPUs per {gpus_per_unit}-GPU unit"
    else:
        replicas = 1
        text = f"{units} units of {gpus_per_unit} GPUs per {k}-GPU replica"
    text += f", {idle} GPUs idle" if idle else ", no GPU idle"
    return Packing(
        gpus_per_unit=gpus_per_unit,
        gpus_per_replica=k,
        units_per_block=units,
        replicas_per_block=replicas,
        idle_gpus_per_block=idle,
        text=text,
    )


def _best(rates: list[Rate], gpus_per_unit: int) -> Packed | None:
    """The rate of the most throughput per GPU bought; ties to more per GPU used, then the
    first given (as `WholeFit.choose` at a demand of many units)."""
    packed = [pack(rate, gpus_per_unit) for rate in rates]
    return max(packed, key=lambda p: (p.per_gpu, p.per_used_gpu), default=None)


def packed_rate(
    offer: Offer,
    workload: Workload,
    profiles: list[Profile],
    *,
    allow_spot: bool,
    replicas: Replicas,
) -> Packed | None:
    """`offer`'s deployment for `workload` at its SLO: with whole replicas the most tokens/s
    per GPU bought, else the most per GPU used (`eligible_rate`); None when it cannot serve
    it."""
    if replicas == "fractional":
        rate = eligible_rate(offer, workload, profiles, allow_spot=allow_spot)
        return None if rate is None else Packed(rate, None)
    rates = deployment_rates(offer, workload, profiles, allow_spot=allow_spot)
    return _best(rates, offer.gpus_per_unit)


def packed_among(rates: list[Rate], gpus_per_unit: int, replicas: Replicas) -> Packed | None:
    """The best of `rates` (every deployment of every profile at one interactivity,
    `rates_at`) as `packed_rate` picks it at that SLO, for a cost curve that agrees with the
    ranking at each of its points."""
    if replicas == "fractional":
        best = max(rates, key=lambda r: r.per_gpu, default=None)
        return None if best is None else Packed(best, None)
    return _best(rates, gpus_per_unit)
