"""Plans that may buy tokens from per-token APIs (DESIGN 8.2): never dearer than the best of
"all API" (priced by hand) and "no API" (the independent brute force); the seed's workload
bought at 10,000 tok/s and built at 1,000,000; rate limits, power caps and vendor shares."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings

from catalog import Catalog, InvalidInput, default_catalog
from catalog.api_offer import ApiOffer
from optimizer.plan import Plan
from optimizer.planner import make_plan
from optimizer.request import PlanRequest
from tests import tiny
from tests.bruteforce import brute_force
from tests.strategies import small_plans_with_apis

SETTINGS = settings(
    max_examples=settings.default.max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MONTH = 730 * 3600 / 1e6  # millions of tokens one average tok/s is for a month


def objective(plan: Plan) -> float:
    """What the plan minimised: its total cost, and under `demand_continues` its tail's."""
    assert plan.summary is not None
    return plan.summary.total_cost + (plan.tail.cost if plan.tail is not None else 0.0)


def _all_api(catalog: Catalog, request: PlanRequest, tail: int) -> float | None:
    """Every workload's tokens bought from its cheapest API offer, by hand (None: a workload
    has none)."""
    assert request.forecast is not None
    total = 0.0
    for workload in request.forecast.workloads:
        prices = [
            a.blended_price(workload.isl, workload.osl)
            for a in catalog.api_offers
            if a.model == workload.model
        ]
        if not prices:
            return None
        demand = workload.demand(request.forecast.months)
        demand += [demand[-1]] * tail
        total += sum(demand) * MONTH * min(prices)
    return total


def _monthly_gpu(catalog: Catalog, model: str) -> bool:
    served = {p.system_id for p in catalog.profiles if p.model == model}
    return any(o.term_months == 0 and o.system_id in served for o in catalog.offers)


@SETTINGS
@given(small_plans_with_apis())
def test_a_plan_with_apis_never_costs_more_than_all_api_or_no_api(
    instance: tuple[Catalog, PlanRequest],
) -> None:
    """On tiny instances the plan's objective is at most the brute force's without APIs and at
    most every workload bought from its cheapest API, priced by hand (to 1e-6)."""
    catalog, request = instance
    assert request.forecast is not None
    if request.options.commitment_accounting == "demand_continues":
        # The tail values demand only where something month to month can serve it: compare
        # like with like (an API can serve every workload of its model then).
        assume(
            all(
                _monthly_gpu(catalog, w.model)
                or not any(a.model == w.model for a in catalog.api_offers)
                for w in request.forecast.workloads
            )
        )
    try:
        plan = make_plan(catalog, request, request.forecast)
    except InvalidInput as exc:  # a month with demand and no offer available yet
        assert "no eligible offer is available yet" in exc.errors[0].message
        return
    no_api = brute_force(catalog, request)
    all_api = _all_api(catalog, request, plan.tail.months if plan.tail else 0)
    bounds = [b for b in (no_api, all_api) if b is not None]
    if not bounds:
        return
    assert plan.status == "optimal", plan.error
    assert objective(plan) <= min(bounds) * (1 + 1e-6) + 1e-6
    bought = sum(p.cost for m in plan.months for p in m.purchases)
    assert plan.summary is not None
    assert plan.summary.api_cost == pytest.approx(bought, abs=1e-6)


def _seed(tokens_per_second: float) -> Plan:
    doc: dict[str, Any] = json.loads(Path("examples/seed-deepseek-r1.json").read_text())
    doc["forecast"]["workloads"][0]["tokens_per_second"] = tokens_per_second
    doc["options"] = {"trust_api_latency": True}
    request = msgspec.convert(doc, PlanRequest)
    assert request.forecast is not None
    return make_plan(default_catalog(), request, request.forecast)


