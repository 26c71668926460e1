"""The model's instance in plain Python: offers, workloads and limits as the model sees them,
built from a catalog snapshot and a checked plan request."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from catalog.api_offer import ApiOffer
from catalog.errors import InvalidInput
from catalog.model import HOURS_PER_MONTH, Catalog, Offer, System, slugify
from optimizer.api_eligibility import eligible_api
from optimizer.checks import check_existing_dates, check_names
from optimizer.currency_check import check_currency_serves
from optimizer.eligibility import Rate, WholeFit, eligible_rates, replica_block
from optimizer.emptied import check_servable
from optimizer.held import Held, priced
from optimizer.ranking_currency import other_currency
from optimizer.request import (
    MAX_TAIL_MONTHS,
    Accounting,
    Forecast,
    PlanRequest,
    Replicas,
    Workload,
    month_index,
)

__all__ = [
    "Instance",
    "OfferSpec",
    "WorkloadSpec",
    "estimated_columns",
    "per_month",
    "prepare",
]


@dataclass
class OfferSpec:
    """An offer as the model sees it."""

    offer: Offer
    system: System
    kw_per_gpu: float
    first_start: int  # first horizon month a new contract may start
    existing: list[float]  # committed units active in each month of the span
    existing_cost: list[float] = field(default_factory=list)
    """What the existing units cost in each month of the span, each commitment at the price it
    was signed at (`optimizer.held`): a price step of the offer (`month_cost_per_unit`) moves
    new units only."""

    @property
    def id(self) -> str:
        return self.offer.id

    @property
    def gpus_per_unit(self) -> int:
        return self.offer.gpus_per_unit

    @property
    def term(self) -> int:
        return self.offer.term

    @property
    def month_cost_per_unit(self) -> float:
        """What one new unit costs a month at the offer's price."""
        return self.offer.price_per_gpu_hour * self.offer.gpus_per_unit * HOURS_PER_MONTH

    def units_cost(self, units: float, t: int) -> float:
        """What `units` active units cost in span month `t`: the existing ones among them at
        their own prices (`existing_cost`), the rest at the offer's."""
        new = units - self.existing[t]
        return (new * self.month_cost_per_unit if new else 0.0) + self.existing_cost[t]

    @property
    def kw_per_unit(self) -> float:
        return self.kw_per_gpu * self.offer.gpus_per_unit


@dataclass
class WorkloadSpec:
    """A workload as the model sees it: capacity to provision each month."""

    workload: Workload
    average: list[float]  # average tokens/s per month of the span (the tail holds the last)
    required: list[float]  # capacity tokens/s per month = average * peak_to_average

    @property
    def id(self) -> str:
        return self.workload.id


