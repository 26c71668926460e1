"""The offers as CSV with FOCUS-aligned columns (ECOSYSTEM.md), out and back in.

FOCUS has no ratified price-list dataset yet, so FOCUS names are used where FOCUS has the
concept and `x_` columns for the rest: `SkuId` is the vendor's SKU (the project's system id is
`x_SystemId`), `RegionId` the region, `ContractedUnitPrice` the price a plan pays beside the
vendor's `ListUnitPrice`. Files written before those names (`PricingRegionId`, the system id in
`SkuId`, the price in `ListUnitPrice`) still import. Unknown `x_` columns survive a round trip
(an empty cell is no value); any other unknown column, and a FOCUS enumeration outside its
values, is refused by name.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Sequence

from catalog.csv_rows import convert_row, read_number
from catalog.errors import FieldError, InvalidInput
from catalog.model import Offer

__all__ = [
    "OFFER_COLUMNS",
    "check_header",
    "extension_cells",
    "offers_from_csv",
    "offers_to_csv",
    "safe_cell",
    "unguard",
]

_PRICING_CATEGORY = {
    "on_demand": "Standard",
    "spot": "Dynamic",
    "reserved": "Committed",
    "owned": "Committed",
}

# column -> (Offer field or None when derived, how to write it)
_Writer = Callable[[Offer], str]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


def _part(offer: Offer, name: str) -> str:
    """One `tco` part of `offer` as a cell ("" when the offer states a price instead)."""
    return "" if offer.tco is None else repr(getattr(offer.tco, name))


_TCO = "tco."
_COLUMNS: dict[str, tuple[str | None, _Writer]] = {
    "SkuPriceId": ("id", lambda o: o.id),
    "ServiceProviderName": ("vendor", lambda o: o.vendor),
    "HostProviderName": (
        None,
        lambda o: "On-Premises" if o.kind == "owned" else o.vendor,
    ),
    "SkuId": ("sku", lambda o: o.sku),
    "x_SystemId": ("system_id", lambda o: o.system_id),
    "RegionId": ("region", lambda o: o.region),
    "x_Site": ("site", lambda o: o.site_key),
    "x_Kind": ("kind", lambda o: o.kind),
    "PricingCategory": (None, lambda o: _PRICING_CATEGORY[o.kind]),
    "ListUnitPrice": (
        "list_price_per_gpu_hour",
        lambda o: repr(o.list_price_per_gpu_hour or o.price_per_gpu_hour),
    ),
    "ContractedUnitPrice": ("price_per_gpu_hour", lambda o: repr(o.price_per_gpu_hour)),
    "PricingUnit": (None, lambda o: _PRICING_UNIT),
    "PricingCurrency": ("currency", lambda o: o.currency),
    "x_TermMonths": ("term_months", lambda o: str(o.term_months)),
    "PurchasePaymentModel": ("payment_model", lambda o: o.payment_model),
    "x_UpfrontShare": ("upfront_share", lambda o: _number(o.upfront_share)),
    # Owned hardware from its parts: with these filled, ContractedUnitPrice is derived from
    # them (its cell may be left empty; when given it must be the derived price).
    "x_CapexPerGpu": ("tco.capex_per_gpu", lambda o: _part(o, "capex_per_gpu")),
    "x_LifeMonths": ("tco.life_months", lambda o: _part(o, "life_months")),
    "x_ResidualShare": ("tco.residual_share", lambda o: _part(o, "residual_share")),
    "x_OpexPerGpuMonth": ("tco.opex_per_gpu_month", lambda o: _part(o, "opex_per_gpu_month")),
    "x_EnergyPricePerKwh": (
        "tco.energy_price_per_kwh",
        lambda o: _part(o, "energy_price_per_kwh"),
    ),
    "x_GpusPerUnit": ("gpus_per_unit", lambda o: str(o.gpus_per_unit)),
    "x_MinUnits": ("min_units", lambda o: _text(o.min_units)),
    "x_MaxUnits": ("max_units", lambda o: _text(o.max_units)),
    "x_AvailableFrom": ("available_from", lambda o: _text(o.available_from)),
    "x_PowerKwPerGpu": (
        "power_kw_per_gpu",
        lambda o: "" if o.power_kw_per_gpu is None else repr(o.power_kw_per_gpu),
    ),
    "x_Supports": (
        "supports",
        lambda o: "" if o.supports is None else " ".join(o.supports) or "none",
    ),
    "x_PriceBasis": ("price_basis", lambda o: o.price_basis),
    "SkuPriceEffectiveStart": ("as_of", lambda o: o.as_of.isoformat()),
    "x_Source": ("source", lambda o: o.source),
    "x_Note": ("note", lambda o: o.note),
}
OFFER_COLUMNS: tuple[str, ...] = tuple(_COLUMNS)
_FIELD_COLUMN = {field: column for column, (field, _) in _COLUMNS.items() if field}
_REQUIRED = (
    "SkuPriceId",
    "ServiceProviderName",
    "x_SystemId",
    "RegionId",
    "x_Kind",
    "ContractedUnitPrice",
    "x_PriceBasis",
    "SkuPriceEffectiveStart",
    "x_Source",
)
_INTEGERS = {"term_months", "gpus_per_unit", "min_units", "max_units", "tco.life_months"}
_FLOATS = {
    "price_per_gpu_hour",
    "list_price_per_gpu_hour",
    "power_kw_per_gpu",
    "upfront_share",
    "tco.capex_per_gpu",
    "tco.residual_share",
    "tco.opex_per_gpu_month",
    "tco.energy_price_per_kwh",
}
_PRICING_UNIT = "GPU-Hours"
_INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")


def safe_cell(value: str) -> str:
    """Guard a text cell against spreadsheet formula injection (OWASP ASVS 1.2.10); a plain
    number (a negative amount, say) is no formula and stays a number. A text that already
    starts with a quote before a prefix is quoted once more, as `unguard` takes one off (probe
    19: a note "'=x" came back from an export and import as "=x")."""
    if _NUMBER.fullmatch(value) or value == "-":  # a lone "-" is a placeholder, no formula
        return value
    return "'" + value if _formula_like(value) else value


def _formula_like(value: str) -> bool:
    """Whether `value`, after any quotes it starts with, starts with = + - @ (or a tab, CR
    or NUL): what `safe_cell` quotes and `unguard` takes one quote off again."""
    return value.lstrip("'").startswith(_INJECTION_PREFIXES)


def offers_to_csv(offers: list[Offer] | tuple[Offer, ...]) -> str:
    """The offers as RFC 4180 CSV with the FOCUS-aligned header, then any `x_` extensions."""
    extra = sorted({key for offer in offers for key in offer.extensions})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*OFFER_COLUMNS, *extra])
    for offer in offers:
        cells = [write(offer) for _, write in _COLUMNS.values()]
        cells += [offer.extensions.get(key, "") for key in extra]
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()


def extension_cells(row: dict[str, str], columns: Collection[str]) -> dict[str, str]:
    """The `x_` extension values of a row: its `x_` cells not among `columns`, except empty
    ones (an empty cell states no value: a file with an extra blank column changes nothing)."""
    return {
        key: value
        for key, value in row.items()
        if key.startswith("x_") and key not in columns and value.strip()
    }


def unguard(value: str) -> str:
    # Undo safe_cell: a leading ' before an injection prefix was added by us.
    if value.startswith("'") and _formula_like(value[1:]):
        return value[1:]
    return value


def _current_names(header: list[str]) -> dict[str, str]:
    """Each column's current name from the name a file uses (files written before `RegionId`,
    `x_SystemId` and `ContractedUnitPrice` carried the system id in `SkuId` and the price in
    `ListUnitPrice`)."""
    names = {h: h for h in header}
    names |= {"PricingRegionId": "RegionId"} if "PricingRegionId" in header else {}
    if "SkuId" in header and "x_SystemId" not in header:
        names["SkuId"] = "x_SystemId"
    if "ListUnitPrice" in header and "ContractedUnitPrice" not in header:
        names["ListUnitPrice"] = "ContractedUnitPrice"
    return names


def check_header(
    header: list[str], columns: Sequence[str], required: Sequence[str], name: str
) -> None:
    """Refuse a header with a column not in `columns` (bar `x_` ones), a `required` one
    missing, or a name twice; `name` is the file's (`offers`: `offers.csv`).

    Raises:
        InvalidInput: naming each such column as `{name}.csv.Column`, with the expected ones.
    """
    file = f"{name}.csv"
    unknown = [h for h in header if h not in columns and not h.startswith("x_")]
    missing = [c for c in required if c not in header]
    errors = [FieldError(f"{file}.{c}", "unknown column") for c in unknown]
    errors += [FieldError(f"{file}.{c}", "required column missing") for c in missing]
    if len(set(header)) != len(header):
        errors.append(FieldError(file, "a column name appears twice"))
    if errors:
        listed = ", ".join(e.field.removeprefix(f"{file}.") for e in errors)
        title = name.replace("_", " ").replace("api", "API")
        detail = f"the {title} CSV header is not the expected one ({listed}); expected columns: "
        raise InvalidInput(detail + ", ".join(columns), errors)


def offers_from_csv(text: str) -> list[Offer]:
    """Parse an offers CSV.

    Raises:
        InvalidInput: naming each bad cell as `offers.csv[row N].Column` (N counts data rows
        from 1; a repeated offer id on its later row's SkuPriceId), or listing the unknown and
        missing columns.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise InvalidInput.one("offers.csv", f"no header row: {exc}") from exc
    given = [h.strip() for h in header]
    names = _current_names(given)
    written = {current: name for name, current in names.items()}
    header = [names[h] for h in given]
    check_header(header, OFFER_COLUMNS, _REQUIRED, "offers")
    errors: list[FieldError] = []
    offers: list[Offer] = []
    rows: dict[str, int] = {}  # each offer id's first row
    try:
        for number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            where = f"offers.csv[row {number}]"
            if len(row) != len(header):
                errors.append(
                    FieldError(where, f"has {len(row)} cells, the header has {len(header)}")
                )
                continue
            offer = _offer_from_row(dict(zip(header, (unguard(c) for c in row), strict=True)))
            if isinstance(offer, list):
                errors += [
                    FieldError(f"{where}.{written.get(e.field, e.field)}", e.message) for e in offer
                ]
            elif rows.setdefault(offer.id, number) != number:
                message = f"offer id {offer.id!r} is row {rows[offer.id]}'s too: one row an offer"
                errors.append(
                    FieldError(f"{where}.{written.get('SkuPriceId', 'SkuPriceId')}", message)
                )
            else:
                offers.append(offer)
    except csv.Error as exc:
        errors.append(FieldError("offers.csv", f"malformed CSV: {exc}"))
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) in the offers CSV", errors)
    return offers


