"""Probe 12 finding 7: `tokenplan crossover` says how far to trust the offers its conclusion
rests on, as rankings and quotes do (one source: optimizer.price_trust.price_checks): the
shipped R1 crossover rests on onprem-gb300's derived throughput at an estimate price dated
2026-04-03, and on lambda's estimate API price. The lines only (no mix): no solve."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from catalog import default_catalog
from optimizer import CrossoverRequest, crossover
from service.cli import main
from tests.bodies import FORECAST

R1 = {
    # The seed forecast's workload (R1 8192/1024 at 150 tok/s/user), its demand the levels'.
    "workload": {**FORECAST["workloads"][0], "tokens_per_second": 1.0, "peak_to_average": 1.0},
    "trust_api_latency": True,
    "mix": False,
}
TODAY = dt.date(2026, 11, 30)


def test_the_crossover_warns_of_the_offers_it_rests_on() -> None:
    """Estimate prices (onprem-gb300 and the lambda API), onprem-gb300's price 241 days old
    on 2026-11-30, and its derived 6,697 tok/s/GPU; no age check without a date."""
    request = msgspec.convert(R1, CrossoverRequest)
    x = crossover(default_catalog(), request, TODAY)
    assert (x.best_gpu_offer_id, x.best_api_offer_id) == ("onprem-gb300", "lambda-deepseek-r1-0528")
    assert x.warnings[0] == (
        "prices that are estimates or illustrative, not quotes: onprem-gb300 (estimate), "
        "lambda-deepseek-r1-0528 (estimate)"
    )
    assert x.warnings[1] == (
        "prices more than 180 days older than today (2026-11-30, UTC): verify before signing: "
        "onprem-gb300 (as of 2026-04-03)"
    )
    assert x.warnings[2].startswith(
        "onprem-gb300 serves the workload on derived throughput (6,697 tok/s/GPU"
    )
    assert len(x.warnings) == 3
    undated = crossover(default_catalog(), request).warnings
    assert undated == (x.warnings[0], x.warnings[2])


def test_the_command_prints_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """The command line prints each warning after its conclusion, as `tokenplan rank` does."""
    argv = ["crossover", "--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]
    code = main([*argv, "--interactivity", "150", "--trust-api-latency", "--no-mix"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    conclusion = next(n for n, line in enumerate(out) if "building beats buying" in line)
    warned = [line for line in out[conclusion:] if line.startswith("warning: ")]
    assert len(warned) == 3 and "derived throughput" in warned[2]
