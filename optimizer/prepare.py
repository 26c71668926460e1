"""Preprocessing before any solver runs (DESIGN section 3): eligibility, throughput at the
SLO, and the pre-checks that turn into clear errors."""

from __future__ import annotations

import math
from dataclasses import dataclass

from catalog.errors import FieldError, InvalidInput
from catalog.frontier import Operating, best_interactivity, throughput_at, usable_points
from catalog.model import Catalog, Offer, Point, Precision, Profile, System, slugify
from optimizer.request import Forecast, PlanRequest, Workload, month_index

__all__ = [
    "Instance",
    "OfferSpec",
    "Rate",
    "WorkloadSpec",
    "check_size",
    "eligible_rate",
    "prepare",
    "prepare_for_solve",
    "prune_dominated",
    "reach",
    "units_upper_bound",
    "why_ineligible",
]


MAX_COLUMNS = 200_000
"""Largest model solved: HiGHS does not honour its time limit inside MIP presolve beyond about
250,000 columns (DESIGN section 3), and every solve must stay stoppable."""


@dataclass(frozen=True)
class Rate:
    """Throughput per GPU of one offer for one workload at its SLO, and where it came from."""

    operating: Operating
    profile: Profile

    @property
    def per_gpu(self) -> float:
        return self.operating.throughput_per_gpu


@dataclass
class OfferSpec:
    """An offer as the model sees it."""

    offer: Offer
    system: System
    kw_per_gpu: float
    first_start: int  # first horizon month a new contract may start
    existing: list[float]  # committed units active in each month

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
        return self.offer.price_per_gpu_hour * self.offer.gpus_per_unit * 730.0

    @property
    def kw_per_unit(self) -> float:
        return self.kw_per_gpu * self.offer.gpus_per_unit


@dataclass
class WorkloadSpec:
    """A workload as the model sees it: capacity to provision each month."""

    workload: Workload
    average: list[float]  # average tokens/s per month
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
    power_caps: dict[str, list[float]]  # site -> MW per month
    total_power_mw: list[float] | None
    monthly_budget: float | None
    max_vendor_share: float | None
    utilization_cap: float
    accounting: str
    currency: str

    @property
    def horizon(self) -> int:
        return len(self.months)

    def restricted(self, allowed: dict[int, set[int]]) -> Instance:
        """The same instance with workload w served only by offers `allowed[w]`."""
        rates = {k: v for k, v in self.rates.items() if k[0] in allowed.get(k[1], set())}
        return Instance(**{**self.__dict__, "rates": rates})


def _per_month(value: float | list[float], months: int, where: str) -> list[float]:
    if isinstance(value, list):
        if len(value) != months:
            raise InvalidInput.one(
                where, f"has {len(value)} values; the forecast has {months} months"
            )
        return [float(v) for v in value]
    return [float(value)] * months


def _allowed_names(names: tuple[str, ...] | None) -> set[str] | None:
    return None if names is None else {slugify(n) for n in names}


def eligible_rate(
    offer: Offer,
    workload: Workload,
    profiles: list[Profile],
    *,
    allow_spot: bool = False,
) -> Rate | None:
    """The best throughput per GPU `offer` gives `workload` at its SLO, or None when it cannot
    serve it (DESIGN section 3, steps 1 and 2)."""
    if why_ineligible(offer, workload, profiles, allow_spot=allow_spot) is not None:
        return None
    best: Rate | None = None
    for profile in _matching_profiles(offer, workload, profiles):
        if workload.precisions is not None and profile.precision not in workload.precisions:
            continue
        points = usable_points(
            profile.points,
            bases=workload.bases,
            supports=offer.supports,
            max_ttft_ms=workload.slo.max_ttft_ms,
        )
        operating = throughput_at(points, workload.slo.min_interactivity)
        if operating is not None and (best is None or operating.throughput_per_gpu > best.per_gpu):
            best = Rate(operating, profile)
    return best


def _matching_profiles(offer: Offer, workload: Workload, profiles: list[Profile]) -> list[Profile]:
    return [
        p
        for p in profiles
        if p.system_id == offer.system_id
        and p.model == workload.model
        and p.isl == workload.isl
        and p.osl == workload.osl
    ]


