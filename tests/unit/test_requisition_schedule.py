"""Each requisition line's payment schedule adds up to its total to the cent, the rounding
remainder in the last payment (probe 5, finding 4: a Partial Upfront line paid 327,007.30 +
7 x 109,002.43 = 1,090,024.31 against its line_total of 1,090,024.32)."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest

from catalog import Catalog, default_catalog
from optimizer.plan import Commitment, Plan
from service.reports.requisition import RequisitionLine, requisition
from tests.golden import GOLDEN, golden_plan

# The probe's offer: 8 GPUs a unit at 3.333 a GPU-hour for 7 months, 30% upfront.
BASE = next(o for o in default_catalog().offers if o.id == "coreweave-h100-reserved")
OFFER = msgspec.structs.replace(
    BASE,
    id="partial-h100",
    price_per_gpu_hour=3.333,
    term_months=7,
    payment_model="Partial Upfront",
    upfront_share=0.3,
)
UNIT_MONTH = 3.333 * 8 * 730  # 19,464.72


def _plan(units: tuple[int, ...]) -> tuple[Plan, Catalog]:
    """The seed golden plan whose new commitments are `units` of the offer, starting a month
    apart."""
    months = ("2027-01", "2027-02", "2027-03")
    commitments = tuple(
        Commitment(
            offer_id=OFFER.id,
            vendor=OFFER.vendor,
            kind="reserved",
            start=start,
            end=f"2027-{int(start[-2:]) + 6:02d}",
            term_months=7,
            units=float(n),
            gpus=8.0 * n,
            monthly_cost=UNIT_MONTH * n,
            total_obligation=UNIT_MONTH * n * 7,
            obligation_in_horizon=UNIT_MONTH * n * 3,
            obligation_beyond_horizon=UNIT_MONTH * n * 4,
            existing=False,
            payment_model="Partial Upfront",
        )
        for start, n in zip(months, units, strict=False)
    )
    catalog = default_catalog()
    plan = msgspec.structs.replace(golden_plan("seed-deepseek-r1"), commitments=commitments)
    return plan, msgspec.structs.replace(catalog, offers=(*catalog.offers, OFFER))


def _adds_up(line: RequisitionLine) -> bool:
    paid = Decimal(line.upfront_amount) + Decimal(line.monthly_amount) * (line.term_months - 1)
    return paid + Decimal(line.last_monthly_amount) == Decimal(line.line_total)


def test_the_remainder_goes_into_the_last_payment() -> None:
    """8 units: 327,007.30 upfront, 109,002.43 a month and 109,002.44 in the 7th, adding up to
    the line's 1,090,024.32; the schedule's words say so."""
    plan, catalog = _plan((8,))
    (line,) = requisition(plan, catalog).lines
    assert line.line_total == "1090024.32"
    assert (line.upfront_amount, line.monthly_amount, line.last_monthly_amount) == (
        "327007.30",
        "109002.43",
        "109002.44",
    )
    assert _adds_up(line)
    assert line.payment_schedule == (
        "327,007.30 at the start, then 109,002.43 a month for 7 months, the last 109,002.44"
    )


@pytest.mark.parametrize("units", [(8, 12, 23), (1, 2, 3), (5, 7, 11)])
def test_every_partial_upfront_line_adds_up(units: tuple[int, ...]) -> None:
    """Lines of several sizes, whichever way their cents round, each add up to the cent."""
    plan, catalog = _plan(units)
    lines = requisition(plan, catalog).lines
    assert len(lines) == 3 and all(_adds_up(line) for line in lines)


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_every_golden_line_with_a_schedule_adds_up(name: str) -> None:
    """Every line of the golden plans' requisitions with a fixed schedule (a monthly amount)
    adds up to its total; lines billed as used have none."""
    plan = golden_plan(name)
    if plan.summary is None:
        return
    for line in requisition(plan, default_catalog()).lines:
        if line.monthly_amount:
            assert _adds_up(line), line
        else:
            assert line.payment_schedule == "paid monthly as used" and not line.last_monthly_amount
