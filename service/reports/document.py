"""The report document: everything a report shows, built once from a Plan, with no format in
it. Each renderer (one module per format, registered in `service.reports.formats`) draws it."""

from __future__ import annotations

from msgspec import Struct

from catalog import Catalog
from optimizer import Crossover, Forecast, Plan, status_said
from optimizer.plan import Baseline
from service.reports import cash, marginal_tables, sources, tables
from service.reports.build_or_buy import plan_crossovers
from service.reports.cells import Cell, Text
from service.reports.cent_ledger import cent_ledger
from service.reports.chart_data import (
    Chart,
    cash_chart,
    cost_chart,
    fleet_chart,
    power_chart,
    scenario_chart,
)
from service.reports.numbers import money, rate
from service.reports.obligation import obligation_label
from service.reports.power import (
    minimises_power,
    power_card,
    power_heading,
    power_sentence,
    power_summary,
    power_verdict,
)
from service.reports.purchases import purchases
from service.reports.risks import risks
from service.reports.scenarios import (
    cost_label,
    obligation_card,
    scenario_cards,
    scenario_lead,
    scenario_pairs,
    scenario_table,
    shown_cost_label,
)
from service.reports.shown_cents import beside_json, in_cents
from service.reports.signing import asks_none, signs_sentence
from service.reports.standing import unproven_caveat
from service.reports.table import Table
from service.reports.tail import tail_card, tail_clause, tail_pairs

__all__ = ["Report", "build_report"]

NO_SOURCES = (
    "This plan was stored before plans carried the points behind their throughputs; "
    "solve it again to list them."
)


class Report(Struct, frozen=True, kw_only=True):
    """A plan's report, format-neutral."""

    plan: Plan
    name: str
    forecast: Forecast | None
    headline: tuple[tuple[str, Cell], ...]
    """The few numbers a reader sees first (the cards at the top of the page)."""
    summary: tuple[tuple[str, Cell], ...]
    """The plan's numbers, as (label, cell)."""
    overview: tuple[tuple[str, Cell], ...]
    """The summary with the status, the catalog revision and the solver around it."""
    assumption: str
    """The end-of-horizon assumption the plan's cost rests on, in one sentence (the report's
    first line); empty on plans stored before plans stated it."""
    tail: tuple[tuple[str, Cell], ...]
    """The months after the horizon the accounting assumes, as (label, cell); none when it
    assumes none."""
    caveat: str = ""
    """Why a `feasible` plan is not proven optimal (a cancel or the time limit) and what it
    may cost against the best bound: the recommendation's first sentence; empty otherwise."""
    recommendation: tuple[str, ...]
    """The plan in two sentences: what it costs against the best naive strategy (or why the
    demand cannot be met, after a scenario plan's expected cost), and what it signs (and what
    of that is owed after the horizon)."""
    risks: tuple[tuple[str, tuple[str, ...]], ...]
    """What to check before signing, by kind (estimates used, late commitments, stale
    prices): the executive summary's last block."""
    baselines: Table
    cost_chart: Chart | None
    shortfalls: Table
    months: Table
    fleet_chart: Chart
    power_chart: Chart
    commitments: Table
    workloads: Table
    marginal_workloads: Table
    marginal_demand: Table
    marginal_power: Table
    marginal_budget: Table
    offers: Table
    throughput: Table
    throughput_note: str
    allocations: Table
    purchases: Table
    """Tokens bought from per-token APIs, by month (no rows when the plan buys none)."""
    crossovers: tuple[Crossover, ...] = ()
    """Build or buy for each workload an API can serve under the plan's options."""
    scenario_summary: tuple[tuple[str, Cell], ...] = ()
    """With scenarios: the expected cost, its range and what planning for them is worth."""
    scenarios: Table | None = None
    scenario_chart: Chart | None = None
    cash_line: str = ""
    """Cash against amortised cost in one sentence: the executive summary's line after the
    recommendation."""
    cash_summary: tuple[tuple[str, Cell], ...] = ()
    cash: Table = Table(columns=(), rows=())
    """Cash out (and back) per month beside the amortised cost."""
    cash_chart: Chart | None = None
    marginal_upfront: Table = Table(columns=(), rows=())
    stored: Plan | None = None
    """The plan as stored, at full precision (`plan`'s totals are in cents: `shown_cents`)."""

    @property
    def baselines_shown(self) -> Table:
        """The baselines' columns a reader sees on the page (the workbook has them all)."""
        return self.baselines.select(*tables.baselines_shown(self.plan))

    @property
    def baselines_described(self) -> tuple[tuple[str, str], ...]:
        """What each naive strategy buys, as (strategy, description): the page's note under
        its table (review22: the page named them by id alone, `max_flops_per_dollar`)."""
        return tuple((b.strategy, b.description) for b in self.plan.baselines if b.description)

    @property
    def baselines_title(self) -> str:
        """The executive summary's heading over `baselines_summary`: a power plan's compares
        MW-months first."""
        compared = "Cost per million tokens against each baseline"
        return power_heading(self.plan) if minimises_power(self.plan) else compared

    @property
    def baselines_summary(self) -> Table:
        """Cost per million tokens against each baseline: the executive summary's table (a
        power plan's: MW-months, `power_summary`)."""
        if minimises_power(self.plan):
            return power_summary(self.plan)
        return self.baselines.select(*tables.baselines_summary(self.plan))

    def offers_shown(self, *labels: str) -> Table:
        """The offers' columns labelled `labels`, and which are used only in the tail where
        the plan's tail buys any the horizon does not (`sources.with_used`)."""
        return sources.with_used(self.offers, *labels)

    @property
    def commitments_shown(self) -> Table:
        """The commitments' columns a reader sees on the page (the workbook has them all)."""
        scenario = ("scenario",) if self.plan.scenarios is not None else ()
        return self.commitments.select(*tables.COMMITMENTS_SHOWN, *scenario)


