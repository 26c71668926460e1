"""The rounded demand rows of `optimizer.cover_cuts`: valid for every whole plan (checked by
enumeration), and cutting off the fractional plans they are written for."""

from __future__ import annotations

import itertools
from typing import Any

from optimizer.cover_cuts import rounded_row
from optimizer.instance import prepare
from optimizer.model import PulpSink
from optimizer.request import Options, PlanRequest, Replicas
from optimizer.rows import write_model
from tests.tiny import Spec, catalog, forecast


def _holds_for_every_whole_plan(shares: list[float], integral: list[bool], divisor: float) -> int:
    """Enumerate whole counts 0..8 (continuous terms on a grid of quarters up to 4) meeting
    `sum shares * x >= 1`, assert the rounded row holds for each; return how many were met."""
    rounded = rounded_row(shares, integral, divisor)
    assert rounded is not None
    coefficients, rhs = rounded
    grids = [range(9) if whole else [q / 4 for q in range(17)] for whole in integral]
    met = 0
    for x in itertools.product(*grids):
        if sum(s * v for s, v in zip(shares, x, strict=True)) >= 1.0 - 1e-12:
            met += 1
            left = sum(c * v for c, v in zip(coefficients, x, strict=True))
            assert left >= rhs - 1e-9, (x, coefficients, rhs)
    return met


def test_rounding_holds_for_every_whole_plan() -> None:
    """Shares of a rack (0.3), a node block (0.11) and a large rack (0.45), with each as the
    divisor: every whole combination that meets the demand meets the rounded row."""
    shares = [0.3, 0.11, 0.45]
    for divisor in shares:
        assert _holds_for_every_whole_plan(shares, [True] * 3, divisor) > 100


def test_rounding_holds_with_a_continuous_term() -> None:
    """A continuous term (tokens bought, or a shortfall) keeps the row valid: it enters
    scaled by 1 / (1 - f0), never rounded."""
    shares = [0.3, 0.45, 0.2]
    for divisor in (0.3, 0.45):
        assert _holds_for_every_whole_plan(shares, [True, True, False], divisor) > 100


def test_rounding_cuts_off_part_of_a_rack() -> None:
    """0.4 of the demand per rack: 2.5 racks meet the row as written, while the rounded row
    (with 0.4 as the divisor) asks for 3."""
    coefficients, rhs = rounded_row([0.4], [True], 0.4) or ([], 0.0)
    assert (coefficients, rhs) == ([1.0], 3.0)
    assert coefficients[0] * 2.5 < rhs


def test_no_row_where_rounding_cuts_nothing() -> None:
    """A divisor that divides the demand into whole blocks (0.25: four blocks) rounds to the
    row itself, and a divisor below a thousandth of the demand cuts next to nothing: no row."""
    assert rounded_row([0.25], [True], 0.25) is None
    assert rounded_row([0.0005], [True], 0.0005) is None


class _Recording(PulpSink):
    """A PuLP sink that keeps the names of the rows written, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def row(self, pairs: list[tuple[Any, float]], sense: int, rhs: float, name: str) -> Any:
        self.names.append(name)
        return super().row(pairs, sense, rhs, name)


def _cut_rows(relax: bool, replicas: Replicas) -> list[str]:
    tiny = catalog(Spec("rack", 2.0, gpus_per_unit=8))
    request = PlanRequest(
        forecast=forecast([20_000.0, 30_000.0], months=2),
        options=Options(replicas=replicas),
    )
    assert request.forecast is not None
    instance = prepare(tiny, request, request.forecast)
    sink = _Recording()
    write_model(instance, sink, relax=relax)
    return [name for name in sink.names if name.startswith("x_")]


def test_rounded_rows_only_in_the_fractional_integer_model() -> None:
    """8,000 tokens/s a unit against 20,000 and 30,000: one rounded row a month in the integer
    model with fractional GPUs; none in the relaxation read for marginals, nor with whole
    replicas (their demand rows already count whole blocks)."""
    assert _cut_rows(relax=False, replicas="fractional") == ["x_0_0_0", "x_0_1_0"]
    assert _cut_rows(relax=True, replicas="fractional") == []
    assert _cut_rows(relax=False, replicas="whole") == []
