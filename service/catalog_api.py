"""The catalog over HTTP: the whole catalog by revision, CRUD per kind with If-Match, bulk
import (JSON or offers CSV) and the offers CSV export.

This module keeps real (not string) annotations: the per-kind controllers are made by a
factory, and Litestar reads their handler types at runtime.
"""

from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, SkipValidation
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from catalog import Catalog, Conflict, InvalidInput, Offer, Profile, Stale, System
from catalog.errors import FieldError
from catalog.integrity import check_references
from catalog.offers_csv import offers_from_csv, offers_to_csv
from service.auth import require_key
from service.errors import PreconditionRequired, decode_body, problems
from service.store import CatalogChange, Store

__all__ = ["CatalogController", "ImportResult", "catalog_controllers", "etag", "parse_if_match"]

IfMatch = Annotated[
    str | None,
    HeaderParameter(name="If-Match", required=False, description='"<revision>" (an ETag)'),
]
IfNoneMatch = Annotated[str | None, HeaderParameter(name="If-None-Match", required=False)]
Revision = Annotated[
    int | None, FromQuery[int | None], msgspec.Meta(ge=1, description="a past catalog revision")
]


def etag(revision: int) -> str:
    """The ETag of a catalog revision: `"N"`."""
    return f'"{revision}"'


def parse_if_match(value: str | None, *, required: bool) -> int | None:
    """The revision an If-Match names (None for `*` or when absent and not required).

    Raises:
        PreconditionRequired: when required and absent (428).
        Stale: when it is not a revision ETag (412).
    """
    if value is None or not value.strip():
        if required:
            msg = 'this write needs If-Match: "<revision>" (the ETag you read)'
            raise PreconditionRequired(msg)
        return None
    text = value.strip()
    if text == "*":
        return None
    text = text.removeprefix("W/").strip('"')
    if not text.isdigit():
        raise Stale(f"If-Match {value!r} names no revision")
    return int(text)


class CatalogView(msgspec.Struct, frozen=True, kw_only=True):
    """One revision of the whole catalog."""

    revision: int
    created_at: str
    systems: tuple[System, ...]
    profiles: tuple[Profile, ...]
    offers: tuple[Offer, ...]
    sites: tuple[str, ...]


