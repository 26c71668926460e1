"""GET /catalog (the whole catalog at a revision), and its transfer: POST /catalog/import
(JSON, or the offers CSV as `text/csv`) and GET /catalog/offers.csv."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import anyio
import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import JSONBody, QueryParameter, SkipValidation
from litestar.status_codes import HTTP_200_OK

from catalog import Offer, Profile, System
from catalog.api_offer import ApiOffer
from catalog.api_offers_csv import api_offers_from_csv, api_offers_to_csv, is_api_offers_csv
from catalog.errors import InvalidInput
from catalog.offers_csv import OFFER_COLUMNS, offers_from_csv, offers_to_csv
from service.bodies import decode_text, media_type, require_json
from service.catalog_ops import ImportDocument, ImportResult, import_catalog, replayed_import
from service.errors import decode_body, problems
from service.http_common import (
    NOT_MODIFIED,
    IfMatch,
    IfNoneMatch,
    Revision,
    etag,
    named_revision,
    parse_if_match,
    refuse_if_not_modified,
)
from service.idempotency import REPLAYED, IdempotencyKey, create_once, replay, scoped
from service.store import Store

__all__ = ["CatalogController", "CatalogTransferController", "CatalogView"]

CSV = "text/csv"
ImportMode = Annotated[
    Literal["merge", "replace"] | None,
    QueryParameter(
        required=False,
        description=(
            "merge (default) or replace: for a CSV body, the offers; for a JSON body, its "
            "`mode` when it gives none (a body giving the other mode is refused)"
        ),
    ),
]


class CatalogView(msgspec.Struct, frozen=True, kw_only=True):
    """One revision of the whole catalog."""

    revision: int
    created_at: str
    systems: tuple[System, ...]
    profiles: tuple[Profile, ...]
    offers: tuple[Offer, ...]
    sites: tuple[str, ...]
    api_offers: tuple[ApiOffer, ...] = ()
    """Per-token API offers (`kind: api`): tokens bought by the million."""


class CatalogController(Controller):
    """The whole catalog at a revision."""

    path = "/catalog"
    tags = ["catalog"]

    @get(
        "/",
        operation_id="getCatalog",
        responses={**problems(404, 422), **NOT_MODIFIED},
        summary="The whole catalog at a revision",
    )
    async def read(
        self,
        store: NamedDependency[Store],
        revision: Revision = None,
        if_none_match: IfNoneMatch = None,
    ) -> Response[CatalogView]:
        catalog = store.catalog(revision)
        tag = etag(catalog.revision)
        refuse_if_not_modified(if_none_match, tag)
        created_at, _ = store.revision_info(catalog.revision)
        view = CatalogView(
            revision=catalog.revision,
            created_at=created_at,
            systems=catalog.systems,
            profiles=catalog.profiles,
            offers=catalog.offers,
            sites=catalog.sites,
            api_offers=catalog.api_offers,
        )
        return Response(view, headers={"ETag": tag})


@dataclass
class _AlsoCsvOperation(Operation):
    """The import's OpenAPI operation: the JSON body Litestar documents, and the offers CSV."""

    def __post_init__(self) -> None:
        if self.request_body is not None and isinstance(self.request_body, RequestBody):
            columns = ", ".join(OFFER_COLUMNS)
            self.request_body.content[CSV] = OpenAPIMediaType(
                schema=Schema(type=OpenAPIType.STRING, description=f"the offers CSV: {columns}")
            )


def _parse_csv(body: bytes, content_type: str, mode: Literal["merge", "replace"]) -> ImportDocument:
    """The offers CSV, or (its header has `SkuMeter`) the API offers CSV."""
    text = decode_text(body, content_type)
    if is_api_offers_csv(text):
        return ImportDocument(api_offers=tuple(api_offers_from_csv(text)), mode=mode)
    return ImportDocument(offers=tuple(offers_from_csv(text)), mode=mode)


def _json_mode(
    data: object, document: ImportDocument, mode: Literal["merge", "replace"] | None
) -> ImportDocument:
    """A JSON import under `?mode=`: the query's mode when the body states none, the body's
    when they agree.

    Raises:
        InvalidInput: naming `mode` when the query and the body ask for different modes (the
        body's used to win silently: `?mode=replace` merged).
    """
    stated = data.get("mode") if isinstance(data, dict) else None
    if mode is None or stated == mode:
        return document
    if stated is None:
        return msgspec.structs.replace(document, mode=mode)
    message = (
        f"?mode={mode} and the body's mode {stated!r} disagree: give the mode once, or the "
        "same in both"
    )
    raise InvalidInput.one("mode", message)


def _csv_download(content: str, name: str, revision: int) -> Response[str]:
    disposition = f'attachment; filename="tokenplan-{name}-r{revision}.csv"'
    return Response(
        content=content,
        media_type=CSV,
        headers={"ETag": etag(revision), "Content-Disposition": disposition},
    )


