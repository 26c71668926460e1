"""RFC 4180 CSV text with cells guarded against formula injection: every CSV export writes
through it (its own module, so that the requisition needs no report renderer)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from catalog.offers_csv import safe_cell

__all__ = ["csv_text"]


def csv_text(rows: Sequence[Sequence[str]]) -> str:
    """RFC 4180 CSV; a text cell that a spreadsheet would run as a formula gets a leading `'`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
