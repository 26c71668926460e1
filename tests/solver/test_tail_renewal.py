"""Contracts that end in the `demand_continues` tail are valued as renewed at their price, as
many of their units as the model chooses (probe 14a finding 1, probe 14c): the horizon's
purchases no longer hinge on how long the tail is, nor on renewals no buyer would sign."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.request import PlanRequest
from tests.paths import EXAMPLES

Purchase = tuple[str, str, int, float]
"""(offer, start month, term, units) of one contract the plan signs."""


def _seed(tail_months: int | None = None, months: int | None = None) -> Plan:
    """The seed example's plan, with `tail_months` (default: the default tail) and the
    forecast's `months` (default: the example's 12)."""
    raw = msgspec.json.decode((EXAMPLES / "seed-deepseek-r1.json").read_bytes())
    if tail_months is not None:
        raw.setdefault("options", {})["tail_months"] = tail_months
    if months is not None:
        raw["forecast"]["months"] = months
    request = msgspec.convert(raw, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal", plan.error
    return plan


def _first_year(plan: Plan) -> list[Purchase]:
    """What the plan signs in its first year, month-to-month units included."""
    first = plan.months[0].month
    year = {m.month for m in plan.months[:12]}
    assert first == "2027-01"
    return sorted(
        (c.offer_id, c.start, c.term_months, c.units)
        for c in plan.commitments
        if not c.existing and c.start in year
    )


def test_default_tail_buys_what_a_36_month_tail_buys() -> None:
    """The seed under its default tail (48 months, the longest term) buys in its first year
    what it buys under a 36-month tail: its GB300 racks from 2027-01, nothing else (it bought
    5 CoreWeave GB200 racks for 2027 and the GB300 racks in 2027-12 when the tail's last
    months, after a January rack's term, could only be on-demand)."""
    default = _seed()
    assert default.tail is not None and default.tail.months == 48
    assert _first_year(default) == _first_year(_seed(36))
    assert _first_year(default) == [("onprem-gb300", "2027-01", 48, 3.0)]
    assert default.summary is not None
    assert default.summary.total_cost == pytest.approx(5_018_008.32, abs=0.005)


@pytest.mark.parametrize("tail_months", [24, 48, 60])
def test_first_year_same_for_every_tail(tail_months: int) -> None:
    """The seed's first-year purchases are the same for tails of 24 to 60 months as for 36."""
    assert _first_year(_seed(tail_months)) == _first_year(_seed(36))


def test_renewal_valued_in_the_tail_not_signed() -> None:
    """Under the default 48-month tail the racks signed 2027-01 serve the whole tail: 36
    months of their term after the horizon, then 12 renewed at their price, which the tail's
    cost counts and the obligation does not (the requisition signs 48 months)."""
    plan = _seed()
    assert plan.tail is not None
    (rack,) = [c for c in plan.commitments if c.offer_id == "onprem-gb300"]
    assert rack.total_obligation == pytest.approx(rack.monthly_cost * 48)
    assert rack.obligation_beyond_horizon == pytest.approx(rack.monthly_cost * 36)
    assert plan.tail.cost == pytest.approx(rack.monthly_cost * 48)  # 36 owed + 12 renewed
    assert plan.tail.shortfall_tokens == 0.0
    assert plan.summary is not None
    # The seed's demand does not fall: every renewal whole, with no column to choose it.
    assert "valued as renewed whole (no workload falls" in plan.summary.assumption
    assert [(r.offer_id, r.units_ending, r.units_renewed) for r in plan.tail.renewals] == [
        ("onprem-gb300", 3.0, 3.0)
    ]


def test_longer_forecast_buys_one_rack_set() -> None:
    """A 24-month forecast of the seed buys its GB300 racks once, in 2027-01 (renewed in the
    tail when they end in 2030-12), not a second set in 2028-12 to cover the tail's end."""
    plan = _seed(months=24)
    signed = [(c.offer_id, c.start, c.units) for c in plan.commitments if not c.existing]
    assert signed == [("onprem-gb300", "2027-01", 3.0)]


def _seed_holding(exclude: bool) -> Plan:
    """The seed with 5 CoreWeave GB200 reserved racks already signed for 24 months from
    2027-01 (ending in the tail), CoreWeave excluded or not."""
    raw = msgspec.json.decode((EXAMPLES / "seed-deepseek-r1.json").read_bytes())
    raw["existing"] = [
        {"offer_id": "coreweave-gb200-reserved", "units": 5, "start": "2027-01", "term_months": 24}
    ]
    if exclude:
        raw.setdefault("constraints", {})["exclude_vendors"] = ["CoreWeave"]
    request = msgspec.convert(raw, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal", plan.error
    return plan


def test_an_excluded_vendors_existing_contract_is_not_renewed() -> None:
    """Review 14: an existing commitment of a vendor the request excludes was valued as
    renewed to the tail's end (a 5-unit commitment: 19,972,800.00 of renewal), though the plan
    may buy no more from that vendor. It ends at its term: no renewal of it to choose. The
    same commitment of a vendor not excluded may be renewed, and the model leaves its 5 racks
    when they end (the GB300 racks serve the tail for less): both plans cost the same,
    48,513,720.96 over horizon and tail."""
    kept = _seed_holding(exclude=False)
    excluded = _seed_holding(exclude=True)
    assert kept.tail is not None and excluded.tail is not None
    chosen = [
        (r.offer_id, r.units_ending, r.units_renewed) for r in kept.tail.renewals if r.existing
    ]
    assert chosen == [("coreweave-gb200-reserved", 5.0, 0.0)]
    assert not [r for r in excluded.tail.renewals if r.existing]
    assert kept.summary is not None and excluded.summary is not None
    assert kept.summary.lifetime_cost == pytest.approx(48_513_720.96, abs=0.005)
    assert excluded.summary.lifetime_cost == pytest.approx(48_513_720.96, abs=0.005)


def test_a_falling_last_month_renews_only_what_the_tail_uses() -> None:
    """Probe 14c: the seed with its last month at a tenth (100,000 tok/s), which the tail
    holds. While every contract ending in the tail was renewed whole, contracts sized for the
    peak looked dear, and the plan bought 20,761,550.40 of Nebius B200 on demand in the horizon
    (23,250,792.00 over horizon and tail). Renewal is now the model's choice: it signs 5
    CoreWeave GB200 racks for 2027 and 6 MI355X units for 48 months from 2027-01, leaves the
    racks when they end and renews the 6 MI355X units the tail's tenth uses (622,310.40):
    13,867,430.40 in the horizon, 16,356,672.00 over both, below the three GB300 racks with
    one renewed (21,744,702.72) and the on-demand plan."""
    raw = msgspec.json.decode((EXAMPLES / "seed-deepseek-r1.json").read_bytes())
    demand = raw["forecast"]["workloads"][0]["tokens_per_second"]
    months = raw["forecast"]["months"]
    first = demand[0] if isinstance(demand, list) else demand
    raw["forecast"]["workloads"][0]["tokens_per_second"] = [first] * (months - 1) + [first / 10]
    request = msgspec.convert(raw, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None and plan.tail is not None
    signed = sorted((c.offer_id, c.start, c.term_months, c.units) for c in plan.commitments)
    assert signed == [
        ("coreweave-gb200-reserved", "2027-01", 12, 5.0),
        ("onprem-mi355x", "2027-01", 48, 6.0),
    ]
    renewals = [
        (r.offer_id, r.units_ending, r.units_renewed, round(r.renewed_cost, 2))
        for r in plan.tail.renewals
    ]
    assert renewals == [
        ("coreweave-gb200-reserved", 5.0, 0.0, 0.0),
        ("onprem-mi355x", 6.0, 6.0, 622_310.40),
    ]
    assert round(plan.tail.renewed_cost, 2) == 622_310.40
    assert round(plan.summary.total_cost, 2) == 13_867_430.40
    assert round(plan.summary.lifetime_cost or 0.0, 2) == 16_356_672.00
    racks_one_renewed = 5_018_008.32 * 4 + 5_018_008.32 / 3
    assert plan.summary.lifetime_cost < racks_one_renewed
    assert plan.tail.shortfall_tokens == 0.0
    assert "renewing a contract that ends in the tail is the plan's choice" in (
        plan.summary.assumption
    )