def _offer_from_row(row: dict[str, str]) -> Offer | list[FieldError]:
    """The offer of one row, or every bad cell of it, by column."""
    document: dict[str, object] = {}
    errors: list[FieldError] = []
    refused: set[str] = set()  # the fields of cells that cannot be read
    parts: dict[str, float] = {}  # the `tco` block, when the row gives its parts
    for column, (field, _) in _COLUMNS.items():
        value = row.get(column, "").strip()
        if field is None or value == "":
            continue
        if field in _INTEGERS | _FLOATS:
            number = read_number(column, value, whole=field in _INTEGERS)
            if isinstance(number, FieldError):
                errors.append(number)
                refused.add(field.split(".", 1)[0])
            elif field.startswith(_TCO):
                parts[field.removeprefix(_TCO)] = number
            else:
                document[field] = number
        elif field == "supports":
            document[field] = [] if value == "none" else value.split()
        else:
            document[field] = value
    if parts:
        document["tco"] = parts
    document["extensions"] = extension_cells(row, _COLUMNS)
    if document.get("list_price_per_gpu_hour") == document.get("price_per_gpu_hour"):
        document.pop("list_price_per_gpu_hour", None)  # no negotiated price: the list price
    errors += _enumerations(row)
    offer = convert_row(document, Offer, refused)
    if isinstance(offer, list):
        return errors + [_in_column(error, document, row) for error in offer]
    return errors or offer