@dataclass
class Instance:
    """Everything the model builder needs, in plain Python."""

    catalog_revision: int
    months: list[str]
    workloads: list[WorkloadSpec]
    offers: list[OfferSpec]
    rates: dict[tuple[int, int], Rate]  # (offer index, workload index) -> rate
    power_caps: dict[str, list[float]]  # site -> MW per month of the span
    total_power_mw: list[float] | None
    monthly_budget: float | None
    max_vendor_share: float | None
    utilization_cap: float
    accounting: Accounting
    currency: str
    replicas: Replicas = "fractional"
    tail: int = 0
    """Months after the horizon in which the demand continues (`demand_continues`): the model
    runs over the span = horizon + tail; no contract with a term starts in the tail."""
    held: tuple[Held, ...] = ()
    """The existing commitments, each at the price it was signed at (`optimizer.held`)."""
    api_offers: list[ApiOffer] = field(default_factory=list)
    api_prices: dict[tuple[int, int], float] = field(default_factory=dict)
    """(API offer index, workload index) -> blended price per million total tokens."""
    api_first: int = 0
    """First month tokens may be bought from an API (the horizon for a GPU-only baseline:
    the API is then only the tail's market)."""
    max_upfront: float | None = None
    """Upfront cash of the contracts signed in the horizon, at most."""
    max_upfront_by_month: list[float] | None = None
    """Upfront cash of the contracts signed in each month of the horizon, at most."""
    renewal_open: bool | None = None
    """Whether leaving a renewal out is the plan's choice (`renewal_may_pay`), decided once
    for every scenario of a plan alike (`optimizer.scenarios`: their models share their
    columns); None: from this instance's own demand and commitments."""
    bound_required: list[list[float]] | None = None
    """Capacity per workload and month of the span that bounds how many units of a contract
    can be useful (default: each workload's `required`); with scenarios, their envelope, so
    that every scenario's model has the same commitment variables."""

    @property
    def horizon(self) -> int:
        return len(self.months)

    @property
    def span(self) -> int:
        return self.horizon + self.tail

    def block(self, o: int, w: int) -> tuple[int, int]:
        """(units, GPUs) of the smallest whole piece of offer `o` that serves workload `w` with
        whole replicas: a deployment of k GPUs on units of U GPUs runs floor(U / k) replicas
        per unit when k <= U (the rest of the unit idles) and takes ceil(k / U) units per
        replica when k > U. A deployment that states no replica size runs one per unit."""
        return replica_block(self.offers[o].gpus_per_unit, self.rates[(o, w)].gpus_per_replica)

    def tail_served(self) -> set[int]:
        """Workloads whose demand the tail models: those a month-to-month offer can serve
        (no contract with a term starts in the tail)."""
        if not self.tail:
            return set()
        month_to_month = {w for (o, w) in self.rates if self.offers[o].term == 1}
        return month_to_month | {w for (_a, w) in self.api_prices}

    def covered_until(self, begin: int, term: int) -> int:
        """One past the last month of the span that a contract from month `begin` for `term`
        months serves (`renewed_until`)."""
        return renewed_until(self.horizon, self.span, begin, term)

    def held_until(self, held: Held) -> int:
        """One past the last month of the span existing commitment `held` serves: renewed
        like a new contract (`covered_until`) unless its vendor is excluded."""
        if held.renews:
            return self.covered_until(held.begin, held.term)
        return held.begin + held.term

    def paid_months(self, begin: int, term: int) -> int:
        """Months of a contract signed in horizon month `begin` that the plan pays for over
        the horizon and the tail: its term, and under `demand_continues` the months it is
        renewed for (`renewed_until`)."""
        return paid_months(self.horizon, self.span, begin, term)

    def renewal_end(self, begin: int, term: int) -> int | None:
        """The tail month a contract from month `begin` for `term` months ends in when it is
        renewed there (`renewed_until`), else None."""
        end = begin + term
        return end if self.covered_until(begin, term) > end else None

    def renewal_chosen(self) -> set[int]:
        """Offers whose contracts ending inside the tail the plan may leave unrenewed (DESIGN
        8.1 as amended: renewal is the model's choice, units not renewed stop serving and
        costing when they end): every offer except those serving a workload whose
        tail the model leaves out (`tail_served`), whose use there the model cannot weigh:
        their renewal stays whole, as the fleet left over serves that demand
        (`optimizer.tail_fleet`); and those whose cost overflows."""
        if not self.tail or not self.renewal_may_pay():
            return set()
        served = self.tail_served()
        unread = {o for (o, w) in self.rates if w not in served}
        # An offer whose cost overflows keeps its renewal whole: minus an infinite cost is no
        # coefficient a solver takes (the plan then fails as not finite, as before).
        return {
            o
            for o, spec in enumerate(self.offers)
            if o not in unread and math.isfinite(spec.month_cost_per_unit)
        }

    def renewal_may_pay(self) -> bool:
        """Whether leaving a renewal out can pay: some workload's demand in the horizon's last
        month is below its peak (the tail holds that last month's level, so units sized for
        the peak may sit idle there: probe 15 F0, a forecast ending at zero renewed every
        contract for 48 months), or an existing commitment, sized before this plan, ends
        inside the tail. Otherwise every renewal stays whole, with no column or tail block
        for the choice: the units the last month uses, the tail's same demand uses too (what
        may still sit idle is whole-unit rounding, or units an offer available only later
        replaced), and the choice made the model 3-12x slower to solve (model15: the
        power-capped example 0.26 -> 3.2 CPU s, 36 tail blocks against 1)."""
        if self.renewal_open is not None:
            return self.renewal_open
        return falls_at_the_end(self, self.bound_required) or any(
            held.renews and self.renewal_end(held.begin, held.term) is not None
            for held in self.held
        )

    def renewal_months(self) -> set[int]:
        """Tail months in which a renewal may be chosen (`renewal_chosen`): where a contract
        of such an offer signed in the horizon, or an existing one, ends (the tail's fleet may
        change there: `optimizer.tail_blocks`)."""
        chosen = self.renewal_chosen()
        rated = {o for (o, _w) in self.rates}
        months: set[int] = set()
        for o in chosen & rated:
            term = self.offers[o].term
            for s in range(self.offers[o].first_start, self.horizon):
                end = self.renewal_end(s, term)
                if end is not None:
                    months.add(end)
        for held in self.held:
            if held.o in chosen and held.renews:
                end = self.renewal_end(held.begin, held.term)
                if end is not None:
                    months.add(end)
        return months

    def last_start(self, o: int) -> int:
        """One past the last month a contract of offer `o` may start: month-to-month offers
        run through the tail, contracts with a term start within the horizon."""
        return self.span if self.offers[o].term == 1 else self.horizon

    def restricted(self, allowed: dict[int, set[int]]) -> Instance:
        """The same instance with workload w served only by offers `allowed[w]`."""
        rates = {k: v for k, v in self.rates.items() if k[0] in allowed.get(k[1], set())}
        return replace(self, rates=rates)


