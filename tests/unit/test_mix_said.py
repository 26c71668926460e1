"""Probe 11 finding 11(c) (11d of the brief): "building beats buying from 409 tok/s; the plan's
mix builds from 1,000 tok/s" read as if the mix bought below 1,000, when 1,000 was only the
least level solved. The sentence now says what the levels tell (no solve: a built table)."""

from __future__ import annotations

from importlib import resources

from optimizer import Crossover, CrossoverPoint
from service.reports.crossover import crossover_said


def _crossover(*shares: float) -> Crossover:
    """A crossover whose mix buys `shares` of its tokens from APIs at 1,000, 10,000, ...
    tok/s (nothing else in it is read)."""
    points = tuple(
        CrossoverPoint(
            tokens_per_second=10.0 ** (3 + n),
            best_api=None,
            best_gpu=None,
            gpu_units=None,
            mix=1.0,
            mix_api_share=share,
        )
        for n, share in enumerate(shares)
    )
    builds = next((p.tokens_per_second for p in points if (p.mix_api_share or 0) < 1), None)
    return Crossover(
        workload_id="w",
        currency="USD",
        best_api_offer_id="api",
        best_api_price_per_million_tokens=1.0,
        best_gpu_offer_id="gpu",
        best_gpu_cost_per_million_tokens=0.5,
        gpu_block_cost_per_month=730.0,
        gpu_block_tokens_per_second=1000.0,
        break_even_tokens_per_second=409.0,
        note="building beats buying from 409 tok/s",
        points=points,
        mix_builds_from=builds,
    )


def test_a_mix_building_at_the_least_level_says_at_or_below_it() -> None:
    """Building at 1,000 tok/s, the first level: "at or below 1,000", never "from 1,000"."""
    assert _crossover(0.0, 0.0).mix_said() == (
        "the plan's mix builds at or below 1,000 tok/s (the least level solved)"
    )


def test_a_mix_building_later_names_the_levels_around_it() -> None:
    """Buying alone at 1,000 and 10,000, building at 100,000: both neighbours are named."""
    assert _crossover(1.0, 1.0, 0.3).mix_said() == (
        "the plan's mix buys alone at 10,000 tok/s and builds at 100,000 tok/s (the levels "
        "between were not solved)"
    )
    assert _crossover(1.0, 1.0).mix_said() is None


def test_the_pages_print_the_same_sentence() -> None:
    """The rankings page's template prints `mix_said`, the report's pages `crossover_said`
    (review22: one sentence for its Markdown and HTML), which holds it; neither says
    "builds from" (rendering the page draws its chart: too slow for a unit test)."""
    templates = resources.files("service.reports") / "templates"
    assert "mix_said()" in (templates / "ranking.html").read_text()
    assert "{{ said }}" in (templates / "report.html").read_text()
    for name in ("report.html", "ranking.html"):
        assert "builds from" not in (templates / name).read_text()
    x = _crossover(1.0, 1.0, 0.3)
    said = x.mix_said()
    assert said is not None and f"{x.note}; {said}." in crossover_said(x)
