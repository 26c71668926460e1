"""`tokenplan` commands that solve, or read a solved plan, refuse bad input in one line naming
the argument (exit 1) while good input still answers: the seed forecast over its horizon only
(tests/bodies.py QUICK), solved once for the module."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from service.cli import main
from tests.bodies import QUICK
from tests.shipped import use_shipped_catalog


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """QUICK solved by `tokenplan plan --json` against the shipped catalog, saved as a file."""
    folder = tmp_path_factory.mktemp("cli")
    request = folder / "quick.json"
    request.write_text(json.dumps(QUICK))
    out = folder / "plan.json"
    buffer = io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(buffer),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        use_shipped_catalog(patch)
        code = main(["plan", str(request), "--json", "-q"])
    assert code == 0
    out.write_text(buffer.getvalue())
    return out


def test_plan_of_a_good_file_still_solves(plan_file: Path) -> None:
    """The request file solves to an optimal plan (the refusals below are not all refusals)."""
    assert json.loads(plan_file.read_text())["status"] == "optimal"


def test_report_to_a_missing_directory_is_one_line(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report PLAN --output /nonexistent/dir/r.md`: `cannot write` naming --output, exit 1
    (it was a FileNotFoundError traceback); to a real path it writes."""
    assert main(["report", str(plan_file), "--format", "md", "-o", "/nonexistent/d/r.md"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (
        "error: --output: cannot write /nonexistent/d/r.md: No such file or directory"
    )
    target = plan_file.parent / "r.md"
    assert main(["report", str(plan_file), "--format", "md", "-o", str(target)]) == 0
    assert target.read_text().startswith("#")


def test_diff_of_a_plan_and_a_broken_file_names_after(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`diff quick.json bad.json`: one line naming AFTER and the file (it was a traceback)."""
    bad = plan_file.parent / "bad.json"
    bad.write_text(plan_file.read_text()[:100])
    assert main(["diff", str(plan_file), str(bad)]) == 1
    err = capsys.readouterr().err
    assert err == f"error: AFTER: {bad} is not valid JSON: Input data was truncated\n"
