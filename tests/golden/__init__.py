"""Stored plans the report tests render instead of solving (made by `make_golden.py`)."""

from __future__ import annotations

import functools
from pathlib import Path

import msgspec

from optimizer import Plan
from service.store import Store

GOLDEN = Path(__file__).resolve().parent


def golden_plan(name: str) -> Plan:
    """The golden plan `name` (a file stem under tests/golden/), decoded as a Plan."""
    return msgspec.json.decode((GOLDEN / f"{name}.json").read_bytes(), type=Plan)


def store_plan(db_path: str, plan: Plan) -> Plan:
    """Writes `plan` into the store at `db_path` (as the API would have) and returns it."""
    store = Store(db_path)
    store.insert_document("plans", plan.id, msgspec.json.encode(plan), status=plan.status)
    store.close()
    return plan


@functools.cache
def golden_report(name: str, fmt: str) -> bytes | str:
    """The report of golden plan `name` in `fmt` on the shipped catalog, rendered once per
    process: the tests that read the same report share it (an HTML report draws its charts
    with matplotlib, about half a second of CPU; a PDF prints that HTML, over a second)."""
    from catalog import default_catalog
    from service.reports import render_report

    return render_report(golden_plan(name), default_catalog(), fmt)[0]
