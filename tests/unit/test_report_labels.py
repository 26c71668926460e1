"""Review findings on what reports say: labels that match the numbers under them, rendered
from the golden plans (no solver)."""

from __future__ import annotations

import re

import pytest

from tests.golden import golden_report

GOLDEN = ["growing-power-capped", "portfolio-three-models", "infeasible-power-cap"]


def _text(name: str, fmt: str) -> str:
    content = golden_report(name, fmt)
    assert isinstance(content, str)
    return content


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
@pytest.mark.parametrize("name", GOLDEN)
def test_no_report_calls_the_amortised_cost_cash(name: str, fmt: str) -> None:
    """`summary.cash_cost_in_horizon` is amortised: no report labels it (or anything) a
    "cash cost"."""
    assert not re.search(r"cash[ _]cost", _text(name, fmt), re.IGNORECASE)
