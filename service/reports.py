"""A plan as JSON, CSV, Markdown, self-contained HTML and XLSX, and as a requisition draft.

Every total shown is rounded half-up to the cent from the plan's full-precision numbers; where
rounded parts must add up to a rounded total (CSV rows, requisition lines) the cents are
allocated by largest remainder, so every report agrees with the JSON to the cent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import msgspec

from catalog import Catalog, Offer
from catalog.offers_csv import safe_cell
from optimizer import Plan, month_index, month_label
from service.charts import line_chart_svg, stacked_bars_svg
from service.html import escape, page
from service.render import cents, money, rate

__all__ = [
    "FORMATS",
    "REQUISITION_FORMATS",
    "Requisition",
    "RequisitionLine",
    "allocate_cents",
    "allocation_rows",
    "render_report",
    "render_requisition",
    "requisition",
]

FORMATS: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv",
    "md": "text/markdown",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
REQUISITION_FORMATS: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv",
}


def allocate_cents(values: Sequence[float]) -> list[Decimal]:
    """Round each value to the cent so that the parts add up exactly to the rounded total
    (largest remainder)."""
    total = cents(sum(values))
    floors = [Decimal(int(Decimal(repr(v)) * 100 // 1)) / 100 for v in values]
    missing = int((total - sum(floors, Decimal(0))) * 100)
    order = sorted(
        range(len(values)),
        key=lambda i: Decimal(repr(values[i])) * 100 - floors[i] * 100,
        reverse=missing > 0,
    )
    step = Decimal("0.01") if missing > 0 else Decimal("-0.01")
    result = list(floors)
    for i in order[: abs(missing)]:
        result[i] += step
    return [r.quantize(Decimal("0.01")) for r in result]


# -- allocations as rows ------------------------------------------------------------------

ALLOCATION_COLUMNS = (
    "plan_id",
    "month",
    "offer_id",
    "vendor",
    "site",
    "kind",
    "offer_units",
    "offer_gpus",
    "workload_id",
    "gpus",
    "throughput_per_gpu",
    "capacity_tokens_per_second",
    "tokens_per_second",
    "interactivity",
    "utilization",
    "cost",
    "currency",
)


def allocation_rows(plan: Plan) -> list[dict[str, Any]]:
    """One row per (month, offer, workload), plus an `(idle)` row for an offer's GPUs that
    serve no workload; the rows' costs (full precision) add up to each month's cost."""
    assert plan.summary is not None
    currency = plan.summary.currency
    rows: list[dict[str, Any]] = []
    for month in plan.months:
        for a in month.allocations:
            base = {
                "plan_id": plan.id,
                "month": month.month,
                "offer_id": a.offer_id,
                "vendor": a.vendor,
                "site": a.site,
                "kind": a.kind,
                "offer_units": a.units,
                "offer_gpus": a.gpus,
                "currency": currency,
            }
            used = 0.0
            for share in a.workloads:
                used += share.gpus
                rows.append(
                    {
                        **base,
                        "workload_id": share.workload_id,
                        "gpus": share.gpus,
                        "throughput_per_gpu": share.throughput_per_gpu,
                        "capacity_tokens_per_second": share.capacity_tokens_per_second,
                        "tokens_per_second": share.tokens_per_second,
                        "interactivity": share.interactivity,
                        "utilization": share.utilization,
                        "cost": a.cost * share.gpus / a.gpus if a.gpus else 0.0,
                    }
                )
            idle = a.gpus - used
            if idle > 1e-9:
                rows.append(
                    {
                        **base,
                        "workload_id": "(idle)",
                        "gpus": idle,
                        "throughput_per_gpu": 0.0,
                        "capacity_tokens_per_second": 0.0,
                        "tokens_per_second": 0.0,
                        "interactivity": 0.0,
                        "utilization": 0.0,
                        "cost": a.cost * idle / a.gpus,
                    }
                )
    return rows


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def _decimal(value: float, places: int = 6) -> str:
    """A quantity as a plain decimal string (no exponent), trailing zeros trimmed."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _report_csv(plan: Plan) -> str:
    rows = allocation_rows(plan)
    amounts = allocate_cents([r["cost"] for r in rows])
    lines = [list(ALLOCATION_COLUMNS)]
    for row, amount in zip(rows, amounts, strict=True):
        cells = []
        for column in ALLOCATION_COLUMNS:
            value = row[column]
            if column == "cost":
                cells.append(str(amount))
            elif isinstance(value, float):
                cells.append(_decimal(value))
            else:
                cells.append(str(value))
        lines.append(cells)
    return _csv(lines)


