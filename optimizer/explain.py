"""Warnings every plan carries: what a buyer should check before signing it."""

from __future__ import annotations

import datetime as dt

from optimizer.api_assembly import api_warnings
from optimizer.assembly import SECONDS_PER_MONTH, Assembler, unserved
from optimizer.gap_basis import GapBasis, gap_basis
from optimizer.owned_share import Unshared, owned_share_warnings
from optimizer.phases import OutcomeStatus
from optimizer.plan import Commitment
from optimizer.plan_cost import counted_cost
from optimizer.price_trust import STALE_DAYS, basis_warning, price_checks, price_date
from optimizer.request import Options, month_index
from optimizer.solver_info import PowerStep
from optimizer.sources import signed_units
from optimizer.tail_whole import whole_tail_result
from optimizer.wording import units_text

__all__ = ["STALE_DAYS", "ignored_tail", "unproven", "unproven_notes", "warnings"]

LEAST_POWER = "the least possible MW-months"
IN_TAIL = "{} only the tail is valued on (bought after the horizon, not in it)"
LIFETIME = "trusting the lifetime cost"


def _prices(assembler: Assembler) -> list[str]:
    """Prices the plan pays (GPU offers, then the APIs it buys tokens from) that are
    estimates, illustrative, or more than 180 days old: those of the horizon, then those only
    the tail is valued on (probe 17a F2: its month-to-month units and tokens bought after the
    horizon carry the lifetime cost, and were named nowhere)."""
    instance = assembler.instance
    found = assembler.used()
    signed = signed_units(instance)
    # An offer whose every unit is held at a price the buyer signed, in its term, is costed
    # at that contract, not at the catalog's price (review 18 R4: warned illustrative and
    # stale where every figure said 'contract').
    catalog_priced = {
        o for (o, t), n in assembler.units.items() if n > signed.get((o, t), 0) + 1e-9
    }

    def gpus(offers: tuple[int, ...]) -> list[tuple[str, str, dt.date | None]]:
        specs = [instance.offers[o] for o in offers if o in catalog_priced]
        return [(s.id, s.offer.price_basis, s.offer.as_of) for s in specs]

    def apis(offers: tuple[int, ...]) -> list[tuple[str, str, dt.date | None]]:
        return [(o.id, o.price_basis, o.as_of) for o in (instance.api_offers[a] for a in offers)]

    against = price_date(instance.months[0], None, "plan")
    return (
        price_checks(gpus(found.gpus), against)
        + price_checks(apis(found.apis), against, "API prices", "buying")
        + price_checks(gpus(found.gpus_in_tail), against, IN_TAIL.format("prices"), LIFETIME)
        + price_checks(apis(found.apis_in_tail), against, IN_TAIL.format("API prices"), LIFETIME)
    )


def ignored_tail(options: Options) -> list[str]:
    """A warning when `tail_months` is given under an accounting with no tail (only
    `demand_continues` values demand after the horizon): the plan ignores it, and says so
    rather than refusing a request that switches accounting to compare."""
    if options.tail_months is None or options.commitment_accounting == "demand_continues":
        return []
    return [
        f"options.tail_months ({options.tail_months}) is ignored: commitment_accounting "
        f"{options.commitment_accounting} has no tail (only demand_continues values the "
        "demand after the horizon)"
    ]


def unproven(
    gap: float | None,
    cancelled: bool,
    *,
    what: str = "optimality was proven",
    verb: str = "cost",
    best: str = "the best possible",
    basis: GapBasis | None = None,
) -> str:
    """Why a `feasible` plan is not proven optimal and what it may cost against the best
    bound: with `gap` = (cost - bound) / cost, the plan may cost up to 1 / (1 - gap) times the
    best possible (a 94.44% gap: up to 18.0x, not "within 94.44%"), and at most gap times its
    cost more. `basis` names the cost the gap is on (`optimizer.gap_basis`: under
    `demand_continues`, the horizon and the tail together). `what`, `verb` and `best` word it
    for another objective (the least-power step: "draw", "the least possible power")."""
    why = "the search was cancelled" if cancelled else "the time limit ended the search"
    said = f"{why} before {what}"
    over = "" if basis is None else f" {basis.over}"
    if gap is None:
        return f"{said}: how far the plan is from {best}{over} is unknown"
    if gap >= 1:
        return (
            f"{said}: the best bound proves nothing (gap {gap:.2%}), so the plan may {verb} any "
            f"multiple of {best}{over}"
        )
    ratio = 1 / (1 - gap)
    up_to = f"{ratio - 1:.2%} more than" if ratio < 2 else f"{ratio:.1f}x"
    at_most = "" if basis is None else basis.at_most(gap)
    return f"{said}: the plan may {verb} up to {up_to} {best}{over} (gap {gap:.2%}{at_most})"


