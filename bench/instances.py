"""Benchmark instances: the default catalog with growing workloads, and synthetic large ones."""

from __future__ import annotations

import random
from typing import Any, Literal

import msgspec

from catalog import Catalog, Offer, Profile, System, default_catalog
from optimizer.request import SLO, Forecast, PlanRequest, Workload


def growing(start: float, monthly_growth: float, months: int) -> list[float]:
    """Demand that grows by a constant factor each month."""
    return [round(start * (1 + monthly_growth) ** t, 3) for t in range(months)]


def three_growing_workloads(months: int = 12) -> Forecast:
    """The DESIGN section 3 reference: three growing workloads on the shipped models."""
    return Forecast(
        name="three growing workloads",
        start="2027-01",
        months=months,
        workloads=(
            Workload(
                id="reasoning-8k1k",
                model="deepseek-r1-0528",
                isl=8192,
                osl=1024,
                slo=SLO(min_interactivity=50),
                tokens_per_second=growing(400_000, 0.08, months),
                peak_to_average=1.5,
            ),
            Workload(
                id="chat-1k1k",
                model="deepseek-r1-0528",
                isl=1024,
                osl=1024,
                slo=SLO(min_interactivity=100),
                tokens_per_second=growing(250_000, 0.10, months),
                peak_to_average=1.3,
            ),
            Workload(
                id="oss-8k1k",
                model="gpt-oss-120b",
                isl=8192,
                osl=1024,
                slo=SLO(min_interactivity=25),
                tokens_per_second=growing(1_500_000, 0.05, months),
            ),
        ),
    )


Shape = Literal["clones", "caps", "availability", "curves"]
"""How synthetic offers differ from the shipped ones they are cloned from: `clones` only in
price (dominance pruning keeps about 13 of them); `caps` each with `max_units`, `availability`
each with its own `available_from` and power figure, `curves` each on a system of its own
whose throughput rises with its price. The last three leave dominance nothing to prune."""


def _variant(
    template: Offer, kw_per_gpu: float, n: int, shape: Shape, rng: random.Random
) -> dict[str, Any]:
    """The fields of synthetic offer `n` that its shape sets (`kw_per_gpu`: the template's)."""
    price = round(template.price_per_gpu_hour * rng.uniform(0.8, 1.25), 4)
    if shape == "caps":
        return {"price_per_gpu_hour": price, "max_units": rng.randint(2, 40)}
    if shape == "availability":
        return {
            "price_per_gpu_hour": price,
            "available_from": f"2027-{1 + n % 6:02d}",
            "power_kw_per_gpu": round(kw_per_gpu * rng.uniform(0.9, 1.1), 3),
        }
    if shape == "curves":
        return {"price_per_gpu_hour": price, "system_id": f"{template.system_id}-{n}"}
    return {"price_per_gpu_hour": price}


def _curves(base: Catalog, made: list[Offer]) -> tuple[tuple[System, ...], tuple[Profile, ...]]:
    """A system per `curves` offer, its profiles' throughput scaled with the offer's price
    against its template's (a dearer clone is faster per GPU, and cheaper per token)."""
    systems = {s.id: s for s in base.systems}
    prices = {o.system_id: o.price_per_gpu_hour for o in base.offers}
    out_systems: list[System] = list(base.systems)
    out_profiles: list[Profile] = list(base.profiles)
    for offer in made:
        template_id = offer.system_id.rsplit("-", 1)[0]
        if template_id not in systems:
            continue
        factor = (offer.price_per_gpu_hour / prices[template_id]) ** 1.2
        out_systems.append(msgspec.structs.replace(systems[template_id], id=offer.system_id))
        for profile in base.profiles:
            if profile.system_id != template_id:
                continue
            points = tuple(
                msgspec.structs.replace(p, throughput_per_gpu=p.throughput_per_gpu * factor)
                for p in profile.points
            )
            out_profiles.append(
                msgspec.structs.replace(
                    profile, id=f"{profile.id}-{offer.id}", system_id=offer.system_id, points=points
                )
            )
    return tuple(out_systems), tuple(out_profiles)


def synthetic(
    offers: int, months: int, workloads: int, seed: int = 7, shape: Shape = "clones"
) -> tuple[Catalog, Forecast]:
    """A catalog of `offers` offers cloned from the shipped ones (differing as `shape` says),
    and `workloads` growing DeepSeek-R1 workloads at spread SLOs."""
    rng = random.Random(seed)
    base = default_catalog()
    shipped = [o for o in base.offers if o.kind != "spot"]
    system_kw = {s.id: s.power_kw_per_gpu for s in base.systems}
    made: list[Offer] = []
    for n in range(offers):
        template = shipped[n % len(shipped)]
        made.append(
            Offer(
                id=f"{template.id}-{n}",
                vendor=f"{template.vendor} {n % 17}",
                system_id=template.system_id,
                region=template.region,
                kind=template.kind,
                price_per_gpu_hour=template.price_per_gpu_hour,
                term_months=template.term_months,
                payment_model=template.payment_model,
                gpus_per_unit=template.gpus_per_unit,
                price_basis="illustrative",
                source="synthetic benchmark offer cloned from " + template.id,
                as_of=template.as_of,
            )
        )
        kw = template.power_kw_per_gpu or system_kw[template.system_id]
        made[-1] = msgspec.structs.replace(made[-1], **_variant(template, kw, n, shape, rng))
    systems, profiles = _curves(base, made) if shape == "curves" else (base.systems, base.profiles)
    catalog = Catalog(revision=1, systems=systems, profiles=profiles, offers=tuple(made))
    shapes = [(8192, 1024), (1024, 1024)]
    forecast = Forecast(
        name=f"synthetic {offers}x{months}x{workloads}",
        start="2027-01",
        months=months,
        workloads=tuple(
            Workload(
                id=f"w{k}",
                model="deepseek-r1-0528",
                isl=shapes[k % 2][0],
                osl=shapes[k % 2][1],
                slo=SLO(min_interactivity=20 + 10 * (k % 8)),
                tokens_per_second=growing(rng.uniform(50_000, 400_000), 0.06, months),
                peak_to_average=1.3,
            )
            for k in range(workloads)
        ),
    )
    return catalog, forecast


def request_for(forecast: Forecast) -> PlanRequest:
    """A plain cost-minimising request for an inline forecast."""
    return PlanRequest(forecast=forecast)
