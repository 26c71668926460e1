"""What every controller shares: the query and header parameters (one value each: a repeated
one is refused by an app-level guard), ETags and If-Match, typed pages with a `Link` to the next
one, and stored JSON sent back as it was stored."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import anyio
import msgspec
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter, QueryParameter

from catalog import FieldError, InvalidInput, Stale
from service.errors import NotModified, PreconditionRequired

__all__ = [
    "MAX_CURSOR",
    "NOT_MODIFIED",
    "Cursor",
    "IfMatch",
    "IfNoneMatch",
    "Limit",
    "Page",
    "Revision",
    "etag",
    "named_revision",
    "page",
    "parse_if_match",
    "refuse_if_not_modified",
    "refuse_nul",
    "refuse_repeated_query",
    "rendering",
    "stored_json",
]

_RENDERING: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def rendering() -> anyio.CapacityLimiter:
    """The limiter for GIL-bound work in worker threads (rendering pages, charts and downloads;
    a plan's precheck), one per event loop. Such work holds the GIL for most of its time: one
    at a time, so that the event loop (and /health) waits on at most one thread rather than
    ten."""
    loop = asyncio.get_running_loop()
    limiter = _RENDERING.get(loop)
    if limiter is None:
        limiter = _RENDERING[loop] = anyio.CapacityLimiter(1)
    return limiter


MAX_CURSOR = 2**63 - 1
"""SQLite's largest integer: a cursor beyond it names no row."""

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        max_length=200,
        description='"<revision>" (the ETag read); required by PUT and DELETE (428 without it, '
        "412 when stale), optional on the import",
    ),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match",
        required=False,
        max_length=200,
        description='"<revision>" (the ETag read): 304 Not Modified, no body, when it is current',
    ),
]
NOT_MODIFIED = {
    304: ResponseSpec(
        data_container=None,
        description="Not Modified: the If-None-Match ETag is current (no body; the ETag again)",
        generate_examples=False,
    )
}
"""The OpenAPI entry of a read that honours If-None-Match."""
Revision = Annotated[
    int | None,
    QueryParameter(ge=1, le=MAX_CURSOR, description="a past catalog revision", required=False),
]
Limit = Annotated[int, QueryParameter(ge=1, le=200, description="items per page (1..200)")]
Cursor = Annotated[
    int | None,
    QueryParameter(
        ge=1, le=MAX_CURSOR, description="`next_cursor` of the previous page", required=False
    ),
]


def etag(revision: int) -> str:
    """The ETag of a catalog revision: `"N"`."""
    return f'"{revision}"'


def named_revision(value: str | None) -> bool:
    """Whether an If-Match header was sent (a revision, or `*`: any)."""
    return value is not None and bool(value.strip())


def parse_if_match(value: str | None, *, required: bool) -> tuple[int, ...] | None:
    """The revisions an If-Match lists (None for `*` or when absent and not required): the
    write goes ahead when the current one is any of them (RFC 9110, section 13.1.1; a list
    was a 412 even when it held the current tag, probe 16b F8a). A weak tag, or one that
    is not a revision's ETag as the service writes it (`"015"` is not `"15"`: ETags compare
    as strings, RFC 9110 section 8.8.3.2), never matches: it is left out of the list.

    Raises:
        PreconditionRequired: when required and absent (428).
        Stale: when no tag listed is a strong revision ETag (412).
    """
    if value is None or not value.strip():
        if required:
            msg = 'this write needs If-Match: "<revision>" (the ETag you read)'
            raise PreconditionRequired(msg)
        return None
    tags = [t.strip() for t in value.split(",") if t.strip()]
    if "*" in tags:
        return None
    revisions = tuple(
        int(text)
        for tag in tags
        if not tag.startswith("W/")
        and (text := tag.strip('"')).isascii()  # "²" is a digit int() refuses (review 17a R4)
        and text.isdigit()
        and len(text) <= 18
        and tag == f'"{text}"'
        and text == str(int(text))  # "015" is not the ETag "15" (probe 17b L3)
    )
    if revisions:
        return revisions
    weak = [tag for tag in tags if tag.startswith("W/")]
    if weak:
        # If-Match compares strongly (RFC 9110, section 13.1.1): a weak tag never matches.
        what = "is a weak ETag, which never matches" if len(tags) == 1 else "lists no strong tag"
        msg = f"If-Match {value!r} {what}; send the strong {weak[0][2:]}"
        raise Stale(msg)
    raise Stale(f"If-Match {value!r} names no revision")


