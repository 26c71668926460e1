"""Per-token API offers as CSV, FOCUS-aligned (ECOSYSTEM.md), out and back in.

A second file beside the GPU offers CSV, because an API offer is two FOCUS price rows (one per
meter: `SkuMeter` `Input Tokens` and `Output Tokens`, `PricingUnit` `1000000 Tokens`) where a
GPU offer is one, and has none of the per-GPU columns that file requires. Both rows of an offer
share its `SkuPriceId` and every column but the meter and its `ListUnitPrice`. Unknown `x_`
columns survive a round trip (an empty cell is no value); any other unknown column is refused
by name.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator

import msgspec

from catalog.api_offer import ApiOffer
from catalog.errors import FieldError, InvalidInput, field_error_from_msgspec
from catalog.input_rules import first_cell_problem
from catalog.offers_csv import check_header, extension_cells, safe_cell, unguard

__all__ = ["API_OFFER_COLUMNS", "api_offers_from_csv", "api_offers_to_csv", "is_api_offers_csv"]

PRICING_UNIT = "1000000 Tokens"
METERS = {
    "Input Tokens": "price_per_million_input_tokens",
    "Output Tokens": ("price_per_million_output_tokens"),
}
# column -> the ApiOffer field it carries (None: the meter's price, or derived)
_COLUMNS: dict[str, str | None] = {
    "SkuPriceId": "id",
    "ServiceProviderName": "vendor",
    "HostProviderName": None,
    "SkuId": "provider_model",
    "x_Model": "model",
    "x_Kind": None,
    "PricingCategory": None,
    "SkuMeter": None,
    "ListUnitPrice": None,
    "PricingUnit": None,
    "PricingCurrency": "currency",
    "x_Regions": "regions",
    "x_MaxTokensPerMinute": "max_tokens_per_minute",
    "x_Interactivity": "interactivity",
    "x_TtftMs": "ttft_ms",
    "x_PriceBasis": "price_basis",
    "SkuPriceEffectiveStart": "as_of",
    "x_Source": "source",
    "x_Note": "note",
}
API_OFFER_COLUMNS: tuple[str, ...] = tuple(_COLUMNS)
_FIXED = {"x_Kind": "api", "PricingCategory": "Standard", "PricingUnit": PRICING_UNIT}
_NUMBERS = {"max_tokens_per_minute", "interactivity", "ttft_ms"}
_REQUIRED = ("SkuPriceId", "ServiceProviderName", "x_Model", "SkuMeter", "ListUnitPrice")


def is_api_offers_csv(text: str) -> bool:
    """Whether a CSV's header is this file's: it has a `SkuMeter` column."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return "SkuMeter" in [cell.strip().strip('"') for cell in first.split(",")]


def _cells(offer: ApiOffer, meter: str, extra: list[str]) -> list[str]:
    def number(value: float | None) -> str:
        return "" if value is None else repr(value)

    values = {
        "SkuPriceId": offer.id,
        "ServiceProviderName": offer.vendor,
        "HostProviderName": offer.vendor,
        "SkuId": offer.provider_model,
        "x_Model": offer.model,
        "SkuMeter": meter,
        "ListUnitPrice": repr(getattr(offer, METERS[meter])),
        "PricingCurrency": offer.currency,
        "x_Regions": " ".join(offer.regions or ()),
        "x_MaxTokensPerMinute": number(offer.max_tokens_per_minute),
        "x_Interactivity": number(offer.interactivity),
        "x_TtftMs": number(offer.ttft_ms),
        "x_PriceBasis": offer.price_basis,
        "SkuPriceEffectiveStart": offer.as_of.isoformat(),
        "x_Source": offer.source,
        "x_Note": offer.note,
        **_FIXED,
    }
    return [values[c] for c in API_OFFER_COLUMNS] + [offer.extensions.get(k, "") for k in extra]


def api_offers_to_csv(offers: list[ApiOffer] | tuple[ApiOffer, ...]) -> str:
    """Two RFC 4180 rows per offer (input, then output meter), then any `x_` extensions."""
    extra = sorted({key for offer in offers for key in offer.extensions})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*API_OFFER_COLUMNS, *extra])
    for offer in offers:
        for meter in METERS:
            writer.writerow([safe_cell(cell) for cell in _cells(offer, meter, extra)])
    return out.getvalue()


def _header(reader: Iterator[list[str]]) -> list[str]:
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise InvalidInput.one("api_offers.csv", f"no header row: {exc}") from exc
    check_header(header, API_OFFER_COLUMNS, _REQUIRED, "api_offers")
    return header


