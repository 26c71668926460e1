"""The crossover's buy line stops at the API's rate limit (probe 8, finding 2: an API limited
to 6,000,000 tokens/min, 100,000 tok/s, was priced at 150,000 and 10,000,000 tok/s, and the
note said building beats buying from 477,360 tok/s, a demand the API cannot serve). No solve:
the lines only (`mix=False`)."""

from __future__ import annotations

import math

import msgspec
import pytest

from catalog import default_catalog
from catalog.api_offer import ApiOffer
from catalog.model import Catalog
from optimizer import Crossover, CrossoverRequest, Workload, crossover
from service.reports.crossover import crossover_chart, crossover_table
from service.reports.to_text import table_text

Y7 = {
    "kind": "api",
    "id": "y7-api",
    "vendor": "Y7",
    "model": "deepseek-r1-0528",
    "price_per_million_input_tokens": 0.1,
    "price_per_million_output_tokens": 0.2,
    "currency": "USD",
    "max_tokens_per_minute": 6_000_000,
    "interactivity": 200,
    "price_basis": "quote",
    "source": "q",
    "as_of": "2026-11-01",
}
LEVELS = (50_000.0, 100_000.0, 150_000.0, 477_360.0, 1e7)


def _catalog(**changes: object) -> Catalog:
    """The shipped catalog with the probe's Y7 API (blended 0.1111 per million at 8192/1024)."""
    catalog = default_catalog()
    api = msgspec.convert({**Y7, **changes}, ApiOffer)
    return msgspec.structs.replace(catalog, api_offers=(*catalog.api_offers, api))


def _crossover(catalog: Catalog, peak_to_average: float = 1.0) -> Crossover:
    workload = {
        "id": "r1",
        "model": "deepseek-r1-0528",
        "isl": 8192,
        "osl": 1024,
        "slo": {"min_interactivity": 150},
        "tokens_per_second": 1.0,
        "peak_to_average": peak_to_average,
    }
    spec = msgspec.convert(workload, Workload)
    return crossover(catalog, CrossoverRequest(workload=spec, levels=LEVELS, mix=False))


def test_the_buy_line_ends_at_the_rate_limit() -> None:
    """6,000,000 tokens/min is 100,000 tok/s: the API costs 14,600.00 at 50,000 and 29,200.00
    at 100,000 tok/s (x 2.628 x 0.1111), and nothing beyond (it cannot sell them); the GPU
    line is unchanged (one GB300 rack, 139,389.12, up to 482,184 tok/s)."""
    x = _crossover(_catalog())
    assert x.best_api_offer_id == "y7-api"
    assert x.best_api_max_tokens_per_second == pytest.approx(100_000)
    assert [None if p.best_api is None else round(p.best_api, 2) for p in x.points] == [
        14_600.0,
        29_200.0,
        None,
        None,
        None,
    ]
    assert [round(p.best_gpu or 0, 2) for p in x.points[:4]] == [139_389.12] * 4


def test_no_break_even_beyond_the_rate_limit() -> None:
    """Unlimited, the API would break even with one GB300 rack at 477,360 tok/s; limited to
    100,000 tok/s it is cheaper wherever it can sell, and the note says where that ends."""
    assert _crossover(_catalog(max_tokens_per_minute=None)).break_even_tokens_per_second == (
        pytest.approx(477_360)
    )
    x = _crossover(_catalog())
    assert x.break_even_tokens_per_second is None
    assert x.note == (
        "y7-api costs less per month than onprem-gb300 up to its rate limit, 100,000 tok/s; "
        "beyond it buying alone cannot serve the demand"
    )


def test_the_rate_limit_counts_the_peak() -> None:
    """At peak-to-average 1.5 the API is bought for the peak: it sells at most 66,667 tok/s
    on average, and the note names that limit beside "never costs less"."""
    x = _crossover(_catalog(), peak_to_average=1.5)
    assert x.best_api_max_tokens_per_second == pytest.approx(100_000 / 1.5)
    assert [p.best_api is not None for p in x.points] == [True, False, False, False, False]
    assert "sells at most 66,667 tok/s (its rate limit)" in x.note


def test_a_limit_above_the_break_even_keeps_it() -> None:
    """Limited to 60,000,000 tokens/min (1,000,000 tok/s), the API still reaches 477,360
    tok/s: the break-even stands, and the note adds where buying stops."""
    x = _crossover(_catalog(max_tokens_per_minute=60_000_000))
    assert x.break_even_tokens_per_second == pytest.approx(477_360)
    assert x.note.endswith(
        "building beats buying from 477,360 tok/s; y7-api sells at most 1,000,000 tok/s "
        "(its rate limit): beyond it buying alone cannot serve the demand"
    )
    assert x.points[-1].best_api is None and x.points[-2].best_api is not None


def test_the_table_and_chart_stop_the_buy_line() -> None:
    """The table (the CLI's and the rankings page's) names the limit and shows `-` beyond it;
    the chart's buy line has a gap there instead of a price."""
    x = _crossover(_catalog())
    text = table_text(crossover_table(x))
    assert "buy: y7-api (to 100,000 tok/s) / month" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("150,000 "))
    assert row.split()[1] == "-"
    [buy] = [s for s in crossover_chart(x).series if s.label.startswith("buy")]
    assert buy.values[:2] == pytest.approx((14_600.0, 29_200.0))
    assert all(math.isnan(v) for v in buy.values[2:])
