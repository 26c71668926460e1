"""Rankings as JSON (POST /rankings), and as a chart and a page a browser opens
(GET /rankings.svg, GET /rankings.html, with the workload in the query).

Ranking and drawing run in worker threads, and the answer is bounded: at most
`MAX_CURVE_POINTS` curve points in one JSON answer, and the pages draw and list a bounded number
of offers (see `service.reports.rankings`), computing the curves of the drawn ones only when all
would exceed the cap.
"""

import datetime as dt
from collections.abc import Callable
from typing import Annotated

import msgspec
from anyio import to_thread
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromQuery, JSONBody, QueryParameter, SkipValidation

from catalog import Catalog, FieldError, InvalidInput
from optimizer import (
    Crossover,
    CrossoverRequest,
    Ranking,
    RankingRequest,
    Replicas,
    buyable_crossover,
    rank,
)
from service.errors import decode_body, problems
from service.http_common import rendering
from service.reports import ranking_html, ranking_svg
from service.reports.rankings import MAX_DRAWN
from service.reports_api import PAGE_HEADERS
from service.store import Store

__all__ = [
    "MAX_CURVE_POINTS",
    "RANKING_PAGES",
    "RankingController",
    "page_ranking",
    "too_many_curves",
]

MAX_CURVE_POINTS = 50_000
"""Curve points in one ranking (eligible offers x curve_points): about 3 MB of JSON."""


def too_many_curves(eligible: int, curve_points: int, cap: int = MAX_CURVE_POINTS) -> InvalidInput:
    """The refusal of `curve_points` for each of `eligible` offers beyond `cap` curve points:
    the most that fits when at least the minimum (2) does, else that only fewer offers (POST
    /rankings' vendors, kinds or regions) or no curves fit (probe 11 finding 8: it advised
    "at most 1", below the minimum)."""
    most = cap // eligible
    if most >= 2:
        advice = f"ask for at most {most}, or narrow the offers with vendors, kinds or regions"
    else:
        advice = (
            f"even the fewest (2 each) would: narrow the offers to at most {cap // 2:,} "
            "eligible with vendors, kinds or regions, or leave include_curves out"
        )
    message = (
        f"{curve_points} points for each of {eligible:,} eligible offers exceed "
        f"{cap:,} curve points; {advice}"
    )
    return InvalidInput.one("curve_points", message)


def _rank(catalog: Catalog, body: RankingRequest, curves: bool = True) -> Ranking:
    """`rank`, prices' age counted to today in UTC when the request gives no `start`; the
    offers' cost curves drawn only with `curves`."""
    return rank(catalog, body, today=dt.datetime.now(dt.UTC).date(), curves=curves)


def page_ranking(
    catalog: Catalog, body: RankingRequest, cap: int = MAX_CURVE_POINTS, drawn: int = MAX_DRAWN
) -> Ranking:
    """The ranking a page draws: every offer ranked, with the curves of the `drawn` cheapest
    eligible ones (all that the chart draws, and says) when every eligible offer's curve
    would exceed `cap` points (probe 11 finding 8: past 833 eligible offers the pages were a
    422 advising filters they do not take)."""
    if len(catalog.offers) * body.curve_points <= cap:
        return _rank(catalog, body)
    fewest = _rank(catalog, body, curves=False)
    if fewest.eligible * body.curve_points <= cap:
        return _rank(catalog, body)
    cheapest = {o.offer_id for o in fewest.offers[: min(drawn, fewest.eligible)]}
    subset = msgspec.structs.replace(
        catalog, offers=tuple(o for o in catalog.offers if o.id in cheapest)
    )
    curves = {o.offer_id: o.curve for o in _rank(subset, body).offers}
    offers = tuple(
        msgspec.structs.replace(o, curve=curves.get(o.offer_id, ())) for o in fewest.offers
    )
    return msgspec.structs.replace(fewest, offers=offers)


async def _ranked(catalog: Catalog, body: RankingRequest, curves: bool = True) -> Ranking:
    """`rank` in a worker thread (a large catalog takes seconds), each offer's cost curve left
    out unless `curves`.

    Raises:
        InvalidInput: naming `curve_points` when the curves would exceed `MAX_CURVE_POINTS`
        (`too_many_curves`).
    """
    if curves and len(catalog.offers) * body.curve_points <= MAX_CURVE_POINTS:
        # Within the cap whatever is eligible: one ranking with its curves.
        return await to_thread.run_sync(_rank, catalog, body, limiter=rendering())
    # No curves first: the cap needs only the count of eligible offers (the curves are most
    # of the work on a large catalog).
    ranking = await to_thread.run_sync(_rank, catalog, body, False, limiter=rendering())
    if not curves:
        return ranking
    if ranking.eligible * body.curve_points > MAX_CURVE_POINTS:
        raise too_many_curves(ranking.eligible, body.curve_points)
    return await to_thread.run_sync(_rank, catalog, body, limiter=rendering())


