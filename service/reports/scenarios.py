"""The scenarios of a plan as report blocks: their summary (expected cost, range, the value
of the stochastic solution, the high scenario's commitment alone), the scenarios side by side,
(the chart of committed against flexible capacity is `document`'s)."""

from __future__ import annotations

from catalog.api_offer import API_KIND
from optimizer import Plan, ScenarioOutcome, ScenarioSummary, why_shown
from optimizer.price_trust import CostBasis
from service.reports.cells import Cell, Count, Money, Percent, Rate, Text
from service.reports.numbers import money
from service.reports.obligation import OBLIGATION
from service.reports.table import Table, table

__all__ = [
    "SIGNED_FOR_ALL",
    "cost_label",
    "scenario_cards",
    "scenario_lead",
    "scenario_pairs",
    "scenario_table",
    "shown_cost_label",
]


def scenario_lead(plan: Plan) -> str:
    """The first words of a scenario plan's report: its expected cost and range, and whose
    fleet the details show (empty for a plan without scenarios)."""
    s = plan.scenarios
    if s is None:
        return ""
    cur = plan.summary.currency if plan.summary else ""
    short = [
        (o.name, f"{o.shortfall_tokens / (o.tokens + o.shortfall_tokens):.1%}")
        for o in s.scenarios
        if o.shortfall_tokens > 0
    ]
    unmet = ""
    if len(short) == 1:
        name, share = short[0]
        unmet = (
            f"; the {name} scenario cannot be served in full ({share} of its tokens unserved; "
            "its cost is of what is served)"
        )
    elif short:
        shares = ", ".join(f"{name} {share}" for name, share in short)
        unmet = (
            f"; {len(short)} scenarios cannot be served in full (tokens unserved: {shares}; "
            "their costs are of what is served)"
        )
    whole = s.expected_whole_units_cost
    if whole is not None and whole > s.expected_cost + 0.005:
        unmet = f"; {money(whole, cur)} with the tails bought in whole units{unmet}"
    return (
        f"Over its {len(s.scenarios)} scenarios the plan's expected cost is "
        f"{money(s.expected_cost, cur)} (from {money(s.cost_min, cur)} to "
        f"{money(s.cost_max, cur)}){unmet}; the figures and tables below are the {s.shown} "
        f"scenario's ({why_shown(s)})"
    )


def scenario_cards(plan: Plan) -> list[tuple[str, Cell]]:
    """The headline cards of a scenario plan: expected cost and its range first."""
    s = plan.scenarios
    if s is None:
        return []
    cur = plan.summary.currency if plan.summary else ""
    return [
        (f"expected cost ({len(s.scenarios)} scenarios)", Money(s.expected_cost, cur)),
        ("cost range", Text(f"{money(s.cost_min, cur)} to {money(s.cost_max, cur)}")),
    ]


def cost_label(plan: Plan) -> str:
    """The label of `summary.total_cost` wherever it is shown: a scenario plan's is its shown
    scenario's and, with a tail, the horizon's alone, as the scenario table's `horizon cost`
    (probe 8 finding 9a: it read "total cost" beside a table whose cost holds the tail too;
    review22: the summary table still read "total cost" a row below the expected cost)."""
    s = plan.scenarios
    if s is None:
        return "total cost"
    what = "horizon cost" if plan.tail is not None else "total cost"
    return f"{s.shown} scenario's {what}"


def shown_cost_label(plan: Plan) -> str:
    """The headline's label of the plan's total cost: `cost_label` and the commitment
    accounting it rests on."""
    accounting = plan.summary.commitment_accounting if plan.summary else ""
    return f"{cost_label(plan)} ({accounting})"


def obligation_card(plan: Plan, total: Cell) -> list[tuple[str, Cell]]:
    """The headline's obligation: a scenario plan signs only what every scenario shares (the
    shown scenario's on-demand months are bought as used, not signed), so that is the card;
    a plain plan's is its total obligation."""
    s = plan.scenarios
    if s is None:
        return [(OBLIGATION, total)]
    cur = plan.summary.currency if plan.summary else ""
    return [("obligation signed for every scenario", Money(s.committed_obligation, cur))]


SIGNED_FOR_ALL = "of which signed for every scenario"
"""The summary's label of `scenarios.committed_obligation`, beside the total obligation."""


