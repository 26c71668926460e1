"""Request bodies the API tests share: a new offer, the seed forecast, and requests whose solves
outlast the test's first look."""

from __future__ import annotations

from typing import Any

import msgspec

from tests.paths import EXAMPLES

NEW_OFFER: dict[str, Any] = {
    "id": "acme-h100",
    "vendor": "Acme",
    "system_id": "hgx-h100",
    "region": "us",
    "kind": "on_demand",
    "price_per_gpu_hour": 2.5,
    "gpus_per_unit": 8,
    "price_basis": "quote",
    "source": "quote Q-17 from Acme",
    "as_of": "2026-11-01",
}

FORECAST: dict[str, Any] = {
    "name": "seed",
    "start": "2027-01",
    "months": 3,
    "workloads": [
        {
            "id": "reasoning",
            "model": "deepseek-r1-0528",
            "isl": 8192,
            "osl": 1024,
            "slo": {"min_interactivity": 150},
            "tokens_per_second": [800000, 900000, 1000000],
            "peak_to_average": 1.2,
        }
    ],
}

# For tests whose subject is not the solve (concurrency, webhooks, the client, cancel refusals):
# the seed forecast valued over its horizon only, so no tail is modelled; a solve takes about a
# tenth of the CPU of the default `demand_continues` (0.023 s against 0.26 s on this machine,
# loaded), and it is still optimal with a cost and a fleet.
QUICK: dict[str, Any] = {
    "forecast": FORECAST,
    "options": {"commitment_accounting": "in_horizon"},
}

# For the tests of a drain or of a worker killed mid-solve, whose solve must still be running
# when the test acts and must then finish: the three-model portfolio with a 6-month tail takes
# seconds to prove optimal (4.8 CPU s on an idle machine), far inside its 30 s limit, so a
# loaded machine slows it down without its wall-clock cap failing it. (As shipped, its 24-month
# tail valued in whole units since probe 16a F1, it is proven in 0.22 s.)
PORTFOLIO: dict[str, Any] = msgspec.json.decode(
    (EXAMPLES / "portfolio-three-models.json").read_bytes()
)
PORTFOLIO["options"] = {**PORTFOLIO.get("options", {}), "tail_months": 6}

# Slow on purpose, for the tests of the wall-clock cap and of progress: a vendor-share rule over
# the portfolio keeps HiGHS busy until its time limit (3 s; it has a feasible plan by 0.2 s).
SLOW: dict[str, Any] = {
    **PORTFOLIO,
    "constraints": {"max_vendor_share": 0.8},
    "options": {"time_limit_s": 3},
}

# A DeepSeek R1 API priced in EUR, with a stated speed (eligible at 150 tok/s/user): beside
# the shipped USD offers, a catalog of two currencies.
EUR_API: dict[str, Any] = {
    "kind": "api",
    "id": "y6-eur",
    "vendor": "Y6",
    "model": "deepseek-r1-0528",
    "price_per_million_input_tokens": 0.5,
    "price_per_million_output_tokens": 1.0,
    "currency": "EUR",
    "interactivity": 200,
    "price_basis": "quote",
    "source": "test quote",
    "as_of": "2026-11-01",
}
