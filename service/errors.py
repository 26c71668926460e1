"""Every error as RFC 9457 problem details, mapped in one place from the domain's exceptions."""

from __future__ import annotations

import functools
import logging
import re
import typing
from typing import Any, TypeVar

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from catalog.errors import (
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    Stale,
    TokenplanError,
    bounded,
    field_error_from_msgspec,
)
from catalog.input_rules import refuse_bad_input

__all__ = [
    "PROBLEM_JSON",
    "BadRequest",
    "Busy",
    "Forbidden",
    "IdempotencyInFlight",
    "NotModified",
    "PreconditionRequired",
    "Problem",
    "Unauthorized",
    "UnsupportedMediaType",
    "decode_body",
    "exception_handlers",
    "problem_response",
    "problems",
]

PROBLEM_JSON = "application/problem+json"
T = TypeVar("T")
log = logging.getLogger("tokenplan")


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details, with `errors` naming each bad field."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None
    references: list[str] | None = None


class PreconditionRequired(TokenplanError):
    """A write came without the If-Match it needs (428)."""

    title = "Precondition required"


class Unauthorized(TokenplanError):
    """No API key (401)."""

    title = "Unauthorized"


class Forbidden(TokenplanError):
    """A wrong API key (403)."""

    title = "Forbidden"


class IdempotencyInFlight(TokenplanError):
    """The first request with this Idempotency-Key is still running (409)."""

    title = "Conflict"


class UnsupportedMediaType(TokenplanError):
    """A body in a media type the route does not take (415): JSON routes take only JSON."""

    title = "Unsupported media type"


class BadRequest(TokenplanError):
    """A body that is not JSON at all: malformed, not UTF-8, nested too deep (400)."""

    title = "Bad request"


class Busy(TokenplanError):
    """The solve queue, or this key's share of it, is full (503 with Retry-After)."""

    title = "Service unavailable"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class NotModified(TokenplanError):
    """The client's copy is current (304, no body); the detail is the ETag."""

    title = "Not modified"