def _headline(plan: Plan, cash_figures: dict[str, Cell]) -> tuple[tuple[str, Cell], ...]:
    if plan.summary is None:
        return ()
    entries = dict(tables.summary(plan))
    cards = [
        *scenario_cards(plan),
        (shown_cost_label(plan), entries[cost_label(plan)]),
        *obligation_card(plan, entries[obligation_label(plan)]),
        ("of which after the horizon", entries["obligation after the horizon"]),
    ]
    card = tail_card(plan)
    if card is not None:
        cards.append(card)
    paid = cash_figures.get("cash in the horizon")
    if paid is not None:  # plans stored before cash flows have no cash to show
        net = cash.RECOVERED in cash_figures  # residual value came back: the cash is net of it
        cards.append(("net cash in the horizon" if net else "cash paid in the horizon", paid))
    cards += [
        ("cost per million tokens", entries["cost per million tokens"]),
        ("tokens/s per MW", entries["tokens/s per MW"]),
        *power_card(plan),
        ("peak MW", entries["peak MW"]),
        ("status", Text(status_said(plan))),
    ]
    return tuple(cards)


def _unpriced_baselines(baselines: tuple[Baseline, ...], currency: str) -> str:
    """The naive strategies when none has a cost per token to set beside the plan's: those
    solved, with their costs; those not solved (the time limit ran out, or the solver failed)
    said as such, never counted as unable to meet the demand; that none meets the demand only
    of those solved and found infeasible."""
    met = [b for b in baselines if b.status in ("optimal", "feasible") and b.total_cost is not None]
    unsolved = [b for b in baselines if b.status != "infeasible" and b not in met]
    infeasible = len(baselines) - len(met) - len(unsolved)
    parts: list[str] = []
    if met:
        names = ", ".join(b.strategy for b in met)
        costs = [b.total_cost for b in met if b.total_cost is not None]
        low, high = money(min(costs), currency), money(max(costs), currency)
        spread = low if low == high else f"{low} to {high}"
        parts.append(
            f"the naive strategies that meet it ({names}) cost {spread}, no cost per token to "
            "compare"
        )
    elif infeasible:
        none = "none of the others" if unsolved else "no naive strategy"
        parts.append(f"{none} meets the demand under the same constraints")
    if unsolved:
        why = (unsolved[0].reason or f"status {unsolved[0].status}").rstrip(".")
        names = ", ".join(b.strategy for b in unsolved)
        said = "strategy {} was" if len(unsolved) == 1 else "strategies {} were"
        parts.insert(0, f"the naive {said.format(names)} not solved ({why})")
    return "".join(f"; {part}" for part in parts)


