"""GET/POST /catalog/{systems,profiles,offers} and GET/PUT/DELETE /catalog/{kind}/{id}: one
Controller per kind, made by one factory; writes take If-Match and make a new revision.

Handler annotations name `Item`; each controller's `signature_namespace` tells Litestar which
class `Item` is (System, Profile or Offer), so the OpenAPI shows the real schema per kind. An
offer is a GPU `Offer` or an `ApiOffer`, told apart by `kind` (`AnyOffer` in the OpenAPI):
they share the offer routes and one id space; the store keeps them as two kinds of row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import GenericAlias
from typing import Annotated, Any, cast

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter, SkipValidation
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from catalog import Catalog, Conflict, InvalidInput, NotFound, Offer, Profile, System
from catalog.api_offer import API_KIND, ApiOffer
from catalog.errors import FieldError
from catalog.integrity import check_references, offer_count
from catalog.offer_kinds import AnyOffer, offer_kind
from service.catalog_ops import CatalogItem, filter_items
from service.errors import decode_body, problems
from service.http_common import (
    NOT_MODIFIED,
    IfMatch,
    IfNoneMatch,
    Revision,
    etag,
    parse_if_match,
    refuse_if_not_modified,
)
from service.idempotency import REPLAYED, IdempotencyKey, create_once, scoped
from service.store import CatalogChange, CatalogKind, Store, refuse_stale

__all__ = ["item_controllers"]

Item = CatalogItem  # resolved per controller through `signature_namespace`
Filter = Annotated[str | None, QueryParameter(required=False, max_length=200)]


class ItemList(msgspec.Struct, frozen=True, kw_only=True):
    """The items of one kind at a revision (`SystemList`, `ProfileList`, `OfferList`)."""

    revision: int
    items: list[CatalogItem]


def _validating(store: Store, deleted: tuple[str, ...] = ()) -> Callable[[Catalog], None]:
    """The check of a write's new catalog, against the catalog it replaces."""
    before = offer_count(store.catalog())
    return lambda c: check_references(c, deleted_systems=deleted, offers_before=before)


@dataclass(frozen=True)
class Shelf:
    """What one set of item routes serves: the route's kind, the body's type (a union for the
    offers) and the stored kinds behind it, the first of which is the route's own."""

    kind: CatalogKind
    body: Any
    title: str
    kinds: tuple[CatalogKind, ...]
    decode: Callable[[object], CatalogItem]

    def kind_of(self, item: CatalogItem) -> CatalogKind:
        """The stored kind of `item`."""
        return "api_offers" if isinstance(item, ApiOffer) else self.kind

    def find(self, catalog: Catalog, item_id: str) -> tuple[CatalogKind, CatalogItem] | None:
        """(stored kind, item) of `item_id` in `catalog`, or None."""
        for kind in self.kinds:
            item = next((i for i in getattr(catalog, kind) if i.id == item_id), None)
            if item is not None:
                return kind, item
        return None


def _decode_offer(data: object) -> AnyOffer:
    """An offer body: an API offer when `kind` is `api`, else a GPU offer; errors name fields."""
    return decode_body(data, ApiOffer) if offer_kind(data) == API_KIND else decode_body(data, Offer)


