"""Dominance's answers kept across a run's prunings (`optimizer.dominance.Answers`): a pruning
that reuses them is the pruning made afresh, at any price of any offer and any demand, and an
offer repriced is asked about again."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest
from optimizer.dominance import Answers, prune_dominated
from optimizer.instance import Instance, prepare
from optimizer.trials import Lever, with_demand
from tests.paths import EXAMPLES


def _seed() -> Instance:
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    return prepare(default_catalog(), request, request.forecast)


def _pruning(
    instance: Instance, answers: Answers | None
) -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    """The offers kept (the pruned instance's rates, in order) and those removed with the
    offer that dominates each, in order."""
    pruned, removed = prune_dominated(instance, answers)
    return list(pruned.rates), list(removed.items())


def test_prunings_with_answers_kept_are_the_prunings_made_afresh() -> None:
    """Every offer of the seed at 1%, 50%, 99%, 101% and 200% of its price, and the demand at
    75% and 125%, pruned in one sequence sharing its answers: each pruning the one made
    without them, offer for offer and in order."""
    instance = _seed()
    levers = [Lever("gpu", o) for o in sorted({o for (o, _w) in instance.rates})]
    scopes = [instance, with_demand(instance, 0, 0.75), with_demand(instance, 0, 1.25)]
    scopes += [
        lever.at(instance, lever.price(instance) * share)
        for lever in levers
        for share in (0.01, 0.5, 0.99, 1.01, 2.0)
    ]
    answers = Answers()
    for scope in scopes:
        assert _pruning(scope, answers) == _pruning(scope, None)


def test_an_offer_repriced_is_asked_about_again() -> None:
    """The cheapest B200 offer of the seed dominates the others at today's prices; at ten
    times its price it no longer does, and the pruning with the answers kept from today's
    says so, as the pruning made afresh does."""
    instance = _seed()
    answers = Answers()
    today_kept, today_removed = _pruning(instance, answers)
    assert today_removed  # the seed prunes dominated offers at today's prices
    winners = {winner for _removed, winner in today_removed}
    o = next(k for k, spec in enumerate(instance.offers) if spec.id in winners)
    dearer = Lever("gpu", o).at(instance, instance.offers[o].offer.price_per_gpu_hour * 10.0)
    moved = _pruning(dearer, answers)
    assert moved == _pruning(dearer, None)
    assert moved != (today_kept, today_removed)
