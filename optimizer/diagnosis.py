"""The diagnosis of a plan that cannot meet its demand: each short workload-month, and only the
limits that bind on them (DESIGN section 8.1)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from catalog.model import slugify
from optimizer.api_assembly import api_binding
from optimizer.assembly import Assembler
from optimizer.instance import Instance, OfferSpec
from optimizer.plan import Diagnosis, Shortfall
from optimizer.request import month_index, month_label
from optimizer.tail_blocks import tail_blocks
from optimizer.upfront import upfront_binding
from optimizer.wording import units_text

__all__ = ["diagnosis", "month_list"]


def month_list(instance: Instance, months: list[int]) -> str:
    """`2027-03`; `2027-03..2027-08 (6 months)`; months apart as their runs, `2027-01,
    2027-03..2027-04, 2027-06 (4 months)` (months of the span: the tail's too; probe 10
    finding 6: 01, 03 and 05 read `2027-01..2027-05 (3 months)`)."""
    first = month_index(instance.months[0])
    runs: list[list[int]] = []
    for t in sorted(set(months)):
        if runs and runs[-1][-1] == t - 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    shown = ", ".join(
        month_label(first + run[0]) + ("" if len(run) == 1 else f"..{month_label(first + run[-1])}")
        for run in runs
    )
    count = sum(len(run) for run in runs)
    return shown if count == 1 else f"{shown} ({count} months)"


def _mw_list(caps: list[float], months: list[int]) -> str:
    return "/".join(f"{v:g}" for v in sorted({caps[t] for t in months}))


def _kw_limit(caps: list[float], t: int) -> float:
    return 1000 * caps[t]


def _at_site(site: str, spec: OfferSpec) -> bool:
    return spec.offer.site_key == site


def _tight(used: float, limit: float, step: float = 0.0) -> bool:
    """Binding: not one more unit (of the smallest that could serve) fits under the limit."""
    return used + step > limit + max(1e-6 * abs(limit), 1e-6) or used >= limit - 1e-6


def diagnosis(assembler: Assembler) -> Diagnosis:
    """Each short workload-month of the horizon, by how much, and what binds on it."""
    instance = assembler.instance
    shortfalls = []
    short: dict[int, set[int]] = {}  # month -> short workloads
    tail: set[int] = set()  # short months of the tail
    for (w, t), share in sorted(assembler.solution.short.items()):
        if share <= 1e-7:
            continue
        if t >= instance.horizon:
            tail.add(t)
            continue
        short.setdefault(t, set()).add(w)
        demand = instance.workloads[w].average[t]
        shortfalls.append(
            Shortfall(
                workload_id=instance.workloads[w].id,
                month=instance.months[t],
                demand_tokens_per_second=demand,
                served_tokens_per_second=demand * (1 - share),
                short_tokens_per_second=demand * share,
                short_share=share,
            )
        )
    binding = _binding(assembler, short)
    summary = (
        f"{len(shortfalls)} workload-month(s) cannot be served in full"
        + (f"; binding: {binding[0]}" if binding else "")
        + ("" if len(binding) <= 1 else f" and {len(binding) - 1} more")
        + _tail_note(instance, tail)
    )
    return Diagnosis(summary=summary, shortfalls=tuple(shortfalls), binding=tuple(binding))


def _tail_note(instance: Instance, tail: set[int]) -> str:
    """What a short tail means: the continued demand of `demand_continues` cannot be valued in
    full in those months, under the limits that hold there (power caps, availability; no
    contract with a term starts in the tail)."""
    if not tail:
        return ""
    # A solved tail month stands for the months of its block (`optimizer.tail_blocks`).
    first = tail_blocks(instance).first
    months = sorted({m for t in tail for m in range(len(first)) if first[m] == t} | tail)
    return (
        "; after the horizon, the continued demand cannot be served in full in "
        f"{month_list(instance, months)} "
        "(only month-to-month offers and APIs are bought in the tail, within the power caps "
        "and availability)"
    )


def _binding(assembler: Assembler, short: dict[int, set[int]]) -> list[str]:
    """The limits that bind in the short months on an offer that could serve a short workload
    then: a cap at a site no such offer is at does not bind, nor does a vendor share of 1."""
    instance = assembler.instance
    out: list[str] = []

    found: dict[int, list[int]] = {}

    def helpers(t: int) -> list[int]:
        """The offers that could serve a workload short in month `t` (asked once a month: a
        catalog of thousands of offers made this quadratic)."""
        if t not in found:
            found[t] = sorted({o for (o, w) in instance.rates if w in short[t]})
        return found[t]

    def hits(test: Callable[[int], bool]) -> list[int]:
        return [t for t in sorted(short) if test(t)]

    def limit_hits(
        used: Callable[[int], float],
        limit: Callable[[int], float],
        step: Callable[[OfferSpec], float],
        members: Callable[[OfferSpec], bool] = lambda spec: True,
    ) -> list[int]:
        """Short months in which not one more unit of a member offer that could serve a short
        workload fits under the limit."""

        def binds(t: int) -> bool:
            steps = [step(instance.offers[o]) for o in helpers(t) if members(instance.offers[o])]
            return bool(steps) and _tight(used(t), limit(t), min(steps))

        return hits(binds)

    def kw(spec: OfferSpec) -> float:
        return spec.kw_per_unit

    for site, caps in sorted(instance.power_caps.items()):
        hit = limit_hits(
            partial(assembler.month_kw, site=site),
            partial(_kw_limit, caps),
            kw,
            partial(_at_site, site),
        )
        if hit:
            mw = _mw_list(caps, hit)
            out.append(f"power cap at {site} ({mw} MW) in {month_list(instance, hit)}")
    total = instance.total_power_mw
    if total is not None:
        hit = limit_hits(assembler.month_kw, partial(_kw_limit, total), kw)
        if hit:
            mw = _mw_list(total, hit)
            out.append(f"total power cap ({mw} MW) in {month_list(instance, hit)}")
    budget = instance.monthly_budget
    if budget is not None:
        hit = limit_hits(assembler.month_cost, lambda t: budget, lambda s: s.month_cost_per_unit)
        if hit:
            out.append(f"monthly budget ({budget:,.2f}) in {month_list(instance, hit)}")
    share = instance.max_vendor_share
    if share is not None and share < 1:
        hit = hits(lambda t: _share_binds(assembler, t, helpers(t), share))
        if hit:
            out.append(f"max vendor share ({share:g}) in {month_list(instance, hit)}")
    out += upfront_binding(assembler, short, helpers, _tight, partial(month_list, instance))
    out += _offer_limits(assembler, short, helpers)
    out += api_binding(instance, assembler.solution, short, partial(month_list, instance))
    return out or _utilization_cap(instance, short, helpers)


def _utilization_cap(
    instance: Instance, short: dict[int, set[int]], helpers: Callable[[int], list[int]]
) -> list[str]:
    """The utilization cap, when nothing else binds and it is below 1: at a cap of 1e-9 a
    GPU's capacity is below what the solver resolves, and the demand reads as unservable
    (probe 8 finding 9g: `infeasible` with no binding limit named)."""
    cap = instance.utilization_cap
    months = sorted(short)
    if cap >= 1 or not months:
        return []
    needed = max(instance.workloads[w].required[t] for t in months for w in short[t])
    fastest = max(
        (
            instance.rates[(o, w)].per_gpu
            for t in months
            for o in helpers(t)
            for w in short[t]
            if (o, w) in instance.rates
        ),
        default=0.0,
    )
    return [
        f"utilization cap ({cap:g}) in {month_list(instance, months)}: at it a GPU serves at "
        f"most {fastest * cap:.4g} tokens/s, against up to {needed:,.0f} needed"
    ]


def _share_binds(assembler: Assembler, t: int, offers: list[int], share: float) -> bool:
    """True when no offer that could serve a short workload can add one unit without its
    vendor going over the share."""
    instance = assembler.instance
    spend = assembler.vendor_spend(t)
    total = sum(spend.values())
    for o in offers:
        step = instance.offers[o].month_cost_per_unit
        vendor = slugify(instance.offers[o].offer.vendor)
        if spend.get(vendor, 0.0) + step <= share * (total + step) + 1e-6:
            return False
    return True


def _offer_limits(
    assembler: Assembler, short: dict[int, set[int]], helpers: Callable[[int], list[int]]
) -> list[str]:
    """Availability, lead times and `min_units` contracts that a cap or budget blocks."""
    instance = assembler.instance
    out: list[str] = []
    serving = {t: set(helpers(t)) for t in short}
    for o, spec in enumerate(instance.offers):
        months = [t for t in sorted(short) if o in serving[t]]
        if not months:
            continue
        limit = spec.offer.max_units
        if limit is not None:
            hit = [t for t in months if _tight(assembler.units.get((o, t), 0.0), limit)]
            if hit:
                out.append(
                    f"availability of {spec.id} ({units_text(limit)}) in "
                    f"{month_list(instance, hit)}"
                )
        late = [t for t in months if t < spec.first_start]
        if late and spec.offer.available_from:
            out.append(
                f"{spec.id} is not available before {spec.offer.available_from} "
                f"(short in {month_list(instance, late)})"
            )
        minimum = spec.offer.min_units
        if minimum is not None:
            blocked = [t for t in months if t >= spec.first_start and _blocks(assembler, o, t)]
            if blocked:
                out.append(
                    f"the smallest contract of {spec.id} ({units_text(minimum)}) does not fit "
                    "under "
                    f"{_blocks(assembler, o, blocked[0])} in {month_list(instance, blocked)}"
                )
    return out


def _blocks(assembler: Assembler, o: int, t: int) -> str:
    """The limit that keeps a minimum contract of offer `o` out of month `t`, or ""."""
    instance = assembler.instance
    spec = instance.offers[o]
    minimum = spec.offer.min_units or 1
    caps = instance.power_caps.get(spec.offer.site_key)
    site_kw = assembler.month_kw(t, spec.offer.site_key)
    if caps is not None and site_kw + minimum * spec.kw_per_unit > 1000 * caps[t] + 1e-6:
        return f"the power cap at {spec.offer.site_key} ({caps[t]:g} MW)"
    total = instance.total_power_mw
    if total is not None and assembler.month_kw(t) + minimum * spec.kw_per_unit > 1000 * total[t]:
        return f"the total power cap ({total[t]:g} MW)"
    budget = instance.monthly_budget
    if budget is not None and assembler.month_cost(t) + minimum * spec.month_cost_per_unit > budget:
        return f"the monthly budget ({budget:,.2f})"
    return ""
