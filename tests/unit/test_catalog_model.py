"""The catalog's domain: the shipped data, validation, round trips, the offers CSV."""

from __future__ import annotations

import csv
from importlib import resources

import msgspec
import pytest

from catalog import Offer, Point, Profile, System, default_catalog
from catalog.csv_rows import read_number
from catalog.errors import FieldError, InvalidInput
from catalog.offers_csv import OFFER_COLUMNS, offers_from_csv, offers_to_csv, safe_cell


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("catalog").joinpath("data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_default_catalog_holds_every_row_of_the_data() -> None:
    """Every system, offer and profile point of the shipped CSVs is in the default catalog,
    except the two points the data marks `excluded` (dominated within their run)."""
    catalog = default_catalog()
    assert {s.id for s in catalog.systems} == {r["id"] for r in _rows("systems.csv")}
    assert {o.id for o in catalog.offers} == {r["id"] for r in _rows("offers.csv")}
    points = sum(len(p.points) for p in catalog.profiles)
    rows = _rows("profile_points.csv")
    assert points == len([r for r in rows if not r["excluded"]]) == 526
    assert len(rows) == 528


def test_every_offer_keeps_its_price_source_date_and_note() -> None:
    """Offers carry the data's price, basis, source, as_of and note verbatim."""
    offers = {o.id: o for o in default_catalog().offers}
    for row in _rows("offers.csv"):
        offer = offers[row["id"]]
        assert offer.price_per_gpu_hour == float(row["price_per_gpu_hour"])
        assert offer.price_basis == row["price_basis"]
        assert offer.source == row["source"]
        assert offer.as_of.isoformat() == row["as_of"]
        assert offer.note == row["note"]
        assert offer.site_key == row["site"]


def test_vendors_and_models_cover_the_brief() -> None:
    """The vendors and models the issue names are all there."""
    catalog = default_catalog()
    vendors = {o.vendor for o in catalog.offers}
    assert {
        "CoreWeave",
        "Nebius",
        "Together AI",
        "Lambda",
        "Nscale",
        "AWS",
        "Azure",
        "On-prem",
    } <= vendors
    shapes = {(p.model, p.isl, p.osl) for p in catalog.profiles}
    assert ("deepseek-r1-0528", 8192, 1024) in shapes
    assert ("deepseek-r1-0528", 1024, 1024) in shapes
    assert {"gpt-oss-120b", "llama-3.3-70b"} <= {m for m, _, _ in shapes}


def test_every_point_has_a_source_and_a_basis() -> None:
    """No point without provenance; the derived and vendor-claim points are labelled so."""
    bases = [p.basis for prof in default_catalog().profiles for p in prof.points]
    assert bases.count("derived") == 2 and bases.count("vendor_claim") == 1
    assert all(p.source for prof in default_catalog().profiles for p in prof.points)


def test_round_trip_through_json() -> None:
    """decode(encode(x)) == x for every shipped item."""
    catalog = default_catalog()
    for kind, items in (
        ("systems", catalog.systems),
        ("profiles", catalog.profiles),
        ("offers", catalog.offers),
    ):
        cls = {"systems": System, "profiles": Profile, "offers": Offer}[kind]
        for item in items:
            assert msgspec.json.decode(msgspec.json.encode(item), type=cls) == item


OFFER = {
    "id": "acme-h100",
    "vendor": "Acme",
    "system_id": "hgx-h100",
    "region": "us",
    "kind": "on_demand",
    "price_per_gpu_hour": 2.5,
    "gpus_per_unit": 8,
    "price_basis": "quote",
    "source": "a quote",
    "as_of": "2026-11-01",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"price_per_gpu_hour": -1}, "Expected `float` > 0.0"),
        ({"price_per_gpu_hour": "cheap"}, "Expected `float`, got `str`"),
        ({"id": "Not A Slug"}, "Expected `str` matching regex"),
        ({"currency": "usd"}, "Expected `str` matching regex"),
        ({"bogus": 1}, "unknown field `bogus`"),
        ({"kind": "reserved"}, "a reserved offer needs `term_months` > 0"),
        ({"min_units": 5, "max_units": 2}, "`min_units` (5) exceeds `max_units` (2)"),
        ({"as_of": "yesterday"}, "Invalid RFC3339 encoded date"),
        ({"supports": ["mtp", "mtp"]}, "lists a value twice"),
    ],
)
def test_offer_validation_refuses(change: dict[str, object], message: str) -> None:
    """Bad offers are refused with a message naming what was wrong."""
    with pytest.raises(msgspec.ValidationError) as info:
        msgspec.convert({**OFFER, **change}, Offer)
    assert message in str(info.value)


def test_offer_site_defaults_to_vendor_slug_and_region() -> None:
    """`site` defaults to `{vendor slug}/{region}` and is stored filled in."""
    offer = msgspec.convert({**OFFER, "vendor": "Acme Cloud"}, Offer)
    assert offer.site == "acme-cloud/us"


