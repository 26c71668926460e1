"""From a plan request to a Plan: the solves (cost or power first; two phases when the demand
cannot be met), the marginal costs, the baselines and every number of the answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from catalog.economics import cost_per_million_tokens
from catalog.model import HOURS_PER_MONTH, Catalog
from optimizer.milp import Solution, build, counted_months, solve
from optimizer.plan import (
    Allocation,
    Baseline,
    Commitment,
    DemandMarginal,
    Diagnosis,
    Marginals,
    MonthPlan,
    Plan,
    PowerMarginal,
    Shortfall,
    SolverInfo,
    Summary,
    WorkloadCost,
    WorkloadShare,
)
from optimizer.prepare import Instance, prepare_for_solve
from optimizer.request import Forecast, PlanRequest, month_index, month_label

__all__ = ["MARGINAL_NOTE", "Outcome", "make_plan", "solve_instance"]

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0
MILLION_TOKENS_PER_TPS_MONTH = SECONDS_PER_MONTH / 1e6  # 2.628
POWER_SLACK = 1e-3  # objective "power": cheapest plan within 0.1% of the least power
SHORTFALL_SLACK = 1e-7
MARGINAL_NOTE = (
    "Long-run marginal costs: duals of the LP relaxation of the hard-demand model, in which "
    "units are divisible. Commitments make the integer model's duals degenerate, so these are "
    "the relaxation's prices, not the price of the next token on the integer plan."
)

BASELINES: dict[str, str] = {
    "cheapest_gpu_hour": "each workload served only by its eligible offer with the lowest price "
    "per GPU-hour",
    "max_flops_per_dollar": "each workload served only by its eligible offer with the most dense "
    "peak FLOPS per dollar at the profile's precision",
    "best_single_offer": "each workload served only by its eligible offer with the lowest cost "
    "per million tokens at its SLO",
}


@dataclass
class Outcome:
    """A finished solve of an instance: the solution and how it was reached."""

    status: str
    solution: Solution | None
    seconds: float
    solves: int
    solver: str
    gap: float | None
    message: str = ""


class _Clock:
    def __init__(self, limit: float) -> None:
        self.deadline = time.perf_counter() + limit

    def remaining(self) -> float:
        return max(0.5, self.deadline - time.perf_counter())


def solve_instance(
    instance: Instance,
    *,
    objective: str = "cost",
    relax: bool = False,
    time_limit: float = 30.0,
    gap: float = 1e-4,
) -> Outcome:
    """Solve the plan model; when the hard demand is infeasible, find the least shortfall and
    then the cheapest plan at that shortfall (status `infeasible`)."""
    clock = _Clock(time_limit)
    solves = 0
    began = time.perf_counter()

    def run(**kwargs: object) -> Solution:
        nonlocal solves
        solves += 1
        model = build(instance, relax=relax, **kwargs)  # type: ignore[arg-type]
        return solve(model, time_limit=clock.remaining(), gap=gap)

    def outcome(status: str, solution: Solution | None, message: str = "") -> Outcome:
        return Outcome(
            status=status,
            solution=solution,
            seconds=time.perf_counter() - began,
            solves=solves,
            solver=solution.solver if solution else "HiGHS",
            gap=solution.gap if solution else None,
            message=message,
        )

    if objective == "power":
        least = run(objective="power")
        if least.status in ("optimal", "feasible") and least.objective is not None:
            limit = least.objective * (1 + POWER_SLACK) + 1e-6
            cheapest = run(objective="cost", power_limit=limit)
            if cheapest.status in ("optimal", "feasible"):
                status = "feasible" if "feasible" in (least.status, cheapest.status) else "optimal"
                return outcome(status, cheapest)
        first = least
    else:
        first = run(objective="cost")
        if first.status in ("optimal", "feasible"):
            return outcome(first.status, first)
    if first.status == "failed":
        return outcome("failed", None, f"the solver found no solution ({first.message})")

    phase_one = run(objective="shortfall", allow_shortfall=True)
    if phase_one.status not in ("optimal", "feasible") or phase_one.objective is None:
        return outcome(
            "infeasible",
            None,
            "the constraints conflict even with no demand served: the existing commitments "
            "alone exceed a power cap, the budget or the vendor share",
        )
    phase_two = run(
        objective="cost",
        allow_shortfall=True,
        shortfall_limit=phase_one.objective + SHORTFALL_SLACK,
    )
    final = phase_two if phase_two.status in ("optimal", "feasible") else phase_one
    return outcome("infeasible", final)


def _round(value: float) -> float:
    return 0.0 if abs(value) < 1e-9 else value


class _Assembler:
    """Turns a solution into the Plan's numbers; one per solution."""

    def __init__(self, instance: Instance, solution: Solution) -> None:
        self.instance = instance
        self.solution = solution
        horizon = instance.horizon
        self.units: dict[tuple[int, int], float] = {}
        for o, spec in enumerate(instance.offers):
            for t in range(horizon):
                if spec.existing[t] > 0:
                    self.units[(o, t)] = spec.existing[t]
        for (o, s), value in solution.starts.items():
            if value <= 1e-9:
                continue
            for t in range(s, min(horizon, s + instance.offers[o].term)):
                self.units[(o, t)] = self.units.get((o, t), 0.0) + value

    def served_share(self, w: int, t: int) -> float:
        return 1.0 - min(1.0, self.solution.short.get((w, t), 0.0))

    def month_cost(self, t: int) -> float:
        return sum(
            units * self.instance.offers[o].month_cost_per_unit
            for (o, tt), units in self.units.items()
            if tt == t
        )

    def month_kw(self, t: int, site: str | None = None) -> float:
        return sum(
            units * self.instance.offers[o].kw_per_unit
            for (o, tt), units in self.units.items()
            if tt == t and (site is None or self.instance.offers[o].offer.site_key == site)
        )

    def commitments(self) -> list[Commitment]:
        instance = self.instance
        horizon = instance.horizon
        first = month_index(instance.months[0])
        out: list[Commitment] = []
        for (o, s), units in sorted(self.solution.starts.items()):
            if units <= 1e-9:
                continue
            spec = instance.offers[o]
            monthly = units * spec.month_cost_per_unit
            in_horizon = monthly * min(spec.term, horizon - s)
            out.append(
                Commitment(
                    offer_id=spec.id,
                    vendor=spec.offer.vendor,
                    kind=spec.offer.kind,
                    start=instance.months[s],
                    end=month_label(first + s + spec.term - 1),
                    term_months=spec.offer.term_months,
                    units=units,
                    gpus=units * spec.gpus_per_unit,
                    monthly_cost=monthly,
                    total_obligation=monthly * spec.term,
                    obligation_in_horizon=in_horizon,
                    obligation_beyond_horizon=monthly * spec.term - in_horizon,
                    existing=False,
                    payment_model=spec.offer.payment_model,
                )
            )
        return out

    def chosen_cost(self) -> float:
        return sum(
            units
            * self.instance.offers[o].month_cost_per_unit
            * counted_months(self.instance, s, self.instance.offers[o].term)
            for (o, s), units in self.solution.starts.items()
        )

    def committed_cost(self) -> float:
        return sum(
            spec.existing[t] * spec.month_cost_per_unit
            for spec in self.instance.offers
            for t in range(self.instance.horizon)
        )

    def tokens(self, w: int) -> float:
        wspec = self.instance.workloads[w]
        return sum(
            wspec.average[t] * self.served_share(w, t) * SECONDS_PER_MONTH
            for t in range(self.instance.horizon)
        )

    def totals(self) -> tuple[float, float, float, float]:
        """(total cost, tokens, peak MW, average MW)."""
        horizon = self.instance.horizon
        total = self.chosen_cost() + self.committed_cost()
        tokens = sum(self.tokens(w) for w in range(len(self.instance.workloads)))
        mw = [self.month_kw(t) / 1000.0 for t in range(horizon)]
        return total, tokens, max(mw, default=0.0), sum(mw) / horizon


