"""A solve's child is kept for the next plan when it answered (`service.solve_process`): it
holds the catalog it was sent last, and is sent a job without one when that catalog is still
the one asked for. Each child forked for a plan cost 0.02-0.03 CPU s beyond the solve (its
start, the 400 kB catalog read again, cold caches, its end: session 24, api24)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import msgspec
import pytest

from catalog import Catalog, default_catalog
from optimizer import Plan, PlanRequest, make_plan
from service import solve_process
from service.solve_process import Outcome, SolveJob, Tick, idle_pids, solve_capped, stop_idle
from tests.api.test_sensitivity_child import _until
from tests.bodies import QUICK
from tests.paths import EXAMPLES
from tests.slow_job import slow_job

CREATED = "2027-01-01T00:00:00Z"
BOUGHT = "onprem-gb300"
"""An offer QUICK's plan buys on the shipped catalog."""


def _job(catalog: Catalog, plan_id: str = "plan_reuse") -> SolveJob:
    request = msgspec.convert(QUICK, PlanRequest)
    assert request.forecast is not None
    return SolveJob(
        catalog=catalog,
        request=request,
        forecast=request.forecast,
        plan_id=plan_id,
        created_at=CREATED,
        forecast_id=None,
    )


def _without(catalog: Catalog, offer_id: str, revision: int) -> Catalog:
    """`catalog` less one offer, as `revision`."""
    offers = tuple(o for o in catalog.offers if o.id != offer_id)
    assert len(offers) == len(catalog.offers) - 1
    return msgspec.structs.replace(catalog, offers=offers, revision=revision)


def _solved(job: SolveJob) -> tuple[Plan, int]:
    """The plan of `job` solved in a child, and the child that solved it (kept idle)."""
    before = idle_pids()
    outcome = solve_capped(job, 60.0, threading.Event())
    assert outcome.kind == "plan" and outcome.plan is not None, outcome.error
    [child] = idle_pids() - before or idle_pids()
    return outcome.plan, child


def _here(job: SolveJob) -> Plan:
    """The plan of `job` solved in this process."""
    assert job.catalog is not None
    return make_plan(
        job.catalog, job.request, job.forecast, plan_id=job.plan_id, created_at=CREATED
    )


def _same(plan: Plan, expected: Plan) -> None:
    """The same plan but for the solver's seconds, and the warning of a slow start a child
    forked on a loaded machine may add."""

    def kept(p: Plan) -> Plan:
        warnings = tuple(w for w in p.warnings if not w.startswith("the solve started"))
        return msgspec.structs.replace(p, solver=None, warnings=warnings)

    assert kept(plan) == kept(expected)


def test_the_next_plan_is_solved_by_the_same_child_without_the_catalog_sent_again() -> None:
    """Two plans one after the other: the second is solved by the child of the first, which
    kept the catalog; the job it was sent carries none."""
    stop_idle()
    job = _job(default_catalog())
    first, child = _solved(job)
    worker = next(w for w in solve_process._idle if w.process.pid == child)
    sent = msgspec.json.decode(worker.job_bytes(job), type=SolveJob)
    assert sent.catalog is None and sent.plan_id == job.plan_id
    second, again = _solved(job)
    assert again == child
    _same(second, first)


def test_a_catalog_changed_between_plans_gives_each_plan_its_own_catalog() -> None:
    """One child, three catalogs in turn: the shipped one (revision 1), revision 2 without the
    offer the plan bought, revision 1 again, then the shipped catalog less that offer under
    the same revision 1 (equal revisions, different offers): each plan is the one solved
    here on its own catalog, and the second buys none of the dropped offer."""
    stop_idle()
    shipped = default_catalog()
    changed = _without(shipped, BOUGHT, revision=2)
    same_revision = _without(shipped, BOUGHT, revision=1)
    children = set()
    for catalog in (shipped, changed, shipped, same_revision):
        job = _job(catalog)
        plan, child = _solved(job)
        children.add(child)
        _same(plan, _here(job))
        assert plan.catalog_revision == catalog.revision
        bought = {c.offer_id for c in plan.commitments}
        assert (BOUGHT in bought) == (catalog is shipped), bought
    assert len(children) == 1


