"""A sensitivity run's solver runs branch without strong branching (`optimizer.trials.
SEARCH_OPTIONS`: measured faster on every shipped example with a sensitivity benchmark),
while the plan's own solve (`optimizer.phases`, a `DirectModel` of its own) keeps HiGHS's
default."""

from __future__ import annotations

from optimizer.direct import DirectModel, _highs
from optimizer.instance import Instance, prepare
from optimizer.request import Options, PlanRequest
from optimizer.trials import SEARCH_OPTIONS, Lever, forced_model
from optimizer.written_models import WrittenModels
from tests import tiny

RELIABLE = "mip_pscost_minreliable"


def _option(model: DirectModel) -> object:
    """The value of `RELIABLE` in the HiGHS a solve of `model` is handed."""
    _status, value = _highs(model, 1.0, 0.0, None).getOptionValue(RELIABLE)
    return value


def _instance() -> Instance:
    catalog = tiny.catalog(tiny.Spec(id="a", price=2.0), tiny.Spec(id="b", price=3.0))
    request = PlanRequest(forecast=tiny.forecast(2000.0), options=Options(gap=0.0))
    assert request.forecast is not None
    return prepare(catalog, request, request.forecast)


def test_a_sensitivity_models_solves_branch_without_strong_branching() -> None:
    instance = _instance()
    assert SEARCH_OPTIONS[RELIABLE] == 0
    assert _option(DirectModel(instance)) == 8  # HiGHS's default
    lever = Lever("gpu", 1)
    for models in (None, WrittenModels(), WrittenModels()):
        for force in (None, (lever, "in"), (lever, "out")):
            made = forced_model(instance, force, models)
            assert made is not None
            assert _option(made[0]) == 0
