"""The solve queue: admission (a bounded queue, a share per client), leases so that one server
owns each plan's solve (and each other leased run, such as a sensitivity), solves in capped
child processes run from a bounded thread pool, plans and runs left solving by a stopped server
requeued, and a drain on shutdown.

Each result is checked (no number that is not finite) and stored in one transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

import msgspec

from catalog import Catalog
from catalog.finite import non_finite_path
from optimizer import Forecast, Plan
from optimizer.slots import Slots
from service.busy import Busy
from service.config import Settings
from service.progress import PlanWatch, cancelled, cancelled_unsolved
from service.solve_process import SolveJob, cap_seconds, solve_capped, warm_up
from service.store import Store
from service.store_documents import Claimed
from service.webhooks import Webhooks

__all__ = [
    "LEASE_S",
    "MAX_ATTEMPTS",
    "Reclaim",
    "Solver",
    "Stopped",
    "checked",
    "forecast_of",
    "new_id",
    "now",
    "solve_and_store",
    "store_finished",
]

log = logging.getLogger("tokenplan")
LEASE_S = 30.0
"""A server renews its leases every third of this; a plan whose lease ends is requeued."""
HEARTBEAT_STOP_S = 10.0
"""How long a drain waits for a renewal under way (store writes: a moment) before it releases
the leases and the store may close."""
MAX_ATTEMPTS = 3
"""A plan interrupted this many times (its server died each time) is failed, not requeued."""
REQUEUED = "(requeued)"
"""The client whose share of the queue the requeued plans and runs take."""
Reclaim = Callable[[Claimed, str, threading.Event], object]
"""Runs again, for the server named by the second argument, a document of a leased run that
a stopped server left `solving` and this one claimed (`Solver.reclaim`); the event is set
when the server stops (see `run_leased`)."""


class Stopped(Exception):
    """A leased run gave up because its server is stopping (`run_leased`): it is left
    `solving`, its lease released for the next server."""


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


def _failed(pending: Plan, error: str) -> Plan:
    return msgspec.structs.replace(pending, status="failed", error=error)


def store_finished(
    store: Store, webhooks: Webhooks, plan: Plan, *, owner: str | None = None
) -> bool:
    """Store a finished plan (solved, failed, cancelled) with its event (`plan.completed` or
    `plan.failed`) in one transaction, while `owner` holds it when given, and wake
    `webhooks`' dispatcher; return whether it was written. Every path that stores a plan
    finished takes it: a plan cancelled while queued, failed at queueing or after
    `MAX_ATTEMPTS` restarts was stored with no event, and an integration waiting for it
    waited for ever (review 17b F2)."""
    event = webhooks.plan_event(plan)
    doc = msgspec.json.encode(plan)
    if not store.replace_document("plans", plan.id, doc, plan.status, owner=owner, event=event):
        return False
    webhooks.wake()
    return True


class Solver:
    """Solves plans in at most `solver_slots` threads, each in a capped child process, and
    stores each result; refuses work beyond the queue and per-client limits. Each plan and
    leased run holds one of `slots` while it runs; a sensitivity run borrows the free ones,
    one solver run at a time (`optimizer.slots`), so that a plan arriving waits for those
    borrowed runs, not a whole run, unless sensitivity runs hold every slot themselves."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.owner = new_id("server")
        self.webhooks = Webhooks(store, settings)
        """Sends the events of the plans solved here: the app's, whose `stop` waits for
        their deliveries before the store closes."""
        self.pool = ThreadPoolExecutor(settings.solver_slots, thread_name_prefix="solve")
        self.slots = Slots(settings.solver_slots)
        self._lock = threading.Lock()
        self._clients: Counter[str] = Counter()
        self._futures: dict[str, Future[Plan]] = {}
        self._asked: dict[str, threading.Event] = {}  # a cancel for each plan solving here
        self._leased: dict[tuple[str, str], Future[object]] = {}  # (collection, id): leased runs
        self._reclaimers: dict[str, Reclaim] = {}
        self._closing = threading.Event()
        self._stopping = threading.Event()
        self._heartbeat = threading.Thread(target=self._renew, name="leases", daemon=True)

    # -- admission -------------------------------------------------------------------------

    def reserve(self, client: str) -> None:
        """Take a place in the queue for `client` (an API key or address); `submit` or
        `cancel` gives it back.

        Raises:
            Busy: the queue, or the client's share of it, is full (503 with Retry-After).
        """
        with self._lock:
            queued = sum(self._clients.values())
            if self._closing.is_set():
                raise Busy("the service is shutting down; retry on another instance", 5)
            if queued >= self.settings.queue_limit:
                msg = f"{queued} plans are queued or solving, the most this server takes"
                raise Busy(msg, 10)
            if self._clients[client] >= self.settings.per_client_limit:
                msg = (
                    f"this client has {self._clients[client]} plans queued or solving, "
                    "the most one client may have; wait for one to finish"
                )
                raise Busy(msg, 10)
            self._clients[client] += 1

    def cancel(self, client: str) -> None:
        """Give back a place `reserve` took, when nothing was submitted."""
        with self._lock:
            self._clients[client] -= 1
            if self._clients[client] <= 0:
                del self._clients[client]

    def submit(
        self, pending: Plan, catalog: Catalog, forecast: Forecast, client: str
    ) -> Future[Plan]:
        """Solve a stored `solving` plan (leased to this server) in the pool; the result
        replaces it in the store."""
        future = self.pool.submit(self._run, pending, catalog, forecast)
        with self._lock:
            self._futures[pending.id] = future
        future.add_done_callback(lambda _: self._done(pending.id, client))
        return future

    def run_leased(
        self,
        collection: str,
        doc_id: str,
        client: str,
        run: Callable[[threading.Event], object],
    ) -> Future[object]:
        """Run `run` in the pool for the `solving` document `doc_id` of `collection`, which
        is leased to this server (`owner`) as a plan is: the heartbeat renews the lease while
        it runs. `run` is handed an event set when a drain has waited `drain_s`: it then
        stops (raising `Stopped`) and the drain releases the lease; a server that stops
        without a drain lets the lease end. Either way the server that claims the document
        reruns it with the collection's reclaimer. The place `client` reserved is given back
        when it ends. It holds one of `slots` while it runs."""

        def held(stop: threading.Event) -> object:
            with self.slots.held():
                return run(stop)

        future = self.pool.submit(held, self._stopping)
        key = (collection, doc_id)
        with self._lock:
            self._leased[key] = future
        future.add_done_callback(lambda _: self._run_done(key, client))
        return future

    def leased(self, collection: str, doc_id: str) -> Future[object] | None:
        """The run of document `doc_id` of `collection` queued or running here (`run_leased`),
        done when it has stored its result or stopped; None when there is none here."""
        with self._lock:
            return self._leased.get((collection, doc_id))

    def reclaim(self, collection: str, reclaimer: Reclaim) -> None:
        """Have `recover` claim the documents of `collection` left `solving` by a server that
        stopped, and run `reclaimer` on each (`run_leased`)."""
        self._reclaimers[collection] = reclaimer

    def cancel_queued_run(
        self, collection: str, doc_id: str, cancelled: Callable[[], object]
    ) -> bool:
        """Cancel a leased run (`run_leased`) still waiting here for a slot: `cancelled` is
        called to store it so (its client's place is given back as when it ends); False when
        it is not waiting here (running: it hears of the cancel through the store)."""
        with self._lock:
            future = self._leased.get((collection, doc_id))
        if future is None or not future.cancel():
            return False
        cancelled()
        return True

    def _run_done(self, key: tuple[str, str], client: str) -> None:
        with self._lock:
            self._leased.pop(key, None)
        self.cancel(client)

    def cancel_queued(self, plan_id: str) -> None:
        """Cancel a plan still waiting here for a solve slot: stored `cancelled` at once; a
        plan solving here hears of it at once too (one solving on another server hears of
        it through the store)."""
        with self._lock:
            future = self._futures.get(plan_id)
            asked = self._asked.get(plan_id)
        if asked is not None:
            asked.set()
        if future is not None and future.cancel():
            pending = msgspec.json.decode(self.store.document("plans", plan_id), type=Plan)
            store_finished(self.store, self.webhooks, cancelled_unsolved(pending))

    def _done(self, plan_id: str, client: str) -> None:
        with self._lock:
            self._futures.pop(plan_id, None)
        self.cancel(client)

    # -- solving ---------------------------------------------------------------------------

    def _run(self, pending: Plan, catalog: Catalog, forecast: Forecast) -> Plan:
        if self._stopping.is_set():
            return pending
        job = (pending, catalog, forecast)
        asked = threading.Event()
        with self._lock:
            self._asked[pending.id] = asked
        try:
            with self.slots.held():  # at most one solver run of a sensitivity's to wait for
                return solve_and_store(
                    self.store, self.owner, job, self.settings, self._stopping, asked, self.webhooks
                )
        finally:
            with self._lock:
                self._asked.pop(pending.id, None)

    # -- leases, restarts and the drain ----------------------------------------------------

    def start(self) -> int:
        """Start renewing leases and requeue the plans no live server owns; return how many."""
        self._heartbeat.start()
        warm_up()
        return self.recover()

    def recover(self) -> int:
        """Claim plans left `solving` by a server that stopped (their lease ended) and solve
        them again (a plan interrupted `MAX_ATTEMPTS` times is failed instead), and the
        leased runs likewise (`reclaim`); return how many plans."""
        count = 0
        for claimed in self.store.claim_stale_plans(self.owner, LEASE_S):
            try:
                plan = msgspec.json.decode(claimed.doc, type=Plan)
                forecast = forecast_of(self.store, plan)
                catalog = self.store.catalog(plan.catalog_revision)
            except Exception as exc:
                log.error("plan %s cannot be requeued: %s", claimed.plan_id, exc)
                self._fail_stored(claimed.plan_id, claimed.doc, f"it cannot be requeued: {exc}")
                continue
            if claimed.attempts > MAX_ATTEMPTS:
                error = f"the service stopped {MAX_ATTEMPTS} times while solving it; POST it again"
                store_finished(self.store, self.webhooks, _failed(plan, error), owner=self.owner)
                continue
            with self._lock:
                self._clients[REQUEUED] += 1
            self.submit(plan, catalog, forecast, REQUEUED)
            count += 1
        self._recover_runs()
        return count

    def _recover_runs(self) -> None:
        """Claim the leased runs (sensitivities) left `solving` by a server that stopped and
        run them again."""
        for collection, reclaimer in self._reclaimers.items():
            for claimed in self.store.claim_stale(collection, "solving", self.owner, LEASE_S):
                log.warning("%s %s interrupted: run again", collection, claimed.plan_id)
                with self._lock:
                    self._clients[REQUEUED] += 1
                run = functools.partial(reclaimer, claimed, self.owner)
                self.run_leased(collection, claimed.plan_id, REQUEUED, run)

    def _fail_stored(self, plan_id: str, doc: bytes, why: str) -> None:
        """Store failed a plan that cannot be requeued, with its `plan.failed` event: as a
        Plan when it still reads as one, else as stored with its status and error set (its
        event then carries the id, status, error and catalog revision)."""
        raw = msgspec.json.decode(doc)
        if not isinstance(raw, dict):
            return
        raw.update(status="failed", error=f"the service restarted while solving; {why}")
        try:
            plan = msgspec.convert(raw, Plan)
        except msgspec.ValidationError:
            data = {k: raw.get(k) for k in ("id", "status", "catalog_revision", "error")}
            event = self.webhooks.event("plan.failed", data | {"id": plan_id})
            updated = msgspec.json.encode(raw)
            stored = self.store.replace_document(
                "plans", plan_id, updated, "failed", owner=self.owner, event=event
            )
            if stored:
                self.webhooks.wake()
            return
        store_finished(self.store, self.webhooks, plan, owner=self.owner)

    def _renew(self) -> None:
        """Heartbeat: renew this server's leases, and take over the plans of a server whose
        leases ended (it died) while this one runs."""
        while not self._stopping.wait(LEASE_S / 3):
            with self._lock:
                owned = list(self._futures)
                runs = list(self._leased)
            try:
                self.store.renew_leases(self.owner, owned, LEASE_S)
                for collection, doc_id in runs:
                    self.store.renew_leases(self.owner, [doc_id], LEASE_S, collection=collection)
                if not self._closing.is_set():
                    self.recover()
            except Exception:  # a closed store at exit: nothing left to renew
                log.exception("renewing leases failed")

    def shutdown(self) -> None:
        """Drain: take no new plans, cancel the queued ones, let running solves finish for up
        to `drain_s`, then stop the rest; release the leases of every plan not finished so
        that the next server to start (or one running) requeues it."""
        self._closing.set()
        with self._lock:
            running = dict(self._futures)
            runs = dict(self._leased)
        self.pool.shutdown(wait=False, cancel_futures=True)
        # A cancelled future never counts as done for wait(): wait only for started ones.
        futures: list[Future[Any]] = [*running.values(), *runs.values()]
        started = [f for f in futures if not f.cancelled()]
        done, _ = wait(started, timeout=self.settings.drain_s)
        self._stopping.set()  # solves stop at once, leased runs at their next step
        self.pool.shutdown(wait=True)
        if self._heartbeat.is_alive():  # a renewal under way would land after the release
            self._heartbeat.join(HEARTBEAT_STOP_S)
        unfinished = [i for i, f in running.items() if f.cancelled() or f not in done]
        self.store.release_leases(self.owner, unfinished)
        for (collection, doc_id), future in runs.items():
            # Queued when the drain began, or stopped by it: the next server runs it.
            if future.cancelled() or isinstance(future.exception(), Stopped):
                self.store.release_leases(self.owner, [doc_id], collection=collection)
        if unfinished:
            log.warning("%d plan(s) left for the next server: %s", len(unfinished), unfinished)


