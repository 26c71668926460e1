"""Probe 19 item 1: a plan solved as an LP relaxation (`options.relax`) has fractional units,
which cannot be bought: it has no requisition (a 409), so its cash is not the requisition
lines' (quantities rounded to six places, each line's total to the cent) but its own JSON's to
the cent, in cash.csv, report.csv and the report's figures alike. Before, the seed example
relaxed paid 19,975,513.56 in cash.csv and the report where its JSON pays 19,975,511.61
($1.95), and its report's total cost read 4,993,878.39 for the JSON's 4,993,877.90."""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal
from pathlib import Path

import msgspec

from catalog import default_catalog
from optimizer import PlanRequest, make_plan
from service.reports import render_report
from service.reports.numbers import cents
from service.reports.shown_cents import plan_in_cents
from service.reports.to_csv import cash_csv

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-deepseek-r1.json"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _money(value: Decimal) -> str:
    return f"{value:,} USD"


def test_a_relaxed_plan_shows_its_json_to_the_cent() -> None:
    """The seed example with `options.relax` (0.5 CPU s to solve): cash.csv's cash and
    amortised cost add up to the JSON's to the cent, report.csv's costs to its total cost,
    and the report says its total cost, obligation and the part after the horizon as the
    JSON does, rounded once."""
    body = msgspec.json.decode(SEED.read_bytes())
    body.setdefault("options", {})["relax"] = True
    request = msgspec.convert(body, PlanRequest)
    assert request.forecast is not None
    cat = default_catalog()
    plan = make_plan(cat, request, request.forecast, plan_id="plan_relaxed")
    assert plan.solver is not None and plan.solver.relaxed and plan.summary is not None
    s = plan.summary
    cash = math.fsum(f.upfront + f.recurring - f.recovered for f in plan.cash_flows)
    rows = _rows(cash_csv(plan, cat))
    months = [r for r in rows if r["month"][:1].isdigit()]
    assert sum((Decimal(r["cash"]) for r in months), Decimal(0)) == cents(cash)
    horizon = [r for r in months if r["period"] == "horizon"]
    assert sum((Decimal(r["amortised"]) for r in horizon), Decimal(0)) == cents(s.total_cost)
    lines = _rows(str(render_report(plan, cat, "csv")[0]))
    assert sum((Decimal(r["cost"]) for r in lines), Decimal(0)) == cents(s.total_cost)
    shown = plan_in_cents(plan, cat).summary
    assert shown is not None
    assert cents(shown.total_cost) == cents(s.total_cost)
    assert cents(shown.total_obligation) == cents(s.total_obligation)
    assert cents(shown.obligation_beyond_horizon) == cents(s.obligation_beyond_horizon)
    md = str(render_report(plan, cat, "md")[0])
    assert f"| total cost | {_money(cents(s.total_cost))} |" in md
    assert f"| obligation after the horizon | {_money(cents(s.obligation_beyond_horizon))} |" in md
    assert "the plan's JSON unrounded" not in md
