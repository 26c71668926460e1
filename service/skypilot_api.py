"""POST /catalog/import-skypilot: GPU offers from a SkyPilot catalog CSV (`vms.csv`) merged
into the catalog as one new revision (`catalog.skypilot` reads the file)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import anyio
import msgspec
from litestar import Request, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.status_codes import HTTP_200_OK

from catalog import InvalidInput
from catalog.input_rules import refuse_bad_input
from catalog.skypilot import offers_from_skypilot
from service.catalog_ops import ImportDocument, ImportResult, import_catalog
from service.errors import problems
from service.store import Store

__all__ = ["SkypilotResult", "import_skypilot", "import_skypilot_text"]


class SkypilotResult(msgspec.Struct, frozen=True, kw_only=True):
    """What the import changed, and the accelerators no catalog system matched."""

    result: ImportResult
    unmapped_accelerators: tuple[str, ...]


def import_skypilot_text(store: Store, text: str, vendor: str, as_of: dt.date) -> SkypilotResult:
    """Reads a SkyPilot CSV against the current catalog and merges its offers in.

    Raises:
        InvalidInput: naming the column or cell when the file has none to import.
    """
    refuse_bad_input({"vendor": vendor})
    read = offers_from_skypilot(text, store.catalog(), vendor, as_of)
    if not read.offers:
        raise InvalidInput.one(
            "skypilot.csv",
            "no GPU row maps to a catalog system"
            + (f" (accelerators: {', '.join(read.unmapped)})" if read.unmapped else ""),
        )
    result = import_catalog(store, ImportDocument(offers=read.offers, mode="merge"), None)
    return SkypilotResult(result=result, unmapped_accelerators=read.unmapped)


@post(
    "/catalog/import-skypilot",
    operation_id="importSkypilotCatalog",
    responses=problems(400, 401, 403, 422),
    summary="Merge GPU offers from a SkyPilot catalog CSV (vms.csv) into the catalog",
    description=(
        "The body is SkyPilot's vms.csv (text/csv); `vendor` names the cloud as offers should "
        "(AWS, GCP, Azure); `as_of` dates the prices (default today). One on-demand offer per "
        "instance type and region, a spot offer where SpotPrice is given, mapped to a system "
        "by AcceleratorName; rows with other accelerators are listed, not imported."
    ),
    status_code=HTTP_200_OK,
    tags=["catalog"],
)
async def import_skypilot(
    request: Request[Any, Any, Any],
    store: NamedDependency[Store],
    vendor: Annotated[str, FromQuery[str], msgspec.Meta(min_length=1, max_length=100)],
    as_of: Annotated[dt.date | None, FromQuery[dt.date | None]] = None,
) -> SkypilotResult:
    """The import's result."""
    text = (await request.body()).decode("utf-8", errors="replace")
    when = as_of or dt.datetime.now(dt.UTC).date()
    return await anyio.to_thread.run_sync(import_skypilot_text, store, text, vendor, when)
