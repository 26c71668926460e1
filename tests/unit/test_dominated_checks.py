"""Dominance as a proof of "not bought at this price" (`optimizer.dominated_checks`): only
where another offer replaces the offer strictly cheaper, and only with the best plan without
it proven."""

from __future__ import annotations

from optimizer.dominated_checks import dominated_at, dominated_point
from optimizer.price_curve import Line, PriceCurve
from optimizer.trials import Lever
from tests import tiny
from tests.tiny import Spec


def test_an_offer_is_dominated_only_above_the_price_of_its_replacement() -> None:
    """A ($2) and B alike but for price: B is dominated at $2.01 and $3 (by A), not at $2
    (a tie is no strict gain) nor below; A is dominated by nothing at any price above B's."""
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    a, b = Lever("gpu", 0), Lever("gpu", 1)
    assert dominated_at(instance, b, 2.01) == "a" and dominated_at(instance, b, 3.0) == "a"
    assert dominated_at(instance, b, 2.0) is None and dominated_at(instance, b, 1.5) is None
    assert dominated_at(instance, a, 2.5) is None and dominated_at(instance, a, 3.01) == "b"


def test_a_slower_or_capped_offer_proves_nothing() -> None:
    """A cheaper offer that is slower per GPU, or has a minimum, does not replace B."""
    slower = tiny.exact_instance(Spec("a", 1.0, tokens_per_gpu=500.0), Spec("b", 3.0))
    assert dominated_at(slower, Lever("gpu", 1), 3.0) is None
    minimum = tiny.exact_instance(Spec("a", 1.0, min_units=3), Spec("b", 3.0))
    assert dominated_at(minimum, Lever("gpu", 1), 3.0) is None


def test_an_api_offer_is_never_dominated() -> None:
    """Per-token prices have no GPU to replace: no proof for an API lever."""
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    assert dominated_at(instance, Lever("api", 0), 10.0) is None


def test_no_point_without_a_proven_best_plan_without_the_offer() -> None:
    """Dominated at $3, B gets a point only once the curve's `out` line has its floor (the
    solver run that proved it); the point is that line, not bought, made `dominated`."""
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    b = Lever("gpu", 1)
    curve = PriceCurve()
    assert dominated_point(instance, b, curve, 3.0) is None
    curve.out = Line(fixed=100.0, slope=0.0)
    assert dominated_point(instance, b, curve, 3.0) is None
    curve.out_floor = 99.0
    point = dominated_point(instance, b, curve, 3.0)
    assert point is not None and not point.buys and point.how == "dominated"
    assert point.line == curve.out and point.floor == 99.0 and point.price == 3.0
