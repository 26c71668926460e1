"""From a solution to the Plan's numbers: active units, commitments, the summary, each
workload's cost (each month's allocations: `optimizer.month_plans`; the throughput sources
behind them: `optimizer.sources`)."""

from __future__ import annotations

from catalog.model import HOURS_PER_MONTH, slugify
from optimizer.api_assembly import api_cost
from optimizer.api_eligibility import API_MONTH
from optimizer.instance import Instance, OfferSpec
from optimizer.plan import (
    Commitment,
    Renewal,
    Summary,
    Tail,
    WorkloadCost,
)
from optimizer.plan_cost import chosen_cost, committed_cost, owed_after, renewed_cost
from optimizer.price_trust import CostBasis
from optimizer.request import PlanRequest, month_index, month_label
from optimizer.solver import Solution
from optimizer.sources import Used, resting_on, used
from optimizer.tail_fleet import unmodelled_tail_shares

__all__ = [
    "SECONDS_PER_MONTH",
    "Assembler",
    "commitments",
    "summary",
    "unserved",
    "workload_costs",
]

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600.0

ASSUMPTIONS = {
    "in_horizon": "Commitment accounting in_horizon: months after the horizon cost nothing; "
    "capacity running past it is assumed used.",
    "full_term": "Commitment accounting full_term: every month of every term counts; capacity "
    "after the horizon is assumed worthless.",
    "demand_continues": "Commitment accounting demand_continues: demand is assumed to hold at "
    "its last month's level for {tail} months after the horizon; every contract is paid in "
    "full and credited with the demand it serves then, none after the tail; {renewal}, at its "
    "price to the tail's end (a valuation, not an obligation; the tail is reported apart).",
}
RENEWAL_CHOSEN = "renewing a contract that ends in the tail is the plan's choice"
RENEWAL_WHOLE = (
    "a contract that ends in the tail is valued as renewed whole (no workload falls at the "
    "horizon's end, so the units its last month uses the tail uses too)"
)
RENEWAL_UNWEIGHED = (
    "a contract that ends in the tail is valued as renewed whole (the tail does not model the "
    "demand its offer serves, so no renewal can be weighed against it)"
)


def _renewal_said(instance: Instance) -> str:
    """How the assumption line says the tail's renewals are valued (review 15b R3: a plan
    whose falling workload only offers with no modelled tail serve said it chose)."""
    if instance.renewal_chosen():
        return RENEWAL_CHOSEN
    return RENEWAL_UNWEIGHED if instance.renewal_may_pay() else RENEWAL_WHOLE


def clean(value: float) -> float:
    """`value`, with solver noise below 1e-9 shown as 0."""
    return 0.0 if abs(value) < 1e-9 else value


UNSERVED_SHARE = 1e-9
"""Share of the tokens wanted below which what is left of them is rounding, not a shortfall:
two sums of 1.6e14 tokens differ in their last bits (0.0625, probe 12 finding 4), while a
shortfall the solver can tell apart is 1e-7 of a month's demand or more."""


def unserved(wanted: float, served: float) -> float:
    """Tokens of `wanted` that `served` leaves unmet; 0 below `UNSERVED_SHARE` of `wanted`."""
    short = wanted - served
    return short if short > UNSERVED_SHARE * wanted else 0.0


def commitment(
    instance: Instance,
    spec: OfferSpec,
    units: float,
    begin: int,
    term: int,
    existing: bool,
    monthly: float | None = None,
) -> Commitment:
    """One contract of `units` units of `spec` from horizon month `begin` (negative: before the
    horizon) for `term` months, with its obligation inside and beyond the horizon; `monthly`:
    what it costs a month (default: at the offer's price; an existing one's, at the price it
    was signed at)."""
    first = month_index(instance.months[0])
    if monthly is None:
        monthly = units * spec.month_cost_per_unit
    end = begin + term  # exclusive
    in_horizon = max(0, min(end, instance.horizon) - max(begin, 0))
    beyond = max(0, end - max(begin, instance.horizon))
    return Commitment(
        offer_id=spec.id,
        vendor=spec.offer.vendor,
        kind=spec.offer.kind,
        start=month_label(first + begin),
        end=month_label(first + end - 1),
        term_months=term if existing else spec.offer.term_months,
        units=units,
        gpus=units * spec.gpus_per_unit,
        monthly_cost=monthly,
        total_obligation=monthly * (in_horizon + beyond),
        obligation_in_horizon=monthly * in_horizon,
        obligation_beyond_horizon=monthly * beyond,
        existing=existing,
        payment_model=spec.offer.payment_model,
    )


