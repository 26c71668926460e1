"""GET /plans/{id}/report.{json,csv,md,html,xlsx} and /plans/{id}/requisition.{json,csv}:
downloads, with a Content-Disposition filename that names the plan."""

from dataclasses import dataclass
from typing import Annotated, Any

from anyio import to_thread
from litestar import Response, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema
from litestar.params import FromPath, FromQuery, QueryParameter

from catalog import Catalog, Conflict, InvalidInput
from catalog.input_rules import refuse_bad_input
from optimizer import Plan
from service.errors import problems
from service.http_common import rendering
from service.plan_diff import DIFF_FORMATS, DiffFormat, PlanDiff, diff_plans, render_diff
from service.plan_docs import load_plan
from service.reports import FORMATS, REQUISITION_FORMATS, render_report, render_requisition
from service.reports.focus import focus_csv
from service.reports.requisition import RequestFields
from service.reports.shown_cents import plan_in_cents
from service.reports.standing import no_solution, unproven_reason
from service.reports.to_csv import cash_csv
from service.skypilot_api import import_skypilot
from service.store import Store

__all__ = ["PAGE_HEADERS", "REPORT_HANDLERS"]

PAGE_HEADERS = {
    # A report names vendors, sources and notes anyone with catalog write access typed: the
    # page may run nothing, load nothing and sit in no frame.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def _plan(
    store: Store, plan_id: str, needs: str | None = None, purchasable: bool = False
) -> tuple[Plan, Any]:
    """The finished plan and its catalog; with `needs` (what a download is made of), a plan
    that found no solution is a 409 saying it has none; with `purchasable` (a download that
    names what to buy), so is an LP relaxation, whose units are fractional."""
    plan = load_plan(store, plan_id)
    if plan.status == "solving":
        raise Conflict(f"plan {plan_id} is still solving; GET /plans/{plan_id} until it is done")
    if needs is not None and plan.summary is None:
        raise Conflict(no_solution(plan, needs))
    if purchasable and plan.solver is not None and plan.solver.relaxed:
        raise Conflict(
            f"plan {plan_id} is an LP relaxation (options.relax): its units are fractional, "
            f"not a fleet that can be bought, so it has no {needs}; solve the request again "
            "without relax"
        )
    return plan, store.catalog(plan.catalog_revision)


def _refuse_unproven(plan: Plan) -> None:
    """A requisition is what procurement signs: a plan not proven optimal, or short of its
    demand, is a 409 naming its status (and gap), and what to do.

    Raises:
        Conflict: for a `feasible` plan above its requested gap or stopped by a cancel, and
        for an `infeasible` one (a plain or scenario plan that leaves demand unmet).
    """
    if plan.status == "infeasible":
        why = plan.diagnosis.summary.rstrip(".") if plan.diagnosis else "its demand is unmet"
        message = (
            f"plan {plan.id} is infeasible (status infeasible): it does not meet its demand in "
            f"full ({why}); a requisition is what procurement signs, so change what the "
            "diagnosis names and solve again, or add allow_unproven=true to draft the fleet "
            "that serves what it can anyway (its lines then carry the status)"
        )
        raise Conflict(message)
    reason = unproven_reason(plan)
    if reason is None:
        return
    gap = plan.solver.gap if plan.solver else None
    reached = "unknown" if gap is None else f"{gap:.2%}"
    message = (
        f"plan {plan.id} is not proven optimal (status {plan.status}, gap {reached}, "
        f"requested {plan.request.options.gap:.2%}): {reason}; a requisition is what "
        "procurement signs, so solve the request again with a longer options.time_limit_s, "
        "or add allow_unproven=true to draft it anyway (its lines then carry the status and gap)"
    )
    raise Conflict(message)


def _download(content: bytes | str, media_type: str, filename: str) -> Response[Any]:
    return Response(
        content=content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **PAGE_HEADERS},
    )


def _report_handler(fmt: str) -> HTTPRouteHandler:
    async def handler(store: NamedDependency[Store], plan_id: FromPath[str]) -> Response[Any]:
        plan, catalog = _plan(store, plan_id)
        # Charts and workbooks take tens of milliseconds: render off the event loop.
        return _download(
            *await to_thread.run_sync(render_report, plan, catalog, fmt, limiter=rendering())
        )

    return get(
        f"/plans/{{plan_id:str}}/report.{fmt}",
        operation_id=f"getPlanReport{fmt.capitalize()}",
        responses=problems(404, 409),
        summary=f"The plan report as {fmt.upper()}",
        media_type=FORMATS[fmt],
        name=f"report-{fmt}",
        tags=["reports"],
    )(handler)


Field = Annotated[str, QueryParameter(max_length=200, required=False)]


