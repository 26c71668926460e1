"""Contracts that end in the `demand_continues` tail are valued as renewed at their price
(probe 14a finding 1): the horizon's purchases no longer hinge on how long the tail is."""

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
    assert "renewed at its price" in plan.summary.assumption


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
    may buy no more from that vendor. It ends at its term; the same commitment of a vendor
    not excluded is renewed (its 36 renewed months at its price)."""
    kept = _seed_holding(exclude=False)
    excluded = _seed_holding(exclude=True)
    assert kept.tail is not None and excluded.tail is not None
    held = next(c for c in kept.commitments if c.existing)
    assert kept.tail.renewed_cost >= held.monthly_cost * 36 - 0.01
    # What the excluded plan renews is its own new contracts', far below the held one's 36
    # renewed months (39.7 M).
    assert excluded.tail.renewed_cost < held.monthly_cost * 36 / 10
