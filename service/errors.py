"""Every error as RFC 9457 problem details, mapped in one place from the domain's exceptions."""

from __future__ import annotations

import logging
from typing import Any, Literal, get_args, get_origin

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
)
from service.busy import Busy
from service.decoding import decode_body

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
        errors = [_parameter_error(request, e) for e in exc.extra if isinstance(e, dict)]
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or detail
    elif status == 400 and "JSON is malformed" in detail:
        errors = [FieldError("(body)", detail)]
    elif status == 413:
        detail = _too_large(request)
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


def _too_large(request: Request[Any, Any, Any]) -> str:
    """A 413's detail: the limit a body must keep under, and the setting that sets it."""
    resolve = getattr(request.scope.get("route_handler"), "resolve_request_max_body_size", None)
    limit = resolve() if resolve is not None else None
    cap = f"{limit:,} bytes" if isinstance(limit, int) else "the size this service accepts"
    return f"the body is over {cap} (TOKENPLAN_MAX_BODY_BYTES): send less, or split it"


def _parameter_error(request: Request[Any, Any, Any], error: dict[str, Any]) -> FieldError:
    key = str(error.get("key") or error.get("source") or "(request)")
    if key == "data":
        media = request.content_type[0]
        handler = request.scope.get("route_handler")
        if media in getattr(handler, "opt", {}).get("also_accepts", ()):
            return FieldError("(body)", f"the {media} body is empty: send it with its header row")
        return FieldError("(body)", "this request needs a JSON body")
    message = str(error.get("message"))
    allowed = _literal_values(getattr(_parameter(request, key), "annotation", None))
    if allowed and message.startswith("Invalid enum value"):
        message += f"; expected one of {', '.join(allowed)}"
    return FieldError(_wire_name(request, key), message)


def _parameter(request: Request[Any, Any, Any], key: str) -> Any:
    """The handler's parameter `key` (a FieldDefinition), or None."""
    signature = getattr(request.scope.get("route_handler"), "parsed_fn_signature", None)
    return getattr(signature, "parameters", {}).get(key)


def _literal_values(annotation: Any) -> list[str]:
    """The values a `Literal` parameter (or an optional one) takes: what a 422 lists."""
    if get_origin(annotation) is Literal:
        return [str(value) for value in get_args(annotation)]
    return [value for arg in get_args(annotation) for value in _literal_values(arg)]


def _wire_name(request: Request[Any, Any, Any], key: str) -> str:
    """A parameter by the name the client sent it under (`Idempotency-Key`), not the
    handler's argument (`idempotency_key`): the name every other refusal of it uses."""
    parameter = _parameter(request, key)
    name = getattr(getattr(parameter, "kwarg_definition", None), "name", None)
    return name if isinstance(name, str) and name else key


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
