"""Issue 15: requisition lines a suite imports: one per offer and contiguous term (no merged
gaps, no duplicates), and the tenant's request-level fields on every line."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from optimizer.plan import Commitment
from service.reports.requisition import RequestFields, requisition
from tests.golden import golden_plan, store_plan
from tests.problems import assert_problem

Client = AsyncTestClient[Litestar]


def _on_demand(month: str, gpus: float = 8.0) -> Commitment:
    return Commitment(
        offer_id="nebius-b200-od",
        vendor="Nebius",
        kind="on_demand",
        start=month,
        end=month,
        term_months=0,
        units=gpus / 8,
        gpus=gpus,
        monthly_cost=gpus * 730 * 5.5,
        total_obligation=gpus * 730 * 5.5,
        obligation_in_horizon=gpus * 730 * 5.5,
        obligation_beyond_horizon=0.0,
        existing=False,
        payment_model="No Upfront",
    )


def test_on_demand_months_with_gaps_are_one_line_per_run() -> None:
    """On-demand months 02, 05, 06 and 11 are three lines (02, 05-06, 11), never one 02-11
    term; each run's GPU-hours and total are its own months'."""
    plan = golden_plan("portfolio-tail6")
    months = ["2027-02", "2027-05", "2027-06", "2027-11"]
    others = tuple(c for c in plan.commitments if c.offer_id != "nebius-b200-od")
    spread = tuple(_on_demand(m) for m in months)
    plan = msgspec.structs.replace(plan, commitments=others + spread)
    lines = [
        line
        for line in requisition(plan, default_catalog()).lines
        if line.supplier_part_number == "nebius-b200-od"
    ]
    assert [(line.term_start, line.term_end) for line in lines] == [
        ("2027-02-01", "2027-02-28"),
        ("2027-05-01", "2027-06-30"),
        ("2027-11-01", "2027-11-30"),
    ]
    assert [line.quantity for line in lines] == ["5840", "11680", "5840"]
    assert [Decimal(line.line_total) for line in lines] == [
        Decimal("32120.00"),
        Decimal("64240.00"),
        Decimal("32120.00"),
    ]


def test_commitments_with_the_same_offer_start_and_term_are_one_line() -> None:
    """Two commitments on one offer, one start and one term (a duplicate) are one line with
    their units and obligation added up; the total is unchanged."""
    plan = golden_plan("portfolio-tail6")
    first = next(c for c in plan.commitments if c.offer_id == "onprem-b200")
    doubled = msgspec.structs.replace(plan, commitments=(*plan.commitments, first))
    before = requisition(plan, default_catalog())
    after = requisition(doubled, default_catalog())
    assert len(after.lines) == len(before.lines)
    line = next(x for x in after.lines if x.term_start == f"{first.start}-01")
    assert Decimal(line.quantity) == Decimal(repr(2 * first.units))
    assert Decimal(after.total) - Decimal(before.total) == Decimal(repr(first.total_obligation))


def test_request_fields_reach_every_line() -> None:
    """Cost center, requester and GL account on every line (capital purchases on the capital
    GL account), the supplier id of each line's vendor from the map."""
    fields = RequestFields(
        cost_center="CC-42",
        gl_account="6100",
        capital_gl_account="1500",
        requester="ana@example.com",
        supplier_ids={"Nebius": "SUP-NEB"},
    )
    draft = requisition(golden_plan("portfolio-tail6"), default_catalog(), fields)
    assert all(x.cost_center == "CC-42" and x.requester == "ana@example.com" for x in draft.lines)
    assert {(x.line_type, x.gl_account) for x in draft.lines} == {
        ("service", "6100"),
        ("capital purchase", "1500"),
    }
    assert {x.supplier: x.supplier_id for x in draft.lines if x.line_type == "service"} == {
        "Nebius": "SUP-NEB"
    }


@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_requisition_takes_request_fields_as_query_parameters(
    client: Client, db_path: str, fmt: str
) -> None:
    """GET /plans/{id}/requisition.{json,csv}?cost_center=...&supplier_ids=Nebius=S1 puts
    them on the lines; a supplier_ids pair without '=' is a 422 naming supplier_ids."""
    plan = store_plan(db_path, golden_plan("portfolio-tail6"))
    url = f"/plans/{plan.id}/requisition.{fmt}"
    response = await client.get(
        url, params={"cost_center": "CC-7", "supplier_ids": "Nebius=S1, Nscale = S2"}
    )
    assert response.status_code == 200
    assert "CC-7" in response.text and "S1" in response.text
    assert_problem(await client.get(url, params={"supplier_ids": "Nebius"}), 422, "supplier_ids")


async def test_requisition_query_fields_refuse_control_characters_and_length(
    client: Client, db_path: str
) -> None:
    """The query fields go into every export as given: a BEL, a right-to-left override or a
    201-character account is a 422 naming the parameter (a BEL reached requisition.csv)."""
    plan = store_plan(db_path, golden_plan("portfolio-tail6"))
    url = f"/plans/{plan.id}/requisition.csv"
    assert_problem(await client.get(url, params={"requester": "\abell"}), 422, "requester")
    rlo = {"capital_gl_account": "\u202e4321"}
    assert_problem(await client.get(url, params=rlo), 422, "capital_gl_account")
    assert_problem(await client.get(url, params={"gl_account": "9" * 201}), 422, "gl_account")
    assert (await client.get(url, params={"requester": "Ana Núñez"})).status_code == 200
