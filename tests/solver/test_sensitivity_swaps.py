"""Starts made by swapping offers (`optimizer.swaps`) for forced re-solves no plan found fits:
a plan of the forced model, and a re-solve from it proves the optimum a cold one proves."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from catalog import Catalog
from optimizer.instance import prepare
from optimizer.request import Options, PlanRequest
from optimizer.starts import Starts
from optimizer.swaps import add_swap
from optimizer.trials import Force, Lever, forced_model, narrowed, run_trial, start_for
from tests import tiny
from tests.as_cold import solved
from tests.profiles import examples
from tests.strategies import small_plans

SETTINGS = settings(
    deadline=None, max_examples=examples(25), suppress_health_check=[HealthCheck.too_slow]
)


def _count() -> None:
    """A solver run's callback that counts nothing."""


def test_an_offer_forced_out_that_no_plan_moves_fits_starts_from_a_swap() -> None:
    """2,000 tok/s: A ($2, 2,000 tok/s a GPU) is bought, one GPU; B ($3, 1,000 tok/s, another
    accelerator) needs two. With A forced out, A's unit moved to B falls short: no plan found
    fits; the swap frees B's units (two), a start the forced re-solve takes, which costs
    what a cold one does ($4,380: two B GPUs for 730 hours)."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0, tokens_per_gpu=2000.0),
        tiny.Spec(id="b", price=3.0, accelerator="Y"),
    )
    request = PlanRequest(
        forecast=tiny.forecast(2000.0),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    starts = Starts()
    plan = run_trial(instance, time_limit=20, gap=0.0, starts=starts)
    assert plan.cost == pytest.approx(1460.0, abs=0.01)
    a = Lever("gpu", next(o for o, s in enumerate(instance.offers) if s.id == "a"))
    force: tuple[Lever, Force] = (a, "out")
    made = forced_model(narrowed(instance, a, "out"), force)
    assert made is not None
    assert start_for(made[0], starts, force, made[1]) is None
    runs: list[int] = []
    assert add_swap(narrowed(instance, a, "out"), force, starts, 20.0, lambda: runs.append(1))
    assert runs == [1] and start_for(made[0], starts, force, made[1]) is not None
    warm = run_trial(
        narrowed(instance, a, "out"), time_limit=20, gap=0.0, force=force, starts=starts
    )
    cold = run_trial(narrowed(instance, a, "out"), time_limit=20, gap=0.0, force=force)
    assert warm.status == cold.status == "optimal"
    assert warm.cost == cold.cost == pytest.approx(4380.0, abs=0.01)


@SETTINGS
@given(small_plans(), st.sampled_from(["in", "out"]))
def test_a_forced_re_solve_after_a_swap_costs_what_a_cold_one_does(
    case: tuple[Catalog, PlanRequest], how: Force
) -> None:
    """Each offer forced in or out, re-solved from the plan's starts and a swap's (when no
    plan fits) and cold: the same status and cost, to the cent; a swap's plan fits the
    forced model (it starts the re-solve)."""
    found = solved(case)
    if found is None:
        return
    instance, starts = found
    for o in sorted({o for (o, _w) in instance.rates}):
        force: tuple[Lever, Force] = (Lever("gpu", o), how)
        model = narrowed(instance, force[0], how)
        own = starts.copy()
        added = add_swap(model, force, own, 20.0, _count)
        event(f"a swap's start: {added}")
        if added:
            made = forced_model(model, force)
            assert made is not None
            assert start_for(made[0], own, force, made[1]) is not None
        cold = run_trial(model, time_limit=20, gap=0.0, force=force)
        warm = run_trial(model, time_limit=20, gap=0.0, force=force, starts=own, near=True)
        if "feasible" in (cold.status, warm.status):
            continue  # stopped at the time limit on a loaded machine: no proof to compare
        assert warm.status == cold.status
        if cold.cost is not None and warm.cost is not None:
            assert warm.cost == pytest.approx(cold.cost, abs=0.01)
