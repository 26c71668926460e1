"""Probe 4 finding 2: the plan diff shows what demand_continues plans minimise (cost over
horizon + tail) and their cash, not only the horizon's cost (golden plans, no solver)."""

from __future__ import annotations

import msgspec

from service.plan_diff import diff_plans, render_diff
from tests.golden import golden_plan

SEED, CAPEX = "seed-deepseek-r1", "capex-budget-deepseek-r1"


def test_the_diff_shows_the_cost_over_horizon_and_tail_next_to_the_horizons() -> None:
    """Seed against capex-budget: +1,649,963.52 USD in the horizon and +8,249,817.60 USD
    (+32.9%) over horizon + tail, the row after the horizon's total cost (still the first, as
    clients read it), with the tail's cost and the cash in the horizon."""
    a, b = golden_plan(SEED), golden_plan(CAPEX)
    assert a.summary is not None and b.summary is not None
    d = diff_plans(a, b)
    assert d.totals[0].label == "total cost"
    first = d.totals[1]
    assert first.label == "cost over horizon + tail"
    assert (first.before, first.after) == (a.summary.lifetime_cost, b.summary.lifetime_cost)
    assert round(first.diff or 0, 2) == 8_249_817.60
    totals = {c.label: c for c in d.totals}
    assert a.tail is not None and b.tail is not None and a.npv is not None and b.npv is not None
    assert (totals["tail cost"].before, totals["tail cost"].after) == (a.tail.cost, b.tail.cost)
    cash = totals["cash in the horizon"]
    assert (cash.before, cash.after) == (a.npv.cash_in_horizon, b.npv.cash_in_horizon)
    upfront = totals["upfront cash in the horizon"]
    assert (upfront.before, upfront.after) == (a.npv.upfront_in_horizon, b.npv.upfront_in_horizon)
    md = render_diff(d, "md")
    assert isinstance(md, str)
    assert (
        "| cost over horizon + tail | 25,090,041.60 USD | 33,339,859.20 USD | "
        "+8,249,817.60 USD (+32.9%) |" in md
    )
    html = render_diff(d, "html")
    assert isinstance(html, str) and "+8,249,817.60 USD (+32.9%)" in html
    decoded = msgspec.json.decode(render_diff(d, "json"))
    assert decoded["totals"][1]["label"] == "cost over horizon + tail"


def test_plans_without_a_tail_or_cash_list_no_such_rows() -> None:
    """Plans stored before tails and cash flows (no lifetime cost, tail or npv): no row for
    what they do not have, the horizon's rows as before."""
    seed = golden_plan(SEED)
    assert seed.summary is not None
    old = msgspec.structs.replace(
        seed,
        tail=None,
        npv=None,
        summary=msgspec.structs.replace(
            seed.summary, lifetime_cost=None, lifetime_cost_per_million_tokens=None
        ),
    )
    labels = [c.label for c in diff_plans(old, old).totals]
    assert labels[0] == "total cost"
    assert not {"cost over horizon + tail", "tail cost", "cash in the horizon"} & set(labels)


def test_a_tail_left_short_is_a_row_and_an_unlike_reason() -> None:
    """Infeasible-power-cap leaves 61.3 T tokens of its tail unserved (its racks, renewed to
    the tail's end, serve what the cap lets them): the diff against the seed, whose tail is
    served in full, shows the row (0 against the shortfall) and names it among the unlike
    differences, as a share and a count that a small shortfall does not round to nothing;
    seed against itself has no such row."""
    seed, short = golden_plan(SEED), golden_plan("infeasible-power-cap")
    assert short.tail is not None and seed.tail is not None
    assert seed.tail.shortfall_tokens == 0 and round(short.tail.shortfall_tokens / 1e12, 1) == 61.3
    d = diff_plans(seed, short)
    row = {c.label: c for c in d.totals}["tail tokens short"]
    assert (row.before, row.after, row.unit) == (0.0, short.tail.shortfall_tokens, "tokens")
    share = short.tail.shortfall_tokens / (short.tail.shortfall_tokens + short.tail.tokens)
    said = f"leaves {share:.1%} of its tail's demand unserved ({short.tail.shortfall_tokens:,.0f} "
    assert any(said in reason for reason in d.not_like_for_like)
    tiny = msgspec.structs.replace(
        short, tail=msgspec.structs.replace(short.tail, shortfall_tokens=4e10)
    )
    assert any("(40,000,000,000 tokens)" in r for r in diff_plans(seed, tiny).not_like_for_like)
    md = render_diff(d, "md")
    assert isinstance(md, str) and "| tail tokens short |" in md
    assert "tail tokens short" not in {c.label for c in diff_plans(seed, seed).totals}