def _usable(offer: Offer, workload: Workload, profiles: list[Profile]) -> list[Point]:
    """Every point of the profiles matching `workload` (model, shape, allowed precisions) that
    the workload may count on when served by `offer`."""
    return [
        point
        for p in _matching_profiles(offer, workload, profiles)
        if workload.precisions is None or p.precision in workload.precisions
        for point in usable_points(
            p.points,
            bases=workload.bases,
            supports=offer.supports,
            max_ttft_ms=workload.slo.max_ttft_ms,
        )
    ]


def reach(offer: Offer, workload: Workload, profiles: list[Profile]) -> float | None:
    """The best interactivity `offer` reaches for `workload`'s model and shape, or None."""
    return best_interactivity(_usable(offer, workload, profiles))


def why_ineligible(
    offer: Offer,
    workload: Workload,
    profiles: list[Profile],
    *,
    allow_spot: bool = False,
    exclude_vendors: tuple[str, ...] = (),
) -> str | None:
    """Why `offer` cannot serve `workload`, in words; None when it can."""
    vendors = _allowed_names(workload.vendors)
    regions = _allowed_names(workload.regions)
    if slugify(offer.vendor) in {slugify(v) for v in exclude_vendors}:
        return f"vendor {offer.vendor} is excluded"
    if vendors is not None and slugify(offer.vendor) not in vendors:
        return f"vendor {offer.vendor} is not among the workload's vendors"
    if regions is not None and slugify(offer.region) not in regions:
        return f"region {offer.region} is not among the workload's regions"
    if offer.kind == "spot" and not allow_spot:
        return "spot capacity is preemptible (allow_spot is off)"
    matching = _matching_profiles(offer, workload, profiles)
    if not matching:
        return (
            f"no profile for {workload.model} at {workload.isl}/{workload.osl} on {offer.system_id}"
        )
    allowed: list[Precision] | None = (
        None if workload.precisions is None else list(workload.precisions)
    )
    matching = [p for p in matching if allowed is None or p.precision in allowed]
    if not matching:
        return "precision not allowed"
    points = _usable(offer, workload, matching)
    if not points:
        return "no operating point with an allowed basis, a supported feature set and the TTFT"
    best = best_interactivity(points)
    target = workload.slo.min_interactivity
    if best is not None and best < target:
        return f"SLO {target:g} tok/s/user is beyond the best interactivity it reaches ({best:g})"
    return None


