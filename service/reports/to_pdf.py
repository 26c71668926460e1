"""The report as a PDF: the HTML page (`to_html`) printed by WeasyPrint with its print CSS,
so the executive summary is the first page and the two formats cannot disagree."""

from __future__ import annotations

from service.reports import to_html
from service.reports.document import Report

__all__ = ["render"]


def render(report: Report) -> bytes:
    """The whole report, A4, from the same HTML the page serves."""
    # Imported here: WeasyPrint loads Pango through cffi (half a second), which every
    # `tokenplan` command and server paid at start-up whether it printed a PDF or not.
    from weasyprint import HTML

    pdf = HTML(string=to_html.render(report)).write_pdf()
    if not isinstance(pdf, bytes):  # write_pdf returns the bytes when given no target
        raise TypeError("WeasyPrint wrote no PDF")
    return pdf