_STATUS: dict[type[TokenplanError], tuple[int, str]] = {
    InvalidInput: (422, "invalid-input"),
    NotFound: (404, "not-found"),
    Conflict: (409, "conflict"),
    Stale: (412, "stale-revision"),
    PreconditionRequired: (428, "precondition-required"),
    Unauthorized: (401, "unauthorized"),
    Forbidden: (403, "forbidden"),
    IdempotencyInFlight: (409, "idempotency-in-flight"),
    UnsupportedMediaType: (415, "unsupported-media-type"),
    BadRequest: (400, "bad-request"),
    Busy: (503, "busy"),
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the problem responses a route can give, so clients see them."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=_title(status),
            media_type=PROBLEM_JSON,
            generate_examples=False,
        )
        for status in statuses
    }


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> Response[Any]:
    """A Response carrying `problem` as application/problem+json."""
    return Response(
        content=msgspec.json.encode(problem),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _domain(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, TokenplanError)
    if isinstance(exc, NotModified):
        return Response(content=b"", status_code=304, headers={"ETag": exc.detail})
    status, slug = next((v for k, v in _STATUS.items() if isinstance(exc, k)), (400, "bad-request"))
    headers = {"WWW-Authenticate": 'Bearer realm="tokenplan"'} if status == 401 else None
    if isinstance(exc, Busy):
        headers = {"Retry-After": str(exc.retry_after_s)}
    return problem_response(
        Problem(
            type=f"https://tokenplan.dev/problems/{slug}",
            title=exc.title,
            status=status,
            detail=exc.detail,
            instance=request.url.path,
            errors=bounded(getattr(exc, "errors", None) or []) or None,
            references=getattr(exc, "references", None) or None,
        ),
        headers,
    )


def _http(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Litestar's own errors as problems with a `type`; its parameter validation is a 422
    listing every bad parameter."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    errors = None
    detail = exc.detail
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        status = 422
        errors = [_parameter_error(e) for e in exc.extra if isinstance(e, dict)]
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or detail
    elif status == 400 and "JSON is malformed" in detail:
        errors = [FieldError("(body)", detail)]
    slug = "invalid-input" if status == 422 else _title(status).lower().replace(" ", "-")
    return problem_response(
        Problem(
            type=f"https://tokenplan.dev/problems/{slug}",
            title=_title(status),
            status=status,
            detail=detail,
            instance=request.url.path,
            errors=errors,
        ),
        dict(exc.headers or {}),
    )


def _parameter_error(error: dict[str, Any]) -> FieldError:
    key = str(error.get("key") or error.get("source") or "(request)")
    if key == "data":
        return FieldError("(body)", "this request needs a JSON body")
    return FieldError(key, str(error.get("message")))


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        Problem(
            type="https://tokenplan.dev/problems/internal-error",
            title="Internal Server Error",
            status=HTTP_500_INTERNAL_SERVER_ERROR,
            detail="an unexpected error occurred; nothing was stored",
            instance=request.url.path,
        )
    )


exception_handlers: ExceptionHandlersMap = {
    TokenplanError: _domain,
    HTTPException: _http,
    Exception: _unexpected,
}


def decode_body(data: object, kind: type[T], prefix: str = "") -> T:
    """Convert an already JSON-decoded body to `kind`, refusing unknown fields and what
    breaks the input rules (`catalog.input_rules`: control characters, a term on an offer sold
    month to month).

    Raises:
        InvalidInput: listing every bad field (as a JSON path under `prefix`) with what it got
        and what it wanted, not only the first (at most 50 listed, then a count).
    """
    refuse_bad_input(data, prefix)
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        raise InvalidInput.listing(_field_errors(data, kind, prefix, exc)) from exc


_struct_fields = functools.cache(msgspec.structs.fields)
"""A Struct's fields, read once per type: msgspec re-reads the annotations on every call (most
of a 422's time for a large body)."""


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path and not name.startswith("[") else f"{path}{name}"


def _field_errors(
    data: object, kind: Any, path: str, exc: msgspec.ValidationError | None = None
) -> list[FieldError]:
    """Every field of `data` that does not convert to `kind`, looking into Structs and
    sequences of them; `exc` is the failure of the whole, when already known."""
    if exc is None:
        try:
            msgspec.convert(data, kind)
            return []
        except msgspec.ValidationError as caught:
            exc = caught
    errors: list[FieldError] = []
    kind = _shape(kind, data)
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct) and isinstance(data, dict):
        fields = _struct_fields(kind)
        for f in fields:
            if f.encode_name in data:
                errors += _field_errors(data[f.encode_name], f.type, _join(path, f.name))
            elif f.required:
                name = _join(path, f.name)
                errors.append(FieldError(name, f"Object missing required field `{f.name}`"))
        if kind.__struct_config__.forbid_unknown_fields:
            known = {f.encode_name for f in fields}
            config = kind.__struct_config__
            if config.tag_field is not None:  # `kind: "api"` names the Struct, not a field
                known.add(config.tag_field)
            errors += [
                FieldError(_join(path, str(k)), f"Object contains unknown field `{k}`")
                for k in data
                if k not in known
            ]
    elif (
        typing.get_origin(kind) in (list, tuple)
        and isinstance(data, list)
        and field_error_from_msgspec(exc).field != "(body)"  # else: the list itself, too long
    ):
        args = typing.get_args(kind)
        if len(args) == 1 or (len(args) == 2 and args[1] is Ellipsis):
            for index, item in enumerate(data):
                errors += _field_errors(item, args[0], _join(path, f"[{index}]"))
    return errors or [_one(data, exc, path)]


def _shape(kind: Any, data: object) -> Any:
    """`kind` without Annotated, and an optional `X | None` as X when data is given."""
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    args = typing.get_args(kind)
    if data is not None and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return _shape(rest[0], data)
    return kind


def _one(data: object, exc: msgspec.ValidationError, prefix: str) -> FieldError:
    """The one error msgspec reports, as a field under `prefix`, with what it got."""
    error = field_error_from_msgspec(exc, "")
    got = data if error.field == "(body)" and prefix else _value_at(data, error.field)
    message = error.message
    if got is not _MISSING and "got" not in message and "unknown field" not in message:
        message += f", got {msgspec.json.encode(got).decode()[:200]}"
    inner = "" if error.field == "(body)" else error.field
    field = _join(prefix, inner) if inner else prefix
    return FieldError(field.replace(".[", "[") or "(body)", message)


_MISSING = object()


def _value_at(data: object, path: str) -> object:
    """The value at a path such as `workloads[0].slo.min_interactivity`, or _MISSING."""
    current = data
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if index:
            if not isinstance(current, list) or int(index) >= len(current):
                return _MISSING
            current = current[int(index)]
        elif isinstance(current, dict) and name in current:
            current = current[name]
        else:
            return _MISSING
    return current if path and path != "(body)" else _MISSING
