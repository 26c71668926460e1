"""Every download format, registered here and nowhere else: a new report format is one new
module with a `render(report)` function and one line in `REPORTS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

from catalog import Catalog, Conflict
from optimizer import Plan
from service.reports import to_csv, to_html, to_json, to_markdown, to_pdf, to_xlsx
from service.reports.document import Report, build_report
from service.reports.requisition import (
    RequestFields,
    Requisition,
    requisition,
    requisition_csv,
    requisition_json,
)
from service.reports.standing import no_solution

__all__ = ["FORMATS", "REQUISITION_FORMATS", "render_report", "render_requisition"]

T = TypeVar("T")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Renderer(NamedTuple, Generic[T]):
    """A format's media type and the function that draws a document in it."""

    media_type: str
    render: Callable[[T], bytes | str]


REPORTS: dict[str, Renderer[Report]] = {
    "json": Renderer("application/json", to_json.render),
    "csv": Renderer("text/csv", to_csv.render),
    "md": Renderer("text/markdown", to_markdown.render),
    "html": Renderer("text/html", to_html.render),
    "xlsx": Renderer(XLSX, to_xlsx.render),
    "pdf": Renderer("application/pdf", to_pdf.render),
}
REQUISITIONS: dict[str, Renderer[Requisition]] = {
    "json": Renderer("application/json", requisition_json),
    "csv": Renderer("text/csv", requisition_csv),
}
SOLUTION_ONLY = {"csv": "allocation lines"}
"""The report formats made of the plan's solution alone (what each holds): a plan without one
has none, where the other formats say why (probe 10 finding 5: a cancelled plan's CSV was its
header row alone, nothing in it saying it was cancelled)."""
FORMATS = {fmt: renderer.media_type for fmt, renderer in REPORTS.items()}
REQUISITION_FORMATS = {fmt: renderer.media_type for fmt, renderer in REQUISITIONS.items()}


def _render(
    registry: dict[str, Renderer[T]], fmt: str, document: Callable[[], T], filename: str
) -> tuple[bytes | str, str, str]:
    if fmt not in registry:
        msg = f"unknown format {fmt!r}; one of {', '.join(registry)}"
        raise ValueError(msg)
    renderer = registry[fmt]
    return renderer.render(document()), renderer.media_type, filename


def render_report(plan: Plan, catalog: Catalog, fmt: str) -> tuple[bytes | str, str, str]:
    """(content, media type, filename) of `plan`'s report in `fmt` (a key of `FORMATS`).

    Raises:
        ValueError: naming an unknown format.
        Conflict: for a format of `SOLUTION_ONLY` of a plan without a solution.
    """
    if fmt in SOLUTION_ONLY and plan.summary is None:
        raise Conflict(no_solution(plan, SOLUTION_ONLY[fmt]))
    name = f"tokenplan-{plan.id or 'plan'}.{fmt}"
    return _render(REPORTS, fmt, lambda: build_report(plan, catalog), name)


def render_requisition(
    plan: Plan, catalog: Catalog, fmt: str, fields: RequestFields | None = None
) -> tuple[bytes | str, str, str]:
    """(content, media type, filename) of the plan's requisition draft in `fmt` (a key of
    `REQUISITION_FORMATS`), each line carrying the request-level `fields`.

    Raises:
        ValueError: naming an unknown format.
    """
    name = f"tokenplan-{plan.id}-requisition.{fmt}"
    return _render(REQUISITIONS, fmt, lambda: requisition(plan, catalog, fields), name)
