"""A sensitivity's time limit is floored as a plan's is (probe 8, finding 9f: a limit of 1e-9 gave
each re-solve 1e-9 s, found no plan and failed, blaming `plan_id`). A `time_limit_s` below
MIN_SOLVE_SECONDS is now refused naming it (probe 13: `tests/solver/test_sensitivity_trust.py`);
a plan solved with a tiny limit of its own is re-solved in MIN_SOLVE_SECONDS all the same."""

from __future__ import annotations

import sys

import msgspec
import pytest

from optimizer.request import Options
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from tests.solver.test_sensitivity import _plan, _two_offers


def test_a_plans_nanosecond_limit_runs_as_a_plan_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two-offer example (A $2/GPU-h at 1,000 tok/s/GPU, B $5 at 2,000; 2,000 tok/s for a
    month) planned with time_limit_s 1e-9, its sensitivity at the plan's limit: each re-solve
    still gets MIN_SOLVE_SECONDS; the run is done, its base cost 2,920.00 (two A GPUs), and
    B's entering price $4.00 as by hand. The floor is raised to a second here: at its 0.05 s
    a machine loaded 15 deep once stopped a re-solve before its plan (flake12, session 12)."""
    monkeypatch.setattr(sys.modules["optimizer.sensitivity"], "MIN_SOLVE_SECONDS", 1.0)
    catalog, request = _two_offers()
    options = Options(commitment_accounting="in_horizon", gap=0.0, time_limit_s=1e-9)
    plan = _plan(catalog, msgspec.structs.replace(request, options=options))
    result = sensitivity(catalog, plan, SensitivityOptions(steps=(0.1,)))
    assert result.status == "done" and result.base_cost == pytest.approx(2920.0)
    b = next(o for o in result.offers if o.offer_id == "b")
    assert b.target.verified and b.target.price == pytest.approx(4.0, rel=0.02)
