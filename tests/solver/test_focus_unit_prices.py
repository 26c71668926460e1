"""Probe 17a L4: focus.csv wrote unit prices to six places while its costs used the whole
price, so on a price derived from its tco parts (1.98306849... a GPU-hour) quantity x unit
price missed the cost by cents on every row (52,560 GPU-hours x 1.983068 = 104,230.05 against
104,230.08). FOCUS: ListUnitPrice x PricingQuantity MUST produce ListCost (the contracted
pair alike); the precision is the provider's to choose."""

from __future__ import annotations

import csv
import functools
import io
from decimal import ROUND_HALF_UP, Decimal

import msgspec

from catalog import Catalog, Offer, default_catalog
from optimizer import Plan, PlanRequest, make_plan
from service.reports.focus import focus_csv
from tests.golden import golden_plan
from tests.owned import owned_by_parts
from tests.paths import EXAMPLES

PAIRS = (("ListUnitPrice", "ListCost"), ("ContractedUnitPrice", "ContractedCost"))


@functools.cache
def _owned() -> tuple[Plan, Catalog]:
    """The seed's forecast with a GB300 rack given by its parts beside the shipped offers: the
    plan buys it."""
    offer = msgspec.convert(owned_by_parts(id="my-gb300"), Offer)
    catalog = default_catalog()
    catalog = msgspec.structs.replace(catalog, offers=(*catalog.offers, offer))
    request = msgspec.json.decode(
        (EXAMPLES / "seed-deepseek-r1.json").read_bytes(), type=PlanRequest
    )
    assert request.forecast is not None
    plan = make_plan(catalog, request, request.forecast)
    assert plan.status == "optimal" and {c.offer_id for c in plan.commitments} == {"my-gb300"}
    return plan, catalog


def _rows(plan: Plan, catalog: Catalog) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(focus_csv(plan, catalog))))


def test_quantity_times_unit_price_is_the_cost_to_the_cent() -> None:
    rows = [r for r in _rows(*_owned()) if r["ChargeCategory"] == "Usage"]
    assert rows
    for row in rows:
        for price, cost in PAIRS:
            product = Decimal(row["PricingQuantity"]) * Decimal(row[price])
            assert product.quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal(row[cost]), row
    # One offer's price reads the same on every row of it.
    assert {r["ListUnitPrice"] for r in rows if r["SkuPriceId"] == "my-gb300"} == {"1.9830685"}


def test_a_catalog_price_reads_as_it_is_written() -> None:
    """Prices of six places or fewer (every shipped one) are written as before."""
    catalog = default_catalog()
    for row in _rows(golden_plan("seed-deepseek-r1"), catalog):
        offer = catalog.offer(row["SkuPriceId"])
        if offer is not None and row["ChargeCategory"] == "Usage":
            assert Decimal(row["ContractedUnitPrice"]) == Decimal(repr(offer.price_per_gpu_hour))
