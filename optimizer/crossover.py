"""The crossover (DESIGN 8.2): cost per month against steady demand for one workload, bought
from its APIs (the cheapest first, each up to its rate limit: optimizer/crossover_buy.py),
built on its best single GPU offer, and as the plan's own mix (a one-month plan at each
level), with the demand from which building beats buying.

Whole replicas and whole units make small demand dear on GPUs: a GB300 rack costs the same
for 1 tok/s as for the 334,944 tok/s its one 48-GPU replica serves, while an API bills by the
token. One block of `B` per month against an API at `p` per million tokens breaks even at
`B / (2.628 * p)` tokens/s, when one block serves that much. An API sells no more than its
rate limit (`max_tokens_per_minute`, bought for the peak): beyond it the next cheapest API
sells the rest, as a plan of those APIs buys them, and beyond all their limits together
buying alone cannot serve the demand: the buy line stops there.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, NamedTuple

import msgspec
from msgspec import Meta, Struct

from catalog.economics import cost_per_million_tokens
from catalog.errors import FieldError, InvalidInput
from catalog.fields import Currency
from catalog.frontier import Operating
from catalog.model import Catalog, Input
from optimizer.api_eligibility import API_MONTH
from optimizer.crossover_buy import Api, apis_by_price, break_even, buy_cost, most_bought
from optimizer.instance import Instance, prepare
from optimizer.packing import Packed, packed_rate
from optimizer.planner import make_plan
from optimizer.price_trust import (
    PriceDate,
    basis_warning,
    price_checks,
    price_date,
    ttft_checked,
    ttft_warning,
)
from optimizer.request import Constraints, Forecast, Options, PlanRequest, Replicas, Workload

__all__ = [
    "DEFAULT_LEVELS",
    "Crossover",
    "CrossoverPoint",
    "CrossoverRequest",
    "buyable_crossover",
    "crossover",
    "plan_within",
]

DEFAULT_LEVELS: tuple[float, ...] = (
    1e3, 3e3, 1e4, 3e4, 1e5, 2e5, 3e5, 5e5, 1e6, 3e6, 1e7
)  # fmt: skip
"""Tokens/s from a pilot to a large fleet, about three per decade."""


class CrossoverRequest(Input, frozen=True, kw_only=True):
    """One workload (its demand is each level in turn) and the levels, in tokens/s."""

    workload: Workload
    levels: Annotated[
        tuple[Annotated[float, Meta(gt=0, le=1e9)], ...], Meta(min_length=1, max_length=40)
    ] = DEFAULT_LEVELS
    trust_api_latency: bool = False
    mix: bool = True
    """Solve the plan's mix at every level (a one-month plan each); off, only the two lines."""
    replicas: Replicas = "whole"
    """As a plan's option: the GPU line and the mix buy whole replicas on whole units, or
    (`fractional`) a divisible deployment."""
    currency: Currency | None = None
    """As a plan's option: only the offers priced in this currency (ISO 4217); default: the
    eligible offers' one currency."""


class CrossoverPoint(Struct, frozen=True, kw_only=True):
    """Cost per month at one steady demand."""

    tokens_per_second: float
    best_api: float | None
    best_gpu: float | None
    gpu_units: int | None
    """Units of the best GPU offer whole replicas need at this demand."""
    mix: float | None = None
    mix_api_share: float | None = None
    """Share of the mix's tokens bought from APIs."""


