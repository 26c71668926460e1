"""The pre-checks of DESIGN section 3 that turn a request the catalog cannot answer into a clear
error naming the field: unknown names, and workloads no offer can serve."""

from __future__ import annotations

from catalog.errors import FieldError, InvalidInput, known
from catalog.model import Catalog, slugify
from optimizer.request import Forecast, PlanRequest, month_index, month_label

__all__ = ["check_existing_dates", "check_names"]


def _unknown_vendor(where: str, vendor: str, vendors: dict[str, str]) -> FieldError:
    return FieldError(
        where,
        f"unknown vendor {vendor!r}; the catalog's vendors: {known(set(vendors.values()))}",
    )


def check_names(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> None:
    """Every site, vendor, offer and model the request names exists in the catalog.

    Raises:
        InvalidInput: one field error per unknown name, with the valid ones.
    """
    errors: list[FieldError] = []
    sites = set(catalog.sites)
    first: dict[str, int] = {}
    for n, cap in enumerate(request.constraints.power_caps):
        if first.setdefault(cap.site, n) != n:
            # Which would hold, and whose marginal is it? One cap per site (probe 15 L4: the
            # tighter held, silently).
            errors.append(
                FieldError(
                    f"constraints.power_caps[{n}].site",
                    f"site {cap.site!r} has a cap already (constraints.power_caps"
                    f"[{first[cap.site]}]): give one cap per site, its `mw` a list of monthly "
                    "values where it changes",
                )
            )
        elif cap.site not in sites:
            errors.append(
                FieldError(
                    f"constraints.power_caps[{n}].site",
                    f"unknown site {cap.site!r}; the catalog's sites: {known(sites)}",
                )
            )
    # GPU and per-token API vendors alike: an API provider can be excluded or required too.
    vendors = {slugify(o.vendor): o.vendor for o in catalog.offers}
    vendors |= {slugify(a.vendor): a.vendor for a in catalog.api_offers}
    for n, vendor in enumerate(request.constraints.exclude_vendors):
        if slugify(vendor) not in vendors:
            errors.append(_unknown_vendor(f"constraints.exclude_vendors[{n}]", vendor, vendors))
    for w, workload in enumerate(forecast.workloads):
        for n, vendor in enumerate(workload.vendors or ()):
            if slugify(vendor) not in vendors:
                where = f"forecast.workloads[{w}].vendors[{n}]"
                errors.append(_unknown_vendor(where, vendor, vendors))
    currency_of = {o.id: o.currency for o in catalog.offers}
    life_of = {o.id: o.tco.life_months for o in catalog.offers if o.tco is not None}
    api_ids = {a.id for a in catalog.api_offers}
    wanted = request.options.currency
    for n, existing in enumerate(request.existing):
        priced_in = currency_of.get(existing.offer_id)
        if wanted is not None and priced_in is not None and priced_in != wanted:
            # What is owned cannot be left out as another currency's offers are.
            message = (
                f"{existing.offer_id!r} is priced in {priced_in}, not options.currency "
                f"{wanted}, and one plan uses one currency: set options.currency to "
                f"{priced_in}, or leave this commitment out"
            )
        elif existing.offer_id in api_ids:
            message = (
                f"{existing.offer_id!r} is a per-token API offer: tokens are bought as used, "
                "with no units or term to hold; `existing` lists GPU commitments and owned "
                "hardware (offers of another kind in GET /catalog/offers)"
            )
        elif priced_in is None:
            message = f"unknown offer {existing.offer_id!r}; see GET /catalog/offers"
        else:
            continue
        errors.append(FieldError(f"existing[{n}].offer_id", message))
    for n, existing in enumerate(request.existing):
        life = life_of.get(existing.offer_id)
        if life is not None and existing.term_months != life:
            # Hardware from its parts is paid over its life and sold at its end for its
            # residual share (catalog.payments), as the catalog's `tco` rule says of offers:
            # held for another term, its cash and its amortised cost would not agree.
            message = (
                f"{existing.offer_id!r} is owned hardware paid over its {life}-month life "
                f"(its `tco.life_months`), so it is held for {life} months, not "
                f"{existing.term_months}: give term_months {life}"
            )
            errors.append(FieldError(f"existing[{n}].term_months", message))
    # A model only an API sells is a model too (tokens bought, nothing built).
    models = sorted({*catalog.models(), *(a.model for a in catalog.api_offers)})
    for w, workload in enumerate(forecast.workloads):
        if workload.model not in models:
            errors.append(
                FieldError(
                    f"forecast.workloads[{w}].model",
                    f"no profile or API offer serves {workload.model!r}; the catalog's models: "
                    + known(models),
                )
            )
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) with the plan request", errors)


def check_existing_dates(request: PlanRequest, forecast: Forecast, span: int) -> None:
    """Every existing commitment holds units in the months the plan models (the horizon, and
    with `demand_continues` its tail: `span` months from the forecast's start). One that ended
    before the start, or starts after the last modelled month, adds nothing to the plan (DESIGN:
    a start may precede the horizon, and the units are active): most likely a mistyped start
    or term.

    Raises:
        InvalidInput: naming `existing[n].start` of each such commitment, with its months.
    """
    first = month_index(forecast.start)
    last = first + span - 1
    errors = []
    for n, existing in enumerate(request.existing):
        begin = month_index(existing.start)
        end = begin + existing.term_months - 1
        when = f"{existing.offer_id!r} from {existing.start} for {existing.term_months} months"
        if end < first:
            message = (
                f"{when} ended {month_label(end)}, before the forecast starts ({forecast.start}): "
                "it has no units in the plan; correct its start or term, or leave it out"
            )
        elif begin > last:
            message = (
                f"{when} starts after {month_label(last)}, the last month the plan models "
                f"(the {forecast.months}-month horizon"
                + (
                    f" and {span - forecast.months} months of continued demand"
                    if span > forecast.months
                    else ""
                )
                + "): it has no units in the plan; correct its start, lengthen the forecast, or "
                "leave it out"
            )
        else:
            continue
        errors.append(FieldError(f"existing[{n}].start", message))
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) with the plan request", errors)
