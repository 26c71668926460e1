"""Issue 15, in a browser: the HTML report and the rankings page opened in headless Chromium
(Debian's `chromium`, installed by `.ci/run`; skipped on a machine without it unless
TOKENPLAN_REQUIRE_CHROMIUM=1): a screenshot of each, the executive summary printed on one A4
page, and no two series of a chart in one colour."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser import Browser, chromium, rankings_page, report_page, summary_only

pytestmark = pytest.mark.skipif(
    chromium() is None and os.environ.get("TOKENPLAN_REQUIRE_CHROMIUM") != "1",
    reason="no chromium on this machine (.ci/run installs it)",
)
PNG = b"\x89PNG\r\n\x1a\n"
# Axes, grid, text and backgrounds: not series.
FRAME = {"#000000", "#ffffff", "#b0b0b0", "#262626", "#cccccc", "#e5e5e5"}


def _series_colours(svg: str, attribute: str) -> list[str]:
    """The distinct colours a chart paints its series with (`fill` for bars, `stroke` for
    lines), its frame left out."""
    found = re.findall(rf"{attribute}: ?(#[0-9a-f]{{6}})", svg)
    return sorted(set(found) - FRAME)


def test_report_and_rankings_screenshots(browser: Browser, tmp_path: Path) -> None:
    """Chromium renders both pages to a non-trivial PNG."""
    for name, html in (("report", report_page()), ("rankings", rankings_page())):
        target = tmp_path / f"{name}.png"
        browser.screenshot(html, target)
        assert target.read_bytes().startswith(PNG) and target.stat().st_size > 20_000


@pytest.mark.parametrize(
    "name", ["portfolio-three-models", "growing-power-capped", "infeasible-power-cap"]
)
def test_the_summary_prints_on_one_page(browser: Browser, name: str) -> None:
    """Printed by Chromium (A4, the page's print CSS), the executive summary alone is one
    page, and the whole report more than one."""
    html = report_page(name)
    assert browser.printed_pages(summary_only(html)) == 1
    assert browser.printed_pages(html) > 1


def test_no_two_series_of_a_chart_share_a_colour() -> None:
    """The fleet chart has a fill colour per series and the power chart a stroke colour per
    line (the portfolio plan with a 6-month tail: 6 offers, 2 lines), the cash chart one for
    cash and one for the amortised cost; the rankings chart draws its 8 lines in 8 colours."""
    svgs = re.findall(r"<svg.*?</svg>", report_page("portfolio-tail6"), re.S)
    cost, fleet, power, cash = svgs
    assert len(_series_colours(fleet, "fill")) == 6
    assert len(_series_colours(power, "stroke")) == 2
    assert len(_series_colours(cash, "stroke")) == 2
    (ranking,) = re.findall(r"<svg.*?</svg>", rankings_page(), re.S)
    assert len(_series_colours(ranking, "stroke")) >= 8
    assert len(_series_colours(cost, "fill")) == 1
