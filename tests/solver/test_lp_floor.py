"""Starts from the LP relaxation's units rounded down (`optimizer.lp_floor`) for re-solves at
another price whose best start is far above the relaxation: a plan of the model, and the
re-solve from it proves the optimum a cold one proves."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from catalog import Catalog, default_catalog
from optimizer import PlanRequest
from optimizer.instance import prepare
from optimizer.lp_floor import add_lp_floor_start
from optimizer.starts import Starts
from optimizer.trials import Lever, forced_model, narrowed, run_trial, start_for
from tests.as_cold import assert_as_cold, solved
from tests.paths import EXAMPLES
from tests.profiles import examples
from tests.strategies import small_plans

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


def _count() -> None:
    """A solver run's callback that counts nothing."""


def test_the_seeds_newton_step_starts_at_its_optimum() -> None:
    """The seed: coreweave-gb200-od at 1.339, its best start the plan (25,090,041.60, 9.2%
    above the relaxation): the relaxation's GB200 racks rounded down (5), the rest solved,
    the optimum itself (24,035,688.00: five racks, two B200 nodes, three MI355X units), which
    the re-solve then proves as a cold one does. At 1.42 the plan is the optimum, 3.8% above
    the relaxation: no run is made."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    od = Lever(
        "gpu", next(o for o, s in enumerate(instance.offers) if s.id == "coreweave-gb200-od")
    )
    starts = Starts()
    base = run_trial(instance, time_limit=20, gap=1e-6, starts=starts)
    assert base.cost == pytest.approx(25_090_041.60, abs=0.01)
    runs: list[int] = []
    for price, added in ((1.42, False), (1.339, True)):
        changed = narrowed(od.at(instance, price), od, None)
        made = forced_model(changed, None)
        assert made is not None
        model = made[0]
        start = start_for(model, starts, None, [])
        own = starts.copy()
        assert add_lp_floor_start(model, start, own, 20.0, lambda: runs.append(1)) is added
        if not added:
            assert runs == []
            continue
        assert runs == [1]
        better = start_for(model, own, None, [])
        cost = sum(c * v for c, v in zip(model.sink.cost, better, strict=True))
        assert cost == pytest.approx(24_035_688.00, abs=0.01)
        warm = run_trial(changed, time_limit=20, gap=1e-6, starts=own, near=True)
        cold = run_trial(changed, time_limit=20, gap=1e-6)
        assert warm.status == cold.status == "optimal"
        assert warm.cost == pytest.approx(cold.cost, abs=0.01)
        assert warm.cost == pytest.approx(24_035_688.00, abs=0.01)


@SETTINGS
@given(small_plans(), st.sampled_from([0.05, 0.3, 0.7]))
def test_a_re_solve_after_an_lp_floor_start_costs_what_a_cold_one_does(
    case: tuple[Catalog, PlanRequest], share: float
) -> None:
    """Each offer at a share of its price, re-solved from the plan's starts and an LP floor's
    (when it makes one) and cold: the same status and cost, to the cent."""
    found = solved(case)
    if found is None:
        return
    instance, starts = found
    for o in sorted({o for (o, _w) in instance.rates}):
        lever = Lever("gpu", o)
        changed = narrowed(lever.at(instance, share * lever.price(instance)), lever, None)
        made = forced_model(changed, None)
        assert made is not None
        own = starts.copy()
        start = start_for(made[0], own, None, [])
        added = add_lp_floor_start(made[0], start, own, 20.0, _count)
        event(f"an LP floor's start: {added}")
        cold = run_trial(changed, time_limit=20, gap=0.0)
        assert_as_cold(cold, run_trial(changed, time_limit=20, gap=0.0, starts=own, near=True))