class ImportDocument(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Bulk import. `merge` adds or replaces items by id; `replace` makes each kind given
    exactly the list given (kinds left out stay as they are)."""

    systems: tuple[System, ...] | None = None
    profiles: tuple[Profile, ...] | None = None
    offers: tuple[Offer, ...] | None = None
    mode: Literal["merge", "replace"] = "merge"


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    """What an import changed, and the revision it made (unchanged when nothing changed)."""

    revision: int
    created: list[str]
    updated: list[str]
    deleted: list[str]
    unchanged: int


def _store(request: Request[Any, Any, Any]) -> Store:
    store: Store = request.app.state.store
    return store


def _json(
    content: object,
    *,
    status: int = HTTP_200_OK,
    headers: dict[str, str] | None = None,
    media_type: str = "application/json",
) -> Response[bytes]:
    return Response(
        content=msgspec.json.encode(content),
        status_code=status,
        headers=headers,
        media_type=media_type,
    )


def _not_modified(if_none_match: str | None, tag: str) -> bool:
    return if_none_match is not None and tag in [t.strip() for t in if_none_match.split(",")]


async def _csv_import(request: Request[Any, Any, Any]) -> Response[ImportResult] | None:
    """`before_request` of the import: a `text/csv` body is an offers CSV, handled here."""
    if "csv" not in request.headers.get("content-type", ""):
        return None
    require_key(request, None)  # type: ignore[arg-type]
    mode = request.query_params.get("mode", "merge")
    if mode not in ("merge", "replace"):
        raise InvalidInput.one("mode", f"expected 'merge' or 'replace', got {mode!r}")
    text = (await request.body()).decode("utf-8", errors="replace")
    document = ImportDocument(offers=tuple(offers_from_csv(text)), mode=mode)  # type: ignore[arg-type]
    return _import(request, document, request.headers.get("if-match"))


class CatalogController(Controller):
    """The whole catalog, its import and its offers CSV."""

    path = "/catalog"
    tags = ["catalog"]

    @get(
        "/",
        operation_id="getCatalog",
        responses=problems(404, 422),
        summary="The whole catalog at a revision",
    )
    async def read(
        self,
        request: Request[Any, Any, Any],
        revision: Revision = None,
        if_none_match: IfNoneMatch = None,
    ) -> Response[CatalogView]:
        store = _store(request)
        catalog = store.catalog(revision)
        tag = etag(catalog.revision)
        if _not_modified(if_none_match, tag):
            return Response(content=b"", status_code=304, headers={"ETag": tag})  # type: ignore[arg-type]
        created_at, _ = store.revision_info(catalog.revision)
        view = CatalogView(
            revision=catalog.revision,
            created_at=created_at,
            systems=catalog.systems,
            profiles=catalog.profiles,
            offers=catalog.offers,
            sites=catalog.sites,
        )
        return _json(view, headers={"ETag": tag})  # type: ignore[return-value]

    @get(
        "/offers.csv",
        operation_id="exportOffersCsv",
        responses=problems(404, 422),
        summary="The offers as CSV (FOCUS-aligned columns)",
        media_type="text/csv",
    )
    async def offers_csv(
        self, request: Request[Any, Any, Any], revision: Revision = None
    ) -> Response[str]:
        catalog = _store(request).catalog(revision)
        return Response(
            content=offers_to_csv(catalog.offers),
            media_type="text/csv",
            headers={
                "ETag": etag(catalog.revision),
                "Content-Disposition": (
                    f'attachment; filename="tokenplan-offers-r{catalog.revision}.csv"'
                ),
            },
        )

    @post(
        "/import",
        operation_id="importCatalog",
        responses=problems(400, 401, 403, 409, 412, 422),
        summary="Bulk import: JSON {systems, profiles, offers, mode}, or an offers CSV",
        description=(
            "Send JSON (`application/json`) with any of systems, profiles and offers and "
            "`mode` merge (default) or replace; or the offers CSV (`text/csv`, the columns of "
            "GET /catalog/offers.csv) with `?mode=`. All or nothing: one new revision."
        ),
        guards=[require_key],
        status_code=HTTP_200_OK,
        before_request=_csv_import,
    )
    async def import_(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SkipValidation[ImportDocument]],
        if_match: IfMatch = None,
        mode: Annotated[
            Literal["merge", "replace"] | None,
            FromQuery[Any],
            msgspec.Meta(description="for a CSV body: merge (default) or replace the offers"),
        ] = None,
    ) -> Response[ImportResult]:
        document = decode_body(data, ImportDocument)
        return _import(request, document, if_match)


def _import(
    request: Request[Any, Any, Any], document: ImportDocument, if_match: str | None
) -> Response[ImportResult]:
    store = _store(request)
    expected = parse_if_match(if_match, required=False)
    current = store.catalog()
    changes: list[CatalogChange] = []
    created: list[str] = []
    updated: list[str] = []
    deleted: list[str] = []
    unchanged = 0
    for kind in ("systems", "profiles", "offers"):
        items = getattr(document, kind)
        if items is None:
            continue
        ids = [i.id for i in items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise InvalidInput.one(kind, f"ids appear more than once: {', '.join(repeated)}")
        existing = {i.id: i for i in getattr(current, kind)}
        for item in items:
            before = existing.get(item.id)
            if before == item:
                unchanged += 1
                continue
            changes.append(CatalogChange(kind, item.id, item))
            (updated if before is not None else created).append(f"{kind}/{item.id}")
        if document.mode == "replace":
            for item_id in sorted(set(existing) - set(ids)):
                changes.append(CatalogChange(kind, item_id, None))
                deleted.append(f"{kind}/{item_id}")
    if not changes:
        if expected is not None and expected != current.revision:
            msg = f"If-Match names revision {expected}; the catalog is at {current.revision}"
            raise Stale(msg)
        result = ImportResult(
            revision=current.revision, created=[], updated=[], deleted=[], unchanged=unchanged
        )
        return _json(result, headers={"ETag": etag(current.revision)})  # type: ignore[return-value]
    deleted_systems = tuple(d.removeprefix("systems/") for d in deleted if d.startswith("systems/"))
    catalog = store.write_catalog(
        changes,
        f"import ({document.mode}): {len(created)} created, {len(updated)} updated, "
        f"{len(deleted)} deleted",
        lambda c: check_references(c, deleted_systems=deleted_systems),
        expected_revision=expected,
    )
    result = ImportResult(
        revision=catalog.revision,
        created=created,
        updated=updated,
        deleted=deleted,
        unchanged=unchanged,
    )
    return _json(result, headers={"ETag": etag(catalog.revision)})  # type: ignore[return-value]


class ItemList(msgspec.Struct, frozen=True, kw_only=True):
    """A list of catalog items at a revision."""

    revision: int
    items: tuple[Any, ...]


def _filter(
    catalog: Catalog, kind: str, vendor: str | None, system: str | None, model: str | None
) -> list[Any]:
    items: list[Any] = list(getattr(catalog, kind))
    if kind == "offers":
        if vendor:
            items = [o for o in items if o.vendor.lower() == vendor.lower()]
        if system:
            items = [o for o in items if o.system_id == system]
        if model:
            systems = {p.system_id for p in catalog.profiles if p.model == model}
            items = [o for o in items if o.system_id in systems]
    elif kind == "profiles":
        if system:
            items = [p for p in items if p.system_id == system]
        if model:
            items = [p for p in items if p.model == model]
    else:
        if system:
            items = [s for s in items if s.id == system]
        if model:
            systems = {p.system_id for p in catalog.profiles if p.model == model}
            items = [s for s in items if s.id in systems]
    return items


def _make_controller(kind: str, cls: type[Any], singular: str, title: str) -> type[Controller]:
    """A Controller for one kind of catalog item (systems, profiles, offers)."""

    def validate(catalog: Catalog, deleted: tuple[str, ...] = ()) -> None:
        check_references(catalog, deleted_systems=deleted)

    class ItemController(Controller):
        path = f"/catalog/{kind}"
        tags = ["catalog"]

        @get(
            "/",
            operation_id=f"list{title}s",
            responses=problems(404, 422),
            summary=f"List {kind} (filters: vendor, system, model)",
        )
        async def list_items(
            self,
            request: Request[Any, Any, Any],
            revision: Revision = None,
            vendor: Annotated[str | None, FromQuery[Any]] = None,
            system: Annotated[str | None, FromQuery[Any]] = None,
            model: Annotated[str | None, FromQuery[Any]] = None,
        ) -> Response[ItemList]:
            catalog = _store(request).catalog(revision)
            items = _filter(catalog, kind, vendor, system, model)
            return _json(  # type: ignore[return-value]
                {"revision": catalog.revision, "items": items},
                headers={"ETag": etag(catalog.revision)},
            )

        @post(
            "/",
            operation_id=f"create{title}",
            responses=problems(400, 401, 403, 409, 422),
            summary=f"Create a {singular}",
            guards=[require_key],
            status_code=HTTP_201_CREATED,
        )
        async def create(
            self,
            request: Request[Any, Any, Any],
            data: JSONBody[SkipValidation[cls]],  # type: ignore[valid-type]
        ) -> Response[cls]:  # type: ignore[valid-type]
            item = decode_body(data, cls)
            store = _store(request)
            if any(i.id == item.id for i in getattr(store.catalog(), kind)):
                raise Conflict(
                    f"{singular} {item.id!r} exists; replace it with PUT /catalog/{kind}/{item.id}"
                )
            catalog = store.write_catalog(
                [CatalogChange(kind, item.id, item)], f"create {kind}/{item.id}", validate
            )
            return _json(
                item,
                status=HTTP_201_CREATED,
                headers={
                    "ETag": etag(catalog.revision),
                    "Location": f"/catalog/{kind}/{item.id}",
                },
            )

        @get(
            "/{item_id:str}",
            operation_id=f"get{title}",
            responses=problems(404, 422),
            summary=f"One {singular}",
        )
        async def read(
            self,
            request: Request[Any, Any, Any],
            item_id: FromPath[str],
            revision: Revision = None,
        ) -> Response[cls]:  # type: ignore[valid-type]
            store = _store(request)
            catalog = store.catalog(revision)
            item = next((i for i in getattr(catalog, kind) if i.id == item_id), None)
            tag_revision = store.item_revision(kind, item_id, catalog.revision)
            return _json(item, headers={"ETag": etag(tag_revision)})

        @put(
            "/{item_id:str}",
            operation_id=f"replace{title}",
            responses=problems(400, 401, 403, 404, 409, 412, 422, 428),
            summary=f"Replace a {singular} (If-Match required)",
            guards=[require_key],
        )
        async def replace(
            self,
            request: Request[Any, Any, Any],
            item_id: FromPath[str],
            data: JSONBody[SkipValidation[cls]],  # type: ignore[valid-type]
            if_match: IfMatch = None,
        ) -> Response[cls]:  # type: ignore[valid-type]
            expected = parse_if_match(if_match, required=True)
            item = decode_body(data, cls)
            if item.id != item_id:
                raise InvalidInput(
                    f"id: the body's id {item.id!r} is not the path's {item_id!r}",
                    [FieldError("id", f"must equal the path's id {item_id!r}, got {item.id!r}")],
                )
            store = _store(request)
            store.item_revision(kind, item_id)  # 404 before anything else
            catalog = store.write_catalog(
                [CatalogChange(kind, item_id, item, expected)],
                f"replace {kind}/{item_id}",
                validate,
            )
            return _json(item, headers={"ETag": etag(catalog.revision)})

        @delete(
            "/{item_id:str}",
            operation_id=f"delete{title}",
            responses=problems(401, 403, 404, 409, 412, 428),
            summary=f"Delete a {singular} (If-Match required)",
            guards=[require_key],
            status_code=HTTP_204_NO_CONTENT,
        )
        async def remove(
            self,
            request: Request[Any, Any, Any],
            item_id: FromPath[str],
            if_match: IfMatch = None,
        ) -> None:
            expected = parse_if_match(if_match, required=True)
            store = _store(request)
            store.item_revision(kind, item_id)
            deleted = (item_id,) if kind == "systems" else ()
            store.write_catalog(
                [CatalogChange(kind, item_id, None, expected)],
                f"delete {kind}/{item_id}",
                lambda c: validate(c, deleted),
            )

    ItemController.__name__ = f"{title}Controller"
    return ItemController


def catalog_controllers() -> list[type[Controller]]:
    """The catalog's controllers: the whole catalog, then one per kind."""
    return [
        CatalogController,
        _make_controller("systems", System, "system", "System"),
        _make_controller("profiles", Profile, "profile", "Profile"),
        _make_controller("offers", Offer, "offer", "Offer"),
    ]