def prepare(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> Instance:
    """Check the request against the catalog and build the model's instance.

    Raises:
        InvalidInput: naming each bad field: an unknown site, offer or vendor (with the valid
        ones), a per-month list of the wrong length, a workload no offer can serve (with the
        best interactivity any offer reaches for it), a month with demand and no offer available,
        or offers in more than one currency.
    """
    constraints = request.constraints
    options = request.options
    horizon = forecast.months
    first = month_index(forecast.start)
    months = forecast.month_labels
    errors: list[FieldError] = []

    sites = set(catalog.sites)
    for n, cap in enumerate(constraints.power_caps):
        if cap.site not in sites:
            errors.append(
                FieldError(
                    f"constraints.power_caps[{n}].site",
                    f"unknown site {cap.site!r}; the catalog's sites: {', '.join(sorted(sites))}",
                )
            )
    vendors = {slugify(o.vendor): o.vendor for o in catalog.offers}
    for n, vendor in enumerate(constraints.exclude_vendors):
        if slugify(vendor) not in vendors:
            errors.append(
                FieldError(
                    f"constraints.exclude_vendors[{n}]",
                    f"unknown vendor {vendor!r}; the catalog's vendors: "
                    + ", ".join(sorted(vendors.values())),
                )
            )
    for w, workload in enumerate(forecast.workloads):
        for n, vendor in enumerate(workload.vendors or ()):
            if slugify(vendor) not in vendors:
                errors.append(
                    FieldError(
                        f"forecast.workloads[{w}].vendors[{n}]",
                        f"unknown vendor {vendor!r}; the catalog's vendors: "
                        + ", ".join(sorted(vendors.values())),
                    )
                )
    offers_by_id = {o.id: o for o in catalog.offers}
    for n, existing in enumerate(request.existing):
        if existing.offer_id not in offers_by_id:
            errors.append(
                FieldError(
                    f"existing[{n}].offer_id",
                    f"unknown offer {existing.offer_id!r}; see GET /catalog/offers",
                )
            )
    models = catalog.models()
    for w, workload in enumerate(forecast.workloads):
        if workload.model not in models:
            errors.append(
                FieldError(
                    f"forecast.workloads[{w}].model",
                    f"no profile serves {workload.model!r}; the catalog's models: "
                    + ", ".join(models),
                )
            )
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) with the plan request", errors)

    power_caps: dict[str, list[float]] = {}
    for n, cap in enumerate(constraints.power_caps):
        values = _per_month(cap.mw, horizon, f"constraints.power_caps[{n}].mw")
        previous = power_caps.get(cap.site)
        power_caps[cap.site] = (
            values
            if previous is None
            else [min(a, b) for a, b in zip(previous, values, strict=True)]
        )
    total_power = (
        None
        if constraints.total_power_mw is None
        else _per_month(constraints.total_power_mw, horizon, "constraints.total_power_mw")
    )

    systems = {s.id: s for s in catalog.systems}
    profiles = list(catalog.profiles)
    excluded = {slugify(v) for v in constraints.exclude_vendors}

    existing_units: dict[str, list[float]] = {}
    for existing in request.existing:
        units = existing_units.setdefault(existing.offer_id, [0.0] * horizon)
        begin = month_index(existing.start) - first
        for t in range(max(0, begin), min(horizon, begin + existing.term_months)):
            units[t] += existing.units

    specs: list[OfferSpec] = []
    for offer in catalog.offers:
        if slugify(offer.vendor) in excluded and offer.id not in existing_units:
            continue
        system = systems.get(offer.system_id)
        if system is None:
            continue
        start = 0
        if offer.available_from is not None:
            start = max(0, month_index(offer.available_from) - first)
        if slugify(offer.vendor) in excluded:
            start = horizon  # keep what is owned, buy no more
        specs.append(
            OfferSpec(
                offer=offer,
                system=system,
                kw_per_gpu=offer.power_kw_per_gpu or system.power_kw_per_gpu,
                first_start=start,
                existing=existing_units.get(offer.id, [0.0] * horizon),
            )
        )

    workloads = [
        WorkloadSpec(
            workload=w,
            average=w.demand(horizon),
            required=[v * w.peak_to_average for v in w.demand(horizon)],
        )
        for w in forecast.workloads
    ]

    rates: dict[tuple[int, int], Rate] = {}
    for o, spec in enumerate(specs):
        for w, wspec in enumerate(workloads):
            rate = eligible_rate(
                spec.offer, wspec.workload, profiles, allow_spot=options.allow_spot
            )
            if rate is not None:
                rates[(o, w)] = rate

    for w, wspec in enumerate(workloads):
        serving = [o for (o, ww) in rates if ww == w]
        if not serving and any(v > 0 for v in wspec.required):
            errors.append(_unservable(w, wspec.workload, specs, profiles, options.allow_spot))
            continue
        for t, need in enumerate(wspec.required):
            if need > 0 and not any(
                specs[o].first_start <= t or specs[o].existing[t] > 0 for o in serving
            ):
                starts = sorted({specs[o].offer.available_from or "" for o in serving} - {""})
                errors.append(
                    FieldError(
                        f"forecast.workloads[{w}].tokens_per_second",
                        f"month {months[t]} has demand but no eligible offer is available yet "
                        f"(earliest: {', '.join(starts) or 'none'})",
                    )
                )
                break
    if errors:
        raise InvalidInput(f"{len(errors)} workload(s) cannot be served", errors)

    used = {o for (o, _) in rates} | {o for o, s in enumerate(specs) if any(s.existing)}
    currencies = sorted({specs[o].offer.currency for o in used})
    if len(currencies) > 1:
        raise InvalidInput.one(
            "forecast.workloads",
            "the eligible offers are priced in more than one currency ("
            + ", ".join(currencies)
            + "); one plan uses one currency: restrict `vendors` or `regions`",
        )

    return Instance(
        catalog_revision=catalog.revision,
        months=months,
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
    )


