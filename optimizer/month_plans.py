"""Each month of the plan from a solution (`optimizer.assembly`'s `Assembler`): its cost, MW
(by site), tokens served, the offers it runs (units, GPUs, cost, MW, idle GPUs) with each
workload's share of them (GPUs, capacity, tokens, replicas), and its API purchases."""

from __future__ import annotations

from optimizer.api_assembly import bought, purchases
from optimizer.assembly import Assembler, clean
from optimizer.plan import Allocation, MonthPlan, WorkloadShare

__all__ = ["month_plans"]


def month_plans(assembler: Assembler) -> list[MonthPlan]:
    """Each month of the horizon as the plan shows it."""
    instance = assembler.instance
    solution = assembler.solution
    capacity: dict[tuple[int, int], float] = {}
    # GPUs a workload's share keeps busy: fractional shares are at the utilisation cap already.
    used = 1.0 if instance.replicas == "whole" else instance.utilization_cap
    for (o, w, t), gpus in solution.serve.items():
        key = (w, t)
        per_gpu = instance.rates[(o, w)].per_gpu * assembler.capacity_share
        capacity[key] = capacity.get(key, 0.0) + gpus * per_gpu
    sites = sorted({spec.offer.site_key for spec in instance.offers} | set(instance.power_caps))
    months: list[MonthPlan] = []
    for t, label in enumerate(instance.months):
        allocations = []
        for o, spec in enumerate(instance.offers):
            units = assembler.units.get((o, t), 0.0)
            if units <= 1e-9:
                continue
            shares = []
            for w, wspec in enumerate(instance.workloads):
                gpus = solution.serve.get((o, w, t), 0.0)
                if gpus <= 1e-9:
                    continue
                rate = instance.rates[(o, w)]
                cap = gpus * rate.per_gpu * assembler.capacity_share
                replica = rate.gpus_per_replica or spec.gpus_per_unit
                served = wspec.average[t] * assembler.served_share(w, t) - bought(solution, w, t)
                tps = max(0.0, served) * cap / capacity[(w, t)] if capacity[(w, t)] > 0 else 0.0
                shares.append(
                    WorkloadShare(
                        workload_id=wspec.id,
                        gpus=gpus,
                        capacity_tokens_per_second=cap,
                        tokens_per_second=tps,
                        interactivity=rate.operating.interactivity,
                        throughput_per_gpu=rate.per_gpu,
                        utilization=tps / cap if cap > 0 else 0.0,
                        replicas=gpus / replica,
                        gpus_per_replica=replica,
                        deployment=rate.operating.deployment,
                    )
                )
            allocations.append(
                Allocation(
                    offer_id=spec.id,
                    vendor=spec.offer.vendor,
                    site=spec.offer.site_key,
                    kind=spec.offer.kind,
                    units=units,
                    committed_units=spec.existing[t],
                    gpus=units * spec.gpus_per_unit,
                    cost=spec.units_cost(units, t),
                    mw=units * spec.kw_per_unit / 1000.0,
                    workloads=tuple(shares),
                    idle_gpus=clean(
                        units * spec.gpus_per_unit - sum(share.gpus for share in shares) / used
                    ),
                )
            )
        by_site = {site: assembler.month_kw(t, site) / 1000.0 for site in sites}
        months.append(
            MonthPlan(
                month=label,
                cost=assembler.month_cost(t),
                mw=assembler.month_kw(t) / 1000.0,
                mw_by_site={k: v for k, v in by_site.items() if v > 0 or k in instance.power_caps},
                tokens_per_second=sum(
                    w.average[t] * assembler.served_share(n, t)
                    for n, w in enumerate(instance.workloads)
                ),
                allocations=tuple(allocations),
                purchases=tuple(purchases(instance, solution, t)),
            )
        )
    return months