def test_point_refuses_non_positive_throughput() -> None:
    """Throughput and interactivity must be > 0."""
    with pytest.raises(msgspec.ValidationError, match="throughput_per_gpu"):
        msgspec.convert(
            {
                "interactivity": 10,
                "throughput_per_gpu": 0,
                "deployment": "d",
                "basis": "measured",
                "source": "s",
                "measured_on": "2026-01-01",
            },
            Point,
        )


def test_offers_csv_round_trips() -> None:
    """The FOCUS-aligned export parses back to the same offers."""
    offers = default_catalog().offers
    text = offers_to_csv(offers)
    assert text.splitlines()[0].split(",") == list(OFFER_COLUMNS)
    assert tuple(offers_from_csv(text)) == offers


def test_offers_csv_keeps_unknown_x_columns_and_refuses_others() -> None:
    """Unknown `x_` columns survive a round trip; any other unknown column is named."""
    text = offers_to_csv(default_catalog().offers[:2])
    lines = text.splitlines()
    with_x = "\r\n".join([lines[0] + ",x_CostCenter"] + [ln + ",cc-42" for ln in lines[1:]])
    offers = offers_from_csv(with_x)
    assert offers[0].extensions == {"x_CostCenter": "cc-42"}
    assert "x_CostCenter" in offers_to_csv(offers).splitlines()[0]
    bad = "\r\n".join([lines[0] + ",Colour"] + [ln + ",red" for ln in lines[1:]])
    with pytest.raises(InvalidInput) as info:
        offers_from_csv(bad)
    assert [e.field for e in info.value.errors] == ["offers.csv.Colour"]


def test_offers_csv_names_the_bad_cell() -> None:
    """A bad cell is named by row and column."""
    lines = offers_to_csv(default_catalog().offers[:3]).splitlines()
    lines[2] = lines[2].replace(",8,", ",eight,", 1)
    with pytest.raises(InvalidInput) as info:
        offers_from_csv("\r\n".join(lines))
    assert info.value.errors[0].field == "offers.csv[row 2].x_GpusPerUnit"
    assert "expected a whole number, got 'eight'" in info.value.errors[0].message


def test_formula_injection_is_neutralised() -> None:
    """Cells starting with = + - @ are prefixed with a quote, and read back unchanged; a plain
    number (a negative amount) stays a number."""
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("-1+1") == "'-1+1"
    assert safe_cell("-2+3*cmd|' /C calc'!A0") == "'-2+3*cmd|' /C calc'!A0"
    assert safe_cell("plain") == "plain"
    # A lone "-" is a placeholder, no formula (probe 19: report.csv's API rows read "'-").
    assert safe_cell("-") == "-"
    assert [safe_cell(n) for n in ("-12826653.33", "+5", "-1e-3")] == [
        "-12826653.33",
        "+5",
        "-1e-3",
    ]
    offer = msgspec.convert({**OFFER, "note": "=cmd|' /C calc'!A0"}, Offer)
    text = offers_to_csv([offer])
    assert ",'=cmd|" in text
    assert offers_from_csv(text)[0].note == offer.note


@pytest.mark.parametrize("text", ["'=x, as Lotus wrote it", "'+1 555 0100", "'-5", "''=x", "'@a"])
def test_a_cell_that_starts_with_a_quote_round_trips(text: str) -> None:
    """A text that itself starts with a quote before = + - @ reads back as written: the export
    quotes it once more, as the import takes one quote off (probe 19: a note "'=x" and a
    source "'+1 555" came back from an export and import as "=x" and "+1 555", a revision
    changing them)."""
    offer = msgspec.convert({**OFFER, "note": text, "source": text}, Offer)
    read = offers_from_csv(offers_to_csv([offer]))[0]
    assert (read.note, read.source) == (text, text)


@pytest.mark.parametrize(
    ("cell", "whole", "read"),
    [("2.652", False, 2.652), (" 48 ", True, 48), ("-1.5e3", False, -1500.0), (".5", False, 0.5)],
)
def test_a_csv_number_is_plain_ascii_decimal(cell: str, whole: bool, read: float) -> None:
    """Digits, a point, an exponent (and spaces around) read as before; `2_652` (Python's
    2652), other scripts' digits and a fraction in a whole column are refused naming the
    column (probe 15 L8: a price stored 1000x)."""
    assert read_number("Price", cell, whole) == read
    # -0 reads as 0, not a price of -0.0 exported as "-0.0" (review 15a L4).
    assert str(read_number("Price", "-0")) == "0.0" and str(read_number("N", "-0", True)) == "0"
    huge = "0" * 5000 + "8"  # past Python's 4,300 digits: a 422, not a 500 (review 15a N1)
    for bad, whole_bad in (
        ("2_652", False),
        ("4_8", True),
        ("\u0662", False),
        ("48.0", True),
        (huge, True),
    ):
        refused = read_number("Price", bad, whole_bad)
        assert isinstance(refused, FieldError) and refused.field == "Price", bad
        assert repr(bad) in refused.message or "4,300 digits" in refused.message
