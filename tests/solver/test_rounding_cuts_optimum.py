"""The rounding cuts (`optimizer.rounding_cuts`) forced onto small whole-replica plans: HiGHS
proves the optimum it proves without them (the cuts are valid: they never cut a plan off)."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from catalog import Catalog, default_catalog
from optimizer import rounding_cuts
from optimizer.prepare import prepare
from optimizer.request import PlanRequest
from optimizer.solver import build, solve
from tests.paths import EXAMPLES
from tests.strategies import small_plans
from tests.tiny import drawn_instance

EXAMPLE = EXAMPLES / "growing-power-capped.json"

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(small_plans())
def test_the_cuts_keep_the_optimum(instance: tuple[Catalog, PlanRequest]) -> None:
    """On small instances, the model with a cut on every demand row proves the optimum of the
    model without (to 1e-8, HiGHS's integrality tolerance), and is infeasible exactly when it
    is."""
    model_instance = drawn_instance(*instance)
    if model_instance is None:
        return
    plain = solve(build(model_instance), time_limit=30, gap_tolerance=0.0, seed=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding_cuts, "MIN_WHOLE_BLOCKS", 0)
        model = build(model_instance)
        cut = solve(model, time_limit=30, gap_tolerance=0.0, seed=False)
    assert cut.status == plain.status
    if plain.objective is None:
        return
    assert cut.objective is not None
    assert abs(cut.objective - plain.objective) <= 1e-8 * max(1.0, abs(plain.objective))


def test_the_cuts_are_written_on_large_models_only() -> None:
    """The power-capped example (24 blocks) gets no cut row; with the threshold at 0 its
    model has `q_` rows, the relaxation of the same model none."""
    request = msgspec.json.decode(EXAMPLE.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    model_instance = prepare(default_catalog(), request, request.forecast)

    def cuts(relax: bool = False) -> int:
        problem = build(model_instance, relax=relax).problem
        return sum(1 for row in problem.constraints() if row.name.startswith("q_"))

    assert cuts() == 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding_cuts, "MIN_WHOLE_BLOCKS", 0)
        assert cuts() > 0
        assert cuts(relax=True) == 0
