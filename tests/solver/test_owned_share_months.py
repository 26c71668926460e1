"""Probe 8 finding 5: the owned-share warning's "for capacity no workload needs" is the held
months' own cost of the share, not the share's cost over the whole plan (tiny catalog: vendor
A's owned 12-month GPU at $3, 1,000 tok/s; B at $0.10 and C at $0.50, 100 tok/s a GPU)."""

from __future__ import annotations

from optimizer import Constraints, Existing, Options, PlanRequest, make_plan
from tests.tiny import Spec, catalog, forecast

CAT = catalog(
    Spec("own", 3.0, vendor="A", term_months=12),
    Spec("b", 0.1, vendor="B", tokens_per_gpu=100),
    Spec("c", 0.5, vendor="C", tokens_per_gpu=100),
)
OWNED = (Existing(offer_id="own", units=1, start="2027-01", term_months=12),)


def _warning(demand: list[float]) -> tuple[float, str]:
    """(the plan's cost under a 0.5 share, its one warning about A's owned unit)."""
    request = PlanRequest(
        forecast=forecast(demand, months=len(demand)),
        existing=OWNED,
        constraints=Constraints(max_vendor_share=0.5),
        options=Options(commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    plan = make_plan(CAT, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None
    [said] = [w for w in plan.warnings if w.startswith("existing units of ")]
    return plan.summary.total_cost, said


def test_the_held_month_counts_only_its_own_extra_cost() -> None:
    """[1500, 5000]: A is held in 2027-01 only, where the share adds 1,825.00 (2,190.00 paid
    to C against 365.00 of B); the 584.00 it adds in 2027-02, where it binds on B, is no part
    of it (the warning said 2,190.00, the share's whole 2,409.00 capped at what was paid)."""
    cost, said = _warning([1500.0, 5000.0])
    assert cost == 10_074.0  # 7,665.00 without the share: 1,825.00 + 584.00 more
    assert said.endswith(
        "to keep A within it in 2027-01 the plan pays other vendors 2,190.00 USD, 1,825.00 of "
        "it for capacity no workload needs"
    )


def test_one_month_alone_gives_the_same_figure() -> None:
    """[1500]: the same month alone, the same 1,825.00."""
    _cost, said = _warning([1500.0])
    assert said.endswith("2,190.00 USD, 1,825.00 of it for capacity no workload needs")
