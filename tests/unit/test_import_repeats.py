"""An offer id sent twice is refused where it repeats, not on the whole list (probe 8, finding
9b next door: a bulk import said only `offers`: "ids appear more than once")."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from catalog import InvalidInput, Offer, default_catalog
from catalog.errors import FieldError
from catalog.offers_csv import offers_from_csv, offers_to_csv
from service.catalog_ops import ImportDocument, import_catalog
from service.store import Store
from tests.bodies import NEW_OFFER


def test_a_json_import_names_each_repeat(tmp_path: Path) -> None:
    """offers[0] and offers[2] share an id: refused on offers[2].id, naming offers[0]; nothing
    is written."""
    other = {**NEW_OFFER, "id": "acme-h100-b"}
    sent = msgspec.convert([NEW_OFFER, other, NEW_OFFER], tuple[Offer, ...])
    store = Store(str(tmp_path / "t.db"))
    with pytest.raises(InvalidInput) as raised:
        import_catalog(store, ImportDocument(offers=sent), None)
    assert raised.value.errors == [FieldError("offers[2].id", "id 'acme-h100' is offers[0]'s too")]
    assert store.current_revision() == 1
    store.close()


def test_an_offers_csv_names_the_repeated_row() -> None:
    """The shipped offers' CSV with its first row again at the end: refused on that row's
    SkuPriceId, naming row 1."""
    text = offers_to_csv(default_catalog().offers)
    lines = text.splitlines()
    repeated = "\r\n".join([*lines, lines[1]]) + "\r\n"
    with pytest.raises(InvalidInput) as raised:
        offers_from_csv(repeated)
    [error] = raised.value.errors
    assert error.field == f"offers.csv[row {len(lines)}].SkuPriceId"
    assert error.message.endswith("is row 1's too: one row an offer")
