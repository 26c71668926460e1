"""Benchmark instances: the default catalog with growing workloads, and synthetic large ones."""

from __future__ import annotations

import random

from catalog import Catalog, Offer, default_catalog
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


def synthetic(offers: int, months: int, workloads: int, seed: int = 7) -> tuple[Catalog, Forecast]:
    """A catalog of `offers` offers cloned from the shipped ones with jittered prices, and
    `workloads` growing DeepSeek-R1 workloads at spread SLOs."""
    rng = random.Random(seed)
    base = default_catalog()
    shipped = [o for o in base.offers if o.kind != "spot"]
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
                price_per_gpu_hour=round(template.price_per_gpu_hour * rng.uniform(0.8, 1.25), 4),
                term_months=template.term_months,
                payment_model=template.payment_model,
                gpus_per_unit=template.gpus_per_unit,
                price_basis="illustrative",
                source="synthetic benchmark offer cloned from " + template.id,
                as_of=template.as_of,
            )
        )
    catalog = Catalog(revision=1, systems=base.systems, profiles=base.profiles, offers=tuple(made))
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
