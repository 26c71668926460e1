"""The OpenAPI document made true to what the server does: component schemas from msgspec
(the validator itself), the problem responses every operation can give, the API-key security
schemes, `If-Match` required where a missing one is a 428, binary downloads typed, and links
from POST /plans to the plan and its reports. Served at /schema/openapi.json and written to
openapi/openapi.json by `tokenplan openapi`."""

from __future__ import annotations

import copy
import typing
from typing import Any

import msgspec
from litestar import Litestar, Request, Response
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin

__all__ = ["TrueJsonRenderPlugin", "TrueSwaggerRenderPlugin", "api_types", "finish"]

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "an API key of TOKENPLAN_API_KEYS; writes need one when keys are set, "
        "reads too with TOKENPLAN_PROTECT_READS=1",
    },
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}
# Either scheme, or none: whether a key is needed depends on the server's configuration.
SECURITY: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}, {}]
_ALWAYS = {
    400: "Bad Request: the body is not JSON (malformed, not UTF-8, nested too deep)",
    401: "Unauthorized: an API key is needed",
    403: "Forbidden: the API key is not valid",
    422: "Unprocessable Content: invalid input; `errors` names every field",
}
_WITH_BODY = {
    408: "Request Timeout: the body stopped arriving (TOKENPLAN_BODY_IDLE_S, _TOTAL_S)",
    413: "Content Too Large: the body is over TOKENPLAN_MAX_BODY_BYTES",
    415: "Unsupported Media Type",
}
_BINARY = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_REPORT_OPERATIONS = (
    "getPlan",
    "getPlanReportJson",
    "getPlanReportCsv",
    "getPlanReportMd",
    "getPlanReportHtml",
    "getPlanReportXlsx",
)


_PLAN_BODIES = {"getPlanReportJson"}
"""Downloads whose JSON body is the stored Plan itself (the route returns its bytes)."""
SSE_EVENT = {
    "type": "object",
    "description": "one server-sent event: its `event` name and its `data` (a JSON document)",
    "properties": {
        "event": {"type": "string"},
        "data": {"type": "string"},
        "id": {"type": "string"},
        "retry": {"type": "integer"},
    },
}


def _struct_types(annotation: Any, found: dict[str, type[msgspec.Struct]]) -> None:
    """Every msgspec Struct `annotation` holds, by name, nested ones included."""
    for info in _walk(msgspec.inspect.type_info(annotation)):
        if isinstance(info, msgspec.inspect.StructType):
            found.setdefault(info.cls.__name__, info.cls)


def _walk(info: msgspec.inspect.Type, seen: set[int] | None = None) -> list[msgspec.inspect.Type]:
    seen = set() if seen is None else seen
    if id(info) in seen:
        return []
    seen.add(id(info))
    out = [info]
    if isinstance(info, msgspec.inspect.StructType):
        for field in info.fields:
            out += _walk(field.type, seen)
    for name in ("item_type", "key_type", "value_type"):
        if hasattr(info, name):
            out += _walk(getattr(info, name), seen)
    for name in ("types", "item_types"):
        for item in getattr(info, name, ()):
            out += _walk(item, seen)
    return out


