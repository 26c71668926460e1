"""A plan's sensitivity as a report: the target-price and cost-response tables built once, a
tornado chart (cost change at the largest steps down and up), then Markdown, plain text (the
CLI's table) or a self-contained HTML page."""

from __future__ import annotations

from markupsafe import Markup

from optimizer.plan_bought import NO_BETTER
from optimizer.sensitivity import CostResponse
from optimizer.sensitivity_result import LimitSensitivity, Sensitivity
from optimizer.target_price_result import PriceCheck
from service.reports.charts import tornado_svg
from service.reports.jinja import render_page
from service.reports.numbers import money, rate
from service.reports.to_markdown import md_cell

__all__ = ["limit_rows", "markdown", "page", "table_text", "target_rows", "tornado_bars"]

TARGET_HEADERS = (
    "offer",
    "vendor",
    "bought",
    "price",
    "unit",
    "target",
    "vs today",
    "verified by",
)
PROVEN = ("unchanged", "proven")
"""Statuses of a response proven without a re-solve of its own."""
SHOWN_KIND = {
    "enters_below": "enters below",
    "leaves_above": "leaves above",
    "never_enters": "never enters",
    "never_leaves": "never leaves",
    "unfinished": "unfinished",
}
NOT_RUN_CELL = "not run"
"""A response the run's time budget or a cancel left (`not_run`), as its cell shows it."""
NO_BETTER_CELL = "no better plan found"
"""A response whose re-solve stopped unproven above the plan's own cost (`NO_BETTER`)."""


def _change(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1%}"


CHECK_NAMES = {
    "re-solve": "re-solve",
    "certificate": "certificate",
    "joint": "joint check",
    "dominated": "dominated",
}
"""How each check was made (`PriceCheck.how`), as the "verified by" column names it."""


def _check(check: PriceCheck) -> str:
    """What one check found, at which price, and how: "bought at 2.400 (certificate)"."""
    bought = "bought" if check.bought else "not bought"
    how = CHECK_NAMES.get(check.how, check.how)
    if not check.proven:
        gap = "no plan" if check.cost is None else "no gap" if check.gap is None else None
        how = f"{how} not proven, {gap or f'gap {check.gap:.2%}'}"
    return f"{bought} at {rate(check.price)} ({how})"


def target_rows(s: Sensitivity) -> list[tuple[str, ...]]:
    """One row per eligible offer: its price, its target and the two checks verifying it (each
    with how it was made: a re-solve, a certificate, a joint check or dominance)."""
    rows: list[tuple[str, ...]] = []
    for o in s.offers:
        t = o.target
        shown = SHOWN_KIND.get(t.kind, t.kind)
        if t.price is not None and t.kind in ("enters_below", "leaves_above"):
            shown = f"{shown} {rate(t.price)}"
            if t.in_horizon is False:  # bought only in the tail just below the target
                verb, side = SHOWN_KIND[t.kind].split(" ")
                shown = (
                    f"{verb} only the valuation of demand after the horizon {side} "
                    f"{rate(t.price)}: nothing signed in the horizon changes at that price"
                )
        if t.below is not None and t.above is not None:
            checked = f"{_check(t.below)}, {_check(t.above)}"
        else:
            checked = t.note
        if t.kind == "unfinished":  # the run's budget ran out: the note says how far it got
            checked = f"NOT FINISHED: {t.note}"
        elif t.kind in ("enters_below", "leaves_above") and not t.verified:
            checked = f"NOT VERIFIED: {checked}"
        elif not t.proven:
            checked = f"NOT PROVEN: {checked}"
        shown_checks = (t.below, t.above) if t.below is not None and t.above is not None else ()
        if not t.proven and all(c.proven for c in shown_checks):
            # Its checks proven but what they rest on not (the plan's re-solve): the note's why.
            checked = f"{checked} ({t.note.split('; ')[-1]})" if shown_checks else checked
        rows.append(
            (
                o.offer_id,
                o.vendor,
                "yes" if o.bought else "no",
                rate(o.price),
                o.unit,
                shown,
                _change(t.change),
                checked,
            )
        )
    return rows


def _response_cell(r: CostResponse, currency: str) -> str:
    if r.status == "not_run":
        return NOT_RUN_CELL
    if r.status == NO_BETTER:  # stopped unproven above the plan's cost: the plan is better
        gap = "no gap" if r.gap is None else f"gap {r.gap:.2%}"
        return f"{NO_BETTER_CELL} (not proven, {gap}, {money(r.cost or 0.0, currency)} found)"
    if r.cost_change is None:
        return r.status
    if r.status == "feasible":  # stopped on the time limit: a plan's cost, not the optimum's
        gap = "no gap" if r.gap is None else f"gap {r.gap:.2%}"
        return f"{money(r.cost_change, currency)} (not proven, {gap})"
    return money(r.cost_change, currency)


