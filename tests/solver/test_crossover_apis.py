"""Probe 9, finding 2: the crossover's buy line buys from several APIs, the cheapest first,
each up to its rate limit, as a plan of those APIs does. It stopped at the cheapest API's
limit, and the note (the CLI's and the rankings page's) said that beyond it buying alone could
not serve the demand, though a second API without a limit could.

Tiny catalog: one GPU at $2/GPU-h serving 1,000 tok/s (1,460 a month); API `api-a` at $0.2 per
million limited to 18,000 tokens/min (300 tok/s), `api-b` at $1 per million."""

from __future__ import annotations

import msgspec
import pytest

from catalog.model import Catalog
from optimizer import Forecast, Options, PlanRequest, make_plan
from optimizer.crossover import CrossoverRequest, crossover
from service.reports.crossover import crossover_table
from service.reports.to_text import table_text
from tests import tiny

LEVELS = (100.0, 300.0, 500.0, 795.0, 796.0, 1500.0)


def _catalog(b_per_minute: float | None = None) -> Catalog:
    """The tiny GPU, `api-a` limited to 300 tok/s, and `api-b` (limited to `b_per_minute`
    tokens/min when given)."""
    cheap = msgspec.structs.replace(tiny.api_offer(0.2, "A"), max_tokens_per_minute=18_000)
    dear = msgspec.structs.replace(tiny.api_offer(1.0, "B"), max_tokens_per_minute=b_per_minute)
    return msgspec.structs.replace(tiny.catalog(tiny.Spec("gpu", 2.0)), api_offers=(cheap, dear))


def _request() -> CrossoverRequest:
    workload = tiny.forecast(1.0).workloads[0]
    return CrossoverRequest(workload=workload, levels=LEVELS, mix=False)


def _apis_only_cost(catalog: Catalog, level: float) -> float:
    """The cost of the one-month plan of `level` tok/s that may buy only from the two APIs,
    solved (the crossover's own accounting: in_horizon, one month)."""
    workload = msgspec.structs.replace(
        tiny.forecast(level).workloads[0], vendors=("A", "B"), tokens_per_second=level
    )
    forecast = Forecast(name="apis", start="2027-01", months=1, workloads=(workload,))
    options = Options(commitment_accounting="in_horizon")
    plan = make_plan(catalog, PlanRequest(forecast=forecast, options=options), forecast)
    assert plan.status == "optimal" and plan.summary is not None, plan.error
    return plan.summary.total_cost


def test_the_buy_line_is_what_a_plan_of_the_apis_costs() -> None:
    """At every level the buy line is the solved API-only plan's cost, to the cent: 52.56 at
    100 tok/s (api-a), 157.68 at 300 (api-a's limit), then api-b at 2.628 per tok/s-month:
    683.28 at 500 and 3,311.28 at 1,500 (where the line used to stop)."""
    catalog = _catalog()
    x = crossover(catalog, _request())
    buy = [round(p.best_api or 0.0, 2) for p in x.points]
    assert buy == [52.56, 157.68, 683.28, 1458.54, 1461.17, 3311.28]
    assert buy == [round(_apis_only_cost(catalog, level), 2) for level in LEVELS]
    assert x.buy_offer_ids == ("api-a", "api-b") and x.buy_max_tokens_per_second is None
    assert (x.best_api_offer_id, x.best_api_max_tokens_per_second) == ("api-a", pytest.approx(300))


def test_building_beats_buying_where_the_second_api_costs_more_than_a_block() -> None:
    """Building (1,460 a month) beats buying from 300 + (1,460 - 157.68) / 2.628 = 795.56
    tok/s, between the levels where the two lines swap (795 and 796); the note says so and
    names both APIs, with no word of buying being unable to serve the demand; the table
    (the CLI's, the rankings page's) names both on the buy line."""
    x = crossover(_catalog(), _request())
    assert x.break_even_tokens_per_second == pytest.approx(300 + (1460 - 157.68) / 2.628)
    assert [p.best_gpu for p in x.points] == [1460.0] * 5 + [2920.0]
    assert x.note == (
        "one block of gpu costs 1,460.00 a month and serves 1,000 tok/s; api-a sells tokens at "
        "0.2 per million (0.5256 per tok/s-month) up to 300 tok/s, then api-b sells tokens at 1 "
        "per million (2.628 per tok/s-month): building beats buying from 796 tok/s"
    )
    assert "buy: api-a, then api-b / month" in table_text(crossover_table(x))


def test_the_buy_line_stops_where_every_api_has_reached_its_limit() -> None:
    """With api-b limited to 12,000 tokens/min (200 tok/s) the APIs sell 500 tok/s together:
    the line stops beyond 500, no break-even is claimed (building would need 796), and the
    note says they cost less up to their limits together."""
    x = crossover(_catalog(b_per_minute=12_000), _request())
    assert [p.best_api is not None for p in x.points] == [True, True, True, False, False, False]
    assert x.buy_max_tokens_per_second == pytest.approx(500)
    assert x.break_even_tokens_per_second is None
    assert x.note == (
        "api-a and api-b cost less per month than gpu up to their rate limits together, 500 "
        "tok/s; beyond it buying alone cannot serve the demand"
    )
    assert "buy: api-a, then api-b (to 500 tok/s) / month" in table_text(crossover_table(x))