def _summary(assembler: _Assembler, commitments: list[Commitment]) -> Summary:
    instance = assembler.instance
    horizon = instance.horizon
    total, tokens, peak_mw, average_mw = assembler.totals()
    cash = sum(assembler.month_cost(t) for t in range(horizon))
    assigned = 0.0
    for (o, _w, t), gpus in assembler.solution.serve.items():
        if assembler.units.get((o, t), 0.0) > 0:
            assigned += gpus * instance.offers[o].offer.price_per_gpu_hour * HOURS_PER_MONTH
    average_tps = tokens / (horizon * SECONDS_PER_MONTH)
    return Summary(
        currency=instance.currency,
        total_cost=total,
        chosen_cost=assembler.chosen_cost(),
        committed_cost=assembler.committed_cost(),
        cash_cost_in_horizon=cash,
        tokens=tokens,
        cost_per_million_tokens=total / tokens * 1e6 if tokens > 0 else None,
        peak_mw=peak_mw,
        average_mw=average_mw,
        tokens_per_second_per_mw=average_tps / average_mw if average_mw > 0 else None,
        total_obligation=sum(c.total_obligation for c in commitments if not c.existing),
        obligation_beyond_horizon=sum(
            c.obligation_beyond_horizon for c in commitments if not c.existing
        ),
        idle_cost=_round(max(0.0, cash - assigned)),
        commitment_accounting=instance.accounting,
    )


