"""POST /catalog/import-skypilot: GPU offers from a SkyPilot catalog CSV (`vms.csv`) merged
into the catalog as one new revision (`catalog.skypilot` reads the file)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromQuery
from litestar.status_codes import HTTP_200_OK

from catalog import InvalidInput
from catalog.errors import FieldError, known
from catalog.input_rules import refuse_bad_input
from catalog.skypilot import REQUIRED, offers_from_skypilot
from service.bodies import decode_text, media_type
from service.catalog_api import CSV
from service.catalog_ops import ImportDocument, ImportResult, import_catalog
from service.errors import UnsupportedMediaType, problems
from service.http_common import IfMatch, named_revision, parse_if_match
from service.store import Store

__all__ = ["SkypilotResult", "import_skypilot", "import_skypilot_text"]


class SkypilotResult(msgspec.Struct, frozen=True, kw_only=True):
    """What the import changed, the accelerators no catalog system matched, and the rows of a
    matched accelerator not imported."""

    result: ImportResult
    unmapped_accelerators: tuple[str, ...]
    skipped_rows: tuple[FieldError, ...] = ()
    """Each row of a matched accelerator that made no offer, named as a refused cell is
    (`skypilot.csv[row N].Column`), with why: no AcceleratorCount or a fractional one, no
    price, or an accelerator that several catalog systems share."""


def import_skypilot_text(
    store: Store,
    text: str,
    vendor: str,
    as_of: dt.date,
    if_match: str | None = None,
    *,
    needs_match: bool = False,
) -> SkypilotResult:
    """Reads a SkyPilot CSV against the current catalog and merges its offers in (as one new
    revision, when the catalog is still at the revision `if_match` names if it is given).
    `needs_match` (an HTTP request): an import that updates offers needs `if_match`
    (`service.catalog_ops.import_catalog`'s `matched`); the CLI, writing its own store, none.

    Raises:
        InvalidInput: naming `vendor` or `as_of` when bad (an `as_of` outside the catalog's
        years, `catalog.input_rules.DATE_FIELDS`), the column or cell when the file has none
        to import.
        Stale: when `if_match` names no revision or one the catalog is past (checked after
        the file, so that a bad file is a 422 whatever the header).
    """
    refuse_bad_input({"vendor": vendor, "as_of": as_of.isoformat()})
    read = offers_from_skypilot(text, store.catalog(), vendor, as_of)
    if not read.offers:
        if read.skipped:  # rows that did map, each refused for its count or its price
            raise InvalidInput.listing(list(read.skipped))
        raise InvalidInput.one(
            "skypilot.csv",
            "no GPU row maps to a catalog system"
            + (f" (accelerators: {known(read.unmapped)})" if read.unmapped else ""),
        )
    expected = parse_if_match(if_match, required=False)
    document = ImportDocument(offers=read.offers, mode="merge")
    matched = named_revision(if_match) or not needs_match
    result = import_catalog(store, document, expected, matched=matched)
    return SkypilotResult(
        result=result, unmapped_accelerators=read.unmapped, skipped_rows=read.skipped
    )


@dataclass
class _CsvBodyOperation(Operation):
    """The import's OpenAPI operation, with its body: the handler reads the CSV itself, so
    Litestar documents none."""

    def __post_init__(self) -> None:
        columns = ", ".join(REQUIRED)
        schema = Schema(type=OpenAPIType.STRING, description=f"SkyPilot's vms.csv: {columns}, ...")
        self.request_body = RequestBody(
            content={CSV: OpenAPIMediaType(schema=schema)}, required=True
        )


@post(
    "/catalog/import-skypilot",
    operation_id="importSkypilotCatalog",
    responses=problems(400, 401, 403, 409, 412, 415, 422, 428),
    summary="Merge GPU offers from a SkyPilot catalog CSV (vms.csv) into the catalog",
    description=(
        "The body is SkyPilot's vms.csv (text/csv); `vendor` names the cloud as offers should "
        "(AWS, GCP, Azure); `as_of` dates the prices (default today; a date in 1900..2199). One "
        "on-demand offer per instance type and region, a spot offer where SpotPrice is given, "
        "mapped to a system by AcceleratorName (spot offers priced as `estimate`: SpotPrice is "
        "a snapshot); rows with other accelerators are listed, not imported, and so are the "
        "rows of a known accelerator that make no offer (`skipped_rows`: no or a fractional "
        "AcceleratorCount, no price, or an accelerator several systems share), each named by "
        "its row and column. "
        'With `If-Match: "<revision>"`, 412 unless the catalog is still at that revision; an '
        "import that updates offers already in the catalog needs one (428 without)."
    ),
    status_code=HTTP_200_OK,
    operation_class=_CsvBodyOperation,
    tags=["catalog"],
)
async def import_skypilot(
    request: Request[Any, Any, Any],
    store: NamedDependency[Store],
    vendor: Annotated[str, FromQuery[str], msgspec.Meta(min_length=1, max_length=100)],
    as_of: Annotated[dt.date | None, FromQuery[dt.date | None]] = None,
    if_match: IfMatch = None,
) -> SkypilotResult:
    """The import's result."""
    content_type = request.headers.get("content-type")
    if media_type(content_type) != CSV:
        msg = f"send SkyPilot's vms.csv as {CSV}, not {content_type or 'no Content-Type'!r}"
        raise UnsupportedMediaType(msg)
    text = decode_text(await request.body(), content_type)
    when = as_of or dt.datetime.now(dt.UTC).date()
    run = functools.partial(import_skypilot_text, needs_match=True)
    return await anyio.to_thread.run_sync(run, store, text, vendor, when, if_match)
