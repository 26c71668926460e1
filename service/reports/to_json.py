"""The report as JSON: the stored Plan itself, every number at full precision."""

from __future__ import annotations

import msgspec

from service.reports.document import Report

__all__ = ["render"]


def render(report: Report) -> bytes:
    """The plan, as `GET /plans/{id}` returns it."""
    return msgspec.json.encode(report.stored or report.plan)
