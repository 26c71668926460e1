"""Every exported line says how far to trust its price (probe 14a, finding 2): focus.csv
exported the seed's CoreWeave reservation at 4.2 (the catalog's `illustrative` best-case
discount) and its on-prem GB300 (a placeholder `estimate`) as ListUnitPrice and
ContractedUnitPrice, and report.csv's allocation lines had no basis either, so a FinOps tool
ingesting them could not tell a guess from a quote. And how old it is: report.csv's lines had
no date of their prices (probe 21), where focus.csv and the requisition had one."""

from __future__ import annotations

import csv
import datetime as dt
import io

from catalog import default_catalog
from service.reports.document import build_report
from service.reports.focus import focus_csv
from service.reports.tables import ALLOCATION_COLUMNS, allocations
from service.reports.to_csv import render
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


def test_allocation_lines_end_with_the_price_basis_and_its_date() -> None:
    """Each allocation line's last two columns are its offer's (or API offer's) price basis
    and the date of its price."""
    catalog = default_catalog()
    for name in ("seed-deepseek-r1", "build-or-buy-deepseek-r1"):
        table = allocations(golden_plan(name), catalog)
        at = ALLOCATION_COLUMNS.index("price_basis")
        offer_at = ALLOCATION_COLUMNS.index("offer_id")
        for row in table.rows:
            offer_id = str(row[offer_at].value)
            item = catalog.offer(offer_id) or catalog.api_offer(offer_id)
            assert item is not None and row[at].value == item.price_basis
            assert row[at + 1].value == item.as_of.isoformat()
    assert ALLOCATION_COLUMNS[-2:] == ("price_basis", "price_as_of")


def test_report_csv_dates_every_price() -> None:
    """Every row of report.csv, on every golden plan with lines (GPU rows, idle rows, tokens
    bought from APIs), has `price_as_of`: the ISO 8601 date its offer's price was taken, the
    one focus.csv's `x_PriceAsOf` gives the same offer (the seed's GB300 racks: 2026-04-03)."""
    catalog = default_catalog()
    seen: set[str] = set()
    for name in (
        "seed-deepseek-r1",
        "build-or-buy-deepseek-r1",
        "growing-power-capped",
        "portfolio-three-models",
        "three-scenarios",
    ):
        plan = golden_plan(name)
        rows = list(csv.DictReader(io.StringIO(render(build_report(plan, catalog)))))
        assert rows, name
        focus = {
            r["SkuPriceId"]: r["x_PriceAsOf"]
            for r in csv.DictReader(io.StringIO(focus_csv(plan, catalog)))
        }
        for row in rows:
            item = catalog.offer(row["offer_id"]) or catalog.api_offer(row["offer_id"])
            assert item is not None, row["offer_id"]
            assert dt.date.fromisoformat(row["price_as_of"]) == item.as_of, row
            assert row["price_as_of"] == focus[row["offer_id"]]
            seen.add(row["kind"])
    assert {"owned", "api"} <= seen
    seed = render(build_report(golden_plan("seed-deepseek-r1"), catalog))
    racks = {r["price_as_of"] for r in csv.DictReader(io.StringIO(seed))}
    assert racks == {"2026-04-03"}