class Crossover(Struct, frozen=True, kw_only=True):
    """The crossover table of one workload, and where building starts to beat buying."""

    workload_id: str
    currency: str
    best_api_offer_id: str | None
    """The cheapest API, the first the buy line buys from."""
    best_api_price_per_million_tokens: float | None
    best_gpu_offer_id: str | None
    best_gpu_cost_per_million_tokens: float | None
    """On the GPUs its replicas use, at the SLO."""
    gpu_block_cost_per_month: float | None
    gpu_block_tokens_per_second: float | None
    break_even_tokens_per_second: float | None
    """Least demand at which the best GPU offer costs less per month than the best API (None:
    never, or no API or GPU offer)."""
    note: str
    points: tuple[CrossoverPoint, ...]
    mix_builds_from: float | None = None
    """The least level at which the plan's mix builds anything (None: it buys at every
    level, or the mix was not solved)."""
    best_api_max_tokens_per_second: float | None = None
    """The most steady demand the best (cheapest) API can sell under its rate limit, at the
    workload's peak-to-average (None: no limit)."""
    buy_offer_ids: tuple[str, ...] = ()
    """The APIs the buy line (`best_api`) buys from, the cheapest first, each up to its rate
    limit before the next (none after the first without a limit)."""
    buy_max_tokens_per_second: float | None = None
    """The most steady demand those APIs sell together under their rate limits (None: no
    limit, or no API); `best_api` is None at the levels beyond it."""
    warnings: tuple[str, ...] = ()
    """How far to trust the offers the conclusion rests on (the best GPU offer and the APIs
    of the buy line), as rankings and quotes say it: prices that are estimates, illustrative
    or stale, throughput that is not a measurement, a TTFT target unchecked."""

    def mix_said(self) -> str | None:
        """Where the plan's mix starts building, as far as the levels solved tell: at or below
        the least level when it builds there already, else between the last level at which it
        buys alone and the first at which it builds (None: `mix_builds_from` is None)."""
        if self.mix_builds_from is None:
            return None
        levels = [p.tokens_per_second for p in self.points]
        at = levels.index(self.mix_builds_from)
        if at == 0:
            return (
                f"the plan's mix builds at or below {self.mix_builds_from:,.0f} tok/s "
                "(the least level solved)"
            )
        return (
            f"the plan's mix buys alone at {levels[at - 1]:,.0f} tok/s and builds at "
            f"{self.mix_builds_from:,.0f} tok/s (the levels between were not solved)"
        )


def _options(request: CrossoverRequest) -> Options:
    """The one-month plans' options: the month counted alone, as amortised cost."""
    return Options(
        commitment_accounting="in_horizon",
        trust_api_latency=request.trust_api_latency,
        replicas=request.replicas,
        currency=request.currency,
    )


def _instance(
    catalog: Catalog, workload: Workload, options: Options, within: Constraints
) -> Instance:
    """The one-month plan instance of `workload` under `within`.

    Raises:
        InvalidInput: naming the request's own fields (`workload.model` and `currency`, not
        the `forecast.workloads[0].model` and `options.currency` of the plan request built
        here).
    """
    forecast = Forecast(name="crossover", start="2027-01", months=1, workloads=(workload,))
    request = PlanRequest(forecast=forecast, options=options, constraints=within)
    try:
        return prepare(catalog, request, forecast)
    except InvalidInput as exc:
        errors = [FieldError(_own_field(e.field), e.message) for e in exc.errors]
        raise InvalidInput.listing(errors) from None


def _own_field(field: str) -> str:
    """The crossover request's name for a field of the one-month plan request it builds."""
    for planned, own in (("forecast.workloads[0]", "workload"), ("options.", "")):
        if field.startswith(planned):
            return own + field.removeprefix(planned)
    return field


class _Best(NamedTuple):
    """The best GPU offer's index, cost per million tokens, and its block's cost per month,
    tokens/s and units."""

    offer: int
    cost_per_million_tokens: float
    block_cost: float
    block_tokens_per_second: float
    block_units: int
    operating: Operating
    """The deployment its figure is of, and the points behind it."""


def _best_gpu(catalog: Catalog, instance: Instance, workload: Workload) -> _Best | None:
    """The `_Best` (offer, cost per million tokens, block cost per month, block tokens/s and
    block units) of the offer with the lowest cost per million tokens at the SLO on the GPUs
    bought (then id): its deployment and figure are the ranking's (`packed_rate`), and a
    block is the smallest whole piece of it that runs whole replicas."""
    profiles = list(catalog.profiles)
    best: tuple[float, str, int, Packed] | None = None
    for o in sorted({o for (o, _w) in instance.rates}):
        spec = instance.offers[o]
        packed = packed_rate(
            spec.offer, workload, profiles, allow_spot=False, replicas=instance.replicas
        )
        if packed is None:
            continue
        cpm = cost_per_million_tokens(spec.offer.price_per_gpu_hour, packed.per_gpu)
        if best is None or (cpm, spec.id) < best[:2]:
            best = (cpm, spec.id, o, packed)
    if best is None:
        return None
    cpm, _, o, packed = best
    units = 1 if packed.packing is None else packed.packing.units_per_block
    gpus = units * instance.offers[o].gpus_per_unit
    capacity = gpus * packed.per_gpu * instance.utilization_cap
    block_cost = units * instance.offers[o].month_cost_per_unit
    return _Best(o, cpm, block_cost, capacity, units, packed.rate.operating)


