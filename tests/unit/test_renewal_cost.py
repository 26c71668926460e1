"""What the model counts for a contract under `demand_continues` (`optimizer.model`): its term,
and the tail months after it when it ends inside the tail (renewed at its price), whether the
model branches on its start months or on its active units (the telescoped coefficients of
`_add_running`), in the general case where the tail is shorter than some terms."""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.instance import prepare
from optimizer.model import Formulation, PulpSink, formulate
from optimizer.request import Options, PlanRequest
from tests.tiny import Spec, catalog, forecast

HORIZON, TAIL, TERM = 4, 3, 5
"""Span 7: a unit signed in month s runs to s + 5; renewed to month 7 when that is earlier."""
PAID = {0: 7, 1: 6, 2: 5, 3: 5}
"""Months paid for a unit signed in each horizon month: max(term, span - s), by hand."""


def _formulation(min_units: int | None) -> tuple[Formulation, int, float]:
    """The model of 4 months of demand and a 3-month tail on one 5-month offer (with
    `min_units` it is modelled by its start months, without by its active units)."""
    tiny = catalog(Spec("res", 1.0, term_months=TERM, min_units=min_units))
    request = PlanRequest(
        forecast=forecast([1000.0, 2000.0, 3000.0, 3000.0], months=HORIZON),
        options=Options(tail_months=TAIL),
    )
    assert request.forecast is not None
    instance = prepare(tiny, request, request.forecast)
    assert instance.span == HORIZON + TAIL
    assert [instance.paid_months(s, TERM) for s in range(HORIZON)] == list(PAID.values())
    f = formulate(instance, PulpSink(), blocks=False)
    o = next(o for o, spec in enumerate(instance.offers) if spec.id == "res")
    return f, o, instance.offers[o].month_cost_per_unit


@pytest.mark.parametrize("min_units", [None, 1])
def test_a_plan_pays_each_unit_its_term_and_its_renewal(min_units: int | None) -> None:
    """One unit signed in month 0 and two in month 2 pay 7 + 2 x 5 = 17 months (the first
    renewed for the 2 tail months after its term, the others running to the span's end),
    counted on start columns or on the running units (1, 1, 3, 3 active) alike; every unit
    serves every tail month."""
    f, o, month = _formulation(min_units)
    starts = {0: 1.0, 2: 2.0}
    value: dict[Any, float] = {}
    if f.running:
        for (oo, t), var in f.running.items():
            if oo == o:
                value[var] = sum(n for s, n in starts.items() if s <= t)
    else:
        for (oo, s), var in f.starts.items():
            if oo == o:
                value[var] = starts.get(s, 0.0)
    cost = sum(c * value.get(v, 0.0) for v, c in f.cost_terms.items())
    assert cost == pytest.approx(month * sum(n * PAID[s] for s, n in starts.items()))
    assert cost == pytest.approx(month * 17)
    for t in range(HORIZON, HORIZON + TAIL):
        covered = sum(c * value.get(v, 0.0) for v, c in f.fleet(o, t, 1.0))
        assert covered == pytest.approx(3.0)
