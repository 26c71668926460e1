"""The page's commitments table says how each contract is paid (review22: the seed's owned
GB300 racks, All Upfront, read "per month 418,167.36" and nothing said that the whole
20,072,033.28 is paid at the start; only the workbook had the payment model)."""

from __future__ import annotations

from html import unescape

from catalog import default_catalog
from service.reports.formats import render_report
from tests.golden import golden_plan


def test_the_markdown_commitments_show_the_payment_model() -> None:
    """The seed's one contract: All Upfront, between its GPUs and its month's amortised cost."""
    md = str(render_report(golden_plan("seed-deepseek-r1"), default_catalog(), "md")[0])
    header = (
        "| offer | vendor | kind | start | end | units | GPUs | payment model | per month "
        "| obligation | after horizon |"
    )
    row = (
        "| onprem-gb300 | On-prem | owned | 2027-01 | 2030-12 | 3 | 216 | All Upfront "
        "| 418,167.36 | 20,072,033.28 | 15,054,024.96 |"
    )
    assert header in md and row in md


def test_the_html_commitments_show_the_payment_model() -> None:
    """capex-budget's Nscale reservation (No Upfront) and owned rack (All Upfront)."""
    page = unescape(
        str(render_report(golden_plan("capex-budget-deepseek-r1"), default_catalog(), "html")[0])
    )
    table = page.split("Commitments and obligations</h2>")[1].split("</table>")[0]
    assert "<th>payment model</th>" in table
    assert "<td>No Upfront</td>" in table and "<td>All Upfront</td>" in table
