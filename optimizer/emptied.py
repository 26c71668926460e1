"""Which field of a plan request left a workload with no offer: the request's filters applied
one by one, in order, to the offers that serve its model and shape, the first to leave none
named (a region no offer is in is the region's fault, not the SLO's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from catalog.api_offer import ApiOffer
from catalog.errors import FieldError, InvalidInput, known
from catalog.frontier import best_interactivity, usable_points
from catalog.model import Offer, Point, Profile
from optimizer.eligibility import Rate, names_match, slug_set
from optimizer.request import PlanRequest, Workload

if TYPE_CHECKING:
    from optimizer.instance import OfferSpec, WorkloadSpec

__all__ = ["check_servable", "emptied_by", "filtered_empty"]


def _any_api(_offer: ApiOffer) -> bool:
    return True


def _api_vendor(offer: ApiOffer) -> str:
    return offer.vendor


@dataclass(frozen=True)
class _Filter:
    """One filter of the request: the field that sets it, what it keeps (of the GPU offers,
    and of the API offers: only vendors and regions filter those), and how to say what the
    offers it removed had instead."""

    field: str
    keeps: Callable[[Offer], bool]
    said: str
    had: Callable[[Offer], str]
    keeps_api: Callable[[ApiOffer], bool] = _any_api
    had_api: Callable[[ApiOffer], str] = _api_vendor


def _points(
    offer: Offer, profiles: list[Profile], precisions: tuple[str, ...] | None
) -> list[Point]:
    return [
        point
        for p in profiles
        if p.system_id == offer.system_id and (precisions is None or p.precision in precisions)
        for point in p.points
    ]


def _filters(
    w: int, workload: Workload, profiles: list[Profile], allow_spot: bool, excluded: set[str]
) -> list[_Filter]:
    at = f"forecast.workloads[{w}]"
    shaped = [p for p in profiles if (p.model, p.isl, p.osl) == _shape(workload)]
    vendors, regions = slug_set(workload.vendors), slug_set(workload.regions)

    def points(offer: Offer) -> list[Point]:
        return _points(offer, shaped, workload.precisions)

    def usable(offer: Offer, *, ttft: bool) -> list[Point]:
        return usable_points(
            points(offer),
            bases=workload.bases,
            supports=offer.supports,
            max_ttft_ms=workload.slo.max_ttft_ms if ttft else None,
        )

    def precisions(offer: Offer) -> str:
        return "/".join(sorted({p.precision for p in shaped if p.system_id == offer.system_id}))

    def bases(offer: Offer) -> str:
        return "/".join(sorted({p.basis for p in _points(offer, shaped, None)}))

    def kept_vendor(vendor: str) -> bool:
        return not excluded or not names_match(vendor, excluded)

    def api_region(offer: ApiOffer) -> bool:
        return regions is None or any(names_match(r, regions) for r in offer.regions or ())

    return [
        _Filter(
            "constraints.exclude_vendors",
            lambda o: kept_vendor(o.vendor),
            f"excluding {sorted(excluded)}",
            lambda o: o.vendor,
            lambda a: kept_vendor(a.vendor),
        ),
        _Filter(
            f"{at}.vendors",
            lambda o: names_match(o.vendor, vendors),
            f"vendors {list(workload.vendors or ())}",
            lambda o: o.vendor,
            lambda a: names_match(a.vendor, vendors),
        ),
        _Filter(
            f"{at}.regions",
            lambda o: names_match(o.region, regions),
            f"regions {list(workload.regions or ())}",
            lambda o: o.region,
            api_region,
            lambda a: "/".join(a.regions or ()) or "no region stated",
        ),
        _Filter(
            "options.allow_spot",
            lambda o: allow_spot or o.kind != "spot",
            "allow_spot false (spot capacity is preemptible)",
            lambda o: o.kind,
        ),
        _Filter(
            f"{at}.precisions",
            lambda o: bool(points(o)),
            f"precisions {list(workload.precisions or ())}",
            precisions,
        ),
        _Filter(
            f"{at}.bases",
            lambda o: bool(
                usable_points(points(o), bases=workload.bases, supports=None, max_ttft_ms=None)
            ),
            f"bases {list(workload.bases or ())}",
            bases,
        ),
        _Filter(
            f"{at}.slo.max_ttft_ms",
            lambda o: bool(usable(o, ttft=True)) or not usable(o, ttft=False),
            f"a TTFT of at most {workload.slo.max_ttft_ms or 0:g} ms",
            lambda o: f"{o.id} (no point within it)",
        ),
    ]


def _shape(workload: Workload) -> tuple[str, int, int]:
    return (workload.model, workload.isl, workload.osl)


def _unshaped(w: int, workload: Workload, profiles: list[Profile]) -> FieldError:
    """No profile of the model at the workload's shape: the isl, or the osl when some profile
    has the isl, is named, with the shapes there are."""
    shapes = {(p.isl, p.osl) for p in profiles if p.model == workload.model}
    field = "osl" if any(isl == workload.isl for isl, _ in shapes) else "isl"
    listed = known({f"{isl}/{osl}" for isl, osl in shapes})
    message = (
        f"no offer serves {workload.model} at {workload.isl}/{workload.osl}; the catalog's "
        f"shapes for {workload.model}: {listed}"
    )
    return FieldError(f"forecast.workloads[{w}].{field}", message)


def _first_emptying(
    w: int,
    workload: Workload,
    offers: list[Offer],
    apis: list[ApiOffer],
    profiles: list[Profile],
    *,
    allow_spot: bool,
    exclude_vendors: tuple[str, ...],
    priced: str = "",
) -> tuple[FieldError | None, list[Offer]]:
    """The request's filters applied in order to `offers` (those serving the workload's model
    and shape) and `apis` (its model's): the error naming the first that leaves none, else
    None, with the GPU offers every filter keeps. `priced` says which offers they are."""
    excluded = slug_set(exclude_vendors) or set()
    remaining, apis_left = offers, apis
    for step in _filters(w, workload, profiles, allow_spot, excluded):
        kept = [o for o in remaining if step.keeps(o)]
        apis_kept = [a for a in apis_left if step.keeps_api(a)]
        if not kept and not apis_kept:
            had = {step.had(o) for o in remaining} | {step.had_api(a) for a in apis_left}
            message = (
                f"{step.said} leaves none of the {len(remaining) + len(apis_left):,} "
                f"offer(s){priced} that serve {workload.model} {workload.isl}/{workload.osl} "
                f"with the filters before it (they have: {known(had)})"
            )
            return FieldError(step.field, message), []
        remaining, apis_left = kept, apis_kept
    return None, remaining


def filtered_empty(
    w: int,
    workload: Workload,
    offers: Sequence[Offer],
    apis: Sequence[ApiOffer],
    profiles: list[Profile],
    *,
    allow_spot: bool,
    exclude_vendors: tuple[str, ...],
    priced: str = "",
) -> FieldError | None:
    """The error naming the first filter of the request that leaves none of `offers` (GPU)
    and `apis` serving workload `w` (in emptied_by's order), None when none of them serves
    its model and shape, or when the filters leave some (review 11 finding F: a currency's
    offers all removed by exclude_vendors are the exclusion's doing)."""
    systems = {p.system_id for p in profiles if (p.model, p.isl, p.osl) == _shape(workload)}
    shaped = [o for o in offers if o.system_id in systems]
    models = [a for a in apis if a.model == workload.model]
    if not shaped and not models:
        return None
    error, _ = _first_emptying(
        w,
        workload,
        shaped,
        models,
        profiles,
        allow_spot=allow_spot,
        exclude_vendors=exclude_vendors,
        priced=priced,
    )
    return error


def emptied_by(
    w: int,
    workload: Workload,
    offers: Sequence[Offer],
    profiles: list[Profile],
    *,
    allow_spot: bool,
    exclude_vendors: tuple[str, ...],
    currency: str | None = None,
) -> FieldError:
    """The error for workload `w` that no offer serves: the first filter of the request that
    leaves none of the `offers` serving its model and shape, with what those offers had; else
    the SLO, with the best interactivity any remaining offer reaches; else (an offer in
    another currency would serve) `options.currency`."""
    systems = {p.system_id for p in profiles if (p.model, p.isl, p.osl) == _shape(workload)}
    remaining = [o for o in offers if o.system_id in systems]
    if not remaining:
        return _unshaped(w, workload, profiles)
    error, remaining = _first_emptying(
        w, workload, remaining, [], profiles, allow_spot=allow_spot, exclude_vendors=exclude_vendors
    )
    if error is not None:
        return error
    shaped = [p for p in profiles if (p.model, p.isl, p.osl) == _shape(workload)]
    best = max(
        (
            best_interactivity(
                usable_points(
                    _points(o, shaped, workload.precisions),
                    bases=workload.bases,
                    supports=o.supports,
                    max_ttft_ms=workload.slo.max_ttft_ms,
                )
            )
            or 0.0
            for o in remaining
        ),
        default=0.0,
    )
    if best == 0:
        message = (
            f"no point of {workload.model} {workload.isl}/{workload.osl} runs on the features "
            f"the remaining offers support ({known({o.id for o in remaining})})"
        )
        return FieldError(f"forecast.workloads[{w}]", message)
    if best >= workload.slo.min_interactivity:
        others = known({o.currency for o in remaining})
        message = (
            f"no offer priced in {currency} serves workload {workload.id!r} ({workload.model} "
            f"{workload.isl}/{workload.osl}); offers priced in {others} do"
        )
        return FieldError("options.currency", message)
    message = (
        f"no offer reaches {workload.slo.min_interactivity:g} tok/s/user for "
        f"{workload.model} {workload.isl}/{workload.osl}; the best any offer reaches is {best:g}"
    )
    return FieldError(f"forecast.workloads[{w}].slo.min_interactivity", message)


def check_servable(
    specs: list[OfferSpec],
    workloads: list[WorkloadSpec],
    rates: dict[tuple[int, int], Rate],
    profiles: list[Profile],
    request: PlanRequest,
    months: list[str],
    bought: set[int],
    offers: Sequence[Offer],
) -> None:
    """A workload no offer (GPU or API: `bought`) serves is an error naming the field that
    left none of the catalog's `offers` (`emptied_by`); a month none is available yet is one
    naming the workload's demand."""
    errors: list[FieldError] = []
    for w, wspec in enumerate(workloads):
        serving = [o for (o, ww) in rates if ww == w]
        if w in bought:
            continue  # an API sells tokens from the first month
        if not serving and any(v > 0 for v in wspec.required):
            errors.append(
                emptied_by(
                    w,
                    wspec.workload,
                    offers,
                    profiles,
                    allow_spot=request.options.allow_spot,
                    currency=request.options.currency,
                    exclude_vendors=request.constraints.exclude_vendors,
                )
            )
            continue
        for t, need in enumerate(wspec.required[: len(months)]):
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
