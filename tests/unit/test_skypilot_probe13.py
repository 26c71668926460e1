"""Probe 13 findings 4 and 7 on the SkyPilot import: a malformed header row was a 500 (the
header was read outside the guard of the rows); an accelerator two catalog systems share was
mapped to whichever came last (an H100 instance priced against a system with no curve); and a
spot snapshot was labelled a list price."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from catalog import InvalidInput, default_catalog
from catalog.skypilot import offers_from_skypilot
from tests.paths import DATA

TEXT = (DATA / "skypilot-vms.csv").read_text()
DAY = dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    "text",
    [
        "InstanceType,AcceleratorName\rfoo",  # a bare CR inside the header row
        '"' + "x" * 200_000 + '",AcceleratorName\n',  # a header cell over csv's field limit
    ],
)
def test_a_malformed_header_row_is_named_not_a_crash(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        offers_from_skypilot(text, default_catalog(), "AWS", DAY)
    (error,) = raised.value.errors
    assert error.field == "skypilot.csv" and error.message.startswith("malformed CSV")


@pytest.mark.parametrize("accelerator", ["H100", "h100 "])
def test_an_accelerator_of_two_systems_is_not_guessed(accelerator: str) -> None:
    """A second H100 system (a copy of hgx-h100; probe 13b: its accelerator "h100 ", with a
    space, escaped the check): the file's H100 rows name both systems and are not imported;
    the others still are."""
    catalog = default_catalog()
    (h100,) = [s for s in catalog.systems if s.id == "hgx-h100"]
    twin = msgspec.structs.replace(h100, id="h100-pcie", name="H100 PCIe", accelerator=accelerator)
    catalog = msgspec.structs.replace(catalog, systems=(*catalog.systems, twin))
    read = offers_from_skypilot(TEXT, catalog, "AWS", DAY)
    assert not any(o.system_id in ("hgx-h100", "h100-pcie") for o in read.offers)
    ambiguous = [e for e in read.skipped if e.field.endswith(".AcceleratorName")]
    assert ambiguous, read.skipped
    assert all("systems h100-pcie, hgx-h100" in e.message for e in ambiguous)
    alone = offers_from_skypilot(TEXT, default_catalog(), "AWS", DAY)
    assert {o.system_id for o in alone.offers} == {"hgx-h100"}


def test_a_spot_snapshot_is_an_estimate_and_an_on_demand_price_a_list_price() -> None:
    read = offers_from_skypilot(TEXT, default_catalog(), "AWS", DAY)
    basis = {o.kind: o.price_basis for o in read.offers}
    assert basis == {"on_demand": "list", "spot": "estimate"}
