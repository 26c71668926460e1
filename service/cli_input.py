"""What the command line takes in, checked by the API's own rules: arguments converted through
the request Structs, JSON files read and decoded, outputs written; every refusal an
`InvalidInput` naming the argument, which `tokenplan` prints as one line (`error_line`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import msgspec

from catalog import InvalidInput, TokenplanError
from catalog.errors import FieldError
from service.decoding import decode_body

__all__ = [
    "WORKLOAD_FLAGS",
    "arguments",
    "error_line",
    "flagged",
    "read_json",
    "read_text",
    "write_output",
]

T = TypeVar("T")

WORKLOAD_FLAGS = {
    "workload.model": "--model",
    "workload.isl": "--isl",
    "workload.osl": "--osl",
    "workload.slo.min_interactivity": "--interactivity",
    "workload.slo.max_ttft_ms": "--ttft",
}
"""A workload's fields by the flags `rank` and `crossover` take them in."""


def error_line(exc: TokenplanError) -> str:
    """The one line a refusal prints: its detail, and its fields when the detail names none."""
    errors: list[FieldError] = getattr(exc, "errors", [])
    if not errors or errors[0].field in exc.detail:
        return f"error: {exc.detail}"
    return f"error: {exc.detail}: {InvalidInput.listing(errors).detail}"


def arguments(document: dict[str, Any], kind: type[T], names: dict[str, str]) -> T:
    """`document` (built from command-line arguments) converted to `kind` as a body would be,
    under the same bounds.

    Raises:
        InvalidInput: naming each bad argument by its flag (`names` maps a field's JSON path,
        such as `workload.slo.min_interactivity`, to the flag, `--interactivity`).
    """
    try:
        return decode_body(document, kind)
    except InvalidInput as exc:
        raise flagged(exc, names) from None


def flagged(exc: InvalidInput, names: dict[str, str]) -> InvalidInput:
    """`exc` with each field named by its flag (`names` as in `arguments`): for a refusal of
    the request after it was converted (a workload no offer can serve, a model no one sells)."""
    return InvalidInput.listing([FieldError(_flag(e.field, names), e.message) for e in exc.errors])


def _flag(field: str, names: dict[str, str]) -> str:
    """The flag of a field (`levels[2]` is `--levels`'s third value), or the field itself."""
    if field in names:
        return names[field]
    base, bracket, rest = field.partition("[")
    return f"{names[base]} [{rest}" if bracket and base in names else field


def read_text(path: str, argument: str) -> str:
    """The UTF-8 text of the file at `path`.

    Raises:
        InvalidInput: naming `argument` when the file cannot be read (missing, a directory,
        not readable) or is not UTF-8 text.
    """
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput.one(argument, f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInput.one(argument, f"{path} is not UTF-8 text ({exc.reason})") from None


def read_json(path: str, argument: str) -> Any:
    """The JSON document in the file at `path`.

    Raises:
        InvalidInput: naming `argument` when the file cannot be read or is not JSON
        (truncated, binary), with msgspec's reason.
    """
    text = read_text(path, argument)
    try:
        return msgspec.json.decode(text)
    except msgspec.DecodeError as exc:
        raise InvalidInput.one(argument, f"{path} is not valid JSON: {exc}") from None


def write_output(path: Path, content: str | bytes, argument: str) -> None:
    """Write `content` to `path`.

    Raises:
        InvalidInput: naming `argument` when it cannot be written (no such directory, a
        directory, not writable).
    """
    try:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    except OSError as exc:
        raise InvalidInput.one(argument, f"cannot write {path}: {exc.strerror or exc}") from None
