"""Every exported line says how far to trust its price (probe 14a, finding 2): focus.csv
exported the seed's CoreWeave reservation at 4.2 (the catalog's `illustrative` best-case
discount) and its on-prem GB300 (a placeholder `estimate`) as ListUnitPrice and
ContractedUnitPrice, and report.csv's allocation lines had no basis either, so a FinOps tool
ingesting them could not tell a guess from a quote."""

from __future__ import annotations

import csv
import io

from catalog import default_catalog
from service.reports.focus import focus_csv
from service.reports.tables import ALLOCATION_COLUMNS, allocations
from tests.golden import golden_plan


def test_focus_rows_carry_their_offers_price_basis_and_date() -> None:
    catalog = default_catalog()
    rows = list(csv.DictReader(io.StringIO(focus_csv(golden_plan("seed-deepseek-r1"), catalog))))
    assert rows
    for row in rows:
        item = catalog.offer(row["SkuPriceId"]) or catalog.api_offer(row["SkuPriceId"])
        assert item is not None, row["SkuPriceId"]
        assert row["x_PriceBasis"] == item.price_basis
        assert row["x_PriceAsOf"] == item.as_of.isoformat()
    # The seed's GB300 racks are priced on a placeholder estimate (1.2 x GB200's).
    racks = {r["x_PriceBasis"] for r in rows if r["SkuPriceId"] == "onprem-gb300"}
    assert racks == {"estimate"}


def test_api_rows_carry_the_api_offers_basis() -> None:
    catalog = default_catalog()
    plan = golden_plan("build-or-buy-deepseek-r1")
    rows = list(csv.DictReader(io.StringIO(focus_csv(plan, catalog))))
    api = [r for r in rows if r["x_Kind"] == "api"]
    assert api
    for row in api:
        item = catalog.api_offer(row["SkuPriceId"])
        assert item is not None and row["x_PriceBasis"] == item.price_basis


def test_allocation_lines_end_with_the_price_basis() -> None:
    catalog = default_catalog()
    for name in ("seed-deepseek-r1", "build-or-buy-deepseek-r1"):
        table = allocations(golden_plan(name), catalog)
        at = ALLOCATION_COLUMNS.index("price_basis")
        offer_at = ALLOCATION_COLUMNS.index("offer_id")
        for row in table.rows:
            offer_id = str(row[offer_at].value)
            item = catalog.offer(offer_id) or catalog.api_offer(offer_id)
            assert item is not None and row[at].value == item.price_basis