def _months(assembler: _Assembler) -> list[MonthPlan]:
    instance = assembler.instance
    solution = assembler.solution
    capacity: dict[tuple[int, int], float] = {}
    for (o, w, t), gpus in solution.serve.items():
        key = (w, t)
        capacity[key] = capacity.get(key, 0.0) + gpus * instance.rates[(o, w)].per_gpu
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
                cap = gpus * rate.per_gpu
                served = wspec.average[t] * assembler.served_share(w, t)
                tps = served * cap / capacity[(w, t)] if capacity[(w, t)] > 0 else 0.0
                shares.append(
                    WorkloadShare(
                        workload_id=wspec.id,
                        gpus=gpus,
                        capacity_tokens_per_second=cap,
                        tokens_per_second=tps,
                        interactivity=rate.operating.interactivity,
                        throughput_per_gpu=rate.per_gpu,
                        utilization=tps / cap if cap > 0 else 0.0,
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
                    cost=units * spec.month_cost_per_unit,
                    mw=units * spec.kw_per_unit / 1000.0,
                    workloads=tuple(shares),
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
            )
        )
    return months


def _existing_commitments(instance: Instance, request: PlanRequest) -> list[Commitment]:
    offers = {spec.id: spec for spec in instance.offers}
    first = month_index(instance.months[0])
    horizon = instance.horizon
    out = []
    for existing in request.existing:
        spec = offers[existing.offer_id]
        monthly = existing.units * spec.month_cost_per_unit
        begin = month_index(existing.start) - first
        end = begin + existing.term_months  # exclusive
        in_horizon = max(0, min(end, horizon) - max(begin, 0))
        beyond = max(0, end - max(begin, horizon))
        out.append(
            Commitment(
                offer_id=spec.id,
                vendor=spec.offer.vendor,
                kind=spec.offer.kind,
                start=existing.start,
                end=month_label(first + end - 1),
                term_months=existing.term_months,
                units=float(existing.units),
                gpus=float(existing.units * spec.gpus_per_unit),
                monthly_cost=monthly,
                total_obligation=monthly * (in_horizon + beyond),
                obligation_in_horizon=monthly * in_horizon,
                obligation_beyond_horizon=monthly * beyond,
                existing=True,
                payment_model=spec.offer.payment_model,
            )
        )
    return out


