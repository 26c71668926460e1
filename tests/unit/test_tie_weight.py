"""The tie term of the cost objective (`optimizer.model.tie_weight`) adds at most `TIE_SHARE` of
a plan's counted cost, whatever the offers (probe9 finding 1: at 1e-4 per kW-month it could buy
lower power with money)."""

from __future__ import annotations

import random

import pytest

from optimizer.model import TIE_SHARE, PulpSink, formulate, tie_terms, tie_weight
from optimizer.request import Accounting, Options, PlanRequest
from tests.tiny import Spec, catalog, drawn_instance, forecast

HOSTILE = (
    Spec("cheap-hungry", 1e-6, vendor="A", term_months=48, gpus_per_unit=72, kw_per_gpu=1000.0),
    Spec("short", 2.0, vendor="B", term_months=3, gpus_per_unit=8, kw_per_gpu=1.5),
    Spec("od", 1e-6, vendor="C", gpus_per_unit=1, kw_per_gpu=1000.0),
)


@pytest.mark.parametrize("accounting", ["in_horizon", "full_term", "demand_continues"])
def test_the_tie_term_stays_below_its_share_of_any_plans_cost(accounting: Accounting) -> None:
    """Offers at a millionth of a dollar a GPU-hour drawing 1,000 kW a GPU, 48-month terms:
    in 200 plans drawn at random (the units of a contract running to the horizon's end the
    same every month, as the model's rows hold them), the tie term is at most 1e-8 of the
    counted cost."""
    request = PlanRequest(
        forecast=forecast([30000.0, 60000.0, 90000.0, 90000.0, 60000.0, 30000.0], months=6),
        options=Options(commitment_accounting=accounting, tail_months=6),
    )
    instance = drawn_instance(catalog(*HOSTILE), request)
    assert instance is not None
    f = formulate(instance, PulpSink())
    tie, weight = tie_terms(f), tie_weight(instance, f.active_offers)
    assert 0 < weight <= TIE_SHARE
    draw = random.Random(9)
    for _ in range(200):
        units = {o: draw.uniform(0, 10) for o in f.active_offers}
        value = {v: draw.uniform(0, 10) for v in f.starts.values()}
        value.update({v: units[o] for (o, _t), v in f.running.items()})
        cost = sum(c * value.get(v, 0.0) for v, c in f.cost_terms.items())
        term = weight * sum(c * value.get(v, 0.0) for v, c in tie.items())
        assert 0 < term <= TIE_SHARE * cost * (1 + 1e-12)
