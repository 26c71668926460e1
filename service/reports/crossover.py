"""The crossover (build or buy) as a table and a chart: cost per month against steady demand,
bought from the APIs (the cheapest first, each up to its rate limit), built on the best GPU
offer, and the plan's mix. The table is the one `tokenplan crossover` prints; the chart goes
on the rankings page and in the report."""

from __future__ import annotations

import math

from optimizer import Crossover
from service.reports.cells import Cell, Count, Money, Percent, Rate, Text
from service.reports.chart_data import Chart, Series
from service.reports.charts import lines_svg
from service.reports.table import Table, table

__all__ = ["crossover_chart", "crossover_said", "crossover_svg", "crossover_table"]


def _money(value: float | None, currency: str) -> Cell:
    return Text("-") if value is None or value != value else Money(value, currency)


def _buy_label(x: Crossover) -> str:
    """The buy line's name: the APIs it buys from, the cheapest first, and the demand beyond
    which they sell nothing (their rate limits together)."""
    label = f"buy: {', then '.join(x.buy_offer_ids) or 'no API'}"
    limit = x.buy_max_tokens_per_second
    return label if limit is None else f"{label} (to {limit:,.0f} tok/s)"


def crossover_said(x: Crossover) -> str:
    """The report's sentence over a crossover's table, the same on every page (review22: the
    Markdown had its note alone, not where the mix builds nor what a level is, and its mix
    read cheaper than both lines with nothing saying it may use other offers)."""
    said = x.note + (f"; {m}" if (m := x.mix_said()) is not None else "")
    return (
        f"{said}. Each level is held for a month, commitments counted for that month; the "
        "plan's mix may buy from any eligible offer, not only the two lines' ones."
    )


def crossover_table(x: Crossover) -> Table:
    """One row per demand level: tokens/s, the APIs' (`-` beyond their rate limits), the
    best GPU offer's (with its units) and the mix's cost per month, and the mix's share
    bought."""
    rows: list[list[Cell]] = [
        [
            Rate(p.tokens_per_second),
            _money(p.best_api, x.currency),
            _money(p.best_gpu, x.currency),
            Text("-") if p.gpu_units is None else Count(p.gpu_units),
            _money(p.mix, x.currency),
            Text("-")
            if p.mix_api_share is None or p.mix_api_share != p.mix_api_share
            else Percent(p.mix_api_share),
        ]
        for p in x.points
    ]
    return table(
        [
            "tokens/s",
            f"{_buy_label(x)} / month",
            f"build: {x.best_gpu_offer_id or 'no GPU offer'} / month",
            "units",
            "plan's mix / month",
            "mix bought",
        ],
        rows,
    )


def crossover_chart(x: Crossover) -> Chart:
    """Cost per month by demand (log scale): the lines that cross, and the mix below both.
    The buy line ends where the APIs' rate limits together end."""
    series = []
    if x.best_api_offer_id is not None and any(p.best_api is not None for p in x.points):
        bought = tuple(math.nan if p.best_api is None else p.best_api for p in x.points)
        series.append(Series(_buy_label(x), bought))
    for label, values in (
        (f"build: {x.best_gpu_offer_id} (whole units)", [p.best_gpu for p in x.points]),
        ("the plan's mix", [p.mix for p in x.points]),
    ):
        if all(v is not None and v == v for v in values):
            series.append(Series(label, tuple(float(v or 0.0) for v in values)))
    even = x.break_even_tokens_per_second
    title = f"Build or buy: {x.workload_id}, {x.currency} per month by demand"
    if even is not None:
        title += f"\nbuilding beats buying from {even:,.0f} tok/s"
    return Chart(
        title=title,
        ylabel=f"{x.currency} per month",
        categories=tuple(f"{p.tokens_per_second:,.0f}" for p in x.points),
        series=tuple(series),
        log=True,
    )


def crossover_svg(x: Crossover) -> str:
    """`crossover_chart` drawn as SVG."""
    return lines_svg(crossover_chart(x))