def commitments(assembler: Assembler, request: PlanRequest) -> list[Commitment]:
    """The existing commitments (in the request's order, each at the price it was signed at),
    then those the plan signs, in (offer, start) order."""
    instance = assembler.instance
    out = [
        commitment(
            instance,
            instance.offers[h.o],
            float(h.units),
            h.begin,
            h.term,
            existing=True,
            monthly=h.month_cost,
        )
        for h in instance.held
    ]
    for (o, s), units in sorted(assembler.solution.starts.items()):
        if units > 1e-9 and s < instance.horizon:
            spec = instance.offers[o]
            out.append(commitment(instance, spec, units, s, spec.term, existing=False))
    return out


class Assembler:
    """Active units per offer and month of one solution, and the sums the Plan reports."""

    def __init__(self, instance: Instance, solution: Solution) -> None:
        self.instance = instance
        self.solution = solution
        span = instance.span
        self.units: dict[tuple[int, int], float] = {}  # (offer, month of the span) -> units
        for o, spec in enumerate(instance.offers):
            for t in range(span):
                if spec.existing[t] > 0:
                    self.units[(o, t)] = spec.existing[t]
        for (o, s), value in solution.starts.items():
            if value <= 1e-9:
                continue
            term = instance.offers[o].term
            end = instance.covered_until(s, term)
            dropped = solution.not_renewed.get((o, s), 0.0)
            for t in range(s, min(span, end)):
                # Units not renewed leave the fleet where their term ends.
                kept = value - dropped if t >= s + term else value
                self.units[(o, t)] = self.units.get((o, t), 0.0) + kept
        self.held_dropped: dict[tuple[int, int], tuple[float, float]] = {}
        """(offer, tail month) -> (units, cost) of the existing units not renewed then."""
        for k, dropped in solution.held_not_renewed.items():
            held = instance.held[k]
            if dropped <= 0:
                continue
            cost = held.month_cost / held.units * dropped
            for t in range(held.begin + held.term, min(span, instance.held_until(held))):
                self.units[(held.o, t)] = self.units.get((held.o, t), 0.0) - dropped
                units, costs = self.held_dropped.get((held.o, t), (0.0, 0.0))
                self.held_dropped[(held.o, t)] = (units + dropped, costs + cost)
        self.units = {k: v for k, v in self.units.items() if v > 1e-9}
        # Whole replicas count capacity at the utilisation cap (fractional GPUs already are).
        self.capacity_share = instance.utilization_cap if instance.replicas == "whole" else 1.0
        # Tail demand the model leaves out is served only by what the fleet has left then.
        self.unmodelled = unmodelled_tail_shares(instance, solution, self.units)
        self._used: Used | None = None
        self._resting: dict[tuple[int, int], tuple[CostBasis | None, list[CostBasis | None]]] = {}

    def served_share(self, w: int, t: int) -> float:
        if (w, t) in self.unmodelled:
            return self.unmodelled[(w, t)]
        return 1.0 - min(1.0, self.solution.short.get((w, t), 0.0))

    def units_cost(self, o: int, t: int, units: float) -> float:
        """What `units` active units of offer `o` cost in month `t` (`OfferSpec.units_cost`),
        less any existing units not renewed then (`Solution.held_not_renewed`)."""
        dropped, saved = self.held_dropped.get((o, t), (0.0, 0.0))
        return self.instance.offers[o].units_cost(units + dropped, t) - saved

    def month_cost(self, t: int) -> float:
        fleet = sum(
            self.units_cost(o, t, units) for (o, tt), units in self.units.items() if tt == t
        )
        return fleet + api_cost(self.instance, self.solution, range(t, t + 1))

    def vendor_spend(self, t: int) -> dict[str, float]:
        """Run-rate of each vendor (slug) in month `t`, as the vendor-share rows count it:
        its active units and the tokens bought from it."""
        spend: dict[str, float] = {}
        for (o, tt), units in self.units.items():
            if tt == t:
                spec = self.instance.offers[o]
                vendor = slugify(spec.offer.vendor)
                spend[vendor] = spend.get(vendor, 0.0) + self.units_cost(o, t, units)
        for (a, w, tt), tps in self.solution.buy.items():
            if tt == t:
                vendor = slugify(self.instance.api_offers[a].vendor)
                cost = tps * API_MONTH * self.instance.api_prices[(a, w)]
                spend[vendor] = spend.get(vendor, 0.0) + cost
        return spend

    def month_kw(self, t: int, site: str | None = None) -> float:
        return sum(
            units * self.instance.offers[o].kw_per_unit
            for (o, tt), units in self.units.items()
            if tt == t and (site is None or self.instance.offers[o].offer.site_key == site)
        )

    def mw_months(self, months: range | None = None) -> float:
        """MW-months the fleet draws in `months` (default: the span, every month the objective
        counts): the kW-months `optimizer.model` counts for the new units in its power term
        (a block of tail months counting its months; here each month read back from it) plus
        the existing units', which are the same in every plan."""
        span = range(self.instance.span) if months is None else months
        offers = self.instance.offers
        kw_months = sum(
            units * offers[o].kw_per_unit for (o, t), units in self.units.items() if t in span
        )
        return kw_months / 1000.0

    def chosen_cost(self) -> float:
        """What the contracts signed in the horizon count (`optimizer.plan_cost`)."""
        return chosen_cost(self.instance, self.solution)

    def committed_cost(self, months: range | None = None) -> float:
        """What the existing commitments cost in `months` (default: the horizon)."""
        return committed_cost(self.instance, months)

    def tokens(self, w: int, months: range | None = None) -> float:
        """Tokens served to workload `w` in `months` (default: the horizon)."""
        wspec = self.instance.workloads[w]
        return sum(
            wspec.average[t] * self.served_share(w, t) * SECONDS_PER_MONTH
            for t in (range(self.instance.horizon) if months is None else months)
        )

    def tail(self) -> Tail | None:
        """The tail of `demand_continues`: what the contracts owe after the horizon, what is
        bought month by month then and what existing units cost then, against the tokens."""
        instance = self.instance
        if instance.accounting != "demand_continues":
            return None
        months = range(instance.horizon, instance.span)
        cost = owed_after(instance, self.solution)
        tokens = sum(self.tokens(w, months) for w in range(len(instance.workloads)))
        wanted = sum(sum(w.average[instance.horizon :]) for w in instance.workloads)
        return Tail(
            months=instance.tail,
            cost=cost,
            tokens=tokens,
            cost_per_million_tokens=cost / tokens * 1e6 if tokens > 0 else None,
            shortfall_tokens=unserved(wanted * SECONDS_PER_MONTH, tokens),
            mw_months=self.mw_months(months),
            renewed_cost=renewed_cost(instance, self.solution),
            renewals=self.renewals(),
            offers_only_in_tail=self.offers_only_in_tail(),
            cost_basis=self.resting_on(months)[0] if tokens > 0 else None,
        )

    def resting_on(
        self, months: range | None = None
    ) -> tuple[CostBasis | None, list[CostBasis | None]]:
        """The weakest bases a cost per million tokens over `months` (default: the span)
        rests on, of the plan and of each workload (`optimizer.sources.resting_on`), found once
        per span."""
        span = range(self.instance.span) if months is None else months
        key = (span.start, span.stop)
        if key not in self._resting:
            self._resting[key] = resting_on(self.instance, self.solution, self.units, span)
        return self._resting[key]

    def used(self) -> Used:
        """The offers the solution buys in the horizon and only in the tail
        (`optimizer.sources.used`), found once."""
        if self._used is None:
            self._used = used(self.instance, self.solution, self.units)
        return self._used

    def offers_only_in_tail(self) -> tuple[str, ...]:
        """The ids of the offers (GPU, then API) the tail buys and the horizon does not."""
        found = self.used()
        return tuple(
            [self.instance.offers[o].id for o in found.gpus_in_tail]
            + [self.instance.api_offers[a].id for a in found.apis_in_tail]
        )

    def renewals(self) -> tuple[Renewal, ...]:
        """Per offer, new and existing contracts apart, the units ending inside the tail and
        how many of them the plan renews (`Solution.not_renewed`), with what the renewed
        ones count after their terms."""
        instance, solution = self.instance, self.solution
        # (offer, existing) -> [units ending, units not renewed, renewed cost]
        rows: dict[tuple[int, bool], list[float]] = {}
        for (o, s), units in solution.starts.items():
            spec = instance.offers[o]
            if s >= instance.horizon or units <= 1e-9 or instance.renewal_end(s, spec.term) is None:
                continue
            dropped = solution.not_renewed.get((o, s), 0.0)
            months = instance.paid_months(s, spec.term) - spec.term
            row = rows.setdefault((o, False), [0.0, 0.0, 0.0])
            row[0] += units
            row[1] += dropped
            row[2] += (units - dropped) * spec.month_cost_per_unit * months
        for k, held in enumerate(instance.held):
            end = instance.held_until(held)
            months = end - held.begin - held.term
            if months <= 0 or held.begin + held.term >= instance.span:
                continue
            dropped = solution.held_not_renewed.get(k, 0.0)
            row = rows.setdefault((held.o, True), [0.0, 0.0, 0.0])
            row[0] += held.units
            row[1] += dropped
            row[2] += held.month_cost / held.units * (held.units - dropped) * months
        return tuple(
            Renewal(
                offer_id=instance.offers[o].id,
                existing=existing,
                # Units to 1e-9 (review 15b: 1.9999999999998996 units not renewed).
                units_ending=clean(round(ending, 9)),
                units_renewed=clean(round(ending - dropped, 9)),
                units_not_renewed=clean(round(dropped, 9)),
                renewed_cost=clean(cost),
            )
            for (o, existing), (ending, dropped, cost) in sorted(rows.items())
        )

    def lifetime(self) -> tuple[float, float | None] | None:
        """(cost, cost per million tokens) over the horizon and the tail of `demand_continues`,
        what the model minimises (None under the other accountings)."""
        tail = self.tail()
        if tail is None:
            return None
        total, tokens, _, _ = self.totals()
        cost, tokens = total + tail.cost, tokens + tail.tokens
        return cost, cost / tokens * 1e6 if tokens > 0 else None

    def totals(self) -> tuple[float, float, float, float]:
        """(total cost, tokens, peak MW, average MW)."""
        horizon = self.instance.horizon
        total = self.chosen_cost() + self.committed_cost()
        tokens = sum(self.tokens(w) for w in range(len(self.instance.workloads)))
        mw = [self.month_kw(t) / 1000.0 for t in range(horizon)]
        return total, tokens, max(mw, default=0.0), sum(mw) / horizon


