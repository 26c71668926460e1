"""Issue 15: the offers CSV uses FOCUS's names (`RegionId`, the vendor's SKU in `SkuId`,
`ContractedUnitPrice` beside `ListUnitPrice`), still imports files with the old names, and
refuses a FOCUS enumeration outside its values naming the cell."""

from __future__ import annotations

import msgspec
import pytest

from catalog import InvalidInput, Offer, default_catalog
from catalog.offers_csv import OFFER_COLUMNS, offers_from_csv, offers_to_csv


def _offer(offer_id: str = "coreweave-h100-od") -> Offer:
    return next(o for o in default_catalog().offers if o.id == offer_id)


def test_header_uses_focus_names() -> None:
    """RegionId, SkuId (vendor SKU) with x_SystemId, ListUnitPrice then ContractedUnitPrice."""
    assert "PricingRegionId" not in OFFER_COLUMNS and "RegionId" in OFFER_COLUMNS
    i = OFFER_COLUMNS.index("ListUnitPrice")
    assert OFFER_COLUMNS[i + 1] == "ContractedUnitPrice"
    assert {"SkuId", "x_SystemId"} <= set(OFFER_COLUMNS)


def test_a_negotiated_price_and_a_vendor_sku_round_trip() -> None:
    """An offer with a quote below its list price and a vendor SKU exports both prices and
    the SKU, and imports back equal; an offer without a list price stays without one."""
    quoted = msgspec.structs.replace(
        _offer(), price_per_gpu_hour=4.5, list_price_per_gpu_hour=6.155, sku="gd-8xh100ib-i128"
    )
    plain = _offer("onprem-b200")
    text = offers_to_csv([quoted, plain])
    header, first = text.splitlines()[:2]
    row = dict(zip(header.split(","), first.split(","), strict=True))
    assert (row["ListUnitPrice"], row["ContractedUnitPrice"]) == ("6.155", "4.5")
    assert (row["SkuId"], row["x_SystemId"]) == ("gd-8xh100ib-i128", quoted.system_id)
    assert offers_from_csv(text) == [quoted, plain]


def test_a_file_with_the_old_names_still_imports() -> None:
    """A file written before the FOCUS names (PricingRegionId, the system id in SkuId, the
    price in ListUnitPrice, no ContractedUnitPrice or x_SystemId) imports as the same offers."""
    offers = list(default_catalog().offers[:5])
    rows = [line.split(",") for line in offers_to_csv(offers).splitlines()]
    header = rows[0]
    drop = {header.index("SkuId"), header.index("ContractedUnitPrice")}
    old = [[cell for i, cell in enumerate(row) if i not in drop] for row in rows]
    old[0] = [{"RegionId": "PricingRegionId", "x_SystemId": "SkuId"}.get(h, h) for h in old[0]]
    text = "\r\n".join(",".join(row) for row in old) + "\r\n"
    assert offers_from_csv(text) == offers


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("PricingCategory", "Bargain", "one of Committed, Dynamic, Standard"),
        ("PricingCategory", "Committed", "expected Standard for x_Kind on_demand"),
        ("PricingUnit", "GPU-Months", "expected GPU-Hours"),
    ],
)
def test_an_invalid_enumeration_is_refused_naming_the_cell(
    column: str, value: str, words: str
) -> None:
    """A PricingCategory outside FOCUS's values, or one that disagrees with the offer's kind,
    and a PricingUnit other than GPU-Hours are refused as offers.csv[row 1].Column."""
    text = offers_to_csv([_offer()])
    header, row = (line.split(",") for line in text.splitlines())
    row[header.index(column)] = value
    with pytest.raises(InvalidInput) as raised:
        offers_from_csv(",".join(header) + "\r\n" + ",".join(row) + "\r\n")
    error = raised.value.errors[0]
    assert error.field == f"offers.csv[row 1].{column}"
    assert words in error.message and repr(value) in error.message
