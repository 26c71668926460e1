"""An independent re-check of a Plan against its request and catalog.

Shares nothing with the model builder: it reads the Plan's months, allocations and commitments
and recomputes throughput from the catalog's points, so a bug in the model shows up here.
"""

from __future__ import annotations

from catalog import Catalog, slugify, throughput_at, usable_points
from optimizer.plan import Plan
from optimizer.request import Forecast, PlanRequest, month_index

TOL = 1e-6


def _rate(
    catalog: Catalog,
    offer_id: str,
    workload_index: int,
    forecast: Forecast,
    deployment: str | None = None,
) -> float:
    """The best throughput per GPU at the SLO, of `deployment` only when one is named."""
    offer = catalog.offer(offer_id)
    assert offer is not None
    w = forecast.workloads[workload_index]
    best = 0.0
    for profile in catalog.profiles:
        if (profile.system_id, profile.model, profile.isl, profile.osl) != (
            offer.system_id,
            w.model,
            w.isl,
            w.osl,
        ):
            continue
        if w.precisions is not None and profile.precision not in w.precisions:
            continue
        named = [p for p in profile.points if deployment in (None, p.deployment)]
        points = usable_points(
            named, bases=w.bases, supports=offer.supports, max_ttft_ms=w.slo.max_ttft_ms
        )
        operating = throughput_at(points, w.slo.min_interactivity)
        if operating is not None:
            best = max(best, operating.throughput_per_gpu)
    return best


