"""A plan's line in an offer's price (`optimizer.price_curve.line_of`) read once for one
instance, plan and offer (sens22: a sensitivity run reads the lines of the plans it found again
for each offer's curve), and each read the line a fresh reading gives."""

from __future__ import annotations

import copy

import pytest

from optimizer import price_curve
from optimizer.instance import Instance
from optimizer.price_curve import line_of
from optimizer.solver import Solution
from optimizer.trials import Lever, run_trial
from tests import tiny
from tests.tiny import Spec


def test_a_line_is_read_once_and_is_the_line_read_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    found = run_trial(instance, time_limit=20, gap=0.0)
    assert found.solution is not None
    plan = found.solution
    a, b = Lever("gpu", 0), Lever("gpu", 1)
    price_curve._lines.clear()
    fresh = {lever: line_of(instance, plan, lever) for lever in (a, b)}
    price_curve._lines.clear()
    costed: list[int] = []
    real = price_curve.cost_of

    def counted(changed: Instance, solution: Solution) -> float:
        costed.append(1)
        return real(changed, solution)

    monkeypatch.setattr(price_curve, "cost_of", counted)
    for lever in (a, b, a, b, a):
        assert line_of(instance, plan, lever) == fresh[lever]
    assert len(costed) == 2 * 2  # each offer's line once: two costings each
    # Another plan or instance alike is read afresh (each kept by identity).
    assert line_of(instance, copy.deepcopy(plan), a) == fresh[a]
    assert line_of(a.at(instance, a.price(instance)), plan, a) == fresh[a]
    assert len(costed) == 4 * 2
    # At another price of the offer, the plan's line is the same line.
    moved = line_of(a.at(instance, 5.0), plan, a)
    assert moved.same(fresh[a])
