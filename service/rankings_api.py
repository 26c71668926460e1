"""Rankings as JSON (POST /rankings), and as a chart and a page a browser opens
(GET /rankings.svg, GET /rankings.html, with the workload in the query)."""

from typing import Annotated

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, SkipValidation

from optimizer import SLO, QuoteWorkload, Ranking, RankingRequest, rank
from service.charts import cost_curves_svg
from service.errors import decode_body, problems
from service.html import escape, page
from service.render import rate
from service.store import Store

__all__ = ["RankingController", "ranking_html", "ranking_svg"]


def ranking_svg(ranking: Ranking) -> str:
    """Cost per million tokens against interactivity, one line per eligible offer."""
    w = ranking.workload
    curves = [
        (
            f"{line.offer_id} (${line.price_per_gpu_hour:g}/GPU-h)",
            [(p.interactivity, p.cost_per_million_tokens) for p in line.curve],
        )
        for line in ranking.offers
        if line.eligible
    ]
    title = (
        f"{w.model} {w.isl}/{w.osl}: cost per million tokens by interactivity "
        f"(catalog revision {ranking.catalog_revision})"
    )
    return cost_curves_svg(curves, slo=w.slo.min_interactivity, title=title)


def ranking_html(ranking: Ranking) -> str:
    """The league table and its chart as one self-contained page."""
    w = ranking.workload
    rows = []
    for line in ranking.offers:
        if line.eligible:
            rows.append(
                f"<tr><td>{line.rank_cost_per_million_tokens}</td><td>{escape(line.offer_id)}</td>"
                f"<td>{escape(line.vendor)}</td><td>{escape(line.kind)}</td>"
                f"<td class=n>{rate(line.price_per_gpu_hour)}</td>"
                f"<td class=n>{rate(line.throughput_per_gpu)}</td>"
                f"<td class=n>{rate(line.cost_per_million_tokens)}</td>"
                f"<td class=n>{rate(line.tokens_per_second_per_mw)}</td>"
                f"<td class=n>{line.rank_price_per_gpu_hour}</td>"
                f"<td class=n>{line.rank_flops_per_dollar or '-'}</td>"
                f"<td>{escape(line.price_basis)}</td></tr>"
            )
    others = "".join(
        f"<li><b>{escape(line.offer_id)}</b>: {escape(line.reason or '')}</li>"
        for line in ranking.offers
        if not line.eligible
    )
    slo = f"{w.slo.min_interactivity:g} tok/s/user" + (
        f", TTFT &le; {w.slo.max_ttft_ms:g} ms" if w.slo.max_ttft_ms else ""
    )
    body = f"""
<h1>Cost per million tokens: {escape(w.model)} {w.isl}/{w.osl} at {slo}</h1>
<p>Every offer of catalog revision {ranking.catalog_revision}, ranked by what a million tokens
costs at this SLO, beside its rank by price per GPU-hour and by peak FLOPS per dollar.</p>
<table><thead><tr><th>#</th><th>offer</th><th>vendor</th><th>kind</th><th>$/GPU-h</th>
<th>tok/s/GPU</th><th>$/M tokens</th><th>tok/s per MW</th><th># by $/h</th>
<th># by FLOPS/$</th><th>price basis</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<figure>{ranking_svg(ranking)}</figure>
<h2>Not eligible ({len(ranking.offers) - ranking.eligible})</h2><ul>{others}</ul>
"""
    return page(f"tokenplan ranking: {w.model}", body)


Model = Annotated[str, FromQuery[str]]
Int = Annotated[int, FromQuery[int], msgspec.Meta(ge=1)]
Interactivity = Annotated[float, FromQuery[float], msgspec.Meta(gt=0)]
Ttft = Annotated[float | None, FromQuery[float | None], msgspec.Meta(gt=0)]


def _from_query(
    model: str, isl: int, osl: int, interactivity: float, ttft: float | None, allow_spot: bool
) -> RankingRequest:
    return RankingRequest(
        workload=QuoteWorkload(
            model=model,
            isl=isl,
            osl=osl,
            slo=SLO(min_interactivity=interactivity, max_ttft_ms=ttft),
        ),
        allow_spot=allow_spot,
    )


class RankingController(Controller):
    """The league table of every offer at a workload's SLO."""

    tags = ["quotes"]

    @post(
        "/rankings",
        operation_id="createRanking",
        responses=problems(400, 422),
        status_code=200,
        summary="Every offer ranked by cost per million tokens at a workload's SLO",
    )
    async def create_ranking(
        self, store: NamedDependency[Store], data: JSONBody[SkipValidation[RankingRequest]]
    ) -> Ranking:
        body = decode_body(data, RankingRequest)
        return rank(store.catalog(), body)

    @get(
        "/rankings.svg",
        operation_id="getRankingChart",
        responses=problems(422),
        media_type="image/svg+xml",
        summary="The ranking's cost curves as SVG (one line per eligible offer)",
    )
    async def chart(
        self,
        store: NamedDependency[Store],
        model: Model,
        isl: Int,
        osl: Int,
        interactivity: Interactivity,
        ttft: Ttft = None,
        allow_spot: Annotated[bool, FromQuery[bool]] = False,
    ) -> Response[str]:
        ranking = rank(
            store.catalog(),
            _from_query(model, isl, osl, interactivity, ttft, allow_spot),
        )
        return Response(ranking_svg(ranking), media_type="image/svg+xml")

    @get(
        "/rankings.html",
        operation_id="getRankingPage",
        responses=problems(422),
        media_type="text/html",
        summary="The ranking as a page: the table and the chart",
    )
    async def html(
        self,
        store: NamedDependency[Store],
        model: Model,
        isl: Int,
        osl: Int,
        interactivity: Interactivity,
        ttft: Ttft = None,
        allow_spot: Annotated[bool, FromQuery[bool]] = False,
    ) -> Response[str]:
        ranking = rank(
            store.catalog(),
            _from_query(model, isl, osl, interactivity, ttft, allow_spot),
        )
        return Response(ranking_html(ranking), media_type="text/html")
