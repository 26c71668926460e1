"""Plan reports (JSON, CSV, Markdown, HTML, XLSX), requisition drafts and ranking pages.

A report is one document built once from the Plan (`document.build_report`), drawn by one
renderer per format (`to_*.py`), all registered in `formats.py`.
"""

from service.reports.document import Report, build_report
from service.reports.formats import (
    FORMATS,
    REQUISITION_FORMATS,
    render_report,
    render_requisition,
)
from service.reports.numbers import allocate_cents, cents, money, rate
from service.reports.rankings import api_table, ranking_html, ranking_svg, ranking_table
from service.reports.requisition import Requisition, RequisitionLine, requisition
from service.reports.to_text import aligned, plan_text, table_text

__all__ = [
    "FORMATS",
    "REQUISITION_FORMATS",
    "Report",
    "Requisition",
    "RequisitionLine",
    "aligned",
    "allocate_cents",
    "api_table",
    "build_report",
    "cents",
    "money",
    "plan_text",
    "ranking_html",
    "ranking_svg",
    "ranking_table",
    "rate",
    "render_report",
    "render_requisition",
    "requisition",
    "table_text",
]