def _document(row: dict[str, str]) -> dict[str, object] | FieldError:
    """The ApiOffer fields one row states (both rows of an offer state the same)."""
    document: dict[str, object] = {}
    for column, field in _COLUMNS.items():
        value = row.get(column, "").strip()
        if column in _FIXED and value and value != _FIXED[column]:
            return FieldError(column, f"expected {_FIXED[column]}, got {value!r}")
        if field is None or value == "":
            continue
        if field in _NUMBERS:
            try:
                number = float(value)
            except ValueError:
                return FieldError(column, f"expected a number, got {value!r}")
            if not math.isfinite(number):
                return FieldError(column, f"expected a finite number, got {value!r}")
            document[field] = number
        elif field == "regions":
            document[field] = value.split()
        else:
            document[field] = value
    document["extensions"] = extension_cells(row, _COLUMNS)
    columns = {field: column for column, field in _COLUMNS.items() if field is not None}
    return first_cell_problem(document, columns) or document


def _price(row: dict[str, str]) -> tuple[str, float] | FieldError:
    """(ApiOffer price field, price) of a row, from its meter and `ListUnitPrice`."""
    meter = row.get("SkuMeter", "").strip()
    if meter not in METERS:
        return FieldError("SkuMeter", f"expected Input Tokens or Output Tokens, got {meter!r}")
    value = row.get("ListUnitPrice", "").strip()
    try:
        price = float(value)
    except ValueError:
        return FieldError("ListUnitPrice", f"expected a number, got {value!r}")
    if not math.isfinite(price):
        return FieldError("ListUnitPrice", f"expected a finite number, got {value!r}")
    return METERS[meter], price


def api_offers_from_csv(text: str) -> list[ApiOffer]:
    """Parse an API offers CSV: two rows per offer, one per meter.

    Raises:
        InvalidInput: naming each bad cell as `api_offers.csv[row N].Column` (N counts data
        rows from 1), an offer whose rows disagree or lack a meter, or the unknown and missing
        columns.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = _header(reader)
    errors: list[FieldError] = []
    documents: dict[str, dict[str, object]] = {}
    first_row: dict[str, int] = {}
    broken: set[str] = set()  # offers with a bad row: named once, not again for a lost meter
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            where = f"api_offers.csv[row {number}]"
            if len(cells) != len(header):
                message = f"has {len(cells)} cells, the header has {len(header)}"
                errors.append(FieldError(where, message))
                continue
            row = dict(zip(header, (unguard(c) for c in cells), strict=True))
            document, price = _document(row), _price(row)
            if isinstance(document, FieldError) or isinstance(price, FieldError):
                bad = document if isinstance(document, FieldError) else price
                assert isinstance(bad, FieldError)
                errors.append(FieldError(f"{where}.{bad.field}", bad.message))
                broken.add(row.get("SkuPriceId", "").strip())
                continue
            offer_id = str(document.get("id", ""))
            seen = documents.get(offer_id)
            if seen is None:
                documents[offer_id] = {**document, price[0]: price[1]}
                first_row[offer_id] = number
            elif price[0] in seen:
                message = f"{offer_id} states this meter twice"
                errors.append(FieldError(f"{where}.SkuMeter", message))
            elif {k: v for k, v in seen.items() if k not in METERS.values()} != document:
                errors.append(
                    FieldError(
                        where,
                        f"disagrees with row {first_row[offer_id]} of {offer_id} "
                        "on a column other than SkuMeter and ListUnitPrice",
                    )
                )
            else:
                seen[price[0]] = price[1]
    except csv.Error as exc:
        errors.append(FieldError("api_offers.csv", f"malformed CSV: {exc}"))
    offers: list[ApiOffer] = []
    for offer_id, document in documents.items():
        if offer_id in broken:
            continue
        where = f"api_offers.csv[row {first_row[offer_id]}]"
        lacking = [m for m, field in METERS.items() if field not in document]
        if lacking:
            errors.append(FieldError(f"{where}.SkuMeter", f"{offer_id} has no {lacking[0]} row"))
            continue
        try:
            offers.append(msgspec.convert(document, ApiOffer))
        except msgspec.ValidationError as exc:
            error = field_error_from_msgspec(exc)
            column = next((c for c, f in _COLUMNS.items() if f == error.field), error.field)
            column = "ListUnitPrice" if error.field in METERS.values() else column
            errors.append(FieldError(f"{where}.{column}", error.message))
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) in the API offers CSV", errors)
    return offers
