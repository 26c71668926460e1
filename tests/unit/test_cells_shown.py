"""A scaled quantity as a reader sees it: no scale word on none or a few."""

from __future__ import annotations

import pytest

from service.reports.cells import Rate, shown


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (Rate(0.0, "trillion", 1e12), "0"),
        (Rate(1_234.0, "trillion", 1e12), "1,234"),
        (Rate(-1_234.0, "trillion", 1e12), "-1,234"),
        (Rate(5e8, "trillion", 1e12), "500,000,000"),
        (Rate(3.2e9, "trillion", 1e12), "0.003200 trillion"),
        (Rate(3.942e10, "trillion", 1e12), "0.03942 trillion"),
        (Rate(61.27e12, "trillion", 1e12), "61.27 trillion"),
        (Rate(None, "trillion", 1e12), "-"),
        (Rate(0.0, "MW"), "0 MW"),
        (Rate(0.5, "MW"), "0.5000 MW"),
    ],
)
def test_a_scaled_rate_says_its_scale_only_where_it_reads(cell: Rate, text: str) -> None:
    assert shown(cell) == text
