"""The report's chart data, with no drawing in it: `Chart` and `Series`, and the charts a plan's
report shows (fleet, power against caps, cost against baselines, cash against amortised cost,
committed and flexible capacity per scenario). `service.reports.charts` draws them."""

from __future__ import annotations

from msgspec import Struct

from optimizer import Plan
from service.reports import tables

__all__ = [
    "Chart",
    "Series",
    "cash_chart",
    "cost_chart",
    "fleet_chart",
    "power_chart",
    "scenario_chart",
]


class Series(Struct, frozen=True):
    """One line or one stack of bars."""

    label: str
    values: tuple[float, ...]
    dashed: bool = False


class Chart(Struct, frozen=True):
    """A chart's data: categories along the x axis and the series drawn over them."""

    title: str
    ylabel: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    log: bool = False
    """Draw the values on a log scale (they span a decade or more)."""


def fleet_chart(plan: Plan) -> Chart:
    offers = sorted({a.offer_id for m in plan.months for a in m.allocations})
    gpus = [{a.offer_id: a.gpus for a in m.allocations} for m in plan.months]
    return Chart(
        title="Fleet by month (GPUs, by offer)",
        ylabel="GPUs",
        categories=tuple(m.month for m in plan.months),
        series=tuple(Series(o, tuple(g.get(o, 0.0) for g in gpus)) for o in offers),
    )


def power_chart(plan: Plan) -> Chart:
    horizon = len(plan.months)
    sites = sorted({s for m in plan.months for s in m.mw_by_site})
    series = [
        Series(f"{site} MW", tuple(m.mw_by_site.get(site, 0.0) for m in plan.months))
        for site in sites
    ]
    constraints = plan.request.constraints
    caps = [(f"{cap.site} cap", cap.mw) for cap in constraints.power_caps]
    if constraints.total_power_mw is not None:
        caps.append(("total cap", constraints.total_power_mw))
    for label, mw in caps:
        values = tuple(mw) if isinstance(mw, list) else (mw,) * horizon
        series.append(Series(label, values, dashed=True))
    return Chart(
        title="MW by site against caps",
        ylabel="MW",
        categories=tuple(m.month for m in plan.months),
        series=tuple(series),
    )


def cost_chart(plan: Plan) -> Chart | None:
    """The plan's cost per million tokens beside each baseline's, over the span their
    verdicts compare (horizon + tail under `demand_continues`)."""
    s = plan.summary
    tail = tables.over_tail(plan)
    theirs = {
        b.strategy: b.lifetime_cost_per_million_tokens if tail else b.cost_per_million_tokens
        for b in plan.baselines
    }
    priced = [b for b in plan.baselines if theirs[b.strategy]]
    if s is None or not priced:
        return None
    ours = s.lifetime_cost_per_million_tokens if tail else s.cost_per_million_tokens
    values = (ours or 0.0, *(theirs[b.strategy] or 0.0 for b in priced))
    positive = [v for v in values if v > 0]
    # One dear outlier on a linear scale flattens the bars that matter.
    log = bool(positive) and max(positive) >= 10 * min(positive)
    return Chart(
        title="Cost per million tokens: plan and baselines" + (" (horizon + tail)" if tail else ""),
        ylabel=f"{s.currency} per million tokens" + (" (log scale)" if log else ""),
        categories=("plan", *(b.strategy for b in priced)),
        series=(Series("cost per million tokens", values),),
        log=log,
    )


def cash_chart(plan: Plan) -> Chart | None:
    """Cumulative cash against cumulative amortised cost: how far ahead of its cost the plan
    pays (upfront contracts and capex) and when the two meet."""
    if not plan.cash_flows or plan.summary is None:
        return None
    flows = plan.cash_flows
    top = max(max(f.cumulative_cash, f.cumulative_amortised) for f in flows)
    scale, unit = (1e6, " (millions)") if top >= 1e6 else (1.0, "")
    return Chart(
        title="Cash against amortised cost (cumulative)",
        ylabel=plan.summary.currency + unit,
        categories=tuple(f.month for f in flows),
        series=(
            Series("cash paid", tuple(f.cumulative_cash / scale for f in flows)),
            Series(
                "amortised cost",
                tuple(f.cumulative_amortised / scale for f in flows),
                dashed=True,
            ),
        ),
    )


def scenario_chart(plan: Plan) -> Chart | None:
    """Committed capacity in use (at its most, over the scenarios) and each scenario's
    flexible capacity, against each scenario's demand, per month (tokens/s of capacity)."""
    s = plan.scenarios
    forecast = plan.forecast or plan.request.forecast
    if s is None or forecast is None:
        return None
    months = forecast.month_labels
    committed = tuple(
        max(o.committed_tokens_per_second[t] for o in s.scenarios if o.committed_tokens_per_second)
        if any(o.committed_tokens_per_second for o in s.scenarios)
        else 0.0
        for t in range(len(months))
    )
    series = [Series("committed, in use (all scenarios)", committed)]
    for o in s.scenarios:
        if any(o.flexible_tokens_per_second):
            series.append(Series(f"{o.name}: flexible", o.flexible_tokens_per_second))
        series.append(Series(f"{o.name}: demand", o.required_tokens_per_second, dashed=True))
    return Chart(
        title="Committed and flexible capacity against each scenario's demand",
        ylabel="tokens/s of capacity",
        categories=tuple(months),
        series=tuple(series),
    )
