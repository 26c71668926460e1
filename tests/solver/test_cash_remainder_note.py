"""cash.csv pays what the requisition schedules, and says so where that differs from the
plan's JSON by more than rounding (probe 9, finding 7b: a 12-month line's last month paid
1,627.44 in cash.csv against 1,627.4766 in the JSON, without a word; the gap grows with the
term). The requisition is what is signed and paid, to the cent: each month its monthly amount,
the last month the rounding remainder that makes the line add up to its total."""

from __future__ import annotations

import csv
import io

import msgspec

from optimizer import PlanRequest
from service.reports import build_report
from service.reports.requisition import requisition
from service.reports.to_csv import cash_csv
from tests.paid_plans import solved
from tests.tiny import Spec, catalog, forecast


def test_the_last_payments_remainder_is_named_where_the_buyer_reads_the_cash() -> None:
    """One GPU reserved for 12 months at 2.22942/GPU-h: 1,627.4766 a month in the JSON, the
    requisition's 1,627.48 a month and 1,627.44 last (total 19,529.72); cash.csv's December
    pays 1,627.44 and its note names the line, the remainder and the total; no other month
    has a note, and the report's cash table carries the same note."""
    cat = catalog(Spec("r", 2.22942, term_months=12))
    request = msgspec.convert({"forecast": msgspec.to_builtins(forecast([1000.0], 1))}, PlanRequest)
    plan = solved(cat, request)
    (line,) = requisition(plan, cat).lines
    assert (line.monthly_amount, line.last_monthly_amount, line.line_total) == (
        "1627.48",
        "1627.44",
        "19529.72",
    )
    rows = {row["month"]: row for row in csv.DictReader(io.StringIO(cash_csv(plan, cat)))}
    december = rows["2027-12"]
    json_december = next(f for f in plan.cash_flows if f.month == "2027-12").recurring
    assert abs(json_december - 1627.4766) < 1e-9 and december["recurring"] == "1627.44"
    assert december["note"] == (
        "requisition line 1 (r) pays 1,627.48 a month and, last, 1,627.44: its rounding "
        "remainder (-0.04) makes its payments add up to its total of 19,529.72 USD, where "
        "the plan's JSON pays each month unrounded"
    )
    assert [m for m, row in rows.items() if row["note"]] == ["2027-12"]
    table = build_report(plan, cat).cash
    notes = [row[table.keys.index("note")] for row in table.rows]
    assert [n.value for n in notes if n.value] == [december["note"]]
