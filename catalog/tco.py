"""Owned hardware from its parts (DESIGN section 8.2): the `tco` block of an owned offer and the
hourly price derived from it, with the formula shown wherever the price is."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

from catalog.economics import HOURS_PER_MONTH

__all__ = ["Tco", "tco_formula", "tco_price_per_gpu_hour"]


class Tco(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What one owned GPU costs, part by part: bought once, run for its life, sold for a share
    of what it cost. Money is in the offer's currency."""

    capex_per_gpu: Annotated[
        float,
        Meta(
            ge=0,
            le=1e9,
            description="purchase price per GPU, all-in (its share of the server, "
            "network and install), paid at the contract's start; at most 1e9",
        ),
    ]
    life_months: Annotated[
        int, Meta(ge=1, le=120, description="months the hardware is used: the offer's term")
    ]
    residual_share: Annotated[
        float, Meta(ge=0, le=1, description="share of capex recovered at the end of the life")
    ] = 0.0
    opex_per_gpu_month: Annotated[
        float,
        Meta(
            ge=0,
            le=1e8,
            description="colocation, support and staff per GPU-month, energy excluded; at most 1e8",
        ),
    ]
    energy_price_per_kwh: Annotated[
        float,
        Meta(
            ge=0,
            le=1e4,
            description="per kWh, charged at the offer's provisioned all-in kW "
            "per GPU around the clock; at most 1e4",
        ),
    ]

    def capex_per_gpu_month(self) -> float:
        """Capex net of the residual, spread over the life."""
        return self.capex_per_gpu * (1.0 - self.residual_share) / self.life_months

    def energy_per_gpu_month(self, kw_per_gpu: float) -> float:
        """Energy of one GPU drawing its provisioned kW for a 730-hour month."""
        return self.energy_price_per_kwh * kw_per_gpu * HOURS_PER_MONTH

    def running_per_gpu_month(self, kw_per_gpu: float) -> float:
        """What one GPU costs each month it runs: opex and energy (paid monthly)."""
        return self.opex_per_gpu_month + self.energy_per_gpu_month(kw_per_gpu)


def tco_price_per_gpu_hour(tco: Tco, kw_per_gpu: float) -> float:
    """The hourly price of an owned GPU from its parts:
    (capex * (1 - residual) / life + opex + energy price * kW * 730) / 730."""
    monthly = tco.capex_per_gpu_month() + tco.running_per_gpu_month(kw_per_gpu)
    return monthly / HOURS_PER_MONTH


def tco_formula(tco: Tco, kw_per_gpu: float, currency: str = "USD") -> str:
    """The derived price with its formula and the offer's own figures, for quotes, rankings and
    reports: "(capex 30,000.00 x (1 - 0.1) / 48 + opex 100.00 + energy 0.08/kWh x 2.1 kW x 730
    h) / 730 h = 1.0076 USD per GPU-hour"."""
    price = tco_price_per_gpu_hour(tco, kw_per_gpu)
    return (
        f"(capex {tco.capex_per_gpu:,.2f} x (1 - {tco.residual_share:g}) / {tco.life_months}"
        f" + opex {tco.opex_per_gpu_month:,.2f} + energy {tco.energy_price_per_kwh:g}/kWh"
        f" x {kw_per_gpu:g} kW x 730 h) / 730 h = {price:.4f} {currency} per GPU-hour"
    )
