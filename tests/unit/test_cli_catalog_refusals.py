"""`tokenplan crossover` and `tokenplan rank` name the flag when the catalog cannot answer the
workload they were given (probe 4, finding 10(g): they named `forecast.workloads[0]...` and
`workload.model`). None of these reaches a solver."""

from __future__ import annotations

import pytest

from service.cli import main
from tests.shipped import shipped_catalog

WORKLOAD = ["--isl", "8192", "--osl", "1024"]
pytestmark = pytest.mark.usefixtures(shipped_catalog.__name__)
CROSSOVER = ["crossover", *WORKLOAD, "--no-mix"]
RANK = ["rank", *WORKLOAD]


def _line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run `argv`: exit 1 and one error line on stderr (the catalog line aside), returned."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    [line] = [x for x in captured.err.splitlines() if not x.startswith("catalog: ")]
    assert captured.out == ""
    return line


def test_crossover_beyond_every_offers_reach_names_interactivity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--interactivity 5000 for DeepSeek R1: the error is on --interactivity, with the best
    interactivity any offer reaches."""
    argv = [*CROSSOVER, "--model", "deepseek-r1-0528", "--interactivity", "5000"]
    assert _line(argv, capsys) == (
        "error: --interactivity: no offer reaches 5000 tok/s/user for deepseek-r1-0528 "
        "8192/1024; the best any offer reaches is 312.4"
    )


def test_crossover_of_an_unknown_model_names_model(capsys: pytest.CaptureFixture[str]) -> None:
    """--model nope: the error is on --model, with the catalog's models."""
    argv = [*CROSSOVER, "--model", "nope", "--interactivity", "50"]
    assert _line(argv, capsys) == (
        "error: --model: no profile or API offer serves 'nope'; the catalog's models: "
        "deepseek-r1-0528, gpt-oss-120b, llama-3.3-70b"
    )


def test_rank_of_an_unknown_model_names_model(capsys: pytest.CaptureFixture[str]) -> None:
    """`tokenplan rank --model nope`: on --model too (it said `workload.model`)."""
    argv = [*RANK, "--model", "nope", "--interactivity", "50"]
    assert _line(argv, capsys) == (
        "error: --model: no profile or API offer serves 'nope'; the catalog's models: "
        "deepseek-r1-0528, gpt-oss-120b, llama-3.3-70b"
    )