def _unservable(
    w: int, workload: Workload, specs: list[OfferSpec], profiles: list[Profile], allow_spot: bool
) -> FieldError:
    relaxed = Workload(
        id=workload.id,
        model=workload.model,
        isl=workload.isl,
        osl=workload.osl,
        slo=type(workload.slo)(min_interactivity=1e-9, max_ttft_ms=workload.slo.max_ttft_ms),
        tokens_per_second=0.0,
        precisions=workload.precisions,
        vendors=workload.vendors,
        regions=workload.regions,
        bases=workload.bases,
    )
    best = max(
        (
            reach(spec.offer, workload, profiles) or 0.0
            for spec in specs
            if why_ineligible(spec.offer, relaxed, profiles, allow_spot=allow_spot) is None
        ),
        default=0.0,
    )
    if best > 0:
        message = (
            f"no offer reaches {workload.slo.min_interactivity:g} tok/s/user for "
            f"{workload.model} {workload.isl}/{workload.osl}; the best any offer reaches is "
            f"{best:g}"
        )
    else:
        message = (
            f"no eligible offer serves {workload.model} at {workload.isl}/{workload.osl} "
            "with the allowed precisions, bases, vendors and regions"
        )
    return FieldError(f"forecast.workloads[{w}].slo.min_interactivity", message)


def units_upper_bound(instance: Instance, o: int, start: int, need_from: int | None = None) -> int:
    """Units of one contract that can ever be useful: enough to serve, alone, every eligible
    workload's peak from `need_from` (default `start`) to the contract's end, within the power
    caps and `max_units` over the months it is active."""
    spec = instance.offers[o]
    capacity_per_unit = spec.gpus_per_unit * instance.utilization_cap
    end = min(instance.horizon, start + spec.term)
    need_months = range(start if need_from is None else need_from, end)
    if instance.max_vendor_share is not None:
        # Under a vendor-share rule idle units can pay for themselves by diluting another
        # vendor's share, so no month's need bounds them. Rule of the model (DESIGN is
        # silent): an offer never holds more units than it would need alone at the horizon's
        # peak, in any month.
        need_months = range(instance.horizon)
    need = 0.0
    for t in need_months:
        month_need = sum(
            wspec.required[t] / (instance.rates[(o, w)].per_gpu * capacity_per_unit)
            for w, wspec in enumerate(instance.workloads)
            if (o, w) in instance.rates
        )
        need = max(need, month_need)
    bound = math.ceil(need - 1e-9)
    if spec.offer.min_units is not None:
        if instance.max_vendor_share is not None:
            bound += spec.offer.min_units - 1  # room to pad a minimum for the share rule
        bound = max(bound, spec.offer.min_units)
    if spec.offer.max_units is not None:
        bound = min(bound, spec.offer.max_units)
    caps = instance.power_caps.get(spec.offer.site_key)
    limits = [caps[t] for t in range(start, end)] if caps else []
    if instance.total_power_mw is not None:
        limits += [instance.total_power_mw[t] for t in range(start, end)]
    if limits:
        bound = min(bound, math.floor(1000.0 * min(limits) / spec.kw_per_unit + 1e-9))
    return max(bound, 0)


def _covers_like(instance: Instance, a: OfferSpec, b: OfferSpec) -> bool:
    """True when contracts of `a` can cover exactly the months a contract of `b` covers, at a
    counted cost no higher month for month."""
    if a.term == 1:
        return True  # month to month replicates any coverage
    if a.term == b.term:
        return True
    if instance.accounting == "in_horizon":
        # Both run to the horizon's end from any start they may take: the same counted months.
        earliest = min(a.first_start, b.first_start)
        return min(a.term, b.term) >= instance.horizon - earliest
    return False


def _interchangeable(instance: Instance, a: int, b: int) -> bool:
    """What two offers must share for `a` to stand in for `b`: no existing units of `b`, no
    minimum or limit on `a`, `a` available no later and covering the same months, no power cap
    at `a`'s site unless it is `b`'s, no vendor-share rule unless the vendor is the same."""
    sa, sb = instance.offers[a], instance.offers[b]
    oa, ob = sa.offer, sb.offer
    if any(sb.existing) or oa.min_units is not None or oa.max_units is not None:
        return False
    if sa.first_start > sb.first_start or not _covers_like(instance, sa, sb):
        return False
    if oa.site_key != ob.site_key and oa.site_key in instance.power_caps:
        return False
    return instance.max_vendor_share is None or slugify(oa.vendor) == slugify(ob.vendor)


