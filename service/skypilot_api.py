"""POST /catalog/import-skypilot: GPU offers from a SkyPilot catalog CSV (`vms.csv`) merged
into the catalog as one new revision (`catalog.skypilot` reads the file)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, Response, post
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
from service.catalog_ops import ImportDocument, ImportResult, import_catalog, replayed_import
from service.errors import UnsupportedMediaType, problems
from service.http_common import IfMatch, named_revision, parse_if_match
from service.idempotency import REPLAYED, IdempotencyKey, create_once, replay, scoped
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
    idempotency: tuple[str, str, str] | None = None,
) -> SkypilotResult:
    """Reads a SkyPilot CSV against the current catalog and merges its offers in (as one new
    revision, when the catalog is still at the revision `if_match` names if it is given).
    `needs_match` (an HTTP request): an import that updates offers needs `if_match`
    (`service.catalog_ops.import_catalog`'s `matched`); the CLI, writing its own store, none.
    `idempotency` (scope, Idempotency-Key, request fingerprint) is kept with the revision.

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
    result = import_catalog(store, document, expected, matched=matched, idempotency=idempotency)
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
        "import that updates offers already in the catalog needs one (428 without). A retry "
        "under the same `Idempotency-Key` (the same file, vendor and as_of) answers the import "
        "it made (`Idempotent-Replayed: true`), not a 412."
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
    idempotency_key: IdempotencyKey = None,
) -> Response[SkypilotResult]:
    """The import's result."""
    content_type = request.headers.get("content-type")
    if media_type(content_type) != CSV:
        msg = f"send SkyPilot's vms.csv as {CSV}, not {content_type or 'no Content-Type'!r}"
        raise UnsupportedMediaType(msg)
    text = decode_text(await request.body(), content_type)
    when = as_of or dt.datetime.now(dt.UTC).date()
    scope = "catalog/import-skypilot"
    key = scoped(request, idempotency_key)
    sent = _Sent(
        vendor=vendor,
        as_of=None if as_of is None else as_of.isoformat(),
        csv_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )

    async def write(kept: tuple[str, str] | None) -> Response[SkypilotResult]:
        run = functools.partial(
            import_skypilot_text,
            needs_match=True,
            idempotency=None if kept is None else (scope, *kept),
        )
        done = await anyio.to_thread.run_sync(run, store, text, vendor, when, if_match)
        r = done.result
        # Nothing to change can be a retry whose first try committed after this one's
        # look-up of the key: then the first result is the answer.
        won = None if r.created or r.updated or r.deleted else replay(store, scope, key, sent)
        return Response(done) if won is None else again(won)

    def again(revision: str) -> Response[SkypilotResult]:
        # The key names the revision the import made: the file read against the revision
        # before it is that import, answered again (probe 16b F10: a retry was a 412).
        made = int(revision)
        read = offers_from_skypilot(text, store.catalog(made - 1), vendor, when)
        document = ImportDocument(offers=read.offers, mode="merge")
        done = SkypilotResult(
            result=replayed_import(store, document, made),
            unmapped_accelerators=read.unmapped,
            skipped_rows=read.skipped,
        )
        return Response(done, headers=REPLAYED)

    return await create_once(store, scope, key, sent, write, again)


class _Sent(msgspec.Struct, frozen=True, kw_only=True):
    """What identifies a SkyPilot import for its Idempotency-Key: the vendor, the `as_of`
    given (none: today, whenever retried) and the file's digest."""

    vendor: str
    as_of: str | None
    csv_sha256: str
