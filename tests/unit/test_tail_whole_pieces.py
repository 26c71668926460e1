"""Probe 8 finding 4: `serve_most` with whole pieces (replica blocks of several units) gives
each workload whole blocks only, and serves the most whole blocks can serve (brute force)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.tail_fleet import serve_most


def test_seven_units_hold_one_five_unit_block() -> None:
    """7 units of 5-unit blocks at 53,760 tok/s a block serve 53,760 of 69,888, not 1.4
    blocks (75,264: the need in full)."""
    served = serve_most({0: 7.0}, {(0, 0): 53_760.0}, {0: 69_888.0}, size={(0, 0): 5.0})
    assert served == {0: pytest.approx(53_760.0)}


def test_a_unit_is_not_split_between_two_workloads() -> None:
    """One unit, two workloads each needing half of it: whole, it serves one of them."""
    speed = {(0, 0): 10.0, (0, 1): 10.0}
    served = serve_most({0: 1.0}, speed, {0: 5.0, 1: 5.0}, size={(0, 0): 1.0, (0, 1): 1.0})
    assert sorted(served.values()) == [0.0, pytest.approx(5.0)]


def _most_whole(
    free: list[int], pieces: dict[tuple[int, int], tuple[int, int]], need: list[int]
) -> int:
    """Brute force: the most tokens/s whole pieces (speed, units) serve, each workload capped
    at its need."""
    keys = sorted(pieces)
    ranges = [range(free[o] // pieces[(o, w)][1] + 1) for o, w in keys]
    best = 0
    for counts in itertools.product(*ranges):
        used = [0] * len(free)
        got = [0] * len(need)
        for (o, w), n in zip(keys, counts, strict=True):
            used[o] += n * pieces[(o, w)][1]
            got[w] += n * pieces[(o, w)][0]
        if all(u <= f for u, f in zip(used, free, strict=True)):
            best = max(best, sum(min(g, d) for g, d in zip(got, need, strict=True)))
    return best


@settings(max_examples=25, deadline=None)
@given(
    free=st.lists(st.integers(0, 6), min_size=1, max_size=2),
    speeds=st.lists(st.integers(0, 9), min_size=4, max_size=4),
    units=st.lists(st.integers(1, 3), min_size=4, max_size=4),
    need=st.lists(st.integers(0, 30), min_size=1, max_size=2),
)
def test_whole_pieces_serve_what_brute_force_finds(
    free: list[int], speeds: list[int], units: list[int], need: list[int]
) -> None:
    """On small instances, whole pieces serve exactly the brute-force most."""
    pieces = {
        (o, w): (speeds[2 * o + w], units[2 * o + w])
        for o in range(len(free))
        for w in range(len(need))
        if speeds[2 * o + w] > 0
    }
    served = serve_most(
        {o: float(f) for o, f in enumerate(free)},
        {k: float(s) for k, (s, _u) in pieces.items()},
        {w: float(d) for w, d in enumerate(need)},
        size={k: float(u) for k, (_s, u) in pieces.items()},
    )
    assert all(0 <= served[w] <= need[w] + 1e-9 for w in range(len(need)))
    assert sum(served.values()) == pytest.approx(_most_whole(free, pieces, need), abs=1e-6)
