"""Charts as inline SVG, drawn with matplotlib (no network needed to view them).

Drawing takes 0.1-0.5 CPU s per chart and holds a process-wide lock: call these off the event
loop. A chart is a pure function of its data (stable ids, no date), so the last `KEPT` drawn
are kept by their data: a plan's HTML report fetched again, or printed to PDF after it is
viewed, draws nothing again.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, ParamSpec

import msgspec

from service.reports.chart_data import Chart, Series
from service.reports.numbers import rate

__all__ = [
    "MAX_SERIES",
    "bars_svg",
    "cost_curves_svg",
    "forget",
    "grouped",
    "lines_svg",
    "tornado_svg",
]

MAX_SERIES = 8
"""Series in one chart: more and colours repeat or cannot be told apart."""

_lock = threading.Lock()  # matplotlib's font cache and rcParams are not thread-safe

KEPT = 64
"""Charts kept by their data (an SVG is 20-100 KB)."""

_kept: OrderedDict[bytes, str] = OrderedDict()

P = ParamSpec("P")


def _kept_by_data(draw: Callable[P, str]) -> Callable[P, str]:
    """`draw`, holding the lock, run only for data not among the last `KEPT` drawn."""

    @wraps(draw)
    def kept(*args: P.args, **kwargs: P.kwargs) -> str:
        key = msgspec.json.encode((draw.__name__, args, kwargs))
        with _lock:
            svg = _kept.get(key)
            if svg is None:
                svg = _kept[key] = draw(*args, **kwargs)
                if len(_kept) > KEPT:
                    _kept.popitem(last=False)
            else:
                _kept.move_to_end(key)
            return svg

    return kept


def forget() -> None:
    """Drop the charts kept (for a measurement of drawing)."""
    with _lock:
        _kept.clear()


_PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
]


_STYLES = ["-", "--", "-.", ":"]


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    matplotlib.rcParams["svg.hashsalt"] = "tokenplan"  # stable ids: the same plan, same bytes
    matplotlib.rcParams["font.size"] = 9
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "tokenplan"})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


@_kept_by_data
def cost_curves_svg(
    curves: Sequence[tuple[str, str, Sequence[tuple[float, float]]]],
    *,
    slo: float,
    title: str,
) -> str:
    """Cost per million tokens against interactivity: one line per (label, tag, points), the
    tag written at the line's right end and before its label in the legend; log scale on cost,
    the SLO as a vertical line."""
    figure = _figure(9, 5.5)
    axes = figure.add_subplot()
    for n, (label, tag, points) in enumerate(curves):
        if not points:
            continue
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        # Colour and dash both change from one line to the next: neighbours in the
        # legend never look alike, in colour or in print.
        color = _PALETTE[n % len(_PALETTE)]
        axes.plot(
            xs,
            ys,
            label=f"{tag}  {label}",
            color=color,
            linewidth=1.4,
            linestyle=_STYLES[n % len(_STYLES)],
        )
        axes.annotate(
            tag,
            xy=(xs[-1], ys[-1]),
            xytext=(3, 0),
            textcoords="offset points",
            color=color,
            fontsize=8,
            va="center",
        )
    axes.axvline(slo, color="black", linestyle=":", linewidth=1.2)
    axes.annotate(
        f"SLO {slo:g} tok/s/user",
        xy=(slo, 1),
        xycoords=("data", "axes fraction"),
        xytext=(4, -12),
        textcoords="offset points",
    )
    axes.set_yscale("log")
    axes.set_xlabel("interactivity (output tokens/s per user)")
    axes.set_ylabel("cost per million tokens (log scale)")
    axes.set_title(title)
    axes.grid(True, which="both", alpha=0.25)
    if curves:
        axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return _svg(figure)


def grouped(chart: Chart, most: int = MAX_SERIES) -> Chart:
    """The chart with at most `most` series: the largest (by their sum) kept, the rest added
    up into one `other` series, so that every series keeps a colour of its own."""
    if len(chart.series) <= most:
        return chart
    ranked = sorted(chart.series, key=lambda s: -sum(s.values))
    kept, rest = ranked[: most - 1], ranked[most - 1 :]
    other = Series(
        f"{len(rest)} other offers",
        tuple(sum(v) for v in zip(*(s.values for s in rest), strict=True)),
    )
    order = {s.label: n for n, s in enumerate(chart.series)}
    return msgspec.structs.replace(
        chart, series=(*sorted(kept, key=lambda s: order[s.label]), other)
    )


@_kept_by_data
def bars_svg(chart: Chart) -> str:
    """Stacked bars: one bar per category, one colour per series; a single series has its
    values written on its bars (to 4 significant figures)."""
    figure = _figure(9, 4.2)
    axes = figure.add_subplot()
    if chart.log:
        axes.set_yscale("log")
    bottom = [0.0] * len(chart.categories)
    for n, series in enumerate(chart.series):
        bars = axes.bar(
            list(chart.categories),
            list(series.values),
            bottom=bottom,
            label=series.label,
            color=_PALETTE[n % len(_PALETTE)],
        )
        bottom = [b + v for b, v in zip(bottom, series.values, strict=True)]
    if len(chart.series) == 1:
        axes.bar_label(bars, labels=[rate(v) for v in chart.series[0].values], fontsize=8)
    _finish(axes, chart)
    axes.grid(True, axis="y", alpha=0.25)
    return _svg(figure)


@_kept_by_data
def lines_svg(chart: Chart) -> str:
    """Lines over the categories, from zero up (or on a log scale); dashed series (caps) drawn
    dashed."""
    figure = _figure(9, 3.8)
    axes = figure.add_subplot()
    for n, series in enumerate(chart.series):
        axes.plot(
            list(chart.categories),
            list(series.values),
            "--" if series.dashed else "-",
            label=series.label,
            color=_PALETTE[n % len(_PALETTE)],
            linewidth=1.6,
            marker="o",
            markersize=3,
        )
    _finish(axes, chart)
    _thin_labels(axes, chart.categories)
    axes.grid(True, alpha=0.25)
    if chart.log:
        axes.set_yscale("log")
    else:
        axes.set_ylim(bottom=0)
    return _svg(figure)


MAX_LABELS = 24
"""Category labels along a line chart's x axis, at most: five years of months overlap."""


