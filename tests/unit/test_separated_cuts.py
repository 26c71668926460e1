"""The separated roundings of the demand rows (`optimizer.rounding_cuts.separated_cuts`, the
seeding's relaxation tightened in rounds) against brute force: no whole point of a row breaks
any rounding the separation may give, so the separation never cuts a plan off, and a
relaxation's fraction of a block is cut."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.rounding_cuts import SEPARATED_MULTIPLES, VIOLATED, rounded_row, separated_cuts
from tests.unit.test_rounding_cuts import _meets_at_every_whole_point

SHARES = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)


def _formulation(terms: list[tuple[Any, float, bool]]) -> Any:
    """A stand-in for `optimizer.model.Formulation` with one demand row of the horizon
    (`sum(coefficient * x) >= 1`) and one of the tail (never cut)."""
    return SimpleNamespace(
        demand_terms={(0, 0): terms, (0, 1): terms}, instance=SimpleNamespace(horizon=1)
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(SHARES, min_size=1, max_size=3), st.data())
def test_no_whole_point_breaks_a_rounding_at_any_scaling(
    shares: list[float], data: st.DataObject
) -> None:
    """Every whole block count (0..12 each) meeting sum(share * x) >= 1 meets the row's
    rounding at k over any of its shares, k up to `SEPARATED_MULTIPLES`."""
    k = data.draw(st.integers(min_value=1, max_value=SEPARATED_MULTIPLES))
    _meets_at_every_whole_point(shares, k / data.draw(st.sampled_from(shares)))


@settings(max_examples=100, deadline=None)
@given(st.lists(SHARES, min_size=1, max_size=3), SHARES)
def test_the_separation_gives_no_cut_at_a_plan(shares: list[float], rate: float) -> None:
    """At every whole point meeting the row (a continuous term beside: tokens bought), the
    separation finds no rounding the point breaks: it never cuts a plan off."""
    terms: list[tuple[Any, float, bool]] = [(i, c, True) for i, c in enumerate(shares)]
    terms.append(("y", rate, False))
    f = _formulation(terms)
    for x in itertools.product(range(8), repeat=len(shares)):
        for y in (0.0, 0.5 * rate, 1.0):
            values: dict[Any, float] = {i: float(v) for i, v in enumerate(x)}
            values["y"] = y
            if sum(c * values[v] for v, c, _whole in terms) >= 1.0:
                assert separated_cuts(f, values.__getitem__) == []


def test_the_separation_cuts_a_fraction_of_a_rack() -> None:
    """A rack meets 40% of the month, a node 5%: the relaxation's 2.5 racks meet the row and
    break its rounding; the cut given asks for 3 racks, or 2 and 4 nodes, and only the
    horizon's row is cut."""
    terms: list[tuple[Any, float, bool]] = [("rack", 0.4, True), ("node", 0.05, True)]
    cuts = separated_cuts(_formulation(terms), {"rack": 2.5, "node": 0.0}.__getitem__)
    assert len(cuts) == 1
    pairs, rhs = cuts[0]
    coefficient = dict(pairs)
    assert coefficient["rack"] * 2.5 < rhs
    assert coefficient["rack"] * 3 >= rhs - 1e-9
    assert coefficient["rack"] * 2 + coefficient["node"] * 4 >= rhs - 1e-9


@settings(max_examples=200, deadline=None)
@given(
    st.lists(SHARES, min_size=1, max_size=4),
    st.lists(st.sampled_from([0.0, 0.0, 0.25, 0.5, 1.0, 1.7, 3.0]), min_size=5, max_size=5),
)
def test_a_row_is_cut_exactly_where_some_rounding_is_broken(
    shares: list[float], drawn: list[float]
) -> None:
    """The separation reads only the terms a relaxation's values leave above 0 (the others
    add nothing to any rounding): it gives a row a cut exactly where some rounding at k over
    one of its shares (k up to `SEPARATED_MULTIPLES`), with every term written, is broken by
    more than `VIOLATED` of its right-hand side, and the cut it gives is broken."""
    terms: list[tuple[Any, float, bool]] = [(i, c, True) for i, c in enumerate(shares)]
    terms.append(("y", 0.3, False))
    values: dict[Any, float] = {i: drawn[i] for i in range(len(shares))}
    values["y"] = drawn[-1]
    broken = False
    for share in {c for _v, c, _w in terms[:-1] if c < 1.0}:
        for k in range(1, SEPARATED_MULTIPLES + 1):
            cut = rounded_row(terms, k / share)
            if cut is not None:
                lhs = sum(c * values[v] for v, c in cut[0])
                broken = broken or (cut[1] - lhs) / cut[1] > VIOLATED * (1.0 + 1e-9)
    cuts = separated_cuts(_formulation(terms), values.__getitem__)
    assert len(cuts) == (1 if broken else 0)
    for pairs, rhs in cuts:
        assert sum(c * values[v] for v, c in pairs) < rhs
