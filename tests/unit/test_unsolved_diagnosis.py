"""A plan infeasible even with no demand served (no summary, no shortfall rows) still shows its
diagnosis in every format, and the terminal text does not crash on the empty table (probe 4,
finding 4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from catalog import default_catalog
from optimizer.plan import Diagnosis, Plan
from service.reports import to_html, to_markdown
from service.reports.document import Report, build_report
from service.reports.to_text import aligned, plan_text
from tests.golden import golden_plan

WHY = (
    "the constraints conflict even with no demand served: the existing commitments alone "
    "exceed the power cap at on-prem/own-dc (1 MW) in 2027-01"
)
CAP = "power cap at on-prem/own-dc (1 MW) in 2027-01, with 1.512 MW of existing commitments"


def _unsolved() -> Plan:
    """What the planner stores when no solve finds a plan: the request, the status, and the
    diagnosis, nothing else."""
    solved = golden_plan("infeasible-power-cap")
    return Plan(
        id="plan_unsolved",
        status="infeasible",
        created_at=solved.created_at,
        catalog_revision=solved.catalog_revision,
        request=solved.request,
        forecast=solved.forecast,
        solver=solved.solver,
        diagnosis=Diagnosis(summary=WHY, shortfalls=(), binding=(CAP,)),
    )


def test_aligned_table_without_rows_is_its_header() -> None:
    """No rows: the header and its rule (it raised TypeError: 'int' object is not iterable)."""
    assert aligned(["workload", "month"], []) == "workload  month\n--------  -----"


def test_terminal_text_of_an_unsolved_plan_gives_its_diagnosis() -> None:
    """`tokenplan plan` prints the status, the diagnosis and what binds, and no empty table."""
    text = plan_text(build_report(_unsolved(), default_catalog()))
    assert f"diagnosis: {WHY}" in text
    assert f"  binding: {CAP}" in text
    assert "short tok/s" not in text


@pytest.mark.parametrize("render", [to_markdown.render, to_html.render])
def test_markdown_and_html_of_an_unsolved_plan_give_its_diagnosis(
    render: Callable[[Report], str],
) -> None:
    """report.md and report.html (and so report.pdf, the HTML printed) show the diagnosis and
    what binds: they were a title line and "status infeasible"."""
    page = render(build_report(_unsolved(), default_catalog()))
    assert "Diagnosis: the demand cannot be met" in page
    assert WHY in page
    assert CAP in page
