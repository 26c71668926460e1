"""Review 11 finding D: quotes and rankings carry a plan's warnings for a stale price (more than
180 days older than the request's `start`, else today in UTC, the one used named) and for
throughput that is not a measurement, in the plan's words (shipped catalog, no solve)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from catalog import default_catalog
from optimizer import Quote, RankingRequest, rank
from optimizer.quotes import QuoteRequest, quote

TODAY = dt.date(2026, 11, 30)
R1_1K: dict[str, Any] = {"model": "deepseek-r1-0528", "isl": 1024, "osl": 1024}
R1_8K: dict[str, Any] = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024}
EVERY_BASIS = ["measured", "vendor_claim", "derived"]


def _quote(body: dict[str, Any], today: dt.date | None = TODAY) -> Quote:
    answer = quote(default_catalog(), msgspec.convert(body, QuoteRequest), today)
    assert isinstance(answer, Quote)
    return answer


def _nebius(**extra: Any) -> dict[str, Any]:
    """nebius-h200-od (as of 2025-10-01) for R1 1k:1k at 10 tok/s/user."""
    workload = {**R1_1K, "slo": {"min_interactivity": 10}}
    return {"offer": "nebius-h200-od", "workload": workload, **extra}


def test_a_quote_counts_its_price_age_to_today_and_says_so() -> None:
    """nebius-h200-od, 425 days old on 2026-11-30: the plan's stale warning, naming today."""
    assert _quote(_nebius()).warnings[1] == (
        "prices more than 180 days older than today (2026-11-30, UTC): verify before signing: "
        "nebius-h200-od (as of 2025-10-01)"
    )


def test_a_quote_counts_its_price_age_to_the_start_given() -> None:
    """With start 2026-03 (151 days after 2025-10-01) the price is not stale whatever today;
    with 2026-05 (212 days) it is, and the warning names the quote's start, not today."""
    assert not any("180 days" in w for w in _quote(_nebius(start="2026-03")).warnings)
    assert _quote(_nebius(start="2026-05"), None).warnings[1] == (
        "prices more than 180 days older than the quote's start (2026-05): verify before "
        "signing: nebius-h200-od (as of 2025-10-01)"
    )


def test_a_quote_on_claimed_or_derived_throughput_says_it_is_not_a_measurement() -> None:
    """coreweave-h200-od at a vendor_claim point and nscale-gb300-reserved at a derived one
    (R1 8k:1k at 150 tok/s/user) each warn as a plan serving on them does."""
    workload = {**R1_8K, "slo": {"min_interactivity": 150}, "bases": EVERY_BASIS}
    claimed = _quote({"offer": "coreweave-h200-od", "workload": workload})
    assert claimed.bases == ("vendor_claim",)
    assert claimed.warnings[-1].startswith(
        "coreweave-h200-od serves the workload on vendor_claim throughput (90 tok/s/GPU, "
    )
    assert claimed.warnings[-1].endswith("), not a measurement")
    derived = _quote({"offer": "nscale-gb300-reserved", "workload": workload})
    assert derived.bases == ("derived",)
    assert derived.warnings[-1].startswith(
        "nscale-gb300-reserved serves the workload on derived throughput (6,697 tok/s/GPU, "
    )


def test_a_measured_fresh_quote_has_neither_warning() -> None:
    """coreweave-gb200-reserved (as of 2026-09-20, measured points) on 2026-11-30: only its
    illustrative price is said."""
    body = {
        "offer": "coreweave-gb200-reserved",
        "workload": {**R1_8K, "slo": {"min_interactivity": 150}},
    }
    assert _quote(body).warnings == (
        "the price of coreweave-gb200-reserved is illustrative, not a quote or a list price",
    )


def test_an_api_quote_counts_its_price_age_to_the_start() -> None:
    """cerebras-gpt-oss-120b (as of 2026-07-24) at start 2027-03: the plan's API-price
    warning; counted to 2026-11-30 (129 days) nothing is said."""
    workload = {"model": "gpt-oss-120b", "isl": 1000, "osl": 1000, "slo": {"min_interactivity": 10}}
    body = {"offer": "cerebras-gpt-oss-120b", "workload": workload}
    late = quote(default_catalog(), msgspec.convert({**body, "start": "2027-03"}, QuoteRequest))
    assert late.warnings == (
        "API prices more than 180 days older than the quote's start (2027-03): verify before "
        "buying: cerebras-gpt-oss-120b (as of 2026-07-24)",
    )
    assert quote(default_catalog(), msgspec.convert(body, QuoteRequest), TODAY).warnings == ()


def test_a_ranking_warns_of_stale_prices_and_unmeasured_throughput() -> None:
    """R1 8k:1k at 150 on every basis, start 2026-05: nebius-h200-od alone is stale; 7 of the
    19 eligible offers are ranked on vendor_claim or derived throughput, named with theirs."""
    workload = {**R1_8K, "slo": {"min_interactivity": 150}, "bases": EVERY_BASIS}
    request = msgspec.convert({"workload": workload, "start": "2026-05"}, RankingRequest)
    ranking = rank(default_catalog(), request, TODAY)
    assert ranking.warnings[1] == (
        "prices more than 180 days older than the ranking's start (2026-05): verify before "
        "signing: nebius-h200-od (as of 2025-10-01)"
    )
    assert ranking.warnings[2].startswith(
        "7 of 19 eligible offers are ranked on throughput that is not a measurement: "
        "aws-p5en-h200 (vendor_claim), coreweave-h200-od (vendor_claim), "
    )
    assert "nscale-gb300-reserved (derived)" in ranking.warnings[2]
