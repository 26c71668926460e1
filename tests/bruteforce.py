"""A brute-force planner for tiny instances, sharing nothing with the optimizer's model.

It enumerates every fleet (active units per offer and month, consistent with each offer's
contracts), checks each month's demand with an exact rational simplex, and keeps the cheapest.
Only month-to-month offers and offers whose contracts run past the horizon are supported.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from catalog import Catalog, throughput_at
from optimizer.request import Forecast, PlanRequest, month_index


def feasible(capacity: list[float], rates: list[list[float]], demand: list[float]) -> bool:
    """Exact test: GPUs g[o][w] >= 0 with sum_w g[o][w] <= capacity[o] and
    sum_o rates[o][w] * g[o][w] >= demand[w] (rates[o][w] == 0: o cannot serve w)."""
    offers, workloads = len(capacity), len(demand)
    pairs = [(o, w) for o in range(offers) for w in range(workloads) if rates[o][w] > 0]
    needed = [w for w in range(workloads) if demand[w] > 0]
    if not needed:
        return True
    # Columns: g pairs, capacity slacks, demand surpluses, demand artificials.
    n_g, n_rows = len(pairs), offers + len(needed)
    width = n_g + offers + 2 * len(needed)
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    basis: list[int] = []
    for o in range(offers):
        row = [Fraction(0)] * width
        for j, (oo, _w) in enumerate(pairs):
            if oo == o:
                row[j] = Fraction(1)
        row[n_g + o] = Fraction(1)
        rows.append(row)
        rhs.append(Fraction(capacity[o]))
        basis.append(n_g + o)
    for k, w in enumerate(needed):
        row = [Fraction(0)] * width
        for j, (o, ww) in enumerate(pairs):
            if ww == w:
                row[j] = Fraction(rates[o][w])
        row[n_g + offers + k] = Fraction(-1)
        row[n_g + offers + len(needed) + k] = Fraction(1)
        rows.append(row)
        rhs.append(Fraction(demand[w]))
        basis.append(n_g + offers + len(needed) + k)
    artificial = set(range(n_g + offers + len(needed), width))
    while True:
        # Reduced costs of phase one (minimise the sum of artificials), Bland's rule.
        cost = [Fraction(1) if j in artificial else Fraction(0) for j in range(width)]
        duals = [cost[b] for b in basis]
        entering = None
        for j in range(width):
            if j in basis:
                continue
            reduced = cost[j] - sum(duals[i] * rows[i][j] for i in range(n_rows))
            if reduced < 0:
                entering = j
                break
        if entering is None:
            break
        ratios = [
            (rhs[i] / rows[i][entering], basis[i], i)
            for i in range(n_rows)
            if rows[i][entering] > 0
        ]
        if not ratios:
            break  # unbounded direction: cannot happen in phase one
        _, _, pivot = min(ratios)
        factor = rows[pivot][entering]
        rows[pivot] = [v / factor for v in rows[pivot]]
        rhs[pivot] /= factor
        for i in range(n_rows):
            if i != pivot and rows[i][entering] != 0:
                scale = rows[i][entering]
                rows[i] = [a - scale * b for a, b in zip(rows[i], rows[pivot], strict=True)]
                rhs[i] -= scale * rhs[pivot]
        basis[pivot] = entering
    return sum(rhs[i] for i in range(n_rows) if basis[i] in artificial) == 0


def _rate(catalog: Catalog, offer_id: str, forecast: Forecast, w: int) -> float:
    offer = catalog.offer(offer_id)
    assert offer is not None
    workload = forecast.workloads[w]
    best = 0.0
    for p in catalog.profiles:
        if (p.system_id, p.model, p.isl, p.osl) == (
            offer.system_id,
            workload.model,
            workload.isl,
            workload.osl,
        ):
            op = throughput_at(list(p.points), workload.slo.min_interactivity)
            if op is not None:
                best = max(best, op.throughput_per_gpu)
    return best


def brute_force(catalog: Catalog, request: PlanRequest) -> float | None:
    """The least total cost over every fleet, or None when no fleet meets the demand."""
    forecast = request.forecast
    assert forecast is not None
    horizon = forecast.months
    offers = list(catalog.offers)
    ucap = request.constraints.utilization_cap
    demand = [w.demand(horizon) for w in forecast.workloads]
    need = [[d * w.peak_to_average for d in demand[n]] for n, w in enumerate(forecast.workloads)]
    rates = [[_rate(catalog, o.id, forecast, w) for w in range(len(demand))] for o in offers]
    constraints = request.constraints
    caps = {c.site: c.mw for c in constraints.power_caps}
    full_term = request.options.commitment_accounting == "full_term"
    first = month_index(forecast.start)
    existing = [[0] * horizon for _ in offers]
    for e in request.existing:
        k = next(i for i, o in enumerate(offers) if o.id == e.offer_id)
        begin = month_index(e.start) - first
        for t in range(max(0, begin), min(horizon, begin + e.term_months)):
            existing[k][t] += e.units

    def per_month(value: float | list[float] | None, t: int) -> float | None:
        if value is None:
            return None
        return value[t] if isinstance(value, list) else value

    choices: list[list[tuple[tuple[int, ...], float]]] = []
    for k, offer in enumerate(offers):
        system = catalog.system(offer.system_id)
        assert system is not None
        unit = offer.gpus_per_unit
        bound = 0
        for t in range(horizon):
            month = sum(
                need[w][t] / (rates[k][w] * unit * ucap)
                for w in range(len(demand))
                if rates[k][w] > 0
            )
            bound = max(bound, math.ceil(month - 1e-9))
        minimum = offer.min_units or 1
        if not any(rates[k]):
            bound = 0  # an offer that serves none of the workloads is never bought
        elif offer.min_units is not None:
            # Steps of at least the minimum can overshoot the need by up to minimum - 1.
            bound = max(bound + minimum - 1, minimum)
        if offer.max_units is not None:
            bound = min(bound, offer.max_units)
        monthly = offer.price_per_gpu_hour * unit * 730
        allowed = [0, *range(minimum, bound + 1)]
        options: list[tuple[tuple[int, ...], float]] = []
        opens = 0
        if offer.available_from is not None:
            opens = max(0, month_index(offer.available_from) - first)
        for fleet in itertools.product(range(bound + 1), repeat=horizon):
            if any(fleet[t] for t in range(min(opens, horizon))):
                continue
            if offer.term_months == 0:
                if any(n not in allowed for n in fleet):
                    continue
                options.append((fleet, monthly * sum(fleet)))
            else:
                assert offer.term_months >= horizon, "brute force: terms 0 or past the horizon"
                steps = [fleet[0]] + [fleet[t] - fleet[t - 1] for t in range(1, horizon)]
                if any(s < 0 or s not in allowed for s in steps):
                    continue
                cost = (
                    monthly * offer.term_months * sum(steps) if full_term else monthly * sum(fleet)
                )
                options.append((fleet, cost))
        choices.append(options)

    committed = sum(
        existing[k][t] * o.gpus_per_unit * o.price_per_gpu_hour * 730
        for k, o in enumerate(offers)
        for t in range(horizon)
    )
    best: float | None = None
    cache: dict[tuple[int, tuple[int, ...]], bool] = {}
    for combo in itertools.product(*choices):
        cost = committed + sum(c for _, c in combo)
        if best is not None and cost >= best:
            continue
        ok = True
        for t in range(horizon):
            units = tuple(fleet[t] + existing[k][t] for k, (fleet, _) in enumerate(combo))
            if any(
                o.max_units is not None and units[k] > o.max_units for k, o in enumerate(offers)
            ):
                ok = False
                break
            spend = [
                units[k] * o.gpus_per_unit * o.price_per_gpu_hour * 730
                for k, o in enumerate(offers)
            ]
            budget = constraints.monthly_budget
            if budget is not None and sum(spend) > budget + 1e-6:
                ok = False
                break
            share = constraints.max_vendor_share
            if share is not None:
                by_vendor: dict[str, float] = {}
                for k, o in enumerate(offers):
                    by_vendor[o.vendor] = by_vendor.get(o.vendor, 0.0) + spend[k]
                if any(v > share * sum(spend) + 1e-6 for v in by_vendor.values()):
                    ok = False
                    break
            total_mw = per_month(constraints.total_power_mw, t)
            if total_mw is not None:
                kw_all = 0.0
                for k, o in enumerate(offers):
                    system = catalog.system(o.system_id)
                    assert system is not None
                    kw_all += (
                        units[k] * o.gpus_per_unit * (o.power_kw_per_gpu or system.power_kw_per_gpu)
                    )
                if kw_all > 1000 * total_mw + 1e-9:
                    ok = False
                    break
            for site, mw in caps.items():
                limit = mw[t] if isinstance(mw, list) else mw
                kw = 0.0
                for k, offer in enumerate(offers):
                    if offer.site_key == site:
                        system = catalog.system(offer.system_id)
                        assert system is not None
                        per_gpu = offer.power_kw_per_gpu or system.power_kw_per_gpu
                        kw += units[k] * offer.gpus_per_unit * per_gpu
                if kw > 1000 * limit + 1e-9:
                    ok = False
            if not ok:
                break
            key = (t, units)
            if key not in cache:
                capacity = [units[k] * o.gpus_per_unit * ucap for k, o in enumerate(offers)]
                cache[key] = feasible(capacity, rates, [need[w][t] for w in range(len(need))])
            if not cache[key]:
                ok = False
                break
        if ok:
            best = cost
    return best
