"""How a sensitivity run schedules its searches (`optimizer.sensitivity`): the searches of
offers the plan does not buy go in one chain per accelerator, each chain knowing what the
bought offers' searches found and nothing of another chain's, those with an offer in a joint
group after the joint check, the others beside it; so any number of workers gives the same
table; and so does a run on a server's borrowed slots (`optimizer.slots`)."""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import Any

import msgspec
import pytest

from catalog import Catalog
from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.request import Options, PlanRequest
from optimizer.sensitivity import sensitivity
from optimizer.sensitivity_result import SensitivityOptions
from optimizer.sensitivity_run import queued
from optimizer.slots import Slots
from tests import tiny

sensitivity_module = sys.modules["optimizer.sensitivity"]


def _four_offers() -> tuple[Catalog, Plan]:
    """The case of the tests below: A bought, B and C alike but for price, D alone."""
    catalog = tiny.catalog(
        tiny.Spec(id="a", price=2.0),
        tiny.Spec(id="b", price=3.0),
        tiny.Spec(id="c", price=3.5, accelerator="Y"),
        tiny.Spec(id="d", price=5.0, tokens_per_gpu=2000.0, accelerator="Z"),
    )
    request = PlanRequest(
        forecast=tiny.forecast(2000.0),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    return catalog, make_plan(catalog, request, request.forecast, plan_id="p")


def test_joint_checks_and_searches_beside_them_give_one_table_on_any_workers() -> None:
    """2,000 tok/s: A ($2, two GPUs) is bought; B ($3) and C ($3.50, another accelerator),
    alike but for price, are checked together just above $2, then searched in two chains;
    D ($5, a third accelerator, one GPU does it all) enters below $4, its chain beside that
    check. One, two and three workers give the same responses, targets,
    checks and solver runs."""
    catalog, plan = _four_offers()
    runs = [sensitivity(catalog, plan, SensitivityOptions(), workers=n) for n in (1, 2, 3)]
    one = runs[0]
    by_id = {o.offer_id: o for o in one.offers}
    assert by_id["a"].bought and not by_id["b"].bought and not by_id["c"].bought
    assert one.solver_runs.get("joint", 0) >= 1
    joint = [o.offer_id for o in one.offers if o.target.above and o.target.above.how == "joint"]
    assert sorted(joint) == ["b", "c"]
    assert by_id["d"].target.price == pytest.approx(4.0, rel=0.02)
    assert all(o.target.verified for o in one.offers)
    for other in runs[1:]:
        assert other.solver_runs == one.solver_runs
        assert msgspec.to_builtins(other.offers) == msgspec.to_builtins(one.offers)
        assert msgspec.to_builtins(other.workloads) == msgspec.to_builtins(one.workloads)


class _Counted:
    """A server's slots (`optimizer.slots.Slots`), counting what a run borrowed."""

    def __init__(self, slots: Slots) -> None:
        self.slots, self.borrowed = slots, 0

    def try_borrow(self) -> bool:
        taken = self.slots.try_borrow()
        self.borrowed += taken
        return taken

    def give_back(self) -> None:
        self.slots.give_back()


def test_a_run_on_borrowed_slots_gives_the_table_of_one_worker() -> None:
    """The case above run as the service runs it, holding one of two solver slots and
    borrowing the other while free (when two of its solver runs overlap), and the same
    responses, targets and solver runs as one worker's; with the other slot held by a plan
    throughout, none borrowed, and the same table again."""
    catalog, plan = _four_offers()
    one = sensitivity(catalog, plan, SensitivityOptions(), workers=1)
    for busy in (False, True):
        slots = Slots(2)
        counted = _Counted(slots)
        with slots.held(), contextlib.ExitStack() as plans:
            if busy:
                plans.enter_context(slots.held())
            lent = sensitivity(catalog, plan, SensitivityOptions(), workers=2, slots=counted)
        # Borrowed only when two of its solver runs overlap, which this tiny case's
        # millisecond runs may never do on a loaded machine (it failed so at load 10):
        # with the other slot held, never; the table the same either way.
        assert not (busy and counted.borrowed) and slots.used == 0
        assert lent.solver_runs == one.solver_runs
        assert msgspec.to_builtins(lent.offers) == msgspec.to_builtins(one.offers)
        assert msgspec.to_builtins(lent.workloads) == msgspec.to_builtins(one.workloads)


def test_the_queue_puts_bought_searches_beside_the_demand_steps_on_two_workers() -> None:
    """One worker takes what a buyer asks first (the demand steps, the limits) and then the
    bought offers' searches; more take the first step, then each search beside one of the
    rest, whatever is left of either at the end; with the first steps begun (`begun`, beside
    the plan's re-solve), the searches first, each beside one of the rest."""
    asked, searches = ["d1", "d2", "d3", "d4", "limit"], ["s1", "s2"]
    assert queued(asked, searches, 1) == [*asked, *searches]
    assert queued(asked, searches, 2) == ["d1", "s1", "d2", "s2", "d3", "d4", "limit"]
    assert queued(asked[:1], searches, 3) == ["d1", "s1", "s2"]
    assert queued([], searches, 2) == searches
    assert queued(asked, [], 2) == asked
    # The first step begun already, beside the plan's re-solve: each search beside the rest.
    assert queued(asked, searches, 2, begun=1) == ["s1", "d2", "s2", "d3", "d4", "limit"]
    assert queued(asked, searches, 3, begun=2) == ["s1", "d3", "s2", "d4", "limit"]


WAIT_S = 10.0
"""How long a held demand step waits for the bought offer's search to begin before giving up
(so that a run whose queue puts the search behind the steps ends, and fails, rather than
hangs): not a speed limit, a deadlock's."""


def test_on_two_workers_the_bought_search_does_not_wait_for_the_demand_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every demand step but the first is held until an offer's search has begun: on two
    workers the bought offer's search runs beside the first step, so none waits in vain
    (queued behind the steps, as before, the two workers held the second and third steps and
    the search never began). The first solver runs after the plan's re-solve are still the
    demand steps' (`tests/solver/test_sensitivity_budget.py`), and the table is one worker's."""
    catalog, plan = _four_offers()
    one = sensitivity(catalog, plan, SensitivityOptions(), workers=1)
    began = threading.Event()
    gave_up: list[float] = []
    scaled = sensitivity_module.with_demand
    searched = sensitivity_module._offer_sensitivity

    def held(instance: Any, w: int, scale: float) -> Any:
        if scale != 1.0 + SensitivityOptions().steps[0] and not began.wait(WAIT_S):
            gave_up.append(scale)
        return scaled(instance, w, scale)

    def search(*args: Any, **kwargs: Any) -> Any:
        began.set()
        return searched(*args, **kwargs)

    monkeypatch.setattr(sensitivity_module, "with_demand", held)
    monkeypatch.setattr(sensitivity_module, "_offer_sensitivity", search)
    two = sensitivity(catalog, plan, SensitivityOptions(), workers=2)
    assert not gave_up, f"demand steps {gave_up} waited {WAIT_S:g} s for the bought search"
    kinds = [kind for kind in two.solver_runs if kind != "floor"]
    assert kinds[:2] == ["base", "demand"], two.solver_runs
    assert two.solver_runs == one.solver_runs
    assert msgspec.to_builtins(two.offers) == msgspec.to_builtins(one.offers)
    assert msgspec.to_builtins(two.workloads) == msgspec.to_builtins(one.workloads)
