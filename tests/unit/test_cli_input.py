"""Every `tokenplan` command refuses bad input in one line on stderr naming the argument, with
exit code 1, never a traceback nor a wrong answer with exit 0; the arguments are held to the
bounds of the API's bodies. None of these reaches a solver."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.cli import main
from tests.bodies import FORECAST
from tests.shipped import shipped_catalog

RANK = ["rank", "--model", "deepseek-r1-0528", "--osl", "1024"]
pytestmark = pytest.mark.usefixtures(shipped_catalog.__name__)
QUOTE = ["quote", "--throughput", "6000", "--kw", "2.1"]


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run `argv`, check it exits 1 with one line on stderr and nothing on stdout; the line."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if not line.startswith("catalog: ")]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ") and captured.out == ""
    return lines[0]


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, str]:
    """A truncated JSON file, a binary file and valid JSON that is no plan."""
    (tmp_path / "truncated.json").write_text('{"forecast": {"name"')
    (tmp_path / "binary.json").write_bytes(bytes(range(256)))
    (tmp_path / "list.json").write_text("[1, 2]")
    return {name: str(tmp_path / f"{name}.json") for name in ("truncated", "binary", "list")}


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ("0", "--price: Expected `float` > 0.0, got 0.0"),
        ("-1", "--price: Expected `float` > 0.0, got -1.0"),
        ("nan", "--price: Expected `float` > 0.0, got nan"),
        ("inf", "--price: Expected `float` <= 1000000.0, got inf"),
        ("1e308", "--price: Expected `float` <= 1000000.0, got 1e308"),
    ],
)
def test_quote_refuses_a_price_the_api_refuses(
    price: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A zero, negative, nan, infinite or absurd price: the quote body's bounds, named as
    `--price` (it printed $-277.8 per million, or a ZeroDivisionError)."""
    assert _refused([*QUOTE, "--price", price], capsys) == f"error: {expected}"


