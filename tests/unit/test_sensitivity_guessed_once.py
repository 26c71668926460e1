"""A run's guesses (`optimizer.sensitivity_run.Trials.guessing`): plans that buy an offer,
moved from the plans found so far, made once for one instance, offer and plans found; made
again once a plan is found, and for another price."""

from __future__ import annotations

from typing import Any

import pytest

import optimizer.sensitivity_run
from optimizer.sensitivity_run import Known, Trials
from optimizer.starts import Starts
from optimizer.trials import Lever, run_trial
from tests import tiny
from tests.tiny import Spec


def test_a_guess_is_made_once_for_the_same_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    b = Lever("gpu", 1)
    made: list[int] = []
    guessed = optimizer.sensitivity_run.guessed

    def counted(*args: Any) -> Any:
        made.append(1)
        return guessed(*args)

    monkeypatch.setattr(optimizer.sensitivity_run, "guessed", counted)
    known = Known(plans=[], starts=Starts())
    assert run_trial(instance, time_limit=20, gap=0.0, starts=known.starts).status == "optimal"
    trials = Trials(20.0, 0.0, None)
    guess = trials.guessing(known)
    first = guess(instance, b)
    assert first and all(b.bought(instance, plan) for plan in first)  # A's units moved to B
    again = guess(instance, b)
    assert made == [1] and again == first and again is not first
    # Another run's plans alike, or this run's once it finds one more: guessed again.
    assert trials.guessing(Known(plans=[], starts=known.starts.copy()))(instance, b) == first
    assert made == [1]  # the very plans (copies of the list hold the same plans)
    known.starts.add(["n_1_0"], [1.0])
    guess(instance, b)
    assert made == [1, 1]
    guess(b.at(instance, 1.0), b)
    assert made == [1, 1, 1]