def api_types(app: Litestar) -> list[type[msgspec.Struct]]:
    """The Structs the API reads and writes, from every handler's body, return type and
    documented responses."""
    found: dict[str, type[msgspec.Struct]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            signature = handler.parsed_fn_signature
            candidates = [signature.return_type.annotation]
            if "data" in signature.parameters:
                candidates.append(signature.parameters["data"].annotation)
            candidates += [spec.data_container for spec in (handler.responses or {}).values()]
            for candidate in candidates:
                for inner in _unwrap(candidate):
                    if isinstance(inner, type) and issubclass(inner, msgspec.Struct):
                        _struct_types(inner, found)
    return list(found.values())


def _unwrap(annotation: Any) -> list[Any]:
    """The types inside Response[...], SkipValidation and Annotated wrappers."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is not None and (origin is Response or origin is typing.Union or origin is list):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if origin is not None and isinstance(origin, type) and issubclass(origin, Response):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _components(types: list[type[msgspec.Struct]]) -> dict[str, Any]:
    _, components = msgspec.json.schema_components(
        types, ref_template="#/components/schemas/{name}"
    )
    strict = {t.__name__ for t in types if t.__struct_config__.forbid_unknown_fields}
    for name, schema in components.items():
        if name in strict and schema.get("type") == "object":
            schema["additionalProperties"] = False
    return components


def _problems(operation: dict[str, Any], statuses: dict[int, str]) -> None:
    responses = operation.setdefault("responses", {})
    for status, description in statuses.items():
        current = responses.get(str(status))
        if current is None or "application/problem+json" not in current.get("content", {}):
            responses[str(status)] = {"description": description, "content": PROBLEM}


def _operation(path: str, method: str, operation: dict[str, Any]) -> None:
    _problems(operation, _ALWAYS)
    if "requestBody" in operation:
        _problems(operation, _WITH_BODY)
        accepted = " or ".join(operation["requestBody"].get("content", {})) or "application/json"
        operation["responses"]["415"]["description"] = f"Unsupported Media Type: send {accepted}"
    operation["security"] = SECURITY
    for parameter in operation.get("parameters", []):
        if parameter["name"] == "If-Match" and method in ("put", "delete"):
            parameter["required"] = True
            parameter["schema"] = {"type": "string", "maxLength": 200}
    for status, response in operation.get("responses", {}).items():
        for media, body in response.get("content", {}).items():
            if not status.startswith("2"):
                continue
            if media == "text/event-stream":
                body["schema"] = SSE_EVENT
            elif operation.get("operationId") in _PLAN_BODIES and media == "application/json":
                body["schema"] = {"$ref": "#/components/schemas/Plan"}
            elif body.get("schema") == {} and media == "application/json":
                body["schema"] = {"type": "object"}  # a JSON download (a requisition, say)
            elif body.get("schema") == {}:
                body["schema"] = {"type": "string"}
                if media in _BINARY:
                    body["schema"]["format"] = "binary"
    if operation.get("operationId") == "createPlan":
        _problems(operation, {503: "Service Unavailable: the solve queue is full; Retry-After"})
        links = {
            name: {"operationId": name, "parameters": {"plan_id": "$response.body#/id"}}
            for name in _REPORT_OPERATIONS
        }
        for status in ("201", "202"):
            operation["responses"][status]["links"] = links


_OFFER = "#/components/schemas/Offer"
ANY_OFFER = {
    "oneOf": [{"$ref": _OFFER}, {"$ref": "#/components/schemas/ApiOffer"}],
    "discriminator": {
        "propertyName": "kind",
        "mapping": {
            **{kind: _OFFER for kind in ("on_demand", "reserved", "spot", "owned")},
            "api": "#/components/schemas/ApiOffer",
        },
    },
    "description": "An offer: GPU-hours (`Offer`, kind on_demand, reserved, spot or owned) or "
    "tokens by the million (`ApiOffer`, kind api).",
}
"""The body of the offer routes: a union msgspec cannot inspect (only one of its Structs is
tagged), so Litestar documents `Offer` and the document is mended here."""


def _any_offer(node: Any) -> None:
    """Point every `Offer` reference under `node` at `AnyOffer`."""
    if isinstance(node, dict):
        if node.get("$ref") == _OFFER:
            node["$ref"] = "#/components/schemas/AnyOffer"
        for value in node.values():
            _any_offer(value)
    elif isinstance(node, list):
        for value in node:
            _any_offer(value)


def finish(document: dict[str, Any], types: list[type[msgspec.Struct]]) -> dict[str, Any]:
    """A copy of Litestar's document, made true (see the module docstring)."""
    doc = copy.deepcopy(document)
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {}).update(_components(types))
    components["securitySchemes"] = SECURITY_SCHEMES
    for path, item in doc.get("paths", {}).items():
        if path.startswith("/catalog/offers") and not path.endswith(".csv"):
            _any_offer(item)
    if "OfferList" in components["schemas"]:
        components["schemas"]["AnyOffer"] = ANY_OFFER
        _any_offer(components["schemas"]["OfferList"])
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                _operation(path, method, operation)
    return doc


class _Finishing:
    """Render the finished document (computed once per app) instead of Litestar's."""

    _finished: dict[str, Any] | None = None

    def finished(self, request: Request[Any, Any, Any], document: dict[str, Any]) -> dict[str, Any]:
        if self._finished is None:
            self._finished = finish(document, api_types(request.app))
        return self._finished


class TrueJsonRenderPlugin(JsonRenderPlugin, _Finishing):
    """/schema/openapi.json, finished."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return msgspec.json.encode(self.finished(request, openapi_schema))


class TrueSwaggerRenderPlugin(SwaggerRenderPlugin, _Finishing):
    """/schema/swagger, on the finished document."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, self.finished(request, openapi_schema))