@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["--price", "0", "--throughput", "0", "--kw", "0"], "--price"),
        (["--price", "1", "--throughput", "0", "--kw", "1"], "--throughput"),
        (["--price", "1", "--throughput", "1", "--kw", "nan"], "--kw"),
    ],
)
def test_quote_names_the_zero_argument(
    argv: list[str], flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A zero price, throughput or a nan power is named by its flag (all zero was a
    ZeroDivisionError)."""
    assert _refused(["quote", *argv], capsys).startswith(f"error: {flag}: ")


def test_quote_names_every_bad_argument_not_only_the_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Three bad flags are three errors on the one line, each named by its flag (the inline
    offer sits in a union with an offer id: only the first was named)."""
    line = _refused(["quote", "--price", "-1", "--throughput", "0", "--kw", "inf"], capsys)
    assert line == (
        "error: --price: Expected `float` > 0.0, got -1.0; --kw: Expected `float` <= 1000.0, "
        "got inf; --throughput: Expected `float` > 0.0, got 0.0"
    )


def test_quote_refuses_half_a_custom_offer(capsys: pytest.CaptureFixture[str]) -> None:
    """`--throughput` and `--kw` without `--price` are a usage error (exit 2), not ignored."""
    assert main(QUOTE) == 2
    assert "give all three" in capsys.readouterr().err


def test_quote_of_a_custom_offer_still_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """A valid custom offer: $2.652 at 6,000 tok/s is $0.1228 per million tokens, exit 0."""
    assert main([*QUOTE, "--price", "2.652"]) == 0
    assert "$0.1228" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argument", "value", "flag"),
    [
        ("--isl", "-1", "--isl"),
        ("--isl", "0", "--isl"),
        ("--interactivity", "nan", "--interactivity"),
        ("--interactivity", "-5", "--interactivity"),
        ("--interactivity", "inf", "--interactivity"),
        ("--ttft", "nan", "--ttft"),
        ("--model", "No Such Model", "--model"),
    ],
)
def test_rank_refuses_arguments_the_api_refuses(
    argument: str, value: str, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A negative request length, a nan or negative interactivity, a nan TTFT, a model that is
    no slug: one line naming the flag (they ranked with exit 0)."""
    argv = [*RANK, "--isl", "8192", "--interactivity", "150", argument, value]
    assert _refused(argv, capsys).startswith(f"error: {flag}: ")


@pytest.mark.parametrize(
    ("tolerance", "expected"),
    [
        ("-1", "Expected `float` >= 0.001, got -1.0"),
        ("0", "Expected `float` >= 0.001, got 0.0"),
        ("nan", "Expected `float` >= 0.001, got nan"),
        ("5", "Expected `float` <= 0.2, got 5.0"),
    ],
)
def test_sensitivity_refuses_a_tolerance_out_of_bounds(
    tolerance: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tolerance the API refuses is refused before any plan is read (0 ran for ever, -1 and
    5 ended in a ValueError)."""
    argv = ["sensitivity", "/nonexistent/plan.json", "--tolerance", tolerance]
    assert _refused(argv, capsys) == f"error: --tolerance: {expected}"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        ("0", "Expected `float` >= 1.0, got 0.0"),
        ("-5", "Expected `float` >= 1.0, got -5.0"),
        ("inf", "Expected `float` <= 3600.0, got inf"),
        ("1e308", "Expected `float` <= 3600.0, got 1e308"),
    ],
)
def test_sensitivity_refuses_a_budget_out_of_bounds(
    seconds: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run's time budget (issue 14) the API refuses is refused before any plan is read,
    naming its flag."""
    argv = ["sensitivity", "/nonexistent/plan.json", "--max-seconds", seconds]
    assert _refused(argv, capsys) == f"error: --max-seconds: {expected}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("truncated", "is not valid JSON: Input data was truncated"),
        ("binary", "is not UTF-8 text"),
    ],
)
def test_plan_refuses_a_file_that_is_not_json(
    name: str, expected: str, bad_files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A truncated or binary plan file: one line naming FORECAST and the file."""
    line = _refused(["plan", bad_files[name]], capsys)
    assert line.startswith(f"error: FORECAST: {bad_files[name]} ") and expected in line


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/nonexistent", "No such file or directory"), ("/", "Is a directory")],
)
def test_plan_refuses_a_path_it_cannot_read(
    path: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file or a directory: `cannot read` with the system's reason."""
    assert _refused(["plan", path], capsys) == f"error: FORECAST: cannot read {path}: {expected}"


def test_plan_names_the_fields_of_a_bad_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A forecast with months 0, then one with a NUL in its name: each field as POST /plans
    names it."""
    path = tmp_path / "bad-request.json"
    forecast = {**FORECAST, "months": 0}
    path.write_text(json.dumps(forecast))
    assert "forecast.months: Expected `int` >= 1, got 0" in _refused(["plan", str(path)], capsys)
    path.write_text(json.dumps({**FORECAST, "name": "a\u0000b"}))
    line = _refused(["plan", str(path)], capsys)
    assert "forecast.name: contains the control character U+0000" in line


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("truncated", "is not valid JSON"),
        ("binary", "is not UTF-8 text"),
        ("list", "is not a plan as GET /plans/{id} gives it"),
    ],
)
def test_diff_refuses_a_file_that_is_no_plan(
    name: str, expected: str, bad_files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`diff` with a truncated, binary or non-plan JSON file: one line naming BEFORE."""
    line = _refused(["diff", bad_files[name], bad_files[name]], capsys)
    assert line.startswith(f"error: BEFORE: {bad_files[name]} ") and expected in line


def test_import_skypilot_refuses_a_missing_file_and_a_bad_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is not there, a date that is no date: one line each, no store created."""
    db = str(tmp_path / "t.db")
    argv = ["catalog", "import-skypilot", "--vendor", "AWS", "--db", db]
    assert _refused([*argv, "/nonexistent.csv"], capsys) == (
        "error: FILE: cannot read /nonexistent.csv: No such file or directory"
    )
    (tmp_path / "vms.csv").write_text("InstanceType\n")
    line = _refused([*argv, str(tmp_path / "vms.csv"), "--as-of", "2026-13-01"], capsys)
    assert line == "error: --as-of: expected a date, YYYY-MM-DD, got '2026-13-01'"
    assert not Path(db).exists()


def test_crossover_refusals_name_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    """`crossover` names the flag, not the request's JSON path (`$.levels[0]` before): a
    negative level by its place among `--levels`, an ISL of 0 as `--isl`."""
    common = ["crossover", "--model", "deepseek-r1-0528", "--osl", "1024"]
    common += ["--interactivity", "150", "--no-mix"]
    assert main([*common, "--isl", "8192", "--levels", "-5", "10"]) == 1
    assert capsys.readouterr().err == "error: --levels [0]: Expected `float` > 0.0, got -5.0\n"
    assert main([*common, "--isl", "0"]) == 1
    assert capsys.readouterr().err == "error: --isl: Expected `int` >= 1, got 0\n"
