"""The optimizer's contract with the service: the plan carries what its reports need, one
vendor-matching rule, and no number a client sends can overflow a plan."""

from __future__ import annotations

import msgspec
import pytest

from catalog import Catalog, default_catalog
from optimizer import (
    SLO,
    Forecast,
    PlanRequest,
    QuoteWorkload,
    RankingRequest,
    Workload,
    make_plan,
    rank,
)


def _seed_forecast(tokens_per_second: float = 200_000.0) -> Forecast:
    return Forecast(
        name="seed",
        start="2027-01",
        months=2,
        workloads=(
            Workload(
                id="reasoning",
                model="deepseek-r1-0528",
                isl=8192,
                osl=1024,
                slo=SLO(min_interactivity=150),
                tokens_per_second=tokens_per_second,
            ),
        ),
    )


def test_a_plan_by_forecast_id_carries_its_forecast_and_sources() -> None:
    """A request naming a stored forecast gets a plan holding that forecast and one source
    line per point behind every throughput it uses, the same as the inline request's."""
    forecast = _seed_forecast()
    by_id = make_plan(
        default_catalog(), PlanRequest(forecast_id="f-1"), forecast, forecast_id="f-1"
    )
    inline = make_plan(default_catalog(), PlanRequest(forecast=forecast), forecast)
    assert by_id.forecast == forecast
    assert by_id.sources and by_id.sources == inline.sources
    used = {
        (a.offer_id, s.workload_id)
        for m in by_id.months
        for a in m.allocations
        for s in a.workloads
    }
    assert {(s.offer_id, s.workload_id) for s in by_id.sources} == used
    first = by_id.sources[0]
    assert first.measured_on.count("-") == 2 and first.throughput_per_gpu > 0


def test_old_stored_plans_without_sources_still_decode() -> None:
    """A plan stored before `forecast` and `sources` existed decodes with their defaults."""
    plan = make_plan(default_catalog(), PlanRequest(forecast=_seed_forecast()), _seed_forecast())
    raw = msgspec.json.decode(msgspec.json.encode(plan))
    del raw["forecast"], raw["sources"]
    from optimizer import Plan

    old = msgspec.json.decode(msgspec.json.encode(raw), type=Plan)
    assert old.forecast is None and old.sources == ()


def _ranking(vendors: tuple[str, ...]) -> list[str]:
    request = RankingRequest(
        workload=QuoteWorkload(
            model="deepseek-r1-0528", isl=8192, osl=1024, slo=SLO(min_interactivity=50)
        ),
        vendors=vendors,
    )
    return [line.offer_id for line in rank(default_catalog(), request).offers if line.eligible]


def test_rankings_match_vendors_by_slug_as_plans_do() -> None:
    """`together-ai`, `Together AI` and `TOGETHER  ai` all select Together AI's offers in a
    ranking, as they do in a plan's `vendors`."""
    by_slug = _ranking(("together-ai",))
    assert by_slug and all(o.startswith("together-") for o in by_slug)
    assert _ranking(("Together AI",)) == by_slug == _ranking(("TOGETHER  ai",))


@pytest.mark.parametrize(
    ("tokens", "wanted"),
    [(1e308, "<= 1000000000000.0"), (1e-320, "give 0 or at least 0.001")],
)
def test_demand_out_of_bounds_is_a_validation_error_naming_the_field(
    tokens: float, wanted: str
) -> None:
    """tokens_per_second 1e308 (once stored with shortfall null) and 1e-320 (once an internal
    IndexError) are refused when the request is decoded, naming the field."""
    body = msgspec.json.encode({"forecast": msgspec.to_builtins(_seed_forecast(0.0))}).replace(
        b'"tokens_per_second":0.0', f'"tokens_per_second":{tokens!r}'.encode()
    )
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.json.decode(body, type=PlanRequest)
    assert wanted in str(caught.value)
    assert "tokens_per_second" in str(caught.value)


