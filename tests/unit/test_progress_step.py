"""A plan's progress names its solve step and shows a cost only in a step whose objective is the
cost (probe 10 finding 2: the least-power step's kW-months, 40,630,313, were shown as the
incumbent cost of a plan costing $3.95B)."""

from __future__ import annotations

from service.progress import progress_of
from service.solve_process import Tick


def test_the_power_step_s_progress_shows_no_cost() -> None:
    """A tick of the least-power step: no incumbent cost nor bound, its own gap, step power."""
    shown = progress_of(Tick(seconds=1.1, incumbent=40_630_313.0, bound=28_435.0, step="power"))
    assert shown.step == "power" and shown.phase == "search"
    assert shown.incumbent_cost is None and shown.best_bound is None
    assert shown.gap is not None and round(shown.gap, 4) == 0.9993


def test_the_cost_step_s_progress_shows_its_cost() -> None:
    """A tick of the cost step (and one sent by a child of older code: no step) shows both."""
    for tick in (
        Tick(seconds=2.0, incumbent=200.0, bound=150.0, step="cost"),
        Tick(seconds=2.0, incumbent=200.0, bound=150.0),
    ):
        shown = progress_of(tick)
        assert (shown.step, shown.incumbent_cost, shown.best_bound, shown.gap) == (
            "cost",
            200.0,
            150.0,
            0.25,
        )
