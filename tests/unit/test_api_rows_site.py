"""report.csv's per-token API rows name no site (review 22: they said `-`, which a FinOps
tool reads as a site named "-")."""

from __future__ import annotations

import csv
import io

from catalog import default_catalog
from service.reports import render_report
from tests.golden import golden_plan


def test_api_rows_of_report_csv_have_an_empty_site() -> None:
    """Build-or-buy buys Lambda's API in 2027-01: its row's site is empty, its kind `api`;
    the GPU rows keep their site (`on-prem/own-dc`)."""
    text = render_report(golden_plan("build-or-buy-deepseek-r1"), default_catalog(), "csv")[0]
    assert isinstance(text, str)
    rows = list(csv.DictReader(io.StringIO(text)))
    api = [r for r in rows if r["kind"] == "api"]
    assert api and {r["site"] for r in api} == {""}
    assert {r["site"] for r in rows if r["kind"] == "owned"} == {"on-prem/own-dc"}