def test_the_seed_workload_is_bought_at_10k_and_built_at_1m() -> None:
    """DeepSeek-R1 8k/1k, API latency trusted: at 10,000 tok/s every month is bought from
    Lambda's API at (8192 x 0.2 + 1024 x 0.6) / 9216 = $0.2444/M, $77,088.00 over the 12
    months (10,000 x 2.628 x 0.2444 x 12); at 1,000,000 tok/s the plan builds GB300 racks in
    every month and by the last serves every token from them; `best_api` costs more."""
    small = _seed(10_000)
    assert small.summary is not None and small.status == "optimal"
    assert all(not m.allocations for m in small.months)
    assert {p.offer_id for m in small.months for p in m.purchases} == {"lambda-deepseek-r1-0528"}
    assert round(small.summary.total_cost, 2) == round(10_000 * MONTH * 2252.8 / 9216 * 12, 2)
    assert round(small.summary.total_cost, 2) == 77_088.00
    assert any("no stated speed for lambda-deepseek-r1-0528" in w for w in small.warnings)
    assert any("lambda-deepseek-r1-0528 (estimate)" in w for w in small.warnings)
    # Tokens are paid as used: the horizon's cash is the same 12 x $6,424.00.
    assert [round(f.cash, 2) for f in small.cash_flows[:12]] == [6424.00] * 12
    big = _seed(1_000_000)
    assert big.summary is not None and big.status == "optimal"
    assert all(m.allocations for m in big.months)
    assert not big.months[-1].purchases
    # Racks signed in the horizon run through the 48-month tail: over horizon and tail the
    # tokens bought are under a fifth of the cost (in the first 11 months, one rack and the
    # API: the tail makes two more racks cheaper signed in the last month).
    assert big.summary.lifetime_cost is not None
    assert big.summary.api_cost < big.summary.lifetime_cost / 5
    best_api = next(b for b in big.baselines if b.strategy == "best_api")
    assert best_api.offers == {"reasoning": "lambda-deepseek-r1-0528"}
    assert best_api.diff_total_cost is not None and best_api.diff_total_cost > 0


def _api(**changes: Any) -> ApiOffer:
    base: dict[str, Any] = {
        "id": "api",
        "vendor": "A",
        "model": "m",
        "price_per_million_input_tokens": 0.1,
        "price_per_million_output_tokens": 0.1,
        "price_basis": "quote",
        "source": "test",
        "as_of": "2026-12-01",
    }
    return msgspec.convert({**base, **changes}, ApiOffer)


def _plan(catalog: Catalog, **request: Any) -> Plan:
    forecast = tiny.forecast(request.pop("tps", 1000.0))
    body = msgspec.convert({"forecast": msgspec.to_builtins(forecast), **request}, PlanRequest)
    return make_plan(catalog, body, forecast)


def test_a_rate_limit_caps_what_an_api_sells() -> None:
    """An API at $0.10/M limited to 30,000 tokens/min sells 500 tok/s (30,000 / 60); the other
    500 tok/s of the 1,000 come from two $2/h GPUs of 250 tok/s: 500 x 2.628 x 0.1 + 2,920 =
    $3,051.40 (four GPUs without the API: $5,840; the API alone: $262.80)."""
    catalog = msgspec.structs.replace(
        tiny.catalog(tiny.Spec("gpu", 2.0, tokens_per_gpu=250)),
        api_offers=(_api(max_tokens_per_minute=30_000),),
    )
    plan = _plan(
        catalog, options={"trust_api_latency": True, "commitment_accounting": "in_horizon"}
    )
    assert plan.summary is not None
    assert [round(p.tokens_per_second, 6) for p in plan.months[0].purchases] == [500.0]
    assert round(plan.summary.total_cost, 2) == round(500 * MONTH * 0.1 + 2 * 2.0 * 730, 2)
    assert round(plan.summary.total_cost, 2) == 3051.40


def test_an_api_without_a_stated_speed_is_bought_only_when_trusted() -> None:
    """Untrusted, the cheap API states no speed and the GPU serves; trusted, the API does."""
    catalog = msgspec.structs.replace(tiny.catalog(tiny.Spec("gpu", 2.0)), api_offers=(_api(),))
    untrusted = _plan(catalog, options={"commitment_accounting": "in_horizon"})
    assert not untrusted.months[0].purchases
    trusted = _plan(
        catalog, options={"commitment_accounting": "in_horizon", "trust_api_latency": True}
    )
    assert trusted.summary is not None and not trusted.months[0].allocations
    assert round(trusted.summary.total_cost, 2) == round(1000 * MONTH * 0.1, 2)


def test_api_spend_counts_in_vendor_share_and_not_in_power() -> None:
    """Two APIs, $0.10/M (A) and $0.20/M (B), share at most 60%: A sells 600 tok/s, B 400;
    a power cap of 0.0001 MW at the GPU's site does not touch them."""
    catalog = msgspec.structs.replace(
        tiny.catalog(tiny.Spec("gpu", 2.0)),
        api_offers=(
            _api(id="a"),
            _api(
                id="b",
                vendor="B",
                price_per_million_input_tokens=0.2,
                price_per_million_output_tokens=0.2,
            ),
        ),
    )
    plan = _plan(
        catalog,
        constraints={"max_vendor_share": 0.6, "power_caps": [{"site": "v/r", "mw": 0.0001}]},
        options={"commitment_accounting": "in_horizon", "trust_api_latency": True},
    )
    assert plan.summary is not None and plan.status == "optimal"
    bought = {p.offer_id: round(p.tokens_per_second, 4) for p in plan.months[0].purchases}
    # A's spend is 60% of the month's: 0.1 x a = 0.6 x (0.1 x a + 0.2 x b), a + b = 1000.
    a = 1000 * 0.6 * 0.2 / (0.4 * 0.1 + 0.6 * 0.2)
    assert bought == {"a": round(a, 4), "b": round(1000 - a, 4)}