# -- sources -------------------------------------------------------------------------------


def _used_offers(plan: Plan, catalog: Catalog) -> list[Offer]:
    ids = sorted(
        {a.offer_id for m in plan.months for a in m.allocations}
        | {c.offer_id for c in plan.commitments}
    )
    return [o for o in (catalog.offer(i) for i in ids) if o is not None]


def _throughput_sources(plan: Plan, catalog: Catalog) -> list[tuple[str, str, str, str]]:
    """(offer, workload, basis, source) of the points behind each throughput used, as the plan
    carries them (`Plan.sources`, filled by the optimizer)."""
    del catalog  # the plan carries its sources; kept for the callers' signature
    out = {
        (
            s.offer_id,
            s.workload_id,
            s.basis,
            f"{s.source} (measured {s.measured_on}, {s.deployment}, {s.interactivity:g} "
            f"tok/s/user, {s.throughput_per_gpu:g} tok/s/GPU)",
        )
        for s in plan.sources
    }
    return sorted(out)


# -- Markdown --------------------------------------------------------------------------------


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(str(c)) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _baseline_rows(plan: Plan) -> list[list[str]]:
    rows = []
    for b in plan.baselines:
        if b.total_cost is None:
            rows.append(
                [
                    b.strategy,
                    ", ".join(sorted(set(b.offers.values()))) or "-",
                    "-",
                    money(b.plan_total_cost),
                    "-",
                    "-",
                    "-",
                    f"{b.status}: {b.reason or ''}",
                ]
            )
            continue
        rows.append(
            [
                b.strategy,
                ", ".join(sorted(set(b.offers.values()))),
                money(b.total_cost),
                money(b.plan_total_cost),
                money(b.diff_total_cost),
                rate(b.cost_per_million_tokens),
                rate(b.plan_cost_per_million_tokens),
                f"{b.cost_ratio:.2f}x dearer per token" if b.cost_ratio else "-",
            ]
        )
    return rows


BASELINE_HEADERS = [
    "baseline",
    "offers",
    "baseline cost",
    "plan cost",
    "difference",
    "baseline $/M tokens",
    "plan $/M tokens",
    "vs plan",
]


SHORTFALL_HEADERS = ["workload", "month", "demand tok/s", "served tok/s", "short tok/s", "short"]
MONTH_HEADERS = ["month", "cost", "MW", "tokens/s", "fleet"]
WORKLOAD_HEADERS = ["workload", "model", "cost", "tokens", "$/M tokens"]


def _shortfall_rows(plan: Plan) -> list[list[str]]:
    shortfalls = plan.diagnosis.shortfalls if plan.diagnosis else ()
    return [
        [
            x.workload_id,
            x.month,
            rate(x.demand_tokens_per_second),
            rate(x.served_tokens_per_second),
            rate(x.short_tokens_per_second),
            f"{x.short_share:.1%}",
        ]
        for x in shortfalls
    ]


def _month_rows(plan: Plan) -> list[list[str]]:
    return [
        [
            m.month,
            money(m.cost),
            rate(m.mw),
            rate(m.tokens_per_second),
            ", ".join(f"{a.offer_id} x{a.units:g}" for a in m.allocations),
        ]
        for m in plan.months
    ]


def _workload_rows(plan: Plan) -> list[list[str]]:
    return [
        [w.workload_id, w.model, money(w.cost), rate(w.tokens), rate(w.cost_per_million_tokens)]
        for w in plan.workloads
    ]


COMMITMENT_HEADERS = [
    "offer",
    "vendor",
    "kind",
    "start",
    "end",
    "units",
    "GPUs",
    "per month",
    "obligation",
    "after horizon",
]


def _commitment_rows(plan: Plan) -> list[list[str]]:
    return [
        [
            c.offer_id + (" (existing)" if c.existing else ""),
            c.vendor,
            c.kind,
            c.start,
            c.end,
            f"{c.units:g}",
            f"{c.gpus:g}",
            money(c.monthly_cost),
            money(c.total_obligation),
            money(c.obligation_beyond_horizon),
        ]
        for c in plan.commitments
    ]


