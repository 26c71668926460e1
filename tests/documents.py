"""Readers of the service's binary downloads for tests. Each imports its library when a test
reads a document, not when a test module is imported: every xdist worker imports every test
module, and WeasyPrint (1.3 s) and openpyxl (0.25 s) were most of that."""

from __future__ import annotations

import io
from typing import Any


def workbook(content: bytes, *, data_only: bool = False) -> Any:
    """The XLSX `content` opened by openpyxl."""
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(content), data_only=data_only)


def printed(html: str) -> Any:
    """The HTML laid out in pages by WeasyPrint, as `report.pdf` prints it."""
    from weasyprint import HTML

    return HTML(string=html).render()
