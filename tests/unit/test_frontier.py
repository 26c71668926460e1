"""Throughput at the SLO: best point at or above it, interpolation inside one deployment only."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from catalog import Point, throughput_at, usable_points
from tests.strategies import points


def _p(u: float, tput: float, deployment: str = "a", **kw: object) -> Point:
    return Point(
        interactivity=u,
        throughput_per_gpu=tput,
        deployment=deployment,
        basis=kw.pop("basis", "measured"),
        source="test",  # type: ignore[arg-type]
        measured_on=dt.date(2026, 1, 1),
        **kw,
    )  # type: ignore[arg-type]


def test_interpolates_within_one_deployment() -> None:
    """Halfway between (10, 1000) and (30, 200) of one deployment is 600."""
    operating = throughput_at([_p(10, 1000), _p(30, 200)], 20)
    assert operating is not None
    assert operating.throughput_per_gpu == 600
    assert operating.interpolated


def test_never_interpolates_across_deployments() -> None:
    """Two deployments straddling the target give only the faster one's own point."""
    operating = throughput_at([_p(10, 1000, "a"), _p(30, 200, "b")], 20)
    assert operating is not None
    assert operating.throughput_per_gpu == 200
    assert not operating.interpolated


def test_never_extrapolates() -> None:
    """Above every point there is no throughput."""
    assert throughput_at([_p(10, 1000), _p(30, 200)], 30.01) is None
    operating = throughput_at([_p(10, 1000), _p(30, 200)], 30)
    assert operating is not None and operating.throughput_per_gpu == 200


def test_a_faster_point_of_another_deployment_can_win() -> None:
    """The best of interpolation and points at or above the target is taken."""
    pts = [_p(10, 1000, "a"), _p(30, 200, "a"), _p(25, 900, "b")]
    operating = throughput_at(pts, 20)
    assert operating is not None and operating.throughput_per_gpu == 900


def test_ttft_basis_and_feature_filters() -> None:
    """Points over the TTFT, of a refused basis, or needing unsupported features are dropped."""
    pts = [
        _p(50, 100, ttft_ms=900.0),
        _p(50, 90, basis="derived"),
        _p(50, 80, features=("mtp",)),
        _p(50, 70),
    ]
    assert len(usable_points(pts, max_ttft_ms=500)) == 3
    assert len(usable_points(pts, bases=["measured"])) == 3
    assert len(usable_points(pts, supports=[])) == 3
    kept = usable_points(pts, bases=["measured"], supports=[], max_ttft_ms=500)
    assert [p.throughput_per_gpu for p in kept] == [70]


@given(points(), st.floats(min_value=0.5, max_value=400))
def test_throughput_bounds(pts: list[Point], target: float) -> None:
    """The answer is at least every point at or above the target, at most the best point of
    its own deployment, and None exactly when the target is above every point."""
    operating = throughput_at(pts, target)
    above = [p for p in pts if p.interactivity >= target]
    if target > max(p.interactivity for p in pts):
        assert operating is None
        return
    assert operating is not None
    assert operating.throughput_per_gpu >= max((p.throughput_per_gpu for p in above), default=0)
    own = [p.throughput_per_gpu for p in pts if p.deployment == operating.deployment]
    assert operating.throughput_per_gpu <= max(own) + 1e-9
    assert throughput_at(list(reversed(pts)), target) == operating
