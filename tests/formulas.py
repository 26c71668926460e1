"""A small evaluator of the formulas the workbook writes (`service.reports.xlsx_formulas`):
+ - * /, ROUND, SUM over a range, A1 references on this sheet or another ('Sheet'!A1), so that
a test recalculates a workbook as a spreadsheet would (no spreadsheet on the machine)."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import column_index_from_string

_REF = re.compile(r"(?:'([^']+)'!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def formulas(book: Any) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> formula text of every formula cell outside a table's total row."""
    out = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if isinstance(text, str) and text.startswith("=") and "SUBTOTAL" not in text:
                    out[(sheet.title, cell.coordinate)] = text
    return out


def evaluate(book: Any, sheet: str, text: str, seen: tuple[str, ...] = ()) -> float:
    """The value of formula `text` on `sheet` of `book` (openpyxl, formulas kept), each cell
    it refers to a value or a formula evaluated in turn."""

    def value(title: str, col: str, row: int) -> float:
        cell = book[title].cell(row=row, column=column_index_from_string(col))
        v = cell.value
        if isinstance(v, str) and v.startswith("="):
            key = f"{title}!{cell.coordinate}"
            assert key not in seen, f"circular reference at {key}"
            return evaluate(book, title, v, (*seen, key))
        return float(v or 0.0)

    def ref(m: re.Match[str]) -> str:
        title = m.group(1) or sheet
        if m.group(4) is None:
            return repr(value(title, m.group(2), int(m.group(3))))
        first, last = int(m.group(3)), int(m.group(5))
        assert m.group(2) == m.group(4), "ranges are one column"
        return repr([value(title, m.group(2), r) for r in range(first, last + 1)])

    expression = _REF.sub(ref, text[1:]).replace("SUM(", "_sum(").replace("ROUND(", "_round(")
    # Only numbers, lists, operators and the two functions are left (the workbook's own).
    result = eval(expression, {"__builtins__": {}, "_sum": sum, "_round": _round})
    return float(result)


def _round(value: float, places: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))