def crossover(
    catalog: Catalog,
    request: CrossoverRequest,
    today: dt.date | None = None,
    within: Constraints | None = None,
) -> Crossover:
    """The crossover table of `request.workload` (its own demand is ignored: each level is
    held for one month, commitments counted for that month, as amortised cost); prices are
    checked for age against `today` (the caller's date: None, not checked). `within`: the
    constraints every line and the mix hold to (a plan's report passes the plan's vendors
    excluded and its utilization cap, `plan_within`); none by default.

    Raises:
        InvalidInput: when neither an API nor a GPU offer can serve the workload.
    """
    workload = msgspec.structs.replace(request.workload, tokens_per_second=1.0)
    within = Constraints() if within is None else within
    instance = _instance(catalog, workload, _options(request), within)
    peak = workload.peak_to_average
    apis = apis_by_price(instance, peak)
    api = apis[0] if apis else None
    gpu = _best_gpu(catalog, instance, workload)
    if api is None and gpu is None:
        raise InvalidInput.one("workload", "no API or GPU offer can serve it")
    points = []
    for level in sorted(set(request.levels)):
        blocks = None if gpu is None else math.ceil(level * peak / gpu[3] - 1e-9)
        mix = mix_share = None
        if request.mix:
            mix, mix_share = _mix(catalog, workload, level, _options(request), within)
        points.append(
            CrossoverPoint(
                tokens_per_second=level,
                best_api=buy_cost(apis, level),
                best_gpu=None if gpu is None or blocks is None else blocks * gpu[2],
                gpu_units=None if gpu is None or blocks is None else blocks * gpu.block_units,
                mix=mix,
                mix_api_share=mix_share,
            )
        )
    even = None if api is None or gpu is None else break_even(apis, gpu[2], gpu[3] / peak)
    limit = most_bought(apis) if apis else None
    return Crossover(
        workload_id=workload.id,
        currency=instance.currency,
        best_api_offer_id=None if api is None else api.offer_id,
        best_api_price_per_million_tokens=None if api is None else api.price,
        best_gpu_offer_id=None if gpu is None else instance.offers[gpu[0]].id,
        best_gpu_cost_per_million_tokens=None if gpu is None else gpu[1],
        gpu_block_cost_per_month=None if gpu is None else gpu[2],
        gpu_block_tokens_per_second=None if gpu is None else gpu[3],
        break_even_tokens_per_second=None if even is None or _beyond(limit, even) else even,
        note=_note(gpu, apis, even, instance),
        points=tuple(points),
        mix_builds_from=next(
            (p.tokens_per_second for p in points if (p.mix_api_share or 0.0) < 1 - 1e-9), None
        )
        if api is not None and request.mix
        else None,
        best_api_max_tokens_per_second=None if api is None else api.max_tokens_per_second,
        buy_offer_ids=tuple(a.offer_id for a in apis),
        buy_max_tokens_per_second=limit,
        warnings=_warnings(instance, gpu, apis, price_date(None, today, "crossover")),
    )


def _warnings(
    instance: Instance, gpu: _Best | None, apis: tuple[Api, ...], today: PriceDate | None
) -> tuple[str, ...]:
    """The trust warnings of the offers the crossover rests on: the best GPU offer (its
    price, and the throughput and TTFT behind its figure) and the APIs of the buy line."""
    by_id = {o.id: o for o in instance.api_offers}
    priced = [(a.offer_id, by_id[a.offer_id].price_basis, by_id[a.offer_id].as_of) for a in apis]
    said: list[str | None] = []
    if gpu is not None:
        spec = instance.offers[gpu.offer]
        priced.insert(0, (spec.id, spec.offer.price_basis, spec.offer.as_of))
        slo = instance.workloads[0].workload.slo
        checked = ttft_checked(slo, gpu.operating.points)
        said += [
            basis_warning(spec.id, "the workload", gpu.operating),
            ttft_warning(spec.id, slo, checked),
        ]
    return tuple(price_checks(priced, today) + [s for s in said if s is not None])


