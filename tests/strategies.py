"""Hypothesis strategies, in one place (hypothesis does not read msgspec's Meta)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from catalog import Point


@st.composite
def points(draw: st.DrawFn, max_size: int = 8) -> list[Point]:
    """Operating points over up to three deployments, interactivities distinct per deployment."""
    count = draw(st.integers(min_value=1, max_value=max_size))
    out: list[Point] = []
    seen: set[tuple[str, float]] = set()
    for _ in range(count):
        deployment = draw(st.sampled_from(["a", "b", "c"]))
        u = draw(st.floats(min_value=1, max_value=300, allow_nan=False).map(lambda x: round(x, 2)))
        if (deployment, u) in seen:
            continue
        seen.add((deployment, u))
        out.append(
            Point(
                interactivity=u,
                throughput_per_gpu=draw(
                    st.floats(min_value=1, max_value=20000).map(lambda x: round(x, 1))
                ),
                deployment=deployment,
                basis="measured",
                source="hypothesis",
                measured_on=dt.date(2026, 1, 1),
            )
        )
    return out
