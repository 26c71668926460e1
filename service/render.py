"""Shared number formats (totals to the cent, rates to 4 significant figures) and the plan as
terminal text; every report uses these so that all of them agree with the JSON."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from optimizer import Plan

__all__ = ["cents", "money", "plan_text", "rate", "table"]


def cents(value: float) -> Decimal:
    """A total rounded half-up to the cent, as a Decimal (exact in every report)."""
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money(value: float | None, currency: str = "") -> str:
    """A total to the cent with thousands separators: `1,234.57 USD`."""
    if value is None:
        return "-"
    text = f"{cents(value):,}"
    return f"{text} {currency}".strip()


def rate(value: float | None, digits: int = 4) -> str:
    """A rate to `digits` significant figures (whole units once it has that many)."""
    if value is None:
        return "-"
    if value == 0:
        return "0"
    if abs(value) >= 10 ** (digits - 1):
        return f"{value:,.0f}"
    return f"{value:#.{digits}g}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned text table: numbers right, text left."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]

    def numeric(text: str) -> bool:
        core = text.replace(",", "").replace(".", "").replace("$", "").replace("x", "")
        core = core.replace("%", "").split(" ")[0]
        return core.lstrip("-+").isdigit()

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).rjust(w) if numeric(str(c)) else str(c).ljust(w)
            for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def plan_text(plan: Plan) -> str:
    """The plan's summary, fleet, commitments and baselines for a terminal."""
    out = [
        f"plan {plan.id or '(not stored)'}: {plan.status}"
        + (f" ({plan.solver.name}, {plan.solver.seconds:.2f} s)" if plan.solver else "")
    ]
    if plan.error:
        out.append(f"error: {plan.error}")
    s = plan.summary
    if s is not None:
        cur = s.currency
        out += [
            f"total cost          {money(s.total_cost, cur)} ({s.commitment_accounting})",
            f"tokens              {rate(s.tokens / 1e12)} trillion",
            f"cost per M tokens   {rate(s.cost_per_million_tokens)} {cur}",
            f"peak / average MW   {rate(s.peak_mw)} / {rate(s.average_mw)}",
            f"tokens/s per MW     {rate(s.tokens_per_second_per_mw)}",
            f"obligation          {money(s.total_obligation, cur)}, of which "
            f"{money(s.obligation_beyond_horizon, cur)} after the horizon",
        ]
    if plan.diagnosis is not None:
        out += ["", f"diagnosis: {plan.diagnosis.summary}"]
        out += [f"  binding: {b}" for b in plan.diagnosis.binding]
        out += [
            f"  {x.workload_id} {x.month}: short {rate(x.short_tokens_per_second)} tok/s "
            f"({x.short_share:.1%})"
            for x in plan.diagnosis.shortfalls[:24]
        ]
    if plan.commitments:
        out += [
            "",
            table(
                ["offer", "kind", "start", "end", "units", "GPUs", "per month", "obligation"],
                [
                    [
                        c.offer_id + (" (existing)" if c.existing else ""),
                        c.kind,
                        c.start,
                        c.end,
                        rate(c.units),
                        rate(c.gpus),
                        money(c.monthly_cost),
                        money(c.total_obligation),
                    ]
                    for c in plan.commitments
                ],
            ),
        ]
    if plan.workloads and s is not None:
        out += [
            "",
            table(
                ["workload", "model", "cost", "$/M tokens"],
                [
                    [w.workload_id, w.model, money(w.cost), rate(w.cost_per_million_tokens)]
                    for w in plan.workloads
                ],
            ),
        ]
    if plan.baselines:
        out += [
            "",
            table(
                ["baseline", "offers", "cost", "$/M tokens", "vs plan"],
                [
                    [
                        b.strategy,
                        ", ".join(sorted(set(b.offers.values()))) or "-",
                        money(b.total_cost) if b.total_cost is not None else b.status,
                        rate(b.cost_per_million_tokens),
                        f"{b.cost_ratio:.2f}x" if b.cost_ratio else (b.reason or "-"),
                    ]
                    for b in plan.baselines
                ],
            ),
        ]
    if plan.warnings:
        out += ["", "warnings:"] + [f"  - {w}" for w in plan.warnings]
    return "\n".join(out)