def _in_column(error: FieldError, document: dict[str, object], row: dict[str, str]) -> FieldError:
    """A field's problem named by the column that carries it, with the cell it got."""
    field = error.field.removeprefix("extensions.")
    column = _FIELD_COLUMN.get(field, field)
    message = error.message
    if field in _FIELD_COLUMN and field in document and "got" not in message:
        message += f", got {row[column].strip()!r}"
    return FieldError(column, message)


def _enumerations(row: dict[str, str]) -> list[FieldError]:
    """The derived FOCUS enumerations a file states, checked against the row's `x_Kind`: a
    `PricingCategory` or `PricingUnit` that disagrees is refused, never ignored."""
    errors: list[FieldError] = []
    category = row.get("PricingCategory", "").strip()
    kind = row.get("x_Kind", "").strip()
    expected = _PRICING_CATEGORY.get(kind)
    values = sorted(set(_PRICING_CATEGORY.values()))
    for_kind = f"{expected} for x_Kind {kind}" if expected else None
    if category and category not in values:
        wanted = "; ".join(w for w in (f"one of {', '.join(values)}", for_kind) if w)
        errors.append(FieldError("PricingCategory", f"expected {wanted}, got {category!r}"))
    elif category and for_kind and category != expected:
        errors.append(FieldError("PricingCategory", f"expected {for_kind}, got {category!r}"))
    unit = row.get("PricingUnit", "").strip()
    if unit and unit != _PRICING_UNIT:
        errors.append(FieldError("PricingUnit", f"expected {_PRICING_UNIT}, got {unit!r}"))
    return errors