def solve_and_store(
    store: Store,
    owner: str,
    job: tuple[Plan, Catalog, Forecast],
    settings: Settings,
    stop: threading.Event,
    asked: threading.Event | None,
    webhooks: Webhooks,
) -> Plan:
    """Solve a `solving` plan in a capped child process and store the result while `owner`
    holds the plan; return it (still `solving` when `stop` was set: it is solved again).
    `asked`, when set, is a cancel taken by this process (see `PlanWatch`). The plan's event
    is stored with the plan, in its transaction, and made into deliveries by `webhooks`,
    whose owner stops them (waiting for their deliveries) before the store closes: a
    `Webhooks` made here was stopped by no one, and its delivery could write to a closed
    store (CI, session 12)."""
    pending, catalog, forecast = job
    if store.cancel_requested(pending.id):  # cancelled while it waited in the queue
        plan = cancelled_unsolved(pending)
        store_finished(store, webhooks, plan)
        return plan
    watch = PlanWatch(store, owner, pending, asked)
    solve_job = SolveJob(
        catalog=catalog,
        request=pending.request,
        forecast=forecast,
        plan_id=pending.id,
        created_at=pending.created_at,
        forecast_id=pending.forecast_id,
        memory_mb=settings.solve_memory_mb,
    )
    cap_s = cap_seconds(pending.request.options.time_limit_s)
    outcome = solve_capped(solve_job, cap_s, stop, watch)
    if outcome.kind == "stopped":
        return pending  # left solving; its lease is released and it is requeued
    if outcome.plan is not None:
        plan = checked(outcome.plan, pending)
    elif outcome.kind == "cancelled":
        plan = cancelled(watch.pending, outcome.error)
    else:
        if outcome.kind != "invalid":
            log.error("plan %s: %s", pending.id, outcome.error)
        plan = _failed(pending, outcome.error)
    if not store_finished(store, webhooks, plan, owner=owner):  # with its event (probe 17b F1)
        log.warning("plan %s was claimed by another server; result dropped", plan.id)
    return plan


def forecast_of(store: Store, plan: Plan) -> Forecast:
    """The forecast a stored plan was solved for."""
    return plan.forecast or plan.request.forecast or _stored_forecast(store, plan.forecast_id)


def _stored_forecast(store: Store, forecast_id: str | None) -> Forecast:
    """The forecast a stored forecast document holds (plans written before plans carried
    their forecast)."""
    if forecast_id is None:
        raise ValueError("the plan names no forecast")
    raw = msgspec.json.decode(store.document("forecasts", forecast_id))
    return msgspec.convert(raw["forecast"], Forecast)