def _workload_costs(assembler: _Assembler, total_cost: float) -> list[WorkloadCost]:
    """Each workload's share of the cost: the GPUs it uses, idle headroom of an offer shared by
    its users, an offer-month nobody uses spread by tokens; scaled so the shares add up to the
    plan's total cost."""
    instance = assembler.instance
    solution = assembler.solution
    raw = [0.0] * len(instance.workloads)
    users_of: dict[tuple[int, int], dict[int, float]] = {}
    for (o, w, t), g in solution.serve.items():
        if g > 0:
            users_of.setdefault((o, t), {})[w] = g
    for (o, t), units in assembler.units.items():
        cost = units * instance.offers[o].month_cost_per_unit
        weights = users_of.get((o, t)) or {
            w: wspec.average[t] * assembler.served_share(w, t)
            for w, wspec in enumerate(instance.workloads)
        }
        total_weight = sum(weights.values())
        if total_weight <= 0:
            weights = {w: 1.0 for w in range(len(instance.workloads))}
            total_weight = float(len(weights))
        for w, weight in weights.items():
            raw[w] += cost * weight / total_weight
    cash = sum(raw)
    scale = total_cost / cash if cash > 0 else 0.0
    out = []
    for w, wspec in enumerate(instance.workloads):
        tokens = assembler.tokens(w)
        cost = raw[w] * scale
        required_tokens = sum(wspec.average) * SECONDS_PER_MONTH
        out.append(
            WorkloadCost(
                workload_id=wspec.id,
                model=wspec.workload.model,
                cost=cost,
                tokens=tokens,
                cost_per_million_tokens=cost / tokens * 1e6 if tokens > 0 else None,
                shortfall_tokens=_round(required_tokens - tokens),
            )
        )
    return out


def _diagnosis(assembler: _Assembler) -> Diagnosis:
    instance = assembler.instance
    shortfalls = []
    for (w, t), short in sorted(assembler.solution.short.items()):
        if short <= 1e-7:
            continue
        wspec = instance.workloads[w]
        demand = wspec.average[t]
        shortfalls.append(
            Shortfall(
                workload_id=wspec.id,
                month=instance.months[t],
                demand_tokens_per_second=demand,
                served_tokens_per_second=demand * (1 - short),
                short_tokens_per_second=demand * short,
                short_share=short,
            )
        )
    short_months = sorted({instance.months.index(s.month) for s in shortfalls})
    binding = _binding(assembler, short_months)
    summary = (
        f"{len(shortfalls)} workload-month(s) cannot be served in full"
        + (f"; binding: {binding[0]}" if binding else "")
        + ("" if len(binding) <= 1 else f" and {len(binding) - 1} more")
    )
    return Diagnosis(summary=summary, shortfalls=tuple(shortfalls), binding=tuple(binding))


def _binding(assembler: _Assembler, months: list[int]) -> list[str]:
    instance = assembler.instance
    out: list[str] = []

    def tight(used: float, limit: float, step: float = 0.0) -> bool:
        # Binding: not one more unit (of the smallest that could serve) fits under the limit.
        return used + step > limit + max(1e-6 * abs(limit), 1e-6) or used >= limit - 1e-6

    serving = sorted({o for (o, _w) in instance.rates})

    def smallest(values: list[float]) -> float:
        return min(values, default=0.0)

    for site, caps in sorted(instance.power_caps.items()):
        step = smallest(
            [
                instance.offers[o].kw_per_unit
                for o in serving
                if instance.offers[o].offer.site_key == site
            ]
        )
        hit = [t for t in months if tight(assembler.month_kw(t, site), 1000 * caps[t], step)]
        if hit:
            out.append(
                f"power cap at {site} ({_mw_list(caps, hit)} MW) in " + _month_list(instance, hit)
            )
    if instance.total_power_mw is not None:
        caps = instance.total_power_mw
        step = smallest([instance.offers[o].kw_per_unit for o in serving])
        hit = [t for t in months if tight(assembler.month_kw(t), 1000 * caps[t], step)]
        if hit:
            out.append(
                f"total power cap ({_mw_list(caps, hit)} MW) in {_month_list(instance, hit)}"
            )
    if instance.monthly_budget is not None:
        budget = instance.monthly_budget
        step = smallest([instance.offers[o].month_cost_per_unit for o in serving])
        hit = [t for t in months if tight(assembler.month_cost(t), budget, step)]
        if hit:
            out.append(f"monthly budget ({budget:,.2f}) in {_month_list(instance, hit)}")
    if instance.max_vendor_share is not None:
        out.append(f"max vendor share ({instance.max_vendor_share:g}) limits every vendor")
    for o, spec in enumerate(instance.offers):
        if not any(k[0] == o for k in instance.rates):
            continue
        limit = spec.offer.max_units
        if limit is not None:
            hit = [t for t in months if tight(assembler.units.get((o, t), 0.0), limit)]
            if hit:
                out.append(
                    f"availability of {spec.id} ({limit} units) in {_month_list(instance, hit)}"
                )
        late = [t for t in months if t < spec.first_start]
        if late and spec.offer.available_from:
            out.append(
                f"{spec.id} is not available before {spec.offer.available_from} "
                f"(short in {_month_list(instance, late)})"
            )
    return out


