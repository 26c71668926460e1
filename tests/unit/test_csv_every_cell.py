"""CSV imports name every bad cell of a row at once (review 7b finding 4): each blank required
cell, not only the first; the FOCUS enumerations and unreadable numbers beside the rest; and
no whole-row problem that a cell already named causes."""

from __future__ import annotations

from catalog import default_catalog
from catalog.api_offers_csv import api_offers_from_csv, api_offers_to_csv
from catalog.offers_csv import offers_from_csv, offers_to_csv
from tests.unit.test_csv_import_errors import _csv, _errors, _rows


def _offer_errors(changes: dict[str, str]) -> dict[str, str]:
    rows = _rows(offers_to_csv(default_catalog().offers[:1]))
    rows[0] |= changes
    return _errors(offers_from_csv, _csv(rows))


def test_each_blank_required_offer_cell_is_named_beside_a_bad_one() -> None:
    """An offers row with a SkuPriceId that is no slug and blank x_SystemId and
    ServiceProviderName names all three, the blank ones as missing."""
    errors = _offer_errors({"SkuPriceId": "BAD!", "x_SystemId": "", "ServiceProviderName": ""})
    assert sorted(errors) == [
        f"offers.csv[row 1].{c}" for c in ("ServiceProviderName", "SkuPriceId", "x_SystemId")
    ]
    assert "missing required field `system_id`" in errors["offers.csv[row 1].x_SystemId"]


def test_enumerations_are_checked_beside_the_other_cells() -> None:
    """A PricingCategory outside FOCUS's values, a wrong PricingUnit and a RegionId that is no
    slug are named together, the category with the value its kind implies."""
    errors = _offer_errors({"PricingCategory": "nope", "PricingUnit": "Hours", "RegionId": "x y"})
    assert sorted(errors) == [
        f"offers.csv[row 1].{c}" for c in ("PricingCategory", "PricingUnit", "RegionId")
    ]
    assert "one of Committed, Dynamic, Standard; " in errors["offers.csv[row 1].PricingCategory"]


def test_an_unreadable_price_names_only_its_cell() -> None:
    """A ContractedUnitPrice that is no number is named alone, with no whole-row "give a price"
    problem that its absence would cause."""
    errors = _offer_errors({"ContractedUnitPrice": "abc", "ListUnitPrice": ""})
    assert list(errors) == ["offers.csv[row 1].ContractedUnitPrice"]
    assert "'abc'" in errors["offers.csv[row 1].ContractedUnitPrice"]


def test_an_api_offer_names_blank_cells_and_values_beside_a_bad_price() -> None:
    """API offer rows with blank ServiceProviderName and x_Source name both; a ListUnitPrice
    that is no number does not hide an x_PriceBasis outside its values."""
    rows = _rows(api_offers_to_csv(default_catalog().api_offers[:1]))
    for row in rows:
        row |= {"ServiceProviderName": "", "x_Source": "", "x_PriceBasis": "zz"}
    rows[0]["ListUnitPrice"] = "abc"
    errors = _errors(api_offers_from_csv, _csv(rows))
    assert sorted(errors) == [
        f"api_offers.csv[row 1].{c}"
        for c in ("ListUnitPrice", "ServiceProviderName", "x_PriceBasis", "x_Source")
    ]
