"""The unit economics tokenplan is about: cost per million tokens and tokens per megawatt."""

from __future__ import annotations

from msgspec import Struct

__all__ = [
    "HOURS_PER_MONTH",
    "SECONDS_PER_HOUR",
    "UnitEconomics",
    "cost_per_million_tokens",
    "unit_economics",
]

SECONDS_PER_HOUR = 3600.0
HOURS_PER_MONTH = 730.0
"""8,760 / 12: the cloud-pricing convention (Infracost, the AWS calculator)."""


def cost_per_million_tokens(price_per_gpu_hour: float, throughput_per_gpu: float) -> float:
    """$ per million tokens of one GPU running flat out at `throughput_per_gpu` tokens/s."""
    return price_per_gpu_hour / (throughput_per_gpu * SECONDS_PER_HOUR) * 1e6


class UnitEconomics(Struct, frozen=True, kw_only=True):
    """What one GPU of an offer delivers, per dollar and per megawatt."""

    throughput_per_gpu: float
    cost_per_million_tokens: float
    tokens_per_second_per_mw: float
    gpus_per_mw: float


def unit_economics(
    *, price_per_gpu_hour: float, throughput_per_gpu: float, power_kw_per_gpu: float
) -> UnitEconomics:
    """Cost per million tokens, tokens/s per MW and GPUs per MW of one GPU."""
    gpus_per_mw = 1000.0 / power_kw_per_gpu
    return UnitEconomics(
        throughput_per_gpu=throughput_per_gpu,
        cost_per_million_tokens=cost_per_million_tokens(price_per_gpu_hour, throughput_per_gpu),
        tokens_per_second_per_mw=throughput_per_gpu * gpus_per_mw,
        gpus_per_mw=gpus_per_mw,
    )