def test_a_child_that_held_a_catalog_is_sent_the_new_one_in_full() -> None:
    """A child holding revision 1 is sent revision 2 whole, and a catalog equal to the one it
    holds (another object of the same revision) without one."""
    worker = solve_process._Worker.__new__(solve_process._Worker)
    worker.held = default_catalog()
    changed = _without(default_catalog(), BOUGHT, revision=2)
    sent = msgspec.json.decode(worker.job_bytes(_job(changed)), type=SolveJob)
    assert sent.catalog == changed and worker.held is changed
    equal = msgspec.json.decode(msgspec.json.encode(changed), type=Catalog)
    assert equal is not changed
    assert msgspec.json.decode(worker.job_bytes(_job(equal)), type=SolveJob).catalog is None


def test_a_capped_solve_s_child_is_ended_and_the_next_plan_gets_a_new_one() -> None:
    """A solve stopped at its wall-clock cap: its child ended, none kept; the next plan is
    solved by a new child."""
    stop_idle()
    _solved(_job(default_catalog()))
    [kept] = idle_pids()
    outcome = solve_capped(slow_job("plan_capped"), 1.0, threading.Event())
    assert outcome.kind == "capped"
    assert idle_pids() == set()
    with pytest.raises(ProcessLookupError):
        os.kill(kept, 0)  # the capped solve took the kept child, and it was ended
    _plan, child = _solved(_job(default_catalog()))
    assert child != kept


class _Cancel:
    """Cancels the solve at its first tick."""

    def __init__(self) -> None:
        self.ticked = threading.Event()

    def tick(self, tick: Tick) -> None:
        self.ticked.set()

    def cancelled(self) -> bool:
        return self.ticked.is_set()


def test_a_cancelled_solve_s_child_is_not_kept() -> None:
    """A solve cancelled while it runs answers with what it found, and its child is ended
    (a cancel it has not read could reach the next plan)."""
    stop_idle()
    outcome = solve_capped(slow_job("plan_cancel"), 60.0, threading.Event(), _Cancel())
    assert outcome.kind in ("plan", "cancelled"), outcome.error
    assert idle_pids() == set()


def test_a_child_that_died_while_idle_is_replaced() -> None:
    """A kept child killed while it waits (a signal to the process group): the next plan is
    solved by a new child, not failed."""
    stop_idle()
    _solved(_job(default_catalog()))
    [kept] = idle_pids()
    os.kill(kept, signal.SIGKILL)
    _until(lambda: not any(w.process.is_alive() for w in solve_process._idle))
    plan, child = _solved(_job(default_catalog()))
    assert child != kept and plan.status == "optimal"


MB = 1024 * 1024