FALLING_TOLERANCE = 1e-9
"""A last month below its peak by more than this share is falling (`renewal_may_pay`)."""


def falls_at_the_end(instance: Instance, sized_for: list[list[float]] | None = None) -> bool:
    """Whether some workload's capacity in the horizon's last month is below the peak its
    contracts may be sized for: its own over the horizon, or with scenarios their envelope's
    (`sized_for`, per workload and month: units shared by every scenario are sized for the
    highest, and a low scenario's tail may leave them idle, review 15b R1)."""
    for w, spec in enumerate(instance.workloads):
        needed = spec.required[: instance.horizon]
        peak = sized_for[w][: instance.horizon] if sized_for is not None else needed
        if needed and peak and needed[-1] < max(peak) * (1 - FALLING_TOLERANCE):
            return True
    return False


def renewed_until(horizon: int, span: int, begin: int, term: int) -> int:
    """One past the last month a contract from month `begin` for `term` months serves (it may
    pass `span`; callers stop at the span). Under `demand_continues` (a tail: `span` past
    `horizon`), a contract with a term that ends inside the tail may be renewed at its own
    price to the tail's end: the buyer renews what the continued demand still needs (how many
    of its units the model chooses: `optimizer.model._add_not_renewed`). A renewal is a
    valuation of that demand, not a commitment signed now (no new contract with a term starts
    in the tail, DESIGN 8.1): the obligation stays the term's. Without it, a contract signed
    early in the horizon left the tail's last months to on-demand prices, and the model bought
    long contracts as late as it could (probe 14a finding 1: the seed's racks in December, 10.4
    M more in its first year). A contract that ends inside the horizon is not renewed: the
    horizon may sign another."""
    end = begin + term
    if term > 1 and begin < horizon <= end < span:
        return span
    return end


def paid_months(horizon: int, span: int, begin: int, term: int) -> int:
    """`Instance.paid_months` of an instance of that horizon and span (a pure function of the
    four: `optimizer.plan_cost` keeps its answers)."""
    return max(term, renewed_until(horizon, span, begin, term) - begin)


def estimated_columns(instance: Instance) -> int:
    """About how many columns the model of `instance` has: a serving variable per eligible
    (offer, workload) and a units variable per offer, in every month of the span (the tail is
    modelled too)."""
    offers = len({o for (o, _) in instance.rates})
    return (len(instance.rates) + offers) * instance.span


