"""The integer model's demand rows as written: whole blocks that alone meet a month's demand
count as meeting it (coefficient 1), while the relaxation read for marginals keeps the rates."""

from __future__ import annotations

from optimizer.instance import prepare
from optimizer.model import PulpSink
from optimizer.request import Options, PlanRequest, Replicas
from optimizer.rows import write_model
from tests.tiny import Spec, catalog, forecast


def _demand_coefficients(relax: bool, replicas: Replicas = "whole") -> list[float]:
    tiny = catalog(Spec("rack", 2.0, gpus_per_unit=8))
    request = PlanRequest(
        forecast=forecast([100.0, 20_000.0], months=2),
        options=Options(replicas=replicas, commitment_accounting="in_horizon"),
    )
    assert request.forecast is not None
    instance = prepare(tiny, request, request.forecast)
    f = write_model(instance, PulpSink(), relax=relax)
    return [coefficient for t in (0, 1) for _var, coefficient in f.demand_rows[(0, t)].items()]


def test_a_whole_block_above_the_demand_counts_once_in_the_integer_model() -> None:
    """8 GPUs at 1,000 tokens/s against 100 tokens/s is 80 times the demand: 1 in the integer
    model; against 20,000 tokens/s it is 0.4 and stays 0.4."""
    assert _demand_coefficients(relax=False) == [1.0, 0.4]


def test_the_relaxation_and_fractional_gpus_keep_the_real_rates() -> None:
    """The LP whose duals are the marginals, and the fractional model (GPUs, not blocks), keep
    every rate as it is: 80 and 0.4 per block, 10 and 0.05 per GPU."""
    assert _demand_coefficients(relax=True) == [80.0, 0.4]
    assert _demand_coefficients(relax=False, replicas="fractional") == [10.0, 0.05]
