"""The price curve's proofs on hand-made lines (no solver): what it proves, and what not."""

from __future__ import annotations

import pytest

from optimizer.price_curve import Line, Point, PriceCurve


def test_an_optimum_that_buys_none_proves_every_higher_price() -> None:
    """Optimal at $2 without the offer (cost 100 + 10 p from existing units): at $3 the cost
    is 130, proven; below $2 nothing is."""
    curve = PriceCurve()
    curve.add(Point(price=2.0, line=Line(fixed=100.0, slope=10.0), buys=False))
    proof = curve.proven(3.0)
    assert proof is not None and proof[0] == pytest.approx(130.0)
    assert "buys none" in proof[1]
    assert curve.proven(1.9) is None


def test_one_plan_optimal_at_two_prices_proves_the_prices_between() -> None:
    """The same plan (50 + 20 p) optimal at $1 and $2 proves $1.50 (80), not $2.10 nor $0.90;
    a different plan at $2 proves nothing between."""
    plan = Line(fixed=50.0, slope=20.0)
    curve = PriceCurve()
    curve.add(Point(price=1.0, line=plan, buys=True))
    curve.add(Point(price=2.0, line=Line(fixed=50.0, slope=20.0), buys=True))
    proof = curve.proven(1.5)
    assert proof is not None and proof[0] == pytest.approx(80.0)
    assert curve.proven(2.1) is None and curve.proven(0.9) is None
    other = PriceCurve()
    other.add(Point(price=1.0, line=plan, buys=True))
    other.add(Point(price=2.0, line=Line(fixed=60.0, slope=15.0), buys=True))
    assert other.proven(1.5) is None


def test_the_entering_price_is_the_highest_crossing_with_the_plan_without_it() -> None:
    """Without the offer 1000 (flat); plans with it 400 + 200 p (crosses at 3) and
    700 + 50 p (crosses at 6): it enters below 6 at least. No crossing without `out`."""
    curve = PriceCurve()
    curve.inside.append(Line(fixed=400.0, slope=200.0))
    assert curve.entering() is None
    curve.add(Point(price=10.0, line=Line(fixed=1000.0, slope=0.0), buys=False))
    curve.inside.append(Line(fixed=700.0, slope=50.0))
    assert curve.entering() == pytest.approx(6.0)


def test_lines_the_same_only_within_a_billionth() -> None:
    """Equal lines (to rounding) are the same; a dollar apart on $38M is not."""
    line = Line(fixed=37_969_794.89, slope=1234.5)
    assert line.same(Line(fixed=37_969_794.89 * (1 + 1e-12), slope=1234.5))
    assert not line.same(Line(fixed=37_969_794.89 + 1.0, slope=1234.5))
    assert not line.same(Line(fixed=37_969_794.89, slope=1234.6))
