"""`tokenplan plan` solving in the terminal: the progress line on a terminal's stderr while
HiGHS searches, wiped before the answer, and stdout the same as without it."""

from __future__ import annotations

import io

import pytest

from service.cli import main
from tests.paths import EXAMPLES
from tests.shipped import shipped_catalog

pytestmark = pytest.mark.usefixtures(shipped_catalog.__name__)


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_plan_solved_in_a_terminal_shows_its_progress(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The capex-budget example in a terminal: stderr shows the search with an incumbent,
    bound, gap and the 30 s limit, ends with the line wiped; --quiet draws nothing, and stdout
    (the plan) does not change (but for the seconds it took). (The seed's plan, its racks from
    January since renewals, is proven in presolve: no search to show.)"""
    seed = str(EXAMPLES / "capex-budget-deepseek-r1.json")
    # Every callback drawn: the line must show the search however fast HiGHS finds it (drawn
    # at most every 0.1 s, a solve that proves its optimum within 0.1 s showed only presolve).
    monkeypatch.setattr("service.cli_progress.REDRAW_S", 0.0)
    shown = Terminal()
    monkeypatch.setattr("sys.stderr", shown)
    assert main(["plan", seed]) == 0
    drawn = capsys.readouterr().out
    progress = shown.getvalue()
    assert "\rsearch   incumbent $" in progress and " s of 30 s" in progress
    assert progress.endswith("\r\x1b[K")
    quiet = Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    assert main(["plan", seed, "--quiet"]) == 0
    assert "\r" not in quiet.getvalue() and "catalog: the shipped default" in quiet.getvalue()
    again = capsys.readouterr().out
    # The first line carries the solve's seconds, which differ run to run.
    assert again.splitlines()[1:] == drawn.splitlines()[1:] and "optimal" in drawn
