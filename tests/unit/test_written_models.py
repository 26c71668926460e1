"""A run's written models (`optimizer.written_models`): a model asked for again is a copy of
the one written, its own to change, and any change of price, demand or offers is a model of
its own; one price apart from a model written, repriced, it is the model written afresh."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from catalog import default_catalog
from optimizer import PlanRequest, trials
from optimizer.direct import DirectModel
from optimizer.instance import Instance, prepare
from optimizer.trials import Lever, forced_model, narrowed, with_demand
from optimizer.written_models import WrittenModels, repriced
from tests import tiny
from tests.paths import EXAMPLES
from tests.tiny import Spec


def _lists(model: DirectModel) -> tuple[list[float], ...]:
    sink = model.sink
    return (sink.cost, sink.lower, sink.upper, sink.row_lower, sink.row_upper, sink.value)


def test_a_model_asked_again_is_the_same_model_and_its_own() -> None:
    """The second model of one instance has the first's columns, rows and costs, and a row
    or bound added to it changes neither the first nor a third."""
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    models = WrittenModels()
    first = models.model(instance)
    written = _lists(first)
    second = models.model(instance)
    assert _lists(second) == written and second.sink.names == first.sink.names
    second.sink.lower[0] = second.sink.upper[0] = 7.0
    second.sink.row([(0, 1.0)], 1, 1.0, "extra")
    third = models.model(instance)
    assert _lists(third) == written and _lists(first) == written
    assert len(second.sink.row_lower) == len(third.sink.row_lower) + 1


def test_a_price_demand_or_offer_changed_is_another_model() -> None:
    """B's price, the demand scaled, or B left out: each gets its own costs, rows or
    columns, as written afresh."""
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    b = Lever("gpu", 1)
    models = WrittenModels()
    models.model(instance)
    for changed in (
        b.at(instance, 4.0),
        with_demand(instance, 0, 1.5),
        narrowed(instance, None, None),
    ):
        cached = models.model(changed)
        fresh = WrittenModels().model(changed)
        assert _lists(cached) == _lists(fresh) and cached.sink.names == fresh.sink.names
    assert _lists(models.model(b.at(instance, 4.0))) != _lists(models.model(instance))


def test_a_forced_model_from_the_cache_has_its_force_row_once() -> None:
    """Forced in twice through one run's models, each model holds one force row."""
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    models = WrittenModels()
    plain = forced_model(instance, None, models)
    rows = len(plain[0].sink.row_lower) if plain else 0
    for _ in range(2):
        made = forced_model(instance, (Lever("gpu", 1), "in"), models)
        assert made is not None and len(made[0].sink.row_lower) == rows + 1


def test_a_run_prunes_each_instance_once_and_each_price_afresh() -> None:
    """`narrowed` through a run's models: asked again for an instance alike, the very
    instance pruned before (no second pruning); B's price lowered below A's, B's own pruning
    (A pruned, not B), as without the run's models; the lever kept is part of what is asked."""
    instance = tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0))
    b = Lever("gpu", 1)
    models = WrittenModels()
    first = narrowed(instance, None, None, models)
    assert sorted(first.rates) == [(0, 0)]
    assert narrowed(tiny.exact_instance(Spec("a", 2.0), Spec("b", 3.0)), None, None) is not first
    assert narrowed(instance, None, None, models) is first
    cheaper = narrowed(b.at(instance, 1.0), None, None, models)
    assert (
        sorted(cheaper.rates) == [(1, 0)] == sorted(narrowed(b.at(instance, 1.0), None, None).rates)
    )
    kept = narrowed(instance, b, None, models)
    assert sorted(kept.rates) == [(0, 0), (1, 0)]


@pytest.mark.parametrize(
    ("example", "falling"),
    [
        ("seed-deepseek-r1.json", False),
        ("seed-deepseek-r1.json", True),
        ("growing-power-capped.json", False),
        ("portfolio-three-models.json", False),
    ],
)
def test_a_model_one_price_apart_is_the_model_written_afresh(example: str, falling: bool) -> None:
    """Every eligible GPU offer of the shipped examples, its price halved and raised 1%: the
    run's model at that price, repriced from the model written at today's (`repriced`), is the
    model written afresh, every cost to the last bit. `falling`: the seed's last month at half
    its demand, where the model chooses renewals (its units not renewed, `x_`, costed)."""
    body = (EXAMPLES / example).read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    forecast = request.forecast
    assert forecast is not None
    if falling:
        workload = forecast.workloads[0]
        assert isinstance(workload.tokens_per_second, float | int)
        demand = [float(workload.tokens_per_second)] * forecast.months
        demand[-1] /= 2
        fell = msgspec.structs.replace(workload, tokens_per_second=demand)
        forecast = msgspec.structs.replace(forecast, workloads=(fell,))
    instance = prepare(default_catalog(), request, forecast)
    if falling:
        written = DirectModel(instance, replacement_caps=False, ties=False).sink
        assert any(
            n.startswith("x_") and c for n, c in zip(written.names, written.cost, strict=True)
        )
    for o in sorted({o for (o, _w) in instance.rates}):
        lever = Lever("gpu", o)
        scope = narrowed(instance, lever, None)
        models = WrittenModels()
        models.model(scope)
        for k in (0.5, 1.01):
            moved = lever.at(scope, lever.price(scope) * k)
            made = models.model(moved)
            assert made.instance is moved and made.formulation.instance is moved
            fresh = DirectModel(moved, replacement_caps=False, ties=False)
            assert _lists(made) == _lists(fresh) and made.sink.names == fresh.sink.names
            assert made.sink.integer == fresh.sink.integer


def test_a_price_in_a_row_is_written_afresh() -> None:
    """With a budget (capex-budget: `max_upfront`), a price moves rows and bounds: no
    model is repriced."""
    body = (EXAMPLES / "capex-budget-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    o = min(o for (o, _w) in instance.rates)
    lever = Lever("gpu", o)
    written = DirectModel(instance, replacement_caps=False, ties=False)
    assert repriced(written, instance, lever.at(instance, lever.price(instance) * 2), o) is None


def test_the_whole_instance_is_pruned_once_for_every_offer_kept_in_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each offer kept in (a guess's forced-in model, sens22) or in no force narrows the same
    pruning of the instance: one `prune_dominated` for all of them in a run's models, and each
    narrowed instance's offers those of the pruning made afresh. Forced out, an offer prunes
    the others without it: a pruning of its own."""
    body = (EXAMPLES / "seed-deepseek-r1.json").read_bytes()
    request = msgspec.json.decode(body, type=PlanRequest)
    assert request.forecast is not None
    instance = prepare(default_catalog(), request, request.forecast)
    levers = [Lever("gpu", o) for o in sorted({o for (o, _w) in instance.rates})]
    fresh = {
        (lever, force): narrowed(instance, lever, force)
        for lever in levers
        for force in ("in", None)
    }
    calls: list[int] = []
    real = trials.prune_dominated

    def counted(scope: Instance, answers: Any = None) -> Any:
        calls.append(1)
        return real(scope, answers)

    monkeypatch.setattr(trials, "prune_dominated", counted)
    models = WrittenModels()
    for (lever, force), expected in fresh.items():
        assert sorted(narrowed(instance, lever, force, models).rates) == sorted(expected.rates)
    assert sorted(narrowed(instance, None, None, models).rates) == sorted(
        narrowed(instance, None, None).rates
    )
    assert len(calls) == 1 + 1  # the runs' one, and the plain call's just above
    narrowed(instance, levers[0], "out", models)
    assert len(calls) == 3
