"""Throughput at a latency target, read off a profile's measured operating points.

DESIGN section 3 step 2: the best of every point at or above the target, and linear
interpolation between two points of one deployment that straddle it; never across deployments,
never extrapolated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from msgspec import Struct

from catalog.model import Basis, Feature, Point

__all__ = [
    "Operating",
    "best_interactivity",
    "deployments_at",
    "throughput_at",
    "usable_points",
]


class Operating(Struct, frozen=True, kw_only=True):
    """Where a throughput at the SLO came from: one point, or two of one deployment."""

    throughput_per_gpu: float
    interactivity: float
    deployment: str
    points: tuple[Point, ...]

    @property
    def interpolated(self) -> bool:
        """True when the figure lies between two measured points."""
        return len(self.points) == 2


def usable_points(
    points: Iterable[Point],
    *,
    bases: Iterable[Basis] | None = None,
    supports: Iterable[Feature] | None = None,
    max_ttft_ms: float | None = None,
) -> list[Point]:
    """The points a workload may count on: basis allowed, features supported by the offer's
    stack, and TTFT within the target (a point with no TTFT is kept: none was measured)."""
    allowed_bases = None if bases is None else frozenset(bases)
    allowed_features = None if supports is None else frozenset(supports)
    return [
        p
        for p in points
        if (allowed_bases is None or p.basis in allowed_bases)
        and (allowed_features is None or allowed_features.issuperset(p.features))
        and (max_ttft_ms is None or p.ttft_ms is None or p.ttft_ms <= max_ttft_ms)
    ]


def best_interactivity(points: Iterable[Point]) -> float | None:
    """The highest interactivity any point reaches, or None without points."""
    return max((p.interactivity for p in points), default=None)


def throughput_at(points: Sequence[Point], interactivity: float) -> Operating | None:
    """Usable throughput per GPU at `interactivity` tokens/s/user, or None above every point.

    Ties keep the first candidate in (deployment, interactivity) order, so the answer does not
    depend on the order the points were given in.
    """
    best: Operating | None = None
    for candidate in deployments_at(points, interactivity):
        if best is None or candidate.throughput_per_gpu > best.throughput_per_gpu:
            best = candidate
    return best


def deployments_at(points: Sequence[Point], interactivity: float) -> list[Operating]:
    """The best usable throughput per GPU of each deployment at `interactivity`, in deployment
    order; deployments that do not reach it are left out. Ties within a deployment keep the
    first candidate in interactivity order."""
    out: list[Operating] = []
    by_deployment: dict[str, list[Point]] = {}
    for point in points:
        by_deployment.setdefault(point.deployment, []).append(point)
    for deployment in sorted(by_deployment):
        best: Operating | None = None
        for candidate in _candidates(deployment, by_deployment[deployment], interactivity):
            if best is None or candidate.throughput_per_gpu > best.throughput_per_gpu:
                best = candidate
        if best is not None:
            out.append(best)
    return out


def _candidates(deployment: str, points: list[Point], interactivity: float) -> list[Operating]:
    """Every point of one deployment at or above `interactivity`, then the interpolation
    between the two that straddle it."""
    curve = sorted(points, key=lambda p: p.interactivity)
    out = [
        Operating(
            throughput_per_gpu=point.throughput_per_gpu,
            interactivity=point.interactivity,
            deployment=deployment,
            points=(point,),
        )
        for point in curve
        if point.interactivity >= interactivity
    ]
    for low, high in pairwise(curve):
        if low.interactivity < interactivity < high.interactivity:
            share = (interactivity - low.interactivity) / (high.interactivity - low.interactivity)
            value = low.throughput_per_gpu + share * (
                high.throughput_per_gpu - low.throughput_per_gpu
            )
            out.append(
                Operating(
                    throughput_per_gpu=value,
                    interactivity=interactivity,
                    deployment=deployment,
                    points=(low, high),
                )
            )
    return out
