"""Charts are kept by their data: the same data is drawn once, and what is kept is what a
fresh drawing gives."""

from __future__ import annotations

from unittest import mock

from service.reports import charts
from service.reports.chart_data import Chart, Series


def _chart(values: tuple[float, ...]) -> Chart:
    return Chart(
        title="t",
        ylabel="y",
        categories=("2027-01", "2027-02"),
        series=(Series("a", values),),
    )


def test_the_same_chart_is_drawn_once_and_kept_as_drawn() -> None:
    """A second call with equal data draws nothing and returns the same SVG as a drawing
    after `forget`; other data, or another kind of chart, draws again."""
    charts.forget()
    with mock.patch.object(charts, "_svg", wraps=charts._svg) as drawn:
        first = charts.lines_svg(_chart((1.0, 2.0)))
        again = charts.lines_svg(_chart((1.0, 2.0)))
        assert drawn.call_count == 1 and again == first
        other = charts.lines_svg(_chart((1.0, 3.0)))
        bars = charts.bars_svg(_chart((1.0, 2.0)))
        assert drawn.call_count == 3 and other != first and bars != first
        charts.forget()
        assert charts.lines_svg(_chart((1.0, 2.0))) == first
        assert drawn.call_count == 4


def test_no_more_than_kept_charts_are_kept() -> None:
    """Past `KEPT` charts (two here) the oldest is dropped and drawn again when asked for."""
    charts.forget()
    with (
        mock.patch.object(charts, "KEPT", 2),
        mock.patch.object(charts, "_svg", wraps=charts._svg) as drawn,
    ):
        for n in range(3):
            charts.lines_svg(_chart((1.0, float(n))))
        charts.lines_svg(_chart((1.0, 2.0)))  # the newest: kept
        assert drawn.call_count == 3
        charts.lines_svg(_chart((1.0, 0.0)))  # the oldest: drawn again
        assert drawn.call_count == 4
    charts.forget()
