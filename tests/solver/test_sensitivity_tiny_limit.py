"""A sensitivity's time limit is floored as a plan's is (probe 8, finding 9f: `time_limit_s`
1e-9 gave each re-solve 1e-9 s, found no plan and failed, blaming `plan_id`, where the same plan
re-solves as a plan in MIN_SOLVE_SECONDS)."""

from __future__ import annotations

import sys

import pytest

from optimizer.sensitivity import SensitivityOptions, sensitivity
from tests.solver.test_sensitivity import _plan, _two_offers


def test_a_nanosecond_limit_runs_as_a_plan_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two-offer example (A $2/GPU-h at 1,000 tok/s/GPU, B $5 at 2,000; 2,000 tok/s for a
    month) with time_limit_s 1e-9: each re-solve still gets MIN_SOLVE_SECONDS; the run is done,
    its base cost 2,920.00 (two A GPUs), and B's entering price $4.00 as by hand. The floor is
    raised to a second here: at its 0.05 s a machine loaded 15 deep once stopped a re-solve
    before its plan (flake12, session 12); a limit not floored fails at any floor."""
    monkeypatch.setattr(sys.modules["optimizer.sensitivity"], "MIN_SOLVE_SECONDS", 1.0)
    catalog, request = _two_offers()
    plan = _plan(catalog, request)
    result = sensitivity(catalog, plan, SensitivityOptions(steps=(0.1,), time_limit_s=1e-9))
    assert result.status == "done" and result.base_cost == pytest.approx(2920.0)
    b = next(o for o in result.offers if o.offer_id == "b")
    assert b.target.verified and b.target.price == pytest.approx(4.0, rel=0.02)
