"""`tokenplan rank` prints the per-token API offers of the model beside the GPU offers' league
table, with `--trust-api-latency` deciding whether those that state no latency are ranked."""

from __future__ import annotations

import pytest

from service.cli import main
from tests.shipped import shipped_catalog

RANK = ["rank", "--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]
LOCAL = ["--interactivity", "50"]
pytestmark = pytest.mark.usefixtures(shipped_catalog.__name__)


def _api_lines(out: str) -> list[str]:
    """The rows of the API table (after its header and rule)."""
    block = out.split("per-token API offers of deepseek-r1-0528 (7):\n", 1)[1]
    return block.split("\n\n", 1)[0].splitlines()[2:]


def test_rank_lists_api_offers_unranked_without_stated_latency(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """None of the seed's R1 APIs states its interactivity: all seven are listed, none ranked,
    each saying why."""
    assert main([*RANK, *LOCAL]) == 0
    rows = _api_lines(capsys.readouterr().out)
    assert len(rows) == 7
    assert all(row.startswith("-  ") and "states no interactivity" in row for row in rows)


def test_rank_trusting_api_latency_ranks_them_among_gpu_offers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Trusted, Lambda's R1 API ($0.20/M in, $0.60/M out: $0.2444/M blended at 8k/1k) ranks
    first among the APIs and 12th among the GPU offers on the GPUs they buy (between $0.2431
    and $0.2791; on the GPUs their replicas use it would be 13th)."""
    assert main([*RANK, *LOCAL, "--trust-api-latency"]) == 0
    rows = _api_lines(capsys.readouterr().out)
    first = rows[0].split()
    assert first[:2] == ["1", "lambda-deepseek-r1-0528"]
    assert first[2:7] == ["Lambda", "0.2000", "0.6000", "0.2444", "12"]


def test_rank_in_another_currency_ranks_none_and_says_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--currency EUR` on the all-USD seed: no offer is ranked, each says it is priced in USD;
    a code that is not ISO 4217 upper case is one line naming the flag, exit 1."""
    assert main([*RANK, *LOCAL, "--currency", "EUR"]) == 0
    out = capsys.readouterr().out
    assert "no offer is eligible (the reasons follow)" in out
    assert "  onprem-gb300: priced in USD, not EUR" in out
    assert main([*RANK, *LOCAL, "--currency", "usd"]) == 1
    assert capsys.readouterr().err.startswith("error: --currency: ")


def test_rank_counts_the_prices_age_to_start_or_today(capsys: pytest.CaptureFixture[str]) -> None:
    """Review 11 finding D: --start 2026-05 names the ranking's start in the stale-price
    warning (nebius-h200-od, as of 2025-10-01, alone that old then); without it, today in UTC;
    a --start that is no month is refused naming --start."""
    assert main([*RANK, *LOCAL, "--start", "2026-05"]) == 0
    out = capsys.readouterr()
    said = out.out + out.err
    assert (
        "prices more than 180 days older than the ranking's start (2026-05): verify before "
        "signing: nebius-h200-od (as of 2025-10-01)"
    ) in said
    assert main([*RANK, *LOCAL]) == 0
    out = capsys.readouterr()
    assert "prices more than 180 days older than today (" in out.out + out.err
    assert main([*RANK, *LOCAL, "--start", "2026-13"]) != 0
    assert "--start" in capsys.readouterr().err