def _mw_list(caps: list[float], months: list[int]) -> str:
    values = sorted({caps[t] for t in months})
    return "/".join(f"{v:g}" for v in values)


def _month_list(instance: Instance, months: list[int]) -> str:
    labels = [instance.months[t] for t in months]
    return labels[0] if len(labels) == 1 else f"{labels[0]}..{labels[-1]} ({len(labels)} months)"


def _marginals(instance: Instance, clock: _Clock, gap: float) -> Marginals:
    solution = solve(build(instance, relax=True), time_limit=clock.remaining(), gap=gap)
    if solution.status not in ("optimal", "feasible"):
        return Marginals(note=MARGINAL_NOTE + " The relaxation did not solve: none given.")
    demand = []
    for (w, t), dual in sorted(solution.demand_duals.items()):
        wspec = instance.workloads[w]
        demand.append(
            DemandMarginal(
                workload_id=wspec.id,
                month=instance.months[t],
                per_million_tokens=_round(
                    dual * wspec.workload.peak_to_average / MILLION_TOKENS_PER_TPS_MONTH
                ),
                per_token_per_second_month=_round(dual),
            )
        )
    power = [
        PowerMarginal(site=site, month=instance.months[t], per_mw_month=_round(value))
        for (site, t), value in sorted(solution.power_duals.items())
    ]
    power += [
        PowerMarginal(site="(total)", month=instance.months[t], per_mw_month=_round(value))
        for t, value in sorted(solution.total_power_duals.items())
    ]
    budget = [
        PowerMarginal(site="(budget, per $)", month=instance.months[t], per_mw_month=_round(v))
        for t, v in sorted(solution.budget_duals.items())
    ]
    return Marginals(
        note=MARGINAL_NOTE, demand=tuple(demand), power=tuple(power), budget=tuple(budget)
    )


def _baseline_choice(instance: Instance, strategy: str) -> dict[int, int] | str:
    """workload -> the one offer the strategy allows, or why the strategy has no choice."""
    choice: dict[int, int] = {}
    for w in range(len(instance.workloads)):
        candidates = [o for (o, ww) in instance.rates if ww == w]
        if not candidates:
            continue

        def cpm(o: int, w: int = w) -> float:
            return cost_per_million_tokens(
                instance.offers[o].offer.price_per_gpu_hour, instance.rates[(o, w)].per_gpu
            )

        key: Callable[[int], tuple[float, float, str]]
        if strategy == "cheapest_gpu_hour":

            def key(o: int) -> tuple[float, float, str]:
                return (instance.offers[o].offer.price_per_gpu_hour, cpm(o), instance.offers[o].id)
        elif strategy == "max_flops_per_dollar":
            flops: dict[int, float] = {}
            for o in candidates:
                spec = instance.offers[o]
                peak = spec.system.peak_tflops_at(instance.rates[(o, w)].profile.precision)
                if peak is not None:
                    flops[o] = peak[1] / spec.offer.price_per_gpu_hour
            if not flops:
                return "no eligible offer's system lists peak FLOPS at the profile's precision"
            candidates = list(flops)

            def key(o: int, flops: dict[int, float] = flops) -> tuple[float, float, str]:
                return (-flops[o], cpm(o), instance.offers[o].id)
        else:

            def key(o: int) -> tuple[float, float, str]:
                return (cpm(o), 0.0, instance.offers[o].id)

        choice[w] = min(candidates, key=key)
    return choice