def unproven_notes(
    gap: float | None,
    cancelled: bool,
    power: PowerStep | None,
    requested_gap: float | None = None,
    basis: GapBasis | None = None,
) -> list[str]:
    """Why a `feasible` plan is not proven optimal: its cost step stopped above
    `requested_gap` (any gap when None), was cancelled or its gap is unknown; under objective
    `power`, also its least-power step unproven, or its cost step with no plan at all (the
    plan is then the least-power step's own: probe 10 finding 1)."""
    out = []
    cost_searched = power is None or power.cost_step == "feasible"
    above = gap is None or requested_gap is None or gap > requested_gap
    if cost_searched and (cancelled or above):
        out.append(unproven(gap, cancelled, basis=basis))
    if power is not None and not power.proven:
        least = "the least power was proven"
        stopped = power.cancelled  # the plan's cancel may have come after this step ended
        # Its gap is on power (MW-months over the same months), not on a cost figure.
        drawn = None if basis is None else GapBasis(over=basis.over)
        out.append(
            unproven(power.gap, stopped, what=least, verb="draw", best=LEAST_POWER, basis=drawn)
        )
    if power is not None and power.cost_step == "no plan":
        when = "before the cancel" if cancelled else "in the time left"
        out.append(
            f"the cost step found no plan within 0.1% of the least power {when}: the plan is "
            "the least-power step's own, its cost not minimised"
        )
    return out


def warnings(
    assembler: Assembler,
    commitments: list[Commitment],
    status: OutcomeStatus,
    achieved_gap: float | None,
    relaxed: bool,
    cancelled: bool = False,
    unshared: Unshared | None = None,
    power: PowerStep | None = None,
    basis: GapBasis | None = None,
) -> list[str]:
    """What a buyer should know before signing: unverified or stale prices, throughput that is
    not a measurement, every commitment running past the horizon, an unproven optimum (and
    whether a cancel or the time limit stopped the search, and under objective `power` which
    step; its gap on `basis`, by default the cost the assembler's solution counts);
    `unshared` is the plan without `max_vendor_share`, when solved (`optimizer.share_cost`)."""
    instance = assembler.instance
    out = _prices(assembler) + api_warnings(instance, assembler.solution)
    smallest_share: dict[tuple[int, int], float] = {}
    for (o, w, t), g in assembler.solution.serve.items():
        if g > 1e-9 and t < instance.horizon:
            smallest_share[(o, w)] = min(g, smallest_share.get((o, w), g))
    for (o, w), smallest in sorted(smallest_share.items()):
        rate = instance.rates[(o, w)]
        wid = instance.workloads[w].id
        oid = instance.offers[o].id
        unmeasured = basis_warning(oid, wid, rate.operating)
        out += [] if unmeasured is None else [unmeasured]
        replica = rate.gpus_per_replica
        if instance.replicas == "fractional" and replica and smallest < replica - 1e-6:
            out.append(
                f"{oid} gives {wid} as few as {smallest:.1f} GPUs, less than one replica "
                f"({replica} GPUs) of the deployment its throughput assumes (fractional "
                "replicas assume the deployment can be split)"
            )
        workload = instance.workloads[w].workload
        if workload.slo.max_ttft_ms is not None and any(
            p.ttft_ms is None for p in rate.operating.points
        ):
            out.append(f"{oid} has no measured TTFT for {wid}: the TTFT target is unchecked")
    out += _tail_serving(assembler)
    out += _late(assembler, commitments)
    out += _signed_for_the_tail(assembler)
    out += _unmodelled_tail(assembler)
    out += [] if relaxed else _whole_tail(assembler)
    out += owned_share_warnings(assembler, unshared)
    if status == "feasible":
        if basis is None:
            counted = counted_cost(instance, assembler.solution)
            basis = gap_basis(instance.accounting, counted, instance.currency)
        out += unproven_notes(achieved_gap, cancelled, power, basis=basis)
    if relaxed:
        out.append("LP relaxation (options.relax): units are fractional; not a purchasable plan")
    return out


def _tail_serving(assembler: Assembler) -> list[str]:
    """The throughput and TTFT warnings of the (offer, workload) pairs only the tail counts
    on, each saying so: the lifetime cost rests on them (probe 17a F2)."""
    instance = assembler.instance
    out = []
    for o, w in assembler.used().served_in_tail:
        rate = instance.rates[(o, w)]
        wid, oid = instance.workloads[w].id, instance.offers[o].id
        unmeasured = basis_warning(oid, f"{wid} only in the tail", rate.operating)
        out += [] if unmeasured is None else [unmeasured]
        workload = instance.workloads[w].workload
        if workload.slo.max_ttft_ms is not None and any(
            p.ttft_ms is None for p in rate.operating.points
        ):
            out.append(
                f"{oid} has no measured TTFT for {wid} (only in the tail): the TTFT target is "
                "unchecked"
            )
    return out