def test_the_build_or_buy_example_buys_then_builds() -> None:
    """examples/build-or-buy-deepseek-r1.json, as the README tells it: Lambda's API alone for
    the first eight months (10,000 to 200,000 tok/s), GB300 racks from September (300,000
    tok/s: a rack's month, 139,389.12, is less than the API's, 192,720.00; it waited for
    October while a January rack's renewal was priced on demand), three at 1,000,000 tok/s in
    December, nothing bought then, and `best_api` dearer over horizon and tail."""
    doc = json.loads(Path("examples/build-or-buy-deepseek-r1.json").read_text())
    request = msgspec.convert(doc, PlanRequest)
    assert request.forecast is not None
    plan = make_plan(default_catalog(), request, request.forecast)
    assert plan.status == "optimal"
    assert all(not m.allocations and m.purchases for m in plan.months[:8])
    racks = [sum(a.units for a in m.allocations) for m in plan.months[8:]]
    assert racks[0] >= 1.0 and racks[3] == 3.0
    assert not plan.months[8].purchases
    assert {a.offer_id for m in plan.months[8:] for a in m.allocations} == {"onprem-gb300"}
    assert not plan.months[11].purchases
    best_api = next(b for b in plan.baselines if b.strategy == "best_api")
    assert best_api.diff_total_cost is not None and best_api.diff_total_cost > 0
    # Tokens per MW count the fleet's tokens only: bought tokens draw none of its power.
    built = [
        m.tokens_per_second - sum(p.tokens_per_second for p in m.purchases) for m in plan.months
    ]
    assert plan.summary is not None
    assert plan.summary.tokens_per_second_per_mw == pytest.approx(
        sum(built) / 12 / plan.summary.average_mw
    )


@pytest.mark.parametrize("tokens_per_second", [1e3, 1e9, 1e12])
def test_hostile_sizes_buy_every_token_at_the_price(tokens_per_second: float) -> None:
    """An API at the largest price ($1,000,000 per million tokens) serving from 1,000 to
    10^12 tok/s (the largest demand accepted): every token bought, cost = demand x 2.628 x
    10^6 (finite; a coefficient of 1 / demand would fall under HiGHS's 1e-9 and vanish)."""
    api = _api(price_per_million_input_tokens=1e6, price_per_million_output_tokens=1e6)
    catalog = msgspec.structs.replace(tiny.catalog(), api_offers=(api,))
    plan = _plan(
        catalog,
        tps=tokens_per_second,
        options={"trust_api_latency": True, "commitment_accounting": "in_horizon"},
    )
    assert plan.status == "optimal" and plan.summary is not None
    assert plan.summary.total_cost == pytest.approx(tokens_per_second * MONTH * 1e6)
    assert plan.months[0].purchases[0].tokens_per_second == pytest.approx(tokens_per_second)


def test_a_binding_rate_limit_is_named_in_the_diagnosis() -> None:
    """An API-only catalog whose offer sells at most 30,000 tokens/min (500 tok/s) cannot serve
    1,000 tok/s: the plan is infeasible, 500 tok/s short, and the rate limit is named."""
    catalog = msgspec.structs.replace(
        tiny.catalog(tiny.Spec("gpu", 2.0)),
        offers=(),
        api_offers=(_api(max_tokens_per_minute=30_000),),
    )
    plan = _plan(
        catalog, options={"trust_api_latency": True, "commitment_accounting": "in_horizon"}
    )
    assert plan.status == "infeasible" and plan.diagnosis is not None
    assert plan.diagnosis.shortfalls[0].short_tokens_per_second == pytest.approx(500)
    assert plan.diagnosis.binding == ("rate limit of api (30,000 tokens/min) in 2027-01",)


def test_an_api_vendor_can_be_excluded() -> None:
    """`exclude_vendors` names an API provider as it names a GPU vendor (it was refused as
    unknown): trusted but excluded, the cheap API sells nothing and the GPU serves."""
    catalog = msgspec.structs.replace(tiny.catalog(tiny.Spec("gpu", 2.0)), api_offers=(_api(),))
    options = {"commitment_accounting": "in_horizon", "trust_api_latency": True}
    plan = _plan(catalog, options=options, constraints={"exclude_vendors": ["A"]})
    assert plan.summary is not None and not plan.months[0].purchases
    assert plan.months[0].allocations
