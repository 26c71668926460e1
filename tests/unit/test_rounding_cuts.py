"""The demand rows' rounding cuts (`optimizer.rounding_cuts`) against brute force: every whole
point of a row meets its cut, and the cut removes the relaxation's fraction of a block."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.rounding_cuts import rounded_row

SHARES = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(SHARES, min_size=1, max_size=3), st.data())
def test_every_whole_point_of_a_row_meets_its_cut(shares: list[float], data: st.DataObject) -> None:
    """All whole block counts (0..12 each) meeting sum(share * x) >= 1 meet the cut scaled
    by one over any of the shares."""
    scale = 1.0 / data.draw(st.sampled_from(shares))
    _meets_at_every_whole_point(shares, scale)


@settings(max_examples=200, deadline=None)
@given(st.lists(SHARES, min_size=1, max_size=3), st.integers(min_value=2, max_value=5))
def test_every_whole_point_meets_the_cut_at_a_multiple(shares: list[float], m: int) -> None:
    """All whole block counts (0..12 each) meeting sum(share * x) >= 1 meet the cut scaled by
    m over the largest share (`optimizer.rounding_cuts.demand_multiples`)."""
    _meets_at_every_whole_point(shares, m / max(shares))


def _meets_at_every_whole_point(shares: list[float], scale: float) -> None:
    """Every whole block count (0..12 each) meeting sum(share * x) >= 1 meets the row's
    rounding at `scale` (when it has one)."""
    cut = rounded_row([(k, c, True) for k, c in enumerate(shares)], scale)
    if cut is None:
        return
    pairs, rhs = cut
    for x in itertools.product(range(13), repeat=len(shares)):
        if sum(c * v for c, v in zip(shares, x, strict=True)) >= 1.0:
            assert sum(c * x[k] for k, c in pairs) >= rhs - 1e-9, (shares, scale, x)


@settings(max_examples=200, deadline=None)
@given(SHARES, SHARES, st.floats(min_value=0.0, max_value=5.0, allow_nan=False))
def test_a_continuous_term_keeps_the_cut_valid(block: float, rate: float, y: float) -> None:
    """With a continuous term beside a whole one (tokens bought, a shortfall), every point
    meeting the row meets its cut: for the least whole count that meets the row with that
    continuous value, and every larger one."""
    cut = rounded_row([("x", block, True), ("y", rate, False)], 1.0 / block)
    if cut is None:
        return
    pairs, rhs = cut
    coefficient = dict(pairs)
    least = max(0, math.ceil((1.0 - rate * y) / block - 1e-12))
    for x in range(least, least + 4):
        if block * x + rate * y >= 1.0:
            assert coefficient["x"] * x + coefficient["y"] * y >= rhs - 1e-9


def test_the_cut_removes_a_fraction_of_a_rack() -> None:
    """A rack meets 40% of the month, a node 5%: the relaxation's 2.5 racks (meets the row)
    break the cut, which asks for 3 racks, or 2 and the other 20% in nodes (4 of them)."""
    cut = rounded_row([("rack", 0.4, True), ("node", 0.05, True)], 1.0 / 0.4)
    assert cut is not None
    pairs, rhs = cut
    coefficient = dict(pairs)
    assert rhs == 3.0
    assert coefficient["rack"] * 2.5 < rhs
    assert coefficient["rack"] * 3 >= rhs
    assert coefficient["rack"] * 2 + coefficient["node"] * 4 >= rhs - 1e-9
    assert coefficient["rack"] * 2 + coefficient["node"] * 3 < rhs


def test_a_whole_scaled_demand_gives_no_cut() -> None:
    """Scaled by one over a share of exactly a quarter the row has nothing to round: no cut."""
    assert rounded_row([("x", 0.25, True)], 4.0) is None