def _baselines(
    instance: Instance, plan_total: float, plan_cpm: float | None, clock: _Clock, gap: float
) -> list[Baseline]:
    out = []
    for strategy, description in BASELINES.items():
        choice = _baseline_choice(instance, strategy)
        common = {
            "strategy": strategy,
            "description": description,
            "plan_total_cost": plan_total,
            "plan_cost_per_million_tokens": plan_cpm,
        }
        if isinstance(choice, str):
            out.append(
                Baseline(
                    **common,  # type: ignore[arg-type]
                    status="failed",
                    offers={},
                    reason=choice,
                )
            )
            continue
        offers = {instance.workloads[w].id: instance.offers[o].id for w, o in choice.items()}
        restricted = instance.restricted({w: {o} for w, o in choice.items()})
        result = solve_instance(restricted, time_limit=clock.remaining(), gap=gap)
        if result.status == "infeasible" or result.solution is None:
            served = ""
            if result.solution is not None:
                assembler = _Assembler(restricted, result.solution)
                tokens = sum(assembler.tokens(w) for w in range(len(restricted.workloads)))
                wanted = sum(sum(w.average) for w in restricted.workloads) * SECONDS_PER_MONTH
                served = f"; at most {tokens / wanted:.1%} of the tokens can be served"
                binding = _diagnosis(assembler).binding
                if binding:
                    served += f" ({'; '.join(binding)})"
            out.append(
                Baseline(
                    **common,  # type: ignore[arg-type]
                    status="infeasible" if result.status == "infeasible" else "failed",
                    offers=offers,
                    reason="cannot meet the demand under the same constraints" + served,
                )
            )
            continue
        total, tokens, peak_mw, average_mw = _Assembler(restricted, result.solution).totals()
        cpm = total / tokens * 1e6 if tokens > 0 else None
        out.append(
            Baseline(
                **common,  # type: ignore[arg-type]
                status=result.status,  # type: ignore[arg-type]
                offers=offers,
                total_cost=total,
                cost_per_million_tokens=cpm,
                peak_mw=peak_mw,
                average_mw=average_mw,
                diff_total_cost=total - plan_total,
                cost_ratio=cpm / plan_cpm if cpm and plan_cpm else None,
            )
        )
    return out


