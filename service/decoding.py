"""Request bodies converted to the domain's Structs with every bad field named (a JSON path,
what it got, what it wanted): for the API's bodies and the command line's arguments alike, so
it imports no web framework."""

from __future__ import annotations

import functools
import math
import re
import types
import typing
from typing import Any, TypeVar

import msgspec

from catalog.errors import FieldError, InvalidInput, field_error_from_msgspec
from catalog.input_rules import refuse_bad_input

__all__ = ["decode_body"]

T = TypeVar("T")


def decode_body(data: object, kind: type[T], prefix: str = "") -> T:
    """Convert an already JSON-decoded body to `kind`, refusing unknown fields and what
    breaks the input rules (`catalog.input_rules`: control characters, a term on an offer sold
    month to month).

    Raises:
        InvalidInput: listing every bad field (as a JSON path under `prefix`) with what it got
        and what it wanted, not only the first (at most 50 listed, then a count).
    """
    try:
        converted = msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        raise InvalidInput.listing(_field_errors(data, kind, prefix, exc)) from exc
    # After the typed conversion, whose bounds keep every list short: walking 400,000 strings
    # first took most of a 2 MB body's refusal.
    refuse_bad_input(data, prefix)
    return converted


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


def _bare(kind: Any) -> Any:
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    return kind


def _takes(kind: Any, data: object) -> bool:
    """Whether a JSON value of `data`'s type could be a `kind` (an object a Struct or a dict,
    an array a list or tuple): msgspec picks a union's member by that type alone."""
    kind = _bare(kind)
    if isinstance(data, dict):
        struct = isinstance(kind, type) and issubclass(kind, msgspec.Struct)
        return struct or typing.get_origin(kind) is dict or kind is dict
    if isinstance(data, list):
        return typing.get_origin(kind) in (list, tuple) or kind in (list, tuple)
    return False


def _shape(kind: Any, data: object) -> Any:
    """`kind` without Annotated; a union as the one member data's JSON type can be (an
    optional `X | None` as X when data is given, `Slug | InlineOffer` as InlineOffer for an
    object), so that every bad field inside it is named, not only the first."""
    kind = _bare(kind)
    args = typing.get_args(kind)
    if typing.get_origin(kind) not in (typing.Union, types.UnionType):
        return kind
    if data is not None and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return _shape(rest[0], data)
    fits = [a for a in args if _takes(a, data)]
    return _shape(fits[0], data) if len(fits) == 1 else kind


def _one(data: object, exc: msgspec.ValidationError, prefix: str) -> FieldError:
    """The one error msgspec reports, as a field under `prefix`, with what it got."""
    error = field_error_from_msgspec(exc, "")
    got = data if error.field == "(body)" and prefix else _value_at(data, error.field)
    message = error.message
    if got is not _MISSING and "got" not in message and "unknown field" not in message:
        # JSON has no inf or nan (msgspec writes null): a command-line float can hold them.
        shown = repr(got) if isinstance(got, float) and not math.isfinite(got) else None
        message += f", got {shown or msgspec.json.encode(got).decode()[:200]}"
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