def _dominates(instance: Instance, a: int, b: int) -> bool:
    """Offer `a` can replace offer `b` in any plan at no higher cost, power or risk: GPU for GPU
    (`a`'s unit divides `b`'s; no dearer, hungrier or slower per GPU), or unit for unit (`a`'s
    unit no dearer, no hungrier and no smaller in throughput for every workload of `b`)."""
    if not _interchangeable(instance, a, b):
        return False
    sa, sb = instance.offers[a], instance.offers[b]
    workloads = {w for (o, w) in instance.rates if o == b}
    if any((a, w) not in instance.rates for w in workloads):
        return False

    def per(spec: OfferSpec, o: int, w: int, unit: bool) -> float:
        return instance.rates[(o, w)].per_gpu * (spec.gpus_per_unit if unit else 1)

    by_gpu = (
        sb.gpus_per_unit % sa.gpus_per_unit == 0
        and sa.offer.price_per_gpu_hour <= sb.offer.price_per_gpu_hour
        and sa.kw_per_gpu <= sb.kw_per_gpu
        and all(per(sa, a, w, False) >= per(sb, b, w, False) for w in workloads)
    )
    by_unit = (
        sa.month_cost_per_unit <= sb.month_cost_per_unit
        and sa.kw_per_unit <= sb.kw_per_unit
        and all(per(sa, a, w, True) >= per(sb, b, w, True) for w in workloads)
    )
    return by_gpu or by_unit


def prune_dominated(instance: Instance) -> tuple[Instance, dict[str, str]]:
    """The instance without offers another offer dominates (see `_dominates`: GPU for GPU or
    unit for unit no dearer, no hungrier, no slower, covering the same months, and nothing in
    the request, a cap, a vendor rule, a minimum or a limit, telling them apart).

    Returns the pruned instance and, for each removed offer, the offer that dominates it.
    """
    order = sorted(
        {o for (o, _w) in instance.rates},
        key=lambda o: (
            instance.offers[o].offer.price_per_gpu_hour,
            instance.offers[o].kw_per_gpu,
            instance.offers[o].id,
        ),
    )
    kept: list[int] = []
    removed: dict[str, str] = {}
    for b in order:
        winner = next((a for a in kept if _dominates(instance, a, b)), None)
        if winner is None:
            kept.append(b)
        else:
            removed[instance.offers[b].id] = instance.offers[winner].id
    # A unit-for-unit dominator can come later in the per-GPU order: a second pass, in which
    # an offer goes only to one that is kept and not dominated by it in turn.
    for b in list(kept):
        winner = next(
            (
                a
                for a in kept
                if a != b and _dominates(instance, a, b) and not _dominates(instance, b, a)
            ),
            None,
        )
        if winner is not None:
            kept.remove(b)
            removed[instance.offers[b].id] = instance.offers[winner].id
    allowed: dict[int, set[int]] = {}
    for o, w in instance.rates:
        if instance.offers[o].id not in removed:
            allowed.setdefault(w, set()).add(o)
    return instance.restricted(allowed), removed


def check_size(instance: Instance) -> None:
    """Refuse a model too large to stop.

    Raises:
        InvalidInput: on `forecast`, with the estimated columns and how to shrink the model.
    """
    offers = len({o for (o, _) in instance.rates})
    columns = (len(instance.rates) + offers) * instance.horizon
    if columns > MAX_COLUMNS:
        raise InvalidInput.one(
            "forecast",
            f"the model would have about {columns:,} columns; at most {MAX_COLUMNS:,} are "
            "solved (HiGHS cannot be stopped inside presolve beyond that): plan fewer months, "
            "fewer workloads, or narrow the offers with `vendors`, `regions` or `precisions`",
        )


def prepare_for_solve(
    catalog: Catalog, request: PlanRequest, forecast: Forecast
) -> tuple[Instance, Instance, dict[str, str]]:
    """`prepare`, then drop dominated offers and refuse a model too large to stop.

    Returns the full instance (the baselines choose from it), the pruned one (the plan is
    solved on it) and the dominated offers with their dominators.
    """
    full = prepare(catalog, request, forecast)
    pruned, dominated = prune_dominated(full)
    check_size(pruned)
    return full, pruned, dominated
