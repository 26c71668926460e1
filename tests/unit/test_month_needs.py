"""`optimizer.bounds.month_needs`, written workload by workload (sens21: the bound of every
contract start of every model written reads it, and `dilution_spend`), is the need summed
month by month (`_month_need`, as bounds.py summed it before) to the last bit: on drawn tiny
cases (both replica modes, several workloads) and every shipped example."""

from __future__ import annotations

import math

import msgspec
from hypothesis import HealthCheck, given, settings

from catalog import Catalog, default_catalog
from optimizer.bounds import month_needs
from optimizer.instance import Instance, prepare
from optimizer.request import PlanRequest
from tests.bisection import prepared
from tests.paths import EXAMPLES
from tests.profiles import examples
from tests.strategies import small_plans


def _month_need(instance: Instance, o: int, t: int) -> float:
    """Units of offer `o` that would serve, alone, every workload it can serve in month `t`."""
    spec = instance.offers[o]
    ucap = instance.utilization_cap
    need = 0.0
    for w, wspec in enumerate(instance.workloads):
        bounding = instance.bound_required
        required = bounding[w][t] if bounding is not None else wspec.required[t]
        if (o, w) not in instance.rates or required <= 0:
            continue
        rate = instance.rates[(o, w)].per_gpu
        if instance.replicas == "whole":
            units, gpus = instance.block(o, w)
            need += units * math.ceil(required / (rate * gpus * ucap) - 1e-9)
        else:
            need += required / (rate * spec.gpus_per_unit * ucap)
    return need


def _same(instance: Instance) -> None:
    for o in range(len(instance.offers)):
        months = [_month_need(instance, o, t) for t in range(instance.span)]
        assert month_needs(instance, o) == months, instance.offers[o].id


@settings(deadline=None, max_examples=examples(50), suppress_health_check=[HealthCheck.too_slow])
@given(small_plans())
def test_month_needs_are_each_months_need(case: tuple[Catalog, PlanRequest]) -> None:
    instance = prepared(case)
    if instance is not None:
        _same(instance)


def test_month_needs_of_the_shipped_examples() -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        request = msgspec.json.decode(path.read_bytes(), type=PlanRequest)
        assert request.forecast is not None
        _same(prepare(default_catalog(), request, request.forecast))
