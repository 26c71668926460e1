"""Referential rules of a catalog: offers and profiles name systems that exist."""

from __future__ import annotations

from catalog.errors import Conflict, FieldError, InvalidInput
from catalog.model import Catalog

__all__ = ["check_references", "references_to_system"]


def references_to_system(catalog: Catalog, system_id: str) -> list[str]:
    """Every `offers/ID` and `profiles/ID` that names `system_id`, sorted."""
    refs = [f"offers/{o.id}" for o in catalog.offers if o.system_id == system_id]
    refs += [f"profiles/{p.id}" for p in catalog.profiles if p.system_id == system_id]
    return sorted(refs)


def check_references(catalog: Catalog, *, deleted_systems: tuple[str, ...] = ()) -> None:
    """Refuse a catalog whose offers or profiles name a system it lacks.

    Raises:
        Conflict: when a deleted system is still referenced, listing the references.
        InvalidInput: naming each offer or profile whose `system_id` is unknown, with the
        known system ids.
    """
    for system_id in deleted_systems:
        refs = references_to_system(catalog, system_id)
        if refs:
            detail = f"system {system_id!r} is still referenced by {len(refs)} item(s)"
            raise Conflict(detail, refs)
    known = {s.id for s in catalog.systems}
    errors = [
        FieldError(f"{kind}[{item_id}].system_id", f"unknown system {system_id!r}")
        for kind, items in (("offers", catalog.offers), ("profiles", catalog.profiles))
        for item_id, system_id in ((i.id, i.system_id) for i in items)
        if system_id not in known
    ]
    if errors:
        detail = f"unknown system id(s); the catalog has: {', '.join(sorted(known))}"
        raise InvalidInput(detail, errors)
