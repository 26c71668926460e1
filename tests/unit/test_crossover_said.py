"""The build-or-buy section says the same on every page (review22: the Markdown gave the note
alone, not where the plan's mix builds nor that a level is one month's plan, and its mix at
100,000 tok/s read 51,859.20 a month, cheaper than both lines, with nothing saying that it may
use offers neither line uses)."""

from __future__ import annotations

from html import unescape

from catalog import default_catalog
from service.reports.formats import render_report
from tests.golden import golden_plan

BUILDS = "the plan's mix buys alone at 30,000 tok/s and builds at 100,000 tok/s"
LEVEL = "Each level is held for a month, commitments counted for that month"
ANY = "the plan's mix may buy from any eligible offer, not only the two lines' ones"


def test_markdown_and_html_say_where_the_mix_builds_and_what_it_may_use() -> None:
    """build-or-buy's reasoning: both pages carry the note, where the mix builds, and what a
    level and the mix are."""
    plan = golden_plan("build-or-buy-deepseek-r1")
    md = str(render_report(plan, default_catalog(), "md")[0])
    page = unescape(str(render_report(plan, default_catalog(), "html")[0]))
    for text in (md, page):
        section = text.split("Build or buy: reasoning")[1][:1200]
        assert BUILDS in section and LEVEL in section and ANY in section