def _recommendation(plan: Plan, caveat: str) -> tuple[str, ...]:
    s = plan.summary
    if s is None:
        return ()
    cur = s.currency
    opening: tuple[str, ...] = ()
    objective = power_sentence(plan)  # a cost plan's is empty
    if plan.diagnosis is not None:
        # A scenario plan short in some scenario still has an expected cost and its range:
        # they come first, with the share each short scenario leaves unserved.
        opening = (scenario_lead(plan) + ".",) if plan.scenarios else ()
        first = f"The demand cannot be met in full: {plan.diagnosis.summary.rstrip('.')}"
    else:
        tail = tail_clause(plan)
        span = f"{len(plan.months)} month{'' if len(plan.months) == 1 else 's'}"
        lead = f"{scenario_lead(plan)}: it serves" if plan.scenarios else "The plan serves"
        lead += " the forecast at"
        if objective and not plan.scenarios:
            # The objective and the MW-months it counts open the cost sentence: said apart,
            # the executive summary no longer fitted its page.
            lead, objective = f"{objective}, at", ""
        resting = sources.rests_on(s.cost_basis)  # probe 17a L1: the figure read first
        first = (
            f"{lead} {rate(s.cost_per_million_tokens)} {cur} per million tokens "
            f"({resting + '; ' if resting else ''}{money(s.total_cost, cur)} over {span}{tail})"
            if s.tokens > 0
            else f"{asks_none(plan)}: the plan costs {money(s.total_cost, cur)} over {span}{tail}"
        )
        priced = [b for b in plan.baselines if b.cost_ratio is not None]
        drawn = power_verdict(plan) if minimises_power(plan) else ""
        if drawn:
            # What the plan minimised first: the baselines' MW-months, then their cost.
            first += drawn
        elif priced:
            best = min(priced, key=lambda b: b.cost_ratio or 0.0)
            ratio = best.cost_ratio or 1.0
            if ratio < 0.995:
                verdict = f"costs {1 / ratio:.2f}x less per token"
            elif ratio < 1.005:
                verdict = "costs as much per token"
            else:
                verdict = f"pays {ratio:.2f}x as much"
            first += f"; the best naive strategy ({best.strategy}) {verdict}"
            first += tables.over(best.compared_on)
        else:
            first += _unpriced_baselines(plan.baselines, cur)
    second = signs_sentence(plan)
    said = (caveat, *opening, objective + "." if objective else "")
    return (*(part for part in said if part), first + ".", second + ".")


def _solver(plan: Plan) -> Text:
    if plan.solver is None:
        return Text("-")
    gap = plan.solver.gap
    shown = "-" if gap is None else "< 0.001%" if 0 < gap < 1e-5 else f"{gap:.3%}"
    return Text(f"{plan.solver.name}, {plan.solver.seconds:.2f} s, gap {shown}")


def build_report(stored: Plan, catalog: Catalog) -> Report:
    """The report of `stored`, the prices and sources of its offers from `catalog` (the
    revision it was solved against), its totals in its cash ledger's cents (`shown_cents`)."""
    ledger = cent_ledger(stored, catalog)
    plan = in_cents(stored, ledger)
    # Plans stored before the plan carried its forecast fall back to the request's.
    forecast = plan.forecast or plan.request.forecast
    used = any(a.workloads for m in plan.months for a in m.allocations)
    summary = beside_json(tables.summary(plan), stored, plan)
    caveat = unproven_caveat(plan)
    flows = ledger.flows
    cash_summary = cash.cash_summary(plan, flows, catalog)
    return Report(
        plan=plan,
        stored=stored,
        name=forecast.name if forecast else plan.forecast_id or "",
        forecast=forecast,
        headline=_headline(plan, dict(cash_summary)),
        summary=summary,
        assumption=plan.summary.assumption if plan.summary else "",
        tail=tail_pairs(plan),
        caveat=caveat,
        recommendation=_recommendation(plan, caveat),
        overview=(
            ("status", Text(status_said(plan))),
            *summary,
            ("catalog revision", Text(str(plan.catalog_revision))),
            ("solver", _solver(plan)),
        ),
        risks=risks(plan, catalog),
        baselines=tables.baselines(plan),
        cost_chart=cost_chart(plan),
        shortfalls=tables.shortfalls(plan),
        months=tables.months(plan),
        fleet_chart=fleet_chart(plan),
        power_chart=power_chart(plan),
        commitments=tables.commitments(plan),
        workloads=tables.workloads(plan),
        marginal_workloads=marginal_tables.marginal_workloads(plan),
        marginal_demand=marginal_tables.marginal_demand(plan),
        marginal_power=marginal_tables.marginal_power(plan),
        marginal_budget=marginal_tables.marginal_budget(plan),
        offers=sources.offers(plan, catalog),
        throughput=sources.throughput(plan),
        throughput_note=NO_SOURCES if used and not plan.sources else "",
        allocations=tables.allocations(plan, catalog),
        purchases=purchases(plan),
        crossovers=plan_crossovers(plan, catalog),
        scenario_summary=scenario_pairs(plan),
        scenarios=scenario_table(plan) if plan.scenarios is not None else None,
        scenario_chart=scenario_chart(plan),
        cash_line=cash.cash_sentence(plan, flows, catalog),
        cash_summary=cash_summary,
        cash=cash.cash_table(plan, flows),
        cash_chart=cash_chart(plan),
        marginal_upfront=cash.marginal_upfront(plan),
    )
