"""Probe 18a F1: the tail starts no contract (DESIGN 8.1), only renewals, so where an existing
commitment's renewal is dear (its minimum), the plan signs a short contract in the horizon's
last month that serves nothing there, only to renew it in the tail. The plan is optimal for
its model, but a buyer would sign that contract when its demand begins: the plan says so."""

from __future__ import annotations

from optimizer import Existing, Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast

OFFERS = catalog(
    Spec("od", 1.0, min_units=4),
    Spec("res", 0.8, term_months=12, min_units=5),
    Spec("res3", 0.9, term_months=3, min_units=3),
    Spec("own", 2.0, term_months=48),
)
"""On demand sold by 4 units; 12-month contracts by 5; 3-month contracts by 3."""


def _plan(existing: tuple[Existing, ...]) -> tuple[list[tuple[str, str, float]], list[str]]:
    request = PlanRequest(
        forecast=forecast(500.0, months=12), existing=existing, options=Options(tail_months=12)
    )
    assert request.forecast is not None
    plan = make_plan(OFFERS, request, request.forecast)
    assert plan.status == "optimal"
    signed = [(c.offer_id, c.start, c.units) for c in plan.commitments if not c.existing]
    return signed, [w for w in plan.warnings if "signed for the tail" in w]


def test_a_contract_idle_in_the_horizon_signed_for_the_tail_is_named() -> None:
    """One unit's demand; 6 units of `res` held from 2027-03 to 2028-02. The plan signs 3
    units of `res3` in 2027-12, idle there (the held units serve), renewed in the tail
    (the held units' renewal is 0 or 5): named, with its idle month's cost (3 x 0.90 x 730)."""
    held = Existing(offer_id="res", units=6, start="2027-03", term_months=12)
    signed, said = _plan((held,))
    assert ("res3", "2027-12", 3.0) in signed
    assert said == [
        "res3: 3 units signed from 2027-12 serve no demand in the horizon (1 month(s), "
        "1,971.00 USD idle): they are signed for the tail, where no contract starts; a buyer "
        "can sign such a contract when the demand it serves begins, and pay less"
    ]


def test_contracts_that_serve_the_horizon_are_not_named() -> None:
    signed, said = _plan(())
    assert signed and said == []


def test_units_are_written_as_a_buyer_reads_them() -> None:
    """Review 18 R8: ':g' wrote 298,557,000 units as '2.98557e+08'."""
    from optimizer.wording import count

    assert [count(u) for u in (3.0, 298_557_000.0, 2.5)] == ["3", "298,557,000", "2.50"]
