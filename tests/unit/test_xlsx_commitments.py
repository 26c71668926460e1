"""The workbook's Commitments sheet: the total under the contracts the plan signs is the
Summary's obligation of new commitments; existing ones are a table of their own with their own
total; per-month costs are never summed (probe 5, finding 6: one total row added existing and
new obligations, 25,068,223.36 against the Summary's 13,638,315.52, and summed the monthly cost
of a month of on-demand with that of 48-month contracts)."""

from __future__ import annotations

from typing import Any

import msgspec

from catalog import default_catalog
from optimizer import Plan
from service.reports import render_report
from service.reports.obligation import OBLIGATION
from tests.documents import workbook
from tests.golden import golden_plan


def _with_existing() -> Plan:
    """The capex-budget golden plan (two new contracts: a total row) with two GB300 racks
    already owned and one more signed later (existing: not in the Summary's obligation)."""
    plan = golden_plan("capex-budget-deepseek-r1")
    owned = next(c for c in plan.commitments if c.offer_id == "onprem-gb300")
    existing = msgspec.structs.replace(
        owned,
        start="2026-06",
        end="2030-05",
        units=2.0,
        gpus=144.0,
        monthly_cost=owned.monthly_cost * 2 / 3,
        total_obligation=owned.total_obligation * 2 / 3,
        existing=True,
    )
    later = msgspec.structs.replace(existing, start="2026-09", end="2030-08")
    return msgspec.structs.replace(plan, commitments=(*plan.commitments, existing, later))


def _sheets(plan: Plan) -> tuple[list[tuple[Any, ...]], dict[Any, Any]]:
    content = render_report(plan, default_catalog(), "xlsx")[0]
    assert isinstance(content, bytes)
    book = workbook(content, data_only=True)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    return list(book["Commitments"].iter_rows(values_only=True)), summary


def test_the_total_of_new_commitments_is_the_summarys_obligation() -> None:
    """The new commitments' total obligation equals the Summary's to the cent; the existing
    racks have their own table and total; neither total sums the per-month column."""
    plan = _with_existing()
    assert plan.summary is not None
    rows, summary = _sheets(plan)
    header = rows[0]
    obligation, per_month = header.index("total_obligation"), header.index("monthly_cost")
    totals = {
        row[0]: row
        for row in rows
        if row[0] in ("total (new contracts and on-demand use)", "total (existing)")
    }
    new, old = totals["total (new contracts and on-demand use)"], totals["total (existing)"]
    assert round(new[obligation], 2) == round(plan.summary.total_obligation, 2)
    assert round(summary[OBLIGATION], 2) == round(new[obligation], 2)
    existing = [c for c in plan.commitments if c.existing]
    assert round(old[obligation], 2) == round(sum(c.total_obligation for c in existing), 2)
    assert new[per_month] is None and old[per_month] is None
    assert "total" not in [row[0] for row in rows]


def test_a_plan_without_existing_units_has_one_table() -> None:
    """No existing commitments: one table, its total the Summary's obligation."""
    plan = golden_plan("capex-budget-deepseek-r1")
    assert plan.summary is not None
    rows, _ = _sheets(plan)
    labels = [row[0] for row in rows if row[0] and str(row[0]).startswith("total")]
    assert labels == ["total (new contracts and on-demand use)"]