def _supplier_ids(text: str) -> dict[str, str]:
    """`Vendor=ID,Vendor=ID` as a map.

    Raises:
        InvalidInput: naming `supplier_ids` for a pair without `=` or with an empty side, or
        a vendor given twice (which id would be meant is a guess).
    """
    pairs: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        vendor, _, supplier_id = (side.strip() for side in item.partition("="))
        if not vendor or not supplier_id:
            message = (
                f"{item!r} is not VENDOR=SUPPLIER_ID (pairs separated by commas, the vendor "
                "as the catalog names it)"
            )
        elif vendor in pairs and pairs[vendor] != supplier_id:
            message = (
                f"vendor {vendor!r} is given twice ({pairs[vendor]!r} and {supplier_id!r}); "
                "give each vendor one supplier id"
            )
        else:
            pairs[vendor] = supplier_id
            continue
        raise InvalidInput.one("supplier_ids", message)
    return pairs


def _refuse_unknown_vendors(supplier_ids: dict[str, str], catalog: Catalog) -> None:
    """Refuse a `supplier_ids` vendor the plan's catalog does not name: a typo or another
    case would leave that vendor's lines without their id, unsaid (probe 19: `nebius=SUP-1`
    was a 200 whose Nebius lines had none). A catalog vendor the plan does not buy from is
    allowed: a tenant may send one list for every plan.

    Raises:
        InvalidInput: naming `supplier_ids`, the vendor, and the catalog's name for it where
        only the case differs.
    """
    vendors = {o.vendor for o in catalog.offers} | {o.vendor for o in catalog.api_offers}
    by_case = {v.casefold(): v for v in vendors}
    for vendor in supplier_ids:
        if vendor in vendors:
            continue
        near = by_case.get(vendor.casefold())
        hint = f" (did you mean {near!r}?)" if near else ""
        message = (
            f"vendor {vendor!r} is not one the catalog names{hint}: its lines would carry no "
            "supplier id; give the vendor as the catalog names it"
        )
        raise InvalidInput.one("supplier_ids", message)


def _requisition_handler(fmt: str) -> HTTPRouteHandler:
    async def handler(
        store: NamedDependency[Store],
        plan_id: FromPath[str],
        cost_center: Field = "",
        gl_account: Field = "",
        capital_gl_account: Field = "",
        requester: Field = "",
        supplier_ids: Annotated[str, QueryParameter(max_length=4000, required=False)] = "",
        allow_unproven: Annotated[
            bool,
            QueryParameter(
                required=False,
                description="true: draft the requisition of a plan not proven optimal "
                "(status `feasible`: a cancel or the time limit stopped its search above the "
                "requested gap), or short of its demand (status `infeasible`), anyway; without "
                "it such a plan is a 409 naming its status and gap. Every line carries "
                "plan_status and plan_gap either way.",
            ),
        ] = False,
    ) -> Response[Any]:
        given = {
            "cost_center": cost_center,
            "gl_account": gl_account,
            "capital_gl_account": capital_gl_account,
            "requester": requester,
            "supplier_ids": supplier_ids,
        }
        # They go into every export as given: control characters and bidi overrides are
        # refused by the input rules of every body (lengths by the parameters' own bounds).
        refuse_bad_input(given)
        fields = RequestFields(
            cost_center=cost_center,
            gl_account=gl_account,
            capital_gl_account=capital_gl_account,
            requester=requester,
            supplier_ids=_supplier_ids(supplier_ids),
        )
        plan, catalog = _plan(store, plan_id, needs="fleet to requisition", purchasable=True)
        _refuse_unknown_vendors(fields.supplier_ids, catalog)
        if not allow_unproven:
            _refuse_unproven(plan)
        return _download(
            *await to_thread.run_sync(
                render_requisition, plan, catalog, fmt, fields, limiter=rendering()
            )
        )

    return get(
        f"/plans/{{plan_id:str}}/requisition.{fmt}",
        operation_id=f"getPlanRequisition{fmt.capitalize()}",
        responses=problems(404, 409, 422),
        summary=f"A requisition draft for procurement tools, as {fmt.upper()}",
        description=(
            "One line per offer and contiguous term, with UN/CEFACT unit codes, UNSPSC "
            "commodity codes and the price's basis. The query carries what a tenant maps "
            "once: cost_center, gl_account, capital_gl_account (owned hardware), requester, "
            "and supplier_ids as VENDOR=ID pairs separated by commas. An LP relaxation "
            "(options.relax) has no requisition: its units are fractional (409). Nor has a "
            "plan not proven optimal (409 naming its status and gap) or short of its demand "
            "(infeasible: 409 naming its diagnosis) unless allow_unproven is true; every line "
            "carries plan_status and plan_gap."
        ),
        media_type=REQUISITION_FORMATS[fmt],
        name=f"requisition-{fmt}",
        tags=["reports"],
    )(handler)