def per_month(value: float | list[float], months: int, where: str) -> list[float]:
    """`value` for each month of the horizon (a list must have one per month).

    Raises:
        InvalidInput: on `where` when a list has the wrong length.
    """
    if isinstance(value, list):
        if len(value) != months:
            raise InvalidInput.one(
                where, f"has {len(value)} values; the forecast has {months} months"
            )
        return [float(v) for v in value]
    return [float(value)] * months


def _continued(values: list[float], span: int) -> list[float]:
    """`values` over the span: the tail holds the horizon's last value."""
    return values + [values[-1]] * (span - len(values))


def _power_caps(request: PlanRequest, horizon: int, span: int) -> dict[str, list[float]]:
    caps: dict[str, list[float]] = {}
    for n, cap in enumerate(request.constraints.power_caps):
        values = _continued(per_month(cap.mw, horizon, f"constraints.power_caps[{n}].mw"), span)
        previous = caps.get(cap.site)
        caps[cap.site] = (
            values
            if previous is None
            else [min(a, b) for a, b in zip(previous, values, strict=True)]
        )
    return caps


def _offer_specs(catalog: Catalog, request: PlanRequest, first: int) -> list[OfferSpec]:
    """The offers the model may see, their existing units still to be placed (`_place`)."""
    systems = {s.id: s for s in catalog.systems}
    excluded = {slugify(v) for v in request.constraints.exclude_vendors}
    owned = {e.offer_id for e in request.existing}
    specs: list[OfferSpec] = []
    for offer in catalog.offers:
        system = systems.get(offer.system_id)
        if system is None or (slugify(offer.vendor) in excluded and offer.id not in owned):
            continue
        if other_currency(offer.currency, request.options.currency) and offer.id not in owned:
            continue
        start = 0
        if offer.available_from is not None:
            start = max(0, month_index(offer.available_from) - first)
        specs.append(
            OfferSpec(
                offer=offer,
                system=system,
                kw_per_gpu=offer.power_kw_per_gpu or system.power_kw_per_gpu,
                first_start=start,
                existing=[],
            )
        )
    return specs


def _place(
    specs: list[OfferSpec], request: PlanRequest, first: int, horizon: int, span: int
) -> tuple[Held, ...]:
    """Each offer's existing units and their cost over the span, each commitment at the price
    it was signed at (the catalog's, when the request gives none); an excluded vendor's owned
    offer buys no more."""
    excluded = {slugify(v) for v in request.constraints.exclude_vendors}
    index = {spec.id: o for o, spec in enumerate(specs)}
    for spec in specs:
        spec.existing, spec.existing_cost = [0.0] * span, [0.0] * span
        if slugify(spec.offer.vendor) in excluded:
            spec.first_start = span  # keep what is owned, buy no more
    held: list[Held] = []
    for n, existing in enumerate(request.existing):
        o = index.get(existing.offer_id)
        if o is None:
            continue
        spec, price = specs[o], existing.price_per_gpu_hour
        one = Held(
            entry=n,
            o=o,
            begin=month_index(existing.start) - first,
            term=existing.term_months,
            units=existing.units,
            offer=spec.offer if price is None else priced(spec.offer, price),
            signed=price is not None,
            renews=slugify(spec.offer.vendor) not in excluded,
        )
        held.append(one)
        # An existing commitment that ends in the tail is renewed, as a new one is, unless
        # its vendor is excluded: the plan buys no more of it.
        end = (
            renewed_until(horizon, span, one.begin, one.term)
            if one.renews
            else one.begin + one.term
        )
        for t in range(max(0, one.begin), min(span, end)):
            spec.existing[t] += existing.units
            spec.existing_cost[t] += one.month_cost
    return tuple(held)


