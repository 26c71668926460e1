"""Catalog operations the HTTP layer calls: a bulk import worked out as a diff and written as
one revision, and the list filters (one vendor-matching rule: `same_vendor`)."""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

import msgspec
from msgspec import Meta

from catalog import Catalog, InvalidInput, Offer, Profile, System
from catalog.api_offer import ApiOffer
from catalog.errors import MAX_LISTED, FieldError, known
from catalog.fields import MAX_ITEMS
from catalog.integrity import check_references, offer_count
from catalog.model import same_vendor
from service.errors import PreconditionRequired
from service.store import CatalogChange, CatalogKind, Expected, Store, refuse_stale

__all__ = [
    "CatalogItem",
    "ImportDocument",
    "ImportResult",
    "filter_items",
    "import_catalog",
    "replayed_import",
]

CatalogItem = System | Profile | Offer | ApiOffer
T = TypeVar("T")
Items = Annotated[tuple[T, ...], Meta(max_length=MAX_ITEMS, description="at most 50,000")]


class ImportDocument(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Bulk import. `merge` adds or replaces items by id; `replace` makes each kind given
    exactly the list given (kinds left out stay as they are). At most 50,000 of each kind.
    `GET /catalog`'s JSON is one: importing it unchanged changes nothing."""

    systems: Items[System] | None = None
    profiles: Items[Profile] | None = None
    offers: Items[Offer] | None = None
    api_offers: Items[ApiOffer] | None = None
    """Per-token API offers (`kind: api`); their ids share one space with `offers`."""
    mode: Literal["merge", "replace"] = "merge"
    revision: int | None = None
    """Read-only, as `GET /catalog` writes it: accepted and ignored, so that its JSON
    re-imports (If-Match, not this, asks for a revision)."""
    created_at: str | None = None
    """Read-only, as `GET /catalog` writes it: accepted and ignored."""
    sites: tuple[str, ...] | None = None
    """Read-only, as `GET /catalog` writes it (derived from the offers): accepted and
    ignored."""


class ImportResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What an import changed, and the revision it made (unchanged when nothing changed)."""

    revision: int
    created: list[str]
    updated: list[str]
    deleted: list[str]
    unchanged: int
    notes: list[str] = []
    """What the import accepted that may not be what was meant, and why it was accepted (an
    API offer of a model no profile serves)."""


def _diff(
    kind: CatalogKind, sent: tuple[CatalogItem, ...], current: Catalog, replace: bool
) -> tuple[list[CatalogChange], ImportResult]:
    """The changes that make `kind` of `current` what was sent, and their summary
    (revision 0: not written yet).

    Raises:
        InvalidInput: when an id is sent twice, on each later item's `id`.
    """
    first: dict[str, int] = {}
    repeated = [
        FieldError(f"{kind}[{n}].id", f"id {item.id!r} is {kind}[{first[item.id]}]'s too")
        for n, item in enumerate(sent)
        if first.setdefault(item.id, n) != n
    ]
    if repeated:
        raise InvalidInput.listing(repeated)
    existing: dict[str, CatalogItem] = {item.id: item for item in getattr(current, kind)}
    changes: list[CatalogChange] = []
    created: list[str] = []
    updated: list[str] = []
    deleted: list[str] = []
    unchanged = 0
    for item in sent:
        before = existing.get(item.id)
        if before == item:
            unchanged += 1
            continue
        changes.append(CatalogChange(kind, item.id, item))
        (updated if before is not None else created).append(f"{kind}/{item.id}")
    if replace:
        for item_id in sorted(set(existing) - set(first)):
            changes.append(CatalogChange(kind, item_id, None))
            deleted.append(f"{kind}/{item_id}")
    summary = ImportResult(
        revision=0, created=created, updated=updated, deleted=deleted, unchanged=unchanged
    )
    return changes, summary


def _changes(
    document: ImportDocument, current: Catalog, written: Catalog | None = None
) -> tuple[list[CatalogChange], ImportResult]:
    """The changes that make `current` what `document` asks, and their summary (revision 0:
    not written yet; no notes); with `written` (the revision the import made), the items
    sent as that revision holds them.

    Raises:
        InvalidInput: an id sent twice.
    """
    changes: list[CatalogChange] = []
    created: list[str] = []
    updated: list[str] = []
    deleted: list[str] = []
    unchanged = 0
    kinds: tuple[CatalogKind, ...] = ("systems", "profiles", "offers", "api_offers")
    for kind in kinds:
        sent: tuple[CatalogItem, ...] | None = getattr(document, kind)
        if sent is None:
            continue
        if written is not None:
            held = {item.id: item for item in getattr(written, kind)}
            sent = tuple(held.get(item.id, item) for item in sent)
        kind_changes, summary = _diff(kind, sent, current, document.mode == "replace")
        changes += kind_changes
        created += summary.created
        updated += summary.updated
        deleted += summary.deleted
        unchanged += summary.unchanged
    summary = ImportResult(
        revision=0, created=created, updated=updated, deleted=deleted, unchanged=unchanged
    )
    return changes, summary


def import_catalog(
    store: Store,
    document: ImportDocument,
    expected: Expected,
    *,
    matched: bool = True,
    idempotency: tuple[str, str, str] | None = None,
) -> ImportResult:
    """Apply a bulk import as one new revision (or none when nothing changes). `matched`
    False: the request named no revision (no If-Match), so it may only create items; one that
    would update or delete items is refused, as a PUT or DELETE without If-Match is (probe 13:
    the README's export, edit, import round trip silently put back a quote another user had
    PUT in between). `idempotency` (scope, Idempotency-Key, request fingerprint) is kept with
    the revision the import makes; an import that changes nothing makes none and keeps no key.

    Raises:
        InvalidInput: an id sent twice, or an item naming an unknown system.
        Conflict: a deleted system still referenced.
        Stale: `expected` (the If-Match revision) is not the catalog's.
        PreconditionRequired: not `matched`, and the import updates or deletes items (428).
        KeyTaken: another request stored the Idempotency-Key first; nothing is written.
    """
    current = store.catalog()
    changes, summary = _changes(document, current)
    if not changes:
        refuse_stale(expected, current.revision)
        notes = _api_only_models(current, document.api_offers)
        return msgspec.structs.replace(summary, revision=current.revision, notes=notes)
    updated, deleted = summary.updated, summary.deleted
    if not matched and (updated or deleted):
        changed = [*updated, *deleted]
        raise PreconditionRequired(
            f"this import updates {len(updated)} and deletes {len(deleted)} catalog item(s) "
            f'({known(changed)}): send If-Match: "<revision>" with the revision you read them '
            "at (the ETag of the export), so that edits made since are not overwritten; an "
            "import that only creates items needs none"
        )
    deleted_systems = tuple(d.removeprefix("systems/") for d in deleted if d.startswith("systems/"))
    catalog = store.write_catalog(
        changes,
        f"import ({document.mode}): {len(summary.created)} created, {len(updated)} updated, "
        f"{len(deleted)} deleted",
        lambda c: check_references(
            c, deleted_systems=deleted_systems, offers_before=offer_count(current)
        ),
        expected_revision=expected,
        idempotency=idempotency,
    )
    notes = _api_only_models(catalog, document.api_offers)
    return msgspec.structs.replace(summary, revision=catalog.revision, notes=notes)


def replayed_import(store: Store, document: ImportDocument, revision: int) -> ImportResult:
    """The result of the import that made `revision`, answered again for a retry under its
    Idempotency-Key: the items it sent as that revision holds them, against the revision
    before (a revision is one write, the import's). Not the request worked out again against
    the revision before: without If-Match another write may land between the import's read
    and its write, and the request would then seem to update what it left alone (review 15a
    I1)."""
    after = store.catalog(revision)
    _, summary = _changes(document, store.catalog(revision - 1), written=after)
    notes = _api_only_models(after, document.api_offers)
    return msgspec.structs.replace(summary, revision=revision, notes=notes)


def _api_only_models(catalog: Catalog, sent: tuple[ApiOffer, ...] | None) -> list[str]:
    """A note per model that `sent` API offers sell and no profile of `catalog` serves.
    Accepted (DESIGN 8.2: an API offer's `model` is the model a workload names; a model only
    an API sells is planned by buying its tokens), but said, as it may be a misspelling."""
    served = set(catalog.models())
    by_model: dict[str, list[str]] = {}
    for offer in sent or ():
        if offer.model not in served:
            by_model.setdefault(offer.model, []).append(offer.id)
    return [
        f"API offers {known(ids)} sell model {model!r}, which no profile serves: accepted, as "
        f"workloads of {model!r} may buy its tokens (no GPU offer can serve them); if a "
        f"profile's model was meant, the catalog's are {known(served)}"
        for model, ids in sorted(by_model.items())[:MAX_LISTED]
    ]


def _systems_serving(catalog: Catalog, model: str) -> set[str]:
    return {p.system_id for p in catalog.profiles if p.model == model}


def filter_items(
    catalog: Catalog,
    kind: CatalogKind,
    *,
    vendor: str | None = None,
    system: str | None = None,
    model: str | None = None,
) -> list[CatalogItem]:
    """The items of `kind` that match every filter given: `vendor` (offers; "together-ai"
    matches "Together AI"), `system` (its id) and `model` (served by a profile of the system)."""
    items: list[CatalogItem] = list(getattr(catalog, kind))
    if kind == "offers":
        items += catalog.api_offers  # one list of offers, told apart by `kind`
    if vendor and kind == "offers":
        items = [
            i for i in items if isinstance(i, Offer | ApiOffer) and same_vendor(i.vendor, vendor)
        ]
    if system:
        items = [i for i in items if _system_id(i) == system]
    if model:
        serving = _systems_serving(catalog, model)
        items = [
            i
            for i in items
            if (i.model == model if isinstance(i, Profile | ApiOffer) else _system_id(i) in serving)
        ]
    return items


def _system_id(item: CatalogItem) -> str | None:
    if isinstance(item, ApiOffer):
        return None  # an API offer runs on no system of the catalog
    return item.id if isinstance(item, System) else item.system_id
