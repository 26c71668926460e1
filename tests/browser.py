"""Headless Chromium for the browser tests (Debian's `chromium`, installed by `.ci/run`):
screenshots and printed page counts of the pages the service serves. `python -m
tests.browser docs/` writes the screenshots the README links."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from catalog import default_catalog
from optimizer import SLO, QuoteWorkload, RankingRequest, rank
from service.reports import ranking_html
from tests.golden import golden_report

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


def chromium() -> str | None:
    """The Chromium executable, or None when the machine has none."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(html: str, *args: str) -> None:
    binary = chromium()
    if binary is None:
        raise RuntimeError("no chromium on this machine (.ci/run installs Debian's chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={tmp}/profile", *args, page.as_uri()],
            check=True,
            capture_output=True,
            timeout=120,
        )


def screenshot(html: str, target: Path, width: int = 1280, height: int = 1800) -> None:
    """A PNG of the page's first `height` pixels at `width`."""
    _run(html, f"--screenshot={target}", f"--window-size={width},{height}", "--hide-scrollbars")


def printed_pages(html: str) -> int:
    """How many pages Chromium prints the page on (its print CSS, A4)."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "page.pdf"
        _run(html, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def summary_only(html: str) -> str:
    """The report page cut after its executive summary (the section before `id=details`)."""
    return html[: html.index("<h2 id=details>")] + "</body></html>"


def report_page(name: str = "portfolio-three-models") -> str:
    content = golden_report(name, "html")
    assert isinstance(content, str)
    return content


def rankings_page() -> str:
    workload = QuoteWorkload(
        model="deepseek-r1-0528", isl=8192, osl=1024, slo=SLO(min_interactivity=150)
    )
    return ranking_html(rank(default_catalog(), RankingRequest(workload=workload)))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    screenshot(report_page(), out / "report.png")
    screenshot(rankings_page(), out / "rankings.png", height=1400)
    print(f"wrote {out / 'report.png'} and {out / 'rankings.png'}")