def _make_controller(shelf: Shelf) -> type[Controller]:
    """The Controller for one kind of catalog item."""
    kind, cls, title = shelf.kind, shelf.body, shelf.title
    singular = kind[:-1]
    base = f"/catalog/{kind}"
    list_type = cast(
        type[ItemList],
        msgspec.defstruct(
            f"{title}List",
            [("items", GenericAlias(list, (cls,)))],
            bases=(ItemList,),
            frozen=True,
            kw_only=True,
        ),
    )
    list_type.__doc__ = f"The {kind} at a revision."

    class ItemController(Controller):
        path = base
        tags = ["catalog"]
        signature_namespace = {"Item": cls, "ItemList": list_type}

        @get(
            "/",
            operation_id=f"list{title}s",
            responses={**problems(404, 422), **NOT_MODIFIED},
            summary=f"List {kind} (filters: vendor, system, model)",
        )
        async def list_items(
            self,
            store: NamedDependency[Store],
            revision: Revision = None,
            vendor: Filter = None,
            system: Filter = None,
            model: Filter = None,
            if_none_match: IfNoneMatch = None,
        ) -> Response[ItemList]:
            catalog = store.catalog(revision)
            # The list at one revision never changes: its ETag (probe 16b F8d: was ignored).
            refuse_if_not_modified(if_none_match, etag(catalog.revision))
            items = filter_items(catalog, kind, vendor=vendor, system=system, model=model)
            return Response(
                list_type(revision=catalog.revision, items=items),
                headers={"ETag": etag(catalog.revision)},
            )

        @post(
            "/",
            operation_id=f"create{title}",
            responses=problems(400, 401, 403, 409, 412, 422),
            summary=f"Create a {singular}",
            description=(
                f'With `If-Match: "<revision>"` (the ETag of GET /catalog/{kind}), 412 unless '
                "the catalog is still at that revision."
            ),
            status_code=HTTP_201_CREATED,
        )
        async def create(
            self,
            request: Request[Any, Any, Any],
            store: NamedDependency[Store],
            data: JSONBody[SkipValidation[Item]],
            if_match: IfMatch = None,
            idempotency_key: IdempotencyKey = None,
        ) -> Response[Item]:
            item = shelf.decode(data)
            idempotency_key = scoped(request, idempotency_key)
            expected = parse_if_match(if_match, required=False)
            scope = f"catalog/{kind}"

            def created(revision: int, replayed: dict[str, str]) -> Response[Item]:
                headers = {"ETag": etag(revision), "Location": f"{base}/{item.id}", **replayed}
                return Response(item, status_code=HTTP_201_CREATED, headers=headers)

            async def write(key: tuple[str, str] | None) -> Response[Item]:
                current = store.catalog()
                refuse_stale(expected, current.revision)  # a stale precondition before "exists"
                if shelf.find(current, item.id) is not None:
                    msg = f"{singular} {item.id!r} exists; replace it with PUT {base}/{item.id}"
                    raise Conflict(msg)
                catalog = store.write_catalog(
                    [CatalogChange(shelf.kind_of(item), item.id, item, create=True)],
                    f"create {kind}/{item.id}",
                    _validating(store),
                    expected_revision=expected,
                    idempotency=None if key is None else (scope, *key),
                )
                return created(catalog.revision, {})

            # The key names the revision that created the item: the same body is that item.
            def again(revision: str) -> Response[Item]:
                return created(int(revision), REPLAYED)

            return await create_once(store, scope, idempotency_key, item, write, again)

        @get(
            "/{item_id:str}",
            operation_id=f"get{title}",
            responses={**problems(404, 422), **NOT_MODIFIED},
            summary=f"One {singular}",
        )
        async def read(
            self,
            store: NamedDependency[Store],
            item_id: FromPath[str],
            revision: Revision = None,
            if_none_match: IfNoneMatch = None,
        ) -> Response[Item]:
            catalog = store.catalog(revision)
            found = shelf.find(catalog, item_id)
            stored = found[0] if found else kind
            tag_revision = store.item_revision(stored, item_id, catalog.revision)
            item = found[1] if found else None
            if item is None:  # stored by older code and no longer readable
                msg = f"{singular} {item_id!r} cannot be read; replace it (PUT) or delete it"
                raise Conflict(msg)
            refuse_if_not_modified(if_none_match, etag(tag_revision))  # probe 13: was ignored
            return Response(item, headers={"ETag": etag(tag_revision)})

        @put(
            "/{item_id:str}",
            operation_id=f"replace{title}",
            responses=problems(400, 401, 403, 404, 409, 412, 422, 428),
            summary=f"Replace a {singular} (If-Match required)",
        )
        async def replace(
            self,
            store: NamedDependency[Store],
            item_id: FromPath[str],
            data: JSONBody[SkipValidation[Item]],
            if_match: IfMatch = None,
        ) -> Response[Item]:
            item = shelf.decode(data)
            expected = parse_if_match(if_match, required=True)
            if item.id != item_id:
                raise InvalidInput(
                    f"id: the body's id {item.id!r} is not the path's {item_id!r}",
                    [FieldError("id", f"must equal the path's id {item_id!r}, got {item.id!r}")],
                )
            stored = _stored_kind(store, shelf, item_id)  # 404 before anything else
            changes = [CatalogChange(stored, item_id, item, expected)]
            if shelf.kind_of(item) != stored:  # a GPU offer becomes an API offer, or back
                changes = [
                    CatalogChange(stored, item_id, None, expected),
                    CatalogChange(shelf.kind_of(item), item_id, item),
                ]
            catalog = store.write_catalog(changes, f"replace {kind}/{item_id}", _validating(store))
            return Response(item, headers={"ETag": etag(catalog.revision)})

        @delete(
            "/{item_id:str}",
            operation_id=f"delete{title}",
            responses=problems(401, 403, 404, 409, 412, 428),
            summary=f"Delete a {singular} (If-Match required)",
            status_code=HTTP_204_NO_CONTENT,
        )
        async def remove(
            self, store: NamedDependency[Store], item_id: FromPath[str], if_match: IfMatch = None
        ) -> None:
            expected = parse_if_match(if_match, required=True)
            stored = _stored_kind(store, shelf, item_id)
            deleted = (item_id,) if kind == "systems" else ()
            store.write_catalog(
                [CatalogChange(stored, item_id, None, expected)],
                f"delete {kind}/{item_id}",
                _validating(store, deleted),
            )

    ItemController.__name__ = f"{title}Controller"
    return ItemController


def _stored_kind(store: Store, shelf: Shelf, item_id: str) -> CatalogKind:
    """The stored kind of `item_id` now.

    Raises:
        NotFound: naming the route's kind, when no kind holds it.
    """
    for kind in shelf.kinds:
        try:
            store.item_revision(kind, item_id)
        except NotFound:
            continue
        return kind
    store.item_revision(shelf.kind, item_id)  # raises NotFound naming the route's kind
    return shelf.kind


def _single(kind: CatalogKind, cls: type[System] | type[Profile], title: str) -> Shelf:
    return Shelf(kind, cls, title, (kind,), lambda data: decode_body(data, cls))


def item_controllers() -> list[type[Controller]]:
    """One controller per kind: systems, profiles, offers (GPU and API)."""
    # The body type Litestar documents is `Offer`; `service.openapi` makes it the `AnyOffer`
    # oneOf (msgspec inspects no untagged union of Structs).
    offers = Shelf("offers", Offer, "Offer", ("offers", "api_offers"), _decode_offer)
    return [
        _make_controller(_single("systems", System, "System")),
        _make_controller(_single("profiles", Profile, "Profile")),
        _make_controller(offers),
    ]