def refuse_if_not_modified(if_none_match: str | None, tag: str) -> None:
    """Raises NotModified (304) when `If-None-Match` lists `tag` (compared weakly, as RFC 9110
    section 13.1.2 asks: `W/"3"` matches `"3"`) or is `*` (review 13)."""
    if if_none_match is None:
        return
    listed = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    if tag in listed or "*" in listed:
        raise NotModified(tag)


class Page(msgspec.Struct, frozen=True, kw_only=True):
    """One page of a listing, newest first; pass `next_cursor` as `cursor` for the next.
    Each listing subclasses it with its item type, so the OpenAPI names the items."""

    items: list[Any]
    next_cursor: int | None


P = TypeVar("P", bound=Page)


def page(
    request: Request[Any, Any, Any],
    rows: list[tuple[int, bytes]],
    limit: int,
    item: Callable[[bytes], object],
    kind: type[P],
) -> Response[P]:
    """The first `limit` of `rows` (fetched with one extra, to know whether more follow) as a
    Page, with a `Link: <...>; rel="next"` header when more follow."""
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1][0] if more and rows else None
    headers = {}
    if next_cursor is not None:
        query = {k: v for k, v in request.query_params.items() if k not in ("cursor", "limit")}
        query.update({"cursor": str(next_cursor), "limit": str(limit)})
        headers["Link"] = f'<{request.url.path}?{urlencode(query)}>; rel="next"'
    content = kind(items=[item(doc) for _, doc in rows], next_cursor=next_cursor)
    return Response(content=content, headers=headers)


def stored_json(doc: bytes, headers: dict[str, str] | None = None) -> Response[Any]:
    """A stored document sent as it was stored (no decode and re-encode)."""
    return Response(content=doc, media_type="application/json", headers=headers)


_ONE_VALUED: dict[tuple[BaseRouteHandler, frozenset[str]], frozenset[str]] = {}


def _one_valued(handler: BaseRouteHandler, path_names: frozenset[str]) -> frozenset[str]:
    """The query parameters `handler` (with its dependencies) reads one value of: every query
    parameter it declares that is not a sequence, by the name the query gives it."""
    key = (handler, path_names)
    if key not in _ONE_VALUED:
        model = handler.create_kwargs_model(path_parameters=dict.fromkeys(path_names))  # type: ignore[arg-type]
        _ONE_VALUED[key] = frozenset(
            p.field_alias for p in model.expected_query_params if not p.is_sequence
        )
    return _ONE_VALUED[key]


def refuse_repeated_query(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Guard: a query parameter the route reads one value of, given twice
    (`?status=optimal&status=feasible`), is refused rather than one of its values silently
    picked. Names the route does not read are left alone (tools add their own, as caches do).

    Raises:
        InvalidInput: naming every repeated parameter and its values (422).
    """
    query = connection.query_params
    repeated = [name for name in query if len(query.getall(name)) > 1]
    if not repeated:
        return
    one = _one_valued(handler, frozenset(connection.path_params))
    errors = [
        FieldError(
            name,
            f"given {len(query.getall(name))} times ({query.getall(name)!r}); it takes one value",
        )
        for name in repeated
        if name in one
    ]
    if errors:
        raise InvalidInput.listing(errors)


def refuse_nul(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard: no path parameter or query value holds a NUL (`%00`). No id has one, and
    PostgreSQL refuses one in any text it is given: each read by such an id was a 500 there
    (SQLite: a 404), probe 16b F2; now a 422 naming it on both backends, before any route
    reads the store.

    Raises:
        InvalidInput: naming each parameter that holds a NUL (422).
    """
    given = [*connection.path_params.items(), *connection.query_params.multi_items()]
    errors = [
        FieldError(name, "holds a NUL character (%00), which no value here may")
        for name, value in given
        if isinstance(value, str) and "\x00" in value
    ]
    if errors:
        raise InvalidInput.listing(errors)