def _gpu_month(spec: OfferSpec, units: float, t: int) -> float:
    """What a GPU of `spec`'s `units` active units costs in month `t`: the offer's price, or
    with existing units among them, their average (existing ones at the prices they were
    signed at)."""
    if spec.existing[t] <= 0:
        return spec.offer.price_per_gpu_hour * HOURS_PER_MONTH
    return spec.units_cost(units, t) / (units * spec.gpus_per_unit)


def summary(assembler: Assembler, commitments: list[Commitment]) -> Summary:
    instance = assembler.instance
    horizon = instance.horizon
    total, tokens, peak_mw, average_mw = assembler.totals()
    cash = sum(assembler.month_cost(t) for t in range(horizon))
    bought_cost = api_cost(instance, assembler.solution, range(horizon))
    assigned = bought_cost  # tokens bought are all used
    for (o, _w, t), gpus in assembler.solution.serve.items():
        units = assembler.units.get((o, t), 0.0)
        if t < horizon and units > 0:
            assigned += gpus * _gpu_month(instance.offers[o], units, t)
    # Tokens per MW of the fleet: tokens bought from APIs draw no power of the plan's.
    bought_tps = sum(v for (_a, _w, t), v in assembler.solution.buy.items() if t < horizon)
    average_tps = tokens / (horizon * SECONDS_PER_MONTH) - bought_tps / horizon
    lifetime_cost, lifetime_cpm = assembler.lifetime() or (None, None)
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
        idle_cost=clean(max(0.0, cash - assigned)),
        commitment_accounting=instance.accounting,
        replicas=instance.replicas,
        assumption=ASSUMPTIONS[instance.accounting].format(
            tail=instance.tail,
            renewal=_renewal_said(instance),
        ),
        lifetime_cost=lifetime_cost,
        lifetime_cost_per_million_tokens=lifetime_cpm,
        api_cost=bought_cost,
        mw_months=assembler.mw_months(),
        cost_basis=assembler.resting_on(range(horizon))[0] if tokens > 0 else None,
        lifetime_cost_basis=None if lifetime_cpm is None else assembler.resting_on()[0],
    )