def _unmodelled_tail(assembler: Assembler) -> list[str]:
    """One warning per workload whose demand after the horizon the model leaves out (no
    month-to-month offer serves it), with the tail tokens the contracts still running leave
    unserved: the tail's shortfall."""
    instance = assembler.instance
    months = range(instance.horizon, instance.span)
    out = []
    for w, wspec in enumerate(instance.workloads):
        if not instance.tail or w in instance.tail_served():
            continue
        wanted = sum(wspec.average[t] for t in months) * SECONDS_PER_MONTH
        short = unserved(wanted, assembler.tokens(w, months))
        served = sum(1 for t in months if assembler.served_share(w, t) > 1 - 1e-9)
        if not short:
            out.append(
                f"no month-to-month offer serves {wspec.id}: its demand after the horizon is "
                "not modelled; the contracts running then (renewed whole at their prices where "
                f"they end in the tail) serve it in full in {served} of the {instance.tail} tail "
                "months"
            )
            continue
        out.append(
            f"no month-to-month offer serves {wspec.id}: its demand after the horizon is not "
            "modelled, so late commitments are not credited with it; the contracts still "
            f"running serve it in full in {served} of the {instance.tail} tail months, and "
            f"{short / 1e12:,.4g} trillion of its tail tokens ({short / max(wanted, 1.0):.1%}) go "
            "unserved (the tail's shortfall: its cost per million tokens counts the tokens "
            "served)"
        )
    return out


def _whole_tail(assembler: Assembler) -> list[str]:
    """A warning when the tail's month-to-month buying is valued in fractional units, with
    what whole units cost (`optimizer.tail_whole`), or why that cost was not found."""
    tail, whole = assembler.tail(), whole_tail_result(assembler)
    if tail is None or whole is None:
        return []
    cur = assembler.instance.currency
    replicas = " (and replica blocks)" if assembler.instance.replicas == "whole" else ""
    valued = f"the tail is valued with fractional month-to-month units{replicas}"
    if whole.cost is None:
        return [
            f"{valued}: its cost in whole units, as a buyer signs for them, is unknown: "
            f"{whole.missing}; the {tail.cost:,.2f} {cur} shown may be too low"
        ]
    return [
        f"{valued}: bought in whole units, as a buyer signs for them, it costs "
        f"{whole.cost:,.2f} {cur}, not {tail.cost:,.2f} (+{whole.cost - tail.cost:,.2f}); the "
        "horizon's commitments are whole"
    ]


def _signed_for_the_tail(assembler: Assembler) -> list[str]:
    """One warning per contract the plan signs whose offer serves nothing in any horizon month
    of its term, and serves the tail: the tail starts no contract (DESIGN 8.1), so a contract
    the tail needs is signed in the horizon, and paid idle there (probe 18a F1: a 3-month
    contract signed in the horizon's last month, idle for its whole term, to be renewed in
    the tail where an existing commitment's renewal would have been 5 units)."""
    instance, solution = assembler.instance, assembler.solution
    if instance.accounting != "demand_continues":
        return []
    served = {(o, t) for (o, _w, t), g in solution.serve.items() if g > 1e-9}
    out = []
    for (o, s), units in sorted(solution.starts.items()):
        spec = instance.offers[o]
        if units <= 1e-9 or s >= instance.horizon or spec.term <= 1:
            continue
        idle = range(s, min(s + spec.term, instance.horizon))
        if any((o, t) in served for t in idle):
            continue
        if not any((o, t) in served for t in range(instance.horizon, instance.span)):
            continue
        cost = units * spec.month_cost_per_unit * len(idle)
        out.append(
            f"{spec.id}: {units_text(units)} signed from {instance.months[s]} serve no demand in "
            f"the horizon ({len(idle)} month(s), {cost:,.2f} {instance.currency} idle): they "
            "are signed for the tail, where no contract starts; a buyer can sign such a "
            "contract when the demand it serves begins, and pay less"
        )
    return out


def _late(assembler: Assembler, commitments: list[Commitment]) -> list[str]:
    """One warning per new commitment running past the horizon, with what it owes after it."""
    instance = assembler.instance
    counted = {
        "full_term": "counted in the cost (full_term)",
        "in_horizon": "not in the in-horizon cost, which assumes that capacity will be used",
        "demand_continues": "counted in the tail, against the demand it serves then",
    }[instance.accounting]
    tail_end = month_index(instance.months[-1]) + instance.tail

    def after_tail(c: Commitment) -> str:
        months = month_index(c.end) - tail_end
        if instance.accounting != "demand_continues" or months <= 0:
            return ""
        return f"; {months} months of it fall after the {instance.tail}-month tail and earn nothing"

    return [
        f"{c.offer_id}: {units_text(c.units)} from {c.start} for {c.term_months} months owe "
        f"{c.obligation_beyond_horizon:,.2f} {instance.currency} after {instance.months[-1]} "
        f"({counted}{after_tail(c)})"
        for c in commitments
        if not c.existing and c.obligation_beyond_horizon > 0.005
    ]
