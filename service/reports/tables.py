"""The plan's tables, built once from the Plan (and the catalog revision it was solved
against, for the offers' prices and sources): one builder per table, used by every format."""

from __future__ import annotations

from collections.abc import Callable

from catalog import Catalog
from optimizer import Plan
from optimizer.plan import Baseline, MonthPlan
from optimizer.price_trust import CostBasis
from service.reports.cells import Cell, Count, Money, Month, Percent, Rate, Text
from service.reports.held_prices import contract_priced, signed_offers
from service.reports.month_cents import in_month_cents
from service.reports.obligation import api_spend_row, obligation_label
from service.reports.power import minimises_power, power_pairs, power_versus
from service.reports.purchases import allocation_rows, price_trust
from service.reports.scenarios import cost_label, signed_row
from service.reports.signing import scenario_of
from service.reports.table import Table, table
from service.reports.tail import tail_short
from service.reports.verdicts import money_unit, over, versus

__all__ = [
    "COMMITMENTS_SHOWN",
    "allocations",
    "baselines",
    "baselines_shown",
    "baselines_summary",
    "commitments",
    "compared",
    "months",
    "mw_months_compared",
    "over",
    "over_tail",
    "shortfalls",
    "summary",
    "workloads",
]


def summary(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """The plan in a few numbers, as (label, cell) pairs."""
    s = plan.summary
    if s is None:
        return ()
    cur = s.currency
    # What the plan signs stands beside what it counts: a contract running past the horizon
    # costs little in-horizon and a lot in total.
    return (
        (cost_label(plan), Money(s.total_cost, cur)),
        (obligation_label(plan), Money(s.total_obligation, cur)),
        *signed_row(plan),
        *api_spend_row(plan),
        ("obligation after the horizon", Money(s.obligation_beyond_horizon, cur)),
        ("commitment accounting", Text(s.commitment_accounting)),
        ("replicas", Text(s.replicas)),
        ("cost per million tokens", Rate(s.cost_per_million_tokens, cur)),
        *_resting("cost per million tokens rests on", s.cost_basis),
        ("tokens delivered", Rate(s.tokens, "trillion", 1e12)),
        ("tokens/s per MW", Rate(s.tokens_per_second_per_mw)),
        ("peak MW", Rate(s.peak_mw)),
        ("average MW", Rate(s.average_mw)),
        *power_pairs(plan),
        ("committed cost (existing)", Money(s.committed_cost, cur)),
        ("amortised cost in horizon", Money(s.cash_cost_in_horizon, cur)),
        ("idle cost", Money(s.idle_cost, cur)),
    )


def _resting(label: str, basis: CostBasis | None) -> tuple[tuple[str, Cell], ...]:
    """(label, what a cost per million tokens rests on), none on plans stored before it was
    said."""
    return () if basis is None else ((label, Text(basis.said)),)


def _offers_of(offers: dict[str, str]) -> str:
    return ", ".join(sorted(set(offers.values())))


def over_tail(plan: Plan) -> bool:
    """Whether the baselines' verdicts compare horizon + tail (`demand_continues`)."""
    return any(b.compared_on == "horizon_and_tail" for b in plan.baselines)


def compared(plan: Plan) -> tuple[str, str, str, str]:
    """The labels of the baseline's cost, the plan's cost, the baseline's $/M and the plan's
    $/M over the span the baselines' verdicts (`vs plan`) compare: the `+ tail` columns under
    `demand_continues`, where a plan dear in the horizon can be the cheaper over its tail."""
    tail = " + tail" if over_tail(plan) else ""
    unit = money_unit(plan)
    return (
        f"baseline cost{tail}",
        f"plan cost{tail}",
        f"baseline {unit}/M tokens{tail}",
        f"plan {unit}/M tokens{tail}",
    )


def mw_months_compared(plan: Plan) -> tuple[str, str]:
    """The labels of the baseline's and the plan's MW-months, over the span the verdicts
    compare (what objective `power` minimises)."""
    tail = " + tail" if over_tail(plan) else ""
    return f"baseline MW-months{tail}", f"plan MW-months{tail}"


def _power_columns(plan: Plan) -> tuple[str, ...]:
    """The MW-months columns a power plan's page shows (none for a cost plan)."""
    return mw_months_compared(plan) if minimises_power(plan) else ()


def baselines_summary(plan: Plan) -> tuple[str, ...]:
    """The executive summary's columns: each baseline's $/M beside the plan's and the verdict,
    all over the same span (a power plan's: `power_summary`)."""
    _, _, theirs, ours = compared(plan)
    return ("baseline", theirs, ours, "vs plan")


def baselines_shown(plan: Plan) -> tuple[str, ...]:
    """The baselines' columns on a page (Markdown, HTML): the costs of the horizon and of
    horizon + tail, the average MW (DESIGN section 3: each baseline shows its MW; a power
    plan's MW-months too), and the $/M over the span the verdict compares."""
    _, _, theirs, ours = compared(plan)
    costs = ("baseline cost", "plan cost", "baseline cost + tail", "plan cost + tail")
    power = ("baseline average MW", *_power_columns(plan))
    return ("baseline", "offers", *costs, "difference", *power, theirs, ours, "vs plan")


def _versus(plan: Plan) -> Callable[[Baseline], str]:
    """The verdict on a baseline: its cost per token against the plan's, after its MW-months
    against the plan's for a power plan."""
    if not minimises_power(plan):
        return versus
    return lambda b: "; ".join(part for part in (power_versus(b), versus(b)) if part)


def baselines(plan: Plan) -> Table:
    """Each naive strategy beside the plan, Infracost style, with every number (the workbook
    shows them all but the verdicts); why, where it has no plan."""
    unit = money_unit(plan)
    theirs_mw, ours_mw = mw_months_compared(plan)
    verdict = _versus(plan)
    return table(
        [
            ("baseline", "strategy"),
            ("status", "status"),
            ("offers", "offers"),
            ("baseline cost", "baseline_total_cost"),
            ("plan cost", "plan_total_cost"),
            ("baseline cost + tail", "baseline_lifetime_cost"),
            ("plan cost + tail", "plan_lifetime_cost"),
            ("difference", "diff_total_cost"),
            ("baseline peak MW", "baseline_peak_mw"),
            ("baseline average MW", "baseline_average_mw"),
            (theirs_mw, "baseline_mw_months"),
            (ours_mw, "plan_mw_months"),
            ("MW-months difference", "diff_mw_months"),
            (f"baseline {unit}/M tokens", "baseline_cost_per_million_tokens"),
            (f"plan {unit}/M tokens", "plan_cost_per_million_tokens"),
            (f"baseline {unit}/M tokens + tail", "baseline_lifetime_cost_per_million_tokens"),
            (f"plan {unit}/M tokens + tail", "plan_lifetime_cost_per_million_tokens"),
            ("baseline tail tokens short", "baseline_tail_shortfall_tokens"),
            ("ratio", "cost_ratio"),
            ("baseline upfront", "baseline_upfront_in_horizon"),
            ("baseline NPV of cash", "baseline_npv_cash"),
            ("vs plan", "vs_plan"),
            ("compared on", "compared_on"),
            ("reason", "reason"),
            ("description", "description"),
        ],
        (
            [
                Text(b.strategy),
                Text(b.status),
                Text(_offers_of(b.offers) or "-"),
                Money(b.total_cost),
                Money(b.plan_total_cost),
                Money(b.lifetime_cost),
                Money(b.plan_lifetime_cost),
                Money(b.diff_total_cost),
                Rate(b.peak_mw),
                Rate(b.average_mw),
                Rate(b.mw_months),
                Rate(b.plan_mw_months),
                Rate(b.diff_mw_months),
                Rate(b.cost_per_million_tokens),
                Rate(b.plan_cost_per_million_tokens),
                Rate(b.lifetime_cost_per_million_tokens),
                Rate(b.plan_lifetime_cost_per_million_tokens),
                Rate(tail_short(b.tail) if b.tail else None, "trillion", 1e12),
                Rate(b.cost_ratio),
                Money(b.npv.upfront_in_horizon if b.npv else None),
                Money(b.npv.cash if b.npv else None),
                Text(verdict(b)),
                Text(b.compared_on),
                Text(b.reason or ""),
                Text(b.description),
            ]
            for b in plan.baselines
        ),
    )


def shortfalls(plan: Plan) -> Table:
    """Each workload-month the plan cannot serve in full."""
    return table(
        ["workload", "month", "demand tok/s", "served tok/s", "short tok/s", "short"],
        (
            [
                Text(x.workload_id),
                Month(x.month),
                Rate(x.demand_tokens_per_second),
                Rate(x.served_tokens_per_second),
                Rate(x.short_tokens_per_second),
                Percent(x.short_share),
            ]
            for x in (plan.diagnosis.shortfalls if plan.diagnosis else ())
        ),
    )


def months(plan: Plan) -> Table:
    """Cost, MW, tokens/s and the fleet of every month, with the tokens bought from APIs in
    it (review22: a month served by an API alone showed its cost beside an empty fleet)."""
    return table(
        ["month", "cost", "MW", "tokens/s", "fleet"],
        (
            [
                Month(m.month),
                Money(m.cost),
                Rate(m.mw),
                Rate(m.tokens_per_second),
                Text(
                    ", ".join([*(f"{a.offer_id} x{a.units:g}" for a in m.allocations), *_apis(m)])
                ),
            ]
            for m in plan.months
        ),
    )


def _apis(month: MonthPlan) -> list[str]:
    """Each API offer the month buys tokens from, with the tokens/s it buys (all workloads)."""
    bought: dict[str, float] = {}
    for p in month.purchases:
        bought[p.offer_id] = bought.get(p.offer_id, 0.0) + p.tokens_per_second
    return [f"{offer} (API, {rate:,.0f} tok/s)" for offer, rate in bought.items() if rate >= 0.5]


COMMITMENTS_SHOWN = (
    "offer",
    "vendor",
    "kind",
    "start",
    "end",
    "units",
    "GPUs",
    "payment model",
    "per month",
    "obligation",
    "after horizon",
)
"""The commitments' columns on a page (Markdown, HTML): the payment model beside the month's
amortised cost (review22: an All Upfront rack read "per month 418,167.36" with nothing saying
that the whole obligation is paid at the start)."""


def commitments(plan: Plan) -> Table:
    """The contracts the plan signs (and those already signed) with every field, and a
    scenario plan's `scenario`; the page shows a few columns (and `scenario`), the workbook
    all but the first."""
    scenario = [("scenario", "scenario")] if plan.scenarios is not None else []
    return table(
        [
            ("offer", "offer"),
            ("offer id", "offer_id"),
            ("vendor", "vendor"),
            ("kind", "kind"),
            ("existing", "existing"),
            ("start", "start"),
            ("end", "end"),
            ("term", "term_months"),
            ("units", "units"),
            ("GPUs", "gpus"),
            ("payment model", "payment_model"),
            ("per month", "monthly_cost"),
            ("obligation", "total_obligation"),
            ("in horizon", "obligation_in_horizon"),
            ("after horizon", "obligation_beyond_horizon"),
            *scenario,
        ],
        (
            [
                Text(c.offer_id + (" (existing)" if c.existing else "")),
                Text(c.offer_id),
                Text(c.vendor),
                Text(c.kind),
                Text("yes" if c.existing else "no"),
                Month(c.start),
                Month(c.end),
                Count(c.term_months),
                Count(c.units),
                Count(c.gpus),
                Text(c.payment_model),
                Money(c.monthly_cost),
                Money(c.total_obligation),
                Money(c.obligation_in_horizon),
                Money(c.obligation_beyond_horizon),
                *scenario_of(plan, c),
            ]
            for c in plan.commitments
        ),
    )


def workloads(plan: Plan) -> Table:
    """What each workload costs per million tokens."""
    return table(
        [
            "workload",
            "model",
            "cost",
            "tokens",
            (f"{money_unit(plan)}/M tokens", "cost_per_million_tokens"),
            ("rests on", "cost_basis"),
        ],
        (
            [
                Text(w.workload_id),
                Text(w.model),
                Money(w.cost),
                Rate(w.tokens),
                Rate(w.cost_per_million_tokens),
                Text("-" if w.cost_basis is None else w.cost_basis.said),
            ]
            for w in plan.workloads
        ),
    )


ALLOCATION_COLUMNS = (
    "plan_id",
    "month",
    "offer_id",
    "vendor",
    "site",
    "kind",
    "offer_units",
    "offer_gpus",
    "workload_id",
    "gpus",
    # Headings say what the JSON's fields hold (optimizer.plan): the throughput is one GPU's at
    # the SLO, the capacity and the utilisation are within `constraints.utilization_cap`.
    "throughput_per_gpu_at_slo",
    "capacity_tokens_per_second_within_cap",
    "tokens_per_second",
    "interactivity",
    "utilization_of_capacity_within_cap",
    "cost",
    "currency",
    "replicas",
    "gpus_per_replica",
    "price_basis",
    "price_as_of",
)


def allocations(plan: Plan, catalog: Catalog) -> Table:
    """One row per (month, offer, workload), plus an `(idle)` row for an offer's GPUs that
    serve no workload, then the tokens bought from APIs; the rows' costs, in cents, add up to
    each month's cost (`in_month_cents`). Each row ends with its offer's `price_basis` (list,
    quote, estimate, illustrative: probe 14a, finding 2) and the date of its price
    (`price_as_of`, ISO 8601, as the requisition's lines and focus.csv's `x_PriceAsOf` say
    it: probe 21, the report's lines dated no price), both empty for an offer the catalog no
    longer holds; a month's line of an offer whose every active unit is an existing
    commitment at the price it was signed at says `contract` and no date, as focus.csv does
    (the price is the request's, not the catalog's)."""
    currency = plan.summary.currency if plan.summary else ""
    signed = signed_offers(plan, catalog)
    rows: list[list[Cell]] = []
    for month in plan.months:
        contract = contract_priced(plan, signed, month.month)
        for a in month.allocations:
            if a.offer_id in contract:
                trust: tuple[Text, Text] = (Text("contract"), Text(""))
            else:
                trust = price_trust(catalog, a.offer_id)
            head: list[Cell] = [Text(plan.id), Month(month.month), Text(a.offer_id)]
            head += [Text(a.vendor), Text(a.site), Text(a.kind), Count(a.units), Count(a.gpus)]
            used = 0.0
            for s in a.workloads:
                used += s.gpus
                rows.append(
                    [
                        *head,
                        Text(s.workload_id),
                        Count(s.gpus),
                        Rate(s.throughput_per_gpu),
                        Rate(s.capacity_tokens_per_second),
                        Rate(s.tokens_per_second),
                        Rate(s.interactivity),
                        Rate(s.utilization),
                        Money(a.cost * s.gpus / a.gpus if a.gpus else 0.0),
                        Text(currency),
                        Count(s.replicas),
                        Count(s.gpus_per_replica),
                        *trust,
                    ]
                )
            idle = a.gpus - used
            if idle > 1e-9:
                zeros: list[Cell] = [Rate(0.0)] * 5
                cost = Money(a.cost * idle / a.gpus)
                idle_row = [*head, Text("(idle)"), Count(idle), *zeros, cost, Text(currency)]
                rows.append([*idle_row, Count(None), Count(None), *trust])
    month_at, cost_at = ALLOCATION_COLUMNS.index("month"), ALLOCATION_COLUMNS.index("cost")
    return table(
        ALLOCATION_COLUMNS,
        in_month_cents(plan, rows + allocation_rows(plan, catalog), month_at, cost_at),
    )
