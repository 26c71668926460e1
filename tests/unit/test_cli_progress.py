"""The progress line of `tokenplan plan` in a terminal: what it shows, and that it stays off a
pipe and under --quiet."""

from __future__ import annotations

import io

from optimizer import Progress
from service.cli_progress import ProgressLine, render


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


SEARCH = Progress(
    phase="search", incumbent_cost=9301234.561, best_bound=9300100.0, gap=0.000122, seconds=3.21
)


def test_the_line_shows_phase_incumbent_bound_gap_and_seconds() -> None:
    """Money to the cent, the gap in percent, a bar of the time limit used, seconds of it."""
    assert render(SEARCH, 30, "USD") == (
        "search   incumbent $9,301,234.56  bound $9,300,100.00  gap 0.012%  "
        "[##..................]  3.2 s of 30 s"
    )


def test_no_incumbent_yet_shows_dashes() -> None:
    """Before HiGHS has a plan (infinite bounds from its callback) the numbers are dashes."""
    line = ProgressLine(Terminal(), 60)
    assert line(0.01, float("inf"), float("-inf")) is False  # never stops the solve
    assert "presolve incumbent -  bound -  gap -" in line.stream.getvalue()


def test_a_terminal_gets_the_line_redrawn_in_place_then_wiped() -> None:
    """On a terminal the line starts with a carriage return and is wiped when done."""
    stream = Terminal()
    line = ProgressLine(stream, 30)
    line.show(SEARCH)
    line.done()
    assert stream.getvalue() == "\r" + render(SEARCH, 30) + "\x1b[K" + "\r\x1b[K"


def test_a_pipe_or_quiet_gets_nothing() -> None:
    """Piped stderr, or --quiet on a terminal: not one character."""
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        line = ProgressLine(stream, 30, quiet=quiet)
        line.show(SEARCH)
        line(1.0, 2.0, 1.0)
        line.done()
        assert stream.getvalue() == ""


def test_money_is_in_the_requests_currency_and_never_dollars_by_default() -> None:
    """A EUR request's line names EUR after the figures; a request naming no currency (the
    catalog's decides) shows the figures without a unit, not in dollars (probe 9, finding 5)."""
    assert "incumbent 9,301,234.56 EUR  bound 9,300,100.00 EUR  gap" in render(SEARCH, 30, "EUR")
    assert "incumbent 9,301,234.56  bound 9,300,100.00  gap" in render(SEARCH, 30)


def test_the_least_power_step_shows_no_money() -> None:
    """In a power plan's least-power step the line names the step and shows dashes, not its
    kW-months as money (probe 10 finding 2); its cost step shows the cost again."""
    line = ProgressLine(Terminal(), 60)
    line.on_step("power")
    line(1.0, 40_630_313.0, 28_435.0)
    assert "power    incumbent -  bound -  gap 99.930%" in line.stream.getvalue()
    line.on_step("cost")
    line._drawn_at = -1e9  # redraw now
    line(2.0, 200.0, 150.0)
    assert "search   incumbent 200.00  bound 150.00  gap 25.000%" in line.stream.getvalue()
