"""The `best_api` baseline buys from every eligible API offer, the next cheapest where the
cheapest's rate limit is reached (probe9 finding 2: it bought only from the cheapest and was
called infeasible at its rate limit, though a second API had none)."""

from __future__ import annotations

import msgspec

from optimizer import Options, PlanRequest, make_plan
from tests.tiny import Spec, api_offer, catalog, forecast

MONTH = 2.628  # million tokens a month per token/s


def test_best_api_buys_past_the_cheapest_apis_rate_limit() -> None:
    """30,000 tokens/s for a month: 10,000 (the 600,000 tokens a minute limit) from the $0.25/M
    API and 20,000 from the $1/M one, 59,130.00; the plan (the cheap API and 20 GPUs at $2
    an hour, 35,770.00) is 23,360.00 cheaper."""
    cheap = msgspec.structs.replace(api_offer(0.25, "Cheap"), max_tokens_per_minute=600_000)
    offers = msgspec.structs.replace(
        catalog(Spec("gpu", 2.0)), api_offers=(cheap, api_offer(1.0, "Dear"))
    )
    request = PlanRequest(
        forecast=forecast(30_000.0), options=Options(commitment_accounting="in_horizon")
    )
    assert request.forecast is not None
    plan = make_plan(offers, request, request.forecast)
    assert plan.status == "optimal"
    assert round(plan.summary.total_cost, 2) == round(10_000 * MONTH * 0.25 + 20 * 2 * 730, 2)
    best = next(b for b in plan.baselines if b.strategy == "best_api")
    assert best.status == "optimal"
    assert best.offers == {"w": "api-cheap, api-dear"}
    assert best.total_cost is not None and best.diff_total_cost is not None
    assert round(best.total_cost, 2) == round(10_000 * MONTH * 0.25 + 20_000 * MONTH, 2)
    assert (round(best.total_cost, 2), round(best.diff_total_cost, 2)) == (59_130.0, 23_360.0)


def test_gpu_baselines_say_no_gpu_offer_is_eligible() -> None:
    """Only APIs in the catalog: each GPU strategy says no GPU offer is eligible for the
    workload (it was solved with no offer and called infeasible, 0.0% of the tokens served);
    `best_api` is the plan, 6,570.00."""
    offers = msgspec.structs.replace(catalog(), api_offers=(api_offer(0.25),))
    request = PlanRequest(
        forecast=forecast(10_000.0), options=Options(commitment_accounting="in_horizon")
    )
    assert request.forecast is not None
    plan = make_plan(offers, request, request.forecast)
    assert plan.status == "optimal"
    said = {b.strategy: (b.status, b.reason, b.total_cost) for b in plan.baselines}
    why = "no GPU offer is eligible for workload w"
    assert said.pop("best_api")[:2] == ("optimal", None)
    assert said == {s: ("failed", why, None) for s in said}
    assert len(said) == 3
    assert round(plan.summary.total_cost, 2) == round(10_000 * MONTH * 0.25, 2) == 6_570.0