def response_rows(s: Sensitivity) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Headers and one row per offer price and workload demand: the cost change at each step."""
    headers = ("what", *(f"{step:+.0%}" for step in s.options.steps))
    rows: list[tuple[str, ...]] = [
        (f"price of {o.offer_id}", *(_response_cell(r, s.currency) for r in o.responses))
        for o in s.offers
    ]
    rows += [
        (f"demand of {w.workload_id}", *(_response_cell(r, s.currency) for r in w.responses))
        for w in s.workloads
    ]
    return headers, rows


LIMIT_HEADERS = (
    "limit",
    "limit value",
    "plan uses",
    "idle",
    "where",
    "step",
    "tried",
    "cost change",
)
PROOF_CELL = "proven without a re-solve"


def _amount(limit: LimitSensitivity, value: float | None, currency: str) -> str:
    """`value` in the limit's unit: money to the cent, MW to the kW, a share in %."""
    if value is None:
        return "-"
    if limit.unit.startswith(currency) and limit.unit != "MW":
        return money(value, limit.unit)
    if limit.unit == "MW":
        return f"{value:,.3f} MW"
    if limit.steps_in == "points of share":
        return f"{value:.2%}"
    return f"{value:,.0f} unit" + ("" if abs(value) == 1 else "s")


def _step(limit: LimitSensitivity, change: float) -> str:
    if limit.steps_in == "units":
        return f"{change:+.0f} unit" + ("" if abs(change) == 1 else "s")
    if limit.steps_in == "points of share":
        return f"{100 * change:+.0f} points"
    return f"{change:+.0%}"


def limit_rows(s: Sensitivity) -> list[tuple[str, ...]]:
    """One row per step of each limit the request sets: the limit, the plan's use of it and
    what it leaves idle (on the limit's first row), the limit tried and the cost change, re-
    solved or proven without a re-solve (an optimum at a looser limit fits it)."""
    rows: list[tuple[str, ...]] = []
    for limit in s.limits:
        head = (
            f"{limit.limit} ({limit.field})",
            _amount(limit, limit.value, s.currency),
            _amount(limit, limit.used, s.currency),
            _amount(limit, limit.slack, s.currency),
            limit.month or "",
        )
        for n, r in enumerate(limit.responses):
            cell = _response_cell(r, s.currency)
            if r.status in PROVEN:
                cell = f"{cell} ({PROOF_CELL})"
            first = head if n == 0 else ("",) * len(head)
            rows.append((*first, _step(limit, r.change), _amount(limit, r.value, s.currency), cell))
    return rows


LIMITS_INTRO = (
    "The whole-unit plan's cost with each limit the request sets moved, re-solved (the plan's "
    "marginals are the relaxation's duals, and a whole-unit plan can answer a limit's step by "
    "orders of magnitude otherwise). A limit tightened only removes plans: where the plan, or "
    "the optimum at a looser step, fits it, that is its optimum, proven without a re-solve. A "
    "limit raised is always re-solved, whatever the plan leaves idle: in whole units it admits "
    "plans the old limit did not."
)


def tornado_bars(s: Sensitivity) -> list[tuple[str, float, float]]:
    """(label, cost change at the largest step down, at the largest step up) of every price
    and demand that moves the cost, widest swing first. A price or demand whose step has no
    cost change (not re-solved, `not_run`, `infeasible`, or `no_better`: stopped unproven above
    the plan's cost, where the plan is better) has no bar: drawn at 0 it said the step costs
    nothing (review 14), drawn at its found cost a lower demand cost more (probe 18a F4); the
    table beside says why."""
    low, high = min(s.options.steps), max(s.options.steps)

    def at(responses: tuple[CostResponse, ...], step: float) -> float | None:
        found = next((r for r in responses if r.change == step), None)
        return None if found is None else found.cost_change

    sides = [(f"price of {o.offer_id}", o.responses) for o in s.offers]
    sides += [(f"demand of {w.workload_id}", w.responses) for w in s.workloads]
    bars = []
    for label, responses in sides:
        down, up = at(responses, low), at(responses, high)
        if down is not None and up is not None and (down or up):
            bars.append((label, down, up))
    return sorted(bars, key=lambda b: -abs(b[2] - b[1]))


def _title(s: Sensitivity) -> str:
    return f"Sensitivity of plan {s.plan_id}"


