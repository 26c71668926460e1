"""A re-solved step made into the figures a marginal shows (`optimizer.checked_marginals`): the
step up's saving (the dual where the two agree), the step down's where it differs, the
note's words for a limit at a breakpoint or one no plan can step (`Said`), and a step split
over months in the relaxation's proportions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from optimizer.assembly import clean
from optimizer.marginal_steps import Sides

__all__ = ["LIMIT_WORDS", "Figures", "Said", "figures_of", "split"]


@dataclass
class Said:
    """What the note adds: the limits at a breakpoint, and those that cannot be stepped."""

    kinks: list[str] = field(default_factory=list)
    stuck: list[str] = field(default_factory=list)


def _money(value: float) -> str:
    return f"{value:,.2f}"


@dataclass(frozen=True)
class Figures:
    """A step's two sides as shown."""

    up: float
    """The step up's figure: $ saved by a limit one step looser (or, for demand, $ one more
    unit costs)."""
    down: float | None
    """The step down's figure where it differs from `up` (a breakpoint)."""


def figures_of(
    dual: float,
    sides: Sides,
    demand: bool,
    name: str,
    words: tuple[str, str],
    said: Said,
) -> Figures:
    """The two sides of a step from the re-solved costs (`demand`: the step up adds cost);
    `dual` where a side was not solved or agrees with it."""
    sign = -1.0 if demand else 1.0
    tolerance = sides.tolerance()
    up = dual
    if sides.up is not None and math.isfinite(sides.up):
        moved = sign * (sides.base - sides.up)
        if abs(moved - dual) > tolerance:
            up = moved
    elif sides.up is not None:
        said.stuck.append(f"{name}: no plan meets one step up")
    down: float | None = None
    if sides.down is not None and math.isfinite(sides.down):
        moved = sign * (sides.down - sides.base)
        if abs(moved - up) > tolerance:
            down = moved
    elif sides.down is not None:
        said.stuck.append(f"{name}: no plan meets one step down")
    if down is not None:
        said.kinks.append(f"{name}: {words[0]} {_money(up)}, {words[1]} {_money(down)}")
    return Figures(clean(up), None if down is None else clean(down))


LIMIT_WORDS = ("one step up saves", "one step down costs")


def _split(total: float, parts: Sequence[float], whole: float) -> list[float]:
    """`whole` split in the proportions of `parts` (whose sum is `total`)."""
    return [clean(whole * p / total) for p in parts]


def split(total: float, parts: Sequence[float], figures: Figures) -> list[Figures]:
    """A step's `figures` split in the proportions of `parts` (whose sum is `total`): each
    part's up and (where the step down differs) down."""
    ups = _split(total, parts, figures.up)
    if figures.down is None:
        return [Figures(up, None) for up in ups]
    downs = _split(total, parts, figures.down)
    return [Figures(up, down) for up, down in zip(ups, downs, strict=True)]