def prepare(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> Instance:
    """Check the request against the catalog and build the model's instance.

    Raises:
        InvalidInput: naming each bad field: an unknown site, offer or vendor (with the valid
        ones), a per-month list of the wrong length, a workload no offer can serve (with the
        best interactivity any offer reaches for it), a month with demand and no offer available,
        offers in more than one currency, or an existing commitment that ended before the
        forecast starts or starts after the last month the plan models.
    """
    check_names(catalog, request, forecast)
    check_currency_serves(catalog, request, forecast)
    constraints = request.constraints
    options = request.options
    horizon = forecast.months
    first = month_index(forecast.start)
    specs = _offer_specs(catalog, request, first)
    profiles = list(catalog.profiles)
    offers = [spec.offer for spec in specs]
    rates = eligible_rates(
        offers,
        forecast.workloads,
        profiles,
        allow_spot=options.allow_spot,
        whole=_whole_fit(request, forecast),
    )
    api_offers, api_prices = eligible_api(
        tuple(
            a
            for a in catalog.api_offers
            if not other_currency(a.currency, request.options.currency)
        ),
        forecast.workloads,
        trust_latency=options.trust_api_latency,
        exclude_vendors=constraints.exclude_vendors,
    )
    tail = _tail_months(request, max((specs[o].term for (o, _w) in rates), default=1))
    span = horizon + tail
    check_existing_dates(request, forecast, span)
    held = _place(specs, request, first, horizon, span)
    power_caps = _power_caps(request, horizon, span)
    total_power = (
        None
        if constraints.total_power_mw is None
        else _continued(
            per_month(constraints.total_power_mw, horizon, "constraints.total_power_mw"), span
        )
    )
    workloads = [
        WorkloadSpec(
            workload=w,
            average=_continued(w.demand(horizon), span),
            required=[v * w.peak_to_average for v in _continued(w.demand(horizon), span)],
        )
        for w in forecast.workloads
    ]
    bought = {w for (_a, w) in api_prices}
    check_servable(
        specs, workloads, rates, profiles, request, forecast.month_labels, bought, catalog.offers
    )

    used = {o for (o, _) in rates} | {o for o, s in enumerate(specs) if any(s.existing)}
    currencies = sorted({specs[o].offer.currency for o in used} | {a.currency for a in api_offers})
    if len(currencies) > 1:
        raise InvalidInput.one(
            "options.currency",
            "the eligible offers are priced in more than one currency ("
            + ", ".join(currencies)
            + "); one plan uses one currency: choose one (owned offers in another currency "
            "cannot join it)",
        )

    return Instance(
        catalog_revision=catalog.revision,
        months=forecast.month_labels,
        workloads=workloads,
        offers=specs,
        rates=rates,
        power_caps=power_caps,
        total_power_mw=total_power,
        monthly_budget=constraints.monthly_budget,
        max_vendor_share=constraints.max_vendor_share,
        utilization_cap=constraints.utilization_cap,
        accounting=options.commitment_accounting,
        currency=currencies[0] if currencies else "USD",
        replicas=options.replicas,
        tail=tail,
        held=held,
        api_offers=api_offers,
        api_prices=api_prices,
        max_upfront=constraints.max_upfront,
        max_upfront_by_month=(
            None
            if constraints.max_upfront_by_month is None
            else per_month(
                constraints.max_upfront_by_month, horizon, "constraints.max_upfront_by_month"
            )
        ),
    )


def _whole_fit(request: PlanRequest, forecast: Forecast) -> WholeFit | None:
    """With whole replicas, what picks each (offer, workload)'s deployment: the workload's peak
    requirement over the horizon (the tail continues its last month)."""
    if request.options.replicas != "whole":
        return None
    peaks = tuple(
        max(w.demand(forecast.months), default=0.0) * w.peak_to_average for w in forecast.workloads
    )
    return WholeFit(peaks=peaks, utilization_cap=request.constraints.utilization_cap)


def _tail_months(request: PlanRequest, longest_term: int) -> int:
    """The tail the request asks for; without `tail_months`, the longest term of any eligible
    offer (at most 60), so that every contract is paid out inside the model."""
    options = request.options
    if options.commitment_accounting != "demand_continues":
        return 0
    if options.tail_months is not None:
        return options.tail_months
    return min(MAX_TAIL_MONTHS, longest_term if longest_term > 1 else 0)