Model = Annotated[str, FromQuery[str]]
# The bounds are held by `_from_query` (a 422 naming the parameter); the schema says them too
# (a QueryParameter's own ge/gt would be checked by Litestar first, as a 400 without our names).
Int = Annotated[int, QueryParameter(schema_extra={"minimum": 1}), msgspec.Meta(ge=1)]
Interactivity = Annotated[
    float, QueryParameter(schema_extra={"exclusiveMinimum": 0}), msgspec.Meta(gt=0)
]
Ttft = Annotated[float | None, FromQuery[float | None], msgspec.Meta(gt=0)]


_QUERY_NAMES = {
    "workload.model": "model",
    "workload.isl": "isl",
    "workload.osl": "osl",
    "workload.slo.min_interactivity": "interactivity",
    "workload.slo.max_ttft_ms": "ttft",
}
"""The ranking request's fields by the query parameters that carry them."""


def _from_query(
    model: str,
    isl: int,
    osl: int,
    interactivity: float,
    ttft: float | None,
    allow_spot: bool,
    trust_api_latency: bool = False,
    currency: str | None = None,
    replicas: Replicas = "whole",
) -> RankingRequest:
    """The ranking request the query asks for, held to the same bounds as `POST /rankings`
    (a Struct built in code is not validated: an interactivity of 1e308 broke the chart).

    Raises:
        InvalidInput: naming each bad query parameter.
    """
    wanted = {
        "workload": {
            "model": model,
            "isl": isl,
            "osl": osl,
            "slo": {"min_interactivity": interactivity, "max_ttft_ms": ttft},
        },
        "allow_spot": allow_spot,
        "trust_api_latency": trust_api_latency,
        "currency": currency,
        "replicas": replicas,
    }
    try:
        return decode_body(wanted, RankingRequest)
    except InvalidInput as exc:
        named = [FieldError(_QUERY_NAMES.get(e.field, e.field), e.message) for e in exc.errors]
        raise InvalidInput.listing(named) from exc


def _crossover(catalog: Catalog, body: RankingRequest) -> Crossover | None:
    """The crossover of the ranked workload (held at each level for a month), or None when
    no API offer can serve it."""
    workload = msgspec.structs.replace(body.workload.as_workload(), id=body.workload.model)
    request = CrossoverRequest(
        workload=workload,
        trust_api_latency=body.trust_api_latency,
        replicas=body.replicas,
        currency=body.currency,
    )
    return buyable_crossover(catalog, request)


class RankingController(Controller):
    """The league table of every offer at a workload's SLO."""

    tags = ["quotes"]

    @post(
        "/rankings",
        operation_id="createRanking",
        responses=problems(400, 422),
        status_code=200,
        summary="Every offer ranked by cost per million tokens at a workload's SLO",
        description=(
            "Each offer's cost curve (curve_points points from its lowest to its highest "
            "interactivity) is left out unless include_curves=true: curves are most of the "
            "answer's size."
        ),
    )
    async def create_ranking(
        self,
        store: NamedDependency[Store],
        data: JSONBody[SkipValidation[RankingRequest]],
        include_curves: Annotated[bool, FromQuery[bool]] = False,
    ) -> Ranking:
        body = decode_body(data, RankingRequest)
        return await _ranked(store.catalog(), body, include_curves)


def _page(
    suffix: str,
    media_type: str,
    operation_id: str,
    summary: str,
    draw: Callable[[Catalog, RankingRequest, Ranking], str],
) -> HTTPRouteHandler:
    """GET /rankings.{suffix}: the ranking of the workload in the query, drawn by `draw`. The
    parameters stay on the handler, where the non-finite guard (service/finite.py) reads them."""

    async def page(
        store: NamedDependency[Store],
        model: Model,
        isl: Int,
        osl: Int,
        interactivity: Interactivity,
        ttft: Ttft = None,
        allow_spot: Annotated[bool, FromQuery[bool]] = False,
        trust_api_latency: Annotated[bool, FromQuery[bool]] = False,
        currency: Annotated[str | None, FromQuery[str | None]] = None,
        replicas: Annotated[Replicas, FromQuery[Replicas]] = "whole",
    ) -> Response[str]:
        catalog = store.catalog()
        request = _from_query(
            model, isl, osl, interactivity, ttft, allow_spot, trust_api_latency, currency, replicas
        )
        ranking = await to_thread.run_sync(page_ranking, catalog, request, limiter=rendering())
        # Drawing takes a while and holds matplotlib's lock: keep it off the event loop.
        content = await to_thread.run_sync(draw, catalog, request, ranking, limiter=rendering())
        return Response(content, media_type=media_type, headers=PAGE_HEADERS)

    return get(
        f"/rankings.{suffix}",
        operation_id=operation_id,
        responses=problems(422),
        media_type=media_type,
        summary=summary,
        tags=["quotes"],
    )(page)


RANKING_PAGES = [
    _page(
        "svg",
        "image/svg+xml",
        "getRankingChart",
        "The ranking's cost curves as SVG (a line per eligible offer, the cheapest first)",
        lambda _catalog, _request, ranking: ranking_svg(ranking),
    ),
    _page(
        "html",
        "text/html",
        "getRankingPage",
        "The ranking as a page: the table, the chart, the API offers and the crossover",
        lambda catalog, request, ranking: ranking_html(ranking, _crossover(catalog, request)),
    ),
]
"""The league table as a chart and as a page a browser opens."""