def _summary_rows(plan: Plan) -> list[tuple[str, str]]:
    s = plan.summary
    assert s is not None
    return [
        ("status", plan.status),
        ("total cost", money(s.total_cost, s.currency)),
        ("cost per million tokens", f"{rate(s.cost_per_million_tokens)} {s.currency}"),
        ("tokens delivered", f"{rate(s.tokens / 1e12)} trillion"),
        ("tokens/s per MW", rate(s.tokens_per_second_per_mw)),
        ("peak MW", rate(s.peak_mw)),
        ("average MW", rate(s.average_mw)),
        ("committed cost (existing)", money(s.committed_cost, s.currency)),
        ("cash cost in horizon", money(s.cash_cost_in_horizon, s.currency)),
        ("total obligation (new commitments)", money(s.total_obligation, s.currency)),
        ("obligation after the horizon", money(s.obligation_beyond_horizon, s.currency)),
        ("idle cost", money(s.idle_cost, s.currency)),
        ("commitment accounting", s.commitment_accounting),
        ("catalog revision", str(plan.catalog_revision)),
        (
            "solver",
            f"{plan.solver.name}, {plan.solver.seconds:.2f} s, gap "
            f"{plan.solver.gap if plan.solver.gap is not None else '-'}"
            if plan.solver
            else "-",
        ),
    ]


def _report_md(plan: Plan, catalog: Catalog) -> str:
    name = plan.request.forecast.name if plan.request.forecast else plan.forecast_id or ""
    out = [f"# tokenplan plan {plan.id}: {name}", ""]
    if plan.error:
        out += [f"**Failed:** {plan.error}", ""]
    if plan.summary is None:
        return "\n".join(out)
    out += ["## Summary", "", _md_table(["", ""], _summary_rows(plan)), ""]
    out += ["## Against the baselines", "", _md_table(BASELINE_HEADERS, _baseline_rows(plan)), ""]
    if plan.diagnosis is not None:
        out += ["## Diagnosis: the demand cannot be met", "", plan.diagnosis.summary, ""]
        out += [f"- binding: {b}" for b in plan.diagnosis.binding] + [""]
        out += [
            _md_table(
                SHORTFALL_HEADERS,
                _shortfall_rows(plan),
            ),
            "",
        ]
    out += [
        "## Months",
        "",
        _md_table(
            MONTH_HEADERS,
            _month_rows(plan),
        ),
        "",
    ]
    out += [
        "## Commitments",
        "",
        _md_table(COMMITMENT_HEADERS, _commitment_rows(plan)),
        "",
    ]
    out += [
        "## Cost per million tokens by workload",
        "",
        _md_table(
            WORKLOAD_HEADERS,
            _workload_rows(plan),
        ),
        "",
    ]
    if plan.marginal is not None:
        out += [
            "## Marginal costs",
            "",
            plan.marginal.note,
            "",
            _md_table(
                ["workload", "month", "$ per million tokens"],
                [
                    [d.workload_id, d.month, rate(d.per_million_tokens)]
                    for d in plan.marginal.demand
                ],
            ),
            "",
        ]
        if plan.marginal.power:
            out += [
                _md_table(
                    ["site", "month", "$ per MW-month"],
                    [[p.site, p.month, money(p.per_mw_month)] for p in plan.marginal.power],
                ),
                "",
            ]
    if plan.warnings:
        out += ["## Warnings", ""] + [f"- {w}" for w in plan.warnings] + [""]
    out += [
        "## Sources",
        "",
        _md_table(
            ["offer", "price basis", "as of", "source"],
            [
                [o.id, o.price_basis, o.as_of.isoformat(), o.source]
                for o in _used_offers(plan, catalog)
            ],
        ),
        "",
    ]
    return "\n".join(out)


# -- HTML ------------------------------------------------------------------------------------