def _warnings(
    instance: Instance,
    assembler: _Assembler,
    beyond: float,
    status: str,
    gap: float | None,
    relaxed: bool,
) -> list[str]:
    out: list[str] = []
    used_offers = sorted({o for (o, _t) in assembler.units})
    priced = [
        f"{instance.offers[o].id} ({instance.offers[o].offer.price_basis})"
        for o in used_offers
        if instance.offers[o].offer.price_basis in ("estimate", "illustrative")
    ]
    if priced:
        out.append("prices that are estimates or illustrative, not quotes: " + ", ".join(priced))
    smallest_share: dict[tuple[int, int], float] = {}
    for (o, w, _t), g in assembler.solution.serve.items():
        if g > 1e-9:
            smallest_share[(o, w)] = min(g, smallest_share.get((o, w), g))
    for (o, w), smallest in sorted(smallest_share.items()):
        rate = instance.rates[(o, w)]
        bases = sorted({p.basis for p in rate.operating.points if p.basis != "measured"})
        wid = instance.workloads[w].id
        oid = instance.offers[o].id
        if bases:
            out.append(
                f"{oid} serves {wid} on {'/'.join(bases)} throughput "
                f"({rate.per_gpu:,.0f} tok/s/GPU, {rate.operating.deployment}), not a measurement"
            )
        replica = max((p.gpus_per_replica or 0) for p in rate.operating.points)
        if replica and smallest < replica - 1e-6:
            out.append(
                f"{oid} gives {wid} as few as {smallest:.1f} GPUs, less than one replica "
                f"({replica} GPUs) of the deployment its throughput assumes"
            )
        workload = instance.workloads[w].workload
        if workload.slo.max_ttft_ms is not None and any(
            p.ttft_ms is None for p in rate.operating.points
        ):
            out.append(f"{oid} has no measured TTFT for {wid}: the TTFT target is unchecked")
    if beyond > 0.005:
        out.append(
            f"commitments run past the horizon: {beyond:,.2f} {instance.currency} is owed after "
            f"{instance.months[-1]}"
            + (
                " (counted in the cost: full_term accounting)"
                if instance.accounting == "full_term"
                else " (not in the in-horizon cost, which assumes that capacity will be used)"
            )
        )
    if status == "feasible":
        out.append(
            "the time limit ended the search before optimality was proven"
            + (f": the plan is within {gap:.2%} of the best possible" if gap is not None else "")
        )
    if relaxed:
        out.append("LP relaxation (options.relax): units are fractional; not a purchasable plan")
    return out


def make_plan(
    catalog: Catalog,
    request: PlanRequest,
    forecast: Forecast,
    *,
    plan_id: str = "",
    created_at: str = "",
    forecast_id: str | None = None,
) -> Plan:
    """Solve `request` for `forecast` against `catalog` and return the whole Plan.

    Raises:
        InvalidInput: from the pre-checks (see `optimizer.prepare.prepare`); infeasible demand is
        not an error but a plan with status `infeasible` and its diagnosis.
    """
    full, instance, dominated = prepare_for_solve(catalog, request, forecast)
    options = request.options
    clock = _Clock(options.time_limit_s)
    result = solve_instance(
        instance,
        objective=request.objective,
        relax=options.relax,
        time_limit=options.time_limit_s,
        gap=options.gap,
    )
    base = {
        "id": plan_id,
        "created_at": created_at,
        "catalog_revision": catalog.revision,
        "request": request,
        "forecast_id": forecast_id,
    }
    solver = SolverInfo(
        name=result.solver,
        seconds=result.seconds,
        gap=result.gap,
        relaxed=options.relax,
        solves=result.solves,
        dominated=dominated,
    )
    if result.solution is None:
        if result.status == "infeasible":
            empty = Diagnosis(summary=result.message, shortfalls=(), binding=())
            return Plan(**base, status="infeasible", solver=solver, diagnosis=empty)  # type: ignore[arg-type]
        return Plan(**base, status="failed", solver=solver, error=result.message)  # type: ignore[arg-type]

    assembler = _Assembler(instance, result.solution)
    commitments = _existing_commitments(instance, request) + assembler.commitments()
    summary = _summary(assembler, commitments)
    status = result.status
    marginal: Marginals | None = None
    diagnosis: Diagnosis | None = None
    if status == "infeasible":
        diagnosis = _diagnosis(assembler)
    else:
        marginal = _marginals(instance, clock, options.gap)
    baselines = _baselines(
        full, summary.total_cost, summary.cost_per_million_tokens, clock, options.gap
    )
    return Plan(
        **base,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        solver=solver,
        summary=summary,
        months=tuple(_months(assembler)),
        commitments=tuple(commitments),
        workloads=tuple(_workload_costs(assembler, summary.total_cost)),
        marginal=marginal,
        baselines=tuple(baselines),
        diagnosis=diagnosis,
        warnings=tuple(
            _warnings(
                instance,
                assembler,
                summary.obligation_beyond_horizon,
                status,
                result.gap,
                options.relax,
            )
        ),
    )
