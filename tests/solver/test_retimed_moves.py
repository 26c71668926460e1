"""Plans moved between like offers of different terms (`optimizer.retimed`): each month's active
units kept, signed as the other offer signs them, a plan of the model that starts from it."""

from __future__ import annotations

import msgspec
import pytest

from catalog import default_catalog
from optimizer import PlanRequest
from optimizer.instance import prepare
from optimizer.price_curve import line_of
from optimizer.request import Options
from optimizer.retimed import Retimer
from optimizer.sensitivity_run import guessed
from optimizer.starts import Starts, fits
from optimizer.trials import Lever, forced_model, narrowed, run_trial
from tests import tiny
from tests.paths import EXAMPLES


def _retimer(instance: object) -> Retimer:
    made = forced_model(instance, None)  # type: ignore[arg-type]
    assert made is not None
    sink = made[0].sink
    return Retimer(made[0].formulation, sink.names, sink.integer)


def test_on_demand_units_become_contracts_that_never_fall() -> None:
    """Twelve months needing 1, 3, 2, 2, ... GPUs (1,000 tok/s each); the on-demand offer
    alone buys each month's need. Moved to the 12-month reservation of the same accelerator,
    whose units run to the horizon's end (`n_o_t`, never falling): 1 GPU in month 0, 3 from
    month 1 on; a plan of the model with the reservation forced in. Moved column for column
    (the month's units as new contracts) it is not the same plan, and `moved` gives None
    between offers of one term."""
    catalog = tiny.catalog(
        tiny.Spec(id="od", price=3.0),
        tiny.Spec(id="rsv", price=2.0, term_months=12),
        tiny.Spec(id="od2", price=3.5),
    )
    needs = [1000.0, 3000.0] + [2000.0] * 10
    request = PlanRequest(
        forecast=tiny.forecast(needs, months=12),
        options=Options(commitment_accounting="in_horizon", gap=0.0),
    )
    assert request.forecast is not None
    instance = prepare(catalog, request, request.forecast)
    index = {spec.id: o for o, spec in enumerate(instance.offers)}
    od, rsv, od2 = index["od"], index["rsv"], index["od2"]
    alone = run_trial(
        narrowed(instance, Lever("gpu", rsv), "out"),
        time_limit=20,
        gap=0.0,
        force=(Lever("gpu", rsv), "out"),
        starts=(starts := Starts()),
    )
    assert alone.status == "optimal"
    plan = starts.cheapest(forced_model(instance, None)[0].sink)[0]  # type: ignore[index]
    assert [plan.get(f"c_{od}_{s}", 0.0) for s in range(12)] == [1.0, 3.0] + [2.0] * 10
    retimer = _retimer(instance)
    moved = retimer.moved(plan, od, rsv)
    assert moved is not None
    assert [moved.get(f"n_{rsv}_{t}", 0.0) for t in range(12)] == [1.0] + [3.0] * 11
    assert not any(name.startswith((f"c_{od}_", f"g_{od}_")) for name in moved)
    made = forced_model(instance, (Lever("gpu", rsv), "in"))
    assert made is not None and fits(made[0].sink, moved)
    assert retimer.moved(plan, od, od2) is None  # one term: moved column for column


def test_the_seeds_reservation_is_guessed_from_the_on_demand_plan() -> None:
    """The seed: coreweave-gb200-od's optimum at 1.339 (five racks a month, 24,035,688.00;
    the run's step at 1.3390 found it), the plan found that buys GB200. Moved month by month
    to coreweave-gb200-reserved, five racks reserved for the year, whose line crosses the
    plan's where its target is (1.406, pinned), where moved column for column its guesses
    crossed below 0."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    index = {spec.id: o for o, spec in enumerate(instance.offers)}
    od, reserved = (
        Lever("gpu", index["coreweave-gb200-od"]),
        Lever("gpu", index["coreweave-gb200-reserved"]),
    )
    starts = Starts()
    base = run_trial(instance, time_limit=20, gap=1e-6, starts=starts)
    assert base.cost == pytest.approx(25_090_041.60, abs=0.01)
    found = run_trial(od.at(instance, 1.339), time_limit=20, gap=1e-6, starts=starts)
    assert found.cost == pytest.approx(24_035_688.00, abs=0.01)  # at 1.339 to the cent
    assert found.solution is not None and od.bought(instance, found.solution)
    out = line_of(instance, base.solution, reserved)  # type: ignore[arg-type]

    def crossings(plans: list) -> list[float]:  # type: ignore[type-arg]
        lines = [line_of(instance, p, reserved) for p in plans]
        return [
            (out.fixed - ln.fixed) / (ln.slope - out.slope) for ln in lines if ln.slope > out.slope
        ]

    assert max(crossings(guessed(instance, reserved, starts)), default=-1.0) < 0.0
    retimed = guessed(instance, reserved, starts, retimer=_retimer(instance))
    assert max(crossings(retimed)) == pytest.approx(1.40587, abs=1e-4)
