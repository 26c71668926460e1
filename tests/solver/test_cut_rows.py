"""The rounding cuts added to a HiGHS model in one call (`optimizer.rounding_cuts.cut_rows`)
are the rows the cuts say, in their order, and their relaxation bounds as before."""

from __future__ import annotations

import math

import msgspec
import numpy as np
import pytest

from catalog import default_catalog
from optimizer import rounding_cuts
from optimizer.highs_sink import HighsSink
from optimizer.prepare import prepare
from optimizer.request import PlanRequest
from optimizer.rounding_cuts import cut_rows
from optimizer.rows import write_model
from optimizer.solver import silence_banner
from tests.paths import EXAMPLES

EXAMPLE = EXAMPLES / "growing-power-capped.json"


def _cut_model() -> tuple[HighsSink, list[rounding_cuts.Cut]]:
    """The power-capped example's model with a cut for every block share of its rows."""
    request = msgspec.json.decode(EXAMPLE.read_bytes(), type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    sink = HighsSink()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rounding_cuts, "MIN_WHOLE_BLOCKS", 0)
        f = write_model(instance, sink)
    return sink, f.cuts


def test_the_cuts_are_added_as_the_rows_they_say() -> None:
    """Each cut becomes one row `sum(coefficient * column) >= rhs` after the model's rows, in
    the cuts' order: the rows HiGHS holds equal the cuts entry by entry."""
    silence_banner()
    sink, cuts = _cut_model()
    assert len(cuts) > 10
    h = sink.highs(10, 0.0, 1)
    rows = len(sink.row_lower)
    cut_rows(h, cuts, int)
    lp = h.getLp()
    assert lp.num_row_ == rows + len(cuts)
    by_row = [dict[int, float]() for _ in range(lp.num_row_)]
    matrix = lp.a_matrix_
    start, index, value = matrix.start_, matrix.index_, matrix.value_
    for column in range(lp.num_col_):  # HiGHS holds the matrix by columns
        for k in range(start[column], start[column + 1]):
            by_row[index[k]][column] = value[k]
    for n, (pairs, rhs) in enumerate(cuts):
        assert by_row[rows + n] == pytest.approx({int(var): c for var, c in pairs}, rel=1e-12)
        assert lp.row_lower_[rows + n] == rhs
        assert math.isinf(lp.row_upper_[rows + n])


def test_no_cuts_add_no_row() -> None:
    """An empty list of cuts leaves the model as it was."""
    silence_banner()
    sink, _cuts = _cut_model()
    h = sink.highs(10, 0.0, 1)
    cut_rows(h, [], int)
    assert h.getLp().num_row_ == len(sink.row_lower)
    assert np.array_equal(h.getLp().row_lower_, sink.row_lower)