def _html_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    head = "".join(
        f"<th{' class=n' if i in numeric else ''}>{escape(h)}</th>" for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i in numeric else ''}>{escape(c)}</td>" for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fleet_svg(plan: Plan) -> str:
    months = [m.month for m in plan.months]
    offers = sorted({a.offer_id for m in plan.months for a in m.allocations})
    series = [
        (
            offer,
            [
                next((a.gpus for a in m.allocations if a.offer_id == offer), 0.0)
                for m in plan.months
            ],
        )
        for offer in offers
    ]
    return stacked_bars_svg(months, series, title="Fleet by month (GPUs, by offer)", ylabel="GPUs")


def _power_svg(plan: Plan) -> str:
    months = [m.month for m in plan.months]
    sites = sorted({s for m in plan.months for s in m.mw_by_site})
    series: list[tuple[str, Sequence[float], str]] = [
        (f"{site} MW", [m.mw_by_site.get(site, 0.0) for m in plan.months], "-") for site in sites
    ]
    horizon = len(months)
    for cap in plan.request.constraints.power_caps:
        values = cap.mw if isinstance(cap.mw, list) else [cap.mw] * horizon
        series.append((f"{cap.site} cap", values, "--"))
    total = plan.request.constraints.total_power_mw
    if total is not None:
        series.append(("total cap", total if isinstance(total, list) else [total] * horizon, "--"))
    return line_chart_svg(months, series, title="MW by site against caps", ylabel="MW")


def _cost_svg(plan: Plan) -> str:
    assert plan.summary is not None
    labels = ["plan"] + [b.strategy for b in plan.baselines if b.cost_per_million_tokens]
    values = [plan.summary.cost_per_million_tokens or 0.0] + [
        b.cost_per_million_tokens or 0.0 for b in plan.baselines if b.cost_per_million_tokens
    ]
    return stacked_bars_svg(
        labels,
        [("cost per million tokens", values)],
        title="Cost per million tokens: plan and baselines",
        ylabel=f"{plan.summary.currency} per million tokens",
    )


def _report_html(plan: Plan, catalog: Catalog) -> str:
    name = plan.request.forecast.name if plan.request.forecast else plan.forecast_id or ""
    title = f"tokenplan: {name}"
    head = (
        f"<h1>{escape(name)}</h1><p class=muted>plan {escape(plan.id)} &middot; "
        f"created {escape(plan.created_at)} &middot; catalog revision "
        f"{plan.catalog_revision} &middot; status <b>{escape(plan.status)}</b></p>"
    )
    if plan.summary is None:
        return page(title, head + f"<p class=bad>{escape(plan.error or plan.status)}</p>")
    s = plan.summary
    cards = "".join(
        f"<div class=card><span class=muted>{escape(k)}</span><b>{escape(v)}</b></div>"
        for k, v in [
            ("total cost", money(s.total_cost, s.currency)),
            ("cost per million tokens", f"{rate(s.cost_per_million_tokens)} {s.currency}"),
            ("tokens/s per MW", rate(s.tokens_per_second_per_mw)),
            ("peak MW", rate(s.peak_mw)),
            ("status", plan.status),
        ]
    )
    parts = [
        head,
        f"<div class=cards>{cards}</div>",
        "<h2>Executive summary</h2>",
        _html_table(["", ""], _summary_rows(plan)),
    ]
    parts += [
        "<h2>The plan against the naive strategies</h2>",
        _html_table(BASELINE_HEADERS, _baseline_rows(plan), numeric=(2, 3, 4, 5, 6)),
    ]
    if any(b.cost_per_million_tokens for b in plan.baselines):
        parts.append(f"<figure>{_cost_svg(plan)}</figure>")
    if plan.diagnosis is not None:
        parts += [
            "<h2 class=bad>Diagnosis: the demand cannot be met</h2>",
            f"<p>{escape(plan.diagnosis.summary)}</p><ul>"
            + "".join(f"<li>{escape(b)}</li>" for b in plan.diagnosis.binding)
            + "</ul>",
            _html_table(
                SHORTFALL_HEADERS,
                _shortfall_rows(plan),
                numeric=(2, 3, 4, 5),
            ),
        ]
    else:
        parts += ["<h2>Fleet by month</h2>", f"<figure>{_fleet_svg(plan)}</figure>"]
    parts += ["<h2>Power by site</h2>", f"<figure>{_power_svg(plan)}</figure>"]
    parts += [
        "<h2>Months</h2>",
        _html_table(
            MONTH_HEADERS,
            _month_rows(plan),
            numeric=(1, 2, 3),
        ),
    ]
    parts += [
        "<h2>Commitments and obligations</h2>",
        _html_table(COMMITMENT_HEADERS, _commitment_rows(plan), numeric=(5, 6, 7, 8, 9)),
    ]
    parts += [
        "<h2>Cost per million tokens by workload</h2>",
        _html_table(
            WORKLOAD_HEADERS,
            _workload_rows(plan),
            numeric=(2, 3, 4),
        ),
    ]
    if plan.marginal is not None:
        parts += [
            "<h2>Marginal costs</h2>",
            f"<p class=muted>{escape(plan.marginal.note)}</p>",
            _html_table(
                ["workload", "month", "$ per million tokens"],
                [
                    [d.workload_id, d.month, rate(d.per_million_tokens)]
                    for d in plan.marginal.demand
                ],
                numeric=(2,),
            ),
        ]
        if plan.marginal.power:
            parts.append(
                _html_table(
                    ["site", "month", "$ per MW-month"],
                    [[p.site, p.month, money(p.per_mw_month)] for p in plan.marginal.power],
                    numeric=(2,),
                )
            )
    if plan.warnings:
        parts += [
            "<h2>Warnings</h2><ul class=warn>"
            + "".join(f"<li>{escape(w)}</li>" for w in plan.warnings)
            + "</ul>"
        ]
    parts += [
        "<h2>Sources and assumptions</h2>",
        "<p class=muted>730 hours a month; power is all-in provisioned kW per GPU; "
        "throughput is total tokens/s per GPU at the SLO.</p>",
        _html_table(
            ["offer", "price/GPU-h", "price basis", "as of", "source", "note"],
            [
                [
                    o.id,
                    rate(o.price_per_gpu_hour),
                    o.price_basis,
                    o.as_of.isoformat(),
                    o.source,
                    o.note,
                ]
                for o in _used_offers(plan, catalog)
            ],
            numeric=(1,),
        ),
        _html_table(
            ["offer", "workload", "basis", "throughput source"],
            [list(t) for t in _throughput_sources(plan, catalog)],
        ),
    ]
    return page(title, "\n".join(parts))


