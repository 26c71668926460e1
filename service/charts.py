"""Charts as inline SVG, drawn with matplotlib (no network needed to view them)."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import Any

__all__ = ["cost_curves_svg", "line_chart_svg", "stacked_bars_svg"]

_lock = threading.Lock()  # matplotlib's font cache and rcParams are not thread-safe
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


def cost_curves_svg(
    curves: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    *,
    slo: float,
    title: str,
) -> str:
    """Cost per million tokens against interactivity, one labelled line per offer, log scale on
    cost, the SLO as a vertical line."""
    with _lock:
        figure = _figure(9, 5.5)
        axes = figure.add_subplot()
        for n, (label, points) in enumerate(curves):
            if not points:
                continue
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            axes.plot(
                xs,
                ys,
                label=label,
                color=_PALETTE[n % len(_PALETTE)],
                linewidth=1.4,
                linestyle="-" if n < len(_PALETTE) else "--",
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


def stacked_bars_svg(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    ylabel: str,
) -> str:
    """Stacked bars: one bar per category, one colour per series."""
    with _lock:
        figure = _figure(9, 4.2)
        axes = figure.add_subplot()
        bottom = [0.0] * len(categories)
        for n, (label, values) in enumerate(series):
            axes.bar(
                list(categories),
                list(values),
                bottom=bottom,
                label=label,
                color=_PALETTE[n % len(_PALETTE)],
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_title(title)
        axes.set_ylabel(ylabel)
        axes.tick_params(axis="x", labelrotation=45)
        axes.grid(True, axis="y", alpha=0.25)
        if series:
            axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        return _svg(figure)


def line_chart_svg(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    *,
    title: str,
    ylabel: str,
) -> str:
    """Lines over categories; each series is (label, values, style) with style "-" or "--"."""
    with _lock:
        figure = _figure(9, 3.8)
        axes = figure.add_subplot()
        for n, (label, values, style) in enumerate(series):
            axes.plot(
                list(categories),
                list(values),
                style,
                label=label,
                color=_PALETTE[n % len(_PALETTE)],
                linewidth=1.6,
                marker="o",
                markersize=3,
            )
        axes.set_title(title)
        axes.set_ylabel(ylabel)
        axes.tick_params(axis="x", labelrotation=45)
        axes.grid(True, alpha=0.25)
        axes.set_ylim(bottom=0)
        if series:
            axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        return _svg(figure)
