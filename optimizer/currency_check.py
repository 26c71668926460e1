"""The pre-check that blames `options.currency` when it is why a workload cannot be served: no
offer priced in that currency serves it, though offers in another currency would (a plan, and
a crossover, uses one currency; there are no exchange rates in the catalog)."""

from __future__ import annotations

from catalog.errors import FieldError, InvalidInput
from catalog.model import Catalog
from optimizer.api_eligibility import api_why_ineligible
from optimizer.eligibility import why_ineligible
from optimizer.emptied import filtered_empty
from optimizer.request import Forecast, PlanRequest, Workload

__all__ = ["check_currency_serves"]


def _currencies_serving(catalog: Catalog, request: PlanRequest, workload: Workload) -> set[str]:
    """The currencies of the offers (GPU and API) eligible for `workload` under the request's
    vendors, regions, SLO and options, whatever their currency."""
    options, excluded = request.options, request.constraints.exclude_vendors
    profiles = list(catalog.profiles)
    gpus = {
        offer.currency
        for offer in catalog.offers
        if why_ineligible(
            offer, workload, profiles, allow_spot=options.allow_spot, exclude_vendors=excluded
        )
        is None
    }
    apis = {
        api.currency
        for api in catalog.api_offers
        if api_why_ineligible(
            api, workload, trust_latency=options.trust_api_latency, exclude_vendors=excluded
        )
        is None
    }
    return gpus | apis


def check_currency_serves(catalog: Catalog, request: PlanRequest, forecast: Forecast) -> None:
    """With `options.currency` set, every workload with demand that an offer in another
    currency would serve is served by one in this currency (a request holding commitments is
    left to the later checks: its offers join the plan in any currency).

    Raises:
        InvalidInput: for each such workload, naming the filter that removed every offer in
        this currency serving its model and shape (in `optimizer.emptied`'s order:
        exclude_vendors, the workload's vendors, regions, ...), else `options.currency`, with
        the currencies that would serve it.
    """
    wanted = request.options.currency
    if wanted is None:
        return
    owned = {e.offer_id for e in request.existing}
    errors = []
    for w, workload in enumerate(forecast.workloads):
        if owned or not any(v > 0 for v in workload.demand(forecast.months)):
            continue
        serving = _currencies_serving(catalog, request, workload)
        if not serving or wanted in serving:
            continue
        filtered = filtered_empty(
            w,
            workload,
            [o for o in catalog.offers if o.currency == wanted],
            [a for a in catalog.api_offers if a.currency == wanted],
            list(catalog.profiles),
            allow_spot=request.options.allow_spot,
            exclude_vendors=request.constraints.exclude_vendors,
            priced=f" priced in {wanted}",
        )
        others = ", ".join(sorted(serving))
        if filtered is not None:
            errors.append(
                FieldError(
                    filtered.field, f"{filtered.message}; offers priced in {others} serve it"
                )
            )
        else:
            message = (
                f"no offer priced in {wanted} serves workload {workload.id!r} "
                f"({workload.model} {workload.isl}/{workload.osl}); offers priced in "
                f"{others} do: choose one of those, or leave the currency "
                "out (a plan uses one currency)"
            )
            errors.append(FieldError("options.currency", message))
    if errors:
        raise InvalidInput(f"{len(errors)} workload(s) cannot be served", errors)