def test_a_child_near_its_memory_cap_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under a 1,000 MB cap, a child started at 200 MB: one whose peak reached `MEMORY_SHARE`
    of the cap takes no other plan (a later failure would be put down to the cap), nor one
    whose address space leaves less than `KEEP_ROOM` of the 800 MB a new child has; below
    both, or without a cap, it does."""
    monkeypatch.setattr(solve_process, "_resident_bytes", lambda: 100 * MB)
    monkeypatch.setattr(solve_process, "_size_bytes", lambda: 200 * MB)
    share = int(solve_process.MEMORY_SHARE * 1000 * MB)
    monkeypatch.setattr(solve_process, "_peak_bytes", lambda: share)
    assert not solve_process._fit(1000, 1, 200 * MB)
    monkeypatch.setattr(solve_process, "_peak_bytes", lambda: share - 1)
    assert solve_process._fit(1000, 1, 200 * MB) and solve_process._fit(0, 1, 200 * MB)
    room = int(solve_process.KEEP_ROOM * 800 * MB)
    monkeypatch.setattr(solve_process, "_size_bytes", lambda: 1000 * MB - room)
    assert solve_process._fit(1000, 1, 200 * MB)
    monkeypatch.setattr(solve_process, "_size_bytes", lambda: 1000 * MB - room + 1)
    assert not solve_process._fit(1000, 1, 200 * MB) and solve_process._fit(0, 1, 200 * MB)


def test_a_child_holding_much_memory_or_old_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child holding over `KEEP_RESIDENT_MB` after a plan (a large plan's memory), or that
    answered `KEEP_PLANS` plans, ends rather than wait for the next."""
    keep = solve_process.KEEP_RESIDENT_MB * MB
    monkeypatch.setattr(solve_process, "_resident_bytes", lambda: keep + 1)
    assert not solve_process._fit(0, 1, None)
    monkeypatch.setattr(solve_process, "_resident_bytes", lambda: keep)
    assert solve_process._fit(0, solve_process.KEEP_PLANS - 1, None)
    assert not solve_process._fit(0, solve_process.KEEP_PLANS, None)


def test_a_capped_child_that_answered_is_kept() -> None:
    """Under a 2,000 MB cap (TOKENPLAN_SOLVE_MEMORY_MB) the child of a small plan is kept for
    the next: the cap's checks do not fork a child per plan again."""
    stop_idle()
    job = msgspec.structs.replace(_job(default_catalog()), memory_mb=2000)
    _plan, child = _solved(job)
    _plan, again = _solved(job)
    assert again == child


def test_a_kept_child_holds_less_than_its_resident_bound() -> None:
    """The power-capped example's child holds well under `KEEP_RESIDENT_MB` once it has
    answered: it is kept (a bound too low would fork a child per plan again)."""
    stop_idle()
    body = msgspec.json.decode((EXAMPLES / "growing-power-capped.json").read_bytes())
    job = msgspec.structs.replace(
        _job(default_catalog()), request=msgspec.convert(body, PlanRequest)
    )
    assert job.request.forecast is not None
    job = msgspec.structs.replace(job, forecast=job.request.forecast)
    _plan, child = _solved(job)
    resident_kb = next(
        int(line.split()[1])
        for line in Path(f"/proc/{child}/status").read_text().splitlines()
        if line.startswith("VmRSS:")
    )
    assert resident_kb < solve_process.KEEP_RESIDENT_MB * 1024 / 2, resident_kb


def test_a_failed_plan_s_child_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child's answer says whether it takes another plan: a plan or an invalid input
    yes, a crash no, and then it ends."""
    receive, send = solve_process.CONTEXT.Pipe(duplex=True)

    def crashing(*_: object, **__: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(solve_process, "make_plan", crashing)
    monkeypatch.setattr(solve_process, "ignore_group_signals", lambda: None)
    monkeypatch.setattr(solve_process, "_group_signals_default", lambda: None)
    serving = threading.Thread(target=solve_process._serve, args=(send, 0))
    serving.start()
    receive.send_bytes(msgspec.json.encode(_job(default_catalog())))
    outcome = msgspec.json.decode(receive.recv_bytes(), type=Outcome)
    serving.join(30)
    assert outcome.kind == "crashed" and not outcome.fit and not serving.is_alive()


def test_a_process_with_an_idle_child_exits() -> None:
    """A process that solved a plan (its child kept) exits at once: multiprocessing's exit,
    which waits for its children, found one ignoring SIGTERM."""
    code = (
        "import threading; from tests.api.test_solve_reuse import _job; "
        "from catalog import default_catalog; from service.solve_process import solve_capped; "
        "o = solve_capped(_job(default_catalog()), 60.0, threading.Event()); "
        "assert o.kind == 'plan', o"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
