"""A brute-force planner for tiny instances, sharing nothing with the optimizer's model.

It enumerates every fleet (active units per offer and month, consistent with each offer's
contracts), checks each month's demand with an exact rational simplex, and keeps the cheapest.
Only month-to-month offers and offers whose contracts run past the horizon are supported.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import pulp

from catalog import Catalog, throughput_at
from optimizer.request import Forecast, PlanRequest, month_index
from optimizer.solver import SOLVER_THREADS


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


def _operating(catalog: Catalog, offer_id: str, forecast: Forecast, w: int) -> tuple[float, int]:
    """(throughput per GPU, GPUs per replica or 0) of the best point for workload `w`."""
    offer = catalog.offer(offer_id)
    assert offer is not None
    workload = forecast.workloads[w]
    best, replica = 0.0, 0
    for p in catalog.profiles:
        if (p.system_id, p.model, p.isl, p.osl) == (
            offer.system_id,
            workload.model,
            workload.isl,
            workload.osl,
        ):
            op = throughput_at(list(p.points), workload.slo.min_interactivity)
            if op is not None and op.throughput_per_gpu > best:
                best = op.throughput_per_gpu
                replica = max(q.gpus_per_replica or 0 for q in op.points)
    return best, replica


def _optimum(lp: pulp.LpProblem) -> float | None:
    """The least objective of `lp` solved by HiGHS, or None when it has no optimum."""
    lp.solve(pulp.HiGHS(msg=False, threads=SOLVER_THREADS))
    if lp.status != pulp.LpStatusOptimal:
        return None
    return float(pulp.value(lp.objective) or 0.0)


def _whole_feasible(
    units: tuple[int, ...], blocks: list[list[tuple[int, float]]], demand: list[float]
) -> bool:
    """Exact test with whole replicas: each offer's units split into whole blocks per workload
    (blocks[k][w] = (units per block, capacity per block); capacity 0: cannot serve)."""
    per_offer: list[list[tuple[float, ...]]] = []
    for k, n in enumerate(units):
        served = [w for w, (_u, cap) in enumerate(blocks[k]) if cap > 0]
        options: list[tuple[float, ...]] = []
        ranges = [range(n // blocks[k][w][0] + 1) for w in served]
        for counts in itertools.product(*ranges):
            if sum(c * blocks[k][w][0] for c, w in zip(counts, served, strict=True)) > n:
                continue
            capacity = [0.0] * len(demand)
            for c, w in zip(counts, served, strict=True):
                capacity[w] = c * blocks[k][w][1]
            options.append(tuple(capacity))
        per_offer.append(options or [tuple([0.0] * len(demand))])
    for combo in itertools.product(*per_offer):
        if all(sum(c[w] for c in combo) >= demand[w] * (1 - 1e-12) for w in range(len(demand))):
            return True
    return False


def brute_force(
    catalog: Catalog, request: PlanRequest, renewal_choice: bool = True
) -> float | None:
    """The least objective over every plan, or None when no plan meets the demand: contracts
    with a term start in the horizon, month-to-month units any month of the span (the horizon
    and, under `demand_continues`, the tail, where demand holds at its last level); costs by
    the request's commitment accounting (for `demand_continues`, horizon and tail together);
    GPUs per workload in whole replicas on whole units, or fractional. The tail is priced by
    a small problem per month (its month-to-month units and blocks whole with whole replicas,
    as the horizon's: probe 16a F1); a contract
    (new or existing) ending in the tail is renewed at its price to the tail's end, as many of
    its units as the plan chooses (`renewal_choice`; False: every unit) where every workload
    its offer serves has a month-to-month offer in the tail: the units not renewed serve and
    cost nothing from their end (then the tail is one small MILP over its months, those units
    whole with whole replicas)."""
    forecast = request.forecast
    assert forecast is not None
    options = request.options
    horizon = forecast.months
    offers = list(catalog.offers)
    accounting = options.commitment_accounting
    ops = [
        [_operating(catalog, o.id, forecast, w) for w in range(len(forecast.workloads))]
        for o in offers
    ]
    rates = [[r for r, _k in row] for row in ops]
    tail = 0
    if accounting == "demand_continues":
        tail = options.tail_months
        if tail is None:
            longest = max((o.term for k, o in enumerate(offers) if any(rates[k])), default=1)
            tail = longest if longest > 1 else 0
    span = horizon + tail
    ucap = request.constraints.utilization_cap
    monthly_tail = {
        w
        for w in range(len(forecast.workloads))
        if any(rates[k][w] > 0 and o.term == 1 for k, o in enumerate(offers))
    }
    need = []
    for n, workload in enumerate(forecast.workloads):
        values = workload.demand(horizon)
        values += [values[-1] if n in monthly_tail else 0.0] * tail
        need.append([v * workload.peak_to_average for v in values])
    whole = options.replicas == "whole"
    blocks: list[list[tuple[int, float]]] = []
    for k, offer in enumerate(offers):
        row = []
        for w in range(len(need)):
            rate, replica = ops[k][w]
            unit = offer.gpus_per_unit
            size = replica or unit
            upb, gpb = (1, (unit // size) * size) if size <= unit else (-(-size // unit), size)
            row.append((upb, gpb * rate * ucap if rate > 0 else 0.0))
        blocks.append(row)
    constraints = request.constraints
    caps = {c.site: c.mw for c in constraints.power_caps}
    first = month_index(forecast.start)

    def renewal_end(begin: int, term: int) -> int:
        """The month after a contract's last: under `demand_continues` one with a term that
        ends after the horizon and before the tail's end is renewed (at its price) to the
        tail's end; a renewal is not a contract starting in the tail."""
        end = begin + term
        if accounting == "demand_continues" and term > 1 and begin < horizon <= end < span:
            return span
        return end

    # Leaving a renewal out is the plan's to choose only where it can pay: some workload
    # falls at the horizon's end, or an existing commitment (sized before the plan) ends in
    # the tail, renewed (`Instance.renewal_may_pay`; these instances exclude no vendor).
    falling = any(max(n[:horizon]) * (1 - 1e-9) > n[horizon - 1] for n in need)
    renewing = [
        (month_index(e.start) - first, e.term_months)
        for e in request.existing
        if renewal_end(month_index(e.start) - first, e.term_months)
        > month_index(e.start) - first + e.term_months
    ]
    may_pay = falling or bool(renewing)

    def chooses(k: int) -> bool:
        """Whether the renewal of offer k's units is the plan's choice: it may pay, and every
        workload it serves has a month-to-month offer in the tail (else the tail does not
        value them)."""
        return (
            renewal_choice
            and may_pay
            and all(w in monthly_tail for w in range(len(forecast.workloads)) if rates[k][w] > 0)
        )

    existing = [[0] * span for _ in offers]
    held_cost = [[0.0] * span for _ in offers]  # each entry at the price it was signed at
    held_cohorts: list[tuple[int, int, int, float]] = []  # (offer, end, units, $ a unit-month)
    past_tail = 0.0  # what existing commitments owe after the tail (`held_after_tail`)
    for e in request.existing:
        k = next(i for i, o in enumerate(offers) if o.id == e.offer_id)
        begin = month_index(e.start) - first
        price = e.price_per_gpu_hour or offers[k].price_per_gpu_hour
        end = renewal_end(begin, e.term_months)
        for t in range(max(0, begin), min(span, end)):
            existing[k][t] += e.units
            held_cost[k][t] += e.units * offers[k].gpus_per_unit * price * 730
        if accounting == "demand_continues" and end > span:  # owed past the tail, in full
            past_tail += e.units * offers[k].gpus_per_unit * price * 730 * (end - span)
        if end > begin + e.term_months and chooses(k):
            unit_month = offers[k].gpus_per_unit * price * 730
            held_cohorts.append((k, begin + e.term_months, e.units, unit_month))

    def per_month(value: float | list[float] | None, t: int) -> float | None:
        if value is None:
            return None
        return value[min(t, horizon - 1)] if isinstance(value, list) else value

    def bound_for(k: int, months: range) -> int:
        offer = offers[k]
        unit = offer.gpus_per_unit
        most = 0
        for t in months:
            if whole:
                month = sum(
                    blocks[k][w][0] * math.ceil(need[w][t] / blocks[k][w][1] - 1e-9)
                    for w in range(len(need))
                    if blocks[k][w][1] > 0
                )
            else:
                month = math.ceil(
                    sum(
                        need[w][t] / (rates[k][w] * unit * ucap)
                        for w in range(len(need))
                        if rates[k][w] > 0
                    )
                    - 1e-9
                )
            most = max(most, month)
        if not any(rates[k]):
            return 0  # an offer that serves none of the workloads is never bought
        if offer.min_units is not None:
            # Steps of at least the minimum can overshoot the need by up to minimum - 1.
            most = max(most + offer.min_units - 1, offer.min_units)
        if offer.max_units is not None:
            most = min(most, offer.max_units)
        return most

    def opens(offer_k: int) -> int:
        offer = offers[offer_k]
        if offer.available_from is None:
            return 0
        return max(0, month_index(offer.available_from) - first)

    def monthly(k: int) -> float:
        o = offers[k]
        return o.price_per_gpu_hour * o.gpus_per_unit * 730

    contracts = [k for k, o in enumerate(offers) if o.term > 1]
    month_to_month = [k for k, o in enumerate(offers) if o.term == 1]
    # Every choice of contract starts: per contract offer, units at each horizon start month.
    # Per contract offer, each choice: (fleet per month, cost, the units renewed in the tail
    # the plan may leave: (offer, end, units, $ a unit-month) per start).
    Choice = tuple[tuple[int, ...], float, tuple[tuple[int, int, int, float], ...]]
    contract_choices: list[list[Choice]] = []
    for k in contracts:
        offer = offers[k]
        allowed_starts = range(opens(k), horizon)
        options_k: list[Choice] = []
        per_start = []
        for s in range(horizon):
            if s not in allowed_starts:
                per_start.append([0])
                continue
            top = bound_for(k, range(s, min(span, renewal_end(s, offer.term))))
            low = offer.min_units or 1
            per_start.append([0, *range(low, top + 1)])
        for starts in itertools.product(*per_start):
            fleet = [0] * span
            cost = 0.0
            renewable: list[tuple[int, int, int, float]] = []
            for s, c in enumerate(starts):
                end = renewal_end(s, offer.term)
                if c and end > s + offer.term and chooses(k):
                    renewable.append((k, s + offer.term, c, monthly(k)))
                for t in range(s, min(span, end)):
                    fleet[t] += c
                counted = {
                    "in_horizon": min(offer.term, horizon - s),
                    "full_term": offer.term,
                    "demand_continues": end - s,  # the term, and any renewal in the tail
                }[accounting]
                cost += c * monthly(k) * counted
            options_k.append((tuple(fleet), cost, tuple(renewable)))
        contract_choices.append(options_k)

    committed = past_tail + sum(
        held_cost[k][t]
        for k in range(len(offers))
        for t in range(horizon if accounting != "demand_continues" else span)
    )
    cache: dict[tuple[int, tuple[int, ...]], float | None] = {}

    def per_unit(k: int, w: int) -> float:
        """Capacity tokens/s one unit of offer k gives workload w, divisibly."""
        if whole:
            return blocks[k][w][1] / blocks[k][w][0]
        return offers[k].gpus_per_unit * ucap * rates[k][w]

    # The tail's choices (units not renewed, month-to-month units and blocks): whole or not.
    kind = pulp.LpInteger if whole else pulp.LpContinuous

    def tail_cost(t: int, fixed: tuple[int, ...]) -> float | None:
        """The tail values demand, it buys nothing: the least cost of month-to-month units
        (whole with whole replicas) that serve month `t` beside the fixed units (a small
        problem of its own)."""
        lp = pulp.LpProblem("tail", pulp.LpMinimize)
        spent = tail_month(lp, t, fixed, {})
        if spent is None:
            return None
        lp += spent
        return _optimum(lp)

    def tail_with_choices(
        fixed: list[tuple[int, ...]], cohorts: list[tuple[int, int, int, float]]
    ) -> float | None:
        """The whole tail as one problem when some renewals are the plan's to choose: per
        cohort (offer, end, units, $ a unit-month) the units not renewed (whole with whole
        replicas), off the fleet from their end and minus their renewed months' cost; every
        tail month's month-to-month units beside the fleet left (`tail_month`)."""
        lp = pulp.LpProblem("tail", pulp.LpMinimize)
        left = [
            lp.add_variable(f"d{i}", lowBound=0, upBound=units, cat=kind)
            for i, (_k, _end, units, _price) in enumerate(cohorts)
        ]
        cost: list[tuple[pulp.LpVariable, float]] = [
            (d, -price * (span - end))
            for d, (_k, end, _units, price) in zip(left, cohorts, strict=True)
        ]
        total = pulp.LpAffineExpression(cost)
        # A renewal of an offer with a minimum is none or at least it (all of an existing
        # commitment holding fewer units).
        for i, (k, _end, units, _price) in enumerate(cohorts):
            least = offers[k].min_units
            if least is not None:
                renews = lp.add_variable(f"r{i}", cat=pulp.LpBinary)
                lp += units - left[i] >= min(least, units) * renews
                lp += units - left[i] <= units * renews
        for t in range(horizon, span):
            gone = {
                k: pulp.lpSum(
                    d
                    for d, (kk, end, _u, _p) in zip(left, cohorts, strict=True)
                    if kk == k and end <= t
                )
                for k in {c[0] for c in cohorts}
            }
            spent = tail_month(lp, t, fixed[t - horizon], gone, f"_{t}")
            if spent is None:
                return None
            total += spent
        lp += total
        return _optimum(lp)

    def tail_month(
        lp: pulp.LpProblem,
        t: int,
        fixed: tuple[int, ...],
        gone: dict[int, pulp.LpAffineExpression],
        tag: str = "",
    ) -> pulp.LpAffineExpression | None:
        """Month `t`'s rows of the tail in `lp`: month-to-month units beside the fixed units
        less those `gone` (not renewed) serve its demand within the limits; their cost, or
        None when the fixed units alone break a limit."""
        # With whole replicas, the tail's units are whole and each workload gets whole blocks
        # (`give` counts blocks); fractional, both are divisible (`give` counts units).
        extra = {
            k: lp.add_variable(f"u{k}{tag}", lowBound=0, cat=kind)
            for k in month_to_month
            if t >= opens(k) and any(rates[k])
        }
        for k, units in extra.items():
            least = offers[k].min_units
            if least is not None:  # none or at least the minimum, as a buyer pays
                buys = lp.add_variable(f"b{k}{tag}", cat=pulp.LpBinary)
                lp += units >= least * buys
                lp += units <= max(least, bound_for(k, range(t, t + 1))) * buys
        active = {k: fixed[k] + extra.get(k, 0) - gone.get(k, 0) for k in range(len(offers))}
        give = {
            (k, w): lp.add_variable(f"y{k}_{w}{tag}", lowBound=0, cat=kind)
            for k in range(len(offers))
            for w in range(len(need))
            if rates[k][w] > 0
        }

        def units_of(k: int, w: int) -> int:
            return blocks[k][w][0] if whole else 1

        for k in range(len(offers)):
            lp += (
                pulp.lpSum(units_of(k, w) * v for (kk, w), v in give.items() if kk == k)
                <= active[k]
            )
            limit = offers[k].max_units
            if limit is None:
                continue
            # Units already owned beyond `max_units` are kept; no more are bought then.
            bound = max(limit, existing[k][t])
            if k not in extra and k not in gone:
                if fixed[k] > bound:  # no variable: a plain comparison, not a row
                    return None
                continue
            lp += active[k] <= bound
        for w in range(len(need)):
            lp += (
                pulp.lpSum(
                    units_of(k, w) * per_unit(k, w) * v for (k, ww), v in give.items() if ww == w
                )
                >= need[w][t]
            )
        # The monthly budget and the vendor share hold in the forecast's months only: the tail
        # buys nothing.
        kw = {k: active[k] * offers[k].gpus_per_unit * kw_per_gpu(k) for k in range(len(offers))}
        total_mw = per_month(constraints.total_power_mw, t)
        if total_mw is not None:
            lp += pulp.lpSum(kw.values()) <= 1000 * total_mw
        for site, mw in caps.items():
            limit_mw = per_month(mw, t)
            assert limit_mw is not None
            lp += (
                pulp.lpSum(kw[k] for k, o in enumerate(offers) if o.site_key == site)
                <= 1000 * limit_mw
            )
        return pulp.lpSum(monthly(k) * v for k, v in extra.items())

    def kw_per_gpu(k: int) -> float:
        system = catalog.system(offers[k].system_id)
        assert system is not None
        return offers[k].power_kw_per_gpu or system.power_kw_per_gpu

    def month_cost(t: int, fixed: tuple[int, ...]) -> float | None:
        """The cheapest month-to-month units to add in month `t` to the fixed units, or None."""
        key = (t, fixed)
        if key in cache:
            return cache[key]
        if t >= horizon:
            cache[key] = tail_cost(t, fixed)
            return cache[key]
        ranges = []
        for k in month_to_month:
            if t < opens(k):
                ranges.append([0])
                continue
            low = offers[k].min_units or 1
            ranges.append([0, *range(low, bound_for(k, range(t, t + 1)) + 1)])
        best: float | None = None
        for extra in itertools.product(*ranges):
            units = list(fixed)
            for k, n in zip(month_to_month, extra, strict=True):
                units[k] += n
            cost = sum(n * monthly(k) for k, n in zip(month_to_month, extra, strict=True))
            if (best is None or cost < best) and _month_ok(t, tuple(units)):
                best = cost
        cache[key] = best
        return best

    def _month_ok(t: int, units: tuple[int, ...]) -> bool:
        if any(
            o.max_units is not None and units[k] > max(o.max_units, existing[k][t])
            for k, o in enumerate(offers)
        ):
            return False
        spend = [
            (units[k] - existing[k][t]) * monthly(k) + held_cost[k][t] for k in range(len(offers))
        ]
        budget = constraints.monthly_budget
        if budget is not None and sum(spend) > budget + 1e-6:
            return False
        share = constraints.max_vendor_share
        if share is not None:
            by_vendor: dict[str, float] = {}
            for k, o in enumerate(offers):
                by_vendor[o.vendor] = by_vendor.get(o.vendor, 0.0) + spend[k]
            if any(v > share * sum(spend) + 1e-6 for v in by_vendor.values()):
                return False
        kw_by_site: dict[str, float] = {}
        for k, o in enumerate(offers):
            system = catalog.system(o.system_id)
            assert system is not None
            kw = units[k] * o.gpus_per_unit * (o.power_kw_per_gpu or system.power_kw_per_gpu)
            kw_by_site[o.site_key] = kw_by_site.get(o.site_key, 0.0) + kw
        total_mw = per_month(constraints.total_power_mw, t)
        if total_mw is not None and sum(kw_by_site.values()) > 1000 * total_mw + 1e-9:
            return False
        for site, mw in caps.items():
            limit = per_month(mw, t)
            assert limit is not None
            if kw_by_site.get(site, 0.0) > 1000 * limit + 1e-9:
                return False
        demand = [need[w][t] for w in range(len(need))]
        if whole:  # a horizon month (the tail's are `tail_month`'s)
            return _whole_feasible(units, blocks, demand)
        capacity = [units[k] * o.gpus_per_unit * ucap for k, o in enumerate(offers)]
        return feasible(capacity, rates, demand)

    chosen: dict[tuple[Any, ...], float | None] = {}

    def tail_chosen(
        fixed: list[tuple[int, ...]], cohorts: list[tuple[int, int, int, float]]
    ) -> float | None:
        key = (tuple(fixed), tuple(cohorts))
        if key not in chosen:
            chosen[key] = tail_with_choices(fixed, cohorts)
        return chosen[key]

    best: float | None = None
    for combo in itertools.product(*contract_choices):
        cost = committed + sum(c for _, c, _r in combo)
        cohorts = held_cohorts + [c for _f, _c, renewable in combo for c in renewable]
        if best is not None and cost >= best and not cohorts:
            continue
        fixed_by_month = []
        for t in range(span):
            units = [existing[k][t] for k in range(len(offers))]
            for k, (fleet, _, _r) in zip(contracts, combo, strict=True):
                units[k] += fleet[t]
            fixed_by_month.append(tuple(units))
        months = range(span) if not cohorts else range(horizon)
        for t in months:
            extra = month_cost(t, fixed_by_month[t])
            if extra is None:
                break
            cost += extra
            if best is not None and cost >= best and not cohorts:
                break
        else:
            if cohorts:
                after = tail_chosen(fixed_by_month[horizon:], cohorts)
                if after is None:
                    continue
                cost += after
            if best is None or cost < best:
                best = cost
    return best
