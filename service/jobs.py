"""Solving off the event loop: a bounded pool of worker threads (HiGHS releases the GIL), each
solve always under its time limit, each result stored in one transaction."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from concurrent.futures import Future, ThreadPoolExecutor

import msgspec

from catalog import Catalog, TokenplanError
from optimizer import Forecast, Plan, PlanRequest, make_plan
from service.finite import non_finite_path
from service.store import Store

__all__ = ["Solver", "new_id", "now"]

log = logging.getLogger("tokenplan")


def now() -> str:
    """The current instant, RFC 3339 UTC."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id(prefix: str) -> str:
    """A random id such as `plan_3f9c2a7d1e0b4c58`."""
    return f"{prefix}_{secrets.token_hex(8)}"


def checked(plan: Plan, pending: Plan) -> Plan:
    """`plan`, or when it holds a number that is not finite (JSON would store it as null and
    the plan could not be read back), `pending` marked failed with an error naming it."""
    path = non_finite_path(plan)
    if path is None:
        return plan
    log.error("plan %s: %s is not finite; stored as failed", plan.id, path)
    error = (
        f"the solve produced a number that is not finite at {path}; the inputs are probably "
        "too large or too small (tokens_per_second, prices): check them and POST again"
    )
    return msgspec.structs.replace(pending, status="failed", error=error)


class Solver:
    """Runs plan solves in at most `slots` threads and stores each result when it is done."""

    def __init__(self, store: Store, slots: int) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="solve")

    def shutdown(self) -> None:
        """Stop taking solves; running ones finish (each is under its time limit)."""
        self.pool.shutdown(wait=False, cancel_futures=True)

    def submit(
        self,
        pending: Plan,
        catalog: Catalog,
        request: PlanRequest,
        forecast: Forecast,
    ) -> Future[Plan]:
        """Solve in the pool; the stored `solving` plan is replaced by the result."""
        return self.pool.submit(self._run, pending, catalog, request, forecast)

    def _run(
        self, pending: Plan, catalog: Catalog, request: PlanRequest, forecast: Forecast
    ) -> Plan:
        try:
            plan = make_plan(
                catalog,
                request,
                forecast,
                plan_id=pending.id,
                created_at=pending.created_at,
                forecast_id=pending.forecast_id,
            )
        except TokenplanError as exc:
            plan = msgspec.structs.replace(pending, status="failed", error=exc.detail)
        except Exception as exc:  # a solver crash must still leave a finished, failed plan
            log.exception("plan %s failed", pending.id)
            plan = msgspec.structs.replace(
                pending, status="failed", error=f"the solve failed: {type(exc).__name__}: {exc}"
            )
        plan = checked(plan, pending)
        self.store.replace_document("plans", plan.id, msgspec.json.encode(plan), plan.status)
        return plan

    def recover(self) -> int:
        """Mark plans left `solving` by a previous process as failed; return how many."""
        count = 0
        for plan_id, doc in self.store.documents_with_status("plans", "solving"):
            plan = msgspec.json.decode(doc, type=Plan)
            failed = msgspec.structs.replace(
                plan,
                status="failed",
                error="the service restarted while this plan was solving; POST it again",
            )
            self.store.replace_document("plans", plan_id, msgspec.json.encode(failed), "failed")
            count += 1
        return count