@get(
    "/plans/{plan_id:str}/cash.csv",
    operation_id="getPlanCashCsv",
    responses=problems(404, 409),
    summary="The plan's cash flows per month beside its amortised cost",
    description=(
        "One row per month from the plan's start through its last payment: upfront (All "
        "Upfront obligations, Partial Upfront shares, capex), recurring, recovered (residual "
        "value), cash and amortised cost, to the cent: a requisition line's payments are the "
        "line's own (upfront_amount, monthly_amount, last_monthly_amount), the rest of each "
        "column rounded to add up to its total; focus.csv's BilledCost and the report's cash "
        "figures add up the same cents. Each row carries the plan's status and gap "
        "(plan_status, plan_gap). The NPV and its convention are in the plan's `npv` and the "
        "other report formats."
    ),
    media_type="text/csv",
    name="cash-csv",
    tags=["reports"],
)
async def cash_export(store: NamedDependency[Store], plan_id: FromPath[str]) -> Response[Any]:
    """The plan's cash flows as CSV."""
    plan, catalog = _plan(store, plan_id, needs="cash flows")
    return _download(cash_csv(plan, catalog), "text/csv", f"tokenplan-{plan.id}-cash.csv")


@get(
    "/plans/{plan_id:str}/focus.csv",
    operation_id="getPlanFocusCsv",
    responses=problems(404, 409),
    summary="The plan as a FOCUS-shaped cost export (one row per offer and month)",
    description=(
        "FOCUS 1.x column names: BilledCost is cash (an upfront commitment is a Purchase row "
        "in its first month), EffectiveCost the amortised cost, ServiceCategory 'AI and Machine "
        "Learning'; a commitment's idle GPUs are a row of their own, CommitmentDiscountStatus "
        "'Unused' (its serving GPUs 'Used'); every commitment is proposed "
        "(x_CommitmentProposed), plan-only columns start with x_, among them the plan's status "
        "and gap on every row (x_PlanStatus, x_PlanGap) and how far to trust each row's price "
        "(x_PriceBasis: list, quote, estimate or illustrative, as the catalog says; x_PriceAsOf: "
        "its date). An LP relaxation (options.relax) has "
        "no export: its units are fractional (409)."
    ),
    media_type="text/csv",
    name="focus-csv",
    tags=["reports"],
)
async def focus_export(store: NamedDependency[Store], plan_id: FromPath[str]) -> Response[Any]:
    """The plan's FOCUS-shaped export."""
    plan, catalog = _plan(store, plan_id, needs="cost rows to export", purchasable=True)
    content = await to_thread.run_sync(focus_csv, plan, catalog, limiter=rendering())
    return _download(content, "text/csv", f"tokenplan-{plan.id}-focus.csv")


@dataclass
class _DiffOperation(Operation):
    """The diff's OpenAPI operation: its 200 in every media type `format=` answers."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse) and ok.content is not None:
            for fmt, media in DIFF_FORMATS.items():
                if media not in ok.content:
                    schema = Schema(type=OpenAPIType.STRING, description=f"with format={fmt}")
                    ok.content[media] = OpenAPIMediaType(schema=schema)


@get(
    "/plans/{before:str}/diff/{after:str}",
    operation_id="getPlanDiff",
    responses={
        **problems(404, 409, 422),
        200: ResponseSpec(
            data_container=PlanDiff,
            description="The diff: JSON (format=json), Markdown (md) or HTML (html)",
            generate_examples=False,
        ),
    },
    summary="Two plans side by side: cost, obligation, fleet and per-workload $/M, Infracost style",
    description="format=json (default, application/json), md (text/markdown) or html (text/html).",
    tags=["reports"],
    operation_class=_DiffOperation,
)
async def plan_diff(
    store: NamedDependency[Store],
    before: FromPath[str],
    after: FromPath[str],
    format: Annotated[DiffFormat, FromQuery[DiffFormat]] = "json",
) -> Response[Any]:
    """Plan `after` against plan `before`."""
    # In the cents each plan's report shows (probe 12 finding 2), not its floats rounded apart.
    first, second = (plan_in_cents(*_plan(store, plan_id)) for plan_id in (before, after))
    content = render_diff(diff_plans(first, second), format)
    return Response(content, media_type=DIFF_FORMATS[format], headers=PAGE_HEADERS)


REPORT_HANDLERS = [
    import_skypilot,  # catalog, but registered with the other routes of issue 15
    plan_diff,
    focus_export,
    cash_export,
    *(_report_handler(fmt) for fmt in FORMATS),
    *(_requisition_handler(fmt) for fmt in REQUISITION_FORMATS),
]