RUN_KINDS = (
    ("base", "the plan"),
    ("demand", "demand steps"),
    ("limit", "limit steps"),
    ("price", "plain re-solves at other prices"),
    ("early", "answered early"),
    ("forced", "with an offer forced in or out"),
    ("certificate", "certificates"),
    ("joint", "joint checks"),
    ("swap", "starts made by swapping offers"),
    ("neighbour", "plans near the plan"),
    ("floor", "starts made from units rounded down"),
)
"""The kinds of solver runs (`Sensitivity.solver_runs`), in the order the report names them."""


def _runs(s: Sensitivity) -> str:
    """The solver runs by kind, as "(1 the plan, 4 demand steps, ...)"; "" when not counted
    (a sensitivity stored before they were)."""
    named = [f"{s.solver_runs[k]} {name}" for k, name in RUN_KINDS if s.solver_runs.get(k)]
    return f" ({', '.join(named)})" if named else ""


def _intro(s: Sensitivity) -> str:
    basis = "horizon and tail" if s.cost_basis == "horizon_and_tail" else "horizon"
    responses = [r for o in s.offers for r in o.responses]
    proven = sum(r.status in PROVEN for r in responses)
    left = sum(r.status == "not_run" for r in responses)
    others = (
        "the others re-solved"
        if not left
        else f"{left} not run (the run's time budget or a cancel), the rest re-solved"
    )
    warnings = s.warnings
    if not s.proofs_checked:
        warnings = (
            "Stored before a target's proofs were checked: a target may be called verified "
            "on a re-solve stopped on its time limit; POST the sensitivity again to re-run it",
            *warnings,
        )
    first = "".join(f"WARNING: {w}. " for w in warnings)
    return first + (
        f"Base cost {money(s.base_cost, s.currency)} ({basis}), re-solved {s.solves} times"
        f"{_runs(s)} in {s.seconds:.1f} s{_attempt(s)}. Target prices in {s.currency} per "
        "GPU-hour (API offers: a scale of their per-token prices), each bracketed by two "
        "checks at most "
        f"{2 * s.options.tolerance:.0%} apart (bought just below: its optimum, or a "
        "certificate, a plan checked feasible there that buys it cheaper than any that does "
        "not; not bought just "
        "above: its optimum, alone or in a joint check with other offers lowered, which "
        "monotonicity carries over, or the best plan without it where another offer replaces "
        f"it strictly cheaper). Of the {len(responses)} price responses, "
        f"{proven} are proven by those re-solves without one of their own (each one's note "
        f"says how), {others}."
    )


def _attempt(s: Sensitivity) -> str:
    """Which start of the run its figures are (probe 16b F8c), when not the first."""
    if s.attempt <= 1:
        return ""
    return (
        f" (start {s.attempt} of the run: the server or worker running it stopped, and it "
        "ran again whole; the figures are this start's)"
    )


def _md_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def markdown(s: Sensitivity) -> str:
    """The sensitivity as Markdown: target prices, then cost responses."""
    headers, rows = response_rows(s)
    lines = [f"# {_title(s)}", "", _intro(s), "", "## Target prices", ""]
    lines += _md_table(TARGET_HEADERS, target_rows(s))
    lines += ["", "## Cost response (change against the base cost)", ""]
    lines += _md_table(headers, rows)
    if s.limits:
        lines += ["", "## Limits (change against the base cost)", "", LIMITS_INTRO, ""]
        lines += _md_table(LIMIT_HEADERS, limit_rows(s))
    return "\n".join(lines) + "\n"


def _text_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(x) for x in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return lines


def table_text(s: Sensitivity) -> str:
    """The tables as plain text, for a terminal."""
    headers, rows = response_rows(s)
    lines = [_intro(s), "", *_text_table(TARGET_HEADERS, target_rows(s)), ""]
    lines += _text_table(headers, rows)
    if s.limits:
        lines += ["", LIMITS_INTRO, "", *_text_table(LIMIT_HEADERS, limit_rows(s))]
    return "\n".join(lines) + "\n"


def page(s: Sensitivity) -> str:
    """The sensitivity as a self-contained HTML page with its tornado chart."""
    headers, rows = response_rows(s)
    bars = tornado_bars(s)
    chart = Markup(tornado_svg(bars, s.currency, min(s.options.steps), max(s.options.steps)))
    return render_page(
        "sensitivity.html",
        title=_title(s),
        intro=_intro(s),
        chart=chart if bars else None,
        target_headers=TARGET_HEADERS,
        targets=target_rows(s),
        response_headers=headers,
        responses=rows,
        limits_intro=LIMITS_INTRO,
        limit_headers=LIMIT_HEADERS,
        limits=limit_rows(s),
    )