def workload_costs(assembler: Assembler, total_cost: float) -> list[WorkloadCost]:
    """Each workload's share of the cost: the GPUs it uses, idle headroom of an offer shared by
    its users, an offer-month nobody uses spread by tokens; scaled so the shares add up to the
    plan's total cost."""
    instance = assembler.instance
    solution = assembler.solution
    raw = [0.0] * len(instance.workloads)
    users_of: dict[tuple[int, int], dict[int, float]] = {}
    for (o, w, t), g in solution.serve.items():
        if g > 0 and t < instance.horizon:
            users_of.setdefault((o, t), {})[w] = g
    for (o, t), units in assembler.units.items():
        if t >= instance.horizon:
            continue
        cost = instance.offers[o].units_cost(units, t)
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
    for w in range(len(raw)):
        raw[w] += api_cost(instance, solution, range(instance.horizon), w)
    cash = sum(raw)
    scale = total_cost / cash if cash > 0 else 0.0
    out = []
    for w, wspec in enumerate(instance.workloads):
        tokens = assembler.tokens(w)
        cost = raw[w] * scale
        # `average` runs over the span (horizon and tail); `tokens` counts the horizon only.
        required_tokens = sum(wspec.average[: instance.horizon]) * SECONDS_PER_MONTH
        out.append(
            WorkloadCost(
                workload_id=wspec.id,
                model=wspec.workload.model,
                cost=cost,
                tokens=tokens,
                cost_per_million_tokens=cost / tokens * 1e6 if tokens > 0 else None,
                shortfall_tokens=unserved(required_tokens, tokens),
                cost_basis=assembler.resting_on(range(instance.horizon))[1][w]
                if tokens > 0
                else None,
            )
        )
    return out
