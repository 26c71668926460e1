"""The crossover by hand: a $2/GPU-h GPU serving 1,000 tok/s against an API at $1 per million
tokens ($2.628 per tok/s-month): building beats buying from 1,460 / 2.628 = 555.56 tok/s."""

from __future__ import annotations

import msgspec
import pytest

from catalog.api_offer import ApiOffer
from optimizer.crossover import CrossoverRequest, buyable_crossover, crossover
from service.cli import main
from tests import tiny
from tests.shipped import use_shipped_catalog

MONTH = 2.628


def _catalog(api_price: float = 1.0) -> tiny.Catalog:
    api = msgspec.convert(
        {
            "id": "api",
            "vendor": "A",
            "model": "m",
            "price_per_million_input_tokens": api_price,
            "price_per_million_output_tokens": api_price,
            "price_basis": "quote",
            "source": "test",
            "as_of": "2026-12-01",
        },
        ApiOffer,
    )
    return msgspec.structs.replace(tiny.catalog(tiny.Spec("gpu", 2.0)), api_offers=(api,))


def _request(levels: tuple[float, ...]) -> CrossoverRequest:
    workload = tiny.forecast(1.0).workloads[0]
    return CrossoverRequest(workload=workload, levels=levels, trust_api_latency=True)


def test_the_crossover_table_by_hand() -> None:
    """At 100, 500, 600, 1,000 and 1,500 tok/s: the API costs 262.80, 1,314.00, 1,576.80,
    2,628.00 and 3,942.00; one GPU 1,460 up to 1,000 tok/s, two at 1,500 (2,920); the mix
    buys below 555.56, builds from there, and at 1,500 runs one GPU and buys 500 tok/s
    (1,460 + 1,314 = 2,774)."""
    x = crossover(_catalog(), _request((100, 500, 600, 1000, 1500)))
    assert x.break_even_tokens_per_second == pytest.approx(1460 / MONTH)
    assert [round(p.best_api or 0, 2) for p in x.points] == [262.8, 1314.0, 1576.8, 2628.0, 3942.0]
    assert [p.best_gpu for p in x.points] == [1460.0, 1460.0, 1460.0, 1460.0, 2920.0]
    assert [p.gpu_units for p in x.points] == [1, 1, 1, 1, 2]
    assert [round(p.mix or 0, 2) for p in x.points] == [262.8, 1314.0, 1460.0, 1460.0, 2774.0]
    assert [round(p.mix_api_share or 0, 4) for p in x.points] == [1.0, 1.0, 0.0, 0.0, 0.3333]
    assert x.mix_builds_from == 600
    assert "building beats buying from 556 tok/s" in x.note


def test_no_crossover_when_a_block_costs_more_than_the_tokens_it_serves() -> None:
    """An API at $0.10 per million: one GPU (1,460 a month) would need 5,556 tok/s to pay off
    but serves 1,000: building never beats buying, and the mix buys at every level."""
    x = crossover(_catalog(0.1), _request((100, 1000, 10_000)))
    assert x.break_even_tokens_per_second is None
    assert "never costs less" in x.note
    assert [p.mix_api_share for p in x.points] == pytest.approx([1.0, 1.0, 1.0])
    assert x.mix_builds_from is None


def test_cli_crossover_prints_the_seed_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tokenplan crossover` on the seed's R1 workload (measured, API latency trusted): Lambda's
    API at $0.2444/M is $6,424.00 a month at 10,000 tok/s; one GB300 rack $139,389.12 (72 x
    $2.652 x 730) serves 334,944 tok/s (one 48-GPU replica x 6,978): building beats buying from
    139,389.12 / (2.628 x 0.2444) = 216,982 tok/s."""
    use_shipped_catalog(monkeypatch)
    code = main(
        [
            "crossover",
            "--model",
            "deepseek-r1-0528",
            "--isl",
            "8192",
            "--osl",
            "1024",
            "--interactivity",
            "150",
            "--bases",
            "measured",
            "--trust-api-latency",
            "--levels",
            "10000",
            "1000000",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "buy: lambda-deepseek-r1-0528" in out and "build: onprem-gb300" in out
    ten_k = next(line for line in out.splitlines() if line.strip().startswith("10,000 "))
    assert "6,424.00 USD" in ten_k and "139,389.12 USD" in ten_k
    assert "building beats buying from 216,982 tok/s" in out
    assert (
        "the plan's mix buys alone at 10,000 tok/s and builds at 1,000,000 tok/s (the levels "
        "between were not solved)"
    ) in out


def test_nothing_to_cross_without_an_eligible_api() -> None:
    """An API that states no speed, untrusted: no crossover (and no solve for the mix); the
    same request trusting API latency has one."""
    request = msgspec.structs.replace(_request((100, 1000)), trust_api_latency=False)
    assert buyable_crossover(_catalog(), request) is None
    trusted = buyable_crossover(_catalog(), _request((100, 1000)))
    assert trusted is not None and trusted.break_even_tokens_per_second == pytest.approx(
        1460 / MONTH
    )


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--levels", "inf"),
        ("--levels", "nan"),
        ("--levels", "1e308"),
        ("--levels", "-5"),
        ("--isl", "0"),
        ("--peak-to-average", "0"),
        ("--peak-to-average", "nan"),
    ],
)
def test_cli_crossover_refuses_what_the_request_refuses(
    capsys: pytest.CaptureFixture[str], flag: str, value: str
) -> None:
    """Non-finite, negative and out-of-range arguments end in an error line naming what was
    wrong, never a traceback or a table of negative costs."""
    argv = ["crossover", "--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]
    argv += ["--interactivity", "150", "--no-mix", flag, value]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse refuses a non-finite number itself
        code = int(exit_.code or 0)
    assert code != 0
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err
