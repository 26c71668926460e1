"""The requisition of owned hardware given by its parts (probe 4, finding 7): the capital
purchase is the capex the supplier is paid; the running cost and the residual value are lines
of their own, named as what they are, and the lines still add up to the obligation."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from catalog import Catalog, Offer, default_catalog
from optimizer.plan import Commitment, Plan
from service.reports import build_report
from service.reports.cash import WHOLE_COST
from service.reports.cells import Text
from service.reports.requisition import RequestFields, requisition
from tests.golden import golden_plan
from tests.owned import owned_by_parts

OFFER = msgspec.convert(owned_by_parts(id="my-gb300", max_units=1), Offer)
# 72 GPUs for 48 months at the derived price: 4,320,000 capex + 48 x 23,230.08 opex and
# energy - 432,000 residual = 5,003,043.84.
OBLIGATION = OFFER.price_per_gpu_hour * 72 * 730 * 48


def _plan() -> tuple[Plan, Catalog]:
    """The seed golden plan with one rack of `my-gb300` as its only new commitment."""
    rack = Commitment(
        offer_id=OFFER.id,
        vendor=OFFER.vendor,
        kind="owned",
        start="2027-01",
        end="2030-12",
        term_months=48,
        units=1.0,
        gpus=72.0,
        monthly_cost=OBLIGATION / 48,
        total_obligation=OBLIGATION,
        obligation_in_horizon=OBLIGATION / 48 * 3,
        obligation_beyond_horizon=OBLIGATION / 48 * 45,
        existing=False,
        payment_model="All Upfront",
    )
    plan = msgspec.structs.replace(golden_plan("seed-deepseek-r1"), commitments=(rack,))
    catalog = default_catalog()
    return plan, msgspec.structs.replace(catalog, offers=(*catalog.offers, OFFER))


def test_capital_purchase_of_owned_parts_is_its_capex() -> None:
    """One rack: the capital purchase is 1 x 4,320,000.00 paid at the start (it was one line
    at 5,003,043.84, off by 683,043.84); opex and energy are a running-cost line of 48
    unit-months at 23,230.08 (1,115,043.84) and the residual a credit of -432,000.00; the
    lines add up to the obligation to the cent."""
    plan, catalog = _plan()
    draft = requisition(plan, catalog, RequestFields(gl_account="6100", capital_gl_account="1500"))
    assert [
        (x.line_type, x.quantity, x.unit_of_measure, x.unit_price, x.line_total, x.gl_account)
        for x in draft.lines
    ] == [
        ("capital purchase", "1", "units", "4320000", "4320000.00", "1500"),
        ("running cost", "48", "unit-months", "23230.08", "1115043.84", "6100"),
        ("residual value", "1", "units", "-432000", "-432000.00", "1500"),
    ]
    capital, running, residual = draft.lines
    assert (capital.upfront_amount, capital.monthly_amount) == ("4320000.00", "0.00")
    assert (running.upfront_amount, running.monthly_amount) == ("0.00", "23230.08")
    assert "not a purchase from a supplier" in running.description
    assert "a credit against the obligation, not a payment" in residual.description
    assert Decimal(draft.total) == Decimal("5003043.84")
    assert abs(Decimal(draft.total) - Decimal(repr(OBLIGATION))) <= Decimal("0.005")


def test_owned_hardware_without_parts_stays_one_capital_line() -> None:
    """An owned offer given by its hourly price (the shipped ones) keeps its one capital
    purchase line at the obligation: its parts are unknown."""
    plan = golden_plan("portfolio-three-models")
    draft = requisition(plan, default_catalog())
    owned = [x for x in draft.lines if x.supplier_part_number.startswith("onprem-")]
    assert owned and {x.line_type for x in owned} == {"capital purchase"}


def test_owned_line_without_parts_says_it_is_a_whole_cost_not_a_capex_quote() -> None:
    """The seed's GB300 rack, priced by SemiAnalysis's owner TCO per GPU-hour (capex, power
    and colocation together) and paid All Upfront, is one line at the whole 48 months'
    cost, 20,072,033.28 (review 22: it read as the rack's capex at the start); its description
    says the price it is at and its basis, and that it is a budget figure, not a capex quote."""
    draft = requisition(golden_plan("seed-deepseek-r1"), default_catalog())
    [rack] = [x for x in draft.lines if x.supplier_part_number == "onprem-gb300"]
    assert rack.line_total == "20072033.28"
    assert "at the owner's whole cost of the term (2.652 per GPU-hour, estimate:" in (
        rack.description
    )
    assert rack.description.endswith("a budget figure, not a supplier's capex quote")


def test_owned_parts_lines_carry_their_own_payment_model_and_dates() -> None:
    """The capital purchase is paid upfront (All Upfront, needed by the term's start); the
    running cost monthly (No Upfront, 48 months); the residual value is a credit recovered the
    month after the term, 2031-01, with no payment model and nothing needed by a date (probe
    5, finding 5: both carried All Upfront, the residual dated 2027-01-01), and nothing in
    `upfront_amount` (probe 14a, finding 3: the credit there cut the column's sum, the cash
    paid at signing, by 432,000.00)."""
    plan, catalog = _plan()
    capital, running, residual = requisition(plan, catalog).lines
    assert (capital.payment_model, capital.need_by_date, capital.term_start) == (
        "All Upfront",
        "2027-01-01",
        "2027-01-01",
    )
    assert (running.payment_model, running.term_months, running.term_end) == (
        "No Upfront",
        48,
        "2030-12-31",
    )
    assert running.payment_schedule == "23,230.08 a month for 48 months"
    assert (residual.payment_model, residual.need_by_date, residual.term_months) == ("", "", 0)
    assert (residual.term_start, residual.term_end) == ("2031-01-01", "2031-01-31")
    assert (residual.upfront_amount, residual.monthly_amount) == ("0.00", "0.00")
    assert residual.last_monthly_amount == "0.00" and residual.line_total == "-432000.00"
    upfront = sum(Decimal(x.upfront_amount) for x in (capital, running, residual))
    assert upfront == Decimal(capital.line_total)
    assert residual.payment_schedule == "432,000.00 recovered on 2031-01-01"


def test_cash_summary_says_the_upfront_is_an_owned_whole_cost() -> None:
    """The seed's upfront, 20,072,033.28, is all its GB300 racks' whole 48-month owner cost
    (All Upfront, no parts given): the cash summary says so beside "of which upfront"; a plan
    whose owned offer gives its parts (capex apart) has no such row."""
    pairs = dict(build_report(golden_plan("seed-deepseek-r1"), default_catalog()).cash_summary)
    said = pairs[WHOLE_COST]
    assert isinstance(said, Text)
    assert said.value.startswith("20,072,033.28 USD of the upfront is owned hardware priced by")
    plan, catalog = _plan()
    assert WHOLE_COST not in dict(build_report(plan, catalog).cash_summary)