def _beyond(limit: float | None, level: float) -> bool:
    """Whether `level` tokens/s exceed `limit`, what the APIs sell together (None: no limit)."""
    return limit is not None and level > limit * (1 + 1e-9)


def buyable_crossover(
    catalog: Catalog, request: CrossoverRequest, within: Constraints | None = None
) -> Crossover | None:
    """`crossover` (under `within`), or None when no API offer can serve the workload (nothing
    to cross) or nothing at all can: the lines are drawn first, without a solve, and the mix is
    solved only where an API is eligible."""
    try:
        lines = crossover(catalog, msgspec.structs.replace(request, mix=False), within=within)
    except InvalidInput:
        return None
    if lines.best_api_offer_id is None:
        return None
    return crossover(catalog, request, within=within) if request.mix else lines


def plan_within(constraints: Constraints) -> Constraints:
    """The constraints of a plan that hold at every steady demand a crossover tries: the
    vendors it excludes and its utilization cap (review 22: the report's "plan's mix" was
    solved without them). Power caps, budgets, upfront limits and vendor shares are the
    plan's own demand's, not a level's, and are left out."""
    return Constraints(
        exclude_vendors=constraints.exclude_vendors, utilization_cap=constraints.utilization_cap
    )


def _note(gpu: _Best | None, apis: tuple[Api, ...], even: float | None, instance: Instance) -> str:
    """The crossover in a sentence: where building beats buying from `apis`, or why it never
    does, and where buying alone stops (their rate limits)."""
    if gpu is None or not apis:
        return "only one way to serve this workload: nothing to cross"
    name = instance.offers[gpu[0]].id
    limit = most_bought(apis)
    sellers = " and ".join(a.offer_id for a in apis)
    cap = ""
    if limit is not None:
        most = (
            f"{sellers} sells at most {limit:,.0f} tok/s (its rate limit)"
            if len(apis) == 1
            else f"{sellers} sell at most {limit:,.0f} tok/s together (their rate limits)"
        )
        cap = f"; {most}: beyond it buying alone cannot serve the demand"
    if even is None:
        return f"{name} never costs less per month than {sellers} at this SLO{cap}"
    if _beyond(limit, even):
        cost = "costs" if len(apis) == 1 else "cost"
        limits = "its rate limit" if len(apis) == 1 else "their rate limits together"
        return (
            f"{sellers} {cost} less per month than {name} up to {limits}, "
            f"{limit:,.0f} tok/s; beyond it buying alone cannot serve the demand"
        )
    return (
        f"one block of {name} costs {gpu[2]:,.2f} a month and serves {gpu[3]:,.0f} tok/s; "
        f"{_prices(apis, even)}: building beats buying from {even:,.0f} tok/s{cap}"
    )


def _prices(apis: tuple[Api, ...], even: float) -> str:
    """What buying costs up to `even` tok/s: each API's price per million tokens (and per
    tok/s-month) and how far it sells, from the cheapest to the one selling at `even`."""
    parts, start = [], 0.0
    for api in apis:
        price = f"{api.price:.4g} per million ({API_MONTH * api.price:.4g} per tok/s-month)"
        end = None if api.max_tokens_per_second is None else start + api.max_tokens_per_second
        if end is None or even <= end * (1 + 1e-9):
            parts.append(f"{api.offer_id} sells tokens at {price}")
            break
        parts.append(f"{api.offer_id} sells tokens at {price} up to {end:,.0f} tok/s")
        start = end
    return ", then ".join(parts)


def _mix(
    catalog: Catalog, workload: Workload, level: float, options: Options, within: Constraints
) -> tuple[float, float]:
    """(cost, share bought from APIs) of a one-month plan at `level` tokens/s under `within`."""
    held = msgspec.structs.replace(workload, tokens_per_second=level)
    forecast = Forecast(name="crossover", start="2027-01", months=1, workloads=(held,))
    request = PlanRequest(forecast=forecast, options=options, constraints=within)
    plan = make_plan(catalog, request, forecast)
    if plan.summary is None or plan.status not in ("optimal", "feasible"):
        return math.nan, math.nan
    bought = sum(p.tokens_per_second for m in plan.months for p in m.purchases)
    return plan.summary.total_cost, bought / level
