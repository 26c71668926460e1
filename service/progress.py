"""A solving plan's progress and cancel, between the process that solves it and the store:
the solver's ticks become the plan's `progress` (written at most once a second), and a cancel
asked for through the API (`POST /plans/{id}/cancel`, a flag in the store) reaches the solve."""

from __future__ import annotations

import threading
import time

import msgspec

from optimizer import Plan, Progress
from service.solve_process import Tick
from service.store import Store

__all__ = ["PlanWatch", "cancelled", "cancelled_unsolved"]

WRITE_S = 1.0
"""Progress is written at most this often."""

CHECK_S = 0.2
"""The store's cancel flag is read at most this often: a cancel taken by another process (a
PostgreSQL worker's plan, cancelled through an API) is heard within it. One read of one row
by its key."""


def progress_of(tick: Tick) -> Progress:
    """The plan's `progress` for a solver tick; the gap as HiGHS states it, relative to the
    incumbent. Incumbent and bound are given only in a step whose objective is the cost (probe
    10 finding 2: the least-power step's kW-months were shown as a cost)."""
    gap = None
    if tick.incumbent is not None and tick.bound is not None:
        gap = abs(tick.incumbent - tick.bound) / max(abs(tick.incumbent), 1e-9)
    searching = tick.incumbent is not None or tick.bound is not None
    cost = tick.step == "cost"
    return Progress(
        phase="search" if searching else "presolve",
        incumbent_cost=tick.incumbent if cost else None,
        best_bound=tick.bound if cost else None,
        gap=gap,
        seconds=round(tick.seconds, 3),
        step=tick.step,
    )


def cancelled(pending: Plan, why: str) -> Plan:
    """`pending` stored as `cancelled`, with the progress it had."""
    return msgspec.structs.replace(pending, status="cancelled", error=why)


def cancelled_unsolved(pending: Plan) -> Plan:
    """`pending` stored as `cancelled` before a solve of it began here: before any began
    (its progress none or `queued`), or, when its progress says one had (the server or worker
    solving it stopped and the plan waited to be solved again), while it was being handed
    on, the best plan that solve had found lost with it. It said "before its solve started"
    of a plan solved 40 s on two workers (probe 16b F8b)."""
    begun = pending.progress
    if begun is None or begun.phase == "queued":
        return cancelled(pending, "cancelled before its solve started")
    found = ""
    if begun.incumbent_cost is not None:
        gap = f" at gap {begun.gap:.2%}" if begun.gap is not None else ""
        found = f" (cost {begun.incumbent_cost:,.2f}{gap})"
    why = (
        "cancelled while its solve was being handed on: the server or worker solving it "
        f"stopped after {begun.seconds:g} s, and the best plan it had found{found} was lost "
        "with it"
    )
    return cancelled(pending, why)


class PlanWatch:
    """Writes one solving plan's progress for `owner`, and tells when it is to be cancelled."""

    def __init__(
        self, store: Store, owner: str, pending: Plan, asked: threading.Event | None = None
    ) -> None:
        self.store = store
        self.owner = owner
        self.pending = pending
        self.asked = asked
        """Set by this process's API when it takes the plan's cancel: heard at once, where
        the store's flag (any server's cancel) is read every `CHECK_S`."""
        self._written = 0.0
        self._checked = 0.0

    def tick(self, tick: Tick) -> None:
        self.pending = msgspec.structs.replace(self.pending, progress=progress_of(tick))
        now = time.monotonic()
        if now - self._written >= WRITE_S:
            self._written = now
            doc = msgspec.json.encode(self.pending)
            self.store.write_progress(self.pending.id, doc, self.owner)

    def cancelled(self) -> bool:
        if self.asked is not None and self.asked.is_set():
            return True
        now = time.monotonic()
        if now - self._checked < CHECK_S:
            return False
        self._checked = now
        return self.store.cancel_requested(self.pending.id)
