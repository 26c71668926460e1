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
from collections.abc import Iterator

from catalog.api_offer import ApiOffer
from catalog.csv_rows import convert_row, read_number
from catalog.errors import FieldError, InvalidInput
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


def _document(row: dict[str, str]) -> tuple[dict[str, object], list[FieldError]]:
    """The ApiOffer fields one row states (both rows of an offer state the same), and every
    cell of it that cannot be read, by column."""
    document: dict[str, object] = {}
    errors: list[FieldError] = []
    for column, field in _COLUMNS.items():
        value = row.get(column, "").strip()
        if column in _FIXED and value and value != _FIXED[column]:
            errors.append(FieldError(column, f"expected {_FIXED[column]}, got {value!r}"))
        if field is None or value == "":
            continue
        if field in _NUMBERS:
            number = read_number(column, value)
            if isinstance(number, FieldError):
                errors.append(number)
            else:
                document[field] = number
        elif field == "regions":
            document[field] = value.split()
        else:
            document[field] = value
    document["extensions"] = extension_cells(row, _COLUMNS)
    return document, errors


def _price(row: dict[str, str]) -> tuple[str, float] | list[FieldError]:
    """(ApiOffer price field, price) of a row, from its meter and `ListUnitPrice`, or what is
    wrong with either."""
    meter = row.get("SkuMeter", "").strip()
    errors = []
    if meter not in METERS:
        errors.append(
            FieldError("SkuMeter", f"expected Input Tokens or Output Tokens, got {meter!r}")
        )
    price = read_number("ListUnitPrice", row.get("ListUnitPrice", "").strip())
    if isinstance(price, FieldError):
        errors.append(price)
    if errors or isinstance(price, FieldError):
        return errors
    return METERS[meter], price


def _column(field: str) -> str:
    """The column that carries an ApiOffer field (an extension is its own column)."""
    if field in METERS.values():
        return "ListUnitPrice"
    field = field.removeprefix("extensions.")
    return next((c for c, f in _COLUMNS.items() if f == field), field)


def _shown(value: object) -> str:
    """A cell's value as read, for a message."""
    if value is None:
        return "an empty cell"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return repr(" ".join(str(v) for v in value))
    return repr(value)


def _disagreements(
    first: dict[str, object],
    row: dict[str, object],
    offer_id: str,
    first_row: int,
    unread: set[str],
) -> list[FieldError]:
    """Each column but the meter's on which an offer's second row disagrees with its first,
    with both values; a field in `unread` (a cell of either row that could not be read) is
    named already and not compared."""

    def cells(document: dict[str, object]) -> dict[str, object]:
        flat = {k: v for k, v in document.items() if k != "extensions" and k not in METERS.values()}
        extensions = document.get("extensions")
        if isinstance(extensions, dict):
            flat |= {f"extensions.{k}": v for k, v in extensions.items()}
        return flat

    a, b = cells(first), cells(row)
    return [
        FieldError(
            _column(field),
            f"{offer_id}'s rows disagree: row {first_row} has {_shown(a.get(field))}, this "
            f"row {_shown(b.get(field))} (an offer's two rows differ only in SkuMeter and "
            "ListUnitPrice)",
        )
        for field in sorted(a.keys() | b.keys())
        if a.get(field) != b.get(field) and field not in unread
    ]


def api_offers_from_csv(text: str) -> list[ApiOffer]:
    """Parse an API offers CSV: two rows per offer, one per meter.

    Raises:
        InvalidInput: naming every bad cell of every row as `api_offers.csv[row N].Column` (N
        counts data rows from 1): a cell that cannot be read, a column on which an offer's rows
        disagree (with both values), an offer that lacks a meter, a value the offer refuses;
        or the unknown and missing columns.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = _header(reader)
    errors: list[FieldError] = []
    documents: dict[str, dict[str, object]] = {}  # each offer's first row, with its price
    first_row: dict[str, int] = {}
    unread: dict[str, set[str]] = {}  # the fields of the cells of an offer that cannot be read
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
            document, bad = _document(row)
            price = _price(row)
            offer_id = str(document.get("id", ""))
            seen = documents.get(offer_id)
            lost = {field for e in bad if (field := _COLUMNS.get(e.field))}
            if isinstance(price, list):
                bad += price
            elif seen is not None and price[0] in seen:
                bad.append(FieldError("SkuMeter", f"{offer_id} states this meter twice"))
            if seen is None:
                seen = documents[offer_id] = document
                first_row[offer_id], unread[offer_id] = number, lost
            else:
                bad += _disagreements(
                    seen, document, offer_id, first_row[offer_id], unread[offer_id] | lost
                )
            if not isinstance(price, list):
                seen.setdefault(price[0], price[1])
            if bad:
                errors += [FieldError(f"{where}.{e.field}", e.message) for e in bad]
                broken.add(offer_id)
    except csv.Error as exc:
        errors.append(FieldError("api_offers.csv", f"malformed CSV: {exc}"))
    offers: list[ApiOffer] = []
    for offer_id, document in documents.items():
        where = f"api_offers.csv[row {first_row[offer_id]}]"
        lacking = [m for m, field in METERS.items() if field not in document]
        if lacking and offer_id not in broken:
            errors.append(FieldError(f"{where}.SkuMeter", f"{offer_id} has no {lacking[0]} row"))
            continue
        # a broken offer's first row is still checked, but for what is named already
        refused = unread[offer_id] | set(METERS.values()) if offer_id in broken else set()
        offer = convert_row(document, ApiOffer, refused)
        if isinstance(offer, list):
            errors += [FieldError(f"{where}.{_column(e.field)}", e.message) for e in offer]
        elif offer_id not in broken:
            offers.append(offer)
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) in the API offers CSV", errors)
    return offers