def verify_plan(plan: Plan, catalog: Catalog, request: PlanRequest, forecast: Forecast) -> None:
    """Assert that `plan` keeps every constraint of `request` (AssertionError names the breach)."""
    assert plan.summary is not None
    constraints = request.constraints
    horizon = forecast.months
    first = month_index(forecast.start)
    assert [m.month for m in plan.months] == forecast.month_labels
    index = {w.id: n for n, w in enumerate(forecast.workloads)}
    ucap = constraints.utilization_cap
    excluded = {slugify(v) for v in constraints.exclude_vendors}
    existing_ids = {e.offer_id for e in request.existing}
    # What the existing units of each (offer, month) are and cost, each entry at the price it
    # was signed at (the catalog's when it gives none).
    held_gpus: dict[tuple[str, int], float] = {}
    held_cost: dict[tuple[str, int], float] = {}
    for e in request.existing:
        held = catalog.offer(e.offer_id)
        assert held is not None
        price = held.price_per_gpu_hour if e.price_per_gpu_hour is None else e.price_per_gpu_hour
        begin = month_index(e.start) - first
        for t in range(max(0, begin), min(horizon, begin + e.term_months)):
            gpus = e.units * held.gpus_per_unit
            held_gpus[(e.offer_id, t)] = held_gpus.get((e.offer_id, t), 0.0) + gpus
            held_cost[(e.offer_id, t)] = held_cost.get((e.offer_id, t), 0.0) + gpus * price * 730

    # Active units per (offer, month) from the commitments.
    active: dict[tuple[str, int], float] = {}
    for c in plan.commitments:
        begin = month_index(c.start) - first
        term = max(1, c.term_months)
        for t in range(max(0, begin), min(horizon, begin + term)):
            active[(c.offer_id, t)] = active.get((c.offer_id, t), 0.0) + c.units
        offer = catalog.offer(c.offer_id)
        assert offer is not None
        if not c.existing:
            assert 0 <= begin < horizon, f"{c.offer_id} starts outside the horizon"
            if offer.available_from is not None:
                assert month_index(c.start) >= month_index(offer.available_from)
            assert slugify(offer.vendor) not in excluded
            if offer.kind == "spot":
                assert request.options.allow_spot
            if offer.min_units is not None:
                assert c.units >= offer.min_units - TOL
            assert abs(c.units - round(c.units)) < TOL or request.options.relax

    total_cost = 0.0
    for t, month in enumerate(plan.months):
        capacity = [0.0] * len(forecast.workloads)
        kw_by_site: dict[str, float] = {}
        spend_by_vendor: dict[str, float] = {}
        month_cost = 0.0
        for allocation in month.allocations:
            offer = catalog.offer(allocation.offer_id)
            assert offer is not None
            system = catalog.system(offer.system_id)
            assert system is not None
            units = active.get((offer.id, t), 0.0)
            assert abs(allocation.units - units) < TOL, f"{offer.id} {month.month} units"
            assert abs(allocation.gpus - units * offer.gpus_per_unit) < TOL
            if offer.max_units is not None:
                assert units <= offer.max_units + TOL
            whole = request.options.replicas == "whole" and not request.options.relax
            if whole:
                # Whole replicas on whole units, each unit given to one workload.
                taken = 0
                for share in allocation.workloads:
                    k = share.gpus_per_replica
                    assert k is not None and share.replicas is not None
                    assert abs(share.replicas - round(share.replicas)) < TOL
                    assert abs(share.gpus - share.replicas * k) < TOL
                    unit = offer.gpus_per_unit
                    replicas = round(share.replicas)
                    per_unit = unit // k if k <= unit else 0
                    taken += -(-replicas // per_unit) if per_unit else replicas * -(-k // unit)
                assert taken <= units + TOL, f"{offer.id} {month.month}: {taken} units used"
            else:
                used = sum(s.gpus for s in allocation.workloads)
                assert used <= ucap * allocation.gpus + 1e-6 * max(1.0, allocation.gpus)
            for share in allocation.workloads:
                w = index[share.workload_id]
                rate = _rate(catalog, offer.id, w, forecast, share.deployment)
                assert rate > 0, f"{offer.id} cannot serve {share.workload_id}"
                assert abs(share.throughput_per_gpu - rate) < 1e-6 * rate
                capacity[w] += share.gpus * rate * (ucap if whole else 1.0)
            kw = offer.power_kw_per_gpu or system.power_kw_per_gpu
            site = offer.site_key
            kw_by_site[site] = kw_by_site.get(site, 0.0) + allocation.gpus * kw
            new = allocation.gpus - held_gpus.get((offer.id, t), 0.0)
            cost = new * offer.price_per_gpu_hour * 730 + held_cost.get((offer.id, t), 0.0)
            assert abs(allocation.cost - cost) < 1e-6 * max(1.0, cost)
            spend_by_vendor[slugify(offer.vendor)] = (
                spend_by_vendor.get(slugify(offer.vendor), 0.0) + cost
            )
            month_cost += cost
            if offer.id not in existing_ids:
                assert slugify(offer.vendor) not in excluded
        for key, units in active.items():
            if key[1] == t and units > TOL:
                assert any(a.offer_id == key[0] for a in month.allocations), key
        assert abs(month.cost - month_cost) < 1e-6 * max(1.0, month_cost)
        total_cost += month_cost
        if plan.status in ("optimal", "feasible"):
            for w, workload in enumerate(forecast.workloads):
                need = workload.demand(horizon)[t] * workload.peak_to_average
                assert capacity[w] >= need * (1 - 1e-6) - 1e-6, (
                    f"{workload.id} {month.month}: capacity {capacity[w]} < {need}"
                )
        for cap in constraints.power_caps:
            limit = cap.mw[t] if isinstance(cap.mw, list) else cap.mw
            assert kw_by_site.get(cap.site, 0.0) <= 1000 * limit * (1 + 1e-9) + 1e-6
        if constraints.total_power_mw is not None:
            tp = constraints.total_power_mw
            limit = tp[t] if isinstance(tp, list) else tp
            assert sum(kw_by_site.values()) <= 1000 * limit * (1 + 1e-9) + 1e-6
        if constraints.monthly_budget is not None:
            assert month_cost <= constraints.monthly_budget * (1 + 1e-9) + 1e-6
        if constraints.max_vendor_share is not None and month_cost > 0:
            for spend in spend_by_vendor.values():
                assert spend <= constraints.max_vendor_share * month_cost * (1 + 1e-9) + 1e-6

    if request.options.commitment_accounting != "full_term":
        assert abs(plan.summary.total_cost - total_cost) < 1e-6 * max(1.0, total_cost)
    assert abs(plan.summary.cash_cost_in_horizon - total_cost) < 1e-6 * max(1.0, total_cost)
    workload_cost = sum(w.cost for w in plan.workloads)
    assert abs(workload_cost - plan.summary.total_cost) < 1e-6 * max(1.0, workload_cost)
    for w in plan.workloads:
        if w.tokens > 0 and w.cost_per_million_tokens is not None:
            assert abs(w.cost_per_million_tokens - w.cost / w.tokens * 1e6) < 1e-9 * max(
                1.0, w.cost_per_million_tokens
            )
