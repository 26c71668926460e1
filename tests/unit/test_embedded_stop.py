"""An embedded worker whose first cancel is swallowed below it (psycopg_pool, while
Procrastinate registers the worker) is cancelled again while it runs no job, and so stops
at once rather than after STRAGGLER_S; one running a job is left to its own stop."""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import SimpleNamespace

import pytest

from service import worker as worker_module
from service.worker import EmbeddedWorker


async def _swallows_one_cancel() -> None:
    """Runs until cancelled twice: the first cancel is caught and dropped."""
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.sleep(3600)
    await asyncio.sleep(3600)


def _embedded(busy: bool) -> EmbeddedWorker:
    embedded = EmbeddedWorker.__new__(EmbeddedWorker)
    embedded.worker = SimpleNamespace(busy=busy)  # type: ignore[assignment]
    return embedded


async def test_a_swallowed_cancel_is_made_again_while_no_job_runs() -> None:
    """The task ends within a few RECANCEL_S of the stop, not at STRAGGLER_S."""
    task = asyncio.create_task(_swallows_one_cancel())
    await asyncio.sleep(0)
    began = time.monotonic()
    await _embedded(busy=False)._cancel(task)
    assert task.cancelled()
    assert time.monotonic() - began < worker_module.STRAGGLER_S / 2


async def test_a_worker_running_a_job_is_cancelled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """While a job runs, the stop waits (at most STRAGGLER_S) for the job's own end."""
    monkeypatch.setattr(worker_module, "STRAGGLER_S", 0.15)
    task = asyncio.create_task(_swallows_one_cancel())
    await asyncio.sleep(0)
    await _embedded(busy=True)._cancel(task)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
