"""A store named by `--db` must exist: `tokenplan rank`, `plan` and `crossover` refuse a
missing one in a line naming it (probe 11 finding 11: `rank --db /nonexistent/x.db` ranked
the shipped catalog). None of these reaches a solver."""

from __future__ import annotations

import pytest

from service.cli import main
from tests.paths import EXAMPLES

WORKLOAD = ["--model", "deepseek-r1-0528", "--isl", "8192", "--osl", "1024"]


@pytest.mark.parametrize(
    "argv",
    [
        ["rank", *WORKLOAD, "--interactivity", "50"],
        ["crossover", *WORKLOAD, "--interactivity", "50", "--no-mix"],
        ["plan", str(EXAMPLES / "seed-deepseek-r1.json")],
    ],
    ids=["rank", "crossover", "plan"],
)
def test_a_missing_store_named_by_db_is_refused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1, nothing on stdout, one error line naming the path and --db; no catalog line."""
    assert main([*argv, "--db", "/nonexistent/x.db"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "error: there is no store at /nonexistent/x.db (--db)\n"
