"""Probe 11 finding 6: quotes and rankings carry each price's trust label as plans do (its
basis, date and source; the plan's warning for an estimate or illustrative price), and a TTFT
target that no operating point measures is said to be unchecked, not silently met (the
shipped catalog, no solve)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from catalog import default_catalog
from optimizer import ApiQuote, Quote, RankingRequest, rank
from optimizer.price_trust import UNSURE_BASES
from optimizer.quotes import QuoteRequest, quote
from service.reports import ranking_table
from service.reports.cells import shown

R1: dict[str, Any] = {"model": "deepseek-r1-0528", "isl": 8192, "osl": 1024}
SLO = {"min_interactivity": 150}
NO_TTFT = {"min_interactivity": 150, "max_ttft_ms": 0.001}


def _quote(slo: dict[str, float]) -> Quote:
    body = {"offer": "coreweave-gb200-reserved", "workload": {**R1, "slo": slo}}
    answer = quote(default_catalog(), msgspec.convert(body, QuoteRequest))
    assert isinstance(answer, Quote)
    return answer


def test_a_quote_carries_its_price_basis_date_and_source() -> None:
    """coreweave-gb200-reserved: illustrative, as of 2026-09-20, with its source, and the
    plan's warning for an illustrative price; no TTFT target, nothing said of TTFT."""
    q = _quote(SLO)
    assert (q.price_basis, q.as_of) == ("illustrative", dt.date(2026, 9, 20))
    assert q.source is not None and q.source.startswith("coreweave.com/pricing")
    assert q.warnings == (
        "the price of coreweave-gb200-reserved is illustrative, not a quote or a list price",
    )
    assert q.ttft_checked is None


def test_a_ttft_target_no_point_measures_is_unchecked_in_a_quote() -> None:
    """max_ttft_ms 0.001, which no shipped point measures: the quote says unchecked."""
    q = _quote(NO_TTFT)
    assert q.ttft_checked is False
    assert q.warnings[-1] == (
        "coreweave-gb200-reserved has no measured TTFT at this SLO: the TTFT target "
        "(0.001 ms) is unchecked"
    )


def test_a_ranking_dates_its_lines_and_warns_of_an_unchecked_ttft() -> None:
    """Each line has its date (nebius-h200-od: 2025-10-01), shown in the table's price basis
    column; at a TTFT of 0.001 ms every eligible line is unchecked, and the ranking says so."""
    request = msgspec.convert({"workload": {**R1, "slo": NO_TTFT}}, RankingRequest)
    ranking = rank(default_catalog(), request)
    nebius = next(o for o in ranking.offers if o.offer_id == "nebius-h200-od")
    assert nebius.as_of == dt.date(2025, 10, 1) and nebius.source
    eligible = [o for o in ranking.offers if o.eligible]
    assert eligible and all(o.ttft_checked is False for o in eligible)
    said = ranking.warnings[-1]
    assert said.startswith(
        f"the TTFT target (0.001 ms) is unchecked for {len(eligible)} of {len(eligible)} "
        "eligible offers"
    )
    t = ranking_table(ranking)
    first = eligible[0]
    basis = shown(t.rows[0][t.labels.index("price basis")])
    assert basis.startswith(f"{first.price_basis}, as of {first.as_of}")
    unset = rank(
        default_catalog(), msgspec.convert({"workload": {**R1, "slo": SLO}}, RankingRequest)
    )
    assert not any("TTFT" in w for w in unset.warnings)
    assert all(o.ttft_checked is None for o in unset.offers)


def test_an_api_quote_carries_its_date_and_source() -> None:
    """lambda-deepseek-r1-0528 (an API offer): its quote has the catalog's date and source
    beside the price basis it already had."""
    body = {"offer": "lambda-deepseek-r1-0528", "workload": {**R1, "slo": SLO}}
    answer = quote(default_catalog(), msgspec.convert(body, QuoteRequest))
    offer = default_catalog().api_offer("lambda-deepseek-r1-0528")
    assert isinstance(answer, ApiQuote) and offer is not None
    assert (answer.as_of, answer.source) == (offer.as_of, offer.source)
    assert (answer.price_basis in UNSURE_BASES) == bool(answer.warnings)
