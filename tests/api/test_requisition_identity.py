"""Review finding 1: every requisition line's total is its quantity times its unit price, as
shown, to the cent (what Coupa or Ariba recompute), in JSON and CSV; per-token purchases are
two lines at the vendor's list prices; the lines add up to the plan within half a cent a line."""

from __future__ import annotations

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from catalog import default_catalog
from service.reports.requisition import requisition
from tests.golden import golden_plan
from tests.paths import EXAMPLES

# One store: what is checked is the requisition's arithmetic; storing and reading
# plans back on PostgreSQL is test_api_plans' and test_store_backends'.
pytestmark = pytest.mark.one_store

Client = AsyncTestClient[Litestar]
HALF_CENT = Decimal("0.005")


def _product(line: dict[str, Any]) -> Decimal:
    exact = Decimal(line["quantity"]) * Decimal(line["unit_price"])
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _plan_spend(plan: dict[str, Any]) -> Decimal:
    """What the requisition buys: the new commitments' obligation and the API tokens."""
    api = sum(p["cost"] for m in plan["months"] for p in m["purchases"])
    return Decimal(repr(plan["summary"]["total_obligation"] + api))


async def test_build_or_buy_lines_are_quantity_times_unit_price(client: Client) -> None:
    """The build-or-buy example (per-token and GPU-hour lines at large quantities): each line,
    in JSON and CSV, totals exactly quantity x unit price to the cent; API lines are priced at
    the offer's list input or output price; the lines sum to the draft's total, within half a
    cent a line of the plan's obligation plus API spend."""
    body = json.loads((EXAMPLES / "build-or-buy-deepseek-r1.json").read_text())
    plan = (await client.post("/plans", json=body, headers={"Prefer": "wait=120"})).json()
    assert plan["status"] in ("optimal", "feasible"), plan.get("error")
    draft = (await client.get(f"/plans/{plan['id']}/requisition.json")).json()
    lines = draft["lines"]
    tokens = [line for line in lines if line["unit_of_measure"] == "million tokens"]
    assert tokens and len(tokens) < len(lines)  # GPUs bought as well
    for line in lines:
        assert Decimal(line["line_total"]) == _product(line), line
    offers = {o.id: o for o in default_catalog().api_offers}
    for line in tokens:
        offer = offers[line["supplier_part_number"]]
        listed = {offer.price_per_million_input_tokens, offer.price_per_million_output_tokens}
        assert float(line["unit_price"]) in listed
    total = sum((Decimal(line["line_total"]) for line in lines), Decimal("0.00"))
    assert Decimal(draft["total"]) == total
    assert abs(total - _plan_spend(plan)) <= HALF_CENT * len(lines)
    rows = list(
        csv.DictReader(io.StringIO((await client.get(f"/plans/{plan['id']}/requisition.csv")).text))
    )
    assert [(r["quantity"], r["unit_price"], r["line_total"]) for r in rows] == [
        (line["quantity"], line["unit_price"], line["line_total"]) for line in lines
    ]


def test_golden_requisitions_hold_the_identity_and_the_tolerance() -> None:
    """Every golden plan's requisition: each line is quantity x unit price to the cent, and
    the lines sum to within half a cent a line of the plan's obligation."""
    for name in ("growing-power-capped", "portfolio-three-models", "seed-deepseek-r1"):
        plan = golden_plan(name)
        draft = requisition(plan, default_catalog())
        for line in draft.lines:
            assert Decimal(line.line_total) == _product(
                {"quantity": line.quantity, "unit_price": line.unit_price}
            )
        assert plan.summary is not None
        spent = Decimal(repr(plan.summary.total_obligation))
        assert abs(Decimal(draft.total) - spent) <= HALF_CENT * len(draft.lines)