class CatalogTransferController(Controller):
    """Bulk import (JSON or offers CSV) and the offers CSV export."""

    path = "/catalog"
    tags = ["catalog"]

    @get(
        "/offers.csv",
        operation_id="exportOffersCsv",
        responses={**problems(404, 422), **NOT_MODIFIED},
        summary="The offers as CSV (FOCUS-aligned columns)",
        media_type=CSV,
    )
    async def offers_csv(
        self,
        store: NamedDependency[Store],
        revision: Revision = None,
        if_none_match: IfNoneMatch = None,
    ) -> Response[str]:
        catalog = store.catalog(revision)
        refuse_if_not_modified(if_none_match, etag(catalog.revision))  # probe 16b F8d
        return _csv_download(offers_to_csv(catalog.offers), "offers", catalog.revision)

    @get(
        "/api_offers.csv",
        operation_id="exportApiOffersCsv",
        responses={**problems(404, 422), **NOT_MODIFIED},
        summary="The per-token API offers as CSV (FOCUS: two rows per offer, one per meter)",
        media_type=CSV,
    )
    async def api_offers_csv(
        self,
        store: NamedDependency[Store],
        revision: Revision = None,
        if_none_match: IfNoneMatch = None,
    ) -> Response[str]:
        catalog = store.catalog(revision)
        refuse_if_not_modified(if_none_match, etag(catalog.revision))
        content = api_offers_to_csv(catalog.api_offers)
        return _csv_download(content, "api-offers", catalog.revision)

    @post(
        "/import",
        operation_id="importCatalog",
        responses=problems(400, 401, 403, 409, 412, 415, 422, 428),
        summary="Bulk import: JSON {systems, profiles, offers, mode}, or an offers CSV",
        description=(
            "Send JSON (`application/json`) with any of systems, profiles, offers and "
            "api_offers and `mode` merge (default) or replace; or the offers CSV (`text/csv`, "
            "the columns of GET /catalog/offers.csv) or the API offers CSV (the columns of GET "
            "/catalog/api_offers.csv, told apart by its `SkuMeter` column) with `?mode=` (a "
            "JSON body takes `?mode=` too, and is refused when its own `mode` differs). All "
            "or nothing: one new revision. GET /catalog's JSON re-imports as it is (its "
            "read-only revision, created_at and sites are ignored). An import that updates or "
            'deletes items needs `If-Match: "<revision>"` (the ETag of the export it was edited '
            "from; 412 when the catalog has moved since, 428 without one), as PUT and DELETE do; "
            "one that only creates items needs none. With an `Idempotency-Key`, a retry of an "
            "import that made a revision answers that import's result again "
            "(`Idempotent-Replayed: true`) instead of importing it twice; an import that "
            "changed nothing keeps no key."
        ),
        status_code=HTTP_200_OK,
        operation_class=_AlsoCsvOperation,
        opt={"also_accepts": (CSV,)},
    )
    async def import_(
        self,
        request: Request[Any, Any, Any],
        store: NamedDependency[Store],
        data: JSONBody[SkipValidation[ImportDocument]],
        if_match: IfMatch = None,
        mode: ImportMode = None,
        idempotency_key: IdempotencyKey = None,
    ) -> Response[ImportResult]:
        content_type = request.headers.get("content-type", "")
        if media_type(content_type) == CSV:  # `data` is None: StrictRequest leaves CSV to us
            body = await request.body()
            document = await anyio.to_thread.run_sync(
                _parse_csv, body, content_type, mode or "merge"
            )
        else:
            require_json(content_type, (CSV,))
            document = _json_mode(data, decode_body(data, ImportDocument), mode)
        expected = parse_if_match(if_match, required=False)
        scope = "catalog/import"
        idempotency_key = scoped(request, idempotency_key)

        def answer(result: ImportResult, replayed: dict[str, str]) -> Response[ImportResult]:
            return Response(result, headers={"ETag": etag(result.revision), **replayed})

        async def write(key: tuple[str, str] | None) -> Response[ImportResult]:
            run = functools.partial(
                import_catalog,
                matched=named_revision(if_match),
                idempotency=None if key is None else (scope, *key),
            )
            # Off the event loop: a large import validates and writes thousands of rows.
            result = await anyio.to_thread.run_sync(run, store, document, expected)
            changed = result.created or result.updated or result.deleted
            # Nothing to change can be a retry whose first try committed after this one's
            # look-up of the key: then the first result is the answer.
            won = None if changed else replay(store, scope, idempotency_key, document)
            return answer(result, {}) if won is None else again(won)

        # The key names the revision the import made: the same request is that import.
        def again(revision: str) -> Response[ImportResult]:
            return answer(replayed_import(store, document, int(revision)), REPLAYED)

        return await create_once(store, scope, idempotency_key, document, write, again)
