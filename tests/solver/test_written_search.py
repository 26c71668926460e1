"""The plan's least-cost model written into a `HighsSink` and searched there
(`optimizer.fleet_search.search_written`, `optimizer.phases.WRITTEN`), PuLP's model built only
where the search gives up: the same plans as through PuLP, and a tie broken on the very model
PuLP's `break_ties` re-solves."""

from __future__ import annotations

from typing import Any
from unittest import mock

import msgspec
import numpy as np
import pytest

from bench.solve import ROWS, _request
from optimizer import Options, PlanRequest, fleet_search, make_plan, phases, ties
from optimizer.incumbent import highs_copy
from optimizer.plan import Plan
from optimizer.prepare import prepare_for_solve
from optimizer.solver import SOLVER_THREADS, build
from tests.tiny import Spec, catalog, forecast

HUNGRY_SHORT = Spec("r3", 2.0, vendor="A", term_months=3, gpus_per_unit=8, kw_per_gpu=1.5)
FRUGAL_LONG = Spec("r48", 2.0, vendor="B", term_months=48, gpus_per_unit=8, kw_per_gpu=1.2)
ON_DEMAND = Spec("od", 2.0, vendor="D", gpus_per_unit=8, kw_per_gpu=2.0)


def _without_seconds(value: Any) -> Any:
    """`value` (a plan as builtins) without its timings."""
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if "seconds" not in k}
    if isinstance(value, list):
        return [_without_seconds(v) for v in value]
    return value


def _same(a: Any, b: Any, path: str = "") -> None:
    """`a` and `b` equal field by field, floats to 1e-9 relative."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), path
    else:
        assert a == b, path


def _plans(make: Any) -> tuple[Plan, Plan]:
    """The plan `make` gives written through PuLP, then without it."""
    with mock.patch.object(phases, "WRITTEN", False):
        through_pulp = make()
    return through_pulp, make()


@pytest.mark.parametrize("row", ["shipped 3x12 whole", "power-capped fractional"])
def test_a_bench_rows_plan_is_the_same_written_without_pulp(row: str) -> None:
    """Shipped 3x12 whole and power-capped fractional (whose fixed fleets' polishes find plans
    owing less): their plans, baselines and marginals included, are the same field by field
    (timings aside) written into a `HighsSink` as through PuLP, and the search took the sink."""
    request, forecast_, catalog_ = _request(next(r for r in ROWS if r.name == row))
    searched: list[bool] = []
    search = fleet_search.search_written

    def counted(*args: Any, **named: Any) -> Any:
        ended = search(*args, **named)
        searched.append(ended.solution is not None)
        return ended

    with mock.patch.object(fleet_search, "search_written", counted):
        through_pulp, written = _plans(lambda: make_plan(catalog_, request, forecast_))
    assert searched and all(searched), "the search did not take the written model"
    assert written.status == through_pulp.status == "optimal"
    _same(
        _without_seconds(msgspec.to_builtins(through_pulp)),
        _without_seconds(msgspec.to_builtins(written)),
    )


def test_a_tie_is_broken_on_the_model_pulp_would_hand_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 3-month and a 48-month offer at one price, and one on demand (tests/solver/
    test_equal_cost_ties.py's tail case): the search's plan holds a tied offer, and the tie is
    re-solved from a HiGHS holding the same arrays and the same start written without PuLP as
    through it (`fleet_search.Written.main`); the plan is the same, the 3-month units kept."""
    options = msgspec.convert({"replicas": "fractional"}, Options)
    request = PlanRequest(forecast=forecast(30000.0, months=3), options=options)
    assert request.forecast is not None
    offers = catalog(HUNGRY_SHORT, FRUGAL_LONG, ON_DEMAND)
    polish = ties.polish
    given: list[tuple[Any, list[float]]] = []

    def recorded(main: Any, *args: Any, **named: Any) -> Any:
        if named.get("start") is None:  # `break_ties`'s, from its model's solution
            held = highs_copy(main, 1.0, SOLVER_THREADS)  # what the re-solve copies
            given.append((held.getLp(), list(main.getSolution().col_value)))
        return polish(main, *args, **named)

    monkeypatch.setattr(ties, "polish", recorded)
    through_pulp, written = _plans(lambda: make_plan(offers, request, request.forecast))
    assert len(given) == 2, "no tie re-solved: the case no longer tests the written model's"
    (pulp_lp, pulp_start), (lp, start) = given
    assert pulp_start == start
    for name in ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_"):
        assert np.array_equal(getattr(pulp_lp, name), getattr(lp, name)), name
    ours, theirs = pulp_lp.a_matrix_, lp.a_matrix_
    assert ours.format_ == theirs.format_
    for name in ("start_", "index_", "value_"):
        assert np.array_equal(getattr(ours, name), getattr(theirs, name)), name
    assert [int(k) for k in pulp_lp.integrality_] == [int(k) for k in lp.integrality_]
    assert {c.offer_id: c.units for c in written.commitments} == {"r3": 3.0, "od": 1.0}
    _same(
        _without_seconds(msgspec.to_builtins(through_pulp)),
        _without_seconds(msgspec.to_builtins(written)),
    )


@pytest.mark.parametrize(
    ("row", "taken"),
    [
        ("shipped 3x12 whole", True),
        ("power-capped fractional", True),
        ("power-capped whole tail24", False),
        ("power-capped whole in_horizon", False),
        ("clones 100x36x20", False),
    ],
)
def test_only_a_model_the_search_may_take_is_written_first(row: str, taken: bool) -> None:
    """`fleet_search.may_choose` reads on the instance whether the search may take its
    least-cost model, and agrees with `fleet_search.chosen` on the model built: a 24-month tail
    shorter than the terms, `in_horizon`, and a model of 10,764 integer columns are built
    through PuLP at once, not written into a sink first and thrown away (power-capped whole
    tail24's write was 18 ms of a 0.44-s plan)."""
    request, forecast_, catalog_ = _request(next(r for r in ROWS if r.name == row))
    _full, instance, _ = prepare_for_solve(catalog_, request, forecast_)
    assert fleet_search.may_choose(instance) is taken
    if not row.startswith("clones"):  # its PuLP build alone takes 0.3 s
        assert fleet_search.chosen(build(instance)) is taken
