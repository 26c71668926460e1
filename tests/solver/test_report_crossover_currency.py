"""A plan's report crosses in the plan's currency (probe 8, finding 8 next door: with an EUR
offer in the catalog the report's crossover was built without a currency, refused, and left
out of the report without a word)."""

from __future__ import annotations

import msgspec

from catalog import default_catalog
from catalog.api_offer import ApiOffer
from service.reports.build_or_buy import plan_crossovers
from tests.bodies import EUR_API
from tests.golden import golden_plan


def test_the_reports_crossover_is_in_the_plans_currency() -> None:
    """The build-or-buy golden plan (USD) against the shipped catalog plus an EUR API: its
    report still crosses Lambda's API (USD) with the GB300 rack, in USD."""
    catalog = default_catalog()
    eur = msgspec.convert(EUR_API, ApiOffer)
    catalog = msgspec.structs.replace(catalog, api_offers=(*catalog.api_offers, eur))
    [x] = plan_crossovers(golden_plan("build-or-buy-deepseek-r1"), catalog)
    assert x.currency == "USD"
    assert x.best_api_offer_id == "lambda-deepseek-r1-0528"
    assert x.best_gpu_offer_id == "onprem-gb300"
