"""A ranking (every offer by cost per million tokens at a workload's SLO) as a table, a chart and
a page; the table is the one `tokenplan rank` prints."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from optimizer import Crossover, RankedApiOffer, Ranking
from service.reports.cells import Cell, Count, Rate, Text
from service.reports.charts import cost_curves_svg
from service.reports.crossover import crossover_svg, crossover_table
from service.reports.jinja import render_page
from service.reports.table import Table, table

__all__ = [
    "MAX_DRAWN",
    "MAX_LISTED",
    "api_table",
    "ranking_html",
    "ranking_svg",
    "ranking_table",
]

MAX_DRAWN = 8
"""Offers drawn in one chart (the cheapest at the SLO): each keeps a colour and style of its own."""
MAX_LISTED = 200
"""Offers listed on one page, eligible and not eligible each."""


def _currency(ranking: Ranking) -> str:
    """The code every price of the ranking is in, for its headings (`price` when no offer is
    eligible, as in rankings stored before the currency was named)."""
    return ranking.currency or "price"


def _basis(basis: str, as_of: dt.date | None, formula: str | None = None) -> str:
    """The price basis with its date ("illustrative, as of 2025-10-01"), as plans label the
    prices they pay, and an owned offer's formula."""
    said = basis + (f", as of {as_of.isoformat()}" if as_of else "")
    return said + (f"; {formula}" if formula else "")


def ranking_table(ranking: Ranking, limit: int | None = None) -> Table:
    """The league table: one row per eligible offer, best first (the first `limit`). With whole
    replicas the cost is on the GPUs bought (what it is ranked by), and on the GPUs the
    replicas use beside it, with the packing that tells them apart."""
    cur = _currency(ranking)
    whole = ranking.replicas == "whole"
    rows: list[list[Cell]] = [
        [
            Count(line.rank_cost_per_million_tokens or 0),
            Text(line.offer_id),
            Text(line.vendor),
            Text(line.kind),
            Rate(line.price_per_gpu_hour),
            Rate(line.throughput_per_gpu),
            Rate(line.cost_per_million_tokens),
            Rate(line.cost_per_million_tokens_per_used_gpu or line.cost_per_million_tokens),
            Text(line.packing.text if line.packing else "divisible (fractional replicas)"),
            Rate(line.tokens_per_second_per_mw),
            Count(line.rank_price_per_gpu_hour or 0),
            Text("-") if line.rank_flops_per_dollar is None else Count(line.rank_flops_per_dollar),
            # Owned hardware from its parts shows how its price is derived.
            Text(_basis(line.price_basis, line.as_of, line.price_formula)),
            # The weakest of the price's and the throughput's bases (probe 17a L1).
            Text("-" if line.cost_basis is None else line.cost_basis.said),
        ]
        for line in [line for line in ranking.offers if line.eligible][:limit]
    ]
    return table(
        [
            "#",
            "offer",
            "vendor",
            "kind",
            f"{cur}/GPU-h",
            "tok/s/GPU bought" if whole else "tok/s/GPU",
            f"{cur}/M tokens" + (" (GPUs bought)" if whole else ""),
            f"{cur}/M on GPUs used",
            "packing",
            "tok/s per MW",
            f"# by {cur}/h",
            f"# by FLOPS/{cur}",
            "price basis",
            f"{cur}/M rests on",
        ],
        rows,
    )


def ranking_svg(ranking: Ranking) -> str:
    """Cost per million tokens against interactivity, one line per eligible offer (the
    `MAX_DRAWN` cheapest at the SLO, said in the title when there are more)."""
    w = ranking.workload
    eligible = [line for line in ranking.offers if line.eligible]
    curves = [
        (
            f"{line.offer_id} ({line.price_per_gpu_hour:g} {_currency(ranking)}/GPU-h)",
            f"#{line.rank_cost_per_million_tokens}",
            [(p.interactivity, p.cost_per_million_tokens) for p in line.curve],
        )
        for line in eligible[:MAX_DRAWN]
    ]
    title = (
        f"{w.model} {w.isl}/{w.osl}: cost per million tokens by interactivity "
        f"(catalog revision {ranking.catalog_revision})"
    )
    if len(eligible) > MAX_DRAWN:
        title += f"\nthe {MAX_DRAWN} cheapest of {len(eligible)} eligible offers at the SLO"
    return cost_curves_svg(curves, slo=w.slo.min_interactivity, title=title)


def _api_currency(ranking: Ranking) -> str:
    """The currency of the API table's price columns: the ranking's, else (no offer eligible)
    the API offers' one currency, else `price` (their prices are then all withheld)."""
    if ranking.currency is not None:
        return ranking.currency
    found = {line.currency for line in ranking.api_offers}
    return found.pop() if len(found) == 1 else "price"


def _api_prices(line: RankedApiOffer, cur: str) -> list[Cell]:
    """The input, output and blended prices of `line` under `cur` headings: withheld (`in
    USD`) when the line is priced in another currency, never shown under this one's header
    (probe 11 finding 7: USD 0.9000 stood under "EUR/M in")."""
    if line.currency != cur:
        return [Text(f"in {line.currency}")] * 3
    return [
        Rate(line.price_per_million_input_tokens),
        Rate(line.price_per_million_output_tokens),
        Rate(line.cost_per_million_tokens),
    ]


def api_table(ranking: Ranking) -> Table:
    """The per-token API offers of the workload's model: blended price, latency eligibility
    and where each would stand among the GPU offers; an offer priced in another currency than
    the table's has its prices withheld, with the reason."""
    cur = _api_currency(ranking)
    rows: list[list[Cell]] = [
        [
            Text("-")
            if line.rank_cost_per_million_tokens is None
            else Count(line.rank_cost_per_million_tokens),
            Text(line.offer_id),
            Text(line.vendor),
            *_api_prices(line, cur),
            Text("-") if line.rank_among_gpu_offers is None else Count(line.rank_among_gpu_offers),
            Text(line.latency if line.eligible else line.reason or ""),
            Text(_basis(line.price_basis, line.as_of)),
        ]
        for line in ranking.api_offers
    ]
    return table(
        [
            "#",
            "API offer",
            "vendor",
            f"{cur}/M in",
            f"{cur}/M out",
            f"{cur}/M tokens (blended)",
            "# among GPU offers",
            "latency",
            "price basis",
        ],
        rows,
    )


def ranking_html(ranking: Ranking, crossover: Crossover | None = None) -> str:
    """The league table and its chart as one self-contained page (at most `MAX_LISTED` offers
    in each list and `MAX_DRAWN` in the chart, said on the page), the API offers beside them,
    and the crossover (build or buy) when given."""
    w = ranking.workload
    others = [line for line in ranking.offers if not line.eligible]
    return render_page(
        "ranking.html",
        title=f"tokenplan ranking: {w.model}",
        ranking=ranking,
        workload=w,
        table=ranking_table(ranking, MAX_LISTED),
        # matplotlib's SVG escapes the labels it draws: the markup is safe to inline.
        chart=Markup(ranking_svg(ranking)),
        drawn=min(ranking.eligible, MAX_DRAWN),
        others=others[:MAX_LISTED],
        more_others=max(len(others) - MAX_LISTED, 0),
        api=api_table(ranking),
        crossover=crossover,
        crossover_table=None if crossover is None else crossover_table(crossover),
        crossover_chart=None if crossover is None else Markup(crossover_svg(crossover)),
    )