def signed_row(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """A scenario plan's summary row beside its (shown scenario's) total obligation: what is
    signed once for every scenario; none for a plain plan."""
    s = plan.scenarios
    if s is None:
        return ()
    cur = plan.summary.currency if plan.summary else ""
    return ((SIGNED_FOR_ALL, Money(s.committed_obligation, cur)),)


def scenario_pairs(plan: Plan) -> tuple[tuple[str, Cell], ...]:
    """The scenarios' summary as (label, cell); none for a plan without scenarios."""
    s = plan.scenarios
    if s is None:
        return ()
    cur = plan.summary.currency if plan.summary else ""
    pairs: list[tuple[str, Cell]] = [
        ("objective", Text(s.objective.replace("_", " "))),
        ("expected cost", Money(s.expected_cost, cur)),
        *((("expected cost rests on", Text(s.cost_basis.said)),) if s.cost_basis else ()),
        ("cost range", Text(f"{money(s.cost_min, cur)} to {money(s.cost_max, cur)}")),
    ]
    if _whole_column(s):
        label = "expected cost, tails in whole units (the expected cost values fractional ones)"
        pairs.append((label, Money(s.expected_whole_units_cost, cur)))
    if s.risk is not None and s.cvar is not None:
        label = f"CVaR at {s.risk.cvar_alpha:.0%} (weight {s.risk.weight:g})"
        pairs.append((label, Money(s.cvar, cur)))
    mean = "expected cost committing on the mean forecast" + _unproven(s.mean_forecast_gap)
    high = (
        f"commitments the {s.high_scenario} scenario (most demand over the horizon) alone "
        "would sign"
    )
    pairs += [
        (mean, Money(s.mean_forecast_cost, cur)),
        ("value of the stochastic solution", Money(s.value_of_stochastic_solution, cur)),
        ("commitments signed (obligation)", Money(s.committed_obligation, cur)),
        (high + _unproven(s.high_scenario_gap), Money(s.high_scenario_committed_obligation, cur)),
        ("months shown below", Text(f"the {s.shown} scenario's ({why_shown(s)})")),
    ]
    vss = s.value_of_stochastic_solution
    if vss is not None and vss < -0.005:
        pairs.append(("value of the stochastic solution, negative", Text(_costlier(s, cur))))
    if s.note:
        pairs.append(("note", Text(s.note)))
    return tuple(pairs)


def _unproven(gap: float | None) -> str:
    """A figure's label end when its solve stopped at its time limit before proving its
    optimum (probe 8 finding 1): the gap it stopped at."""
    return "" if gap is None else f" (not proven optimal: gap {gap:.2%})"


def _costlier(s: ScenarioSummary, currency: str) -> str:
    """Why a plan expects to cost more than committing on the mean forecast: its objective is
    not the expected cost."""
    aim = "a lower worst case (its CVaR)" if s.risk is not None else "less power"
    extra = money(-(s.value_of_stochastic_solution or 0.0), currency)
    return (
        f"the plan does not minimise the expected cost: it expects to cost {extra} more than "
        f"committing on the mean forecast, the price of {aim}"
    )


def _whole_column(s: ScenarioSummary) -> bool:
    """Whether some scenario's tail costs more in whole units than the model values it (review
    7b finding 3): then its cost in whole units is shown beside the cost."""
    return any(
        o.whole_units_cost is not None and o.whole_units_cost > o.cost + 0.005 for o in s.scenarios
    )


def _bought(o: ScenarioOutcome, currency: str) -> str:
    """What scenario `o` buys on demand, by offer: "est 1 unit a month in 12 months,
    8,760.00 (tail 4,380.00)"; "-" for nothing (probe 18a F5)."""
    said = []
    for p in o.offers:
        months = [u for u in p.units if u > 1e-9]
        what = "tok/s" if p.kind == API_KIND else "unit"
        if not months:
            amount = "only in the tail"
        else:
            most = max(months)
            count = f"{most:,.6g} {what}" + ("s" if what == "unit" and most != 1 else "")
            each = "a month" if min(months) == most else "at most"
            amount = f"{count} {each} in {len(months)} month{'s' if len(months) != 1 else ''}, "
            amount += money(p.cost, currency)
        if p.tail_cost:
            amount += f" ({'tail ' if months else ''}{money(p.tail_cost, currency)})"
        said.append(f"{p.offer_id} {amount}")
    return "; ".join(said) or "-"


def _rests_on(basis: CostBasis | None) -> str:
    return "-" if basis is None else basis.said


def scenario_table(plan: Plan) -> Table:
    """The scenarios side by side: probability, cost (and with the tail in whole units, when
    that differs somewhere), shortfall, peak committed and flexible GPUs, what each buys on
    demand by offer and what its cost rests on."""
    s = plan.scenarios
    cur = plan.summary.currency if plan.summary else ""
    whole = s is not None and _whole_column(s)
    # With a tail the cost holds it (what the plan minimises); tokens are the horizon's.
    cost = "cost, horizon + tail" if plan.tail is not None else "cost"
    rows = [
        (
            Text(o.name),
            Percent(o.probability),
            Money(o.cost, cur),
            *((Money(o.whole_units_cost, cur),) if whole else ()),
            Money(o.horizon_cost, cur),
            Rate(o.tokens, "trillion", 1e12),
            Rate(o.shortfall_tokens, "trillion", 1e12),
            Count(max(o.committed_gpus, default=0.0)),
            Count(max(o.flexible_gpus, default=0.0)),
            Text(_bought(o, cur)),
            Text(_rests_on(o.cost_basis)),
        )
        for o in (s.scenarios if s is not None else ())
    ]
    return table(
        (
            "scenario",
            "probability",
            (cost, "cost"),
            *((("cost, horizon + tail in whole units", "whole_units_cost"),) if whole else ()),
            ("horizon cost", "horizon_cost"),
            ("tokens in the horizon", "tokens"),
            ("shortfall", "shortfall_tokens"),
            ("committed GPUs (peak)", "committed_gpus_peak"),
            ("flexible GPUs (peak)", "flexible_gpus_peak"),
            ("bought on demand, by offer", "offers"),
            ("cost rests on", "cost_basis"),
        ),
        rows,
    )
