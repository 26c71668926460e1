"""Explanations beside the numbers: the diagnosis of a plan that cannot meet its demand (what
falls short, what binds) and the warnings every plan carries."""

from __future__ import annotations

from optimizer.assembly import Assembler
from optimizer.instance import Instance
from optimizer.plan import Diagnosis, Shortfall

__all__ = ["diagnosis", "warnings"]


def diagnosis(assembler: Assembler) -> Diagnosis:
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


def _binding(assembler: Assembler, months: list[int]) -> list[str]:
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


def warnings(
    instance: Instance,
    assembler: Assembler,
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
