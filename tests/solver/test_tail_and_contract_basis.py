"""Review 17b F7 and F6: how far to trust two figures a buyer reads.

F7: the tail's own cost per million tokens had no basis beside it (JSON `tail` had none; the
CLI printed "0.1523 per million tokens" bare where the horizon's line said "(an illustrative
price, measured throughput)"), though an offer only the tail buys may be what it rests on.

F6: units an existing commitment holds at a price the buyer signed rested, in `cost_basis`,
on the catalog offer's basis (an illustrative price for a signed contract); they rest on the
contract (`contract`, the firmest basis) for their term, and only then: units at the
catalog's price, new ones beside them, and a renewal after the term (a new contract, at
today's price) keep the offer's basis. Tiny catalogs."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from catalog import Catalog
from optimizer import Existing, Options, Plan, PlanRequest, make_plan
from optimizer.price_trust import PRICE_BASES
from service.reports.document import build_report
from service.reports.formats import render_report
from service.reports.to_text import plan_text
from tests.documents import workbook
from tests.tiny import Spec, catalog, forecast


def _late_catalog() -> Catalog:
    """`now` on demand at 4.00 (a quote) and `late`, an illustrative 2.00 available only from
    2027-04, the month after a 3-month horizon from 2027-01: the tail buys only `late`."""
    base = catalog(
        Spec("now", 4.0),
        Spec("late", 2.0, price_basis="illustrative", as_of=dt.date(2026, 12, 1)),
    )
    late = msgspec.structs.replace(base.offers[1], available_from="2027-04")
    return msgspec.structs.replace(base, offers=(base.offers[0], late))


def _plan(cat: Catalog, months: int, tail: int, existing: tuple[Existing, ...] = ()) -> Plan:
    request = PlanRequest(
        forecast=forecast(1_000.0, months=months),
        existing=existing,
        options=Options(commitment_accounting="demand_continues", tail_months=tail),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal"
    return plan


def test_the_tails_cost_per_token_says_what_it_rests_on() -> None:
    """The horizon buys the quoted `now`, the tail the illustrative `late`: the tail's figure
    rests on an illustrative price, the horizon's on a quote, and every format says so
    beside the tail's figure."""
    cat = _late_catalog()
    plan = _plan(cat, 3, 3)
    assert plan.summary is not None and plan.tail is not None
    assert plan.tail.offers_only_in_tail == ("late",)
    assert plan.summary.cost_basis is not None
    assert plan.summary.cost_basis.said == "quote price, measured throughput"
    assert plan.tail.cost_basis is not None
    assert plan.tail.cost_basis.price_basis == "illustrative"
    assert plan.tail.cost_basis.said == "illustrative price, measured throughput"
    text = plan_text(build_report(plan, cat))
    [line] = [x for x in text.splitlines() if x.startswith("tail ")]
    assert "per million tokens (an illustrative price, measured throughput)" in line
    said = "tail cost per million tokens rests on"
    md = str(render_report(plan, cat, "md")[0])
    assert f"| {said} | illustrative price, measured throughput |" in md
    html = str(render_report(plan, cat, "html")[0])
    assert said in html and "illustrative price, measured throughput" in html
    book = workbook(bytes(render_report(plan, cat, "xlsx")[0]))
    rows = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert rows[said] == "illustrative price, measured throughput"
    stored = msgspec.json.decode(render_report(plan, cat, "json")[0])
    assert stored["tail"]["cost_basis"]["price_basis"] == "illustrative"


OWN = Spec("own", 1.0, term_months=12, price_basis="illustrative")
"""A 12-month contract at an illustrative catalog price."""
OD = Spec("od", 9.0, price_basis="estimate")


def _held(price: float | None, units: int = 1) -> tuple[Existing, ...]:
    return (
        Existing(
            offer_id="own", units=units, start="2027-01", term_months=12, price_per_gpu_hour=price
        ),
    )


def test_a_signed_commitment_rests_on_its_contract_for_its_term_only() -> None:
    """One signed unit serves the 12-month horizon alone: the horizon's figure and the
    workload's rest on the contract; its renewal in the 6-month tail is a new contract at
    the catalog's illustrative price, and so is the lifetime's weakest."""
    cat = catalog(OWN, OD)
    plan = _plan(cat, 12, 6, _held(0.9))
    assert plan.summary is not None and plan.tail is not None
    assert {a.offer_id for m in plan.months for a in m.allocations} == {"own"}
    assert not [c for c in plan.commitments if not c.existing]
    assert plan.summary.cost_basis is not None
    assert plan.summary.cost_basis.said == "contract price, measured throughput"
    assert plan.workloads[0].cost_basis == plan.summary.cost_basis
    assert plan.tail.renewals and plan.tail.renewals[0].units_renewed == 1
    assert plan.tail.cost_basis is not None
    assert plan.tail.cost_basis.price_basis == "illustrative"
    assert plan.summary.lifetime_cost_basis is not None
    assert plan.summary.lifetime_cost_basis.price_basis == "illustrative"
    md = str(render_report(plan, cat, "md")[0])
    assert "(a contract price, measured throughput; " in md


@pytest.mark.parametrize("price", [None, 0.9], ids=["catalog price", "signed, with new units"])
def test_units_not_all_signed_keep_the_offers_basis(price: float | None) -> None:
    """Held at the catalog's price (no signed price), or signed but with new units of the
    same offer beside it (2,000 tok/s: two units, one held), the horizon rests on the offer's
    illustrative price: never overstated."""
    cat = catalog(OWN, OD)
    request = PlanRequest(
        forecast=forecast(1_000.0 if price is None else 2_000.0, months=12),
        existing=_held(price),
        options=Options(commitment_accounting="demand_continues", tail_months=6),
    )
    assert request.forecast is not None
    plan = make_plan(cat, request, request.forecast)
    assert plan.status == "optimal" and plan.summary is not None
    assert {a.offer_id for m in plan.months for a in m.allocations} == {"own"}
    assert plan.summary.cost_basis is not None
    assert plan.summary.cost_basis.price_basis == "illustrative"


def test_contract_is_the_firmest_basis() -> None:
    assert PRICE_BASES[0] == "contract"
    assert PRICE_BASES[1:] == ("quote", "list", "estimate", "illustrative")


def test_an_offer_held_only_at_a_signed_price_is_not_warned_of_its_catalog_price() -> None:
    """Review 18 R4: a plan whose every unit of `own` is held at a signed price, in its term
    (6 months and a 6-month tail within its 12), rests on the contract everywhere, yet was
    warned that `own`'s catalog price is illustrative. Held at the catalog's price (not
    signed), the warning stays."""
    cat = catalog(OWN, OD)
    signed = _plan(cat, 6, 6, _held(0.9))
    assert signed.summary is not None and signed.summary.cost_basis is not None
    assert signed.summary.cost_basis.price_basis == "contract"
    assert not [w for w in signed.warnings if "own (illustrative)" in w], signed.warnings
    unsigned = _plan(cat, 6, 6, _held(None))
    assert [w for w in unsigned.warnings if "own (illustrative)" in w], unsigned.warnings