# -- XLSX ------------------------------------------------------------------------------------


def _report_xlsx(plan: Plan, catalog: Catalog) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties(
        {
            "title": f"tokenplan plan {plan.id}",
            "author": "tokenplan",
            "created": dt.datetime(2000, 1, 1),
        }
    )
    bold = book.add_format({"bold": True})
    money_fmt = book.add_format({"num_format": "#,##0.00"})
    rate_fmt = book.add_format({"num_format": "0.0000"})
    number = book.add_format({"num_format": "#,##0.###"})
    s = plan.summary

    summary = book.add_worksheet("Summary")
    summary.set_column(0, 0, 36)
    summary.set_column(1, 1, 22)
    summary.write_row(0, 0, ["tokenplan plan", plan.id], bold)
    rows: list[tuple[str, Any, Any]] = [
        ("status", plan.status, None),
        ("catalog revision", plan.catalog_revision, None),
    ]
    if s is not None:
        rows += [
            ("currency", s.currency, None),
            ("total cost", s.total_cost, money_fmt),
            ("cost per million tokens", s.cost_per_million_tokens, rate_fmt),
            ("tokens delivered", s.tokens, number),
            ("tokens/s per MW", s.tokens_per_second_per_mw, number),
            ("peak MW", s.peak_mw, rate_fmt),
            ("average MW", s.average_mw, rate_fmt),
            ("committed cost (existing)", s.committed_cost, money_fmt),
            ("cash cost in horizon", s.cash_cost_in_horizon, money_fmt),
            ("total obligation (new commitments)", s.total_obligation, money_fmt),
            ("obligation after the horizon", s.obligation_beyond_horizon, money_fmt),
            ("idle cost", s.idle_cost, money_fmt),
            ("commitment accounting", s.commitment_accounting, None),
        ]
    if plan.error:
        rows.append(("error", plan.error, None))
    if plan.diagnosis is not None:
        rows.append(("diagnosis", plan.diagnosis.summary, None))
        rows += [("binding", b, None) for b in plan.diagnosis.binding]
    for n, (key, value, fmt) in enumerate(rows, start=2):
        summary.write(n, 0, key)
        if value is None:
            summary.write_blank(n, 1, None)
        elif fmt is None:
            summary.write(n, 1, value)
        else:
            summary.write_number(n, 1, value, fmt)
    for n, warning in enumerate(plan.warnings, start=len(rows) + 4):
        summary.write(n, 0, "warning")
        summary.write(n, 1, warning)

    months = book.add_worksheet("Months")
    offers = sorted({a.offer_id for m in plan.months for a in m.allocations})
    months.write_row(
        0, 0, ["month", "cost", "MW", "tokens/s", *[f"{o} GPUs" for o in offers]], bold
    )
    for n, m in enumerate(plan.months, start=1):
        months.write(n, 0, m.month)
        months.write_number(n, 1, m.cost, money_fmt)
        months.write_number(n, 2, m.mw, rate_fmt)
        months.write_number(n, 3, m.tokens_per_second, number)
        for k, offer in enumerate(offers):
            gpus = next((a.gpus for a in m.allocations if a.offer_id == offer), 0.0)
            months.write_number(n, 4 + k, gpus, number)
    months.set_column(0, 3 + len(offers), 14)
    if plan.months and offers and plan.diagnosis is None:
        chart = book.add_chart({"type": "column", "subtype": "stacked"})
        for k, offer in enumerate(offers):
            chart.add_series(
                {
                    "name": offer,
                    "categories": ["Months", 1, 0, len(plan.months), 0],
                    "values": ["Months", 1, 4 + k, len(plan.months), 4 + k],
                }
            )
        chart.set_title({"name": "Fleet by month (GPUs)"})
        chart.set_y_axis({"name": "GPUs"})
        chart.set_size({"width": 900, "height": 420})
        months.insert_chart(len(plan.months) + 3, 0, chart)

    allocations = book.add_worksheet("Allocations")
    allocations.write_row(0, 0, list(ALLOCATION_COLUMNS), bold)
    for n, row in enumerate(allocation_rows(plan), start=1):
        for k, column in enumerate(ALLOCATION_COLUMNS):
            value = row[column]
            if column == "cost":
                allocations.write_number(n, k, value, money_fmt)
            elif isinstance(value, float):
                allocations.write_number(n, k, value, number)
            else:
                allocations.write_string(n, k, str(value))
    allocations.set_column(0, len(ALLOCATION_COLUMNS), 14)

    commitments = book.add_worksheet("Commitments")
    headers = [
        "offer_id",
        "vendor",
        "kind",
        "existing",
        "start",
        "end",
        "term_months",
        "units",
        "gpus",
        "payment_model",
        "monthly_cost",
        "total_obligation",
        "obligation_in_horizon",
        "obligation_beyond_horizon",
    ]
    commitments.write_row(0, 0, headers, bold)
    for n, c in enumerate(plan.commitments, start=1):
        commitments.write_row(
            n,
            0,
            [
                c.offer_id,
                c.vendor,
                c.kind,
                "yes" if c.existing else "no",
                c.start,
                c.end,
                c.term_months,
                c.units,
                c.gpus,
                c.payment_model,
            ],
        )
        for k, value in enumerate(
            [
                c.monthly_cost,
                c.total_obligation,
                c.obligation_in_horizon,
                c.obligation_beyond_horizon,
            ],
            start=10,
        ):
            commitments.write_number(n, k, value, money_fmt)
    commitments.set_column(0, len(headers), 16)

    baselines = book.add_worksheet("Baselines")
    headers = [
        "strategy",
        "status",
        "offers",
        "baseline_total_cost",
        "plan_total_cost",
        "diff_total_cost",
        "baseline_cost_per_million_tokens",
        "plan_cost_per_million_tokens",
        "cost_ratio",
        "reason",
    ]
    baselines.write_row(0, 0, headers, bold)
    for n, b in enumerate(plan.baselines, start=1):
        baselines.write_row(n, 0, [b.strategy, b.status, ", ".join(sorted(set(b.offers.values())))])
        for k, (value, fmt) in enumerate(
            [
                (b.total_cost, money_fmt),
                (b.plan_total_cost, money_fmt),
                (b.diff_total_cost, money_fmt),
                (b.cost_per_million_tokens, rate_fmt),
                (b.plan_cost_per_million_tokens, rate_fmt),
                (b.cost_ratio, rate_fmt),
            ],
            start=3,
        ):
            if value is None:
                baselines.write_blank(n, k, None)
            else:
                baselines.write_number(n, k, value, fmt)
        baselines.write(n, 9, b.reason or "")
    baselines.set_column(0, len(headers), 18)
    if s is not None and plan.baselines:
        chart = book.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "baseline cost per million tokens",
                "categories": ["Baselines", 1, 0, len(plan.baselines), 0],
                "values": ["Baselines", 1, 6, len(plan.baselines), 6],
            }
        )
        chart.add_series(
            {
                "name": "plan cost per million tokens",
                "categories": ["Baselines", 1, 0, len(plan.baselines), 0],
                "values": ["Baselines", 1, 7, len(plan.baselines), 7],
            }
        )
        chart.set_title({"name": "Cost per million tokens: baselines and plan"})
        chart.set_size({"width": 760, "height": 320})
        baselines.insert_chart(len(plan.baselines) + 3, 0, chart)

    sources = book.add_worksheet("Sources")
    sources.write_row(
        0,
        0,
        ["offer_id", "price_per_gpu_hour", "currency", "price_basis", "as_of", "source", "note"],
        bold,
    )
    used = _used_offers(plan, catalog)
    for n, o in enumerate(used, start=1):
        sources.write_row(
            n,
            0,
            [
                o.id,
                o.price_per_gpu_hour,
                o.currency,
                o.price_basis,
                o.as_of.isoformat(),
                o.source,
                o.note,
            ],
        )
    start = len(used) + 3
    sources.write_row(start, 0, ["offer_id", "workload_id", "basis", "throughput source"], bold)
    for n, t in enumerate(_throughput_sources(plan, catalog), start=start + 1):
        sources.write_row(n, 0, list(t))
    sources.set_column(0, 6, 24)
    book.close()
    return buffer.getvalue()


