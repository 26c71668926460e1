"""`optimizer.own_cost`: a plan whose whole objective is one offer's, in a model where no plan
costs less than nothing, is optimal at every lower price of that offer; the checks refuse a
plan holding another column, a model with a column of negative cost or lower bound, and a
plan column the model lacks. The plan so proven is what a plain re-solve finds at lower
prices, to the cent."""

from __future__ import annotations

import pytest

from optimizer.instance import prepare
from optimizer.own_cost import all_its_own, base_own
from optimizer.sensitivity_run import Known, Trials
from optimizer.starts import Starts
from optimizer.trials import Lever, forced_model, run_trial
from tests.solver.test_sensitivity_checks import _three_alike


def test_a_plan_all_one_offers_holds_at_its_lower_prices() -> None:
    catalog, request = _three_alike()
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    base = Trials(20.0, 0.0, None).using(Known([], Starts()), "base")(instance, None, None)
    assert base.status == "optimal" and base.columns is not None and base.cost is not None
    a = next(o for o, spec in enumerate(instance.offers) if spec.id == "a")
    made = forced_model(instance, None)
    assert made is not None
    model = made[0]
    assert base_own(base.columns, a) and all_its_own(model, base.columns, a)
    assert not base_own(base.columns, a + 1)
    lever = Lever("gpu", a)
    for share in (0.75, 0.5, 0.01):
        again = run_trial(lever.at(instance, 2.0 * share), time_limit=20, gap=0.0)
        assert again.cost == pytest.approx(base.cost * share, abs=0.01)
    # Refused: a column of negative cost, or of negative lower bound, or one the model lacks.
    cost, lower = list(model.sink.cost), list(model.sink.lower)
    model.sink.cost[-1] = -1.0
    assert not all_its_own(model, base.columns, a)
    model.sink.cost[:] = cost
    model.sink.lower[-1] = -1.0
    assert not all_its_own(model, base.columns, a)
    model.sink.lower[:] = lower
    assert all_its_own(model, base.columns, a)
    assert not all_its_own(model, base.columns | {"nowhere": 1.0}, a)