def test_an_overflowing_catalog_price_fails_the_plan_instead_of_storing_inf() -> None:
    """A catalog price of 1e308 per GPU-hour overflows every cost: the plan is `failed` with an
    error naming the first number that is not finite, and holds no inf or NaN."""
    catalog = default_catalog()
    offers = tuple(
        msgspec.structs.replace(o, price_per_gpu_hour=1e308) if o.id == "onprem-gb300" else o
        for o in catalog.offers
    )
    huge = Catalog(
        revision=catalog.revision,
        systems=catalog.systems,
        profiles=catalog.profiles,
        offers=offers,
    )
    forecast = _seed_forecast()
    plan = make_plan(huge, PlanRequest(forecast=forecast), forecast)
    assert plan.status == "failed"
    assert plan.error is not None and "not finite" in plan.error
    assert b"Infinity" not in msgspec.json.encode(plan) and b"NaN" not in msgspec.json.encode(plan)


def test_once_the_plans_time_is_up_later_solves_are_skipped_not_given_a_floor() -> None:
    """With the plan's clock run out, a solve still gets its 0.05 s minimum and answers, but
    the marginals and the baselines say the time ran out instead of each taking 0.5 s more."""
    from optimizer.assembly import Assembler, summary
    from optimizer.baselines import baselines
    from optimizer.marginals import marginals
    from optimizer.phases import Clock, solve_instance
    from optimizer.prepare import prepare_for_solve
    from tests.tiny import Spec, catalog, forecast

    request = PlanRequest(forecast=forecast(1_000.0))
    assert request.forecast is not None
    full, instance, _ = prepare_for_solve(catalog(Spec("a", 1.0)), request, request.forecast)
    expired = Clock(0.0)
    assert expired.expired and expired.remaining() == 0.05
    solved = solve_instance(instance, "cost", request.options, expired)
    assert solved.status == "optimal" and solved.solution is not None
    marginal = marginals(instance, expired, 1e-4)
    assert "time limit ran out" in marginal.note and marginal.workloads == ()
    plan = summary(Assembler(instance, solved.solution), [])
    compared = baselines(full, plan, "cost", request.options, expired)
    reasons = {b.strategy: b.reason for b in compared}
    late = "the plan's time limit ran out before this baseline was solved"
    assert reasons["cheapest_gpu_hour"] == reasons["best_single_offer"] == late


def test_a_model_too_large_to_stop_counts_the_tail_and_says_how_to_shrink() -> None:
    """The size check counts the tail's months too: 151 offers x 100 workloads x 12 months
    (about 183,000 columns) fits, but one 48-month term adds a 48-month tail (about 732,000,
    beyond the 600,000 planned at all): refused, with `options.tail_months` among the ways to
    shrink it."""
    from catalog import InvalidInput
    from optimizer import Options, precheck
    from tests.tiny import Spec, catalog

    # Dearer and faster offer by offer, each with a minimum: none dominates another, and the
    # pruning sees so at once instead of comparing 150 x 150 offers over 100 workloads (15 of
    # this test's 17 s).
    specs = [
        Spec(f"o{n}", 1.0 + n / 1000, vendor=f"V{n}", tokens_per_gpu=1000.0 + n, min_units=1)
        for n in range(150)
    ]
    cat = catalog(Spec("term", 0.5, vendor="T", term_months=48), *specs)
    workloads = tuple(
        Workload(
            id=f"w{n}",
            model="m",
            isl=1000,
            osl=100,
            slo=SLO(min_interactivity=50),
            tokens_per_second=1.0,
        )
        for n in range(100)
    )
    forecast = Forecast(name="big", start="2027-01", months=12, workloads=workloads)
    with pytest.raises(InvalidInput) as caught:
        precheck(cat, PlanRequest(forecast=forecast), forecast)
    assert "options.tail_months" in caught.value.errors[0].message
    in_horizon = PlanRequest(forecast=forecast, options=Options(commitment_accounting="in_horizon"))
    precheck(cat, in_horizon, forecast)  # the same model without its tail is solved