def _thin_labels(axes: Any, categories: Sequence[str]) -> None:
    step = -(-len(categories) // MAX_LABELS)
    if step > 1:
        axes.set_xticks(range(0, len(categories), step), list(categories[::step]))


def _finish(axes: Any, chart: Chart) -> None:
    axes.set_title(chart.title)
    axes.set_ylabel(chart.ylabel)
    axes.tick_params(axis="x", labelrotation=45)
    if chart.series:
        axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


@_kept_by_data
def tornado_svg(
    bars: Sequence[tuple[str, float, float]], currency: str, low: float, high: float
) -> str:
    """A tornado chart: one horizontal bar per input, from its cost change at the step `low`
    to its change at `high`, the widest swing on top."""
    figure = _figure(9, 0.8 + 0.35 * max(1, len(bars)))
    axes = figure.add_subplot()
    labels = [b[0] for b in reversed(bars)]
    for n, (_label, down, up) in enumerate(reversed(bars)):
        axes.barh(n, down, color=_PALETTE[0], label=f"{low:+.0%}" if n == 0 else None)
        axes.barh(n, up, color=_PALETTE[1], label=f"{high:+.0%}" if n == 0 else None)
    axes.set_yticks(range(len(labels)), labels)
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_xlabel(f"change in cost ({currency})")
    axes.set_title("Cost change per input, largest swing first")
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.grid(True, axis="x", alpha=0.25)
    return _svg(figure)
