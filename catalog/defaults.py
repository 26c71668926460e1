"""The default catalog shipped in `catalog/data/`: public prices, powers and measured curves,
every row with its source and date (read `catalog/data/SOURCES.md`)."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from importlib import resources
from typing import cast

import msgspec

from catalog.api_offer import ApiOffer
from catalog.model import Catalog, Offer, Point, Precision, Profile, System

__all__ = ["default_catalog", "profile_id"]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("catalog").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _optional(value: str) -> str | None:
    return value.strip() or None


def profile_id(system_id: str, model: str, isl: int, osl: int, precision: str) -> str:
    """The shipped profiles' id: `gb300-nvl72_deepseek-r1-0528_8192-1024_fp4`."""
    return f"{system_id}_{model}_{isl}-{osl}_{precision}"


def _systems() -> list[System]:
    systems = []
    for row in _rows("systems.csv"):
        peak = {
            precision: float(row[f"{precision}_tflops_dense"])
            for precision in ("bf16", "fp8", "fp4")
            if row[f"{precision}_tflops_dense"].strip()
        }
        systems.append(
            System(
                id=row["id"],
                name=row["name"],
                accelerator=row["accelerator"],
                maker=row["maker"],
                power_kw_per_gpu=float(row["power_kw_per_gpu_all_in"]),
                scale_up_gpus=int(row["gpus_per_scale_up_domain"]),
                memory_gb_per_gpu=float(row["memory_gb_per_gpu"]),
                peak_tflops=cast(dict[Precision, float], peak),
                hbm_tb_s=float(row["hbm_tb_s"]) if row["hbm_tb_s"].strip() else None,
                source=f"power: {row['power_source']}; specs: {row['spec_source']}",
                as_of=dt.date.fromisoformat(row["as_of"]),
            )
        )
    return systems


def _profiles(systems: list[System]) -> list[Profile]:
    system_of = {s.accelerator: s.id for s in systems}
    grouped: dict[tuple[str, str, int, int, str], list[Point]] = {}
    for row in _rows("profile_points.csv"):
        if row["excluded"].strip():
            continue  # kept in the data with the reason, not loaded (SOURCES.md)
        key = (
            system_of[row["accelerator"]],
            row["model"],
            int(row["isl"]),
            int(row["osl"]),
            row["precision"],
        )
        concurrency = _optional(row["concurrency"])
        gpus = _optional(row["gpus_per_replica"])
        point = msgspec.convert(
            {
                "interactivity": float(row["interactivity_tok_s_user"]),
                "throughput_per_gpu": float(row["throughput_tok_s_gpu_total"]),
                "engine": _optional(row["engine"]),
                "deployment": row["deployment"],
                "concurrency": int(concurrency) if concurrency else None,
                "gpus_per_replica": int(gpus) if gpus else None,
                "features": row["features"].split(),
                "basis": row["basis"],
                "source": row["source"],
                "measured_on": row["run_date"],
            },
            Point,
        )
        grouped.setdefault(key, []).append(point)
    return [
        Profile(
            id=profile_id(*key),
            system_id=key[0],
            model=key[1],
            isl=key[2],
            osl=key[3],
            precision=cast(Precision, key[4]),
            points=tuple(sorted(points, key=lambda p: (p.interactivity, p.deployment))),
        )
        for key, points in grouped.items()
    ]


def _offers() -> list[Offer]:
    offers = []
    for row in _rows("offers.csv"):
        offers.append(
            msgspec.convert(
                {
                    "id": row["id"],
                    "vendor": row["vendor"],
                    "system_id": row["system_id"],
                    "region": row["region"],
                    "site": row["site"],
                    "kind": row["kind"],
                    "price_per_gpu_hour": float(row["price_per_gpu_hour"]),
                    "currency": row["currency"],
                    "term_months": int(row["term_months"]),
                    "payment_model": row["payment_model"],
                    "gpus_per_unit": int(row["gpus_per_unit"]),
                    "min_units": int(row["min_units"]) if row["min_units"].strip() else None,
                    "max_units": int(row["max_units"]) if row["max_units"].strip() else None,
                    "price_basis": row["price_basis"],
                    "source": row["source"],
                    "as_of": dt.date.fromisoformat(row["as_of"]).isoformat(),
                    "note": row["note"],
                },
                Offer,
            )
        )
    return offers


def _api_offers() -> list[ApiOffer]:
    """The per-token API offers of `api_offers.csv`: prices only; no row states a rate limit
    or the speed users see, so those stay null (read each row's note)."""
    return [
        msgspec.convert(
            {
                "id": row["id"],
                "vendor": row["vendor"],
                "model": row["model"],
                "provider_model": row["provider_model"],
                "price_per_million_input_tokens": float(row["price_per_million_input_tokens"]),
                "price_per_million_output_tokens": float(row["price_per_million_output_tokens"]),
                "currency": row["currency"],
                "price_basis": row["price_basis"],
                "source": row["source"],
                "as_of": row["as_of"],
                "note": row["note"],
            },
            ApiOffer,
        )
        for row in _rows("api_offers.csv")
    ]


@cache
def default_catalog() -> Catalog:
    """The shipped catalog as revision 1: every system, profile point, offer and API offer of
    the data."""
    systems = _systems()
    return Catalog(
        revision=1,
        systems=tuple(systems),
        profiles=tuple(_profiles(systems)),
        offers=tuple(_offers()),
        api_offers=tuple(_api_offers()),
    )