# -- the report entry point -----------------------------------------------------------------


def render_report(plan: Plan, catalog: Catalog, fmt: str) -> tuple[bytes | str, str, str]:
    """(content, media type, filename) of `plan` in `fmt` (json, csv, md, html, xlsx)."""
    filename = f"tokenplan-{plan.id or 'plan'}.{fmt}"
    if fmt == "json":
        return msgspec.json.encode(plan), FORMATS[fmt], filename
    if fmt == "csv":
        if plan.summary is None:
            return _csv([list(ALLOCATION_COLUMNS)]), FORMATS[fmt], filename
        return _report_csv(plan), FORMATS[fmt], filename
    if fmt == "md":
        return _report_md(plan, catalog), FORMATS[fmt], filename
    if fmt == "html":
        return _report_html(plan, catalog), FORMATS[fmt], filename
    if fmt == "xlsx":
        return _report_xlsx(plan, catalog), FORMATS[fmt], filename
    msg = f"unknown format {fmt!r}"
    raise ValueError(msg)


# -- requisition -----------------------------------------------------------------------------


class RequisitionLine(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a requisition draft (columns close to Ariba's RequisitionDetail.csv)."""

    plan_id: str
    catalog_revision: int
    currency: str
    line_number: int
    supplier: str
    description: str
    supplier_part_number: str
    quantity: str
    unit_of_measure: str
    unit_price: str
    term_start: str
    term_end: str
    term_months: int
    payment_model: str
    line_total: str
    need_by_date: str
    price_as_of: str
    price_source: str
    commodity_code: str = ""
    gl_account: str = ""
    cost_center: str = ""
    supplier_id: str = ""


class Requisition(msgspec.Struct, frozen=True, kw_only=True):
    """A requisition draft: never an order. Money and quantities are decimal strings."""

    plan_id: str
    catalog_revision: int
    currency: str
    total: str
    lines: tuple[RequisitionLine, ...]


def _first_day(month: str) -> str:
    return f"{month}-01"


def _last_day(month: str) -> str:
    following = month_label(month_index(month) + 1)
    return (dt.date.fromisoformat(f"{following}-01") - dt.timedelta(days=1)).isoformat()


def _unit_name(offer: Offer, catalog: Catalog) -> str:
    system = catalog.system(offer.system_id)
    name = system.name if system else offer.system_id
    if offer.gpus_per_unit == 1:
        return f"1x {name} GPU"
    return f"{offer.gpus_per_unit}-GPU {name} units"


def requisition(plan: Plan, catalog: Catalog) -> Requisition:
    """A line per new commitment with a term, and one amount line per offer for its on-demand
    spend over the horizon; the line totals add up to the plan's total obligation."""
    assert plan.summary is not None
    currency = plan.summary.currency
    drafts: list[dict[str, Any]] = []
    on_demand: dict[str, list[Any]] = {}
    for c in plan.commitments:
        if c.existing:
            continue
        offer = catalog.offer(c.offer_id)
        assert offer is not None
        if c.term_months == 0:
            on_demand.setdefault(c.offer_id, []).append(c)
            continue
        per_unit_month = offer.price_per_gpu_hour * offer.gpus_per_unit * 730
        kind = {
            "reserved": "Reserved",
            "owned": "Owned (on-prem build)",
            "spot": "Spot",
            "on_demand": "On-demand",
        }[offer.kind]
        drafts.append(
            {
                "supplier": offer.vendor,
                "description": (
                    f"{kind} {_unit_name(offer, catalog)}, {offer.region}, "
                    f"{c.term_months} months, {c.units:g} units"
                ),
                "supplier_part_number": offer.id,
                "quantity": _decimal(c.units * c.term_months),
                "unit_of_measure": "Unit-Months",
                "unit_price": _decimal(per_unit_month, 6),
                "term_start": _first_day(c.start),
                "term_end": _last_day(c.end),
                "term_months": c.term_months,
                "payment_model": c.payment_model,
                "amount": c.total_obligation,
                "need_by_date": _first_day(c.start),
                "price_as_of": offer.as_of.isoformat(),
                "price_source": offer.source,
            }
        )
    for offer_id, contracts in sorted(on_demand.items()):
        offer = catalog.offer(offer_id)
        assert offer is not None
        gpu_hours = sum(c.gpus for c in contracts) * 730
        starts = sorted(c.start for c in contracts)
        ends = sorted(c.end for c in contracts)
        drafts.append(
            {
                "supplier": offer.vendor,
                "description": (
                    f"On-demand {_unit_name(offer, catalog)}, {offer.region}: "
                    f"{gpu_hours:,.0f} GPU-hours over {len(set(starts))} month(s), "
                    f"{starts[0]} to {ends[-1]}"
                ),
                "supplier_part_number": offer.id,
                "quantity": _decimal(gpu_hours),
                "unit_of_measure": "GPU-Hours",
                "unit_price": _decimal(offer.price_per_gpu_hour, 6),
                "term_start": _first_day(starts[0]),
                "term_end": _last_day(ends[-1]),
                "term_months": 0,
                "payment_model": offer.payment_model,
                "amount": sum(c.total_obligation for c in contracts),
                "need_by_date": _first_day(starts[0]),
                "price_as_of": offer.as_of.isoformat(),
                "price_source": offer.source,
            }
        )
    totals = allocate_cents([d["amount"] for d in drafts])
    lines = tuple(
        RequisitionLine(
            plan_id=plan.id,
            catalog_revision=plan.catalog_revision,
            currency=currency,
            line_number=n,
            **{k: v for k, v in d.items() if k != "amount"},
            line_total=str(total),
        )
        for n, (d, total) in enumerate(zip(drafts, totals, strict=True), start=1)
    )
    return Requisition(
        plan_id=plan.id,
        catalog_revision=plan.catalog_revision,
        currency=currency,
        total=str(sum(totals, Decimal("0.00"))),
        lines=lines,
    )


def render_requisition(plan: Plan, catalog: Catalog, fmt: str) -> tuple[bytes | str, str, str]:
    """(content, media type, filename) of the requisition draft as JSON or CSV."""
    draft = requisition(plan, catalog)
    filename = f"tokenplan-{plan.id}-requisition.{fmt}"
    if fmt == "json":
        return msgspec.json.encode(draft), REQUISITION_FORMATS[fmt], filename
    columns = list(RequisitionLine.__struct_fields__)
    rows = [columns] + [[str(getattr(line, c)) for c in columns] for line in draft.lines]
    return _csv(rows), REQUISITION_FORMATS[fmt], filename
