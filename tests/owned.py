"""An owned offer given by its parts (test figures, not shipped data), as the tests of owned
hardware from its parts post and decode it."""

from __future__ import annotations

from typing import Any

PARTS: dict[str, Any] = {
    "capex_per_gpu": 60_000.0,
    "life_months": 48,
    "residual_share": 0.1,
    "opex_per_gpu_month": 200.0,
    "energy_price_per_kwh": 0.08,
}
"""The parts of one GB300 NVL72 GPU as a buyer might state them: 1.9831 per GPU-hour."""


def owned_by_parts(**changes: Any) -> dict[str, Any]:
    """The offer document `own-gb300-parts` (a 72-GPU rack at 2.1 kW per GPU), with
    `changes`."""
    document: dict[str, Any] = {
        "id": "own-gb300-parts",
        "vendor": "On-prem",
        "system_id": "gb300-nvl72",
        "region": "own-dc",
        "kind": "owned",
        "tco": dict(PARTS),
        "power_kw_per_gpu": 2.1,
        "payment_model": "All Upfront",
        "gpus_per_unit": 72,
        "price_basis": "estimate",
        "source": "test figures",
        "as_of": "2026-11-01",
    }
    return document | changes
